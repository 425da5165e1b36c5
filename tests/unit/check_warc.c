/*
 * check_warc.c - the WARC record reader (plain and one gzip member per
 * record, WARC 1.0 and 1.1, offsets, every kind of damage reported with
 * its offset), the HTTP payload inside a response (chunked, gzip and
 * deflate, charset, limits), the digests, and conversion records read
 * back by the reader.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warc.h"

/* ---------------------------------------------------------------- helpers */

typedef struct mem {
  const char *p;
  size_t n, at, step;  /* step: bytes handed out per read (0: all) */
} mem;

static ssize_t mem_read(void *ctx, void *buf, size_t n)
{
  mem *m = ctx;
  size_t k = m->n - m->at;
  if (k > n)
    k = n;
  if (m->step && k > m->step)
    k = m->step;
  memcpy(buf, m->p + m->at, k);
  m->at += k;
  return (ssize_t)k;
}

/* A record with the given type, URI and block. */
static void add_record(sc_buf *b, const char *version, const char *type,
                       const char *uri, const char *block)
{
  ck_assert_int_eq(sc_buf_printf(b, "%s\r\nWARC-Type: %s\r\nWARC-Record-ID: "
                                 "<urn:uuid:%s-%zu>\r\nWARC-Date: "
                                 "2024-05-01T10:00:00Z\r\n", version, type,
                                 type, b->len), 0);
  if (uri)
    ck_assert_int_eq(sc_buf_printf(b, "WARC-Target-URI: %s\r\n", uri), 0);
  ck_assert_int_eq(sc_buf_printf(b, "Content-Type: application/http; "
                                 "msgtype=response\r\nContent-Length: %zu\r\n"
                                 "\r\n%s\r\n\r\n", strlen(block), block), 0);
}

static const char page_resp[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n"
    "Content-Length: 26\r\n\r\n<html><p>caf\xe9</p></html>\n";

static sc_warc_reader *over(mem *m, const sc_buf *b, size_t max_block)
{
  m->p = b->data;
  m->n = b->len;
  m->at = 0;
  sc_warc_reader *r = sc_warc_open(mem_read, m, "t.warc", max_block);
  ck_assert_ptr_nonnull(r);
  return r;
}

/* Reads every record, returning the status that ended the read. */
static spamcls_status read_all(sc_warc_reader *r, size_t *count,
                               spamcls_error *err)
{
  sc_warc_record rec;
  spamcls_status st;
  *count = 0;
  while ((st = sc_warc_next(r, &rec, err)) == SPAMCLS_OK)
    (*count)++;
  return st;
}

/* ---------------------------------------------------------------- reader */

START_TEST(plain_records)
{
  sc_buf b = {0};
  add_record(&b, "WARC/1.1", "warcinfo", NULL, "software: t\r\n");
  size_t second = b.len;
  add_record(&b, "WARC/1.0", "response", "<http://example.org/a>", page_resp);
  mem m = {0};
  m.step = 7;  /* records cut across reads */
  sc_warc_reader *r = over(&m, &b, 1 << 20);
  sc_warc_record rec;
  spamcls_error err = {{0}};
  ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_OK);
  ck_assert_str_eq(rec.type, "warcinfo");
  ck_assert_str_eq(rec.version, "WARC/1.1");
  ck_assert_uint_eq(rec.offset, 0);
  ck_assert_ptr_null(rec.target_uri);
  ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_OK);
  ck_assert_str_eq(rec.type, "response");
  ck_assert_str_eq(rec.version, "WARC/1.0");
  ck_assert_str_eq(rec.target_uri, "http://example.org/a");  /* no brackets */
  ck_assert_uint_eq(rec.offset, second);
  ck_assert_uint_eq(rec.block_len, strlen(page_resp));
  ck_assert(!memcmp(rec.block, page_resp, rec.block_len));
  ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_EOF);
  ck_assert_int_eq(sc_warc_is_gzip(r), 0);
  sc_warc_close(r);
  sc_buf_free(&b);
}
END_TEST

/* One gzip member per record: each record's offset is its member's. */
START_TEST(gzip_members)
{
  sc_buf gz = {0}, one = {0};
  size_t offs[3];
  for (int i = 0; i < 3; i++) {
    sc_buf_clear(&one);
    add_record(&one, "WARC/1.1", i ? "response" : "warcinfo",
               i ? "http://example.org/" : NULL, i ? page_resp : "x: y\r\n");
    offs[i] = gz.len;
    ck_assert_int_eq(sc_gzip_member(one.data, one.len, &gz), 0);
  }
  mem m = {0};
  m.step = 100;
  sc_warc_reader *r = over(&m, &gz, 1 << 20);
  sc_warc_record rec;
  spamcls_error err = {{0}};
  for (int i = 0; i < 3; i++) {
    ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_OK);
    ck_assert_uint_eq(rec.offset, offs[i]);
  }
  ck_assert_str_eq(rec.target_uri, "http://example.org/");
  ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_EOF);
  ck_assert_int_eq(sc_warc_is_gzip(r), 1);
  sc_warc_close(r);
  sc_buf_free(&gz);
  sc_buf_free(&one);
}
END_TEST

/* A block over max_block is skipped unread; the next record follows. */
START_TEST(large_block_skipped)
{
  sc_buf b = {0};
  add_record(&b, "WARC/1.1", "response", "http://a/", page_resp);
  add_record(&b, "WARC/1.1", "resource", "http://b/", "<p>x</p>");
  mem m = {0};
  sc_warc_reader *r = over(&m, &b, 20);
  sc_warc_record rec;
  spamcls_error err = {{0}};
  ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_OK);
  ck_assert_ptr_null(rec.block);
  ck_assert_uint_eq(rec.length, strlen(page_resp));
  ck_assert_uint_eq(rec.head_len, strlen(page_resp));  /* under SC_WARC_HEAD */
  ck_assert(!memcmp(rec.head, page_resp, rec.head_len));
  ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_OK);
  ck_assert_str_eq(rec.block, "<p>x</p>");
  sc_warc_close(r);
  sc_buf_free(&b);
}
END_TEST

/* Each kind of damage: the status, and a message naming the file and the
 * offset of the record it is in. */
static void expect_error(const sc_buf *b, spamcls_status want, size_t nrec,
                         const char *offset_text, const char *what)
{
  mem m = {0};
  sc_warc_reader *r = over(&m, b, 1 << 20);
  spamcls_error err = {{0}};
  size_t n;
  ck_assert_int_eq(read_all(r, &n, &err), want);
  ck_assert_uint_eq(n, nrec);
  ck_assert_msg(strstr(err.msg, "t.warc: record at offset ") != NULL, "%s", err.msg);
  ck_assert_msg(strstr(err.msg, offset_text) != NULL, "%s", err.msg);
  ck_assert_msg(strstr(err.msg, what) != NULL, "%s", err.msg);
  /* and again: a failed reader stays failed */
  sc_warc_record rec;
  ck_assert_int_eq(sc_warc_next(r, &rec, &err), want);
  sc_warc_close(r);
}

START_TEST(damage)
{
  sc_buf ok = {0}, b = {0};
  add_record(&ok, "WARC/1.1", "warcinfo", NULL, "a: b\r\n");
  char off[32];
  snprintf(off, sizeof off, "offset %zu:", ok.len);
  /* truncated inside the block */
  sc_buf_append(&b, ok.data, ok.len);
  add_record(&b, "WARC/1.1", "response", "http://a/", page_resp);
  b.len -= 30;
  expect_error(&b, SPAMCLS_ERR_FORMAT, 1, off, "truncated record");
  /* truncated inside the header */
  sc_buf_clear(&b);
  sc_buf_append(&b, ok.data, ok.len);
  sc_buf_append(&b, "WARC/1.1\r\nWARC-Type: resp", 25);
  expect_error(&b, SPAMCLS_ERR_FORMAT, 1, off, "ends inside its header");
  /* Content-Length one too long */
  sc_buf_clear(&b);
  sc_buf_append(&b, ok.data, ok.len);
  sc_buf_printf(&b, "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 4"
                "\r\n\r\nabc\r\n\r\nWARC/1.1\r\n");
  expect_error(&b, SPAMCLS_ERR_FORMAT, 1, off, "wrong Content-Length");
  /* no Content-Length, a bad one */
  sc_buf_clear(&b);
  sc_buf_printf(&b, "WARC/1.1\r\nWARC-Type: resource\r\n\r\n");
  expect_error(&b, SPAMCLS_ERR_FORMAT, 0, "offset 0:", "no Content-Length");
  sc_buf_clear(&b);
  sc_buf_printf(&b, "WARC/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n");
  expect_error(&b, SPAMCLS_ERR_FORMAT, 0, "offset 0:", "not a number");
  /* not WARC at all */
  sc_buf_clear(&b);
  sc_buf_printf(&b, "<html>hello</html>\n");
  expect_error(&b, SPAMCLS_ERR_FORMAT, 0, "offset 0:", "not a WARC/1.0 or WARC/1.1");
  /* a header line without a colon */
  sc_buf_clear(&b);
  sc_buf_printf(&b, "WARC/1.1\r\nno colon here\r\n\r\n");
  expect_error(&b, SPAMCLS_ERR_FORMAT, 0, "offset 0:", "malformed header line");
  /* a huge header: refused at 64 KiB, not held */
  sc_buf_clear(&b);
  sc_buf_printf(&b, "WARC/1.1\r\nX: ");
  for (int i = 0; i < 70000; i++)
    sc_buf_putc(&b, 'a');
  expect_error(&b, SPAMCLS_ERR_LIMIT, 0, "offset 0:", "header longer than");
  sc_buf_free(&b);
  sc_buf_free(&ok);
}
END_TEST

START_TEST(gzip_damage)
{
  sc_buf one = {0}, gz = {0};
  add_record(&one, "WARC/1.1", "response", "http://a/", page_resp);
  ck_assert_int_eq(sc_gzip_member(one.data, one.len, &gz), 0);
  size_t second = gz.len;
  ck_assert_int_eq(sc_gzip_member(one.data, one.len, &gz), 0);
  char off[32];
  snprintf(off, sizeof off, "offset %zu:", second);
  sc_buf b = {0};
  /* the second member cut short */
  sc_buf_append(&b, gz.data, gz.len - 10);
  expect_error(&b, SPAMCLS_ERR_FORMAT, 1, off, "truncated gzip member");
  /* the second member's deflate data damaged */
  sc_buf_clear(&b);
  sc_buf_append(&b, gz.data, gz.len);
  for (size_t i = second + 12; i < second + 40; i++)
    b.data[i] = (char)0xff;
  expect_error(&b, SPAMCLS_ERR_FORMAT, 1, off, "bad gzip data");
  /* garbage after the last member */
  sc_buf_clear(&b);
  sc_buf_append(&b, gz.data, second);
  sc_buf_printf(&b, "trailing");
  expect_error(&b, SPAMCLS_ERR_FORMAT, 1, off, "not a gzip member");
  sc_buf_free(&b);
  sc_buf_free(&gz);
  sc_buf_free(&one);
}
END_TEST

/* ---------------------------------------------------------------- HTTP */

START_TEST(http_plain)
{
  sc_http_payload h;
  spamcls_error err = {{0}};
  ck_assert_int_eq(sc_http_payload_parse(page_resp, strlen(page_resp), 1000,
                                         &h, &err), SPAMCLS_OK);
  ck_assert_int_eq(h.status, 200);
  ck_assert_str_eq(h.mime, "text/html");
  ck_assert_str_eq(h.charset, "ISO-8859-1");
  ck_assert_str_eq(h.body.data, "<html><p>caf\xe9</p></html>\n");
  ck_assert(sc_http_is_html(h.mime));
  sc_buf_free(&h.body);
  /* over the limit */
  ck_assert_int_eq(sc_http_payload_parse(page_resp, strlen(page_resp), 10,
                                         &h, &err), SPAMCLS_ERR_LIMIT);
  sc_buf_free(&h.body);
  /* no header end, no status line */
  const char *cut = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n";
  ck_assert_int_eq(sc_http_payload_parse(cut, strlen(cut), 1000, &h, &err),
                   SPAMCLS_ERR_FORMAT);
  sc_buf_free(&h.body);
  ck_assert_int_eq(sc_http_payload_parse("<html></html>", 13, 1000, &h, &err),
                   SPAMCLS_ERR_FORMAT);
  sc_buf_free(&h.body);
}
END_TEST

START_TEST(http_chunked_gzip)
{
  const char *page = "<html><body>hello world</body></html>";
  sc_buf gz = {0}, resp = {0};
  ck_assert_int_eq(sc_gzip_member(page, strlen(page), &gz), 0);
  sc_buf_printf(&resp, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n");
  /* the gzip data in chunks of 10 bytes, with an extension on one */
  for (size_t i = 0; i < gz.len; i += 10) {
    size_t k = gz.len - i < 10 ? gz.len - i : 10;
    sc_buf_printf(&resp, i ? "%zx\r\n" : "%zx;ext=1\r\n", k);
    sc_buf_append(&resp, gz.data + i, k);
    sc_buf_printf(&resp, "\r\n");
  }
  sc_buf_printf(&resp, "0\r\n\r\n");
  sc_http_payload h;
  spamcls_error err = {{0}};
  ck_assert_int_eq(sc_http_payload_parse(resp.data, resp.len, 1000, &h, &err),
                   SPAMCLS_OK);
  ck_assert_str_eq(h.body.data, page);
  sc_buf_free(&h.body);
  /* decompressed size over the limit: refused, not held whole */
  ck_assert_int_eq(sc_http_payload_parse(resp.data, resp.len, 20, &h, &err),
                   SPAMCLS_ERR_LIMIT);
  sc_buf_free(&h.body);
  /* a chunk longer than what follows */
  sc_buf bad = {0};
  sc_buf_printf(&bad, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                "ff\r\nabc");
  ck_assert_int_eq(sc_http_payload_parse(bad.data, bad.len, 1000, &h, &err),
                   SPAMCLS_ERR_FORMAT);
  ck_assert_msg(strstr(err.msg, "truncated chunked body") != NULL, "%s", err.msg);
  sc_buf_free(&h.body);
  /* brotli is not undone: said so */
  sc_buf_clear(&bad);
  sc_buf_printf(&bad, "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx");
  ck_assert_int_eq(sc_http_payload_parse(bad.data, bad.len, 1000, &h, &err),
                   SPAMCLS_ERR_FORMAT);
  ck_assert_msg(strstr(err.msg, "'br'") != NULL, "%s", err.msg);
  sc_buf_free(&h.body);
  sc_buf_free(&bad);
  sc_buf_free(&gz);
  sc_buf_free(&resp);
}
END_TEST

START_TEST(http_deflate)
{
  /* "hi" as zlib-wrapped and as raw deflate */
  static const char zlib_hi[] = "\x78\x9c\xcb\xc8\x04\x00\x01\x3b\x00\xd2";
  static const char raw_hi[] = "\xcb\xc8\x04\x00";
  const char *bodies[2] = {zlib_hi, raw_hi};
  size_t lens[2] = {sizeof zlib_hi - 1, sizeof raw_hi - 1};
  for (int i = 0; i < 2; i++) {
    sc_buf resp = {0};
    sc_buf_printf(&resp, "HTTP/1.0 404 Not Found\nContent-Encoding: deflate\n"
                  "Content-Type: TEXT/HTML;charset=\"utf-8\"\n\n");
    sc_buf_append(&resp, bodies[i], lens[i]);
    sc_http_payload h;
    spamcls_error err = {{0}};
    ck_assert_int_eq(sc_http_payload_parse(resp.data, resp.len, 100, &h, &err),
                     SPAMCLS_OK);
    ck_assert_int_eq(h.status, 404);
    ck_assert_str_eq(h.mime, "text/html");
    ck_assert_str_eq(h.charset, "utf-8");
    ck_assert_str_eq(h.body.data, "hi");
    sc_buf_free(&h.body);
    sc_buf_free(&resp);
  }
}
END_TEST

START_TEST(content_type)
{
  char mime[32], cs[16];
  sc_http_content_type(" application/XHTML+xml ; q=1; Charset='windows-1252'",
                       mime, sizeof mime, cs, sizeof cs);
  ck_assert_str_eq(mime, "application/xhtml+xml");
  ck_assert_str_eq(cs, "windows-1252");
  ck_assert(sc_http_is_html(mime));
  sc_http_content_type("image/png", mime, sizeof mime, cs, sizeof cs);
  ck_assert_str_eq(cs, "");
  ck_assert(!sc_http_is_html(mime));
  sc_http_content_type("text/html; charset=a-name-far-too-long-for-any-charset",
                       mime, sizeof mime, cs, sizeof cs);
  ck_assert_str_eq(cs, "");
}
END_TEST

/* The charset an HTTP header gives wins over the page's own, as in a
 * browser; with none, the page's own counts. */
START_TEST(charset_from_outside)
{
  static const char page[] =
      "<html><head><meta charset=\"utf-8\"></head><body><ol class=\"commentlist\">"
      "<li class=\"comment\" id=\"comment-1\"><cite class=\"fn\">Ana</cite>"
      "<div class=\"comment-content\"><p>caf\xe9 au lait</p></div></li>"
      "</ol></body></html>";
  spamcls_page *p = NULL;
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_page_extract_charset(page, strlen(page),
                                                SPAMCLS_PAGE_HTML, "ISO-8859-1",
                                                &p, &err), SPAMCLS_OK);
  ck_assert_uint_eq(spamcls_page_count(p), 1);
  const spamcls_page_comment *c = spamcls_page_get(p, 0);
  ck_assert_msg(c->body_len == 13 && !memcmp(c->body, "caf\xc3\xa9 au lait", 13),
                "%.*s", (int)c->body_len, c->body);
  ck_assert_uint_eq(spamcls_page_invalid_utf8(p), 0);
  spamcls_page_free(p);
  /* without it, the page's "utf-8" stands: the byte is invalid */
  ck_assert_int_eq(spamcls_page_extract_charset(page, strlen(page),
                                                SPAMCLS_PAGE_HTML, NULL, &p,
                                                &err), SPAMCLS_OK);
  ck_assert_uint_eq(spamcls_page_invalid_utf8(p), 1);
  spamcls_page_free(p);
}
END_TEST

/* ---------------------------------------------------------------- digests */

START_TEST(digests)
{
  char out[64];
  sc_base32((const unsigned char *)"foobar", 6, out);
  ck_assert_str_eq(out, "MZXW6YTBOI======");
  sc_base32((const unsigned char *)"fooba", 5, out);
  ck_assert_str_eq(out, "MZXW6YTB");
  sc_base32((const unsigned char *)"f", 1, out);
  ck_assert_str_eq(out, "MY======");
  const char *parts[2] = {"", "abc"};
  size_t lens[2] = {0, 3};
  sc_warc_sha1(parts, lens, 1, out);
  ck_assert_str_eq(out, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");  /* "" */
  /* SHA-1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d */
  sc_warc_sha1(parts, lens, 2, out);
  ck_assert_str_eq(out, "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}
END_TEST

/* ---------------------------------------------------------------- writer */

START_TEST(conversion_roundtrip)
{
  const char *parts[3] = {"<html><ol>", "", "</ol></html>"};
  size_t lens[3] = {10, 0, 12};
  sc_warc_conversion c = {"http://example.org/post", "<urn:uuid:1234>",
                          "2024-05-01T10:00:00Z", "text/html; charset=UTF-8",
                          parts, lens, 3};
  for (int gzip = 0; gzip < 2; gzip++) {
    sc_buf out = {0}, again = {0};
    ck_assert_int_eq(sc_warc_write_conversion(&c, gzip, &out), 0);
    ck_assert_int_eq(sc_warc_write_conversion(&c, gzip, &again), 0);
    /* the same input, the same bytes */
    ck_assert_uint_eq(out.len, again.len);
    ck_assert(!memcmp(out.data, again.data, out.len));
    mem m = {0};
    sc_warc_reader *r = over(&m, &out, 1 << 20);
    sc_warc_record rec;
    spamcls_error err = {{0}};
    ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_OK);
    ck_assert_str_eq(rec.type, "conversion");
    ck_assert_str_eq(rec.version, "WARC/1.1");
    ck_assert_str_eq(rec.target_uri, "http://example.org/post");
    ck_assert_str_eq(rec.block, "<html><ol></ol></html>");
    ck_assert_ptr_nonnull(strstr(rec.record_id, "<urn:uuid:"));
    char want[38];
    const char *whole[1] = {rec.block};
    sc_warc_sha1(whole, &rec.block_len, 1, want);
    ck_assert_int_eq(sc_warc_next(r, &rec, &err), SPAMCLS_EOF);
    ck_assert_int_eq(sc_warc_is_gzip(r), gzip);
    sc_warc_close(r);
    if (!gzip) {
      char line[80];
      snprintf(line, sizeof line, "WARC-Block-Digest: %s\r\n", want);
      ck_assert_ptr_nonnull(strstr(out.data, line));
      snprintf(line, sizeof line, "WARC-Payload-Digest: %s\r\n", want);
      ck_assert_ptr_nonnull(strstr(out.data, line));
      ck_assert_ptr_nonnull(strstr(out.data, "WARC-Refers-To: <urn:uuid:1234>\r\n"));
    }
    sc_buf_free(&out);
    sc_buf_free(&again);
  }
  /* a field that would break the header is refused */
  sc_warc_conversion bad = c;
  bad.target_uri = "http://x/\r\nWARC-Type: response";
  sc_buf out = {0};
  ck_assert_int_eq(sc_warc_write_conversion(&bad, 0, &out), -1);
  sc_buf_free(&out);
}
END_TEST

static Suite *warc_suite(void)
{
  Suite *s = suite_create("warc");
  TCase *t = tcase_create("reader");
  tcase_add_test(t, plain_records);
  tcase_add_test(t, gzip_members);
  tcase_add_test(t, large_block_skipped);
  tcase_add_test(t, damage);
  tcase_add_test(t, gzip_damage);
  suite_add_tcase(s, t);
  t = tcase_create("http");
  tcase_add_test(t, http_plain);
  tcase_add_test(t, http_chunked_gzip);
  tcase_add_test(t, http_deflate);
  tcase_add_test(t, content_type);
  tcase_add_test(t, charset_from_outside);
  suite_add_tcase(s, t);
  t = tcase_create("write");
  tcase_add_test(t, digests);
  tcase_add_test(t, conversion_roundtrip);
  suite_add_tcase(s, t);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(warc_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
