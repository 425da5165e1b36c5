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
typedef struct warc_item {
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
} warc_item;

/* What one archive held. */
typedef struct warc_tally {
  unsigned long records, pages, other;
  char error[512];         /* why the archive could not be read to its end */
} warc_tally;

/* A .warc or .warc.gz file name (any case). */
int warc_is_archive(const char *path);

/* Reads the archive, calling fn for each HTML record in order; the other
 * records are counted. Returns what fn returned (nonzero stops), else 0;
 * t->error is set when the archive is damaged or unreadable (the records
 * before the damage were given). max_page bounds a page's bytes. */
int warc_each(const char *path, size_t max_page,
              int (*fn)(void *ctx, const warc_item *it), void *ctx,
              warc_tally *t);

/* A copy of an item that outlives the walk's call (a job's). */
typedef struct warc_job {
  char *warc, *uri, *record_id, *date, *content_type;
  uint64_t offset;
  int response;
  char *block;             /* NULL when over the limit */
  size_t block_len;
  uint64_t length;
} warc_job;

warc_job *warc_job_new(const warc_item *it);
void warc_job_free(warc_job *w);

/* The page a record holds, decoded (HTTP chunks and compression undone)
 * into page; its charset (from the HTTP header, "" when none) and the
 * Content-Type its cleaned copy is written with. PAGE_OK, or why it is
 * skipped with "ARCHIVE: record at offset N (URI): reason" in msg. */
page_skip warc_job_page(const warc_job *w, size_t max_page, sc_buf *page,
                        char *charset, size_t charset_len, char *ctype,
                        size_t ctype_len, char *msg, size_t msglen);

#endif /* SC_WARC_INPUT_H */
