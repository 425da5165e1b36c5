/*
 * docfreq.c - in how many ham training comments each feature occurs.
 *
 * A trained model keeps this so that learning can tell a feature common
 * in ordinary comments from a rare one without the training corpus
 * (learn_fit.c: the prior holds those features still). Ham alone is
 * counted: what learning one site must not do is flag other sites' ham,
 * and a feature common only in spam (a gambling word) can move freely
 * without that risk. Measured with bench/learn.py after 200 learned
 * comments, prior 3000: F1 on the comments not learned 0.806 with every
 * comment counted, 0.812 with ham alone, and ham flagged on sites never
 * learned at most 0.6% and 0.5% after any one unit (0.3% before).
 * Only features in at least SC_DOCFREQ_MIN_SHARE of the ham comments
 * (and at least 2) are kept: below
 * that the prior is within a few percent of the plain one, and the list
 * stays a few hundred kilobytes however large the corpus.
 *
 * Section (docs/model-format.md), little-endian:
 *   u32 docs; u32 K; K times: the index's distance from the one before
 *   (the first: from 0) and the count, each an unsigned LEB128 number
 * Most distances and many counts fit a byte, so the section is about a
 * third of fixed-width pairs, which the model's load time feels (every
 * byte is read and checksummed). A loaded model keeps the section's bytes
 * and decodes them only when learning needs them: scoring never does, and
 * decoding 100,000 entries would double the load time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

void sc_docfreq_free(sc_docfreq *f)
{
  free(f->idx);
  free(f->count);
  free(f->raw);
  memset(f, 0, sizeof *f);
}

/* The smallest count kept for a set of docs comments. */
static uint32_t min_count(uint32_t docs)
{
  double c = (double)docs * SC_DOCFREQ_MIN_SHARE;
  uint32_t m = (uint32_t)c;
  if ((double)m < c)
    m++;
  return m < 2 ? 2 : m;
}

spamcls_status sc_docfreq_count(const spamcls_dataset *d, uint32_t dim,
                                sc_docfreq *out)
{
  memset(out, 0, sizeof *out);
  size_t n = spamcls_dataset_size(d, NULL);
  if (n > UINT32_MAX)
    n = UINT32_MAX;  /* counts are u32; a larger set is counted in part */
  uint32_t *all = calloc((size_t)dim + 1, sizeof *all);
  if (!all)
    return SPAMCLS_ERR_NOMEM;
  size_t docs = 0;
  for (size_t i = 0; i < n; i++) {
    if (sc_dataset_label(d, i) != SPAMCLS_LABEL_HAM)
      continue;
    docs++;
    size_t nf;
    const spamcls_feature *f = sc_dataset_vector(d, i, &nf);
    for (size_t j = 0; j < nf; j++)  /* a vector's indices are distinct */
      if (f[j].index >= 1 && f[j].index <= dim)
        all[f[j].index]++;
  }
  uint32_t lo = min_count((uint32_t)docs);
  size_t k = 0;
  for (uint32_t i = 1; i <= dim; i++)
    k += all[i] >= lo;
  out->idx = malloc((k ? k : 1) * sizeof *out->idx);
  out->count = malloc((k ? k : 1) * sizeof *out->count);
  if (!out->idx || !out->count) {
    free(all);
    sc_docfreq_free(out);
    return SPAMCLS_ERR_NOMEM;
  }
  k = 0;
  for (uint32_t i = 1; i <= dim; i++)
    if (all[i] >= lo) {
      out->idx[k] = i;
      out->count[k++] = all[i];
    }
  free(all);
  out->n = k;
  out->docs = (uint32_t)docs;
  return SPAMCLS_OK;
}

double sc_docfreq_share(const sc_docfreq *f, uint32_t index)
{
  if (!f->idx)
    return 0;
  size_t lo = 0, hi = f->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->idx[mid] == index)
      return (double)f->count[mid] / (double)f->docs;
    if (f->idx[mid] < index)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* Unsigned LEB128: 7 bits a byte, low first, the high bit set on all
 * but the last. */
static int put_uleb(sc_buf *b, uint32_t v)
{
  unsigned char w[5];
  size_t n = 0;
  do {
    w[n] = (unsigned char)(v & 0x7F);
    v >>= 7;
    if (v)
      w[n] |= 0x80;
    n++;
  } while (v);
  return sc_buf_append(b, w, n);
}

/* Reads one number from p[*at..n) into *v: -1 when it runs past the end
 * or past 32 bits. */
static int get_uleb(const unsigned char *p, size_t n, size_t *at, uint32_t *v)
{
  uint64_t x = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (*at >= n)
      return -1;
    unsigned char c = p[(*at)++];
    x |= (uint64_t)(c & 0x7F) << shift;
    if (!(c & 0x80)) {
      if (x > UINT32_MAX)
        return -1;
      *v = (uint32_t)x;
      return 0;
    }
  }
  return -1;
}

int sc_docfreq_section(const sc_docfreq *f, sc_buf *b)
{
  if (f->raw)
    return sc_buf_append(b, f->raw, f->raw_len) ? -1 : 0;
  int r = sc_buf_put_le32(b, f->docs) | sc_buf_put_le32(b, (uint32_t)f->n);
  uint32_t prev = 0;
  for (size_t i = 0; i < f->n && r == 0; i++) {
    r = put_uleb(b, f->idx[i] - prev) | put_uleb(b, f->count[i]);
    prev = f->idx[i];
  }
  return r ? -1 : 0;
}

spamcls_status sc_docfreq_load(sc_docfreq *f, const unsigned char *p,
                               size_t n, const char *name, spamcls_error *err)
{
  memset(f, 0, sizeof *f);
  if (n < 8)
    return sc_error(err, SPAMCLS_ERR_MODEL, "%s: the document-frequency "
                    "section is too short", name);
  uint32_t docs = sc_get_le32(p), k = sc_get_le32(p + 4);
  if (docs < 1)
    return sc_error(err, SPAMCLS_ERR_MODEL, "%s: the document-frequency "
                    "section counts no comments", name);
  /* each entry takes at least two bytes: a forged K cannot make decoding
   * allocate more than the file holds */
  if (k > (n - 8) / 2)
    return sc_error(err, SPAMCLS_ERR_MODEL, "%s: the document-frequency "
                    "section's length does not match its count", name);
  f->raw = malloc(n);
  if (!f->raw)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
  memcpy(f->raw, p, n);
  f->raw_len = n;
  f->docs = docs;
  f->n = k;
  return SPAMCLS_OK;
}

/* The checks of sc_docfreq_decode: 0, or -1 with the message. */
static int decode(sc_docfreq *f, uint32_t dim, char *why, size_t cap)
{
  const unsigned char *p = f->raw;
  size_t n = f->raw_len, k = f->n, at = 8;
  uint32_t prev = 0;
  for (size_t i = 0; i < k; i++) {
    uint32_t gap, c;
    if (get_uleb(p, n, &at, &gap) < 0 || get_uleb(p, n, &at, &c) < 0) {
      snprintf(why, cap, "the section's length does not match its count");
      return -1;
    }
    if (gap < 1 || gap > dim - prev || c < 1 || c > f->docs) {
      snprintf(why, cap, "entry %zu of %zu: index %llu or count %lu out of "
               "range", i + 1, k, (unsigned long long)prev + gap,
               (unsigned long)c);
      return -1;
    }
    prev += gap;
    f->idx[i] = prev;
    f->count[i] = c;
  }
  if (at != n) {
    snprintf(why, cap, "the section's length does not match its count");
    return -1;
  }
  return 0;
}

spamcls_status sc_docfreq_decode(sc_docfreq *f, uint32_t dim,
                                 spamcls_error *err)
{
  if (f->idx || !f->raw)
    return SPAMCLS_OK;
  size_t k = f->n ? f->n : 1;
  f->idx = malloc(k * sizeof *f->idx);
  f->count = malloc(k * sizeof *f->count);
  char why[160];
  int bad = f->idx && f->count ? decode(f, dim, why, sizeof why) : 0;
  if (!f->idx || !f->count || bad) {
    free(f->idx);
    free(f->count);
    f->idx = NULL;
    f->count = NULL;
    return bad ? sc_error(err, SPAMCLS_ERR_MODEL, "the model's document "
                          "frequencies are damaged (%s): retrain it, or "
                          "learn with --prior 0", why)
               : sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  }
  return SPAMCLS_OK;
}
