/*
 * fuzz_model.c - the model loader, spamcls_model_load_buffer.
 *
 * Input: one mode byte, then a model file. With bit 0 of the mode set the
 * trailing checksum (XXH3-64 from format version 4, CRC-32 before) is
 * recomputed before loading, so that mutations get past it into the header
 * parser and the range checks (a forged file, not a damaged one). A load either fails with a model or version error
 * and a message, or gives a model that must score without reading out of
 * bounds: a few comments are scored and explained, and every probability
 * must be in [0, 1] with a verdict that follows the thresholds; then one
 * comment is learned and the model scored again.
 */
#include <math.h>
#include <string.h>
#include <xxhash.h>

#include "fuzz.h"
#include "spamcls.h"

static void put_le32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

/* CRC-32 (IEEE), bitwise: the fuzzer's own, independent of the library. */
static uint32_t crc32(const unsigned char *p, size_t n)
{
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

static const char *const comments[] = {
  "",
  "   ",
  "i really like your article, thanks for sharing togel online",
  ("\xF0\x9D\x90\x92\xF0\x9D\x90\x8B\xF0\x9D\x90\x8E\xF0\x9D\x90\x93 777 "
   "gacor hari ini https://togel88.com/daftar wa 0812-3456-7890"),
  "The council vote was a disgrace and everyone knows it.",
};

static void score_all(const spamcls_model *m)
{
  spamcls_scorer *s = spamcls_scorer_new(m);
  FUZZ_CHECK(s != NULL);
  double threshold, margin;
  spamcls_model_get_thresholds(m, &threshold, &margin);
  FUZZ_CHECK(threshold >= 0 && threshold <= 1 && margin >= 0 && margin <= 0.5);
  for (size_t i = 0; i < sizeof comments / sizeof comments[0]; i++) {
    spamcls_comment c;
    memset(&c, 0, sizeof c);
    c.text = comments[i];
    c.text_len = strlen(comments[i]);
    c.author = "Slot Gacor";
    c.author_len = 10;
    c.author_url = "http://slot-gacor.example.com/";
    c.author_url_len = strlen(c.author_url);
    c.label = SPAMCLS_LABEL_NONE;
    spamcls_result r;
    FUZZ_CHECK(spamcls_score(s, &c, &r) == SPAMCLS_OK);
    FUZZ_CHECK(!isnan(r.score));
    FUZZ_CHECK(r.probability >= 0 && r.probability <= 1);
    if (r.verdict == SPAMCLS_SPAM)
      FUZZ_CHECK(r.probability >= threshold + margin);
    else if (r.verdict == SPAMCLS_HAM)
      FUZZ_CHECK(r.probability < threshold - margin);
    spamcls_contribution top[4];
    size_t n;
    spamcls_result r2;
    FUZZ_CHECK(spamcls_explain(s, &c, &r2, top, 4, &n) == SPAMCLS_OK);
    FUZZ_CHECK(n <= 4);
    FUZZ_CHECK(r2.score == r.score || (isnan(r2.score) && isnan(r.score)));
    for (size_t k = 0; k < n; k++)
      FUZZ_CHECK(memchr(top[k].name, '\0', sizeof top[k].name) != NULL);
  }
  spamcls_scorer_free(s);
}

/* Learning reads what the file stored for it (the document frequencies,
 * the learned settings and corrections): one comment learned must leave
 * a model that still scores in range. A model whose calibration cannot
 * learn says so. */
static void learn_one(spamcls_model *m)
{
  spamcls_learner *l = spamcls_learner_new(m);
  FUZZ_CHECK(l != NULL);
  spamcls_comment c;
  memset(&c, 0, sizeof c);
  c.text = comments[2];
  c.text_len = strlen(comments[2]);
  c.source = "fuzz";
  FUZZ_CHECK(spamcls_learner_add(l, &c, SPAMCLS_LABEL_SPAM, NULL) ==
             SPAMCLS_OK);
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_learner_commit(l, 0, NULL, &err);
  FUZZ_CHECK(st == SPAMCLS_OK || st == SPAMCLS_ERR_MODEL);
  spamcls_learner_free(l);
  if (st == SPAMCLS_OK)
    score_all(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  int forge = data[0] & 1;
  size -= 1;
  unsigned char *file = malloc(size ? size : 1);
  FUZZ_CHECK(file != NULL);
  memcpy(file, data + 1, size);
  uint32_t version = size >= 12 ? (uint32_t)file[8] | (uint32_t)file[9] << 8 |
                                       (uint32_t)file[10] << 16 |
                                       (uint32_t)file[11] << 24
                                 : 0;
  if (forge && version >= 4) {
    uint64_t v = XXH3_64bits(file, size - 8);
    put_le32(file + size - 8, (uint32_t)v);
    put_le32(file + size - 4, (uint32_t)(v >> 32));
  } else if (forge && size >= 4) {
    put_le32(file + size - 4, crc32(file, size - 4));
  }

  spamcls_model *m = (spamcls_model *)&m;  /* must be reset to NULL */
  spamcls_error err = {{0}};
  spamcls_status st =
      spamcls_model_load_buffer(file, size, "fuzz.model", &m, &err);
  if (st != SPAMCLS_OK) {
    FUZZ_CHECK(m == NULL);
    FUZZ_CHECK(st == SPAMCLS_ERR_MODEL || st == SPAMCLS_ERR_VERSION);
    FUZZ_CHECK(err.msg[0] != '\0');
  } else {
    FUZZ_CHECK(m != NULL);
    const spamcls_pipeline *p = spamcls_model_pipeline(m);
    FUZZ_CHECK(spamcls_pipeline_check(p) == NULL);
    const char *card = spamcls_model_card(m);
    FUZZ_CHECK(card != NULL);
    unsigned sum = 0;
    fuzz_touch(card, strlen(card), &sum);
    fuzz_keep(sum);
    score_all(m);
    learn_one(m);
    spamcls_model_free(m);
  }
  free(file);
  return 0;
}
