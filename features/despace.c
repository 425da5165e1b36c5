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
 * Two more ways of writing a name letter by letter join the same way,
 * each character one ASCII letter or digit: between dots, at least 4 of
 * them ("P.R.O.B.E.T.8.5.5", "M.I.A.W.4.D"), and each in lenticular
 * brackets ("【H】【o】【k】【i】【7】【7】【7】"), at least 3, with the letters
 * of a spaced run. In the deduplicated corpora the dotted runs are in 14
 * spam comments and no ham (abbreviations have 3 letters at most:
 * "u.s.a", "w.r.t", "a.k.a"; numbers have no letters), the bracketed ones
 * in 26 spam comments and no ham. A dotted run must stand alone: a dot
 * or letter before it, or a dot with more after it, makes it part of a
 * host name or number, which the URL family reads. Hyphens are left:
 * "W-A-L-L" is how ham spells a word out, and "w-e-t-o-n" is a word.
 * Wider white space (SC_WIDE_GAP: two or more spaces, a line break) ends
 * a run: in text spaced out letter by letter it is the word break
 * ("B a r u   j e p e" -> "baru jepe", not "barujepe"). In such text,
 * every stretch of single characters between wide gaps is one word, short
 * words, punctuation and emoji included ("d i" -> "di", "b i t . l y" ->
 * "bit.ly", "d o r a 7 7 💖" -> "dora77💖"): of 600 judol-gbennnn and
 * judol-kyyyy8 spam comments spaced out so, 243 came back unlike their
 * plain text while only ASCII could join, 22 now (the rest: letters of
 * other scripts, look-alikes decided by their word, keycaps).
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "normalize.h"

/* A run this long needs only 2 letters: a name spaced out and written in
 * leetspeak ("4 L 3 X 1 5 1 7") has few letters left. */
#define LONG_RUN 6

/* 0: not part of a word; 1: letter, digit or mark; 2: an apostrophe. */
static int kind_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
  unsigned char c = s[i];
  if (c < 0x80) {
    *n = 1;
    return sc_ascii_alnum(c) ? 1 : c == '\'' ? 2 : 0;
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
         sc_ascii_alnum(s[p - 1]) && sc_ascii_alnum(s[p + 1]) &&
         sc_ascii_alnum(s[p + 3]) && (p < 2 || !sc_ascii_alnum(s[p - 2])) &&
         (p + 4 >= len || !sc_ascii_alnum(s[p + 4]));
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

/* Whether the run's letters and length make it a name spelled out: at
 * least min_tokens characters and 3 letters, or LONG_RUN and 2. */
static int run_ok(size_t tokens, unsigned letters, size_t min_tokens)
{
  return (tokens >= min_tokens && letters >= 3) ||
         (tokens >= LONG_RUN && letters >= 2);
}

/* One pass of joining: the runs of single-character tokens that
 * run_ok(.., 3) takes. */
static size_t join_runs(unsigned char *s, size_t len, unsigned *runs)
{
  size_t r = 0, w = 0;
  int prev = 0;  /* kind of the previous character: 0, 1 or 2 (apostrophe
                  * right after a word character) */
  while (r < len) {
    if (prev == 0 && sc_ascii_alnum(s[r]) && ends_token(s, len, r)) {
      size_t q = r, tokens = 1;
      unsigned letters = s[r] > '9';
      while (q + 2 < len && s[q + 1] == ' ' && sc_ascii_alnum(s[q + 2]) &&
             ends_token(s, len, q + 2)) {
        q += 2;
        tokens++;
        letters += s[q] > '9';
      }
      if (run_ok(tokens, letters, 3)) {
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

/* The segment s[a..b) between wide gaps: 1 when it is single characters
 * separated by single spaces ("g r e a t ,", "b i t . l y", "d i 💖"),
 * at least two of them; *letters counts its letters and digits. Letters
 * and digits are ASCII only, as in runs: a look-alike letter joined into
 * a Latin word after folding would fold differently on a second pass.
 * Other characters may be anything that is not a letter, digit or mark
 * (emoji, symbols, the apostrophe U+2019): spam glues them to its names
 * ("di💖dora77💖"). */
static int spaced_segment(const unsigned char *s, size_t a, size_t b,
                          unsigned *letters)
{
  size_t tokens = 0;
  *letters = 0;
  for (size_t i = a; i < b;) {
    size_t n = 1;
    if (s[i] <= ' ' || s[i] == 0x7F ||
        (s[i] > 0x7F && kind_at(s, b, i, &n) == 1))
      return 0;
    *letters += sc_ascii_alnum(s[i]);
    tokens++;
    i += n;
    if (i < b && (s[i] != ' ' || i + 1 >= b))
      return 0;
    i++;
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
    int join = spaced_segment(s, a, b, &letters);
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

/* Whether the character at s[i] may border a dotted run: not a word
 * character (emoji and symbols may), and nothing that continues a host,
 * path or address. */
static int dotted_border(const unsigned char *s, size_t len, size_t i)
{
  size_t n;
  return kind_at(s, len, i, &n) == 0 && !strchr("./@-_:", s[i]);
}

/* What may stand right after a dotted run: a border, or a full stop
 * that ends it (not one with more of a name after it). */
static int ends_dotted(const unsigned char *s, size_t len, size_t i)
{
  if (i >= len)
    return 1;
  if (s[i] == '.')
    return i + 1 >= len || dotted_border(s, len, i + 1) ||
           s[i + 1] == '.';  /* an ellipsis */
  return dotted_border(s, len, i);
}

/* The dotted run starting at s[r] ("p.r.o.b.e.t"): its last character,
 * or r when there is none. */
static size_t dotted_at(const unsigned char *s, size_t len, size_t r)
{
  if (r > 0) {
    size_t p = r - 1;
    while (p > 0 && (s[p] & 0xC0) == 0x80)  /* back to its lead byte */
      p--;
    if (!dotted_border(s, len, p))
      return r;
  }
  size_t q = r, tokens = 1;
  unsigned letters = s[r] > '9';
  while (q + 2 < len && s[q + 1] == '.' && sc_ascii_alnum(s[q + 2]) &&
         (q + 3 >= len || !sc_ascii_alnum(s[q + 3]))) {
    q += 2;
    tokens++;
    letters += s[q] > '9';
  }
  return run_ok(tokens, letters, 4) && ends_dotted(s, len, q + 1) ? q : r;
}

/* U+3010 and U+3011, the lenticular brackets, in UTF-8. */
static const unsigned char LB[3] = {0xE3, 0x80, 0x90};
static const unsigned char RB[3] = {0xE3, 0x80, 0x91};

/* The number of "【x】" units from s[r] (each 7 bytes), and their letters. */
static size_t bracketed_at(const unsigned char *s, size_t len, size_t r,
                           unsigned *letters)
{
  size_t units = 0;
  *letters = 0;
  while (r + 7 <= len && memcmp(s + r, LB, 3) == 0 && sc_ascii_alnum(s[r + 3]) &&
         memcmp(s + r + 4, RB, 3) == 0) {
    *letters += s[r + 3] > '9';
    units++;
    r += 7;
  }
  return units;
}

/* Joins the dotted and bracketed runs of s[0..len); returns the new
 * length. */
static size_t join_marked(unsigned char *s, size_t len, unsigned *runs)
{
  size_t r = 0, w = 0;
  while (r < len) {
    unsigned letters;
    size_t q, units;
    if (sc_ascii_alnum(s[r]) && r + 1 < len && s[r + 1] == '.' &&
        (q = dotted_at(s, len, r)) > r) {
      for (size_t k = r; k <= q; k += 2)
        s[w++] = s[k];
      (*runs)++;
      r = q + 1;
    } else if (s[r] == LB[0] &&
               (units = bracketed_at(s, len, r, &letters)) > 0) {
      int join = run_ok(units, letters, 3);
      for (size_t k = 0; k < units; k++, r += 7) {
        if (join)
          s[w++] = s[r + 3];
        else
          for (size_t j = 0; j < 7; j++)
            s[w++] = s[r + j];
      }
      *runs += (unsigned)join;
    } else {
      s[w++] = s[r++];
    }
  }
  return w;
}

/* A quick necessary condition for join_marked: "x.y" or a lenticular
 * bracket. */
static int may_have_marked(const unsigned char *s, size_t len)
{
  for (const unsigned char *d = memchr(s, '.', len); d;
       d = memchr(d + 1, '.', (size_t)(s + len - d - 1)))
    if (d > s && d + 1 < s + len && sc_ascii_alnum(d[-1]) && sc_ascii_alnum(d[1]))
      return 1;
  for (const unsigned char *b = memchr(s, LB[0], len); b;
       b = memchr(b + 1, LB[0], (size_t)(s + len - b - 1)))
    if (s + len - b >= 7 && memcmp(b, LB, 3) == 0)
      return 1;
  return 0;
}

size_t sc_despace(char *text, size_t len, unsigned *runs)
{
  unsigned char *s = (unsigned char *)text;
  unsigned joined = 0;
  size_t w = len;
  if (may_have_marked(s, w))
    w = join_marked(s, w, &joined);
  unsigned char *gap = memchr(s, SC_WIDE_GAP, w);
  if (!gap && !may_have_run(s, w)) {
    *runs += joined;
    if (w < len)
      s[w] = '\0';
    return w;
  }
  if (gap)
    w = join_segments(s, w, &joined);
  w = join_runs(s, w, &joined);
  if (gap) {
    for (size_t i = 0; i < w; i++)
      if (s[i] == SC_WIDE_GAP)
        s[i] = ' ';
    /* What the gaps kept apart may now read as a run; joining it here
     * makes the result the same whether normalized once or twice. */
    w = join_runs(s, w, &joined);
  }
  /* The same for a dotted name spaced out ("M . I . A . W"). */
  if (joined && may_have_marked(s, w))
    w = join_marked(s, w, &joined);
  *runs += joined;
  if (w < len)
    s[w] = '\0';
  return w;
}
