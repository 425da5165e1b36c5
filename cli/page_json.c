/* page_json.c - JSON fields of an extracted comment. */
#include "cli.h"
#include "page_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void page_json_head(FILE *fp, const char *page, size_t index,
                    const spamcls_page_comment *c)
{
  cli_json_name(fp, "page", page);
  fprintf(fp, ",\"index\":%zu,\"author\":", index);
  cli_json_string(fp, c->author, c->author_len);
  if (c->author_url) {
    fputs(",\"author_url\":", fp);
    cli_json_string(fp, c->author_url, c->author_url_len);
  }
  fputs(",\"date\":", fp);
  cli_json_string(fp, c->date, c->date_len);
}

char *page_json_name(json_t *rec, const char *key)
{
  char hk[32];
  snprintf(hk, sizeof hk, "%s_hex", key);
  const char *hex = json_string_value(json_object_get(rec, hk));
  if (!hex) {
    const char *s = json_string_value(json_object_get(rec, key));
    return s ? strdup(s) : NULL;
  }
  size_t n = strlen(hex) / 2;
  char *out = malloc(n + 1);
  for (size_t i = 0; out && i < n; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
      free(out);
      return NULL;
    }
    out[i] = (char)v;
  }
  if (out)
    out[n] = '\0';
  return out;
}
