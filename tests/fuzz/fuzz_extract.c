/*
 * fuzz_extract.c - the comment normalizer and feature extractor.
 *
 * Input: one selector byte, then the comment. Bit 0 of the selector splits
 * the rest at 0x1F bytes into text, author and author URL; bits 1-2 pick a
 * pipeline (the default, unigrams with 1..8-character n-grams in 2^10
 * buckets, no character n-grams, every family but the lexicon). Each
 * comment goes through spamcls_extract and spamcls_extract_names, and the
 * vector must be well formed: indices strictly ascending inside the hash
 * space, values finite with an L2 norm of 1, names non-empty with indices
 * that the vector holds. Extractors are kept between inputs, as a scorer
 * keeps its own, so scratch space reused across comments is fuzzed too.
 */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "spamcls.h"

#define CONFIGS 4

static spamcls_extractor *extractor(int k, spamcls_pipeline *p)
{
  static spamcls_extractor *x[CONFIGS];
  static spamcls_pipeline pipes[CONFIGS];
  if (!x[k]) {
    spamcls_pipeline_default(&pipes[k]);
    switch (k) {
    case 1:
      pipes[k].hash_bits = 10;
      pipes[k].word_ngrams = 1;
      pipes[k].char_min = 1;
      pipes[k].char_max = 8;
      break;
    case 2:
      pipes[k].char_min = pipes[k].char_max = 0;
      break;
    case 3:
      pipes[k].hash_bits = 24;
      pipes[k].flags = SPAMCLS_F_WORDS | SPAMCLS_F_CHARS | SPAMCLS_F_URLS |
                       SPAMCLS_F_CONTACT | SPAMCLS_F_STATS |
                       SPAMCLS_F_AUTHOR | SPAMCLS_F_LEET;
      break;
    }
    FUZZ_CHECK(spamcls_pipeline_check(&pipes[k]) == NULL);
    x[k] = spamcls_extractor_new(&pipes[k]);
    FUZZ_CHECK(x[k] != NULL);
  }
  *p = pipes[k];
  return x[k];
}

typedef struct names {
  uint32_t max_index;
  size_t count;
  int bad;
  unsigned sum;
} names;

static void on_name(void *ctx, const char *name, size_t len, uint32_t index)
{
  names *n = ctx;
  if (len == 0 || index == 0 || index > n->max_index)
    n->bad = 1;
  fuzz_touch(name, len, &n->sum);
  n->count++;
}

/* Splits s[0..n) at the next 0x1F: *field gets the piece, the rest moves. */
static void next_field(const char **s, size_t *n, const char **field,
                       size_t *len)
{
  const char *sep = memchr(*s, 0x1F, *n);
  *field = *s;
  *len = sep ? (size_t)(sep - *s) : *n;
  *s += *len + (sep != NULL);
  *n -= *len + (sep != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  unsigned sel = data[0];
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  spamcls_comment c;
  memset(&c, 0, sizeof c);
  c.label = SPAMCLS_LABEL_NONE;
  if (sel & 1) {
    next_field(&s, &n, &c.text, &c.text_len);
    if (n)
      next_field(&s, &n, &c.author, &c.author_len);
    if (n)
      next_field(&s, &n, &c.author_url, &c.author_url_len);
  } else {
    c.text = s;
    c.text_len = n;
  }
  spamcls_pipeline p;
  spamcls_extractor *x = extractor((int)(sel >> 1) & 3, &p);
  uint32_t max_index = 1u << p.hash_bits;

  spamcls_vector v;
  FUZZ_CHECK(spamcls_extract(x, &c, &v) == SPAMCLS_OK);
  double norm = 0;
  for (size_t i = 0; i < v.n; i++) {
    FUZZ_CHECK(v.f[i].index >= 1 && v.f[i].index <= max_index);
    FUZZ_CHECK(i == 0 || v.f[i - 1].index < v.f[i].index);
    FUZZ_CHECK(isfinite(v.f[i].value));
    norm += (double)v.f[i].value * v.f[i].value;
  }
  FUZZ_CHECK(v.n == 0 || fabs(norm - 1.0) < 1e-3);
  FUZZ_CHECK(v.invalid_utf8 <= c.text_len + c.author_len + c.author_url_len);

  size_t tlen;
  const char *text = spamcls_extractor_text(x, &tlen);
  unsigned sum = 0;
  if (text)
    fuzz_touch(text, tlen, &sum);

  names nm = {max_index, 0, 0, 0};
  FUZZ_CHECK(spamcls_extract_names(x, &c, on_name, &nm) == SPAMCLS_OK);
  FUZZ_CHECK(!nm.bad);
  /* Every occurrence is one bucket of the vector: as many distinct
   * buckets at most as occurrences, and none without an occurrence. */
  FUZZ_CHECK(v.n <= nm.count);
  fuzz_keep(sum + nm.sum);
  return 0;
}
