/*
 * wordpress.c - WordPress comment lists: ol.comment-list or ol.commentlist
 * of li.comment, each with .comment-author (.fn), a time or
 * .comment-metadata, and .comment-content (themes before 4.x: the text
 * directly in div.comment-body; older ones: a bare li#comment-N with a
 * cite and small.commentmetadata). Replies are li.comment nested in
 * ol.children: a comment with replies is cut out by its own body block,
 * or by what precedes its replies, so that the replies survive.
 *
 * Themes often misnest the reply lists ("</li> <ul class=children>"), and
 * libxml2 then closes the comment list early: the comments that follow
 * are siblings of the list. So the whole section around a list is
 * searched, not just the list. Themes that rename the list are known by
 * WordPress's own div-comment-N blocks inside each li.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

static int id_is(xmlNodePtr n, const char *prefix)
{
  const char *id = sc_attr(n, "id");
  size_t k = strlen(prefix);
  if (!id || strncmp(id, prefix, k) || !id[k])
    return 0;
  for (const char *d = id + k; *d; d++)
    if (*d < '0' || *d > '9')
      return 0;
  return 1;
}

/* WordPress's own block inside a comment: div-comment-N. */
static int wp_has_own_block(xmlNodePtr li)
{
  for (xmlNodePtr k = li->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE)
      return id_is(k, "div-comment-");
  return 0;
}

/* Pingbacks and trackbacks (li.pingback#comment-N) are notices of links
 * from other sites, not reader comments. */
static int wp_is_comment(xmlNodePtr n)
{
  return sc_is(n, "li") && !sc_has_class(n, "pingback") &&
         !sc_has_class(n, "trackback") &&
         (sc_has_class(n, "comment") || sc_has_class(n, "review") ||
          id_is(n, "comment-") || wp_has_own_block(n));
}

/* Inside one comment: its replies are not its own. */
static int wp_skip_replies(void *ctx, xmlNodePtr n)
{
  (void)ctx;
  return wp_is_comment(n) || sc_has_class(n, "children");
}

static int wp_skip_non_body(void *ctx, xmlNodePtr n)
{
  xmlNodePtr *fields = ctx;
  if (fields && (n == fields[0] || n == fields[1]))
    return 1;
  return wp_skip_replies(NULL, n) || sc_is_noise(n) ||
         sc_has_class(n, "comment-author") || sc_has_class(n, "comment-number") ||
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

static int wp_skip_noise(void *ctx, xmlNodePtr n)
{
  (void)ctx;
  return sc_is_noise(n);
}

static spamcls_status wp_comment(spamcls_page *p, sc_html *h, xmlNodePtr li,
                                 sc_fields *f)
{
  sc_fields_clear(f);
  xmlNodePtr who = own_find(li, sc_has_class, "comment-author");
  xmlNodePtr fn = who ? sc_find_class(who, "fn") : own_find(li, sc_has_class, "fn");
  if (!fn && !who)
    who = own_find(li, sc_is, "cite");  /* themes before 2.7 */
  if (sc_text_of(fn ? fn : who, &f->author, wp_skip_noise, NULL) < 0 ||
      sc_author_url(fn ? fn : who, f) < 0)
    return SPAMCLS_ERR_NOMEM;
  xmlNodePtr when = own_find(li, sc_is, "time"), meta = NULL;
  const char *dt = when ? sc_attr(when, "datetime") : NULL;
  if (dt && *dt) {
    if (sc_put_attr(&f->date, dt) < 0)
      return SPAMCLS_ERR_NOMEM;
  } else {
    meta = own_find(li, sc_has_class, "comment-metadata");
    if (!meta)
      meta = own_find(li, sc_has_class, "comment-meta");
    if (!meta)
      meta = own_find(li, sc_has_class, "commentmetadata");
    xmlNodePtr a = meta ? sc_find_tag(meta, "a") : NULL;
    if (sc_text_of(when ? when : a ? a : meta, &f->date, wp_skip_noise, NULL) < 0)
      return SPAMCLS_ERR_NOMEM;
  }
  xmlNodePtr content = own_find(li, sc_has_class, "comment-content");
  if (!content)
    content = own_find(li, sc_has_class, "contenttext");
  xmlNodePtr cbody = own_find(li, sc_has_class, "comment-body");
  xmlNodePtr fields[2] = {fn ? fn : who, when ? when : meta};
  if (sc_text_of(content ? content : cbody ? cbody : li, &f->body,
                 wp_skip_non_body, fields) < 0)
    return SPAMCLS_ERR_NOMEM;
  sc_fields_tidy(f);
  if (!f->author.len && !f->date.len && !f->body.len)
    return SPAMCLS_OK;  /* a shell left where a comment was cut out */
  xmlNodePtr replies = NULL;
  for (xmlNodePtr k = li->children; k && !replies; k = k->next)
    if (k->type == XML_ELEMENT_NODE && sc_has_nested(k, wp_is_comment))
      replies = k;
  if (!replies)
    return sc_fields_add(p, h, li, f, 1);
  /* Replies inside: cut out only this comment's own body block, or all
   * that comes before its replies. */
  if (cbody && cbody->parent == li)
    return sc_fields_add(p, h, cbody, f, 1);
  if (content && sc_contains(replies, content))
    return sc_fields_add(p, h, li, f, 0);  /* broken markup: no own range */
  return sc_fields_add_own(p, h, li, replies, f);
}

static int wp_is_list(xmlNodePtr n)
{
  return (sc_is(n, "ol") || sc_is(n, "ul") || sc_is(n, "div")) &&
         (sc_has_class(n, "commentlist") || sc_has_class(n, "comment-list"));
}

/* The section around a comment list: the nearest of its few ancestors
 * named "comments" (#comments, .comments-area), else its parent. */
static xmlNodePtr wp_area(xmlNodePtr list)
{
  static const char *const names[] = {"comments", NULL};
  xmlNodePtr a = list->parent;
  for (int i = 0; a && a->type == XML_ELEMENT_NODE && i < 3; i++, a = a->parent) {
    if (sc_is(a, "body") || sc_is(a, "html"))
      break;
    if (sc_word_contains(a, names, 1))
      return a;
  }
  return list->parent && list->parent->type == XML_ELEMENT_NODE ? list->parent
                                                                : list;
}

static spamcls_status wp_walk(spamcls_page *p, sc_html *h, xmlNodePtr area,
                              int anywhere, sc_fields *f)
{
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr k = sc_next_in(area, area, 1); k && st == SPAMCLS_OK;
       k = sc_next_in(area, k, 1))
    if (wp_is_comment(k) && (!anywhere || wp_has_own_block(k)))
      st = wp_comment(p, h, k, f);
  return st;
}

spamcls_status sc_find_wordpress(spamcls_page *p, sc_html *h)
{
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  sc_fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK;) {
    if (!wp_is_list(n)) {
      n = sc_next_in(root, n, 1);
      continue;
    }
    xmlNodePtr area = wp_area(n);
    st = wp_walk(p, h, area, 0, &f);
    n = sc_next_in(root, area, 0);
  }
  /* No list by its usual name: comments with WordPress's own blocks. */
  if (st == SPAMCLS_OK && !p->n && root)
    st = wp_walk(p, h, root, 1, &f);
  sc_fields_free(&f);
  return st;
}
