/* common.c - what several subcommands share: the default model and the
 * input options. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"

/* $SPAMCLS_MODEL, else: a binary inside the build tree uses the model of
 * its source tree, so a build works before (and without) installing; an
 * installed one uses the installed model (spamcls_model_default_path). */
const char *cli_default_model(void)
{
  const char *env = getenv("SPAMCLS_MODEL");
  if (env && *env)
    return env;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    size_t blen = strlen(SPAMCLS_BUILD_DIR);
    if (strncmp(exe, SPAMCLS_BUILD_DIR, blen) == 0 && exe[blen] == '/')
      return SPAMCLS_BUILD_MODEL_DIR "/default.model";
  }
  return spamcls_model_default_path();
}

int cli_special_file(const char *path)
{
  struct stat sb;
  if (!strcmp(path, "-") || sc_path_is_shell_pipe(path) || stat(path, &sb) != 0)
    return 0;
  return !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode);
}

int cli_load_model(const char *path, spamcls_model **out)
{
  if (cli_special_file(path)) {
    cli_error("%s: not a regular file (a FIFO or a device given by name is "
              "refused: it would wait for a writer)", path);
    return EXIT_MODEL;
  }
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_model_load(path, out, &err);
  if (st != SPAMCLS_OK) {
    cli_error("%s", err.msg[0] ? err.msg : spamcls_strerror(st));
    return st == SPAMCLS_ERR_NOMEM ? EXIT_NOMEM : EXIT_MODEL;
  }
  return EXIT_OK;
}

int cli_input_option(const char *cmd, int opt, const char *arg,
                     cli_input_opts *io)
{
  spamcls_reader_options *ro = &io->ro;
  unsigned long v;
  switch (opt) {
  case OPT_FORMAT:
    ro->format = spamcls_format_parse(arg);
    if (ro->format == SPAMCLS_FORMAT_AUTO && strcmp(arg, "auto") != 0) {
      cli_usage_error(cmd, "unknown format '%s' (plain, tsv, csv, jsonl)", arg);
      return -1;
    }
    return 1;
  case OPT_TEXT_COL: ro->text_field = arg; return 1;
  case OPT_LABEL_COL: ro->label_field = arg; return 1;
  case OPT_ID_COL: ro->id_field = arg; return 1;
  case OPT_AUTHOR_COL: ro->author_field = arg; return 1;
  case OPT_AUTHOR_URL_COL: ro->author_url_field = arg; return 1;
  case OPT_GROUP_COL: ro->group_field = arg; return 1;
  case OPT_MAX_RECORD:
    if (cli_parse_uint(cmd, "--max-record", arg, 1, (unsigned long)1 << 30,
                       &v) < 0)
      return -1;
    ro->max_record = v;
    return 1;
  default:
    return 0;
  }
}
