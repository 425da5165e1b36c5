/*
 * read_jsonl.c - JSON Lines: one JSON object per line, parsed by jansson
 * (json_loadb). Blank lines hold no record. Keys are matched per role like
 * CSV columns (reader.c); other keys are ignored.
 *
 *   text        a string (\u0000 allowed); missing or another type is an
 *               ERR_FORMAT
 *   label       null or absent: NONE; 0 / 1 (also 0.0 / 1.0); false / true;
 *               a spamcls_label_parse string; anything else ERR_FORMAT
 *   id, author, author_url, group
 *               a string, number or boolean (printed); null, absent or ""
 *               is none, and the id then is the record number (1 for the
 *               first non-blank line); an object or array is ERR_FORMAT
 *
 * Also an ERR_FORMAT: invalid JSON, a value that is not an object, a raw NUL
 * byte. Nesting deeper than jansson's limit (JSON_PARSER_MAX_DEPTH, 2048)
 * is refused by jansson itself, so a line of brackets cannot exhaust the
 * stack. jansson refuses invalid UTF-8 anywhere; since bad bytes in a
 * comment are the normalizer's to count, such a line is parsed again with
 * each bad byte replaced by U+FFFD.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

typedef struct jsonl_state {
  json_t *cur;           /* the last record's object */
  sc_buf fixed;          /* a line with its bad UTF-8 replaced */
  unsigned long recno;
} jsonl_state;

/* Copies s[0..n) into b with each byte that starts no valid sequence
 * replaced by U+FFFD. -1 when out of memory. */
static int fix_utf8(sc_buf *b, const char *s, size_t n)
{
  sc_buf_clear(b);
  if (sc_buf_append_utf8(b, s, n) < 0)
    return -1;
  return sc_buf_reserve(b, 0);
}

/* The value of the key that fits role best, or NULL. */
static json_t *lookup(const spamcls_reader *r, json_t *obj, int role)
{
  const char *key;
  json_t *val, *best = NULL;
  int best_rank = -1;
  json_object_foreach(obj, key, val) {
    int k = sc_input_field_rank(r, role, key, strlen(key));
    if (k >= 0 && (best_rank < 0 || k < best_rank)) {
      best_rank = k;
      best = val;
    }
  }
  return best;
}

/* A scalar as text: strings as they are, numbers printed into r->num,
 * booleans as true / false. NULL for null; -1 for an object or array. */
static int scalar(spamcls_reader *r, int role, json_t *v, const char **s,
                  size_t *len)
{
  *s = NULL;
  *len = 0;
  if (!v || json_is_null(v))
    return 0;
  char *num = r->num[role];
  int k;
  switch (json_typeof(v)) {
  case JSON_STRING:
    *s = json_string_value(v);
    *len = json_string_length(v);
    return 0;
  case JSON_INTEGER:
    k = snprintf(num, sizeof r->num[role], "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
    break;
  case JSON_REAL:
    k = snprintf(num, sizeof r->num[role], "%.17g", json_real_value(v));
    break;
  case JSON_TRUE:
  case JSON_FALSE:
    k = snprintf(num, sizeof r->num[role], "%s",
                 json_is_true(v) ? "true" : "false");
    break;
  default:
    return -1;
  }
  *s = num;
  *len = k > 0 ? (size_t)k : 0;
  return 0;
}

static spamcls_status bad(const spamcls_reader *r, unsigned long line,
                          int role, const char *what, spamcls_error *err)
{
  const char *want = sc_input_field_option(r, role);
  return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: %s%s%s %s", r->source,
                  line, want ? "\"" : "", want ? want : sc_input_role_name(role),
                  want ? "\"" : "", what);
}

static spamcls_status get_label(const spamcls_reader *r, unsigned long line,
                                json_t *v, spamcls_label *out,
                                spamcls_error *err)
{
  *out = SPAMCLS_LABEL_NONE;
  if (!v || json_is_null(v))
    return SPAMCLS_OK;
  int ok = 0;
  if (json_is_true(v) || json_is_false(v)) {
    *out = json_is_true(v) ? SPAMCLS_LABEL_SPAM : SPAMCLS_LABEL_HAM;
    ok = 1;
  } else if (json_is_number(v)) {
    double d = json_number_value(v);
    if (d == 0.0 || d == 1.0) {
      *out = d == 1.0 ? SPAMCLS_LABEL_SPAM : SPAMCLS_LABEL_HAM;
      ok = 1;
    }
  } else if (json_is_string(v)) {
    *out = spamcls_label_parse(json_string_value(v), json_string_length(v),
                               &ok);
  }
  if (!ok)
    return bad(r, line, SC_ROLE_LABEL,
               "is not a label (spam/ham, 1/0, true/false or null)", err);
  return SPAMCLS_OK;
}

static int blank_line(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return 0;
  return 1;
}

static spamcls_status parse_line(spamcls_reader *r, jsonl_state *js,
                                 unsigned long line, spamcls_error *err)
{
  const char *s = r->rec.data;
  size_t n = r->rec.len;
  if (memchr(s, '\0', n))
    return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: NUL byte in the line",
                    r->source, line);
  json_error_t je;
  js->cur = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
  if (!js->cur && sc_utf8_valid_prefix(s, n) < n) {
    if (fix_utf8(&js->fixed, s, n) < 0)
      return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%lu: out of memory",
                      r->source, line);
    js->cur = json_loadb(js->fixed.data, js->fixed.len,
                         JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
  }
  if (!js->cur)
    return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: invalid JSON: %s",
                    r->source, line, je.text);
  if (!json_is_object(js->cur))
    return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: not a JSON object",
                    r->source, line);
  return SPAMCLS_OK;
}

static spamcls_status jsonl_next(spamcls_reader *r, spamcls_comment *out,
                                 spamcls_error *err)
{
  jsonl_state *js = r->state;
  json_decref(js->cur);
  js->cur = NULL;
  unsigned long line;
  spamcls_status st;
  do {
    st = sc_input_line(r, &line, err);
  } while (st == SPAMCLS_OK && blank_line(r->rec.data, r->rec.len));
  if (st == SPAMCLS_OK || st == SPAMCLS_ERR_LIMIT)
    js->recno++;
  if (st != SPAMCLS_OK)
    return st;
  st = parse_line(r, js, line, err);
  if (st != SPAMCLS_OK)
    return st;

  json_t *obj = js->cur;
  sc_input_comment(r, out, line);
  json_t *text = lookup(r, obj, SC_ROLE_TEXT);
  if (!text) {
    const char *want = sc_input_field_option(r, SC_ROLE_TEXT);
    if (want)
      return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: no \"%s\" key",
                      r->source, line, want);
    return sc_error(err, SPAMCLS_ERR_FORMAT,
                    "%s:%lu: no text key (none of %s)", r->source, line,
                    sc_input_role_defaults(SC_ROLE_TEXT));
  }
  if (!json_is_string(text))
    return bad(r, line, SC_ROLE_TEXT, "is not a string", err);
  out->text = json_string_value(text);
  out->text_len = json_string_length(text);

  st = get_label(r, line, lookup(r, obj, SC_ROLE_LABEL), &out->label, err);
  if (st != SPAMCLS_OK)
    return st;

  static const int roles[] = {SC_ROLE_ID, SC_ROLE_AUTHOR, SC_ROLE_AUTHOR_URL,
                              SC_ROLE_GROUP};
  const char **dst[] = {&out->id, &out->author, &out->author_url,
                        &out->group};
  size_t *dst_len[] = {&out->id_len, &out->author_len, &out->author_url_len,
                       &out->group_len};
  for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
    int role = roles[i];
    if (role == SC_ROLE_GROUP && !sc_input_field_option(r, role))
      continue;
    json_t *v = lookup(r, obj, role);
    if (scalar(r, role, v, dst[i], dst_len[i]) < 0)
      return bad(r, line, role, "is an object or array", err);
    if (role != SC_ROLE_GROUP && !*dst_len[i])
      *dst[i] = NULL;
  }
  if (!out->id)
    out->id = sc_input_number(r, SC_ROLE_ID, js->recno, &out->id_len);
  return SPAMCLS_OK;
}

static spamcls_status jsonl_open(spamcls_reader *r, spamcls_error *err)
{
  jsonl_state *js = calloc(1, sizeof *js);
  if (!js)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", r->source);
  r->state = js;
  return SPAMCLS_OK;
}

static size_t jsonl_footprint(const spamcls_reader *r)
{
  const jsonl_state *js = r->state;
  return js ? js->fixed.cap : 0;
}

static void jsonl_close(spamcls_reader *r)
{
  jsonl_state *js = r->state;
  if (!js)
    return;
  json_decref(js->cur);
  sc_buf_free(&js->fixed);
  free(js);
  r->state = NULL;
}

const sc_format_ops sc_jsonl_ops = {jsonl_open, jsonl_next, jsonl_close,
                                    jsonl_footprint};
