/*
 * html.h - HTML pages parsed with libxml2's HTML parser, every element
 * carrying its byte span in the original page.
 *
 * The page is first made valid UTF-8: converted from its declared charset
 * with iconv, or with invalid bytes and NULs replaced by U+FFFD. The
 * parser then reads that text with the encoding fixed, and an offset map
 * takes positions in it back to bytes of the page as given, so a
 * comment's span can be cut out of the original file.
 */
#ifndef SC_HTML_H
#define SC_HTML_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>

#include "pages.h"

typedef struct sc_span {
  size_t start, end;  /* in the parsed (UTF-8) text */
} sc_span;

typedef struct sc_html {
  htmlDocPtr doc;
  sc_span *span;       /* element spans; node->_private is index + 1 */
  size_t nspan, capspan;
  const char *text;    /* what was parsed (owned through owned) */
  size_t text_len;
  char *owned;
  uint32_t *map;       /* text offset -> page offset; NULL: identity */
  size_t page_len;
  char *charset;       /* declared charset, or NULL */
  int charset_ignored; /* charset cannot be right: read as UTF-8 */
  unsigned capped;     /* elements whose attributes were cut (html_doc.c) */
  unsigned invalid;    /* bytes that were not valid in their charset */
  int nomem;
} sc_html;

/* Attributes of one element that are parsed; the rest are cut. */
#define SC_HTML_MAX_ATTRS SPAMCLS_PAGE_MAX_ATTRS

/* Parses data[0..len); 0, or -1 when out of memory. charset, when not
 * NULL, is the one the page was served with (an HTTP header): it wins
 * over what the page declares, as in a browser; a byte order mark wins
 * over both. */
int sc_html_parse(sc_html *h, const char *data, size_t len,
                  const char *charset);
void sc_html_free(sc_html *h);

/* Sets up libxml2 once per process; call before any libxml2 use that may
 * run in a thread (html_doc.c). */
void sc_xml_init(void);

/* The element's span in the page as given; 0 when unknown. */
int sc_html_span(const sc_html *h, xmlNodePtr n, size_t *start, size_t *end);

/* Where the element's content begins (after its start tag) in the page
 * as given; 0 when unknown. */
int sc_html_inner_start(const sc_html *h, xmlNodePtr n, size_t *pos);

/* Helpers over the tree (html_text.c). */
/* Attribute value (owned by the tree) or NULL. */
const char *sc_attr(xmlNodePtr n, const char *name);
/* The class attribute has this token, case-insensitively. */
int sc_has_class(xmlNodePtr n, const char *token);
/* Some class token or the id contains this text, case-insensitively. */
int sc_class_contains(xmlNodePtr n, const char *part);
/* Element name equals name (lower case). */
int sc_is(xmlNodePtr n, const char *name);
/* Next element in document order under root (pre-order), or NULL. */
xmlNodePtr sc_next_in(xmlNodePtr root, xmlNodePtr n, int descend);
/* b is a or inside it. */
int sc_contains(xmlNodePtr a, xmlNodePtr b);
/* First descendant element of n with this class token, or NULL. */
xmlNodePtr sc_find_class(xmlNodePtr n, const char *token);
/* First descendant element of n with this name, or NULL. */
xmlNodePtr sc_find_tag(xmlNodePtr n, const char *name);
/* Readable text of n: whitespace collapsed, blocks on their own lines,
 * script/style left out, and subtrees for which skip(ctx, node) is nonzero
 * left out. Appends to b; -1 when out of memory. */
int sc_node_text(xmlNodePtr n, sc_buf *b,
                 int (*skip)(void *ctx, xmlNodePtr n), void *ctx);
/* strstr ignoring ASCII case. */
const char *sc_strcasestr(const char *hay, const char *needle);
/* Trims blanks at both ends of b in place. */
void sc_buf_trim(sc_buf *b);

/* A comment's fields while a finder gathers them (html_fields.c). */
typedef struct sc_fields {
  sc_buf author, url, date, body;
  int has_url;
} sc_fields;
void sc_fields_clear(sc_fields *f);
void sc_fields_free(sc_fields *f);
/* Appends n's trimmed text (see sc_node_text); -1 when out of memory. */
int sc_text_of(xmlNodePtr n, sc_buf *b, int (*skip)(void *, xmlNodePtr),
               void *ctx);
/* Appends an attribute value, trimmed; -1 when out of memory. */
int sc_put_attr(sc_buf *b, const char *v);
/* The first link's href under n as the author's URL; -1 out of memory. */
int sc_author_url(xmlNodePtr n, sc_fields *f);
/* "Jane says:" -> "Jane". */
void sc_drop_says(sc_buf *b);
/* Some element under root is an item (is_item). */
int sc_has_nested(xmlNodePtr root, int (*is_item)(xmlNodePtr));
/* Adds the comment, its span that of span_of. */
spamcls_status sc_fields_add(spamcls_page *p, sc_html *h, xmlNodePtr span_of,
                             sc_fields *f, int removable);

/* Appends the comment whose block holds its replies in the child
 * container replies: the range removed is the block's own content before
 * them, the start and end tags of the block stay (removable when known). */
spamcls_status sc_fields_add_own(spamcls_page *p, sc_html *h, xmlNodePtr item,
                                 xmlNodePtr replies, sc_fields *f);
/* Appends the comment that runs from element first to element last
 * (siblings), removable as that range. */
spamcls_status sc_fields_add_range(spamcls_page *p, sc_html *h,
                                   xmlNodePtr first, xmlNodePtr last,
                                   sc_fields *f);
/* Takes out of the fields what themes put into them beside the comment:
 * "NAME says:", a leading comment number, a "By NAME on DATE" header line
 * at the top of the text, reply and like buttons' labels at its end. */
void sc_fields_tidy(sc_fields *f);
/* A byline "By NAME, on DATE" fills an empty author and date: 1 if so. */
int sc_fields_byline(sc_fields *f, const char *s, size_t n);

/* What class names say (html_roles.c). */
/* A class word naming one comment: "comment", "js-comment",
 * "comment-item", "kommentar-item", "comment-42"; not "comments",
 * "comment-body" or "comment-list". */
int sc_word_names_comment(const char *tok, size_t n);
/* A class word with "comment" (in some language) in it. */
int sc_word_has_stem(const char *tok, size_t n);
/* n's classes (or, when they say nothing of comments, its id) name one. */
int sc_names_one_comment(xmlNodePtr n);
/* n's classes or id speak of comments at all. */
int sc_names_comments(xmlNodePtr n);
/* Some class word (and the id when with_id) contains one of parts. */
int sc_word_contains(xmlNodePtr n, const char *const *parts, int with_id);
/* A button, counter, form or other part of a comment that is not text. */
int sc_is_noise(xmlNodePtr n);
/* n sits in a sidebar, widget, ticker, dialog or navigation. */
int sc_in_foreign_region(xmlNodePtr n);
int sc_is_heading(xmlNodePtr n);

/* Where a comment's fields are (html_item.c): words of class names, equal
 * to a class token when exact (a known comment system), else contained
 * in one; skip lists parts that are not the text. Without an author
 * and a date, a block needs more than one word of text to count. */
typedef struct sc_roles {
  const char *const *author, *const *date, *const *body, *const *skip;
  int exact;
  int need_meta;  /* a comment must show an author or a date */
} sc_roles;
/* Which blocks are comments: is(ctx, n). */
typedef struct sc_itemkind {
  int (*is)(const void *ctx, xmlNodePtr n);
  const void *ctx;
} sc_itemkind;
int sc_is_item_of(const sc_itemkind *kind, xmlNodePtr n);
/* Adds the comment in block item (nested blocks of its kind are its
 * replies), when it has text of its own that is not all links. */
spamcls_status sc_item_add(spamcls_page *p, sc_html *h, xmlNodePtr item,
                           const sc_itemkind *kind, const sc_roles *r,
                           sc_fields *f);

/* The finders (wordpress.c, microdata.c, generic.c, jsonld.c): each adds
 * what it finds to p. */
spamcls_status sc_find_wordpress(spamcls_page *p, sc_html *h);
spamcls_status sc_find_systems(spamcls_page *p, sc_html *h);
spamcls_status sc_find_microdata(spamcls_page *p, sc_html *h);
spamcls_status sc_find_generic(spamcls_page *p, sc_html *h);
spamcls_status sc_find_jsonld(spamcls_page *p, sc_html *h);

#endif /* SC_HTML_H */
