/*
 * check_learn.c - learned corrections: a corrected comment gets its new
 * verdict and comments like it move with it; forgetting restores the base
 * scores bit for bit; the same set of corrections gives the same weights
 * whatever the order; the learned model survives a save and load exactly;
 * a damaged learned section is refused; the prior built from the training
 * comments' document frequencies holds common features still, and the
 * anchor the average ham comment; models learned before the anchor keep
 * learning as they did; version 2 files still load; bad sections are
 * refused.
 */
#define _GNU_SOURCE  /* memmem */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classifier.h"
#include "model_bytes.h"

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

/* The tiny fixture's comments. */
static spamcls_dataset *tiny_dataset(unsigned bits)
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
  return d;
}

/* A small model trained on the tiny fixture. */
static spamcls_model *base_model_bits(unsigned bits)
{
  spamcls_dataset *d = tiny_dataset(bits);
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
  /* without sections (no document frequencies, nothing learned) */
  sc_docfreq df = m->docfreq;
  memset(&m->docfreq, 0, sizeof m->docfreq);
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  m->docfreq = df;
  spamcls_model *bare;
  ck_assert_int_eq(spamcls_model_load(path, &bare, NULL), SPAMCLS_OK);
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(bare),
                               "format_version 4\n"));
  ck_assert_uint_eq(bare->docfreq.docs, 0);
  spamcls_model_free(bare);
  learn(m, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  learn(m, probes + 4, 1, SPAMCLS_LABEL_HAM, SPAMCLS_LEARN_ADDED);
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_save(m, path, &err), SPAMCLS_OK);
  spamcls_model *r;
  ck_assert_int_eq(spamcls_model_load(path, &r, &err), SPAMCLS_OK);
  ck_assert_str_eq(spamcls_model_card(r), spamcls_model_card(m));
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(r), "format_version 4\n"));
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(r), "learn_prior 3000\n"));
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(r), "learn_anchor 1\n"));
  /* the document frequencies come back as they were (decoded when
   * learning first needs them) */
  ck_assert_uint_gt(m->docfreq.n, 0);
  ck_assert_int_eq(sc_docfreq_decode(&r->docfreq, r->lin.dim, &err),
                   SPAMCLS_OK);
  ck_assert_uint_eq(r->docfreq.docs, m->docfreq.docs);
  ck_assert_uint_eq(r->docfreq.n, m->docfreq.n);
  ck_assert_int_eq(memcmp(r->docfreq.idx, m->docfreq.idx,
                          m->docfreq.n * sizeof *m->docfreq.idx), 0);
  ck_assert_int_eq(memcmp(r->docfreq.count, m->docfreq.count,
                          m->docfreq.n * sizeof *m->docfreq.count), 0);
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

/* Flipping any byte of a learned model's file is refused (the checksum),
 * and so is a section that is inconsistent under a valid checksum. */
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
  /* a correction's label made 7, the checksum recomputed: its record is
   * 24 bytes of numbers (the label at 8), then its text */
  const unsigned char *t = memmem(buf, n, bot[0], strlen(bot[0]));
  ck_assert_ptr_nonnull(t);
  size_t label_at = (size_t)(t - buf) - 16;
  ck_assert_uint_eq(buf[label_at], 1);
  buf[label_at] = 7;
  model_reseal(buf, n);
  ck_assert_int_eq(spamcls_model_load_buffer(buf, n, "x", &r, &err),
                   SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "learned section"));
}
END_TEST

/* Every byte of the learned section and the header's learned lines
 * replaced, with the checksum forged: each load is refused with a message or
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
  size_t weights_end = at + 4 + 4 * count, sum = model_sum_len(buf);
  ck_assert_uint_lt(weights_end, n - sum);
  const char *learned = memmem(buf, n, "learned_spam", 12);
  ck_assert_ptr_nonnull(learned);
  size_t starts[2] = {(size_t)((const unsigned char *)learned - buf),
                      weights_end};
  size_t ends[2] = {starts[0] + 200, n - sum};
  static const unsigned char vals[] = {0x00, 0xff, '0', ' ', 0x01, 0x80};
  unsigned accepted = 0, refused = 0;
  for (int part = 0; part < 2; part++) {
    for (size_t off = starts[part]; off < ends[part]; off++) {
      unsigned char was = buf[off];
      for (size_t v = 0; v < sizeof vals; v++) {
        if (vals[v] == was)
          continue;
        buf[off] = vals[v];
        unsigned char keep[8];
        memcpy(keep, buf + n - sum, sum);
        model_reseal(buf, n);
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
        memcpy(buf + n - sum, keep, sum);
      }
      buf[off] = was;
    }
  }
  ck_assert_uint_gt(refused, 100);
}
END_TEST

/* Training counts, for each feature, the ham comments that have it. */
START_TEST(test_docfreq_counted)
{
  spamcls_model *m = base_model();
  const sc_docfreq *f = &m->docfreq;
  ck_assert_uint_gt(f->n, 10);
  /* counted again here, the slow way */
  spamcls_dataset *d = tiny_dataset(16);
  size_t n = spamcls_dataset_size(d, NULL), ham = 0;
  ck_assert_uint_eq(n, m->comments);
  uint32_t *count = calloc(m->lin.dim + 1, sizeof *count);
  for (size_t i = 0; i < n; i++) {
    if (sc_dataset_label(d, i) != SPAMCLS_LABEL_HAM)
      continue;
    ham++;
    size_t nf;
    const spamcls_feature *v = sc_dataset_vector(d, i, &nf);
    for (size_t j = 0; j < nf; j++)
      count[v[j].index]++;
  }
  ck_assert_uint_gt(ham, 0);
  ck_assert_uint_lt(ham, n);
  ck_assert_uint_eq(f->docs, ham);
  size_t kept = 0;
  for (uint32_t j = 1; j <= m->lin.dim; j++) {
    double share = sc_docfreq_share(f, j);
    if (count[j] >= 2) {  /* at this size every feature of 2+ is kept */
      ck_assert_uint_eq(f->idx[kept], j);
      ck_assert_uint_eq(f->count[kept], count[j]);
      ck_assert(share == (double)count[j] / f->docs);
      kept++;
    } else {
      ck_assert(share == 0);
    }
  }
  ck_assert_uint_eq(kept, f->n);
  ck_assert(sc_docfreq_share(f, 0) == 0);
  free(count);
  spamcls_dataset_free(d);
  spamcls_model_free(m);
}
END_TEST

static void learn_with(spamcls_model *m, double prior)
{
  spamcls_learner *l = spamcls_learner_new(m);
  for (size_t i = 0; i < 2; i++) {
    spamcls_comment c = text(bot[i]);
    ck_assert_int_eq(spamcls_learner_add(l, &c, SPAMCLS_LABEL_SPAM, NULL),
                     SPAMCLS_OK);
  }
  spamcls_learn_params lp = {0, -1, prior};
  ck_assert_int_eq(spamcls_learner_commit(l, 0, &lp, NULL), SPAMCLS_OK);
  spamcls_learner_free(l);
}

/* Sum over the delta of |d_j| times the share of comments with j. */
static double common_movement(const spamcls_model *m)
{
  const sc_learned *l = &m->learned;
  double s = 0;
  for (size_t i = 0; i < l->d_n; i++)
    s += fabs(l->d_val[i]) * sc_docfreq_share(&m->docfreq, l->d_idx[i]);
  return s;
}

/* m as a model learned before the anchor existed: its learned section
 * (as if read from such a file) says no anchor. */
static void without_anchor(spamcls_model *m)
{
  m->learned.present = 1;
  m->learned.anchor = 0;
  m->learned.C = SPAMCLS_LEARN_DEFAULT_C;
  m->learned.gap = SPAMCLS_LEARN_DEFAULT_GAP;
  m->learned.prior = SPAMCLS_LEARN_DEFAULT_PRIOR;
}

/* The prior holds common features still: the learned comments still get
 * their verdict, the delta moves the common features less, and ordinary
 * ham moves less. Prior 0 is the plain L2 prior, and a model without
 * document frequencies learns as with prior 0 and no anchor. */
START_TEST(test_prior_holds_common_features)
{
  spamcls_model *plain = base_model(), *held = base_model(),
                *none = base_model(), *old = base_model();
  spamcls_result base[N_PROBES], rp[N_PROBES], rh[N_PROBES], rn[N_PROBES],
      ro[N_PROBES];
  scores(plain, base);
  learn_with(plain, 0);
  learn_with(held, 1000);
  sc_docfreq_free(&none->docfreq);
  learn_with(none, 1000);
  without_anchor(old);
  learn_with(old, 0);
  scores(plain, rp);
  scores(held, rh);
  scores(none, rn);
  scores(old, ro);
  ck_assert_int_eq(rp[1].verdict, SPAMCLS_SPAM);
  ck_assert_int_eq(rh[1].verdict, SPAMCLS_SPAM);
  ck_assert_double_lt(common_movement(held), 0.5 * common_movement(plain));
  ck_assert_double_lt(fabs(rh[0].score - base[0].score),
                      fabs(rp[0].score - base[0].score));
  ck_assert_double_lt(fabs(rh[5].score - base[5].score),
                      fabs(rp[5].score - base[5].score));
  for (size_t i = 0; i < N_PROBES; i++)
    ck_assert(rn[i].score == ro[i].score);
  spamcls_model_free(plain);
  spamcls_model_free(held);
  spamcls_model_free(none);
  spamcls_model_free(old);
}
END_TEST

static size_t read_file(const char *p, unsigned char *buf, size_t cap);

/* Learns the bot's two comments as spam and probe 6 as ham, at once. */
static void learn_mixed(spamcls_model *m)
{
  spamcls_learner *l = spamcls_learner_new(m);
  ck_assert_ptr_nonnull(l);
  for (size_t i = 0; i < 3; i++) {
    spamcls_comment c = text(i < 2 ? bot[i] : probes[6]);
    ck_assert_int_eq(spamcls_learner_add(l, &c, i < 2 ? SPAMCLS_LABEL_SPAM
                                                      : SPAMCLS_LABEL_HAM,
                                         NULL), SPAMCLS_OK);
  }
  ck_assert_int_eq(spamcls_learner_commit(l, 0, NULL, NULL), SPAMCLS_OK);
  spamcls_learner_free(l);
}

/* With the anchor, ham is put as far past the band as spam; a model
 * learned before it puts ham learned beside as much spam twice as far,
 * so the same learned ham comment ends lower there. Both move it down
 * from the base. */
START_TEST(test_ham_as_far_as_spam)
{
  spamcls_model *anchored = base_model(), *old = base_model();
  spamcls_result base[N_PROBES], ra[N_PROBES], ro[N_PROBES];
  scores(anchored, base);
  without_anchor(old);
  learn_mixed(anchored);
  learn_mixed(old);
  scores(anchored, ra);
  scores(old, ro);
  ck_assert_double_lt(ra[6].score, base[6].score);
  ck_assert_double_lt(ro[6].score, ra[6].score - 0.01);
  spamcls_model_free(anchored);
  spamcls_model_free(old);
}
END_TEST

/* How far the delta moves the base model's average ham comment: the sum
 * of d_j times the share of ham training comments with j. */
static double average_ham_movement(const spamcls_model *m)
{
  const sc_learned *l = &m->learned;
  double s = 0;
  for (size_t i = 0; i < l->d_n; i++)
    s += l->d_val[i] * sc_docfreq_share(&m->docfreq, l->d_idx[i]);
  return s;
}

/* Spam alone learned: without the anchor the delta raises the average
 * ham comment's score (the bot's ordinary words move up with it); with
 * it, it does not, and the bot is still caught. A model learned before
 * the anchor existed keeps learning without it, and a saved model says
 * which it is. */
START_TEST(test_anchor_holds_average_ham)
{
  spamcls_model *anchored = base_model(), *old = base_model();
  without_anchor(old);
  learn_with(anchored, 0);
  learn_with(old, 0);
  ck_assert_int_eq(anchored->learned.anchor, 1);
  ck_assert_int_eq(old->learned.anchor, 0);
  double with = average_ham_movement(anchored);
  double without = average_ham_movement(old);
  ck_assert_double_gt(without, 0);
  ck_assert_double_lt(with, 0.05 * without);
  spamcls_result r[N_PROBES];
  scores(anchored, r);
  ck_assert_int_eq(r[1].verdict, SPAMCLS_SPAM);
  ck_assert_int_eq(spamcls_model_save(old, path, NULL), SPAMCLS_OK);
  spamcls_model *back;
  ck_assert_int_eq(spamcls_model_load(path, &back, NULL), SPAMCLS_OK);
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(back), "learn_anchor 0\n"));
  ck_assert_int_eq(back->learned.anchor, 0);
  spamcls_model_free(back);
  /* in the file: only 0 or 1; a file without the line (an unknown key is
   * only informational) was written before the anchor existed */
  ck_assert_int_eq(spamcls_model_save(anchored, path, NULL), SPAMCLS_OK);
  static unsigned char buf[1 << 20];
  size_t n = read_file(path, buf, sizeof buf);
  unsigned char *line = memmem(buf, n, "learn_anchor 1\n", 15);
  ck_assert_ptr_nonnull(line);
  spamcls_error err;
  line[13] = '2';
  model_reseal(buf, n);
  ck_assert_int_eq(spamcls_model_load_buffer(buf, n, "x", &back, &err),
                   SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "learn_anchor is not 0 or 1"));
  line[13] = '1';
  line[0] = 'x';
  model_reseal(buf, n);
  ck_assert_int_eq(spamcls_model_load_buffer(buf, n, "x", &back, &err),
                   SPAMCLS_OK);
  ck_assert_int_eq(back->learned.anchor, 0);
  ck_assert_int_eq(back->learned.present, 1);
  spamcls_model_free(back);
  spamcls_model_free(anchored);
  spamcls_model_free(old);
}
END_TEST

static size_t read_file(const char *p, unsigned char *buf, size_t cap)
{
  FILE *fp = fopen(p, "rb");
  ck_assert_ptr_nonnull(fp);
  size_t n = fread(buf, 1, cap, fp);
  fclose(fp);
  ck_assert_uint_lt(n, cap);
  return n;
}

/* A forged file is refused: by the loader (at_learning 0), or, for a
 * damaged DOCF section, which only learning reads, by the first learning
 * with the prior (at_learning 1), the model left as it was. */
static void refused(const unsigned char *t, size_t n, int at_learning,
                    const char *msg)
{
  spamcls_model *r = NULL;
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_model_load_buffer(t, n, "x", &r, &err);
  if (!at_learning) {
    ck_assert_int_eq(st, SPAMCLS_ERR_MODEL);
    ck_assert_ptr_null(r);
    ck_assert_msg(strstr(err.msg, msg), "load: %s", err.msg);
    return;
  }
  ck_assert_int_eq(st, SPAMCLS_OK);
  spamcls_result before[N_PROBES], after[N_PROBES];
  scores(r, before);
  spamcls_learner *l = spamcls_learner_new(r);
  spamcls_comment c = text(bot[0]);
  ck_assert_int_eq(spamcls_learner_add(l, &c, SPAMCLS_LABEL_SPAM, NULL),
                   SPAMCLS_OK);
  ck_assert_int_eq(spamcls_learner_commit(l, 0, NULL, &err),
                   SPAMCLS_ERR_MODEL);
  spamcls_learner_free(l);
  ck_assert_msg(strstr(err.msg, msg), "learn: %s", err.msg);
  ck_assert_uint_eq(spamcls_model_learned(r, NULL, NULL), 0);
  scores(r, after);
  for (size_t i = 0; i < N_PROBES; i++)
    ck_assert(after[i].score == before[i].score);
  spamcls_model_free(r);
}

/* Where the sections of a saved file start (after the weights). */
static size_t sections_at(const unsigned char *buf)
{
  size_t hlen = sc_get_le32(buf + 12);
  size_t at = 16 + hlen + (4 - (16 + hlen) % 4) % 4;
  return at + 4 + 4 * (size_t)sc_get_le32(buf + at);
}

/* A version 2 file (one untagged learned section, as spamcls wrote before
 * version 3) still loads and scores as the file it came from. */
START_TEST(test_version2_still_loads)
{
  spamcls_model *m = base_model();
  sc_docfreq_free(&m->docfreq);
  learn(m, bot, 2, SPAMCLS_LABEL_SPAM, SPAMCLS_LEARN_ADDED);
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  static unsigned char buf[1 << 20], v2[1 << 20];
  size_t n = read_file(path, buf, sizeof buf);
  size_t at = sections_at(buf);
  ck_assert_int_eq(memcmp(buf + at, "LRND", 4), 0);
  size_t len = sc_get_le32(buf + at + 4);
  memcpy(v2, buf, at);
  sc_put_le32(v2 + 8, 2);
  sc_put_le32(v2 + at, (uint32_t)len);
  memcpy(v2 + at + 4, buf + at + 8, len);
  size_t n2 = at + 4 + len + 4;
  ck_assert_uint_le(n2, n);
  model_reseal(v2, n2);
  spamcls_model *r;
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_load_buffer(v2, n2, "v2", &r, &err),
                   SPAMCLS_OK);
  spamcls_result a[N_PROBES], b[N_PROBES];
  scores(m, a);
  scores(r, b);
  for (size_t i = 0; i < N_PROBES; i++)
    ck_assert(a[i].score == b[i].score);
  ck_assert_uint_eq(spamcls_model_learned(r, NULL, NULL), 2);
  spamcls_model_free(r);
  spamcls_model_free(m);
}
END_TEST

/* Sections the loader must refuse, each under a valid checksum. */
START_TEST(test_bad_sections)
{
  spamcls_model *m = base_model();
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  spamcls_model_free(m);
  static unsigned char buf[1 << 20], t[1 << 20];
  size_t n = read_file(path, buf, sizeof buf);
  size_t at = sections_at(buf);
  ck_assert_int_eq(memcmp(buf + at, "DOCF", 4), 0);
  size_t len = sc_get_le32(buf + at + 4), whole = 8 + len + (4 - len % 4) % 4;
  ck_assert_uint_eq(at + whole + 8, n);  /* the only section */
  spamcls_model *r;
  spamcls_error err;

  /* an unknown tag: a newer file, not a damaged one */
  memcpy(t, buf, n);
  memcpy(t + at, "ZZZZ", 4);
  model_reseal(t, n);
  ck_assert_int_eq(spamcls_model_load_buffer(t, n, "x", &r, &err),
                   SPAMCLS_ERR_VERSION);
  ck_assert_ptr_nonnull(strstr(err.msg, "does not read"));

  /* padding that is not zero */
  if (len % 4) {
    memcpy(t, buf, n);
    t[at + 8 + len] = 1;
    model_reseal(t, n);
    ck_assert_int_eq(spamcls_model_load_buffer(t, n, "x", &r, &err),
                     SPAMCLS_ERR_MODEL);
    ck_assert_ptr_nonnull(strstr(err.msg, "padding"));
  }

  /* the section twice */
  memcpy(t, buf, n - 8);
  memcpy(t + n - 8, buf + at, whole);
  size_t n2 = n + whole;
  model_reseal(t, n2);
  ck_assert_int_eq(spamcls_model_load_buffer(t, n2, "x", &r, &err),
                   SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "twice"));

  /* a length past the end; a count of entries one more or one less than
   * the section holds, or more than it could; no comments */
  const size_t body = at + 8;
  struct {
    size_t off;
    uint32_t v;
    int at_learning;
    const char *msg;
  } cases[] = {
    {at + 4, (uint32_t)len + 4, 0, "bytes in"},
    {body + 4, sc_get_le32(buf + body + 4) + 1, 1, "does not match its count"},
    {body + 4, sc_get_le32(buf + body + 4) - 1, 1, "does not match its count"},
    {body + 4, 0xFFFFFFFFu, 0, "does not match its count"},
    {body, 0, 0, "counts no comments"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    memcpy(t, buf, n);
    sc_put_le32(t + cases[i].off, cases[i].v);
    model_reseal(t, n);
    refused(t, n, cases[i].at_learning, cases[i].msg);
  }

  /* values out of range, written as they are by the writer: an index
   * repeated, an index past the weights, a count above the comments */
  for (int i = 0; i < 3; i++) {
    m = base_model_bits(10);
    sc_docfreq *f = &m->docfreq;
    ck_assert_uint_gt(f->n, 2);
    if (i == 0)
      f->idx[1] = f->idx[0];
    else if (i == 1)
      f->idx[f->n - 1] = m->lin.dim + 1;
    else
      f->count[0] = f->docs + 1;
    ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
    spamcls_model_free(m);
    n = read_file(path, t, sizeof t);
    refused(t, n, 1, "out of range");
  }
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
  tcase_add_test(t, test_docfreq_counted);
  tcase_add_test(t, test_prior_holds_common_features);
  tcase_add_test(t, test_anchor_holds_average_ham);
  tcase_add_test(t, test_ham_as_far_as_spam);
  tcase_add_test(t, test_version2_still_loads);
  tcase_add_test(t, test_bad_sections);
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
