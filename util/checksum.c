/* checksum.c - the model file's checksums, fed a piece at a time.
 *
 * CRC-32 (reflected polynomial 0xEDB88320, as zlib and PNG) is zlib's; it
 * guards format versions 1 to 3. From version 4 the file carries XXH3-64
 * (libxxhash) instead: the shipped model's 4 MB are checked on every
 * load, and XXH3 reads them about four times faster than zlib's CRC-32,
 * with a 64-bit value that lets fewer damaged files through. */
#include <xxhash.h>
#include <zlib.h>

#include "util.h"

uint32_t sc_crc32(uint32_t crc, const void *p, size_t n)
{
  if (n == 0)
    return crc;  /* zlib gives its initial value for a NULL buffer */
  const unsigned char *s = p;
  /* crc32_z takes any size_t; the cast only documents zlib's types. */
  return (uint32_t)crc32_z((uLong)crc, s, (z_size_t)n);
}

uint64_t sc_xxh3_64(const void *p, size_t n)
{
  return (uint64_t)XXH3_64bits(p, n);
}

int sc_digest_init(sc_digest *d, int xxh3)
{
  d->xxh3 = xxh3;
  d->crc = 0;
  d->state = NULL;
  if (!xxh3)
    return 0;
  XXH3_state_t *s = XXH3_createState();
  if (!s || XXH3_64bits_reset(s) != XXH_OK) {
    XXH3_freeState(s);
    return -1;
  }
  d->state = s;
  return 0;
}

void sc_digest_update(sc_digest *d, const void *p, size_t n)
{
  if (d->xxh3)
    XXH3_64bits_update(d->state, p, n);  /* fails only on a NULL state */
  else
    d->crc = sc_crc32(d->crc, p, n);
}

uint64_t sc_digest_value(const sc_digest *d)
{
  return d->xxh3 ? (uint64_t)XXH3_64bits_digest(d->state) : d->crc;
}

void sc_digest_free(sc_digest *d)
{
  if (d->xxh3)
    XXH3_freeState(d->state);
  d->state = NULL;
}
