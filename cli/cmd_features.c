/*
 * cmd_features.c - "spamcls features": the debug view of the pipeline.
 * For each comment: its normalized text, then each feature with its
 * bucket and its value in the final vector. --hashed prints libsvm's
 * text format instead ("LABEL INDEX:VALUE ..."), for cross-checks with
 * svm-train.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"

static const char features_help[] =
    "Usage: spamcls features [OPTIONS] [FILE...]\n"
    "Print how spamcls sees each comment: the normalized text and every\n"
    "feature (name, bucket, value in the final vector).\n\n"
    "  -m, --model FILE   use the model's pipeline settings (default: the\n"
    "                     built-in defaults)\n"
    "      --hashed       print libsvm text format lines instead\n"
    "  -h, --help         show this help\n"
    CLI_INPUT_HELP;

static const struct option features_longopts[] = {
  {"model", required_argument, NULL, 'm'},
  {"hashed", no_argument, NULL, OPT_HASHED},
  {"help", no_argument, NULL, 'h'},
  CLI_INPUT_LONGOPTS,
  {NULL, 0, NULL, 0}
};

/* Feature occurrences of one comment, in generation order. */
typedef struct name_list {
  char **names;
  uint32_t *index;
  size_t n, cap;
  int nomem;
} name_list;

static void collect_name(void *ctx, const char *name, size_t len,
                         uint32_t index)
{
  name_list *l = ctx;
  if (l->nomem)
    return;
  for (size_t i = 0; i < l->n; i++)
    if (l->index[i] == index && strlen(l->names[i]) == len &&
        !memcmp(l->names[i], name, len))
      return; /* print each name once */
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    char **nn = realloc(l->names, cap * sizeof *nn);
    if (nn)
      l->names = nn;
    uint32_t *ni = realloc(l->index, cap * sizeof *ni);
    if (ni)
      l->index = ni;
    if (!nn || !ni) {
      l->nomem = 1;
      return;
    }
    l->cap = cap;
  }
  char *s = malloc(len + 1);
  if (!s) {
    l->nomem = 1;
    return;
  }
  memcpy(s, name, len);
  s[len] = '\0';
  l->names[l->n] = s;
  l->index[l->n++] = index;
}

static void clear_names(name_list *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->names[i]);
  l->n = 0;
  l->nomem = 0;
}

static float value_of(const spamcls_vector *v, uint32_t index)
{
  size_t lo = 0, hi = v->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v->f[mid].index < index)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < v->n && v->f[lo].index == index ? v->f[lo].value : 0.0f;
}

static int print_comment(spamcls_extractor *x, const spamcls_comment *c,
                         int hashed, name_list *names)
{
  spamcls_vector v;
  spamcls_status st = spamcls_extract(x, c, &v);
  if (st != SPAMCLS_OK)
    return -1;
  if (hashed) {
    printf("%s", c->label == SPAMCLS_LABEL_SPAM ? "+1" :
                 c->label == SPAMCLS_LABEL_HAM ? "-1" : "0");
    for (size_t i = 0; i < v.n; i++)
      printf(" %u:%.9g", (unsigned)v.f[i].index, (double)v.f[i].value);
    putchar('\n');
    return 0;
  }
  size_t tlen;
  const char *text = spamcls_extractor_text(x, &tlen);
  printf("== %s:%lu", c->source ? c->source : "-", c->line);
  if (c->id) {
    fputs(" id ", stdout);
    cli_tsv_field(stdout, c->id, c->id_len);
  }
  if (c->label != SPAMCLS_LABEL_NONE)
    printf(" label %s", c->label == SPAMCLS_LABEL_SPAM ? "spam" : "ham");
  printf("%s%s\ntext: ", v.empty ? " (empty)" : "",
         v.invalid_utf8 ? " (invalid UTF-8 replaced)" : "");
  fwrite(text, 1, tlen, stdout);
  putchar('\n');
  clear_names(names);
  st = spamcls_extract_names(x, c, collect_name, names);
  if (st != SPAMCLS_OK || names->nomem)
    return -1;
  for (size_t i = 0; i < names->n; i++)
    printf("  %-9u %.4f  %s\n", (unsigned)names->index[i],
           (double)value_of(&v, names->index[i]), names->names[i]);
  return 0;
}

typedef struct print_ctx {
  spamcls_extractor *x;
  int hashed;
  name_list *names;
} print_ctx;

static int print_record(void *ctx, const char *path, const spamcls_comment *c)
{
  print_ctx *pc = ctx;
  if (print_comment(pc->x, c, pc->hashed, pc->names) < 0) {
    cli_error("%s:%lu: %s", path, c->line, spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  return ferror(stdout) ? EXIT_OUTPUT : EXIT_OK;
}

int cmd_features(int argc, char **argv)
{
  const char *model_path = NULL;
  int hashed = 0;
  cli_input_opts in = {{0}};
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":m:h", features_longopts, NULL)) != -1) {
    int r = cli_input_option("features", c, optarg, &in);
    if (r < 0)
      return EXIT_USAGE;
    if (r > 0)
      continue;
    switch (c) {
    case 'm': model_path = optarg; break;
    case OPT_HASHED: hashed = 1; break;
    case 'h':
      fputs(features_help, stdout);
      return cli_finish_stdout();
    case ':':
      return cli_usage_error("features", "option '%s' needs a value", argv[optind - 1]);
    default:
      return cli_usage_error("features", "unknown option '%s'", argv[optind - 1]);
    }
  }
  spamcls_pipeline pipe;
  spamcls_pipeline_default(&pipe);
  spamcls_model *m = NULL;
  if (model_path) {
    int rc = cli_load_model(model_path, &m);
    if (rc)
      return rc;
    pipe = *spamcls_model_pipeline(m);
  }
  /* The extractor copies what it needs (the lexicon too). */
  spamcls_extractor *x = spamcls_extractor_new(&pipe);
  spamcls_model_free(m);
  if (!x) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return EXIT_NOMEM;
  }
  name_list names = {0};
  int rc = EXIT_OK;
  int nfiles = argc - optind;
  print_ctx pc = {x, hashed, &names};
  for (int i = 0; i < (nfiles ? nfiles : 1) && rc != EXIT_NOMEM; i++) {
    int r = cli_each_record(nfiles ? argv[optind + i] : "-", &in.ro,
                            print_record, &pc);
    if (r != EXIT_OK && r != EXIT_OUTPUT)
      rc = r;
    if (r == EXIT_OUTPUT)
      break;  /* cli_finish_stdout reports it */
  }
  clear_names(&names);
  free(names.names);
  free(names.index);
  spamcls_extractor_free(x);
  int out = cli_finish_stdout();
  return out ? out : rc;
}
