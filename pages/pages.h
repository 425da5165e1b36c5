/*
 * pages.h - internals of comment extraction from archived pages
 * (spamcls_page_*): the result being built, and the finders for text
 * dumps and for each HTML markup.
 *
 * Every finder appends comments with sc_page_add; strings are copied into
 * one buffer and their pointers fixed once the page is complete, so a
 * finder may hand over spans that die with its own scratch memory.
 */
#ifndef SC_PAGES_H
#define SC_PAGES_H

#include <stddef.h>

#include "spamcls.h"
#include "util.h"

/* A comment while the page is being built: strings are offsets in
 * spamcls_page.strings until sc_page_finish resolves them. */
typedef struct sc_pending {
  size_t author, author_len;
  size_t author_url, author_url_len;
  int has_author_url;
  size_t date, date_len;
  size_t body, body_len;
  size_t start, end;
  int removable;
  size_t seq;  /* the order it was found in, for a stable page order */
} sc_pending;

struct spamcls_page {
  sc_pending *pend;
  spamcls_page_comment *c;
  size_t n, cap;
  sc_buf strings;
  const char *markup;   /* static name of the markup that was found */
  unsigned invalid_utf8;
  char *charset;        /* the declared charset, or NULL */
  int charset_ignored;  /* it cannot be right: read as UTF-8 */
  unsigned capped;      /* elements whose attributes were cut */
};

/* One comment's fields (UTF-8, trimmed by the caller), byte range in the
 * original page and whether removing that range removes just it. */
typedef struct sc_comment_in {
  const char *author; size_t author_len;
  const char *author_url; size_t author_url_len;  /* NULL: none */
  const char *date; size_t date_len;
  const char *body; size_t body_len;
  size_t start, end;
  int removable;
} sc_comment_in;

spamcls_status sc_page_add(spamcls_page *p, const sc_comment_in *c);

/* Text dumps: the numbered comment list at the end of a page. */
spamcls_status sc_text_comments(spamcls_page *p, const char *data,
                                size_t len);

/* HTML: parse, then WordPress, microdata, the generic finder and JSON-LD
 * in that order; the first that finds comments wins. */
spamcls_status sc_html_comments(spamcls_page *p, const char *data,
                                size_t len, const char *charset,
                                spamcls_error *err);

/* Counts invalid UTF-8 sequences (each maximal bad run counts once). */
unsigned sc_utf8_invalid(const char *s, size_t n);

#endif /* SC_PAGES_H */
