/*
 * export.h - internals of site export reading (spamcls_export_*).
 *
 * export_read.c drives libxml2's XML reader over the export and gathers
 * each comment's fields; a dialect (export_wxr.c, export_disqus.c) says
 * which elements are comments and fields and what the status values mean.
 * export_raw.c keeps the bytes read and finds in them, element by
 * element in step with the reader, the exact span of each status value,
 * so that the copy written differs from the input only where marked.
 * export_body.c turns a comment's HTML into text for scoring.
 */
#ifndef SC_EXPORT_H
#define SC_EXPORT_H

#include <libxml/xmlreader.h>
#include <stddef.h>
#include <stdio.h>

#include "spamcls.h"
#include "util.h"

/* ---------------------------------------------------------------- raw */

/* The bytes read and not yet written out: buf[0] is the file's byte base.
 * Scanning never goes past what the XML reader has parsed, so whatever it
 * looks for is already there. */
typedef struct sc_raw {
  FILE *out;                  /* NULL: bytes are dropped, not written */
  char *buf;
  size_t len, cap;
  size_t pos;                 /* scanned up to buf[pos] */
  unsigned long long base;    /* offset of buf[0] in the file */
  int hold;                   /* nothing at or after hold_at is written */
  unsigned long long hold_at;
  int write_failed;
  unsigned long line;         /* line of buf[0] */
  unsigned long long tag;     /* offset of the last start tag found */
} sc_raw;

/* The markup at b[i] == '<' within b[0..n): the index just past it, or 0
 * when it does not end within n. *kind: 0 a start tag (its name
 * b[*ns..*ne), *empty when it closes itself), 1 an end tag, 2 anything
 * else (comment, CDATA, processing instruction, DOCTYPE). */
size_t sc_raw_markup(const char *b, size_t n, size_t i, int *kind,
                     size_t *ns, size_t *ne, int *empty);
/* The line (1-based) of file offset off, which must not be written yet. */
unsigned long sc_raw_line(const sc_raw *r, unsigned long long off);
/* File offset of the start tag sc_raw_next_start found last. */
unsigned long long sc_raw_tag_start(const sc_raw *r);
/* Appends n bytes just read. -1 when out of memory. */
int sc_raw_feed(sc_raw *r, const char *p, size_t n);
/* Moves to the next start tag (outside comments, CDATA, processing
 * instructions and the DOCTYPE) past it; 0 when it is there and named
 * qname (*empty: it closes itself), -1 otherwise. */
int sc_raw_next_start(sc_raw *r, const char *qname, int *empty);
/* From the current position (just after a start tag) to its end tag
 * named qname: the content's span [*cs, *ce) as file offsets; moves past
 * the end tag. -1 when the end tag is not there. */
int sc_raw_content(sc_raw *r, const char *qname, unsigned long long *cs,
                   unsigned long long *ce);
/* Within content [cs, ce): the span of the value itself ([*vs, *ve)),
 * the blanks around it and a CDATA section around it left out, and the
 * value's text in *text (borrowed) for checking against the parser's;
 * *text is NULL when the content is not plain text or one CDATA section
 * (entities, comments): then the whole content is the value. */
void sc_raw_value(const sc_raw *r, unsigned long long cs,
                  unsigned long long ce, unsigned long long *vs,
                  unsigned long long *ve, const char **text, size_t *tlen);
/* Stops writing at offset at (until sc_raw_release), unless it is
 * stopped already (at an earlier value). */
void sc_raw_hold(sc_raw *r, unsigned long long at);
/* Writes up to [vs, ve), then repl instead of it when repl is not NULL,
 * and goes on writing, up to next when hold_next. -1 on a write error. */
int sc_raw_release(sc_raw *r, unsigned long long vs, unsigned long long ve,
                   const char *repl, int hold_next, unsigned long long next);
/* Writes what is scanned and not held; drops it. -1 on a write error. */
int sc_raw_flush(sc_raw *r);
/* At the end of the input: -1 when another start tag follows (the reader
 * and the bytes disagree), else everything is written; -2 write error. */
int sc_raw_finish(sc_raw *r);
void sc_raw_free(sc_raw *r);

/* ---------------------------------------------------------------- fields */

enum sc_exfield {
  EXF_ID,
  EXF_AUTHOR,
  EXF_URL,
  EXF_DATE,
  EXF_BODY,      /* HTML */
  EXF_THREAD,
  EXF_STATUS,    /* the field a mark changes */
  EXF_DELETED,   /* Disqus isDeleted */
  EXF_COUNT
};

/* Each field's text is kept up to this many bytes (the rest counted out);
 * libxml2 refuses a text node over 10 MB anyway. */
#define SC_EXPORT_FIELD_MAX ((size_t)4 << 20)

typedef struct sc_exfields {
  sc_buf f[EXF_COUNT];
  int has[EXF_COUNT];
} sc_exfields;

/* A dialect: which elements are comments and fields, what status values
 * mean. depth is the reader's; rel the depth below the comment element
 * (1: a child); parent the local name of the comment's child holding
 * the element (rel 2), or NULL. */
typedef struct sc_dialect {
  spamcls_export_kind kind;
  const char *spam_value;   /* written into a marked status field */
  int (*is_comment)(const xmlChar *ns, const xmlChar *local, int depth);
  /* The field an element inside a comment holds, or -1. */
  int (*field)(const xmlChar *ns, const xmlChar *local, int rel,
               const char *parent);
  /* Outside comments: the field (EXF_THREAD) an element holds for the
   * comments that follow, or -1; *clear when it starts a new context. */
  int (*context)(const xmlChar *ns, const xmlChar *local, int depth,
                 int *clear);
  /* Attributes that give a field on their own: the comment element's id,
   * a thread reference. Fills f from the reader's current element. */
  int (*attrs)(xmlTextReaderPtr r, int rel, const xmlChar *local,
               sc_exfields *f);
  spamcls_site_status (*site)(const sc_exfields *f);
} sc_dialect;

extern const sc_dialect sc_dialect_wxr;
extern const sc_dialect sc_dialect_disqus;

/* Sets field k to the NUL-terminated s (attribute values). -1 on ENOMEM. */
int sc_exfield_set(sc_exfields *f, int k, const char *s);
/* s[0..n) trimmed of ASCII blanks equals z, ASCII case ignored. */
int sc_exfield_is(const sc_buf *b, const char *z);

/* ---------------------------------------------------------------- body */

/* The text of an HTML fragment: its text as the page finders take it,
 * then each link target the text does not show, on a line of its own.
 * Replaces out's contents; -1 when out of memory. */
int sc_export_body_text(const char *html, size_t len, sc_buf *out);

/* An export read through a callback (the comment readers feed it their
 * byte stream): read returns bytes read, 0 at the end, -1 on error. */
typedef long (*sc_export_read_fn)(void *ctx, char *buf, size_t n);
spamcls_status sc_export_open_fn(sc_export_read_fn fn, void *ctx,
                                 const char *name, spamcls_export_kind kind,
                                 FILE *out, spamcls_export **e,
                                 spamcls_error *err);

#endif /* SC_EXPORT_H */
