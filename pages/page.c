/*
 * page.c - spamcls_page_extract and the result it hands out.
 *
 * This is the one entry point from page bytes to comments: it decides
 * between a text dump and HTML and calls the finders. Strings of every
 * comment live in one buffer; pointers into it are set at the end, once
 * the buffer has stopped moving.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pages.h"

unsigned sc_utf8_invalid(const char *s, size_t n)
{
  unsigned bad = 0;
  int in_bad = 0;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    size_t k = sc_utf8_decode(s + i, n - i, &cp);
    if (cp < 0) {  /* byte by byte: a run of bad bytes counts once */
      if (!in_bad)
        bad++;
      in_bad = 1;
      i++;
    } else {
      in_bad = 0;
      i += k;
    }
  }
  return bad;
}

static int put_span(spamcls_page *p, const char *s, size_t n, size_t *off,
                    size_t *len)
{
  *off = p->strings.len;
  *len = n;
  return n && sc_buf_append(&p->strings, s, n) < 0 ? -1 : 0;
}

spamcls_status sc_page_add(spamcls_page *p, const sc_comment_in *c)
{
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    sc_pending *v = realloc(p->pend, cap * sizeof *v);
    if (!v)
      return SPAMCLS_ERR_NOMEM;
    p->pend = v;
    p->cap = cap;
  }
  sc_pending *d = &p->pend[p->n];
  memset(d, 0, sizeof *d);
  if (put_span(p, c->author, c->author_len, &d->author, &d->author_len) ||
      put_span(p, c->date, c->date_len, &d->date, &d->date_len) ||
      put_span(p, c->body, c->body_len, &d->body, &d->body_len))
    return SPAMCLS_ERR_NOMEM;
  if (c->author_url) {
    d->has_author_url = 1;
    if (put_span(p, c->author_url, c->author_url_len, &d->author_url,
                 &d->author_url_len))
      return SPAMCLS_ERR_NOMEM;
  }
  d->start = c->start;
  d->end = c->end;
  d->removable = c->removable;
  d->seq = p->n;
  p->n++;
  return SPAMCLS_OK;
}

/* Page order: by start, then in the order the finders found them. */
static int by_start(const void *a, const void *b)
{
  const sc_pending *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Broken markup can give spans that overlap (a comment found inside
 * another's span, or two half-overlapping): cutting one out would then
 * cut part of another, so no overlapping span is removable except one
 * wholly inside every span it meets, whose removal takes only itself.
 * The spans are sorted by start. In O(n log n), as JSON-LD gives every
 * comment the same span (the script element) and a page may hold 100,000:
 *   - a span is not removable when the next one starts before it ends
 *     (every later span starts at or after the next one);
 *   - nor when an earlier span still running ends before it does (a min-
 *     heap of the ends of earlier spans, those ended popped);
 *   - nor when another span has its very bounds. */
typedef struct bounds {
  size_t start, end, at;
} bounds;

static int by_bounds(const void *a, const void *b)
{
  const bounds *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

static void heap_push(size_t *h, size_t *n, size_t v)
{
  size_t i = (*n)++;
  while (i && h[(i - 1) / 2] > v) {
    h[i] = h[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h[i] = v;
}

static void heap_pop(size_t *h, size_t *n)
{
  size_t v = h[--*n], i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= *n)
      break;
    if (c + 1 < *n && h[c + 1] < h[c])
      c++;
    if (h[c] >= v)
      break;
    h[i] = h[c];
    i = c;
  }
  if (*n)
    h[i] = v;
}

static spamcls_status keep_overlaps(spamcls_page *p)
{
  size_t *heap = malloc(p->n * sizeof *heap), nheap = 0;
  bounds *idx = malloc(p->n * sizeof *idx);
  if (!heap || !idx) {
    free(heap);
    free(idx);
    return SPAMCLS_ERR_NOMEM;
  }
  for (size_t j = 0; j < p->n; j++) {
    sc_pending *c = &p->pend[j];
    if (j + 1 < p->n && p->pend[j + 1].start < c->end)
      c->removable = 0;
    while (nheap && heap[0] <= c->start)
      heap_pop(heap, &nheap);
    if (nheap && heap[0] < c->end)
      c->removable = 0;
    heap_push(heap, &nheap, c->end);
    idx[j] = (bounds){c->start, c->end, j};
  }
  qsort(idx, p->n, sizeof *idx, by_bounds);
  for (size_t i = 0; i + 1 < p->n; i++) {
    sc_pending *a = &p->pend[idx[i].at], *b = &p->pend[idx[i + 1].at];
    if (a->start == b->start && a->end == b->end && a->start < a->end)
      a->removable = b->removable = 0;
  }
  free(heap);
  free(idx);
  return SPAMCLS_OK;
}

static spamcls_status page_finish(spamcls_page *p)
{
  if (!p->n)
    return SPAMCLS_OK;
  if (sc_buf_reserve(&p->strings, 0) < 0)
    return SPAMCLS_ERR_NOMEM;
  qsort(p->pend, p->n, sizeof *p->pend, by_start);
  if (keep_overlaps(p) != SPAMCLS_OK)
    return SPAMCLS_ERR_NOMEM;
  p->c = calloc(p->n, sizeof *p->c);
  if (!p->c)
    return SPAMCLS_ERR_NOMEM;
  const char *base = p->strings.data;
  for (size_t i = 0; i < p->n; i++) {
    const sc_pending *d = &p->pend[i];
    spamcls_page_comment *c = &p->c[i];
    c->author = base + d->author;
    c->author_len = d->author_len;
    c->author_url = d->has_author_url ? base + d->author_url : NULL;
    c->author_url_len = d->author_url_len;
    c->date = base + d->date;
    c->date_len = d->date_len;
    c->body = base + d->body;
    c->body_len = d->body_len;
    c->start = d->start;
    c->end = d->end;
    c->removable = d->removable;
  }
  return SPAMCLS_OK;
}

/* Markup: the first non-blank byte (after a UTF-8 byte order mark) is '<',
 * or a line near the start opens with <!doctype or <html. */
static int looks_like_html(const char *s, size_t n)
{
  size_t i = 0;
  if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
    i = 3;
  /* UTF-16 with a byte order mark: look at the low or high bytes. */
  if (n >= 4 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2))) {
    size_t k = s[0] == '\xFF' ? 2 : 3;
    while (k < n && (s[k] == ' ' || s[k] == '\r' || s[k] == '\n' ||
                     s[k] == '\t'))
      k += 2;
    return k < n && s[k] == '<';
  }
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                   s[i] == '\n'))
    i++;
  if (i < n && s[i] == '<')
    return 1;
  /* Some text before the markup: a <!doctype> or <html> tag opening a line
   * near the start. (Text dumps quote markup only inside indented comment
   * bodies, never at the start of a line.) */
  size_t lim = n < 4096 ? n : 4096;
  for (size_t k = 0; k + 5 <= lim; k++)
    if (s[k] == '<' && (k == 0 || s[k - 1] == '\n') &&
        (!strncasecmp(s + k, "<html", 5) || !strncasecmp(s + k, "<!doctype", 9)))
      return 1;
  return 0;
}

spamcls_status spamcls_page_extract(const void *data, size_t len,
                                    spamcls_page_kind kind,
                                    spamcls_page **out, spamcls_error *err)
{
  return spamcls_page_extract_charset(data, len, kind, NULL, out, err);
}

spamcls_status spamcls_page_extract_charset(const void *data, size_t len,
                                            spamcls_page_kind kind,
                                            const char *charset,
                                            spamcls_page **out,
                                            spamcls_error *err)
{
  *out = NULL;
  if (!data && len)
    return sc_error(err, SPAMCLS_ERR_PARAM, "page: no data");
  if (kind != SPAMCLS_PAGE_AUTO && kind != SPAMCLS_PAGE_TEXT &&
      kind != SPAMCLS_PAGE_HTML)
    return sc_error(err, SPAMCLS_ERR_PARAM, "page: unknown kind %d",
                    (int)kind);
  spamcls_page *p = calloc(1, sizeof *p);
  if (!p)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "page: out of memory");
  p->markup = "none";
  const char *s = data ? data : "";
  if (kind == SPAMCLS_PAGE_AUTO)
    kind = looks_like_html(s, len) ? SPAMCLS_PAGE_HTML : SPAMCLS_PAGE_TEXT;
  spamcls_status st;
  if (kind == SPAMCLS_PAGE_HTML) {
    st = sc_html_comments(p, s, len, charset, err);
  } else {
    p->invalid_utf8 = sc_utf8_invalid(s, len);
    st = sc_text_comments(p, s, len);
    if (st == SPAMCLS_OK && p->n)
      p->markup = "text";
  }
  if (st == SPAMCLS_OK)
    st = page_finish(p);
  if (st != SPAMCLS_OK) {
    spamcls_page_free(p);
    return st == SPAMCLS_ERR_NOMEM
               ? sc_error(err, st, "page: out of memory")
               : st;
  }
  *out = p;
  return SPAMCLS_OK;
}

size_t spamcls_page_count(const spamcls_page *p)
{
  return p ? p->n : 0;
}

const spamcls_page_comment *spamcls_page_get(const spamcls_page *p, size_t i)
{
  return p && i < p->n ? &p->c[i] : NULL;
}

const char *spamcls_page_markup(const spamcls_page *p)
{
  return p ? p->markup : "none";
}

unsigned spamcls_page_capped_elements(const spamcls_page *p)
{
  return p ? p->capped : 0;
}

const char *spamcls_page_charset_ignored(const spamcls_page *p)
{
  return p && p->charset_ignored ? p->charset : NULL;
}

unsigned spamcls_page_invalid_utf8(const spamcls_page *p)
{
  return p ? p->invalid_utf8 : 0;
}

void spamcls_page_free(spamcls_page *p)
{
  if (!p)
    return;
  free(p->pend);
  free(p->c);
  free(p->charset);
  sc_buf_free(&p->strings);
  free(p);
}
