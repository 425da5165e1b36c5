/*
 * systems.c - comment systems whose markup is known by its class names:
 * Blogger (current and classic layouts), Drupal's comment module,
 * wpDiscuz, Stack Exchange, Discourse (embeds and the crawler view),
 * Commento, Isso, Remark42, Coral, Viafoura, phpBB, vBulletin and
 * XenForo. (Hyvor Talk, like Disqus, draws its comments inside a shadow
 * root or a frame: a saved page does not hold them.)
 *
 * Each system names the class of one comment and of its author, date and
 * text, and the parts that are not the text (buttons, signatures, quoted
 * posts). A block counts only with its text element present, so that a
 * class such as "comment" or "post" alone does not claim a page; the
 * first system that finds comments wins.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

typedef struct sc_system {
  const char *name;
  const char *tag;                  /* the item's element, NULL: any */
  const char *const *item;          /* one of these classes */
  const char *id_prefix;            /* or an id starting so, NULL: none */
  const char *mark;                 /* a class the item must hold, or NULL */
  sc_roles roles;
} sc_system;

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

static const sc_system systems[] = {
  {"blogger", "li", L("comment"), NULL, "comment-block",
   {L("user"), L("datetime"), L("comment-content"),
    L("comment-actions", "thread-toggle", "continue", "comment-replybox-single",
      "comment-replybox-thread", "loadmore"), 1, 0}},
  {"drupal", NULL, L("comment", "js-comment"), NULL, NULL,
   {L("username", "comment__author", "comment-author"),
    L("comment__time", "comment-time", "date", "submitted"),
    L("field--name-comment-body", "field-name-comment-body",
      "field-comment-body"),
    L("links", "submitted", "comment__meta", "comment__permalink", "permalink",
      "new"), 1, 0}},
  {"wpdiscuz", NULL, L("wpd-comment"), "wpd-comm-", NULL,
   {L("wpd-comment-author"), L("wpd-comment-date"), L("wpd-comment-text"),
    L("wpd-comment-footer", "wpd-comment-link", "wpd-reply-button"), 1, 0}},
  {"stackexchange", "li", L("comment"), NULL, NULL,
   {L("comment-user"), L("comment-date", "relativetime-clean"),
    L("comment-copy"), L("comment-actions", "comment-score"), 1, 0}},
  {"discourse", NULL, L("post", "crawler-post"), NULL, NULL,
   {L("username", "creator", "author"), L("post-date", "post-time"),
    L("cooked"), L("in-reply-to", "post-links", "post-controls", "quote"), 1, 0}},
  {"commento", NULL, L("commento-card"), NULL, NULL,
   {L("commento-name"), L("commento-timeago"), L("commento-body"),
    L("commento-options", "commento-score"), 1, 0}},
  {"isso", NULL, L("isso-comment"), NULL, NULL,
   {L("isso-author", "author"), L("isso-permalink", "permalink"),
    L("isso-text", "text"),
    L("isso-comment-footer", "isso-follow-up", "isso-avatar"), 1, 0}},
  {"remark42", NULL, L("comment"), NULL, NULL,
   {L("comment__username", "comment__user-name", "comment__title-username"),
    L("comment__time"), L("comment__text"),
    L("comment__actions", "comment__controls", "comment__score"), 1, 0}},
  {"coral", NULL, L("coral-comment"), NULL, NULL,
   {L("coral-comment-username", "coral-username"),
    L("coral-comment-timestamp", "coral-timestamp"),
    L("coral-comment-content"),
    L("coral-comment-inReplyTo", "coral-comment-actionBar",
      "coral-comment-topBar"), 1, 0}},
  {"viafoura", NULL, L("vf-comment"), NULL, NULL,
   {L("vf-comment-head__author", "vf-comment__author", "vf-username"),
    L("vf-comment-head__time", "vf-comment__datetime", "vf-timestamp"),
    L("vf-content-text", "vf-comment__content-editor", "vf-comment__content"),
    L("vf-comment__actions", "vf-comment__replies", "vf-comment-actions"),
    1, 0}},
  {"phpbb", "div", L("post"), NULL, NULL,
   {L("username", "username-coloured"), L("author"), L("content"),
    L("postprofile", "signature", "notice", "post-buttons", "back2top",
      "quotetitle", "quotecontent", "<blockquote"), 1, 0}},
  {"vbulletin", NULL, L("postcontainer", "postbit", "postbitlegacy"), NULL, NULL,
   {L("username"), L("date", "postdate"), L("postcontent"),
    L("signature", "postfoot", "userinfo", "bbcode_quote"), 1, 0}},
  {"xenforo", NULL, L("message--post", "message"), NULL, NULL,
   {L("message-name", "username"), L("u-dt", "DateTime"),
    L("bbWrapper", "messageText"),
    L("message-signature", "bbCodeBlock--quote", "message-footer",
      "messageMeta", "bbCodeQuote"), 1, 0}},
};

static int sys_item(const void *ctx, xmlNodePtr n)
{
  const sc_system *s = ctx;
  if (n->type != XML_ELEMENT_NODE || (s->tag && !sc_is(n, s->tag)))
    return 0;
  for (const char *const *c = s->item; *c; c++)
    if (sc_has_class(n, *c))
      return 1;
  const char *id = s->id_prefix ? sc_attr(n, "id") : NULL;
  return id && !strncasecmp(id, s->id_prefix, strlen(s->id_prefix));
}

/* The item has its own text element (outside its replies). */
static int has_body(const sc_system *s, xmlNodePtr item)
{
  const sc_roles *r = &s->roles;
  for (xmlNodePtr n = sc_next_in(item, item, 1); n;) {
    if (sys_item(s, n)) {
      n = sc_next_in(item, n, 0);
      continue;
    }
    for (const char *const *b = r->body; *b; b++)
      if (sc_has_class(n, *b))
        return !s->mark || sc_find_class(item, s->mark);
    n = sc_next_in(item, n, 1);
  }
  return 0;
}

static spamcls_status find_system(spamcls_page *p, sc_html *h,
                                  const sc_system *s)
{
  sc_itemkind kind = {sys_item, s};
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  sc_fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK;) {
    if (sc_is(n, "script") || sc_is(n, "style") || sc_is(n, "template")) {
      n = sc_next_in(root, n, 0);
      continue;
    }
    if (sys_item(s, n) && !sc_in_foreign_region(n) && has_body(s, n))
      st = sc_item_add(p, h, n, &kind, &s->roles, &f);
    n = sc_next_in(root, n, 1);
  }
  sc_fields_free(&f);
  return st;
}

/* Blogger's classic layout: dl#comments-block of dt.comment-author
 * ("NAME said..."), dd.comment-body and dd.comment-footer (the date). */
static spamcls_status blogger_classic(spamcls_page *p, sc_html *h)
{
  xmlNodePtr root = xmlDocGetRootElement(h->doc);
  sc_fields f = {0};
  spamcls_status st = SPAMCLS_OK;
  for (xmlNodePtr n = root; n && st == SPAMCLS_OK; n = sc_next_in(root, n, 1)) {
    if (!sc_is(n, "dt") || !sc_has_class(n, "comment-author"))
      continue;
    xmlNodePtr body = NULL, foot = NULL;
    for (xmlNodePtr k = n->next; k; k = k->next) {
      if (k->type != XML_ELEMENT_NODE)
        continue;
      if (!sc_is(k, "dd"))
        break;
      if (sc_has_class(k, "comment-body"))
        body = k;
      else if (sc_has_class(k, "comment-footer"))
        foot = k;
    }
    if (!body)
      continue;
    sc_fields_clear(&f);
    if (sc_text_of(n, &f.author, NULL, NULL) < 0 || sc_author_url(n, &f) < 0 ||
        sc_text_of(body, &f.body, NULL, NULL) < 0 ||
        (foot && sc_text_of(sc_find_class(foot, "comment-timestamp")
                                ? sc_find_class(foot, "comment-timestamp")
                                : foot,
                            &f.date, NULL, NULL) < 0)) {
      st = SPAMCLS_ERR_NOMEM;
      break;
    }
    sc_fields_tidy(&f);
    if (!f.body.len)
      continue;
    st = sc_fields_add_range(p, h, n, foot ? foot : body, &f);
  }
  sc_fields_free(&f);
  return st;
}

spamcls_status sc_find_systems(spamcls_page *p, sc_html *h)
{
  spamcls_status st = blogger_classic(p, h);
  if (st != SPAMCLS_OK || p->n) {
    if (p->n)
      p->markup = "blogger";
    return st;
  }
  for (size_t i = 0; i < sizeof systems / sizeof *systems; i++) {
    st = find_system(p, h, &systems[i]);
    if (st != SPAMCLS_OK || p->n) {
      if (p->n)
        p->markup = systems[i].name;
      return st;
    }
  }
  return SPAMCLS_OK;
}
