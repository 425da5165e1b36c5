/*
 * cmd_moderate.c - "spamcls moderate": moderate a tree of archived pages
 * into OUTDIR (report, cleaned copies, summary, review page), resumable,
 * in threads, or one shard of it; or, with --stream, pages or comments
 * from standard input to records on standard output.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "moderate_out.h"
#include "run.h"
#include "page_records.h"
#include "options.h"
#include "util.h"

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

/* ---------------------------------------------------------------- stream */

static int stream_comment(sc_mod_scorer *ms, json_t *o, unsigned long lineno)
{
  spamcls_comment c;
  memset(&c, 0, sizeof c);
  const char *text = json_string_value(json_object_get(o, "text"));
  if (!text)
    text = json_string_value(json_object_get(o, "body"));
  c.text = text;
  c.text_len = strlen(text);
  const char *author = json_string_value(json_object_get(o, "author"));
  const char *url = json_string_value(json_object_get(o, "author_url"));
  c.author = author;
  c.author_len = author ? strlen(author) : 0;
  c.author_url = url;
  c.author_url_len = url ? strlen(url) : 0;
  c.label = SPAMCLS_LABEL_NONE;
  c.source = "-";
  c.line = lineno;
  spamcls_result r;
  size_t nwhy = 0;
  spamcls_status st = ms->explain
                          ? spamcls_explain(ms->s, &c, &r, ms->why, ms->explain, &nwhy)
                          : spamcls_score(ms->s, &c, &r);
  if (st != SPAMCLS_OK)
    return cli_exit_for(st);
  json_t *id = json_object_get(o, "id");
  fputs("{", stdout);
  if (json_is_string(id)) {
    fputs("\"id\":", stdout);
    sc_json_string(stdout, json_string_value(id), strlen(json_string_value(id)));
  } else if (json_is_integer(id)) {
    printf("\"id\":%lld", (long long)json_integer_value(id));
  } else {
    printf("\"id\":%lu", lineno);
  }
  printf(",\"verdict\":\"%s\",\"score\":%.6f,\"probability\":%.6f,\"features\":[",
         spamcls_verdict_name(r.verdict), r.score, r.probability);
  for (size_t k = 0; k < nwhy; k++) {
    fputs(k ? ",{\"name\":" : "{\"name\":", stdout);
    sc_json_string(stdout, ms->why[k].name, strlen(ms->why[k].name));
    printf(",\"weight\":%.6f}", ms->why[k].weight);
  }
  fputs("]}\n", stdout);
  return EXIT_OK;
}

/* Reads one line of fp (newline dropped) into *buf, keeping at most max
 * bytes: a longer line is read to its end and dropped (*too_long set).
 * Memory stays within max whatever the input. -1 at the end of input. */
static ssize_t read_line(FILE *fp, char **buf, size_t *cap, size_t max,
                         int *too_long)
{
  size_t n = 0;
  int c, any = 0;
  *too_long = 0;
  while ((c = getc_unlocked(fp)) != EOF) {
    any = 1;
    if (c == '\n')
      break;
    if (*too_long)
      continue;
    if (n == max) {
      *too_long = 1;
      continue;
    }
    if (n + 1 >= *cap) {
      size_t want = *cap ? *cap * 2 : 65536;
      if (want > max + 1)
        want = max + 1;
      char *b = realloc(*buf, want);
      if (!b)
        return -2;
      *buf = b;
      *cap = want;
    }
    (*buf)[n++] = (char)c;
  }
  if (!any)
    return -1;
  if (*too_long)
    return 0;
  while (n && (*buf)[n - 1] == '\r')
    n--;
  if (*buf)
    (*buf)[n] = '\0';
  return (ssize_t)n;
}

static int run_stream(const sc_mod_opts *o, const spamcls_model *model)
{
  sc_mod_scorer ms;
  int e = sc_mod_scorer_init(&ms, model, o->threshold, o->margin, o->explain);
  ms.max_record = o->max_record;
  if (e) {
    sc_mod_scorer_free(&ms);
    return e == -1 ? (cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM)), EXIT_NOMEM)
                   : cli_usage_error("moderate", "threshold and margin must keep "
                                     "the band inside 0..1");
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  unsigned long lineno = 0;
  int rc = EXIT_OK, too_long;
  /* A page of --max-page bytes takes up to twice that as a JSON string
   * (quotes and newlines escaped); longer lines are not kept. */
  size_t line_max = o->max_page * 2 + ((size_t)1 << 20);
  while ((n = read_line(stdin, &line, &cap, line_max, &too_long)) >= 0) {
    lineno++;
    size_t len = (size_t)n;
    if (too_long) {
      cli_error("-:%lu: line longer than %zu bytes (twice --max-page, plus "
                "1 MiB) (skipped)", lineno, line_max);
      rc = rc > EXIT_INPUT ? rc : EXIT_INPUT;
      continue;
    }
    if (!len)
      continue;
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
    json_t *content = json_object_get(obj, "content");
    json_t *text = json_object_get(obj, "text");
    if (!text)
      text = json_object_get(obj, "body");
    if (!json_is_object(obj) || (!json_is_string(content) && !json_is_string(text))) {
      cli_error("-:%lu: %s (skipped)", lineno,
                obj ? "neither a page (\"content\") nor a comment (\"text\")"
                    : jerr.text);
      json_decref(obj);
      rc = rc > EXIT_INPUT ? rc : EXIT_INPUT;
      continue;
    }
    int r = EXIT_OK;
    if (json_is_string(content) && json_string_length(content) > o->max_page) {
      cli_error("-:%lu: page larger than %zu bytes (--max-page) (skipped)",
                lineno, o->max_page);
      r = EXIT_INPUT;
    } else if (!json_is_string(content) &&
               json_string_length(text) > o->max_record) {
      cli_error("-:%lu: comment longer than %zu bytes (--max-record) "
                "(skipped)", lineno, o->max_record);
      r = EXIT_INPUT;
    } else if (json_is_string(content)) {
      char name[64];
      const char *page = json_string_value(json_object_get(obj, "page"));
      if (!page) {
        snprintf(name, sizeof name, "-:%lu", lineno);
        page = name;
      }
      sc_page_stats st;
      spamcls_status s = sc_mod_page(&ms, page, lineno - 1,
                                     json_string_value(content),
                                     json_string_length(content), o->kind, NULL,
                                     stdout, &st, NULL);
      r = cli_exit_for(s);
    } else {
      r = stream_comment(&ms, obj, lineno);
    }
    json_decref(obj);
    if (r > rc)
      rc = r;
    if (r == EXIT_NOMEM || fflush(stdout) != 0)
      break;
  }
  free(line);
  sc_mod_scorer_free(&ms);
  if (n == -2) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = EXIT_NOMEM;
  }
  int out = cli_finish_stdout();
  return out != EXIT_OK ? out : rc;
}

/* ---------------------------------------------------------------- run */

/* What the run's output depends on: a run with another key starts over. */
static char *make_key(const sc_mod_opts *o, const char *model,
                      const spamcls_model *mdl, double t, double m, char **in,
                      int n)
{
  json_t *k = json_object();
  json_t *a = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(a, json_string(in[i]));
  json_object_set_new(k, "inputs", a);
  json_object_set_new(k, "model", json_string(model));
  /* a model changed in place (learn, or another file under the same
   * name) is another run, not a resumed one */
  json_object_set_new(k, "model_checksum",
                      json_integer((json_int_t)spamcls_model_checksum(mdl)));
  json_object_set_new(k, "shard_k", json_integer((json_int_t)o->shard_k));
  json_object_set_new(k, "shard_n", json_integer((json_int_t)o->shard_n));
  json_object_set_new(k, "threshold", json_real(t));
  json_object_set_new(k, "margin", json_real(m));
  json_object_set_new(k, "explain", json_integer((json_int_t)o->explain));
  json_object_set_new(k, "kind", json_integer(o->kind));
  json_object_set_new(k, "max_page", json_integer((json_int_t)o->max_page));
  json_object_set_new(k, "max_record", json_integer((json_int_t)o->max_record));
  char *s = json_dumps(k, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(k);
  return s;
}

/* Refuses an input inside OUTDIR (its cleaned copies could overwrite it);
 * notes OUTDIR inside an input (the walk skips it). */
static int check_places(const char *outdir, char **in, int n)
{
  for (int i = 0; i < n; i++) {
    int where = sc_path_place(outdir, in[i]);
    if (where == SC_PATH_INPUT_INSIDE)
      return cli_usage_error("moderate", "input '%s' is inside the output "
                             "folder '%s'", in[i], outdir);
    if (where == SC_PATH_OUTPUT_INSIDE)
      cli_warn("the output folder '%s' is inside the input '%s': it is "
               "skipped in the walk", outdir, in[i]);
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
  if (!o.jobs) {
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = nc > 0 ? (unsigned long)nc : 1;
  }
  if (o.progress < 0)
    o.progress = isatty(STDERR_FILENO);
  if (!stream && !o.outdir)
    return cli_usage_error("moderate", "no output folder (-o OUTDIR)");
  if (!stream && optind == argc)
    return cli_usage_error("moderate", "no page or folder given");
  if (stream && optind != argc)
    return cli_usage_error("moderate", "--stream reads standard input, not '%s'",
                           argv[optind]);
  char **inputs = argv + optind;
  int ninputs = argc - optind;
  char msg[1200];
  if (!stream && sc_walk_check_names(inputs, ninputs, msg, sizeof msg) < 0)
    return cli_usage_error("moderate", "%s", msg);
  const char *model_path = o.model ? o.model : cli_default_model();
  spamcls_model *model;
  if ((rc = cli_load_model(model_path, &model)))
    return rc;
  double t, m;
  spamcls_model_get_thresholds(model, &t, &m);
  if (o.threshold >= 0)
    t = o.threshold;
  if (o.margin >= 0)
    m = o.margin;
  if (spamcls_model_set_thresholds(model, t, m) != SPAMCLS_OK) {
    spamcls_model_free(model);
    return cli_usage_error("moderate", "threshold and margin must keep the "
                           "band inside 0..1");
  }
  if (stream) {
    rc = run_stream(&o, model);
    spamcls_model_free(model);
    return rc;
  }
  char *key = NULL;
  sc_journal j;
  memset(&j, 0, sizeof j);
  j.fd = j.lock_fd = -1;
  sc_outdir od = {-1, NULL};
  struct stat sb;
  if ((rc = check_places(o.outdir, inputs, ninputs)) != 0)
    goto done;
  if (sc_outdir_open(&od, o.outdir) != 0 || fstat(od.fd, &sb) != 0) {
    cli_error("%s: cannot create the output folder: %s", o.outdir,
              strerror(errno));
    rc = EXIT_OUTPUT;
    goto done;
  }
  key = make_key(&o, model_path, model, t, m, inputs, ninputs);
  if (!key) {
    rc = EXIT_NOMEM;
    goto done;
  }
  const sc_run_events *ev = &cli_run_events;
  if ((rc = cli_exit_for_run(sc_journal_open(&j, &od, key, o.fresh, ev))))
    goto done;
  if (j.done_pages)
    fprintf(stderr, "moderate: resuming: %lu pages were done before\n",
            j.done_pages);
  rc = cli_exit_for_run(sc_mod_run(&o, model, inputs, ninputs, &j, sb.st_dev,
                                   sb.st_ino));
  if (rc == EXIT_NOMEM || (rc == EXIT_OUTPUT && j.failed))
    goto done;  /* the journal is cut short: a later run resumes it */
  if (sc_journal_finish(&j) != 0) {
    cli_error("%s: cannot write the report: %s", o.outdir, strerror(errno));
    rc = EXIT_OUTPUT;
    goto done;
  }
  sc_mod_counts c;
  char *mj = sc_summary_model_json(model_path, model);
  sc_outcome r2 = mj ? sc_summary_write(&od, t, m, mj, &c, ev) : SC_RUN_NOMEM;
  free(mj);
  if (r2 == SC_RUN_OK)
    r2 = sc_review_write(&od, t, m, o.html_pages, ev);
  if (r2 != SC_RUN_OK) {
    rc = cli_exit_for_run(r2);
    goto done;
  }
  cli_summary_print(&c, &od);
  /* Pages skipped earlier in a resumed run still count. */
  for (int i = 1; i < SC_PAGE_SKIP_COUNT; i++) {
    int code = i == SC_PAGE_OUTPUT ? EXIT_OUTPUT : EXIT_INPUT;
    if (c.skipped[i] && code > rc)
      rc = code;
  }
  if (c.archive_errors && rc < EXIT_INPUT)
    rc = EXIT_INPUT;
done:
  sc_journal_close(&j);
  sc_outdir_close(&od);
  free(key);
  spamcls_model_free(model);
  return rc;
}
