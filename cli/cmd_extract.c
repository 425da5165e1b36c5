/*
 * cmd_extract.c - "spamcls extract": the reader comments of archived
 * pages, one JSON line each, in page order.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "report.h"
#include "page_read.h"
#include "warc_input.h"
#include "util.h"

static const char extract_help[] =
    "Usage: spamcls extract [OPTIONS] PAGE...\n"
    "Print every reader comment found in archived pages (HTML or text\n"
    "dumps) as JSON lines: page, index, author, author_url (when known),\n"
    "date, body, the comment's byte range [start, end) in the page, and\n"
    "the markup it was found in. '-' reads a page from standard input.\n"
    "A web archive (.warc, .warc.gz) gives the pages of its HTML response\n"
    "and resource records, each named by its URI, with its record's id and\n"
    "offset (warc, record_id, record_offset).\n\n"
    "      --kind K        auto (default), html or text\n"
    "      --max-page BYTES  skip pages larger than this (default 16 MiB)\n"
    "  -h, --help          show this help\n";

enum { OPT_KIND = 2000, OPT_MAX_PAGE };

static const struct option extract_longopts[] = {
  {"kind", required_argument, NULL, OPT_KIND},
  {"max-page", required_argument, NULL, OPT_MAX_PAGE},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0}
};

int cli_parse_page_kind(const char *cmd, const char *s, spamcls_page_kind *k)
{
  if (!strcmp(s, "auto")) *k = SPAMCLS_PAGE_AUTO;
  else if (!strcmp(s, "html")) *k = SPAMCLS_PAGE_HTML;
  else if (!strcmp(s, "text")) *k = SPAMCLS_PAGE_TEXT;
  else return cli_usage_error(cmd, "unknown page kind '%s' (auto, html, text)", s);
  return 0;
}

static void print_comment(const char *page, size_t i,
                          const spamcls_page_comment *c, const char *markup,
                          const char *fields)
{
  putchar('{');
  sc_report_comment_head(stdout, page, i + 1, c);
  fputs(",\"body\":", stdout);
  sc_json_string(stdout, c->body, c->body_len);
  printf(",\"start\":%zu,\"end\":%zu,\"removable\":%s,\"markup\":\"%s\"%s}\n",
         c->start, c->end, c->removable ? "true" : "false", markup,
         fields ? fields : "");
}

/* Extracts the comments of data[0..len) and prints them as page's, with
 * fields added (NULL: none); the exit code it earns. */
static int extract_data(const char *path, const char *data, size_t len,
                        spamcls_page_kind kind, const char *charset,
                        const char *fields)
{
  spamcls_page *p;
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_page_extract_charset(data, len, kind, charset,
                                                   &p, &err);
  if (st != SPAMCLS_OK) {
    cli_error("%s: %s", path, err.msg);
    return cli_exit_for(st);
  }
  if (spamcls_page_capped_elements(p))
    cli_warn("%s: %u elements with more than %d attributes: the rest of "
             "their attributes were not read", path,
             spamcls_page_capped_elements(p), SPAMCLS_PAGE_MAX_ATTRS);
  if (spamcls_page_charset_ignored(p))
    cli_warn("%s: declares charset %s, but its bytes are UTF-8: read as "
             "UTF-8", path, spamcls_page_charset_ignored(p));
  if (spamcls_page_invalid_utf8(p))
    cli_warn("%s: %u invalid UTF-8 sequences replaced by U+FFFD", path,
             spamcls_page_invalid_utf8(p));
  for (size_t i = 0; i < spamcls_page_count(p); i++)
    print_comment(path, i, spamcls_page_get(p, i), spamcls_page_markup(p),
                  fields);
  spamcls_page_free(p);
  return EXIT_OK;
}

/* Extracts one page; returns the exit code it earns (0, 3 or 7). */
static int extract_one(const char *path, spamcls_page_kind kind, size_t max)
{
  char *data;
  size_t len;
  char msg[1024];
  sc_page_skip why = sc_page_read(path, max, &data, &len, NULL, msg, sizeof msg);
  if (why != SC_PAGE_OK) {
    cli_error("%s (skipped)", msg);
    return why == SC_PAGE_NOMEM ? EXIT_NOMEM : EXIT_INPUT;
  }
  if (sc_page_is_binary(data, len)) {
    cli_error("%s: binary data, not a page (skipped)", path);
    free(data);
    return EXIT_INPUT;
  }
  int rc = extract_data(path, data, len, sc_page_kind_for(path, kind), NULL, NULL);
  free(data);
  return rc;
}

/* ---------------------------------------------------------------- archives */

typedef struct archive_run {
  spamcls_page_kind kind;
  size_t max;
  int rc;
} archive_run;

static int extract_record(void *ctx, const sc_warc_item *it)
{
  archive_run *a = ctx;
  sc_warc_job *w = sc_warc_job_new(it);
  char *fields = w ? sc_report_origin(w->warc, w->record_id, w->offset) : NULL;
  if (!fields) {
    sc_warc_job_free(w);
    cli_error("%s: out of memory", it->warc);
    a->rc = EXIT_NOMEM;
    return 1;
  }
  sc_buf page = {0};
  char charset[64], ctype[256], msg[1200];
  sc_page_skip why = sc_warc_job_page(w, a->max, &page, charset, sizeof charset,
                                      ctype, sizeof ctype, msg, sizeof msg);
  int r;
  if (why != SC_PAGE_OK) {
    cli_error("%s (skipped)", msg);
    r = why == SC_PAGE_NOMEM ? EXIT_NOMEM : EXIT_INPUT;
  } else {
    spamcls_page_kind kind = a->kind == SPAMCLS_PAGE_AUTO ? SPAMCLS_PAGE_HTML
                                                         : a->kind;
    r = extract_data(w->uri[0] ? w->uri : w->record_id,
                     page.data ? page.data : "", page.len, kind, charset,
                     fields);
  }
  sc_buf_free(&page);
  free(fields);
  sc_warc_job_free(w);
  if (r > a->rc)
    a->rc = r;
  return r == EXIT_NOMEM || ferror(stdout);
}

/* Every HTML page of a web archive; the exit code it earns. */
static int extract_archive(const char *path, spamcls_page_kind kind,
                           size_t max)
{
  archive_run a = {kind, max, EXIT_OK};
  sc_warc_tally t;
  sc_warc_each(path, max, extract_record, &a, &t);
  if (t.error[0]) {
    cli_error("%s (the rest of the archive is skipped)", t.error);
    if (a.rc < EXIT_INPUT)
      a.rc = EXIT_INPUT;
  }
  cli_line("extract: ", "%s: %lu records, %lu HTML pages, %lu other records "
           "skipped", path, t.records, t.pages, t.other);
  return a.rc;
}

int cmd_extract(int argc, char **argv)
{
  spamcls_page_kind kind = SPAMCLS_PAGE_AUTO;
  unsigned long max = SC_PAGE_DEFAULT_MAX;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":h", extract_longopts, NULL)) != -1) {
    switch (c) {
    case OPT_KIND:
      if (cli_parse_page_kind("extract", optarg, &kind))
        return EXIT_USAGE;
      break;
    case OPT_MAX_PAGE:
      if (cli_parse_uint("extract", "--max-page", optarg, 1,
                         (unsigned long)1 << 31, &max) < 0)
        return EXIT_USAGE;
      break;
    case 'h':
      fputs(extract_help, stdout);
      return cli_finish_stdout();
    case ':':
      return cli_usage_error("extract", "option '%s' needs a value", argv[optind - 1]);
    default:
      return cli_usage_error("extract", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind == argc)
    return cli_usage_error("extract", "no page given");
  int rc = EXIT_OK;
  for (int i = optind; i < argc; i++) {
    int r = sc_warc_is_archive(argv[i]) ? extract_archive(argv[i], kind, max)
                                     : extract_one(argv[i], kind, max);
    if (r > rc)
      rc = r;
    if (r == EXIT_NOMEM || ferror(stdout))
      break;
  }
  int out = cli_finish_stdout();
  return out != EXIT_OK ? out : rc;
}
