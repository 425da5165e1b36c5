/* check_crc32.c - CRC-32 against published check values, and the 8-byte
 * path against a byte-at-a-time reference at every length, alignment and
 * split point that crosses its threshold. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct {
  const char *in;
  uint32_t want;
} vectors[] = {
  {"", 0x00000000u},
  {"a", 0xE8B7BE43u},
  {"abc", 0x352441C2u},
  {"123456789", 0xCBF43926u},  /* the CRC-32 "check" value */
  {"message digest", 0x20159D7Fu},
  {"abcdefghijklmnopqrstuvwxyz", 0x4C2750BDu},
  {"The quick brown fox jumps over the lazy dog", 0x414FA339u},
  {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
   0x1FC2E6D2u},
  {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
   0x7CA94A72u},
};

START_TEST(test_vectors)
{
  ck_assert_uint_eq(sc_crc32(0, vectors[_i].in, strlen(vectors[_i].in)),
                    vectors[_i].want);
}
END_TEST

/* The plain definition, one bit at a time. */
static uint32_t crc_bitwise(uint32_t crc, const unsigned char *p, size_t n)
{
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++)
      crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return ~crc;
}

START_TEST(test_lengths_and_alignments)
{
  enum { N = 600 };
  unsigned char *buf = malloc(N + 8);
  ck_assert_ptr_nonnull(buf);
  uint32_t x = 12345;
  for (size_t i = 0; i < N + 8; i++) {
    x = x * 1103515245u + 12345u;
    buf[i] = (unsigned char)(x >> 16);
  }
  for (size_t off = 0; off < 8; off++)
    for (size_t n = 0; n <= N; n++)
      ck_assert_uint_eq(sc_crc32(0, buf + off, n), crc_bitwise(0, buf + off, n));
  free(buf);
}
END_TEST

START_TEST(test_chaining)
{
  unsigned char buf[300];
  for (size_t i = 0; i < sizeof buf; i++)
    buf[i] = (unsigned char)(i * 7 + 3);
  uint32_t whole = sc_crc32(0, buf, sizeof buf);
  for (size_t cut = 0; cut <= sizeof buf; cut++)
    ck_assert_uint_eq(sc_crc32(sc_crc32(0, buf, cut), buf + cut, sizeof buf - cut),
                      whole);
}
END_TEST

START_TEST(test_one_megabyte)
{
  size_t n = (size_t)1 << 20;
  unsigned char *buf = malloc(n);
  ck_assert_ptr_nonnull(buf);
  for (size_t i = 0; i < n; i++)
    buf[i] = (unsigned char)(i ^ (i >> 8) ^ (i >> 16));
  ck_assert_uint_eq(sc_crc32(0, buf, n), crc_bitwise(0, buf, n));
  free(buf);
}
END_TEST

static Suite *crc32_suite(void)
{
  Suite *s = suite_create("crc32");
  TCase *tc = tcase_create("Core");
  tcase_add_loop_test(tc, test_vectors, 0,
                      (int)(sizeof vectors / sizeof vectors[0]));
  tcase_add_test(tc, test_lengths_and_alignments);
  tcase_add_test(tc, test_chaining);
  tcase_add_test(tc, test_one_megabyte);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(crc32_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
