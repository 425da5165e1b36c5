/* check_hash.c - MurmurHash3_x86_32 against the reference vectors. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

/* Published MurmurHash3_x86_32 results (SMHasher's reference code). */
static const struct {
  const char *in;
  size_t len;
  uint32_t seed, want;
} vectors[] = {
  {"", 0, 0, 0},
  {"", 0, 1, 0x514E28B7u},
  {"", 0, 0xFFFFFFFFu, 0x81F16F39u},
  {"\xff\xff\xff\xff", 4, 0, 0x76293B50u},
  {"\x21\x43\x65\x87", 4, 0, 0xF55B516Bu},
  {"\x21\x43\x65\x87", 4, 0x5082EDEEu, 0x2362F9DEu},
  {"\x21\x43\x65", 3, 0, 0x7E4A8634u},
  {"\x21\x43", 2, 0, 0xA0F7B07Au},
  {"\x21", 1, 0, 0x72661CF4u},
  {"\0\0\0\0", 4, 0, 0x2362F9DEu},
  {"\0\0\0", 3, 0, 0x85F0B427u},
  {"\0\0", 2, 0, 0x30F4C306u},
  {"\0", 1, 0, 0x514E28B7u},
  {"aaaa", 4, 0x9747B28Cu, 0x5A97808Au},
  {"aaa", 3, 0x9747B28Cu, 0x283E0130u},
  {"aa", 2, 0x9747B28Cu, 0x5D211726u},
  {"a", 1, 0x9747B28Cu, 0x7FA09EA6u},
  {"abcd", 4, 0x9747B28Cu, 0xF0478627u},
  {"abc", 3, 0x9747B28Cu, 0xC84A62DDu},
  {"ab", 2, 0x9747B28Cu, 0x74875592u},
  {"Hello, world!", 13, 0x9747B28Cu, 0x24884CBAu},
  {"The quick brown fox jumps over the lazy dog", 43, 0x9747B28Cu,
   0x2FA826CDu},
  {"\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80", 16,
   0x9747B28Cu, 0xD58063C1u},  /* UTF-8 bytes >= 0x80: "ππππππππ" */
  {"abc", 3, 0, 0xB3DD93FAu},
  {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 0,
   0xEE925B90u},
};

/* 256 times 'a', seed 0x9747B28C. */
START_TEST(test_long_key)
{
  char a[256];
  memset(a, 'a', sizeof a);
  ck_assert_uint_eq(sc_hash32(a, sizeof a, 0x9747B28Cu), 0x37405BDCu);
}
END_TEST

START_TEST(test_vectors)
{
  uint32_t got = sc_hash32(vectors[_i].in, vectors[_i].len, vectors[_i].seed);
  ck_assert_msg(got == vectors[_i].want, "vector %d: got %08x want %08x",
                _i, (unsigned)got, (unsigned)vectors[_i].want);
}
END_TEST

/* Blocks are read byte by byte: an unaligned key hashes the same. */
START_TEST(test_unaligned)
{
  const char *s = "The quick brown fox jumps over the lazy dog";
  size_t n = strlen(s);
  char *buf = malloc(n + 8);
  ck_assert_ptr_nonnull(buf);
  uint32_t want = sc_hash32(s, n, 7);
  for (size_t off = 0; off < 8; off++) {
    memcpy(buf + off, s, n);
    ck_assert_uint_eq(sc_hash32(buf + off, n, 7), want);
  }
  free(buf);
}
END_TEST

/* Only the given bytes count: no reading past len. */
START_TEST(test_length_matters)
{
  ck_assert_uint_ne(sc_hash32("slot", 3, 0), sc_hash32("slot", 4, 0));
  ck_assert_uint_eq(sc_hash32("slot", 3, 0), sc_hash32("slo", 3, 0));
}
END_TEST

static Suite *hash_suite(void)
{
  Suite *s = suite_create("hash");
  TCase *tc = tcase_create("Core");
  tcase_add_loop_test(tc, test_vectors, 0,
                      (int)(sizeof vectors / sizeof vectors[0]));
  tcase_add_test(tc, test_long_key);
  tcase_add_test(tc, test_unaligned);
  tcase_add_test(tc, test_length_matters);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(hash_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
