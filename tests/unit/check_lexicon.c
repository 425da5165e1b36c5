/*
 * check_lexicon.c - the lexicon family: entry checks, reading a lexicon
 * file, every way a word matches (plain, styled, spaced, number glued on,
 * leetspeak, glued terms, lottery shape, two-word terms), the tail
 * feature, and a model that carries its lexicon through a file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feat_names.h"

static int cmp_index(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static const char lex[] =
    "game slot\n"
    "game poker\n"
    "game togel online\n"
    "promo gacor\n"
    "lottery 4d\n";

static spamcls_pipeline with_lexicon(unsigned flags)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.char_min = p.char_max = 0;
  p.flags = flags | SPAMCLS_F_LEXICON;
  p.lexicon = lex;
  p.lexicon_len = sizeof lex - 1;
  return p;
}

/* ------------------------------------------------------------- checks */

static const char *const bad_lexicons[] = {
  "",                      /* empty */
  "game slot",             /* no final newline */
  "slot\n",                /* no class */
  "Game slot\n",           /* class not lowercase */
  "game Slot\n",           /* term not lowercase */
  "game slot  gacor\n",    /* two spaces */
  "game slot gacor 88\n",  /* three words */
  "game slot \n",          /* trailing space */
  "game sl-ot\n",          /* not a letter or digit */
  "averyveryverylongclass slot\n",
};

START_TEST(test_check_rejects)
{
  const char *s = bad_lexicons[_i];
  ck_assert_ptr_nonnull(sc_lexicon_check(s, strlen(s)));
  spamcls_pipeline p = with_lexicon(SPAMCLS_F_WORDS);
  p.lexicon = s;
  p.lexicon_len = strlen(s);
  ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
  ck_assert_ptr_null(spamcls_extractor_new(&p));
}
END_TEST

START_TEST(test_check_accepts)
{
  ck_assert_ptr_null(sc_lexicon_check(lex, sizeof lex - 1));
  spamcls_pipeline p = with_lexicon(SPAMCLS_F_WORDS);
  ck_assert_ptr_null(spamcls_pipeline_check(&p));
  /* the family needs a lexicon, and a lexicon needs the family */
  p.lexicon = NULL;
  p.lexicon_len = 0;
  ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
  p = with_lexicon(SPAMCLS_F_WORDS);
  p.flags &= ~(unsigned)SPAMCLS_F_LEXICON;
  ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
}
END_TEST

/* ------------------------------------------------------------- reading */

static char *write_tmp(const char *content)
{
  char *path = strdup("/tmp/check_lexicon.XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, content, strlen(content)),
                   (ssize_t)strlen(content));
  close(fd);
  return path;
}

START_TEST(test_read_file)
{
  char *path = write_tmp("# a comment\n\n  game slot  \r\npromo gacor\n"
                         "# another\ngame togel online");
  char *out;
  size_t len;
  spamcls_error err;
  ck_assert_int_eq(spamcls_lexicon_read(path, &out, &len, &err), SPAMCLS_OK);
  ck_assert_uint_eq(len, strlen("game slot\npromo gacor\ngame togel online\n"));
  ck_assert(memcmp(out, "game slot\npromo gacor\ngame togel online\n", len) == 0);
  free(out);
  unlink(path);
  free(path);
}
END_TEST

START_TEST(test_read_errors)
{
  char *path = write_tmp("game slot\n\npromo GACOR\n");
  char *out = (char *)1;
  size_t len;
  spamcls_error err;
  ck_assert_int_eq(spamcls_lexicon_read(path, &out, &len, &err),
                   SPAMCLS_ERR_FORMAT);
  ck_assert_ptr_null(out);
  char want[600];
  snprintf(want, sizeof want, "%s:3: ", path);
  ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
  unlink(path);
  free(path);

  ck_assert_int_eq(spamcls_lexicon_read("/nonexistent/lexicon.txt", &out,
                                        &len, &err), SPAMCLS_ERR_IO);
  ck_assert(strstr(err.msg, "/nonexistent/lexicon.txt") != NULL);

  path = write_tmp("# only comments\n");
  ck_assert_int_eq(spamcls_lexicon_read(path, &out, &len, &err),
                   SPAMCLS_ERR_FORMAT);
  unlink(path);
  free(path);
}
END_TEST

/* The shipped lexicon reads and checks. */
START_TEST(test_shipped_lexicon)
{
  char *out;
  size_t len;
  spamcls_error err;
  ck_assert_msg(spamcls_lexicon_read(SPAMCLS_SOURCE_DIR
                                     "/training/gambling-lexicon.txt",
                                     &out, &len, &err) == SPAMCLS_OK,
                "%s", err.msg);
  ck_assert_ptr_null(sc_lexicon_check(out, len));
  ck_assert_uint_gt(len, 100);
  free(out);
}
END_TEST

/* ------------------------------------------------------------- matching */

static const struct {
  const char *in;
  const char *want;  /* "|"-separated names that must be there */
  const char *lack;  /* ... that must not */
} matches[] = {
  /* a word that is the term itself: its w: feature names it, and only a
   * match among the last words adds x:tail; disguised and two-word
   * matches add x:t */
  {"main slot hari ini ya", "w:slot", "x:t:slot|x:tail:game|x:how:digits"},
  {"nice article slot", "w:slot|x:tail:game", "x:t:slot"},
  {"SLOT", "w:slot", "x:t:slot"},
  {"\xf0\x9d\x90\x92\xf0\x9d\x90\x8b\xf0\x9d\x90\x8e\xf0\x9d\x90\x93", /* 𝐒𝐋𝐎𝐓 */
   "w:slot", "x:t:slot"},
  {"\xef\xbc\xb3\xef\xbc\xac\xef\xbc\xaf\xef\xbc\xb4", "w:slot", "x:t:slot"}, /* ＳＬＯＴ */
  {"S L O T 7 7", "x:t:slot|x:how:digits", NULL},
  {"slot88 daftar", "x:t:slot|x:how:digits", NULL},
  {"g4c0r", "w:gacor", "x:t:gacor"},
  {"s10t", "x:t:slot", "x:how:leet|x:how:digits"},
  {"slotgacor", "x:t:slot|x:t:gacor|x:how:glued", NULL},
  {"visi4d", "x:t:4d|x:how:glued", NULL},
  {"bardi4d", "x:t:4d", NULL},
  {"main togel online", "x:t:togel online", NULL},
  {"togel", NULL, "x:t:togel online"},
  {"slots sloth slotted", NULL, "x:t:slot"},
  {"a poker face is fine", "w:poker", "x:t:poker|x:tail:game"},
  {"i love it dewa poker", "w:poker|x:tail:game", "x:t:poker"},
  {"nothing to see here", NULL, "x:t:"},
};

static int has(const names *nm, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = nm->text.data; (p = strstr(p, name)); p++)
    if (p[-1] == '\n' && (p[n] == '\n' || name[n - 1] == ':'))
      return 1;
  return 0;
}

static void each(const char *list, const names *nm, int want, const char *in)
{
  if (!list)
    return;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", list);
  for (char *tok = strtok(buf, "|"); tok; tok = strtok(NULL, "|"))
    ck_assert_msg(has(nm, tok) == want, "\"%s\": %s %s in:%s", in, tok,
                  want ? "missing" : "present", nm->text.data);
}

START_TEST(test_matches)
{
  spamcls_pipeline p = with_lexicon(SPAMCLS_F_WORDS | SPAMCLS_F_LEET);
  names nm;
  names_of(&p, matches[_i].in, NULL, NULL, &nm);
  each(matches[_i].want, &nm, 1, matches[_i].in);
  each(matches[_i].lack, &nm, 0, matches[_i].in);
  names_free(&nm);
}
END_TEST

/* With TAIL_LENGTH a tail match also names the comment's length in words
 * (its bit length, at most 7); without it, only x:tail:CLASS; with
 * TAIL_BY_LENGTH too, only x:tail:CLASS:N. */
static const struct {
  unsigned flags;
  const char *in, *want, *lack;
} tails[] = {
  {SPAMCLS_F_TAIL_LENGTH, "nice article slot", "x:tail:game|x:tail:game:2",
   "x:tail:game:1|x:tail:game:3"},
  {SPAMCLS_F_TAIL_LENGTH, "i love it dewa poker", "x:tail:game:3", NULL},
  {SPAMCLS_F_TAIL_LENGTH, "slot", "x:tail:game:1", NULL},
  {SPAMCLS_F_TAIL_LENGTH,
   /* 71 words: bit length 7 */
   "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
   "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
   "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
   "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
   "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
   "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
   "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
   "poker",
   "x:tail:game:7", "x:tail:game:6"},
  {SPAMCLS_F_TAIL_LENGTH, "a poker face is fine", NULL, "x:tail:"},
  {0, "nice article slot", "x:tail:game", "x:tail:game:"},
  /* with TAIL_BY_LENGTH the class is named only with the length */
  {SPAMCLS_F_TAIL_LENGTH | SPAMCLS_F_TAIL_BY_LENGTH, "nice article slot",
   "x:tail:game:2", "x:tail:game"},
  {SPAMCLS_F_TAIL_LENGTH | SPAMCLS_F_TAIL_BY_LENGTH,
   "stop togel online", "x:tail:game:2", "x:tail:game|x:tail:game:1"},
  {SPAMCLS_F_TAIL_LENGTH | SPAMCLS_F_TAIL_BY_LENGTH,
   "a poker face is fine", NULL, "x:tail:"},
};

START_TEST(test_tail_length)
{
  spamcls_pipeline p = with_lexicon(SPAMCLS_F_WORDS | tails[_i].flags);
  ck_assert_ptr_null(spamcls_pipeline_check(&p));
  names nm;
  names_of(&p, tails[_i].in, NULL, NULL, &nm);
  each(tails[_i].want, &nm, 1, tails[_i].in);
  each(tails[_i].lack, &nm, 0, tails[_i].in);
  names_free(&nm);
  /* without the lexicon it has nothing to add to */
  p.flags &= ~(unsigned)SPAMCLS_F_LEXICON;
  p.lexicon = NULL;
  p.lexicon_len = 0;
  if (tails[_i].flags)
    ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
  /* and the length-only naming needs the length */
  p = with_lexicon(SPAMCLS_F_WORDS | SPAMCLS_F_TAIL_BY_LENGTH);
  ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
  unsigned f;
  ck_assert_int_eq(spamcls_families_parse("tail-length,tail-by-length", &f),
                   SPAMCLS_OK);
  ck_assert_uint_eq(f, SPAMCLS_F_TAIL_LENGTH | SPAMCLS_F_TAIL_BY_LENGTH);
}
END_TEST

/* ------------------------------------------------------------- word cache */

/* The keys of c from the names path (which never uses the word cache),
 * sorted, into *out; returns their number. */
static size_t name_keys(spamcls_extractor *x, const spamcls_comment *c,
                        names *nm)
{
  memset(nm, 0, sizeof *nm);
  ck_assert_int_eq(spamcls_extract_names(x, c, names_cb, nm), SPAMCLS_OK);
  if (nm->n)
    qsort(nm->idx, nm->n, sizeof *nm->idx, cmp_index);
  return nm->n;
}

/* Scoring and training read features through the word cache; extraction
 * with names does not. Every family on, the shipped lexicon, and one
 * extractor reused over every comment (hits), with a flood of distinct
 * words between rounds (the cache empties itself when full): the keys
 * are those of the names path, and the vector is the one a fresh
 * extractor makes. */
START_TEST(test_word_cache_same_features)
{
  static const char *const texts[] = {
    "i really like your article slot gacor maxwin",
    "it is the best article i have read of all, mudah banget",
    "slot88 daftar S L O T 7 7 s10t slotgacor visi4d",
    "main togel online di bandar togel, judi bola",
    "\xf0\x9d\x90\x92\xf0\x9d\x90\x8b\xf0\x9d\x90\x8e\xf0\x9d\x90\x93 g4c0r "
    "\xd1\x81lot \xec\x95\x88\xeb\x85\x95 poker",
    "The council's vote on the budget was a disgrace; the mayor lied.",
    "slot slot slot slot poker poker togel",
    "visit http://togel88.com/daftar or mail x@gmail.com, wa +62 812-3456",
    "",
  };
  char *lexicon;
  size_t len;
  spamcls_error err;
  ck_assert(spamcls_lexicon_read(SPAMCLS_SOURCE_DIR
                                 "/training/gambling-lexicon.txt",
                                 &lexicon, &len, &err) == SPAMCLS_OK);
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.flags |= SPAMCLS_F_LEXICON | SPAMCLS_F_TAIL_LENGTH;
  p.lexicon = lexicon;
  p.lexicon_len = len;
  spamcls_extractor *warm = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(warm);
  char word[32];
  for (int round = 0; round < 3; round++) {
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
      spamcls_comment c = {0};
      c.text = texts[t];
      c.text_len = strlen(texts[t]);
      names nm;
      size_t nk = name_keys(warm, &c, &nm);
      spamcls_vector v;
      ck_assert_int_eq(spamcls_extract(warm, &c, &v), SPAMCLS_OK);
      size_t n;
      const uint32_t *k = sc_extractor_keys(warm, &n);
      ck_assert_uint_eq(n, nk);
      for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq((k[i] & warm->mask) + 1, nm.idx[i]);
      names_free(&nm);

      spamcls_extractor *cold = spamcls_extractor_new(&p);
      ck_assert_ptr_nonnull(cold);
      spamcls_vector w;
      ck_assert_int_eq(spamcls_extract(cold, &c, &w), SPAMCLS_OK);
      ck_assert_uint_eq(v.n, w.n);
      for (size_t i = 0; i < v.n; i++) {
        ck_assert_uint_eq(v.f[i].index, w.f[i].index);
        ck_assert(v.f[i].value == w.f[i].value);
      }
      spamcls_extractor_free(cold);
    }
    /* 20,000 distinct words: more than the cache holds */
    for (unsigned i = 0; i < 20000; i++) {
      int wl = snprintf(word, sizeof word, "w%uq%u", i, round);
      spamcls_comment c = {0};
      c.text = word;
      c.text_len = (size_t)wl;
      spamcls_vector v;
      ck_assert_int_eq(spamcls_extract(warm, &c, &v), SPAMCLS_OK);
    }
  }
  spamcls_extractor_free(warm);
  free(lexicon);
}
END_TEST

/* ------------------------------------------------------------- models */

START_TEST(test_model_keeps_lexicon)
{
  spamcls_pipeline p = with_lexicon(SPAMCLS_F_WORDS);
  spamcls_dataset *d = spamcls_dataset_new(&p);
  ck_assert_ptr_nonnull(d);
  static const char *const spam[] = {"great post slot", "nice gacor",
                                     "thanks togel online", "main s10t"};
  static const char *const ham[] = {"great post", "nice work", "thanks",
                                    "the vote was close"};
  for (int i = 0; i < 4; i++) {
    int added;
    spamcls_comment c = {0};
    c.text = spam[i];
    c.text_len = strlen(spam[i]);
    c.label = SPAMCLS_LABEL_SPAM;
    ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
    c.text = ham[i];
    c.text_len = strlen(ham[i]);
    c.label = SPAMCLS_LABEL_HAM;
    ck_assert_int_eq(spamcls_dataset_add(d, &c, &added), SPAMCLS_OK);
  }
  spamcls_train_params tp;
  spamcls_train_params_default(&tp);
  tp.solver = SPAMCLS_SOLVER_LIBLINEAR;
  spamcls_model *m;
  spamcls_error err;
  ck_assert_int_eq(spamcls_train(d, &tp, &m, &err), SPAMCLS_OK);
  spamcls_dataset_free(d);
  ck_assert(strstr(spamcls_model_card(m), "\nlexicon game togel online\n"));

  char path[] = "/tmp/check_lexicon_model.XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  ck_assert_int_eq(spamcls_model_save(m, path, &err), SPAMCLS_OK);
  spamcls_model *l;
  ck_assert_int_eq(spamcls_model_load(path, &l, &err), SPAMCLS_OK);
  unlink(path);
  const spamcls_pipeline *pl = spamcls_model_pipeline(l);
  ck_assert_uint_ne(pl->flags & SPAMCLS_F_LEXICON, 0);
  ck_assert_uint_eq(pl->lexicon_len, sizeof lex - 1);
  ck_assert(memcmp(pl->lexicon, lex, sizeof lex - 1) == 0);

  /* the loaded model scores exactly as the trained one */
  spamcls_scorer *a = spamcls_scorer_new(m), *b = spamcls_scorer_new(l);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  spamcls_comment c = {0};
  c.text = "what a post slotgacor88";
  c.text_len = strlen(c.text);
  c.label = SPAMCLS_LABEL_NONE;
  spamcls_result ra, rb;
  ck_assert_int_eq(spamcls_score(a, &c, &ra), SPAMCLS_OK);
  ck_assert_int_eq(spamcls_score(b, &c, &rb), SPAMCLS_OK);
  ck_assert(ra.score == rb.score);
  ck_assert(ra.score > 0);
  spamcls_scorer_free(a);
  spamcls_scorer_free(b);
  spamcls_model_free(m);
  spamcls_model_free(l);
}
END_TEST

static Suite *lexicon_suite(void)
{
  Suite *s = suite_create("lexicon");
  TCase *tc = tcase_create("checks");
  tcase_add_loop_test(tc, test_check_rejects, 0,
                      sizeof bad_lexicons / sizeof bad_lexicons[0]);
  tcase_add_test(tc, test_check_accepts);
  tcase_add_test(tc, test_read_file);
  tcase_add_test(tc, test_read_errors);
  tcase_add_test(tc, test_shipped_lexicon);
  suite_add_tcase(s, tc);
  tc = tcase_create("matches");
  tcase_add_loop_test(tc, test_matches, 0, sizeof matches / sizeof matches[0]);
  tcase_add_loop_test(tc, test_tail_length, 0, sizeof tails / sizeof tails[0]);
  suite_add_tcase(s, tc);
  tc = tcase_create("models");
  tcase_add_test(tc, test_model_keeps_lexicon);
  TCase *cache = tcase_create("WordCache");
  tcase_set_timeout(cache, 120);  /* tens of thousands of extractions */
  tcase_add_test(cache, test_word_cache_same_features);
  suite_add_tcase(s, cache);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(lexicon_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
