/*
 * cv.c - out-of-fold decision values: for each fold, a model trained on
 * the other folds scores the rows of that fold. Calibration, --tune and
 * "spamcls eval --cv" all start from these.
 */
#include <stdlib.h>

#include "classifier.h"

spamcls_status sc_cv_decisions(const spamcls_dataset *d, const size_t *rows,
                               size_t n, const unsigned *fold, unsigned k,
                               const spamcls_train_params *p,
                               spamcls_solver solver, double *dec,
                               spamcls_error *err)
{
  size_t *train = malloc((n ? n : 1) * sizeof *train);
  if (!train)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  spamcls_status st = SPAMCLS_OK;
  for (unsigned f = 0; f < k && st == SPAMCLS_OK; f++) {
    size_t nt = 0, held = 0;
    for (size_t i = 0; i < n; i++) {
      if (fold[i] != f)
        train[nt++] = rows[i];
      else
        held++;
    }
    if (held == 0)
      continue;
    sc_train_log(p, "fold %u/%u: training on %zu, scoring %zu", f + 1, k, nt,
                 held);
    sc_linear lin = {0};
    st = sc_fit(d, train, nt, p, solver, &lin, err);
    if (st != SPAMCLS_OK)
      break;
    for (size_t i = 0; i < n; i++) {
      if (fold[i] == f) {
        size_t m;
        const spamcls_feature *v = sc_dataset_vector(d, rows[i], &m);
        dec[i] = sc_decision(&lin, v, m);
      }
    }
    sc_linear_free(&lin);
  }
  free(train);
  return st;
}
