/*
 * html_find.c - comments in parsed HTML: WordPress comment lists,
 * schema.org Comment microdata and repeated comment-like blocks, and the
 * order they are tried in (sc_html_comments).
 *
 * A comment's span is its whole element when removing that element drops
 * only this comment; when replies are nested inside it, the span is the
 * part that holds this comment's own content, so the replies survive.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

/* ---------------------------------------------------------------- fields */

typedef struct fields {
  sc_buf author, url, date, body;
  int has_url;
} fields;

static void fields_clear(fields *f)
{
  sc_buf_clear(&f->author);
  sc_buf_clear(&f->url);
  sc_buf_clear(&f->date);
  sc_buf_clear(&f->body);
  f->has_url = 0;
}

static void fields_free(fields *f)
{
  sc_buf_free(&f->author);
  sc_buf_free(&f->url);
  sc_buf_free(&f->date);
  sc_buf_free(&f->body);
}

static int text_of(xmlNodePtr n, sc_buf *b, int (*skip)(void *, xmlNodePtr),
                   void *ctx)
{
  if (!n)
    return 0;
  if (sc_node_text(n, b, skip, ctx) < 0)
    return -1;
  sc_buf_trim(b);
  return 0;
}

static int put_attr(sc_buf *b, const char *v)
{
  if (sc_buf_append(b, v, strlen(v)) < 0)
    return -1;
  sc_buf_trim(b);
  return 0;
}

static spamcls_status add(spamcls_page *p, sc_html *h, xmlNodePtr span_of,
                          fields *f, int removable)
{
  sc_comment_in c = {0};
  if (!sc_html_span(h, span_of, &c.start, &c.end))
    removable = 0;
  c.author = f->author.data ? f->author.data : "";
  c.author_len = f->author.len;
  if (f->has_url) {
    c.author_url = f->url.data ? f->url.data : "";
    c.author_url_len = f->url.len;
  }
  c.date = f->date.data ? f->date.data : "";
  c.date_len = f->date.len;
  c.body = f->body.data ? f->body.data : "";
  c.body_len = f->body.len;
  c.removable = removable;
  return sc_page_add(p, &c);
}

/* The first link's href under n, as the author's URL. */
static int author_url(xmlNodePtr n, fields *f)
{
  if (!n)
    return 0;
  xmlNodePtr a = sc_is(n, "a") ? n : sc_find_tag(n, "a");
  const char *href = a ? sc_attr(a, "href") : NULL;
  if (!href || !*href)
    return 0;
  f->has_url = 1;
  return put_attr(&f->url, href);
}

/* "Jane says:" -> "Jane". */
static void drop_says(sc_buf *b)
{
  static const char *const tails[] = {" says:", " says", " said:"};
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    size_t k = strlen(tails[i]);
    if (b->len >= k && !strcasecmp(b->data + b->len - k, tails[i])) {
      b->len -= k;
      b->data[b->len] = '\0';
      sc_buf_trim(b);
      return;
    }
  }
}

/* ---------------------------------------------------------------- WordPress */

static int wp_is_comment(xmlNodePtr n)
{
  return sc_is(n, "li") && (sc_has_class(n, "comment") ||
                            sc_has_class(n, "review"));
}

/* Inside one comment: its replies are not its own. */
static int wp_skip_replies(void *ctx, xmlNodePtr n)
{
  (void)ctx;
  return wp_is_comment(n) || sc_has_class(n, "children");
}

static int wp_skip_non_body(void *ctx, xmlNodePtr n)
{
  return wp_skip_replies(ctx, n) || sc_has_class(n, "comment-author") ||
         sc_has_class(n, "comment-meta") || sc_has_class(n, "comment-metadata") ||
         sc_has_class(n, "commentmetadata") || sc_has_class(n, "reply") ||
         sc_has_class(n, "vcard") || sc_has_class(n, "comment-awaiting-moderation") ||
         sc_is(n, "footer");
}

/* The first element under root, outside nested comments, for which
 * match(n, arg) holds. */
static xmlNodePtr own_find(xmlNodePtr root, int (*match)(xmlNodePtr, const char *),
                           const char *arg)
{
  for (xmlNodePtr n = sc_next_in(root, root, 1); n;) {
    if (wp_skip_replies(NULL, n)) {
      n = sc_next_in(root, n, 0);
      continue;
    }
    if (match(n, arg))
      return n;
    n = sc_next_in(root, n, 1);
  }
  return NULL;
}

static int has_nested(xmlNodePtr root, int (*is_item)(xmlNodePtr))
{
  for (xmlNodePtr n = sc_next_in(root, root, 1); n; n = sc_next_in(root, n, 1))
    if (is_item(n))
      return 1;
  return 0;
}

static spamcls_status wp_comment(spamcls_page *p, sc_html *h, xmlNodePtr li,
                                 fields *f)
{
  fields_clear(f);
  xmlNodePtr who = own_find(li, sc_has_class, "comment-author");
  xmlNodePtr fn = who ? sc_find_class(who, "fn") : own_find(li, sc_has_class, "fn");
  if (text_of(fn ? fn : who, &f->author, NULL, NULL) < 0 ||
      author_url(fn ? fn : who, f) < 0)
    return SPAMCLS_ERR_NOMEM;
  drop_says(&f->author);
  xmlNodePtr when = own_find(li, sc_is, "time");
  const char *dt = when ? sc_attr(when, "datetime") : NULL;
  if (dt && *dt) {
    if (put_attr(&f->date, dt) < 0)
      return SPAMCLS_ERR_NOMEM;
  } else {
    xmlNodePtr meta = own_find(li, sc_has_class, "comment-metadata");
    if (!meta)
      meta = own_find(li, sc_has_class, "comment-meta");
    xmlNodePtr a = meta ? sc_find_tag(meta, "a") : NULL;
    if (text_of(when ? when : a ? a : meta, &f->date, NULL, NULL) < 0)
      return SPAMCLS_ERR_NOMEM;
  }
  xmlNodePtr content = own_find(li, sc_has_class, "comment-content");
  xmlNodePtr cbody = own_find(li, sc_has_class, "comment-body");
  if (content) {
    if (text_of(content, &f->body, wp_skip_replies, NULL) < 0)
      return SPAMCLS_ERR_NOMEM;
  } else if (text_of(cbody ? cbody : li, &f->body, wp_skip_non_body, NULL) < 0) {
    return SPAMCLS_ERR_NOMEM;
  }
  if (!f->author.len && !f->date.len && !f->body.len)
    return SPAMCLS_OK;  /* a shell left where a comment was cut out */
  if (!has_nested(li, wp_is_comment))
    return add(p, h, li, f, 1);
  /* Replies inside: cut out only this comment's own body block. */
  return add(p, h, cbody ? cbody : li, f, cbody != NULL);
}

static int wp_is_list(xmlNodePtr n)
{
  return (sc_is(n, "ol") || sc_is(n, "ul") || sc_is(n, "div")) &&
         (sc_has_class(n, "commentlist") || sc_has_class(n, "comment-list"));
}

spamcls_status sc_find_wordpress(spamcls_page *p, sc_html *h)
{
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK;) {
    if (!wp_is_list(n)) {
      n = sc_next_in(root, n, 1);
      continue;
    }
    for (xmlNodePtr k = sc_next_in(n, n, 1); k && st == SPAMCLS_OK;
         k = sc_next_in(n, k, 1))
      if (wp_is_comment(k))
        st = wp_comment(p, h, k, &f);
    n = sc_next_in(root, n, 0);
  }
  fields_free(&f);
  return st;
}

/* ---------------------------------------------------------------- microdata */

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
    return put_attr(b, v);
  return text_of(n, b, NULL, NULL);
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
  fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK; n = sc_next_in(root, n, 1)) {
    if (!md_is_comment(n))
      continue;
    fields_clear(&f);
    xmlNodePtr who = md_prop(n, author_props);
    int err = 0;
    if (who && sc_attr(who, "itemscope")) {
      xmlNodePtr name = md_prop(who, name_props);
      xmlNodePtr url = md_prop(who, url_props);
      err |= md_value(name ? name : who, &f.author);
      if (url) {
        const char *href = sc_attr(url, "href");
        f.has_url = 1;
        err |= href ? put_attr(&f.url, href) : md_value(url, &f.url);
      }
    } else if (who) {
      err |= md_value(who, &f.author) | author_url(who, &f);
    }
    xmlNodePtr when = md_prop(n, date_props);
    if (when)
      err |= md_value(when, &f.date);
    xmlNodePtr body = md_prop(n, body_props);
    err |= body ? md_value(body, &f.body) : text_of(n, &f.body, md_skip, NULL);
    if (err) {
      st = SPAMCLS_ERR_NOMEM;
      break;
    }
    /* With replies nested inside, no span holds this comment alone. */
    st = add(p, h, n, &f, !has_nested(n, md_is_comment));
  }
  fields_free(&f);
  return st;
}

/* ---------------------------------------------------------------- generic */

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
  fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK;
       n = sc_next_in(root, n, 1)) {
    if (!gen_repeated(n))
      continue;
    fields_clear(&f);
    xmlNodePtr who = gen_find(n, gen_author, 0);
    xmlNodePtr when = gen_find(n, gen_date, 1);
    xmlNodePtr body = gen_find(n, gen_body, 0);
    int err = 0;
    if (who) {
      err |= text_of(who, &f.author, NULL, NULL) | author_url(who, &f);
      drop_says(&f.author);
    }
    const char *dt = when ? sc_attr(when, "datetime") : NULL;
    err |= dt && *dt ? put_attr(&f.date, dt) : text_of(when, &f.date, NULL, NULL);
    gen_skip_ctx g = {who, when};
    err |= text_of(body ? body : n, &f.body, gen_skip, &g);
    if (err) {
      st = SPAMCLS_ERR_NOMEM;
      break;
    }
    if (!f.body.len && !f.author.len)
      continue;  /* an empty shell, not a comment */
    st = add(p, h, n, &f, !has_nested(n, gen_is_block));
  }
  fields_free(&f);
  return st;
}

/* ---------------------------------------------------------------- order */

spamcls_status sc_html_comments(spamcls_page *p, const char *data,
                                size_t len, spamcls_error *err)
{
  (void)err;
  sc_html h;
  if (sc_html_parse(&h, data, len) < 0) {
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
    {"microdata", sc_find_microdata},
    {"generic", sc_find_generic},
    {"json-ld", sc_find_jsonld},
  };
  for (size_t i = 0; h.doc && i < sizeof finders / sizeof *finders; i++) {
    st = finders[i].find(p, &h);
    if (st != SPAMCLS_OK || p->n) {
      if (p->n)
        p->markup = finders[i].name;
      break;
    }
  }
  if (st == SPAMCLS_OK && h.charset && !p->charset)
    p->charset = strdup(h.charset);
  sc_html_free(&h);
  return st;
}
