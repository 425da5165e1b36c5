/*
 * input.h - internals of the comment readers (spamcls_reader_*).
 *
 * reader.c owns the byte stream: a file descriptor read with read(2) into
 * a fixed chunk, so standard input works as a pipe (nothing is rewound and
 * a record is handed out as soon as its last byte has arrived). A UTF-8
 * byte order mark at the very start is dropped. Each format (read_*.c)
 * pulls bytes or whole lines from it and fills in spamcls_comment.
 *
 * Memory is bounded for any input: a record (a line, or a CSV record with
 * its quoted line breaks) longer than max_record bytes is read to its end
 * and dropped, never buffered whole.
 */
#ifndef SC_INPUT_H
#define SC_INPUT_H

#include <stddef.h>

#include "spamcls.h"
#include "util.h"

/* The fields a record may carry; column (CSV) or key (JSONL) names are
 * matched per role. */
enum sc_role {
  SC_ROLE_TEXT,
  SC_ROLE_LABEL,
  SC_ROLE_ID,
  SC_ROLE_AUTHOR,
  SC_ROLE_AUTHOR_URL,
  SC_ROLE_GROUP,
  SC_ROLE_COUNT
};

/* One input format. open runs once the stream is open (CSV reads its
 * header there); next returns as spamcls_reader_next; close frees state;
 * footprint tells the bytes the state holds. Any may be NULL but next. */
typedef struct sc_format_ops {
  spamcls_status (*open)(spamcls_reader *r, spamcls_error *err);
  spamcls_status (*next)(spamcls_reader *r, spamcls_comment *out,
                         spamcls_error *err);
  void (*close)(spamcls_reader *r);
  size_t (*footprint)(const spamcls_reader *r);
} sc_format_ops;

extern const sc_format_ops sc_plain_ops;
extern const sc_format_ops sc_tsv_ops;
extern const sc_format_ops sc_csv_ops;
extern const sc_format_ops sc_jsonl_ops;
extern const sc_format_ops sc_export_ops;

#define SC_INPUT_CHUNK 65536  /* bytes asked of one read(2) */

struct spamcls_reader {
  int fd;                      /* -1 when reading from memory */
  int own_fd;                  /* 0 for standard input */
  const char *mem;             /* spamcls_reader_open_memory's bytes */
  size_t mem_len, mem_pos;
  size_t mem_piece;            /* most bytes one fill takes from memory
                                  (0: a whole chunk) */
  char *buf;                   /* SC_INPUT_CHUNK bytes */
  size_t pos, end;             /* unread bytes: buf[pos..end) */
  int eof;
  int started;                 /* the BOM check is done */
  spamcls_status failed;       /* ERR_IO or ERR_NOMEM: no more records */
  char *source;                /* the path, or "-" */
  char *field[SC_ROLE_COUNT];  /* names from the options, or NULL */
  size_t max_record;
  unsigned long line;          /* newlines consumed so far */
  sc_buf rec;                  /* the current line or record text */
  char num[SC_ROLE_COUNT][32]; /* numbers printed as ids and names */
  const sc_format_ops *ops;
  void *state;                 /* the format's own */
  void (*on_wait)(void *);     /* spamcls_reader_on_wait */
  void *on_wait_ctx;
};

/* The unread buffered bytes in *p, *n (n > 0), reading more first when
 * none are left. OK, EOF (end of input) or ERR_IO (err set). */
spamcls_status sc_input_peek(spamcls_reader *r, const char **p, size_t *n,
                             spamcls_error *err);

/* Marks n of the bytes sc_input_peek returned as consumed. */
void sc_input_skip(spamcls_reader *r, size_t n);

/* Reads the next physical line into r->rec (without its '\n' and one
 * trailing '\r'; NUL bytes are kept) and sets *line to its number. EOF
 * when no byte is left; ERR_LIMIT when it is longer than max_record: it
 * was read to its end and dropped, err names it; ERR_IO, ERR_NOMEM. */
spamcls_status sc_input_line(spamcls_reader *r, unsigned long *line,
                             spamcls_error *err);

/* How well a column or key name fits a role: 0 for the name given in the
 * options (or the first default name), 1, 2 ... for later default names;
 * -1 when it does not fit. Names compare ignoring ASCII case. */
int sc_input_field_rank(const spamcls_reader *r, int role, const char *name,
                        size_t len);

/* The name the options give for role, or NULL (the defaults apply). */
const char *sc_input_field_option(const spamcls_reader *r, int role);

/* The default names of role, comma separated ("text, comment_text, ..."),
 * for messages; "" for a role without defaults. */
const char *sc_input_role_defaults(int role);

/* "text", "label", ... for messages. */
const char *sc_input_role_name(int role);

/* Starts *c as a record of r at line: no fields, no label, source set. */
void sc_input_comment(const spamcls_reader *r, spamcls_comment *c,
                      unsigned long line);

/* Prints n into r->num[role] and returns it (for ids made of record
 * numbers and for JSON numbers); *len gets its length. */
const char *sc_input_number(spamcls_reader *r, int role, unsigned long n,
                            size_t *len);

/* spamcls_reader_open_memory, handing over at most piece bytes per read
 * (0: a whole chunk): tests make it small to split records and the byte
 * order mark across reads, the way a pipe may deliver them. */
spamcls_status sc_input_open_memory(const void *data, size_t len,
                                   const char *name,
                                   const spamcls_reader_options *opts,
                                   size_t piece, spamcls_reader **out,
                                   spamcls_error *err);

/* The bytes r holds in its buffers (parsers' scratch space excepted):
 * tests check with it that a huge record is not buffered. */
size_t sc_input_footprint(const spamcls_reader *r);

/* ASCII case-insensitive equality of s[0..n) and the C string z. */
int sc_input_eq_nocase(const char *s, size_t n, const char *z);

#endif /* SC_INPUT_H */
