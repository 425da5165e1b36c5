/*
 * check_lang.c - the LANG_MIX family: which texts are an English text
 * with Indonesian words in it, through every spelling normalization
 * folds, and which are not (English alone, Indonesian with some English,
 * English with words that are also names or acronyms).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "feat_names.h"

static const struct {
  const char *in;
  const char *want;  /* "|"-separated names that must be there, or NULL */
  const char *lack;  /* a prefix no name may have, or NULL */
} cases[] = {
  /* 14 words: the length bucket is the bit length of 14, 4 */
  {"i really like your article, it is the best one of all. mudah banget",
   "x:lang:mix|x:lang:mix:4", NULL},
  /* math-bold and full-width spellings are the same words */
  {"this is what i said to them "
   "\xf0\x9d\x90\xa6\xf0\x9d\x90\xae\xf0\x9d\x90\x9d\xf0\x9d\x90\x9a"
   "\xf0\x9d\x90\xa1",                                /* 𝐦𝐮𝐝𝐚𝐡 */
   "x:lang:mix", NULL},
  {"we are not sure it was the plan "
   "\xef\xbd\x82\xef\xbd\x81\xef\xbd\x8e\xef\xbd\x87\xef\xbd\x85\xef\xbd\x94",
   "x:lang:mix", NULL},                               /* ｂａｎｇｅｔ */
  /* English alone */
  {"the mayor lied to all of us and the council knew it", NULL, "x:lang:"},
  /* Indonesian with some English: the English is not twice the rest */
  {"saya suka lagu ini, so good and the best", NULL, "x:lang:"},
  /* too little English to be an English text */
  {"it is mudah", NULL, "x:lang:"},
  /* words that are names or acronyms in English prose are in no list */
  {"Andrew Yang is the best choice for all of us, said Dan at the NIH", NULL,
   "x:lang:"},
  {"", NULL, "x:lang:"},
};

START_TEST(test_mix)
{
  spamcls_pipeline p = only(SPAMCLS_F_WORDS | SPAMCLS_F_LANG_MIX);
  ck_assert_ptr_null(spamcls_pipeline_check(&p));
  names nm;
  names_of(&p, cases[_i].in, NULL, NULL, &nm);
  expect_names(&nm, cases[_i].want, 1, cases[_i].in);
  if (cases[_i].lack)
    ck_assert_msg(count_prefix(&nm, cases[_i].lack) == 0, "%s: %s in:%s",
                  cases[_i].in, cases[_i].lack, nm.text.data);
  names_free(&nm);
  /* the family off, no feature */
  p.flags &= ~(unsigned)SPAMCLS_F_LANG_MIX;
  names_of(&p, cases[_i].in, NULL, NULL, &nm);
  ck_assert_msg(count_prefix(&nm, "x:lang:") == 0, "%s", cases[_i].in);
  names_free(&nm);
}
END_TEST

START_TEST(test_kinds)
{
  sc_lang *l = sc_lang_new();
  ck_assert_ptr_nonnull(l);
  ck_assert_int_eq(sc_lang_kind(l, "the", 3), 1);
  ck_assert_int_eq(sc_lang_kind(l, "youre", 5), 1);
  ck_assert_int_eq(sc_lang_kind(l, "banget", 6), 2);
  ck_assert_int_eq(sc_lang_kind(l, "terimakasih", 11), 2);
  /* prefixes, names and the words of neither list */
  ck_assert_int_eq(sc_lang_kind(l, "th", 2), 0);
  ck_assert_int_eq(sc_lang_kind(l, "bangets", 7), 0);
  ck_assert_int_eq(sc_lang_kind(l, "yang", 4), 0);
  ck_assert_int_eq(sc_lang_kind(l, "dan", 3), 0);
  ck_assert_int_eq(sc_lang_kind(l, "slot", 4), 0);
  ck_assert_int_eq(sc_lang_kind(l, "", 0), 0);
  ck_assert_int_eq(sc_lang_kind(l, "aaaaaaaaaaaaaaaaaaaaaaaa", 24), 0);
  sc_lang_free(l);
}
END_TEST

START_TEST(test_family_name)
{
  unsigned flags = 0;
  ck_assert_int_eq(spamcls_families_parse("words,lang-mix", &flags),
                   SPAMCLS_OK);
  ck_assert_uint_eq(flags, SPAMCLS_F_WORDS | SPAMCLS_F_LANG_MIX);
  /* on by default */
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  ck_assert(p.flags & SPAMCLS_F_LANG_MIX);
}
END_TEST

static Suite *lang_suite(void)
{
  Suite *s = suite_create("lang");
  TCase *tc = tcase_create("core");
  tcase_add_loop_test(tc, test_mix, 0, sizeof cases / sizeof cases[0]);
  tcase_add_test(tc, test_kinds);
  tcase_add_test(tc, test_family_name);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(lang_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
