/*
 * cmd_learn.c - "spamcls learn": a moderator's corrections into a site
 * model. All or nothing: the model file is replaced (atomically) only when
 * every input was read whole; a model that does not load, or an input
 * with a bad record or binary data, changes nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "options.h"

static const char learn_help[] =
    "Usage: spamcls learn -m SITE.model [OPTIONS] FILE...\n"
    "Learn labeled comments (corrections) into SITE.model, or take them back.\n"
    "SITE.model is created from the base model when it does not exist, and\n"
    "is replaced atomically, only when every input was read without error.\n"
    "Comments are matched by their normalized text and author.\n\n"
    "  -m, --model SITE.model  the model to change (required)\n"
    "      --base MODEL        start from MODEL (default: $SPAMCLS_MODEL or\n"
    "                          the shipped model); with an existing SITE.model,\n"
    "                          move its corrections onto MODEL\n"
    "      --spam, --ham       learn every comment as spam (ham), whatever its\n"
    "                          label; any format, plain text one per line\n"
    "      --forget            take back what was learned from these comments\n"
    "      --cost C            cost of a learned comment short of its target\n"
    "                          (default: the model's, else 100)\n"
    "      --gap G             log-odds past the unsure band, on the comment's\n"
    "                          side (default: the model's, else 10)\n"
    "      --prior P           how much more a feature common in the base\n"
    "                          model's ham training comments resists moving\n"
    "                          (0: no more than a rare one; default: the\n"
    "                          model's, else 3000)\n"
    "  -q, --quiet             no summary on stderr\n"
    "  -h, --help              show this help\n"
    "Records without a label are skipped (use --spam or --ham).\n"
    "$SOURCE_DATE_EPOCH, when set, is the time written to the learning log.\n"
    CLI_INPUT_HELP;

enum { OPT_BASE = OPT_HELP + 100, OPT_SPAM, OPT_HAM, OPT_FORGET, OPT_COST,
       OPT_GAP, OPT_PRIOR };

static const struct option learn_longopts[] = {
  {"model", required_argument, NULL, 'm'},
  {"base", required_argument, NULL, OPT_BASE},
  {"spam", no_argument, NULL, OPT_SPAM},
  {"ham", no_argument, NULL, OPT_HAM},
  {"forget", no_argument, NULL, OPT_FORGET},
  {"cost", required_argument, NULL, OPT_COST},
  {"gap", required_argument, NULL, OPT_GAP},
  {"prior", required_argument, NULL, OPT_PRIOR},
  {"quiet", no_argument, NULL, 'q'},
  {"help", no_argument, NULL, 'h'},
  CLI_INPUT_LONGOPTS,
  {NULL, 0, NULL, 0}
};

typedef struct learn_opts {
  const char *model, *base;
  spamcls_label force;  /* --spam / --ham, else NONE */
  int forget, quiet;
  spamcls_learn_params lp;
  cli_input_opts in;
} learn_opts;

static int parse_learn_opts(int argc, char **argv, learn_opts *o)
{
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":m:qh", learn_longopts, NULL)) != -1) {
    int r = cli_input_option("learn", c, optarg, &o->in);
    if (r < 0)
      return EXIT_USAGE;
    if (r > 0)
      continue;
    switch (c) {
    case 'm': o->model = optarg; break;
    case OPT_BASE: o->base = optarg; break;
    case OPT_SPAM:
    case OPT_HAM:
      if (o->force != SPAMCLS_LABEL_NONE)
        return cli_usage_error("learn", "--spam and --ham exclude each other");
      o->force = c == OPT_SPAM ? SPAMCLS_LABEL_SPAM : SPAMCLS_LABEL_HAM;
      break;
    case OPT_FORGET: o->forget = 1; break;
    case OPT_COST:
      if (cli_parse_double("learn", "--cost", optarg, 1e-6, 1e6, &o->lp.C) < 0)
        return EXIT_USAGE;
      break;
    case OPT_GAP:
      if (cli_parse_double("learn", "--gap", optarg, 0, 20, &o->lp.gap) < 0)
        return EXIT_USAGE;
      break;
    case OPT_PRIOR:
      if (cli_parse_double("learn", "--prior", optarg, 0, 1e6, &o->lp.prior) <
          0)
        return EXIT_USAGE;
      break;
    case 'q': o->quiet = 1; break;
    case 'h':
      fputs(learn_help, stdout);
      return cli_finish_stdout() == EXIT_OK ? -1 : EXIT_OUTPUT;
    case ':':
      return cli_usage_error("learn", "option '%s' needs a value",
                             argv[optind - 1]);
    default:
      return cli_usage_error("learn", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (!o->model)
    return cli_usage_error("learn", "no model given (-m SITE.model)");
  if (o->forget && o->force != SPAMCLS_LABEL_NONE)
    return cli_usage_error("learn", "--forget takes no --spam or --ham");
  if (optind >= argc)
    return cli_usage_error("learn", "no input files given");
  return 0;
}

/* The model to change: SITE.model, or the base when it does not exist
 * yet, or SITE.model's corrections moved onto --base. */
static int open_model(const learn_opts *o, spamcls_model **out)
{
  struct stat sb;
  if (stat(o->model, &sb) != 0 && errno == ENOENT)
    return cli_load_model(o->base ? o->base : cli_default_model(), out);
  spamcls_model *site;
  int rc = cli_load_model(o->model, &site);
  if (rc || !o->base) {
    *out = site;
    return rc;
  }
  rc = cli_load_model(o->base, out);
  if (rc) {
    spamcls_model_free(site);
    return rc;
  }
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_model_rebase(*out, site, &err);
  spamcls_model_free(site);
  if (st != SPAMCLS_OK) {
    cli_error("%s: %s", o->base, err.msg[0] ? err.msg : spamcls_strerror(st));
    spamcls_model_free(*out);
    *out = NULL;
    return st == SPAMCLS_ERR_NOMEM ? EXIT_NOMEM : EXIT_MODEL;
  }
  return EXIT_OK;
}

typedef struct learn_ctx {
  const learn_opts *o;
  spamcls_learner *l;
  size_t count[SPAMCLS_LEARN_NOT_LEARNED + 1][2];  /* [outcome][spam] */
  size_t unlabeled, binary;
} learn_ctx;

static int learn_record(void *ctx, const char *path, const spamcls_comment *c)
{
  learn_ctx *x = ctx;
  if (c->text && memchr(c->text, '\0', c->text_len)) {
    /* a binary file read as text: refuse it rather than learn noise */
    cli_error("%s:%lu: binary data (a NUL byte) in a comment", path, c->line);
    x->binary++;
    return EXIT_INPUT;
  }
  spamcls_label label = x->o->forget ? SPAMCLS_LABEL_NONE
                        : x->o->force != SPAMCLS_LABEL_NONE ? x->o->force
                                                            : c->label;
  if (!x->o->forget && label == SPAMCLS_LABEL_NONE) {
    x->unlabeled++;
    return EXIT_OK;
  }
  spamcls_learn_outcome out;
  spamcls_status st = spamcls_learner_add(x->l, c, label, &out);
  if (st != SPAMCLS_OK) {
    cli_error("%s:%lu: %s", path, c->line, spamcls_strerror(st));
    return cli_exit_for(st);
  }
  x->count[out][label == SPAMCLS_LABEL_SPAM]++;
  return EXIT_OK;
}

static long long learn_time(void)
{
  const char *e = getenv("SOURCE_DATE_EPOCH");
  if (e && *e) {
    char *end;
    long long t = strtoll(e, &end, 10);
    if (*end == '\0' && t >= 0)
      return t;
  }
  return (long long)time(NULL);
}

static void report(const learn_ctx *x, const spamcls_model *m,
                   const char *path)
{
  const size_t(*n)[2] = x->count;
  size_t spam, ham;
  spamcls_model_learned(m, &spam, &ham);
  if (x->o->forget)
    fprintf(stderr, "spamcls: %s: forgot %zu corrections; %zu comments "
            "were never learned\n", path, n[SPAMCLS_LEARN_FORGOTTEN][0],
            n[SPAMCLS_LEARN_NOT_LEARNED][0]);
  else
    fprintf(stderr, "spamcls: %s: learned %zu spam and %zu ham (%zu of them "
            "relabeled), %zu already known, %zu empty skipped\n", path,
            n[SPAMCLS_LEARN_ADDED][1] + n[SPAMCLS_LEARN_RELABELED][1],
            n[SPAMCLS_LEARN_ADDED][0] + n[SPAMCLS_LEARN_RELABELED][0],
            n[SPAMCLS_LEARN_RELABELED][0] + n[SPAMCLS_LEARN_RELABELED][1],
            n[SPAMCLS_LEARN_KNOWN][0] + n[SPAMCLS_LEARN_KNOWN][1],
            n[SPAMCLS_LEARN_EMPTY][0] + n[SPAMCLS_LEARN_EMPTY][1]);
  if (x->unlabeled)
    fprintf(stderr, "spamcls: %zu records without a label skipped (use "
            "--spam or --ham)\n", x->unlabeled);
  fprintf(stderr, "spamcls: %s now holds %zu spam and %zu ham corrections\n",
          path, spam, ham);
}

int cmd_learn(int argc, char **argv)
{
  learn_opts o;
  memset(&o, 0, sizeof o);
  o.force = SPAMCLS_LABEL_NONE;
  o.lp.gap = -1;
  o.lp.prior = -1;
  int rc = parse_learn_opts(argc, argv, &o);
  if (rc)
    return rc < 0 ? EXIT_OK : rc;
  spamcls_model *m;
  rc = open_model(&o, &m);
  if (rc)
    return rc;
  learn_ctx x;
  memset(&x, 0, sizeof x);
  x.o = &o;
  x.l = spamcls_learner_new(m);
  if (!x.l) {
    spamcls_model_free(m);
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  for (int i = optind; i < argc && rc == EXIT_OK; i++)
    rc = cli_each_record(argv[i], &o.in.ro, learn_record, &x);
  spamcls_error err = {{0}};
  spamcls_status st = SPAMCLS_OK;
  if (rc == EXIT_OK)
    st = spamcls_learner_commit(x.l, learn_time(), &o.lp, &err);
  spamcls_learner_free(x.l);
  if (rc == EXIT_OK && st != SPAMCLS_OK) {
    cli_error("%s", err.msg[0] ? err.msg : spamcls_strerror(st));
    rc = cli_exit_for(st);
  }
  if (rc == EXIT_OK) {
    st = spamcls_model_save(m, o.model, &err);
    if (st != SPAMCLS_OK) {
      cli_error("%s", err.msg);
      rc = st == SPAMCLS_ERR_NOMEM ? EXIT_NOMEM : EXIT_OUTPUT;
    }
  } else {
    cli_error("%s: not changed", o.model);
  }
  if (rc == EXIT_OK && !o.quiet)
    report(&x, m, o.model);
  spamcls_model_free(m);
  return rc;
}
