/* crc32.c - CRC-32 (reflected polynomial 0xEDB88320, as zlib and PNG):
 * zlib's, whose interleaved ("braided") loop is about three times faster
 * than a table-per-byte-position loop, and a model's 4 MB of weights are
 * checked on every load. */
#include <zlib.h>

#include "util.h"

uint32_t sc_crc32(uint32_t crc, const void *p, size_t n)
{
  const unsigned char *s = p;
  /* crc32_z takes any size_t; the cast only documents zlib's types. */
  return (uint32_t)crc32_z((uLong)crc, s, (z_size_t)n);
}
