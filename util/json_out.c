/*
 * json_out.c - JSON strings written straight to a stream: the records of
 * extract, score and moderate are written field by field, one at a time,
 * never built as a tree in memory.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"

void sc_json_string(FILE *fp, const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *)s;
  putc('"', fp);
  for (size_t i = 0; i < n;) {
    unsigned c = u[i];
    if (c == '"' || c == '\\') {
      putc('\\', fp);
      putc((int)c, fp);
      i++;
    } else if (c < 0x20) {
      switch (c) {
      case '\n': fputs("\\n", fp); break;
      case '\r': fputs("\\r", fp); break;
      case '\t': fputs("\\t", fp); break;
      default: fprintf(fp, "\\u%04x", c); break;
      }
      i++;
    } else {
      int32_t cp;
      size_t len = sc_utf8_decode(u + i, n - i, &cp);
      if (cp < 0) {  /* one U+FFFD per bad byte */
        fputs("\xEF\xBF\xBD", fp);
        i++;
      } else {
        fwrite(u + i, 1, len, fp);
        i += len;
      }
    }
  }
  putc('"', fp);
}

void sc_json_name(FILE *fp, const char *key, const char *name)
{
  fprintf(fp, "\"%s\":", key);
  sc_json_string(fp, name, strlen(name));
  sc_json_name_hex(fp, key, name);
}

void sc_json_name_hex(FILE *fp, const char *key, const char *name)
{
  size_t n = strlen(name);
  if (sc_utf8_valid_prefix(name, n) == n)
    return;
  fprintf(fp, ",\"%s_hex\":\"", key);
  for (size_t i = 0; i < n; i++)
    fprintf(fp, "%02x", (unsigned char)name[i]);
  putc('"', fp);
}
