/*
 * leet.c - leetspeak words ("s10t", "g4c0r") read as the words they
 * disguise.
 *
 * Only ASCII words that mix letters and digits qualify, and only digit
 * runs of one or two digits with a letter on each side are folded:
 * 0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t, 8 b, 9 g (2 and 6 stand for no letter
 * reliably, so a run holding one leaves the word alone). Digits at either
 * end are a number, not a disguise ("pulau777", "g4c0r88" -> "gacor88"),
 * and the digit of a final 2d/3d/4d is the lottery shape ("bardi4d",
 * "ky74d" -> "kyt4d"), except in -ead and -oad ("jugh34d" -> "jughead").
 * Once two words of a comment fold so (or half of its words would by the
 * looser rule below), the comment is written in leetspeak throughout:
 * digit runs at word ends and words of one or two digits fold as well
 * ("7h15 15" -> "this is", "50 7ru3" -> "so true"), and so does the -ed
 * of English ("f1x3d" -> "fixed").
 *
 * A leet word is replaced by its fold before any family runs
 * (sc_leet_words), so its unigram, its bigrams, its character n-grams and
 * its lexicon matches are those of the plain word: rewriting a comment in
 * leetspeak must not make it a different comment. A 1 may be i or l: the
 * word reads it as i (the commoner in English and Indonesian words), and
 * the LEET family adds the l fold as a "w:" variant ("s10t": "w:siot" as
 * the word, "w:slot" beside it; the lexicon tries both), and in a text
 * written in leetspeak throughout, the written form of a word only the
 * loose rule folds ("50rb": "w:sorb", "w:50rb" beside it). How many words
 * were folded is not a feature: a disguise must not vote on its own.
 *
 * With LEET_ENDS (models from the version that added it), a word the
 * strict rule folds inside is leet throughout: digit runs at its ends
 * fold too, unless they are a number ("c0mm3n75" -> "comments",
 * "1n73r3571ng" -> "interesting"; "sl0t88" stays).
 *
 * In a text written in leetspeak throughout, LEET_LINKS has the URL
 * family look for links in the text folded as its words are
 * (sc_leet_text: "h77p5://5173.c0m" is a link to site.com), and with
 * LEET_NUMBERS only a word shaped like a number ("50", "50rb") keeps its
 * written form beside its fold. Models without them read as before.
 */
#include <string.h>

#include "sc_features.h"

static char fold_digit(char c, char one_as)
{
  switch (c) {
  case '0': return 'o';
  case '1': return one_as;
  case '3': return 'e';
  case '4': return 'a';
  case '5': return 's';
  case '7': return 't';
  case '8': return 'b';
  case '9': return 'g';
  default: return 0;
  }
}

/* How far fold_word reads digits as letters: the strict rule; the loose
 * one (what counts towards a text written in leetspeak); and the fold of
 * such a text, which also reads a 3 before a final d as -ed. */
enum { LEET_STRICT, LEET_LOOSE, LEET_TEXT };

/* Words folded by the strict rule that make the whole text leetspeak. */
#define LEET_TEXT_MIN 2

/* 1 when the n digits at d are all the same ("777", the numbers of
 * gambling brands). */
static int same_digits(const char *d, size_t n)
{
  for (size_t i = 1; i < n; i++)
    if (d[i] != d[0])
      return 0;
  return 1;
}

/* Folds the digit run w[i..j) at an end of a word into out, when each of
 * its digits stands for a letter there (0 1 3 4 5 7: a 2, 6, 8 or 9 at a
 * word's end is a number) and it is not one digit repeated ("88", a
 * brand's number). */
static void fold_end(const char *w, size_t i, size_t j, char one_as,
                     char *out, int *has_one)
{
  if (j - i > 2 || (j - i == 2 && w[i] == w[i + 1]))
    return;
  for (size_t k = i; k < j; k++)
    if (!strchr("013457", w[k]))
      return;
  for (size_t k = i; k < j; k++) {
    out[k] = fold_digit(w[k], one_as);
    *has_one |= w[k] == '1';
  }
}

/* Folds w[0..n) into out (see sc_leet_fold); loose (LEET_LOOSE or
 * LEET_TEXT) also folds digit runs
 * at either end of a word and words of one or two digits alone, as a text
 * written in leetspeak throughout needs ("7h15", "15", "gr347" for "this",
 * "is", "great"). A run of one digit repeated stays a number ("slot88",
 * "pulau777"). With ends (LEET_ENDS), a word the strict rule folds
 * inside also has its end runs folded (fold_end) and inside runs of
 * three to six digits. */
static int fold_word(const char *w, size_t n, char one_as, int loose,
                     int ends, char *out, int *has_one)
{
  int folded = 0, letters = 0;
  *has_one = 0;
  for (size_t i = 0; i < n;) {
    if (!sc_ascii_digit(w[i])) {
      letters = 1;
      out[i] = w[i];
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && sc_ascii_digit(w[j]))
      j++;
    /* 4d, bardi4d, ky74d: a 2, 3 or 4 before a final d is the lottery
     * shape, not a letter (digits before it may still be letters); but
     * 34d and 04d are the -ead and -oad of English ("knuckl3h34d",
     * "br04d"), and in a text written in leetspeak throughout a 3 there
     * is the -ed ("l34rn3d", "f1x3d") */
    size_t end = j, p = j - 1;
    int ead = w[p] == '4' && p > i && (w[p - 1] == '3' || w[p - 1] == '0');
    if (j == n - 1 && w[j] == 'd' && w[p] >= '2' && w[p] <= '4' &&
        (p == 0 || p >= 3) && !ead &&
        !(loose == LEET_TEXT && p > 0 && w[p] == '3'))
      end = p;
    int between = end > i && i > 0 && end < n && end - i <= 2;
    /* with ends, a longer run inside a word ("1n73r3571ng") is letters
     * too when every digit of it is one and it is no repeated digit */
    if (ends && !loose && end > i && i > 0 && end < n && end - i > 2 &&
        end - i <= 6 && !same_digits(w + i, end - i)) {
      between = 1;
      for (size_t k = i; k < end; k++)
        if (!fold_digit(w[k], one_as))
          between = 0;
    }
    if (loose && end > i && (end - i == 1 || !same_digits(w + i, end - i)))
      between = 1;
    for (size_t k = i; k < j; k++) {
      out[k] = w[k];
      if (!between || k >= end)
        continue;
      char f = fold_digit(w[k], one_as);
      if (!f)
        return 0;
      out[k] = f;
      if (w[k] == '1')
        *has_one = 1;
    }
    folded |= between;
    i = j;
  }
  if (folded && letters && ends && !loose) {
    /* a word folded inside is leet throughout: its ends are letters too
     * ("c0mm3n75", "1n73r3571ng") */
    size_t a = 0, b = n;
    while (a < n && sc_ascii_digit(w[a]))
      a++;
    while (b > 0 && sc_ascii_digit(w[b - 1]))
      b--;
    if (a > 0)
      fold_end(w, 0, a, one_as, out, has_one);
    if (b < n)
      fold_end(w, b, n, one_as, out, has_one);
  }
  return folded && (letters || (loose && n <= 2));
}

int sc_leet_fold(const char *w, size_t n, char one_as, char *out,
                 int *has_one)
{
  return fold_word(w, n, one_as, LEET_STRICT, 0, out, has_one);
}

static int leet_candidate(const sc_tok *w, int loose)
{
  const unsigned ascii_digit = SC_TOK_DIGIT | SC_TOK_ASCII;
  if ((w->flags & ascii_digit) != ascii_digit)
    return 0;
  if (loose)
    return (w->flags & SC_TOK_ALPHA) || w->len <= 2;
  return (w->flags & SC_TOK_ALPHA) && w->len >= 3;
}

/* 1 when w[0..n) is digits, then only letters ("50", "50rb", "10k"). */
static int number_shaped(const char *w, size_t n)
{
  size_t i = 0;
  while (i < n && sc_ascii_digit(w[i]))
    i++;
  if (i == 0)
    return 0;
  while (i < n && !sc_ascii_digit(w[i]))
    i++;
  return i == n;
}

/* One pass over the words, folding each leet word in place. */
static void fold_pass(spamcls_extractor *x, sc_toks *t, int loose)
{
  int ends = (x->p.flags & SPAMCLS_F_LEET_ENDS) != 0;
  int numbers = (x->p.flags & SPAMCLS_F_LEET_NUMBERS) != 0;
  for (size_t i = 0; i < t->n; i++) {
    sc_tok *w = &t->v[i];
    if (!leet_candidate(w, loose) || sc_reserve(x, &x->scratch, w->len) < 0)
      continue;
    int one;
    char *word = t->buf + w->off;
    if (!fold_word(word, w->len, 'i', loose, ends, x->scratch.data, &one))
      continue;
    if (loose && (!numbers || number_shaped(word, w->len)) &&
        sc_reserve(x, &x->leet_l, w->len + 1) == 0) {
      /* A word only the loose rule reads as leet ("50rb", "7h15") keeps
       * its written form beside the fold: in a leet text a number with a
       * unit is still that number. With LEET_NUMBERS only a word shaped
       * like one does ("50", "50rb"): "m3", "kyl3" and "0u7" would
       * otherwise be a second, rarer word for each word of the text. */
      char *spot = x->leet_l.data + x->leet_l.len;
      int o;
      if (!(leet_candidate(w, 0) &&
            fold_word(word, w->len, 'i', LEET_STRICT, 0, spot, &o))) {
        memcpy(spot, word, w->len);
        x->leet_l.len += w->len;
        x->leet_l.data[x->leet_l.len++] = '\0';
      }
    }
    if (one) {
      /* remember the l reading for sc_fam_leet before it is overwritten */
      if (sc_reserve(x, &x->leet_l, w->len + 1) < 0)
        continue;
      fold_word(word, w->len, 'l', loose, ends, x->leet_l.data + x->leet_l.len,
                &one);
      x->leet_l.len += w->len;
      x->leet_l.data[x->leet_l.len++] = '\0';
      fold_word(word, w->len, 'i', loose, ends, x->scratch.data, &one);
    }
    memcpy(word, x->scratch.data, w->len);
    w->flags &= ~(unsigned)SC_TOK_DIGIT;
    for (size_t k = 0; k < w->len; k++)
      if (sc_ascii_digit(word[k]))
        w->flags |= SC_TOK_DIGIT;
      else
        w->flags |= SC_TOK_ALPHA;
  }
}

/* Counts the words the strict rule folds, the words with letters that
 * the loose rule would fold, and the words with letters. */
static void count_words(spamcls_extractor *x, const sc_toks *t,
                        unsigned long *strict, unsigned long *loose,
                        unsigned long *words)
{
  *strict = *loose = *words = 0;
  for (size_t i = 0; i < t->n; i++) {
    const sc_tok *w = &t->v[i];
    int one;
    if (!(w->flags & SC_TOK_ALPHA))
      continue;
    ++*words;
    if (!leet_candidate(w, 1) || sc_reserve(x, &x->scratch, w->len) < 0)
      continue;
    const char *s = t->buf + w->off;
    *strict += leet_candidate(w, 0) &&
               fold_word(s, w->len, 'i', LEET_STRICT, 0, x->scratch.data, &one);
    *loose += fold_word(s, w->len, 'i', LEET_LOOSE, 0, x->scratch.data, &one);
  }
}

void sc_leet_words(spamcls_extractor *x, sc_toks *t)
{
  sc_buf_clear(&x->leet_l);
  /* A text written in leetspeak: two words disguised by the strict rule,
   * or half its words leet by the loose one ("50 7ru3", "N07 1n 7h3 UK":
   * short English words show their digits at the ends, where the strict
   * rule sees a number). Then digits at word ends and short digit words
   * are letters too. One "mp3" or "b4" in a comment stays as it is. */
  unsigned long strict, loose, words;
  count_words(x, t, &strict, &loose, &words);
  int throughout = strict >= LEET_TEXT_MIN || (loose && 2 * loose >= words);
  x->leet_text = throughout;
  fold_pass(x, t, throughout ? LEET_TEXT : LEET_STRICT);
}

const char *sc_leet_text(spamcls_extractor *x, const char *s, size_t n)
{
  if (!(x->p.flags & SPAMCLS_F_LEET_LINKS) || !x->leet_text ||
      sc_reserve(x, &x->leet_doc, n + 1) < 0)
    return s;
  /* The words of a link are no words to the tokenizer's eye ("h77p5",
   * "c0m" sit between ':', '/' and '.'), so each ASCII run is folded here
   * as sc_leet_words folds a word of such a text; other bytes are kept. */
  int ends = (x->p.flags & SPAMCLS_F_LEET_ENDS) != 0, one;
  char *out = x->leet_doc.data;
  memcpy(out, s, n);
  out[n] = '\0';
  for (size_t i = 0; i < n;) {
    if (!sc_ascii_alnum(s[i])) {
      i++;
      continue;
    }
    size_t j = i;
    int letters = 0, digits = 0;
    while (j < n && sc_ascii_alnum(s[j])) {
      digits |= sc_ascii_digit(s[j]);
      letters |= !sc_ascii_digit(s[j]);
      j++;
    }
    /* the candidates of the loose rule: letters and digits, or a word of
     * one or two digits ("4u" is "au", "1n" is "in") */
    if (digits && (letters || j - i <= 2) &&
        sc_reserve(x, &x->scratch, j - i) == 0 &&
        fold_word(s + i, j - i, 'i', LEET_TEXT, ends, x->scratch.data, &one))
      memcpy(out + i, x->scratch.data, j - i);
    i = j;
  }
  return out;
}

void sc_fam_leet(spamcls_extractor *x, const sc_doc *d)
{
  (void)d;
  for (size_t i = 0; i < x->leet_l.len;) {
    size_t n = strlen(x->leet_l.data + i);
    sc_emit(x, SC_NS_W, x->leet_l.data + i, n);
    i += n + 1;
  }
}
