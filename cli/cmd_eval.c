/*
 * cmd_eval.c - "spamcls eval": how good is a model before it is trusted
 * to delete comments.
 *
 *   eval [-m MODEL] FILE...          scores labeled comments with a model
 *   eval --cv K FILE...              K-fold cross-validation, training with
 *                                    the options "train" takes
 *   eval --group-by file|FIELD FILE...  one fold per file or per value
 *
 * Figures per input file and for all comments together, as a table or
 * JSON; ROC, precision-recall and reliability plots as SVG; the threshold
 * that keeps the ham false-positive rate at or under a target, optionally
 * written into a model.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "train_opts.h"
#include "util.h"

enum {
  OPT_CV = 2000,
  OPT_GROUP_BY,
  OPT_FOR_FPR,
  OPT_WRITE_THRESHOLD,
  OPT_JSON,
  OPT_PLOTS,
  OPT_LABEL
};

static const char eval_help[] =
    "Usage: spamcls eval [-m MODEL] [OPTIONS] FILE...\n"
    "       spamcls eval --cv K [--seed S] [TRAINING OPTIONS] FILE...\n"
    "       spamcls eval --group-by file|FIELD [TRAINING OPTIONS] FILE...\n"
    "Measure how well spam is told from ham on labeled comments: accuracy,\n"
    "precision, recall, F1, MCC, ROC AUC, PR AUC (average precision), the ham\n"
    "false-positive rate, spam recall at a target false-positive rate and the\n"
    "confusion matrix, for each FILE and for all of them together. A comment\n"
    "counts as flagged when its probability is at least the threshold.\n"
    "Unlabeled records are skipped; comments with no text are not counted.\n\n"
    "  -m, --model FILE       score with this model (default: $SPAMCLS_MODEL\n"
    "                         or the shipped model)\n"
    "      --cv K             stratified K-fold cross-validation instead: each\n"
    "                         comment is scored by a model trained, as 'train'\n"
    "                         would, on the other folds. Comments are\n"
    "                         deduplicated as 'train' does, and folds are made\n"
    "                         of distinct normalized texts: identical texts\n"
    "                         (by any author) never straddle folds\n"
    "      --group-by G       leave one group out: one fold per input file\n"
    "                         (G = file) or per value of CSV column / JSON key G;\n"
    "                         a text already seen in an earlier group stays\n"
    "                         with it\n"
    "      --threshold-for-fpr X  target ham false-positive rate (default\n"
    "                         0.01): report the threshold that keeps it at or\n"
    "                         under X on the held-out comments, never splitting\n"
    "                         tied probabilities, and the spam recall there\n"
    "      --write-threshold MODEL  store that threshold in MODEL (rewritten\n"
    "                         atomically): spam when the probability is at\n"
    "                         least threshold + unsure margin (the model's,\n"
    "                         or --unsure-margin M)\n"
    "      --label L          treat every record as L (spam or ham), for\n"
    "                         files without a label column\n"
    "      --json             all figures as JSON instead of the table\n"
    "      --plots DIR        write roc.svg, pr.svg and calibration.svg to DIR\n"
    "  -q, --quiet            no progress on stderr\n"
    "  -h, --help             show this help\n"
    "With -m, --threshold P overrides the model's threshold for the figures.\n\n"
    CLI_TRAIN_HELP CLI_INPUT_HELP;

static const struct option eval_longopts[] = {
  {"model", required_argument, NULL, 'm'},
  {"cv", required_argument, NULL, OPT_CV},
  {"group-by", required_argument, NULL, OPT_GROUP_BY},
  {"threshold-for-fpr", required_argument, NULL, OPT_FOR_FPR},
  {"write-threshold", required_argument, NULL, OPT_WRITE_THRESHOLD},
  {"json", no_argument, NULL, OPT_JSON},
  {"plots", required_argument, NULL, OPT_PLOTS},
  {"label", required_argument, NULL, OPT_LABEL},
  {"quiet", no_argument, NULL, 'q'},
  {"help", no_argument, NULL, 'h'},
  CLI_TRAIN_LONGOPTS,
  CLI_INPUT_LONGOPTS,
  {NULL, 0, NULL, 0}
};

typedef struct eval_opts {
  const char *model;
  unsigned cv;           /* 0: score with a model */
  const char *group_by;  /* "file", a field, or NULL */
  double target_fpr;
  const char *write_model;
  int json, quiet, threshold_given, margin_given;
  const char *plots;
  spamcls_label force_label;  /* NONE: the records' own labels */
  cli_train_opts train;
  cli_input_opts in;
} eval_opts;

/* 0: go on; -1: done (help); otherwise the exit code. */
static int parse_eval_opts(int argc, char **argv, eval_opts *o)
{
  int c;
  unsigned long v;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":m:qh" CLI_TRAIN_SHORTOPTS,
                          eval_longopts, NULL)) != -1) {
    if (c == OPT_THRESHOLD)
      o->threshold_given = 1;
    if (c == OPT_MARGIN)
      o->margin_given = 1;
    int r = cli_input_option("eval", c, optarg, &o->in);
    if (r == 0)
      r = cli_train_option("eval", c, optarg, &o->train);
    if (r < 0)
      return EXIT_USAGE;
    if (r > 0)
      continue;
    switch (c) {
    case 'm': o->model = optarg; break;
    case OPT_CV:
      if (cli_parse_uint("eval", "--cv", optarg, 2, 1000, &v) < 0)
        return EXIT_USAGE;
      o->cv = (unsigned)v;
      break;
    case OPT_GROUP_BY:
      if (!*optarg)
        return cli_usage_error("eval", "--group-by needs 'file' or a field name");
      o->group_by = optarg;
      break;
    case OPT_FOR_FPR:
      if (cli_parse_double("eval", "--threshold-for-fpr", optarg, 0, 1,
                           &o->target_fpr) < 0)
        return EXIT_USAGE;
      break;
    case OPT_WRITE_THRESHOLD: o->write_model = optarg; break;
    case OPT_JSON: o->json = 1; break;
    case OPT_PLOTS: o->plots = optarg; break;
    case OPT_LABEL: {
      int ok;
      o->force_label = spamcls_label_parse(optarg, strlen(optarg), &ok);
      if (o->force_label == SPAMCLS_LABEL_NONE)
        return cli_usage_error("eval", "--label expects spam or ham, not '%s'",
                               optarg);
      break;
    }
    case 'q': o->quiet = 1; break;
    case 'h':
      fputs(eval_help, stdout);
      return cli_finish_stdout() == EXIT_OK ? -1 : EXIT_OUTPUT;
    case ':':
      return cli_usage_error("eval", "option '%s' needs a value", argv[optind - 1]);
    default:
      return cli_usage_error("eval", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc)
    return cli_usage_error("eval", "no input files given");
  if (o->cv && o->group_by)
    return cli_usage_error("eval", "--cv and --group-by are exclusive "
                           "(--group-by makes one fold per group)");
  int crossval = o->cv || o->group_by;
  if (crossval && o->model)
    return cli_usage_error("eval", "-m scores with a model; --cv and "
                           "--group-by train their own");
  if (!crossval && o->train.model_only)
    return cli_usage_error("eval", "%s shapes training: it needs --cv or "
                           "--group-by", o->train.model_only);
  if (o->group_by && strcmp(o->group_by, "file") != 0)
    o->in.ro.group_field = o->group_by;
  return crossval ? cli_train_opts_finish("eval", &o->train) : 0;
}

/* ---------------------------------------------------------------- data */

/* The scored comments: probability, label and source index. */
typedef struct scored {
  double *prob;
  spamcls_label *label;
  size_t *src;
  size_t n, cap;
  char **names;  /* units (files or groups), in order of first appearance */
  size_t n_names, names_cap;
  const char *unit;  /* "file" or "group" */
} scored;

/* The index of unit name[0..len), added if new; -1 when out of memory. */
static long unit_index(scored *s, const char *name, size_t len)
{
  for (size_t k = s->n_names; k-- > 0;)
    if (strlen(s->names[k]) == len && memcmp(s->names[k], name, len) == 0)
      return (long)k;
  if (s->n_names == s->names_cap) {
    size_t cap = s->names_cap ? s->names_cap * 2 : 16;
    char **nn = realloc(s->names, cap * sizeof *nn);
    if (!nn)
      return -1;
    s->names = nn;
    s->names_cap = cap;
  }
  char *copy = malloc(len + 1);
  if (!copy)
    return -1;
  memcpy(copy, name, len);
  copy[len] = '\0';
  s->names[s->n_names] = copy;
  return (long)s->n_names++;
}

static int scored_push(scored *s, double p, spamcls_label l, size_t src)
{
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    double *np = realloc(s->prob, cap * sizeof *np);
    if (!np)
      return -1;
    s->prob = np;
    spamcls_label *nl = realloc(s->label, cap * sizeof *nl);
    if (!nl)
      return -1;
    s->label = nl;
    size_t *ns = realloc(s->src, cap * sizeof *ns);
    if (!ns)
      return -1;
    s->src = ns;
    s->cap = cap;
  }
  s->prob[s->n] = p;
  s->label[s->n] = l;
  s->src[s->n] = src;
  s->n++;
  return 0;
}

static void scored_free(scored *s)
{
  free(s->prob);
  free(s->label);
  free(s->src);
  for (size_t k = 0; k < s->n_names; k++)
    free(s->names[k]);
  free(s->names);
}

typedef struct counts {
  size_t records, unlabeled, empty;
} counts;

/* Takes one labeled comment: EXIT_OK, 1 when it had no text, or
 * EXIT_NOMEM. */
typedef int (*add_fn)(void *ctx, const spamcls_comment *c);

/* What read_file hands each record to (cli_each_record). */
typedef struct read_ctx {
  const eval_opts *o;
  counts *n;
  add_fn add;
  void *ctx;
} read_ctx;

static int read_record(void *ctx, const char *path, const spamcls_comment *rec)
{
  read_ctx *rc = ctx;
  spamcls_comment c = *rec;
  rc->n->records++;
  if (rc->o->force_label != SPAMCLS_LABEL_NONE)
    c.label = rc->o->force_label;
  if (c.label == SPAMCLS_LABEL_NONE) {
    rc->n->unlabeled++;
    return EXIT_OK;
  }
  int r = rc->add(rc->ctx, &c);
  if (r == EXIT_NOMEM) {
    cli_error("%s:%lu: %s", path, c.line, spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return r;
  }
  if (r == 1)
    rc->n->empty++;
  return EXIT_OK;
}

/* Reads every record of path and hands the labeled ones to add(); returns
 * EXIT_OK, EXIT_INPUT (the rest was read) or EXIT_NOMEM (stop). */
static int read_file(const eval_opts *o, const char *path, counts *n,
                     add_fn add, void *ctx)
{
  read_ctx rc = {o, n, add, ctx};
  return cli_each_record(path, &o->in.ro, read_record, &rc);
}

typedef struct model_ctx {
  spamcls_scorer *scorer;
  scored *s;
  size_t src;
} model_ctx;

/* 0: scored; 1: empty (not counted); EXIT_NOMEM. */
static int add_scored(void *ctx, const spamcls_comment *c)
{
  model_ctx *m = ctx;
  spamcls_result r;
  if (spamcls_score(m->scorer, c, &r) != SPAMCLS_OK)
    return EXIT_NOMEM;
  if (r.verdict == SPAMCLS_EMPTY)
    return 1;
  return scored_push(m->s, r.probability, c->label, m->src) < 0 ? EXIT_NOMEM
                                                                : 0;
}

static int add_cv(void *ctx, const spamcls_comment *c)
{
  int added;
  spamcls_status st = spamcls_cv_add(ctx, c, &added);
  return st == SPAMCLS_OK ? 0 : EXIT_NOMEM;
}

static void log_to_stderr(void *ctx, const char *msg)
{
  (void)ctx;
  fprintf(stderr, "spamcls: %s\n", msg);
}

/* ---------------------------------------------------------------- report */

typedef struct report {
  const char *mode;       /* "model" or "cross-validation" */
  char what[600];         /* one line saying what was measured */
  counts n;
  size_t duplicates, conflicts;  /* cross-validation only */
  unsigned folds;
  double threshold;
  spamcls_metrics all;
  spamcls_metrics *per;   /* per source, at threshold */
  spamcls_metrics *per_at;  /* per source, at the FPR threshold */
  spamcls_metrics all_at;
  /* The unweighted mean over units of each ratio defined for the unit
   * (counts: sums); NaN where no unit defines it. */
  spamcls_metrics macro;
} report;

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s && s[1] ? s + 1 : path;
}

static void num(double v, int width, int prec)
{
  if (isnan(v))
    printf(" %*s", width, "n/a");
  else
    printf(" %*.*f", width, prec, v);
}

static void table_row(const char *name, const spamcls_metrics *m)
{
  printf("%-24.24s %8zu %6zu %6zu", name, m->n, m->n_spam, m->n_ham);
  num(m->accuracy, 8, 4);
  num(m->precision, 9, 4);
  num(m->recall, 7, 4);
  num(m->f1, 7, 4);
  num(m->mcc, 7, 4);
  num(m->roc_auc, 7, 4);
  num(m->pr_auc, 7, 4);
  num(m->ham_fpr, 7, 4);
  putchar('\n');
}

static void confusion_row(const char *name, const spamcls_metrics *m,
                          const spamcls_metrics *at)
{
  printf("%-24.24s %7zu %7zu %7zu %7zu   %7zu %7zu", name, m->tp, m->fp,
         m->tn, m->fn, at->tp, at->fp);
  num(at->recall, 7, 4);
  num(at->ham_fpr, 7, 4);
  putchar('\n');
}

static void print_table(const scored *s, const report *r)
{
  printf("%s\n", r->what);
  printf("%zu records: %zu unlabeled skipped, %zu with no text not counted",
         r->n.records, r->n.unlabeled, r->n.empty);
  if (!strcmp(r->mode, "cross-validation"))
    printf(", %zu duplicates and %zu conflicting duplicates dropped",
           r->duplicates, r->conflicts);
  printf("; %zu comments evaluated\n\n", r->all.n);
  printf("%-24s %8s %6s %6s %8s %9s %7s %7s %7s %7s %7s %7s\n", s->unit,
         "comments", "spam", "ham", "accuracy", "precision", "recall", "F1",
         "MCC", "ROC AUC", "PR AUC", "ham FPR");
  for (size_t i = 0; i < s->n_names; i++)
    table_row(base_name(s->names[i]), &r->per[i]);
  table_row("all", &r->all);
  if (s->n_names > 1)
    table_row("macro average", &r->macro);
  printf("\nConfusion matrix at threshold %.6g (flagged: probability >= "
         "threshold),\nand at the threshold for ham FPR <= %g:",
         r->threshold, r->all.target_fpr);
  if (isnan(r->all.fpr_threshold))
    printf(" n/a (no ham)\n");
  else {
    printf(" %.6g (spam recall", r->all.fpr_threshold);
    num(r->all.fpr_recall, 0, 4);
    printf(", ham FPR %.4f on all comments)\n", r->all.fpr_reached);
  }
  printf("%-24s %7s %7s %7s %7s   %7s %7s %7s %7s\n", s->unit, "TP", "FP",
         "TN", "FN", "TP@FPR", "FP@FPR", "recall", "ham FPR");
  for (size_t i = 0; i < s->n_names; i++)
    confusion_row(base_name(s->names[i]), &r->per[i], &r->per_at[i]);
  confusion_row("all", &r->all, &r->all_at);
}

static void jnum(const char *key, double v, int comma)
{
  if (isnan(v))
    printf("\"%s\":null", key);
  else
    printf("\"%s\":%.17g", key, v);
  if (comma)
    putchar(',');
}

static void json_metrics(const spamcls_metrics *m, const spamcls_metrics *at)
{
  printf("{\"comments\":%zu,\"spam\":%zu,\"ham\":%zu,", m->n, m->n_spam,
         m->n_ham);
  jnum("threshold", m->threshold, 1);
  printf("\"confusion\":{\"tp\":%zu,\"fp\":%zu,\"tn\":%zu,\"fn\":%zu},",
         m->tp, m->fp, m->tn, m->fn);
  jnum("accuracy", m->accuracy, 1);
  jnum("precision", m->precision, 1);
  jnum("recall", m->recall, 1);
  jnum("f1", m->f1, 1);
  jnum("mcc", m->mcc, 1);
  jnum("ham_fpr", m->ham_fpr, 1);
  jnum("roc_auc", m->roc_auc, 1);
  jnum("pr_auc", m->pr_auc, 1);
  printf("\"at_target_fpr\":{");
  jnum("target_fpr", m->target_fpr, 1);
  jnum("own_threshold", m->fpr_threshold, 1);
  jnum("own_recall", m->fpr_recall, 1);
  jnum("own_ham_fpr", m->fpr_reached, 1);
  jnum("threshold", at->threshold, 1);
  printf("\"confusion\":{\"tp\":%zu,\"fp\":%zu,\"tn\":%zu,\"fn\":%zu},",
         at->tp, at->fp, at->tn, at->fn);
  jnum("recall", at->recall, 1);
  jnum("ham_fpr", at->ham_fpr, 0);
  printf("}}");
}

static void print_json(const eval_opts *o, const scored *s, const report *r)
{
  printf("{\"mode\":\"%s\",\"description\":", r->mode);
  sc_json_string(stdout, r->what, strlen(r->what));
  if (o->cv || o->group_by) {
    printf(",\"folds\":%u,\"seed\":%lu,\"grouping\":", r->folds,
           o->train.tp.seed);
    const char *g = o->group_by ? o->group_by : "normalized text";
    sc_json_string(stdout, g, strlen(g));
  } else {
    printf(",\"model\":");
    sc_json_string(stdout, o->model, strlen(o->model));
  }
  printf(",\"records\":%zu,\"unlabeled\":%zu,\"empty\":%zu", r->n.records,
         r->n.unlabeled, r->n.empty);
  if (o->cv || o->group_by)
    printf(",\"duplicates\":%zu,\"conflicts\":%zu", r->duplicates,
           r->conflicts);
  printf(",\"unit\":\"%s\",\"units\":[", s->unit);
  for (size_t i = 0; i < s->n_names; i++) {
    printf(i ? ",{\"name\":" : "{\"name\":");
    sc_json_string(stdout, s->names[i], strlen(s->names[i]));
    printf(",\"metrics\":");
    json_metrics(&r->per[i], &r->per_at[i]);
    putchar('}');
  }
  printf("],\"all\":");
  json_metrics(&r->all, &r->all_at);
  printf(",\"macro_average\":{\"units\":%zu,", s->n_names);
  jnum("accuracy", r->macro.accuracy, 1);
  jnum("precision", r->macro.precision, 1);
  jnum("recall", r->macro.recall, 1);
  jnum("f1", r->macro.f1, 1);
  jnum("mcc", r->macro.mcc, 1);
  jnum("ham_fpr", r->macro.ham_fpr, 1);
  jnum("roc_auc", r->macro.roc_auc, 1);
  jnum("pr_auc", r->macro.pr_auc, 0);
  printf("}}\n");
}

static double mean_of(const spamcls_metrics *per, size_t n, size_t off)
{
  double sum = 0;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    double v = *(const double *)((const char *)&per[i] + off);
    if (!isnan(v)) {
      sum += v;
      k++;
    }
  }
  return k ? sum / (double)k : NAN;
}

static void macro_average(const spamcls_metrics *per, size_t n,
                          spamcls_metrics *m)
{
  memset(m, 0, sizeof *m);
  for (size_t i = 0; i < n; i++) {
    m->n += per[i].n;
    m->n_spam += per[i].n_spam;
    m->n_ham += per[i].n_ham;
  }
#define MEAN(f) m->f = mean_of(per, n, offsetof(spamcls_metrics, f))
  MEAN(accuracy);
  MEAN(precision);
  MEAN(recall);
  MEAN(f1);
  MEAN(mcc);
  MEAN(ham_fpr);
  MEAN(roc_auc);
  MEAN(pr_auc);
#undef MEAN
}

/* Figures per unit and overall; -1 when out of memory. */
static int compute_report(const scored *s, double target_fpr, report *r)
{
  if (spamcls_metrics_compute(s->prob, s->label, s->n, r->threshold,
                              target_fpr, &r->all) != SPAMCLS_OK)
    return -1;
  double at_thr = isnan(r->all.fpr_threshold) ? r->threshold
                                               : r->all.fpr_threshold;
  if (spamcls_metrics_compute(s->prob, s->label, s->n, at_thr, target_fpr,
                              &r->all_at) != SPAMCLS_OK)
    return -1;
  r->per = calloc(s->n_names ? s->n_names : 1, sizeof *r->per);
  r->per_at = calloc(s->n_names ? s->n_names : 1, sizeof *r->per_at);
  double *p = malloc((s->n ? s->n : 1) * sizeof *p);
  spamcls_label *l = malloc((s->n ? s->n : 1) * sizeof *l);
  int rc = r->per && r->per_at && p && l ? 0 : -1;
  for (size_t k = 0; k < s->n_names && rc == 0; k++) {
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
      if (s->src[i] == k) {
        p[m] = s->prob[i];
        l[m++] = s->label[i];
      }
    }
    if (spamcls_metrics_compute(p, l, m, r->threshold, target_fpr,
                                &r->per[k]) != SPAMCLS_OK ||
        spamcls_metrics_compute(p, l, m, at_thr, target_fpr,
                                &r->per_at[k]) != SPAMCLS_OK)
      rc = -1;
  }
  free(p);
  free(l);
  if (rc == 0)
    macro_average(r->per, s->n_names, &r->macro);
  return rc;
}

/* ------------------------------------------------------------ collecting */

static int collect_model(const eval_opts *o, int argc, char **argv,
                         scored *s, report *r)
{
  spamcls_model *model;
  int rc = cli_load_model(o->model, &model);
  if (rc)
    return rc;
  double t, margin;
  spamcls_model_get_thresholds(model, &t, &margin);
  r->threshold = o->threshold_given ? o->train.tp.threshold : t;
  model_ctx m = {spamcls_scorer_new(model), s, 0};
  if (!m.scorer) {
    spamcls_model_free(model);
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  int input_rc = EXIT_OK;
  for (int i = optind; i < argc; i++) {
    long k = unit_index(s, argv[i], strlen(argv[i]));
    if (k < 0) {
      rc = EXIT_NOMEM;
      cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
      break;
    }
    m.src = (size_t)k;
    rc = read_file(o, argv[i], &r->n, add_scored, &m);
    if (rc == EXIT_NOMEM)
      break;
    if (rc)
      input_rc = rc;
    rc = EXIT_OK;
  }
  spamcls_scorer_free(m.scorer);
  spamcls_model_free(model);
  snprintf(r->what, sizeof r->what, "model %s, threshold %.6g", o->model,
           r->threshold);
  return rc ? rc : input_rc;
}

static int collect_cv(const eval_opts *o, int argc, char **argv, scored *s,
                      report *r)
{
  spamcls_cv *cv = spamcls_cv_new(&o->train.pipe);
  if (!cv) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  int rc = EXIT_OK, input_rc = EXIT_OK;
  for (int i = optind; i < argc && rc != EXIT_NOMEM; i++) {
    rc = read_file(o, argv[i], &r->n, add_cv, cv);
    if (rc && rc != EXIT_NOMEM)
      input_rc = rc;
  }
  if (rc == EXIT_NOMEM) {
    spamcls_cv_free(cv);
    return rc;
  }
  size_t empty;
  spamcls_cv_dropped(cv, &r->duplicates, &r->conflicts, &empty);
  r->n.empty += empty;
  size_t n_spam, n = spamcls_cv_size(cv, &n_spam);
  if (n == 0) {
    spamcls_cv_free(cv);
    return input_rc;  /* reported by the caller: no labeled comments */
  }
  spamcls_train_params tp = o->train.tp;
  if (!o->quiet)
    tp.log = log_to_stderr;
  spamcls_cv_params cp = {o->cv, tp.seed, SPAMCLS_CV_STRATIFIED, tp.threads};
  if (o->group_by)
    cp.grouping = strcmp(o->group_by, "file") == 0 ? SPAMCLS_CV_BY_SOURCE
                                                    : SPAMCLS_CV_BY_GROUP;
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_cv_run(cv, &tp, &cp, &r->folds, &err);
  if (st != SPAMCLS_OK) {
    cli_error("cross-validation: %s", err.msg);
    spamcls_cv_free(cv);
    return st == SPAMCLS_ERR_NOMEM ? EXIT_NOMEM : EXIT_TRAIN;
  }
  r->threshold = tp.threshold;
  for (size_t i = 0; i < n; i++) {
    spamcls_cv_row row;
    spamcls_cv_get(cv, i, &row);
    /* Figures per group value with --group-by FIELD, else per file. */
    long k = cp.grouping == SPAMCLS_CV_BY_GROUP && row.group
                 ? unit_index(s, row.group, row.group_len)
                 : unit_index(s, row.source, strlen(row.source));
    if (k < 0 || scored_push(s, row.probability, row.label, (size_t)k) < 0) {
      cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
      spamcls_cv_free(cv);
      return EXIT_NOMEM;
    }
  }
  spamcls_cv_free(cv);
  if (o->group_by)
    snprintf(r->what, sizeof r->what,
             "leave-one-group-out cross-validation: %u folds, one per %s%s; "
             "%zu comments (%zu spam, %zu ham)",
             r->folds, strcmp(o->group_by, "file") ? "value of " : "",
             o->group_by, n, n_spam, n - n_spam);
  else
    snprintf(r->what, sizeof r->what,
             "%u-fold stratified cross-validation (seed %lu), folds made of "
             "distinct normalized texts; %zu comments (%zu spam, %zu ham), "
             "threshold %.6g",
             r->folds, tp.seed, n, n_spam, n - n_spam, r->threshold);
  return input_rc;
}

/* ---------------------------------------------------------------- outputs */

static int write_plots(const eval_opts *o, const scored *s, const report *r)
{
  if (mkdir(o->plots, 0777) != 0 && errno != EEXIST) {
    cli_error("%s: %s", o->plots, strerror(errno));
    return EXIT_OUTPUT;
  }
  char title[160];
  if (o->cv || o->group_by)
    snprintf(title, sizeof title, "%s, %u folds, %zu comments",
             o->group_by ? "leave one group out" : "cross-validation",
             r->folds, s->n);
  else
    snprintf(title, sizeof title, "%s, %zu comments", base_name(o->model),
             s->n);
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_plots_write(o->plots, s->prob, s->label, s->n,
                                          title, &err);
  if (st != SPAMCLS_OK) {
    cli_error("%s", err.msg);
    return st == SPAMCLS_ERR_NOMEM ? EXIT_NOMEM : EXIT_OUTPUT;
  }
  return EXIT_OK;
}

/* Stores the FPR threshold t so that "spam" (p >= threshold + margin)
 * means exactly p >= t: threshold = t - margin, with the margin narrowed
 * when the band would fall below 0. */
static int write_threshold(const eval_opts *o, const report *r)
{
  double t = r->all.fpr_threshold;
  if (isnan(t)) {
    cli_error("--write-threshold: no threshold for a ham false-positive "
              "rate without ham comments");
    return EXIT_INPUT;
  }
  if (t > 1) {
    cli_error("--write-threshold: no threshold keeps the ham false-positive "
              "rate at or under %g (ham is tied with the top probability)",
              o->target_fpr);
    return EXIT_INPUT;
  }
  spamcls_model *m;
  int rc = cli_load_model(o->write_model, &m);
  if (rc)
    return rc;
  double old_t, margin;
  spamcls_model_get_thresholds(m, &old_t, &margin);
  if (o->margin_given)
    margin = o->train.tp.margin;
  if (margin > t / 2)
    margin = t / 2;
  double thr = t - margin;
  while (thr + margin < t)
    thr = nextafter(thr, 1.0);
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_model_set_thresholds(m, thr, margin);
  if (st == SPAMCLS_OK)
    st = spamcls_model_save(m, o->write_model, &err);
  else
    snprintf(err.msg, sizeof err.msg, "%s: %s", o->write_model,
             spamcls_strerror(st));
  spamcls_model_free(m);
  if (st != SPAMCLS_OK) {
    cli_error("%s", err.msg);
    return st == SPAMCLS_ERR_NOMEM ? EXIT_NOMEM : EXIT_OUTPUT;
  }
  if (!o->quiet)
    fprintf(stderr, "spamcls: wrote threshold %.17g, unsure margin %.17g to "
            "%s (spam at probability >= %.17g)\n", thr, margin,
            o->write_model, t);
  return EXIT_OK;
}

int cmd_eval(int argc, char **argv)
{
  eval_opts o = {.target_fpr = 0.01, .force_label = SPAMCLS_LABEL_NONE};
  cli_train_opts_init(&o.train);
  int rc = parse_eval_opts(argc, argv, &o);
  if (rc) {
    cli_train_opts_free(&o.train);
    return rc < 0 ? EXIT_OK : rc;
  }
  if (!o.cv && !o.group_by && !o.model)
    o.model = cli_default_model();

  scored s = {0};
  report r = {0};
  r.mode = o.cv || o.group_by ? "cross-validation" : "model";
  s.unit = o.group_by && strcmp(o.group_by, "file") != 0 ? "group" : "file";
  int input_rc = o.cv || o.group_by ? collect_cv(&o, argc, argv, &s, &r)
                                    : collect_model(&o, argc, argv, &s, &r);
  if (input_rc != EXIT_OK && input_rc != EXIT_INPUT) {
    rc = input_rc;
    goto done;
  }
  if (s.n == 0) {
    cli_error("no labeled comments to evaluate (%zu records, %zu unlabeled; "
              "--label-col names the label column, --label sets one label "
              "for all)", r.n.records, r.n.unlabeled);
    rc = EXIT_INPUT;
    goto done;
  }
  if (compute_report(&s, o.target_fpr, &r) < 0) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = EXIT_NOMEM;
    goto done;
  }
  if (o.json)
    print_json(&o, &s, &r);
  else
    print_table(&s, &r);
  rc = cli_finish_stdout();
  if (rc == EXIT_OK && o.plots)
    rc = write_plots(&o, &s, &r);
  if (rc == EXIT_OK && o.write_model)
    rc = write_threshold(&o, &r);
  if (rc == EXIT_OK)
    rc = input_rc;
done:
  free(r.per);
  free(r.per_at);
  scored_free(&s);
  cli_train_opts_free(&o.train);
  return rc;
}
