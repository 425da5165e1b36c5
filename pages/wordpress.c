/*
 * wordpress.c - WordPress comment lists: ol.comment-list or ol.commentlist
 * of li.comment, each with .comment-author (.fn), a time or
 * .comment-metadata, and .comment-content (themes before 4.x: the text
 * directly in div.comment-body). Replies are li.comment nested in
 * ol.children: a comment with replies is cut out by its own body block
 * so that the replies survive.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

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

static spamcls_status wp_comment(spamcls_page *p, sc_html *h, xmlNodePtr li,
                                 sc_fields *f)
{
  sc_fields_clear(f);
  xmlNodePtr who = own_find(li, sc_has_class, "comment-author");
  xmlNodePtr fn = who ? sc_find_class(who, "fn") : own_find(li, sc_has_class, "fn");
  if (sc_text_of(fn ? fn : who, &f->author, NULL, NULL) < 0 ||
      sc_author_url(fn ? fn : who, f) < 0)
    return SPAMCLS_ERR_NOMEM;
  sc_drop_says(&f->author);
  xmlNodePtr when = own_find(li, sc_is, "time");
  const char *dt = when ? sc_attr(when, "datetime") : NULL;
  if (dt && *dt) {
    if (sc_put_attr(&f->date, dt) < 0)
      return SPAMCLS_ERR_NOMEM;
  } else {
    xmlNodePtr meta = own_find(li, sc_has_class, "comment-metadata");
    if (!meta)
      meta = own_find(li, sc_has_class, "comment-meta");
    xmlNodePtr a = meta ? sc_find_tag(meta, "a") : NULL;
    if (sc_text_of(when ? when : a ? a : meta, &f->date, NULL, NULL) < 0)
      return SPAMCLS_ERR_NOMEM;
  }
  xmlNodePtr content = own_find(li, sc_has_class, "comment-content");
  xmlNodePtr cbody = own_find(li, sc_has_class, "comment-body");
  if (content) {
    if (sc_text_of(content, &f->body, wp_skip_replies, NULL) < 0)
      return SPAMCLS_ERR_NOMEM;
  } else if (sc_text_of(cbody ? cbody : li, &f->body, wp_skip_non_body, NULL) < 0) {
    return SPAMCLS_ERR_NOMEM;
  }
  if (!f->author.len && !f->date.len && !f->body.len)
    return SPAMCLS_OK;  /* a shell left where a comment was cut out */
  if (!sc_has_nested(li, wp_is_comment))
    return sc_fields_add(p, h, li, f, 1);
  /* Replies inside: cut out only this comment's own body block. */
  return sc_fields_add(p, h, cbody ? cbody : li, f, cbody != NULL);
}

static int wp_is_list(xmlNodePtr n)
{
  return (sc_is(n, "ol") || sc_is(n, "ul") || sc_is(n, "div")) &&
         (sc_has_class(n, "commentlist") || sc_has_class(n, "comment-list"));
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
    for (xmlNodePtr k = sc_next_in(n, n, 1); k && st == SPAMCLS_OK;
         k = sc_next_in(n, k, 1))
      if (wp_is_comment(k))
        st = wp_comment(p, h, k, &f);
    n = sc_next_in(root, n, 0);
  }
  sc_fields_free(&f);
  return st;
}

