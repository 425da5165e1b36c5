/*
 * intern.c - the 64-bit hash (FNV-1a with a murmur3 finalizer) and the
 * string table of intern.h. The table hashes with open addressing and
 * linear probing; strings live in one buffer, so growing it never moves
 * an id.
 */
#include <stdlib.h>
#include <string.h>

#include "intern.h"

uint64_t sc_hash64(uint64_t h, const void *p, size_t n)
{
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

uint64_t sc_hash64_final(uint64_t h)
{
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

static uint64_t str_hash(const char *s, size_t len)
{
  return sc_hash64_final(sc_hash64(SC_HASH64_INIT, s, len));
}

static int rehash(sc_intern *t, size_t nslots)
{
  uint32_t *slots = calloc(nslots, sizeof *slots);
  if (!slots)
    return -1;
  for (size_t id = 0; id < t->n; id++) {
    size_t j = (size_t)str_hash(t->bytes.data + t->off[id], t->len[id]) &
               (nslots - 1);
    while (slots[j])
      j = (j + 1) & (nslots - 1);
    slots[j] = (uint32_t)(id + 1);
  }
  free(t->slots);
  t->slots = slots;
  t->nslots = nslots;
  return 0;
}

int sc_intern_add(sc_intern *t, const char *s, size_t len, size_t *id)
{
  if (t->nslots == 0 && rehash(t, 16) < 0)
    return -1;
  size_t j = (size_t)str_hash(s, len) & (t->nslots - 1);
  for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
    size_t k = t->slots[j] - 1;
    if (t->len[k] == len && memcmp(t->bytes.data + t->off[k], s, len) == 0) {
      *id = k;
      return 0;
    }
  }
  if (t->n >= UINT32_MAX - 1)
    return -1;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    size_t *off = realloc(t->off, cap * sizeof *off);
    if (!off)
      return -1;
    t->off = off;
    size_t *lens = realloc(t->len, cap * sizeof *lens);
    if (!lens)
      return -1;
    t->len = lens;
    t->cap = cap;
  }
  size_t at = t->bytes.len;
  if (sc_buf_append(&t->bytes, s, len) < 0 || sc_buf_putc(&t->bytes, 0) < 0)
    return -1;
  t->off[t->n] = at;
  t->len[t->n] = len;
  t->slots[j] = (uint32_t)(t->n + 1);
  *id = t->n++;
  /* Keep the load under one half so probes stay short. */
  if (t->n * 2 > t->nslots && rehash(t, t->nslots * 2) < 0)
    return -1;
  return 0;
}

const char *sc_intern_get(const sc_intern *t, size_t id, size_t *len)
{
  if (len)
    *len = t->len[id];
  return t->bytes.data + t->off[id];
}

void sc_intern_free(sc_intern *t)
{
  sc_buf_free(&t->bytes);
  free(t->off);
  free(t->len);
  free(t->slots);
  memset(t, 0, sizeof *t);
}
