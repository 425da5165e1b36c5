/*
 * microdata.c - schema.org Comment items in microdata (itemscope,
 * itemtype .../Comment): author (a Person's name and url, or text),
 * dateCreated/datePublished, text. Properties of nested items are theirs,
 * not the outer item's.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

static int md_is_comment(xmlNodePtr n)
{
  const char *t = sc_attr(n, "itemtype");
  if (!t || !sc_attr(n, "itemscope"))
    return 0;
  /* itemtype may list several types. */
  const char *s = t;
  while ((s = sc_strcasestr(s, "schema.org/")) != NULL) {
    s += 11;
    size_t k = strcspn(s, " \t\n\r");
    if ((k == 7 && !strncasecmp(s, "Comment", 7)) ||
        (k == 12 && !strncasecmp(s, "UserComments", 12)))
      return 1;
  }
  return 0;
}

/* An itemprop token list contains name. */
static int prop_is(xmlNodePtr n, const char *name)
{
  const char *v = sc_attr(n, "itemprop");
  if (!v)
    return 0;
  size_t k = strlen(name);
  while (*v) {
    while (*v == ' ' || *v == '\t' || *v == '\n')
      v++;
    size_t w = strcspn(v, " \t\n");
    if (w == k && !strncasecmp(v, name, k))
      return 1;
    v += w;
  }
  return 0;
}

/* The first property of item among names (in priority order); properties
 * of nested items are not the item's own. */
static xmlNodePtr md_prop(xmlNodePtr item, const char *const *names)
{
  for (; *names; names++)
    for (xmlNodePtr n = sc_next_in(item, item, 1); n;) {
      if (prop_is(n, *names))
        return n;
      n = sc_next_in(item, n, !sc_attr(n, "itemscope"));
    }
  return NULL;
}

static int md_value(xmlNodePtr n, sc_buf *b)
{
  const char *v = sc_attr(n, "content");
  if (!v)
    v = sc_attr(n, "datetime");
  if (v)
    return sc_put_attr(b, v);
  return sc_text_of(n, b, NULL, NULL);
}

static int md_skip(void *ctx, xmlNodePtr n)
{
  (void)ctx;
  return sc_attr(n, "itemprop") != NULL || md_is_comment(n);
}

spamcls_status sc_find_microdata(spamcls_page *p, sc_html *h)
{
  static const char *const author_props[] = {"author", "creator", NULL};
  static const char *const name_props[] = {"name", NULL};
  static const char *const url_props[] = {"url", NULL};
  static const char *const date_props[] = {"dateCreated", "datePublished",
                                           "commentTime", "dateModified", NULL};
  static const char *const body_props[] = {"text", "commentText",
                                           "articleBody", "description", NULL};
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  sc_fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK; n = sc_next_in(root, n, 1)) {
    if (!md_is_comment(n))
      continue;
    sc_fields_clear(&f);
    xmlNodePtr who = md_prop(n, author_props);
    int err = 0;
    if (who && sc_attr(who, "itemscope")) {
      xmlNodePtr name = md_prop(who, name_props);
      xmlNodePtr url = md_prop(who, url_props);
      err |= md_value(name ? name : who, &f.author);
      if (url) {
        const char *href = sc_attr(url, "href");
        f.has_url = 1;
        err |= href ? sc_put_attr(&f.url, href) : md_value(url, &f.url);
      }
    } else if (who) {
      err |= md_value(who, &f.author) | sc_author_url(who, &f);
    }
    xmlNodePtr when = md_prop(n, date_props);
    if (when)
      err |= md_value(when, &f.date);
    xmlNodePtr body = md_prop(n, body_props);
    err |= body ? md_value(body, &f.body) : sc_text_of(n, &f.body, md_skip, NULL);
    if (err) {
      st = SPAMCLS_ERR_NOMEM;
      break;
    }
    /* With replies nested inside, no span holds this comment alone. */
    st = sc_fields_add(p, h, n, &f, !sc_has_nested(n, md_is_comment));
  }
  sc_fields_free(&f);
  return st;
}

