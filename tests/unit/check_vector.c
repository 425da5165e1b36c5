/*
 * check_vector.c - the vector invariants of sc_vec_build: shuffled and
 * duplicated buckets come out 1-based, strictly ascending, merged, with
 * values (1 + ln count) scaled to L2 norm 1; with a tag, tagged keys
 * weighted apart; and sc_vec_dot agrees with the built vector.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

/* A small deterministic generator, so a failing case can be replayed. */
static uint32_t next_rand(uint64_t *s)
{
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return (uint32_t)(*s >> 33);
}

static int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Case _i: bits 10..24, sizes from 0 to 20000, a pool of
 * distinct keys smaller than n so duplicates are many. */
START_TEST(test_invariants)
{
  uint64_t seed = 0x9e3779b97f4a7c15u + (uint64_t)_i;
  unsigned bits = 10 + (unsigned)_i % 15;
  uint32_t mask = (uint32_t)((1u << bits) - 1);
  /* sizes cross every sort strategy: insertion, bucket, radix */
  size_t n = _i < 3 ? (size_t)_i
                    : next_rand(&seed) % (_i % 4 == 3 ? 20000 : 3000);
  size_t pool = 1 + next_rand(&seed) % (n + 1);
  uint32_t *keys = malloc((n + 1) * sizeof *keys);
  uint32_t *ref = malloc((n + 1) * sizeof *ref);
  ck_assert(keys && ref);
  uint32_t *distinct = malloc(pool * sizeof *distinct);
  ck_assert_ptr_nonnull(distinct);
  for (size_t i = 0; i < pool; i++)
    distinct[i] = next_rand(&seed) & mask;
  if (_i % 5 == 0 && pool > 1)
    distinct[0] = mask, distinct[1] = 0;  /* both ends of the range */
  for (size_t i = 0; i < n; i++)
    keys[i] = distinct[next_rand(&seed) % pool];
  memcpy(ref, keys, n * sizeof *keys);
  qsort(ref, n, sizeof *ref, cmp_u32);

  sc_vec v = {0};
  size_t nf = 99;
  ck_assert_int_eq(sc_vec_build(&v, keys, n, bits, &nf), SPAMCLS_OK);

  /* keys sorted in place */
  ck_assert(n == 0 || memcmp(keys, ref, n * sizeof *keys) == 0);
  /* expected features from the reference sort */
  double ss = 0;
  size_t m = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && ref[j] == ref[i])
      j++;
    ck_assert_uint_lt(m, nf);
    ck_assert_uint_eq(v.f[m].index, ref[i] + 1);
    ck_assert_uint_ge(v.f[m].index, 1);
    ck_assert_uint_le(v.f[m].index, (uint32_t)1 << bits);
    double w = 1.0 + log((double)(j - i));
    ss += w * w;
    m++;
    i = j;
  }
  ck_assert_uint_eq(nf, m);
  double norm = 0;
  m = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && ref[j] == ref[i])
      j++;
    double want = (1.0 + log((double)(j - i))) / sqrt(ss);
    ck_assert_double_eq_tol(v.f[m].value, want, 1e-6);
    if (m > 0)
      ck_assert_uint_lt(v.f[m - 1].index, v.f[m].index);
    norm += (double)v.f[m].value * v.f[m].value;
    m++;
    i = j;
  }
  if (n)
    ck_assert_double_eq_tol(norm, 1.0, 1e-5);
  sc_vec_free(&v);
  free(keys);
  free(ref);
  free(distinct);
}
END_TEST

START_TEST(test_single_bucket)
{
  uint32_t keys[40];
  for (size_t i = 0; i < 40; i++)
    keys[i] = 5;
  sc_vec v = {0};
  size_t nf;
  ck_assert_int_eq(sc_vec_build(&v, keys, 40, 20, &nf), SPAMCLS_OK);
  ck_assert_uint_eq(nf, 1);
  ck_assert_uint_eq(v.f[0].index, 6);
  ck_assert_double_eq_tol(v.f[0].value, 1.0, 1e-7);
  sc_vec_free(&v);
}
END_TEST

/* Reusing the scratch for a smaller vector leaves no stale entries. */
START_TEST(test_reuse)
{
  uint32_t big[100], small[3] = {9, 1, 9};
  for (size_t i = 0; i < 100; i++)
    big[i] = (uint32_t)(i * 7919u % 1024u);
  sc_vec v = {0};
  size_t nf;
  ck_assert_int_eq(sc_vec_build(&v, big, 100, 10, &nf), SPAMCLS_OK);
  ck_assert_int_eq(sc_vec_build(&v, small, 3, 10, &nf), SPAMCLS_OK);
  ck_assert_uint_eq(nf, 2);
  ck_assert_uint_eq(v.f[0].index, 2);
  ck_assert_uint_eq(v.f[1].index, 10);
  ck_assert_float_gt(v.f[1].value, v.f[0].value);  /* count 2 beats 1 */
  sc_vec_free(&v);
}
END_TEST

/* dot, from sc_vec_dot, is want (the built vector's dot product, whose
 * terms add up to mag in absolute value) to the rounding of a reordered
 * sum, and the same keys again through the reused table give it again. */
static void expect_dot(sc_vec *v, const uint32_t *keys, size_t n,
                       const float *w, uint32_t dim, double dot, double want,
                       double mag)
{
  ck_assert_double_eq_tol(dot, want, 1e-13 * (1 + mag));
  double again = 0;
  ck_assert_int_eq(sc_vec_dot(v, keys, n, w, dim, &again), SPAMCLS_OK);
  ck_assert(again == dot);
}

/* sc_vec_dot gives the dot product of the vector sc_vec_build makes, on
 * the same random key lists (weights past dim count 0), to the rounding
 * of a reordered sum; and reusing its table leaves nothing behind. */
START_TEST(test_dot)
{
  uint64_t seed = 0x51ed270b27a3c0ddu + (uint64_t)_i;
  unsigned bits = 10 + (unsigned)_i % 11;
  uint32_t dim = (uint32_t)1 << bits;
  size_t n = _i < 2 ? (size_t)_i : next_rand(&seed) % (_i % 3 ? 600 : 9000);
  size_t pool = 1 + next_rand(&seed) % (n + 1);
  uint32_t *keys = malloc((n + 1) * sizeof *keys);
  uint32_t *copy = malloc((n + 1) * sizeof *copy);
  float *w = malloc(((size_t)dim + 1) * sizeof *w);
  ck_assert(keys && copy && w);
  for (uint32_t i = 0; i <= dim; i++)
    w[i] = (float)((double)next_rand(&seed) / 4294967296.0 - 0.5);
  for (size_t i = 0; i < n; i++)
    keys[i] = (uint32_t)((next_rand(&seed) % pool) * 2654435761u) & (dim - 1);
  memcpy(copy, keys, n * sizeof *keys);
  /* a dim smaller than the buckets: the top ones weigh nothing */
  uint32_t use_dim = _i % 4 == 1 ? dim / 2 : dim;

  sc_vec v = {0};
  size_t nf;
  double dot = 123;
  ck_assert_int_eq(sc_vec_dot(&v, keys, n, w, use_dim, &dot), SPAMCLS_OK);
  ck_assert(memcmp(keys, copy, n * sizeof *keys) == 0);  /* left as given */
  ck_assert_int_eq(sc_vec_build(&v, copy, n, bits, &nf), SPAMCLS_OK);
  double want = 0, mag = 0;
  for (size_t i = 0; i < nf; i++) {
    if (v.f[i].index <= use_dim) {
      want += (double)w[v.f[i].index] * (double)v.f[i].value;
      mag += fabs((double)w[v.f[i].index] * (double)v.f[i].value);
    }
  }
  expect_dot(&v, keys, n, w, use_dim, dot, want, mag);
  sc_vec_free(&v);
  free(keys);
  free(copy);
  free(w);
}
END_TEST

/* With a tag (downweight): keys carrying it count tag_weight as much, a
 * bucket hit by both kinds is one entry with both terms, the norm is 1,
 * the keys come back as given (in bucket order), and sc_vec_dot gives
 * the built vector's dot product to the rounding of a reordered sum. */
START_TEST(test_tagged)
{
  uint64_t seed = 0x2545f4914f6cdd1du + (uint64_t)_i;
  unsigned bits = 10 + (unsigned)_i % 15;
  uint32_t dim = (uint32_t)1 << bits, tag = dim;
  size_t n = _i < 2 ? (size_t)_i : next_rand(&seed) % (_i % 3 ? 600 : 9000);
  size_t pool = 1 + next_rand(&seed) % (n + 1);
  uint32_t *keys = malloc((n + 1) * sizeof *keys);
  uint32_t *copy = malloc((n + 1) * sizeof *copy);
  uint32_t *sorted = malloc((n + 1) * sizeof *sorted);
  float *w = malloc(((size_t)dim + 1) * sizeof *w);
  ck_assert(keys && copy && sorted && w);
  for (uint32_t i = 0; i <= dim; i++)
    w[i] = (float)((double)next_rand(&seed) / 4294967296.0 - 0.5);
  for (size_t i = 0; i < n; i++) {
    uint32_t r = next_rand(&seed);
    keys[i] = (uint32_t)((r % pool) * 2654435761u) & (dim - 1);
    if (r & 0x40000000u)  /* next_rand gives 31 bits */
      keys[i] |= tag;  /* the same buckets, tagged or not */
  }
  memcpy(copy, keys, n * sizeof *keys);
  memcpy(sorted, keys, n * sizeof *keys);
  qsort(sorted, n, sizeof *sorted, cmp_u32);

  sc_vec v = {0};
  v.tag = tag;
  v.tag_weight = 0.5;
  double dot = 123;
  size_t nf;
  ck_assert_int_eq(sc_vec_dot(&v, keys, n, w, dim, &dot), SPAMCLS_OK);
  ck_assert(memcmp(keys, copy, n * sizeof *keys) == 0);
  ck_assert_int_eq(sc_vec_build(&v, copy, n, bits, &nf), SPAMCLS_OK);
  /* the keys come back as given, ordered by bucket */
  for (size_t i = 1; i < n; i++)
    ck_assert_uint_le(copy[i - 1] & (tag - 1), copy[i] & (tag - 1));
  qsort(copy, n, sizeof *copy, cmp_u32);
  ck_assert(memcmp(copy, sorted, n * sizeof *copy) == 0);
  /* each bucket: (1 + ln untagged) + 0.5 (1 + ln tagged), then norm 1;
   * by bucket << 1 | tagged, a bucket's keys are one run */
  for (size_t i = 0; i < n; i++)
    sorted[i] = (sorted[i] & (tag - 1)) << 1 | (sorted[i] >= tag);
  qsort(sorted, n, sizeof *sorted, cmp_u32);
  double *r = malloc((n + 1) * sizeof *r);
  ck_assert_ptr_nonnull(r);
  double want_ss = 0, norm = 0, want = 0, mag = 0;
  size_t f = 0;
  for (size_t i = 0; i < n; f++) {
    size_t cu = 0, cc = 0, j = i;
    for (; j < n && sorted[j] >> 1 == sorted[i] >> 1; j++) {
      cu += !(sorted[j] & 1);
      cc += sorted[j] & 1;
    }
    ck_assert_uint_lt(f, nf);
    ck_assert_uint_eq(v.f[f].index, (sorted[i] >> 1) + 1);
    r[f] = (cu ? 1 + log((double)cu) : 0) +
           (cc ? 0.5 * (1 + log((double)cc)) : 0);
    want_ss += r[f] * r[f];
    i = j;
  }
  ck_assert_uint_eq(f, nf);
  for (size_t i = 0; i < nf; i++) {
    ck_assert_double_eq_tol(v.f[i].value, r[i] / sqrt(want_ss), 1e-6);
    norm += (double)v.f[i].value * v.f[i].value;
    want += (double)w[v.f[i].index] * (double)v.f[i].value;
    mag += fabs((double)w[v.f[i].index] * (double)v.f[i].value);
  }
  free(r);
  if (nf)
    ck_assert_double_eq_tol(norm, 1.0, 1e-6);
  expect_dot(&v, keys, n, w, dim, dot, want, mag);
  sc_vec_free(&v);
  free(keys);
  free(copy);
  free(sorted);
  free(w);
}
END_TEST

static Suite *vector_suite(void)
{
  Suite *s = suite_create("vector");
  TCase *tc = tcase_create("Core");
  tcase_set_timeout(tc, 60);  /* vectors of 20,000 keys, checked key by key */
  tcase_add_loop_test(tc, test_invariants, 0, 120);
  tcase_add_test(tc, test_single_bucket);
  tcase_add_test(tc, test_reuse);
  tcase_add_loop_test(tc, test_dot, 0, 60);
  tcase_add_loop_test(tc, test_tagged, 0, 40);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(vector_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
