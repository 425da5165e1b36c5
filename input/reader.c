/*
 * reader.c - the format-independent part of the readers: format names,
 * opening files and standard input, buffered reads, lines, field names.
 *
 * Formats by file name (case ignored): .txt plain, .tsv, .csv, .jsonl,
 * .ndjson, .json-lines, .xml a site export (WXR, Disqus); anything else
 * (and standard input) is plain text unless the caller forces a format.
 *
 * Default column / key names, in order of preference (the first present
 * wins; case ignored):
 *   text        text, comment_text, comment, content, body, message
 *   label       label, class
 *   id          id, comment_id
 *   author      author, name
 *   author_url  author_url, comment_author_url, website (not "url": in
 *               many exports that is the article's address)
 *   group       none: records have no group unless group_field is set.
 *
 * Input is read with read(2) so that a pipe delivers each record as soon
 * as it is complete (stdio would wait to fill its buffer). ERR_IO and
 * ERR_NOMEM are sticky: once returned, every later call returns them.
 * spamcls_reader_open_memory reads the same way from a caller's buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"

static const char *const role_defaults[SC_ROLE_COUNT][7] = {
  [SC_ROLE_TEXT] = {"text", "comment_text", "comment", "content", "body",
                    "message", NULL},
  [SC_ROLE_LABEL] = {"label", "class", NULL},
  [SC_ROLE_ID] = {"id", "comment_id", NULL},
  [SC_ROLE_AUTHOR] = {"author", "name", NULL},
  [SC_ROLE_AUTHOR_URL] = {"author_url", "comment_author_url", "website",
                          NULL},
  [SC_ROLE_GROUP] = {NULL},
};

static const char *const role_default_list[SC_ROLE_COUNT] = {
  [SC_ROLE_TEXT] = "text, comment_text, comment, content, body, message",
  [SC_ROLE_LABEL] = "label, class",
  [SC_ROLE_ID] = "id, comment_id",
  [SC_ROLE_AUTHOR] = "author, name",
  [SC_ROLE_AUTHOR_URL] = "author_url, comment_author_url, website",
  [SC_ROLE_GROUP] = "",
};

static const char *const role_names[SC_ROLE_COUNT] = {
  "text", "label", "id", "author", "author_url", "group"};

/* ---------------------------------------------------------------- names */

static int lower(int c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int sc_input_eq_nocase(const char *s, size_t n, const char *z)
{
  size_t zn = strlen(z);
  if (n != zn)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)s[i]) != lower((unsigned char)z[i]))
      return 0;
  return 1;
}

spamcls_format spamcls_format_from_name(const char *name)
{
  static const struct {
    const char *ext;
    spamcls_format f;
  } exts[] = {
    {".txt", SPAMCLS_FORMAT_PLAIN},   {".tsv", SPAMCLS_FORMAT_TSV},
    {".csv", SPAMCLS_FORMAT_CSV},     {".jsonl", SPAMCLS_FORMAT_JSONL},
    {".ndjson", SPAMCLS_FORMAT_JSONL}, {".json-lines", SPAMCLS_FORMAT_JSONL},
    {".xml", SPAMCLS_FORMAT_EXPORT},
  };
  if (!name)
    return SPAMCLS_FORMAT_AUTO;
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base)  /* ".csv" alone is a hidden file, not a type */
    return SPAMCLS_FORMAT_AUTO;
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
    if (sc_input_eq_nocase(dot, strlen(dot), exts[i].ext))
      return exts[i].f;
  return SPAMCLS_FORMAT_AUTO;
}

spamcls_format spamcls_format_parse(const char *s)
{
  static const struct {
    const char *name;
    spamcls_format f;
  } names[] = {
    {"plain", SPAMCLS_FORMAT_PLAIN}, {"text", SPAMCLS_FORMAT_PLAIN},
    {"txt", SPAMCLS_FORMAT_PLAIN},   {"tsv", SPAMCLS_FORMAT_TSV},
    {"csv", SPAMCLS_FORMAT_CSV},     {"jsonl", SPAMCLS_FORMAT_JSONL},
    {"ndjson", SPAMCLS_FORMAT_JSONL}, {"export", SPAMCLS_FORMAT_EXPORT},
    {"wxr", SPAMCLS_FORMAT_EXPORT},  {"disqus", SPAMCLS_FORMAT_EXPORT},
  };
  if (!s)
    return SPAMCLS_FORMAT_AUTO;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (sc_input_eq_nocase(s, strlen(s), names[i].name))
      return names[i].f;
  return SPAMCLS_FORMAT_AUTO;
}

int sc_input_field_rank(const spamcls_reader *r, int role, const char *name,
                        size_t len)
{
  if (r->field[role])
    return sc_input_eq_nocase(name, len, r->field[role]) ? 0 : -1;
  for (int i = 0; role_defaults[role][i]; i++)
    if (sc_input_eq_nocase(name, len, role_defaults[role][i]))
      return i;
  return -1;
}

const char *sc_input_field_option(const spamcls_reader *r, int role)
{
  return r->field[role];
}

const char *sc_input_role_defaults(int role)
{
  return role_default_list[role];
}

const char *sc_input_role_name(int role)
{
  return role_names[role];
}

void sc_input_comment(const spamcls_reader *r, spamcls_comment *c,
                      unsigned long line)
{
  memset(c, 0, sizeof *c);
  c->text = "";
  c->label = SPAMCLS_LABEL_NONE;
  c->source = r->source;
  c->line = line;
}

const char *sc_input_number(spamcls_reader *r, int role, unsigned long n,
                            size_t *len)
{
  /* Once per record: digits by hand rather than through snprintf. */
  char d[3 * sizeof n], *out = r->num[role];
  size_t i = sizeof d;
  do {
    d[--i] = (char)('0' + n % 10);
    n /= 10;
  } while (n);
  *len = sizeof d - i;
  memcpy(out, d + i, *len);
  out[*len] = '\0';
  return out;
}

/* ---------------------------------------------------------------- bytes */

/* One read(2) into buf[end..), waiting when a non-blocking descriptor has
 * nothing yet. */
static spamcls_status fill(spamcls_reader *r, spamcls_error *err)
{
  if (r->mem) {
    size_t k = SC_INPUT_CHUNK - r->end;
    if (r->mem_piece && k > r->mem_piece)
      k = r->mem_piece;
    if (k > r->mem_len - r->mem_pos)
      k = r->mem_len - r->mem_pos;
    if (k == 0) {
      r->eof = 1;
      return SPAMCLS_EOF;
    }
    memcpy(r->buf + r->end, r->mem + r->mem_pos, k);
    r->mem_pos += k;
    r->end += k;
    return SPAMCLS_OK;
  }
  if (r->on_wait) {
    /* One look without waiting: only a stream that has nothing yet calls
     * it (a regular file always has). */
    struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
    if (poll(&pfd, 1, 0) == 0)
      r->on_wait(r->on_wait_ctx);
  }
  for (;;) {
    ssize_t k = read(r->fd, r->buf + r->end, SC_INPUT_CHUNK - r->end);
    if (k > 0) {
      r->end += (size_t)k;
      return SPAMCLS_OK;
    }
    if (k == 0) {
      r->eof = 1;
      return SPAMCLS_EOF;
    }
    int e = errno;
    if (e == EINTR)
      continue;
    if (e == EAGAIN || e == EWOULDBLOCK) {
      struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
      (void)poll(&pfd, 1, -1);
      continue;
    }
    return sc_error(err, SPAMCLS_ERR_IO, "%s:%lu: read error: %s", r->source,
                    r->line + 1, strerror(e));
  }
}

spamcls_status sc_input_peek(spamcls_reader *r, const char **p, size_t *n,
                             spamcls_error *err)
{
  if (!r->started) {
    /* A byte order mark would glue itself to the first header name or
     * label; wait for three bytes (or the end) to know. */
    static const char bom[3] = "\xEF\xBB\xBF";
    r->started = 1;
    while (r->end < 3 && !r->eof && memcmp(r->buf, bom, r->end) == 0) {
      spamcls_status st = fill(r, err);
      if (st == SPAMCLS_ERR_IO)
        return st;
    }
    if (r->end >= 3 && memcmp(r->buf, bom, 3) == 0)
      r->pos = 3;
  }
  if (r->pos == r->end) {
    if (r->eof)
      return SPAMCLS_EOF;
    r->pos = r->end = 0;
    spamcls_status st = fill(r, err);
    if (st != SPAMCLS_OK)
      return st;
  }
  *p = r->buf + r->pos;
  *n = r->end - r->pos;
  return SPAMCLS_OK;
}

void sc_input_skip(spamcls_reader *r, size_t n)
{
  r->pos += n;
}

spamcls_status sc_input_line(spamcls_reader *r, unsigned long *line,
                             spamcls_error *err)
{
  sc_buf_clear(&r->rec);
  int any = 0, over = 0;
  for (;;) {
    const char *p;
    size_t n;
    spamcls_status st = sc_input_peek(r, &p, &n, err);
    if (st == SPAMCLS_EOF && any)
      break;  /* a last line without a newline */
    if (st != SPAMCLS_OK)
      return st;
    any = 1;
    const char *nl = memchr(p, '\n', n);
    size_t take = nl ? (size_t)(nl - p) : n;
    /* One byte of slack for the '\r' of a CRLF line. */
    if (!over && take > r->max_record + 1 - r->rec.len) {
      over = 1;
      sc_buf_clear(&r->rec);
    }
    if (!over && sc_buf_append(&r->rec, p, take) < 0)
      return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%lu: out of memory",
                      r->source, r->line + 1);
    sc_input_skip(r, take + (nl != NULL));
    if (nl)
      break;
  }
  *line = ++r->line;
  if (!over && r->rec.len && r->rec.data[r->rec.len - 1] == '\r')
    r->rec.data[--r->rec.len] = '\0';
  if (over || r->rec.len > r->max_record) {
    sc_buf_clear(&r->rec);
    return sc_error(err, SPAMCLS_ERR_LIMIT,
                    "%s:%lu: line longer than %zu bytes", r->source,
                    *line, r->max_record);
  }
  return SPAMCLS_OK;
}

/* ---------------------------------------------------------------- API */

static spamcls_status open_stream(spamcls_reader *r, const char *path,
                                  spamcls_error *err)
{
  if (!path || strcmp(path, "-") == 0) {
    r->fd = STDIN_FILENO;
    return SPAMCLS_OK;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", path, strerror(errno));
  struct stat sb;
  int e = fstat(fd, &sb) != 0 ? errno : S_ISDIR(sb.st_mode) ? EISDIR : 0;
  if (e) {
    close(fd);
    return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", path, strerror(e));
  }
  r->fd = fd;
  r->own_fd = 1;
  return SPAMCLS_OK;
}

/* A reader for source in format, with no stream yet. */
static spamcls_status reader_new(const char *source, spamcls_format format,
                                 const spamcls_reader_options *opts,
                                 spamcls_reader **out, spamcls_error *err)
{
  const sc_format_ops *ops;
  switch (format) {
  case SPAMCLS_FORMAT_PLAIN: ops = &sc_plain_ops; break;
  case SPAMCLS_FORMAT_TSV: ops = &sc_tsv_ops; break;
  case SPAMCLS_FORMAT_CSV: ops = &sc_csv_ops; break;
  case SPAMCLS_FORMAT_JSONL: ops = &sc_jsonl_ops; break;
  case SPAMCLS_FORMAT_EXPORT: ops = &sc_export_ops; break;
  default:
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s: unknown format %d", source,
                    (int)format);
  }

  spamcls_reader *r = calloc(1, sizeof *r);
  if (!r)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", source);
  r->fd = -1;
  r->ops = ops;
  r->max_record = opts->max_record ? opts->max_record
                                   : SPAMCLS_DEFAULT_MAX_RECORD;
  const char *names[SC_ROLE_COUNT] = {
    opts->text_field, opts->label_field, opts->id_field,
    opts->author_field, opts->author_url_field, opts->group_field};
  int nomem = !(r->buf = malloc(SC_INPUT_CHUNK)) ||
              !(r->source = strdup(source));
  for (int i = 0; i < SC_ROLE_COUNT && !nomem; i++)
    if (names[i] && !(r->field[i] = strdup(names[i])))
      nomem = 1;
  if (nomem) {
    spamcls_reader_close(r);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", source);
  }
  *out = r;
  return SPAMCLS_OK;
}

/* Runs the format's open once the stream is there; closes r on failure. */
static spamcls_status reader_start(spamcls_reader *r, spamcls_reader **out,
                                   spamcls_error *err)
{
  spamcls_status st = r->ops->open ? r->ops->open(r, err) : SPAMCLS_OK;
  if (st != SPAMCLS_OK) {
    spamcls_reader_close(r);
    return st;
  }
  *out = r;
  return SPAMCLS_OK;
}

spamcls_status spamcls_reader_open(const char *path,
                                   const spamcls_reader_options *opts,
                                   spamcls_reader **out, spamcls_error *err)
{
  static const spamcls_reader_options defaults = {0};
  if (!out)
    return sc_error(err, SPAMCLS_ERR_PARAM, "spamcls_reader_open: no output");
  *out = NULL;
  if (!opts)
    opts = &defaults;
  int is_stdin = !path || strcmp(path, "-") == 0;
  const char *source = is_stdin ? "-" : path;

  spamcls_format format = opts->format;
  if (format == SPAMCLS_FORMAT_AUTO && !is_stdin)
    format = spamcls_format_from_name(path);
  if (format == SPAMCLS_FORMAT_AUTO)
    format = SPAMCLS_FORMAT_PLAIN;
  spamcls_reader *r;
  spamcls_status st = reader_new(source, format, opts, &r, err);
  if (st != SPAMCLS_OK)
    return st;
  st = open_stream(r, path, err);
  if (st != SPAMCLS_OK) {
    spamcls_reader_close(r);
    return st;
  }
  return reader_start(r, out, err);
}

spamcls_status sc_input_open_memory(const void *data, size_t len,
                                   const char *name,
                                   const spamcls_reader_options *opts,
                                   size_t piece, spamcls_reader **out,
                                   spamcls_error *err)
{
  static const spamcls_reader_options defaults = {0};
  if (!out)
    return sc_error(err, SPAMCLS_ERR_PARAM,
                    "spamcls_reader_open_memory: no output");
  *out = NULL;
  if (!opts)
    opts = &defaults;
  if (!name)
    name = "(memory)";
  if (!data && len)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s: no data", name);
  spamcls_format format = opts->format;
  if (format == SPAMCLS_FORMAT_AUTO)
    format = spamcls_format_from_name(name);
  if (format == SPAMCLS_FORMAT_AUTO)
    format = SPAMCLS_FORMAT_PLAIN;
  spamcls_reader *r;
  spamcls_status st = reader_new(name, format, opts, &r, err);
  if (st != SPAMCLS_OK)
    return st;
  r->mem = data ? data : "";
  r->mem_len = len;
  r->mem_piece = piece;
  return reader_start(r, out, err);
}

spamcls_status spamcls_reader_open_memory(const void *data, size_t len,
                                          const char *name,
                                          const spamcls_reader_options *opts,
                                          spamcls_reader **out,
                                          spamcls_error *err)
{
  return sc_input_open_memory(data, len, name, opts, 0, out, err);
}

spamcls_status spamcls_reader_next(spamcls_reader *r, spamcls_comment *out,
                                   spamcls_error *err)
{
  if (!r || !out)
    return sc_error(err, SPAMCLS_ERR_PARAM, "spamcls_reader_next: no reader");
  if (r->failed)
    return sc_error(err, r->failed, "%s: reading stopped after an earlier "
                    "error", r->source);
  spamcls_status st = r->ops->next(r, out, err);
  /* Stop for good: after a failed read or allocation the position in the
   * stream, or the parser's state, is unknown. */
  if (st == SPAMCLS_ERR_IO || st == SPAMCLS_ERR_NOMEM)
    r->failed = st;
  return st;
}

size_t sc_input_footprint(const spamcls_reader *r)
{
  size_t n = SC_INPUT_CHUNK + r->rec.cap;
  if (r->ops->footprint)
    n += r->ops->footprint(r);
  return n;
}

void spamcls_reader_on_wait(spamcls_reader *r, void (*fn)(void *ctx),
                            void *ctx)
{
  if (!r)
    return;
  r->on_wait = fn;
  r->on_wait_ctx = ctx;
}

void spamcls_reader_close(spamcls_reader *r)
{
  if (!r)
    return;
  if (r->ops && r->ops->close)
    r->ops->close(r);
  if (r->own_fd && r->fd >= 0)
    close(r->fd);
  sc_buf_free(&r->rec);
  for (int i = 0; i < SC_ROLE_COUNT; i++)
    free(r->field[i]);
  free(r->source);
  free(r->buf);
  free(r);
}
