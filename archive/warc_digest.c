/*
 * warc_digest.c - the digests WARC records carry: SHA-1 (nettle) written
 * in base32, "sha1:" and 32 letters and digits.
 */
#include <nettle/sha1.h>
#include <string.h>

#include "warc.h"

void sc_base32(const unsigned char *p, size_t n, char *out)
{
  static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  size_t o = 0;
  for (size_t i = 0; i < n; i += 5) {
    unsigned char b[5] = {0};
    size_t k = n - i < 5 ? n - i : 5;
    for (size_t j = 0; j < k; j++)
      b[j] = p[i + j];
    uint64_t v = (uint64_t)b[0] << 32 | (uint64_t)b[1] << 24 |
                 (uint64_t)b[2] << 16 | (uint64_t)b[3] << 8 | b[4];
    /* 5 bytes are 8 letters; a short group gives ceil(8k/5) and padding */
    size_t letters = (k * 8 + 4) / 5;
    for (size_t j = 0; j < 8; j++)
      out[o++] = j < letters ? alpha[(v >> (35 - 5 * j)) & 31] : '=';
  }
  out[o] = '\0';
}

void sc_sha1_parts(const char *const *parts, const size_t *lens, size_t n,
                   unsigned char out[SC_SHA1_LEN])
{
  struct sha1_ctx c;
  sha1_init(&c);
  for (size_t i = 0; i < n; i++)
    sha1_update(&c, lens[i], (const uint8_t *)parts[i]);
  sha1_digest(&c, SC_SHA1_LEN, out);
}

void sc_warc_sha1(const char *const *parts, const size_t *lens, size_t n,
                  char out[38])
{
  unsigned char d[SC_SHA1_LEN];
  sc_sha1_parts(parts, lens, n, d);
  memcpy(out, "sha1:", 5);
  sc_base32(d, sizeof d, out + 5);
}
