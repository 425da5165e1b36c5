/*
 * check_input.c - the comment readers: every format from fixtures in
 * tests/fixtures/input (CRLF, quoted multi-line CSV, TSV escapes and
 * header, JSONL label types), malformed records reported at their line
 * with the next record still read, over-long records skipped in bounded
 * memory, standard input read as a stream, and the shared corpora with the
 * row counts of their SOURCE.md files (skipped when ../shared is absent:
 * the suite then exits 77 after the other cases).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "input.h"

#define FIX SPAMCLS_SOURCE_DIR "/tests/fixtures/input/"
#define CORPUS SPAMCLS_SHARED_DIR "/corpus/"

/* ---------------------------------------------------------------- helpers */

/* A copy of one reader result, so that it outlives the next call. */
typedef struct rec {
  spamcls_status st;
  char *id, *text, *author, *author_url, *group, *source;
  size_t text_len;
  spamcls_label label;
  unsigned long line;
  char msg[512];
} rec;

typedef struct recs {
  rec *v;
  size_t n;
  char *path;  /* what was read, as errors must name it */
} recs;

static char *dup_span(const char *s, size_t n)
{
  if (!s)
    return NULL;
  char *d = malloc(n + 1);
  ck_assert_ptr_nonnull(d);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static spamcls_reader_options opts_for(spamcls_format f, size_t max_record)
{
  spamcls_reader_options o;
  memset(&o, 0, sizeof o);
  o.format = f;
  o.max_record = max_record;
  return o;
}

/* Reads r to its end (or an ERR_IO / ERR_NOMEM), copying every result. */
static recs drain(spamcls_reader *r)
{
  recs out = {NULL, 0, NULL};
  for (;;) {
    spamcls_comment c;
    spamcls_error err = {{0}};
    spamcls_status st = spamcls_reader_next(r, &c, &err);
    if (st == SPAMCLS_EOF)
      break;
    rec *v = realloc(out.v, (out.n + 1) * sizeof *v);
    ck_assert_ptr_nonnull(v);
    out.v = v;
    rec *x = &out.v[out.n++];
    memset(x, 0, sizeof *x);
    x->st = st;
    memcpy(x->msg, err.msg, sizeof x->msg);
    if (st == SPAMCLS_OK) {
      ck_assert_ptr_nonnull(c.text);
      ck_assert_ptr_nonnull(c.id);
      x->id = dup_span(c.id, c.id_len);
      x->text = dup_span(c.text, c.text_len);
      x->text_len = c.text_len;
      x->author = dup_span(c.author, c.author_len);
      x->author_url = dup_span(c.author_url, c.author_url_len);
      x->group = dup_span(c.group, c.group_len);
      x->source = c.source ? strdup(c.source) : NULL;
      x->label = c.label;
      x->line = c.line;
    }
    if (st == SPAMCLS_ERR_IO || st == SPAMCLS_ERR_NOMEM)
      break;
  }
  return out;
}

static recs read_path(const char *path, const spamcls_reader_options *o)
{
  spamcls_reader *r = NULL;
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_reader_open(path, o, &r, &err);
  ck_assert_msg(st == SPAMCLS_OK, "open %s: %s", path, err.msg);
  recs out = drain(r);
  spamcls_reader_close(r);
  out.path = strdup(path);
  ck_assert_ptr_nonnull(out.path);
  return out;
}

static void free_recs(recs *rs)
{
  for (size_t i = 0; i < rs->n; i++) {
    rec *x = &rs->v[i];
    free(x->id);
    free(x->text);
    free(x->author);
    free(x->author_url);
    free(x->group);
    free(x->source);
  }
  free(rs->v);
  free(rs->path);
  rs->v = NULL;
  rs->path = NULL;
  rs->n = 0;
}

/* Writes data to a new temporary file named ...suffix; caller unlinks and
 * frees the returned path. */
static char *temp_file(const void *data, size_t n, const char *suffix)
{
  const char *dir = getenv("TMPDIR");
  size_t len = strlen(dir ? dir : "/tmp") + strlen(suffix) + 32;
  char *path = malloc(len);
  ck_assert_ptr_nonnull(path);
  snprintf(path, len, "%s/check_input_XXXXXX%s", dir ? dir : "/tmp", suffix);
  int fd = mkstemps(path, (int)strlen(suffix));
  ck_assert_int_ge(fd, 0);
  const char *p = data;
  while (n) {
    ssize_t k = write(fd, p, n);
    ck_assert_int_gt(k, 0);
    p += k;
    n -= (size_t)k;
  }
  ck_assert_int_eq(close(fd), 0);
  return path;
}

static recs read_bytes(const void *data, size_t n, const char *suffix,
                       const spamcls_reader_options *o)
{
  char *path = temp_file(data, n, suffix);
  recs out = read_path(path, o);
  unlink(path);
  free(path);
  return out;
}

static recs read_str(const char *s, spamcls_format f)
{
  spamcls_reader_options o = opts_for(f, 0);
  return read_bytes(s, strlen(s), ".in", &o);
}

/* Asserts one OK record's text, label and line. */
static void expect_ok(const recs *rs, size_t i, const char *text,
                      spamcls_label label, unsigned long line)
{
  ck_assert_uint_lt(i, rs->n);
  const rec *x = &rs->v[i];
  ck_assert_msg(x->st == SPAMCLS_OK, "record %zu: status %d (%s)", i,
                (int)x->st, x->msg);
  ck_assert_uint_eq(x->text_len, strlen(text));
  ck_assert_str_eq(x->text, text);
  ck_assert_int_eq(x->label, label);
  ck_assert_uint_eq(x->line, line);
}

/* Asserts one error, and that its message starts with "PATH:LINE: " and
 * contains says. */
static void expect_err(const recs *rs, size_t i, spamcls_status st,
                       unsigned long line, const char *says)
{
  ck_assert_uint_lt(i, rs->n);
  const rec *x = &rs->v[i];
  ck_assert_msg(x->st == st, "record %zu: status %d, want %d (%s)", i,
                (int)x->st, (int)st, x->msg);
  char where[600];
  snprintf(where, sizeof where, "%s:%lu: ", rs->path, line);
  ck_assert_msg(strncmp(x->msg, where, strlen(where)) == 0,
                "record %zu: message '%s' does not start with '%s'", i,
                x->msg, where);
  if (says)
    ck_assert_msg(strstr(x->msg, says), "message '%s' lacks '%s'", x->msg,
                  says);
}

/* An open that must fail with st and a message containing says. */
static void expect_open_fails(const char *path,
                              const spamcls_reader_options *o,
                              spamcls_status st, const char *says)
{
  spamcls_reader *r = (spamcls_reader *)1;
  spamcls_error err = {{0}};
  spamcls_status got = spamcls_reader_open(path, o, &r, &err);
  ck_assert_msg(got == st, "open %s: status %d, want %d (%s)", path,
                (int)got, (int)st, err.msg);
  ck_assert_ptr_null(r);
  ck_assert_msg(strstr(err.msg, says), "message '%s' lacks '%s'", err.msg,
                says);
}

/* ---------------------------------------------------------------- labels */

static const struct {
  const char *s;
  spamcls_label label;
  int ok;
} label_cases[] = {
  {"spam", SPAMCLS_LABEL_SPAM, 1},  {"SPAM", SPAMCLS_LABEL_SPAM, 1},
  {" Spam\t", SPAMCLS_LABEL_SPAM, 1}, {"1", SPAMCLS_LABEL_SPAM, 1},
  {"true", SPAMCLS_LABEL_SPAM, 1},  {"TRUE\r\n", SPAMCLS_LABEL_SPAM, 1},
  {"ham", SPAMCLS_LABEL_HAM, 1},    {"Ham", SPAMCLS_LABEL_HAM, 1},
  {"0", SPAMCLS_LABEL_HAM, 1},      {"  0  ", SPAMCLS_LABEL_HAM, 1},
  {"false", SPAMCLS_LABEL_HAM, 1},  {"False", SPAMCLS_LABEL_HAM, 1},
  {"", SPAMCLS_LABEL_NONE, 1},      {"   ", SPAMCLS_LABEL_NONE, 1},
  {"null", SPAMCLS_LABEL_NONE, 1},  {"NULL", SPAMCLS_LABEL_NONE, 1},
  {"label", SPAMCLS_LABEL_NONE, 0}, {"2", SPAMCLS_LABEL_NONE, 0},
  {"-1", SPAMCLS_LABEL_NONE, 0},    {"spammy", SPAMCLS_LABEL_NONE, 0},
  {"s pam", SPAMCLS_LABEL_NONE, 0}, {"01", SPAMCLS_LABEL_NONE, 0},
  {"yes", SPAMCLS_LABEL_NONE, 0},
};

START_TEST(test_label_parse)
{
  int ok = -1;
  spamcls_label l = spamcls_label_parse(label_cases[_i].s,
                                        strlen(label_cases[_i].s), &ok);
  ck_assert_msg(l == label_cases[_i].label && ok == label_cases[_i].ok,
                "'%s': label %d ok %d", label_cases[_i].s, (int)l, ok);
}
END_TEST

START_TEST(test_label_parse_span)
{
  /* Only len bytes count, and s need not be NUL-terminated. */
  int ok;
  ck_assert_int_eq(spamcls_label_parse("hamster", 3, &ok), SPAMCLS_LABEL_HAM);
  ck_assert_int_eq(ok, 1);
  ck_assert_int_eq(spamcls_label_parse(NULL, 0, &ok), SPAMCLS_LABEL_NONE);
  ck_assert_int_eq(ok, 1);
  ck_assert_int_eq(spamcls_label_parse("1", 1, NULL), SPAMCLS_LABEL_SPAM);
}
END_TEST

/* ---------------------------------------------------------------- formats */

static const struct {
  const char *name;
  spamcls_format f;
} name_cases[] = {
  {"a.txt", SPAMCLS_FORMAT_PLAIN},        {"dir/a.TSV", SPAMCLS_FORMAT_TSV},
  {"x.csv", SPAMCLS_FORMAT_CSV},          {"x.Csv", SPAMCLS_FORMAT_CSV},
  {"x.jsonl", SPAMCLS_FORMAT_JSONL},      {"x.ndjson", SPAMCLS_FORMAT_JSONL},
  {"x.json-lines", SPAMCLS_FORMAT_JSONL}, {"x.json", SPAMCLS_FORMAT_AUTO},
  {"SMSSpamCollection", SPAMCLS_FORMAT_AUTO},
  {"x.csv.gz", SPAMCLS_FORMAT_AUTO},      {"dir.csv/file", SPAMCLS_FORMAT_AUTO},
  {".csv", SPAMCLS_FORMAT_AUTO},          {"-", SPAMCLS_FORMAT_AUTO},
};

START_TEST(test_format_from_name)
{
  ck_assert_msg(spamcls_format_from_name(name_cases[_i].name) ==
                    name_cases[_i].f,
                "%s", name_cases[_i].name);
}
END_TEST

START_TEST(test_format_parse)
{
  ck_assert_int_eq(spamcls_format_parse("plain"), SPAMCLS_FORMAT_PLAIN);
  ck_assert_int_eq(spamcls_format_parse("tsv"), SPAMCLS_FORMAT_TSV);
  ck_assert_int_eq(spamcls_format_parse("CSV"), SPAMCLS_FORMAT_CSV);
  ck_assert_int_eq(spamcls_format_parse("jsonl"), SPAMCLS_FORMAT_JSONL);
  ck_assert_int_eq(spamcls_format_parse("ndjson"), SPAMCLS_FORMAT_JSONL);
  ck_assert_int_eq(spamcls_format_parse("auto"), SPAMCLS_FORMAT_AUTO);
  ck_assert_int_eq(spamcls_format_parse("xml"), SPAMCLS_FORMAT_AUTO);
  ck_assert_int_eq(spamcls_format_parse(NULL), SPAMCLS_FORMAT_AUTO);
  ck_assert_int_eq(spamcls_format_from_name(NULL), SPAMCLS_FORMAT_AUTO);
}
END_TEST

START_TEST(test_auto_unknown_name_is_plain)
{
  /* A .csv-looking content in a file with no known suffix: plain lines. */
  recs rs = read_bytes("a,b\n1,2\n", 8, ".dat", NULL);
  ck_assert_uint_eq(rs.n, 2);
  expect_ok(&rs, 0, "a,b", SPAMCLS_LABEL_NONE, 1);
  free_recs(&rs);
  /* ... and the suffix decides when it is known. */
  rs = read_bytes("text,label\nhello,spam\n", 22, ".csv", NULL);
  ck_assert_uint_eq(rs.n, 1);
  expect_ok(&rs, 0, "hello", SPAMCLS_LABEL_SPAM, 2);
  free_recs(&rs);
}
END_TEST

/* ---------------------------------------------------------------- plain */

START_TEST(test_plain_fixture)
{
  recs rs = read_path(FIX "plain.txt", NULL);
  ck_assert_uint_eq(rs.n, 6);
  expect_ok(&rs, 0, "first comment", SPAMCLS_LABEL_NONE, 1);
  expect_ok(&rs, 1, "", SPAMCLS_LABEL_NONE, 2);
  expect_ok(&rs, 2, "  spaced  ", SPAMCLS_LABEL_NONE, 3);
  expect_ok(&rs, 3, "crlf line", SPAMCLS_LABEL_NONE, 4);
  expect_ok(&rs, 4, "", SPAMCLS_LABEL_NONE, 5);
  expect_ok(&rs, 5, "last line without newline", SPAMCLS_LABEL_NONE, 6);
  ck_assert_str_eq(rs.v[0].id, "1");
  ck_assert_str_eq(rs.v[5].id, "6");
  ck_assert_str_eq(rs.v[0].source, FIX "plain.txt");
  ck_assert_ptr_null(rs.v[0].author);
  ck_assert_ptr_null(rs.v[0].group);
  free_recs(&rs);
}
END_TEST

START_TEST(test_plain_edges)
{
  recs rs = read_str("", SPAMCLS_FORMAT_PLAIN);
  ck_assert_uint_eq(rs.n, 0);
  free_recs(&rs);

  rs = read_str("\n", SPAMCLS_FORMAT_PLAIN);
  ck_assert_uint_eq(rs.n, 1);
  expect_ok(&rs, 0, "", SPAMCLS_LABEL_NONE, 1);
  free_recs(&rs);

  /* A byte order mark is not part of the first comment. */
  rs = read_str("\xEF\xBB\xBFhello\nworld", SPAMCLS_FORMAT_PLAIN);
  ck_assert_uint_eq(rs.n, 2);
  expect_ok(&rs, 0, "hello", SPAMCLS_LABEL_NONE, 1);
  expect_ok(&rs, 1, "world", SPAMCLS_LABEL_NONE, 2);
  free_recs(&rs);

  /* NUL bytes and invalid UTF-8 are data in plain text. */
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_PLAIN, 0);
  rs = read_bytes("a\0b\xff\n", 5, ".txt", &o);
  ck_assert_uint_eq(rs.n, 1);
  ck_assert_int_eq(rs.v[0].st, SPAMCLS_OK);
  ck_assert_uint_eq(rs.v[0].text_len, 4);
  ck_assert_mem_eq(rs.v[0].text, "a\0b\xff", 4);
  free_recs(&rs);
}
END_TEST

/* ---------------------------------------------------------------- TSV */

START_TEST(test_tsv_fixture)
{
  recs rs = read_path(FIX "sms.tsv", NULL);
  ck_assert_uint_eq(rs.n, 7);
  expect_ok(&rs, 0, "Go until jurong point, crazy..", SPAMCLS_LABEL_HAM, 2);
  ck_assert_str_eq(rs.v[0].id, "2");
  expect_ok(&rs, 1, "Win a prize\tnow\nreply\\stop", SPAMCLS_LABEL_SPAM, 3);
  expect_ok(&rs, 2, "crlf line", SPAMCLS_LABEL_HAM, 4);
  expect_err(&rs, 3, SPAMCLS_ERR_FORMAT, 6, "'maybe'");
  expect_err(&rs, 4, SPAMCLS_ERR_FORMAT, 7, "TAB");
  expect_ok(&rs, 5, "unlabeled, don\\'t touch\ta raw tab",
            SPAMCLS_LABEL_NONE, 8);
  expect_ok(&rs, 6, "last line without newline", SPAMCLS_LABEL_SPAM, 9);
  free_recs(&rs);
}
END_TEST

START_TEST(test_tsv_header_rule)
{
  /* Line 1 is data when its first field is a label. */
  recs rs = read_str("spam\tx\nham\ty\n", SPAMCLS_FORMAT_TSV);
  ck_assert_uint_eq(rs.n, 2);
  expect_ok(&rs, 0, "x", SPAMCLS_LABEL_SPAM, 1);
  free_recs(&rs);
  /* A header line without a TAB is skipped too ... */
  rs = read_str("label\nham\ty\n", SPAMCLS_FORMAT_TSV);
  ck_assert_uint_eq(rs.n, 1);
  expect_ok(&rs, 0, "y", SPAMCLS_LABEL_HAM, 2);
  free_recs(&rs);
  /* ... but only on line 1. */
  rs = read_str("ham\tx\nlabel\ttext\nspam\tz", SPAMCLS_FORMAT_TSV);
  ck_assert_uint_eq(rs.n, 3);
  expect_err(&rs, 1, SPAMCLS_ERR_FORMAT, 2, "'label'");
  expect_ok(&rs, 2, "z", SPAMCLS_LABEL_SPAM, 3);
  free_recs(&rs);
  /* A trailing backslash and unknown escapes stay as they are. */
  rs = read_str("ham\ta\\x\\", SPAMCLS_FORMAT_TSV);
  expect_ok(&rs, 0, "a\\x\\", SPAMCLS_LABEL_HAM, 1);
  free_recs(&rs);
}
END_TEST

/* ---------------------------------------------------------------- CSV */

START_TEST(test_csv_fixture)
{
  recs rs = read_path(FIX "comments.csv", NULL);
  ck_assert_uint_eq(rs.n, 7);
  expect_ok(&rs, 0, "Plain, with comma", SPAMCLS_LABEL_HAM, 2);
  ck_assert_str_eq(rs.v[0].id, "c1");
  ck_assert_str_eq(rs.v[0].author, "Ann");
  ck_assert_ptr_null(rs.v[0].author_url);
  ck_assert_ptr_null(rs.v[0].group);
  expect_ok(&rs, 1, "He said \"hi\" twice", SPAMCLS_LABEL_SPAM, 3);
  expect_ok(&rs, 2, "multi\nline\ncomment", SPAMCLS_LABEL_HAM, 4);
  ck_assert_str_eq(rs.v[2].id, "c3");
  expect_err(&rs, 3, SPAMCLS_ERR_FORMAT, 7,
             "6 fields, the header has 5");
  expect_err(&rs, 4, SPAMCLS_ERR_FORMAT, 8, "'maybe'");
  /* No id in the row: the record number (the bad rows count). */
  expect_ok(&rs, 5, "no id here", SPAMCLS_LABEL_NONE, 10);
  ck_assert_str_eq(rs.v[5].id, "6");
  ck_assert_str_eq(rs.v[5].author, "Fay");
  expect_ok(&rs, 6, "last row \"quoted\"\nwithout newline",
            SPAMCLS_LABEL_SPAM, 11);
  free_recs(&rs);
}
END_TEST

START_TEST(test_csv_crlf)
{
  recs rs = read_path(FIX "crlf.csv", NULL);
  ck_assert_uint_eq(rs.n, 3);
  expect_ok(&rs, 0, "Thank you, simple to understand.", SPAMCLS_LABEL_HAM, 2);
  expect_ok(&rs, 1, "Good", SPAMCLS_LABEL_HAM, 3);
  /* Line breaks inside quotes are data, as they are in the file. */
  expect_ok(&rs, 2, "In the 'filter' section\r\n\r\nit returns [0, 0]",
            SPAMCLS_LABEL_SPAM, 4);
  ck_assert_str_eq(rs.v[2].id, "3");
  free_recs(&rs);
}
END_TEST

START_TEST(test_csv_columns)
{
  /* Defaults: the first name of each list present wins, case ignored; a
   * byte order mark does not hide the first column. */
  const char *s = "\xEF\xBB\xBF" "Comment,TEXT,url,Author_URL,Name,Class,ID\n"
                  "c,t,u,au,n,SPAM,7\n";
  recs rs = read_str(s, SPAMCLS_FORMAT_CSV);
  ck_assert_uint_eq(rs.n, 1);
  expect_ok(&rs, 0, "t", SPAMCLS_LABEL_SPAM, 2);
  ck_assert_str_eq(rs.v[0].author_url, "au");
  ck_assert_str_eq(rs.v[0].author, "n");
  ck_assert_str_eq(rs.v[0].id, "7");
  free_recs(&rs);

  /* "url" is often the article's address, never the author's by default;
   * "website" (a comment form's field) is. */
  s = "comment,url\nc,http://news.example/a\n";
  rs = read_str(s, SPAMCLS_FORMAT_CSV);
  ck_assert_uint_eq(rs.n, 1);
  ck_assert_ptr_null(rs.v[0].author_url);
  free_recs(&rs);
  s = "comment,website\nc,http://me.example/\n";
  rs = read_str(s, SPAMCLS_FORMAT_CSV);
  ck_assert_str_eq(rs.v[0].author_url, "http://me.example/");
  free_recs(&rs);

  /* Options name the columns; group_field sets the group. */
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_CSV, 0);
  o.text_field = "body_x";
  o.label_field = "verdict";
  o.id_field = "key";
  o.author_field = "who";
  o.author_url_field = "site";
  o.group_field = "video";
  s = "key,who,site,body_x,verdict,video,text\n"
      "k1,w,s,the body,ham,v1,not this\n"
      ",,,,,,\n";
  rs = read_bytes(s, strlen(s), ".csv", &o);
  ck_assert_uint_eq(rs.n, 2);
  expect_ok(&rs, 0, "the body", SPAMCLS_LABEL_HAM, 2);
  ck_assert_str_eq(rs.v[0].id, "k1");
  ck_assert_str_eq(rs.v[0].author, "w");
  ck_assert_str_eq(rs.v[0].author_url, "s");
  ck_assert_str_eq(rs.v[0].group, "v1");
  /* Empty cells: an empty comment, no author, the record number as id,
   * and an empty (not absent) group. */
  expect_ok(&rs, 1, "", SPAMCLS_LABEL_NONE, 3);
  ck_assert_str_eq(rs.v[1].id, "2");
  ck_assert_ptr_null(rs.v[1].author);
  ck_assert_ptr_null(rs.v[1].author_url);
  ck_assert_str_eq(rs.v[1].group, "");
  free_recs(&rs);
}
END_TEST

START_TEST(test_csv_header_errors)
{
  const char *s = "when,who,what\n1,2,3\n";
  char *path = temp_file(s, strlen(s), ".csv");
  /* The message names the file and lists the columns seen. */
  expect_open_fails(path, NULL, SPAMCLS_ERR_FORMAT, "no text column");
  expect_open_fails(path, NULL, SPAMCLS_ERR_FORMAT, "when, who, what");
  expect_open_fails(path, NULL, SPAMCLS_ERR_FORMAT, path);
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_AUTO, 0);
  o.text_field = "what";
  o.label_field = "lbl";
  expect_open_fails(path, &o, SPAMCLS_ERR_PARAM, "no label column named 'lbl'");
  o.label_field = NULL;
  o.group_field = "video";
  expect_open_fails(path, &o, SPAMCLS_ERR_PARAM, "'video'");
  unlink(path);
  free(path);

  path = temp_file("", 0, ".csv");
  expect_open_fails(path, NULL, SPAMCLS_ERR_FORMAT, "no CSV header");
  unlink(path);
  free(path);

  spamcls_reader_options small = opts_for(SPAMCLS_FORMAT_CSV, 16);
  s = "text,label,a_rather_long_column_name\n";
  path = temp_file(s, strlen(s), ".csv");
  expect_open_fails(path, &small, SPAMCLS_ERR_LIMIT, ":1: ");
  unlink(path);
  free(path);
}
END_TEST

START_TEST(test_csv_nul_and_lenient)
{
  /* A NUL byte fails its row only. Quotes inside an unquoted field are
   * data (libcsv's lenient mode, as Python's csv). */
  const char s[] = "text,label\nok,0\nnul\0here,1\n5\" screen,1\n";
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_CSV, 0);
  recs rs = read_bytes(s, sizeof s - 1, ".csv", &o);
  ck_assert_uint_eq(rs.n, 3);
  expect_ok(&rs, 0, "ok", SPAMCLS_LABEL_HAM, 2);
  expect_err(&rs, 1, SPAMCLS_ERR_FORMAT, 3, "NUL");
  expect_ok(&rs, 2, "5\" screen", SPAMCLS_LABEL_SPAM, 4);
  ck_assert_str_eq(rs.v[2].id, "3");
  free_recs(&rs);
}
END_TEST

START_TEST(test_csv_unterminated_quote)
{
  recs rs = read_str("text,label\nfine,0\n\"never closed,1\nmore\nand more\n",
                     SPAMCLS_FORMAT_CSV);
  ck_assert_uint_eq(rs.n, 2);
  expect_ok(&rs, 0, "fine", SPAMCLS_LABEL_HAM, 2);
  expect_err(&rs, 1, SPAMCLS_ERR_FORMAT, 3, "still open");
  free_recs(&rs);
}
END_TEST

/* An open quote followed by megabytes: bounded memory, one clear error. */
START_TEST(test_csv_unterminated_quote_huge)
{
  sc_buf b = {0};
  ck_assert_int_eq(sc_buf_append(&b, "text,label\nfine,0\n\"open", 23), 0);
  for (int i = 0; i < 4096; i++)
    ck_assert_int_eq(sc_buf_printf(&b, "%0*d\n", 1000, i), 0);
  char *path = temp_file(b.data, b.len, ".csv");
  sc_buf_free(&b);
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_CSV, 4096);
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_reader_open(path, &o, &r, &err), SPAMCLS_OK);
  spamcls_comment c;
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_OK);
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_ERR_FORMAT);
  ck_assert_msg(strstr(err.msg, ":3: ") && strstr(err.msg, "still open"),
                "%s", err.msg);
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_EOF);
  /* About 4 MB went through; the reader kept a few chunks at most. */
  ck_assert_uint_lt(sc_input_footprint(r), 4 * SC_INPUT_CHUNK);
  spamcls_reader_close(r);
  unlink(path);
  free(path);
}
END_TEST

/* ---------------------------------------------------------------- JSONL */

START_TEST(test_jsonl_fixture)
{
  recs rs = read_path(FIX "comments.jsonl", NULL);
  ck_assert_uint_eq(rs.n, 12);
  expect_ok(&rs, 0, "numeric id, label null", SPAMCLS_LABEL_NONE, 1);
  ck_assert_str_eq(rs.v[0].id, "1");
  ck_assert_str_eq(rs.v[0].author, "Ann");
  ck_assert_ptr_null(rs.v[0].author_url);
  expect_ok(&rs, 1, "string label", SPAMCLS_LABEL_SPAM, 2);
  ck_assert_str_eq(rs.v[1].id, "b2");
  ck_assert_str_eq(rs.v[1].author_url, "https://x.example");
  expect_ok(&rs, 2, "bool label", SPAMCLS_LABEL_SPAM, 4);
  ck_assert_str_eq(rs.v[2].id, "3");  /* record number: blank lines skip */
  expect_ok(&rs, 3, "number label zero", SPAMCLS_LABEL_HAM, 5);
  expect_err(&rs, 4, SPAMCLS_ERR_FORMAT, 6,
             "invalid JSON");
  expect_err(&rs, 5, SPAMCLS_ERR_FORMAT, 7,
             "not a JSON object");
  expect_err(&rs, 6, SPAMCLS_ERR_FORMAT, 8,
             "no text key");
  expect_err(&rs, 7, SPAMCLS_ERR_FORMAT, 9,
             "not a string");
  expect_err(&rs, 8, SPAMCLS_ERR_FORMAT, 10,
             "not a label");
  expect_err(&rs, 9, SPAMCLS_ERR_FORMAT, 11,
             "not a label");
  expect_ok(&rs, 10, "case-insensitive key", SPAMCLS_LABEL_HAM, 12);
  ck_assert_str_eq(rs.v[10].id, "12.5");
  expect_ok(&rs, 11, "last line without newline", SPAMCLS_LABEL_HAM, 13);
  ck_assert_str_eq(rs.v[11].id, "12");
  free_recs(&rs);
}
END_TEST

START_TEST(test_jsonl_fields)
{
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_JSONL, 0);
  o.text_field = "body";
  o.group_field = "video";
  o.id_field = "key";
  const char *s =
      "{\"body\": \"b\", \"text\": \"t\", \"video\": 3, \"key\": \"\","
      " \"author\": null, \"name\": \"n\", \"label\": 1.0}\n"
      "{\"text\": \"t\"}\n"
      "{\"body\": \"x\", \"author\": {\"a\": 1}}\n"
      "{\"body\": \"a\\u0000b\", \"video\": true}\n";
  recs rs = read_bytes(s, strlen(s), ".jsonl", &o);
  ck_assert_uint_eq(rs.n, 4);
  expect_ok(&rs, 0, "b", SPAMCLS_LABEL_SPAM, 1);
  ck_assert_str_eq(rs.v[0].group, "3");
  ck_assert_str_eq(rs.v[0].id, "1");      /* empty id: the record number */
  /* "author" is present (null): it wins over "name", and means none. */
  ck_assert_ptr_null(rs.v[0].author);
  expect_err(&rs, 1, SPAMCLS_ERR_FORMAT, 2, "no \"body\" key");
  expect_err(&rs, 2, SPAMCLS_ERR_FORMAT, 3, "object or array");
  ck_assert_int_eq(rs.v[3].st, SPAMCLS_OK);
  ck_assert_uint_eq(rs.v[3].text_len, 3);
  ck_assert_mem_eq(rs.v[3].text, "a\0b", 3);
  ck_assert_str_eq(rs.v[3].group, "true");
  free_recs(&rs);
}
END_TEST

START_TEST(test_jsonl_bytes)
{
  /* Invalid UTF-8 is the normalizer's business: the record is read with
   * U+FFFD in place of the bad byte. A raw NUL byte is malformed. */
  const char s[] = "{\"text\": \"caf\xff ok\"}\n{\"text\": \"a\0b\"}\n"
                   "{\"text\": \"\xe2\x82\"}\n{\"text\": \"next\"}\n";
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_JSONL, 0);
  recs rs = read_bytes(s, sizeof s - 1, ".jsonl", &o);
  ck_assert_uint_eq(rs.n, 4);
  expect_ok(&rs, 0, "caf\xEF\xBF\xBD ok", SPAMCLS_LABEL_NONE, 1);
  expect_err(&rs, 1, SPAMCLS_ERR_FORMAT, 2, "NUL");
  expect_ok(&rs, 2, "\xEF\xBF\xBD\xEF\xBF\xBD", SPAMCLS_LABEL_NONE, 3);
  expect_ok(&rs, 3, "next", SPAMCLS_LABEL_NONE, 4);
  free_recs(&rs);
}
END_TEST

START_TEST(test_jsonl_deep)
{
  /* jansson stops at depth 2048: a line of 200,000 brackets is an error
   * for its line, not a stack overflow; moderate nesting is fine. */
  sc_buf b = {0};
  for (int i = 0; i < 200000; i++)
    ck_assert_int_eq(sc_buf_putc(&b, '['), 0);
  ck_assert_int_eq(sc_buf_printf(&b, "\n{\"text\": \"a\", \"x\": "), 0);
  for (int i = 0; i < 3000; i++)
    ck_assert_int_eq(sc_buf_printf(&b, "{\"k\": "), 0);
  ck_assert_int_eq(sc_buf_printf(&b, "1"), 0);
  for (int i = 0; i < 3000; i++)
    ck_assert_int_eq(sc_buf_putc(&b, '}'), 0);
  ck_assert_int_eq(sc_buf_printf(&b, "}\n{\"text\": \"b\", \"x\": "), 0);
  for (int i = 0; i < 100; i++)
    ck_assert_int_eq(sc_buf_putc(&b, '['), 0);
  for (int i = 0; i < 100; i++)
    ck_assert_int_eq(sc_buf_putc(&b, ']'), 0);
  ck_assert_int_eq(sc_buf_printf(&b, "}\n{\"text\": \"c\"}\n"), 0);
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_JSONL, 0);
  recs rs = read_bytes(b.data, b.len, ".jsonl", &o);
  sc_buf_free(&b);
  ck_assert_uint_eq(rs.n, 4);
  expect_err(&rs, 0, SPAMCLS_ERR_FORMAT, 1, "depth");
  expect_err(&rs, 1, SPAMCLS_ERR_FORMAT, 2, "depth");
  expect_ok(&rs, 2, "b", SPAMCLS_LABEL_NONE, 3);
  expect_ok(&rs, 3, "c", SPAMCLS_LABEL_NONE, 4);
  free_recs(&rs);
}
END_TEST

/* ---------------------------------------------------------------- limits */

enum { SMALL_MAX = 4096, HUGE_LEN = 1 << 22 };  /* 4 KiB limit, 4 MiB line */

/* For each format: a record, one of HUGE_LEN bytes, a record. */
static void huge_input(int fmt, sc_buf *b, unsigned long *after_line)
{
  static const char *const head[] = {"short\n", "ham\tshort\n",
                                     "text,label\nshort,0\n",
                                     "{\"text\": \"short\"}\n"};
  static const char *const pre[] = {"", "spam\t", "\"", "{\"text\": \""};
  static const char *const post[] = {"\n", "\n", "\",1\n", "\"}\n"};
  static const char *const tail[] = {"after\n", "ham\tafter\n", "after,0\n",
                                     "{\"text\": \"after\"}\n"};
  ck_assert_int_eq(sc_buf_printf(b, "%s%s", head[fmt], pre[fmt]), 0);
  unsigned long lines = 0;
  /* One check for the whole run: each ck_assert is a message to the
   * parent process, and four million of them took half a minute. */
  ck_assert_int_eq(sc_buf_reserve(b, HUGE_LEN), 0);
  for (size_t i = 0; i < HUGE_LEN; i++) {
    /* CSV: a quoted field with line breaks, one record over many lines. */
    int nl = fmt == 2 && i % 1000 == 999;
    b->data[b->len++] = nl ? '\n' : 'x';
    lines += (unsigned long)nl;
  }
  ck_assert_int_eq(sc_buf_printf(b, "%s%s", post[fmt], tail[fmt]), 0);
  *after_line = (fmt == 2 ? 4 : 3) + lines;
}

static const spamcls_format huge_formats[] = {
  SPAMCLS_FORMAT_PLAIN, SPAMCLS_FORMAT_TSV, SPAMCLS_FORMAT_CSV,
  SPAMCLS_FORMAT_JSONL};

START_TEST(test_over_long_record)
{
  sc_buf b = {0};
  unsigned long after;
  huge_input(_i, &b, &after);
  char *path = temp_file(b.data, b.len, ".in");
  sc_buf_free(&b);
  spamcls_reader_options o = opts_for(huge_formats[_i], SMALL_MAX);
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_reader_open(path, &o, &r, &err), SPAMCLS_OK);
  recs rs = drain(r);
  rs.path = strdup(path);
  /* Never more than the limit plus a few read chunks in memory. */
  ck_assert_uint_lt(sc_input_footprint(r), 4 * SMALL_MAX + 3 * SC_INPUT_CHUNK);
  spamcls_reader_close(r);
  unlink(path);
  free(path);
  unsigned long first = _i == 2 ? 2 : 1;
  ck_assert_uint_eq(rs.n, 3);
  expect_ok(&rs, 0, "short", _i == 2 ? SPAMCLS_LABEL_HAM : _i == 1
                                 ? SPAMCLS_LABEL_HAM : SPAMCLS_LABEL_NONE,
            first);
  expect_err(&rs, 1, SPAMCLS_ERR_LIMIT, first + 1, "4096 bytes");
  ck_assert_uint_eq(rs.v[2].st, SPAMCLS_OK);
  ck_assert_str_eq(rs.v[2].text, "after");
  ck_assert_uint_eq(rs.v[2].line, after);
  free_recs(&rs);
}
END_TEST

START_TEST(test_limit_boundary)
{
  /* max_record bytes is allowed (with or without a CR), one more is not. */
  sc_buf b = {0};
  for (int i = 0; i < 3; i++) {
    for (int k = 0; k < SMALL_MAX + (i == 2); k++)
      ck_assert_int_eq(sc_buf_putc(&b, 'y'), 0);
    ck_assert_int_eq(sc_buf_printf(&b, i == 1 ? "\r\n" : "\n"), 0);
  }
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_PLAIN, SMALL_MAX);
  recs rs = read_bytes(b.data, b.len, ".txt", &o);
  sc_buf_free(&b);
  ck_assert_uint_eq(rs.n, 3);
  ck_assert_int_eq(rs.v[0].st, SPAMCLS_OK);
  ck_assert_uint_eq(rs.v[0].text_len, SMALL_MAX);
  ck_assert_int_eq(rs.v[1].st, SPAMCLS_OK);
  ck_assert_uint_eq(rs.v[1].text_len, SMALL_MAX);
  expect_err(&rs, 2, SPAMCLS_ERR_LIMIT, 3, "longer than 4096 bytes");
  free_recs(&rs);
}
END_TEST

/* ---------------------------------------------------------------- streams */

START_TEST(test_open_errors)
{
  expect_open_fails("/nonexistent/dir/comments.csv", NULL, SPAMCLS_ERR_IO,
                    "/nonexistent/dir/comments.csv: No such file or "
                    "directory");
  expect_open_fails(FIX, NULL, SPAMCLS_ERR_IO, "Is a directory");
  spamcls_reader *r = NULL;
  ck_assert_int_eq(spamcls_reader_open("x", NULL, NULL, NULL),
                   SPAMCLS_ERR_PARAM);
  spamcls_reader_options o = opts_for((spamcls_format)42, 0);
  ck_assert_int_eq(spamcls_reader_open(FIX "plain.txt", &o, &r, NULL),
                   SPAMCLS_ERR_PARAM);
  spamcls_reader_close(NULL);
}
END_TEST

/* Per format: what the writer sends first (a whole record, after a header
 * for CSV), then the second record, and the texts expected. */
static const struct {
  spamcls_format f;
  const char *first, *second;
} stream_cases[] = {
  {SPAMCLS_FORMAT_PLAIN, "one\n", "two\n"},
  {SPAMCLS_FORMAT_TSV, "ham\tone\n", "spam\ttwo\n"},
  {SPAMCLS_FORMAT_CSV, "text,label\r\n\"one\",0\r\n", "two,1\r\n"},
  {SPAMCLS_FORMAT_JSONL, "{\"text\": \"one\"}\n", "{\"text\": \"two\"}\n"},
};

static void write_all(int fd, const char *s)
{
  size_t n = strlen(s);
  while (n) {
    ssize_t k = write(fd, s, n);
    if (k <= 0)
      _exit(2);
    s += k;
    n -= (size_t)k;
  }
}

/* Standard input is a stream: the first record must come back while the
 * writer still holds the pipe open, waiting for our go-ahead. A reader that
 * waited for more input would hang here until Check's timeout. */
START_TEST(test_stdin_streaming)
{
  int data[2], go[2];
  ck_assert_int_eq(pipe(data), 0);
  ck_assert_int_eq(pipe(go), 0);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(data[0]);
    close(go[1]);
    write_all(data[1], stream_cases[_i].first);
    char c;
    if (read(go[0], &c, 1) != 1)
      _exit(3);
    write_all(data[1], stream_cases[_i].second);
    _exit(0);
  }
  close(data[1]);
  close(go[0]);
  ck_assert_int_ge(dup2(data[0], STDIN_FILENO), 0);
  close(data[0]);

  spamcls_reader_options o = opts_for(stream_cases[_i].f, 0);
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_reader_open("-", &o, &r, &err), SPAMCLS_OK);
  spamcls_comment c;
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_OK);
  ck_assert_uint_eq(c.text_len, 3);
  ck_assert_mem_eq(c.text, "one", 3);
  ck_assert_str_eq(c.source, "-");
  ck_assert_int_eq(write(go[1], "g", 1), 1);
  close(go[1]);
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_OK);
  ck_assert_mem_eq(c.text, "two", 3);
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_EOF);
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_EOF);
  spamcls_reader_close(r);
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

/* The wait hook (spamcls_reader_on_wait) runs when a stream has nothing
 * yet, before the reader would block: here it ends the stream itself, so
 * nothing blocks. Not while input is waiting in the pipe, nor ever for a
 * regular file. */
static int waits, wait_fd = -1;

static void end_stream(void *ctx)
{
  ck_assert_ptr_eq(ctx, &waits);
  waits++;
  if (wait_fd >= 0)
    close(wait_fd);
  wait_fd = -1;
}

START_TEST(test_on_wait)
{
  int p[2];
  ck_assert_int_eq(pipe(p), 0);
  ck_assert_int_eq(write(p[1], "one\ntwo\n", 8), 8);
  ck_assert_int_ge(dup2(p[0], STDIN_FILENO), 0);
  close(p[0]);
  wait_fd = p[1];
  waits = 0;
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_reader_open("-", NULL, &r, &err), SPAMCLS_OK);
  spamcls_reader_on_wait(r, end_stream, &waits);
  spamcls_comment c;
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_OK);
  ck_assert_mem_eq(c.text, "one", 3);
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_OK);
  ck_assert_mem_eq(c.text, "two", 3);
  ck_assert_int_eq(waits, 0);  /* both came in the first read */
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_EOF);
  ck_assert_int_eq(waits, 1);
  spamcls_reader_close(r);
  spamcls_reader_on_wait(NULL, end_stream, &waits);  /* no reader: no-op */

  ck_assert_int_eq(spamcls_reader_open(FIX "plain.txt", NULL, &r, &err),
                   SPAMCLS_OK);
  spamcls_reader_on_wait(r, end_stream, &waits);
  size_t n = 0;
  spamcls_status st;
  while ((st = spamcls_reader_next(r, &c, &err)) != SPAMCLS_EOF)
    n += st == SPAMCLS_OK;
  ck_assert_uint_gt(n, 0);
  ck_assert_int_eq(waits, 1);
  spamcls_reader_close(r);
}
END_TEST

START_TEST(test_read_error)
{
  /* The write end of a pipe as standard input: read(2) fails (EBADF). */
  int p[2];
  ck_assert_int_eq(pipe(p), 0);
  ck_assert_int_ge(dup2(p[1], STDIN_FILENO), 0);
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_reader_open(NULL, NULL, &r, &err), SPAMCLS_OK);
  spamcls_comment c;
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_ERR_IO);
  ck_assert_msg(strstr(err.msg, "-:1: read error"), "%s", err.msg);
  /* It stays stopped. */
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_ERR_IO);
  spamcls_reader_close(r);
  /* A CSV header that cannot be read fails the open. */
  spamcls_reader_options o = opts_for(SPAMCLS_FORMAT_CSV, 0);
  ck_assert_int_eq(spamcls_reader_open("-", &o, &r, &err), SPAMCLS_ERR_IO);
}
END_TEST

/* ---------------------------------------------------------------- corpora */

static int have_corpus(void)
{
  struct stat sb;
  return stat(CORPUS, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static const struct {
  const char *path;
  spamcls_format f;
  size_t rows, spam, ham;
} corpus_cases[] = {
  {"youtube-spam-collection/Youtube01-Psy.csv", 0, 350, 175, 175},
  {"youtube-spam-collection/Youtube02-KatyPerry.csv", 0, 350, 175, 175},
  {"youtube-spam-collection/Youtube03-LMFAO.csv", 0, 438, 236, 202},
  {"youtube-spam-collection/Youtube04-Eminem.csv", 0, 448, 245, 203},
  {"youtube-spam-collection/Youtube05-Shakira.csv", 0, 370, 174, 196},
  {"judol-gbennnn/dataset_judol_labelled.csv", 0, 37216, 8549, 28667},
  {"judol-kyyyy8/comments.csv", 0, 45592, 11693, 33899},
  {"datacamp-blog-comments/labeled_only.csv", 0, 608, 111, 497},
  {"blog-comments-moderated/comments.jsonl", 0, 5852, 2702, 1440},
  {"sfu-news-comments/SFU_constructiveness_toxicity.csv", 0, 1121, 0, 0},
  {"sms-spam-collection/SMSSpamCollection", SPAMCLS_FORMAT_TSV, 5574, 747,
   4827},
};

START_TEST(test_corpus)
{
  spamcls_reader_options o = opts_for(corpus_cases[_i].f, 0);
  char path[512];
  snprintf(path, sizeof path, "%s%s", CORPUS, corpus_cases[_i].path);
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_msg(spamcls_reader_open(path, &o, &r, &err) == SPAMCLS_OK, "%s",
                err.msg);
  size_t rows = 0, spam = 0, ham = 0, with_id = 0;
  spamcls_comment c;
  spamcls_status st;
  while ((st = spamcls_reader_next(r, &c, &err)) != SPAMCLS_EOF) {
    ck_assert_msg(st == SPAMCLS_OK, "%s", err.msg);
    rows++;
    spam += c.label == SPAMCLS_LABEL_SPAM;
    ham += c.label == SPAMCLS_LABEL_HAM;
    with_id += c.id_len > 0;
  }
  spamcls_reader_close(r);
  ck_assert_uint_eq(rows, corpus_cases[_i].rows);
  ck_assert_uint_eq(spam, corpus_cases[_i].spam);
  ck_assert_uint_eq(ham, corpus_cases[_i].ham);
  ck_assert_uint_eq(with_id, rows);
}
END_TEST

START_TEST(test_corpus_fields)
{
  /* The YouTube columns: COMMENT_ID, AUTHOR, CONTENT, CLASS. */
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_reader_open(CORPUS "youtube-spam-collection/"
                                       "Youtube01-Psy.csv", NULL, &r, &err),
                   SPAMCLS_OK);
  spamcls_comment c;
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_OK);
  ck_assert_int_eq(c.label, SPAMCLS_LABEL_SPAM);
  ck_assert_uint_eq(c.line, 2);
  ck_assert_uint_eq(c.author_len, 9);
  ck_assert_mem_eq(c.author, "Julius NM", 9);
  ck_assert_uint_eq(c.id_len, 43);
  ck_assert_mem_eq(c.id, "LZQPQhLyRh80UYxNuaDWhIGQYNQ96IuCg-AYWqNPjpU", 43);
  ck_assert_mem_eq(c.text, "Huh, anyway check out this you[tube] channel", 44);
  spamcls_reader_close(r);

  /* The blog comments: 1,710 null labels, authors and author URLs. */
  ck_assert_int_eq(spamcls_reader_open(CORPUS "blog-comments-moderated/"
                                       "comments.jsonl", NULL, &r, &err),
                   SPAMCLS_OK);
  size_t none = 0, urls = 0;
  spamcls_status st;
  while ((st = spamcls_reader_next(r, &c, &err)) == SPAMCLS_OK) {
    none += c.label == SPAMCLS_LABEL_NONE;
    urls += c.author_url != NULL;
  }
  ck_assert_int_eq(st, SPAMCLS_EOF);
  ck_assert_uint_eq(none, 1710);
  ck_assert_uint_gt(urls, 0);
  spamcls_reader_close(r);
}
END_TEST

/* ---------------------------------------------------------------- main */

static Suite *input_suite(int corpus)
{
  Suite *s = suite_create("input");
  TCase *tc = tcase_create("labels");
  tcase_add_loop_test(tc, test_label_parse, 0,
                      sizeof label_cases / sizeof label_cases[0]);
  tcase_add_test(tc, test_label_parse_span);
  tcase_add_loop_test(tc, test_format_from_name, 0,
                      sizeof name_cases / sizeof name_cases[0]);
  tcase_add_test(tc, test_format_parse);
  suite_add_tcase(s, tc);

  tc = tcase_create("formats");
  tcase_add_test(tc, test_auto_unknown_name_is_plain);
  tcase_add_test(tc, test_plain_fixture);
  tcase_add_test(tc, test_plain_edges);
  tcase_add_test(tc, test_tsv_fixture);
  tcase_add_test(tc, test_tsv_header_rule);
  tcase_add_test(tc, test_csv_fixture);
  tcase_add_test(tc, test_csv_crlf);
  tcase_add_test(tc, test_csv_columns);
  tcase_add_test(tc, test_csv_header_errors);
  tcase_add_test(tc, test_csv_nul_and_lenient);
  tcase_add_test(tc, test_csv_unterminated_quote);
  tcase_add_test(tc, test_jsonl_fixture);
  tcase_add_test(tc, test_jsonl_fields);
  tcase_add_test(tc, test_jsonl_bytes);
  tcase_add_test(tc, test_jsonl_deep);
  suite_add_tcase(s, tc);

  tc = tcase_create("limits");
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, test_over_long_record, 0,
                      sizeof huge_formats / sizeof huge_formats[0]);
  tcase_add_test(tc, test_limit_boundary);
  tcase_add_test(tc, test_csv_unterminated_quote_huge);
  suite_add_tcase(s, tc);

  tc = tcase_create("streams");
  tcase_add_test(tc, test_open_errors);
  tcase_add_loop_test(tc, test_stdin_streaming, 0,
                      sizeof stream_cases / sizeof stream_cases[0]);
  tcase_add_test(tc, test_on_wait);
  tcase_add_test(tc, test_read_error);
  suite_add_tcase(s, tc);

  if (corpus) {
    tc = tcase_create("corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_corpus, 0,
                        sizeof corpus_cases / sizeof corpus_cases[0]);
    tcase_add_test(tc, test_corpus_fields);
    suite_add_tcase(s, tc);
  }
  return s;
}

int main(void)
{
  int corpus = have_corpus();
  SRunner *sr = srunner_create(input_suite(corpus));
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  if (failed)
    return EXIT_FAILURE;
  if (!corpus) {
    fprintf(stderr, "check_input: %s is absent: the corpus cases were "
            "skipped (the others passed)\n", CORPUS);
    return 77;
  }
  return EXIT_SUCCESS;
}
