/*
 * export_raw.c - the bytes of an export as read, scanned element by
 * element in step with libxml2's reader, and written out with status
 * values replaced and nothing else changed.
 *
 * libxml2 does not tell exact byte positions of nodes (its counters are
 * those of the chunks it was fed), so the scan here finds them itself:
 * it only tells markup from text (comments, CDATA sections, processing
 * instructions, the DOCTYPE and quoted attribute values are stepped over
 * whole) and each start tag it finds must carry the name the reader just
 * reported, and each status value the text the reader decoded; any
 * disagreement stops the export rather than risk a wrong byte.
 */
#define _GNU_SOURCE  /* memmem */
#include <stdlib.h>
#include <string.h>

#include "export.h"

static int blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Index just past the first occurrence of the NUL-terminated pat in
 * b[i..n), or 0. */
static size_t past(const char *b, size_t n, size_t i, const char *pat)
{
  size_t m = strlen(pat);
  if (i > n)
    return 0;
  const char *hit = memmem(b + i, n - i, pat, m);
  return hit ? (size_t)(hit - b) + m : 0;
}

size_t sc_raw_markup(const char *b, size_t n, size_t i, int *kind,
                     size_t *ns, size_t *ne, int *empty)
{
  *kind = 2;
  *empty = 0;
  if (i + 1 >= n)
    return 0;
  char c = b[i + 1];
  if (c == '?')
    return past(b, n, i + 2, "?>");
  if (c == '!') {
    if (n - i >= 4 && memcmp(b + i, "<!--", 4) == 0)
      return past(b, n, i + 4, "-->");
    if (n - i >= 9 && memcmp(b + i, "<![CDATA[", 9) == 0)
      return past(b, n, i + 9, "]]>");
    /* A DOCTYPE: its internal subset in brackets, quoted literals and
     * comments in it may hold '>'. */
    int depth = 0;
    char q = 0;
    for (size_t k = i + 2; k < n; k++) {
      if (q) {
        if (b[k] == q)
          q = 0;
      } else if (b[k] == '"' || b[k] == '\'') {
        q = b[k];
      } else if (b[k] == '<' && n - k >= 4 && memcmp(b + k, "<!--", 4) == 0) {
        size_t e = past(b, n, k + 4, "-->");
        if (!e)
          return 0;
        k = e - 1;
      } else if (b[k] == '[') {
        depth++;
      } else if (b[k] == ']') {
        depth--;
      } else if (b[k] == '>' && depth <= 0) {
        return k + 1;
      }
    }
    return 0;
  }
  if (c == '/') {
    *kind = 1;
    size_t k = i + 2;
    *ns = k;
    while (k < n && !blank(b[k]) && b[k] != '>')
      k++;
    *ne = k;
    const char *gt = k < n ? memchr(b + k, '>', n - k) : NULL;
    return gt ? (size_t)(gt - b) + 1 : 0;
  }
  *kind = 0;
  size_t k = i + 1;
  *ns = k;
  while (k < n && !blank(b[k]) && b[k] != '>' && b[k] != '/')
    k++;
  *ne = k;
  char q = 0;
  for (; k < n; k++) {
    if (q) {
      if (b[k] == q)
        q = 0;
    } else if (b[k] == '"' || b[k] == '\'') {
      q = b[k];
    } else if (b[k] == '>') {
      *empty = b[k - 1] == '/';
      return k + 1;
    }
  }
  return 0;
}

int sc_raw_feed(sc_raw *r, const char *p, size_t n)
{
  if (r->len + n > r->cap) {
    size_t cap = r->cap ? r->cap : 65536;
    while (cap < r->len + n)
      cap *= 2;
    char *b = realloc(r->buf, cap);
    if (!b)
      return -1;
    r->buf = b;
    r->cap = cap;
  }
  memcpy(r->buf + r->len, p, n);
  r->len += n;
  if (!r->line)
    r->line = 1;
  return 0;
}

/* The next markup at or after pos, outside text: its index in *at. */
static size_t next_markup(const sc_raw *r, size_t *at, int *kind, size_t *ns,
                          size_t *ne, int *empty)
{
  size_t i = r->pos;
  while (i < r->len) {
    const char *lt = memchr(r->buf + i, '<', r->len - i);
    if (!lt)
      return 0;
    *at = (size_t)(lt - r->buf);
    return sc_raw_markup(r->buf, r->len, *at, kind, ns, ne, empty);
  }
  return 0;
}

int sc_raw_next_start(sc_raw *r, const char *qname, int *empty)
{
  for (;;) {
    size_t at, ns, ne;
    int kind;
    size_t end = next_markup(r, &at, &kind, &ns, &ne, empty);
    if (!end)
      return -1;
    r->pos = end;
    if (kind == 0) {
      size_t m = strlen(qname);
      r->tag = r->base + at;
      return ne - ns == m && memcmp(r->buf + ns, qname, m) == 0 ? 0 : -1;
    }
  }
}

int sc_raw_content(sc_raw *r, const char *qname, unsigned long long *cs,
                   unsigned long long *ce)
{
  *cs = r->base + r->pos;
  for (;;) {
    size_t at, ns, ne;
    int kind, empty;
    size_t end = next_markup(r, &at, &kind, &ns, &ne, &empty);
    if (!end || kind == 0)
      return -1;  /* a child element: the reader would have said so */
    r->pos = end;
    if (kind == 1) {
      size_t m = strlen(qname);
      *ce = r->base + at;
      return ne - ns == m && memcmp(r->buf + ns, qname, m) == 0 ? 0 : -1;
    }
  }
}

void sc_raw_value(const sc_raw *r, unsigned long long cs,
                  unsigned long long ce, unsigned long long *vs,
                  unsigned long long *ve, const char **text, size_t *tlen)
{
  const char *b = r->buf;
  size_t s = (size_t)(cs - r->base), e = (size_t)(ce - r->base);
  *vs = cs;
  *ve = ce;
  *text = NULL;
  *tlen = 0;
  while (s < e && blank(b[s]))
    s++;
  while (e > s && blank(b[e - 1]))
    e--;
  if (e - s >= 12 && memcmp(b + s, "<![CDATA[", 9) == 0 &&
      memcmp(b + e - 3, "]]>", 3) == 0 &&
      past(b, e, s + 9, "]]>") == e) {
    s += 9;
    e -= 3;
    while (s < e && blank(b[s]))
      s++;
    while (e > s && blank(b[e - 1]))
      e--;
  } else if (memchr(b + s, '<', e - s) || memchr(b + s, '&', e - s)) {
    return;  /* entities or markup: the whole content is the value */
  }
  *vs = r->base + s;
  *ve = r->base + e;
  *text = b + s;
  *tlen = e - s;
}

unsigned long sc_raw_line(const sc_raw *r, unsigned long long off)
{
  unsigned long line = r->line ? r->line : 1;
  size_t upto = off > r->base ? (size_t)(off - r->base) : 0;
  if (upto > r->len)
    upto = r->len;
  for (const char *p = r->buf, *end = r->buf + upto;
       p && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
    line++;
  return line;
}

unsigned long long sc_raw_tag_start(const sc_raw *r)
{
  return r->tag;
}

/* Writes (or drops) buf[0..n) and moves the window past it. */
static int emit(sc_raw *r, size_t n)
{
  if (!n)
    return 0;
  if (r->out && !r->write_failed && fwrite(r->buf, 1, n, r->out) != n)
    r->write_failed = 1;
  r->line = sc_raw_line(r, r->base + n);
  memmove(r->buf, r->buf + n, r->len - n);
  r->len -= n;
  r->pos -= n < r->pos ? n : r->pos;
  r->base += n;
  return r->write_failed ? -1 : 0;
}

int sc_raw_flush(sc_raw *r)
{
  size_t n = r->pos;
  if (r->hold && r->hold_at - r->base < n)
    n = (size_t)(r->hold_at - r->base);
  return emit(r, n);
}

void sc_raw_hold(sc_raw *r, unsigned long long at)
{
  if (r->hold)
    return;  /* an earlier value still waits */
  r->hold = 1;
  r->hold_at = at;
}

int sc_raw_release(sc_raw *r, unsigned long long vs, unsigned long long ve,
                   const char *repl, int hold_next, unsigned long long next)
{
  if (vs < r->base || ve < vs || ve > r->base + r->len)
    return -1;  /* written already: a value held back must still be here */
  r->hold = 0;
  if (emit(r, (size_t)(vs - r->base)) != 0)
    return -1;
  if (repl) {
    size_t m = strlen(repl);
    if (r->out && !r->write_failed && fwrite(repl, 1, m, r->out) != m)
      r->write_failed = 1;
    /* The value replaced: its bytes are dropped, not written. */
    FILE *out = r->out;
    r->out = NULL;
    emit(r, (size_t)(ve - vs));
    r->out = out;
  }
  if (r->write_failed)
    return -1;
  if (hold_next)
    sc_raw_hold(r, next);
  return sc_raw_flush(r);
}

int sc_raw_finish(sc_raw *r)
{
  for (;;) {
    size_t at, ns, ne;
    int kind, empty;
    size_t end = next_markup(r, &at, &kind, &ns, &ne, &empty);
    if (!end)
      break;
    if (kind == 0)
      return -1;
    r->pos = end;
  }
  r->pos = r->len;
  r->hold = 0;
  return sc_raw_flush(r) == 0 ? 0 : -2;
}

void sc_raw_free(sc_raw *r)
{
  free(r->buf);
  memset(r, 0, sizeof *r);
}
