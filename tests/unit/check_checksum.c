/* check_checksum.c - the model file's checksums. CRC-32 against published
 * check values, and against a bit-at-a-time reference at every length,
 * alignment and split point; XXH3-64 against fixed values (a model file
 * written today must verify with every later libxxhash: XXH3's output is
 * stable from xxHash 0.8.0), and the digest fed in pieces against one
 * call, at every split. */
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
  ck_assert_uint_eq(sc_crc32(whole, NULL, 0), whole);
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

static const struct {
  const char *in;
  uint64_t want;
} xxh3_vectors[] = {
  {"", 0x2D06800538D394C2u},  /* the value xxHash documents */
  {"a", 0xE6C632B61E964E1Fu},
  {"abc", 0x78AF5F94892F3950u},
  {"123456789", 0x72DCB18B67A17DFFu},
  {"The quick brown fox jumps over the lazy dog", 0xCE7D19A5418FB365u},
};

START_TEST(test_xxh3_vectors)
{
  const char *in = xxh3_vectors[_i].in;
  ck_assert_uint_eq(sc_xxh3_64(in, strlen(in)), xxh3_vectors[_i].want);
}
END_TEST

/* Fed in two pieces at every split, and in three, the digest gives what
 * one call over the whole gives, in both of its kinds. */
START_TEST(test_digest_pieces)
{
  enum { N = 700 };  /* past XXH3's 240-byte and 256-byte block edges */
  unsigned char buf[N];
  for (size_t i = 0; i < N; i++)
    buf[i] = (unsigned char)(i * 31 + (i >> 3));
  const uint64_t want[2] = {sc_crc32(0, buf, N), sc_xxh3_64(buf, N)};
  for (int kind = 0; kind < 2; kind++) {
    for (size_t cut = 0; cut <= N; cut++) {
      sc_digest d;
      ck_assert_int_eq(sc_digest_init(&d, kind), 0);
      sc_digest_update(&d, buf, cut / 2);
      sc_digest_update(&d, buf + cut / 2, cut - cut / 2);
      sc_digest_update(&d, buf + cut, N - cut);
      sc_digest_update(&d, NULL, 0);  /* an empty section's buffer */
      ck_assert_uint_eq(sc_digest_value(&d), want[kind]);
      sc_digest_free(&d);
      sc_digest_free(&d);  /* twice is harmless */
    }
  }
}
END_TEST

static Suite *checksum_suite(void)
{
  Suite *s = suite_create("checksum");
  TCase *tc = tcase_create("Core");
  tcase_add_loop_test(tc, test_vectors, 0,
                      (int)(sizeof vectors / sizeof vectors[0]));
  tcase_add_test(tc, test_lengths_and_alignments);
  tcase_add_test(tc, test_chaining);
  tcase_add_test(tc, test_one_megabyte);
  tcase_add_loop_test(tc, test_xxh3_vectors, 0,
                      (int)(sizeof xxh3_vectors / sizeof xxh3_vectors[0]));
  tcase_add_test(tc, test_digest_pieces);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(checksum_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
