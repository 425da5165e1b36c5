/*
 * platt.c - Platt scaling: P(spam | f) = 1 / (1 + exp(A f + B)), fitted to
 * decision values f by minimizing the cross-entropy against smoothed
 * targets, as in Lin, Lin & Weng, "A note on Platt's probabilistic outputs
 * for support vector machines" (Machine Learning 68, 2007):
 *   - targets (N+ + 1) / (N+ + 2) for spam and 1 / (N- + 2) for ham, so a
 *     separable set still gets a finite slope;
 *   - Newton's method on (A, B) with a tiny ridge on the Hessian diagonal
 *     and a backtracking (Armijo) line search;
 *   - every log(1 + exp(.)) and every probability computed from the side
 *     that cannot overflow.
 */
#include <math.h>
#include <stdlib.h>

#include "classifier.h"

#define MAX_ITER 100
#define MIN_STEP 1e-10
#define RIDGE 1e-12   /* keeps the Hessian positive definite */
#define GRAD_EPS 1e-5

double sc_platt_prob(double a, double b, double score)
{
  double z = a * score + b;
  if (z >= 0) {
    double e = exp(-z);
    return e / (1.0 + e);
  }
  return 1.0 / (1.0 + exp(z));
}

/* The objective: sum of t log(1/p) + (1 - t) log(1/(1 - p)). */
static double objective(const double *dec, const double *t, size_t n,
                        double a, double b)
{
  double f = 0;
  for (size_t i = 0; i < n; i++) {
    double z = dec[i] * a + b;
    if (z >= 0)
      f += t[i] * z + log1p(exp(-z));
    else
      f += (t[i] - 1.0) * z + log1p(exp(z));
  }
  return f;
}

int sc_platt_fit(const double *dec, const unsigned char *is_spam, size_t n,
                 double *a, double *b)
{
  double n_pos = 0, n_neg = 0;
  for (size_t i = 0; i < n; i++)
    is_spam[i] ? n_pos++ : n_neg++;
  double hi = (n_pos + 1.0) / (n_pos + 2.0);
  double lo = 1.0 / (n_neg + 2.0);

  /* The targets, materialized once for the objective. */
  double *t = malloc((n ? n : 1) * sizeof *t);
  if (!t) {
    *a = 0;
    *b = log((n_neg + 1.0) / (n_pos + 1.0));
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    t[i] = is_spam[i] ? hi : lo;

  double A = 0, B = log((n_neg + 1.0) / (n_pos + 1.0));
  double fval = objective(dec, t, n, A, B);
  int iter, failed = 0;
  for (iter = 0; iter < MAX_ITER; iter++) {
    double h11 = RIDGE, h22 = RIDGE, h21 = 0, g1 = 0, g2 = 0;
    for (size_t i = 0; i < n; i++) {
      double z = dec[i] * A + B;
      double p, q; /* p = P(spam), q = 1 - p */
      if (z >= 0) {
        double e = exp(-z);
        p = e / (1.0 + e);
        q = 1.0 / (1.0 + e);
      } else {
        double e = exp(z);
        p = 1.0 / (1.0 + e);
        q = e / (1.0 + e);
      }
      double d2 = p * q;
      h11 += dec[i] * dec[i] * d2;
      h22 += d2;
      h21 += dec[i] * d2;
      double d1 = t[i] - p;
      g1 += dec[i] * d1;
      g2 += d1;
    }
    if (fabs(g1) < GRAD_EPS && fabs(g2) < GRAD_EPS)
      break;
    /* Newton direction: -H^-1 g. */
    double det = h11 * h22 - h21 * h21;
    double dA = -(h22 * g1 - h21 * g2) / det;
    double dB = -(-h21 * g1 + h11 * g2) / det;
    double gd = g1 * dA + g2 * dB;
    double step = 1.0;
    while (step >= MIN_STEP) {
      double nA = A + step * dA, nB = B + step * dB;
      double nf = objective(dec, t, n, nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < MIN_STEP) {
      failed = 1;
      break;
    }
  }
  free(t);
  *a = A;
  *b = B;
  return failed ? -1 : iter;
}
