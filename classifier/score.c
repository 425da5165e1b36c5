/*
 * score.c - scoring: the comment's vector dotted with the model's weights,
 * plus the bias, turned into a probability by the model's Platt sigmoid
 * and into a verdict by the thresholds. A comment with no text is EMPTY
 * (score 0, probability 0): reported, not guessed.
 */
#include <stdlib.h>

#include "classifier.h"
#include "sc_features.h"

const char *spamcls_verdict_name(spamcls_verdict v)
{
  switch (v) {
  case SPAMCLS_HAM: return "ham";
  case SPAMCLS_SPAM: return "spam";
  case SPAMCLS_UNSURE: return "unsure";
  case SPAMCLS_EMPTY: return "empty";
  }
  return "?";
}

spamcls_verdict sc_verdict(double p, double threshold, double margin)
{
  if (p >= threshold + margin)
    return SPAMCLS_SPAM;
  if (p < threshold - margin)
    return SPAMCLS_HAM;
  return SPAMCLS_UNSURE;
}

spamcls_scorer *spamcls_scorer_new(const spamcls_model *m)
{
  if (!m)
    return NULL;
  spamcls_scorer *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->m = m;
  s->threshold = m->threshold;
  s->margin = m->margin;
  s->x = spamcls_extractor_new(&m->pipe);
  if (!s->x) {
    free(s);
    return NULL;
  }
  return s;
}

void spamcls_scorer_free(spamcls_scorer *s)
{
  if (!s)
    return;
  spamcls_extractor_free(s->x);
  free(s->vec);
  free(s);
}

spamcls_status spamcls_scorer_set_thresholds(spamcls_scorer *s,
                                             double threshold, double margin)
{
  if (!s || sc_thresholds_check(threshold, margin))
    return SPAMCLS_ERR_PARAM;
  s->threshold = threshold;
  s->margin = margin;
  return SPAMCLS_OK;
}

/* Probability and verdict of decision value score (empty: no text). */
static void finish(const spamcls_scorer *s, double score, int empty,
                   unsigned invalid_utf8, spamcls_result *out)
{
  const spamcls_model *m = s->m;
  out->invalid_utf8 = invalid_utf8;
  if (empty) {
    out->score = 0;
    out->probability = 0;
    out->verdict = SPAMCLS_EMPTY;
    return;
  }
  out->score = score;
  out->probability = sc_platt_prob(m->platt_a, m->platt_b, score);
  out->verdict = sc_verdict(out->probability, s->threshold, s->margin);
}

/* The vector is never built: its dot product comes from the buckets. */
spamcls_status spamcls_score(spamcls_scorer *s, const spamcls_comment *c,
                             spamcls_result *out)
{
  if (!s || !c || !out)
    return SPAMCLS_ERR_PARAM;
  const sc_linear *l = &s->m->lin;
  int empty;
  unsigned bad;
  double dot;
  spamcls_status st = sc_extract_dot(s->x, c, l->w, l->dim, &dot, &empty, &bad);
  if (st == SPAMCLS_OK)
    finish(s, dot + l->b, empty, bad, out);
  return st;
}
