/*
 * leet.c - leetspeak words ("s10t", "g4c0r") read as the words they
 * disguise.
 *
 * Only ASCII words that mix letters and digits qualify, and only digit
 * runs of one or two digits with a letter on each side are folded:
 * 0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t, 8 b, 9 g (2 and 6 stand for no letter
 * reliably, so a run holding one leaves the word alone). Digits at either
 * end are a number, not a disguise ("pulau777", "g4c0r88" -> "gacor88"),
 * and a final "<digits>d" is the lottery shape 4d/3d ("bardi4d").
 *
 * A leet word is replaced by its fold before any family runs
 * (sc_leet_words), so its unigram, its bigrams, its character n-grams and
 * its lexicon matches are those of the plain word: rewriting a comment in
 * leetspeak must not make it a different comment. A 1 may be i or l: the
 * word reads it as i (the commoner in English and Indonesian words), and
 * the LEET family adds the l fold as a "w:" variant ("s10t": "w:siot" as
 * the word, "w:slot" beside it; the lexicon tries both). The family also
 * counts the folded words ("s:leet:<b>", thermometer-coded like the STATS
 * counts).
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

static int is_digit(char c)
{
  return c >= '0' && c <= '9';
}

int sc_leet_fold(const char *w, size_t n, char one_as, char *out,
                 int *has_one)
{
  int folded = 0, letters = 0;
  *has_one = 0;
  for (size_t i = 0; i < n;) {
    if (!is_digit(w[i])) {
      letters = 1;
      out[i] = w[i];
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && is_digit(w[j]))
      j++;
    int between = i > 0 && j < n && j - i <= 2;
    if (j == n - 1 && w[j] == 'd')
      between = 0;  /* 4d, 3d: the lottery shape, not a letter */
    for (size_t k = i; k < j; k++) {
      out[k] = w[k];
      if (!between)
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
  return folded && letters;
}

static int leet_candidate(const sc_tok *w)
{
  const unsigned need = SC_TOK_ALPHA | SC_TOK_DIGIT | SC_TOK_ASCII;
  return (w->flags & need) == need && w->len >= 3;
}

void sc_leet_words(spamcls_extractor *x, sc_toks *t)
{
  x->leet_words = 0;
  sc_buf_clear(&x->leet_l);
  for (size_t i = 0; i < t->n; i++) {
    sc_tok *w = &t->v[i];
    if (!leet_candidate(w) || sc_reserve(x, &x->scratch, w->len) < 0)
      continue;
    int one;
    char *word = t->buf + w->off;
    if (!sc_leet_fold(word, w->len, 'i', x->scratch.data, &one))
      continue;
    x->leet_words++;
    if (one) {
      /* remember the l reading for sc_fam_leet before it is overwritten */
      if (sc_reserve(x, &x->leet_l, w->len + 1) < 0)
        continue;
      sc_leet_fold(word, w->len, 'l', x->leet_l.data + x->leet_l.len, &one);
      x->leet_l.len += w->len;
      x->leet_l.data[x->leet_l.len++] = '\0';
      sc_leet_fold(word, w->len, 'i', x->scratch.data, &one);
    }
    memcpy(word, x->scratch.data, w->len);
    w->flags &= ~(unsigned)SC_TOK_DIGIT;
    for (size_t k = 0; k < w->len; k++)
      if (is_digit(word[k]))
        w->flags |= SC_TOK_DIGIT;
  }
}

void sc_fam_leet(spamcls_extractor *x, const sc_doc *d)
{
  (void)d;
  for (size_t i = 0; i < x->leet_l.len;) {
    size_t n = strlen(x->leet_l.data + i);
    sc_emit(x, SC_NS_W, x->leet_l.data + i, n);
    i += n + 1;
  }
  sc_count_feature(x, SC_NS_S_LEET, x->leet_words, 5);
}
