/*
 * fuzz_warc.c - the WARC record reader (plain and gzip), and the HTTP
 * payload decoder on every record's block.
 *
 * Input: one byte whose low bits pick the reader's block limit and the
 * size of the pieces it is fed (records cut across reads), then the
 * archive. Every record must be sane (a kept block is Content-Length
 * long and readable to its end, the head is a prefix of the block), the
 * reader must end (EOF or an error that repeats), and a decoded payload
 * must stay within its limit.
 */
#include <string.h>

#include "fuzz.h"
#include "warc.h"

typedef struct feed {
  const uint8_t *p;
  size_t n, at, step;
} feed;

static ssize_t feed_read(void *ctx, void *buf, size_t n)
{
  feed *f = ctx;
  size_t k = f->n - f->at;
  if (k > n)
    k = n;
  if (k > f->step)
    k = f->step;
  memcpy(buf, f->p + f->at, k);
  f->at += k;
  return (ssize_t)k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  static const size_t limits[4] = {0, 64, 4096, 1 << 20};
  static const size_t steps[4] = {1, 7, 4096, 1 << 20};
  size_t max_block = limits[data[0] & 3], step = steps[(data[0] >> 2) & 3];
  size_t max_body = limits[(data[0] >> 4) & 3];
  feed f = {data + 1, size - 1, 0, step};
  sc_warc_reader *r = sc_warc_open(feed_read, &f, "fuzz.warc", max_block);
  FUZZ_CHECK(r != NULL);
  sc_warc_record rec;
  spamcls_error err = {{0}};
  spamcls_status st;
  unsigned sum = 0;
  size_t records = 0;
  while ((st = sc_warc_next(r, &rec, &err)) == SPAMCLS_OK) {
    records++;
    FUZZ_CHECK(!strcmp(rec.version, "WARC/1.0") || !strcmp(rec.version, "WARC/1.1"));
    FUZZ_CHECK(records <= size);  /* each record takes bytes: no loop */
    if (rec.block) {
      FUZZ_CHECK(rec.block_len == rec.length && rec.length <= max_block);
      FUZZ_CHECK(rec.head == rec.block && rec.head_len == rec.block_len);
      fuzz_touch(rec.block, rec.block_len + 1, &sum);  /* NUL-terminated */
      sc_http_payload h;
      spamcls_error herr = {{0}};
      spamcls_status hs = sc_http_payload_parse(rec.block, rec.block_len,
                                                max_body, &h, &herr);
      if (hs == SPAMCLS_OK) {
        FUZZ_CHECK(h.body.len <= max_body && h.body.data);
        fuzz_touch(h.body.data, h.body.len, &sum);
        FUZZ_CHECK(h.status >= 0 && h.status <= 999);
      } else {
        FUZZ_CHECK(hs == SPAMCLS_ERR_FORMAT || hs == SPAMCLS_ERR_LIMIT);
        FUZZ_CHECK(herr.msg[0] != '\0');
      }
      sc_buf_free(&h.body);
    } else {
      FUZZ_CHECK(rec.length > max_block);
      FUZZ_CHECK(rec.head_len <= SC_WARC_HEAD && rec.head_len <= rec.length);
      fuzz_touch(rec.head, rec.head_len, &sum);
    }
    const char *fields[5] = {rec.type, rec.target_uri, rec.record_id,
                             rec.date, rec.content_type};
    for (int i = 0; i < 5; i++)
      if (fields[i])
        fuzz_touch(fields[i], strlen(fields[i]), &sum);
  }
  if (st != SPAMCLS_EOF) {
    FUZZ_CHECK(st == SPAMCLS_ERR_FORMAT || st == SPAMCLS_ERR_LIMIT);
    FUZZ_CHECK(strstr(err.msg, "fuzz.warc: record at offset ") == err.msg);
    /* a failed reader stays failed */
    FUZZ_CHECK(sc_warc_next(r, &rec, &err) == st);
  }
  sc_warc_close(r);
  fuzz_keep(sum);
  return 0;
}
