/*
 * check_url.c - the URLS family through spamcls_extract_names: schemes,
 * www, bare and spaced domains, paths, trailing punctuation, IDN hosts,
 * and text that only looks like a domain.
 */
#include <check.h>
#include <stdlib.h>

#include "feat_names.h"

/* "|"-separated names that must appear, and names that must not. */
static const struct {
  const char *in, *want, *not;
} cases[] = {
  {"visit http://togel88.com/daftar now",
   "u:kind:url|u:scheme:http|u:host:togel88.com|u:dom:togel88.com|"
   "u:tld:com|u:path:daftar|u:n:1",
   "u:kind:bare"},
  {"https://www.situs-slot.co.id/login?ref=abc.",
   "u:scheme:https|u:host:www.situs-slot.co.id|u:dom:situs-slot.co.id|"
   "u:tld:id|u:path:login|u:path:ref|u:path:abc",
   "u:path:abc."},
  {"go to www.example.com, then", "u:kind:www|u:host:www.example.com|"
   "u:dom:example.com|u:tld:com", "u:kind:bare"},
  {"main di togel88.com sekarang juga",
   "u:kind:bare|u:host:togel88.com|u:dom:togel88.com|u:tld:com", NULL},
  {"daftar di togel88.com/daftar-sekarang.",
   "u:kind:bare|u:path:daftar|u:path:sekarang", "u:path:daftar-sekarang"},
  {"www . situs . com", "u:kind:spaced|u:host:www.situs.com|"
   "u:dom:situs.com|u:tld:com", NULL},
  {"kunjungi situs dot com ya", "u:kind:spaced|u:host:situs.com|u:tld:com",
   NULL},
  {"situs(dot)net", "u:kind:spaced|u:host:situs.net", NULL},
  /* no '.' and no "dot": a scheme alone still makes a URL */
  {"see http://localhost now", "u:kind:url|u:host:localhost|u:n:1", NULL},
  {"tap situs [dot] com ya", "u:kind:spaced|u:host:situs.com", NULL},
  {"slot88 . co . id", "u:kind:spaced|u:host:slot88.co.id|"
   "u:dom:slot88.co.id", NULL},
  {"(see https://example.org/a-b_c)", "u:host:example.org|u:path:a|"
   "u:path:b|u:path:c", "u:path:c)|u:path:a-b"},
  {"http://xn--80ak6aa92e.com/", "u:host:xn--80ak6aa92e.com|"
   "u:dom:xn--80ak6aa92e.com|u:tld:com", NULL},
  {"\xd1\x81\xd0\xbb\xd0\xbe\xd1\x82.\xd1\x80\xd1\x84",  /* слот.рф */
   "u:kind:bare|u:dom:\xd1\x81\xd0\xbb\xd0\xbe\xd1\x82.\xd1\x80\xd1\x84|"
   "u:tld:\xd1\x80\xd1\x84", NULL},
  {"http://192.168.1.1/admin", "u:ip|u:host:192.168.1.1|u:path:admin",
   "u:tld:1"},
  {"http://site.com:8080/x", "u:host:site.com|u:path:x", "u:path:8080"},
  {"a.com and b.net", "u:dom:a.com|u:dom:b.net|u:n:2", NULL},
  {"https://t.co/abc", "u:dom:t.co|u:tld:co|u:path:abc", NULL},
  {"HTTPS://WWW.EXAMPLE.COM", "u:host:www.example.com", NULL},
};

/* Text that must give no URL feature at all. */
static const char *const not_urls[] = {
  "e.g. this is fine",
  "pi is 3.14 and e is 2.71",
  "version 1.2.3 is out",
  "open file.txt please",
  "the end. it was great",
  "mail me at joe.smith@gmail.com",
  "i.e. nothing",
  "a.b",
  "www",
  "dot com",
  "...",
  "ported it to .net and wrote a .md file",
};

START_TEST(test_urls)
{
  spamcls_pipeline p = only(SPAMCLS_F_URLS);
  names nm;
  names_of(&p, cases[_i].in, NULL, NULL, &nm);
  expect_names(&nm, cases[_i].want, 1, cases[_i].in);
  expect_names(&nm, cases[_i].not, 0, cases[_i].in);
  names_free(&nm);
}
END_TEST

START_TEST(test_not_urls)
{
  spamcls_pipeline p = only(SPAMCLS_F_URLS);
  names nm;
  names_of(&p, not_urls[_i], NULL, NULL, &nm);
  ck_assert_msg(nm.n == 0, "%s gave:%s", not_urls[_i], nm.text.data);
  names_free(&nm);
}
END_TEST

/* A URL counts once, with one kind, however it was found. */
START_TEST(test_one_url_once)
{
  spamcls_pipeline p = only(SPAMCLS_F_URLS);
  names nm;
  names_of(&p, "https://www.togel88.com/a/b", NULL, NULL, &nm);
  ck_assert_uint_eq(count_prefix(&nm, "u:kind:"), 1);
  ck_assert_uint_eq(count_prefix(&nm, "u:host:"), 1);
  ck_assert_uint_eq(count_prefix(&nm, "u:dom:"), 1);
  ck_assert(has_name(&nm, "u:n:1"));
  names_free(&nm);
}
END_TEST

static Suite *url_suite(void)
{
  Suite *s = suite_create("url");
  TCase *tc = tcase_create("Core");
  tcase_add_loop_test(tc, test_urls, 0, (int)(sizeof cases / sizeof cases[0]));
  tcase_add_loop_test(tc, test_not_urls, 0,
                      (int)(sizeof not_urls / sizeof not_urls[0]));
  tcase_add_test(tc, test_one_url_once);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(url_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
