/*
 * html_fields.c - what the HTML finders share: a comment's fields as they
 * are gathered, their text, and handing the comment to the page.
 */
#include <string.h>
#include <strings.h>

#include "html.h"

void sc_fields_clear(sc_fields *f)
{
  sc_buf_clear(&f->author);
  sc_buf_clear(&f->url);
  sc_buf_clear(&f->date);
  sc_buf_clear(&f->body);
  f->has_url = 0;
}

void sc_fields_free(sc_fields *f)
{
  sc_buf_free(&f->author);
  sc_buf_free(&f->url);
  sc_buf_free(&f->date);
  sc_buf_free(&f->body);
}

int sc_text_of(xmlNodePtr n, sc_buf *b, int (*skip)(void *, xmlNodePtr),
               void *ctx)
{
  if (!n)
    return 0;
  if (sc_node_text(n, b, skip, ctx) < 0)
    return -1;
  sc_buf_trim(b);
  return 0;
}

int sc_put_attr(sc_buf *b, const char *v)
{
  if (sc_buf_append(b, v, strlen(v)) < 0)
    return -1;
  sc_buf_trim(b);
  return 0;
}

spamcls_status sc_fields_add(spamcls_page *p, sc_html *h, xmlNodePtr span_of,
                             sc_fields *f, int removable)
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
int sc_author_url(xmlNodePtr n, sc_fields *f)
{
  if (!n)
    return 0;
  xmlNodePtr a = sc_is(n, "a") ? n : sc_find_tag(n, "a");
  const char *href = a ? sc_attr(a, "href") : NULL;
  if (!href || !*href)
    return 0;
  f->has_url = 1;
  return sc_put_attr(&f->url, href);
}

/* "Jane says:" -> "Jane". */
void sc_drop_says(sc_buf *b)
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

int sc_has_nested(xmlNodePtr root, int (*is_item)(xmlNodePtr))
{
  for (xmlNodePtr n = sc_next_in(root, root, 1); n; n = sc_next_in(root, n, 1))
    if (is_item(n))
      return 1;
  return 0;
}

