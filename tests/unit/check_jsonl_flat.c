/*
 * check_jsonl_flat.c - the JSON Lines fast path (jsonl_flat.c) against
 * jansson, which reads every line it does not take: on hundreds of
 * thousands of generated lines (valid ones, broken ones and mutations of
 * both), every line the fast path reads must be one jansson reads as an
 * object, with the same value for every role (type, bytes, length, the
 * printed form of integers). Then whole files through the reader: each
 * record as jansson's reading of its line says it must be.
 */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "jsonl_flat.h"

/* Checks in the loops: ck_assert records its place on every call, which
 * over a million checks costs minutes; these only call Check to fail. */
#define EXPECT(cond, ...)          \
  do {                             \
    if (!(cond))                   \
      ck_abort_msg(__VA_ARGS__);   \
  } while (0)
#define EXPECT_OK(cond) EXPECT(cond, "failed: %s", #cond)

static uint64_t rng = 0x9e3779b97f4a7c15u;

static unsigned rnd(unsigned n)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 33) % n;
}

static const char *const keys[] = {
  "text", "TEXT", "Text", "comment", "body", "id", "ID", "comment_id",
  "label", "class", "author", "name", "author_url", "website", "x", "",
  "t\\u0065xt", "score", "grp"};

/* Pieces of string contents: plain, escaped, non-ASCII, broken. */
static const char *const pieces[] = {
  "hello", " world", "slot gacor 88", "é", "日本語", "😀", "\\n", "\\t",
  "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\u00e9", "\\u0000",
  "\\u20AC", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\udc00",
  "\\ud800\\u0041", "\\u12G4", "\\u12", "\\x", "\xff", "\xc0\x80",
  "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x01", "\t", "\x7f",
  "'", "{", "}", "[", ",", ":", "a\\", ""};

static const char *const scalars[] = {
  "\"spam\"", "\"ham\"", "\"1\"", "0", "-0", "1", "12", "-1", "007", "-", "123456789012345678",
  "-123456789012345678", "1234567890123456789", "9999999999999999999",
  "-9223372036854775809", "12345678901234567890", "1.5", "1e3", "2E-2",
  "0.0", "1.0", "true", "false", "null", "tru", "nulll", "True", "truex",
  "{}", "{\"a\":1}", "[]", "[1,2]", "\"\"", "NaN", "+1", "0x10"};

static const char *const spaces[] = {"", "", "", " ", "  ", "\t", "\r",
                                     " \r\n "};

static void put(sc_buf *b, const char *s)
{
  EXPECT_OK(sc_buf_append(b, s, strlen(s)) == 0);
}

static void gen_string(sc_buf *b)
{
  put(b, "\"");
  for (unsigned k = rnd(5); k > 0; k--)
    put(b, pieces[rnd(sizeof pieces / sizeof pieces[0])]);
  put(b, "\"");
}

static void gen_line(sc_buf *b)
{
  sc_buf_clear(b);
  put(b, spaces[rnd(8)]);
  if (rnd(40) == 0)
    put(b, scalars[rnd(sizeof scalars / sizeof scalars[0])]);
  else
    put(b, "{");
  unsigned n = rnd(6);
  for (unsigned i = 0; i < n; i++) {
    put(b, spaces[rnd(8)]);
    put(b, "\"");
    put(b, keys[rnd(sizeof keys / sizeof keys[0])]);
    put(b, "\"");
    put(b, spaces[rnd(8)]);
    put(b, rnd(30) ? ":" : "");
    put(b, spaces[rnd(8)]);
    if (rnd(3))
      gen_string(b);
    else
      put(b, scalars[rnd(sizeof scalars / sizeof scalars[0])]);
    put(b, spaces[rnd(8)]);
    if (i + 1 < n || rnd(30) == 0)
      put(b, ",");
  }
  put(b, rnd(40) ? "}" : rnd(2) ? "}}" : "} x");
  put(b, spaces[rnd(8)]);
  /* Mutations: a byte changed, dropped or repeated. */
  if (b->len && rnd(6) == 0) {
    size_t at = rnd((unsigned)b->len);
    switch (rnd(3)) {
    case 0: b->data[at] = (char)rnd(256); break;
    case 1:
      memmove(b->data + at, b->data + at + 1, b->len - at - 1);
      b->data[--b->len] = '\0';
      break;
    default:
      put(b, " ");
      memmove(b->data + at + 1, b->data + at, b->len - at - 1);
      break;
    }
  }
}

/* The value jansson's reading gives role: as read_jsonl.c's lookup. */
static json_t *best(const spamcls_reader *r, json_t *obj, int role)
{
  const char *key;
  json_t *val, *found = NULL;
  int found_rank = -1;
  json_object_foreach(obj, key, val) {
    int k = sc_input_field_rank(r, role, key, strlen(key));
    if (k >= 0 && (found_rank < 0 || k < found_rank)) {
      found_rank = k;
      found = val;
    }
  }
  return found;
}

static void same_value(const sc_jf_val *v, json_t *j, const char *line)
{
  char num[32];
  switch (v->type) {
  case SC_JF_ABSENT:
    EXPECT(j == NULL, "absent, jansson has one: %s", line);
    break;
  case SC_JF_NULL:
    EXPECT(j && json_is_null(j), "null: %s", line);
    break;
  case SC_JF_TRUE:
    EXPECT(j && json_is_true(j), "true: %s", line);
    break;
  case SC_JF_FALSE:
    EXPECT(j && json_is_false(j), "false: %s", line);
    break;
  case SC_JF_INT:
    EXPECT(j && json_is_integer(j), "integer: %s", line);
    snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
    EXPECT(v->len == strlen(num) && memcmp(v->s, num, v->len) == 0,
                  "integer %s: %s", num, line);
    break;
  case SC_JF_STRING:
    EXPECT(j && json_is_string(j), "string: %s", line);
    EXPECT(v->len == json_string_length(j) &&
                      memcmp(v->s, json_string_value(j), v->len) == 0 &&
                      v->s[v->len] == '\0',
                  "string bytes: %s", line);
    break;
  default:
    ck_abort_msg("type %d: %s", v->type, line);
  }
}

static spamcls_reader *reader_with(const char *text_col, const char *id_col)
{
  spamcls_reader_options o;
  memset(&o, 0, sizeof o);
  o.format = SPAMCLS_FORMAT_JSONL;
  o.text_field = text_col;
  o.id_field = id_col;
  o.group_field = text_col ? "grp" : NULL;
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(sc_input_open_memory("", 0, "x.jsonl", &o, 0, &r, &err),
                   SPAMCLS_OK);
  return r;
}

START_TEST(test_same_as_jansson)
{
  spamcls_reader *r = _i ? reader_with("comment", "ID") : reader_with(NULL, NULL);
  sc_buf line = {0}, scratch = {0};
  unsigned long taken = 0, total = 300000;
  for (unsigned long i = 0; i < total; i++) {
    gen_line(&line);
    if (memchr(line.data, '\0', line.len))
      continue;  /* read_jsonl.c refuses those before either path */
    sc_jflat f;
    if (!sc_jsonl_flat(r, line.data, line.len, &scratch, &f))
      continue;
    taken++;
    json_error_t je;
    json_t *j = json_loadb(line.data, line.len,
                           JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    EXPECT(j != NULL, "jansson refuses (%s): %s", je.text, line.data);
    EXPECT(json_is_object(j), "not an object: %s", line.data);
    for (int role = 0; role < SC_ROLE_COUNT; role++)
      same_value(&f.v[role], best(r, j, role), line.data);
    json_decref(j);
  }
  /* the generator must exercise the fast path, not only jansson */
  ck_assert_uint_gt(taken, total / 20);
  sc_buf_free(&line);
  sc_buf_free(&scratch);
  spamcls_reader_close(r);
}
END_TEST

/* What a record must be, from jansson's reading of its line (as
 * read_jsonl.c makes it when the fast path leaves the line to it). */
static void check_record(const spamcls_reader *r, json_t *j,
                         const spamcls_comment *c, unsigned long recno)
{
  json_t *t = best(r, j, SC_ROLE_TEXT);
  EXPECT_OK(t && json_is_string(t));
  EXPECT_OK(c->text_len == json_string_length(t));
  EXPECT_OK(memcmp(c->text, json_string_value(t), c->text_len) == 0);
  json_t *id = best(r, j, SC_ROLE_ID);
  char want[64];
  if (id && json_is_string(id) && json_string_length(id))
    snprintf(want, sizeof want, "%.60s", json_string_value(id));
  else if (id && json_is_integer(id))
    snprintf(want, sizeof want, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
  else if (id && json_is_boolean(id))
    snprintf(want, sizeof want, "%s", json_is_true(id) ? "true" : "false");
  else if (id && json_is_real(id))
    snprintf(want, sizeof want, "%.17g", json_real_value(id));
  else
    snprintf(want, sizeof want, "%lu", recno);
  EXPECT(c->id && strncmp(c->id, want, 60) == 0, "id %s, want %s",
                c->id ? c->id : "(null)", want);
  json_t *a = best(r, j, SC_ROLE_AUTHOR);
  if (a && json_is_string(a) && json_string_length(a))
    EXPECT_OK(c->author && c->author_len == json_string_length(a) &&
              memcmp(c->author, json_string_value(a), c->author_len) == 0);
  else if (!a || json_is_null(a) || (json_is_string(a) && !json_string_length(a)))
    EXPECT_OK(c->author == NULL);
  json_t *l = best(r, j, SC_ROLE_LABEL);
  if (!l || json_is_null(l))
    EXPECT_OK(c->label == SPAMCLS_LABEL_NONE);
  else if (json_is_true(l) || (json_is_number(l) && json_number_value(l) == 1))
    EXPECT_OK(c->label == SPAMCLS_LABEL_SPAM);
  else if (json_is_false(l) || (json_is_number(l) && json_number_value(l) == 0))
    EXPECT_OK(c->label == SPAMCLS_LABEL_HAM);
  else if (json_is_string(l)) {
    int ok;
    spamcls_label want_l = spamcls_label_parse(json_string_value(l),
                                               json_string_length(l), &ok);
    EXPECT_OK(ok && c->label == want_l);
  }
}

START_TEST(test_reader_records)
{
  /* Lines jansson reads and whose fields are valid, in one file. */
  spamcls_reader *probe = reader_with(NULL, NULL);
  sc_buf file = {0}, line = {0};
  json_t **want = calloc(20000, sizeof *want);
  ck_assert_ptr_nonnull(want);
  size_t n = 0;
  while (n < 20000) {
    gen_line(&line);
    /* the reader splits at LF and drops a CR before it */
    if (memchr(line.data, '\0', line.len) || memchr(line.data, '\n', line.len) ||
        (line.len && line.data[line.len - 1] == '\r'))
      continue;
    json_error_t je;
    json_t *j = json_loadb(line.data, line.len,
                           JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    json_t *t = j && json_is_object(j) ? best(probe, j, SC_ROLE_TEXT) : NULL;
    json_t *l = t ? best(probe, j, SC_ROLE_LABEL) : NULL;
    json_t *id = t ? best(probe, j, SC_ROLE_ID) : NULL;
    json_t *a = t ? best(probe, j, SC_ROLE_AUTHOR) : NULL;
    json_t *u = t ? best(probe, j, SC_ROLE_AUTHOR_URL) : NULL;
    int label_ok = 0;
    if (l && json_is_string(l))
      spamcls_label_parse(json_string_value(l), json_string_length(l),
                          &label_ok);
    int ok = t && json_is_string(t) &&
             (!l || json_is_null(l) || json_is_boolean(l) || label_ok ||
              (json_is_number(l) && (json_number_value(l) == 0 ||
                                     json_number_value(l) == 1))) &&
             !(id && (json_is_object(id) || json_is_array(id))) &&
             !(a && (json_is_object(a) || json_is_array(a))) &&
             !(u && (json_is_object(u) || json_is_array(u)));
    if (!ok || line.len == 0 || strspn(line.data, " \t\r") == line.len) {
      json_decref(j);
      continue;
    }
    want[n++] = j;
    EXPECT_OK(sc_buf_append(&file, line.data, line.len) == 0);
    EXPECT_OK(sc_buf_append(&file, "\n", 1) == 0);
  }
  spamcls_reader_options o;
  memset(&o, 0, sizeof o);
  o.format = SPAMCLS_FORMAT_JSONL;
  spamcls_reader *r;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_reader_open_memory(file.data, file.len, "f.jsonl",
                                              &o, &r, &err), SPAMCLS_OK);
  for (size_t i = 0; i < n; i++) {
    spamcls_comment c;
    spamcls_status st = spamcls_reader_next(r, &c, &err);
    EXPECT(st == SPAMCLS_OK, "record %zu: %s", i + 1, err.msg);
    check_record(r, want[i], &c, i + 1);
    json_decref(want[i]);
  }
  spamcls_comment c;
  ck_assert_int_eq(spamcls_reader_next(r, &c, &err), SPAMCLS_EOF);
  spamcls_reader_close(r);
  spamcls_reader_close(probe);
  free(want);
  sc_buf_free(&file);
  sc_buf_free(&line);
}
END_TEST

static Suite *jsonl_flat_suite(void)
{
  Suite *s = suite_create("jsonl_flat");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_same_as_jansson, 0, 2);
  tcase_add_test(tc, test_reader_records);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(jsonl_flat_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
