/*
 * tune.c - --tune: C from the grid 0.01, 0.0316, 0.1, ..., 100 (half-decade
 * steps) by stratified K-fold cross-validation.
 *
 * The criterion is the Matthews correlation coefficient of the out-of-fold
 * verdicts (score > 0). Unlike F1 it counts all four cells of the
 * confusion matrix, so it does not reward flagging ham as spam when spam
 * is the majority, and it means the same on corpora whose spam share goes
 * from 20% to 50%. Ties go to the smaller C (the simpler model).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

double sc_mcc(const spamcls_dataset *d, const size_t *rows, size_t n,
              const double *dec)
{
  double tp = 0, fp = 0, tn = 0, fn = 0;
  for (size_t i = 0; i < n; i++) {
    int spam = sc_dataset_label(d, rows[i]) == SPAMCLS_LABEL_SPAM;
    int says = dec[i] > 0;
    if (spam)
      says ? tp++ : fn++;
    else
      says ? fp++ : tn++;
  }
  double den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
  return den > 0 ? (tp * tn - fp * fn) / sqrt(den) : 0.0;
}

spamcls_status sc_tune_C(const spamcls_dataset *d, const size_t *rows,
                         size_t n, const unsigned *fold, unsigned k,
                         const spamcls_train_params *p, spamcls_solver solver,
                         double *best_C, double *dec, spamcls_error *err)
{
  double *cur = malloc((n ? n : 1) * sizeof *cur);
  if (!cur)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  spamcls_train_params q = *p;
  double best = -2;
  spamcls_status st = SPAMCLS_OK;
  for (int e = -4; e <= 4; e++) {
    /* 10^(e/2), with the integer powers exact. */
    q.C = e % 2 == 0 ? pow(10.0, e / 2) : pow(10.0, e / 2.0);
    st = sc_cv_decisions(d, rows, n, fold, k, &q, solver, cur, NULL, err);
    if (st != SPAMCLS_OK)
      break;
    double mcc = sc_mcc(d, rows, n, cur);
    sc_train_log(p, "tune: C %g: MCC %.4f", q.C, mcc);
    if (mcc > best) {
      best = mcc;
      *best_C = q.C;
      if (dec)
        memcpy(dec, cur, n * sizeof *dec);
    }
  }
  free(cur);
  if (st == SPAMCLS_OK)
    sc_train_log(p, "tune: chose C %g (MCC %.4f)", *best_C, best);
  return st;
}
