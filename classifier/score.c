/*
 * score.c - scoring: the comment's vector dotted with the model's weights,
 * plus the bias, turned into a probability by the model's Platt sigmoid
 * and into a verdict by the thresholds. A comment with no text is EMPTY
 * (score 0, probability 0): reported, not guessed.
 */
#include <stdlib.h>

#include "classifier.h"

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

void sc_score_vector(const spamcls_scorer *s, const spamcls_vector *v,
                     spamcls_result *out)
{
  out->invalid_utf8 = v->invalid_utf8;
  if (v->empty) {
    out->score = 0;
    out->probability = 0;
    out->verdict = SPAMCLS_EMPTY;
    return;
  }
  const spamcls_model *m = s->m;
  out->score = sc_decision(&m->lin, v->f, v->n);
  out->probability = sc_platt_prob(m->platt_a, m->platt_b, out->score);
  out->verdict = sc_verdict(out->probability, s->threshold, s->margin);
}

spamcls_status spamcls_score(spamcls_scorer *s, const spamcls_comment *c,
                             spamcls_result *out)
{
  if (!s || !c || !out)
    return SPAMCLS_ERR_PARAM;
  spamcls_vector v;
  spamcls_status st = spamcls_extract(s->x, c, &v);
  if (st != SPAMCLS_OK)
    return st;
  sc_score_vector(s, &v, out);
  return SPAMCLS_OK;
}
