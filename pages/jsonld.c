/*
 * jsonld.c - schema.org Comment objects in JSON-LD blocks
 * (<script type="application/ld+json">), parsed with jansson.
 *
 * The author is a string, or a Person with a name or only an
 * alternateName (a handle), the first of a list.
 * Comments are searched for anywhere in the data (an article's "comment"
 * list, "@graph", replies nested in a comment). They are not removable:
 * their span is the whole script block, which may hold other data.
 */
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "html.h"

static int is_comment(json_t *o)
{
  json_t *t = json_object_get(o, "@type");
  if (json_is_string(t))
    return !strcasecmp(json_string_value(t), "Comment");
  if (json_is_array(t)) {
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v)
      if (json_is_string(v) && !strcasecmp(json_string_value(v), "Comment"))
        return 1;
  }
  return 0;
}

static const char *str_of(json_t *o, const char *key)
{
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

typedef struct walk {
  spamcls_page *p;
  size_t start, end;
  spamcls_status st;
} walk;

static void add_comment(walk *w, json_t *o)
{
  const char *author = NULL, *url = NULL;
  json_t *a = json_object_get(o, "author");
  if (!a)
    a = json_object_get(o, "creator");
  if (json_is_array(a))
    a = json_array_get(a, 0);
  if (json_is_string(a)) {
    author = json_string_value(a);
  } else if (json_is_object(a)) {
    /* Many sites give only a handle: alternateName. */
    author = str_of(a, "name");
    if (!author || !*author)
      author = str_of(a, "alternateName");
    url = str_of(a, "url");
  }
  const char *date = str_of(o, "dateCreated");
  if (!date)
    date = str_of(o, "datePublished");
  const char *body = str_of(o, "text");
  if (!body)
    body = str_of(o, "commentText");
  if (!body)
    body = str_of(o, "description");
  sc_comment_in c = {
    .author = author ? author : "", .author_len = author ? strlen(author) : 0,
    .author_url = url, .author_url_len = url ? strlen(url) : 0,
    .date = date ? date : "", .date_len = date ? strlen(date) : 0,
    .body = body ? body : "", .body_len = body ? strlen(body) : 0,
    .start = w->start, .end = w->end, .removable = 0,
  };
  w->st = sc_page_add(w->p, &c);
}

static void visit(walk *w, json_t *v, int depth)
{
  if (w->st != SPAMCLS_OK || depth > 64)
    return;
  if (json_is_object(v)) {
    if (is_comment(v))
      add_comment(w, v);
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x)
      if (strcmp(k, "author") != 0)
        visit(w, x, depth + 1);
  } else if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
      visit(w, x, depth + 1);
  }
}

spamcls_status sc_find_jsonld(spamcls_page *p, sc_html *h)
{
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  walk w = {.p = p, .st = SPAMCLS_OK};
  for (xmlNodePtr n = root; n && w.st == SPAMCLS_OK;
       n = sc_next_in(root, n, 1)) {
    const char *type = sc_attr(n, "type");
    if (!sc_is(n, "script") || !type ||
        strncasecmp(type, "application/ld+json", 19))
      continue;
    xmlChar *text = xmlNodeGetContent(n);
    if (!text)
      return SPAMCLS_ERR_NOMEM;
    json_error_t jerr;
    json_t *data = json_loads((const char *)text, JSON_DISABLE_EOF_CHECK |
                                                      JSON_ALLOW_NUL, &jerr);
    xmlFree(text);
    if (!data)
      continue;  /* broken JSON: nothing to take from this block */
    if (!sc_html_span(h, n, &w.start, &w.end))
      w.start = w.end = 0;
    visit(&w, data, 0);
    json_decref(data);
  }
  return w.st;
}
