/*
 * util.h - small internal helpers shared by every part of libspamcls:
 * a growable byte buffer, error messages, CRC-32, UTF-8 decoding, atomic
 * file output, glibc's rand() sequence and running work on threads.
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
/* Appends v as 4 little-endian bytes (the model file's integers). */
int sc_buf_put_le32(sc_buf *b, uint32_t v);
/* The little-endian u32 at p; v written there as 4 little-endian bytes. */
uint32_t sc_get_le32(const unsigned char *p);
void sc_put_le32(unsigned char *p, uint32_t v);
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
/* XXH3-64 of p[0..n) in one call. */
uint64_t sc_xxh3_64(const void *p, size_t n);

/* A model file's checksum over pieces fed in order: CRC-32 (format
 * versions 1 to 3) or XXH3-64 (4 on); sc_digest_value gives the
 * checksum of what was fed so far. */
typedef struct sc_digest {
  int xxh3;
  uint32_t crc;
  void *state;         /* XXH3_state_t, when xxh3 */
} sc_digest;
int sc_digest_init(sc_digest *d, int xxh3);  /* -1: out of memory */
void sc_digest_update(sc_digest *d, const void *p, size_t n);
uint64_t sc_digest_value(const sc_digest *d);
void sc_digest_free(sc_digest *d);

/* ASCII digits and letters, whatever the signedness of c: bytes of
 * UTF-8 sequences are neither. */
static inline int sc_ascii_digit(int c)
{
  return c >= '0' && c <= '9';
}

static inline int sc_ascii_alnum(int c)
{
  return sc_ascii_digit(c) || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

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

/* ---------------------------------------------------------------- files
 *
 * Output goes through descriptors. An output folder (OUTDIR) is opened
 * once; every folder below it is opened one component at a time with
 * O_NOFOLLOW|O_DIRECTORY, every file is created with O_EXCL|O_NOFOLLOW in
 * its folder's descriptor and renamed there (renameat), links are made
 * with linkat and removals use unlinkat. A link or file planted where a
 * folder goes is refused, and a folder swapped for a link after it was
 * opened changes nothing: the descriptor still names the folder that was
 * opened. So no link planted in OUTDIR, before or during a run, can carry
 * a write out of it.
 *
 * Every file is written beside its target as ".NAME.tmp.XXXXXX", flushed
 * and fsynced, and only then renamed over it: a reader (or a run killed
 * at any moment) sees the old file or the new one, never half of one, and
 * a full disk leaves the old file whole. */

typedef struct sc_outdir {
  int fd;        /* OUTDIR itself */
  char *path;    /* for messages */
} sc_outdir;

/* Creates path (and its parents) and opens it. 0, or -1 with errno. */
int sc_outdir_open(sc_outdir *od, const char *path);
void sc_outdir_close(sc_outdir *od);

/* path under dir ("dir/name"); caller frees. */
char *sc_path_join(const char *dir, const char *name);

/* Opens the folder rel (components separated by '/') below dirfd, making
 * missing ones when create. A link or a file on the way fails (ELOOP or
 * ENOTDIR). A new descriptor, or -1 with errno. */
int sc_dir_at(int dirfd, const char *rel, int create);
/* Opens the folder that holds the file rel below dirfd (as sc_dir_at) and
 * points *base at rel's last component. */
int sc_dir_parent_at(int dirfd, const char *rel, int create,
                     const char **base);

/* Creates a temporary file ".NAME.tmp.XXXXXX" in dirfd (O_EXCL, mode
 * 0666 less the umask); *tmp gets its name (caller frees). fd or -1. */
int sc_tmp_at(int dirfd, const char *name, char **tmp);
/* Writes p[0..n) to fd, going on after short writes. 0, or -1 with errno. */
int sc_write_all(int fd, const char *p, size_t n);
/* Writes the pieces to name in dirfd through a temporary file and a
 * rename. 0, or -1 with errno. */
int sc_write_atomic_at(int dirfd, const char *name, const char *const *parts,
                       const size_t *lens, size_t n);
/* Opens name in dirfd for reading; only a regular file (a link is ELOOP,
 * anything else EINVAL). NULL with errno. */
FILE *sc_fopen_at(int dirfd, const char *name);
/* 1 when name in dirfd is a regular file (not a link). */
int sc_is_file_at(int dirfd, const char *name);

/* Removes the temporary files a killed run left (".NAME.tmp.*") in dirfd
 * and the folders below it. */
void sc_sweep_temps(int dirfd, int depth);
/* Calls fn(dirfd, name, ctx) on every entry of the folder dirfd but "."
 * and ".." (dirfd itself stays open and at its place). */
void sc_dir_each(int dirfd, void (*fn)(int, const char *, void *), void *ctx);
/* Removes name in dirfd and, for a folder, everything below it. 0, or -1
 * with errno (ENOENT is not an error). */
int sc_remove_at(int dirfd, const char *name);

/* 1 when path names a descriptor the shell made (/dev/stdin, /dev/fd/N,
 * as "<(cmd)" gives): a pipe, read as such, never refused by name. */
int sc_path_is_shell_pipe(const char *path);

/* Where an input is with respect to the output folder out, neither of
 * them needing to exist yet (links and ".." resolved). */
enum { SC_PATH_APART, SC_PATH_INPUT_INSIDE /* or the same */,
       SC_PATH_OUTPUT_INSIDE };
int sc_path_place(const char *out, const char *in);

/* A file written as a stream through a temporary file beside it:
 * sc_atomic_open (a path) or sc_atomic_open_at (a name in a folder's
 * descriptor) creates it, sc_atomic_commit flushes, fsyncs and renames
 * it over its target, sc_atomic_abort removes it. Either of the last two
 * must be called. A target that exists and is not a regular file (a
 * device such as /dev/full, a FIFO, a folder) is refused: the rename
 * would replace it, not write into it. */
typedef struct sc_atomic {
  FILE *fp;
  int dirfd;     /* the target's folder */
  int own_dir;   /* dirfd was opened here (closed with the file) */
  char *name;    /* the target's name in dirfd */
  char *tmp;     /* the temporary file's name in dirfd */
  char *path;    /* the target, for messages */
} sc_atomic;

spamcls_status sc_atomic_open(sc_atomic *a, const char *path,
                              spamcls_error *err);
/* shown names the file in messages (NULL: name). */
spamcls_status sc_atomic_open_at(sc_atomic *a, int dirfd, const char *name,
                                 const char *shown, spamcls_error *err);
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

/* glibc's rand() sequence with a state of one's own (rng.c): after
 * sc_rng_seed(s, x), sc_rng_next draws what rand() draws after srand(x). */
typedef struct sc_rng {
  int32_t r[31];
  int f, b;  /* glibc's fptr and rptr, as indices */
} sc_rng;
void sc_rng_seed(sc_rng *s, unsigned int x);
int32_t sc_rng_next(sc_rng *s);

/* Processors online (at least 1). */
unsigned sc_processors(void);

/* Runs fn on each of n parts, part i at (char *)parts + i * size: part 0
 * on the calling thread, the others on threads of their own (or here,
 * after it, when a thread cannot be started). Returns when all are done. */
void sc_run_parts(void *(*fn)(void *), void *parts, size_t size, size_t n);

/* Maps the pages of [p, p + len) in one call before they are written
 * (Linux's MADV_POPULATE_WRITE). On a virtual machine a fault per fresh
 * page costs microseconds; one call for many pages costs far less. The
 * contents are not touched, so pages shared with memory written by
 * another thread are safe. Does nothing where the call is missing. */
void sc_prefault(void *p, size_t len);

#endif /* SC_UTIL_H */
