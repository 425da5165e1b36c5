/*
 * wordcache.c - the word cache: per distinct word, the buckets of its
 * "w:" and "c:" features, its lexicon match and its language for
 * LANG_MIX (sc_features.h says why).
 *
 * An open-addressing table of slots (the word's quick hash and where its
 * record is) over one pool of records; a record holds the word's length,
 * bucket count, lexicon match, bytes and buckets side by side, so a hit
 * reads one slot and one run of adjacent cache lines. The table and pool
 * are megabytes read at random, so sc_fam_cached looks words up a block
 * at a time: the slots of the block are prefetched, then the records of
 * its hits, and only then are the words emitted in order.
 *
 * The table holds at most MAX_WORDS words and the pool at most POOL
 * 32-bit units; when either is full the whole cache is emptied and fills
 * again with the words of the comments that follow, so memory stays
 * bounded on any input and the cache follows the vocabulary of the text
 * at hand. Words longer than MAX_LEN bytes are rare and not kept.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

#define SLOTS (1u << 15)         /* a power of two */
#define MAX_WORDS (SLOTS / 2)    /* load factor at most 1/2 */
#define POOL ((1u << 19) + (1u << 17))  /* 2.5 MiB of records */
#define MAX_LEN 48
#define BLOCK 16                 /* words looked up ahead of emitting */

typedef struct wc_slot {
  uint32_t hash;      /* 0: empty slot (a real hash of 0 is stored as 1) */
  uint32_t rec;       /* the record's offset in the pool */
} wc_slot;

/* A record, in 32-bit units: len | language << 8 | nkeys << 16 (len is
 * at most MAX_LEN), the lexicon match, the word's bytes (padded), its
 * buckets. */
#define REC_HEAD (1 + (sizeof(sc_lex_match) + 3) / 4)

struct sc_wcache {
  wc_slot *slot;      /* SLOTS */
  size_t words;
  uint32_t *pool;     /* POOL */
  size_t used;
};

sc_wcache *sc_wcache_new(void)
{
  sc_wcache *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->slot = calloc(SLOTS, sizeof *c->slot);
  c->pool = malloc(POOL * sizeof *c->pool);
  if (!c->slot || !c->pool) {
    sc_wcache_free(c);
    return NULL;
  }
  return c;
}

void sc_wcache_free(sc_wcache *c)
{
  if (!c)
    return;
  free(c->slot);
  free(c->pool);
  free(c);
}

static void clear(sc_wcache *c)
{
  memset(c->slot, 0, SLOTS * sizeof *c->slot);
  c->words = c->used = 0;
}

static uint64_t load_part(const char *s, size_t n)
{
  uint64_t v = 0;
  memcpy(&v, s, n);
  return v;
}

/* A quick hash of a short word, 8 bytes at a time: only for finding the
 * slot (buckets come from sc_hash32, the pipeline's hash). */
static uint32_t word_hash(const char *s, size_t n)
{
  uint64_t h = 0x9e3779b97f4a7c15u ^ n;
  for (; n > 8; s += 8, n -= 8) {
    h = (h ^ load_part(s, 8)) * 0xff51afd7ed558ccdu;
    h ^= h >> 32;
  }
  h = (h ^ load_part(s, n)) * 0xc4ceb9fe1a85ec53u;
  h ^= h >> 29;
  h *= 0xff51afd7ed558ccdu;
  uint32_t r = (uint32_t)(h >> 32);
  return r ? r : 1;
}

static size_t rec_len(const uint32_t *r)
{
  return r[0] & 0xFF;
}

static int rec_lang(const uint32_t *r)
{
  return (r[0] >> 8) & 0xFF;
}

static size_t rec_nkeys(const uint32_t *r)
{
  return r[0] >> 16;
}

static const char *rec_word(const uint32_t *r)
{
  return (const char *)(r + REC_HEAD);
}

static const uint32_t *rec_keys(const uint32_t *r)
{
  return r + REC_HEAD + (rec_len(r) + 3) / 4;
}

/* The slot of w[0..n) with hash h, or the empty slot where it goes. */
static wc_slot *find(sc_wcache *c, const char *w, size_t n, uint32_t h)
{
  for (uint32_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
    wc_slot *e = &c->slot[i];
    if (e->hash == 0)
      return e;
    if (e->hash == h) {
      const uint32_t *r = c->pool + e->rec;
      if (rec_len(r) == n && memcmp(rec_word(r), w, n) == 0)
        return e;
    }
  }
}

/* What word i emits in WORDS and CHARS; its lexicon match and language. */
static int direct(spamcls_extractor *x, const sc_toks *t, size_t i,
                  sc_lex_match *m)
{
  if (x->p.flags & SPAMCLS_F_WORDS)
    sc_word_unigram(x, t, i);
  if (x->p.flags & SPAMCLS_F_CHARS)
    sc_word_chars(x, t, i);
  const sc_tok *k = &t->v[i];
  sc_lex_match_word(x->lex, t->buf + k->off, k->len, k->flags, m);
  return sc_lang_word(x, k, t->buf + k->off);
}

/* Emits word i, of quick hash h, through the cache; *m is its lexicon
 * match; returns its language. */
static int one_word(spamcls_extractor *x, const sc_toks *t, size_t i,
                    uint32_t h, sc_lex_match *m)
{
  sc_wcache *c = x->wc;
  const sc_tok *k = &t->v[i];
  const char *w = t->buf + k->off;
  wc_slot *e = find(c, w, k->len, h);
  if (e->hash) {
    const uint32_t *r = c->pool + e->rec;
    sc_emit_keys(x, rec_keys(r), rec_nkeys(r));
    memcpy(m, r + 1, sizeof *m);
    return rec_lang(r);
  }
  size_t start = x->nkeys;
  int lang = direct(x, t, i, m);
  size_t nk = x->nkeys - start;
  if (x->nomem || nk > UINT16_MAX)
    return lang;
  size_t need = REC_HEAD + (k->len + 3) / 4 + nk;
  if (c->words == MAX_WORDS || c->used + need > POOL) {
    clear(c);
    e = find(c, w, k->len, h);
  }
  uint32_t *r = c->pool + c->used;
  r[0] = (uint32_t)k->len | (uint32_t)lang << 8 | (uint32_t)nk << 16;
  memcpy(r + 1, m, sizeof *m);
  r[REC_HEAD + (k->len + 3) / 4 - 1] = 0;  /* the padding, not garbage */
  memcpy(r + REC_HEAD, w, k->len);
  memcpy(r + REC_HEAD + (k->len + 3) / 4, x->keys + start,
         nk * sizeof *x->keys);
  *e = (wc_slot){h, (uint32_t)c->used};
  c->used += need;
  c->words++;
  return lang;
}

/* Starts loading the record a slot with hash h points to, if any. */
static void prefetch_record(const sc_wcache *c, uint32_t h)
{
  for (uint32_t i = h & (SLOTS - 1); c->slot[i].hash;
       i = (i + 1) & (SLOTS - 1)) {
    if (c->slot[i].hash == h) {
      const uint32_t *r = c->pool + c->slot[i].rec;
      __builtin_prefetch(r);
      __builtin_prefetch(r + 16);  /* a typical record is two lines */
      return;
    }
  }
}

void sc_fam_cached(spamcls_extractor *x, const sc_doc *d)
{
  const sc_toks *t = d->words;
  const sc_wcache *c = x->wc;
  int lex = (x->p.flags & SPAMCLS_F_LEXICON) != 0;
  unsigned char *starts = lex ? sc_word_marks(x, t->n) : NULL;
  if (lex && !starts)
    return;
  sc_lex_how how = {0, 0};
  size_t lang[3] = {0, 0, 0};  /* words of each sc_lang_kind */
  uint32_t hash[BLOCK];
  for (size_t b = 0; b < t->n; b += BLOCK) {
    size_t nb = t->n - b < BLOCK ? t->n - b : BLOCK;
    /* The slots of the block on their way in ... */
    for (size_t j = 0; j < nb; j++) {
      const sc_tok *k = &t->v[b + j];
      if (k->len > MAX_LEN)
        continue;
      hash[j] = word_hash(t->buf + k->off, k->len);
      __builtin_prefetch(&c->slot[hash[j] & (SLOTS - 1)]);
    }
    /* ... then the records they point to ... */
    for (size_t j = 0; j < nb; j++)
      if (t->v[b + j].len <= MAX_LEN)
        prefetch_record(c, hash[j]);
    /* ... and the words, in order. */
    for (size_t j = 0; j < nb; j++) {
      size_t i = b + j;
      sc_lex_match m;
      if (t->v[i].len > MAX_LEN)
        lang[direct(x, t, i, &m)]++;
      else
        lang[one_word(x, t, i, hash[j], &m)]++;
      if (lex) {
        sc_lex_emit(x, &m, sc_lex_in_tail(i, t->n), &how);
        starts[i] = m.starts_pair;
      }
    }
  }
  if (x->p.flags & SPAMCLS_F_WORDS)
    sc_word_bigrams(x, t);
  if (lex)
    sc_lex_phrases(x, d, starts, &how);
  if (x->p.flags & SPAMCLS_F_LANG_MIX)
    sc_lang_emit(x, lang[1], lang[2], t->n);
}
