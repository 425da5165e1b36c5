/* warc_input.c - the HTML records of a web archive, as pages. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "warc.h"
#include "warc_input.h"
#include "util.h"

int sc_warc_is_archive(const char *path)
{
  size_t n = strlen(path);
  return (n > 5 && !strcasecmp(path + n - 5, ".warc")) ||
         (n > 8 && !strcasecmp(path + n - 8, ".warc.gz"));
}

/* An HTML page: a successful (2xx) response whose HTTP Content-Type says
 * HTML (a header
 * that cannot be parsed is a page too, reported when it is read), or a
 * resource whose record Content-Type does. */
static int holds_html(const sc_warc_record *rec, int *response)
{
  *response = 0;
  if (!rec->type)
    return 0;
  char mime[128], cs[64];
  if (!strcasecmp(rec->type, "response")) {
    /* only HTTP responses: a DNS or FTP response holds no page */
    if (rec->content_type && strncasecmp(rec->content_type, "application/http", 16))
      return 0;
    *response = 1;
    sc_http_payload h;
    size_t hl, body;
    if (sc_http_head(rec->head ? rec->head : "", rec->head_len, &h, &hl, &body,
                     NULL) != SPAMCLS_OK)
      return 1;
    /* an error page or a redirect is no archived page */
    return h.status >= 200 && h.status < 300 && sc_http_is_html(h.mime);
  }
  if (!strcasecmp(rec->type, "resource")) {
    sc_http_content_type(rec->content_type, mime, sizeof mime, cs, sizeof cs);
    return sc_http_is_html(mime);
  }
  return 0;
}

int sc_warc_each(const char *path, size_t max_page,
                 int (*fn)(void *ctx, const sc_warc_item *it), void *ctx,
                 sc_warc_tally *t)
{
  memset(t, 0, sizeof *t);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(t->error, sizeof t->error, "%s: %s", path, strerror(errno));
    return 0;
  }
  /* A block holds the page and its HTTP header. */
  sc_warc_reader *r = sc_warc_open_fd(fd, path, max_page + SC_WARC_MAX_HEADER);
  if (!r) {
    close(fd);
    snprintf(t->error, sizeof t->error, "%s: out of memory", path);
    return 0;
  }
  sc_warc_record rec;
  spamcls_error err = {{0}};
  spamcls_status st;
  int rc = 0;
  while (rc == 0 && (st = sc_warc_next(r, &rec, &err)) == SPAMCLS_OK) {
    t->records++;
    sc_warc_item it;
    if (!holds_html(&rec, &it.response)) {
      t->other++;
      continue;
    }
    t->pages++;
    it.warc = path;
    it.uri = rec.target_uri ? rec.target_uri : "";
    it.record_id = rec.record_id ? rec.record_id : "";
    it.date = rec.date ? rec.date : "";
    it.offset = rec.offset;
    it.block = rec.block;
    it.block_len = rec.block_len;
    it.length = rec.length;
    it.content_type = rec.content_type ? rec.content_type : "";
    rc = fn(ctx, &it);
  }
  if (rc == 0 && st != SPAMCLS_EOF)
    snprintf(t->error, sizeof t->error, "%s", err.msg);
  sc_warc_close(r);
  close(fd);
  return rc;
}

static char *dup0(const char *s)
{
  return strdup(s ? s : "");
}

sc_warc_job *sc_warc_job_new(const sc_warc_item *it)
{
  sc_warc_job *w = calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->warc = dup0(it->warc);
  w->uri = dup0(it->uri);
  w->record_id = dup0(it->record_id);
  w->date = dup0(it->date);
  w->content_type = dup0(it->content_type);
  w->offset = it->offset;
  w->response = it->response;
  w->length = it->length;
  if (it->block) {
    w->block = malloc(it->block_len + 1);
    if (w->block) {
      memcpy(w->block, it->block, it->block_len);
      w->block[it->block_len] = '\0';
      w->block_len = it->block_len;
    }
  }
  if (!w->warc || !w->uri || !w->record_id || !w->date || !w->content_type ||
      (it->block && !w->block)) {
    sc_warc_job_free(w);
    return NULL;
  }
  return w;
}

void sc_warc_job_free(sc_warc_job *w)
{
  if (!w)
    return;
  free(w->warc);
  free(w->uri);
  free(w->record_id);
  free(w->date);
  free(w->content_type);
  free(w->block);
  free(w);
}

sc_page_skip sc_warc_job_page(const sc_warc_job *w, size_t max_page, sc_buf *page,
                              char *charset, size_t charset_len, char *ctype,
                              size_t ctype_len, char *msg, size_t msglen)
{
  charset[0] = ctype[0] = '\0';
  char where[256];
  snprintf(where, sizeof where, "%s: record at offset %llu (%s)", w->warc,
           (unsigned long long)w->offset, w->uri);
  if (!w->block) {
    snprintf(msg, msglen, "%s: larger than %zu bytes (--max-page)", where,
             max_page);
    return SC_PAGE_TOO_LARGE;
  }
  if (!w->response) {
    char mime[128];
    sc_http_content_type(w->content_type, mime, sizeof mime, charset,
                         charset_len);
    if (w->block_len > max_page) {
      snprintf(msg, msglen, "%s: larger than %zu bytes (--max-page)", where,
               max_page);
      return SC_PAGE_TOO_LARGE;
    }
    snprintf(ctype, ctype_len, "%s", w->content_type);
    if (sc_buf_append(page, w->block, w->block_len) < 0) {
      snprintf(msg, msglen, "%s: out of memory", where);
      return SC_PAGE_NOMEM;
    }
    return SC_PAGE_OK;
  }
  sc_http_payload h;
  spamcls_error err = {{0}};
  spamcls_status st = sc_http_payload_parse(w->block, w->block_len, max_page,
                                            &h, &err);
  if (st != SPAMCLS_OK) {
    sc_buf_free(&h.body);
    snprintf(msg, msglen, "%s: %s", where, err.msg);
    return st == SPAMCLS_ERR_NOMEM ? SC_PAGE_NOMEM
           : st == SPAMCLS_ERR_LIMIT ? SC_PAGE_TOO_LARGE : SC_PAGE_UNREADABLE;
  }
  snprintf(charset, charset_len, "%s", h.charset);
  snprintf(ctype, ctype_len, "%s", h.content_type[0] ? h.content_type
                                                     : "text/html");
  sc_buf_free(page);
  *page = h.body;
  return SC_PAGE_OK;
}
