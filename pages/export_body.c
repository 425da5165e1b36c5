/*
 * export_body.c - a comment's HTML (WXR comment_content, Disqus message)
 * as text to score: parsed with libxml2's HTML parser and read the way
 * the page finders read a comment (html_text.c). Links matter to spam and
 * an export keeps them in the markup: the address of each link whose text
 * does not show it is added on a line of its own.
 */
#define _GNU_SOURCE  /* memmem */
#include <libxml/HTMLparser.h>
#include <string.h>

#include "export.h"
#include "html.h"

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
    if ((out->len && sc_buf_putc(out, '\n') < 0) ||
        sc_buf_append(out, href, hl) < 0)
      rc = -1;
  }
  xmlFreeDoc(doc);
  return rc;
}
