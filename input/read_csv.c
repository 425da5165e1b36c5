/*
 * read_csv.c - CSV with a header row (RFC 4180: quoted fields with "" for
 * a quote, line breaks inside quotes, CRLF or LF), parsed by libcsv.
 *
 * libcsv runs in its lenient mode, like Python's csv module that wrote or
 * read most real files: a quote inside an unquoted field is kept as data,
 * blank lines are skipped, spaces around an unquoted field are trimmed.
 * The header names the columns; each role takes the first of its names
 * present (input.h, reader.c). A row with another number of fields than
 * the header, a NUL byte in a row or an unknown label is an ERR_FORMAT for
 * that row; the next row follows. The id is the id column when present and
 * not empty, else the record number (1 for the first row after the
 * header); line is the row's first physical line.
 *
 * Limits: a row longer than max_record bytes is parsed to its end with the
 * bytes of its fields dropped as they come, then reported as ERR_LIMIT; a
 * quote left open runs to the end of the input and is reported there
 * (ERR_FORMAT), so neither buffers more than about max_record bytes.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

#if CSV_MAJOR != 3
#error "read_csv.c relies on the parser state of libcsv 3 (see drop_field)"
#endif

typedef struct span {
  size_t off, len;
} span;

typedef struct csv_state {
  struct csv_parser p;
  int col[SC_ROLE_COUNT];  /* column of each role, -1 when absent */
  size_t ncols;            /* fields in the header */
  unsigned long recno;     /* rows read after the header */
  int done;                /* the end of the input was seen */
  /* The row being read. */
  sc_buf data;             /* its fields, back to back */
  span *f;
  size_t nf, cap;
  int open;                /* its first byte was seen */
  int ended;               /* libcsv reported its end */
  int skip;                /* over max_record: fields are dropped */
  int nul;                 /* it holds a NUL byte */
  int nomem;
  unsigned long start;     /* its first line */
  size_t raw;              /* bytes since its first line began */
} csv_state;

static void on_field(void *s, size_t len, void *ctx)
{
  csv_state *cs = ctx;
  if (cs->skip || cs->nomem) {
    cs->nf++;
    return;
  }
  if (cs->nf == cs->cap) {
    size_t cap = cs->cap ? 2 * cs->cap : 16;
    span *f = realloc(cs->f, cap * sizeof *f);
    if (!f) {
      cs->nomem = 1;
      return;
    }
    cs->f = f;
    cs->cap = cap;
  }
  cs->f[cs->nf].off = cs->data.len;
  cs->f[cs->nf].len = len;
  if (sc_buf_append(&cs->data, s, len) < 0) {
    cs->nomem = 1;
    return;
  }
  cs->nf++;
}

static void on_row(int c, void *ctx)
{
  (void)c;
  ((csv_state *)ctx)->ended = 1;
}

/* libcsv has no call to drop the bytes of a field in progress, and the
 * field of a skipped row may be as long as the input. csv.h shows the
 * parser; its state machine only ever takes back the last `spaces` bytes
 * (and one more, a quote, in state 3, FIELD_MIGHT_HAVE_ENDED), so keeping
 * those and the state while dropping the rest parses on the same way. */
static void drop_field(struct csv_parser *p)
{
  if (p->pstate == 3) {
    p->spaces = p->spaces ? 1 : 0;
    p->entry_pos = p->spaces + 1;
  } else {
    p->spaces = 0;
    p->entry_pos = 0;
  }
}

static int blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static spamcls_status nomem(const spamcls_reader *r, spamcls_error *err)
{
  return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%lu: out of memory",
                  r->source, r->line + 1);
}

/* At the end of the input: ends the open row, if any. OK (the row is
 * complete), EOF, FORMAT (a quote was left open). */
static spamcls_status finish(spamcls_reader *r, csv_state *cs,
                             spamcls_error *err)
{
  if (cs->done || !cs->open) {
    cs->done = 1;
    return SPAMCLS_EOF;
  }
  cs->done = 1;
  /* Strict only now: it makes csv_fini refuse an open quote, which the
   * lenient mode would silently close. */
  csv_set_opts(&cs->p, CSV_STRICT | CSV_STRICT_FINI);
  if (csv_fini(&cs->p, on_field, on_row, cs) != 0)
    return sc_error(err, SPAMCLS_ERR_FORMAT,
                    "%s:%lu: a quoted field is still open at the end of "
                    "the input (%zu bytes skipped)", r->source, cs->start,
                    cs->raw);
  if (cs->nomem)
    return nomem(r, err);
  return SPAMCLS_OK;
}

/* Reads through the end of the next row. OK: its fields are in cs; EOF;
 * LIMIT: it was longer than max_record, read to its end and dropped;
 * FORMAT: a quote left open; IO; NOMEM. */
static spamcls_status read_row(spamcls_reader *r, csv_state *cs,
                               spamcls_error *err)
{
  sc_buf_clear(&cs->data);
  cs->nf = 0;
  cs->open = cs->ended = cs->skip = cs->nul = 0;
  cs->raw = 0;
  while (!cs->ended) {
    const char *p;
    size_t n;
    spamcls_status st = sc_input_peek(r, &p, &n, err);
    if (st == SPAMCLS_EOF) {
      st = finish(r, cs, err);
      if (st != SPAMCLS_OK)
        return st;
      break;
    }
    if (st != SPAMCLS_OK)
      return st;
    /* Feed through the first CR or LF only: libcsv ends a row on one of
     * them, so a row ends with a piece and the next starts in a later
     * piece, where its first line is known. */
    size_t seg = 0;
    while (seg < n && p[seg] != '\n' && p[seg] != '\r')
      seg++;
    if (seg < n)
      seg++;
    if (!cs->open) {
      size_t i = 0;
      while (i < seg && blank(p[i]))
        i++;  /* what libcsv skips between rows */
      if (i < seg) {
        cs->open = 1;
        cs->start = r->line + 1;
      }
    }
    if (cs->open) {
      cs->raw += seg;
      if (memchr(p, '\0', seg))
        cs->nul = 1;
      if (!cs->skip && cs->raw > r->max_record) {
        cs->skip = 1;
        sc_buf_clear(&cs->data);
      }
    }
    if (csv_parse(&cs->p, p, seg, on_field, on_row, cs) != seg ||
        cs->nomem)
      return nomem(r, err);
    if (cs->skip)
      drop_field(&cs->p);
    int newline = p[seg - 1] == '\n';
    sc_input_skip(r, seg);
    if (newline)
      r->line++;
  }
  cs->recno++;
  if (cs->skip)
    return sc_error(err, SPAMCLS_ERR_LIMIT,
                    "%s:%lu: record longer than %zu bytes",
                    r->source, cs->start, r->max_record);
  return SPAMCLS_OK;
}

static const char *field(const csv_state *cs, size_t i, size_t *len)
{
  *len = cs->f[i].len;
  return cs->data.data ? cs->data.data + cs->f[i].off : "";
}

/* "a, b, c" of the header, for messages. */
static void list_columns(const csv_state *cs, sc_buf *b)
{
  for (size_t i = 0; i < cs->nf && b->len < 300; i++) {
    size_t len;
    const char *s = field(cs, i, &len);
    (void)sc_buf_printf(b, "%s%.*s", i ? ", " : "", (int)(len > 60 ? 60 : len),
                        s);
  }
}

static spamcls_status match_header(spamcls_reader *r, csv_state *cs,
                                   spamcls_error *err)
{
  int rank[SC_ROLE_COUNT];
  for (int role = 0; role < SC_ROLE_COUNT; role++) {
    cs->col[role] = -1;
    rank[role] = -1;
  }
  for (size_t i = 0; i < cs->nf; i++) {
    size_t len;
    const char *s = field(cs, i, &len);
    for (int role = 0; role < SC_ROLE_COUNT; role++) {
      int k = sc_input_field_rank(r, role, s, len);
      if (k >= 0 && (rank[role] < 0 || k < rank[role])) {
        rank[role] = k;
        cs->col[role] = (int)i;
      }
    }
  }
  for (int role = 0; role < SC_ROLE_COUNT; role++) {
    const char *want = sc_input_field_option(r, role);
    if (cs->col[role] >= 0 || (!want && role != SC_ROLE_TEXT))
      continue;
    sc_buf cols = {0};
    list_columns(cs, &cols);
    spamcls_status st;
    if (want)
      st = sc_error(err, SPAMCLS_ERR_PARAM,
                    "%s:%lu: no %s column named '%s' (columns: %s)",
                    r->source, cs->start, sc_input_role_name(role), want,
                    cols.data ? cols.data : "");
    else
      st = sc_error(err, SPAMCLS_ERR_FORMAT,
                    "%s:%lu: no text column: none of %s (columns: %s)",
                    r->source, cs->start, sc_input_role_defaults(role),
                    cols.data ? cols.data : "");
    sc_buf_free(&cols);
    return st;
  }
  return SPAMCLS_OK;
}

static spamcls_status csv_open(spamcls_reader *r, spamcls_error *err)
{
  csv_state *cs = calloc(1, sizeof *cs);
  if (!cs)
    return nomem(r, err);
  r->state = cs;
  if (csv_init(&cs->p, 0) != 0)
    return nomem(r, err);
  /* libcsv grows its field buffer by this much at a time (128 bytes by
   * default: thousands of reallocs for one long comment). */
  csv_set_blk_size(&cs->p, 4096);
  spamcls_status st = read_row(r, cs, err);
  if (st == SPAMCLS_EOF)
    return sc_error(err, SPAMCLS_ERR_FORMAT, "%s: empty: no CSV header row",
                    r->source);
  if (st != SPAMCLS_OK)
    return st;
  if (cs->nul)
    return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: NUL byte in the header",
                    r->source, cs->start);
  cs->ncols = cs->nf;
  cs->recno = 0;
  return match_header(r, cs, err);
}

static spamcls_status csv_next(spamcls_reader *r, spamcls_comment *out,
                               spamcls_error *err)
{
  csv_state *cs = r->state;
  spamcls_status st = read_row(r, cs, err);
  if (st != SPAMCLS_OK)
    return st;
  unsigned long line = cs->start;
  if (cs->nul)
    return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: NUL byte in the record",
                    r->source, line);
  if (cs->nf != cs->ncols)
    return sc_error(err, SPAMCLS_ERR_FORMAT,
                    "%s:%lu: %zu fields, the header has %zu", r->source, line,
                    cs->nf, cs->ncols);
  sc_input_comment(r, out, line);
  out->text = field(cs, (size_t)cs->col[SC_ROLE_TEXT], &out->text_len);
  if (cs->col[SC_ROLE_LABEL] >= 0) {
    size_t len;
    const char *s = field(cs, (size_t)cs->col[SC_ROLE_LABEL], &len);
    int ok;
    out->label = spamcls_label_parse(s, len, &ok);
    if (!ok)
      return sc_error(err, SPAMCLS_ERR_FORMAT,
                      "%s:%lu: unknown label '%.*s' (spam/ham, 1/0, "
                      "true/false or empty)", r->source, line,
                      (int)(len > 40 ? 40 : len), s);
  }
  if (cs->col[SC_ROLE_ID] >= 0)
    out->id = field(cs, (size_t)cs->col[SC_ROLE_ID], &out->id_len);
  if (!out->id || !out->id_len)
    out->id = sc_input_number(r, SC_ROLE_ID, cs->recno, &out->id_len);
  if (cs->col[SC_ROLE_AUTHOR] >= 0) {
    out->author = field(cs, (size_t)cs->col[SC_ROLE_AUTHOR], &out->author_len);
    if (!out->author_len)
      out->author = NULL;
  }
  if (cs->col[SC_ROLE_AUTHOR_URL] >= 0) {
    out->author_url = field(cs, (size_t)cs->col[SC_ROLE_AUTHOR_URL],
                            &out->author_url_len);
    if (!out->author_url_len)
      out->author_url = NULL;
  }
  if (cs->col[SC_ROLE_GROUP] >= 0)
    out->group = field(cs, (size_t)cs->col[SC_ROLE_GROUP], &out->group_len);
  return SPAMCLS_OK;
}

static size_t csv_footprint(const spamcls_reader *r)
{
  const csv_state *cs = r->state;
  if (!cs)
    return 0;
  return csv_get_buffer_size((struct csv_parser *)&cs->p) + cs->data.cap +
         cs->cap * sizeof *cs->f;
}

static void csv_close(spamcls_reader *r)
{
  csv_state *cs = r->state;
  if (!cs)
    return;
  csv_free(&cs->p);
  sc_buf_free(&cs->data);
  free(cs->f);
  free(cs);
  r->state = NULL;
}

const sc_format_ops sc_csv_ops = {csv_open, csv_next, csv_close,
                                  csv_footprint};
