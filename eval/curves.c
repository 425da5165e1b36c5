/*
 * curves.c - the points of the ROC and precision-recall curves (one per
 * distinct probability, so tied comments make one diagonal step rather
 * than an order-dependent staircase) and the bins of the reliability
 * diagram.
 */
#include "eval.h"

void sc_roc_curve(const sc_tie_group *g, size_t n_groups, size_t n_spam,
                  size_t n_ham, sc_point *out)
{
  out[0].x = out[0].y = 0;
  for (size_t i = 0; i < n_groups; i++) {
    out[i + 1].x = (double)g[i].cum_ham / (double)n_ham;
    out[i + 1].y = (double)g[i].cum_spam / (double)n_spam;
  }
}

void sc_pr_curve(const sc_tie_group *g, size_t n_groups, size_t n_spam,
                 sc_point *out)
{
  /* Recall 0 takes the precision of the first threshold, as in the usual
   * step plot; n_groups is at least 1 when there is spam. */
  out[0].x = 0;
  out[0].y = n_groups ? (double)g[0].cum_spam /
                            (double)(g[0].cum_spam + g[0].cum_ham)
                      : 1;
  for (size_t i = 0; i < n_groups; i++) {
    out[i + 1].x = (double)g[i].cum_spam / (double)n_spam;
    out[i + 1].y = (double)g[i].cum_spam /
                   (double)(g[i].cum_spam + g[i].cum_ham);
  }
}

void sc_calibration(const double *prob, const spamcls_label *label, size_t n,
                    sc_calib_bin *bins, size_t nbins)
{
  for (size_t b = 0; b < nbins; b++)
    bins[b] = (sc_calib_bin){0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    double p = prob[i] < 0 ? 0 : prob[i] > 1 ? 1 : prob[i];
    size_t b = (size_t)(p * (double)nbins);
    if (b >= nbins)
      b = nbins - 1;  /* p == 1 goes in the last bin */
    bins[b].n++;
    bins[b].mean_prob += p;
    bins[b].spam_share += label[i] == SPAMCLS_LABEL_SPAM;
  }
  for (size_t b = 0; b < nbins; b++) {
    if (bins[b].n) {
      bins[b].mean_prob /= (double)bins[b].n;
      bins[b].spam_share /= (double)bins[b].n;
    }
  }
}
