/*
 * warc_write.c - conversion records (WARC/1.1) holding cleaned pages,
 * each its own gzip member in a .warc.gz. Nothing in a record depends on
 * the time or the thread that wrote it, so a run writes the same bytes
 * whatever its -j, and shards merge into what one run writes.
 */
#include <string.h>
#include <zlib.h>

#include "warc.h"

int sc_gzip_member(const void *p, size_t n, sc_buf *out)
{
  z_stream z;
  memset(&z, 0, sizeof z);
  /* 16 + 15: a gzip wrapper, whose header has no name and time 0 */
  if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    return -1;
  uLong bound = deflateBound(&z, (uLong)n);
  if (sc_buf_reserve(out, bound) < 0) {
    deflateEnd(&z);
    return -1;
  }
  z.next_in = (Bytef *)(uintptr_t)p;
  z.avail_in = (uInt)n;
  z.next_out = (Bytef *)out->data + out->len;
  z.avail_out = (uInt)(out->cap - out->len - 1);
  uInt before = z.avail_out;
  int zr = deflate(&z, Z_FINISH);
  out->len += before - z.avail_out;
  out->data[out->len] = '\0';
  deflateEnd(&z);
  return zr == Z_STREAM_END ? 0 : -1;
}

/* A field value may not break the header. */
static int one_line(const char *s)
{
  return !s || !strpbrk(s, "\r\n");
}

/* "<urn:uuid:...>" from a SHA-1 (a name-based UUID, version 5 layout). */
static void uuid_of(const unsigned char d[SC_SHA1_LEN], char out[48])
{
  unsigned char u[16];
  memcpy(u, d, 16);
  u[6] = (unsigned char)((u[6] & 0x0F) | 0x50);
  u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
  static const char hex[] = "0123456789abcdef";
  char *o = out;
  o += sprintf(o, "<urn:uuid:");
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      *o++ = '-';
    *o++ = hex[u[i] >> 4];
    *o++ = hex[u[i] & 15];
  }
  strcpy(o, ">");
}

int sc_warc_write_conversion(const sc_warc_conversion *c, int gzip,
                             sc_buf *out)
{
  if (!one_line(c->target_uri) || !one_line(c->refers_to) ||
      !one_line(c->date) || !one_line(c->content_type) || !c->refers_to)
    return -1;
  char digest[38];
  sc_warc_sha1(c->parts, c->lens, c->nparts, digest);
  size_t len = 0;
  for (size_t i = 0; i < c->nparts; i++)
    len += c->lens[i];
  /* The record's id: the original's id and the cleaned page's digest. */
  const char *idp[2] = {c->refers_to, digest};
  size_t idl[2] = {strlen(c->refers_to) + 1, strlen(digest)};
  unsigned char idd[SC_SHA1_LEN];
  sc_sha1_parts(idp, idl, 2, idd);
  char id[48];
  uuid_of(idd, id);
  sc_buf rec = {0};
  int rc = sc_buf_printf(&rec, "WARC/1.1\r\nWARC-Type: conversion\r\n"
                         "WARC-Record-ID: %s\r\n", id);
  if (rc == 0 && c->date)
    rc = sc_buf_printf(&rec, "WARC-Date: %s\r\n", c->date);
  if (rc == 0 && c->target_uri)
    rc = sc_buf_printf(&rec, "WARC-Target-URI: %s\r\n", c->target_uri);
  if (rc == 0)
    rc = sc_buf_printf(&rec, "WARC-Refers-To: %s\r\nWARC-Block-Digest: %s\r\n"
                       "WARC-Payload-Digest: %s\r\nContent-Type: %s\r\n"
                       "Content-Length: %zu\r\n\r\n", c->refers_to, digest,
                       digest, c->content_type ? c->content_type : "text/html",
                       len);
  for (size_t i = 0; rc == 0 && i < c->nparts; i++)
    rc = sc_buf_append(&rec, c->parts[i], c->lens[i]);
  if (rc == 0)
    rc = sc_buf_append(&rec, "\r\n\r\n", 4);
  if (rc == 0)
    rc = gzip ? sc_gzip_member(rec.data, rec.len, out)
              : sc_buf_append(out, rec.data, rec.len);
  sc_buf_free(&rec);
  return rc;
}
