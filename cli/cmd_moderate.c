/*
 * cmd_moderate.c - "spamcls moderate": moderate a tree of archived pages
 * into OUTDIR (report, cleaned copies, summary, review page), resumable,
 * in threads, or one shard of it; or, with --stream, pages or comments
 * from standard input to records on standard output.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "moderate_out.h"
#include "options.h"
#include "run.h"

static const char moderate_help[] =
    "Usage: spamcls moderate [OPTIONS] -o OUTDIR PATH...\n"
    "       spamcls moderate [OPTIONS] --stream < records.jsonl\n"
    "Moderate archived pages (HTML or text dumps): every reader comment is\n"
    "extracted and scored. Folders are walked recursively (hidden files\n"
    "skipped); inputs are never modified. OUTDIR receives report.jsonl (one\n"
    "record per comment), pages.jsonl (one per page), summary.json,\n"
    "report.html (a review page) and clean/ (each page with its spam\n"
    "comments cut out, every other byte unchanged). An interrupted run\n"
    "resumes where it stopped when run again with the same arguments.\n"
    "Web archives (.warc, .warc.gz) are read record by record: each HTML\n"
    "response or resource is a page named by its URI and record id, and\n"
    "clean/NAME.warc.gz gets a conversion record for each page that lost\n"
    "spam.\n\n"
    "  -m, --model FILE        model (default: $SPAMCLS_MODEL or the shipped one)\n"
    "  -o, --output-dir DIR    where the results go (not inside an input)\n"
    "      --spam-threshold P  spam probability threshold (default: the model's)\n"
    "      --unsure-margin M   unsure band half-width (default: the model's)\n"
    "      --explain N         features kept per comment (default 5)\n"
    "  -j, --jobs N            worker threads (default: all cores)\n"
    "      --shard K/N         only pages K, K+N, K+2N... of the walk (K from 0)\n"
    "      --fresh             start over instead of resuming\n"
    "      --progress, --no-progress  progress bar (default: on a terminal)\n"
    "      --kind K            auto (default), html or text\n"
    "      --max-page BYTES    skip pages larger than this (default 16 MiB)\n"
    "      --max-record BYTES  judge longer comments on their first BYTES\n"
    "                          (default 64 KiB; with --stream, longer\n"
    "                          comment records are skipped)\n"
    "      --html-pages N      pages shown in report.html, the most uncertain\n"
    "                          first (default 2000; 0: all)\n"
    "      --stream            read JSON lines on stdin, each a page\n"
    "                          {\"page\":NAME,\"content\":TEXT} or a comment\n"
    "                          {\"text\":...,\"author\":...}; write records\n"
    "  -h, --help              show this help\n"
    "Exit: 0 ok; 2 usage; 3 some input skipped or malformed (the rest was\n"
    "done); 4 model; 5 output could not be written; 7 out of memory.\n";

enum {
  OPT_SPAM_THRESHOLD = 3000, OPT_UNSURE_MARGIN, OPT_M_EXPLAIN, OPT_SHARD,
  OPT_FRESH, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_M_KIND, OPT_M_MAX_PAGE,
  OPT_STREAM, OPT_HTML_PAGES, OPT_M_MAX_RECORD
};

static const struct option moderate_longopts[] = {
  {"model", required_argument, NULL, 'm'},
  {"output-dir", required_argument, NULL, 'o'},
  {"spam-threshold", required_argument, NULL, OPT_SPAM_THRESHOLD},
  {"threshold", required_argument, NULL, OPT_SPAM_THRESHOLD},
  {"unsure-margin", required_argument, NULL, OPT_UNSURE_MARGIN},
  {"explain", required_argument, NULL, OPT_M_EXPLAIN},
  {"jobs", required_argument, NULL, 'j'},
  {"shard", required_argument, NULL, OPT_SHARD},
  {"fresh", no_argument, NULL, OPT_FRESH},
  {"progress", no_argument, NULL, OPT_PROGRESS},
  {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
  {"kind", required_argument, NULL, OPT_M_KIND},
  {"max-page", required_argument, NULL, OPT_M_MAX_PAGE},
  {"max-record", required_argument, NULL, OPT_M_MAX_RECORD},
  {"stream", no_argument, NULL, OPT_STREAM},
  {"html-pages", required_argument, NULL, OPT_HTML_PAGES},
  {"help", no_argument, NULL, 'h'},
  {NULL, 0, NULL, 0}
};

static int parse_shard(const char *s, unsigned long *k, unsigned long *n)
{
  char *end;
  errno = 0;
  unsigned long a = strtoul(s, &end, 10);
  if (errno || end == s || *end != '/' || *s == '-')
    return -1;
  const char *t = end + 1;
  unsigned long b = strtoul(t, &end, 10);
  if (errno || end == t || *end || *t == '-' || b == 0 || b > 1000000 || a >= b)
    return -1;
  *k = a;
  *n = b;
  return 0;
}

/* 0: go on; -1: help shown; else an exit code. */
static int parse(int argc, char **argv, sc_mod_opts *o, int *stream)
{
  int c;
  unsigned long v;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":m:o:j:h", moderate_longopts, NULL)) != -1) {
    switch (c) {
    case 'm': o->model = optarg; break;
    case 'o': o->outdir = optarg; break;
    case OPT_SPAM_THRESHOLD:
      if (cli_parse_double("moderate", "--spam-threshold", optarg, 0, 1, &o->threshold) < 0)
        return EXIT_USAGE;
      break;
    case OPT_UNSURE_MARGIN:
      if (cli_parse_double("moderate", "--unsure-margin", optarg, 0, 0.5, &o->margin) < 0)
        return EXIT_USAGE;
      break;
    case OPT_M_EXPLAIN:
      if (cli_parse_uint("moderate", "--explain", optarg, 0, 100, &o->explain) < 0)
        return EXIT_USAGE;
      break;
    case 'j':
      if (cli_parse_uint("moderate", "--jobs", optarg, 1, 1024, &o->jobs) < 0)
        return EXIT_USAGE;
      break;
    case OPT_SHARD:
      if (parse_shard(optarg, &o->shard_k, &o->shard_n) < 0)
        return cli_usage_error("moderate", "--shard expects K/N with 0 <= K < N, "
                               "not '%s'", optarg);
      break;
    case OPT_FRESH: o->fresh = 1; break;
    case OPT_PROGRESS: o->progress = 1; break;
    case OPT_NO_PROGRESS: o->progress = 0; break;
    case OPT_M_KIND:
      if (cli_parse_page_kind("moderate", optarg, &o->kind))
        return EXIT_USAGE;
      break;
    case OPT_M_MAX_PAGE:
      if (cli_parse_uint("moderate", "--max-page", optarg, 1,
                         (unsigned long)1 << 31, &v) < 0)
        return EXIT_USAGE;
      o->max_page = v;
      break;
    case OPT_M_MAX_RECORD:
      if (cli_parse_uint("moderate", "--max-record", optarg, 1,
                         (unsigned long)1 << 30, &v) < 0)
        return EXIT_USAGE;
      o->max_record = v;
      break;
    case OPT_STREAM: *stream = 1; break;
    case OPT_HTML_PAGES:
      if (cli_parse_uint("moderate", "--html-pages", optarg, 0, ULONG_MAX / 2,
                         &o->html_pages) < 0)
        return EXIT_USAGE;
      break;
    case 'h':
      fputs(moderate_help, stdout);
      return cli_finish_stdout() == EXIT_OK ? -1 : EXIT_OUTPUT;
    case ':':
      return cli_usage_error("moderate", "option '%s' needs a value", argv[optind - 1]);
    default:
      return cli_usage_error("moderate", "unknown option '%s'", argv[optind - 1]);
    }
  }
  return 0;
}

int cmd_moderate(int argc, char **argv)
{
  sc_mod_opts o = {.threshold = -1, .margin = -1, .explain = 5, .jobs = 0,
                .shard_k = 0, .shard_n = 1, .kind = SPAMCLS_PAGE_AUTO,
                .max_page = SC_PAGE_DEFAULT_MAX,
                .max_record = SC_MOD_DEFAULT_MAX_RECORD, .progress = -1,
                .html_pages = SC_REVIEW_DEFAULT_PAGES};
  int stream = 0;
  int rc = parse(argc, argv, &o, &stream);
  if (rc)
    return rc < 0 ? EXIT_OK : rc;
  if (o.progress < 0)
    o.progress = isatty(STDERR_FILENO);
  if (!stream && !o.outdir)
    return cli_usage_error("moderate", "no output folder (-o OUTDIR)");
  if (!stream && optind == argc)
    return cli_usage_error("moderate", "no page or folder given");
  if (stream && optind != argc)
    return cli_usage_error("moderate", "--stream reads standard input, not '%s'",
                           argv[optind]);
  if (!o.model)
    o.model = cli_default_model();
  spamcls_model *model;
  if ((rc = cli_load_model(o.model, &model)))
    return rc;
  if (stream) {
    sc_outcome r = sc_mod_stream(&o, model, stdin, stdout, &cli_run_events);
    rc = cli_exit_for_run("moderate", r);
    int out = cli_finish_stdout();
    spamcls_model_free(model);
    return out != EXIT_OK ? out : rc;
  }
  sc_mod_counts counts;
  int summarized;
  sc_outcome r = sc_mod_moderate(&o, model, argv + optind, argc - optind,
                                 &cli_run_events, &counts, &summarized);
  rc = cli_exit_for_run("moderate", r);
  if (summarized)
    cli_summary_print(&counts, o.outdir);
  spamcls_model_free(model);
  return rc;
}
