/*
 * check_fixed.c - cli_fixed6, the score lines' number printer, writes
 * exactly what printf's "%.6f" writes: random values of every size the
 * scores and probabilities take, values on and next to rounding ties,
 * signed zeros and tiny negatives, and the ones it leaves to snprintf.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void same(double v)
{
  char want[400], got[CLI_FIXED6_MAX];
  snprintf(want, sizeof want, "%.6f", v);
  size_t n = cli_fixed6(got, v);
  ck_assert_msg(n == strlen(want) && strcmp(got, want) == 0,
                "%.17g: printf \"%s\", cli_fixed6 \"%s\"", v, want, got);
}

START_TEST(test_random)
{
  uint64_t s = 0x2545f4914f6cdd1du + (uint64_t)_i;
  for (int i = 0; i < 200000; i++) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    double u = (double)(s >> 11) / 9007199254740992.0;  /* [0, 1) */
    int scale = (int)(s % 16) - 9;                        /* 1e-9 .. 1e6 */
    double v = u * pow(10.0, scale) * ((s >> 4) & 1 ? -1 : 1);
    same(v);
  }
}
END_TEST

START_TEST(test_ties)
{
  /* k + 0.5 millionths, and the doubles just around them */
  for (int k = 0; k < 20000; k++) {
    double t = ((double)k * 37 + 0.5) / 1e6;
    same(t);
    same(-t);
    same(nextafter(t, 0));
    same(nextafter(t, 1));
  }
}
END_TEST

START_TEST(test_edges)
{
  const double v[] = {0.0, -0.0, 1e-7, -1e-7, 4.9999999e-7, 5e-7, 5.0000001e-7,
                      0.9999995, 0.99999949999, 1.0, 999999.9999995, 1e6,
                      -1e6, 1e300, -1e-300, INFINITY, -INFINITY, NAN};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    same(v[i]);
}
END_TEST

static Suite *fixed_suite(void)
{
  Suite *s = suite_create("fixed");
  TCase *tc = tcase_create("Core");
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, test_random, 0, 4);
  tcase_add_test(tc, test_ties);
  tcase_add_test(tc, test_edges);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(fixed_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
