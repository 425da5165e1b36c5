/*
 * cmd_score.c - "spamcls score": one result line per comment, in input
 * order, as TSV (id, verdict, score, probability) or JSON lines.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"

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
    "  -h, --help             show this help\n"
    CLI_INPUT_HELP;

typedef struct score_opts {
  const char *model;
  int jsonl;
  unsigned long explain;
  double threshold, margin;
  int exit_status;
  cli_input_opts in;
} score_opts;

static const struct option score_longopts[] = {
  {"model", required_argument, NULL, 'm'},
  {"output", required_argument, NULL, 'o'},
  {"explain", required_argument, NULL, OPT_EXPLAIN},
  {"threshold", required_argument, NULL, OPT_THRESHOLD},
  {"unsure-margin", required_argument, NULL, OPT_MARGIN},
  {"exit-status", no_argument, NULL, OPT_EXIT_STATUS},
  {"help", no_argument, NULL, 'h'},
  CLI_INPUT_LONGOPTS,
  {NULL, 0, NULL, 0}
};

/* 0: go on; otherwise the exit code to return now. */
static int parse_score_opts(int argc, char **argv, score_opts *o)
{
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":m:o:h", score_longopts, NULL)) != -1) {
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

static void print_result(const score_opts *o, const char *id, size_t idlen,
                         const spamcls_result *r,
                         const spamcls_contribution *why, size_t nwhy)
{
  const char *verdict = spamcls_verdict_name(r->verdict);
  if (o->jsonl) {
    fputs("{\"id\":", stdout);
    cli_json_string(stdout, id, idlen);
    printf(",\"verdict\":\"%s\",\"score\":%.6f,\"probability\":%.6f", verdict,
           r->score, r->probability);
    if (o->explain) {
      fputs(",\"features\":[", stdout);
      for (size_t i = 0; i < nwhy; i++) {
        fputs(i ? ",{\"name\":" : "{\"name\":", stdout);
        cli_json_string(stdout, why[i].name, strlen(why[i].name));
        printf(",\"weight\":%.6f}", why[i].weight);
      }
      putchar(']');
    }
    fputs("}\n", stdout);
  } else {
    cli_tsv_field(stdout, id, idlen);
    printf("\t%s\t%.6f\t%.6f", verdict, r->score, r->probability);
    for (size_t i = 0; i < nwhy; i++) {
      putchar('\t');
      cli_tsv_field(stdout, why[i].name, strlen(why[i].name));
      printf("=%+.6f", why[i].weight);
    }
    putchar('\n');
  }
}

typedef struct score_state {
  spamcls_scorer *scorer;
  spamcls_contribution *why;
  char *idbuf;
  size_t idcap;
  int rc;          /* worst non-fatal exit code so far */
  int spam_found;
} score_state;

/* The state score_file hands each record to. */
typedef struct score_ctx {
  const score_opts *o;
  score_state *s;
  const char *prefix;
} score_ctx;

/* Scores and prints one comment. */
static int score_record(void *ctx, const char *path, const spamcls_comment *c)
{
  score_ctx *sc = ctx;
  const score_opts *o = sc->o;
  score_state *s = sc->s;
  spamcls_status st;
  spamcls_result r;
  size_t nwhy = 0;
  if (o->explain)
    st = spamcls_explain(s->scorer, c, &r, s->why, o->explain, &nwhy);
  else
    st = spamcls_score(s->scorer, c, &r);
  size_t idlen;
  if (st != SPAMCLS_OK ||
      format_id(c, sc->prefix, &s->idbuf, &s->idcap, &idlen) < 0) {
    cli_error("%s:%lu: %s", path, c->line, spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  print_result(o, s->idbuf, idlen, &r, s->why, nwhy);
  if (r.verdict == SPAMCLS_SPAM)
    s->spam_found = 1;
  return ferror(stdout) ? EXIT_OUTPUT : EXIT_OK;
}

/* Scores one input to the end; returns nonzero when the run must stop. */
static int score_file(const score_opts *o, score_state *s, const char *path,
                      const char *prefix)
{
  score_ctx sc = {o, s, prefix};
  int rc = cli_each_record(path, &o->in.ro, score_record, &sc);
  if (rc == EXIT_OUTPUT)
    return 1;  /* cli_finish_stdout reports it */
  if (rc != EXIT_OK)
    s->rc = rc;
  return rc == EXIT_NOMEM;
}

int cmd_score(int argc, char **argv)
{
  score_opts o = {.threshold = -1, .margin = -1};
  int rc = parse_score_opts(argc, argv, &o);
  if (rc)
    return rc < 0 ? EXIT_OK : rc;
  spamcls_model *model;
  if ((rc = cli_load_model(o.model ? o.model : cli_default_model(), &model)))
    return rc;
  score_state s = {0};
  s.scorer = spamcls_scorer_new(model);
  if (o.explain)
    s.why = calloc(o.explain, sizeof *s.why);
  if (!s.scorer || (o.explain && !s.why)) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = EXIT_NOMEM;
    goto done;
  }
  if (o.threshold >= 0 || o.margin >= 0) {
    double t, m;
    spamcls_model_get_thresholds(model, &t, &m);
    if (spamcls_scorer_set_thresholds(s.scorer, o.threshold >= 0 ? o.threshold : t,
                                      o.margin >= 0 ? o.margin : m) != SPAMCLS_OK) {
      rc = cli_usage_error("score", "threshold and margin must keep the band inside 0..1");
      goto done;
    }
  }
  int nfiles = argc - optind;
  if (nfiles == 0) {
    score_file(&o, &s, "-", NULL);
  } else {
    for (int i = optind; i < argc; i++)
      if (score_file(&o, &s, argv[i], nfiles > 1 ? argv[i] : NULL))
        break;
  }
  rc = cli_finish_stdout();
  if (rc == EXIT_OK)
    rc = s.rc;
  if (rc == EXIT_OK && o.exit_status && s.spam_found)
    rc = EXIT_SPAM_FOUND;
done:
  free(s.why);
  free(s.idbuf);
  spamcls_scorer_free(s.scorer);
  spamcls_model_free(model);
  return rc;
}
