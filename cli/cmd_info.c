/* cmd_info.c - "spamcls info": a model's card. */
#include <string.h>

#include "cli.h"

int cmd_info(int argc, char **argv)
{
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs("Usage: spamcls info [MODEL]\n"
            "Print the model's card: its settings, calibration, thresholds\n"
            "and a summary of its training data (default: the shipped model).\n",
            stdout);
      return cli_finish_stdout();
    }
    if (argv[i][0] == '-' && argv[i][1])
      return cli_usage_error("info", "unknown option '%s'", argv[i]);
    if (path)
      return cli_usage_error("info", "one model at a time");
    path = argv[i];
  }
  if (!path)
    path = cli_default_model();
  spamcls_model *m;
  int rc = cli_load_model(path, &m);
  if (rc)
    return rc;
  printf("model %s\n%s", path, spamcls_model_card(m));
  spamcls_model_free(m);
  return cli_finish_stdout();
}
