/*
 * jsonl_flat.h - reading a flat JSON Lines record without jansson (the
 * fast path of read_jsonl.c; jsonl_flat.c says what it takes).
 */
#ifndef SC_JSONL_FLAT_H
#define SC_JSONL_FLAT_H

#include "input.h"

enum { SC_JF_ABSENT, SC_JF_NULL, SC_JF_STRING, SC_JF_INT, SC_JF_TRUE,
       SC_JF_FALSE };

/* A value: a string decoded (NUL-terminated, may hold NULs) or an integer
 * as jansson's "%lld" prints it, at s[0..len); nothing for the others. */
typedef struct sc_jf_val {
  int type;
  size_t off, len;
  const char *s;
} sc_jf_val;

/* The value of the key that fits each role best (sc_input_field_rank). */
typedef struct sc_jflat {
  sc_jf_val v[SC_ROLE_COUNT];
} sc_jflat;

/* Reads line[0..n) (no NUL byte in it) into *out, the strings decoded
 * into scratch (valid until its next use). 1 when read; 0 when the line
 * must go to jansson: it reads it, or says what is wrong with it. */
int sc_jsonl_flat(const spamcls_reader *r, const char *line, size_t n,
                  sc_buf *scratch, sc_jflat *out);

#endif /* SC_JSONL_FLAT_H */
