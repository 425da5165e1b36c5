/*
 * text_dump.c - reader comments in a text dump of a page.
 *
 * Archived pages saved as text end with their comment section as a
 * numbered list:
 *
 *     2 Comments              (optional header)
 *
 *       1. Kseniya            an indented number, a dot, the author
 *
 *         March 3, 2015 at 11:51 AM     a date line, indented deeper
 *
 *         How long is it ...  the body: lines at least as deep as the
 *         ... more lines      date, blank lines inside allowed; may be
 *                             absent
 *       2. kelly
 *
 * An item counts only with its date line right below it (blank lines
 * aside) and numbers that run on by one, so a numbered list inside the
 * article ("1. First, ...") or a bulleted menu is never taken for
 * comments. Each comment's byte range runs from its number line to the
 * next item's number line (the last one: to the end of its last line).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pages.h"

typedef struct line {
  size_t off;      /* first byte */
  size_t len;      /* without the line break */
  size_t next;     /* first byte of the next line */
  size_t indent;   /* leading spaces (a tab counts as 4) */
  int blank;
} line;

typedef struct lines {
  line *v;
  size_t n;
} lines;

static int split_lines(const char *s, size_t n, lines *out)
{
  size_t cap = 64;
  out->n = 0;
  out->v = malloc(cap * sizeof *out->v);
  if (!out->v)
    return -1;
  for (size_t i = 0; i < n;) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t end = nl ? (size_t)(nl - s) : n;
    if (out->n == cap) {
      cap *= 2;
      line *v = realloc(out->v, cap * sizeof *v);
      if (!v)
        return -1;
      out->v = v;
    }
    line *l = &out->v[out->n++];
    l->off = i;
    l->len = end - i;
    if (l->len && s[end - 1] == '\r')
      l->len--;
    l->next = nl ? end + 1 : n;
    l->indent = 0;
    size_t k = i;
    for (; k < i + l->len && (s[k] == ' ' || s[k] == '\t'); k++)
      l->indent += s[k] == '\t' ? 4 : 1;
    l->blank = k == i + l->len;
    i = l->next;
  }
  return 0;
}

/* "  12. name": the number and where the name starts; 0 if not one. */
static unsigned long item_number(const char *s, const line *l,
                                 size_t *name_off)
{
  if (l->blank || l->indent > 12)
    return 0;
  size_t i = l->off, end = l->off + l->len;
  while (i < end && (s[i] == ' ' || s[i] == '\t'))
    i++;
  size_t d = i;
  unsigned long n = 0;
  while (i < end && isdigit((unsigned char)s[i]) && i - d < 6)
    n = n * 10 + (unsigned long)(s[i++] - '0');
  if (i == d || i >= end || s[i] != '.' || i + 1 >= end ||
      (s[i + 1] != ' ' && s[i + 1] != '\t'))
    return 0;
  i++;
  while (i < end && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i == end)
    return 0;
  *name_off = i;
  return n;
}

static const char *const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
  "nov", "dec"
};
static const char *const units[] = {
  "second", "minute", "hour", "day", "week", "month", "year"
};

static int word_is_month(const char *w, size_t n)
{
  if (n < 3)
    return 0;
  for (size_t m = 0; m < 12; m++)
    if (!strncasecmp(w, months[m], 3)) {
      /* "Mar", "March", "Sept", "Sep." */
      static const char *const full[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"
      };
      if (n == 3 || (n == 4 && w[3] == '.') ||
          (n == strlen(full[m]) && !strncasecmp(w, full[m], n)) ||
          (m == 8 && n == 4 && !strncasecmp(w, "sept", 4)))
        return 1;
    }
  return 0;
}

static int word_is_unit(const char *w, size_t n)
{
  for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
    size_t k = strlen(units[u]);
    if ((n == k || (n == k + 1 && w[k] == 's')) && !strncasecmp(w, units[u], k))
      return 1;
  }
  return 0;
}

/* A comment's date line: a month name or a numeric date with a year
 * ("March 3, 2015 at 11:51 AM", "2015-03-03 11:51", "03/03/2015"), or a
 * relative one ("3 days ago", "yesterday"). Short, and mostly that. */
static int looks_like_date(const char *s, size_t n)
{
  while (n && (*s == ' ' || *s == '\t'))
    s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (n == 0 || n > 64)
    return 0;
  int month = 0, year = 0, numeric = 0, ago = 0, unit = 0, rel = 0;
  size_t words = 0;
  for (size_t i = 0; i < n;) {
    if (isalpha((unsigned char)s[i])) {
      size_t j = i;
      while (j < n && (isalpha((unsigned char)s[j]) || s[j] == '.'))
        j++;
      size_t wl = j - i;
      while (wl && s[i + wl - 1] == '.')
        wl--;
      month |= word_is_month(s + i, j - i);
      unit |= word_is_unit(s + i, wl);
      if (wl == 3 && !strncasecmp(s + i, "ago", 3))
        ago = 1;
      if ((wl == 9 && !strncasecmp(s + i, "yesterday", 9)) ||
          (wl == 5 && !strncasecmp(s + i, "today", 5)))
        rel = 1;
      words++;
      i = j;
    } else if (isdigit((unsigned char)s[i])) {
      size_t j = i;
      while (j < n && isdigit((unsigned char)s[j]))
        j++;
      if (j - i == 4 && (s[i] == '1' || s[i] == '2'))
        year = 1;
      /* 2015-03-03, 03/03/2015, 3.3.2015 */
      if (j < n && (s[j] == '-' || s[j] == '/' || s[j] == '.') &&
          j + 1 < n && isdigit((unsigned char)s[j + 1]))
        numeric = 1;
      i = j;
    } else {
      i++;
    }
  }
  if (words > 6)
    return 0;
  return ((month || numeric) && year) || (ago && unit) || rel;
}

/* Appends s[0..n) to b with invalid UTF-8 replaced by U+FFFD. */
static int append_utf8(sc_buf *b, const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t k = sc_utf8_seq(u + i, n - i);
    if (k == 0) {
      if (sc_buf_append(b, "\xEF\xBF\xBD", 3) < 0)
        return -1;
      i++;
    } else {
      if (sc_buf_append(b, s + i, k) < 0)
        return -1;
      i += k;
    }
  }
  return 0;
}

/* Skips blank lines from i; n when none is left. */
static size_t next_nonblank(const lines *L, size_t i)
{
  while (i < L->n && L->v[i].blank)
    i++;
  return i;
}

typedef struct item {
  unsigned long number;
  size_t head;        /* the number line */
  size_t name_off;
  size_t date;        /* the date line */
  size_t body_first;  /* first body line, == body_end when none */
  size_t body_end;    /* one past the last body line */
} item;

/* Parses the item whose number line is h; 0 if it is not one. */
static int parse_item(const char *s, const lines *L, size_t h, item *it)
{
  const line *hl = &L->v[h];
  it->number = item_number(s, hl, &it->name_off);
  if (!it->number)
    return 0;
  it->head = h;
  size_t d = next_nonblank(L, h + 1);
  if (d >= L->n || d - h > 3 || L->v[d].indent <= hl->indent ||
      !looks_like_date(s + L->v[d].off, L->v[d].len))
    return 0;
  it->date = d;
  size_t depth = L->v[d].indent;
  size_t last = d;
  for (size_t i = d + 1; i < L->n; i++) {
    const line *l = &L->v[i];
    if (l->blank)
      continue;
    size_t dummy;
    if (l->indent < depth || (l->indent <= hl->indent &&
                              item_number(s, l, &dummy)))
      break;
    last = i;
  }
  it->body_first = next_nonblank(L, d + 1);
  if (it->body_first > last)
    it->body_first = last + 1;
  it->body_end = last + 1;
  return 1;
}

static spamcls_status emit(spamcls_page *p, const char *s, const lines *L,
                           const item *it, size_t end, sc_buf *scratch)
{
  const line *hl = &L->v[it->head], *dl = &L->v[it->date];
  sc_buf_clear(scratch);
  /* author, then date, then body, each in scratch; spans by offset. */
  size_t a0 = 0;
  size_t alen = hl->off + hl->len - it->name_off;
  while (alen && (s[it->name_off + alen - 1] == ' ' ||
                  s[it->name_off + alen - 1] == '\t'))
    alen--;
  if (append_utf8(scratch, s + it->name_off, alen) < 0)
    return SPAMCLS_ERR_NOMEM;
  size_t a1 = scratch->len, d0 = a1;
  size_t doff = dl->off, dlen = dl->len;
  while (dlen && (s[doff] == ' ' || s[doff] == '\t'))
    doff++, dlen--;
  while (dlen && (s[doff + dlen - 1] == ' ' || s[doff + dlen - 1] == '\t'))
    dlen--;
  if (append_utf8(scratch, s + doff, dlen) < 0)
    return SPAMCLS_ERR_NOMEM;
  size_t d1 = scratch->len, b0 = d1;
  size_t depth = dl->indent;
  int pending_blank = 0, any = 0;
  for (size_t i = it->body_first; i < it->body_end; i++) {
    const line *l = &L->v[i];
    if (l->blank) {
      pending_blank = any;
      continue;
    }
    if (any && sc_buf_append(scratch, pending_blank ? "\n\n" : "\n",
                             pending_blank ? 2 : 1) < 0)
      return SPAMCLS_ERR_NOMEM;
    pending_blank = 0;
    /* Drop the body's common indentation, keep any deeper. */
    size_t k = l->off, col = 0;
    while (k < l->off + l->len && col < depth &&
           (s[k] == ' ' || s[k] == '\t')) {
      col += s[k] == '\t' ? 4 : 1;
      k++;
    }
    size_t n = l->off + l->len - k;
    while (n && (s[k + n - 1] == ' ' || s[k + n - 1] == '\t'))
      n--;
    if (append_utf8(scratch, s + k, n) < 0)
      return SPAMCLS_ERR_NOMEM;
    any = 1;
  }
  size_t b1 = scratch->len;
  if (sc_buf_reserve(scratch, 0) < 0)
    return SPAMCLS_ERR_NOMEM;
  sc_comment_in c = {
    .author = scratch->data + a0, .author_len = a1 - a0,
    .date = scratch->data + d0, .date_len = d1 - d0,
    .body = scratch->data + b0, .body_len = b1 - b0,
    .start = hl->off, .end = end, .removable = 1,
  };
  return sc_page_add(p, &c);
}

spamcls_status sc_text_comments(spamcls_page *p, const char *s, size_t len)
{
  lines L;
  if (split_lines(s, len, &L) < 0) {
    free(L.v);
    return SPAMCLS_ERR_NOMEM;
  }
  spamcls_status st = SPAMCLS_OK;
  sc_buf scratch = {0};
  for (size_t h = 0; h < L.n && st == SPAMCLS_OK;) {
    item it;
    if (!parse_item(s, &L, h, &it)) {
      h++;
      continue;
    }
    /* A run of items numbered on by one. */
    for (;;) {
      size_t nh = next_nonblank(&L, it.body_end);
      item nx;
      int more = nh < L.n && parse_item(s, &L, nh, &nx) &&
                 nx.number == it.number + 1 &&
                 L.v[nh].indent == L.v[it.head].indent;
      size_t end = more ? L.v[nh].off : L.v[it.body_end - 1].next;
      if ((st = emit(p, s, &L, &it, end, &scratch)) != SPAMCLS_OK)
        break;
      if (!more) {
        h = it.body_end;
        break;
      }
      it = nx;
    }
  }
  sc_buf_free(&scratch);
  free(L.v);
  return st;
}
