/*
 * cmd_train.c - "spamcls train": labeled comments in, a model file out,
 * written atomically so an interrupted run leaves an earlier model intact.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "options.h"

static const char train_help[] =
    "Usage: spamcls train -o MODEL [OPTIONS] FILE...\n"
    "Train a linear SVM on labeled comments and write MODEL. Records with\n"
    "no label are skipped; comments whose normalized text repeats are kept\n"
    "once.\n\n"
    "  -o, --output MODEL     the model file to write (required)\n"
    "      --solver S         libsvm, liblinear or auto (default: auto = libsvm\n"
    "                         up to 5000 comments, liblinear above: libsvm's\n"
    "                         time grows with the square of the comments)\n"
    "  -C, --cost C           SVM cost (default 1)\n"
    "      --tune             choose C by cross-validation\n"
    "      --folds K          folds for --tune and calibration (default 5)\n"
    "      --seed N           fold assignment seed (default 1)\n"
    "      --weight-spam W    class weights (default: balanced)\n"
    "      --weight-ham W\n"
    "      --threshold P      spam probability threshold stored in the model (0.5)\n"
    "      --unsure-margin M  unsure half-width stored in the model (0.1)\n"
    "      --hash-bits B      2^B feature buckets (default 20)\n"
    "      --word-ngrams N    1: words, 2: words and pairs (default 2)\n"
    "      --char-ngrams A-B  character n-gram lengths, 0-0 for none\n"
    "      --lexicon FILE     add the lexicon family: matches of FILE's terms\n"
    "                         (\"CLASS TERM\" lines; stored in the model)\n"
    "  -q, --quiet            no progress on stderr\n"
    "  -h, --help             show this help\n"
    CLI_INPUT_HELP;

static const struct option train_longopts[] = {
  {"output", required_argument, NULL, 'o'},
  {"solver", required_argument, NULL, OPT_SOLVER},
  {"cost", required_argument, NULL, 'C'},
  {"tune", no_argument, NULL, OPT_TUNE},
  {"folds", required_argument, NULL, OPT_FOLDS},
  {"seed", required_argument, NULL, OPT_SEED},
  {"weight-spam", required_argument, NULL, OPT_WEIGHT_SPAM},
  {"weight-ham", required_argument, NULL, OPT_WEIGHT_HAM},
  {"threshold", required_argument, NULL, OPT_THRESHOLD},
  {"unsure-margin", required_argument, NULL, OPT_MARGIN},
  {"hash-bits", required_argument, NULL, OPT_HASH_BITS},
  {"word-ngrams", required_argument, NULL, OPT_WORD_NGRAMS},
  {"char-ngrams", required_argument, NULL, OPT_CHAR_NGRAMS},
  {"lexicon", required_argument, NULL, OPT_LEXICON},
  {"quiet", no_argument, NULL, 'q'},
  {"help", no_argument, NULL, 'h'},
  CLI_INPUT_LONGOPTS,
  {NULL, 0, NULL, 0}
};

typedef struct train_opts {
  const char *output;
  int quiet;
  spamcls_train_params tp;
  spamcls_pipeline pipe;
  const char *lexicon_path;
  char *lexicon;  /* read from lexicon_path; freed by cmd_train */
  cli_input_opts in;
} train_opts;

static int parse_char_ngrams(const char *s, spamcls_pipeline *p)
{
  char *end;
  unsigned long a = strtoul(s, &end, 10);
  if (end == s || *end != '-')
    return -1;
  const char *b_s = end + 1;
  unsigned long b = strtoul(b_s, &end, 10);
  if (end == b_s || *end || a > b || b > 10)
    return -1;
  p->char_min = (unsigned)a;
  p->char_max = (unsigned)b;
  return 0;
}

static int parse_train_opts(int argc, char **argv, train_opts *o)
{
  int c;
  unsigned long v;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":o:C:qh", train_longopts, NULL)) != -1) {
    int r = cli_input_option("train", c, optarg, &o->in);
    if (r < 0)
      return EXIT_USAGE;
    if (r > 0)
      continue;
    switch (c) {
    case 'o': o->output = optarg; break;
    case OPT_SOLVER:
      if (!strcmp(optarg, "libsvm")) o->tp.solver = SPAMCLS_SOLVER_LIBSVM;
      else if (!strcmp(optarg, "liblinear")) o->tp.solver = SPAMCLS_SOLVER_LIBLINEAR;
      else if (!strcmp(optarg, "auto")) o->tp.solver = SPAMCLS_SOLVER_AUTO;
      else return cli_usage_error("train", "unknown solver '%s' (libsvm, liblinear, auto)", optarg);
      break;
    case 'C':
      if (cli_parse_double("train", "--cost", optarg, 1e-6, 1e6, &o->tp.C) < 0)
        return EXIT_USAGE;
      break;
    case OPT_TUNE: o->tp.tune = 1; break;
    case OPT_FOLDS:
      if (cli_parse_uint("train", "--folds", optarg, 2, 100, &v) < 0)
        return EXIT_USAGE;
      o->tp.folds = (unsigned)v;
      break;
    case OPT_SEED:
      if (cli_parse_uint("train", "--seed", optarg, 0, 4294967295ul, &v) < 0)
        return EXIT_USAGE;
      o->tp.seed = v;
      break;
    case OPT_WEIGHT_SPAM:
      if (cli_parse_double("train", "--weight-spam", optarg, 1e-6, 1e6, &o->tp.weight_spam) < 0)
        return EXIT_USAGE;
      break;
    case OPT_WEIGHT_HAM:
      if (cli_parse_double("train", "--weight-ham", optarg, 1e-6, 1e6, &o->tp.weight_ham) < 0)
        return EXIT_USAGE;
      break;
    case OPT_THRESHOLD:
      if (cli_parse_double("train", "--threshold", optarg, 0, 1, &o->tp.threshold) < 0)
        return EXIT_USAGE;
      break;
    case OPT_MARGIN:
      if (cli_parse_double("train", "--unsure-margin", optarg, 0, 0.5, &o->tp.margin) < 0)
        return EXIT_USAGE;
      break;
    case OPT_HASH_BITS:
      if (cli_parse_uint("train", "--hash-bits", optarg, 10, 24, &v) < 0)
        return EXIT_USAGE;
      o->pipe.hash_bits = (unsigned)v;
      break;
    case OPT_WORD_NGRAMS:
      if (cli_parse_uint("train", "--word-ngrams", optarg, 1, 2, &v) < 0)
        return EXIT_USAGE;
      o->pipe.word_ngrams = (unsigned)v;
      break;
    case OPT_CHAR_NGRAMS:
      if (parse_char_ngrams(optarg, &o->pipe) < 0)
        return cli_usage_error("train", "--char-ngrams expects MIN-MAX (0-0, or 1 to 10), not '%s'", optarg);
      if (o->pipe.char_max == 0)
        o->pipe.flags &= ~(unsigned)SPAMCLS_F_CHARS;
      break;
    case OPT_LEXICON: o->lexicon_path = optarg; break;
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
  if (o->lexicon_path) {
    spamcls_error err = {{0}};
    spamcls_status st = spamcls_lexicon_read(o->lexicon_path, &o->lexicon,
                                             &o->pipe.lexicon_len, &err);
    if (st != SPAMCLS_OK) {
      cli_error("%s", err.msg);
      return cli_exit_for(st);
    }
    o->pipe.lexicon = o->lexicon;
    o->pipe.flags |= SPAMCLS_F_LEXICON;
  }
  const char *why = spamcls_pipeline_check(&o->pipe);
  if (why)
    return cli_usage_error("train", "%s", why);
  return 0;
}

static void log_to_stderr(void *ctx, const char *msg)
{
  (void)ctx;
  fprintf(stderr, "spamcls: %s\n", msg);
}

typedef struct read_counts {
  size_t records, unlabeled, skipped_dups;
} read_counts;

/* Adds one file's labeled comments; returns an exit code (EXIT_INPUT for
 * bad records, which do not stop training) or -1 to stop now. */
static int add_file(spamcls_dataset *ds, const train_opts *o, const char *path,
                    read_counts *n)
{
  spamcls_reader *rd;
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_reader_open(path, &o->in.ro, &rd, &err);
  if (st != SPAMCLS_OK) {
    cli_error("%s", err.msg);
    return st == SPAMCLS_ERR_NOMEM ? -1 : EXIT_INPUT;
  }
  int rc = EXIT_OK;
  spamcls_comment c;
  while ((st = spamcls_reader_next(rd, &c, &err)) != SPAMCLS_EOF) {
    if (st == SPAMCLS_ERR_FORMAT || st == SPAMCLS_ERR_LIMIT) {
      cli_warn("%s (skipped)", err.msg);
      rc = EXIT_INPUT;
      continue;
    }
    if (st != SPAMCLS_OK) {
      cli_error("%s", err.msg);
      rc = st == SPAMCLS_ERR_NOMEM ? -1 : EXIT_INPUT;
      break;
    }
    n->records++;
    if (c.label == SPAMCLS_LABEL_NONE) {
      n->unlabeled++;
      continue;
    }
    int added;
    st = spamcls_dataset_add(ds, &c, &added);
    if (st != SPAMCLS_OK) {
      cli_error("%s:%lu: %s", path, c.line, spamcls_strerror(st));
      rc = -1;
      break;
    }
    if (!added)
      n->skipped_dups++;
  }
  spamcls_reader_close(rd);
  return rc;
}

int cmd_train(int argc, char **argv)
{
  train_opts o = {0};
  spamcls_train_params_default(&o.tp);
  spamcls_pipeline_default(&o.pipe);
  int rc = parse_train_opts(argc, argv, &o);
  if (rc) {
    free(o.lexicon);
    return rc < 0 ? EXIT_OK : rc;
  }
  if (!o.quiet)
    o.tp.log = log_to_stderr;

  spamcls_dataset *ds = spamcls_dataset_new(&o.pipe);
  free(o.lexicon);  /* the dataset keeps its own copy */
  o.lexicon = NULL;
  o.pipe.lexicon = NULL;
  if (!ds) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  read_counts n = {0};
  int input_rc = EXIT_OK;
  for (int i = optind; i < argc; i++) {
    int r = add_file(ds, &o, argv[i], &n);
    if (r < 0) {
      spamcls_dataset_free(ds);
      return EXIT_NOMEM;
    }
    if (r)
      input_rc = r;
  }
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
  spamcls_status st = spamcls_train(ds, &o.tp, &model, &err);
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
