/*
 * dataset_batch.c - many comments added at once, their features
 * extracted on several threads.
 *
 * Extraction (normalization, words, n-grams, the sorted vector) is most
 * of the cost of reading a training set, and one comment's does not
 * depend on another's; storing does, since the first of two equal texts
 * is the one kept. So each thread extracts a contiguous slice into
 * buffers of its own, and the caller's thread then decides in input order
 * which comments are stored and where: the dataset is, byte for byte, the
 * one spamcls_dataset_add gives comment by comment, whatever the number of
 * threads. The copying into those places runs on the threads again.
 */
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "util.h"

#define MAX_THREADS 64
/* Fewer comments than this a thread are not worth starting one for. */
#define MIN_PER_THREAD 256

typedef struct slice {
  const spamcls_pipeline *pipe;
  spamcls_extractor *x;
  const spamcls_comment *c;
  size_t n;
  uint64_t *key;           /* per comment; 0 for an empty one */
  size_t *off;             /* per comment into buf, and one past the last */
  spamcls_feature **dest;  /* per comment: where it is stored, or NULL */
  sc_feature_buf *buf;     /* the thread's, kept from batch to batch */
  size_t done;             /* extracted: all n, or those before a failure */
  size_t reserved;         /* given a place (or found a duplicate) */
  spamcls_status st;
} slice;

/* What spamcls_dataset_add does before storing, for one slice. */
static void *extract_slice(void *arg)
{
  slice *s = arg;
  sc_feature_buf *b = s->buf;
  b->len = 0;
  for (size_t i = 0; i < s->n; i++) {
    s->off[i] = b->len;
    spamcls_vector v;
    spamcls_status st = sc_dataset_extract(s->x, s->pipe, &s->c[i], &v,
                                           &s->key[i]);
    if (st == SPAMCLS_OK &&
        sc_features_append(&b->f, &b->len, &b->cap, v.f, v.n) < 0)
      st = SPAMCLS_ERR_NOMEM;
    if (st != SPAMCLS_OK) {
      s->st = st;
      break;
    }
    s->done = i + 1;
  }
  s->off[s->done] = b->len;
  return NULL;
}

/* Decides, in input order, which of slice s's comments are stored and
 * where; on an error, *at is the failing comment's index within it. */
static spamcls_status reserve_slice(spamcls_dataset *d, slice *s,
                                    size_t *added, size_t *at)
{
  for (size_t i = 0; i < s->done; i++) {
    const spamcls_comment *c = &s->c[i];
    spamcls_status st = sc_dataset_reserve(
        d, s->key[i], c->label, s->off[i + 1] - s->off[i], c->source,
        c->group, c->group ? c->group_len : 0, &s->dest[i]);
    if (st != SPAMCLS_OK) {
      *at = i;
      return st;
    }
    s->reserved = i + 1;
    *added += s->dest[i] != NULL;
  }
  *at = s->done;
  return s->done < s->n ? s->st : SPAMCLS_OK;
}

/* Writes the stored comments' vectors into their places: on several
 * threads, since the first write to fresh memory is what costs. */
static void *copy_slice(void *arg)
{
  slice *s = arg;
  /* The places of consecutive stored comments are consecutive in the
   * pool, but for a new block: one run at a time, prefaulted. */
  char *run = NULL, *run_end = NULL;
  for (size_t i = 0; i < s->reserved; i++) {
    if (!s->dest[i])
      continue;
    char *at = (char *)s->dest[i];
    if (at != run_end) {
      if (run)
        sc_prefault(run, (size_t)(run_end - run));
      run = at;
    }
    run_end = at + (s->off[i + 1] - s->off[i]) * sizeof *s->buf->f;
  }
  if (run)
    sc_prefault(run, (size_t)(run_end - run));
  for (size_t i = 0; i < s->reserved; i++)
    if (s->dest[i])
      memcpy(s->dest[i], s->buf->f + s->off[i],
             (s->off[i + 1] - s->off[i]) * sizeof *s->buf->f);
  return NULL;
}

spamcls_status spamcls_dataset_add_batch(spamcls_dataset *d,
                                         const spamcls_comment *c, size_t n,
                                         unsigned jobs, size_t *added,
                                         size_t *failed)
{
  size_t added_dummy, failed_dummy;
  if (!added)
    added = &added_dummy;
  if (!failed)
    failed = &failed_dummy;
  *added = 0;
  *failed = 0;
  if (!d || (!c && n) || !sc_dataset_extractor(d, 0))
    return SPAMCLS_ERR_PARAM;
  *failed = n;
  if (n == 0)
    return SPAMCLS_OK;

  unsigned t = jobs ? jobs : sc_processors();
  if (t > MAX_THREADS)
    t = MAX_THREADS;
  if (t > (n + MIN_PER_THREAD - 1) / MIN_PER_THREAD)
    t = (unsigned)((n + MIN_PER_THREAD - 1) / MIN_PER_THREAD);
  slice s[MAX_THREADS];
  memset(s, 0, sizeof s);
  for (unsigned i = 0; i < t; i++)
    if (!(s[i].x = sc_dataset_extractor(d, i)) ||
        !(s[i].buf = sc_dataset_thread_buf(d, i))) {
      t = i;  /* out of memory for another thread: fewer threads */
      break;
    }
  if (t == 0) {
    *failed = 0;
    return SPAMCLS_ERR_NOMEM;
  }
  size_t *off = malloc((n + t) * sizeof *off);
  uint64_t *key = malloc(n * sizeof *key);
  spamcls_feature **dest = malloc(n * sizeof *dest);
  if (!off || !key || !dest) {
    free(off);
    free(key);
    free(dest);
    *failed = 0;
    return SPAMCLS_ERR_NOMEM;
  }
  for (unsigned i = 0; i < t; i++) {
    size_t start = n * i / t, end = n * (i + 1) / t;
    s[i].pipe = sc_dataset_pipeline(d);
    s[i].c = c + start;
    s[i].n = end - start;
    s[i].key = key + start;
    s[i].off = off + start + i;
    s[i].dest = dest + start;
  }
  sc_run_parts(extract_slice, s, sizeof *s, t);

  spamcls_status st = SPAMCLS_OK;
  for (unsigned i = 0; i < t && st == SPAMCLS_OK; i++) {
    size_t at;
    st = reserve_slice(d, &s[i], added, &at);
    if (st != SPAMCLS_OK)
      *failed = (size_t)(s[i].c - c) + at;
  }
  /* Every place given out is filled, error or not: the rows already
   * point at them. */
  sc_run_parts(copy_slice, s, sizeof *s, t);
  free(off);
  free(key);
  free(dest);
  return st;
}
