/*
 * jsonl_flat.c - the fast path of read_jsonl.c: one flat JSON object per
 * line, read without building a jansson tree (see jsonl_flat.h).
 *
 * jansson reads a line a byte at a time through a callback and allocates
 * the object, every key and every value; for a short comment that cost
 * more than scoring it. Real files are nearly all flat objects of strings,
 * small integers, booleans and null, which this reads in one pass.
 *
 * It accepts a subset of what jansson accepts and decodes it the same
 * way: the same white space (space, tab, CR, LF), strict UTF-8, the same
 * escapes (a \u surrogate pair makes one code point, a lone surrogate is
 * an error, \u0000 is kept as jansson's JSON_ALLOW_NUL keeps it), the same
 * integer grammar (no leading zeros; "-0" is 0). Everything else, valid
 * or not, is left to jansson: nesting, real numbers, integers of more than
 * 18 digits, keys with escapes, two keys for one role, any error. So a
 * line either reads here exactly as jansson would read it, or goes to
 * jansson, which also writes the error messages.
 */
#include <string.h>

#include "jsonl_flat.h"

static int is_ws(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(const unsigned char *s, size_t n, size_t i)
{
  while (i < n && is_ws(s[i]))
    i++;
  return i;
}

static int hex4(const unsigned char *s, int32_t *v)
{
  int32_t x = 0;
  for (int i = 0; i < 4; i++) {
    unsigned c = s[i];
    x <<= 4;
    if (c >= '0' && c <= '9')
      x += (int32_t)(c - '0');
    else if (c >= 'a' && c <= 'f')
      x += (int32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      x += (int32_t)(c - 'A' + 10);
    else
      return -1;
  }
  *v = x;
  return 0;
}

static size_t put_cp(char *o, int32_t c)
{
  if (c < 0x80) {
    o[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (char)(0xC0 | (c >> 6));
    o[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (char)(0xE0 | (c >> 12));
    o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (c >> 18));
  o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* The string whose opening quote is at s[i - 1], decoded into o (room for
 * its raw length) and NUL-terminated; returns the index after the closing
 * quote, or 0 when jansson must judge it. *len gets the decoded length,
 * *esc whether it had escapes. */
static size_t scan_string(const unsigned char *s, size_t n, size_t i, char *o,
                          size_t *len, int *esc)
{
  size_t w = 0;
  *esc = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c == '"') {
      o[w] = '\0';
      *len = w;
      return i + 1;
    }
    if (c < 0x20)
      return 0;  /* a raw control character: an error */
    if (c < 0x80 && c != '\\') {
      o[w++] = (char)c;
      i++;
      continue;
    }
    if (c >= 0x80) {
      int32_t cp;
      size_t k = sc_utf8_decode(s + i, n - i, &cp);
      if (cp < 0)
        return 0;  /* jansson refuses it; read_jsonl.c repairs the line */
      memcpy(o + w, s + i, k);
      w += k;
      i += k;
      continue;
    }
    *esc = 1;
    if (i + 1 >= n)
      return 0;
    char e = (char)s[i + 1];
    i += 2;
    switch (e) {
    case '"': case '\\': case '/': o[w++] = e; continue;
    case 'b': o[w++] = '\b'; continue;
    case 'f': o[w++] = '\f'; continue;
    case 'n': o[w++] = '\n'; continue;
    case 'r': o[w++] = '\r'; continue;
    case 't': o[w++] = '\t'; continue;
    case 'u': break;
    default: return 0;
    }
    int32_t v, v2;
    if (n - i < 4 || hex4(s + i, &v) < 0)
      return 0;
    i += 4;
    if (v >= 0xDC00 && v <= 0xDFFF)
      return 0;
    if (v >= 0xD800 && v <= 0xDBFF) {
      if (n - i < 6 || s[i] != '\\' || s[i + 1] != 'u' ||
          hex4(s + i + 2, &v2) < 0 || v2 < 0xDC00 || v2 > 0xDFFF)
        return 0;
      i += 6;
      v = ((v - 0xD800) << 10) + (v2 - 0xDC00) + 0x10000;
    }
    w += put_cp(o + w, v);
  }
  return 0;  /* no closing quote */
}

/* An integer at s[i]; returns the index after it, or 0 when it is not
 * one this path takes (a real, too many digits, bad grammar). */
static size_t scan_int(const unsigned char *s, size_t n, size_t i)
{
  if (s[i] == '-')
    i++;
  if (i >= n || s[i] < '0' || s[i] > '9')
    return 0;
  size_t d = i;
  if (s[i] == '0') {
    i++;
  } else {
    while (i < n && s[i] >= '0' && s[i] <= '9')
      i++;
  }
  if (i - d > 18)
    return 0;  /* might overflow json_int_t: jansson decides */
  if (i < n && (s[i] == '.' || s[i] == 'e' || s[i] == 'E' ||
                (s[i] >= '0' && s[i] <= '9')))
    return 0;
  return i;
}

static size_t scan_word(const unsigned char *s, size_t n, size_t i,
                        const char *w, size_t wl)
{
  if (n - i < wl || memcmp(s + i, w, wl) != 0)
    return 0;
  i += wl;
  /* jansson reads a whole run of letters as the word */
  if (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
    return 0;
  return i;
}

int sc_jsonl_flat(const spamcls_reader *r, const char *line, size_t n,
                  sc_buf *scratch, sc_jflat *out)
{
  const unsigned char *s = (const unsigned char *)line;
  int rank[SC_ROLE_COUNT];
  for (int k = 0; k < SC_ROLE_COUNT; k++) {
    out->v[k].type = SC_JF_ABSENT;
    out->v[k].off = out->v[k].len = 0;
    rank[k] = -1;
  }
  /* What a key and its value leave here (decoded, a NUL each) is never
   * longer than their source with its quotes and colon: the buffer is
   * reserved once and does not move while the line is read. */
  sc_buf_clear(scratch);
  if (sc_buf_reserve(scratch, n + 16) < 0)
    return 0;
  char *o = scratch->data;
  size_t w = 0;
  size_t i = skip_ws(s, n, 0);
  if (i >= n || s[i] != '{')
    return 0;
  i = skip_ws(s, n, i + 1);
  if (i < n && s[i] == '}') {
    i++;
  } else {
    for (;;) {
      if (i >= n || s[i] != '"')
        return 0;
      size_t klen;
      int esc;
      size_t kpos = w;
      i = scan_string(s, n, i + 1, o + w, &klen, &esc);
      if (!i || esc)
        return 0;
      i = skip_ws(s, n, i);
      if (i >= n || s[i] != ':')
        return 0;
      i = skip_ws(s, n, i + 1);
      if (i >= n)
        return 0;
      sc_jf_val v;
      v.off = w + klen + 1;
      v.len = 0;
      unsigned char c = s[i];
      size_t next;
      if (c == '"') {
        v.type = SC_JF_STRING;
        next = scan_string(s, n, i + 1, o + v.off, &v.len, &esc);
        if (next)
          w = v.off + v.len + 1;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        v.type = SC_JF_INT;
        next = scan_int(s, n, i);
        if (next) {
          /* the text as "%lld" prints it: -0 is 0 */
          v.len = next - i;
          if (v.len == 2 && c == '-' && s[i + 1] == '0') {
            memcpy(o + v.off, "0", 1);
            v.len = 1;
          } else {
            memcpy(o + v.off, s + i, v.len);
          }
          o[v.off + v.len] = '\0';
          w = v.off + v.len + 1;
        }
      } else if (c == 't') {
        v.type = SC_JF_TRUE;
        next = scan_word(s, n, i, "true", 4);
      } else if (c == 'f') {
        v.type = SC_JF_FALSE;
        next = scan_word(s, n, i, "false", 5);
      } else if (c == 'n') {
        v.type = SC_JF_NULL;
        next = scan_word(s, n, i, "null", 4);
      } else {
        return 0;  /* an object, an array, or an error */
      }
      if (!next)
        return 0;
      for (int k = 0; k < SC_ROLE_COUNT; k++) {
        int rk = sc_input_field_rank(r, k, o + kpos, klen);
        if (rk < 0)
          continue;
        if (rank[k] == rk)
          return 0;  /* which one wins is jansson's to say */
        if (rank[k] < 0 || rk < rank[k]) {
          rank[k] = rk;
          out->v[k] = v;
        }
      }
      i = skip_ws(s, n, next);
      if (i < n && s[i] == ',') {
        i = skip_ws(s, n, i + 1);
        continue;
      }
      if (i < n && s[i] == '}') {
        i++;
        break;
      }
      return 0;
    }
  }
  if (skip_ws(s, n, i) != n)
    return 0;
  for (int k = 0; k < SC_ROLE_COUNT; k++)
    out->v[k].s = o + out->v[k].off;
  return 1;
}
