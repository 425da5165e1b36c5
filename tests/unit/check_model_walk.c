/*
 * check_model_walk.c - the model loader against every single-byte change,
 * truncation and extension of a small valid model (hash_bits 10, about
 * 5 KB), deterministically: the walk the model fuzz target does at random.
 *
 * Each byte offset gets several replacement values. Without fixing the
 * checksum every changed file must be refused; with it recomputed (a
 * forged file rather than a damaged one) the change reaches the header
 * parser and the range checks, and the load must either fail with a model
 * or version error and a message, or give a model that scores: every
 * probability in [0, 1], every verdict consistent with the thresholds.
 * AddressSanitizer (scripts/test.sh) and valgrind check that no read
 * leaves its buffer on the way. Under valgrind (SPAMCLS_UNDER_VALGRIND set,
 * tests/valgrind/run.sh) every 7th offset and length is walked, which
 * keeps the run to a minute; AddressSanitizer walks them all.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classifier.h"
#include "model_bytes.h"

static unsigned char *model_bytes(size_t *len)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.hash_bits = 10;
  spamcls_model *m = sc_model_new(&p);
  ck_assert_ptr_nonnull(m);
  uint64_t s = 11;
  for (uint32_t j = 1; j <= m->lin.dim; j++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    if ((s >> 40) % 4 == 0)
      m->lin.w[j] = (float)((double)(int64_t)(s >> 20) / 1e12);
  }
  m->lin.b = -0.25;
  m->platt_a = -3.5;
  m->platt_b = 0.01;
  m->C = 1;
  m->weight_spam = m->weight_ham = 1;
  m->folds = 5;
  m->seed = 1;
  m->solver = SPAMCLS_SOLVER_LIBSVM;
  m->threshold = 0.5;
  m->margin = 0.1;
  m->comments = 3;
  m->spam = 2;
  m->ham = 1;
  ck_assert_int_eq(sc_model_add_source(m, "walk.tsv", 2, 1), 0);
  ck_assert_int_eq(sc_model_finish(m), SPAMCLS_OK);
  char path[] = "/tmp/check_model_walk.XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  spamcls_model_free(m);
  char *data;
  ck_assert_int_eq(sc_read_file(path, 1u << 20, &data, len, NULL), SPAMCLS_OK);
  unlink(path);
  return (unsigned char *)data;
}

static const char *const texts[] = {
  "",
  "thanks for the article, togel online gacor",
  "\xF0\x9D\x90\x92\xF0\x9D\x90\x8B\xF0\x9D\x90\x8E\xF0\x9D\x90\x93 777 "
  "https://slot88.example.com wa 0812-3456-7890",
};

/* Invalid UTF-8 and a NUL byte inside: its length is its size. */
static const char binary[] = "bad \xff bytes \0 and a NUL";

/* A loaded model must score every text sanely. */
static void check_scores(const spamcls_model *m, const char *where)
{
  ck_assert_msg(spamcls_pipeline_check(spamcls_model_pipeline(m)) == NULL,
                "%s: loaded an invalid pipeline", where);
  ck_assert_ptr_nonnull(spamcls_model_card(m));
  spamcls_scorer *s = spamcls_scorer_new(m);
  ck_assert_ptr_nonnull(s);
  double th, mg;
  spamcls_model_get_thresholds(m, &th, &mg);
  size_t n_texts = sizeof texts / sizeof texts[0];
  for (size_t i = 0; i <= n_texts; i++) {
    spamcls_comment c;
    memset(&c, 0, sizeof c);
    c.text = i < n_texts ? texts[i] : binary;
    c.text_len = i < n_texts ? strlen(texts[i]) : sizeof binary - 1;
    c.label = SPAMCLS_LABEL_NONE;
    spamcls_result r;
    spamcls_contribution top[3];
    size_t n;
    ck_assert_int_eq(spamcls_explain(s, &c, &r, top, 3, &n), SPAMCLS_OK);
    ck_assert_msg(r.probability >= 0 && r.probability <= 1,
                  "%s: probability %g", where, r.probability);
    ck_assert_msg(!isnan(r.score), "%s: score is NaN", where);
    if (r.verdict == SPAMCLS_SPAM)
      ck_assert(r.probability >= th + mg);
    if (r.verdict == SPAMCLS_HAM)
      ck_assert(r.probability < th - mg);
  }
  spamcls_scorer_free(s);
}

/* Loads f[0..len): OK (checked, scored when score is set) or a model or
 * version error with a message. Returns the status. */
static spamcls_status try_load(const unsigned char *f, size_t len, int score,
                               const char *where)
{
  spamcls_model *m = (spamcls_model *)&m;
  spamcls_error err;
  memset(&err, 0, sizeof err);
  /* An exact-size copy, so that AddressSanitizer sees a read past it. */
  unsigned char *copy = malloc(len ? len : 1);
  ck_assert_ptr_nonnull(copy);
  memcpy(copy, f, len);
  spamcls_status st = spamcls_model_load_buffer(copy, len, "walk.model", &m,
                                                &err);
  free(copy);
  if (st == SPAMCLS_OK) {
    ck_assert_ptr_nonnull(m);
    if (score)
      check_scores(m, where);
    spamcls_model_free(m);
  } else {
    ck_assert_msg(st == SPAMCLS_ERR_MODEL || st == SPAMCLS_ERR_VERSION,
                  "%s: status %d (%s)", where, st, err.msg);
    ck_assert_ptr_null(m);
    ck_assert_msg(err.msg[0], "%s: no message", where);
  }
  return st;
}

/* 1, or 7 under valgrind. */
static size_t stride(void)
{
  return getenv("SPAMCLS_UNDER_VALGRIND") ? 7 : 1;
}

static const unsigned char values[] = {0x00, 0xFF, '0', '9', ' ', '\n'};

START_TEST(test_every_byte)
{
  size_t n;
  unsigned char *f = model_bytes(&n);
  ck_assert_int_eq(try_load(f, n, 1, "the model itself"), SPAMCLS_OK);
  unsigned char *g = malloc(n);
  ck_assert_ptr_nonnull(g);
  size_t accepted = 0, forged = 0;
  for (size_t i = 0; i < n; i += stride()) {
    unsigned char vals[sizeof values + 2];
    memcpy(vals, values, sizeof values);
    vals[sizeof values] = f[i] ^ 0x01;
    vals[sizeof values + 1] = f[i] ^ 0x80;
    for (size_t k = 0; k < sizeof vals; k++) {
      if (vals[k] == f[i])
        continue;
      char where[64];
      snprintf(where, sizeof where, "byte %zu set to 0x%02x", i, vals[k]);
      memcpy(g, f, n);
      g[i] = vals[k];
      /* Damaged: the checksum, or a length checked before it, refuses
       * it. */
      ck_assert_msg(try_load(g, n, 0, where) != SPAMCLS_OK,
                    "%s: a damaged file was accepted", where);
      if (i >= n - model_sum_len(f))
        continue;  /* a change of the checksum itself: forging undoes it */
      model_reseal(g, n);
      /* Scoring every accepted weight change would take minutes under
       * valgrind: every header change, and one weight change in 61. */
      int score = i < n - model_sum_len(f) - 4 * 1025 - 4 || i % 61 == 0;
      forged++;
      if (try_load(g, n, score, where) == SPAMCLS_OK)
        accepted++;
    }
  }
  /* Most forged weight changes are still a valid model; most header
   * changes are not. Both kinds must have been seen. */
  ck_assert_uint_gt(accepted, 0);
  ck_assert_uint_lt(accepted, forged);
  free(g);
  free(f);
}
END_TEST

START_TEST(test_every_length)
{
  size_t n;
  unsigned char *f = model_bytes(&n);
  unsigned char *g = malloc(n + 64);
  ck_assert_ptr_nonnull(g);
  for (size_t len = 0; len < n; len += stride()) {
    char where[64];
    snprintf(where, sizeof where, "cut to %zu bytes", len);
    memcpy(g, f, len);
    ck_assert_msg(try_load(g, len, 0, where) == SPAMCLS_ERR_MODEL, "%s", where);
    if (len >= 20) {
      model_reseal(g, len);
      ck_assert_msg(try_load(g, len, 0, where) == SPAMCLS_ERR_MODEL,
                    "%s, checksum forged", where);
    }
  }
  for (size_t extra = 1; extra <= 64; extra++) {
    char where[64];
    snprintf(where, sizeof where, "%zu bytes longer", extra);
    memcpy(g, f, n);
    for (size_t k = 0; k < extra; k++)
      g[n + k] = (unsigned char)(k * 37);
    ck_assert_msg(try_load(g, n + extra, 0, where) == SPAMCLS_ERR_MODEL, "%s",
                  where);
    model_reseal(g, n + extra);
    ck_assert_msg(try_load(g, n + extra, 0, where) == SPAMCLS_ERR_MODEL,
                  "%s, checksum forged", where);
  }
  free(g);
  free(f);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("model_walk");
  TCase *tc = tcase_create("walk");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, test_every_byte);
  tcase_add_test(tc, test_every_length);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
