/*
 * check_pages.c - comment extraction from archived pages: the HTML and
 * text fixtures of tests/fixtures/pages (each markup, declared charsets,
 * pages without comments, broken markup), byte spans that cut out exactly
 * one comment, pages generated here (large, truncated, binary, UTF-16),
 * and the five seed pages of ../shared/seeds with their exact comments
 * (skipped when ../shared is absent: the suite then exits 77 after the
 * other cases).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "page_fixtures.h"
#include "spamcls.h"

#define FIX SPAMCLS_SOURCE_DIR "/tests/fixtures/pages/"
#define SEEDS SPAMCLS_SHARED_DIR "/seeds/"

/* ---------------------------------------------------------------- helpers */

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

static spamcls_page *extract(const char *data, size_t len,
                             spamcls_page_kind kind)
{
  spamcls_page *p = NULL;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_page_extract(data, len, kind, &p, &err),
                   SPAMCLS_OK);
  ck_assert_ptr_nonnull(p);
  return p;
}

static int span_eq(const char *s, size_t n, const char *expected)
{
  return strlen(expected) == n && !memcmp(s, expected, n);
}

static void check_utf8(const char *s, size_t n)
{
  ck_assert_uint_eq(spamcls_page_invalid_utf8(NULL), 0);
  /* Every string handed out is valid UTF-8: re-extracting it as a text
   * page counts no invalid sequence. */
  spamcls_page *p = extract(s, n, SPAMCLS_PAGE_TEXT);
  ck_assert_uint_eq(spamcls_page_invalid_utf8(p), 0);
  spamcls_page_free(p);
}


static void expect(const spamcls_page *p, size_t i, const want *w)
{
  const spamcls_page_comment *c = spamcls_page_get(p, i);
  ck_assert_ptr_nonnull(c);
  ck_assert_msg(span_eq(c->author, c->author_len, w->author),
                "comment %zu author '%.*s', expected '%s'", i + 1,
                (int)c->author_len, c->author, w->author);
  ck_assert_msg(span_eq(c->date, c->date_len, w->date),
                "comment %zu date '%.*s', expected '%s'", i + 1,
                (int)c->date_len, c->date, w->date);
  ck_assert_msg(span_eq(c->body, c->body_len, w->body),
                "comment %zu body '%.*s', expected '%s'", i + 1,
                (int)c->body_len, c->body, w->body);
  if (w->url)
    ck_assert_msg(c->author_url && span_eq(c->author_url, c->author_url_len,
                                           w->url),
                  "comment %zu author_url", i + 1);
  check_utf8(c->author, c->author_len);
  check_utf8(c->body, c->body_len);
}

/* ---------------------------------------------------------------- fixtures */

static const want wp[] = {
  {"Marta Oyelaran", "2023-10-02T07:14:00+00:00",
   "Moving the first crossing to 7:10 means my daughter misses the school "
   "bus on the mainland & has to wait 40 minutes.\nHas anyone asked the "
   "council whether the Saturday boat could pay for it instead?", NULL},
  {"Harbour Notes", "2023-10-02T09:30:00+00:00",
   "The council meets on the 14th; we will ask.",
   "https://harbournotes.example/about"},
  {"slot gacor", "2023-10-03T02:01:00+00:00",
   "Very nice article, thank you for sharing. Visit my site for slot gacor "
   "hari ini maxwin!", "http://slot-gacor-88.example/"},
};
static const want wp_classic[] = {
  {"Ren\xc3\xa9" "e", "June 4, 2009 at 10:02 pm",
   "The cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e is as good as it was.", NULL},
  {"Jos\xc3\xa9", "June 5, 2009 at 8:15 am",
   "Na\xc3\xafve question: is it still cash only? \xc2\xa3 or \xc3\xa9 not "
   "taken?", NULL},
};
static const want micro[] = {
  {"In\xc3\xaas Duarte", "2024-02-11T18:05:00Z",
   "Finally. The last sleeper I took was in 2012.",
   "https://people.example/ines"},
  {"tom_b", "2024-02-12T08:00:00Z", "Same here \xe2\x80\x94 booked for April.",
   NULL},
  {"Judi Bola Resmi", "2024-02-13",
   "Daftar sekarang di situs judi bola terpercaya, bonus 100% member baru!!!",
   NULL},
};
static const want jsonld[] = {
  {"Priya N.", "2022-05-01T10:00:00Z",
   "Sunday hours are a great help for students with weekday jobs.",
   "https://priya.example"},
  {"cheap-pills-online", "2022-05-02",
   "Buy cheap pills online no prescription, fast shipping worldwide!!!", NULL},
  {"Priya N.", "", "Reported.", NULL},
};
static const want generic[] = {
  {"Olaf K.", "2 days ago",
   "Third delay this year. Who is checking the contractor?", NULL},
  {"W\xc3\xbcrth Lena", "1 day ago",
   "The ferry detour adds 25 minutes each way.\nPlease fix the signs at "
   "least.", NULL},
};
static const want text_list[] = {
  {"Marta", "October 2, 2023 at 7:14 am",
   "Moving the first crossing means my daughter misses the bus.\n\nSecond "
   "paragraph: who decided this?", NULL},
  {"anon", "2023-10-02 09:30", "", NULL},
  {"Tomasz W.", "3 days ago", "Agree with Marta.\n  (indented quote kept)",
   NULL},
  {"judi online", "October 3, 2023 at 2:01 am",
   "nice info, visit judi online terpercaya", NULL},
};
static const want broken[] = {
  {"Ana", "", "First comment with unclosed markup", NULL},
  {"Bo", "", "Second & last < not a tag\n>>", NULL},
};

static const struct fixture fixtures[] = {
  {"wordpress.html", "wordpress", wp, 3},
  {"wordpress-classic.html", "wordpress", wp_classic, 2},
  {"microdata.html", "microdata", micro, 3},
  {"jsonld.html", "json-ld", jsonld, 3},
  {"generic.html", "generic", generic, 2},
  {"article-list.txt", "text", text_list, 4},
  {"broken.html", "wordpress", broken, 2},
  {"no-comments.html", "none", NULL, 0},
  {"no-comments.txt", "none", NULL, 0},
};

#define NFIX (sizeof fixtures / sizeof *fixtures)

/* The fixtures above, then one page per comment system. */
static const struct fixture *fixture_at(int i)
{
  return (size_t)i < NFIX ? &fixtures[i] : &page_families[(size_t)i - NFIX];
}

START_TEST(test_fixture)
{
  const struct fixture *f = fixture_at(_i);
  char path[512];
  snprintf(path, sizeof path, FIX "%s", f->file);
  size_t len;
  char *data = slurp(path, &len);
  spamcls_page *p = extract(data, len, SPAMCLS_PAGE_AUTO);
  ck_assert_msg(spamcls_page_count(p) == f->n, "%s: %zu comments, expected %zu",
                f->file, spamcls_page_count(p), f->n);
  ck_assert_str_eq(spamcls_page_markup(p), f->markup);
  for (size_t i = 0; i < f->n; i++)
    expect(p, i, &f->w[i]);
  spamcls_page_free(p);
  free(data);
}
END_TEST

/* Cutting out one removable comment's span leaves a page whose comments
 * are all the others, unchanged. */
START_TEST(test_span_removes_one)
{
  const struct fixture *f = fixture_at(_i);
  char path[512];
  snprintf(path, sizeof path, FIX "%s", f->file);
  size_t len;
  char *data = slurp(path, &len);
  spamcls_page *p = extract(data, len, SPAMCLS_PAGE_AUTO);
  size_t n = spamcls_page_count(p);
  for (size_t k = 0; k < n; k++) {
    const spamcls_page_comment *c = spamcls_page_get(p, k);
    ck_assert(c->start <= c->end && c->end <= len);
    if (!c->removable)
      continue;
    char *cut = malloc(len);
    ck_assert_ptr_nonnull(cut);
    memcpy(cut, data, c->start);
    memcpy(cut + c->start, data + c->end, len - c->end);
    size_t cutlen = len - (c->end - c->start);
    spamcls_page *q = extract(cut, cutlen, SPAMCLS_PAGE_AUTO);
    ck_assert_msg(spamcls_page_count(q) == n - 1,
                  "%s without comment %zu: %zu comments", f->file, k + 1,
                  spamcls_page_count(q));
    for (size_t i = 0, j = 0; i < n; i++) {
      if (i == k)
        continue;
      const spamcls_page_comment *a = spamcls_page_get(p, i);
      const spamcls_page_comment *b = spamcls_page_get(q, j++);
      ck_assert(a->body_len == b->body_len &&
                !memcmp(a->body, b->body, a->body_len));
      ck_assert(a->author_len == b->author_len &&
                !memcmp(a->author, b->author, a->author_len));
    }
    spamcls_page_free(q);
    free(cut);
  }
  spamcls_page_free(p);
  free(data);
}
END_TEST

/* ---------------------------------------------------------------- generated */

START_TEST(test_large_pages)
{
  /* 20,000 WordPress comments and 20,000 text-dump comments. */
  enum { N = 20000 };
  char *html = malloc((size_t)N * 300 + 200), *text = malloc((size_t)N * 120 + 100);
  ck_assert(html && text);
  size_t h = (size_t)sprintf(html, "<html><body><ol class=\"comment-list\">\n");
  size_t t = (size_t)sprintf(text, "An article.\n\n%d Comments\n\n", N);
  for (int i = 0; i < N; i++) {
    h += (size_t)sprintf(html + h,
        "<li class=\"comment\"><div class=\"comment-author\"><b class=\"fn\">"
        "user%d</b></div><time datetime=\"2020-01-01\">Jan 1</time>"
        "<div class=\"comment-content\"><p>comment number %d</p></div></li>\n",
        i, i);
    t += (size_t)sprintf(text + t, "  %d. user%d\n\n    May 1, 2020 at 1:00 PM"
                                   "\n\n    comment number %d\n\n", i + 1, i, i);
  }
  h += (size_t)sprintf(html + h, "</ol></body></html>\n");
  spamcls_page *p = extract(html, h, SPAMCLS_PAGE_AUTO);
  ck_assert_uint_eq(spamcls_page_count(p), N);
  size_t prev_end = 0;
  for (size_t i = 0; i < N; i++) {
    const spamcls_page_comment *c = spamcls_page_get(p, i);
    char body[64];
    snprintf(body, sizeof body, "comment number %zu", i);
    ck_assert(span_eq(c->body, c->body_len, body));
    ck_assert(c->start >= prev_end && c->end > c->start);
    ck_assert(!memcmp(html + c->start, "<li", 3));
    ck_assert(!memcmp(html + c->end - 5, "</li>", 5));
    prev_end = c->end;
  }
  spamcls_page_free(p);
  p = extract(text, t, SPAMCLS_PAGE_AUTO);
  ck_assert_uint_eq(spamcls_page_count(p), N);
  ck_assert(span_eq(spamcls_page_get(p, N - 1)->author,
                    spamcls_page_get(p, N - 1)->author_len, "user19999"));
  spamcls_page_free(p);
  free(html);
  free(text);
}
END_TEST

/* Every prefix of a page, and bytes of every kind, extract without harm. */
START_TEST(test_truncated_and_garbage)
{
  size_t len;
  char *data = slurp(FIX "wordpress.html", &len);
  for (size_t n = 0; n <= len; n += 13) {
    spamcls_page *p = extract(data, n, SPAMCLS_PAGE_AUTO);
    ck_assert_uint_le(spamcls_page_count(p), 3);
    for (size_t i = 0; i < spamcls_page_count(p); i++)
      ck_assert_uint_le(spamcls_page_get(p, i)->end, n);
    spamcls_page_free(p);
  }
  free(data);
  unsigned seed = 12345;
  char junk[4096];
  for (int round = 0; round < 50; round++) {
    for (size_t i = 0; i < sizeof junk; i++) {
      seed = seed * 1103515245u + 12345u;
      junk[i] = (char)(seed >> 16);
      if (round % 2 && (seed & 7) == 0)
        junk[i] = "<>/ =\"'li.\n"[(seed >> 8) % 11];
    }
    spamcls_page_free(extract(junk, sizeof junk, SPAMCLS_PAGE_HTML));
    spamcls_page_free(extract(junk, sizeof junk, SPAMCLS_PAGE_TEXT));
  }
  spamcls_page_free(extract(NULL, 0, SPAMCLS_PAGE_AUTO));
}
END_TEST

/* Invalid UTF-8 and NUL bytes: replaced, counted, spans still in the
 * original bytes. */
START_TEST(test_invalid_utf8)
{
  static const char text[] =
      "Article.\n\n  1. caf\xe9\n\n    May 1, 2020 at 1:00 PM\n\n    bad \xff\xfe"
      " bytes\n";
  spamcls_page *p = extract(text, sizeof text - 1, SPAMCLS_PAGE_AUTO);
  ck_assert_uint_eq(spamcls_page_count(p), 1);
  ck_assert_uint_eq(spamcls_page_invalid_utf8(p), 2);
  const spamcls_page_comment *c = spamcls_page_get(p, 0);
  ck_assert(span_eq(c->author, c->author_len, "caf\xef\xbf\xbd"));
  ck_assert(span_eq(c->body, c->body_len,
                    "bad \xef\xbf\xbd\xef\xbf\xbd bytes"));
  spamcls_page_free(p);

  static const char html[] =
      "<ol class=\"commentlist\"><li class=\"comment\"><span class=\"fn\">"
      "x\xff" "y</span><div class=\"comment-content\">a\0b</div></li>"
      "<li class=\"comment\"><div class=\"comment-content\">second</div>"
      "</li></ol>";
  p = extract(html, sizeof html - 1, SPAMCLS_PAGE_AUTO);
  ck_assert_uint_eq(spamcls_page_count(p), 2);
  ck_assert_uint_ge(spamcls_page_invalid_utf8(p), 2);
  c = spamcls_page_get(p, 0);
  ck_assert(span_eq(c->author, c->author_len, "x\xef\xbf\xbdy"));
  ck_assert(span_eq(c->body, c->body_len, "a\xef\xbf\xbd" "b"));
  c = spamcls_page_get(p, 1);
  ck_assert(!memcmp(html + c->start, "<li", 3));
  ck_assert(!memcmp(html + c->end - 5, "</li>", 5));
  spamcls_page_free(p);
}
END_TEST

/* A UTF-16 page with a byte order mark, and a declared charset that iconv
 * converts (windows-1251). */
START_TEST(test_charsets)
{
  static const char ascii[] =
      "<ul class=\"comment-list\"><li class=\"comment\"><b class=\"fn\">Zo"
      "</b><div class=\"comment-content\">hello</div></li></ul>";
  size_t n = sizeof ascii - 1;
  char *u16 = malloc(2 + 2 * n);
  ck_assert_ptr_nonnull(u16);
  u16[0] = (char)0xFF;
  u16[1] = (char)0xFE;
  for (size_t i = 0; i < n; i++) {
    u16[2 + 2 * i] = ascii[i];
    u16[3 + 2 * i] = 0;
  }
  spamcls_page *p = extract(u16, 2 + 2 * n, SPAMCLS_PAGE_AUTO);
  ck_assert_uint_eq(spamcls_page_count(p), 1);
  const spamcls_page_comment *c = spamcls_page_get(p, 0);
  ck_assert(span_eq(c->body, c->body_len, "hello"));
  ck_assert(!memcmp(u16 + c->start, "<\0l\0i\0", 6));
  ck_assert_uint_eq(c->end, 2 + 2 * (n - 5));
  spamcls_page_free(p);
  free(u16);

  static const char cyr[] =
      "<html><head><meta charset=\"windows-1251\"></head><body>"
      "<ol class=\"comment-list\"><li class=\"comment\"><b class=\"fn\">"
      "\xc8\xe2\xe0\xed</b><div class=\"comment-content\">\xcf\xf0\xe8\xe2"
      "\xe5\xf2</div></li></ol></body></html>";
  p = extract(cyr, sizeof cyr - 1, SPAMCLS_PAGE_AUTO);
  ck_assert_uint_eq(spamcls_page_count(p), 1);
  c = spamcls_page_get(p, 0);
  ck_assert(span_eq(c->author, c->author_len,
                    "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd"));  /* Иван */
  ck_assert(span_eq(c->body, c->body_len,
                    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
  ck_assert(!memcmp(cyr + c->start, "<li", 3));
  ck_assert(!memcmp(cyr + c->end - 5, "</li>", 5));
  spamcls_page_free(p);
}
END_TEST

/* The kind can be forced; an unknown one is refused; markup quoted in a
 * text dump's comment does not make it HTML. */
START_TEST(test_kind)
{
  static const char quoting[] =
      "Article about layout.\n\n  1. Jared\n\n    March 1, 2019 at 10:01 AM"
      "\n\n    Here is what I have:\n    <body>\n      <div>x</div>\n    "
      "</body>\n";
  spamcls_page *q = extract(quoting, sizeof quoting - 1, SPAMCLS_PAGE_AUTO);
  ck_assert_str_eq(spamcls_page_markup(q), "text");
  ck_assert_uint_eq(spamcls_page_count(q), 1);
  spamcls_page_free(q);
  static const char late[] = "\n\nsaved page\n<!DOCTYPE html>\n<html><body>"
      "<ol class=\"commentlist\"><li class=\"comment\"><div class=\""
      "comment-content\">hi</div></li></ol></body></html>";
  q = extract(late, sizeof late - 1, SPAMCLS_PAGE_AUTO);
  ck_assert_str_eq(spamcls_page_markup(q), "wordpress");
  spamcls_page_free(q);
  size_t len;
  char *data = slurp(FIX "wordpress.html", &len);
  spamcls_page *p = extract(data, len, SPAMCLS_PAGE_TEXT);
  ck_assert_uint_eq(spamcls_page_count(p), 0);
  ck_assert_str_eq(spamcls_page_markup(p), "none");
  spamcls_page_free(p);
  free(data);
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_page_extract("x", 1, (spamcls_page_kind)9, &p, &err),
                   SPAMCLS_ERR_PARAM);
  ck_assert_ptr_null(p);
  ck_assert_ptr_null(spamcls_page_get(NULL, 0));
  spamcls_page_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- seeds */

static const want seed0[] = {
  {"Kseniya", "March 3, 2015 at 11:51 AM",
   "How long is it going to take before world leaders (the West) gets wise "
   "to Putin\xe2\x80\x99s tactics? He \xe2\x80\x9cuses\xe2\x80\x9d people "
   "like Syria\xe2\x80\x99s dictator al-assad just as he uses "
   "Russian-Seperatist in the Ukraine and as he plans to do with Kim Jon "
   "here- \xe2\x80\x93 as PUPPETS! He plans to get them to \xe2\x80\x9c"
   "fight his battles\xe2\x80\x9d while he looks on \xe2\x80\x9cinnocently"
   "\xe2\x80\x9d from the grandstands saying \xe2\x80\x9cNo I didn\xe2\x80"
   "\x99t have no part in that!\xe2\x80\x9d (i.e. sending weapons to assad "
   "to fight the Syrian Opposition (FSa), to the sepratists to fight in "
   "Ukraine, and for Kim Jong Ung to possibly one day in the future Nuke "
   "US?!! Then turn around and say \xe2\x80\x9cNo I didn\xe2\x80\x99t have "
   "no part in that?!\xe2\x80\x9d If no no one has noticed, this is his "
   "tactic of war aggression, one in which \xe2\x80\x9cthe enemy\xe2\x80\x9d"
   " cannot be seen, or held accountable when he denies (lies) about "
   "involvement!", NULL},
  {"kelly", "November 24, 2017 at 11:28 AM",
   "Very nice and always successful.\nThis is a very good article.\n"
   "I\xe2\x80\x99m waiting for you the other article.\ntogel online", NULL},
  {"leticia", "December 25, 2017 at 10:24 PM",
   "i really like your article and i love it dewa poker", NULL},
};
static const want seed1[] = {
  {"jammy", "November 5, 2017 at 1:10 AM", "", NULL},
  {"jammy", "November 5, 2017 at 1:11 AM", "", NULL},
};

static const struct fixture seeds[] = {
  {"000_09086a5ff4b6e2f6.txt", "text", seed0, 3},
  {"001_2962f9de25672c96.txt", "text", seed1, 2},
  {"002_ba5c21cd9d621fab.txt", "none", NULL, 0},
  {"003_06dcbcdf5c9bbcd8.txt", "none", NULL, 0},
  {"004_9defb6f96a42a460.txt", "none", NULL, 0},
};

START_TEST(test_seed)
{
  const struct fixture *f = &seeds[_i];
  char path[512];
  snprintf(path, sizeof path, SEEDS "%s", f->file);
  size_t len;
  char *data = slurp(path, &len);
  spamcls_page *p = extract(data, len, SPAMCLS_PAGE_AUTO);
  ck_assert_msg(spamcls_page_count(p) == f->n, "%s: %zu comments, expected %zu",
                f->file, spamcls_page_count(p), f->n);
  ck_assert_str_eq(spamcls_page_markup(p), f->markup);
  for (size_t i = 0; i < f->n; i++)
    expect(p, i, &f->w[i]);
  /* The last comment runs to the end of the page. */
  if (f->n)
    ck_assert_uint_eq(spamcls_page_get(p, f->n - 1)->end, len);
  spamcls_page_free(p);
  free(data);
}
END_TEST

static int have_seeds(void)
{
  struct stat sb;
  return stat(SEEDS, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int main(void)
{
  Suite *s = suite_create("pages");
  TCase *tc = tcase_create("fixtures");
  tcase_set_timeout(tc, 120);
  size_t nfix = NFIX + page_families_n;
  tcase_add_loop_test(tc, test_fixture, 0, (int)nfix);
  tcase_add_loop_test(tc, test_span_removes_one, 0, (int)nfix);
  tcase_add_test(tc, test_large_pages);
  tcase_add_test(tc, test_truncated_and_garbage);
  tcase_add_test(tc, test_invalid_utf8);
  tcase_add_test(tc, test_charsets);
  tcase_add_test(tc, test_kind);
  suite_add_tcase(s, tc);
  int seeded = have_seeds();
  if (seeded) {
    TCase *ts = tcase_create("seeds");
    tcase_add_loop_test(ts, test_seed, 0, sizeof seeds / sizeof *seeds);
    suite_add_tcase(s, ts);
  }
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  if (failed)
    return EXIT_FAILURE;
  if (!seeded) {
    fprintf(stderr, "check_pages: %s is absent: the seed cases were skipped "
            "(the others passed)\n", SEEDS);
    return 77;
  }
  return EXIT_SUCCESS;
}
