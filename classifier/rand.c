/*
 * rand.c - rand() and srand() with a state per thread, drawing the same
 * sequence as glibc's (its TYPE_3 additive feedback generator: 31 words
 * seeded by the minimal standard LCG, 310 draws discarded; rand() before
 * any srand() is as after srand(1)).
 *
 * liblinear draws the order of its coordinate descent from rand(), whose
 * state glibc keeps for the whole process: two fits at once would share
 * one sequence and neither model would be reproducible. Where these
 * definitions are the process's rand (the spamcls program, and programs
 * linked with libspamcls.a: liblinear's calls then bind to them), each
 * thread has a sequence of its own, so fits run in parallel, each
 * reseeded as before, and give the models they give one at a time.
 * sc_rand_private() tells whether that is so; libspamcls.so exports only
 * the spamcls_ API, so there it is not, and fits stay serialized.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "classifier.h"

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

static int private_rand;
static pthread_once_t private_once = PTHREAD_ONCE_INIT;

/* The rand that a library's call binds to is the first in the global
 * scope: the program's own when it exports one. */
static void find_private(void)
{
  void *self = dlopen(NULL, RTLD_LAZY);
  if (!self)
    return;
  int (*global)(void) = (int (*)(void))(uintptr_t)dlsym(self, "rand");
  private_rand = global == rand;
  dlclose(self);
}

int sc_rand_private(void)
{
  pthread_once(&private_once, find_private);
  return private_rand;
}
