/*
 * check_train.c - training and scoring through the public API, with the
 * real feature extractor: deduplication on normalized text, both solvers,
 * label order, byte-identical retraining, calibration, thresholds,
 * explanations, and (when ../shared is present) libsvm and liblinear
 * agreeing on a held-out YouTube video.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classifier.h"

/* ---------------------------------------------------------------- data */

static const char *const spam_texts[] = {
  "i really like your article, thanks for sharing. visit togel online terpercaya",
  "nice post! play slot gacor hari ini at situs judi online",
  "daftar sekarang di pulau777 slot gacor maxwin",
  "mantap artikelnya, jangan lupa main di dewa poker",
  "check out my channel and subscribe please!!! http://youtube.com/user/xyz",
  "great info, visit https://togel88.com for the best bonus",
  "\xf0\x9d\x90\x92\xf0\x9d\x90\x8b\xf0\x9d\x90\x8e\xf0\x9d\x90\x93 gacor "
  "gampang menang, daftar sekarang",
  "\xef\xbc\xb3\xef\xbc\xac\xef\xbc\xaf\xef\xbc\xb4 online deposit pulsa tanpa potongan",
  "S L O T 7 7 link alternatif terbaru hari ini",
  "win big money now at casino online, free bonus 100% for new members",
  "artikel bagus, kunjungi juga bandar togel resmi kami",
  "best casino bonus codes here: www.bigwin-casino.example",
  "subscribe to my channel for free gift cards giveaway",
  "thanks admin, info slot online gacor deposit dana 10rb",
  "agen judi bola terpercaya, daftar dan dapatkan bonus",
  "hey guys check out my new video and subscribe!!!",
  "situs togel online dengan pasaran terlengkap, link di bio",
  "visit our site for cheap viagra and casino bonus",
};

static const char *const ham_texts[] = {
  "The minister's proposal ignores the cost to rural hospitals.",
  "I disagree with the author; the data from 2019 shows the opposite trend.",
  "Thanks for the detailed explanation of the tax changes, very clear.",
  "This is a disgrace, the council should resign over this scandal!",
  "Does anyone know when the public hearing on the bridge will take place?",
  "My grandmother lived through the flood of 1953 and remembers it well.",
  "The article misses the point: wages have not kept up with rents.",
  "I voted for him twice and I regret it, he broke every promise.",
  "Good reporting. Please follow up on the school budget next month.",
  "The chart in the third paragraph has the axes labelled the wrong way.",
  "Why is nobody talking about the water quality in the eastern suburbs?",
  "As a nurse I can confirm the staffing shortage is real and getting worse.",
  "The referee was terrible yesterday, two penalties were clearly missed.",
  "I loved this song when I was a kid, it still gives me chills.",
  "Interesting interview, but the questions were far too soft.",
  "Parking fees doubled and the service got worse, typical.",
  "The new library opening hours are a big improvement for students.",
  "Can you correct the name of the mayor in the second sentence?",
};

#define N_SPAM (sizeof spam_texts / sizeof spam_texts[0])
#define N_HAM (sizeof ham_texts / sizeof ham_texts[0])

static spamcls_comment comment(const char *text, spamcls_label label,
                               const char *source)
{
  spamcls_comment c;
  memset(&c, 0, sizeof c);
  c.text = text;
  c.text_len = strlen(text);
  c.label = label;
  c.source = source;
  c.line = 1;
  return c;
}

static spamcls_pipeline small_pipeline(void)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.hash_bits = 16;
  return p;
}

/* The literal corpus, spam first or ham first. */
static spamcls_dataset *tiny_dataset(int spam_first)
{
  spamcls_pipeline p = small_pipeline();
  spamcls_dataset *d = spamcls_dataset_new(&p);
  ck_assert_ptr_nonnull(d);
  for (int pass = 0; pass < 2; pass++) {
    int spam = spam_first ? pass == 0 : pass == 1;
    const char *const *texts = spam ? spam_texts : ham_texts;
    size_t n = spam ? N_SPAM : N_HAM;
    for (size_t i = 0; i < n; i++) {
      spamcls_comment c = comment(texts[i], spam ? SPAMCLS_LABEL_SPAM
                                                 : SPAMCLS_LABEL_HAM,
                                  spam ? "spam.tsv" : "ham.tsv");
      int added;
      ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
      ck_assert_msg(added, "not added: %s", texts[i]);
    }
  }
  return d;
}

static spamcls_model *train(const spamcls_dataset *d, spamcls_solver solver)
{
  spamcls_train_params p;
  spamcls_train_params_default(&p);
  p.solver = solver;
  spamcls_model *m = NULL;
  spamcls_error err;
  ck_assert_msg(spamcls_train(d, &p, &m, &err) == SPAMCLS_OK, "%s", err.msg);
  ck_assert_ptr_nonnull(m);
  return m;
}

static const char *const spam_probes[] = {
  "wow nice article, visit situs togel online gacor today",
  "\xf0\x9d\x90\x92\xf0\x9d\x90\x8b\xf0\x9d\x90\x8e\xf0\x9d\x90\x93 gacor "
  "maxwin daftar di situs kami",
  "check out my channel and subscribe, free bonus",
};
static const char *const ham_probes[] = {
  "The council's report on rural hospitals was published yesterday.",
  "I disagree with the mayor about the school budget and the rents.",
  "The referee missed two clear penalties, what a disgrace.",
};

static spamcls_result score_text(spamcls_scorer *s, const char *text)
{
  spamcls_comment c = comment(text, SPAMCLS_LABEL_NONE, NULL);
  spamcls_result r;
  ck_assert_int_eq(spamcls_score(s, &c, &r), SPAMCLS_OK);
  return r;
}

static const spamcls_solver solvers[] = {SPAMCLS_SOLVER_LIBSVM,
                                         SPAMCLS_SOLVER_LIBLINEAR};

/* ---------------------------------------------------------------- dataset */

START_TEST(test_dedup_on_normalized_text)
{
  spamcls_pipeline p = small_pipeline();
  spamcls_dataset *d = spamcls_dataset_new(&p);
  int added;
  spamcls_comment c = comment("Great article, thanks!", SPAMCLS_LABEL_HAM, "a");
  ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 1);
  /* case, spacing and styled letters normalize away: duplicates */
  const char *same[] = {
    "GREAT   article,   thanks!",
    "  great article, thanks!\n",
    "\xf0\x9d\x90\x86\xf0\x9d\x90\xab\xf0\x9d\x90\x9e\xf0\x9d\x90\x9a"
    "\xf0\x9d\x90\xad article, thanks!",  /* mathematical bold "Great" */
  };
  for (size_t i = 0; i < 3; i++) {
    c = comment(same[i], SPAMCLS_LABEL_HAM, "b");
    ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
    ck_assert_msg(added == 0, "added: %s", same[i]);
  }
  /* the same text labeled spam: a conflict, the first label stays */
  c = comment("great article, THANKS!", SPAMCLS_LABEL_SPAM, "b");
  ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 0);
  /* no text */
  c = comment("   \t ", SPAMCLS_LABEL_SPAM, "b");
  ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 0);
  c = comment("", SPAMCLS_LABEL_HAM, "b");
  ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 0);
  /* unlabeled: refused */
  c = comment("something else", SPAMCLS_LABEL_NONE, "b");
  ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_ERR_PARAM);
  /* different text */
  c = comment("Great article, thanks a lot!", SPAMCLS_LABEL_HAM, "b");
  ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 1);

  size_t n_spam;
  ck_assert_uint_eq(spamcls_dataset_size(d, &n_spam), 2);
  ck_assert_uint_eq(n_spam, 0);
  const sc_dataset_stats *st = sc_dataset_get_stats(d);
  ck_assert_uint_eq(st->duplicates, 3);
  ck_assert_uint_eq(st->conflicts, 1);
  ck_assert_uint_eq(st->empty, 2);
  spamcls_dataset_free(d);
}
END_TEST

/* The author takes part in the key only when author features are on. */
START_TEST(test_dedup_author)
{
  for (int with_author = 0; with_author < 2; with_author++) {
    spamcls_pipeline p = small_pipeline();
    if (with_author)
      p.flags |= SPAMCLS_F_AUTHOR;
    else
      p.flags &= ~(unsigned)SPAMCLS_F_AUTHOR;
    spamcls_dataset *d = spamcls_dataset_new(&p);
    ck_assert_ptr_nonnull(d);
    const char *authors[] = {"alice", "bob"};
    for (int i = 0; i < 2; i++) {
      spamcls_comment c = comment("same words here", SPAMCLS_LABEL_HAM, "a");
      c.author = authors[i];
      c.author_len = strlen(authors[i]);
      int added;
      ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
      ck_assert_int_eq(added, i == 0 || with_author);
    }
    spamcls_dataset_free(d);
  }
}
END_TEST

/* Comments for the batch tests: every text of the tiny corpus with a
 * numbered tail, every 7th a repeat of an earlier one (a duplicate, or a
 * conflict when its label differs), every 13th empty; two sources and
 * groups. texts holds the strings. */
#define BATCH_N 2000
static void batch_comments(spamcls_comment *c, char (*texts)[160])
{
  for (size_t i = 0; i < BATCH_N; i++) {
    int spam = i % 3 == 0;
    const char *base = spam ? spam_texts[i % N_SPAM] : ham_texts[i % N_HAM];
    if (i % 13 == 0)
      snprintf(texts[i], 160, " \t");
    else if (i % 7 == 0 && i > 20)
      memcpy(texts[i], texts[i - 20], sizeof texts[i]);
    else
      snprintf(texts[i], 160, "%s number %zu", base, i * 7919 % 1000);
    c[i] = comment(texts[i], spam ? SPAMCLS_LABEL_SPAM : SPAMCLS_LABEL_HAM,
                   i < BATCH_N / 2 ? "first.tsv" : "second.tsv");
    c[i].group = i % 2 ? "odd" : "even";
    c[i].group_len = strlen(c[i].group);
    c[i].line = i + 1;
  }
}

/* Same rows, vectors, sources, groups and counts. */
static void assert_same_dataset(const spamcls_dataset *a,
                                const spamcls_dataset *b)
{
  size_t sa, sb;
  size_t n = spamcls_dataset_size(a, &sa);
  ck_assert_uint_eq(spamcls_dataset_size(b, &sb), n);
  ck_assert_uint_eq(sa, sb);
  ck_assert_mem_eq(sc_dataset_get_stats(a), sc_dataset_get_stats(b),
                   sizeof(sc_dataset_stats));
  for (size_t i = 0; i < n; i++) {
    size_t na, nb;
    const spamcls_feature *fa = sc_dataset_vector(a, i, &na);
    const spamcls_feature *fb = sc_dataset_vector(b, i, &nb);
    ck_assert_uint_eq(na, nb);
    ck_assert_mem_eq(fa, fb, na * sizeof *fa);
    ck_assert_int_eq(sc_dataset_label(a, i), sc_dataset_label(b, i));
    ck_assert_uint_eq(sc_dataset_source(a, i), sc_dataset_source(b, i));
    ck_assert_int_eq(sc_dataset_group(a, i), sc_dataset_group(b, i));
  }
  ck_assert_uint_eq(sc_dataset_n_sources(a), sc_dataset_n_sources(b));
  ck_assert_uint_eq(sc_dataset_n_groups(a), sc_dataset_n_groups(b));
}

/* Added in batches on 1, 2, 3 or 7 threads: the dataset that adding one
 * by one gives. */
START_TEST(test_add_batch_same_as_one_by_one)
{
  static const unsigned jobs[] = {1, 2, 3, 7};
  spamcls_comment *c = malloc(BATCH_N * sizeof *c);
  char (*texts)[160] = malloc(BATCH_N * sizeof *texts);
  ck_assert_ptr_nonnull(c);
  ck_assert_ptr_nonnull(texts);
  batch_comments(c, texts);
  spamcls_pipeline p = small_pipeline();
  spamcls_dataset *one = spamcls_dataset_new(&p);
  size_t stored = 0;
  for (size_t i = 0; i < BATCH_N; i++) {
    int added;
    ck_assert_int_eq(spamcls_dataset_add(one, &c[i], &added), SPAMCLS_OK);
    stored += (size_t)added;
  }
  ck_assert_uint_gt(sc_dataset_get_stats(one)->duplicates, 0);
  ck_assert_uint_gt(sc_dataset_get_stats(one)->empty, 0);

  spamcls_dataset *batch = spamcls_dataset_new(&p);
  /* uneven cuts, one of them empty */
  static const size_t cuts[] = {0, 0, 300, 1100, 1999, BATCH_N};
  size_t total = 0;
  for (size_t k = 0; k + 1 < sizeof cuts / sizeof cuts[0]; k++) {
    size_t added = 99, failed = 99, n = cuts[k + 1] - cuts[k];
    ck_assert_int_eq(spamcls_dataset_add_batch(batch, c + cuts[k], n, jobs[_i],
                                               &added, &failed),
                     SPAMCLS_OK);
    ck_assert_uint_eq(failed, n);
    total += added;
  }
  ck_assert_uint_eq(total, stored);
  assert_same_dataset(one, batch);
  spamcls_dataset_free(batch);
  spamcls_dataset_free(one);
  free(texts);
  free(c);
}
END_TEST

/* A comment that cannot be added stops the batch there: those before it
 * are stored, it and the rest are not, and *failed names it. */
START_TEST(test_add_batch_stops_at_error)
{
  spamcls_comment *c = malloc(BATCH_N * sizeof *c);
  char (*texts)[160] = malloc(BATCH_N * sizeof *texts);
  batch_comments(c, texts);
  size_t bad = 1450;
  c[bad].label = SPAMCLS_LABEL_NONE;
  spamcls_pipeline p = small_pipeline();
  spamcls_dataset *one = spamcls_dataset_new(&p);
  for (size_t i = 0; i < bad; i++)
    ck_assert_int_eq(spamcls_dataset_add(one, &c[i], NULL), SPAMCLS_OK);
  spamcls_dataset *batch = spamcls_dataset_new(&p);
  size_t added, failed;
  ck_assert_int_eq(spamcls_dataset_add_batch(batch, c, BATCH_N, 3, &added,
                                             &failed),
                   SPAMCLS_ERR_PARAM);
  ck_assert_uint_eq(failed, bad);
  ck_assert_uint_eq(added, spamcls_dataset_size(one, NULL));
  assert_same_dataset(one, batch);
  /* no dataset, or comments missing */
  ck_assert_int_eq(spamcls_dataset_add_batch(NULL, c, 1, 1, NULL, NULL),
                   SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_dataset_add_batch(batch, NULL, 1, 1, NULL, NULL),
                   SPAMCLS_ERR_PARAM);
  spamcls_dataset_free(batch);
  spamcls_dataset_free(one);
  free(texts);
  free(c);
}
END_TEST

START_TEST(test_dataset_new_checks_pipeline)
{
  spamcls_pipeline p = small_pipeline();
  p.hash_bits = 30;
  ck_assert_ptr_null(spamcls_dataset_new(&p));
  ck_assert_ptr_null(spamcls_dataset_new(NULL));
  ck_assert_uint_eq(spamcls_dataset_size(NULL, NULL), 0);
  spamcls_dataset_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- training */

START_TEST(test_train_and_score)
{
  spamcls_dataset *d = tiny_dataset(_i % 2);
  spamcls_model *m = train(d, solvers[_i / 2]);
  spamcls_scorer *s = spamcls_scorer_new(m);
  ck_assert_ptr_nonnull(s);
  for (size_t i = 0; i < 3; i++) {
    spamcls_result r = score_text(s, spam_probes[i]);
    ck_assert_msg(r.score > 0 && r.verdict == SPAMCLS_SPAM,
                  "%s: score %g p %g", spam_probes[i], r.score, r.probability);
    r = score_text(s, ham_probes[i]);
    ck_assert_msg(r.score < 0 && r.verdict == SPAMCLS_HAM,
                  "%s: score %g p %g", ham_probes[i], r.score, r.probability);
    ck_assert(r.probability >= 0 && r.probability <= 1);
  }
  /* probability grows with the score */
  spamcls_result a = score_text(s, spam_probes[0]), b = score_text(s, ham_probes[0]);
  ck_assert_double_gt(a.probability, b.probability);
  /* no text: reported as such */
  spamcls_result e = score_text(s, "  \n ");
  ck_assert_int_eq(e.verdict, SPAMCLS_EMPTY);
  ck_assert(e.score == 0 && e.probability == 0);
  /* invalid UTF-8 is counted, not fatal */
  spamcls_result u = score_text(s, "bad \xff\xfe bytes togel");
  ck_assert_uint_ge(u.invalid_utf8, 1);

  const char *card = spamcls_model_card(m);
  ck_assert_ptr_nonnull(strstr(card, solvers[_i / 2] == SPAMCLS_SOLVER_LIBSVM
                                         ? "\nsolver libsvm\n"
                                         : "\nsolver liblinear\n"));
  ck_assert_ptr_nonnull(strstr(card, "\ntrain_comments 36\n"));
  ck_assert_ptr_nonnull(strstr(card, "\nsource 18 0 spam.tsv\n"));
  ck_assert_ptr_nonnull(strstr(card, "\nsource 0 18 ham.tsv\n"));
  ck_assert_ptr_nonnull(strstr(card, "\nfolds 5\n"));
  ck_assert_double_lt(m->platt_a, 0);
  spamcls_scorer_free(s);
  spamcls_model_free(m);
  spamcls_dataset_free(d);
}
END_TEST

/* Spam first or ham first: the same verdicts, scores close. */
START_TEST(test_label_order)
{
  spamcls_dataset *a = tiny_dataset(1), *b = tiny_dataset(0);
  spamcls_model *ma = train(a, solvers[_i]), *mb = train(b, solvers[_i]);
  spamcls_scorer *sa = spamcls_scorer_new(ma), *sb = spamcls_scorer_new(mb);
  for (size_t i = 0; i < 3; i++) {
    const char *t[2] = {spam_probes[i], ham_probes[i]};
    for (int k = 0; k < 2; k++) {
      spamcls_result ra = score_text(sa, t[k]), rb = score_text(sb, t[k]);
      ck_assert_int_eq(ra.score > 0, rb.score > 0);
      ck_assert_double_eq_tol(ra.score, rb.score, 0.05);
    }
  }
  spamcls_scorer_free(sa);
  spamcls_scorer_free(sb);
  spamcls_model_free(ma);
  spamcls_model_free(mb);
  spamcls_dataset_free(a);
  spamcls_dataset_free(b);
}
END_TEST

static char *save_bytes(const spamcls_model *m, size_t *len)
{
  char path[] = "/tmp/check_train.XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  ck_assert_int_eq(spamcls_model_save(m, path, NULL), SPAMCLS_OK);
  char *data;
  ck_assert_int_eq(sc_read_file(path, 1u << 28, &data, len, NULL), SPAMCLS_OK);
  unlink(path);
  return data;
}

/* The same data and parameters give the same bytes, with or without
 * tuning. */
START_TEST(test_deterministic)
{
  spamcls_dataset *d = tiny_dataset(0);
  spamcls_train_params p;
  spamcls_train_params_default(&p);
  p.solver = solvers[_i % 2];
  p.tune = _i / 2;
  spamcls_model *m1, *m2;
  spamcls_error err;
  /* one fit at a time, then four at once: the same bytes */
  sc_set_fit_threads(1);
  ck_assert_int_eq(spamcls_train(d, &p, &m1, &err), SPAMCLS_OK);
  sc_set_fit_threads(4);
  ck_assert_int_eq(spamcls_train(d, &p, &m2, &err), SPAMCLS_OK);
  sc_set_fit_threads(0);
  size_t n1, n2;
  char *b1 = save_bytes(m1, &n1), *b2 = save_bytes(m2, &n2);
  ck_assert_uint_eq(n1, n2);
  ck_assert_mem_eq(b1, b2, n1);
  if (p.tune) {
    ck_assert_ptr_nonnull(strstr(spamcls_model_card(m1), "\ntuned 1\n"));
    ck_assert_double_ge(m1->C, 0.01 - 1e-12);
    ck_assert_double_le(m1->C, 100 + 1e-9);
  }
  free(b1);
  free(b2);
  spamcls_model_free(m1);
  spamcls_model_free(m2);
  spamcls_dataset_free(d);
}
END_TEST

/* This suite is built with the program's rand() (cli/rand.c), as the
 * spamcls program is: a state per thread, which the library finds, and
 * glibc's sequence: the same as random() after srandom(), seed for seed. */
START_TEST(test_rand_per_thread)
{
  ck_assert_int_eq(sc_rand_private(), 1);
  ck_assert_uint_ge(sc_fit_threads(SPAMCLS_SOLVER_LIBLINEAR), 1);
  static const unsigned seeds[] = {0, 1, 2, 12345, 0x7fffffffu, 0xffffffffu};
  for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
    srand(seeds[s]);
    srandom(seeds[s]);
    for (int i = 0; i < 2000; i++)
      ck_assert_int_eq(rand(), (int)random());
  }
}
END_TEST

/* A trained model saved and loaded scores exactly the same. */
START_TEST(test_saved_model_scores_the_same)
{
  spamcls_dataset *d = tiny_dataset(1);
  spamcls_model *m = train(d, SPAMCLS_SOLVER_AUTO);
  size_t n;
  char *bytes = save_bytes(m, &n);
  spamcls_model *l;
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_load_buffer(bytes, n, "m", &l, &err),
                   SPAMCLS_OK);
  ck_assert_str_eq(spamcls_model_card(l), spamcls_model_card(m));
  spamcls_scorer *s1 = spamcls_scorer_new(m), *s2 = spamcls_scorer_new(l);
  for (size_t i = 0; i < 3; i++) {
    spamcls_result a = score_text(s1, spam_probes[i]), b = score_text(s2, spam_probes[i]);
    ck_assert(a.score == b.score && a.probability == b.probability);
  }
  spamcls_scorer_free(s1);
  spamcls_scorer_free(s2);
  spamcls_model_free(l);
  spamcls_model_free(m);
  free(bytes);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_train_errors)
{
  spamcls_pipeline pp = small_pipeline();
  spamcls_dataset *empty = spamcls_dataset_new(&pp);
  spamcls_train_params p;
  spamcls_train_params_default(&p);
  spamcls_model *m = (spamcls_model *)1;
  spamcls_error err;
  ck_assert_int_eq(spamcls_train(empty, &p, &m, &err), SPAMCLS_ERR_TRAIN);
  ck_assert_ptr_null(m);
  /* one class only */
  spamcls_comment c = comment(spam_texts[0], SPAMCLS_LABEL_SPAM, NULL);
  int added;
  spamcls_dataset_add(empty, &c, &added);
  ck_assert_int_eq(spamcls_train(empty, &p, &m, &err), SPAMCLS_ERR_TRAIN);
  ck_assert_ptr_nonnull(strstr(err.msg, "1 spam, 0 ham"));
  /* one spam, a few ham: trains, calibrated on its own scores */
  for (size_t i = 0; i < 4; i++) {
    c = comment(ham_texts[i], SPAMCLS_LABEL_HAM, NULL);
    spamcls_dataset_add(empty, &c, &added);
  }
  ck_assert_int_eq(spamcls_train(empty, &p, &m, &err), SPAMCLS_OK);
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(m), "\nfolds 0\n"));
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(m), "\nsource 1 4 (none)\n"));
  spamcls_model_free(m);
  p.tune = 1;  /* but cannot tune */
  ck_assert_int_eq(spamcls_train(empty, &p, &m, &err), SPAMCLS_ERR_TRAIN);
  spamcls_dataset_free(empty);

  spamcls_dataset *d = tiny_dataset(1);
  spamcls_train_params bad[5];
  for (int i = 0; i < 5; i++)
    spamcls_train_params_default(&bad[i]);
  bad[0].folds = 1;
  bad[1].threshold = 1.5;
  bad[2].margin = 0.7;
  bad[3].solver = (spamcls_solver)7;
  bad[4].weight_spam = NAN;
  for (int i = 0; i < 5; i++) {
    ck_assert_int_eq(spamcls_train(d, &bad[i], &m, &err), SPAMCLS_ERR_PARAM);
    ck_assert_ptr_null(m);
  }
  spamcls_dataset_free(d);
}
END_TEST

/* Progress goes to the log callback, never to stdout. */
typedef struct log_lines {
  int n;
  int saw_platt;
} log_lines;

static void count_log(void *ctx, const char *msg)
{
  log_lines *l = ctx;
  l->n++;
  if (strncmp(msg, "platt: ", 7) == 0)
    l->saw_platt = 1;
}

START_TEST(test_train_log)
{
  spamcls_dataset *d = tiny_dataset(1);
  spamcls_train_params p;
  spamcls_train_params_default(&p);
  log_lines l = {0, 0};
  p.log = count_log;
  p.log_ctx = &l;
  spamcls_model *m;
  ck_assert_int_eq(spamcls_train(d, &p, &m, NULL), SPAMCLS_OK);
  ck_assert_int_gt(l.n, 5);
  ck_assert_int_eq(l.saw_platt, 1);
  spamcls_model_free(m);
  spamcls_dataset_free(d);
}
END_TEST

/* ---------------------------------------------------------------- scoring */

START_TEST(test_scorer_thresholds)
{
  spamcls_dataset *d = tiny_dataset(1);
  spamcls_model *m = train(d, SPAMCLS_SOLVER_LIBSVM);
  spamcls_scorer *s = spamcls_scorer_new(m);
  spamcls_result r = score_text(s, ham_probes[0]);
  ck_assert_int_eq(r.verdict, SPAMCLS_HAM);
  /* threshold 0: everything is spam; just under the probability: unsure */
  ck_assert_int_eq(spamcls_scorer_set_thresholds(s, 0, 0), SPAMCLS_OK);
  ck_assert_int_eq(score_text(s, ham_probes[0]).verdict, SPAMCLS_SPAM);
  ck_assert_int_eq(spamcls_scorer_set_thresholds(s, r.probability, 0.001),
                   SPAMCLS_OK);
  ck_assert_int_eq(score_text(s, ham_probes[0]).verdict, SPAMCLS_UNSURE);
  ck_assert_int_eq(spamcls_scorer_set_thresholds(s, 2, 0), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_scorer_set_thresholds(s, 0.5, -1), SPAMCLS_ERR_PARAM);
  /* the model's own thresholds are untouched */
  double t, g;
  spamcls_model_get_thresholds(m, &t, &g);
  ck_assert(t == 0.5 && g == 0.1);
  /* a scorer made after changing the model's thresholds takes them */
  ck_assert_int_eq(spamcls_model_set_thresholds(m, 0, 0), SPAMCLS_OK);
  spamcls_scorer *s2 = spamcls_scorer_new(m);
  ck_assert_int_eq(score_text(s2, ham_probes[0]).verdict, SPAMCLS_SPAM);
  spamcls_scorer_free(s2);
  spamcls_scorer_free(s);
  spamcls_scorer_free(NULL);
  ck_assert_ptr_null(spamcls_scorer_new(NULL));
  spamcls_model_free(m);
  spamcls_dataset_free(d);
}
END_TEST

/* ---------------------------------------------------------------- explain */

typedef struct name_map {
  char names[512][120];
  uint32_t index[512];
  size_t n;
} name_map;

static void map_name(void *ctx, const char *name, size_t len, uint32_t index)
{
  name_map *m = ctx;
  if (m->n < 512 && len < 120) {
    memcpy(m->names[m->n], name, len);
    m->names[m->n][len] = '\0';
    m->index[m->n++] = index;
  }
}

START_TEST(test_explain)
{
  spamcls_dataset *d = tiny_dataset(1);
  spamcls_model *m = train(d, SPAMCLS_SOLVER_LIBSVM);
  spamcls_scorer *s = spamcls_scorer_new(m);
  const char *text = spam_probes[0];
  spamcls_comment c = comment(text, SPAMCLS_LABEL_NONE, NULL);
  spamcls_contribution out[10];
  spamcls_result r;
  size_t n;
  ck_assert_int_eq(spamcls_explain(s, &c, &r, out, 10, &n), SPAMCLS_OK);
  ck_assert_uint_eq(n, 10);
  ck_assert(r.score == score_text(s, text).score);

  /* each contribution is w[bucket] * value of the bucket */
  spamcls_pipeline p = *spamcls_model_pipeline(m);
  spamcls_extractor *x = spamcls_extractor_new(&p);
  static name_map map;
  map.n = 0;
  ck_assert_int_eq(spamcls_extract_names(x, &c, map_name, &map), SPAMCLS_OK);
  spamcls_vector v;
  ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
  int saw_togel = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0)
      ck_assert_double_le(fabs(out[i].weight), fabs(out[i - 1].weight));
    for (size_t j = 0; j < i; j++)
      ck_assert_str_ne(out[i].name, out[j].name);
    size_t k;
    for (k = 0; k < map.n && strcmp(map.names[k], out[i].name); k++)
      ;
    ck_assert_msg(k < map.n, "unknown name %s", out[i].name);
    double value = 0;
    for (size_t j = 0; j < v.n; j++)
      if (v.f[j].index == map.index[k])
        value = v.f[j].value;
    ck_assert_double_eq_tol(out[i].weight,
                            (double)m->lin.w[map.index[k]] * value, 1e-12);
    saw_togel |= strstr(out[i].name, "togel") != NULL;
  }
  ck_assert_msg(saw_togel, "no togel feature in the top 10 of a togel comment");

  /* n = 0: scored, nothing listed; no text: EMPTY, nothing listed */
  ck_assert_int_eq(spamcls_explain(s, &c, &r, NULL, 0, &n), SPAMCLS_OK);
  ck_assert_uint_eq(n, 0);
  ck_assert_int_eq(r.verdict, SPAMCLS_SPAM);
  spamcls_comment e = comment(" ", SPAMCLS_LABEL_NONE, NULL);
  ck_assert_int_eq(spamcls_explain(s, &e, &r, out, 10, &n), SPAMCLS_OK);
  ck_assert_uint_eq(n, 0);
  ck_assert_int_eq(r.verdict, SPAMCLS_EMPTY);
  /* more room than features */
  spamcls_comment shortc = comment("togel", SPAMCLS_LABEL_NONE, NULL);
  ck_assert_int_eq(spamcls_explain(s, &shortc, &r, out, 10, &n), SPAMCLS_OK);
  ck_assert_uint_le(n, 10);
  ck_assert_uint_ge(n, 1);
  spamcls_extractor_free(x);
  spamcls_scorer_free(s);
  spamcls_model_free(m);
  spamcls_dataset_free(d);
}
END_TEST

/* ---------------------------------------------------------------- corpus */

static const char *const youtube[] = {
  "Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv",
  "Youtube04-Eminem.csv", "Youtube05-Shakira.csv",
};
#define YT_DIR SPAMCLS_SHARED_DIR "/corpus/youtube-spam-collection"

/* Reads one video's labeled comments into d (or, if d is NULL, calls
 * back per comment). */
static void read_video(const char *file, spamcls_dataset *d,
                       void (*each)(void *, const spamcls_comment *),
                       void *ctx)
{
  char path[512];
  snprintf(path, sizeof path, "%s/%s", YT_DIR, file);
  spamcls_reader *r;
  spamcls_error err;
  ck_assert_msg(spamcls_reader_open(path, NULL, &r, &err) == SPAMCLS_OK, "%s",
                err.msg);
  spamcls_comment c;
  spamcls_status st;
  while ((st = spamcls_reader_next(r, &c, &err)) != SPAMCLS_EOF) {
    ck_assert_msg(st == SPAMCLS_OK, "%s", err.msg);
    ck_assert(c.label == SPAMCLS_LABEL_SPAM || c.label == SPAMCLS_LABEL_HAM);
    if (d) {
      int added;
      ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
    } else {
      each(ctx, &c);
    }
  }
  spamcls_reader_close(r);
}

typedef struct agree {
  spamcls_scorer *svm, *lin;
  size_t n, same, right_svm, right_lin;
} agree;

static void compare(void *ctx, const spamcls_comment *c)
{
  agree *a = ctx;
  spamcls_result r1, r2;
  ck_assert_int_eq(spamcls_score(a->svm, c, &r1), SPAMCLS_OK);
  ck_assert_int_eq(spamcls_score(a->lin, c, &r2), SPAMCLS_OK);
  if (r1.verdict == SPAMCLS_EMPTY)
    return;
  a->n++;
  /* verdicts at the model's threshold, without the unsure band */
  int s1 = r1.probability >= 0.5, s2 = r2.probability >= 0.5;
  a->same += s1 == s2;
  a->right_svm += s1 == (c->label == SPAMCLS_LABEL_SPAM);
  a->right_lin += s2 == (c->label == SPAMCLS_LABEL_SPAM);
}

/* libsvm and liblinear trained on four videos agree on the fifth. */
START_TEST(test_youtube_solvers_agree)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  spamcls_dataset *d = spamcls_dataset_new(&p);
  for (int v = 0; v < 4; v++)
    read_video(youtube[v], d, NULL, NULL);
  spamcls_model *ms = train(d, SPAMCLS_SOLVER_LIBSVM);
  spamcls_model *ml = train(d, SPAMCLS_SOLVER_LIBLINEAR);
  agree a = {spamcls_scorer_new(ms), spamcls_scorer_new(ml), 0, 0, 0, 0};
  read_video(youtube[4], NULL, compare, &a);
  double agreement = (double)a.same / (double)a.n;
  fprintf(stderr, "youtube (train 1-4, test 5): %zu comments, agreement %.3f, "
          "accuracy libsvm %.3f liblinear %.3f\n", a.n, agreement,
          (double)a.right_svm / (double)a.n, (double)a.right_lin / (double)a.n);
  ck_assert_uint_gt(a.n, 300);
  ck_assert_double_ge(agreement, 0.95);
  ck_assert_double_ge((double)a.right_svm / (double)a.n, 0.85);
  ck_assert_double_ge((double)a.right_lin / (double)a.n, 0.85);
  spamcls_scorer_free(a.svm);
  spamcls_scorer_free(a.lin);
  spamcls_model_free(ms);
  spamcls_model_free(ml);
  spamcls_dataset_free(d);
}
END_TEST

static Suite *train_suite(int have_corpus)
{
  Suite *s = suite_create("train");
  TCase *tc = tcase_create("dataset");
  tcase_add_test(tc, test_dedup_on_normalized_text);
  tcase_add_test(tc, test_dedup_author);
  tcase_add_test(tc, test_dataset_new_checks_pipeline);
  tcase_add_loop_test(tc, test_add_batch_same_as_one_by_one, 0, 4);
  tcase_add_test(tc, test_add_batch_stops_at_error);
  suite_add_tcase(s, tc);

  tc = tcase_create("train");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_train_and_score, 0, 4);
  tcase_add_loop_test(tc, test_label_order, 0, 2);
  tcase_add_loop_test(tc, test_deterministic, 0, 4);
  tcase_add_test(tc, test_rand_per_thread);
  tcase_add_test(tc, test_saved_model_scores_the_same);
  tcase_add_test(tc, test_train_errors);
  tcase_add_test(tc, test_train_log);
  suite_add_tcase(s, tc);

  tc = tcase_create("score");
  tcase_add_test(tc, test_scorer_thresholds);
  tcase_add_test(tc, test_explain);
  suite_add_tcase(s, tc);

  if (have_corpus) {
    tc = tcase_create("corpus");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_youtube_solvers_agree);
    suite_add_tcase(s, tc);
  }
  return s;
}

int main(void)
{
  struct stat sb;
  int have_corpus = stat(YT_DIR, &sb) == 0 && S_ISDIR(sb.st_mode);
  if (!have_corpus)
    fprintf(stderr, "check_train: skipping the YouTube solver agreement test: "
            "%s is absent\n", YT_DIR);
  SRunner *sr = srunner_create(train_suite(have_corpus));
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
