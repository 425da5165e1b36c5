/*
 * check_report.c - the moderation report's records: each kind written by
 * its writer reads back with the same fields, names that are not UTF-8
 * come back byte for byte, a page record is told from a comment record
 * without parsing, and lines that are no record are refused.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "spamcls.h"

/* What fn wrote to a memory stream, NUL-terminated; caller frees. */
#define CAPTURE(buf, len, call)                                               \
  do {                                                                        \
    FILE *fp_ = open_memstream(&(buf), &(len));                               \
    ck_assert_ptr_nonnull(fp_);                                               \
    FILE *out = fp_;                                                          \
    call;                                                                     \
    ck_assert_int_eq(fclose(fp_), 0);                                         \
  } while (0)

static const spamcls_page_comment comment = {
    .author = "Ana", .author_len = 3,
    .author_url = "http://example.com/ana", .author_url_len = 22,
    .date = "2024-01-02", .date_len = 10,
    .body = "slot \"gacor\"\nhari ini", .body_len = 21,
    .start = 120, .end = 480};

START_TEST(page_comment_round_trip)
{
  spamcls_contribution why[2] = {{"w:gacor", 1.25}, {"w:hari", -0.5}};
  spamcls_moderated m = {&comment,
                         {.score = 1.5, .probability = 0.93,
                          .verdict = SPAMCLS_SPAM},
                         1, 1, why, 2};
  char *buf = NULL;
  size_t len = 0;
  CAPTURE(buf, len, sc_report_page_comment(out, "site/a.html", 7, 3, &m,
                                           ",\"warc\":\"x.warc\""));
  ck_assert_int_eq(buf[len - 1], '\n');
  ck_assert_int_eq(sc_record_is_page(buf, len), 0);
  /* page_seq is the last key: a resumed run renumbers it there */
  ck_assert_ptr_nonnull(strstr(buf, ",\"page_seq\":7}\n"));
  sc_record r;
  ck_assert_int_eq(sc_record_parse(buf, len, &r), SPAMCLS_OK);
  ck_assert_int_eq(r.kind, SC_RECORD_COMMENT);
  ck_assert_str_eq(r.page, "site/a.html");
  ck_assert_uint_eq(r.page_seq, 7);
  ck_assert_uint_eq(r.index, 3);
  ck_assert_str_eq(r.author, "Ana");
  ck_assert_str_eq(r.author_url, "http://example.com/ana");
  ck_assert_str_eq(r.date, "2024-01-02");
  ck_assert_str_eq(r.body, "slot \"gacor\"\nhari ini");
  ck_assert_int_eq(r.verdict, SPAMCLS_SPAM);
  ck_assert_str_eq(r.verdict_name, "spam");
  ck_assert_double_eq_tol(r.probability, 0.93, 1e-9);
  ck_assert_double_eq_tol(r.score, 1.5, 1e-9);
  ck_assert_uint_eq(r.start, 120);
  ck_assert_uint_eq(r.end, 480);
  ck_assert_int_eq(r.removed, 1);
  ck_assert_int_eq(r.truncated, 1);
  ck_assert_str_eq(r.warc, "x.warc");
  ck_assert_uint_eq(r.nfeatures, 2);
  double w;
  ck_assert_str_eq(sc_record_feature(&r, 1, &w), "w:hari");
  ck_assert_double_eq_tol(w, -0.5, 1e-9);
  ck_assert_ptr_null(r.site);
  sc_record_free(&r);
  free(buf);
}
END_TEST

START_TEST(export_comment_round_trip)
{
  spamcls_result res = {.score = -2.0, .probability = 0.04,
                        .verdict = SPAMCLS_HAM};
  sc_export_fields x = {"c-9", "http://blog/p", NULL, 3, 13, 0, 88,
                        SPAMCLS_SITE_PENDING, 1, 0, 0};
  char *buf = NULL;
  size_t len = 0;
  CAPTURE(buf, len, sc_report_export_comment(out, "site.wxr.xml", 2, 1,
                                             &comment, &res, NULL, 0, &x));
  ck_assert_ptr_nonnull(strstr(buf, "\"site_value\":null"));
  sc_record r;
  ck_assert_int_eq(sc_record_parse(buf, len, &r), SPAMCLS_OK);
  ck_assert_int_eq(r.kind, SC_RECORD_COMMENT);
  ck_assert_int_eq(r.verdict, SPAMCLS_HAM);
  ck_assert_str_eq(r.site, "pending");
  ck_assert_int_eq(r.marked, 0);
  ck_assert_uint_eq(r.page_seq, 2);
  sc_record_free(&r);
  free(buf);
}
END_TEST

START_TEST(page_record_round_trip)
{
  /* a name that is not UTF-8 keeps its bytes through "page_hex" */
  const char *name = "pages/caf\xe9.html", *clean = "clean/caf\xe9.html";
  sc_page_stats st = {.comments = 5, .spam = 2, .ham = 1, .unsure = 1,
                      .empty = 1, .removed = 2, .markup = "wordpress",
                      .size = 1234, .mtime_ns = 99, .inode = 42,
                      .capped = 3, .truncated = 1,
                      .export_kind = SPAMCLS_EXPORT_WXR, .marked = 2,
                      .disagree = 1};
  st.site[SPAMCLS_SITE_APPROVED][SPAMCLS_SPAM] = 1;
  char *buf = NULL;
  size_t len = 0;
  CAPTURE(buf, len, sc_report_page(out, name, 11, clean, &st, NULL));
  ck_assert_int_eq(sc_record_is_page(buf, len), 1);
  sc_record r;
  ck_assert_int_eq(sc_record_parse(buf, len, &r), SPAMCLS_OK);
  ck_assert_int_eq(r.kind, SC_RECORD_PAGE);
  ck_assert_str_eq(r.page, name);
  ck_assert_str_eq(r.clean, clean);
  ck_assert_str_eq(r.page_text, "pages/caf\xef\xbf\xbd.html");
  ck_assert_uint_eq(r.page_seq, 11);
  ck_assert_uint_eq(r.st.comments, 5);
  ck_assert_uint_eq(r.st.spam, 2);
  ck_assert_uint_eq(r.st.removed, 2);
  ck_assert_str_eq(r.st.markup, "wordpress");
  ck_assert_uint_eq(r.st.size, 1234);
  ck_assert_uint_eq(r.st.inode, 42);
  ck_assert_uint_eq(r.st.capped, 3);
  ck_assert_uint_eq(r.st.truncated, 1);
  ck_assert_int_eq(r.st.export_kind, SPAMCLS_EXPORT_WXR);
  ck_assert_uint_eq(r.st.marked, 2);
  ck_assert_uint_eq(r.st.disagree, 1);
  ck_assert_uint_eq(r.st.site[SPAMCLS_SITE_APPROVED][SPAMCLS_SPAM], 1);
  ck_assert_int_eq(r.has_record_offset, 0);
  sc_record_free(&r);
  free(buf);
}
END_TEST

START_TEST(skipped_and_archive_round_trip)
{
  char *origin = sc_report_origin("a.warc.gz", "<urn:uuid:1>", 5000);
  ck_assert_ptr_nonnull(origin);
  char *buf = NULL;
  size_t len = 0;
  CAPTURE(buf, len, sc_report_skipped(out, "http://x/p", 4, "binary",
                                      "a.warc.gz: binary data", origin));
  sc_record r;
  ck_assert_int_eq(sc_record_parse(buf, len, &r), SPAMCLS_OK);
  ck_assert_int_eq(r.kind, SC_RECORD_SKIPPED);
  ck_assert_str_eq(r.reason, "binary");
  ck_assert_str_eq(r.message, "a.warc.gz: binary data");
  ck_assert_int_eq(r.has_record_offset, 1);
  ck_assert_uint_eq(r.record_offset, 5000);
  ck_assert_str_eq(r.warc, "a.warc.gz");
  sc_record_free(&r);
  free(buf);
  free(origin);

  CAPTURE(buf, len, sc_report_archive(out, "a.warc.gz", 9, 12, 3, 9,
                                      "truncated gzip member"));
  ck_assert_int_eq(sc_record_is_page(buf, len), 1);
  ck_assert_int_eq(sc_record_parse(buf, len, &r), SPAMCLS_OK);
  ck_assert_int_eq(r.kind, SC_RECORD_ARCHIVE);
  ck_assert_uint_eq(r.records, 12);
  ck_assert_uint_eq(r.pages, 3);
  ck_assert_uint_eq(r.other, 9);
  ck_assert_str_eq(r.error, "truncated gzip member");
  ck_assert_uint_eq(r.st.comments, 0);
  sc_record_free(&r);
  free(buf);
}
END_TEST

START_TEST(not_records)
{
  static const char *const bad[] = {
      "", "not json\n", "[1,2]\n", "{\"index\":1}\n",
      "{\"page\":\"a\",\"page_seq\":1}\n",  /* no status */
      "{\"page\":\"a\",\"page_seq\":1,\"status\":\"odd\",\"comments\":0}\n",
      "{\"page\":\"a\",\"page_seq\":1,\"page_hex\":\"zz\",\"status\":\"ok\","
      "\"comments\":0}\n",
      "{\"page\":\"a\",\"page_seq\":1,\"status\":\"ok\",\"comments\":0",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    sc_record r;
    ck_assert_msg(sc_record_parse(bad[i], strlen(bad[i]), &r) ==
                      SPAMCLS_ERR_FORMAT, "accepted: %s", bad[i]);
    sc_record_free(&r);
  }
  /* told apart by their first keys */
  const char *c = "{\"page\":\"a\\\"b\",\"index\":1}";
  const char *p = "{\"page\":\"a\\\"b\",\"page_seq\":1}";
  ck_assert_int_eq(sc_record_is_page(c, strlen(c)), 0);
  ck_assert_int_eq(sc_record_is_page(p, strlen(p)), 1);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("report");
  TCase *t = tcase_create("records");
  tcase_add_test(t, page_comment_round_trip);
  tcase_add_test(t, export_comment_round_trip);
  tcase_add_test(t, page_record_round_trip);
  tcase_add_test(t, skipped_and_archive_round_trip);
  tcase_add_test(t, not_records);
  suite_add_tcase(s, t);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
