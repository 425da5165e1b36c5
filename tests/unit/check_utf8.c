/* check_utf8.c - the UTF-8 decoder of util.h: a table of valid and invalid
 * sequences, the examples of Unicode ch. 3 (Tables 3-8 to 3-11) read as a
 * whole, and every sequence of up to three bytes (and every four-byte one
 * after F0..F4 with some third bytes) against the definition: the
 * encodings of all scalar values. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define BAD SC_UTF8_BAD

static const struct {
  const char *in;
  size_t n;       /* bytes of in the decoder may see */
  int32_t cp;     /* BAD when invalid */
  size_t len;     /* the sequence, or its maximal subpart */
} cases[] = {
  {"A", 1, 'A', 1},
  {"", 1, 0, 1},  /* a NUL is a character */
  {"\x7F", 1, 0x7F, 1},
  {"\xC2\x80", 2, 0x80, 2},
  {"\xC3\xA9x", 3, 0xE9, 2},
  {"\xDF\xBF", 2, 0x7FF, 2},
  {"\xE0\xA0\x80", 3, 0x800, 3},
  {"\xE2\x82\xAC", 3, 0x20AC, 3},
  {"\xED\x9F\xBF", 3, 0xD7FF, 3},
  {"\xEE\x80\x80", 3, 0xE000, 3},
  {"\xEF\xBF\xBD", 3, 0xFFFD, 3},
  {"\xEF\xBF\xBF", 3, 0xFFFF, 3},  /* a noncharacter, still valid */
  {"\xF0\x90\x80\x80", 4, 0x10000, 4},
  {"\xF0\x9F\x98\x80", 4, 0x1F600, 4},
  {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4},
  /* lone continuation bytes and bytes that never start a sequence */
  {"\x80", 1, BAD, 1},
  {"\xBF\xBF", 2, BAD, 1},
  {"\xC0\x80", 2, BAD, 1},  /* overlong NUL */
  {"\xC1\xBF", 2, BAD, 1},
  {"\xF5\x80\x80\x80", 4, BAD, 1},
  {"\xF8\x88\x80\x80\x80", 5, BAD, 1},
  {"\xFE", 1, BAD, 1},
  {"\xFF", 1, BAD, 1},
  /* a second byte out of its range: the lead byte alone */
  {"\xE0\x80\x80", 3, BAD, 1},  /* overlong */
  {"\xE0\x9F\xBF", 3, BAD, 1},
  {"\xED\xA0\x80", 3, BAD, 1},  /* surrogate D800 */
  {"\xED\xBF\xBF", 3, BAD, 1},  /* surrogate DFFF */
  {"\xF0\x80\x80\x80", 4, BAD, 1},  /* overlong */
  {"\xF0\x8F\xBF\xBF", 4, BAD, 1},
  {"\xF4\x90\x80\x80", 4, BAD, 1},  /* U+110000 */
  {"\xC2\x41", 2, BAD, 1},
  {"\xC2\xC2\x80", 3, BAD, 1},
  /* cut short: the bytes so far */
  {"\xC2", 1, BAD, 1},
  {"\xC3\xA9", 1, BAD, 1},  /* n ends it, not the bytes */
  {"\xE1\x80", 2, BAD, 2},
  {"\xE1\x80\x41", 3, BAD, 2},
  {"\xE2\x82\xAC", 2, BAD, 2},
  {"\xF1\x80\x80", 3, BAD, 3},
  {"\xF1\x80\x80\xE1", 4, BAD, 3},
  {"\xF0\x9F\x98(", 4, BAD, 3},
  {"\xF4\x8F\xBF", 3, BAD, 3},
  {"\xF1\xBF\x41", 3, BAD, 2},
};

START_TEST(test_table)
{
  int32_t cp = 12345;
  size_t len = sc_utf8_decode(cases[_i].in, cases[_i].n, &cp);
  ck_assert_msg(cp == cases[_i].cp && len == cases[_i].len,
                "case %d: got U+%04X/%zu, want U+%04X/%zu", _i, (unsigned)cp,
                len, (unsigned)cases[_i].cp, cases[_i].len);
}
END_TEST

/* Decodes s[0..n) into out (BAD for each maximal subpart). */
static size_t decode_all(const char *s, size_t n, int32_t *out)
{
  size_t m = 0;
  for (size_t i = 0; i < n;)
    i += sc_utf8_decode(s + i, n - i, &out[m++]);
  return m;
}

static const struct {
  const char *in;
  int32_t want[12];
  size_t n;
} texts[] = {
  /* Table 3-8 */
  {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
   {0x61, BAD, BAD, BAD, 0x62, BAD, 0x63, BAD, BAD, 0x64}, 10},
  {"\xF1\x80\x80\xE1\x80\xC2\x41", {BAD, BAD, BAD, 0x41}, 4},
  /* Tables 3-9 to 3-11: non-shortest forms, surrogates, past U+10FFFF */
  {"\xC0\xAF\xE0\x80\xBF\xF0\x81\x82\x41",
   {BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, 0x41}, 9},
  {"\xED\xA0\x80\xED\xBF\xBF\xED\xAF\x41",
   {BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD, 0x41}, 9},
  {"\xF4\x91\x92\x93\xFF\x41\x80\xBF\x42",
   {BAD, BAD, BAD, BAD, BAD, 0x41, BAD, BAD, 0x42}, 9},
  {"\xE1\x80\xE2\xF0\x91\x92\xF1\xBF\x41", {BAD, BAD, BAD, BAD, 0x41}, 5},
};

START_TEST(test_texts)
{
  int32_t got[32];
  size_t m = decode_all(texts[_i].in, strlen(texts[_i].in), got);
  ck_assert_uint_eq(m, texts[_i].n);
  for (size_t k = 0; k < m; k++)
    ck_assert_msg(got[k] == texts[_i].want[k], "text %d, item %zu: %d", _i,
                  k, got[k]);
}
END_TEST

START_TEST(test_valid_prefix)
{
  ck_assert_uint_eq(sc_utf8_valid_prefix("", 0), 0);
  ck_assert_uint_eq(sc_utf8_valid_prefix("abc", 3), 3);
  ck_assert_uint_eq(sc_utf8_valid_prefix("a\0b", 3), 3);
  ck_assert_uint_eq(sc_utf8_valid_prefix("caf\xC3\xA9", 5), 5);
  ck_assert_uint_eq(sc_utf8_valid_prefix("caf\xC3\xA9", 4), 3);
  ck_assert_uint_eq(sc_utf8_valid_prefix("ab\xED\xA0\x80", 5), 2);
  ck_assert_uint_eq(sc_utf8_valid_prefix("\xE2\x82\xAC\x80z", 5), 3);
  ck_assert_uint_eq(sc_utf8_valid_prefix("\xF0\x9F\x98\x80\xC0\x80", 6), 4);
}
END_TEST

/* The definition: bitmaps of every proper prefix (1 to 3 bytes) of the
 * encoding of a scalar value, and of every complete 1- to 3-byte one. */
static unsigned char *prefix3, *whole3;
static unsigned char prefix1[256 / 8], prefix2[65536 / 8];

static void set(unsigned char *m, uint32_t k) { m[k >> 3] |= 1u << (k & 7); }
static int has(const unsigned char *m, uint32_t k)
{
  return m[k >> 3] >> (k & 7) & 1;
}

static size_t encode(uint32_t c, unsigned char *u)
{
  if (c < 0x80) { u[0] = (unsigned char)c; return 1; }
  if (c < 0x800) {
    u[0] = (unsigned char)(0xC0 | c >> 6);
    u[1] = (unsigned char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    u[0] = (unsigned char)(0xE0 | c >> 12);
    u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    u[2] = (unsigned char)(0x80 | (c & 0x3F));
    return 3;
  }
  u[0] = (unsigned char)(0xF0 | c >> 18);
  u[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
  u[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
  u[3] = (unsigned char)(0x80 | (c & 0x3F));
  return 4;
}

static void build(void)
{
  prefix3 = calloc(1, 1u << 21);
  whole3 = calloc(1, 1u << 21);
  ck_assert_ptr_nonnull(prefix3);
  ck_assert_ptr_nonnull(whole3);
  for (uint32_t c = 0; c <= 0x10FFFF; c++) {
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    unsigned char u[4];
    size_t k = encode(c, u);
    uint32_t v = 0;
    for (size_t j = 0; j < k; j++) {
      v = v << 8 | u[j];
      if (j + 1 == k && k <= 3)
        set(whole3, v);
      else if (j + 1 < k)
        set(j == 0 ? prefix1 : j == 1 ? prefix2 : prefix3, v);
    }
  }
}

/* What the decoder must say of s[0..n), n <= 3. */
static void reference(const unsigned char *s, size_t n, int32_t *cp,
                      size_t *len)
{
  uint32_t v = 0;
  for (size_t k = 1; k <= n; k++) {
    v = v << 8 | s[k - 1];
    int whole = k == 1 ? s[0] < 0x80 : has(whole3, v);
    if (whole) {
      /* decode by the bit layout */
      uint32_t c = k == 1 ? s[0] : k == 2 ? (s[0] & 0x1Fu) << 6 | (s[1] & 0x3F)
                   : (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3F);
      *cp = (int32_t)c;
      *len = k;
      return;
    }
    int prefix = k == 1 ? has(prefix1, v) : k == 2 ? has(prefix2, v)
                 : has(prefix3, v);
    if (!prefix) {
      *cp = BAD;
      *len = k == 1 ? 1 : k - 1;
      return;
    }
  }
  *cp = BAD;  /* a proper prefix cut short by n */
  *len = n;
}

START_TEST(test_every_short_sequence)
{
  build();
  unsigned char s[3];
  for (uint32_t x = 0; x < 1u << 24; x++) {
    s[0] = (unsigned char)(x >> 16);
    s[1] = (unsigned char)(x >> 8);
    s[2] = (unsigned char)x;
    for (size_t n = 1; n <= 3; n++) {
      if ((n == 1 && (x & 0xFFFF)) || (n == 2 && (x & 0xFF)))
        continue;
      int32_t cp, rcp;
      size_t len, rlen;
      len = sc_utf8_decode(s, n, &cp);
      reference(s, n, &rcp, &rlen);
      if (cp != rcp || len != rlen)
        ck_abort_msg("%02X %02X %02X n=%zu: got %d/%zu, want %d/%zu", s[0],
                     s[1], s[2], n, cp, len, rcp, rlen);
    }
  }
  /* Four bytes: whole when the first three are a prefix and the fourth a
   * continuation byte, else as the first three. */
  unsigned char u[4];
  for (uint32_t x = 0xF00000; x < 0xF50000; x++)
    for (unsigned d = 0; d < 256; d += 0x3F) {
      u[0] = (unsigned char)(x >> 16);
      u[1] = (unsigned char)(x >> 8);
      u[2] = (unsigned char)x;
      u[3] = (unsigned char)d;
      int32_t cp, rcp;
      size_t len, rlen;
      len = sc_utf8_decode(u, 4, &cp);
      if (has(prefix3, x) && (d & 0xC0) == 0x80) {
        rcp = (int32_t)((u[0] & 0x07u) << 18 | (u[1] & 0x3Fu) << 12 |
                        (u[2] & 0x3Fu) << 6 | (d & 0x3F));
        rlen = 4;
      } else {
        reference(u, 3, &rcp, &rlen);
      }
      if (cp != rcp || len != rlen)
        ck_abort_msg("%02X %02X %02X %02X: got %d/%zu, want %d/%zu", u[0],
                     u[1], u[2], u[3], cp, len, rcp, rlen);
    }
  free(prefix3);
  free(whole3);
}
END_TEST

/* One U+FFFD per byte that starts no valid sequence, valid text as is. */
START_TEST(test_append_fixed)
{
  sc_buf b = {0};
  static const char in[] = "a\xC0" "b\xE2\x82" "\xC3\xA9";
  ck_assert_int_eq(sc_buf_append_utf8(&b, in, sizeof in - 1), 0);
  ck_assert_int_eq(sc_buf_append_utf8(&b, "", 0), 0);
  ck_assert_uint_eq(b.len, 13);
  ck_assert_int_eq(memcmp(b.data, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
                                  "\xC3\xA9", 13), 0);
  sc_buf_free(&b);
}
END_TEST

static Suite *utf8_suite(void)
{
  Suite *s = suite_create("utf8");
  TCase *tc = tcase_create("Core");
  tcase_add_loop_test(tc, test_table, 0, (int)(sizeof cases / sizeof cases[0]));
  tcase_add_loop_test(tc, test_texts, 0, (int)(sizeof texts / sizeof texts[0]));
  tcase_add_test(tc, test_valid_prefix);
  tcase_add_test(tc, test_every_short_sequence);
  tcase_add_test(tc, test_append_fixed);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(utf8_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
