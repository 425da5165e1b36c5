/*
 * check_learn.c - learned corrections: a corrected comment gets its new
 * verdict and comments like it move with it; forgetting restores the base
 * scores bit for bit; the same set of corrections gives the same weights
 * whatever the order; the learned model survives a save and load exactly;
 * a damaged learned section is refused.
 */
#define _GNU_SOURCE  /* memmem */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classifier.h"

static char dir[64], path[128];

static void setup(void)
{
  snprintf(dir, sizeof dir, "/tmp/check_learn.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/site.model", dir);
}

static void teardown(void)
{
  unlink(path);
  rmdir(dir);
}

/* A small model trained on the tiny fixture. */
static spamcls_model *base_model_bits(unsigned bits)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.hash_bits = bits;
  spamcls_dataset *d = spamcls_dataset_new(&p);
  ck_assert_ptr_nonnull(d);
  spamcls_reader *r;
  ck_assert_int_eq(spamcls_reader_open(SPAMCLS_SOURCE_DIR
                                       "/tests/fixtures/tiny/train.tsv",
                                       NULL, &r, NULL), SPAMCLS_OK);
  spamcls_comment c;
  while (spamcls_reader_next(r, &c, NULL) == SPAMCLS_OK)
    ck_assert_int_eq(spamcls_dataset_add(d, &c, NULL), SPAMCLS_OK);
  spamcls_reader_close(r);
  spamcls_train_params tp;
  spamcls_train_params_default(&tp);
  tp.solver = SPAMCLS_SOLVER_LIBLINEAR;
  tp.folds = 3;
  spamcls_model *m;
  ck_assert_int_eq(spamcls_train(d, &tp, &m, NULL), SPAMCLS_OK);
  spamcls_dataset_free(d);
  return m;
}

static spamcls_model *base_model(void)
{
  return base_model_bits(16);
}

static spamcls_comment text(const char *s)
{
  spamcls_comment c;
  memset(&c, 0, sizeof c);
  c.text = s;
  c.text_len = strlen(s);
  c.source = "corrections.txt";
  return c;
}

static const char *const probes[] = {
  "The council vote on the new transit levy was closer than it looks.",
  "my cousin told me about kopi88 at the meeting yesterday",
  "my cousin told me about kopi88 at the party",
  "the meeting yesterday with kopi88 was long",
  "I disagree with the premise of this piece entirely.",
  "Does this still work with Python 3.12?",
  "Buy cheap pills online now at our pharmacy",
};
#define N_PROBES (sizeof probes / sizeof probes[0])

static void scores(const spamcls_model *m, spamcls_result *out)
{
  spamcls_scorer *s = spamcls_scorer_new(m);
  ck_assert_ptr_nonnull(s);
  for (size_t i = 0; i < N_PROBES; i++) {
    spamcls_comment c = text(probes[i]);
    ck_assert_int_eq(spamcls_score(s, &c, &out[i]), SPAMCLS_OK);
  }
  spamcls_scorer_free(s);
}

static void learn(spamcls_model *m, const char *const *texts, size_t n,
                  spamcls_label label, spamcls_learn_outcome want)
{
  spamcls_learner *l = spamcls_learner_new(m);
  ck_assert_ptr_nonnull(l);
  for (size_t i = 0; i < n; i++) {
    spamcls_comment c = text(texts[i]);
    spamcls_learn_outcome out;
    ck_assert_int_eq(spamcls_learner_add(l, &c, label, &out), SPAMCLS_OK);
    ck_assert_int_eq(out, want);
  }
  spamcls_error err;
  ck_assert_int_eq(spamcls_learner_commit(l, 1700000000, NULL, &err),
                   SPAMCLS_OK);
  spamcls_learner_free(l);
}

static const char *const bot[] = {
  "my cousin told me about kopi88 at the meeting yesterday",
  "my friend told me about kopi88 yesterday",
};

START_TEST(test_learn_moves_the_like)
{
  spamcls_model *m = base_model();
  spamcls_result before[N_PROBES], after[N_PROBES];
  scores(m, before);
  ck_assert_int_ne(before[1].verdict, SPAMCLS_SPAM);
  learn(m, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  scores(m, after);
  /* the learned comment, and another message of the same bot */
  ck_assert_int_eq(after[1].verdict, SPAMCLS_SPAM);
  ck_assert_double_gt(after[2].probability, before[2].probability + 0.1);
  ck_assert_double_gt(after[3].probability, before[3].probability);
  /* ordinary ham stays ham */
  ck_assert_int_eq(after[0].verdict, SPAMCLS_HAM);
  ck_assert_int_eq(after[5].verdict, SPAMCLS_HAM);
  size_t ns, nh;
  ck_assert_uint_eq(spamcls_model_learned(m, &ns, &nh), 2);
  ck_assert_uint_eq(ns, 2);
  ck_assert_uint_eq(nh, 0);
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(m),
                               "learn_log 2023-11-14T22:13:20Z learn 2 0 "
                               "corrections.txt\n"));
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_forget_restores_exactly)
{
  spamcls_model *m = base_model();
  spamcls_result before[N_PROBES], mid[N_PROBES], after[N_PROBES];
  scores(m, before);
  learn(m, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(m, probes + 6, 1, SPAMCLS_LABEL_HAM, SPAMCLS_LEARN_ADDED);
  scores(m, mid);
  ck_assert_double_ne(mid[1].score, before[1].score);
  learn(m, bot, 2, SPAMCLS_LABEL_NONE, SPAMCLS_LEARN_FORGOTTEN);
  learn(m, probes + 6, 1, SPAMCLS_LABEL_NONE, SPAMCLS_LEARN_FORGOTTEN);
  learn(m, probes + 6, 1, SPAMCLS_LABEL_NONE, SPAMCLS_LEARN_NOT_LEARNED);
  scores(m, after);
  for (size_t i = 0; i < N_PROBES; i++) {
    ck_assert(after[i].score == before[i].score);
    ck_assert(after[i].probability == before[i].probability);
  }
  ck_assert_uint_eq(spamcls_model_learned(m, NULL, NULL), 0);
  ck_assert_ptr_null(m->learned.base_w);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_order_does_not_matter)
{
  spamcls_model *a = base_model(), *b = base_model();
  learn(a, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(a, probes + 6, 1, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(b, probes + 6, 1, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(b, bot + 1, 1, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(b, bot, 1, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  ck_assert_uint_eq(a->learned.d_n, b->learned.d_n);
  ck_assert_int_eq(memcmp(a->lin.w, b->lin.w,
                          (a->lin.dim + 1) * sizeof *a->lin.w), 0);
  spamcls_model_free(a);
  spamcls_model_free(b);
}
END_TEST

START_TEST(test_outcomes)
{
  spamcls_model *m = base_model();
  learn(m, bot, 1, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(m, bot, 1, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_KNOWN);
  learn(m, bot, 1, SPAMCLS_LABEL_HAM, SPAMCLS_LEARN_RELABELED);
  size_t ns, nh;
  spamcls_model_learned(m, &ns, &nh);
  ck_assert_uint_eq(ns, 0);
  ck_assert_uint_eq(nh, 1);
  static const char *const blank[] = {"   "};
  learn(m, blank, 1, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_EMPTY);
  /* the same text, styled and spaced differently, is the same comment */
  static const char *const styled[] = {
      "MY COUSIN told me about   KOPI88 at the meeting yesterday"};
  learn(m, styled, 1, SPAMCLS_LABEL_NONE, SPAMCLS_LEARN_FORGOTTEN);
  spamcls_comment c;
  ck_assert_int_eq(spamcls_model_correction(m, 0, &c), SPAMCLS_ERR_PARAM);
  /* a committed learner takes no more changes (its set is gone) */
  spamcls_learner *l = spamcls_learner_new(m);
  c = text(bot[0]);
  ck_assert_int_eq(spamcls_learner_add(l, &c, SPAMCLS_LABEL_SPAM, NULL),
                   SPAMCLS_OK);
  ck_assert_int_eq(spamcls_learner_commit(l, 0, NULL, NULL), SPAMCLS_OK);
  ck_assert_int_eq(spamcls_learner_add(l, &c, SPAMCLS_LABEL_HAM, NULL),
                   SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_learner_commit(l, 0, NULL, NULL), SPAMCLS_ERR_PARAM);
  spamcls_learner_free(l);
  ck_assert_uint_eq(spamcls_model_learned(m, NULL, NULL), 1);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_save_load_exact)
{
  spamcls_model *m = base_model();
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  spamcls_model *v1;
  ck_assert_int_eq(spamcls_model_load(path, &v1, NULL), SPAMCLS_OK);
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(v1), "format_version 1\n"));
  spamcls_model_free(v1);
  learn(m, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(m, probes + 4, 1, SPAMCLS_LABEL_HAM, SPAMCLS_LEARN_ADDED);
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_save(m, path, &err), SPAMCLS_OK);
  spamcls_model *r;
  ck_assert_int_eq(spamcls_model_load(path, &r, &err), SPAMCLS_OK);
  ck_assert_str_eq(spamcls_model_card(r), spamcls_model_card(m));
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(r), "format_version 2\n"));
  ck_assert_uint_ne(spamcls_model_checksum(r), 0);
  spamcls_result a[N_PROBES], b[N_PROBES];
  scores(m, a);
  scores(r, b);
  for (size_t i = 0; i < N_PROBES; i++)
    ck_assert(a[i].score == b[i].score);
  spamcls_comment c;
  ck_assert_int_eq(spamcls_model_correction(r, 0, &c), SPAMCLS_OK);
  ck_assert(c.label == SPAMCLS_LABEL_SPAM || c.label == SPAMCLS_LABEL_HAM);
  /* the reloaded model forgets like the original */
  learn(r, bot, 2, SPAMCLS_LABEL_NONE, SPAMCLS_LEARN_FORGOTTEN);
  learn(r, probes + 4, 1, SPAMCLS_LABEL_NONE, SPAMCLS_LEARN_FORGOTTEN);
  spamcls_model *base = base_model();
  ck_assert_int_eq(memcmp(r->lin.w, base->lin.w,
                          (r->lin.dim + 1) * sizeof *r->lin.w), 0);
  spamcls_model_free(base);
  spamcls_model_free(r);
  spamcls_model_free(m);
}
END_TEST

/* Flipping any byte of a learned model's file is refused (the CRC), and so
 * is a section that is inconsistent under a valid CRC. */
START_TEST(test_damaged_section)
{
  spamcls_model *m = base_model();
  learn(m, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  spamcls_model_free(m);
  FILE *fp = fopen(path, "rb");
  ck_assert_ptr_nonnull(fp);
  static unsigned char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf, fp);
  fclose(fp);
  ck_assert_uint_gt(n, 1000);
  spamcls_model *r;
  spamcls_error err;
  for (size_t off = n - 200; off < n; off += 7) {
    buf[off] ^= 0x40;
    ck_assert_int_eq(spamcls_model_load_buffer(buf, n, "x", &r, &err),
                     SPAMCLS_ERR_MODEL);
    buf[off] ^= 0x40;
  }
  /* the last correction's label made 7, the CRC recomputed: its record
   * is 24 bytes of numbers (the label at 8) and its text, last */
  size_t tl = 0;
  for (int i = 0; i < 2; i++) {
    size_t len = strlen(bot[i]);
    if (memcmp(buf + n - 4 - len, bot[i], len) == 0)
      tl = len;
  }
  ck_assert_uint_gt(tl, 0);
  size_t label_at = n - 4 - tl - 16;
  ck_assert_uint_eq(buf[label_at], 1);
  buf[label_at] = 7;
  uint32_t crc = sc_crc32(0, buf, n - 4);
  for (int i = 0; i < 4; i++)
    buf[n - 4 + i] = (unsigned char)(crc >> (8 * i));
  ck_assert_int_eq(spamcls_model_load_buffer(buf, n, "x", &r, &err),
                   SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "learned section"));
}
END_TEST

/* Every byte of the learned section and the header's learned lines
 * replaced, with the CRC forged: each load is refused with a message or
 * gives a model that scores every probe in [0, 1]. */
START_TEST(test_section_walk)
{
  spamcls_model *m = base_model_bits(10);
  learn(m, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(m, probes + 4, 1, SPAMCLS_LABEL_HAM, SPAMCLS_LEARN_ADDED);
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  spamcls_model_free(m);
  FILE *fp = fopen(path, "rb");
  ck_assert_ptr_nonnull(fp);
  static unsigned char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf, fp);
  fclose(fp);
  /* the layout: 16 bytes, the header, padding, the weights, the section */
  size_t hlen = buf[12] | (size_t)buf[13] << 8 | (size_t)buf[14] << 16 |
                (size_t)buf[15] << 24;
  size_t at = 16 + hlen + (4 - (16 + hlen) % 4) % 4;
  size_t count = buf[at] | (size_t)buf[at + 1] << 8 |
                 (size_t)buf[at + 2] << 16 | (size_t)buf[at + 3] << 24;
  size_t weights_end = at + 4 + 4 * count;
  ck_assert_uint_lt(weights_end, n - 4);
  const char *learned = memmem(buf, n, "learned_spam", 12);
  ck_assert_ptr_nonnull(learned);
  size_t starts[2] = {(size_t)((const unsigned char *)learned - buf),
                      weights_end};
  size_t ends[2] = {starts[0] + 200, n - 4};
  static const unsigned char vals[] = {0x00, 0xff, '0', ' ', 0x01, 0x80};
  unsigned accepted = 0, refused = 0;
  for (int part = 0; part < 2; part++) {
    for (size_t off = starts[part]; off < ends[part]; off++) {
      unsigned char was = buf[off];
      for (size_t v = 0; v < sizeof vals; v++) {
        if (vals[v] == was)
          continue;
        buf[off] = vals[v];
        uint32_t crc = sc_crc32(0, buf, n - 4);
        unsigned char keep[4];
        memcpy(keep, buf + n - 4, 4);
        for (int i = 0; i < 4; i++)
          buf[n - 4 + i] = (unsigned char)(crc >> (8 * i));
        spamcls_model *r = NULL;
        spamcls_error err = {{0}};
        spamcls_status st = spamcls_model_load_buffer(buf, n, "walk", &r, &err);
        if (st == SPAMCLS_OK) {
          spamcls_result res[N_PROBES];
          scores(r, res);
          for (size_t i = 0; i < N_PROBES; i++)
            ck_assert(res[i].probability >= 0 && res[i].probability <= 1);
          spamcls_model_free(r);
          accepted++;
        } else {
          ck_assert_ptr_null(r);
          ck_assert(err.msg[0] != '\0');
          refused++;
        }
        memcpy(buf + n - 4, keep, 4);
      }
      buf[off] = was;
    }
  }
  ck_assert_uint_gt(refused, 100);
}
END_TEST

START_TEST(test_rebase)
{
  spamcls_model *site = base_model(), *fresh = base_model();
  learn(site, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_rebase(fresh, site, &err), SPAMCLS_OK);
  ck_assert_uint_eq(spamcls_model_learned(fresh, NULL, NULL), 2);
  ck_assert_str_eq(spamcls_model_card(fresh), spamcls_model_card(site));
  ck_assert_int_eq(memcmp(fresh->lin.w, site->lin.w,
                          (site->lin.dim + 1) * sizeof *site->lin.w), 0);
  ck_assert_int_eq(spamcls_model_rebase(fresh, site, &err), SPAMCLS_ERR_PARAM);
  spamcls_model_free(site);
  spamcls_model_free(fresh);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("learn");
  TCase *t = tcase_create("learn");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_set_timeout(t, 120);
  tcase_add_test(t, test_learn_moves_the_like);
  tcase_add_test(t, test_forget_restores_exactly);
  tcase_add_test(t, test_order_does_not_matter);
  tcase_add_test(t, test_outcomes);
  tcase_add_test(t, test_save_load_exact);
  tcase_add_test(t, test_damaged_section);
  tcase_add_test(t, test_section_walk);
  tcase_add_test(t, test_rebase);
  suite_add_tcase(s, t);
  return s;
}

int main(void)
{
  SRunner *r = srunner_create(suite());
  srunner_run_all(r, CK_NORMAL);
  int failed = srunner_ntests_failed(r);
  srunner_free(r);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
