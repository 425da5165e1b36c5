/*
 * folds.c - stratified K-fold assignment.
 *
 * The spam rows and the ham rows are each shuffled (Fisher-Yates driven by
 * splitmix64 from the seed, never rand(), so the folds are the same on any
 * platform and thread) and dealt round-robin into folds; the ham deal
 * continues where the spam deal stopped, so fold sizes differ by at most
 * one and each class is spread as evenly as it can be.
 */
#include <stdlib.h>

#include "classifier.h"

static uint64_t splitmix64(uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* Uniform in [0, bound) without modulo bias. */
static uint64_t below(uint64_t *state, uint64_t bound)
{
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t r;
  do
    r = splitmix64(state);
  while (r >= limit);
  return r % bound;
}

static void shuffle(size_t *a, size_t n, uint64_t *state)
{
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)below(state, i);
    size_t t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
  }
}

spamcls_status sc_folds(const spamcls_dataset *d, const size_t *rows,
                        size_t n, unsigned k, unsigned long seed,
                        unsigned *fold, spamcls_error *err)
{
  size_t n_spam = 0;
  for (size_t i = 0; i < n; i++)
    n_spam += sc_dataset_label(d, rows[i]) == SPAMCLS_LABEL_SPAM;
  size_t n_ham = n - n_spam;
  if (k < 2 || n_spam < k || n_ham < k)
    return sc_error(err, SPAMCLS_ERR_PARAM,
                    "%s:%d: %u folds need at least %u spam and %u ham "
                    "comments (got %zu and %zu)",
                    __FILE__, __LINE__, k, k, k, n_spam, n_ham);
  /* Positions into rows[], spam first, then ham. */
  size_t *pos = malloc(n * sizeof *pos);
  if (!pos)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  size_t s = 0, h = n_spam;
  for (size_t i = 0; i < n; i++) {
    if (sc_dataset_label(d, rows[i]) == SPAMCLS_LABEL_SPAM)
      pos[s++] = i;
    else
      pos[h++] = i;
  }
  uint64_t state = (uint64_t)seed;
  shuffle(pos, n_spam, &state);
  shuffle(pos + n_spam, n_ham, &state);
  for (size_t i = 0; i < n; i++)
    fold[pos[i]] = (unsigned)(i % k);
  free(pos);
  return SPAMCLS_OK;
}
