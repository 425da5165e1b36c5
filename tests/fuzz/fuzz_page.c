/*
 * fuzz_page.c - the page extractor (spamcls_page_extract) on text dumps
 * and HTML.
 *
 * Input: one byte that picks the kind (auto, text, HTML), then the page.
 * The extractor must not fail on any bytes (only ERR_NOMEM or ERR_PARAM
 * are allowed, and neither can happen here), and each comment it finds
 * must be sane: its span inside the page, every string
 * valid UTF-8 and readable to its end, the markup one of the documented
 * names.
 */
#include <string.h>

#include "fuzz.h"
#include "spamcls.h"

/* 1 when s[0..n) is valid UTF-8 (no surrogates, nothing above U+10FFFF,
 * shortest forms only). */
static int valid_utf8(const unsigned char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t k;
    unsigned cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      k = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      k = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      k = 3, cp = c & 0x07;
    } else {
      return 0;
    }
    if (n - i <= k)
      return 0;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80)
        return 0;
      cp = cp << 6 | (s[i + j] & 0x3F);
    }
    if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return 0;
    i += k + 1;
  }
  return 1;
}

static void check_string(const char *s, size_t n, int may_be_null)
{
  if (!s) {
    FUZZ_CHECK(may_be_null && n == 0);
    return;
  }
  FUZZ_CHECK(valid_utf8((const unsigned char *)s, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  static const spamcls_page_kind kinds[3] = {
    SPAMCLS_PAGE_AUTO, SPAMCLS_PAGE_TEXT, SPAMCLS_PAGE_HTML};
  spamcls_page_kind kind = kinds[data[0] % 3];
  const uint8_t *page = data + 1;
  size_t len = size - 1;

  spamcls_page *p = NULL;
  spamcls_error err = {{0}};
  spamcls_status st = spamcls_page_extract(page, len, kind, &p, &err);
  FUZZ_CHECK(st == SPAMCLS_OK);
  FUZZ_CHECK(p != NULL);
  const char *markup = spamcls_page_markup(p);
  FUZZ_CHECK(markup != NULL);
  static const char *const names[] = {
    "text", "wordpress", "blogger", "drupal", "wpdiscuz", "stackexchange",
    "discourse", "commento", "isso", "remark42", "coral", "viafoura",
    "phpbb", "vbulletin", "xenforo", "microdata", "json-ld", "generic",
    "none"};
  int known = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    known |= strcmp(markup, names[i]) == 0;
  FUZZ_CHECK(known);
  size_t n = spamcls_page_count(p);
  FUZZ_CHECK(n == 0 || strcmp(markup, "none") != 0);
  /* Page order, and the promise of a removable span: cutting it out
   * removes no other comment (only a span it lies wholly inside shrinks).
   * Neighbours within 64 places are compared, to stay fast. */
  for (size_t i = 0; i < n; i++) {
    const spamcls_page_comment *c = spamcls_page_get(p, i);
    FUZZ_CHECK(c != NULL);
    FUZZ_CHECK(c->start <= c->end && c->end <= len);
    if (i > 0)
      FUZZ_CHECK(spamcls_page_get(p, i - 1)->start <= c->start);
    for (size_t j = i > 64 ? i - 64 : 0; c->removable && j < n && j < i + 64;
         j++) {
      const spamcls_page_comment *o = spamcls_page_get(p, j);
      if (j != i)
        FUZZ_CHECK(o->end <= c->start || o->start >= c->end ||
                   (o->start <= c->start && o->end >= c->end &&
                    !(o->start == c->start && o->end == c->end)));
    }
    check_string(c->author, c->author_len, 1);
    check_string(c->author_url, c->author_url_len, 1);
    check_string(c->date, c->date_len, 1);
    check_string(c->body, c->body_len, 0);
  }
  spamcls_page_free(p);
  return 0;
}
