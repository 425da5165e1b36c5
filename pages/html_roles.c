/*
 * html_roles.c - what a class name says about an element in a comment
 * section: one comment, a section of comments, a widget inside a comment
 * (reply button, votes, likes), a region that only looks like comments
 * (sidebar teasers, live tickers, dialogs), and a comment's fields.
 *
 * Class names are read word by word; a word is a class token or the id.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* "comment" in the languages whose themes name their classes in them. */
static const char *const stems[] = {
  "comment", "kommentar", "komment", "koment", "comentari", "reactie",
  "reaccion", NULL
};

/* What may follow the word "comment" in a class naming one comment:
 * nothing ("comment", "js-comment", "MtnComment"), an id
 * ("comment-4414", "c7704569"), or one of these words. */
static const char *const item_words[] = {
  "item", "entry", "single", "card", "row", "node", "post", "unit",
  "li", "el", NULL
};
/* Language endings after a stem: commentaire, comentario, commento,
 * kommentar (after komment), komentarz. */
static const char *const endings[] = {"aire", "ario", "o", "ar", "arz", "",
                                      NULL};

static int all_id(const char *s, size_t n)
{
  int digit = 0;
  for (size_t i = 0; i < n; i++) {
    if (isdigit((unsigned char)s[i]))
      digit = 1;
    else if (!isxdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
      return 0;
  }
  return digit;
}

static int word_in(const char *s, size_t n, const char *const *words)
{
  for (; *words; words++)
    if (strlen(*words) == n && !strncasecmp(s, *words, n))
      return 1;
  return 0;
}

/* After the stem: an ending, then nothing, an id, or an item word
 * (optionally followed by an id). */
static int rest_names_one(const char *r, size_t n)
{
  for (const char *const *e = endings; *e; e++) {
    size_t k = strlen(*e);
    if (k > n || strncasecmp(r, *e, k))
      continue;
    const char *s = r + k;
    size_t m = n - k;
    if (m && (*s == '-' || *s == '_')) {
      s++;
      m--;
    } else if (m && k == 0 && !isdigit((unsigned char)*s) &&
               !isupper((unsigned char)*s)) {
      continue;  /* "comments", "commentlist": a glued lower-case word */
    }
    if (m == 0)
      return 1;
    if (all_id(s, m))
      return 1;
    size_t w = strcspn(s, "-_");
    if (w <= m && word_in(s, w, item_words) &&
        (w == m || all_id(s + w + 1, m - w - 1)))
      return 1;
  }
  return 0;
}

int sc_word_names_comment(const char *tok, size_t n)
{
  for (const char *const *st = stems; *st; st++) {
    size_t k = strlen(*st);
    for (size_t i = 0; i + k <= n; i++)
      if (!strncasecmp(tok + i, *st, k))
        return rest_names_one(tok + i + k, n - i - k);
  }
  return 0;
}

int sc_word_has_stem(const char *tok, size_t n)
{
  for (const char *const *st = stems; *st; st++) {
    size_t k = strlen(*st);
    for (size_t i = 0; i + k <= n; i++)
      if (!strncasecmp(tok + i, *st, k))
        return 1;
  }
  return 0;
}

/* Calls f on each word of n's class and id (id last); stops at nonzero. */
static int each_word(xmlNodePtr n, int (*f)(const char *, size_t, void *),
                     void *ctx, int with_id)
{
  const char *vals[2] = {sc_attr(n, "class"), with_id ? sc_attr(n, "id") : NULL};
  for (int v = 0; v < 2; v++) {
    const char *c = vals[v];
    if (!c)
      continue;
    while (*c) {
      while (*c && isspace((unsigned char)*c))
        c++;
      size_t w = 0;
      while (c[w] && !isspace((unsigned char)c[w]))
        w++;
      int r = w ? f(c, w, ctx) : 0;
      if (r)
        return r;
      c += w;
    }
  }
  return 0;
}

static int w_one(const char *s, size_t n, void *ctx)
{
  (void)ctx;
  return sc_word_names_comment(s, n);
}

static int w_stem(const char *s, size_t n, void *ctx)
{
  (void)ctx;
  return sc_word_has_stem(s, n);
}

int sc_names_one_comment(xmlNodePtr n)
{
  if (each_word(n, w_one, NULL, 0))
    return 1;
  /* The id counts only when the classes say nothing about comments:
   * "comment-1188851" on a "wpd-comment-right" is a part of one. */
  const char *id = sc_attr(n, "id");
  if (!id || each_word(n, w_stem, NULL, 0))
    return 0;
  return sc_word_names_comment(id, strlen(id));
}

int sc_names_comments(xmlNodePtr n)
{
  return each_word(n, w_stem, NULL, 1);
}

typedef struct any_ctx {
  const char *const *parts;
} any_ctx;

static int w_any(const char *s, size_t n, void *ctx)
{
  any_ctx *a = ctx;
  for (const char *const *p = a->parts; *p; p++) {
    size_t k = strlen(*p);
    for (size_t i = 0; i + k <= n; i++)
      if (!strncasecmp(s + i, *p, k))
        return 1;
  }
  return 0;
}

int sc_word_contains(xmlNodePtr n, const char *const *parts, int with_id)
{
  any_ctx a = {parts};
  return each_word(n, w_any, &a, with_id);
}

/* A part that starts a word of the class: at its start, after '-' or
 * '_', or as a capitalised part ("MtnCommentVote", "comment-reply-link";
 * not the "icon" in "TexticonQuote"). */
static int w_part(const char *s, size_t n, void *ctx)
{
  any_ctx *a = ctx;
  for (const char *const *p = a->parts; *p; p++) {
    size_t k = strlen(*p);
    for (size_t i = 0; i + k <= n; i++)
      if (!strncasecmp(s + i, *p, k) &&
          (i == 0 || s[i - 1] == '-' || s[i - 1] == '_' ||
           (s[i] >= 'A' && s[i] <= 'Z')))
        return 1;
  }
  return 0;
}

/* Parts of a comment that are not its text: buttons and counters. */
static const char *const noise_parts[] = {
  "reply", "avatar", "action", "vote", "share", "report", "like", "flag",
  "rating", "button", "btn", "toolbar", "control", "edit-link", "delete", "admin", "signature", "icon", "badge", "says",
  "score", "menu", "tooltip", "dropdown", "comment-form", "respond",
  "moderation", "sr-only", "screen-reader", NULL
};

int sc_is_noise(xmlNodePtr n)
{
  static const char *const tags[] = {
    "button", "form", "input", "textarea", "select", "nav", "svg", "img",
    "label", "dialog", "iframe", "object", "video", "audio", "picture",
    "figure", NULL
  };
  for (const char *const *t = tags; *t; t++)
    if (sc_is(n, *t))
      return 1;
  const char *role = sc_attr(n, "role");
  if (role && (!strcasecmp(role, "button") || !strcasecmp(role, "toolbar") ||
               !strcasecmp(role, "menu") || !strcasecmp(role, "dialog")))
    return 1;
  any_ctx a = {noise_parts};
  return each_word(n, w_part, &a, 0);
}

/* Regions that hold comment-like blocks that are not the page's reader
 * comments: widgets of recent comments in sidebars and footers, live
 * tickers, dialogs, navigation. */
static const char *const not_here[] = {
  "widget", "sidebar", "recent", "latest", "teaser", "popular", "ticker",
  "liveblog", "live-blog", "commentary", "live-update", "liveupdate",
  "live-event", "play-by-play", "modal", "dialog", "popup",
  "newest", "most-", "top-comments", "related", "aktuell", "neueste",
  "letzte", "dernier", "ultim", NULL
};

/* A layout word on a wrapper ("has-sidebar", "with-widgets") says where
 * something sits beside the content, not that the content is a widget. */
static int w_foreign(const char *s, size_t n, void *ctx)
{
  static const char *const layout[] = {"has-", "with-", "no-", "is-", "l-",
                                       NULL};
  for (const char *const *l = layout; *l; l++)
    if (n >= strlen(*l) && !strncasecmp(s, *l, strlen(*l)))
      return 0;
  return w_any(s, n, ctx);
}

int sc_in_foreign_region(xmlNodePtr n)
{
  /* The block itself counts too: a "latest-comment" box. */
  /* Up to the section that holds the comments (the first ancestor that
   * speaks of comments), or a few levels when there is none: what lies
   * further out is page layout ("two-col-sidebar-right"). */
  int depth = 0;
  for (xmlNodePtr a = n; a && a->type == XML_ELEMENT_NODE && depth < 6;
       a = a->parent, depth++) {
    if (sc_is(a, "body") || sc_is(a, "html"))
      break;
    if (sc_is(a, "nav") || sc_is(a, "dialog"))
      return 1;
    const char *role = sc_attr(a, "role");
    if (role && (!strcasecmp(role, "dialog") ||
                 !strcasecmp(role, "navigation")))
      return 1;
    any_ctx c = {not_here};
    if (each_word(a, w_foreign, &c, 1))
      return 1;
    if (a != n && sc_names_comments(a))
      break;
  }
  return 0;
}

int sc_is_heading(xmlNodePtr n)
{
  const char *nm = n && n->type == XML_ELEMENT_NODE ? (const char *)n->name : "";
  return (nm[0] == 'h' || nm[0] == 'H') && nm[1] >= '1' && nm[1] <= '6' &&
         !nm[2];
}
