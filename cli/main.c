/*
 * main.c - the spamcls command: global options and the subcommand table.
 * Each subcommand lives in its own cmd_*.c and returns an exit code.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
  {"score", cmd_score, "score comments, one result line each"},
  {"train", cmd_train, "train a model from labeled comments"},
  {"learn", cmd_learn, "learn a moderator's corrections into a site model"},
  {"features", cmd_features, "print each comment's features (debug view)"},
  {"info", cmd_info, "print a model's card"},
  {"extract", cmd_extract, "print the reader comments found in archived pages"},
  {"moderate", cmd_moderate, "moderate archived pages: report, cleaned copies"},
  {"merge", cmd_merge, "join the reports of moderate --shard runs"},
  {"eval", cmd_eval, "measure accuracy on labeled comments, or cross-validate"},
};

static void usage(FILE *fp)
{
  fputs("Usage: spamcls COMMAND [OPTIONS] [FILE...]\n"
        "Classify reader comments as spam or ham.\n\n"
        "Commands:\n", fp);
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fputs("\n'spamcls COMMAND --help' describes a command.\n"
        "  -h, --help     show this help\n"
        "  -V, --version  show the version\n"
        "\nExit codes: 0 ok; 1 spam found (--exit-status only); 2 usage;\n"
        "3 input error; 4 model error; 5 output error; 6 training error;\n"
        "7 out of memory.\n", fp);
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
    usage(stdout);
    return cli_finish_stdout();
  }
  if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
    printf("spamcls %s (feature pipeline %u)\n", SPAMCLS_VERSION,
           (unsigned)spamcls_pipeline_version());
    return cli_finish_stdout();
  }
  /* "spamcls help score" is "spamcls score --help". */
  if (!strcmp(name, "help")) {
    if (argc < 3) {
      usage(stdout);
      return cli_finish_stdout();
    }
    name = argv[1] = argv[2];
    argv[2] = "--help";
    argc = 3;
  }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(name, commands[i].name))
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "spamcls: unknown command '%s'\nTry 'spamcls --help'.\n",
          name);
  return EXIT_USAGE;
}
