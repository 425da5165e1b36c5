/*
 * lexicon_file.c - reading a lexicon file (spamcls_lexicon_read): comments
 * and blank lines dropped, blanks around an entry trimmed, every entry
 * checked, the rest joined into the "CLASS TERM\n" text a pipeline takes.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

#define MAX_FILE (1u << 20)

static int is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

spamcls_status spamcls_lexicon_read(const char *path, char **out,
                                    size_t *len, spamcls_error *err)
{
  if (!path || !out || !len)
    return sc_error(err, SPAMCLS_ERR_PARAM, "no lexicon file given");
  *out = NULL;
  *len = 0;
  char *data;
  size_t n;
  spamcls_status st = sc_read_file(path, MAX_FILE, &data, &n, err);
  if (st != SPAMCLS_OK)
    return st;
  sc_buf b = {0};
  unsigned long line = 0;
  for (size_t i = 0; i < n;) {
    const char *nl = memchr(data + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - data) : n;
    size_t s = i;
    i = e + 1;
    line++;
    while (s < e && is_blank(data[s]))
      s++;
    while (e > s && is_blank(data[e - 1]))
      e--;
    if (s == e || data[s] == '#')
      continue;
    if (memchr(data + s, '\0', e - s)) {
      st = sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: a NUL byte", path, line);
      break;
    }
    size_t mark = b.len;
    if (sc_buf_append(&b, data + s, e - s) < 0 || sc_buf_putc(&b, '\n') < 0) {
      st = sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", path);
      break;
    }
    const char *why = sc_lexicon_check(b.data + mark, b.len - mark);
    if (why) {
      st = sc_error(err, SPAMCLS_ERR_FORMAT, "%s:%lu: %s", path, line, why);
      break;
    }
  }
  free(data);
  if (st == SPAMCLS_OK) {
    const char *why = sc_lexicon_check(b.data, b.len);
    if (why)
      st = sc_error(err, SPAMCLS_ERR_FORMAT, "%s: %s", path, why);
  }
  if (st != SPAMCLS_OK) {
    sc_buf_free(&b);
    return st;
  }
  *out = b.data;
  *len = b.len;
  return SPAMCLS_OK;
}
