/*
 * model_bytes.h - for the tests that edit model files byte by byte: the
 * length of the trailing checksum, and the checksum made right again
 * after an edit, so that the edit reaches the checks behind it.
 */
#ifndef SPAMCLS_TEST_MODEL_BYTES_H
#define SPAMCLS_TEST_MODEL_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* 8 (XXH3-64) for format version 4 on, 4 (CRC-32) before. */
static inline size_t model_sum_len(const unsigned char *f)
{
  return sc_get_le32(f + 8) >= 4 ? 8 : 4;
}

/* Writes the checksum of f[0..n - sum) into its last bytes. */
static inline void model_reseal(unsigned char *f, size_t n)
{
  size_t k = model_sum_len(f);
  if (k == 8) {
    uint64_t v = sc_xxh3_64(f, n - 8);
    sc_put_le32(f + n - 8, (uint32_t)v);
    sc_put_le32(f + n - 4, (uint32_t)(v >> 32));
  } else {
    sc_put_le32(f + n - 4, sc_crc32(0, f, n - 4));
  }
}

#endif
