/*
 * html_comments.c - comments in an HTML page: parse it, then try the
 * finders in order (WordPress, microdata, the generic blocks, JSON-LD); the
 * first that finds comments wins.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

spamcls_status sc_html_comments(spamcls_page *p, const char *data,
                                size_t len, const char *charset,
                                spamcls_error *err)
{
  (void)err;
  sc_html h;
  if (sc_html_parse(&h, data, len, charset) < 0) {
    sc_html_free(&h);
    return SPAMCLS_ERR_NOMEM;
  }
  p->invalid_utf8 = h.invalid;
  spamcls_status st = SPAMCLS_OK;
  static const struct {
    const char *name;
    spamcls_status (*find)(spamcls_page *, sc_html *);
  } finders[] = {
    {"wordpress", sc_find_wordpress},
    {NULL, sc_find_systems},  /* names the system it found */
    {"microdata", sc_find_microdata},
    {"generic", sc_find_generic},
    {"json-ld", sc_find_jsonld},
  };
  for (size_t i = 0; h.doc && i < sizeof finders / sizeof *finders; i++) {
    st = finders[i].find(p, &h);
    if (st != SPAMCLS_OK || p->n) {
      if (p->n && finders[i].name)
        p->markup = finders[i].name;
      break;
    }
  }
  if (st == SPAMCLS_OK && h.charset && !p->charset) {
    p->charset = strdup(h.charset);
    p->charset_ignored = h.charset_ignored;
  }
  p->capped = h.capped;
  sc_html_free(&h);
  return st;
}

