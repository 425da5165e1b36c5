/*
 * records.c - the one loop over an input's records that score, train,
 * features and eval share: open, read to the end, report a malformed or
 * oversized record and go on, stop on an unreadable file or a read error.
 */
#include "cli.h"

int cli_each_record(const char *path, const spamcls_reader_options *ro,
                    cli_record_fn fn, void *ctx)
{
  return cli_each_record_streaming(path, ro, fn, ctx, NULL, NULL);
}

int cli_each_record_streaming(const char *path,
                              const spamcls_reader_options *ro,
                              cli_record_fn fn, void *ctx,
                              void (*on_wait)(void *), void *wctx)
{
  if (cli_special_file(path)) {
    cli_error("%s: not a regular file (a FIFO or a device given by name is "
              "refused: it would wait for a writer)", path);
    return EXIT_INPUT;
  }
  spamcls_reader *rd;
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_reader_open(path, ro, &rd, &err);
  if (st != SPAMCLS_OK) {
    cli_error("%s", err.msg);
    return cli_exit_for(st);
  }
  spamcls_reader_on_wait(rd, on_wait, wctx);
  int rc = EXIT_OK;
  spamcls_comment c;
  while ((st = spamcls_reader_next(rd, &c, &err)) != SPAMCLS_EOF) {
    if (st == SPAMCLS_ERR_FORMAT || st == SPAMCLS_ERR_LIMIT) {
      cli_warn("%s (skipped)", err.msg);
      rc = EXIT_INPUT;
      continue;
    }
    if (st != SPAMCLS_OK) {
      cli_error("%s", err.msg);
      rc = cli_exit_for(st);
      break;
    }
    int r = fn(ctx, path, &c);
    if (r != EXIT_OK) {
      rc = r;
      break;
    }
  }
  spamcls_reader_close(rd);
  return rc;
}
