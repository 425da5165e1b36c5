/*
 * util.h - small internal helpers shared by every part of libspamcls:
 * a growable byte buffer, error messages, CRC-32, UTF-8 decoding and
 * atomic file output.
 * Nothing here prints or exits.
 */
#ifndef SC_UTIL_H
#define SC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spamcls.h"

/* A growable byte buffer; zero-initialize ({0}) before use. data is kept
 * NUL-terminated (not counted in len) once anything was appended. */
typedef struct sc_buf {
  char *data;
  size_t len;
  size_t cap;
} sc_buf;

/* Makes room for at least extra more bytes (plus the NUL). -1 on ENOMEM. */
int sc_buf_reserve(sc_buf *b, size_t extra);
int sc_buf_append(sc_buf *b, const void *p, size_t n);
int sc_buf_putc(sc_buf *b, int c);
/* Appends code point cp as UTF-8 (cp must be a valid scalar value). */
int sc_buf_put_utf8(sc_buf *b, uint32_t cp);
int sc_buf_printf(sc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sc_buf_clear(sc_buf *b);  /* len = 0, keeps the memory */
void sc_buf_free(sc_buf *b);   /* releases the memory, back to {0} */

/* Formats into err->msg when err is not NULL; returns status, so that
 * "return sc_error(err, SPAMCLS_ERR_IO, ...)" reads naturally. */
spamcls_status sc_error(spamcls_error *err, spamcls_status status,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* CRC-32 (IEEE 802.3, as zlib and PNG): crc = sc_crc32(0, p, n) and it
 * chains: sc_crc32(sc_crc32(0, a, na), b, nb) == crc of a then b. */
uint32_t sc_crc32(uint32_t crc, const void *p, size_t n);

/* Decodes the UTF-8 sequence at s[0..n) (n > 0): sets *cp and returns its
 * length. Overlongs, surrogates and values past U+10FFFF are invalid: then
 * *cp is SC_UTF8_BAD and the length is that of the maximal subpart (1 to 3
 * bytes, Unicode ch. 3, Table 3-8), which one U+FFFD stands for in the
 * Unicode practice. A caller that replaces each bad byte instead skips
 * one byte. */
#define SC_UTF8_BAD (-1)
size_t sc_utf8_decode(const void *s, size_t n, int32_t *cp);

/* Length of the longest valid UTF-8 prefix of s[0..n): n when all valid. */
size_t sc_utf8_valid_prefix(const void *s, size_t n);

/* Appends s[0..n) to b with each byte that starts no valid sequence
 * replaced by U+FFFD (one per byte, as text that is shown or re-parsed
 * needs). -1 when out of memory. */
int sc_buf_append_utf8(sc_buf *b, const void *s, size_t n);

/* Writes s[0..n) as a JSON string (quotes included), replacing invalid
 * UTF-8 with U+FFFD. */
void sc_json_string(FILE *fp, const char *s, size_t n);

/* Writes "key":NAME for a file name; a name that is not valid UTF-8 also
 * gets "key_hex" with its bytes in hex, so that it stays exact (in NAME
 * the bad bytes are U+FFFD, and two names could look the same). */
void sc_json_name(FILE *fp, const char *key, const char *name);
/* Only the ,"key_hex":... part, when name is not valid UTF-8. */
void sc_json_name_hex(FILE *fp, const char *key, const char *name);

/* Atomic output: sc_atomic_open creates a temporary file beside path;
 * sc_atomic_commit flushes, fsyncs and renames it over path;
 * sc_atomic_abort removes it. Either of the last two must be called. */
typedef struct sc_atomic {
  FILE *fp;
  char *path;
  char *tmp;
} sc_atomic;

spamcls_status sc_atomic_open(sc_atomic *a, const char *path,
                              spamcls_error *err);
spamcls_status sc_atomic_commit(sc_atomic *a, spamcls_error *err);
void sc_atomic_abort(sc_atomic *a);

/* Reads a whole file into *out (caller frees), refusing files larger than
 * max bytes (ERR_LIMIT). */
spamcls_status sc_read_file(const char *path, size_t max, char **out,
                            size_t *len, spamcls_error *err);

/* The same from an open descriptor, read to its end (a pipe, a FIFO, a
 * device); name is used in messages. The descriptor stays open. */
spamcls_status sc_read_fd(int fd, const char *name, size_t max, char **out,
                          size_t *len, spamcls_error *err);

#endif /* SC_UTIL_H */
