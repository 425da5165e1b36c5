/*
 * check_moderate.c - spamcls_moderate_page: verdicts as the scorer gives
 * them, the spans of removable spam joined, the cleaned bytes equal to the
 * page less those spans, blank and over-long comments, pages without
 * comments, and bad arguments.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moderation.h"
#include "spamcls.h"

#define FIX SPAMCLS_SOURCE_DIR "/tests/fixtures/pages/"
#define MODEL SPAMCLS_SOURCE_DIR "/models/default.model"

static spamcls_model *model;

static void load_model(void)
{
  spamcls_error err = {{0}};
  ck_assert_msg(spamcls_model_load(MODEL, &model, &err) == SPAMCLS_OK, "%s",
                err.msg);
}

static void free_model(void)
{
  spamcls_model_free(model);
  model = NULL;
}

static char *slurp(const char *path, size_t *len)
{
  FILE *fp = fopen(path, "rb");
  ck_assert_msg(fp != NULL, "cannot open %s", path);
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *d = malloc((size_t)n + 1);
  ck_assert_ptr_nonnull(d);
  ck_assert_uint_eq(fread(d, 1, (size_t)n, fp), (size_t)n);
  fclose(fp);
  *len = (size_t)n;
  return d;
}

static spamcls_moderation *moderate(spamcls_scorer *s, const char *data,
                                    size_t len,
                                    const spamcls_moderate_options *o)
{
  spamcls_moderation *m = NULL;
  spamcls_error err = {{0}};
  ck_assert_msg(spamcls_moderate_page(s, data, len, SPAMCLS_PAGE_AUTO, o, &m,
                                      &err) == SPAMCLS_OK, "%s", err.msg);
  ck_assert_ptr_nonnull(m);
  return m;
}

/* The cleaned bytes are the page less the spans, which are ascending and
 * apart, and each removed comment lies inside one of them. */
static void check_clean(const spamcls_moderation *m, const char *data,
                        size_t len)
{
  size_t ns, clen, at = 0, w = 0;
  const spamcls_span *sp = spamcls_moderation_spans(m, &ns);
  const char *clean = spamcls_moderation_clean(m, &clen);
  for (size_t i = 0; i < ns; i++) {
    ck_assert_uint_le(at, sp[i].start);
    ck_assert_uint_lt(sp[i].start, sp[i].end);
    ck_assert_uint_le(sp[i].end, len);
    ck_assert_mem_eq(clean + w, data + at, sp[i].start - at);
    w += sp[i].start - at;
    at = sp[i].end;
  }
  ck_assert_uint_eq(clen, w + len - at);
  ck_assert_mem_eq(clean + w, data + at, len - at);
  ck_assert_int_eq(clean[clen], '\0');
  for (size_t i = 0; i < spamcls_moderation_count(m); i++) {
    const spamcls_moderated *c = spamcls_moderation_get(m, i);
    int inside = 0;
    for (size_t k = 0; k < ns; k++)
      inside |= c->comment->start >= sp[k].start &&
                c->comment->end <= sp[k].end;
    ck_assert_int_eq(inside, c->removed);
  }
}

START_TEST(spam_cut_out)
{
  size_t len;
  char *data = slurp(FIX "wordpress.html", &len);
  spamcls_scorer *s = spamcls_scorer_new(model);
  spamcls_moderate_options o = {"wordpress.html", NULL, 0, 0};
  spamcls_moderation *m = moderate(s, data, len, &o);
  ck_assert_uint_eq(spamcls_moderation_count(m), 3);
  ck_assert_ptr_null(spamcls_moderation_get(m, 3));
  ck_assert_str_eq(spamcls_page_markup(spamcls_moderation_page(m)),
                   "wordpress");
  for (size_t i = 0; i < 3; i++) {
    const spamcls_moderated *c = spamcls_moderation_get(m, i);
    /* the verdict the scorer gives the comment on its own */
    spamcls_comment sc = sc_moderate_comment(c->comment, o.name);
    spamcls_result r;
    ck_assert_int_eq(spamcls_score(s, &sc, &r), SPAMCLS_OK);
    ck_assert_int_eq(c->result.verdict, r.verdict);
    ck_assert_double_eq(c->result.probability, r.probability);
    ck_assert_int_eq(c->removed, i == 2);
    ck_assert_int_eq(c->truncated, 0);
    ck_assert_uint_eq(c->nwhy, 0);
  }
  ck_assert_int_eq(spamcls_moderation_get(m, 2)->result.verdict, SPAMCLS_SPAM);
  size_t ns, clen;
  const spamcls_span *sp = spamcls_moderation_spans(m, &ns);
  ck_assert_uint_eq(ns, 1);
  ck_assert_uint_eq(sp[0].start, spamcls_moderation_get(m, 2)->comment->start);
  ck_assert_uint_eq(sp[0].end, spamcls_moderation_get(m, 2)->comment->end);
  check_clean(m, data, len);
  /* the cleaned page holds the two other comments */
  const char *clean = spamcls_moderation_clean(m, &clen);
  ck_assert_ptr_null(strstr(clean, "slot gacor"));
  spamcls_page *p;
  ck_assert_int_eq(spamcls_page_extract(clean, clen, SPAMCLS_PAGE_AUTO, &p,
                                        NULL), SPAMCLS_OK);
  ck_assert_uint_eq(spamcls_page_count(p), 2);
  spamcls_page_free(p);
  spamcls_moderation_free(m);
  spamcls_scorer_free(s);
  free(data);
}
END_TEST

/* The scorer's thresholds decide: with everything spam, every comment is
 * cut out. */
START_TEST(scorer_thresholds)
{
  size_t len;
  char *data = slurp(FIX "wordpress.html", &len);
  spamcls_scorer *s = spamcls_scorer_new(model);
  ck_assert_int_eq(spamcls_scorer_set_thresholds(s, 0.02, 0.01), SPAMCLS_OK);
  spamcls_moderation *m = moderate(s, data, len, NULL);
  ck_assert_uint_eq(spamcls_moderation_count(m), 3);
  for (size_t i = 0; i < 3; i++) {
    ck_assert_int_eq(spamcls_moderation_get(m, i)->result.verdict,
                     SPAMCLS_SPAM);
    ck_assert_int_eq(spamcls_moderation_get(m, i)->removed, 1);
  }
  size_t ns;
  spamcls_moderation_spans(m, &ns);
  ck_assert_uint_eq(ns, 3);
  check_clean(m, data, len);
  spamcls_moderation_free(m);
  spamcls_scorer_free(s);
  free(data);
}
END_TEST

START_TEST(explain_and_truncate)
{
  size_t len;
  char *data = slurp(FIX "wordpress.html", &len);
  spamcls_scorer *s = spamcls_scorer_new(model);
  spamcls_moderate_options o = {NULL, NULL, 12, 3};
  spamcls_moderation *m = moderate(s, data, len, &o);
  for (size_t i = 0; i < spamcls_moderation_count(m); i++) {
    const spamcls_moderated *c = spamcls_moderation_get(m, i);
    ck_assert_int_eq(c->truncated, c->comment->body_len > 12);
    ck_assert_uint_ge(c->nwhy, 1);
    ck_assert_uint_le(c->nwhy, 3);
    ck_assert_ptr_nonnull(c->why);
    ck_assert_uint_gt(strlen(c->why[0].name), 0);
  }
  /* judged as the comment's first 12 bytes are */
  const spamcls_moderated *c = spamcls_moderation_get(m, 2);
  spamcls_comment sc = sc_moderate_comment(c->comment, NULL);
  sc.text_len = 12;
  spamcls_result r;
  ck_assert_int_eq(spamcls_score(s, &sc, &r), SPAMCLS_OK);
  ck_assert_double_eq(c->result.probability, r.probability);
  sc.text_len = c->comment->body_len;
  ck_assert_int_eq(spamcls_score(s, &sc, &r), SPAMCLS_OK);
  ck_assert_double_ne(c->result.probability, r.probability);
  check_clean(m, data, len);
  spamcls_moderation_free(m);
  spamcls_scorer_free(s);
  free(data);
}
END_TEST

START_TEST(blank_comment_is_empty)
{
  static const char page[] =
      "<html><body><ol class=\"comment-list\">"
      "<li id=\"comment-1\" class=\"comment\"><article class=\"comment-body\">"
      "<footer class=\"comment-meta\"><div class=\"comment-author vcard\">"
      "<b class=\"fn\">slot gacor</b></div></footer>"
      "<div class=\"comment-content\"><p> \n </p></div></article></li>"
      "</ol></body></html>";
  spamcls_scorer *s = spamcls_scorer_new(model);
  ck_assert_int_eq(spamcls_scorer_set_thresholds(s, 0.02, 0.01), SPAMCLS_OK);
  spamcls_moderation *m = moderate(s, page, sizeof page - 1, NULL);
  ck_assert_uint_eq(spamcls_moderation_count(m), 1);
  const spamcls_moderated *c = spamcls_moderation_get(m, 0);
  ck_assert_int_eq(c->result.verdict, SPAMCLS_EMPTY);
  ck_assert_double_eq(c->result.probability, 0);
  ck_assert_int_eq(c->removed, 0);
  size_t clen;
  ck_assert_str_eq(spamcls_moderation_clean(m, &clen), page);
  spamcls_moderation_free(m);
  spamcls_scorer_free(s);
}
END_TEST

START_TEST(no_comments_unchanged)
{
  size_t len;
  char *data = slurp(FIX "no-comments.html", &len);
  spamcls_scorer *s = spamcls_scorer_new(model);
  spamcls_moderation *m = moderate(s, data, len, NULL);
  ck_assert_uint_eq(spamcls_moderation_count(m), 0);
  size_t ns, clen;
  spamcls_moderation_spans(m, &ns);
  ck_assert_uint_eq(ns, 0);
  const char *clean = spamcls_moderation_clean(m, &clen);
  ck_assert_uint_eq(clen, len);
  ck_assert_mem_eq(clean, data, len);
  spamcls_moderation_free(m);
  /* an empty page: nothing found, nothing to write */
  m = moderate(s, NULL, 0, NULL);
  ck_assert_uint_eq(spamcls_moderation_count(m), 0);
  ck_assert_str_eq(spamcls_moderation_clean(m, &clen), "");
  spamcls_moderation_free(m);
  spamcls_scorer_free(s);
  free(data);
}
END_TEST

START_TEST(bad_arguments)
{
  spamcls_moderation *m = (spamcls_moderation *)1;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_moderate_page(NULL, "x", 1, SPAMCLS_PAGE_AUTO,
                                         NULL, &m, &err), SPAMCLS_ERR_PARAM);
  ck_assert_ptr_null(m);
  ck_assert_uint_gt(strlen(err.msg), 0);
  spamcls_scorer *s = spamcls_scorer_new(model);
  ck_assert_int_eq(spamcls_moderate_page(s, NULL, 5, SPAMCLS_PAGE_AUTO, NULL,
                                         &m, NULL), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_moderate_page(s, "x", 1, (spamcls_page_kind)9,
                                         NULL, &m, NULL), SPAMCLS_ERR_PARAM);
  ck_assert_ptr_null(m);
  spamcls_moderation_free(NULL);
  spamcls_scorer_free(s);
}
END_TEST

START_TEST(spans_join)
{
  spamcls_span v[] = {{50, 60}, {10, 20}, {12, 18}, {15, 30}, {30, 40},
                      {70, 80}};
  size_t n = sc_spans_join(v, 6);
  /* overlapping spans joined; touching ones kept apart */
  ck_assert_uint_eq(n, 4);
  ck_assert_uint_eq(v[0].start, 10);
  ck_assert_uint_eq(v[0].end, 30);
  ck_assert_uint_eq(v[1].start, 30);
  ck_assert_uint_eq(v[1].end, 40);
  ck_assert_uint_eq(v[2].start, 50);
  ck_assert_uint_eq(v[3].end, 80);
  ck_assert_uint_eq(sc_spans_join(v, 0), 0);
}
END_TEST

static Suite *moderate_suite(void)
{
  Suite *su = suite_create("moderate");
  TCase *t = tcase_create("page");
  tcase_add_unchecked_fixture(t, load_model, free_model);
  tcase_add_test(t, spam_cut_out);
  tcase_add_test(t, scorer_thresholds);
  tcase_add_test(t, explain_and_truncate);
  tcase_add_test(t, blank_comment_is_empty);
  tcase_add_test(t, no_comments_unchanged);
  tcase_add_test(t, bad_arguments);
  tcase_add_test(t, spans_join);
  suite_add_tcase(su, t);
  return su;
}

int main(void)
{
  SRunner *sr = srunner_create(moderate_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
