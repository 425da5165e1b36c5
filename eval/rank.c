/*
 * rank.c - probabilities sorted high to low and cut into runs of equal
 * value. Every ranking figure (AUCs, curves, the threshold for a target
 * false-positive rate) walks these runs, so tied comments always move
 * together: no figure depends on the order of tied inputs.
 */
#include <stdlib.h>

#include "eval.h"

typedef struct ranked {
  double prob;
  int spam;
} ranked;

static int by_prob_desc(const void *a, const void *b)
{
  const ranked *x = a, *y = b;
  return x->prob > y->prob ? -1 : x->prob < y->prob;
}

int sc_tie_groups(const double *prob, const spamcls_label *label, size_t n,
                  sc_tie_group **out, size_t *n_groups)
{
  *out = NULL;
  *n_groups = 0;
  ranked *r = malloc((n ? n : 1) * sizeof *r);
  sc_tie_group *g = malloc((n ? n : 1) * sizeof *g);
  if (!r || !g) {
    free(r);
    free(g);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    r[i].prob = prob[i];
    r[i].spam = label[i] == SPAMCLS_LABEL_SPAM;
  }
  qsort(r, n, sizeof *r, by_prob_desc);
  size_t k = 0, cs = 0, ch = 0;
  for (size_t i = 0; i < n; i++) {
    if (k == 0 || g[k - 1].prob != r[i].prob) {
      g[k].prob = r[i].prob;
      g[k].spam = g[k].ham = 0;
      k++;
    }
    if (r[i].spam) {
      g[k - 1].spam++;
      cs++;
    } else {
      g[k - 1].ham++;
      ch++;
    }
    g[k - 1].cum_spam = cs;
    g[k - 1].cum_ham = ch;
  }
  free(r);
  *out = g;
  *n_groups = k;
  return 0;
}
