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

/* The line starting at off; 0 past the end. Lines are found as they are
 * needed, never indexed whole: a page of millions of short lines costs no
 * memory. */
static int line_at(const char *s, size_t n, size_t off, line *l)
{
  if (off >= n)
    return 0;
  const char *nl = memchr(s + off, '\n', n - off);
  size_t end = nl ? (size_t)(nl - s) : n;
  l->off = off;
  l->len = end - off;
  if (l->len && s[end - 1] == '\r')
    l->len--;
  l->next = nl ? end + 1 : n;
  l->indent = 0;
  size_t k = off;
  for (; k < off + l->len && (s[k] == ' ' || s[k] == '\t'); k++)
    l->indent += s[k] == '\t' ? 4 : 1;
  l->blank = k == off + l->len;
  return 1;
}

/* The first non-blank line at or after off; 0 when none is left. *skipped
 * counts the blank lines passed. */
static int nonblank_at(const char *s, size_t n, size_t off, line *l,
                       size_t *skipped)
{
  size_t k = 0;
  while (line_at(s, n, off, l)) {
    if (!l->blank) {
      if (skipped)
        *skipped = k;
      return 1;
    }
    k++;
    off = l->next;
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

typedef struct item {
  unsigned long number;
  line head;          /* the number line */
  size_t name_off;
  line date;          /* the date line */
  size_t body_first;  /* offset of the first body line */
  size_t body_end;    /* offset just past the last body line; == body_first
                         when there is no body */
} item;

/* Parses the item whose number line starts at off; 0 if it is not one. */
static int parse_item(const char *s, size_t n, size_t off, item *it)
{
  if (!line_at(s, n, off, &it->head))
    return 0;
  it->number = item_number(s, &it->head, &it->name_off);
  if (!it->number)
    return 0;
  size_t gap;
  line d;
  if (!nonblank_at(s, n, it->head.next, &d, &gap) || gap > 2 ||
      d.indent <= it->head.indent || !looks_like_date(s + d.off, d.len))
    return 0;
  it->date = d;
  size_t depth = d.indent;
  it->body_first = it->body_end = d.next;
  int any = 0;
  line l;
  for (size_t at = d.next; line_at(s, n, at, &l); at = l.next) {
    if (l.blank)
      continue;
    size_t dummy;
    if (l.indent < depth ||
        (l.indent <= it->head.indent && item_number(s, &l, &dummy)))
      break;
    if (!any)
      it->body_first = l.off;
    any = 1;
    it->body_end = l.next;
  }
  if (!any)
    it->body_first = it->body_end = d.next;
  return 1;
}

static spamcls_status emit(spamcls_page *p, const char *s, size_t n,
                           const item *it, size_t end, sc_buf *scratch)
{
  const line *hl = &it->head, *dl = &it->date;
  sc_buf_clear(scratch);
  /* author, then date, then body, each in scratch; spans by offset. */
  size_t a0 = 0;
  size_t alen = hl->off + hl->len - it->name_off;
  while (alen && (s[it->name_off + alen - 1] == ' ' ||
                  s[it->name_off + alen - 1] == '\t'))
    alen--;
  if (sc_buf_append_utf8(scratch, s + it->name_off, alen) < 0)
    return SPAMCLS_ERR_NOMEM;
  size_t a1 = scratch->len, d0 = a1;
  size_t doff = dl->off, dlen = dl->len;
  while (dlen && (s[doff] == ' ' || s[doff] == '\t'))
    doff++, dlen--;
  while (dlen && (s[doff + dlen - 1] == ' ' || s[doff + dlen - 1] == '\t'))
    dlen--;
  if (sc_buf_append_utf8(scratch, s + doff, dlen) < 0)
    return SPAMCLS_ERR_NOMEM;
  size_t d1 = scratch->len, b0 = d1;
  size_t depth = dl->indent;
  int pending_blank = 0, any = 0;
  line l;
  for (size_t at = it->body_first; at < it->body_end && line_at(s, n, at, &l);
       at = l.next) {
    if (l.blank) {
      pending_blank = any;
      continue;
    }
    if (any && sc_buf_append(scratch, pending_blank ? "\n\n" : "\n",
                             pending_blank ? 2 : 1) < 0)
      return SPAMCLS_ERR_NOMEM;
    pending_blank = 0;
    /* Drop the body's common indentation, keep any deeper. */
    size_t k = l.off, col = 0;
    while (k < l.off + l.len && col < depth && (s[k] == ' ' || s[k] == '\t')) {
      col += s[k] == '\t' ? 4 : 1;
      k++;
    }
    size_t m = l.off + l.len - k;
    while (m && (s[k + m - 1] == ' ' || s[k + m - 1] == '\t'))
      m--;
    if (sc_buf_append_utf8(scratch, s + k, m) < 0)
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
  spamcls_status st = SPAMCLS_OK;
  sc_buf scratch = {0};
  line l;
  for (size_t at = 0; st == SPAMCLS_OK && line_at(s, len, at, &l);) {
    item it;
    if (!parse_item(s, len, at, &it)) {
      at = l.next;
      continue;
    }
    /* A run of items numbered on by one. */
    for (;;) {
      line nl;
      item nx;
      int more = nonblank_at(s, len, it.body_end, &nl, NULL) &&
                 parse_item(s, len, nl.off, &nx) &&
                 nx.number == it.number + 1 &&
                 nx.head.indent == it.head.indent;
      size_t end = more ? nl.off : it.body_end;
      if ((st = emit(p, s, len, &it, end, &scratch)) != SPAMCLS_OK)
        break;
      if (!more) {
        at = it.body_end;
        break;
      }
      it = nx;
    }
  }
  sc_buf_free(&scratch);
  return st;
}
