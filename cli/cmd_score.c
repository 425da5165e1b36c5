/*
 * cmd_score.c - "spamcls score": one result line per comment, in input
 * order, as TSV (id, verdict, score, probability) or JSON lines.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "record_pool.h"
#include "util.h"

static const char score_help[] =
    "Usage: spamcls score [OPTIONS] [FILE...]\n"
    "Score comments with a model; no FILE or '-' reads standard input.\n"
    "Prints one line per comment, in input order: id, verdict (spam, ham,\n"
    "unsure, empty), score (the SVM margin) and calibrated probability.\n"
    "With several files the id is FILE:ID.\n\n"
    "  -m, --model FILE       model (default: $SPAMCLS_MODEL or the shipped model)\n"
    "  -o, --output FORMAT    tsv (default) or jsonl\n"
    "      --explain N        add the N features that moved the score most\n"
    "      --threshold P      spam probability threshold (default: the model's)\n"
    "      --unsure-margin M  unsure band half-width around it (default: the model's)\n"
    "      --exit-status      exit 1 if any comment is spam, 0 if none\n"
    "  -j, --jobs N           score on N threads; output stays in input\n"
    "                         order (default 1)\n"
    "  -h, --help             show this help\n"
    CLI_INPUT_HELP;

typedef struct score_opts {
  const char *model;
  int jsonl;
  unsigned long explain;
  double threshold, margin;
  int exit_status;
  unsigned long jobs;
  cli_input_opts in;
} score_opts;

static const struct option score_longopts[] = {
  {"model", required_argument, NULL, 'm'},
  {"output", required_argument, NULL, 'o'},
  {"explain", required_argument, NULL, OPT_EXPLAIN},
  {"threshold", required_argument, NULL, OPT_THRESHOLD},
  {"unsure-margin", required_argument, NULL, OPT_MARGIN},
  {"exit-status", no_argument, NULL, OPT_EXIT_STATUS},
  {"jobs", required_argument, NULL, 'j'},
  {"help", no_argument, NULL, 'h'},
  CLI_INPUT_LONGOPTS,
  {NULL, 0, NULL, 0}
};

/* 0: go on; otherwise the exit code to return now. */
static int parse_score_opts(int argc, char **argv, score_opts *o)
{
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":m:o:j:h", score_longopts, NULL)) != -1) {
    int r = cli_input_option("score", c, optarg, &o->in);
    if (r < 0)
      return EXIT_USAGE;
    if (r > 0)
      continue;
    switch (c) {
    case 'm': o->model = optarg; break;
    case 'o':
      if (!strcmp(optarg, "jsonl")) o->jsonl = 1;
      else if (!strcmp(optarg, "tsv")) o->jsonl = 0;
      else return cli_usage_error("score", "unknown output format '%s' (tsv, jsonl)", optarg);
      break;
    case OPT_EXPLAIN:
      if (cli_parse_uint("score", "--explain", optarg, 0, 100, &o->explain) < 0)
        return EXIT_USAGE;
      break;
    case OPT_THRESHOLD:
      if (cli_parse_double("score", "--threshold", optarg, 0, 1, &o->threshold) < 0)
        return EXIT_USAGE;
      break;
    case OPT_MARGIN:
      if (cli_parse_double("score", "--unsure-margin", optarg, 0, 0.5, &o->margin) < 0)
        return EXIT_USAGE;
      break;
    case OPT_EXIT_STATUS: o->exit_status = 1; break;
    case 'j':
      if (cli_parse_uint("score", "--jobs", optarg, 1, 1024, &o->jobs) < 0)
        return EXIT_USAGE;
      break;
    case 'h':
      fputs(score_help, stdout);
      return cli_finish_stdout() == EXIT_OK ? -1 : EXIT_OUTPUT;
    case ':':
      return cli_usage_error("score", "option '%s' needs a value", argv[optind - 1]);
    default:
      return cli_usage_error("score", "unknown option '%s'", argv[optind - 1]);
    }
  }
  return 0;
}

/* The id column: the record's id (its line number when it has none),
 * prefixed with the file name when several files are scored. */
static int format_id(const spamcls_comment *c, const char *prefix,
                     char **buf, size_t *cap, size_t *len)
{
  char num[32];
  const char *id = c->id;
  size_t idlen = c->id_len;
  if (!id) {
    idlen = (size_t)snprintf(num, sizeof num, "%lu", c->line);
    id = num;
  }
  size_t plen = prefix ? strlen(prefix) + 1 : 0;
  if (plen + idlen + 1 > *cap) {
    size_t ncap = plen + idlen + 64;
    char *p = realloc(*buf, ncap);
    if (!p)
      return -1;
    *buf = p;
    *cap = ncap;
  }
  if (prefix) {
    memcpy(*buf, prefix, plen - 1);
    (*buf)[plen - 1] = ':';
  }
  memcpy(*buf + plen, id, idlen);
  *len = plen + idlen;
  return 0;
}

/* Ids up to this many bytes are escaped into the line buffer. */
#define TSV_SHORT_ID 64

static void put_fixed6(FILE *fp, double v)
{
  char num[CLI_FIXED6_MAX];
  fwrite(num, 1, cli_fixed6(num, v), fp);
}

static void print_result(FILE *fp, const score_opts *o, const char *id,
                         size_t idlen, const spamcls_result *r,
                         const spamcls_contribution *why, size_t nwhy)
{
  const char *verdict = spamcls_verdict_name(r->verdict);
  if (o->jsonl) {
    fputs("{\"id\":", fp);
    sc_json_string(fp, id, idlen);
    fprintf(fp, ",\"verdict\":\"%s\",\"score\":", verdict);
    put_fixed6(fp, r->score);
    fputs(",\"probability\":", fp);
    put_fixed6(fp, r->probability);
    if (o->explain) {
      fputs(",\"features\":[", fp);
      for (size_t i = 0; i < nwhy; i++) {
        fputs(i ? ",{\"name\":" : "{\"name\":", fp);
        sc_json_string(fp, why[i].name, strlen(why[i].name));
        fprintf(fp, ",\"weight\":%.6f}", why[i].weight);
      }
      putc(']', fp);
    }
    fputs("}\n", fp);
  } else {
    /* The line is assembled here and written at once: a stdio call per
     * field was a visible share of scoring a short comment. A long id
     * (rare) is written on its own first. */
    char line[2 * TSV_SHORT_ID + 8 + 2 * CLI_FIXED6_MAX + 2];
    size_t n = 0;
    if (idlen <= TSV_SHORT_ID)
      n = cli_tsv_escape(line, id, idlen);
    else
      cli_tsv_field(fp, id, idlen);
    line[n++] = '\t';
    size_t vl = strlen(verdict);
    memcpy(line + n, verdict, vl);
    n += vl;
    line[n++] = '\t';
    n += cli_fixed6(line + n, r->score);
    line[n++] = '\t';
    n += cli_fixed6(line + n, r->probability);
    if (!nwhy) {
      line[n++] = '\n';
      fwrite(line, 1, n, fp);
      return;
    }
    fwrite(line, 1, n, fp);
    for (size_t i = 0; i < nwhy; i++) {
      putc('\t', fp);
      cli_tsv_field(fp, why[i].name, strlen(why[i].name));
      fprintf(fp, "=%+.6f", why[i].weight);
    }
    putc('\n', fp);
  }
}

/* The run's settings, shared by every thread. */
typedef struct score_setup {
  const score_opts *o;
  const spamcls_model *model;
  double threshold, margin;  /* what the scorers use */
  int multi;                 /* several files: ids are FILE:ID */
  int refused;               /* the library refused that band */
} score_setup;

/* One thread's scorer and buffers. */
typedef struct scorer_state {
  const score_setup *su;
  spamcls_scorer *scorer;
  spamcls_contribution *why;
  char *idbuf;
  size_t idcap;
} scorer_state;

static void state_free(void *p)
{
  scorer_state *st = p;
  if (!st)
    return;
  spamcls_scorer_free(st->scorer);
  free(st->why);
  free(st->idbuf);
  free(st);
}

/* NULL when out of memory or when the band is refused (su->refused;
 * the first call, on the main thread, finds that out). */
static void *state_new(void *ctx)
{
  score_setup *su = ctx;
  scorer_state *st = calloc(1, sizeof *st);
  if (!st)
    return NULL;
  st->su = su;
  st->scorer = spamcls_scorer_new(su->model);
  if (su->o->explain)
    st->why = calloc(su->o->explain, sizeof *st->why);
  if (!st->scorer || (su->o->explain && !st->why)) {
    state_free(st);
    return NULL;
  }
  if (spamcls_scorer_set_thresholds(st->scorer, su->threshold, su->margin) !=
      SPAMCLS_OK) {
    su->refused = 1;
    state_free(st);
    return NULL;
  }
  return st;
}

/* Scores one comment and prints its line to fp; sets *spam for spam. */
static int score_one(void *w, const spamcls_comment *c, const char *path,
                     FILE *fp, int *spam)
{
  scorer_state *s = w;
  const score_opts *o = s->su->o;
  spamcls_status st;
  spamcls_result r;
  size_t nwhy = 0;
  if (o->explain)
    st = spamcls_explain(s->scorer, c, &r, s->why, o->explain, &nwhy);
  else
    st = spamcls_score(s->scorer, c, &r);
  size_t idlen;
  if (st != SPAMCLS_OK ||
      format_id(c, s->su->multi ? path : NULL, &s->idbuf, &s->idcap,
                &idlen) < 0) {
    cli_error("%s:%lu: %s", path, c->line, spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  print_result(fp, o, s->idbuf, idlen, &r, s->why, nwhy);
  if (r.verdict == SPAMCLS_SPAM)
    *spam = 1;
  return EXIT_OK;
}

static const rec_pool_fns pool_fns = {
  state_new, state_free, score_one, EXIT_NOMEM, EXIT_OUTPUT,
};

/* Where records go: one scorer on this thread, or the pool. */
typedef struct score_sink {
  scorer_state *one;
  rec_pool *pool;
  int spam;
} score_sink;

static int score_record(void *ctx, const char *path, const spamcls_comment *c)
{
  score_sink *k = ctx;
  if (k->pool)
    return rec_pool_add(k->pool, path, c);
  int rc = score_one(k->one, c, path, stdout, &k->spam);
  return rc ? rc : ferror(stdout) ? EXIT_OUTPUT : EXIT_OK;
}

/* The input has nothing more yet: what is scored goes out now, so that a
 * program feeding comments one at a time through a pipe gets each answer
 * before it sends the next. A write error shows at the end (ferror). */
static void score_flush(void *ctx)
{
  score_sink *k = ctx;
  if (k->pool)
    (void)rec_pool_drain(k->pool);
  else
    (void)fflush(stdout);
}

/* Scores one input to the end; returns nonzero when the run must stop.
 * *worst keeps the worst non-fatal exit code. */
static int score_file(const score_opts *o, score_sink *k, const char *path,
                      int *worst)
{
  int rc = cli_each_record_streaming(path, &o->in.ro, score_record, k,
                                     score_flush, k);
  if (rc == EXIT_OUTPUT)
    return 1;  /* cli_finish_stdout reports it */
  if (rc != EXIT_OK)
    *worst = rc;
  return rc == EXIT_NOMEM;
}

int cmd_score(int argc, char **argv)
{
  score_opts o = {.threshold = -1, .margin = -1, .jobs = 1};
  int rc = parse_score_opts(argc, argv, &o);
  if (rc)
    return rc < 0 ? EXIT_OK : rc;
  spamcls_model *model;
  if ((rc = cli_load_model(o.model ? o.model : cli_default_model(), &model)))
    return rc;
  score_setup su = {&o, model, 0, 0, argc - optind > 1, 0};
  spamcls_model_get_thresholds(model, &su.threshold, &su.margin);
  if (o.threshold >= 0)
    su.threshold = o.threshold;
  if (o.margin >= 0)
    su.margin = o.margin;
  score_sink k = {0};
  int worst = EXIT_OK;
  k.one = state_new(&su);
  if (!k.one && su.refused) {
    rc = cli_usage_error("score", "threshold and margin must keep the band inside 0..1");
    goto done;
  }
  if (!k.one) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = EXIT_NOMEM;
    goto done;
  }
  if (o.jobs > 1) {
    k.pool = rec_pool_new((unsigned)o.jobs, &pool_fns, &su, stdout);
    if (!k.pool) {
      cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
      rc = EXIT_NOMEM;
      goto done;
    }
    state_free(k.one);  /* it checked the band; the pool has its own */
    k.one = NULL;
  }
  int nfiles = argc - optind;
  if (nfiles == 0) {
    score_file(&o, &k, "-", &worst);
  } else {
    for (int i = optind; i < argc; i++)
      if (score_file(&o, &k, argv[i], &worst))
        break;
  }
  if (k.pool) {
    int prc = rec_pool_finish(k.pool, &k.spam);
    if (prc && prc != EXIT_OUTPUT)
      worst = prc;
  }
  rc = cli_finish_stdout();
  if (rc == EXIT_OK)
    rc = worst;
  if (rc == EXIT_OK && o.exit_status && k.spam)
    rc = EXIT_SPAM_FOUND;
done:
  rec_pool_free(k.pool);
  state_free(k.one);
  spamcls_model_free(model);
  return rc;
}
