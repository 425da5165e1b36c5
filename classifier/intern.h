/*
 * intern.h - a 64-bit byte-string hash and a string table that numbers
 * distinct strings 0, 1, ... in order of first appearance (internal to the
 * classifier: dataset groups and sources).
 */
#ifndef SC_INTERN_H
#define SC_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define SC_HASH64_INIT 0xcbf29ce484222325ull  /* FNV-1a offset basis */

/* FNV-1a over p[0..n), chained from h (start with SC_HASH64_INIT). */
uint64_t sc_hash64(uint64_t h, const void *p, size_t n);
/* A final avalanche, so that nearby inputs spread over all 64 bits. */
uint64_t sc_hash64_final(uint64_t h);

typedef struct sc_intern {
  sc_buf bytes;       /* the strings, each followed by a NUL */
  size_t *off, *len;  /* of string id */
  size_t n, cap;
  uint32_t *slots;    /* open addressing: id + 1, 0 = free */
  size_t nslots;      /* a power of two, at least twice n */
} sc_intern;

/* The id of s[0..len), added if new. -1 when out of memory. */
int sc_intern_add(sc_intern *t, const char *s, size_t len, size_t *id);
/* NUL-terminated; len may be NULL. */
const char *sc_intern_get(const sc_intern *t, size_t id, size_t *len);
void sc_intern_free(sc_intern *t);

#endif /* SC_INTERN_H */
