/*
 * warc_input.h - web archives as inputs of extract and moderate: the
 * records of a .warc or .warc.gz that hold HTML pages (HTTP responses
 * and resources), each a page named by its URI and record id; the other
 * records are counted and skipped.
 */
#ifndef SC_WARC_INPUT_H
#define SC_WARC_INPUT_H

#include <stdint.h>
#include <stdio.h>

#include "page_read.h"
#include "util.h"

/* One HTML record as the walk sees it; pointers valid during the call. */
typedef struct sc_warc_item {
  const char *warc;        /* the archive's path */
  const char *uri;         /* WARC-Target-URI, or "" */
  const char *record_id;   /* WARC-Record-ID, or "" */
  const char *date;        /* WARC-Date, or "" */
  uint64_t offset;         /* the record's offset in the archive */
  int response;            /* an HTTP response (else a resource) */
  const char *block;       /* NULL when longer than the limit */
  size_t block_len;
  uint64_t length;         /* the block's length */
  const char *content_type;  /* a resource's Content-Type, or "" */
} sc_warc_item;

/* What one archive held. */
typedef struct sc_warc_tally {
  unsigned long records, pages, other;
  char error[512];         /* why the archive could not be read to its end */
} sc_warc_tally;

/* A .warc or .warc.gz file name (any case). */
int sc_warc_is_archive(const char *path);

/* Reads the archive, calling fn for each HTML record in order; the other
 * records are counted. Returns what fn returned (nonzero stops), else 0;
 * t->error is set when the archive is damaged or unreadable (the records
 * before the damage were given). max_page bounds a page's bytes. */
int sc_warc_each(const char *path, size_t max_page,
                 int (*fn)(void *ctx, const sc_warc_item *it), void *ctx,
                 sc_warc_tally *t);

/* A copy of an item that outlives the walk's call (a job's). */
typedef struct sc_warc_job {
  char *warc, *uri, *record_id, *date, *content_type;
  uint64_t offset;
  int response;
  char *block;             /* NULL when over the limit */
  size_t block_len;
  uint64_t length;
} sc_warc_job;

sc_warc_job *sc_warc_job_new(const sc_warc_item *it);
void sc_warc_job_free(sc_warc_job *w);

/* The page a record holds, decoded (HTTP chunks and compression undone)
 * into page; its charset (from the HTTP header, "" when none) and the
 * Content-Type its cleaned copy is written with. SC_PAGE_OK, or why it is
 * skipped with "ARCHIVE: record at offset N (URI): reason" in msg. */
sc_page_skip sc_warc_job_page(const sc_warc_job *w, size_t max_page, sc_buf *page,
                              char *charset, size_t charset_len, char *ctype,
                              size_t ctype_len, char *msg, size_t msglen);

#endif /* SC_WARC_INPUT_H */
