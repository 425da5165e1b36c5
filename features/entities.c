/*
 * entities.c - HTML character references (see entities.h). The named
 * table covers what comment corpora carry (&amp; &lt; &gt; &quot; &#39;
 * dominate; YouTube and SMS exports), typographic punctuation and the
 * Latin-1 letters; names are case-sensitive as in HTML.
 */
#include <string.h>

#include "entities.h"

typedef struct named_entity {
  char name[8];
  uint16_t cp;
} named_entity;

/* Sorted by name in byte order (strncmp). */
static const named_entity named[] = {
  {"AElig", 0x00C6}, {"AMP", 0x0026}, {"Aacute", 0x00C1}, {"Acirc", 0x00C2},
  {"Agrave", 0x00C0}, {"Aring", 0x00C5}, {"Atilde", 0x00C3}, {"Auml", 0x00C4},
  {"COPY", 0x00A9}, {"Ccedil", 0x00C7}, {"Eacute", 0x00C9}, {"Ecirc", 0x00CA},
  {"Egrave", 0x00C8}, {"Euml", 0x00CB}, {"GT", 0x003E}, {"Iacute", 0x00CD},
  {"Icirc", 0x00CE}, {"Igrave", 0x00CC}, {"Iuml", 0x00CF}, {"LT", 0x003C},
  {"Ntilde", 0x00D1}, {"Oacute", 0x00D3}, {"Ocirc", 0x00D4},
  {"Ograve", 0x00D2}, {"Oslash", 0x00D8}, {"Otilde", 0x00D5},
  {"Ouml", 0x00D6}, {"Prime", 0x2033}, {"QUOT", 0x0022}, {"REG", 0x00AE},
  {"Uacute", 0x00DA}, {"Ucirc", 0x00DB}, {"Ugrave", 0x00D9}, {"Uuml", 0x00DC},
  {"Yacute", 0x00DD}, {"aacute", 0x00E1}, {"acirc", 0x00E2},
  {"acute", 0x00B4}, {"aelig", 0x00E6}, {"agrave", 0x00E0}, {"amp", 0x0026},
  {"apos", 0x0027}, {"aring", 0x00E5}, {"atilde", 0x00E3}, {"auml", 0x00E4},
  {"bdquo", 0x201E}, {"brvbar", 0x00A6}, {"bull", 0x2022}, {"ccedil", 0x00E7},
  {"cent", 0x00A2}, {"check", 0x2713}, {"clubs", 0x2663}, {"copy", 0x00A9},
  {"curren", 0x00A4}, {"dagger", 0x2020}, {"darr", 0x2193}, {"dash", 0x2010},
  {"deg", 0x00B0}, {"diams", 0x2666}, {"divide", 0x00F7}, {"eacute", 0x00E9},
  {"ecirc", 0x00EA}, {"egrave", 0x00E8}, {"emsp", 0x2003}, {"ensp", 0x2002},
  {"euml", 0x00EB}, {"euro", 0x20AC}, {"frac12", 0x00BD}, {"frac14", 0x00BC},
  {"frac34", 0x00BE}, {"gt", 0x003E}, {"harr", 0x2194}, {"hearts", 0x2665},
  {"hellip", 0x2026}, {"hyphen", 0x2010}, {"iacute", 0x00ED},
  {"icirc", 0x00EE}, {"iexcl", 0x00A1}, {"igrave", 0x00EC},
  {"iquest", 0x00BF}, {"iuml", 0x00EF}, {"laquo", 0x00AB}, {"larr", 0x2190},
  {"ldquo", 0x201C}, {"lrm", 0x200E}, {"lsaquo", 0x2039}, {"lsquo", 0x2018},
  {"lt", 0x003C}, {"mdash", 0x2014}, {"micro", 0x00B5}, {"middot", 0x00B7},
  {"minus", 0x2212}, {"nbsp", 0x00A0}, {"ndash", 0x2013}, {"not", 0x00AC},
  {"ntilde", 0x00F1}, {"oacute", 0x00F3}, {"ocirc", 0x00F4},
  {"ograve", 0x00F2}, {"ordf", 0x00AA}, {"ordm", 0x00BA}, {"oslash", 0x00F8},
  {"otilde", 0x00F5}, {"ouml", 0x00F6}, {"para", 0x00B6}, {"plusmn", 0x00B1},
  {"pound", 0x00A3}, {"prime", 0x2032}, {"quot", 0x0022}, {"raquo", 0x00BB},
  {"rarr", 0x2192}, {"rdquo", 0x201D}, {"reg", 0x00AE}, {"rlm", 0x200F},
  {"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"sect", 0x00A7},
  {"shy", 0x00AD}, {"spades", 0x2660}, {"star", 0x2606}, {"starf", 0x2605},
  {"sup1", 0x00B9}, {"sup2", 0x00B2}, {"sup3", 0x00B3}, {"szlig", 0x00DF},
  {"thinsp", 0x2009}, {"times", 0x00D7}, {"trade", 0x2122},
  {"uacute", 0x00FA}, {"uarr", 0x2191}, {"ucirc", 0x00FB}, {"ugrave", 0x00F9},
  {"uml", 0x00A8}, {"uuml", 0x00FC}, {"yacute", 0x00FD}, {"yen", 0x00A5},
  {"yuml", 0x00FF}, {"zwj", 0x200D}, {"zwnj", 0x200C},
};

/* HTML5: numeric references to 0x80..0x9F mean windows-1252 (0: none). */
static const uint16_t cp1252[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int hexval(unsigned char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  c |= 0x20;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int32_t decode_numeric(const unsigned char *s, size_t len,
                              size_t *used)
{
  size_t i = 1;  /* after '#' */
  int hex = 0;
  if (i < len && (s[i] | 0x20) == 'x') {
    hex = 1;
    i++;
  }
  size_t start = i;
  uint32_t v = 0;
  /* Ten digits is more than any code point needs (with leading zeros);
   * the bound keeps v from overflowing. */
  while (i < len && i - start < 10) {
    int d = hex ? hexval(s[i])
                : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
    if (d < 0)
      break;
    v = v * (hex ? 16u : 10u) + (uint32_t)d;
    if (v > 0x10FFFF)
      v = 0x110000;  /* sticky: stays out of range */
    i++;
  }
  if (i == start || i >= len || s[i] != ';')
    return -1;
  *used = i + 1;
  if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0xFFFD;
  if (v >= 0x80 && v <= 0x9F && cp1252[v - 0x80])
    return cp1252[v - 0x80];
  return (int32_t)v;
}

int32_t sc_entity_decode(const unsigned char *s, size_t len, size_t *used)
{
  if (len == 0)
    return -1;
  if (s[0] == '#')
    return decode_numeric(s, len, used);
  size_t n = 0;
  while (n < len && n < sizeof named[0].name &&
         (((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z') ||
          (s[n] >= '0' && s[n] <= '9')))
    n++;
  if (n == 0 || n >= sizeof named[0].name || n >= len || s[n] != ';')
    return -1;
  size_t lo = 0, hi = sizeof named / sizeof named[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strncmp(named[mid].name, (const char *)s, n);
    if (c == 0 && named[mid].name[n] != '\0')
      c = 1;  /* the table name is longer: it sorts after s */
    if (c < 0)
      lo = mid + 1;
    else if (c > 0)
      hi = mid;
    else {
      *used = n + 1;
      return named[mid].cp;
    }
  }
  return -1;
}
