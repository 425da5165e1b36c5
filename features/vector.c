/*
 * vector.c - the one place that turns emitted buckets into a finished
 * sparse vector: sort (insertion sort for short lists, a counting pass on
 * the top bits plus insertion sort for comment-sized ones, an LSD radix
 * sort on 8-bit digits for long ones), merge duplicates, weight each by
 * sublinear tf 1 + ln(count), scale to L2 norm 1, make indices 1-based
 * (libsvm and liblinear count features from 1).
 *
 * Scoring needs no vector, only its dot product with the weights:
 * sc_vec_dot merges duplicates in a small hash table instead of sorting
 * and sums in the order the buckets came. The sum is the same as over
 * the sorted vector up to the rounding of a reordered floating-point sum
 * (relative 1e-15, far below the six printed digits).
 *
 * With a tag (SPAMCLS_F_DOWNWEIGHT), keys carrying it count tag_weight
 * as much, and a bucket hit by both kinds holds both terms. Without one
 * the tagged terms are all zero, and the arithmetic is exactly that of
 * the plain weighting.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

/* Up to this many keys, insertion sort alone is fastest. */
#define SMALL_SORT 24
/* Up to this many keys, one counting pass on the top bits and an
 * insertion sort of the nearly sorted result beat LSD radix passes. */
#define BUCKET_SORT 4096

static inline void insertion_sort(uint32_t *a, size_t n)
{
  for (size_t i = 1; i < n; i++) {
    uint32_t k = a[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > k) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = k;
  }
}

static int grow_tmp(sc_vec *v, size_t n)
{
  if (n <= v->tmp_cap)
    return 0;
  size_t cap = v->tmp_cap ? v->tmp_cap : 1024;
  while (cap < n)
    cap *= 2;
  uint32_t *t = realloc(v->tmp, cap * sizeof *t);
  if (!t)
    return -1;
  v->tmp = t;
  v->tmp_cap = cap;
  return 0;
}

/* Scatters by the top b bits (about one key per bucket: the fastest
 * balance, measured, between buckets to clear and sum and keys left out
 * of order), then insertion-sorts what is left out of order. The sorted
 * keys are left at the start of tmp (a is not changed), the bucket
 * counts after them; tmp must hold n + 2^b. */
static uint32_t *bucket_sort(sc_vec *v, const uint32_t *a, size_t n,
                             unsigned bits, unsigned b)
{
  size_t nb = (size_t)1 << b;
  uint32_t *out = v->tmp, *count = v->tmp + n;
  unsigned shift = bits - b;
  memset(count, 0, nb * sizeof *count);
  for (size_t i = 0; i < n; i++)
    count[a[i] >> shift]++;
  uint32_t sum = 0;
  for (size_t d = 0; d < nb; d++) {
    uint32_t c = count[d];
    count[d] = sum;
    sum += c;
  }
  for (size_t i = 0; i < n; i++)
    out[count[a[i] >> shift]++] = a[i];
  insertion_sort(out, n);
  return out;
}

/* LSD radix sort on 8-bit digits for long lists. */
static int radix_sort(sc_vec *v, uint32_t *a, size_t n, unsigned bits)
{
  if (grow_tmp(v, n) < 0)
    return -1;
  unsigned passes = (bits + 7) / 8;
  size_t count[4][256];
  memset(count, 0, sizeof count);
  for (size_t i = 0; i < n; i++)
    for (unsigned p = 0; p < passes; p++)
      count[p][(a[i] >> (8 * p)) & 0xFF]++;

  uint32_t *src = a, *dst = v->tmp;
  for (unsigned p = 0; p < passes; p++) {
    unsigned shift = 8 * p;
    if (count[p][(src[0] >> shift) & 0xFF] == n)
      continue;  /* every key has this digit: the pass would not move any */
    size_t sum = 0;
    for (unsigned d = 0; d < 256; d++) {
      size_t c = count[p][d];
      count[p][d] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++)
      dst[count[p][(src[i] >> shift) & 0xFF]++] = src[i];
    uint32_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != a)
    memcpy(a, src, n * sizeof *a);
  return 0;
}

/* 1 + ln(c) for small counts, the common case, without calling log(). */
static const double tf_small[] = {
  0, 1.0, 1.6931471805599454, 2.09861228866811, 2.386294361119891,
  2.6094379124341005, 2.791759469228055, 2.9459101490553135,
  3.0794415416798357,
};

static inline double tf(size_t c)
{
  return c < sizeof tf_small / sizeof tf_small[0] ? tf_small[c]
                                                  : 1.0 + log((double)c);
}

/* The value before scaling of a bucket hit cu times untagged and cc
 * times tagged: tf(0) is 0, so a kind not hit adds exactly 0. */
static inline double tagged_tf(const sc_vec *v, size_t cu, size_t cc)
{
  return tf(cu) + v->tag_weight * tf(cc);
}

spamcls_status sc_vec_build(sc_vec *v, uint32_t *keys, size_t n,
                            unsigned bits, size_t *nf)
{
  *nf = 0;
  if (n == 0)
    return SPAMCLS_OK;
  if (n > v->f_cap) {
    size_t cap = v->f_cap ? v->f_cap : 256;
    while (cap < n)
      cap *= 2;
    spamcls_feature *f = realloc(v->f, cap * sizeof *f);
    if (!f)
      return SPAMCLS_ERR_NOMEM;
    v->f = f;
    v->f_cap = cap;
  }
  if (bits > 31)
    bits = 31;
  /* The tag becomes the lowest bit (0 without one), so a bucket's keys
   * sort together, its untagged ones first. */
  for (size_t i = 0; i < n; i++)
    keys[i] = (keys[i] & ~v->tag) << 1 | (v->tag && (keys[i] & v->tag));
  bits++;
  /* Scratch: the sorted keys (or the radix sort's), then per bucket its
   * untagged and tagged counts (or first the bucket sort's counts): 3n,
   * which covers the bucket sort's n + 2^b since 2^b <= 2n. */
  unsigned b = 1;
  while (((size_t)1 << b) < n && b < bits)
    b++;
  if (grow_tmp(v, 3 * n) < 0)
    return SPAMCLS_ERR_NOMEM;
  const uint32_t *sorted = keys;
  if (n <= SMALL_SORT)
    insertion_sort(keys, n);
  else if (n <= BUCKET_SORT)
    sorted = bucket_sort(v, keys, n, bits, b);
  else if (radix_sort(v, keys, n, bits) < 0)
    return SPAMCLS_ERR_NOMEM;

  /* Most buckets occur once (weight exactly 1, or tag_weight): count
   * those apart so the floating-point sum only sees the rest. The
   * arithmetic is sc_vec_dot's, term for term. One pass counts each
   * bucket's untagged and tagged keys into tmp (and puts the keys back
   * as given, in bucket order), a second computes the values; neither
   * branches on the data (whether a key repeats is unpredictable): a
   * fifth less time than loops over each run, measured. */
  uint32_t *cu = v->tmp + n, *cc = v->tmp + 2 * n;
  size_t m = 0;
  uint32_t prev = sorted[0] >> 1, u = 0, c = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t k = sorted[i], bucket = k >> 1, t = k & 1;
    size_t fresh = bucket != prev;
    m += fresh;
    prev = bucket;
    u = (fresh ? 0 : u) + (t ^ 1);  /* the run's counts so far */
    c = (fresh ? 0 : c) + t;
    v->f[m].index = bucket + 1;
    cu[m] = u;
    cc[m] = c;
    keys[i] = bucket | (-t & v->tag);
  }
  m++;
  const double g = v->tag_weight;
  size_t ones = 0, wones = 0;
  double ss = 0;
  for (size_t i = 0; i < m; i++) {
    int one = cu[i] == 1 && cc[i] == 0, wone = cu[i] == 0 && cc[i] == 1;
    double r = tagged_tf(v, cu[i], cc[i]);
    v->f[i].value = (float)r;  /* 1 for one, g for wone */
    ones += (size_t)one;
    wones += (size_t)wone;
    ss += one | wone ? 0.0 : r * r;
  }
  double scale = 1.0 / sqrt(ss + (double)ones + g * g * (double)wones);
  for (size_t i = 0; i < m; i++)
    v->f[i].value = (float)(v->f[i].value * scale);
  *nf = m;
  return SPAMCLS_OK;
}

/* Room for n distinct keys at a load of at most 1/2. */
static int grow_set(sc_vec *v, size_t n)
{
  if (2 * n <= (size_t)v->set_mask + 1 && v->set)
    return 0;
  size_t cap = 1024;
  while (cap < 2 * n)
    cap *= 2;
  if (cap > (size_t)UINT32_MAX)
    return -1;
  uint64_t *set = calloc(cap, sizeof *set);
  uint32_t *uniq = malloc(3 * cap * sizeof *uniq);  /* see sc_vec_dot */
  uint32_t *wcount = calloc(cap, sizeof *wcount);
  if (!set || !uniq || !wcount) {
    free(set);
    free(uniq);
    free(wcount);
    return -1;
  }
  free(v->set);
  free(v->uniq);
  free(v->wcount);
  v->set = set;
  v->uniq = uniq;
  v->wcount = wcount;
  v->set_mask = (uint32_t)(cap - 1);
  return 0;
}

spamcls_status sc_vec_dot(sc_vec *v, const uint32_t *keys, size_t n,
                          const float *w, uint32_t dim, double *dot)
{
  *dot = 0;
  if (n == 0)
    return SPAMCLS_OK;
  if (grow_set(v, n) < 0)
    return SPAMCLS_ERR_NOMEM;
  /* A slot holds bucket + 1 in its low half and its untagged count in its
   * high one, and wcount[slot] its tagged count; buckets are hashes, so
   * their low bits spread well. Only the first 2n slots (a power of two)
   * are used: the table keeps the size of the longest comment seen, and
   * probing all of it for a short one would touch far more cache lines
   * than the keys need. The slots past them are zero, as every slot is
   * between calls. */
  uint64_t *set = v->set;
  uint32_t mask = 63, *uniq = v->uniq, *wc = v->wcount, tag = v->tag;
  while ((size_t)mask + 1 < 2 * n)
    mask = 2 * mask + 1;
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t t = keys[i] & tag, key = keys[i] ^ t, k1 = key + 1;
    for (uint32_t h = key & mask;; h = (h + 1) & mask) {
      if (set[h] == 0) {
        set[h] = (uint64_t)(t == 0) << 32 | k1;
        wc[h] = t != 0;
        uniq[m++] = h;
        /* The weights are megabytes read at random: start the load now
         * so that it overlaps the rest of the merging. */
        if (k1 <= dim)
          __builtin_prefetch(w + k1);
        break;
      }
      if ((uint32_t)set[h] == k1) {
        if (t)
          wc[h]++;
        else
          set[h] += (uint64_t)1 << 32;
        break;
      }
    }
  }
  /* As sc_vec_build: singles of each kind share one scaled value; the
   * other buckets wait as (index, untagged count, tagged count) triples
   * in uniq[cap..) for the norm: m <= n <= cap / 2 of them fit in 2 cap. */
  const double g = v->tag_weight;
  double ones = 0, wones = 0, ss = 0, sum1 = 0, wsum1 = 0;
  uint32_t *rep = uniq + (size_t)v->set_mask + 1;
  size_t r = 0;
  for (size_t i = 0; i < m; i++) {
    uint32_t h = uniq[i];
    uint64_t e = set[h];
    uint32_t idx = (uint32_t)e, cu = (uint32_t)(e >> 32), cc = wc[h];
    set[h] = 0;
    wc[h] = 0;
    double wi = idx <= dim ? (double)w[idx] : 0.0;
    if (cu == 1 && cc == 0) {
      ones++;
      sum1 += wi;
    } else if (cu == 0 && cc == 1) {
      wones++;
      wsum1 += wi;
    } else {
      double t = tagged_tf(v, cu, cc);
      ss += t * t;
      rep[r++] = idx;
      rep[r++] = cu;
      rep[r++] = cc;
    }
  }
  double scale = 1.0 / sqrt(ss + ones + g * g * wones);
  double s = sum1 * (double)(float)scale +
             wsum1 * (double)(float)((double)(float)g * scale);
  for (size_t i = 0; i < r; i += 3) {
    uint32_t idx = rep[i];
    float value = (float)((double)(float)tagged_tf(v, rep[i + 1], rep[i + 2]) *
                          scale);
    if (idx <= dim)
      s += (double)w[idx] * (double)value;
  }
  *dot = s;
  return SPAMCLS_OK;
}

void sc_vec_free(sc_vec *v)
{
  free(v->set);
  free(v->uniq);
  free(v->wcount);
  free(v->tmp);
  free(v->f);
  memset(v, 0, sizeof *v);
}
