/*
 * stats.c - the STATS family: what normalization saw and the shape of
 * the text, as bucketed "s:" features.
 *
 * Counts go in bit-length buckets (0, 1, 2-3, 4-7 ... shown as the
 * bucket number: 1 -> "1", 5 -> "3"), capped; shares in fixed bands.
 * Both are thermometer-coded: a count in bucket b gives the features of
 * buckets 1..b, and a linear model reads each feature as "at least this
 * much".
 * Nothing here counts what normalization undid (styled or look-alike
 * letters, letters spaced out, overlay marks, zero-width characters,
 * leetspeak): a comment and its disguised copy must be one comment to
 * the model. Such counts were measured to act as a vote of their own:
 * rewritten ham was flagged, and zero-width characters pushed spam
 * towards ham.
 *   s:len:<b>          code points of the normalized text (cap 12)
 *   s:caps:<0-4>       uppercase share of raw letters, <5 <20 <50 <80 %,
 *                      when the text has at least 4 letters
 *   s:repeat:<r>       longest run of one character, 3-4, 5-9, 10+
 *   s:emoji:<b>, s:entity:<b>  emoji and HTML entities
 *   s:invalid          the text had invalid UTF-8
 *   s:shape:<shape>    per word mixing letters and ASCII digits, its runs
 *                      ("pulau777" L+D+, "bardi4d" L+D+L+, "88togel" D+L+),
 *                      "mixed" beyond MAX_RUNS runs ("a1b2c3"); not
 *                      with NO_SHAPES, the default since its version:
 *                      leetspeak leaves digits in words it cannot fold
 *                      ("4551574n7"), and their shape voted spam on
 *                      disguised ham (training/loso.py: ham rewritten in
 *                      leetspeak flagged +0.9 point over plain with shapes,
 *                      +0.0 without; mean out-of-source F1 0.846 -> 0.850)
 * Zero counts give no feature: absence is the common case.
 */
#include "sc_features.h"

#define MAX_RUNS 4

unsigned sc_bitlen(unsigned long v, unsigned cap)
{
  unsigned b = 0;
  while (v && b < cap) {
    b++;
    v >>= 1;
  }
  return b;
}

void sc_count_feature(spamcls_extractor *x, sc_ns ns, unsigned long v,
                      unsigned cap)
{
  for (unsigned b = 1, top = sc_bitlen(v, cap); b <= top; b++)
    sc_emit_uint(x, ns, b);
}

static unsigned band(unsigned long part, unsigned long whole,
                     const unsigned *limits, unsigned nlimits)
{
  unsigned b = 0;
  while (b < nlimits && part * 100 >= whole * limits[b])
    b++;
  return b;
}

static void shape(spamcls_extractor *x, const char *w, size_t n)
{
  char out[2 * MAX_RUNS];
  size_t runs = 0;
  int prev = -1;
  for (size_t i = 0; i < n; i++) {
    int digit = w[i] >= '0' && w[i] <= '9';
    if (digit == prev)
      continue;
    if (runs == MAX_RUNS) {
      sc_emit_str(x, SC_NS_S_SHAPE, "mixed");
      return;
    }
    out[2 * runs] = digit ? 'D' : 'L';
    out[2 * runs + 1] = '+';
    runs++;
    prev = digit;
  }
  sc_emit(x, SC_NS_S_SHAPE, out, 2 * runs);
}

void sc_fam_stats(spamcls_extractor *x, const sc_doc *d)
{
  static const unsigned caps_bands[] = {5, 20, 50, 80};
  const sc_text_stats *st = d->st;

  sc_emit_uint(x, SC_NS_S_LEN, sc_bitlen(d->words->ncp_text, 12));
  if (st->letters >= 4)
    sc_emit_uint(x, SC_NS_S_CAPS, band(st->upper, st->letters, caps_bands, 4));
  if (st->max_repeat >= 3)
    sc_emit_str(x, SC_NS_S_REPEAT, st->max_repeat < 5    ? "3-4"
                                   : st->max_repeat < 10 ? "5-9"
                                                         : "10+");
  sc_count_feature(x, SC_NS_S_EMOJI, st->emoji, 5);
  sc_count_feature(x, SC_NS_S_ENTITY, st->entities, 5);
  if (st->invalid_utf8)
    sc_emit_str(x, SC_NS_S, "invalid");

  if (x->p.flags & SPAMCLS_F_NO_SHAPES)
    return;
  const unsigned both = SC_TOK_ALPHA | SC_TOK_DIGIT;
  const sc_toks *t = d->words;
  for (size_t i = 0; i < t->n; i++)
    if ((t->v[i].flags & both) == both)
      shape(x, t->buf + t->v[i].off, t->v[i].len);
}
