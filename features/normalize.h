/*
 * normalize.h - raw comment bytes to normalized text (internal).
 *
 * The normalized text is what every token feature is computed from:
 *   - invalid UTF-8 becomes U+FFFD (counted); NUL and control characters,
 *     CR and LF become spaces;
 *   - HTML entities (&amp; &#39; &#x1D400; &quot; ...) are decoded first, so
 *     an encoded styled letter is folded like a literal one;
 *   - NFKC and case folding (utf8proc); default-ignorable code points
 *     (zero-width characters, U+FEFF, variation selectors, bidi controls)
 *     are dropped;
 *   - styled letters fold to plain ones: mathematical alphanumerics,
 *     fullwidth, circled, parenthesized, squared, negative circled and
 *     negative squared letters, small capitals (fold.c has the tables);
 *     a lone regional indicator is a letter (spam spells brands with
 *     them, split by zero-width spaces), an adjacent pair stays a flag;
 *   - combining marks on Latin letters and digits are dropped (overlays
 *     such as P͓̽U͓̽L͓̽A͓̽U͓̽, and accents); marks of other scripts are kept;
 *   - Cyrillic and Greek look-alikes (and those of a few scripts that
 *     "fancy text" borrows: Armenian, Canadian syllabics, Tai Le ...) fold
 *     to Latin inside words that are otherwise Latin; all-Cyrillic or
 *     all-Greek words, and words with a letter that has no Latin twin,
 *     are left alone;
 *   - letter-spaced runs ("S L O T 7 7", "t o g e l") are joined;
 *   - runs of white space collapse to one ASCII space, none at either end.
 * The result is valid UTF-8 with no NUL, CR, LF or TAB, and normalizing
 * it again changes nothing.
 */
#ifndef SC_NORMALIZE_H
#define SC_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "spamcls.h"
#include "util.h"

/* What normalization saw in the raw text; these feed the STATS family.
 * "Raw" is the text as its reader saw it: after HTML entities are decoded
 * (so "&amp;" is one code point), before any folding. */
typedef struct sc_text_stats {
  unsigned invalid_utf8;  /* invalid sequences replaced by U+FFFD */
  unsigned codepoints;    /* code points in the raw text */
  unsigned letters;       /* letters in the raw text (with letter-like
                           * symbols: Ⓟ 🅿 🄿, lone regional indicators) */
  unsigned upper;         /* of which uppercase (or styled capitals:
                           * small capitals, 🅿, Ⓟ) */
  unsigned styled;        /* letters written in a styled form (above) */
  unsigned lookalikes;    /* Cyrillic/Greek... letters folded to Latin */
  unsigned marks;         /* combining marks dropped (from Latin letters,
                           * digits, symbols, or overlays on Cyrillic) */
  unsigned ignorables;    /* default-ignorable code points dropped */
  unsigned entities;      /* HTML entities decoded */
  unsigned emoji;         /* Extended_Pictographic code points, plus one
                           * per regional-indicator flag */
  unsigned despaced;      /* letter-spaced runs joined */
  unsigned max_repeat;    /* longest run of one repeated character (white
                           * space breaks runs and is not counted) */
} sc_text_stats;

/* Scratch space reused across calls (one per thread). */
typedef struct sc_norm sc_norm;

sc_norm *sc_norm_new(void);
void sc_norm_free(sc_norm *n);

/* Normalizes s[0..len) into out (cleared first) and fills *st (st may be
 * NULL; s may be NULL when len is 0). Only fails with SPAMCLS_ERR_NOMEM.
 * Pure ASCII without '&' takes a fast path that never calls utf8proc. */
spamcls_status sc_normalize(sc_norm *n, const char *s, size_t len,
                            sc_buf *out, sc_text_stats *st);

/* What the collapse of wide white space (two or more characters, or a
 * line break) leaves in the text until sc_despace has run: a word break
 * of letter-spaced text ("B a r u   j e p e" -> "baru jepe"). */
#define SC_WIDE_GAP '\t'

/* Joins letter-spaced runs ("s l o t 7 7" -> "slot77"), and names spelled
 * out between dots or in lenticular brackets, of text that is
 * otherwise normalized (single spaces or SC_WIDE_GAP, valid UTF-8), in
 * place; a wide gap ends a run and becomes a space. Returns the new
 * length and adds the number of runs joined to *runs. The rule and its
 * measurement are in despace.c. */
size_t sc_despace(char *s, size_t len, unsigned *runs);

/* The Unicode version of the linked utf8proc, e.g. "15.0.0". */
const char *sc_unicode_version(void);

#endif /* SC_NORMALIZE_H */
