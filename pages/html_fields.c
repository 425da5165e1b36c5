/*
 * html_fields.c - what the HTML finders share: a comment's fields as they
 * are gathered, their text, and handing the comment to the page.
 */
#define _GNU_SOURCE  /* memmem, memrchr */
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

static void comment_of(const sc_fields *f, sc_comment_in *c)
{
  memset(c, 0, sizeof *c);
  c->author = f->author.data ? f->author.data : "";
  c->author_len = f->author.len;
  if (f->has_url) {
    c->author_url = f->url.data ? f->url.data : "";
    c->author_url_len = f->url.len;
  }
  c->date = f->date.data ? f->date.data : "";
  c->date_len = f->date.len;
  c->body = f->body.data ? f->body.data : "";
  c->body_len = f->body.len;
}

spamcls_status sc_fields_add(spamcls_page *p, sc_html *h, xmlNodePtr span_of,
                             sc_fields *f, int removable)
{
  sc_comment_in c;
  comment_of(f, &c);
  if (!sc_html_span(h, span_of, &c.start, &c.end))
    removable = 0;
  c.removable = removable;
  return sc_page_add(p, &c);
}

spamcls_status sc_fields_add_own(spamcls_page *p, sc_html *h, xmlNodePtr item,
                                 xmlNodePtr replies, sc_fields *f)
{
  sc_comment_in c;
  comment_of(f, &c);
  size_t rs, re;
  if (sc_html_inner_start(h, item, &c.start) &&
      sc_html_span(h, replies, &rs, &re) && rs >= c.start) {
    c.end = rs;
    c.removable = 1;
  } else if (!sc_html_span(h, item, &c.start, &c.end)) {
    c.start = c.end = 0;
  }
  return sc_page_add(p, &c);
}

spamcls_status sc_fields_add_range(spamcls_page *p, sc_html *h,
                                   xmlNodePtr first, xmlNodePtr last,
                                   sc_fields *f)
{
  sc_comment_in c;
  comment_of(f, &c);
  size_t a, b, x, y;
  c.removable = sc_html_span(h, first, &a, &b) &&
                sc_html_span(h, last, &x, &y) && y >= a;
  if (c.removable) {
    c.start = a;
    c.end = y;
  }
  return sc_page_add(p, &c);
}

/* The first link's href under n (one that leads somewhere: not a
 * "#c1" anchor), as the author's URL. */
int sc_author_url(xmlNodePtr n, sc_fields *f)
{
  for (xmlNodePtr a = n; a; a = sc_next_in(n, a, 1)) {
    const char *href = sc_is(a, "a") ? sc_attr(a, "href") : NULL;
    if (href && *href && *href != '#') {
      f->has_url = 1;
      return sc_put_attr(&f->url, href);
    }
  }
  return 0;
}

/* Words that follow a name in a comment's header ("Jane says:"). */
static const char *const say_words[] = {
  "says", "said", "wrote", "sagt", "schreibt", "schrieb", "dit", "a dit",
  "dice", "zegt", "disse", "skriver", "écrit", "escribió", "ha detto",
  "napisał", "napisała", "kirjoitti", "yazdı", NULL
};
/* Words that lead a name ("By Jane"). */
static const char *const by_words[] = {
  "by", "von", "par", "por", "da", "door", "av", "posted by", "written by",
  "submitted by", "kommentar von", "comment by", NULL
};
/* Labels of the buttons that themes leave at the end of a comment. */
static const char *const button_words[] = {
  "reply", "antworten", "répondre", "repondre", "responder", "rispondi",
  "beantwoorden", "reageer", "svara", "svar", "odpowiedz", "balas",
  "like", "likes", "report", "share", "delete", "edit", "quote", "flag",
  "löschen", "melden", "teilen", "zitieren", "gefällt mir", "j'aime",
  "me gusta", "mi piace", "permalink", "link", "antwort", NULL
};

static int line_is(const char *s, size_t n, const char *const *words)
{
  while (n && (s[n - 1] == ':' || s[n - 1] == '.' || s[n - 1] == ' ' ||
               s[n - 1] == '!' || s[n - 1] == '\xC2' || s[n - 1] == '\xBB'))
    n--;  /* "Reply:", "Antworten »" */
  while (n && (*s == '\xC2' || *s == '\xBB' || *s == ' ' || *s == '[')) {
    s++;
    n--;
  }
  if (n && s[n - 1] == ']')
    n--;
  for (; *words; words++)
    if (strlen(*words) == n && !strncasecmp(s, *words, n))
      return 1;
  return 0;
}

/* b ends (after blanks and ':') with one of words, as a word of its own:
 * its length without it, or 0. */
static size_t cut_tail(const sc_buf *b, const char *const *words)
{
  size_t n = b->len;
  while (n && (b->data[n - 1] == ':' || b->data[n - 1] == ' '))
    n--;
  size_t bare = n;
  while (n && b->data[n - 1] == '.')
    n--;  /* "NAME said..." */
  for (; *words; words++) {
    size_t k = strlen(*words);
    if (n > k && b->data[n - k - 1] == ' ' &&
        !strncasecmp(b->data + n - k, *words, k))
      return n - k - 1;
  }
  return bare < b->len ? bare : 0;
}

static void buf_cut(sc_buf *b, size_t from, size_t to)
{
  memmove(b->data + from, b->data + to, b->len - to);
  b->len -= to - from;
  b->data[b->len] = '\0';
  sc_buf_trim(b);
}

void sc_drop_says(sc_buf *b)
{
  size_t nl = b->data ? strcspn(b->data, "\n") : 0;
  if (nl < b->len)  /* a name is one line */
    buf_cut(b, nl, b->len);
  for (int round = 0; round < 2; round++) {
    size_t n = cut_tail(b, say_words);
    if (n)
      buf_cut(b, n, b->len);
  }
  for (const char *const *w = by_words; b->len && *w; w++) {
    size_t k = strlen(*w);
    if (b->len > k + 1 && !strncasecmp(b->data, *w, k) && b->data[k] == ' ') {
      buf_cut(b, 0, k + 1);
      break;
    }
  }
}

static int has_digits(const char *s, size_t n, int want)
{
  int d = 0;
  for (size_t i = 0; i < n; i++)
    d += s[i] >= '0' && s[i] <= '9';
  return d >= want;
}

/* A first line of the text that is the comment's header, not its text:
 * a comment number, "Kommentar von", the date alone, or the author's name
 * (after "By" or the like) followed by nothing, a say-word, or a short
 * tail with a date in it ("NAME | 21. April 2020 - 16:40", "By NAME, on
 * March 3, 2021"). A line that only mentions the name is text. */
static int is_header(const sc_fields *f, const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && (s[i] == '#' || s[i] == '.' || s[i] == ' ' ||
                   (s[i] >= '0' && s[i] <= '9')))
    i++;
  if (i == n)
    return 1;
  if (line_is(s, n, by_words))
    return 1;
  if (f->date.len && n <= f->date.len + 4 &&
      !strncmp(s, f->date.data, f->date.len))
    return 1;
  if (f->author.len < 2 || n > 200)
    return 0;
  for (const char *const *w = by_words; *w; w++) {
    size_t k = strlen(*w);
    if (n > k && !strncasecmp(s, *w, k) && s[k] == ' ') {
      s += k + 1;
      n -= k + 1;
      break;
    }
  }
  if (n < f->author.len || strncmp(s, f->author.data, f->author.len))
    return 0;
  const char *t = s + f->author.len;
  size_t m = n - f->author.len;
  while (m && (*t == ' ' || *t == ':' || *t == ',' || *t == '|')) {
    t++;
    m--;
  }
  if (m == 0)
    return 1;
  for (const char *const *w = say_words; *w; w++) {
    size_t k = strlen(*w);
    if (m >= k && !strncasecmp(t, *w, k) && (m == k || t[k] == ':' ||
                                             t[k] == ' ' || t[k] == '.'))
      return 1;
  }
  return m <= 60 && has_digits(t, m, 4);
}

/* "By Ruth Adler, on 4 March 2021" (a byline where the markup names
 * neither author nor date): fills the empty author and date from it and
 * returns 1. */
static int take_byline(sc_fields *f, const char *s, size_t n)
{
  static const char *const seps[] = {", on ", " on ", " am ", " le ", " el ",
                                     " | ", ", ", " - ", NULL};
  if (f->author.len || n > 120)
    return 0;
  size_t k = 0;
  for (const char *const *w = by_words; *w && !k; w++)
    if (n > strlen(*w) + 1 && !strncasecmp(s, *w, strlen(*w)) &&
        s[strlen(*w)] == ' ')
      k = strlen(*w) + 1;
  if (!k)
    return 0;
  for (const char *const *sep = seps; *sep; sep++) {
    const char *at = memmem(s + k, n - k, *sep, strlen(*sep));
    if (!at || at == s + k)
      continue;
    const char *d = at + strlen(*sep);
    size_t dn = (size_t)(s + n - d);
    if (!has_digits(d, dn, 1))
      continue;
    if (sc_buf_append(&f->author, s + k, (size_t)(at - s - k)) < 0 ||
        (!f->date.len && sc_buf_append(&f->date, d, dn) < 0))
      return 0;  /* out of memory: the line stays in the text */
    while (f->author.len && strchr(",;|-", f->author.data[f->author.len - 1]))
      f->author.data[--f->author.len] = '\0';
    sc_buf_trim(&f->author);
    sc_buf_trim(&f->date);
    return 1;
  }
  return 0;
}

int sc_fields_byline(sc_fields *f, const char *s, size_t n)
{
  return take_byline(f, s, n);
}

void sc_fields_tidy(sc_fields *f)
{
  sc_drop_says(&f->author);
  if (f->body.len) {
    size_t n = strcspn(f->body.data, "\n");
    if (n < f->body.len && take_byline(f, f->body.data, n))
      buf_cut(&f->body, 0, n);
  }
  for (int guard = 0; guard < 4 && f->body.len; guard++) {
    size_t n = strcspn(f->body.data, "\n");
    if (!is_header(f, f->body.data, n))
      break;
    buf_cut(&f->body, 0, n);
  }
  for (int guard = 0; guard < 8 && f->body.len; guard++) {
    char *nl = memrchr(f->body.data, '\n', f->body.len);
    size_t from = nl ? (size_t)(nl - f->body.data) : 0;
    size_t st = nl ? from + 1 : 0;
    if (!line_is(f->body.data + st, f->body.len - st, button_words))
      break;
    buf_cut(&f->body, from, f->body.len);
  }
}

int sc_has_nested(xmlNodePtr root, int (*is_item)(xmlNodePtr))
{
  for (xmlNodePtr n = sc_next_in(root, root, 1); n; n = sc_next_in(root, n, 1))
    if (is_item(n))
      return 1;
  return 0;
}

