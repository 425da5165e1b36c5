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
 *     negative squared letters, small capitals;
 *   - combining marks on Latin letters and digits are dropped (overlays
 *     such as P͓̽U͓̽L͓̽A͓̽U͓̽, and accents); marks of other scripts are kept;
 *   - Cyrillic and Greek look-alikes fold to Latin inside words that are
 *     otherwise Latin; all-Cyrillic or all-Greek words are left alone;
 *   - letter-spaced runs ("S L O T 7 7", "t o g e l") are joined;
 *   - runs of white space collapse to one ASCII space, none at either end.
 * The result is valid UTF-8 with no NUL, CR, LF or TAB.
 */
#ifndef SC_NORMALIZE_H
#define SC_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "spamcls.h"
#include "util.h"

/* What normalization saw in the raw text; these feed the STATS family. */
typedef struct sc_text_stats {
  unsigned invalid_utf8;  /* invalid sequences replaced by U+FFFD */
  unsigned codepoints;    /* code points in the raw text */
  unsigned letters;       /* letters in the raw text */
  unsigned upper;         /* of which uppercase (or styled capitals) */
  unsigned styled;        /* letters written in a styled form (above) */
  unsigned lookalikes;    /* Cyrillic/Greek letters folded to Latin */
  unsigned marks;         /* combining marks dropped from Latin letters */
  unsigned ignorables;    /* default-ignorable code points dropped */
  unsigned entities;      /* HTML entities decoded */
  unsigned emoji;         /* emoji and pictographs */
  unsigned despaced;      /* letter-spaced runs joined */
  unsigned max_repeat;    /* longest run of one repeated character */
} sc_text_stats;

/* Scratch space reused across calls (one per thread). */
typedef struct sc_norm sc_norm;

sc_norm *sc_norm_new(void);
void sc_norm_free(sc_norm *n);

/* Normalizes s[0..len) into out (cleared first) and fills *st. Only fails
 * with SPAMCLS_ERR_NOMEM. */
spamcls_status sc_normalize(sc_norm *n, const char *s, size_t len,
                            sc_buf *out, sc_text_stats *st);

/* The Unicode version of the linked utf8proc, e.g. "15.0.0". */
const char *sc_unicode_version(void);

#endif /* SC_NORMALIZE_H */
