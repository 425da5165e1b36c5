/*
 * rand.c - rand() and srand() with a state per thread, drawing the same
 * sequence as glibc's (its TYPE_3 additive feedback generator: 31 words
 * seeded by the minimal standard LCG, 310 draws discarded; rand() before
 * any srand() is as after srand(1)).
 *
 * liblinear draws the order of its coordinate descent from rand(), whose
 * state glibc keeps for the whole process: two fits at once would share
 * one sequence and neither model would be reproducible, so the library
 * runs fits one at a time unless each thread has a sequence of its own.
 * The spamcls program gives it that: these definitions are the
 * program's, liblinear's calls bind to them, and the library finds out
 * (sc_rand_private) and fits on one thread per core, each fit reseeded
 * as before, with the models one fit at a time gives. The library itself
 * does not replace rand(), so programs that embed it keep glibc's.
 */
#include <stdint.h>
#include <stdlib.h>

#define DEG 31
#define SEP 3

typedef struct rand_state {
  int32_t r[DEG];
  int f, b;      /* glibc's fptr and rptr, as indices */
  int seeded;
} rand_state;

static _Thread_local rand_state rs;

static int32_t next(rand_state *s)
{
  uint32_t v = (uint32_t)s->r[s->f] + (uint32_t)s->r[s->b];
  s->r[s->f] = (int32_t)v;
  s->f = (s->f + 1) % DEG;
  s->b = (s->b + 1) % DEG;
  return (int32_t)(v >> 1);
}

static void seed(rand_state *s, unsigned int x)
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
    next(s);
  s->seeded = 1;
}

void srand(unsigned int x)
{
  seed(&rs, x);
}

int rand(void)
{
  if (!rs.seeded)
    seed(&rs, 1);
  return next(&rs);
}
