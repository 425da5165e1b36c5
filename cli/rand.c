/*
 * rand.c - rand() and srand() with a state per thread, drawing the same
 * sequence as glibc's (util/rng.c; rand() before any srand() is as after
 * srand(1)).
 *
 * liblinear draws the order of its coordinate descent from rand(), whose
 * state glibc keeps for the whole process: two fits at once would share
 * one sequence and neither model would be reproducible, so the library
 * runs liblinear fits one at a time unless each thread has a sequence of
 * its own. The spamcls program gives it that: these definitions are the
 * program's, liblinear's calls bind to them, and the library finds out
 * (sc_rand_private) and fits on one thread per core, each fit reseeded
 * as before, with the models one fit at a time gives. The library itself
 * does not replace rand(), so programs that embed it keep glibc's.
 */
#include <stdlib.h>

#include "util.h"

static _Thread_local sc_rng rs;
static _Thread_local int seeded;

void srand(unsigned int x)
{
  sc_rng_seed(&rs, x);
  seeded = 1;
}

int rand(void)
{
  if (!seeded)
    srand(1);
  return sc_rng_next(&rs);
}
