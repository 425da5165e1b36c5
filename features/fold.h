/*
 * fold.h - character tables of the normalizer (internal): styled letters
 * that NFKC leaves alone (or that are faster to fold here), Latin letter
 * variants without a decomposition, and look-alike letters of other
 * scripts (Cyrillic, Greek, Armenian and the scripts "fancy text"
 * generators borrow from) with the Latin letter each imitates.
 */
#ifndef SC_FOLD_H
#define SC_FOLD_H

#include <stdint.h>

/* sc_fold_char flags. */
enum {
  SC_FOLD_LETTER = 1u << 0,  /* the result is a letter (not a digit) */
  SC_FOLD_STYLED = 1u << 1,  /* the source is a styled form */
  SC_FOLD_UPPER = 1u << 2    /* the source is (styled as) a capital */
};

/* Folds one code point that maps to lowercase ASCII letters or digits:
 * mathematical alphanumerics (including the reserved holes that broken
 * generators emit), fullwidth, circled, squared, parenthesized, negative
 * circled/squared letters, dingbat and negative circled digits, small
 * capitals and Latin letters with strokes or hooks (ł, ø, ɑ, ı ...).
 * Writes 1 or 2 bytes to out and returns their number; 0 when c is not
 * in the tables. *flags receives SC_FOLD_* bits. */
int sc_fold_char(uint32_t c, char out[2], unsigned *flags);

/* Scripts with look-alike letters; a bit each so that a word can record
 * which of them it mixes. */
enum {
  SC_SCRIPT_CYRILLIC = 1u << 0,
  SC_SCRIPT_GREEK = 1u << 1,
  SC_SCRIPT_ARMENIAN = 1u << 2,
  SC_SCRIPT_COPTIC = 1u << 3,
  SC_SCRIPT_TAI_LE = 1u << 4,
  SC_SCRIPT_NKO = 1u << 5,
  SC_SCRIPT_SYLLABICS = 1u << 6,  /* Unified Canadian Aboriginal */
  SC_SCRIPT_LYCIAN = 1u << 7,
  SC_SCRIPT_GEORGIAN = 1u << 8
};

/* The SC_SCRIPT_* bit of a letter of a look-alike script, else 0. */
unsigned sc_lookalike_script(uint32_t c);

/* The ASCII letter that letter c (already case folded) imitates, or 0.
 * upper says that the raw letter was a capital: a few letters imitate a
 * different Latin letter in each case (Greek Η/η: h/n, Δ: a). *weak is
 * set when the shape only suggests the Latin letter (в н т п); the
 * capitals К М Т Н В Β Η are exact twins and not weak. Whether a letter
 * has a look-alike never depends on upper, and upper only ever makes a
 * letter stronger: a word folded from capitals comes out Latin, and one
 * left alone is no stronger in lowercase, which keeps the normalizer
 * idempotent (its output is lowercase). */
int sc_lookalike(uint32_t c, int upper, int *weak);

/* 1 when c is a Latin letter outside ASCII (after folding: æ, ð, þ, ə ...). */
int sc_is_latin(uint32_t c);

#endif /* SC_FOLD_H */
