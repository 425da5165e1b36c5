/*
 * tokenize.c - normalized text to words.
 *
 * A word is a maximal run of letters, combining marks and digits of any
 * script (Unicode categories L*, M*, N*), so Korean, Russian and
 * Indonesian words come out whole and unspaced scripts come out as one
 * long run that character n-grams then cover. An apostrophe between two
 * letters is dropped ("don't" -> "dont", "it’s" -> "its": spellings with
 * and without it meet); anywhere else it separates, as does everything
 * that is not a word character (punctuation, symbols, emoji, U+FFFD).
 * Each word is copied into one buffer between '<' and '>', the boundary
 * markers character n-grams use, so no allocation happens per word.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sc_features.h"

uint32_t sc_utf8_next(const char *s, size_t n, size_t *i)
{
  unsigned char b = (unsigned char)s[*i];
  if (b < 0x80) {
    *i += 1;
    return b;
  }
  int32_t cp;
  size_t k = sc_utf8_decode(s + *i, n - *i, &cp);
  if (cp < 0) {
    *i += 1;
    return 0xFFFD;
  }
  *i += k;
  return (uint32_t)cp;
}

/* Byte classes: a table, since most text is ASCII; bytes >= 0x80 are 0
 * here and decoded properly (sc_cp_class). */
static const unsigned char ascii_class[256] = {
  ['0'] = SC_CP_DIGIT, ['1'] = SC_CP_DIGIT, ['2'] = SC_CP_DIGIT,
  ['3'] = SC_CP_DIGIT, ['4'] = SC_CP_DIGIT, ['5'] = SC_CP_DIGIT,
  ['6'] = SC_CP_DIGIT, ['7'] = SC_CP_DIGIT, ['8'] = SC_CP_DIGIT,
  ['9'] = SC_CP_DIGIT, ['\''] = SC_CP_APOS,
#define L(c) [c] = SC_CP_LETTER, [c - 'a' + 'A'] = SC_CP_LETTER
  L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'),
  L('j'), L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'),
  L('s'), L('t'), L('u'), L('v'), L('w'), L('x'), L('y'), L('z'),
#undef L
};

/* SC_CP_DIGIT is ASCII digits only: the shapes and leet rules are about
 * 0-9; other scripts' digits count as letters of their word. */
int sc_cp_class(uint32_t cp)
{
  if (cp < 0x80)
    return ascii_class[cp];
  if (cp == 0x2019 || cp == 0x02BC)
    return SC_CP_APOS;
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return SC_CP_LETTER;
  case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    return SC_CP_MARK;
  default:
    return SC_CP_SEP;
  }
}

/* The ASCII fast path ORs classes into word flags. */
_Static_assert((int)SC_CP_LETTER == (int)SC_TOK_ALPHA &&
                   (int)SC_CP_DIGIT == (int)SC_TOK_DIGIT,
               "character classes double as word flags");

static int grow(sc_toks *t, size_t len)
{
  /* Worst case "a b c": every byte a word, two markers each. */
  size_t need = 2 * len + 2;
  if (need > t->buf_cap) {
    char *b = realloc(t->buf, need);
    if (!b)
      return -1;
    t->buf = b;
    t->buf_cap = need;
  }
  size_t ntok = len / 2 + 1;
  if (ntok > t->cap) {
    sc_tok *v = realloc(t->v, ntok * sizeof *v);
    if (!v)
      return -1;
    t->v = v;
    t->cap = ntok;
  }
  return 0;
}

spamcls_status sc_tokenize(sc_toks *t, const char *s, size_t len)
{
  t->n = 0;
  t->len = 0;
  t->ncp_text = 0;
  if (grow(t, len) < 0)
    return SPAMCLS_ERR_NOMEM;

  /* The current word lives in locals and is stored when it ends. */
  char *buf = t->buf;
  size_t o = 0, ncp_text = 0, ntok = 0, off = 0, ncp = 0;
  unsigned flags = 0;
  int in_word = 0, prev_letter = 0;
  for (size_t i = 0; i < len;) {
    unsigned char b = (unsigned char)s[i];
    size_t next = i + 1;
    uint32_t cp = b;
    int cls;
    if (b < 0x80) {
      cls = ascii_class[b];
      if (cls == SC_CP_LETTER || cls == SC_CP_DIGIT) {
        /* A run of ASCII letters and digits, the common case, in one go.
         * SC_CP_LETTER and SC_CP_DIGIT equal SC_TOK_ALPHA and SC_TOK_DIGIT. */
        if (!in_word) {
          buf[o++] = '<';
          off = o;
          ncp = 0;
          flags = SC_TOK_ASCII;
          in_word = 1;
        }
        size_t j = i;
        int k = cls;
        while (j < len && (k = ascii_class[(unsigned char)s[j]]) != 0 &&
               k <= SC_CP_DIGIT) {
          flags |= (unsigned)k;
          j++;
        }
        memcpy(buf + o, s + i, j - i);
        o += j - i;
        ncp += j - i;
        ncp_text += j - i;
        prev_letter = ascii_class[(unsigned char)s[j - 1]] == SC_CP_LETTER;
        i = j;
        continue;
      }
    } else {
      next = i;
      cp = sc_utf8_next(s, len, &next);
      cls = cp == 0xFFFD ? SC_CP_SEP : sc_cp_class(cp);
    }
    ncp_text++;
    if (cls == SC_CP_LETTER || cls == SC_CP_DIGIT || cls == SC_CP_MARK) {
      if (!in_word) {
        buf[o++] = '<';
        off = o;
        ncp = 0;
        flags = SC_TOK_ASCII;
        in_word = 1;
      }
      memcpy(buf + o, s + i, next - i);
      o += next - i;
      ncp++;
      if (cls == SC_CP_DIGIT)
        flags |= SC_TOK_DIGIT;
      else if (cls == SC_CP_LETTER)
        flags |= SC_TOK_ALPHA;
      if (cp >= 0x80)
        flags &= ~(unsigned)SC_TOK_ASCII;
      if (cls != SC_CP_MARK)
        prev_letter = cls == SC_CP_LETTER;
      i = next;
      continue;
    }
    if (cls == SC_CP_APOS && in_word && prev_letter && next < len) {
      size_t j = next;
      uint32_t after = sc_utf8_next(s, len, &j);
      if (after != 0xFFFD && sc_cp_class(after) == SC_CP_LETTER) {
        i = next;  /* inside a word: dropped */
        continue;
      }
    }
    if (in_word) {
      t->v[ntok++] = (sc_tok){off, o - off, ncp, flags};
      buf[o++] = '>';
      in_word = 0;
    }
    i = next;
  }
  if (in_word) {
    t->v[ntok++] = (sc_tok){off, o - off, ncp, flags};
    buf[o++] = '>';
  }
  t->n = ntok;
  t->len = o;
  t->ncp_text = ncp_text;
  return SPAMCLS_OK;
}

void sc_toks_free(sc_toks *t)
{
  free(t->v);
  free(t->buf);
  memset(t, 0, sizeof *t);
}
