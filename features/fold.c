/*
 * fold.c - the character tables of fold.h.
 *
 * Styled forms: the mathematical alphanumerics, fullwidth and enclosed
 * letters are folded arithmetically here (they are the bulk of styled
 * gambling spam, and this skips several utf8proc calls per character).
 * Negative circled/squared letters (U+1F150.., U+1F170..), dingbat digits
 * and small capitals have no Unicode decomposition at all; parenthesized
 * letters decompose to "(p)" where we want "p".
 *
 * Look-alikes: the letters spammers and "fancy text" generators put in
 * Latin words, as seen in the corpora (Cyrillic а е о р с, Greek ρ υ α ι ω,
 * Lycian 𐊗, Canadian syllabics ᑭᑌᒪᗩ, Tai Le ᥲ ᥱ, Armenian ս օ ...).
 */
#include <stddef.h>

#include "fold.h"

/* Writes n (0..20) in decimal. */
static int put_number(unsigned n, char out[2])
{
  if (n < 10) {
    out[0] = (char)('0' + n);
    return 1;
  }
  out[0] = (char)('0' + n / 10);
  out[1] = (char)('0' + n % 10);
  return 2;
}

static int put_letter(unsigned off, unsigned fl, char out[2],
                      unsigned *flags)
{
  out[0] = (char)('a' + off);
  *flags = SC_FOLD_LETTER | SC_FOLD_STYLED | fl;
  return 1;
}

typedef struct fold_entry {
  uint32_t cp;
  char to;
  unsigned char flags;
} fold_entry;

#define SCAP SC_FOLD_LETTER | SC_FOLD_STYLED | SC_FOLD_UPPER /* small cap */
#define LU SC_FOLD_LETTER | SC_FOLD_UPPER
#define LL SC_FOLD_LETTER

/* Small capitals (styled capitals), Latin letters with strokes, hooks or
 * other shapes that have no decomposition, and symbols that fancy-text
 * generators use as letters (⍴ ℘ ⍺, Limbu digit zero for o), sorted by
 * code point. */
static const fold_entry fold_table[] = {
  {0x00D8, 'o', LU}, {0x00F8, 'o', LL}, {0x0110, 'd', LU}, {0x0111, 'd', LL},
  {0x0126, 'h', LU}, {0x0127, 'h', LL}, {0x0131, 'i', LL}, {0x0141, 'l', LU},
  {0x0142, 'l', LL}, {0x0166, 't', LU}, {0x0167, 't', LL}, {0x0180, 'b', LL},
  {0x0181, 'b', LU}, {0x0184, 'b', LU}, {0x0185, 'b', LL}, {0x0186, 'o', LU},
  {0x0187, 'c', LU}, {0x0188, 'c', LL}, {0x0189, 'd', LU}, {0x018A, 'd', LU},
  {0x018B, 'd', LU}, {0x018C, 'd', LL}, {0x0190, 'e', LU}, {0x0191, 'f', LU},
  {0x0192, 'f', LL}, {0x0193, 'g', LU}, {0x0197, 'i', LU}, {0x0198, 'k', LU},
  {0x0199, 'k', LL}, {0x019A, 'l', LL}, {0x019D, 'n', LU}, {0x019E, 'n', LL},
  {0x019F, 'o', LU}, {0x01A4, 'p', LU}, {0x01A5, 'p', LL}, {0x01AC, 't', LU},
  {0x01AD, 't', LL}, {0x01AE, 't', LU}, {0x01B2, 'v', LU}, {0x01B3, 'y', LU},
  {0x01B4, 'y', LL}, {0x01B5, 'z', LU}, {0x01B6, 'z', LL}, {0x01E4, 'g', LU},
  {0x01E5, 'g', LL}, {0x0220, 'n', LU}, {0x0224, 'z', LU}, {0x0225, 'z', LL},
  {0x0236, 't', LL}, {0x0237, 'j', LL}, {0x023B, 'c', LU}, {0x023C, 'c', LL},
  {0x023D, 'l', LU}, {0x023F, 's', LL}, {0x0240, 'z', LL}, {0x0243, 'b', LU},
  {0x0244, 'u', LU}, {0x0246, 'e', LU}, {0x0247, 'e', LL}, {0x0248, 'j', LU},
  {0x0249, 'j', LL}, {0x024A, 'q', LU}, {0x024B, 'q', LL}, {0x024C, 'r', LU},
  {0x024D, 'r', LL}, {0x024E, 'y', LU}, {0x024F, 'y', LL}, {0x0251, 'a', LL},
  {0x0253, 'b', LL}, {0x0254, 'o', LL}, {0x0256, 'd', LL}, {0x0257, 'd', LL},
  {0x025B, 'e', LL}, {0x0260, 'g', LL}, {0x0261, 'g', LL},
  {0x0262, 'g', SCAP}, {0x0266, 'h', LL}, {0x0268, 'i', LL},
  {0x026A, 'i', SCAP}, {0x026B, 'l', LL}, {0x026C, 'l', LL},
  {0x026D, 'l', LL}, {0x0271, 'm', LL}, {0x0272, 'n', LL}, {0x0273, 'n', LL},
  {0x0274, 'n', SCAP}, {0x0275, 'o', LL}, {0x027D, 'r', LL},
  {0x027E, 'r', LL}, {0x0280, 'r', SCAP}, {0x0282, 's', LL},
  {0x0288, 't', LL}, {0x0289, 'u', LL}, {0x028B, 'v', LL},
  {0x028F, 'y', SCAP}, {0x0290, 'z', LL}, {0x0291, 'z', LL},
  {0x0299, 'b', SCAP}, {0x029C, 'h', SCAP}, {0x029D, 'j', LL},
  {0x029F, 'l', SCAP}, {0x02A0, 'q', LL}, {0x1946, 'o', LL},
  {0x1D00, 'a', SCAP}, {0x1D04, 'c', SCAP}, {0x1D05, 'd', SCAP},
  {0x1D07, 'e', SCAP}, {0x1D0A, 'j', SCAP}, {0x1D0B, 'k', SCAP},
  {0x1D0D, 'm', SCAP}, {0x1D0F, 'o', SCAP}, {0x1D18, 'p', SCAP},
  {0x1D1B, 't', SCAP}, {0x1D1C, 'u', SCAP}, {0x1D20, 'v', SCAP},
  {0x1D21, 'w', SCAP}, {0x1D22, 'z', SCAP}, {0x2118, 'p', LL},
  {0x2374, 'p', LL}, {0x237A, 'a', LL}, {0x2C62, 'l', LU}, {0x2C64, 'r', LU},
  {0x2C6D, 'a', LU}, {0x2C6E, 'm', LU}, {0x2C71, 'v', LL},
  {0xA730, 'f', SCAP}, {0xA731, 's', SCAP}, {0xA7AA, 'h', LU},
  {0xA7AF, 'q', SCAP}, {0xAB48, 'r', LL},
};

#undef SCAP
#undef LU
#undef LL

static int fold_enclosed(uint32_t c, char out[2], unsigned *flags)
{
  *flags = SC_FOLD_STYLED;
  if (c <= 0x2473)  /* ① .. ⑳ */
    return put_number(c - 0x2460 + 1, out);
  if (c <= 0x2487)  /* ⑴ .. ⒇: NFKC would give "(1)" */
    return put_number(c - 0x2474 + 1, out);
  if (c <= 0x249B)  /* ⒈: "1." is what NFKC gives and what it means */
    return 0;
  if (c <= 0x24B5)
    return put_letter(c - 0x249C, 0, out, flags);
  if (c <= 0x24CF)
    return put_letter(c - 0x24B6, SC_FOLD_UPPER, out, flags);
  if (c <= 0x24E9)
    return put_letter(c - 0x24D0, 0, out, flags);
  if (c == 0x24EA || c == 0x24FF)
    return put_number(0, out);
  if (c <= 0x24F4)  /* ⓫ .. ⓴ */
    return put_number(c - 0x24EB + 11, out);
  if (c <= 0x24FE)  /* ⓵ .. ⓾ */
    return put_number(c - 0x24F5 + 1, out);
  if (c >= 0x2776 && c <= 0x2793)  /* ❶ ➀ ➊ .. ten */
    return put_number((c - 0x2776) % 10 + 1, out);
  return 0;
}

static int fold_supplementary(uint32_t c, char out[2], unsigned *flags)
{
  if (c <= 0x1D6A3) {  /* 13 alphabets of 52 letters, holes included */
    unsigned off = (c - 0x1D400) % 52;
    return off < 26 ? put_letter(off, SC_FOLD_UPPER, out, flags)
                    : put_letter(off - 26, 0, out, flags);
  }
  if (c == 0x1D6A4 || c == 0x1D6A5)  /* italic dotless ı, ȷ */
    return put_letter(c == 0x1D6A4 ? 'i' - 'a' : 'j' - 'a', 0, out, flags);
  if (c >= 0x1D7CE && c <= 0x1D7FF) {
    *flags = SC_FOLD_STYLED;
    return put_number((c - 0x1D7CE) % 10, out);
  }
  if (c == 0x1F10B || c == 0x1F10C) {
    *flags = SC_FOLD_STYLED;
    return put_number(0, out);
  }
  if (c >= 0x1F110 && c <= 0x1F129)  /* 🄐 parenthesized */
    return put_letter(c - 0x1F110, SC_FOLD_UPPER, out, flags);
  if (c == 0x1F12A)  /* 🄪 tortoise shell S */
    return put_letter('s' - 'a', SC_FOLD_UPPER, out, flags);
  if (c >= 0x1F130 && c <= 0x1F149)  /* 🄰 squared */
    return put_letter(c - 0x1F130, SC_FOLD_UPPER, out, flags);
  if (c >= 0x1F150 && c <= 0x1F169)  /* 🅐 negative circled */
    return put_letter(c - 0x1F150, SC_FOLD_UPPER, out, flags);
  if (c >= 0x1F170 && c <= 0x1F189)  /* 🅰 negative squared */
    return put_letter(c - 0x1F170, SC_FOLD_UPPER, out, flags);
  return 0;
}

int sc_fold_char(uint32_t c, char out[2], unsigned *flags)
{
  *flags = 0;
  if (c >= 0x1D400)
    return c <= 0x1F189 ? fold_supplementary(c, out, flags) : 0;
  if (c >= 0xFF10 && c <= 0xFF5A) {  /* fullwidth */
    *flags = SC_FOLD_STYLED;
    if (c <= 0xFF19)
      return put_number(c - 0xFF10, out);
    if (c >= 0xFF21 && c <= 0xFF3A)
      return put_letter(c - 0xFF21, SC_FOLD_UPPER, out, flags);
    if (c >= 0xFF41)
      return put_letter(c - 0xFF41, 0, out, flags);
    *flags = 0;
    return 0;
  }
  if (c >= 0x2460 && c <= 0x2793)
    return fold_enclosed(c, out, flags);
  if (c < 0xD8 || c > 0xAB48)
    return 0;
  size_t lo = 0, hi = sizeof fold_table / sizeof fold_table[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (fold_table[mid].cp < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == sizeof fold_table / sizeof fold_table[0] || fold_table[lo].cp != c)
    return 0;
  out[0] = fold_table[lo].to;
  *flags = fold_table[lo].flags;
  return 1;
}

/* ------------------------------------------------------------ look-alikes */

typedef struct lookalike_entry {
  uint32_t cp;        /* case folded */
  char lower;         /* the Latin letter it imitates; never 0 */
  char upper;         /* ... when the raw letter was a capital, if different */
  unsigned char weak; /* the shape only suggests the letter: 1, or 2 for
                       * the lowercase only (К М Т Н В Β Η are exact) */
} lookalike_entry;

/* Sorted by code point. Shapes from the confusables seen in the corpora
 * and the usual "faux Cyrillic" alphabet (Д=A, И=N, Я=R, Ш=W ...). Weak
 * entries are lowercase letters that look like small capitals or only
 * roughly like their Latin twin (в н т п д ...; the capitals of some are
 * exact twins, marked 2): a word needs at least as
 * many Latin letters as weak ones to be folded, so that Russian with a
 * Latin intruder ("пepевод") stays Russian. Left out on purpose: μ (the
 * micro sign folds to it: "10µg" must stay). */
static const lookalike_entry lookalike_table[] = {
  {0x03B1, 'a', 0, 0}, {0x03B2, 'b', 0, 2}, {0x03B3, 'y', 0, 1},
  {0x03B4, 'd', 'a', 1}, {0x03B5, 'e', 0, 0}, {0x03B6, 'z', 0, 1},
  {0x03B7, 'n', 'h', 2}, {0x03B9, 'i', 0, 0}, {0x03BA, 'k', 0, 0},
  {0x03BB, 'a', 0, 1}, {0x03BD, 'v', 'n', 0}, {0x03BF, 'o', 0, 0},
  {0x03C1, 'p', 0, 0}, {0x03C3, 'o', 'e', 1}, {0x03C4, 't', 0, 0},
  {0x03C5, 'u', 'y', 0}, {0x03C7, 'x', 0, 0}, {0x03C9, 'w', 0, 1},
  {0x03F2, 'c', 0, 0}, {0x03F3, 'j', 0, 0}, {0x0430, 'a', 0, 0},
  {0x0431, 'b', 0, 1}, {0x0432, 'b', 0, 2}, {0x0433, 'r', 0, 1},
  {0x0434, 'd', 'a', 1}, {0x0435, 'e', 0, 0}, {0x0438, 'n', 0, 1},
  {0x043A, 'k', 0, 2}, {0x043C, 'm', 0, 2}, {0x043D, 'h', 0, 2},
  {0x043E, 'o', 0, 0}, {0x043F, 'n', 0, 1}, {0x0440, 'p', 0, 0},
  {0x0441, 'c', 0, 0}, {0x0442, 't', 0, 2}, {0x0443, 'y', 0, 0},
  {0x0445, 'x', 0, 0}, {0x0446, 'u', 0, 1}, {0x0448, 'w', 0, 1},
  {0x0449, 'w', 0, 1}, {0x044A, 'b', 0, 1}, {0x044C, 'b', 0, 1},
  {0x044D, 'e', 0, 1}, {0x044F, 'r', 0, 1}, {0x0452, 'h', 0, 1},
  {0x0454, 'e', 0, 0}, {0x0455, 's', 0, 0}, {0x0456, 'i', 0, 0},
  {0x0458, 'j', 0, 0}, {0x045B, 'h', 0, 1}, {0x0475, 'v', 0, 0},
  {0x049B, 'k', 0, 0}, {0x04AF, 'y', 0, 0}, {0x04BB, 'h', 0, 0},
  {0x04CF, 'l', 'i', 0}, {0x0501, 'd', 0, 0}, {0x051B, 'q', 0, 0},
  {0x051D, 'w', 0, 0}, {0x0561, 'w', 0, 1}, {0x0563, 'q', 0, 1},
  {0x0566, 'q', 0, 1}, {0x0570, 'h', 0, 1}, {0x0578, 'n', 0, 0},
  {0x057C, 'n', 0, 0}, {0x057D, 'u', 0, 0}, {0x0581, 'g', 0, 0},
  {0x0584, 'p', 0, 1}, {0x0585, 'o', 0, 0}, {0x07CB, 'o', 0, 0},
  {0x10EB, 'd', 0, 1}, {0x142F, 'v', 0, 0}, {0x144C, 'u', 0, 0},
  {0x144E, 'n', 0, 0}, {0x1455, 'c', 0, 0}, {0x146B, 'q', 0, 0},
  {0x146D, 'p', 0, 0}, {0x1472, 'b', 0, 0}, {0x148D, 'j', 0, 0},
  {0x14AA, 'l', 0, 0}, {0x1515, 's', 0, 0}, {0x156E, 'e', 0, 0},
  {0x157C, 'h', 0, 0}, {0x1587, 'r', 0, 0}, {0x15B4, 'f', 0, 0},
  {0x15C5, 'a', 0, 0}, {0x15E9, 'a', 0, 0}, {0x15EA, 'd', 0, 0},
  {0x15EF, 'w', 0, 0}, {0x15F0, 'm', 0, 0}, {0x15F4, 'e', 0, 0},
  {0x15F7, 'b', 0, 0}, {0x1614, 'z', 0, 0}, {0x161C, 'g', 0, 0},
  {0x1952, 'n', 0, 0}, {0x1955, 'w', 0, 0}, {0x1959, 'u', 0, 0},
  {0x1961, 'y', 0, 0}, {0x1963, 'l', 0, 0}, {0x1971, 'e', 0, 0},
  {0x1972, 'a', 0, 0}, {0x2C81, 'a', 0, 0}, {0x2C93, 'i', 0, 0},
  {0x2C95, 'k', 0, 0}, {0x2C9F, 'o', 0, 0}, {0x2CA3, 'p', 0, 0},
  {0x2CA5, 'c', 0, 0}, {0x2CA7, 't', 0, 0}, {0x2CAD, 'x', 0, 0},
  {0x10297, 't', 0, 0},
};

unsigned sc_lookalike_script(uint32_t c)
{
  if (c < 0x370)
    return 0;
  if (c <= 0x3FF)
    return SC_SCRIPT_GREEK;
  if (c <= 0x52F)
    return SC_SCRIPT_CYRILLIC;
  if (c >= 0x530 && c <= 0x58F)
    return SC_SCRIPT_ARMENIAN;
  if (c >= 0x7C0 && c <= 0x7FF)
    return SC_SCRIPT_NKO;
  if ((c >= 0x10A0 && c <= 0x10FF) || (c >= 0x1C90 && c <= 0x1CBF) ||
      (c >= 0x2D00 && c <= 0x2D2F))
    return SC_SCRIPT_GEORGIAN;
  if ((c >= 0x1400 && c <= 0x167F) || (c >= 0x18B0 && c <= 0x18FF))
    return SC_SCRIPT_SYLLABICS;
  if (c >= 0x1950 && c <= 0x197F)
    return SC_SCRIPT_TAI_LE;
  if ((c >= 0x1C80 && c <= 0x1C8F) || (c >= 0x2DE0 && c <= 0x2DFF) ||
      (c >= 0xA640 && c <= 0xA69F))
    return SC_SCRIPT_CYRILLIC;
  if (c >= 0x1F00 && c <= 0x1FFF)
    return SC_SCRIPT_GREEK;
  if (c >= 0x2C80 && c <= 0x2CFF)
    return SC_SCRIPT_COPTIC;
  if (c >= 0xFB13 && c <= 0xFB17)
    return SC_SCRIPT_ARMENIAN;
  if (c >= 0x10280 && c <= 0x1029F)
    return SC_SCRIPT_LYCIAN;
  return 0;
}

int sc_lookalike(uint32_t c, int upper, int *weak)
{
  size_t lo = 0, hi = sizeof lookalike_table / sizeof lookalike_table[0];
  *weak = 0;
  if (c < 0x3B1 || c > 0x10297)
    return 0;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (lookalike_table[mid].cp < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == sizeof lookalike_table / sizeof lookalike_table[0] ||
      lookalike_table[lo].cp != c)
    return 0;
  *weak = lookalike_table[lo].weak == 2 ? !upper : lookalike_table[lo].weak;
  if (upper && lookalike_table[lo].upper)
    return lookalike_table[lo].upper;
  return lookalike_table[lo].lower;
}

int sc_is_latin(uint32_t c)
{
  return (c >= 0xC0 && c <= 0x2AF && c != 0xD7 && c != 0xF7) || c == 0xAA ||
         c == 0xBA || (c >= 0x1D00 && c <= 0x1DBF) ||
         (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2C60 && c <= 0x2C7F) ||
         (c >= 0xA720 && c <= 0xA7FF) || (c >= 0xAB30 && c <= 0xAB6F) ||
         (c >= 0xFB00 && c <= 0xFB06);
}
