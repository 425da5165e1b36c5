/*
 * html_item.c - one comment block to one comment: its author, date and
 * text found by what their class names say (roles), the text kept free
 * of buttons, counters, headings and the replies nested inside it, and
 * the byte range that removes the comment but not its replies.
 *
 * Used by the finder for known comment systems (exact class names) and by
 * the generic finder (class names that contain a role word).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "html.h"

typedef struct item_ctx {
  const sc_roles *r;
  const sc_itemkind *kind;
  xmlNodePtr item, author, date;
  int links;   /* leave links out of the text too */
} item_ctx;

static int role_of(const item_ctx *c, xmlNodePtr n, const char *const *words)
{
  if (!words)
    return 0;
  if (c->r->exact) {
    /* "<name": an element name rather than a class */
    for (; *words; words++)
      if ((*words)[0] == '<' ? sc_is(n, *words + 1) : sc_has_class(n, *words))
        return 1;
    return 0;
  }
  return sc_word_contains(n, words, 0);
}

/* Parts of the block that are not the comment's text. */
static int skip_part(void *ctx, xmlNodePtr n)
{
  item_ctx *c = ctx;
  if (n == c->author || n == c->date || sc_is_item_of(c->kind, n))
    return 1;
  if (sc_is_noise(n) || sc_is_heading(n) || sc_is(n, "time") ||
      (c->r->skip && role_of(c, n, c->r->skip)))
    return 1;
  /* A permalink holds the date or the title, never the text. */
  static const char *const links[] = {"permalink", NULL};
  const char *rel = sc_attr(n, "rel");
  if ((rel && sc_strcasestr(rel, "bookmark")) || sc_word_contains(n, links, 0))
    return 1;
  return c->links && sc_is(n, "a");
}

/* Pre-order under the item, past nested comments and (unless the
 * system's class names are known: Coral's names are buttons) noise. */
static xmlNodePtr next_own(const item_ctx *c, xmlNodePtr n, int descend)
{
  xmlNodePtr k = sc_next_in(c->item, n, descend);
  while (k && (sc_is_item_of(c->kind, k) || (!c->r->exact && sc_is_noise(k))))
    k = sc_next_in(c->item, k, 0);
  return k;
}

static int short_text(xmlNodePtr n, size_t max, sc_buf *tmp, item_ctx *c)
{
  sc_buf_clear(tmp);
  if (sc_text_of(n, tmp, skip_part, c) < 0)
    return -1;
  return tmp->len > 0 && tmp->len <= max;
}

/* The first element with this role whose text is short enough to be a
 * name or a date (a class like "comment-author" may sit on a whole
 * block). A known system's words are tried in their order of preference,
 * each over the whole block. */
static xmlNodePtr find_one(item_ctx *c, const char *const *words,
                           int want_time, size_t max, sc_buf *tmp, int *err)
{
  for (xmlNodePtr n = next_own(c, c->item, 1); n; n = next_own(c, n, 1)) {
    int hit = role_of(c, n, words) || (want_time && sc_is(n, "time"));
    if (!hit)
      continue;
    const char *dt = sc_attr(n, "datetime");
    if (want_time && dt && *dt)
      return n;
    int r = short_text(n, max, tmp, c);
    if (r < 0) {
      *err = 1;
      return NULL;
    }
    if (r)
      return n;
  }
  return NULL;
}

static xmlNodePtr find_field(item_ctx *c, const char *const *words,
                             int want_time, size_t max, sc_buf *tmp, int *err)
{
  if (!words || !c->r->exact)
    return find_one(c, words, want_time, max, tmp, err);
  if (want_time) {  /* a <time> with its datetime says it best */
    for (xmlNodePtr n = next_own(c, c->item, 1); n; n = next_own(c, n, 1)) {
      const char *dt = sc_is(n, "time") ? sc_attr(n, "datetime") : NULL;
      if (dt && *dt)
        return n;
    }
  }
  for (; *words && !*err; words++) {
    const char *one[] = {*words, NULL};
    xmlNodePtr n = find_one(c, one, 0, max, tmp, err);
    if (n)
      return n;
  }
  return NULL;
}

/* Without an author class: a cite, an itemprop or rel author, or a link
 * to a member's profile. */
static xmlNodePtr author_fallback(item_ctx *c, sc_buf *tmp, int *err)
{
  static const char *const profile[] = {"/user", "/profil", "/member",
                                        "/author/", "/u/", "/people/", NULL};
  for (xmlNodePtr n = next_own(c, c->item, 1); n; n = next_own(c, n, 1)) {
    const char *ip = sc_attr(n, "itemprop"), *rel = sc_attr(n, "rel");
    const char *href = sc_is(n, "a") ? sc_attr(n, "href") : NULL;
    int hit = sc_is(n, "cite") || (ip && !strcasecmp(ip, "author")) ||
              (rel && sc_strcasestr(rel, "author"));
    for (const char *const *p = profile; href && !hit && *p; p++)
      hit = sc_strcasestr(href, *p) != NULL;
    if (!hit)
      continue;
    int r = short_text(n, 120, tmp, c);
    if (r < 0) {
      *err = 1;
      return NULL;
    }
    if (r)
      return n;
  }
  return NULL;
}


/* The comment's text: the first element with a body role that has text
 * once the parts are left out. A body block that holds the author or the
 * date is a wrapper when a body block sits inside it: that one is taken. */
static xmlNodePtr find_body(item_ctx *c, sc_buf *out, int *err)
{
  for (xmlNodePtr n = next_own(c, c->item, 1); n;) {
    if (!role_of(c, n, c->r->body) || skip_part(c, n)) {
      n = next_own(c, n, 1);
      continue;
    }
    if ((c->author && sc_contains(n, c->author)) ||
        (c->date && sc_contains(n, c->date))) {
      /* a wrapper: look inside it first */
      xmlNodePtr k;
      for (k = next_own(c, n, 1); k && sc_contains(n, k); k = next_own(c, k, 1))
        if (role_of(c, k, c->r->body) && !skip_part(c, k) &&
            !sc_contains(k, c->author) && !sc_contains(k, c->date))
          break;
      if (k && sc_contains(n, k))
        n = k;
    }
    sc_buf_clear(out);
    if (sc_text_of(n, out, skip_part, c) < 0) {
      *err = 1;
      return NULL;
    }
    if (out->len)
      return n;
    n = next_own(c, n, 0);
  }
  return NULL;
}

/* The first nested comment, or NULL. */
static xmlNodePtr first_reply(xmlNodePtr item, const sc_itemkind *kind)
{
  for (xmlNodePtr n = sc_next_in(item, item, 1); n; n = sc_next_in(item, n, 1))
    if (sc_is_item_of(kind, n))
      return n;
  return NULL;
}

/* Digits in a string. */
static size_t digits(const char *s)
{
  size_t d = 0;
  for (; s && *s; s++)
    d += *s >= '0' && *s <= '9';
  return d;
}

/* A date element's value: its datetime, else its text, unless a title
 * holds a fuller date than the text ("2 weeks ago", title "2023-11-04"). */
static int date_value(item_ctx *c, sc_fields *f)
{
  const char *dt = c->date ? sc_attr(c->date, "datetime") : NULL;
  if (dt && *dt)
    return sc_put_attr(&f->date, dt);
  if (sc_text_of(c->date, &f->date, skip_part, c) < 0)
    return -1;
  const char *title = c->date ? sc_attr(c->date, "title") : NULL;
  if (title && digits(title) >= 4 && digits(title) > digits(f->date.data)) {
    sc_buf_clear(&f->date);
    return sc_put_attr(&f->date, title);
  }
  return 0;
}

int sc_is_item_of(const sc_itemkind *kind, xmlNodePtr n)
{
  return kind && kind->is(kind->ctx, n);
}

spamcls_status sc_item_add(spamcls_page *p, sc_html *h, xmlNodePtr item,
                           const sc_itemkind *kind, const sc_roles *r,
                           sc_fields *f)
{
  sc_fields_clear(f);
  item_ctx c = {.r = r, .kind = kind, .item = item};
  sc_buf tmp = {0};
  int err = 0;
  c.author = find_field(&c, r->author, 0, 160, &tmp, &err);
  if (!c.author && !err && !r->exact)
    c.author = author_fallback(&c, &tmp, &err);
  if (!err)
    c.date = find_field(&c, r->date, 1, 120, &tmp, &err);
  if (err)
    goto nomem;
  if (c.author && (sc_text_of(c.author, &f->author, skip_part, &c) < 0 ||
                   sc_author_url(c.author, f) < 0))
    goto nomem;
  if (date_value(&c, f) < 0)
    goto nomem;
  xmlNodePtr body = find_body(&c, &f->body, &err);
  if (!body) {
    if (err)
      goto nomem;
    sc_buf_clear(&f->body);
    if (sc_text_of(item, &f->body, skip_part, &c) < 0)
      goto nomem;
  }
  /* A dd whose dt holds its header ("By Ruth Adler, on 4 March 2021"). */
  xmlNodePtr head = sc_is(item, "dd") ? item->prev : NULL;
  while (head && head->type != XML_ELEMENT_NODE)
    head = head->prev;
  if (head && (!sc_is(head, "dt") || sc_is_item_of(kind, head)))
    head = NULL;
  if (head && !f->author.len) {
    sc_buf_clear(&tmp);
    if (sc_text_of(head, &tmp, skip_part, &c) < 0)
      goto nomem;
    if (!sc_fields_byline(f, tmp.data ? tmp.data : "", tmp.len) &&
        tmp.len <= 80 && !memchr(tmp.data ? tmp.data : "", '\n', tmp.len) &&
        sc_buf_append(&f->author, tmp.data ? tmp.data : "", tmp.len) < 0)
      goto nomem;
  }
  sc_fields_tidy(f);
  /* Text that is all links is a link to a comment (a teaser, "Load
   * more", "Replies"), not one. */
  c.links = 1;
  sc_buf_clear(&tmp);
  if (sc_text_of(item, &tmp, skip_part, &c) < 0)
    goto nomem;
  /* Without an author or a date, a few words at least: a lone word is a
   * label ("Replies", "Submit"). */
  int meta = f->author.len || f->date.len;
  int words = f->body.len && memchr(f->body.data, ' ', f->body.len);
  int is_comment = f->body.len > 0 && tmp.len > 0 &&
                   (meta || (!r->need_meta && words));
  sc_buf_free(&tmp);
  if (!is_comment)
    return SPAMCLS_OK;
  xmlNodePtr reply = first_reply(item, kind);
  if (!reply && head)
    return sc_fields_add_range(p, h, head, item, f);
  if (!reply)
    return sc_fields_add(p, h, item, f, 1);
  /* Replies inside: remove what comes before them when they sit in a
   * child block of their own, else the text block alone; never the
   * replies. */
  xmlNodePtr box = reply;
  while (box->parent != item)
    box = box->parent;
  if (body && !sc_contains(box, body))
    return sc_fields_add_own(p, h, item, box, f);
  if (body && !sc_contains(body, reply))
    return sc_fields_add(p, h, body, f, 1);
  return sc_fields_add(p, h, item, f, 0);
nomem:
  sc_buf_free(&tmp);
  return SPAMCLS_ERR_NOMEM;
}
