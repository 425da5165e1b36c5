/*
 * export_read.c - spamcls_export_*: a site export streamed through
 * libxml2's XML reader (xmlTextReader: one node at a time, the tree
 * freed behind it, so memory stays that of one comment), each comment's
 * fields gathered as a dialect says, and the bytes copied out in step
 * (export_raw.c) with the status values of marked comments replaced.
 *
 * A comment's status value is held back from the output from the moment
 * its span is known until the caller has had the comment (and may have
 * marked it): the next call writes it, original or replaced. So what is
 * held is at most one comment's bytes.
 */
#define _GNU_SOURCE  /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "html.h"

/* Bytes at the start that decide the kind. */
#define HEAD_MAX 16384

struct spamcls_export {
  const sc_dialect *d;
  xmlTextReaderPtr xr;
  char *name;
  /* where bytes come from: a descriptor, memory or a callback */
  int fd, own_fd;
  const char *mem;
  size_t mem_len, mem_pos;
  sc_export_read_fn fn;
  void *fn_ctx;
  char head[HEAD_MAX];
  size_t head_len, head_pos;
  int read_errno;           /* a read failed */
  int src_eof;              /* the source has no more bytes */
  int nomem;
  sc_raw raw;
  /* libxml2's first error */
  char xml_msg[256];
  int xml_line, xml_level;
  /* the comment being read */
  int in_comment, cdepth;
  int field, fdepth;        /* the field element open, or -1 */
  char child[64];           /* local name of the comment's open child */
  sc_exfields f;
  int status_children, status_span;
  unsigned long long vs, ve;
  unsigned long line;
  /* context outside comments (the post a WXR comment belongs to) */
  sc_buf thread;
  int ctx_open, ctx_depth;
  sc_buf body;
  /* Comments given out and not yet written, oldest first: a ring of
   * window entries. */
  struct pend {
    unsigned long long vs, ve;
    unsigned long seq;
    int span, mark;
  } *pend;
  size_t window, npend, first;
  unsigned long seq;        /* comments given out so far */
  int at_end;               /* no more comments; pending ones wait */
  spamcls_status failed;
  char fail_msg[512];
  int done;
};

/* ---------------------------------------------------------------- fields */

int sc_exfield_set(sc_exfields *f, int k, const char *s)
{
  sc_buf_clear(&f->f[k]);
  f->has[k] = 1;
  size_t n = strlen(s);
  if (n > SC_EXPORT_FIELD_MAX)
    n = SC_EXPORT_FIELD_MAX;
  return sc_buf_append(&f->f[k], s, n);
}

int sc_exfield_is(const sc_buf *b, const char *z)
{
  size_t s = 0, e = b->len;
  while (s < e && (b->data[s] == ' ' || b->data[s] == '\t' ||
                   b->data[s] == '\n' || b->data[s] == '\r'))
    s++;
  while (e > s && (b->data[e - 1] == ' ' || b->data[e - 1] == '\t' ||
                   b->data[e - 1] == '\n' || b->data[e - 1] == '\r'))
    e--;
  if (e - s != strlen(z))
    return 0;
  for (size_t i = 0; i < e - s; i++) {
    char c = b->data[s + i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != z[i])
      return 0;
  }
  return 1;
}

/* ---------------------------------------------------------------- names */

const char *spamcls_export_kind_name(spamcls_export_kind k)
{
  return k == SPAMCLS_EXPORT_WXR ? "wxr"
         : k == SPAMCLS_EXPORT_DISQUS ? "disqus" : "none";
}

const char *spamcls_site_status_name(spamcls_site_status s)
{
  static const char *const names[] = {"unknown", "approved", "pending",
                                      "spam", "trash", "deleted"};
  return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}

spamcls_export_kind spamcls_export_kind_of(const spamcls_export *e)
{
  return e->d->kind;
}

/* The root element's name decides, with the namespace its export
 * declares somewhere in the head (on the root, in practice). */
spamcls_export_kind spamcls_export_sniff(const void *head, size_t len)
{
  const char *b = head;
  size_t i = 0;
  if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  for (;;) {
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' ||
                       b[i] == '\r'))
      i++;
    if (i >= len || b[i] != '<')
      return SPAMCLS_EXPORT_NONE;
    int kind, empty;
    size_t ns, ne;
    size_t end = sc_raw_markup(b, len, i, &kind, &ns, &ne, &empty);
    if (kind == 0) {
      size_t n = ne - ns;
      if (n == 3 && memcmp(b + ns, "rss", 3) == 0 &&
          memmem(b, len, "http://wordpress.org/export/", 28))
        return SPAMCLS_EXPORT_WXR;
      if (n == 6 && memcmp(b + ns, "disqus", 6) == 0 &&
          memmem(b, len, "\"http://disqus.com\"", 19))
        return SPAMCLS_EXPORT_DISQUS;
      return SPAMCLS_EXPORT_NONE;
    }
    if (!end)
      return SPAMCLS_EXPORT_NONE;
    i = end;
  }
}

/* ---------------------------------------------------------------- input */

/* Reads up to n bytes from the source itself. */
static long source_read(spamcls_export *e, char *buf, size_t n)
{
  if (e->fn)
    return e->fn(e->fn_ctx, buf, n);
  if (e->mem) {
    size_t k = e->mem_len - e->mem_pos < n ? e->mem_len - e->mem_pos : n;
    memcpy(buf, e->mem + e->mem_pos, k);
    e->mem_pos += k;
    return (long)k;
  }
  for (;;) {
    ssize_t k = read(e->fd, buf, n);
    if (k >= 0 || errno != EINTR)
      return k < 0 ? -1 : (long)k;
  }
}

/* libxml2's input callback: the head first, then the source; every byte
 * also goes to the raw window. */
static int xml_read(void *ctx, char *buf, int len)
{
  spamcls_export *e = ctx;
  long k;
  if (e->head_pos < e->head_len) {
    size_t left = e->head_len - e->head_pos;
    k = (long)(left < (size_t)len ? left : (size_t)len);
    memcpy(buf, e->head + e->head_pos, (size_t)k);
    e->head_pos += (size_t)k;
  } else {
    k = source_read(e, buf, (size_t)len);
    if (k < 0) {
      e->read_errno = errno ? errno : EIO;
      return -1;
    }
    if (k == 0)
      e->src_eof = 1;
  }
  if (k > 0 && sc_raw_feed(&e->raw, buf, (size_t)k) != 0) {
    e->nomem = 1;
    return -1;
  }
  return (int)k;
}

static int xml_close(void *ctx)
{
  return 0;
}

static void xml_error(void *ctx, xmlErrorPtr err)
{
  spamcls_export *e = ctx;
  /* The first fatal error, else the first error: what stopped it. */
  if (!err || err->level < XML_ERR_ERROR || e->xml_level >= (int)XML_ERR_FATAL ||
      (e->xml_level && (int)err->level <= e->xml_level))
    return;
  e->xml_level = (int)err->level;
  e->xml_line = err->line;
  snprintf(e->xml_msg, sizeof e->xml_msg, "%s",
           err->message ? err->message : "malformed XML");
  size_t n = strlen(e->xml_msg);
  while (n && (e->xml_msg[n - 1] == '\n' || e->xml_msg[n - 1] == ' '))
    e->xml_msg[--n] = '\0';
}

/* ---------------------------------------------------------------- open */

static spamcls_status start(spamcls_export *e, const char *name,
                            spamcls_export_kind kind, FILE *out,
                            spamcls_error *err)
{
  e->field = -1;
  e->raw.out = out;
  e->name = strdup(name ? name : "(memory)");
  if (!e->name)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  while (e->head_len < HEAD_MAX) {
    long k = source_read(e, e->head + e->head_len, HEAD_MAX - e->head_len);
    if (k < 0)
      return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", e->name,
                      strerror(errno ? errno : EIO));
    if (k == 0) {
      e->src_eof = 1;
      break;
    }
    e->head_len += (size_t)k;
  }
  if (kind == SPAMCLS_EXPORT_NONE)
    kind = spamcls_export_sniff(e->head, e->head_len);
  if (kind == SPAMCLS_EXPORT_WXR)
    e->d = &sc_dialect_wxr;
  else if (kind == SPAMCLS_EXPORT_DISQUS)
    e->d = &sc_dialect_disqus;
  else
    return sc_error(err, SPAMCLS_ERR_FORMAT,
                    "%s:1: not a WordPress (WXR) or Disqus export", e->name);
  /* No network, no DTD loading; entities are not substituted (a file
   * that needs them is refused when its bytes and the reader disagree). */
  sc_xml_init();
  e->xr = xmlReaderForIO(xml_read, xml_close, e, NULL, NULL, XML_PARSE_NONET);
  if (!e->xr)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  xmlTextReaderSetStructuredErrorHandler(e->xr, xml_error, e);
  return SPAMCLS_OK;
}

static spamcls_status open_with(spamcls_export *e, const char *name,
                                spamcls_export_kind kind, FILE *out,
                                spamcls_export **pe, spamcls_error *err)
{
  spamcls_status st = start(e, name, kind, out, err);
  if (st != SPAMCLS_OK) {
    spamcls_export_close(e);
    return st;
  }
  *pe = e;
  return SPAMCLS_OK;
}

static spamcls_export *new_export(void)
{
  spamcls_export *e = calloc(1, sizeof *e);
  if (e) {
    e->fd = -1;
    e->window = 1;
    e->pend = calloc(1, sizeof *e->pend);
    if (!e->pend) {
      free(e);
      e = NULL;
    }
  }
  return e;
}

spamcls_status spamcls_export_open(const char *path, spamcls_export_kind kind,
                                   FILE *out, spamcls_export **pe,
                                   spamcls_error *err)
{
  *pe = NULL;
  spamcls_export *e = new_export();
  if (!e)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  if (!path || strcmp(path, "-") == 0) {
    e->fd = 0;
    path = "-";
  } else {
    e->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (e->fd < 0) {
      int er = errno;
      spamcls_export_close(e);
      return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", path, strerror(er));
    }
    e->own_fd = 1;
  }
  return open_with(e, path, kind, out, pe, err);
}

spamcls_status spamcls_export_open_memory(const void *data, size_t len,
                                          const char *name,
                                          spamcls_export_kind kind,
                                          FILE *out, spamcls_export **pe,
                                          spamcls_error *err)
{
  *pe = NULL;
  spamcls_export *e = new_export();
  if (!e)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  e->mem = data ? data : "";
  e->mem_len = data ? len : 0;
  return open_with(e, name, kind, out, pe, err);
}

spamcls_status sc_export_open_fn(sc_export_read_fn fn, void *ctx,
                                 const char *name, spamcls_export_kind kind,
                                 FILE *out, spamcls_export **pe,
                                 spamcls_error *err)
{
  *pe = NULL;
  spamcls_export *e = new_export();
  if (!e)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  e->fn = fn;
  e->fn_ctx = ctx;
  return open_with(e, name, kind, out, pe, err);
}

void spamcls_export_close(spamcls_export *e)
{
  if (!e)
    return;
  if (e->xr)
    xmlFreeTextReader(e->xr);
  if (e->own_fd)
    close(e->fd);
  sc_raw_free(&e->raw);
  for (int k = 0; k < EXF_COUNT; k++)
    sc_buf_free(&e->f.f[k]);
  sc_buf_free(&e->thread);
  sc_buf_free(&e->body);
  free(e->pend);
  free(e->name);
  free(e);
}

/* ---------------------------------------------------------------- reading */

/* Stops the export: every later call returns st with this message. */
static spamcls_status fail(spamcls_export *e, spamcls_status st,
                           unsigned long line, const char *what)
{
  if (!e->failed) {
    e->failed = st;
    snprintf(e->fail_msg, sizeof e->fail_msg, "%s:%lu: %s", e->name, line,
             what);
  }
  return e->failed;
}

/* The reader and the bytes disagree: no mark can be placed safely. */
static spamcls_status out_of_step(spamcls_export *e, const char *qname)
{
  char what[200];
  snprintf(what, sizeof what, "cannot place <%.80s> in the file's bytes "
           "(entities, or an encoding other than UTF-8): not marked",
           qname);
  return fail(e, SPAMCLS_ERR_FORMAT,
              (unsigned long)xmlTextReaderGetParserLineNumber(e->xr), what);
}

static int append_text(spamcls_export *e, sc_buf *b)
{
  const xmlChar *v = xmlTextReaderConstValue(e->xr);
  if (!v)
    return 0;
  size_t n = strlen((const char *)v);
  if (b->len + n > SC_EXPORT_FIELD_MAX)
    n = SC_EXPORT_FIELD_MAX - b->len;
  return sc_buf_append(b, v, n);
}

static void clear_comment(spamcls_export *e)
{
  for (int k = 0; k < EXF_COUNT; k++) {
    sc_buf_clear(&e->f.f[k]);
    e->f.has[k] = 0;
  }
  e->field = -1;
  e->child[0] = '\0';
  e->status_children = e->status_span = 0;
}

/* An element starts. 1 when it is a whole (empty) comment. */
static int on_start(spamcls_export *e)
{
  xmlTextReaderPtr xr = e->xr;
  const char *qn = (const char *)xmlTextReaderConstName(xr);
  const xmlChar *local = xmlTextReaderConstLocalName(xr);
  const xmlChar *ns = xmlTextReaderConstNamespaceUri(xr);
  int depth = xmlTextReaderDepth(xr);
  int empty = xmlTextReaderIsEmptyElement(xr) == 1, raw_empty;
  if (!qn || sc_raw_next_start(&e->raw, qn, &raw_empty) != 0 ||
      raw_empty != empty) {
    out_of_step(e, qn ? qn : "?");
    return 0;
  }
  if (!e->in_comment) {
    int clear;
    if (e->d->is_comment(ns, local, depth)) {
      clear_comment(e);
      e->in_comment = 1;
      e->cdepth = depth;
      e->line = sc_raw_line(&e->raw, sc_raw_tag_start(&e->raw));
      if (e->thread.len && (sc_exfield_set(&e->f, EXF_THREAD, "") ||
                            sc_buf_append(&e->f.f[EXF_THREAD], e->thread.data,
                                          e->thread.len)))
        e->nomem = 1;
      if (e->d->attrs && e->d->attrs(xr, 0, local, &e->f))
        e->nomem = 1;
      if (empty) {
        e->in_comment = 0;
        return 1;
      }
      return 0;
    }
    int k = e->d->context(ns, local, depth, &clear);
    if (clear)
      sc_buf_clear(&e->thread);
    if (k >= 0 && !empty) {
      sc_buf_clear(&e->thread);
      e->ctx_open = 1;
      e->ctx_depth = depth;
    }
    return 0;
  }
  int rel = depth - e->cdepth;
  if (rel == 1)
    snprintf(e->child, sizeof e->child, "%s", (const char *)local);
  if (e->field == EXF_STATUS && depth > e->fdepth)
    e->status_children = 1;
  if (e->field >= 0)
    return 0;
  if (e->d->attrs && e->d->attrs(xr, rel, local, &e->f))
    e->nomem = 1;
  int k = e->d->field(ns, local, rel, rel == 2 ? e->child : NULL);
  if (k < 0 || e->f.has[k])
    return 0;  /* a field given twice: the first counts */
  e->f.has[k] = 1;
  sc_buf_clear(&e->f.f[k]);
  if (!empty) {
    e->field = k;
    e->fdepth = depth;
  }
  return 0;
}

static void on_text(spamcls_export *e)
{
  if (e->in_comment && e->field >= 0) {
    if (append_text(e, &e->f.f[e->field]) < 0)
      e->nomem = 1;
  } else if (!e->in_comment && e->ctx_open) {
    if (append_text(e, &e->thread) < 0)
      e->nomem = 1;
  }
}

/* Trimmed a[0..n) equals trimmed b. */
static int same_value(const char *a, size_t n, const sc_buf *b)
{
  size_t s = 0, t = b->len;
  while (s < t && (b->data[s] == ' ' || b->data[s] == '\t' ||
                   b->data[s] == '\n' || b->data[s] == '\r'))
    s++;
  while (t > s && (b->data[t - 1] == ' ' || b->data[t - 1] == '\t' ||
                   b->data[t - 1] == '\n' || b->data[t - 1] == '\r'))
    t--;
  return t - s == n && (n == 0 || memcmp(a, b->data + s, n) == 0);
}

/* An element ends. 1 when it closes a comment. */
static int on_end(spamcls_export *e)
{
  int depth = xmlTextReaderDepth(e->xr);
  if (!e->in_comment) {
    if (e->ctx_open && depth == e->ctx_depth)
      e->ctx_open = 0;
    return 0;
  }
  if (e->field >= 0 && depth == e->fdepth) {
    if (e->field == EXF_STATUS && !e->status_children) {
      const char *qn = (const char *)xmlTextReaderConstName(e->xr);
      unsigned long long cs, ce;
      const char *text;
      size_t tlen;
      if (!qn || sc_raw_content(&e->raw, qn, &cs, &ce) != 0) {
        out_of_step(e, qn ? qn : "?");
        return 0;
      }
      sc_raw_value(&e->raw, cs, ce, &e->vs, &e->ve, &text, &tlen);
      if (text && !same_value(text, tlen, &e->f.f[EXF_STATUS])) {
        out_of_step(e, qn);
        return 0;
      }
      e->status_span = 1;
      sc_raw_hold(&e->raw, e->vs);
    }
    e->field = -1;
  }
  if (depth == e->cdepth) {
    e->in_comment = 0;
    return 1;
  }
  return 0;
}

static const char *span(const sc_buf *b, size_t *n)
{
  *n = b->len;
  return b->data ? b->data : "";
}

static spamcls_status comment_out(spamcls_export *e, spamcls_export_comment *c)
{
  sc_exfields *f = &e->f;
  memset(c, 0, sizeof *c);
  if (sc_export_body_text(f->f[EXF_BODY].data ? f->f[EXF_BODY].data : "",
                          f->f[EXF_BODY].len, &e->body) < 0)
    return fail(e, SPAMCLS_ERR_NOMEM, e->line, "out of memory");
  c->id = span(&f->f[EXF_ID], &c->id_len);
  c->author = span(&f->f[EXF_AUTHOR], &c->author_len);
  if (f->has[EXF_URL] && f->f[EXF_URL].len)
    c->author_url = span(&f->f[EXF_URL], &c->author_url_len);
  c->date = span(&f->f[EXF_DATE], &c->date_len);
  c->body = span(&e->body, &c->body_len);
  c->thread = span(&f->f[EXF_THREAD], &c->thread_len);
  if (f->has[EXF_STATUS])
    c->status = span(&f->f[EXF_STATUS], &c->status_len);
  c->site = e->d->site(f);
  c->markable = e->status_span;
  c->line = e->line;
  c->status_offset = e->status_span ? e->vs : 0;
  c->seq = e->seq;
  e->pend[(e->first + e->npend) % e->window] =
      (struct pend){e->vs, e->ve, e->seq, e->status_span, 0};
  e->npend++;
  e->seq++;
  return SPAMCLS_OK;
}

/* Writes the oldest comment given out, with its mark; the output then
 * holds at the next one's status value. */
static spamcls_status release(spamcls_export *e)
{
  struct pend p = e->pend[e->first];
  unsigned long long next = 0;
  int has_next = 0;
  for (size_t k = 1; k < e->npend && !has_next; k++) {
    const struct pend *q = &e->pend[(e->first + k) % e->window];
    if (q->span) {
      has_next = 1;
      next = q->vs;
    }
  }
  e->first = (e->first + 1) % e->window;
  e->npend--;
  if (p.span && sc_raw_release(&e->raw, p.vs, p.ve,
                               p.mark ? e->d->spam_value : NULL, has_next,
                               next) != 0)
    return fail(e, SPAMCLS_ERR_IO, e->line, "cannot write the output");
  return SPAMCLS_OK;
}

/* Every comment written, then the rest of the input. */
static spamcls_status finish_all(spamcls_export *e)
{
  while (e->npend)
    if (release(e) != SPAMCLS_OK)
      return e->failed;
  int f = sc_raw_finish(&e->raw);
  if (f == -1)
    return out_of_step(e, "element");
  if (f != 0 || (e->raw.out && fflush(e->raw.out) != 0))
    return fail(e, SPAMCLS_ERR_IO, e->line, "cannot write the output");
  e->done = 1;
  return SPAMCLS_OK;
}

static spamcls_status report(spamcls_export *e, spamcls_error *err)
{
  return sc_error(err, e->failed, "%s", e->fail_msg);
}

/* libxml2's reader says "Extra content at the end of the document" for a
 * file that ends inside an element: an error at the end of the input
 * with elements still open is a file cut short. */
static int cut_short(spamcls_export *e)
{
  return e->src_eof && xmlTextReaderDepth(e->xr) > 0 &&
         (strstr(e->xml_msg, "Extra content at the end") ||
          strstr(e->xml_msg, "Premature end of data"));
}

spamcls_status spamcls_export_next(spamcls_export *e,
                                   spamcls_export_comment *c,
                                   spamcls_error *err)
{
  if (e->failed)
    return report(e, err);
  if (e->done || e->at_end)
    return SPAMCLS_EOF;
  while (e->npend >= e->window)
    if (release(e) != SPAMCLS_OK)
      return report(e, err);
  for (;;) {
    int rc = xmlTextReaderRead(e->xr);
    if (e->nomem)
      fail(e, SPAMCLS_ERR_NOMEM, e->line, "out of memory");
    else if (e->read_errno)
      fail(e, SPAMCLS_ERR_IO, (unsigned long)e->xml_line,
           strerror(e->read_errno));
    else if (rc < 0)
      fail(e, SPAMCLS_ERR_FORMAT,
           (unsigned long)(e->xml_line > 0 ? e->xml_line
                           : xmlTextReaderGetParserLineNumber(e->xr)),
           cut_short(e) ? "the export ends before its elements are closed "
                          "(cut short?)"
           : e->xml_msg[0] ? e->xml_msg : "malformed XML");
    if (e->failed)
      return report(e, err);
    if (rc == 0) {
      e->at_end = 1;
      /* One comment at a time: the last was marked before this call. */
      if (e->window == 1 && finish_all(e) != SPAMCLS_OK)
        return report(e, err);
      return SPAMCLS_EOF;
    }
    int whole = 0;
    switch (xmlTextReaderNodeType(e->xr)) {
    case XML_READER_TYPE_ELEMENT:
      whole = on_start(e);
      break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      on_text(e);
      break;
    case XML_READER_TYPE_END_ELEMENT:
      whole = on_end(e);
      break;
    default:
      break;
    }
    if (e->nomem)
      fail(e, SPAMCLS_ERR_NOMEM, e->line, "out of memory");
    if (e->failed)
      return report(e, err);
    if (sc_raw_flush(&e->raw) != 0)
      return fail(e, SPAMCLS_ERR_IO, e->line, "cannot write the output"),
             report(e, err);
    if (whole)
      return comment_out(e, c) == SPAMCLS_OK ? SPAMCLS_OK : report(e, err);
  }
}

spamcls_status spamcls_export_mark_spam(spamcls_export *e)
{
  if (!e->npend)
    return SPAMCLS_ERR_PARAM;
  return spamcls_export_mark_spam_at(
      e, e->pend[(e->first + e->npend - 1) % e->window].seq);
}

spamcls_status spamcls_export_mark_spam_at(spamcls_export *e,
                                           unsigned long seq)
{
  for (size_t k = 0; k < e->npend; k++) {
    struct pend *p = &e->pend[(e->first + k) % e->window];
    if (p->seq == seq) {
      if (!p->span || !e->raw.out)
        return SPAMCLS_ERR_PARAM;
      p->mark = 1;
      return SPAMCLS_OK;
    }
  }
  return SPAMCLS_ERR_PARAM;
}

spamcls_status spamcls_export_set_window(spamcls_export *e, size_t n)
{
  if (n < 1 || n > SPAMCLS_EXPORT_MAX_WINDOW || e->seq)
    return SPAMCLS_ERR_PARAM;
  struct pend *p = calloc(n, sizeof *p);
  if (!p)
    return SPAMCLS_ERR_NOMEM;
  free(e->pend);
  e->pend = p;
  e->window = n;
  return SPAMCLS_OK;
}

spamcls_status spamcls_export_flush(spamcls_export *e, spamcls_error *err)
{
  if (e->failed)
    return report(e, err);
  while (e->npend)
    if (release(e) != SPAMCLS_OK)
      return report(e, err);
  return SPAMCLS_OK;
}

spamcls_status spamcls_export_finish(spamcls_export *e, spamcls_error *err)
{
  if (e->failed)
    return report(e, err);
  if (e->done)
    return SPAMCLS_OK;
  if (!e->at_end)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s: spamcls_export_finish "
                    "before the last comment was read", e->name);
  return finish_all(e) == SPAMCLS_OK ? SPAMCLS_OK : report(e, err);
}
