/*
 * linear.c - the collapsed decision function w.x + b that every solver
 * ends as, and the sparse dot product that scores with it.
 */
#include <stdlib.h>

#include "classifier.h"

int sc_linear_init(sc_linear *l, uint32_t dim)
{
  l->dim = dim;
  l->b = 0;
  l->w = calloc((size_t)dim + 1, sizeof *l->w);
  return l->w ? 0 : -1;
}

void sc_linear_free(sc_linear *l)
{
  free(l->w);
  l->w = NULL;
  l->dim = 0;
  l->b = 0;
}

double sc_decision(const sc_linear *l, const spamcls_feature *f, size_t n)
{
  /* Summed in double in vector order: the same score on every run. */
  double s = 0;
  for (size_t i = 0; i < n; i++)
    if (f[i].index <= l->dim)
      s += (double)l->w[f[i].index] * (double)f[i].value;
  return s + l->b;
}
