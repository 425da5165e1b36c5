/*
 * metrics.c - spamcls_metrics_compute: the confusion-matrix figures at a
 * threshold, the two areas under the curves, and the operating point for
 * a target ham false-positive rate.
 *
 * ROC AUC is the Mann-Whitney statistic (a tied spam/ham pair counts
 * half), which equals the trapezoidal area under the ROC curve. PR AUC is
 * average precision without interpolation (each distinct probability adds
 * its recall gain times its precision), the definition scikit-learn uses;
 * the trapezoidal area under a PR curve is optimistic and is not used.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static double ratio(double num, double den)
{
  return den > 0 ? num / den : NAN;
}

static void confusion(const double *prob, const spamcls_label *label,
                      size_t n, spamcls_metrics *m)
{
  for (size_t i = 0; i < n; i++) {
    int says = prob[i] >= m->threshold;
    if (label[i] == SPAMCLS_LABEL_SPAM)
      says ? m->tp++ : m->fn++;
    else
      says ? m->fp++ : m->tn++;
  }
  double tp = (double)m->tp, fp = (double)m->fp, tn = (double)m->tn,
         fn = (double)m->fn;
  m->accuracy = ratio(tp + tn, (double)n);
  m->precision = ratio(tp, tp + fp);
  m->recall = ratio(tp, (double)m->n_spam);
  m->f1 = ratio(2 * tp, 2 * tp + fp + fn);
  m->ham_fpr = ratio(fp, (double)m->n_ham);
  double den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
  m->mcc = den > 0 ? (tp * tn - fp * fn) / sqrt(den) : NAN;
}

static void ranking(const sc_tie_group *g, size_t ng, spamcls_metrics *m)
{
  double P = (double)m->n_spam, N = (double)m->n_ham;
  if (P > 0 && N > 0) {
    double wins = 0;
    for (size_t i = 0; i < ng; i++) {
      double below = N - (double)g[i].cum_ham;
      wins += (double)g[i].spam * (below + 0.5 * (double)g[i].ham);
    }
    m->roc_auc = wins / (P * N);
  }
  if (P > 0) {
    double ap = 0;
    for (size_t i = 0; i < ng; i++)
      if (g[i].spam)
        ap += (double)g[i].spam / P * (double)g[i].cum_spam /
              (double)(g[i].cum_spam + g[i].cum_ham);
    m->pr_auc = ap;
  }
  if (N > 0 && ng > 0) {
    /* The ham FPR only grows going down the ranking: take groups while it
     * stays at or under the target. */
    size_t take = 0;
    while (take < ng && (double)g[take].cum_ham / N <= m->target_fpr)
      take++;
    if (take == 0) {
      m->fpr_threshold = nextafter(g[0].prob, INFINITY);
      m->fpr_recall = ratio(0, P);
      m->fpr_reached = 0;
    } else {
      const sc_tie_group *last = &g[take - 1];
      m->fpr_threshold = last->prob;
      m->fpr_recall = ratio((double)last->cum_spam, P);
      m->fpr_reached = (double)last->cum_ham / N;
    }
  }
}

spamcls_status spamcls_metrics_compute(const double *prob,
                                       const spamcls_label *label, size_t n,
                                       double threshold, double target_fpr,
                                       spamcls_metrics *out)
{
  if (!out || (n && (!prob || !label)) || !isfinite(threshold) ||
      !(target_fpr >= 0 && target_fpr <= 1))
    return SPAMCLS_ERR_PARAM;
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(prob[i]))
      return SPAMCLS_ERR_PARAM;
    if (label[i] == SPAMCLS_LABEL_SPAM)
      out->n_spam++;
    else if (label[i] == SPAMCLS_LABEL_HAM)
      out->n_ham++;
    else
      return SPAMCLS_ERR_PARAM;
  }
  out->n = n;
  out->threshold = threshold;
  out->target_fpr = target_fpr;
  out->roc_auc = out->pr_auc = NAN;
  out->fpr_threshold = out->fpr_recall = out->fpr_reached = NAN;
  confusion(prob, label, n, out);
  sc_tie_group *g;
  size_t ng;
  if (sc_tie_groups(prob, label, n, &g, &ng) < 0)
    return SPAMCLS_ERR_NOMEM;
  ranking(g, ng, out);
  free(g);
  return SPAMCLS_OK;
}
