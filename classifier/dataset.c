/*
 * dataset.c - the training set: labeled comments, vectorized and
 * deduplicated.
 *
 * Rules:
 *   - a comment is keyed by a 64-bit hash of its normalized text (and of
 *     its author fields when the AUTHOR family is on, since the vectors then
 *     differ); the first comment with a key is kept, a later one is counted
 *     as a duplicate (same label) or a conflict (other label) and dropped;
 *   - a comment with no text or no feature is counted as empty, not stored;
 *   - vectors live in a pool of (index, float value) pairs, each row
 *     pointing at its span. The pool grows by whole blocks, never by
 *     realloc: moving a gigabyte of vectors costs a copy, and on a virtual
 *     machine every moved page faults again when next read;
 *   - sources and groups are interned and counted per source, for the
 *     model card and for grouped cross-validation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "intern.h"

typedef struct row {
  uint64_t key;
  const spamcls_feature *f;  /* its span in the pool */
  uint32_t n;       /* features */
  uint32_t source;  /* source id */
  int32_t group;    /* group id, -1: none */
  signed char label;
} row;

typedef struct source_count {
  size_t spam, ham;
} source_count;

struct spamcls_dataset {
  spamcls_pipeline pipe;
  spamcls_extractor *x;  /* NULL for a dataset made by sc_dataset_new */
  spamcls_extractor **wx;  /* more threads' extractors, made when needed */
  unsigned n_wx;
  char *lexicon;         /* own copy of pipe.lexicon (spamcls_dataset_new) */
  row *rows;
  size_t n, cap, n_spam;
  spamcls_feature **blocks;  /* the pool; the last one is being filled */
  size_t n_blocks, blocks_cap;
  size_t block_len, block_cap;  /* features used and room in the last */
  sc_feature_buf **wbuf;  /* per thread, see sc_dataset_thread_buf */
  unsigned n_wbuf;
  uint32_t *slots;  /* dedup table: row + 1, 0 = free */
  size_t nslots;
  sc_intern sources, groups;
  source_count *src_counts;
  size_t src_cap;
  sc_dataset_stats stats;
};

static const char no_source[] = "(none)";

spamcls_dataset *sc_dataset_new(const spamcls_pipeline *p)
{
  if (p->hash_bits < 10 || p->hash_bits > 24)
    return NULL;
  spamcls_dataset *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  d->pipe = *p;
  return d;
}

spamcls_dataset *spamcls_dataset_new(const spamcls_pipeline *p)
{
  if (!p || spamcls_pipeline_check(p))
    return NULL;
  spamcls_dataset *d = sc_dataset_new(p);
  if (!d)
    return NULL;
  if (p->lexicon) {
    d->lexicon = malloc(p->lexicon_len);
    if (!d->lexicon) {
      free(d);
      return NULL;
    }
    memcpy(d->lexicon, p->lexicon, p->lexicon_len);
    d->pipe.lexicon = d->lexicon;
  }
  d->x = spamcls_extractor_new(p);
  if (!d->x) {
    free(d->lexicon);
    free(d);
    return NULL;
  }
  return d;
}

void spamcls_dataset_free(spamcls_dataset *d)
{
  if (!d)
    return;
  spamcls_extractor_free(d->x);
  for (unsigned i = 0; i < d->n_wx; i++)
    spamcls_extractor_free(d->wx[i]);
  free(d->wx);
  free(d->lexicon);
  free(d->rows);
  for (size_t i = 0; i < d->n_blocks; i++)
    free(d->blocks[i]);
  free(d->blocks);
  for (unsigned i = 0; i < d->n_wbuf; i++)
    if (d->wbuf[i]) {
      free(d->wbuf[i]->f);
      free(d->wbuf[i]);
    }
  free(d->wbuf);
  free(d->slots);
  sc_intern_free(&d->sources);
  sc_intern_free(&d->groups);
  free(d->src_counts);
  free(d);
}

spamcls_status sc_dataset_extract(spamcls_extractor *x,
                                  const spamcls_pipeline *p,
                                  const spamcls_comment *c, spamcls_vector *v,
                                  uint64_t *key)
{
  *key = 0;
  if (c->label != SPAMCLS_LABEL_SPAM && c->label != SPAMCLS_LABEL_HAM)
    return SPAMCLS_ERR_PARAM;
  spamcls_status st = spamcls_extract(x, c, v);
  if (st != SPAMCLS_OK)
    return st;
  if (v->empty || v->n == 0) {
    v->n = 0;
    return SPAMCLS_OK;
  }
  size_t tlen = 0;
  const char *text = spamcls_extractor_text(x, &tlen);
  *key = sc_dedup_key(p, text ? text : "", text ? tlen : 0, c);
  return SPAMCLS_OK;
}

spamcls_extractor *sc_dataset_extractor(spamcls_dataset *d, unsigned t)
{
  if (t == 0 || !d->x)
    return d->x;
  if (t > d->n_wx) {
    spamcls_extractor **wx = realloc(d->wx, t * sizeof *wx);
    if (!wx)
      return NULL;
    d->wx = wx;
    while (d->n_wx < t)
      d->wx[d->n_wx++] = NULL;
  }
  if (!d->wx[t - 1])
    d->wx[t - 1] = spamcls_extractor_new(&d->pipe);
  return d->wx[t - 1];
}

sc_feature_buf *sc_dataset_thread_buf(spamcls_dataset *d, unsigned t)
{
  if (t >= d->n_wbuf) {
    sc_feature_buf **b = realloc(d->wbuf, (t + 1) * sizeof *b);
    if (!b)
      return NULL;
    d->wbuf = b;
    while (d->n_wbuf <= t)
      d->wbuf[d->n_wbuf++] = NULL;
  }
  if (!d->wbuf[t])
    d->wbuf[t] = calloc(1, sizeof **d->wbuf);
  return d->wbuf[t];
}

uint64_t sc_dedup_key(const spamcls_pipeline *p, const char *text,
                      size_t text_len, const spamcls_comment *c)
{
  uint64_t h = sc_hash64(SC_HASH64_INIT, text, text_len);
  if (p->flags & SPAMCLS_F_AUTHOR) {
    /* Field tags and lengths keep ("ab", "c") apart from ("a", "bc"). */
    uint64_t lens[2] = {c->author ? c->author_len + 1 : 0,
                        c->author_url ? c->author_url_len + 1 : 0};
    h = sc_hash64(h, "\001author", 7);
    h = sc_hash64(h, lens, sizeof lens);
    if (c->author)
      h = sc_hash64(h, c->author, c->author_len);
    if (c->author_url)
      h = sc_hash64(h, c->author_url, c->author_url_len);
  }
  return sc_hash64_final(h);
}

/* Finds key: the slot holding it, or the free slot where it would go. */
static size_t dedup_find(const spamcls_dataset *d, uint64_t key)
{
  size_t j = (size_t)key & (d->nslots - 1);
  while (d->slots[j] && d->rows[d->slots[j] - 1].key != key)
    j = (j + 1) & (d->nslots - 1);
  return j;
}

static int dedup_grow(spamcls_dataset *d)
{
  size_t nslots = d->nslots ? d->nslots * 2 : 1024;
  uint32_t *slots = calloc(nslots, sizeof *slots);
  if (!slots)
    return -1;
  free(d->slots);
  d->slots = slots;
  d->nslots = nslots;
  for (size_t i = 0; i < d->n; i++)
    d->slots[dedup_find(d, d->rows[i].key)] = (uint32_t)(i + 1);
  return 0;
}

static int reserve_rows(spamcls_dataset *d)
{
  if (d->n < d->cap)
    return 0;
  size_t cap = d->cap ? d->cap * 2 : 256;
  row *r = realloc(d->rows, cap * sizeof *r);
  if (!r)
    return -1;
  d->rows = r;
  d->cap = cap;
  return 0;
}

/* Room for n features in the pool. Blocks double from 64 Ki features
 * (512 KiB) up to 8 Mi (64 MiB), so that a small set stays small; a
 * vector longer than that gets a block of its own. */
#define BLOCK_MIN ((size_t)1 << 16)
#define BLOCK_MAX ((size_t)1 << 23)

static spamcls_feature *pool_take(spamcls_dataset *d, size_t n)
{
  if (d->n_blocks == 0 || d->block_cap - d->block_len < n) {
    if (d->n_blocks == d->blocks_cap) {
      size_t cap = d->blocks_cap ? d->blocks_cap * 2 : 16;
      spamcls_feature **b = realloc(d->blocks, cap * sizeof *b);
      if (!b)
        return NULL;
      d->blocks = b;
      d->blocks_cap = cap;
    }
    size_t size = d->n_blocks ? d->block_cap * 2 : BLOCK_MIN;
    if (size > BLOCK_MAX)
      size = BLOCK_MAX;
    if (size < n)
      size = n;
    if (size > SIZE_MAX / sizeof **d->blocks)
      return NULL;
    spamcls_feature *b = malloc(size * sizeof *b);
    if (!b)
      return NULL;
    d->blocks[d->n_blocks++] = b;
    d->block_len = 0;
    d->block_cap = size;
  }
  spamcls_feature *at = d->blocks[d->n_blocks - 1] + d->block_len;
  d->block_len += n;
  return at;
}

int sc_features_append(spamcls_feature **a, size_t *len, size_t *cap,
                       const spamcls_feature *f, size_t n)
{
  if (*cap - *len < n) {
    size_t c = *cap ? *cap : 4096;
    while (c - *len < n) {
      if (c > SIZE_MAX / 2 / sizeof **a)
        return -1;
      c *= 2;
    }
    spamcls_feature *g = realloc(*a, c * sizeof *g);
    if (!g)
      return -1;
    *a = g;
    *cap = c;
  }
  if (n)
    memcpy(*a + *len, f, n * sizeof *f);
  *len += n;
  return 0;
}

static int check_vector(const spamcls_dataset *d, const spamcls_feature *f,
                        size_t n)
{
  uint32_t dim = 1u << d->pipe.hash_bits;
  uint32_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    if (f[i].index <= prev || f[i].index > dim || !isfinite(f[i].value))
      return -1;
    prev = f[i].index;
  }
  return 0;
}

/* The source id of name, with room for its counters. */
static int source_id(spamcls_dataset *d, const char *name, size_t *id)
{
  if (!name)
    name = no_source;
  if (sc_intern_add(&d->sources, name, strlen(name), id) < 0)
    return -1;
  if (*id >= d->src_cap) {
    size_t cap = d->src_cap ? d->src_cap * 2 : 8;
    source_count *c = realloc(d->src_counts, cap * sizeof *c);
    if (!c)
      return -1;
    memset(c + d->src_cap, 0, (cap - d->src_cap) * sizeof *c);
    d->src_counts = c;
    d->src_cap = cap;
  }
  return 0;
}

spamcls_status sc_dataset_reserve(spamcls_dataset *d, uint64_t key,
                                  spamcls_label label, size_t n,
                                  const char *source, const char *group,
                                  size_t group_len, spamcls_feature **dest)
{
  *dest = NULL;
  if (label != SPAMCLS_LABEL_SPAM && label != SPAMCLS_LABEL_HAM)
    return SPAMCLS_ERR_PARAM;
  if (n > UINT32_MAX)
    return SPAMCLS_ERR_PARAM;
  if (n == 0) {
    d->stats.empty++;
    return SPAMCLS_OK;
  }
  if (d->n >= INT32_MAX - 1)
    return SPAMCLS_ERR_LIMIT;
  if ((d->n + 1) * 2 > d->nslots && dedup_grow(d) < 0)
    return SPAMCLS_ERR_NOMEM;
  size_t slot = dedup_find(d, key);
  if (d->slots[slot]) {
    if (d->rows[d->slots[slot] - 1].label == (signed char)label)
      d->stats.duplicates++;
    else
      d->stats.conflicts++;
    return SPAMCLS_OK;
  }
  size_t src, grp = 0;
  /* The source and group first: a failure then leaves no trace, while
   * room taken in the pool would only be wasted. */
  if (reserve_rows(d) < 0 || source_id(d, source, &src) < 0 ||
      (group && sc_intern_add(&d->groups, group, group_len, &grp) < 0))
    return SPAMCLS_ERR_NOMEM;
  spamcls_feature *at = pool_take(d, n);
  if (!at)
    return SPAMCLS_ERR_NOMEM;
  row *r = &d->rows[d->n];
  r->key = key;
  r->f = at;
  r->n = (uint32_t)n;
  r->source = (uint32_t)src;
  r->group = group ? (int32_t)grp : -1;
  r->label = (signed char)label;
  d->slots[slot] = (uint32_t)(d->n + 1);
  d->n++;
  if (label == SPAMCLS_LABEL_SPAM) {
    d->n_spam++;
    d->src_counts[src].spam++;
  } else {
    d->src_counts[src].ham++;
  }
  *dest = at;
  return SPAMCLS_OK;
}

spamcls_status sc_dataset_add_vector(spamcls_dataset *d, uint64_t key,
                                     spamcls_label label,
                                     const spamcls_feature *f, size_t n,
                                     const char *source, const char *group,
                                     size_t group_len, int *added)
{
  *added = 0;
  if (check_vector(d, f, n) < 0)  /* sc_dataset_reserve checks the rest */
    return SPAMCLS_ERR_PARAM;
  spamcls_feature *at;
  spamcls_status st = sc_dataset_reserve(d, key, label, n, source, group,
                                         group_len, &at);
  if (st == SPAMCLS_OK && at) {
    memcpy(at, f, n * sizeof *f);
    *added = 1;
  }
  return st;
}

spamcls_status spamcls_dataset_add(spamcls_dataset *d,
                                   const spamcls_comment *c, int *added)
{
  int dummy;
  if (!added)
    added = &dummy;
  *added = 0;
  if (!d || !c || !d->x)
    return SPAMCLS_ERR_PARAM;
  spamcls_vector v;
  uint64_t key;
  spamcls_status st = sc_dataset_extract(d->x, &d->pipe, c, &v, &key);
  if (st != SPAMCLS_OK)
    return st;
  /* n == 0 (an empty comment) is counted as empty */
  return sc_dataset_add_vector(d, key, c->label, v.f, v.n, c->source,
                               c->group, c->group ? c->group_len : 0, added);
}

size_t spamcls_dataset_size(const spamcls_dataset *d, size_t *n_spam)
{
  if (n_spam)
    *n_spam = d ? d->n_spam : 0;
  return d ? d->n : 0;
}

const spamcls_pipeline *sc_dataset_pipeline(const spamcls_dataset *d)
{
  return &d->pipe;
}

const sc_dataset_stats *sc_dataset_get_stats(const spamcls_dataset *d)
{
  return &d->stats;
}

spamcls_label sc_dataset_label(const spamcls_dataset *d, size_t i)
{
  return (spamcls_label)d->rows[i].label;
}

const spamcls_feature *sc_dataset_vector(const spamcls_dataset *d, size_t i,
                                         size_t *n)
{
  *n = d->rows[i].n;
  return d->rows[i].f;
}

long sc_dataset_group(const spamcls_dataset *d, size_t i)
{
  return d->rows[i].group;
}

size_t sc_dataset_n_groups(const spamcls_dataset *d)
{
  return d->groups.n;
}

const char *sc_dataset_group_name(const spamcls_dataset *d, size_t g,
                                  size_t *len)
{
  return sc_intern_get(&d->groups, g, len);
}

size_t sc_dataset_source(const spamcls_dataset *d, size_t i)
{
  return d->rows[i].source;
}

size_t sc_dataset_n_sources(const spamcls_dataset *d)
{
  return d->sources.n;
}

const char *sc_dataset_source_name(const spamcls_dataset *d, size_t s,
                                   size_t *n_spam, size_t *n_ham)
{
  if (n_spam)
    *n_spam = d->src_counts[s].spam;
  if (n_ham)
    *n_ham = d->src_counts[s].ham;
  return sc_intern_get(&d->sources, s, NULL);
}
