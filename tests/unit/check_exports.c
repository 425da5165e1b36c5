/*
 * check_exports.c - site exports (spamcls_export_*): the WXR and Disqus
 * fixtures of tests/fixtures/exports read field by field, copies written
 * with marks that differ from the input exactly at the marked status
 * values, markup inside CDATA that looks like a status field left alone,
 * malformed files named with their line, a large generated export read
 * through a file in chunks.
 */
#define _GNU_SOURCE  /* memmem */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spamcls.h"

#define FIX SPAMCLS_SOURCE_DIR "/tests/fixtures/exports/"

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
  d[n] = '\0';
  *len = (size_t)n;
  return d;
}

static int has(const char *s, size_t n, const char *z)
{
  return memmem(s, n, z, strlen(z)) != NULL;
}

static int is(const char *s, size_t n, const char *z)
{
  return n == strlen(z) && memcmp(s, z, n) == 0;
}

/* Reads data, marking the comments whose id is in marks (NULL-ended),
 * into a memory copy; returns the copy, *nc the comments read. */
typedef struct seen {
  char id[16];
  spamcls_site_status site;
  int markable;
  unsigned long line;
  unsigned long long off;
} seen;

static char *run(const char *data, size_t len, const char *const *marks,
                 seen *out, size_t *nc, spamcls_status *end, size_t *olen,
                 spamcls_error *err)
{
  char *copy = NULL;
  FILE *fp = open_memstream(&copy, olen);
  ck_assert_ptr_nonnull(fp);
  spamcls_export *e;
  spamcls_status st = spamcls_export_open_memory(data, len, "x.xml",
                                                 SPAMCLS_EXPORT_NONE, fp, &e,
                                                 err);
  *nc = 0;
  if (st == SPAMCLS_OK) {
    spamcls_export_comment c;
    while ((st = spamcls_export_next(e, &c, err)) == SPAMCLS_OK) {
      seen *s = &out[*nc < 64 ? *nc : 63];
      snprintf(s->id, sizeof s->id, "%.*s", (int)c.id_len, c.id);
      s->site = c.site;
      s->markable = c.markable;
      s->line = c.line;
      s->off = c.status_offset;
      for (const char *const *m = marks; m && *m; m++)
        if (strcmp(*m, s->id) == 0)
          ck_assert_int_eq(spamcls_export_mark_spam(e), SPAMCLS_OK);
      (*nc)++;
    }
    spamcls_export_close(e);
  }
  *end = st;
  fclose(fp);
  return copy;
}

/* Replaces the first from after anchor in s by to; the new string. */
static char *replace_after(const char *s, const char *anchor,
                           const char *from, const char *to)
{
  const char *a = strstr(s, anchor);
  ck_assert_ptr_nonnull(a);
  const char *f = strstr(a, from);
  ck_assert_ptr_nonnull(f);
  size_t n = strlen(s), fl = strlen(from), tl = strlen(to);
  char *r = malloc(n - fl + tl + 1);
  size_t pre = (size_t)(f - s);
  memcpy(r, s, pre);
  memcpy(r + pre, to, tl);
  memcpy(r + pre + tl, f + fl, n - pre - fl + 1);
  return r;
}

/* ---------------------------------------------------------------- WXR */

START_TEST(test_wxr_fields)
{
  size_t len;
  char *data = slurp(FIX "site.wxr.xml", &len);
  spamcls_error err = {{0}};
  spamcls_export *e;
  ck_assert_int_eq(spamcls_export_open(FIX "site.wxr.xml",
                                       SPAMCLS_EXPORT_NONE, NULL, &e, &err),
                   SPAMCLS_OK);
  ck_assert_int_eq(spamcls_export_kind_of(e), SPAMCLS_EXPORT_WXR);
  spamcls_export_comment c;
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert(is(c.id, c.id_len, "101"));
  ck_assert(is(c.author, c.author_len, "Martha K."));
  ck_assert_ptr_null(c.author_url);  /* empty element: none */
  ck_assert(is(c.date, c.date_len, "2019-03-02 10:11:12"));
  ck_assert(is(c.thread, c.thread_len,
               "https://gazette.example/2019/council-tax-plan/"));
  ck_assert(has(c.body, c.body_len, "do not add up & the council"));
  ck_assert_int_eq(c.site, SPAMCLS_SITE_APPROVED);
  ck_assert(c.markable);
  ck_assert_uint_eq(c.line, 21);
  ck_assert_int_eq(data[c.status_offset], '1');
  /* No output: marks are refused. */
  ck_assert_int_eq(spamcls_export_mark_spam(e), SPAMCLS_ERR_PARAM);

  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert(is(c.id, c.id_len, "102"));
  ck_assert(is(c.author_url, c.author_url_len,
               "https://slot-gacor77.example/?ref=a&b=1"));
  /* The link's address is added to the text it does not show in. */
  ck_assert(has(c.body, c.body_len, "situs slot gacor hari ini"));
  ck_assert(has(c.body, c.body_len, "\nhttps://slot-gacor77.example/"));
  ck_assert(!has(c.body, c.body_len, "<p>"));
  ck_assert_int_eq(c.site, SPAMCLS_SITE_APPROVED);

  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert(is(c.id, c.id_len, "103"));
  ck_assert(is(c.author, c.author_len, "judi \"bola\" > 88"));
  ck_assert_int_eq(c.site, SPAMCLS_SITE_PENDING);
  ck_assert_int_eq(data[c.status_offset], '0');

  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert(is(c.id, c.id_len, "201"));
  ck_assert(is(c.thread, c.thread_len,
               "https://gazette.example/2019/bridge-repairs/"));
  ck_assert_int_eq(c.site, SPAMCLS_SITE_SPAM);
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert_int_eq(c.site, SPAMCLS_SITE_APPROVED);  /* " 1 " */
  ck_assert(is(c.status, c.status_len, " 1 "));
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert_int_eq(c.site, SPAMCLS_SITE_TRASH);
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_EOF);
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_EOF);
  spamcls_export_close(e);
  free(data);
}
END_TEST

START_TEST(test_wxr_marks)
{
  size_t len, olen, nc;
  char *data = slurp(FIX "site.wxr.xml", &len);
  seen s[64];
  spamcls_status end;
  spamcls_error err = {{0}};
  /* No mark: the very same bytes. */
  char *copy = run(data, len, NULL, s, &nc, &end, &olen, &err);
  ck_assert_int_eq(end, SPAMCLS_EOF);
  ck_assert_uint_eq(nc, 6);
  ck_assert_uint_eq(olen, len);
  ck_assert(memcmp(copy, data, len) == 0);
  free(copy);
  /* Marks: the status values and nothing else, whether in CDATA, plain,
   * or padded; the look-alike inside comment 102's content stays. */
  const char *const marks[] = {"102", "103", "202", NULL};
  copy = run(data, len, marks, s, &nc, &end, &olen, &err);
  ck_assert_int_eq(end, SPAMCLS_EOF);
  char *want = replace_after(data, "<wp:comment_id>102<",
                             "<wp:comment_approved><![CDATA[1]]>",
                             "<wp:comment_approved><![CDATA[spam]]>");
  char *w2 = replace_after(want, "<wp:comment_id>103<",
                           "<wp:comment_approved>0<",
                           "<wp:comment_approved>spam<");
  char *w3 = replace_after(w2, "<wp:comment_id>202<",
                           "<wp:comment_approved> 1 <",
                           "<wp:comment_approved> spam <");
  ck_assert_uint_eq(olen, strlen(w3));
  ck_assert_msg(memcmp(copy, w3, olen) == 0, "%s", copy);
  ck_assert(has(copy, olen, "terpercaya.</p> <wp:comment_approved>1<"));
  free(want);
  free(w2);
  free(w3);
  free(copy);
  free(data);
}
END_TEST

/* ---------------------------------------------------------------- Disqus */

START_TEST(test_disqus)
{
  size_t len, olen, nc;
  char *data = slurp(FIX "forum.disqus.xml", &len);
  seen s[64];
  spamcls_status end;
  spamcls_error err = {{0}};
  const char *const marks[] = {"9002", NULL};
  char *copy = run(data, len, marks, s, &nc, &end, &olen, &err);
  ck_assert_int_eq(end, SPAMCLS_EOF);
  ck_assert_uint_eq(nc, 5);
  ck_assert_str_eq(s[0].id, "9001");
  ck_assert_int_eq(s[0].site, SPAMCLS_SITE_APPROVED);
  ck_assert_int_eq(s[1].site, SPAMCLS_SITE_APPROVED);
  ck_assert(s[1].markable);
  ck_assert(memcmp(data + s[1].off, "false</isSpam>", 14) == 0);
  /* No isSpam element: nothing to mark (nothing is inserted). */
  ck_assert_str_eq(s[2].id, "9003");
  ck_assert(!s[2].markable);
  ck_assert_int_eq(s[2].site, SPAMCLS_SITE_APPROVED);
  ck_assert_int_eq(s[3].site, SPAMCLS_SITE_SPAM);
  ck_assert_int_eq(s[4].site, SPAMCLS_SITE_DELETED);
  char *want = replace_after(data, "</isSpam>]]></message>",
                       "<isSpam>false</isSpam>", "<isSpam>true</isSpam>");
  ck_assert_uint_eq(olen, len - 1);
  ck_assert(memcmp(copy, want, olen) == 0);
  free(want);
  free(copy);

  /* Fields of one post. */
  spamcls_export *e;
  ck_assert_int_eq(spamcls_export_open_memory(data, len, "f.xml",
                                              SPAMCLS_EXPORT_DISQUS, NULL, &e,
                                              &err), SPAMCLS_OK);
  spamcls_export_comment c;
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert(is(c.author, c.author_len, "Martha K."));
  ck_assert(is(c.thread, c.thread_len, "8001"));
  ck_assert(is(c.date, c.date_len, "2019-03-02T10:11:12Z"));
  ck_assert(has(c.body, c.body_len, "I disagree with the author"));
  ck_assert(!has(c.body, c.body_len, "<p>"));
  ck_assert_ptr_null(c.author_url);
  spamcls_export_close(e);
  free(data);
}
END_TEST

/* ---------------------------------------------------------------- errors */

START_TEST(test_malformed)
{
  static const char *const bad[] = {
    /* truncated inside a comment */
    "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/"
    "1.2/\">\n<channel>\n<item>\n<wp:comment>\n<wp:comment_content>hi",
    /* mismatched end tag on line 4 */
    "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
    "<wp:comment><wp:comment_approved>1</wp:comment_approved>\n"
    "</wp:commentx></channel></rss>\n",
    /* NUL byte */
    "<disqus xmlns=\"http://disqus.com\">\n<post>\n<message>a\0b</message>"
    "</post></disqus>",
  };
  static const size_t lens[] = {0, 0, 73};
  static const unsigned long lines[] = {6, 4, 3};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    size_t n = lens[i] ? lens[i] : strlen(bad[i]), olen, nc;
    seen s[64];
    spamcls_status end;
    spamcls_error err = {{0}};
    char *copy = run(bad[i], n, NULL, s, &nc, &end, &olen, &err);
    ck_assert_msg(end == SPAMCLS_ERR_FORMAT, "case %zu: %d", i, end);
    char want[32];
    snprintf(want, sizeof want, "x.xml:%lu: ", lines[i]);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "case %zu: %s",
                  i, err.msg);
    /* A file that ends inside its elements is called cut short. */
    ck_assert(!!strstr(err.msg, "cut short") == (i == 0));
    free(copy);
  }
  /* Not an export at all. */
  size_t olen, nc;
  seen s[64];
  spamcls_status end;
  spamcls_error err = {{0}};
  const char *html = "<html><body><p>hello</p></body></html>";
  free(run(html, strlen(html), NULL, s, &nc, &end, &olen, &err));
  ck_assert_int_eq(end, SPAMCLS_ERR_FORMAT);
  ck_assert(strstr(err.msg, "not a WordPress (WXR) or Disqus export"));
  /* A missing file. */
  spamcls_export *e;
  ck_assert_int_eq(spamcls_export_open(FIX "nope.xml", SPAMCLS_EXPORT_NONE,
                                       NULL, &e, &err), SPAMCLS_ERR_IO);
  ck_assert(strstr(err.msg, "nope.xml"));
}
END_TEST

/* Markup that comes from an entity is not in the bytes: the reader and
 * the bytes disagree, and the export is refused rather than marked. */
START_TEST(test_entities_refused_or_exact)
{
  const char *doc =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY ok \"1\">\n"
      "<!ENTITY c \"<wp:comment_approved>1</wp:comment_approved>\">\n]>\n"
      "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item>\n"
      "<wp:comment><wp:comment_id>1</wp:comment_id>&c;"
      "<wp:comment_approved>&ok;</wp:comment_approved></wp:comment>\n"
      "</item></channel></rss>\n";
  size_t olen, nc;
  seen s[64];
  spamcls_status end;
  spamcls_error err = {{0}};
  const char *const marks[] = {"1", NULL};
  char *copy = run(doc, strlen(doc), marks, s, &nc, &end, &olen, &err);
  if (end == SPAMCLS_EOF) {
    /* Read without expanding: only the status in the bytes changes. */
    char *want = replace_after(doc, "<wp:comment_approved>&ok;",
                               "&ok;", "spam");
    ck_assert_uint_eq(olen, strlen(want));
    ck_assert(memcmp(copy, want, olen) == 0);
    free(want);
  } else {
    ck_assert_int_eq(end, SPAMCLS_ERR_FORMAT);
  }
  free(copy);
}
END_TEST

/* Markup the byte scan must step over whole: comments and processing
 * instructions holding tags, attribute values holding '>' and "/>", a
 * DOCTYPE whose internal subset holds '>' in quotes, CRLF line ends, an
 * empty-element status (not markable) and a status before the content. */
START_TEST(test_tricky_markup)
{
  const char *doc =
      "<?xml version=\"1.0\"?>\r\n"
      "<!DOCTYPE rss [ <!ATTLIST item note CDATA \"a>b\"> ]>\r\n"
      "<!-- <wp:comment><wp:comment_approved>1</wp:comment_approved> -->\r\n"
      "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\r\n"
      "<item note='x > /> &lt;wp:comment_approved>'>\r\n"
      "<?php echo '<wp:comment_approved>1</wp:comment_approved>'; ?>\r\n"
      "<wp:comment><wp:comment_id>1</wp:comment_id>"
      "<wp:comment_approved a=\"/>\"><!-- 0 -->1</wp:comment_approved>"
      "<wp:comment_content>x</wp:comment_content></wp:comment>\r\n"
      "<wp:comment><wp:comment_id>2</wp:comment_id>"
      "<wp:comment_approved/></wp:comment>\r\n"
      "<wp:comment><wp:comment_id>3</wp:comment_id>"
      "<wp:comment_approved>\r\n  0\r\n</wp:comment_approved></wp:comment>\r\n"
      "</item></channel></rss>\r\n";
  size_t olen, nc;
  seen s[64];
  spamcls_status end;
  spamcls_error err = {{0}};
  const char *const marks[] = {"1", "2", "3", NULL};
  /* Comment 2 has nothing to mark: run() asserts marks succeed, so it is
   * left out here and checked below. */
  const char *const markable[] = {"1", "3", NULL};
  char *copy = run(doc, strlen(doc), markable, s, &nc, &end, &olen, &err);
  ck_assert_msg(end == SPAMCLS_EOF, "%s", err.msg);
  ck_assert_uint_eq(nc, 3);
  ck_assert(s[0].markable && !s[1].markable && s[2].markable);
  ck_assert_uint_eq(s[0].line, 7);
  ck_assert_uint_eq(s[2].line, 9);
  /* Comment 1: content with a comment inside is replaced whole. */
  char *w1 = replace_after(doc, "<wp:comment_id>1<", "<!-- 0 -->1<", "spam<");
  char *w2 = replace_after(w1, "<wp:comment_id>3<", "\r\n  0\r\n<",
                           "\r\n  spam\r\n<");
  ck_assert_uint_eq(olen, strlen(w2));
  ck_assert_msg(memcmp(copy, w2, olen) == 0, "%s", copy);
  free(w1);
  free(w2);
  free(copy);
  (void)marks;
  /* The empty status refuses a mark. */
  spamcls_export *e;
  FILE *out = fopen("/dev/null", "w");
  ck_assert_int_eq(spamcls_export_open_memory(doc, strlen(doc), "t.xml",
                                              SPAMCLS_EXPORT_NONE, out, &e,
                                              &err), SPAMCLS_OK);
  spamcls_export_comment c;
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert_int_eq(spamcls_export_next(e, &c, &err), SPAMCLS_OK);
  ck_assert(is(c.id, c.id_len, "2"));
  ck_assert_int_eq(spamcls_export_mark_spam(e), SPAMCLS_ERR_PARAM);
  spamcls_export_close(e);
  fclose(out);
}
END_TEST

START_TEST(test_sniff)
{
  const char *wxr = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<rss "
                    "xmlns:wp=\"http://wordpress.org/export/1.1/\">";
  const char *dsq = "<?xml version=\"1.0\"?><disqus xmlns=\"http://disqus.com\""
                    " xmlns:dsq=\"http://disqus.com/disqus-internals\">";
  ck_assert_int_eq(spamcls_export_sniff(wxr, strlen(wxr)), SPAMCLS_EXPORT_WXR);
  ck_assert_int_eq(spamcls_export_sniff(dsq, strlen(dsq)),
                   SPAMCLS_EXPORT_DISQUS);
  ck_assert_int_eq(spamcls_export_sniff("<rss version=\"2.0\">", 19),
                   SPAMCLS_EXPORT_NONE);  /* a plain feed */
  ck_assert_int_eq(spamcls_export_sniff("<html>", 6), SPAMCLS_EXPORT_NONE);
  ck_assert_int_eq(spamcls_export_sniff("", 0), SPAMCLS_EXPORT_NONE);
  ck_assert_int_eq(spamcls_export_sniff("<!-- never ends", 15),
                   SPAMCLS_EXPORT_NONE);
  ck_assert_str_eq(spamcls_export_kind_name(SPAMCLS_EXPORT_DISQUS), "disqus");
  ck_assert_str_eq(spamcls_site_status_name(SPAMCLS_SITE_PENDING), "pending");
}
END_TEST

/* A large export through a file: libxml2 reads it in chunks, the copy
 * still differs exactly at the marked values; one comment at a time
 * (_i 0), and in batches of 100 marked after the batch was read (_i 1). */
START_TEST(test_large_file)
{
  char path[] = "/tmp/check_exports_XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  FILE *fp = fdopen(fd, "w");
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss xmlns:wp=\"http://"
        "wordpress.org/export/1.2/\"><channel>\n", fp);
  const int n = 3050;  /* not a multiple of the batch */
  for (int i = 0; i < n; i++) {
    fprintf(fp, "<item><link>https://x.example/%d</link>\n", i);
    fprintf(fp, "<wp:comment><wp:comment_id>%d</wp:comment_id>"
            "<wp:comment_content><![CDATA[comment %d <b>bold</b> "
            "<wp:comment_approved>1</wp:comment_approved> %*s]]>"
            "</wp:comment_content>\n<wp:comment_approved>%s"
            "</wp:comment_approved></wp:comment></item>\n",
            i, i, i % 700, "", i % 2 ? "<![CDATA[1]]>" : "1");
  }
  fputs("</channel></rss>\n", fp);
  fclose(fp);
  size_t len;
  char *data = slurp(path, &len);
  char *copy = NULL;
  size_t olen;
  FILE *out = open_memstream(&copy, &olen);
  spamcls_export *e;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_export_open(path, SPAMCLS_EXPORT_NONE, out, &e,
                                       &err), SPAMCLS_OK);
  const int batch = _i ? 100 : 1;
  ck_assert_int_eq(spamcls_export_set_window(e, (size_t)batch), SPAMCLS_OK);
  unsigned long long *offs = calloc((size_t)n, sizeof *offs);
  spamcls_export_comment c;
  int k = 0;
  spamcls_status st;
  while ((st = spamcls_export_next(e, &c, &err)) == SPAMCLS_OK) {
    ck_assert_int_lt(k, n);
    ck_assert_int_eq(data[c.status_offset], '1');
    offs[k] = c.status_offset;
    ck_assert_uint_eq(c.seq, (unsigned long)k);
    if (batch == 1 && k % 3 == 0)
      ck_assert_int_eq(spamcls_export_mark_spam(e), SPAMCLS_OK);
    k++;
    if (batch > 1 && k % batch == 0) {
      for (int j = k - batch; j < k; j++)
        if (j % 3 == 0)
          ck_assert_int_eq(spamcls_export_mark_spam_at(e, (unsigned long)j),
                           SPAMCLS_OK);
      /* A comment already written cannot be marked. */
      if (k > batch)
        ck_assert_int_eq(spamcls_export_mark_spam_at(e, 0), SPAMCLS_ERR_PARAM);
    }
  }
  ck_assert_msg(st == SPAMCLS_EOF, "%s", err.msg);
  ck_assert_int_eq(k, n);
  for (int j = k - k % batch; batch > 1 && j < k; j++)
    if (j % 3 == 0)
      ck_assert_int_eq(spamcls_export_mark_spam_at(e, (unsigned long)j),
                       SPAMCLS_OK);
  ck_assert_int_eq(spamcls_export_finish(e, &err), SPAMCLS_OK);
  spamcls_export_close(e);
  fclose(out);
  /* Walk both: every byte equal but "1" -> "spam" at every third. */
  size_t a = 0, b = 0;
  for (int i = 0; i < n; i++) {
    if (i % 3)
      continue;
    size_t at = (size_t)offs[i];
    ck_assert(memcmp(copy + b, data + a, at - a) == 0);
    b += at - a;
    ck_assert(memcmp(copy + b, "spam", 4) == 0);
    b += 4;
    a = at + 1;
  }
  ck_assert_uint_eq(olen - b, len - a);
  ck_assert(memcmp(copy + b, data + a, len - a) == 0);
  free(offs);
  free(copy);
  free(data);
  unlink(path);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("exports");
  TCase *tc = tcase_create("exports");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_wxr_fields);
  tcase_add_test(tc, test_wxr_marks);
  tcase_add_test(tc, test_disqus);
  tcase_add_test(tc, test_malformed);
  tcase_add_test(tc, test_entities_refused_or_exact);
  tcase_add_test(tc, test_tricky_markup);
  tcase_add_test(tc, test_sniff);
  tcase_add_loop_test(tc, test_large_file, 0, 2);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
