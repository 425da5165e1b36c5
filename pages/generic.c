/*
 * generic.c - the fallback: blocks (div, li, article ...) whose class or id
 * names one comment, repeated among siblings or inside a comment section,
 * with author, date and text found by the usual class names.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

/* A class token or id naming one comment ("comment", "comment-item",
 * "user-comment", id "comment-42"), not a part of one or the section. */
static int names_one_comment(const char *v)
{
  static const char *const not_one[] = {
    "comments", "form", "respond", "reply-link", "count", "nav", "list",
    "area", "meta", "author", "content", "body", "text", "date", "time",
    "avatar", "link", "button", "title", "header", "footer", "section",
    "wrap", "container", "field", "input", "submit", "policy", "notes"
  };
  while (*v) {
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
      v++;
    size_t w = strcspn(v, " \t\n\r");
    char tok[96];
    if (w && w < sizeof tok) {
      memcpy(tok, v, w);
      tok[w] = '\0';
      if (sc_strcasestr(tok, "comment")) {
        int bad = 0;
        for (size_t i = 0; i < sizeof not_one / sizeof *not_one && !bad; i++)
          bad = sc_strcasestr(tok, not_one[i]) != NULL;
        if (!bad)
          return 1;
      }
    }
    v += w;
  }
  return 0;
}

static int gen_is_block(xmlNodePtr n)
{
  static const char *const tags[] = {"div", "li", "article", "section",
                                     "blockquote", "dd", "tr", "aside"};
  int tag = 0;
  for (size_t i = 0; i < sizeof tags / sizeof *tags && !tag; i++)
    tag = sc_is(n, tags[i]);
  if (!tag)
    return 0;
  const char *c = sc_attr(n, "class"), *id = sc_attr(n, "id");
  return (c && names_one_comment(c)) || (id && names_one_comment(id));
}

static int same_kind(xmlNodePtr a, xmlNodePtr b)
{
  if (strcasecmp((const char *)a->name, (const char *)b->name))
    return 0;
  const char *ca = sc_attr(a, "class"), *cb = sc_attr(b, "class");
  if (ca && cb)
    return !strcmp(ca, cb) || (names_one_comment(ca) && names_one_comment(cb));
  return 1;
}

/* Comment-like blocks count when a sibling of the same kind repeats it,
 * or when they sit in a comment section. */
static int gen_repeated(xmlNodePtr n)
{
  if (!gen_is_block(n) || !n->parent)
    return 0;
  for (xmlNodePtr a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
    if (sc_class_contains(a, "comment"))
      return 1;
  for (xmlNodePtr k = n->parent->children; k; k = k->next)
    if (k != n && k->type == XML_ELEMENT_NODE && gen_is_block(k) &&
        same_kind(k, n))
      return 1;
  return 0;
}

static int class_has_any(xmlNodePtr n, const char *const *parts)
{
  for (; *parts; parts++)
    if (sc_class_contains(n, *parts))
      return 1;
  return 0;
}

static const char *const gen_author[] = {"author", "user", "name", "poster",
                                         NULL};
static const char *const gen_date[] = {"date", "time", "posted", NULL};
static const char *const gen_body[] = {"content", "body", "text", "message",
                                       NULL};
static const char *const gen_noise[] = {"reply", "avatar", "action", "vote",
                                        "share", "report", "like", NULL};

static xmlNodePtr gen_find(xmlNodePtr block, const char *const *parts,
                           int want_time)
{
  for (xmlNodePtr n = sc_next_in(block, block, 1); n;) {
    if (gen_is_block(n)) {
      n = sc_next_in(block, n, 0);
      continue;
    }
    if ((want_time && sc_is(n, "time")) ||
        (class_has_any(n, parts) && !class_has_any(n, gen_noise)))
      return n;
    n = sc_next_in(block, n, 1);
  }
  return NULL;
}

typedef struct gen_skip_ctx {
  xmlNodePtr author, date;
} gen_skip_ctx;

static int gen_skip(void *ctx, xmlNodePtr n)
{
  gen_skip_ctx *g = ctx;
  return n == g->author || n == g->date || gen_is_block(n) ||
         class_has_any(n, gen_noise) || sc_is(n, "button") || sc_is(n, "form");
}

spamcls_status sc_find_generic(spamcls_page *p, sc_html *h)
{
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  sc_fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK;
       n = sc_next_in(root, n, 1)) {
    if (!gen_repeated(n))
      continue;
    sc_fields_clear(&f);
    xmlNodePtr who = gen_find(n, gen_author, 0);
    xmlNodePtr when = gen_find(n, gen_date, 1);
    xmlNodePtr body = gen_find(n, gen_body, 0);
    int err = 0;
    if (who) {
      err |= sc_text_of(who, &f.author, NULL, NULL) | sc_author_url(who, &f);
      sc_drop_says(&f.author);
    }
    const char *dt = when ? sc_attr(when, "datetime") : NULL;
    err |= dt && *dt ? sc_put_attr(&f.date, dt) : sc_text_of(when, &f.date, NULL, NULL);
    gen_skip_ctx g = {who, when};
    err |= sc_text_of(body ? body : n, &f.body, gen_skip, &g);
    if (err) {
      st = SPAMCLS_ERR_NOMEM;
      break;
    }
    if (!f.body.len && !f.author.len)
      continue;  /* an empty shell, not a comment */
    st = sc_fields_add(p, h, n, &f, !sc_has_nested(n, gen_is_block));
  }
  sc_fields_free(&f);
  return st;
}

