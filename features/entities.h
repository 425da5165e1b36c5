/*
 * entities.h - HTML character references (internal): &#39; &#x1D400;
 * and a table of common named ones (&amp; &quot; &nbsp; &eacute; ...).
 */
#ifndef SC_ENTITIES_H
#define SC_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the reference that starts at s[0..len), just after its '&'.
 * Returns its code point and sets *used to the bytes it spans (up to and
 * including the ';'), or returns -1 when s starts no reference we know.
 * The ';' is required: query strings ("?a=1&copy=2&t=9") must survive.
 * Numeric references follow HTML5: 0, surrogates and values above
 * U+10FFFF give U+FFFD, and 0x80..0x9F are read as windows-1252. */
int32_t sc_entity_decode(const unsigned char *s, size_t len, size_t *used);

#endif /* SC_ENTITIES_H */
