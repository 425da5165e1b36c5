/*
 * fixed.c - "%.6f" without printf, for the score lines: printf's
 * floating-point path is a large share of scoring a short comment.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

size_t cli_fixed6(char *buf, double v)
{
  /* |v| < 1e6 keeps v * 1e6 within 1e-4 of its true value, so rounding
   * it is exact unless the fraction is near one half: those (and NaN,
   * infinities, large values) go to snprintf, which rounds the exact
   * binary value. */
  double a = fabs(v);
  if (!(a < 1e6))
    return (size_t)snprintf(buf, CLI_FIXED6_MAX, "%.6f", v);
  double t = a * 1e6, whole = floor(t), frac = t - whole;
  if (fabs(frac - 0.5) < 1e-3)
    return (size_t)snprintf(buf, CLI_FIXED6_MAX, "%.6f", v);
  uint64_t u = (uint64_t)whole + (frac > 0.5);
  char tmp[24];
  size_t n = 0;
  for (int i = 0; i < 6; i++, u /= 10)
    tmp[n++] = (char)('0' + u % 10);
  tmp[n++] = '.';
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  size_t len = 0;
  if (signbit(v))
    buf[len++] = '-';  /* as printf: -0.0000001 prints "-0.000000" */
  while (n)
    buf[len++] = tmp[--n];
  buf[len] = '\0';
  return len;
}
