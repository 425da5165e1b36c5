/*
 * warc.h - web archives (WARC 1.0 and 1.1, ISO 28500): a streaming record
 * reader for .warc and .warc.gz (one gzip member per record, or any
 * number), the HTTP response inside a record, and the writer of the
 * conversion records that hold cleaned pages. Internal to libspamcls.
 */
#ifndef SC_WARC_H
#define SC_WARC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "spamcls.h"
#include "util.h"

/* ---------------------------------------------------------------- reader */

/* A header block longer than this is refused: no real record comes close,
 * and the limit keeps a stream of header lines from eating memory. */
#define SC_WARC_MAX_HEADER ((size_t)64 << 10)

/* Reads up to n bytes into buf: the count, 0 at the end, -1 on an error
 * (errno set). */
typedef ssize_t (*sc_read_fn)(void *ctx, void *buf, size_t n);

typedef struct sc_warc_reader sc_warc_reader;

/* One record. The strings are NUL-terminated, owned by the reader and
 * valid until the next call; NULL when the field is absent. */
typedef struct sc_warc_record {
  char version[16];       /* "WARC/1.0" or "WARC/1.1" */
  const char *type;       /* WARC-Type */
  const char *target_uri; /* WARC-Target-URI (angle brackets of 1.0 dropped) */
  const char *record_id;  /* WARC-Record-ID, e.g. "<urn:uuid:...>" */
  const char *date;       /* WARC-Date */
  const char *content_type;
  uint64_t offset;        /* where the record starts: its gzip member's
                             offset in a .warc.gz, its byte in a .warc */
  uint64_t length;        /* Content-Length: the block's bytes */
  const char *block;      /* the block, or NULL when it is longer than the
                             reader's max_block (it was skipped unread) */
  size_t block_len;
  const char *head;       /* the block's first bytes (all of it when it was
                             read; else SC_WARC_HEAD of them): enough to
                             tell what a skipped block held */
  size_t head_len;
} sc_warc_record;

#define SC_WARC_HEAD ((size_t)8 << 10)

/* A reader over read(ctx, ...); name is used in messages. Blocks longer
 * than max_block are skipped, not kept. NULL when out of memory. Whether
 * the data is gzip is told by its first two bytes. */
sc_warc_reader *sc_warc_open(sc_read_fn read, void *ctx, const char *name,
                             size_t max_block);
/* The same over a file descriptor (left open). */
sc_warc_reader *sc_warc_open_fd(int fd, const char *name, size_t max_block);

/* The next record: SPAMCLS_OK, SPAMCLS_EOF at the end of a whole archive,
 * or an error whose message names the file and the record's offset
 * (ERR_FORMAT: not WARC, a truncated record or gzip member, bad gzip
 * data, a Content-Length that does not end the record; ERR_LIMIT: a
 * header block over SC_WARC_MAX_HEADER; ERR_IO; ERR_NOMEM). After an
 * error the reader returns that error again. */
spamcls_status sc_warc_next(sc_warc_reader *r, sc_warc_record *rec,
                            spamcls_error *err);

/* 1 when the archive is gzip-compressed (known after the first record). */
int sc_warc_is_gzip(const sc_warc_reader *r);

void sc_warc_close(sc_warc_reader *r);

/* ---------------------------------------------------------------- HTTP */

/* The payload of an HTTP response held in a response record's block. */
typedef struct sc_http_payload {
  int status;             /* the status code */
  char mime[128];         /* media type, lower case, parameters dropped */
  char charset[64];       /* Content-Type's charset parameter, or "" */
  char content_type[256]; /* Content-Type as sent (a control byte: "") */
  sc_buf body;            /* the entity, chunked transfer and gzip or
                             deflate content encoding undone */
} sc_http_payload;

/* Parses block[0..len) as an HTTP response. A body longer than max once
 * decoded is refused (ERR_LIMIT) without being held whole. ERR_FORMAT
 * for a missing status line or header end, a bad chunk, bad compressed
 * data or an encoding other than gzip, deflate and identity. The caller
 * frees out->body (sc_buf_free) in every case. */
spamcls_status sc_http_payload_parse(const char *block, size_t len, size_t max,
                                     sc_http_payload *out, spamcls_error *err);

/* Only the status line and header of block[0..len) (which may be the
 * start of a longer block): status, mime, charset and content_type, and
 * where the header ends and the body starts. ERR_FORMAT or ERR_LIMIT as
 * sc_http_payload_parse. */
spamcls_status sc_http_head(const char *block, size_t len, sc_http_payload *out,
                            size_t *head_len, size_t *body, spamcls_error *err);

/* Splits a Content-Type value into its media type (lower case) and its
 * charset parameter ("" when none). */
void sc_http_content_type(const char *value, char *mime, size_t mime_len,
                          char *charset, size_t charset_len);

/* 1 for text/html and application/xhtml+xml. */
int sc_http_is_html(const char *mime);

/* ---------------------------------------------------------------- digests */

#define SC_SHA1_LEN 20
/* The SHA-1 of the pieces parts[i][0..lens[i]) one after another. */
void sc_sha1_parts(const char *const *parts, const size_t *lens, size_t n,
                   unsigned char out[SC_SHA1_LEN]);
/* "sha1:" and that SHA-1 in base32 (RFC 4648, upper case), as WARC
 * digests are written: 37 characters and the NUL. */
void sc_warc_sha1(const char *const *parts, const size_t *lens, size_t n,
                  char out[38]);
/* Base32 of n bytes (RFC 4648, padded); out holds 8 * ceil(n / 5) + 1. */
void sc_base32(const unsigned char *p, size_t n, char *out);

/* ---------------------------------------------------------------- writer */

/* What a conversion record says of the page it replaces. */
typedef struct sc_warc_conversion {
  const char *target_uri;    /* the original's WARC-Target-URI (or NULL) */
  const char *refers_to;     /* the original's WARC-Record-ID */
  const char *date;          /* the original's WARC-Date (or NULL) */
  const char *content_type;  /* the cleaned page's media type */
  const char *const *parts;  /* the cleaned page, in pieces */
  const size_t *lens;
  size_t nparts;
} sc_warc_conversion;

/* Appends a WARC/1.1 conversion record to out, as its own gzip member
 * when gzip is nonzero. Its WARC-Record-ID is derived from the original
 * record's id and the cleaned page (the same input gives the same bytes),
 * its block and payload digests are the SHA-1 of the page. -1 when out
 * of memory or a field holds a line break. */
int sc_warc_write_conversion(const sc_warc_conversion *c, int gzip,
                             sc_buf *out);

/* Compresses p[0..n) as one gzip member appended to out. 0 or -1. */
int sc_gzip_member(const void *p, size_t n, sc_buf *out);

#endif /* SC_WARC_H */
