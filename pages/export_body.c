/*
 * export_body.c - a comment's HTML (WXR comment_content, Disqus message)
 * as text to score: parsed with libxml2's HTML parser and read the way
 * the page finders read a comment (html_text.c). Links matter to spam and
 * an export keeps them in the markup: the address of each link whose text
 * does not show it is added on a line of its own, and a link text that
 * shows its address cut short ("http://developer.android.co...", as
 * Disqus writes them) is replaced by the whole address.
 */
#define _GNU_SOURCE  /* memmem */
#include <libxml/HTMLparser.h>
#include <string.h>

#include "export.h"
#include "html.h"

/* Whether a link text text[0..tl) is the start of href (or of href
 * without its scheme), at least 8 bytes of it, then "..." or "…". */
static int shows_cut_address(const char *text, size_t tl, const char *href)
{
  if (tl < 8 + 3 || (memcmp(text + tl - 3, "...", 3) &&
                     memcmp(text + tl - 3, "\xe2\x80\xa6", 3)))
    return 0;
  const char *h = href;
  if (strncmp(text, "http", 4) != 0) {
    const char *s = strstr(href, "://");
    h = s ? s + 3 : href;
  }
  return strncmp(h, text, tl - 3) == 0;
}

/* Replaces the first copy of a cut-short link text in out by href; 1 when
 * there was one, -1 when out of memory. */
static int restore_address(sc_buf *out, xmlNodePtr a, const char *href)
{
  xmlChar *t = xmlNodeGetContent(a);
  if (!t)
    return 0;
  const char *text = (const char *)t;
  while (*text == ' ' || *text == '\n')
    text++;
  size_t tl = strlen(text);
  while (tl && (text[tl - 1] == ' ' || text[tl - 1] == '\n'))
    tl--;
  int rc = 0;
  const char *at = shows_cut_address(text, tl, href) && out->len
                       ? memmem(out->data, out->len, text, tl)
                       : NULL;
  if (at) {
    size_t pos = (size_t)(at - out->data), hl = strlen(href);
    sc_buf tail = {0};
    rc = sc_buf_append(&tail, at + tl, out->len - pos - tl) < 0 ? -1 : 1;
    out->len = pos;
    if (rc > 0 && (sc_buf_append(out, href, hl) < 0 ||
                   sc_buf_append(out, tail.data ? tail.data : "", tail.len) < 0))
      rc = -1;
    sc_buf_free(&tail);
  }
  xmlFree(t);
  return rc;
}

int sc_export_body_text(const char *html, size_t len, sc_buf *out)
{
  sc_buf_clear(out);
  if (len == 0)
    return 0;
  if (len > (size_t)INT32_MAX)
    len = (size_t)INT32_MAX;
  sc_xml_init();
  htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET);
  if (!doc)
    return 0;  /* nothing that parses as text */
  xmlNodePtr root = xmlDocGetRootElement(doc);
  int rc = root ? sc_node_text(root, out, NULL, NULL) : 0;
  if (rc == 0)
    sc_buf_trim(out);
  for (xmlNodePtr n = root; rc == 0 && n; n = sc_next_in(root, n, 1)) {
    const char *href = sc_is(n, "a") ? sc_attr(n, "href") : NULL;
    if (!href || !*href || *href == '#')
      continue;
    size_t hl = strlen(href);
    if (out->len && memmem(out->data, out->len, href, hl))
      continue;
    int r = restore_address(out, n, href);
    if (r < 0)
      rc = -1;
    if (r != 0)
      continue;
    if ((out->len && sc_buf_putc(out, '\n') < 0) ||
        sc_buf_append(out, href, hl) < 0)
      rc = -1;
  }
  xmlFreeDoc(doc);
  return rc;
}
