/*
 * fit_libsvm.c - C-SVC with a linear kernel (libsvm, svm_train), collapsed
 * to one weight vector.
 *
 * The decision function of a linear C-SVC is
 *   f(x) = sum_i coef_i <sv_i, x> - rho = <w, x> + b,
 * with w = sum_i coef_i sv_i and b = -rho; f > 0 means label[0]. libsvm
 * orders labels by first occurrence, except that a set labeled exactly
 * -1/+1 is swapped to put +1 first. We label spam 1 and ham 0, so the
 * order is simply that of the data, read it from svm_get_labels and flip
 * the sign when ham came first: one rule, exercised by every test that
 * trains ham-first. w is accumulated in double, support vector by support
 * vector in libsvm's order, so the same data gives the same float
 * weights.
 *
 * libsvm is deterministic for C-SVC without probability estimates (no
 * rand()), and its time grows about quadratically with the comments.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libsvm/svm.h>

#include "classifier.h"

static pthread_once_t print_once = PTHREAD_ONCE_INIT;

static void install_print(void)
{
  svm_set_print_string_function(sc_solver_print);
}

/* Nodes for rows[0..n): each vector then index -1. */
static struct svm_node *make_nodes(const spamcls_dataset *d,
                                   const size_t *rows, size_t n,
                                   struct svm_node **x)
{
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    size_t k;
    if (i > 0 && rows[i] == rows[i - 1])
      continue;  /* a repeat (balance.c) shares the nodes of its row */
    sc_dataset_vector(d, rows[i], &k);
    total += k + 1;
  }
  struct svm_node *pool = malloc(total * sizeof *pool);
  if (!pool)
    return NULL;
  struct svm_node *at = pool;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && rows[i] == rows[i - 1]) {
      x[i] = x[i - 1];
      continue;
    }
    size_t k;
    const spamcls_feature *f = sc_dataset_vector(d, rows[i], &k);
    x[i] = at;
    for (size_t j = 0; j < k; j++) {
      at->index = (int)f[j].index;
      at->value = f[j].value;
      at++;
    }
    at->index = -1;
    at->value = 0;
    at++;
  }
  return pool;
}

static spamcls_status collapse(const struct svm_model *m, uint32_t dim,
                               sc_linear *out, spamcls_error *err)
{
  int labels[2];
  if (svm_get_nr_class(m) != 2)
    return sc_error(err, SPAMCLS_ERR_TRAIN, "%s:%d: libsvm returned %d classes",
                    __FILE__, __LINE__, svm_get_nr_class(m));
  svm_get_labels(m, labels);
  double sign = labels[0] == 1 ? 1.0 : -1.0;
  double *w = calloc((size_t)dim + 1, sizeof *w);
  if (!w || sc_linear_init(out, dim) < 0) {
    free(w);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  }
  for (int i = 0; i < m->l; i++) {
    double c = m->sv_coef[0][i];
    for (const struct svm_node *v = m->SV[i]; v->index != -1; v++)
      if (v->index >= 1 && (uint32_t)v->index <= dim)
        w[v->index] += c * v->value;
  }
  for (uint32_t j = 1; j <= dim; j++)
    out->w[j] = (float)(sign * w[j]);
  out->b = sign * -m->rho[0];
  free(w);
  return SPAMCLS_OK;
}

spamcls_status sc_fit_libsvm(const spamcls_dataset *d, const size_t *rows,
                             size_t n, const sc_fit_setup *s,
                             const spamcls_train_params *p, sc_linear *out,
                             spamcls_error *err)
{
  if (n > (size_t)INT32_MAX)
    return sc_error(err, SPAMCLS_ERR_LIMIT, "%s:%d: too many comments for libsvm",
                    __FILE__, __LINE__);
  uint32_t dim = 1u << sc_dataset_pipeline(d)->hash_bits;
  struct svm_node **x = malloc(n * sizeof *x);
  double *y = malloc(n * sizeof *y);
  struct svm_node *pool = x && y ? make_nodes(d, rows, n, x) : NULL;
  if (!pool) {
    free(x);
    free(y);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  }
  for (size_t i = 0; i < n; i++)
    y[i] = sc_dataset_label(d, rows[i]) == SPAMCLS_LABEL_SPAM ? 1.0 : 0.0;
  struct svm_problem prob = {(int)n, y, x};

  int wlabel[2] = {1, 0};
  double weight[2] = {s->weight_spam, s->weight_ham};
  struct svm_parameter par;
  memset(&par, 0, sizeof par);
  par.svm_type = C_SVC;
  par.kernel_type = LINEAR;
  /* The kernel cache holds rows of Q (floats); a full matrix for 5,000
   * comments is about 100 MB. */
  double full_mb = (double)n * (double)n * 4.0 / 1048576.0;
  par.cache_size = full_mb < 32 ? 32 : full_mb > 256 ? 256 : full_mb;
  par.eps = 1e-3;
  par.C = s->C;
  par.nr_weight = 2;
  par.weight_label = wlabel;
  par.weight = weight;
  par.shrinking = 1;
  par.probability = 0;

  spamcls_status st = SPAMCLS_OK;
  const char *why = svm_check_parameter(&prob, &par);
  if (why) {
    st = sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: libsvm: %s", __FILE__,
                  __LINE__, why);
  } else {
    pthread_once(&print_once, install_print);
    sc_train_log(p, "libsvm: %zu comments (%zu spam, %zu ham), C %g, "
                 "weights spam %g ham %g", n, s->n_spam, s->n_ham, s->C,
                 s->weight_spam, s->weight_ham);
    sc_solver_sink sink;
    sc_solver_sink_open(&sink, p, "libsvm: ");
    struct svm_model *m = svm_train(&prob, &par);
    sc_solver_sink_close(&sink);
    if (!m) {
      st = sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: libsvm failed", __FILE__,
                    __LINE__);
    } else {
      /* The model points into pool: collapse before freeing it. */
      st = collapse(m, dim, out, err);
      svm_free_and_destroy_model(&m);
    }
  }
  free(pool);
  free(x);
  free(y);
  return st;
}
