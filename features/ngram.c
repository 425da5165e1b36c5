/*
 * ngram.c - the WORDS and CHARS families.
 *
 * WORDS: "w:<word>" for every word, and with word_ngrams 2 "b:<w1> <w2>"
 * for every pair of consecutive words.
 * CHARS: "c:<gram>" for every run of char_min..char_max code points of
 * each word written between boundary markers: "slot" is "<slot>", giving
 * "c:<sl", "c:slo", "c:<slo" ... Grams make misspellings, inflections and
 * unspaced scripts (a Korean phrase is one long word) share features.
 * A word that is a term of the lexicon (LEXICON family) gets no grams:
 * a gambling word would otherwise vote a dozen times over, once per
 * gram, wherever it stands, and comments that discuss gambling ("my
 * father lost his savings to online poker") read as its spam. The
 * lexicon's own features say where the term stands (lexicon.c).
 */
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

void sc_word_unigram(spamcls_extractor *x, const sc_toks *t, size_t w)
{
  sc_emit(x, SC_NS_W, t->buf + t->v[w].off, t->v[w].len);
}

void sc_word_bigrams(spamcls_extractor *x, const sc_toks *t)
{
  /* a bigram is shorter than the marked words it joins: room for all */
  if (x->p.word_ngrams < 2 || t->n < 2 ||
      sc_reserve(x, &x->scratch, t->len) < 0)
    return;
  char *s = x->scratch.data;
  for (size_t i = 1; i < t->n; i++) {
    const sc_tok *a = &t->v[i - 1], *b = &t->v[i];
    memcpy(s, t->buf + a->off, a->len);
    s[a->len] = ' ';
    memcpy(s + a->len + 1, t->buf + b->off, b->len);
    sc_emit(x, SC_NS_B, s, a->len + b->len + 1);
  }
}

void sc_fam_words(spamcls_extractor *x, const sc_doc *d)
{
  for (size_t i = 0; i < d->words->n; i++)
    sc_word_unigram(x, d->words, i);
  sc_word_bigrams(x, d->words);
}

/* Byte offsets of the code points of marked word m[0..len) into x->cpoff
 * (ncp + 1 entries, the last one len). */
static int cp_offsets(spamcls_extractor *x, const char *m, size_t len,
                      size_t ncp)
{
  if (ncp + 1 > x->cpoff_cap) {
    size_t cap = x->cpoff_cap ? x->cpoff_cap : 64;
    while (cap < ncp + 1)
      cap *= 2;
    size_t *p = realloc(x->cpoff, cap * sizeof *p);
    if (!p) {
      x->nomem = 1;
      return -1;
    }
    x->cpoff = p;
    x->cpoff_cap = cap;
  }
  size_t k = 0;
  for (size_t i = 0; i < len && k < ncp; i++)
    if (((unsigned char)m[i] & 0xC0) != 0x80)
      x->cpoff[k++] = i;
  x->cpoff[k] = len;
  return 0;
}

void sc_word_chars(spamcls_extractor *x, const sc_toks *t, size_t w)
{
  size_t lo = x->p.char_min, hi = x->p.char_max;
  const char *m = t->buf + t->v[w].off - 1;  /* "<word>" */
  size_t ncp = t->v[w].ncp + 2;
  if (lo == 0 || ncp < lo || sc_lex_has(x->lex, m + 1, t->v[w].len))
    return;
  if (t->v[w].flags & SC_TOK_ASCII) {
    for (size_t s = 0; s + lo <= ncp; s++)
      for (size_t n = lo; n <= hi && s + n <= ncp; n++)
        sc_emit(x, SC_NS_C, m + s, n);
    return;
  }
  if (cp_offsets(x, m, t->v[w].len + 2, ncp) < 0)
    return;
  const size_t *o = x->cpoff;
  for (size_t s = 0; s + lo <= ncp; s++)
    for (size_t n = lo; n <= hi && s + n <= ncp; n++)
      sc_emit(x, SC_NS_C, m + o[s], o[s + n] - o[s]);
}

void sc_fam_chars(spamcls_extractor *x, const sc_doc *d)
{
  for (size_t w = 0; w < d->words->n; w++)
    sc_word_chars(x, d->words, w);
}
