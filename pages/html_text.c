/*
 * html_text.c - small helpers over libxml2's tree: attributes, classes,
 * document-order walks and readable text.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

const char *sc_attr(xmlNodePtr n, const char *name)
{
  if (!n || n->type != XML_ELEMENT_NODE)
    return NULL;
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    if (a->name && !strcasecmp((const char *)a->name, name)) {
      xmlNodePtr t = a->children;
      if (t && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE))
        return t->content ? (const char *)t->content : "";
      return "";
    }
  }
  return NULL;
}

const char *sc_strcasestr(const char *hay, const char *needle)
{
  size_t k = strlen(needle);
  for (; *hay; hay++)
    if (!strncasecmp(hay, needle, k))
      return hay;
  return k ? NULL : hay;
}

int sc_is(xmlNodePtr n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         !strcasecmp((const char *)n->name, name);
}

int sc_has_class(xmlNodePtr n, const char *token)
{
  const char *c = sc_attr(n, "class");
  if (!c)
    return 0;
  size_t k = strlen(token);
  while (*c) {
    while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f')
      c++;
    size_t w = strcspn(c, " \t\n\r\f");
    if (w == k && !strncasecmp(c, token, k))
      return 1;
    c += w;
  }
  return 0;
}

int sc_class_contains(xmlNodePtr n, const char *part)
{
  const char *c = sc_attr(n, "class");
  const char *id = sc_attr(n, "id");
  return (c && sc_strcasestr(c, part)) || (id && sc_strcasestr(id, part));
}

xmlNodePtr sc_next_in(xmlNodePtr root, xmlNodePtr n, int descend)
{
  if (descend)
    for (xmlNodePtr k = n->children; k; k = k->next)
      if (k->type == XML_ELEMENT_NODE)
        return k;
  while (n && n != root) {
    for (xmlNodePtr k = n->next; k; k = k->next)
      if (k->type == XML_ELEMENT_NODE)
        return k;
    n = n->parent;
  }
  return NULL;
}

int sc_contains(xmlNodePtr a, xmlNodePtr b)
{
  for (; b; b = b->parent)
    if (a == b)
      return 1;
  return 0;
}

xmlNodePtr sc_find_class(xmlNodePtr root, const char *token)
{
  for (xmlNodePtr n = sc_next_in(root, root, 1); n; n = sc_next_in(root, n, 1))
    if (sc_has_class(n, token))
      return n;
  return NULL;
}

xmlNodePtr sc_find_tag(xmlNodePtr root, const char *name)
{
  for (xmlNodePtr n = sc_next_in(root, root, 1); n; n = sc_next_in(root, n, 1))
    if (sc_is(n, name))
      return n;
  return NULL;
}

static int is_block(xmlNodePtr n)
{
  static const char *const blocks[] = {
    "p", "div", "br", "li", "ol", "ul", "blockquote", "pre", "h1", "h2",
    "h3", "h4", "h5", "h6", "tr", "article", "section", "header", "footer",
    "dd", "dt", "table", "hr"
  };
  for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
    if (sc_is(n, blocks[i]))
      return 1;
  return 0;
}

/* Text is appended with runs of blanks made one space; a block boundary
 * makes a line break. Leading blanks of a line are dropped. */
typedef struct text_out {
  sc_buf *b;
  int space;   /* a blank is pending */
  int nl;      /* a line break is pending */
  int fail;
} text_out;

static void put_text(text_out *t, const char *s)
{
  for (; *s && !t->fail; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      t->space = 1;
      continue;
    }
    if (t->b->len) {
      if (t->nl) {
        if (sc_buf_putc(t->b, '\n') < 0)
          t->fail = 1;
      } else if (t->space && t->b->data[t->b->len - 1] != '\n') {
        if (sc_buf_putc(t->b, ' ') < 0)
          t->fail = 1;
      }
    }
    t->nl = t->space = 0;
    if (sc_buf_putc(t->b, (char)c) < 0)
      t->fail = 1;
  }
}

static void walk_text(xmlNodePtr n, text_out *t,
                      int (*skip)(void *, xmlNodePtr), void *ctx, int depth)
{
  for (xmlNodePtr k = n->children; k && !t->fail; k = k->next) {
    if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
      if (k->content)
        put_text(t, (const char *)k->content);
    } else if (k->type == XML_ELEMENT_NODE) {
      if (sc_is(k, "script") || sc_is(k, "style") || sc_is(k, "noscript") ||
          sc_is(k, "template") || (skip && skip(ctx, k)))
        continue;
      int block = is_block(k);
      if (block)
        t->nl = 1;
      if (depth < 256)  /* deeper nesting is broken markup: cut it short */
        walk_text(k, t, skip, ctx, depth + 1);
      if (block)
        t->nl = 1;
    }
  }
}

int sc_node_text(xmlNodePtr n, sc_buf *b, int (*skip)(void *, xmlNodePtr),
                 void *ctx)
{
  text_out t = {.b = b};
  if (n->type == XML_TEXT_NODE) {
    if (n->content)
      put_text(&t, (const char *)n->content);
  } else {
    walk_text(n, &t, skip, ctx, 0);
  }
  return t.fail ? -1 : 0;
}

void sc_buf_trim(sc_buf *b)
{
  size_t a = 0, e = b->len;
  while (a < e && (b->data[a] == ' ' || b->data[a] == '\n'))
    a++;
  while (e > a && (b->data[e - 1] == ' ' || b->data[e - 1] == '\n'))
    e--;
  if (a)
    memmove(b->data, b->data + a, e - a);
  b->len = e - a;
  if (b->data)
    b->data[b->len] = '\0';
}
