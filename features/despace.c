/*
 * despace.c - joins letter-spaced runs ("S L O T 7 7" -> "slot77").
 *
 * Rule: a run is at least 3 single-character tokens, each one ASCII
 * letter or digit standing alone (no letter, digit, mark or word-internal
 * apostrophe on either side), separated by exactly one space, and with at
 * least 3 letters among them (2 in a run of 6 or more). Measured on the
 * ham of ../shared/corpus
 * (71,402 labeled ham comments): ">= 3 tokens" fires on 46 ham rows, about
 * a third of them real spaced words ("P E A C E"); requiring 3 letters
 * drops digit lists and textese ("1 2 3 4", "2 c u") to 27 rows while
 * keeping 1,720 of 1,726 spam rows. Only spaces separate: '.', '-' and '/'
 * runs are as frequent in ham (a.k.a, 0-7-2, version and IP numbers) as
 * in spam, and joining them would damage URLs.
 * Only ASCII tokens join: single-letter words are common in Russian
 * ("я и ты") and Korean, and folding has already turned styled letters
 * into ASCII.
 * Wider white space (SC_WIDE_GAP: two or more spaces, a line break) ends
 * a run: in text spaced out letter by letter it is the word break
 * ("B a r u   j e p e" -> "baru jepe", not "barujepe"). In such text,
 * every stretch of single characters between wide gaps is one word, short
 * words and punctuation included ("d i" -> "di", "b i t . l y" ->
 * "bit.ly").
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "normalize.h"

/* A run this long needs only 2 letters: a name spaced out and written in
 * leetspeak ("4 L 3 X 1 5 1 7") has few letters left. */
#define LONG_RUN 6

static int ascii_alnum(unsigned char c)
{
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* 0: not part of a word; 1: letter, digit or mark; 2: an apostrophe. */
static int kind_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
  unsigned char c = s[i];
  if (c < 0x80) {
    *n = 1;
    return ascii_alnum(c) ? 1 : c == '\'' ? 2 : 0;
  }
  int32_t cp;  /* the text is valid: stage 1 made it so */
  *n = sc_utf8_decode(s + i, len - i, &cp);
  if (cp == 0x2019)
    return 2;
  utf8proc_category_t cat = utf8proc_category(cp);
  return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) ? 1 : 0;
}

/* 1 when the character at i is a single-character token on its right:
 * nothing word-like follows (an apostrophe counts when a word goes on
 * after it: the "t" of "don't"). */
static int ends_token(const unsigned char *s, size_t len, size_t i)
{
  size_t n;
  if (i + 1 >= len)
    return 1;
  int k = kind_at(s, len, i + 1, &n);
  if (k == 2 && i + 1 + n < len) {
    size_t m;
    return kind_at(s, len, i + 1 + n, &m) != 1;
  }
  return k == 0;
}

/* The exact test for "x y z" (see may_have_run) with its first space at p. */
static int run_at(const unsigned char *s, size_t len, size_t p)
{
  return p >= 1 && p + 3 < len && s[p] == ' ' && s[p + 2] == ' ' &&
         ascii_alnum(s[p - 1]) && ascii_alnum(s[p + 1]) &&
         ascii_alnum(s[p + 3]) && (p < 2 || !ascii_alnum(s[p - 2])) &&
         (p + 4 >= len || !ascii_alnum(s[p + 4]));
}

/* A quick necessary condition for a run: "x y z" with ASCII letters or
 * digits x, y, z and no ASCII letter or digit just outside. Most texts
 * have none, and then sc_despace costs this one scan, which looks at
 * 8 bytes at a time for two spaces 2 apart. */
static int may_have_run(const unsigned char *s, size_t len)
{
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu, high = 0x8080808080808080u;
  const uint64_t spaces = 0x2020202020202020u;
  size_t p = 0;
  for (; p + 8 <= len; p += 6) {
    uint64_t w;
    memcpy(&w, s + p, 8);
    uint64_t x = w ^ spaces;
    uint64_t sp = ~(((x & low7) + low7) | x) & high;  /* 0x80: a space */
    /* Either shift, so the test holds whatever the byte order. */
    if ((sp & (sp >> 16)) || (sp & (sp << 16)))
      for (size_t q = p; q < p + 6; q++)
        if (run_at(s, len, q))
          return 1;
  }
  for (; p < len; p++)
    if (run_at(s, len, p))
      return 1;
  return 0;
}

/* One pass of joining: runs of at least min_tokens single-character
 * tokens with at least min_letters letters. */
static size_t join_runs(unsigned char *s, size_t len, size_t min_tokens,
                        unsigned min_letters, unsigned *runs)
{
  size_t r = 0, w = 0;
  int prev = 0;  /* kind of the previous character: 0, 1 or 2 (apostrophe
                  * right after a word character) */
  while (r < len) {
    if (prev == 0 && ascii_alnum(s[r]) && ends_token(s, len, r)) {
      size_t q = r, tokens = 1;
      unsigned letters = s[r] > '9';
      while (q + 2 < len && s[q + 1] == ' ' && ascii_alnum(s[q + 2]) &&
             ends_token(s, len, q + 2)) {
        q += 2;
        tokens++;
        letters += s[q] > '9';
      }
      if ((tokens >= min_tokens && letters >= min_letters) ||
          (tokens >= LONG_RUN && letters >= 2)) {
        for (size_t k = r; k <= q; k += 2)
          s[w++] = s[k];
        (*runs)++;
      } else {
        /* Every part of a failed run fails too: copy it whole, which
         * also keeps the scan linear. */
        for (size_t k = r; k <= q; k++)
          s[w++] = s[k];
      }
      r = q + 1;
      prev = 1;
      continue;
    }
    size_t n;
    int k = kind_at(s, len, r, &n);
    prev = k == 2 ? (prev == 1 ? 2 : 0) : k;
    for (size_t j = 0; j < n; j++)
      s[w++] = s[r++];
  }
  return w;
}

/* The segment s[a..b) between wide gaps: 1 when it is single ASCII
 * characters separated by single spaces ("g r e a t ,", "b i t . l y"),
 * at least two of them; *letters counts its letters and digits. Only
 * ASCII, as in runs: a look-alike letter joined into a Latin word after
 * folding would fold differently on a second pass. */
static int spaced_segment(const unsigned char *s, size_t a, size_t b,
                          unsigned *letters)
{
  size_t tokens = 0;
  *letters = 0;
  for (size_t i = a; i < b; i += 2) {
    if (s[i] <= ' ' || s[i] >= 0x7F)
      return 0;
    if (i + 1 < b && (s[i + 1] != ' ' || i + 2 >= b))
      return 0;
    *letters += ascii_alnum(s[i]);
    tokens++;
  }
  return tokens >= 2;
}

/* Text spaced out letter by letter with wider gaps between its words
 * ("B a r u   j e p e   d i   s i t u s . c o m"): when one segment
 * between wide gaps is a run by the usual rule (3 characters, 3 letters),
 * every segment of single characters is one word, punctuation included.
 * Returns the new length. */
static size_t join_segments(unsigned char *s, size_t len, unsigned *runs)
{
  int spaced = 0;
  for (size_t a = 0; a < len && !spaced;) {
    unsigned char *g = memchr(s + a, SC_WIDE_GAP, len - a);
    size_t b = g ? (size_t)(g - s) : len;
    unsigned letters;
    spaced = spaced_segment(s, a, b, &letters) && letters >= 3;
    a = b + 1;
  }
  if (!spaced)
    return len;
  size_t w = 0;
  for (size_t a = 0; a <= len;) {
    unsigned char *g = a < len ? memchr(s + a, SC_WIDE_GAP, len - a) : NULL;
    size_t b = g ? (size_t)(g - s) : len;
    unsigned letters;
    int join = spaced_segment(s, a, b, &letters) && letters >= 1;
    for (size_t i = a; i < b; i++)
      if (!join || s[i] != ' ')
        s[w++] = s[i];
    *runs += (unsigned)join;
    if (b < len)
      s[w++] = SC_WIDE_GAP;
    a = b + 1;
  }
  return w;
}

size_t sc_despace(char *text, size_t len, unsigned *runs)
{
  unsigned char *s = (unsigned char *)text;
  unsigned char *gap = memchr(s, SC_WIDE_GAP, len);
  if (!gap && !may_have_run(s, len))
    return len;
  unsigned joined = 0;
  size_t w = len;
  if (gap)
    w = join_segments(s, w, &joined);
  w = join_runs(s, w, 3, 3, &joined);
  if (gap) {
    for (size_t i = 0; i < w; i++)
      if (s[i] == SC_WIDE_GAP)
        s[i] = ' ';
    /* What the gaps kept apart may now read as a run; joining it here
     * makes the result the same whether normalized once or twice. */
    w = join_runs(s, w, 3, 3, &joined);
  }
  *runs += joined;
  if (w < len)
    s[w] = '\0';
  return w;
}
