/*
 * pipeline.c - the feature pipeline settings: defaults, validation and
 * version (SC_PIPELINE_VERSION in features.h says when to bump it).
 */
#include "sc_features.h"

/* Families on by default; LEXICON also needs a lexicon (see lexicon.c). */
#define DEFAULT_FAMILIES                                                   \
  (SPAMCLS_F_WORDS | SPAMCLS_F_CHARS | SPAMCLS_F_URLS | SPAMCLS_F_CONTACT | \
   SPAMCLS_F_STATS | SPAMCLS_F_AUTHOR | SPAMCLS_F_LEET | SPAMCLS_F_LEET_ENDS | \
   SPAMCLS_F_NO_SHAPES | SPAMCLS_F_MARKUP | SPAMCLS_F_DOWNWEIGHT | \
   SPAMCLS_F_LANG_MIX | SPAMCLS_F_AUTHOR_SHAPE | SPAMCLS_F_LEET_LINKS | \
   SPAMCLS_F_LEET_NUMBERS)
#define IMPLEMENTED \
  (DEFAULT_FAMILIES | SPAMCLS_F_LEXICON | SPAMCLS_F_TAIL_LENGTH | \
   SPAMCLS_F_TAIL_BY_LENGTH)

/* Longest character n-gram: longer ones are rare, slow and overfit. */
#define CHAR_MAX_LIMIT 8

void spamcls_pipeline_default(spamcls_pipeline *p)
{
  p->hash_bits = 20;
  p->word_ngrams = 2;
  p->char_min = 3;
  p->char_max = 5;
  p->flags = DEFAULT_FAMILIES;
  p->lexicon = NULL;
  p->lexicon_len = 0;
}

const char *spamcls_pipeline_check(const spamcls_pipeline *p)
{
  if (!p)
    return "no pipeline settings";
  if (p->hash_bits < 10 || p->hash_bits > 24)
    return "hash_bits must be between 10 and 24";
  if (p->word_ngrams < 1 || p->word_ngrams > 2)
    return "word_ngrams must be 1 or 2";
  if (p->char_min == 0 && p->char_max == 0)
    ; /* character n-grams disabled */
  else if (p->char_min == 0 || p->char_max == 0)
    return "char_min and char_max must both be 0 or both at least 1";
  else if (p->char_min > p->char_max)
    return "char_min must not exceed char_max";
  else if (p->char_max > CHAR_MAX_LIMIT)
    return "char_max must be at most 8";
  if (p->flags & SPAMCLS_F_LEXICON) {
    const char *why = sc_lexicon_check(p->lexicon, p->lexicon_len);
    if (why)
      return why;
  } else if (p->lexicon) {
    return "a lexicon is given but the lexicon family is off";
  }
  if (p->flags & ~IMPLEMENTED)
    return "unknown feature family flags";
  if ((p->flags & SPAMCLS_F_LEET_ENDS) && !(p->flags & SPAMCLS_F_LEET))
    return "leet-ends needs the leet family";
  if ((p->flags & SPAMCLS_F_LEET_LINKS) && !(p->flags & SPAMCLS_F_LEET))
    return "leet-links needs the leet family";
  if ((p->flags & SPAMCLS_F_LEET_NUMBERS) && !(p->flags & SPAMCLS_F_LEET))
    return "leet-numbers needs the leet family";
  if ((p->flags & SPAMCLS_F_TAIL_LENGTH) && !(p->flags & SPAMCLS_F_LEXICON))
    return "tail-length needs the lexicon family";
  if ((p->flags & SPAMCLS_F_TAIL_BY_LENGTH) &&
      !(p->flags & SPAMCLS_F_TAIL_LENGTH))
    return "tail-by-length needs tail-length";
  if ((p->flags & SPAMCLS_F_NO_SHAPES) && !(p->flags & SPAMCLS_F_STATS))
    return "no-shapes needs the stats family";
  if (!(p->flags & IMPLEMENTED))
    return "no feature family enabled";
  return NULL;
}

uint32_t spamcls_pipeline_version(void)
{
  return SC_PIPELINE_VERSION;
}
