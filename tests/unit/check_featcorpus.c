/*
 * check_featcorpus.c - the feature pipeline over real corpora: every
 * record of the moderated blog comments (text, author, author URL, many
 * languages) and of the judol gambling comments (styled Unicode) keeps
 * the vector invariants and gives the same buckets by name as by index.
 * Exits 77 (skip) without ../shared.
 */
#include <check.h>
#include <csv.h>
#include <jansson.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "feat_names.h"

#define BLOG SPAMCLS_SHARED_DIR "/corpus/blog-comments-moderated/comments.jsonl"
#define JUDOL SPAMCLS_SHARED_DIR "/corpus/judol-gbennnn/dataset_judol_labelled.csv"

/* Every blog comment (text, author, author URL) keeps the invariants. */
START_TEST(test_corpus_blog)
{
  const char *path = BLOG;
  FILE *fp = fopen(path, "r");
  ck_assert_msg(fp != NULL, "%s: cannot open", path);
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  spamcls_extractor *x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(x);
  json_error_t jerr;
  size_t count = 0;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, fp) > 0) {
    json_t *o = json_loads(line, 0, &jerr);
    if (!o)
      ck_abort_msg("%s: %s", path, jerr.text);
    json_t *t = json_object_get(o, "text"), *a = json_object_get(o, "author"),
           *u = json_object_get(o, "author_url");
    spamcls_comment c = {0};
    if (json_is_string(t)) {
      c.text = json_string_value(t);
      c.text_len = json_string_length(t);
    }
    if (json_is_string(a)) {
      c.author = json_string_value(a);
      c.author_len = json_string_length(a);
    }
    if (json_is_string(u)) {
      c.author_url = json_string_value(u);
      c.author_url_len = json_string_length(u);
    }
    const char *problem = comment_problem(x, &c);
    if (problem)
      ck_abort_msg("%s line %zu: %s", path, count + 1, problem);
    json_decref(o);
    count++;
  }
  free(line);
  fclose(fp);
  ck_assert_uint_gt(count, 1000);
  spamcls_extractor_free(x);
}
END_TEST

/* The gambling comments (styled letters, spacing, emoji): libcsv hands
 * over fields; column 2 is comment_text, column 1 the author handle. */
typedef struct judol {
  spamcls_extractor *x;
  size_t col, rows;
  sc_buf author;
  const char *problem;
} judol;

static void judol_field(void *s, size_t len, void *data)
{
  judol *j = data;
  if (j->rows > 0 && j->col == 1) {
    sc_buf_clear(&j->author);
    if (sc_buf_append(&j->author, s, len) < 0)
      j->problem = "out of memory";
  } else if (j->rows > 0 && j->col == 2 && !j->problem) {
    spamcls_comment c = {0};
    c.text = s ? s : "";
    c.text_len = len;
    c.author = j->author.data;
    c.author_len = j->author.len;
    j->problem = comment_problem(j->x, &c);
  }
  j->col++;
}

static void judol_row(int term, void *data)
{
  judol *j = data;
  j->col = 0;
  j->rows++;
}

START_TEST(test_corpus_judol)
{
  FILE *fp = fopen(JUDOL, "rb");
  ck_assert_msg(fp != NULL, "%s: cannot open", JUDOL);
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  judol j = {0};
  j.x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(j.x);
  struct csv_parser parser;
  ck_assert_int_eq(csv_init(&parser, CSV_APPEND_NULL), 0);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0 && !j.problem)
    if (csv_parse(&parser, buf, n, judol_field, judol_row, &j) != n)
      ck_abort_msg("%s: %s", JUDOL, csv_strerror(csv_error(&parser)));
  csv_fini(&parser, judol_field, judol_row, &j);
  csv_free(&parser);
  fclose(fp);
  ck_assert_msg(!j.problem, "%s row %zu: %s", JUDOL, j.rows, j.problem);
  ck_assert_uint_gt(j.rows, 30000);
  sc_buf_free(&j.author);
  spamcls_extractor_free(j.x);
}
END_TEST

static Suite *featcorpus_suite(void)
{
  Suite *s = suite_create("featcorpus");
  TCase *tc = tcase_create("Blog");
  tcase_set_timeout(tc, 120);  /* slow under the sanitizers */
  tcase_add_test(tc, test_corpus_blog);
  suite_add_tcase(s, tc);
  tc = tcase_create("Judol");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, test_corpus_judol);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  if (access(BLOG, R_OK) != 0 || access(JUDOL, R_OK) != 0) {
    fprintf(stderr, "check_featcorpus: %s or %s absent: skipped\n", BLOG,
            JUDOL);
    return 77;
  }
  SRunner *sr = srunner_create(featcorpus_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
