/*
 * warc_read.c - the streaming WARC record reader.
 *
 * The file is read in 64 KiB pieces; a .warc.gz is inflated with zlib one
 * gzip member at a time, so that a record's offset is its member's offset
 * (what CDX indexes and "WARC-Refers-To" users expect). Only one record's
 * header (at most SC_WARC_MAX_HEADER bytes) and block (at most max_block,
 * else it is skipped unread) are held: memory does not grow with the
 * archive.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "warc.h"

#define CHUNK ((size_t)64 << 10)

struct sc_warc_reader {
  sc_read_fn read;
  void *ctx;
  int fd;
  char *name;
  size_t max_block;
  /* raw input */
  unsigned char *in;
  size_t in_len, in_pos;
  uint64_t raw_off;       /* file offset of in[0] */
  int raw_eof;
  /* decoded bytes */
  int gzip;               /* -1 unknown yet, 0 plain, 1 gzip */
  z_stream z;
  int z_init, in_member;
  uint64_t member_off;    /* offset of the member being inflated */
  unsigned char *out;
  size_t out_len, out_pos;
  uint64_t out_member;    /* the member out[] came from (gzip) */
  uint64_t out_off;       /* plain: file offset of out[0] */
  /* the current record */
  sc_buf header;
  char *block;
  size_t block_cap;
  spamcls_status failed;
  char fail_msg[256];
};

static ssize_t fd_read(void *ctx, void *buf, size_t n)
{
  int fd = *(int *)ctx;
  for (;;) {
    ssize_t r = read(fd, buf, n);
    if (r >= 0 || errno != EINTR)
      return r;
  }
}

sc_warc_reader *sc_warc_open(sc_read_fn read, void *ctx, const char *name,
                             size_t max_block)
{
  sc_warc_reader *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->read = read;
  r->ctx = ctx;
  r->max_block = max_block;
  r->gzip = -1;
  r->name = strdup(name ? name : "-");
  r->in = malloc(CHUNK);
  r->out = malloc(CHUNK);
  if (!r->name || !r->in || !r->out) {
    sc_warc_close(r);
    return NULL;
  }
  return r;
}

sc_warc_reader *sc_warc_open_fd(int fd, const char *name, size_t max_block)
{
  sc_warc_reader *r = sc_warc_open(fd_read, NULL, name, max_block);
  if (r) {
    r->fd = fd;
    r->ctx = &r->fd;
  }
  return r;
}

void sc_warc_close(sc_warc_reader *r)
{
  if (!r)
    return;
  if (r->z_init)
    inflateEnd(&r->z);
  free(r->name);
  free(r->in);
  free(r->out);
  free(r->block);
  sc_buf_free(&r->header);
  free(r);
}

int sc_warc_is_gzip(const sc_warc_reader *r)
{
  return r->gzip == 1;
}

static spamcls_status fail(sc_warc_reader *r, spamcls_error *err,
                           spamcls_status st, uint64_t off, const char *what)
{
  r->failed = st;
  snprintf(r->fail_msg, sizeof r->fail_msg, "%s: record at offset %" PRIu64
           ": %s", r->name, off, what);
  return sc_error(err, st, "%s", r->fail_msg);
}

/* More raw bytes: 1, 0 at the end, -1 on a read error. */
static int raw_fill(sc_warc_reader *r)
{
  if (r->raw_eof)
    return 0;
  if (r->in_pos < r->in_len && r->in_pos > 0) {
    memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
  }
  r->raw_off += r->in_pos;
  r->in_len -= r->in_pos;
  r->in_pos = 0;
  ssize_t n = r->read(r->ctx, r->in + r->in_len, CHUNK - r->in_len);
  if (n < 0)
    return -1;
  if (n == 0) {
    r->raw_eof = 1;
    return 0;
  }
  r->in_len += (size_t)n;
  return 1;
}

/* Refills out[]: 1 with bytes, 0 at the end, or an error status (< 0 is
 * not used: errors return 2 with the message set). */
enum { FILL_DATA = 1, FILL_END = 0, FILL_ERROR = 2 };

static int fill(sc_warc_reader *r, uint64_t rec_off, spamcls_error *err)
{
  r->out_off += r->out_len;
  r->out_pos = r->out_len = 0;
  if (r->gzip < 0) {
    while (r->in_len - r->in_pos < 2 && !r->raw_eof)
      if (raw_fill(r) < 0) {
        fail(r, err, SPAMCLS_ERR_IO, 0, strerror(errno));
        return FILL_ERROR;
      }
    r->gzip = r->in_len - r->in_pos >= 2 && r->in[r->in_pos] == 0x1f &&
              r->in[r->in_pos + 1] == 0x8b;
  }
  if (!r->gzip) {
    if (r->in_pos == r->in_len) {
      int k = raw_fill(r);
      if (k < 0) {
        fail(r, err, SPAMCLS_ERR_IO, rec_off, strerror(errno));
        return FILL_ERROR;
      }
      if (k == 0)
        return FILL_END;
    }
    /* Plain data: handed over as it is. */
    size_t n = r->in_len - r->in_pos;
    memcpy(r->out, r->in + r->in_pos, n);
    r->out_off = r->raw_off + r->in_pos;
    r->in_pos += n;
    r->out_len = n;
    return FILL_DATA;
  }
  for (;;) {
    if (!r->in_member) {
      /* The next member, or the end: a member starts with 1f 8b. */
      while (r->in_len - r->in_pos < 2 && !r->raw_eof)
        if (raw_fill(r) < 0) {
          fail(r, err, SPAMCLS_ERR_IO, rec_off, strerror(errno));
          return FILL_ERROR;
        }
      size_t have = r->in_len - r->in_pos;
      if (have == 0)
        return FILL_END;
      uint64_t at = r->raw_off + r->in_pos;
      if (have < 2 || r->in[r->in_pos] != 0x1f || r->in[r->in_pos + 1] != 0x8b) {
        char what[96];
        snprintf(what, sizeof what, "bytes at offset %" PRIu64
                 " are not a gzip member", at);
        fail(r, err, SPAMCLS_ERR_FORMAT, at, what);
        return FILL_ERROR;
      }
      if (!r->z_init) {
        memset(&r->z, 0, sizeof r->z);
        if (inflateInit2(&r->z, 16 + MAX_WBITS) != Z_OK) {
          fail(r, err, SPAMCLS_ERR_NOMEM, at, "out of memory");
          return FILL_ERROR;
        }
        r->z_init = 1;
      } else {
        inflateReset(&r->z);
      }
      r->in_member = 1;
      r->member_off = at;
    }
    if (r->in_pos == r->in_len) {
      int k = raw_fill(r);
      if (k < 0) {
        fail(r, err, SPAMCLS_ERR_IO, r->member_off, strerror(errno));
        return FILL_ERROR;
      }
      if (k == 0) {
        fail(r, err, SPAMCLS_ERR_FORMAT, r->member_off,
             "truncated gzip member");
        return FILL_ERROR;
      }
    }
    r->z.next_in = r->in + r->in_pos;
    r->z.avail_in = (uInt)(r->in_len - r->in_pos);
    r->z.next_out = r->out;
    r->z.avail_out = (uInt)CHUNK;
    int zr = inflate(&r->z, Z_NO_FLUSH);
    r->in_pos = r->in_len - r->z.avail_in;
    r->out_len = CHUNK - r->z.avail_out;
    r->out_member = r->member_off;
    if (zr == Z_STREAM_END) {
      r->in_member = 0;
    } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
      char what[160];
      snprintf(what, sizeof what, "bad gzip data in the member at offset %"
               PRIu64 ": %s", r->member_off, r->z.msg ? r->z.msg : "error");
      fail(r, err, zr == Z_MEM_ERROR ? SPAMCLS_ERR_NOMEM : SPAMCLS_ERR_FORMAT,
           r->member_off, what);
      return FILL_ERROR;
    }
    if (r->out_len)
      return FILL_DATA;
  }
}

/* The next decoded byte: 0..255, -1 at the end, -2 on an error. */
static int next_byte(sc_warc_reader *r, uint64_t off, spamcls_error *err)
{
  if (r->out_pos == r->out_len) {
    int k = fill(r, off, err);
    if (k == FILL_ERROR)
      return -2;
    if (k == FILL_END)
      return -1;
  }
  return r->out[r->out_pos++];
}

/* Copies (dst) or skips (dst NULL) n decoded bytes; the count moved. */
static spamcls_status take(sc_warc_reader *r, char *dst, uint64_t n,
                           uint64_t off, uint64_t *moved, spamcls_error *err)
{
  *moved = 0;
  while (*moved < n) {
    if (r->out_pos == r->out_len) {
      int k = fill(r, off, err);
      if (k == FILL_ERROR)
        return r->failed;
      if (k == FILL_END)
        return SPAMCLS_EOF;
    }
    size_t have = r->out_len - r->out_pos;
    if ((uint64_t)have > n - *moved)
      have = (size_t)(n - *moved);
    if (dst)
      memcpy(dst + *moved, r->out + r->out_pos, have);
    r->out_pos += have;
    *moved += have;
  }
  return SPAMCLS_OK;
}

/* Trims spaces and tabs at both ends, in place. */
static char *trim(char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
  return s;
}

/* Reads the header block (after the version line) into r->header as
 * NUL-separated "name\0value\0" pairs, continuation lines joined. */
static spamcls_status read_fields(sc_warc_reader *r, uint64_t off,
                                  size_t used, spamcls_error *err)
{
  sc_buf line = {0};
  spamcls_status st = SPAMCLS_OK;
  for (;;) {
    sc_buf_clear(&line);
    int c;
    while ((c = next_byte(r, off, err)) >= 0 && c != '\n') {
      if (++used > SC_WARC_MAX_HEADER) {
        st = fail(r, err, SPAMCLS_ERR_LIMIT, off, "header longer than 65536 "
                  "bytes");
        goto out;
      }
      if (sc_buf_putc(&line, c) < 0) {
        st = fail(r, err, SPAMCLS_ERR_NOMEM, off, "out of memory");
        goto out;
      }
    }
    if (c == -2) {
      st = r->failed;
      goto out;
    }
    if (c == -1) {
      st = fail(r, err, SPAMCLS_ERR_FORMAT, off, "truncated record: the "
                "archive ends inside its header");
      goto out;
    }
    used++;
    if (line.len && line.data[line.len - 1] == '\r')
      line.data[--line.len] = '\0';
    if (line.len == 0)
      break;  /* the blank line: the block follows */
    if (memchr(line.data, '\0', line.len)) {
      st = fail(r, err, SPAMCLS_ERR_FORMAT, off, "NUL byte in the header");
      goto out;
    }
    if (line.data[0] == ' ' || line.data[0] == '\t') {
      /* A continuation: joined to the value before it. */
      if (!r->header.len) {
        st = fail(r, err, SPAMCLS_ERR_FORMAT, off, "header starts with a "
                  "continuation line");
        goto out;
      }
      r->header.len--;  /* over the value's NUL */
      if (sc_buf_putc(&r->header, ' ') < 0 ||
          sc_buf_append(&r->header, trim(line.data), strlen(trim(line.data)) + 1) < 0) {
        st = fail(r, err, SPAMCLS_ERR_NOMEM, off, "out of memory");
        goto out;
      }
      continue;
    }
    char *colon = strchr(line.data, ':');
    if (!colon || colon == line.data) {
      st = fail(r, err, SPAMCLS_ERR_FORMAT, off, "malformed header line "
                "(no 'Name: value')");
      goto out;
    }
    *colon = '\0';
    char *name = trim(line.data), *value = trim(colon + 1);
    if (sc_buf_append(&r->header, name, strlen(name) + 1) < 0 ||
        sc_buf_append(&r->header, value, strlen(value) + 1) < 0) {
      st = fail(r, err, SPAMCLS_ERR_NOMEM, off, "out of memory");
      goto out;
    }
  }
out:
  sc_buf_free(&line);
  return st;
}

/* The first field called name (any case), or NULL. */
static const char *field(const sc_warc_reader *r, const char *name)
{
  if (!r->header.data)
    return NULL;  /* a record with no field at all */
  const char *p = r->header.data, *end = p + r->header.len;
  while (p < end) {
    const char *v = p + strlen(p) + 1;
    if (v >= end)
      break;
    if (!strcasecmp(p, name))
      return v;
    p = v + strlen(v) + 1;
  }
  return NULL;
}

static int parse_length(const char *s, uint64_t *out)
{
  if (!s || !*s)
    return -1;
  uint64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
      return -1;
    v = v * 10 + (uint64_t)(*s - '0');
  }
  *out = v;
  return 0;
}

spamcls_status sc_warc_next(sc_warc_reader *r, sc_warc_record *rec,
                            spamcls_error *err)
{
  memset(rec, 0, sizeof *rec);
  if (r->failed)
    return sc_error(err, r->failed, "%s", r->fail_msg);
  sc_buf_clear(&r->header);
  /* Blank lines between records are tolerated. */
  int c;
  uint64_t off;
  for (;;) {
    if (r->out_pos == r->out_len) {
      int k = fill(r, r->gzip == 1 ? r->member_off : r->out_off + r->out_pos,
                   err);
      if (k == FILL_ERROR)
        return r->failed;
      if (k == FILL_END)
        return SPAMCLS_EOF;
    }
    off = r->gzip == 1 ? r->out_member : r->out_off + r->out_pos;
    c = r->out[r->out_pos];
    if (c != '\r' && c != '\n')
      break;
    r->out_pos++;
  }
  rec->offset = off;
  /* The version line. */
  char ver[16];
  size_t n = 0, used = 0;
  while ((c = next_byte(r, off, err)) >= 0 && c != '\n') {
    if (n < sizeof ver - 1)
      ver[n++] = (char)c;
    if (++used > 64)
      break;
  }
  if (c == -2)
    return r->failed;
  ver[n] = '\0';
  if (n && ver[n - 1] == '\r')
    ver[--n] = '\0';
  if (strcmp(ver, "WARC/1.0") && strcmp(ver, "WARC/1.1"))
    return fail(r, err, SPAMCLS_ERR_FORMAT, off, c == -1 && used == 0
                ? "truncated record" : "not a WARC/1.0 or WARC/1.1 record");
  memcpy(rec->version, ver, n + 1);
  spamcls_status st = read_fields(r, off, used + 1, err);
  if (st != SPAMCLS_OK)
    return st;
  const char *len = field(r, "Content-Length");
  if (!len)
    return fail(r, err, SPAMCLS_ERR_FORMAT, off, "no Content-Length");
  if (parse_length(len, &rec->length) < 0)
    return fail(r, err, SPAMCLS_ERR_FORMAT, off, "Content-Length is not a "
                "number");
  rec->type = field(r, "WARC-Type");
  rec->record_id = field(r, "WARC-Record-ID");
  rec->date = field(r, "WARC-Date");
  rec->content_type = field(r, "Content-Type");
  const char *uri = field(r, "WARC-Target-URI");
  if (uri && uri[0] == '<' && uri[strlen(uri) - 1] == '>') {
    /* WARC 1.0's examples bracket the URI: the brackets are no part of it. */
    char *u = (char *)uri;
    size_t k = strlen(u);
    memmove(u, u + 1, k - 2);
    u[k - 2] = '\0';
  }
  rec->target_uri = uri;
  uint64_t moved;
  if (rec->length <= r->max_block) {
    size_t want = (size_t)rec->length + 1;
    if (want > r->block_cap) {
      char *b = realloc(r->block, want);
      if (!b)
        return fail(r, err, SPAMCLS_ERR_NOMEM, off, "out of memory");
      r->block = b;
      r->block_cap = want;
    }
    st = take(r, r->block, rec->length, off, &moved, err);
    if (st == SPAMCLS_OK) {
      r->block[rec->length] = '\0';
      rec->block = rec->head = r->block;
      rec->block_len = rec->head_len = (size_t)rec->length;
    }
  } else {
    /* Too long to keep: its start is kept (the HTTP header says what it
     * is), the rest read past. */
    if (r->block_cap < SC_WARC_HEAD + 1) {
      char *b = realloc(r->block, SC_WARC_HEAD + 1);
      if (!b)
        return fail(r, err, SPAMCLS_ERR_NOMEM, off, "out of memory");
      r->block = b;
      r->block_cap = SC_WARC_HEAD + 1;
    }
    uint64_t rest;
    size_t head = rec->length < SC_WARC_HEAD ? (size_t)rec->length : SC_WARC_HEAD;
    st = take(r, r->block, head, off, &moved, err);
    if (st == SPAMCLS_OK) {
      r->block[head] = '\0';
      rec->head = r->block;
      rec->head_len = head;
      st = take(r, NULL, rec->length - head, off, &rest, err);
      moved += rest;
    }
  }
  if (st == SPAMCLS_EOF) {
    char what[160];
    snprintf(what, sizeof what, "truncated record: the archive ends after %"
             PRIu64 " of its %" PRIu64 " bytes (Content-Length)", moved,
             rec->length);
    return fail(r, err, SPAMCLS_ERR_FORMAT, off, what);
  }
  if (st != SPAMCLS_OK)
    return st;
  /* The block is followed by CRLF CRLF; anything else means a wrong
   * Content-Length (or a cut archive). */
  char tail[4];
  st = take(r, tail, 4, off, &moved, err);
  if (st == SPAMCLS_EOF || (st == SPAMCLS_OK && memcmp(tail, "\r\n\r\n", 4)))
    return fail(r, err, SPAMCLS_ERR_FORMAT, off, "the block is not followed "
                "by CRLF CRLF: wrong Content-Length, or a truncated record");
  return st;
}
