/*
 * check_markup.c - a comment stored as HTML is the comment a page shows:
 * which texts count as markup, that an HTML comment gives the features of
 * its shown text and link addresses (no tag or attribute words), that a
 * link text cut short gives its whole address once, and that a pipeline
 * without the flag (every model trained before it) reads tags as words.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "feat_names.h"

static const struct {
  const char *text;
  int markup;
} detect_cases[] = {
  {"<p>nice post</p>", 1},
  {"nice <B>post</B>", 1},
  {"line one<br>line two", 1},
  {"line one<br />line two", 1},
  {"see <a href=\"http://x.example/\">this</a>", 1},
  {"see <a href=http://x.example/>this</a>", 1},
  {"<div class='c'>x</div>", 1},
  {"i <3 you", 0},
  {"if a<b and c>d then", 0},        /* words after the name, no value */
  {"x < p > y", 0},                   /* no name right after '<' */
  {"<name> said hello", 0},           /* not an element of comment markup */
  {"an open <p tag", 0},              /* never closed */
  {"a <p x=1 <b>", 1},                /* the first is cut, the second whole */
  {"plain text with no angle brackets", 0},
  {"", 0},
};

START_TEST(test_detect)
{
  const char *t = detect_cases[_i].text;
  ck_assert_msg(sc_has_markup(t, strlen(t)) == detect_cases[_i].markup,
                "\"%s\": expected %d", t, detect_cases[_i].markup);
}
END_TEST

/* An HTML comment and the text a page shows of it (its text, then each
 * link address its text does not show, on a line of its own). */
static const struct {
  const char *html, *shown;
} shown_cases[] = {
  {"<p>Great tips, thanks!</p><p>Check <a href=\"http://pills.example/buy\" "
   "rel=\"nofollow noopener\" title=\"http://pills.example/buy\">cheap "
   "pills</a></p>",
   "Great tips, thanks!\nCheck cheap pills\nhttp://pills.example/buy"},
  {"<p>Take a look: <a href=\"http://developer.android.com/guide/x.html\" "
   "rel=\"nofollow noopener\" title=\"http://developer.android.com/guide/"
   "x.html\">http://developer.android.co...</a></p>",
   "Take a look: http://developer.android.com/guide/x.html"},
  {"slot <b>gacor</b> &amp; <i>maxwin</i><br>daftar sekarang",
   "slot gacor & maxwin\ndaftar sekarang"},
};

START_TEST(test_shown_text_features)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  ck_assert_uint_ne(p.flags & SPAMCLS_F_MARKUP, 0);
  names html, shown;
  names_of(&p, shown_cases[_i].html, NULL, NULL, &html);
  names_of(&p, shown_cases[_i].shown, NULL, NULL, &shown);
  ck_assert_msg(!strcmp(html.text.data, shown.text.data),
                "%.200s\nfeatures:%.400s\nexpected:%.400s",
                shown_cases[_i].html, html.text.data, shown.text.data);
  expect_names(&html, "w:href|w:rel|w:nofollow|w:title|w:p|w:br|w:b", 0,
               shown_cases[_i].html);
  names_free(&html);
  names_free(&shown);
}
END_TEST

START_TEST(test_cut_address_once)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  names nm;
  names_of(&p, shown_cases[1].html, NULL, NULL, &nm);
  expect_names(&nm, "u:host:developer.android.com|u:path:guide", 1, "cut");
  expect_names(&nm, "u:host:developer.android.co|u:tld:co", 0, "cut");
  names_free(&nm);
}
END_TEST

START_TEST(test_flag_off_reads_tags)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.flags &= ~(unsigned)SPAMCLS_F_MARKUP;
  names nm;
  names_of(&p, shown_cases[0].html, NULL, NULL, &nm);
  expect_names(&nm, "w:href|w:nofollow|w:p", 1, "flag off");
  names_free(&nm);
}
END_TEST

/* Text that libxml2 must not see (a NUL, bad UTF-8) is read as written,
 * without a crash, its bad bytes counted as for any text. */
START_TEST(test_unreadable_markup_kept)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  spamcls_extractor *x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(x);
  static const char bad[] = "<p>caf\xe9 <a href=\"http://x.example/\">y</a></p>";
  static const char nul[] = "<p>one\0two</p>";
  spamcls_comment c = {.text = bad, .text_len = sizeof bad - 1};
  spamcls_vector v;
  ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
  ck_assert_uint_eq(v.invalid_utf8, 1);
  size_t n;
  const char *t = spamcls_extractor_text(x, &n);
  ck_assert_ptr_nonnull(strstr(t, "href"));
  c.text = nul;
  c.text_len = sizeof nul - 1;
  ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
  t = spamcls_extractor_text(x, &n);
  ck_assert_ptr_nonnull(strstr(t, "two"));
  spamcls_extractor_free(x);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *markup_suite(void)
{
  Suite *s = suite_create("markup");
  TCase *tc = tcase_create("core");
  tcase_add_loop_test(tc, test_detect, 0, N(detect_cases));
  tcase_add_loop_test(tc, test_shown_text_features, 0, N(shown_cases));
  tcase_add_test(tc, test_cut_address_once);
  tcase_add_test(tc, test_flag_off_reads_tags);
  tcase_add_test(tc, test_unreadable_markup_kept);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(markup_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
