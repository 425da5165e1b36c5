/*
 * cmd_merge.c - "spamcls merge": join the outputs of moderate --shard K/N
 * runs into the output a single run would have written (sc_mod_merge).
 */
#include <limits.h>
#include <stdio.h>

#include "cli.h"
#include "moderate_out.h"
#include "options.h"
#include "run.h"

static const char merge_help[] =
    "Usage: spamcls merge -o OUTDIR SHARDDIR...\n"
    "Join the output folders of 'spamcls moderate --shard K/N' runs (all N\n"
    "of them, finished) into OUTDIR, equal to what one run over the whole\n"
    "input writes: report.jsonl, pages.jsonl, summary.json, report.html and\n"
    "clean/.\n\n"
    "  -o, --output-dir DIR  where the merged results go\n"
    "      --html-pages N    pages shown in report.html (default 2000; 0: all)\n"
    "  -h, --help            show this help\n";

static const struct option merge_longopts[] = {
  {"output-dir", required_argument, NULL, 'o'},
  {"html-pages", required_argument, NULL, 'p'},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0}
};

int cmd_merge(int argc, char **argv)
{
  const char *outdir = NULL;
  unsigned long html_pages = SC_REVIEW_DEFAULT_PAGES;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":o:h", merge_longopts, NULL)) != -1) {
    switch (c) {
    case 'o': outdir = optarg; break;
    case 'p':
      if (cli_parse_uint("merge", "--html-pages", optarg, 0, ULONG_MAX / 2,
                         &html_pages) < 0)
        return EXIT_USAGE;
      break;
    case 'h':
      fputs(merge_help, stdout);
      return cli_finish_stdout();
    case ':':
      return cli_usage_error("merge", "option '%s' needs a value", argv[optind - 1]);
    default:
      return cli_usage_error("merge", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (!outdir)
    return cli_usage_error("merge", "no output folder (-o OUTDIR)");
  if (optind == argc)
    return cli_usage_error("merge", "no shard folder given");
  sc_mod_counts counts;
  int summarized;
  sc_outcome r = sc_mod_merge(outdir, argv + optind, argc - optind, html_pages,
                              &cli_run_events, &counts, &summarized);
  int rc = cli_exit_for_run("merge", r);
  if (summarized)
    cli_summary_print(&counts, outdir);
  return rc;
}
