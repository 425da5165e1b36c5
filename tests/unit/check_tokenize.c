/*
 * check_tokenize.c - words of normalized text: scripts, apostrophes,
 * digits, separators, and the '<' '>' markers around each word.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

/* Words joined with '|'. */
static const struct {
  const char *in, *want;
} cases[] = {
  {"", ""},
  {" ", ""},
  {"hello world", "hello|world"},
  {"don't stop", "dont|stop"},
  {"it\xe2\x80\x99s fine", "its|fine"},             /* U+2019 */
  {"'quoted' words'", "quoted|words"},
  {"rock'n'roll", "rocknroll"},
  {"90's", "90|s"},                                  /* not between letters */
  {"saya suka artikel ini, terima kasih!",
   "saya|suka|artikel|ini|terima|kasih"},
  {"\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94 "
   "\xec\x97\xac\xeb\x9f\xac\xeb\xb6\x84",          /* 안녕하세요 여러분 */
   "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94|"
   "\xec\x97\xac\xeb\x9f\xac\xeb\xb6\x84"},
  {"\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, "
   "\xd0\xbc\xd0\xb8\xd1\x80!",                     /* привет, мир! */
   "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82|\xd0\xbc\xd0\xb8\xd1\x80"},
  {"\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80",
   /* हिन्दी: vowel signs and virama are marks inside the word */
   "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80"},
  {"togel88.com", "togel88|com"},
  {"e.g. 3.14", "e|g|3|14"},
  {"s10t g4c0r 1-800-555", "s10t|g4c0r|1|800|555"},
  {"slot\xf0\x9f\x94\xa5gacor", "slot|gacor"},       /* emoji separates */
  {"x-y_z/w", "x|y|z|w"},
  {"a\xef\xbf\xbd" "b", "a|b"},                      /* U+FFFD separates */
  {"bad\xff" "byte", "bad|byte"},                    /* never in normalized text */
};

static void joined(const sc_toks *t, sc_buf *b)
{
  sc_buf_clear(b);
  ck_assert_int_eq(sc_buf_append(b, "", 0), 0);
  for (size_t i = 0; i < t->n; i++) {
    if (i)
      sc_buf_putc(b, '|');
    sc_buf_append(b, t->buf + t->v[i].off, t->v[i].len);
  }
}

START_TEST(test_words)
{
  sc_toks t = {0};
  sc_buf b = {0};
  ck_assert_int_eq(sc_tokenize(&t, cases[_i].in, strlen(cases[_i].in)),
                   SPAMCLS_OK);
  joined(&t, &b);
  ck_assert_str_eq(b.data, cases[_i].want);
  for (size_t i = 0; i < t.n; i++) {
    ck_assert_int_eq(t.buf[t.v[i].off - 1], '<');
    ck_assert_int_eq(t.buf[t.v[i].off + t.v[i].len], '>');
  }
  sc_buf_free(&b);
  sc_toks_free(&t);
}
END_TEST

START_TEST(test_flags_and_counts)
{
  sc_toks t = {0};
  /* "안녕 s10t pulau777 slot 2024" */
  const char *s = "\xec\x95\x88\xeb\x85\x95 s10t pulau777 slot 2024";
  ck_assert_int_eq(sc_tokenize(&t, s, strlen(s)), SPAMCLS_OK);
  ck_assert_uint_eq(t.n, 5);
  ck_assert_uint_eq(t.v[0].ncp, 2);
  ck_assert_uint_eq(t.v[0].len, 6);
  ck_assert_uint_eq(t.v[0].flags, SC_TOK_ALPHA);
  ck_assert_uint_eq(t.v[1].flags, SC_TOK_ALPHA | SC_TOK_DIGIT | SC_TOK_ASCII);
  ck_assert_uint_eq(t.v[2].flags, SC_TOK_ALPHA | SC_TOK_DIGIT | SC_TOK_ASCII);
  ck_assert_uint_eq(t.v[3].flags, SC_TOK_ALPHA | SC_TOK_ASCII);
  ck_assert_uint_eq(t.v[4].flags, SC_TOK_DIGIT | SC_TOK_ASCII);
  ck_assert_uint_eq(t.ncp_text, 2 + 1 + 4 + 1 + 8 + 1 + 4 + 1 + 4);
  sc_toks_free(&t);
}
END_TEST

/* One buffer serves many texts: a short text after a long one. */
START_TEST(test_reuse)
{
  sc_toks t = {0};
  char big[5000];
  for (size_t i = 0; i < sizeof big; i++)
    big[i] = i % 2 ? ' ' : 'a';
  ck_assert_int_eq(sc_tokenize(&t, big, sizeof big), SPAMCLS_OK);
  ck_assert_uint_eq(t.n, 2500);
  ck_assert_int_eq(sc_tokenize(&t, "ok", 2), SPAMCLS_OK);
  ck_assert_uint_eq(t.n, 1);
  ck_assert_uint_eq(t.v[0].len, 2);
  sc_toks_free(&t);
}
END_TEST

START_TEST(test_utf8_next)
{
  const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc3(\xed\xa0\x80";
  size_t n = strlen(s), i = 0;
  ck_assert_uint_eq(sc_utf8_next(s, n, &i), 'a');
  ck_assert_uint_eq(sc_utf8_next(s, n, &i), 0xE9);
  ck_assert_uint_eq(sc_utf8_next(s, n, &i), 0x20AC);
  ck_assert_uint_eq(sc_utf8_next(s, n, &i), 0x1F600);
  ck_assert_uint_eq(sc_utf8_next(s, n, &i), 0xFFFD);  /* truncated */
  ck_assert_uint_eq(sc_utf8_next(s, n, &i), '(');
  ck_assert_uint_eq(sc_utf8_next(s, n, &i), 0xFFFD);  /* surrogate */
  ck_assert_uint_eq(i, 13);  /* an invalid sequence advances one byte */
}
END_TEST

static Suite *tokenize_suite(void)
{
  Suite *s = suite_create("tokenize");
  TCase *tc = tcase_create("Core");
  tcase_add_loop_test(tc, test_words, 0, (int)(sizeof cases / sizeof cases[0]));
  tcase_add_test(tc, test_flags_and_counts);
  tcase_add_test(tc, test_reuse);
  tcase_add_test(tc, test_utf8_next);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(tokenize_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
