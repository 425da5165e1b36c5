/* utf8.c - the one UTF-8 decoder of util.h. Strict (RFC 3629), by the
 * well-formed byte sequences of Table 3-7 of the Unicode Standard (ch. 3):
 * the range of the second byte leaves out overlongs, surrogates and values
 * past U+10FFFF, so a bad sequence stops at the first byte that cannot
 * belong to it, and the bytes before it are the maximal subpart of Table
 * 3-8. */
#include "util.h"

/* The invalid case: s[0..len) is the maximal subpart. */
static size_t bad(int32_t *cp, size_t len)
{
  *cp = SC_UTF8_BAD;
  return len;
}

/* One branch per row of Table 3-7, unrolled: this runs once per non-ASCII
 * character on the scoring path. */
size_t sc_utf8_decode(const void *p, size_t n, int32_t *cp)
{
  const unsigned char *s = p;
  unsigned b = s[0];
  if (b < 0x80) {
    *cp = (int32_t)b;
    return 1;
  }
  if (b < 0xC2 || b > 0xF4)  /* continuation, overlong lead or past 10FFFF */
    return bad(cp, 1);
  if (b < 0xE0) {
    if (n < 2 || (s[1] & 0xC0) != 0x80)
      return bad(cp, 1);
    *cp = (int32_t)((b & 0x1F) << 6 | (s[1] & 0x3F));
    return 2;
  }
  /* The second byte's range: narrower after E0 and F0 (overlongs), ED
   * (surrogates) and F4 (past U+10FFFF). */
  unsigned lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
  unsigned hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
  if (n < 2 || s[1] < lo || s[1] > hi)
    return bad(cp, 1);
  if (n < 3 || (s[2] & 0xC0) != 0x80)
    return bad(cp, 2);
  if (b < 0xF0) {
    *cp = (int32_t)((b & 0x0F) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3F));
    return 3;
  }
  if (n < 4 || (s[3] & 0xC0) != 0x80)
    return bad(cp, 3);
  *cp = (int32_t)((b & 0x07) << 18 | (s[1] & 0x3Fu) << 12 |
                  (s[2] & 0x3Fu) << 6 | (s[3] & 0x3F));
  return 4;
}

size_t sc_utf8_valid_prefix(const void *p, size_t n)
{
  const unsigned char *s = p;
  size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {  /* most text is ASCII */
      i++;
      continue;
    }
    int32_t cp;
    size_t k = sc_utf8_decode(s + i, n - i, &cp);
    if (cp < 0)
      break;
    i += k;
  }
  return i;
}

int sc_buf_append_utf8(sc_buf *b, const void *p, size_t n)
{
  const char *s = p;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    size_t k = sc_utf8_decode(s + i, n - i, &cp);
    if (cp < 0) {
      if (sc_buf_append(b, "\xEF\xBF\xBD", 3) < 0)
        return -1;
      i++;
    } else {
      if (sc_buf_append(b, s + i, k) < 0)
        return -1;
      i += k;
    }
  }
  return 0;
}
