/*
 * hash.c - MurmurHash3_x86_32 (Austin Appleby's public-domain reference,
 * re-implemented): 4-byte blocks read little-endian, mixed with c1/c2 and
 * rotations, the 1-3 byte tail, then the length and the fmix32 finalizer.
 * Feature buckets are this hash mod 2^hash_bits, so any change here
 * changes every model (see SC_PIPELINE_VERSION).
 */
#include "sc_features.h"

static inline uint32_t rotl32(uint32_t x, int r)
{
  return (x << r) | (x >> (32 - r));
}

/* Explicit little-endian assembly: one load on x86, same buckets elsewhere. */
static inline uint32_t load_le32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

uint32_t sc_hash32(const void *data, size_t len, uint32_t seed)
{
  const unsigned char *p = data;
  const uint32_t c1 = 0xcc9e2d51u, c2 = 0x1b873593u;
  uint32_t h = seed;
  size_t nblocks = len / 4;

  for (size_t i = 0; i < nblocks; i++) {
    uint32_t k = load_le32(p + 4 * i);
    k *= c1;
    k = rotl32(k, 15);
    k *= c2;
    h ^= k;
    h = rotl32(h, 13);
    h = h * 5 + 0xe6546b64u;
  }

  const unsigned char *tail = p + 4 * nblocks;
  uint32_t k = 0;
  switch (len & 3) {
  case 3:
    k ^= (uint32_t)tail[2] << 16;
    /* fall through */
  case 2:
    k ^= (uint32_t)tail[1] << 8;
    /* fall through */
  case 1:
    k ^= tail[0];
    k *= c1;
    k = rotl32(k, 15);
    k *= c2;
    h ^= k;
  }

  /* The reference mixes in the length as a 32-bit int. */
  h ^= (uint32_t)len;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}
