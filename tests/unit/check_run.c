/*
 * check_run.c - a moderation run through the library alone: a folder of
 * pages (one of them a broken link) moderated into an output folder with
 * the walk, the journal, the summary and the review page. The run's
 * messages and progress reach the caller's callbacks and nothing reaches
 * standard error; its outcome says an input was skipped. Then the three
 * runs the program makes as one call each: a whole run into OUTDIR (and
 * resumed), shards merged, and the stream mode.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "spamcls.h"

#define FIX SPAMCLS_SOURCE_DIR "/tests/fixtures/pages/"
#define MODEL SPAMCLS_SOURCE_DIR "/models/default.model"

static const char *const pages[] = {"wordpress.html", "blogger.html",
                                    "no-comments.html"};

typedef struct heard {
  int errors, warnings, notes, progress_calls, finals;
  char first_error[512], first_note[512];
  sc_run_progress last;
} heard;

static void on_message(void *ctx, sc_level level, const char *msg)
{
  heard *h = ctx;
  if (level == SC_MSG_ERROR && h->errors++ == 0)
    snprintf(h->first_error, sizeof h->first_error, "%s", msg);
  if (level == SC_MSG_WARNING)
    h->warnings++;
  if (level == SC_MSG_NOTE && h->notes++ == 0)
    snprintf(h->first_note, sizeof h->first_note, "%s", msg);
}

static void on_progress(void *ctx, const sc_run_progress *p)
{
  heard *h = ctx;
  h->progress_calls++;
  h->finals += p->final;
  h->last = *p;
}

static void copy_file(const char *from, const char *to)
{
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  ck_assert_msg(in && out, "cannot copy %s", from);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
  fclose(in);
  ck_assert_int_eq(fclose(out), 0);
}

static int is_file(const char *dir, const char *name)
{
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
}

/* A site of the fixture pages in a new folder below /tmp: tmp gets the
 * folder (a "/tmp/check_run.XXXXXX" buffer), in its "site" folder. */
static void make_site(char *tmp, char *in, size_t inlen)
{
  ck_assert_ptr_nonnull(mkdtemp(tmp));
  snprintf(in, inlen, "%s/site", tmp);
  ck_assert_int_eq(mkdir(in, 0777), 0);
  for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
    char from[512], to[512];
    snprintf(from, sizeof from, FIX "%s", pages[i]);
    snprintf(to, sizeof to, "%s/%s", in, pages[i]);
    copy_file(from, to);
  }
}

static void remove_tree(const char *dir)
{
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  ck_assert_int_eq(system(cmd), 0);
}

START_TEST(run_through_the_library)
{
  char tmp[] = "/tmp/check_run.XXXXXX";
  char in[64], out[64], p[512];
  make_site(tmp, in, sizeof in);
  snprintf(out, sizeof out, "%s/out", tmp);
  snprintf(p, sizeof p, "%s/gone.html", in);
  ck_assert_int_eq(symlink("nowhere.html", p), 0);

  spamcls_model *model = NULL;
  spamcls_error err = {{0}};
  ck_assert_msg(spamcls_model_load(MODEL, &model, &err) == SPAMCLS_OK, "%s",
                err.msg);
  double t, m;
  spamcls_model_get_thresholds(model, &t, &m);
  sc_mod_opts o = {.threshold = -1, .margin = -1, .jobs = 2, .shard_n = 1,
                   .kind = SPAMCLS_PAGE_AUTO, .max_page = SC_PAGE_DEFAULT_MAX,
                   .max_record = SC_MOD_DEFAULT_MAX_RECORD, .progress = 1,
                   .html_pages = SC_REVIEW_DEFAULT_PAGES};
  heard h;
  memset(&h, 0, sizeof h);
  sc_run_events ev = {on_message, on_progress, &h};

  /* standard error goes to a file for the run: it must stay empty */
  snprintf(p, sizeof p, "%s/stderr", tmp);
  fflush(stderr);
  int saved = dup(2), fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ck_assert(saved >= 0 && fd >= 0);
  dup2(fd, 2);
  close(fd);

  sc_outdir od;
  ck_assert_int_eq(sc_outdir_open(&od, out), 0);
  struct stat sb;
  ck_assert_int_eq(fstat(od.fd, &sb), 0);
  sc_journal j;
  ck_assert_int_eq(sc_journal_open(&j, &od, "{\"key\":1}", 0, &ev),
                   SC_RUN_OK);
  char *inputs[] = {in};
  sc_outcome run = sc_mod_run(&o, model, inputs, 1, &j, sb.st_dev,
                              sb.st_ino);
  ck_assert_int_eq(sc_journal_finish(&j), 0);
  sc_mod_counts c;
  ck_assert_int_eq(sc_summary_write(&od, t, m, NULL, &c, &ev), SC_RUN_OK);
  ck_assert_int_eq(sc_review_write(&od, t, m, 0, &ev), SC_RUN_OK);
  sc_journal_close(&j);
  sc_outdir_close(&od);

  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  struct stat es;
  ck_assert_int_eq(stat(p, &es), 0);
  ck_assert_msg(es.st_size == 0, "the library wrote %lld bytes to stderr",
                (long long)es.st_size);

  /* the broken link: skipped, said through the callback, the outcome */
  ck_assert_int_eq(run, SC_RUN_INPUT);
  ck_assert_int_eq(h.errors, 1);
  ck_assert_msg(strstr(h.first_error, "gone.html") != NULL, "message: %s",
                h.first_error);
  ck_assert_uint_eq(c.pages, 4);
  ck_assert_uint_eq(c.pages_ok, 3);
  ck_assert_uint_eq(c.skipped[SC_PAGE_UNREADABLE], 1);
  ck_assert_uint_gt(c.comments, 0);
  /* progress: at least the final call, every page written */
  ck_assert_int_ge(h.progress_calls, 1);
  ck_assert_int_eq(h.finals, 1);
  ck_assert_int_eq(h.last.final, 1);
  ck_assert_uint_eq(h.last.pages, 4);
  ck_assert_uint_eq(h.last.comments, c.comments);
  ck_assert_int_eq(h.last.finished, 1);
  ck_assert_int_eq(h.last.sized, 1);
  ck_assert_uint_eq(h.last.bytes_done, h.last.bytes_total);
  ck_assert_uint_gt(h.last.bytes_total, 0);

  const char *outputs[] = {"report.jsonl", "pages.jsonl", "summary.json",
                           "report.html"};
  for (size_t i = 0; i < sizeof outputs / sizeof *outputs; i++)
    ck_assert_msg(is_file(out, outputs[i]), "no %s", outputs[i]);
  spamcls_model_free(model);
  remove_tree(tmp);
}
END_TEST

/* A second run in a folder another run holds is refused, said through
 * the callback. */
START_TEST(busy_folder)
{
  char tmp[] = "/tmp/check_run.XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(tmp));
  heard h;
  memset(&h, 0, sizeof h);
  sc_run_events ev = {on_message, NULL, &h};
  sc_outdir od;
  ck_assert_int_eq(sc_outdir_open(&od, tmp), 0);
  sc_journal a, b;
  ck_assert_int_eq(sc_journal_open(&a, &od, "{}", 0, &ev), SC_RUN_OK);
  ck_assert_int_eq(sc_journal_open(&b, &od, "{}", 0, &ev), SC_RUN_BUSY);
  ck_assert_int_eq(h.errors, 1);
  ck_assert_ptr_nonnull(strstr(h.first_error, "another moderate run"));
  sc_journal_close(&b);
  sc_journal_close(&a);
  sc_outdir_close(&od);
  remove_tree(tmp);
}
END_TEST

static sc_mod_opts default_opts(void)
{
  sc_mod_opts o = {.threshold = -1, .margin = -1, .explain = 3, .jobs = 2,
                   .shard_n = 1, .kind = SPAMCLS_PAGE_AUTO,
                   .max_page = SC_PAGE_DEFAULT_MAX,
                   .max_record = SC_MOD_DEFAULT_MAX_RECORD,
                   .html_pages = SC_REVIEW_DEFAULT_PAGES};
  return o;
}

static spamcls_model *load_model(void)
{
  spamcls_model *model = NULL;
  spamcls_error err = {{0}};
  ck_assert_msg(spamcls_model_load(MODEL, &model, &err) == SPAMCLS_OK, "%s",
                err.msg);
  return model;
}

/* The whole run of "spamcls moderate" as one call: refused before
 * anything is written when an input is inside OUTDIR; done, summarized,
 * and resumed (a note says so) when run again. */
START_TEST(whole_run_and_resume)
{
  char tmp[] = "/tmp/check_run.XXXXXX";
  char in[64], out[64], inner[96];
  make_site(tmp, in, sizeof in);
  snprintf(out, sizeof out, "%s/out", tmp);
  snprintf(inner, sizeof inner, "%s/out/site", tmp);
  spamcls_model *model = load_model();
  sc_mod_opts o = default_opts();
  o.outdir = out;
  o.model = "default";
  heard h;
  memset(&h, 0, sizeof h);
  sc_run_events ev = {on_message, NULL, &h};
  sc_mod_counts c;
  int summarized = -1;

  char *bad[] = {inner};
  ck_assert_int_eq(sc_mod_moderate(&o, model, bad, 1, &ev, &c, &summarized),
                   SC_RUN_REFUSED);
  ck_assert_int_eq(summarized, 0);
  ck_assert_int_eq(h.errors, 1);
  ck_assert_ptr_nonnull(strstr(h.first_error, "inside the output folder"));
  struct stat sb;
  ck_assert_int_ne(stat(out, &sb), 0);  /* nothing was made */

  o.threshold = 1.5;
  char *inputs[] = {in};
  ck_assert_int_eq(sc_mod_moderate(&o, model, inputs, 1, &ev, &c,
                                   &summarized), SC_RUN_REFUSED);
  ck_assert_int_ne(stat(out, &sb), 0);
  o.threshold = -1;

  memset(&h, 0, sizeof h);
  ck_assert_int_eq(sc_mod_moderate(&o, model, inputs, 1, &ev, &c,
                                   &summarized), SC_RUN_OK);
  ck_assert_int_eq(summarized, 1);
  ck_assert_int_eq(h.errors, 0);
  ck_assert_int_eq(h.notes, 0);
  ck_assert_uint_eq(c.pages, 3);
  ck_assert_uint_eq(c.pages_ok, 3);
  ck_assert_uint_gt(c.comments, 0);
  ck_assert_uint_eq(c.comments, c.spam + c.ham + c.unsure + c.empty);
  unsigned long comments = c.comments, spam = c.spam;
  ck_assert(is_file(out, "summary.json") && is_file(out, "report.html"));

  memset(&h, 0, sizeof h);
  ck_assert_int_eq(sc_mod_moderate(&o, model, inputs, 1, &ev, &c,
                                   &summarized), SC_RUN_OK);
  ck_assert_int_eq(h.notes, 1);
  ck_assert_msg(strstr(h.first_note, "resuming: 3 pages") != NULL, "note: %s",
                h.first_note);
  ck_assert_uint_eq(c.comments, comments);
  ck_assert_uint_eq(c.spam, spam);
  spamcls_model_free(model);
  remove_tree(tmp);
}
END_TEST

/* Shards joined by one call; an output folder inside a shard refused. */
START_TEST(merge_shards)
{
  char tmp[] = "/tmp/check_run.XXXXXX";
  char in[64], s0[64], s1[64], one[64], merged[64], p[512];
  make_site(tmp, in, sizeof in);
  snprintf(s0, sizeof s0, "%s/s0", tmp);
  snprintf(s1, sizeof s1, "%s/s1", tmp);
  snprintf(one, sizeof one, "%s/one", tmp);
  snprintf(merged, sizeof merged, "%s/merged", tmp);
  spamcls_model *model = load_model();
  heard h;
  memset(&h, 0, sizeof h);
  sc_run_events ev = {on_message, NULL, &h};
  sc_mod_counts c, whole;
  int summarized;
  char *inputs[] = {in};
  sc_mod_opts o = default_opts();
  o.model = "default";
  o.outdir = one;
  ck_assert_int_eq(sc_mod_moderate(&o, model, inputs, 1, &ev, &whole,
                                   &summarized), SC_RUN_OK);
  o.shard_n = 2;
  o.outdir = s0;
  ck_assert_int_eq(sc_mod_moderate(&o, model, inputs, 1, &ev, &c,
                                   &summarized), SC_RUN_OK);
  o.shard_k = 1;
  o.outdir = s1;
  ck_assert_int_eq(sc_mod_moderate(&o, model, inputs, 1, &ev, &c,
                                   &summarized), SC_RUN_OK);
  char inside[96];
  snprintf(inside, sizeof inside, "%s/m", s0);
  char *shards[] = {s0, s1};
  ck_assert_int_eq(sc_mod_merge(inside, shards, 2, 0, &ev, &c, &summarized),
                   SC_RUN_REFUSED);
  ck_assert_int_eq(summarized, 0);
  ck_assert_ptr_nonnull(strstr(h.first_error, "inside the shard"));
  ck_assert_int_eq(sc_mod_merge(merged, shards, 1, 0, &ev, &c, &summarized),
                   SC_RUN_INPUT);  /* shard 1/2 missing */
  ck_assert_int_eq(sc_mod_merge(merged, shards, 2, 0, &ev, &c, &summarized),
                   SC_RUN_OK);
  ck_assert_int_eq(summarized, 1);
  ck_assert_uint_eq(c.pages, whole.pages);
  ck_assert_uint_eq(c.comments, whole.comments);
  ck_assert_uint_eq(c.spam, whole.spam);
  snprintf(p, sizeof p, "cmp -s '%s/report.jsonl' '%s/report.jsonl'", one,
           merged);
  ck_assert_msg(system(p) == 0, "merged report.jsonl differs from one run's");
  spamcls_model_free(model);
  remove_tree(tmp);
}
END_TEST

static int starts(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The stream mode from one FILE to another: a page, comments with a
 * string id, a number id and none, a line that is no record and a
 * comment over max_record (both said, naming their lines, and skipped). */
START_TEST(stream_lines)
{
  static const char input[] =
      "{\"page\":\"p1\",\"content\":\"<ol class=\\\"commentlist\\\">"
      "<li class=\\\"comment\\\" id=\\\"comment-1\\\"><div class=\\\""
      "comment-author vcard\\\"><cite class=\\\"fn\\\">Ann</cite></div>"
      "<div class=\\\"comment-content\\\"><p>The ferry timetable should be "
      "published before the vote.</p></div></li></ol>\"}\n"
      "{\"id\":\"c7\",\"text\":\"slot gacor maxwin hari ini\"}\n"
      "not json\n"
      "{\"id\":42,\"text\":\"thanks for the article\"}\n"
      "\n"
      "{\"text\":\"0123456789abcdef0123456789abcdef\"}\n"
      "{\"body\":\"no id given\",\"author\":\"x\"}\n";
  spamcls_model *model = load_model();
  sc_mod_opts o = default_opts();
  o.max_record = 30;
  heard h;
  memset(&h, 0, sizeof h);
  sc_run_events ev = {on_message, NULL, &h};
  FILE *in = fmemopen((void *)input, sizeof input - 1, "r");
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  ck_assert(in && out);
  ck_assert_int_eq(sc_mod_stream(&o, model, in, out, &ev), SC_RUN_INPUT);
  fclose(in);
  ck_assert_int_eq(fclose(out), 0);
  ck_assert_int_eq(h.errors, 2);
  ck_assert_msg(starts(h.first_error, "-:3: "), "%s", h.first_error);
  /* one page comment, then three comments: c7, 42, and line 7's */
  const char *l1 = buf;
  ck_assert_msg(starts(l1, "{\"page\":\"p1\",\"index\":1,\"author\":\"Ann\""),
                "%s", buf);
  const char *l2 = strchr(l1, '\n') + 1;
  ck_assert_msg(starts(l2, "{\"id\":\"c7\",\"verdict\":\"spam\","), "%s", l2);
  const char *l3 = strchr(l2, '\n') + 1;
  ck_assert_msg(starts(l3, "{\"id\":42,\"verdict\":\"ham\","), "%s", l3);
  const char *l4 = strchr(l3, '\n') + 1;
  ck_assert_msg(starts(l4, "{\"id\":7,\"verdict\":"), "%s", l4);
  ck_assert_ptr_null(strchr(strchr(l4, '\n') + 1, '\n'));
  free(buf);
  spamcls_model_free(model);
}
END_TEST

/* The public call: the defaults, the callbacks translated (levels, the
 * bytes of progress), the totals, and what it refuses. */
typedef struct public_heard {
  int errors, notes, finals, calls;
  spamcls_run_progress last;
} public_heard;

static void public_message(void *ctx, spamcls_run_level level, const char *msg)
{
  public_heard *h = ctx;
  (void)msg;
  h->errors += level == SPAMCLS_RUN_ERROR;
  h->notes += level == SPAMCLS_RUN_NOTE;
}

static void public_progress(void *ctx, const spamcls_run_progress *p)
{
  public_heard *h = ctx;
  h->calls++;
  h->finals += p->final;
  h->last = *p;
}

START_TEST(public_run)
{
  char tmp[] = "/tmp/check_run.XXXXXX";
  char in[64], out[64];
  make_site(tmp, in, sizeof in);
  snprintf(out, sizeof out, "%s/out", tmp);
  spamcls_model *model = load_model();
  spamcls_run_options o;
  spamcls_run_options_init(&o);
  ck_assert(o.threshold < 0 && o.shard_n == 1 && o.explain == 5);
  ck_assert_uint_eq(o.max_comment, SPAMCLS_MODERATE_MAX_COMMENT);
  public_heard h;
  memset(&h, 0, sizeof h);
  o.message = public_message;
  o.progress = public_progress;
  o.ctx = &h;
  spamcls_run_totals t;
  const char *inputs[] = {in};
  ck_assert_int_eq(spamcls_moderate_run(model, out, inputs, 0, &o, &t),
                   SPAMCLS_RUN_REFUSED);
  ck_assert_int_eq(h.errors, 1);
  const char *unnamed[] = {in, NULL};
  ck_assert_int_eq(spamcls_moderate_run(model, out, unnamed, 2, &o, &t),
                   SPAMCLS_RUN_REFUSED);
  ck_assert_int_eq(spamcls_moderate_merge(out, unnamed, 2, &o, &t),
                   SPAMCLS_RUN_REFUSED);
  ck_assert_int_eq(spamcls_moderate_run(model, "", inputs, 1, &o, &t),
                   SPAMCLS_RUN_REFUSED);
  ck_assert_int_eq(h.errors, 4);
  struct stat sb;
  ck_assert_int_ne(stat(out, &sb), 0);  /* nothing was made */
  o.jobs = 2;
  ck_assert_int_eq(spamcls_moderate_run(model, out, inputs, 1, &o, &t),
                   SPAMCLS_RUN_OK);
  ck_assert_uint_eq(t.pages, 3);
  ck_assert_uint_eq(t.pages_moderated, 3);
  ck_assert_uint_gt(t.spam, 0);
  ck_assert_uint_eq(t.removed + t.kept_spam, t.spam);
  ck_assert_uint_eq(t.comments, t.spam + t.ham + t.unsure + t.empty);
  ck_assert_int_eq(h.finals, 1);
  ck_assert_int_eq(h.last.final, 1);
  ck_assert_uint_eq(h.last.pages, 3);
  ck_assert_uint_gt(h.last.bytes_total, 0);
  ck_assert_uint_eq(h.last.bytes_done, h.last.bytes_total);
  /* again with the defaults: resumed, the same totals */
  spamcls_run_totals t2;
  ck_assert_int_eq(spamcls_moderate_run(model, out, inputs, 1, NULL, &t2),
                   SPAMCLS_RUN_OK);
  ck_assert_uint_eq(t2.comments, t.comments);
  ck_assert_uint_eq(t2.spam, t.spam);
  /* a merge into a folder that holds its shard is refused */
  ck_assert_int_eq(spamcls_moderate_merge(tmp, inputs, 1, &o, &t2),
                   SPAMCLS_RUN_REFUSED);  /* the shard is inside tmp */
  ck_assert_uint_eq(t2.pages, 0);
  spamcls_model_free(model);
  remove_tree(tmp);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("run");
  TCase *t = tcase_create("run");
  tcase_set_timeout(t, 120);
  tcase_add_test(t, run_through_the_library);
  tcase_add_test(t, busy_folder);
  tcase_add_test(t, whole_run_and_resume);
  tcase_add_test(t, merge_shards);
  tcase_add_test(t, stream_lines);
  tcase_add_test(t, public_run);
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
