/*
 * rng.c - glibc's rand() sequence (its TYPE_3 additive feedback
 * generator: 31 words seeded by the minimal standard LCG, 310 draws
 * discarded) with the state in the caller's hands.
 *
 * liblinear draws the visiting order of its coordinate descent from
 * rand(); the library's own descent (fit_dcd.c) draws the same numbers
 * from a state of its own, so that it visits the rows in liblinear's
 * order without sharing the process-wide state, and the spamcls program
 * gives rand() itself a state per thread with it (cli/rand.c).
 */
#include "util.h"

#define DEG 31
#define SEP 3

int32_t sc_rng_next(sc_rng *s)
{
  uint32_t v = (uint32_t)s->r[s->f] + (uint32_t)s->r[s->b];
  s->r[s->f] = (int32_t)v;
  s->f = (s->f + 1) % DEG;
  s->b = (s->b + 1) % DEG;
  return (int32_t)(v >> 1);
}

void sc_rng_seed(sc_rng *s, unsigned int x)
{
  if (x == 0)
    x = 1;
  s->r[0] = (int32_t)x;
  long word = (int32_t)x;
  for (int i = 1; i < DEG; i++) {
    /* 16807 * word % (2^31 - 1) without overflow (Schrage) */
    long hi = word / 127773, lo = word % 127773;
    word = 16807 * lo - 2836 * hi;
    if (word < 0)
      word += 2147483647;
    s->r[i] = (int32_t)word;
  }
  s->f = SEP;
  s->b = 0;
  for (int i = 0; i < 10 * DEG; i++)
    sc_rng_next(s);
}
