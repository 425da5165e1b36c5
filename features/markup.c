/*
 * markup.c - a comment whose text is HTML (a Disqus or WordPress export
 * keeps every comment so; link spam is often typed as raw tags) is read
 * as a page would show it: the text of its elements, then the address of
 * each link whose text does not show it (export_body.c, libxml2's HTML
 * parser). Tags, attributes and the three copies of a link's address
 * that an export writes (href, title, text) are then no words of the
 * comment: whether a site stores its comments as HTML says nothing of
 * whether they are spam, yet a model that read the tags as words learns
 * "markup is spam" from the sites whose spam alone carried markup.
 *
 * Only a text with a complete tag of HTML's text-level or block elements
 * is parsed: "<3", "a < b" and "<name>" leave a text as it is, and plain
 * text, the common case, costs one memchr.
 */
#include <string.h>

#include "export.h"
#include "sc_features.h"
#include "util.h"

/* The elements comment markup uses (few: a linear scan). */
static const char *const tags[] = {
  "a", "abbr", "b", "big", "blockquote", "br", "center", "cite", "code",
  "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4",
  "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
  "pre", "q", "s", "small", "span", "strike", "strong", "sub", "sup",
  "table", "tbody", "td", "th", "thead", "tr", "tt", "u", "ul",
};

static int is_tag_name(const char *s, size_t n)
{
  char low[16];
  if (n == 0 || n >= sizeof low)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
    if (strlen(tags[i]) == n && !memcmp(tags[i], low, n))
      return 1;
  return 0;
}

/* A start or end tag of one of those elements at s[i] == '<', closed by
 * '>' before any other '<'; a tag with more than its name has an
 * attribute with a value ("<a href=...>"), so that "a<b and c>d" is
 * text. */
static int tag_at(const char *s, size_t n, size_t i)
{
  size_t j = i + 1;
  if (j < n && s[j] == '/')
    j++;
  size_t ns = j;
  while (j < n && ((s[j] >= 'a' && s[j] <= 'z') ||
                   (s[j] >= 'A' && s[j] <= 'Z') ||
                   (s[j] >= '1' && s[j] <= '6' && j > ns)))
    j++;
  if (!is_tag_name(s + ns, j - ns) || j >= n)
    return 0;
  if (s[j] != '>' && s[j] != '/' && s[j] != ' ' && s[j] != '\t' &&
      s[j] != '\n' && s[j] != '\r')
    return 0;
  int more = 0, value = 0;
  for (; j < n && s[j] != '<'; j++) {
    char c = s[j];
    if (c == '>')
      return !more || value;
    if (c == '=')
      value = 1;
    else if (c != '/' && c != ' ' && c != '\t' && c != '\n' && c != '\r')
      more = 1;
  }
  return 0;
}

int sc_has_markup(const char *s, size_t n)
{
  const char *p = s, *end = s + n;
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    if (tag_at(s, n, (size_t)(p - s)))
      return 1;
    p++;
  }
  return 0;
}

int sc_markup_text(const char *s, size_t n, sc_buf *out)
{
  /* libxml2 reads UTF-8 and stops at a NUL: such a text is read as it is,
   * and the normalizer reports its bad bytes as for any other text. */
  if (!sc_has_markup(s, n) || memchr(s, '\0', n) ||
      sc_utf8_valid_prefix(s, n) != n)
    return 0;
  if (sc_export_body_text(s, n, out) < 0)
    return -1;
  return 1;
}
