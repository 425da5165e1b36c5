/*
 * fit.c - one SVM fit on a subset of a dataset: resolves the solver, the
 * cost and the class weights, then hands over to fit_libsvm.c,
 * fit_liblinear.c or fit_dcd.c.
 *
 * C defaults to 1: in 5-fold CV (liblinear) over the grid 0.01..100 it
 * was the best C on YouTube (MCC 0.942) and within 0.003 of the best on
 * blog comments (0.914 vs 0.917 at C 10) and gambling comments (0.993 vs
 * 0.993); smaller C loses fast (0.857 / 0.747 / 0.973 at C 0.01).
 * Class weights multiply C per class. "Balanced" (a weight <= 0) is
 * n / (2 n_class) on the rows being fitted, so that each class carries
 * half of the total loss however imbalanced the data. With
 * balance_sources the rows are first balanced within each source
 * (balance.c) and the class weights apply to the result.
 */
#include <math.h>
#include <stdlib.h>

#include "classifier.h"

spamcls_solver sc_solver_resolve(spamcls_solver s, size_t n)
{
  if (s == SPAMCLS_SOLVER_AUTO)
    return n <= SPAMCLS_AUTO_LIBSVM_MAX ? SPAMCLS_SOLVER_LIBSVM
                                        : SPAMCLS_SOLVER_DCD;
  return s;
}

const char *sc_solver_name(spamcls_solver s)
{
  switch (s) {
  case SPAMCLS_SOLVER_LIBSVM: return "libsvm";
  case SPAMCLS_SOLVER_LIBLINEAR: return "liblinear";
  case SPAMCLS_SOLVER_DCD: return "dcd";
  case SPAMCLS_SOLVER_AUTO: return "auto";
  }
  return "?";
}

spamcls_status sc_fit_setup_init(const spamcls_dataset *d, const size_t *rows,
                                 size_t n, const spamcls_train_params *p,
                                 sc_fit_setup *out, spamcls_error *err)
{
  size_t n_spam = 0;
  for (size_t i = 0; i < n; i++)
    n_spam += sc_dataset_label(d, rows[i]) == SPAMCLS_LABEL_SPAM;
  out->n_spam = n_spam;
  out->n_ham = n - n_spam;
  out->nodes = NULL;
  if (out->n_spam == 0 || out->n_ham == 0)
    return sc_error(err, SPAMCLS_ERR_TRAIN,
                    "%s:%d: training needs spam and ham (got %zu spam, %zu ham)",
                    __FILE__, __LINE__, out->n_spam, out->n_ham);
  if (!(isfinite(p->C) && isfinite(p->weight_spam) && isfinite(p->weight_ham)))
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: C and class weights must be finite",
                    __FILE__, __LINE__);
  out->C = p->C > 0 ? p->C : 1.0;
  out->weight_spam = p->weight_spam > 0 ? p->weight_spam
                                        : (double)n / (2.0 * (double)out->n_spam);
  out->weight_ham = p->weight_ham > 0 ? p->weight_ham
                                      : (double)n / (2.0 * (double)out->n_ham);
  return SPAMCLS_OK;
}

spamcls_status sc_fit_setup_used(const spamcls_dataset *d, const size_t *rows,
                                 size_t n, const spamcls_train_params *p,
                                 sc_fit_setup *out, spamcls_error *err)
{
  if (!p->balance_sources)
    return sc_fit_setup_init(d, rows, n, p, out, err);
  size_t *br, nb;
  spamcls_status st = sc_balance_rows(d, rows, n, &br, &nb, err);
  if (st != SPAMCLS_OK)
    return st;
  st = sc_fit_setup_init(d, br, nb, p, out, err);
  free(br);
  return st;
}

spamcls_status sc_fit(const spamcls_dataset *d, const size_t *rows, size_t n,
                      const spamcls_train_params *p, spamcls_solver solver,
                      sc_linear *out, spamcls_error *err)
{
  return sc_fit_shared(d, rows, n, p, solver, NULL, out, err);
}

spamcls_status sc_fit_shared(const spamcls_dataset *d, const size_t *rows,
                             size_t n, const spamcls_train_params *p,
                             spamcls_solver solver, const sc_ll_nodes *nodes,
                             sc_linear *out, spamcls_error *err)
{
  if (p->balance_sources) {
    size_t *br, nb;
    spamcls_status st = sc_balance_rows(d, rows, n, &br, &nb, err);
    if (st != SPAMCLS_OK)
      return st;
    spamcls_train_params q = *p;
    q.balance_sources = 0;
    /* the solver is chosen on the comments, not on their repeats */
    st = sc_fit_shared(d, br, nb, &q, sc_solver_resolve(solver, n), nodes,
                       out, err);
    free(br);
    return st;
  }
  sc_fit_setup s;
  spamcls_status st = sc_fit_setup_init(d, rows, n, p, &s, err);
  if (st != SPAMCLS_OK)
    return st;
  s.nodes = nodes;
  switch (sc_solver_resolve(solver, n)) {
  case SPAMCLS_SOLVER_LIBSVM:
    return sc_fit_libsvm(d, rows, n, &s, p, out, err);
  case SPAMCLS_SOLVER_LIBLINEAR:
    return sc_fit_liblinear(d, rows, n, &s, p, out, err);
  case SPAMCLS_SOLVER_DCD:
    return sc_fit_dcd(d, rows, n, &s, p, out, err);
  default:
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: unknown solver %d",
                    __FILE__, __LINE__, (int)solver);
  }
}
