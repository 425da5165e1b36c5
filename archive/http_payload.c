/*
 * http_payload.c - the page inside a WARC response record: the HTTP
 * status line and header, chunked transfer coding undone, gzip or deflate
 * content coding undone (zlib), bounded so that a small compressed body
 * cannot blow up into gigabytes.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "warc.h"

void sc_http_content_type(const char *value, char *mime, size_t mime_len,
                          char *charset, size_t charset_len)
{
  mime[0] = charset[0] = '\0';
  if (!value)
    return;
  while (*value == ' ' || *value == '\t')
    value++;
  size_t n = strcspn(value, "; \t");
  if (n >= mime_len)
    n = mime_len - 1;
  for (size_t i = 0; i < n; i++)
    mime[i] = (char)tolower((unsigned char)value[i]);
  mime[n] = '\0';
  for (const char *p = value + n; (p = strchr(p, ';')) != NULL;) {
    p++;
    while (*p == ' ' || *p == '\t')
      p++;
    if (strncasecmp(p, "charset=", 8))
      continue;
    p += 8;
    if (*p == '"' || *p == '\'')
      p++;
    size_t k = strcspn(p, "\"'; \t");
    if (k >= charset_len)
      k = 0;  /* no real charset name is that long */
    memcpy(charset, p, k);
    charset[k] = '\0';
    return;
  }
}

int sc_http_is_html(const char *mime)
{
  return !strcmp(mime, "text/html") || !strcmp(mime, "application/xhtml+xml");
}

/* A header field's value within head[0..n) (lines "Name: value"), copied
 * into out; 0 when absent. */
static int header_value(const char *head, size_t n, const char *name,
                        char *out, size_t outlen)
{
  size_t nl = strlen(name);
  const char *p = head, *end = head + n;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
      eol = end;
    if ((size_t)(eol - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
      const char *v = p + nl + 1;
      while (v < eol && (*v == ' ' || *v == '\t'))
        v++;
      const char *ve = eol;
      while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
        ve--;
      size_t k = (size_t)(ve - v);
      if (k >= outlen)
        k = outlen - 1;
      memcpy(out, v, k);
      out[k] = '\0';
      for (size_t i = 0; i < k; i++)
        if ((unsigned char)out[i] < 0x20 && out[i] != '\t')
          out[i] = ' ';
      return 1;
    }
    p = eol + 1;
  }
  return 0;
}

/* Undoes chunked transfer coding of s[0..n) into out (at most max). */
static spamcls_status dechunk(const char *s, size_t n, size_t max, sc_buf *out,
                              spamcls_error *err)
{
  size_t i = 0;
  for (;;) {
    size_t size = 0, digits = 0;
    while (i < n && isxdigit((unsigned char)s[i])) {
      if (size > (SIZE_MAX >> 4))
        return sc_error(err, SPAMCLS_ERR_FORMAT, "chunk size too large");
      int c = tolower((unsigned char)s[i]);
      size = size * 16 + (size_t)(c <= '9' ? c - '0' : c - 'a' + 10);
      i++;
      digits++;
    }
    if (!digits)
      return sc_error(err, SPAMCLS_ERR_FORMAT, "bad chunk size in the "
                      "chunked body");
    /* chunk extensions up to the end of the line */
    const char *eol = memchr(s + i, '\n', n - i);
    if (!eol)
      return sc_error(err, SPAMCLS_ERR_FORMAT, "truncated chunked body");
    i = (size_t)(eol - s) + 1;
    if (size == 0)
      return SPAMCLS_OK;  /* trailers, if any, are not needed */
    if (size > n - i)
      return sc_error(err, SPAMCLS_ERR_FORMAT, "truncated chunked body: a "
                      "chunk of %zu bytes has %zu", size, n - i);
    if (out->len + size > max)
      return sc_error(err, SPAMCLS_ERR_LIMIT, "body larger than %zu bytes",
                      max);
    if (sc_buf_append(out, s + i, size) < 0)
      return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
    i += size;
    if (i < n && s[i] == '\r')
      i++;
    if (i < n && s[i] == '\n')
      i++;
  }
}

/* Inflates s[0..n) (gzip with wbits 16+15; zlib or raw deflate, as
 * "deflate" is sent both ways, with 15 or -15) into out, at most max. */
static spamcls_status inflate_into(const char *s, size_t n, int wbits,
                                   size_t max, sc_buf *out, spamcls_error *err)
{
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, wbits) != Z_OK)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  z.next_in = (Bytef *)(uintptr_t)s;
  z.avail_in = (uInt)n;
  spamcls_status st = SPAMCLS_OK;
  for (;;) {
    if (sc_buf_reserve(out, 65536) < 0) {
      st = sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
      break;
    }
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)(out->cap - out->len - 1);
    uInt before = z.avail_out;
    int zr = inflate(&z, Z_NO_FLUSH);
    out->len += before - z.avail_out;
    out->data[out->len] = '\0';
    if (out->len > max) {
      st = sc_error(err, SPAMCLS_ERR_LIMIT, "body larger than %zu bytes "
                    "once decompressed", max);
      break;
    }
    if (zr == Z_STREAM_END)
      break;
    if (zr == Z_BUF_ERROR && z.avail_in == 0) {
      st = sc_error(err, SPAMCLS_ERR_FORMAT, "truncated compressed body");
      break;
    }
    if (zr != Z_OK && zr != Z_BUF_ERROR) {
      st = sc_error(err, SPAMCLS_ERR_FORMAT, "bad compressed body: %s",
                    z.msg ? z.msg : "error");
      break;
    }
  }
  inflateEnd(&z);
  return st;
}

spamcls_status sc_http_head(const char *block, size_t len, sc_http_payload *out,
                            size_t *head_len, size_t *body, spamcls_error *err)
{
  memset(out, 0, sizeof *out);
  if (len < 12 || strncmp(block, "HTTP/", 5))
    return sc_error(err, SPAMCLS_ERR_FORMAT, "no HTTP status line");
  const char *sp = memchr(block, ' ', len < 16 ? len : 16);
  if (!sp || (size_t)(sp - block) + 4 > len || !isdigit((unsigned char)sp[1]) ||
      !isdigit((unsigned char)sp[2]) || !isdigit((unsigned char)sp[3]))
    return sc_error(err, SPAMCLS_ERR_FORMAT, "bad HTTP status line");
  out->status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
  /* The header ends at the first empty line (CRLF CRLF, or bare LFs). */
  size_t scan = len < SC_WARC_MAX_HEADER ? len : SC_WARC_MAX_HEADER;
  *body = *head_len = 0;
  for (size_t i = 0; i + 1 < scan; i++) {
    if (block[i] != '\n')
      continue;
    if (block[i + 1] == '\n') {
      *head_len = i + 1;
      *body = i + 2;
      break;
    }
    if (block[i + 1] == '\r' && i + 2 < len && block[i + 2] == '\n') {
      *head_len = i + 1;
      *body = i + 3;
      break;
    }
  }
  if (!*body)
    return len > SC_WARC_MAX_HEADER
               ? sc_error(err, SPAMCLS_ERR_LIMIT, "HTTP header longer than "
                          "65536 bytes")
               : sc_error(err, SPAMCLS_ERR_FORMAT, "HTTP header without its "
                          "end (no empty line)");
  header_value(block, *head_len, "Content-Type", out->content_type,
               sizeof out->content_type);
  sc_http_content_type(out->content_type, out->mime, sizeof out->mime,
                       out->charset, sizeof out->charset);
  return SPAMCLS_OK;
}

spamcls_status sc_http_payload_parse(const char *block, size_t len, size_t max,
                                     sc_http_payload *out, spamcls_error *err)
{
  size_t head_len, body;
  spamcls_status hs = sc_http_head(block, len, out, &head_len, &body, err);
  if (hs != SPAMCLS_OK)
    return hs;
  char te[128], ce[128];
  int chunked = 0;
  if (header_value(block, head_len, "Transfer-Encoding", te, sizeof te)) {
    for (char *p = te; *p; p++)
      *p = (char)tolower((unsigned char)*p);
    chunked = strstr(te, "chunked") != NULL;
  }
  if (!header_value(block, head_len, "Content-Encoding", ce, sizeof ce))
    ce[0] = '\0';
  const char *s = block + body;
  size_t n = len - body;
  sc_buf raw = {0};
  spamcls_status st = SPAMCLS_OK;
  if (chunked) {
    size_t lim = ce[0] && strcasecmp(ce, "identity") ? len : max;
    st = dechunk(s, n, lim, &raw, err);
    if (st != SPAMCLS_OK) {
      sc_buf_free(&raw);
      return st;
    }
    s = raw.data ? raw.data : "";
    n = raw.len;
  }
  if (!ce[0] || !strcasecmp(ce, "identity")) {
    if (n > max)
      st = sc_error(err, SPAMCLS_ERR_LIMIT, "body larger than %zu bytes", max);
    else if (sc_buf_append(&out->body, s, n) < 0)
      st = sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  } else if (!strcasecmp(ce, "gzip") || !strcasecmp(ce, "x-gzip")) {
    st = inflate_into(s, n, 16 + MAX_WBITS, max, &out->body, err);
  } else if (!strcasecmp(ce, "deflate")) {
    /* zlib-wrapped as the standard says, or raw as some servers send */
    int zlib = n >= 2 && (((unsigned char)s[0] << 8) | (unsigned char)s[1]) % 31 == 0 &&
               ((unsigned char)s[0] & 0x0F) == 8;
    st = inflate_into(s, n, zlib ? MAX_WBITS : -MAX_WBITS, max, &out->body, err);
  } else {
    st = sc_error(err, SPAMCLS_ERR_FORMAT, "content encoding '%s' is not "
                  "supported (gzip, deflate, identity)", ce);
  }
  sc_buf_free(&raw);
  if (st == SPAMCLS_OK && !out->body.data && sc_buf_reserve(&out->body, 1) == 0)
    out->body.data[0] = '\0';
  return st;
}
