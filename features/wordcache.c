/*
 * wordcache.c - the word cache: per distinct word, the buckets of its
 * "w:" and "c:" features and its lexicon match (sc_features.h says why).
 *
 * An open-addressing table of entries keyed by the word's bytes, with
 * every entry's word and buckets in two pools. The table holds at most
 * MAX_WORDS words and the pools at most MAX_KEYS buckets; when either is
 * full the whole cache is emptied and fills again with the words of the
 * comments that follow, so memory stays bounded on any input and the
 * cache follows the vocabulary of the text at hand. Words longer than
 * MAX_LEN bytes are rare and not kept.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

#define SLOTS (1u << 15)         /* a power of two */
#define MAX_WORDS (SLOTS / 2)    /* load factor at most 1/2 */
#define MAX_KEYS (1u << 19)      /* 2 MiB of buckets */
#define MAX_LEN 48
#define MAX_BYTES (MAX_WORDS * 16u)

typedef struct wc_entry {
  uint32_t hash;      /* 0: empty slot (a real hash of 0 is stored as 1) */
  uint32_t word;      /* offset in bytes */
  uint32_t keys;      /* offset in keys */
  uint16_t len;       /* word bytes */
  uint16_t nkeys;
  sc_lex_match lex;
} wc_entry;

struct sc_wcache {
  wc_entry *slot;     /* SLOTS entries */
  size_t words;
  char *bytes;        /* MAX_BYTES */
  size_t nbytes;
  uint32_t *keys;     /* MAX_KEYS */
  size_t nkeys;
};

sc_wcache *sc_wcache_new(void)
{
  sc_wcache *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->slot = calloc(SLOTS, sizeof *c->slot);
  c->bytes = malloc(MAX_BYTES);
  c->keys = malloc(MAX_KEYS * sizeof *c->keys);
  if (!c->slot || !c->bytes || !c->keys) {
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
  free(c->bytes);
  free(c->keys);
  free(c);
}

static void clear(sc_wcache *c)
{
  memset(c->slot, 0, SLOTS * sizeof *c->slot);
  c->words = c->nbytes = c->nkeys = 0;
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

/* The entry of w[0..n) with hash h, or the empty slot where it goes. */
static wc_entry *find(sc_wcache *c, const char *w, size_t n, uint32_t h)
{
  for (uint32_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
    wc_entry *e = &c->slot[i];
    if (e->hash == 0 ||
        (e->hash == h && e->len == n && memcmp(c->bytes + e->word, w, n) == 0))
      return e;
  }
}

/* What word i emits in WORDS and CHARS, and its lexicon match. */
static void direct(spamcls_extractor *x, const sc_toks *t, size_t i,
                   sc_lex_match *m)
{
  if (x->p.flags & SPAMCLS_F_WORDS)
    sc_word_unigram(x, t, i);
  if (x->p.flags & SPAMCLS_F_CHARS)
    sc_word_chars(x, t, i);
  const sc_tok *k = &t->v[i];
  sc_lex_match_word(x->lex, t->buf + k->off, k->len, k->flags, m);
}

/* Emits word i through the cache; *m is its lexicon match. */
static void one_word(spamcls_extractor *x, const sc_toks *t, size_t i,
                     sc_lex_match *m)
{
  sc_wcache *c = x->wc;
  const sc_tok *k = &t->v[i];
  const char *w = t->buf + k->off;
  if (k->len > MAX_LEN) {
    direct(x, t, i, m);
    return;
  }
  uint32_t h = word_hash(w, k->len);
  wc_entry *e = find(c, w, k->len, h);
  if (e->hash) {
    sc_emit_keys(x, c->keys + e->keys, e->nkeys);
    *m = e->lex;
    return;
  }
  size_t start = x->nkeys;
  direct(x, t, i, m);
  size_t nk = x->nkeys - start;
  if (x->nomem || nk > UINT16_MAX)
    return;
  if (c->words == MAX_WORDS || c->nkeys + nk > MAX_KEYS ||
      c->nbytes + k->len > MAX_BYTES) {
    clear(c);
    e = find(c, w, k->len, h);
  }
  memcpy(c->bytes + c->nbytes, w, k->len);
  memcpy(c->keys + c->nkeys, x->keys + start, nk * sizeof *c->keys);
  *e = (wc_entry){h, (uint32_t)c->nbytes, (uint32_t)c->nkeys,
                  (uint16_t)k->len, (uint16_t)nk, *m};
  c->nbytes += k->len;
  c->nkeys += nk;
  c->words++;
}

void sc_fam_cached(spamcls_extractor *x, const sc_doc *d)
{
  const sc_toks *t = d->words;
  int lex = (x->p.flags & SPAMCLS_F_LEXICON) != 0;
  unsigned char *starts = lex ? sc_word_marks(x, t->n) : NULL;
  if (lex && !starts)
    return;
  sc_lex_how how = {0, 0};
  for (size_t i = 0; i < t->n; i++) {
    sc_lex_match m;
    one_word(x, t, i, &m);
    if (lex) {
      sc_lex_emit(x, &m, sc_lex_in_tail(i, t->n), &how);
      starts[i] = m.starts_pair;
    }
  }
  if (x->p.flags & SPAMCLS_F_WORDS)
    sc_word_bigrams(x, t);
  if (lex)
    sc_lex_phrases(x, d, starts, &how);
}
