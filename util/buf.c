/* buf.c - the growable byte buffer of util.h. */
#include <stdlib.h>
#include <string.h>

#include "util.h"

int sc_buf_reserve(sc_buf *b, size_t extra)
{
  if (b->cap - b->len > extra && b->data)
    return 0;
  if (extra > SIZE_MAX / 2 - b->len)
    return -1;
  size_t need = b->len + extra + 1;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p)
    return -1;
  b->data = p;
  b->cap = cap;
  return 0;
}

int sc_buf_append(sc_buf *b, const void *p, size_t n)
{
  if (sc_buf_reserve(b, n) < 0)
    return -1;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int sc_buf_putc(sc_buf *b, int c)
{
  if (sc_buf_reserve(b, 1) < 0)
    return -1;
  b->data[b->len++] = (char)c;
  b->data[b->len] = '\0';
  return 0;
}

int sc_buf_put_utf8(sc_buf *b, uint32_t cp)
{
  unsigned char u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (unsigned char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (unsigned char)(0xC0 | (cp >> 6));
    u[1] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (unsigned char)(0xE0 | (cp >> 12));
    u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    u[0] = (unsigned char)(0xF0 | (cp >> 18));
    u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (unsigned char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return sc_buf_append(b, u, n);
}

int sc_buf_printf(sc_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || sc_buf_reserve(b, (size_t)n) < 0)
    return -1;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

void sc_buf_clear(sc_buf *b)
{
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

void sc_buf_free(sc_buf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void sc_put_le32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

int sc_buf_put_le32(sc_buf *b, uint32_t v)
{
  unsigned char w[4];
  sc_put_le32(w, v);
  return sc_buf_append(b, w, 4);
}

uint32_t sc_get_le32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}
