/*
 * generic.c - the fallback for comment markup nobody named: blocks whose
 * class or id names one comment ("comment", "js-comment", "comment-item",
 * "kommentar-item", id "comment-42"), and, when there are none, blocks of
 * one kind repeated inside a section that speaks of comments (Pixnet's
 * ul.single-post in #comment-text). Author, date and text are found by
 * what their class names contain (html_item.c).
 *
 * Blocks in sidebars, widgets, live tickers, dialogs and navigation are
 * left alone: "latest comments" teasers and ticker entries look like
 * comments but are not the page's own.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

static const char *const gen_author[] = {"author", "user", "name", "poster",
                                         "benutzer", "nick", "autor", NULL};
static const char *const gen_date[] = {"date", "time", "datum", "posted",
                                       "ago", "zeit", "published", NULL};
static const char *const gen_body[] = {"content", "body", "text", "message",
                                       "copy", "cooked", "bbwrapper",
                                       "inhalt", "texte", NULL};

static const sc_roles gen_roles = {gen_author, gen_date, gen_body, NULL, 0, 0};
/* Blocks that only repeat inside a comment section must show who wrote
 * them or when: lists of links and teasers repeat as well. */
static const sc_roles sec_roles = {gen_author, gen_date, gen_body, NULL, 0, 1};

static int block_tag(xmlNodePtr n)
{
  static const char *const tags[] = {"div", "li", "article", "section",
                                     "blockquote", "dd", "tr", "ul", "ol",
                                     "dl", "table", NULL};
  for (const char *const *t = tags; *t; t++)
    if (sc_is(n, *t))
      return 1;
  return 0;
}

static int gen_is_item(const void *ctx, xmlNodePtr n)
{
  (void)ctx;
  return block_tag(n) && sc_names_one_comment(n);
}

/* ------------------------------------------- blocks in a comment section */

static int same_kind(xmlNodePtr a, xmlNodePtr b)
{
  const char *ca = sc_attr(a, "class"), *cb = sc_attr(b, "class");
  return !strcasecmp((const char *)a->name, (const char *)b->name) && ca &&
         cb && *ca && !strcmp(ca, cb);
}

static xmlNodePtr elem_sibling(xmlNodePtr n, int forward)
{
  do
    n = forward ? n->next : n->prev;
  while (n && n->type != XML_ELEMENT_NODE);
  return n;
}

/* Siblings of one kind side by side, inside an element that speaks of
 * comments (but is not a form): each is a comment; so is such a block
 * alone in a comment section (the one left when the others were cut).
 * Only the neighbours are compared, so that a long list costs linear
 * time. */
static int sec_is_item(const void *ctx, xmlNodePtr n)
{
  (void)ctx;
  if (!block_tag(n) || !n->parent || sc_is_noise(n))
    return 0;
  const char *cls = sc_attr(n, "class");
  xmlNodePtr prev = elem_sibling(n, 0), next = elem_sibling(n, 1);
  int twin = (prev && same_kind(prev, n)) || (next && same_kind(next, n));
  int alone = cls && *cls && !prev && !next && sc_names_comments(n->parent);
  if (!twin && !alone)
    return 0;
  for (xmlNodePtr a = n->parent; a && a->type == XML_ELEMENT_NODE;
       a = a->parent) {
    if (sc_is(a, "form") || sc_is_noise(a))
      return 0;
    if (sc_names_comments(a))
      return 1;
  }
  return 0;
}

static spamcls_status walk(spamcls_page *p, sc_html *h,
                           int (*is_item)(const void *, xmlNodePtr),
                           const sc_roles *roles)
{
  sc_itemkind kind = {is_item, NULL};
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  sc_fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK;) {
    if (sc_is(n, "script") || sc_is(n, "style") || sc_is(n, "template")) {
      n = sc_next_in(root, n, 0);
      continue;
    }
    if (is_item(NULL, n) && !sc_in_foreign_region(n))
      st = sc_item_add(p, h, n, &kind, roles, &f);
    n = sc_next_in(root, n, 1);
  }
  sc_fields_free(&f);
  return st;
}

spamcls_status sc_find_generic(spamcls_page *p, sc_html *h)
{
  spamcls_status st = walk(p, h, gen_is_item, &gen_roles);
  if (st == SPAMCLS_OK && !p->n)
    st = walk(p, h, sec_is_item, &sec_roles);
  return st;
}
