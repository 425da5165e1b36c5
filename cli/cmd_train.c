/*
 * cmd_train.c - "spamcls train": labeled comments in, a model file out,
 * written atomically so an interrupted run leaves an earlier model intact.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "comment_batch.h"
#include "options.h"
#include "train_opts.h"

static const char train_help[] =
    "Usage: spamcls train -o MODEL [OPTIONS] FILE...\n"
    "Train a linear SVM on labeled comments and write MODEL. Records with\n"
    "no label are skipped; comments whose normalized text repeats are kept\n"
    "once.\n\n"
    "  -o, --output MODEL     the model file to write (required)\n"
    "  -q, --quiet            no progress on stderr\n"
    "  -h, --help             show this help\n"
    CLI_TRAIN_HELP
    CLI_INPUT_HELP;

static const struct option train_longopts[] = {
  {"output", required_argument, NULL, 'o'},
  {"quiet", no_argument, NULL, 'q'},
  {"help", no_argument, NULL, 'h'},
  CLI_TRAIN_LONGOPTS,
  CLI_INPUT_LONGOPTS,
  {NULL, 0, NULL, 0}
};

typedef struct train_opts {
  const char *output;
  int quiet;
  cli_train_opts t;
  cli_input_opts in;
} train_opts;

static int parse_train_opts(int argc, char **argv, train_opts *o)
{
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":o:qh" CLI_TRAIN_SHORTOPTS,
                          train_longopts, NULL)) != -1) {
    int r = cli_input_option("train", c, optarg, &o->in);
    if (r == 0)
      r = cli_train_option("train", c, optarg, &o->t);
    if (r < 0)
      return EXIT_USAGE;
    if (r > 0)
      continue;
    switch (c) {
    case 'o': o->output = optarg; break;
    case 'q': o->quiet = 1; break;
    case 'h':
      fputs(train_help, stdout);
      return cli_finish_stdout() == EXIT_OK ? -1 : EXIT_OUTPUT;
    case ':':
      return cli_usage_error("train", "option '%s' needs a value", argv[optind - 1]);
    default:
      return cli_usage_error("train", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (!o->output)
    return cli_usage_error("train", "no model file given (-o MODEL)");
  if (optind >= argc)
    return cli_usage_error("train", "no input files given");
  /* The model would replace the data it is trained from. */
  struct stat out, in;
  if (stat(o->output, &out) == 0)
    for (int i = optind; i < argc; i++)
      if (strcmp(argv[i], "-") && stat(argv[i], &in) == 0 &&
          in.st_dev == out.st_dev && in.st_ino == out.st_ino)
        return cli_usage_error("train", "the model file '%s' is the input "
                               "'%s'", o->output, argv[i]);
  return cli_train_opts_finish("train", &o->t);
}

static void log_to_stderr(void *ctx, const char *msg)
{
  (void)ctx;
  fprintf(stderr, "spamcls: %s\n", msg);
}

typedef struct read_counts {
  size_t records, unlabeled, skipped_dups;
} read_counts;

/* Labeled comments are copied into a batch, and a full batch is added
 * at once: their features are extracted on every processor. */
#define BATCH_RECORDS 8192
#define BATCH_BYTES (8u << 20)

typedef struct add_ctx {
  spamcls_dataset *ds;
  read_counts *n;
  unsigned jobs;  /* 0: one thread per processor */
  comment_batch batch;
} add_ctx;

/* Adds the batch to the dataset; EXIT_OK or the exit code of an error,
 * reported with the file and line of the comment it stopped at. */
static int add_batch(add_ctx *a)
{
  size_t n = a->batch.n, added = 0, failed = 0;
  const spamcls_comment *c = comment_batch_comments(&a->batch);
  spamcls_status st = c || !n ? spamcls_dataset_add_batch(a->ds, c, n, a->jobs, &added,
                                                          &failed)
                              : SPAMCLS_ERR_NOMEM;
  a->n->skipped_dups += (st == SPAMCLS_OK ? n : failed) - added;
  if (st != SPAMCLS_OK) {
    if (c && failed < n)
      cli_error("%s:%lu: %s", c[failed].source, c[failed].line,
                spamcls_strerror(st));
    else
      cli_error("%s", spamcls_strerror(st));
  }
  comment_batch_clear(&a->batch);
  return st == SPAMCLS_OK ? EXIT_OK : cli_exit_for(st);
}

static int add_comment(void *ctx, const char *path, const spamcls_comment *c)
{
  (void)path;
  add_ctx *a = ctx;
  a->n->records++;
  if (c->label == SPAMCLS_LABEL_NONE) {
    a->n->unlabeled++;
    return EXIT_OK;
  }
  if (comment_batch_add(&a->batch, c) < 0) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  if (a->batch.n >= BATCH_RECORDS || comment_batch_bytes(&a->batch) >= BATCH_BYTES)
    return add_batch(a);
  return EXIT_OK;
}

int cmd_train(int argc, char **argv)
{
  train_opts o = {0};
  cli_train_opts_init(&o.t);
  int rc = parse_train_opts(argc, argv, &o);
  if (rc) {
    cli_train_opts_free(&o.t);
    return rc < 0 ? EXIT_OK : rc;
  }
  if (!o.quiet)
    o.t.tp.log = log_to_stderr;

  spamcls_dataset *ds = spamcls_dataset_new(&o.t.pipe);
  cli_train_opts_free(&o.t);  /* the dataset keeps its own copy */
  if (!ds) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  read_counts n = {0};
  int input_rc = EXIT_OK;
  add_ctx a = {ds, &n, o.t.tp.threads, {0}};
  for (int i = optind; i < argc; i++) {
    int r = cli_each_record(argv[i], &o.in.ro, add_comment, &a);
    int r2 = add_batch(&a);  /* the rest of the file */
    if (r == EXIT_OK || r == EXIT_INPUT)
      r = r2 ? r2 : r;
    if (r != EXIT_OK && r != EXIT_INPUT) {
      comment_batch_free(&a.batch);
      spamcls_dataset_free(ds);
      return r;
    }
    if (r)
      input_rc = r;
  }
  comment_batch_free(&a.batch);
  size_t n_spam;
  size_t total = spamcls_dataset_size(ds, &n_spam);
  if (!o.quiet)
    fprintf(stderr,
            "spamcls: %zu records read: %zu unlabeled skipped, %zu duplicate or "
            "empty dropped; training on %zu (%zu spam, %zu ham)\n",
            n.records, n.unlabeled, n.skipped_dups, total, n_spam,
            total - n_spam);

  spamcls_model *model = NULL;
  spamcls_error err = {{0}};
  clock_t t0 = clock();
  spamcls_status st = spamcls_train(ds, &o.t.tp, &model, &err);
  spamcls_dataset_free(ds);
  if (st != SPAMCLS_OK) {
    cli_error("%s", err.msg[0] ? err.msg : spamcls_strerror(st));
    return cli_exit_for(st);
  }
  st = spamcls_model_save(model, o.output, &err);
  spamcls_model_free(model);
  if (st != SPAMCLS_OK) {
    cli_error("%s", err.msg);
    return st == SPAMCLS_ERR_NOMEM ? EXIT_NOMEM : EXIT_OUTPUT;
  }
  if (!o.quiet)
    fprintf(stderr, "spamcls: wrote %s (trained in %.1f s of CPU)\n", o.output,
            (double)(clock() - t0) / CLOCKS_PER_SEC);
  return input_rc;
}
