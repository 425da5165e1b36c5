/*
 * html_doc.c - decoding a page to UTF-8 and parsing it with byte spans.
 *
 * libxml2's HTML parser builds the tree through its SAX callbacks; the
 * start and end callbacks are wrapped to note where each element begins
 * and ends (xmlByteConsumed, the parser's position in the input). At a
 * start callback the parser has read up to the tag's closing '>', so the
 * tag begins at the last "<name" before it. At an end callback it has read
 * either the element's own end tag, or whatever closed it implicitly (a
 * parent's end tag, a sibling's start tag, the end of input): the element
 * then ends where that tag begins.
 */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "html.h"

/* ---------------------------------------------------------------- decode */

typedef struct decoded {
  sc_buf text;
  uint32_t *map;
  size_t nmap, capmap;
  unsigned invalid;
} decoded;

static int map_push(decoded *d, size_t orig, size_t nbytes)
{
  if (d->nmap + nbytes + 1 > d->capmap) {
    size_t cap = d->capmap ? d->capmap : 1024;
    while (cap < d->nmap + nbytes + 1)
      cap *= 2;
    uint32_t *m = realloc(d->map, cap * sizeof *m);
    if (!m)
      return -1;
    d->map = m;
    d->capmap = cap;
  }
  for (size_t i = 0; i < nbytes; i++)
    d->map[d->nmap++] = (uint32_t)orig;
  return 0;
}

/* Valid UTF-8 with invalid bytes and NULs replaced by U+FFFD. Returns 1
 * when the text had to change (d filled), 0 when data can be used as is. */
static int sanitize_utf8(const char *s, size_t n, decoded *d)
{
  size_t i = sc_utf8_valid_prefix(s, n);
  const char *nul = memchr(s, '\0', i);
  if (nul)
    i = (size_t)(nul - s);
  if (i == n)
    return 0;
  if (sc_buf_append(&d->text, s, i) < 0 || map_push(d, 0, i) < 0)
    return -1;
  for (size_t k = 0; k < i; k++)
    d->map[k] = (uint32_t)k;
  int in_bad = 0;
  while (i < n) {
    int32_t cp;
    size_t k = sc_utf8_decode(s + i, n - i, &cp);
    if (cp <= 0) {  /* a NUL, or one bad byte of a bad sequence */
      if (!in_bad)
        d->invalid++;
      in_bad = 1;
      if (sc_buf_append(&d->text, "\xEF\xBF\xBD", 3) < 0 ||
          map_push(d, i, 3) < 0)
        return -1;
      i++;
      continue;
    }
    in_bad = 0;
    if (sc_buf_append(&d->text, s + i, k) < 0 || map_push(d, i, k) < 0)
      return -1;
    i += k;
  }
  return 1;
}

/* Converts s[0..n) from charset to UTF-8 with iconv, one character at a
 * time so that every output byte maps back to its input character.
 * Returns 1 on success, 0 when iconv does not know the charset. */
static int convert(const char *charset, const char *s, size_t n, decoded *d)
{
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == (iconv_t)-1)
    return 0;
  int in_bad = 0;
  for (size_t i = 0; i < n;) {
    char out[32];
    size_t got = 0, used = 0;
    for (size_t w = 1; w <= 8 && i + w <= n; w++) {
      char *in = (char *)s + i, *o = out;
      size_t inleft = w, outleft = sizeof out;
      size_t r = iconv(cd, &in, &inleft, &o, &outleft);
      if (r != (size_t)-1 || (errno == E2BIG && inleft < w)) {
        used = w - inleft;
        got = sizeof out - outleft;
        break;
      }
      iconv(cd, NULL, NULL, NULL, NULL);
      if (errno != EINVAL)
        break;  /* EILSEQ: not a character of this charset */
    }
    if (used == 0) {
      if (!in_bad)
        d->invalid++;
      in_bad = 1;
      if (sc_buf_append(&d->text, "\xEF\xBF\xBD", 3) < 0 ||
          map_push(d, i, 3) < 0)
        goto nomem;
      i++;
      continue;
    }
    in_bad = 0;
    /* A NUL is kept out of the parser's way, as in sanitize_utf8. */
    for (size_t k = 0; k < got; k++)
      if (out[k] == 0) {
        if (sc_buf_append(&d->text, "\xEF\xBF\xBD", 3) < 0 ||
            map_push(d, i, 3) < 0)
          goto nomem;
      } else if (sc_buf_putc(&d->text, out[k]) < 0 || map_push(d, i, 1) < 0) {
        goto nomem;
      }
    i += used;
  }
  iconv_close(cd);
  return 1;
nomem:
  iconv_close(cd);
  return -1;
}

/* ---------------------------------------------------------------- parse */

typedef struct parse_state {
  sc_html *h;
  startElementSAXFunc start;
  endElementSAXFunc end;
  size_t last_start;  /* where the previous start tag ended */
} parse_state;

static int name_at(const char *s, size_t n, size_t i, const xmlChar *name)
{
  size_t k = strlen((const char *)name);
  if (i + k > n || strncasecmp(s + i, (const char *)name, k))
    return 0;
  return i + k == n || !((s[i + k] >= 'a' && s[i + k] <= 'z') ||
                         (s[i + k] >= 'A' && s[i + k] <= 'Z') ||
                         (s[i + k] >= '0' && s[i + k] <= '9'));
}

static void note_span(sc_html *h, xmlNodePtr node, size_t start, size_t end)
{
  if (!node || node->type != XML_ELEMENT_NODE)
    return;
  if (node->_private) {
    h->span[(uintptr_t)node->_private - 1].end = end;
    return;
  }
  if (h->nspan == h->capspan) {
    size_t cap = h->capspan ? h->capspan * 2 : 256;
    sc_span *v = realloc(h->span, cap * sizeof *v);
    if (!v) {
      h->nomem = 1;
      return;
    }
    h->span = v;
    h->capspan = cap;
  }
  h->span[h->nspan].start = start;
  h->span[h->nspan].end = end;
  node->_private = (void *)(uintptr_t)(++h->nspan);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
  xmlParserCtxtPtr c = ctx;
  parse_state *ps = c->_private;
  sc_html *h = ps->h;
  long at = xmlByteConsumed(c);
  size_t pos = at < 0 ? 0 : (size_t)at;
  if (pos > h->text_len)
    pos = h->text_len;
  xmlNodePtr parent = c->node;
  ps->start(ctx, name, atts);
  if (c->node == parent)
    return;  /* nothing was created */
  /* Implied elements (html, body ...) have no tag: they start here. */
  size_t start = pos;
  for (size_t i = pos; i > ps->last_start;) {
    i--;
    if (h->text[i] == '<' && name_at(h->text, h->text_len, i + 1, name)) {
      start = i;
      ps->last_start = pos;
      break;
    }
  }
  note_span(h, c->node, start, h->text_len);
}

static void on_end(void *ctx, const xmlChar *name)
{
  xmlParserCtxtPtr c = ctx;
  parse_state *ps = c->_private;
  sc_html *h = ps->h;
  xmlNodePtr node = c->node;
  long at = xmlByteConsumed(c);
  size_t pos = at < 0 ? 0 : (size_t)at;
  if (pos > h->text_len)
    pos = h->text_len;
  if (node && node->_private && pos < h->text_len) {
    size_t start = h->span[(uintptr_t)node->_private - 1].start;
    size_t lt = pos;
    while (lt > start && h->text[lt - 1] != '<')
      lt--;
    if (lt > start + 1) {
      lt--;  /* the '<' of the tag that closed it */
      int own = h->text[lt + 1] == '/' && pos > 0 &&
                h->text[pos - 1] == '>' &&
                name_at(h->text, h->text_len, lt + 2, node->name);
      if (!own)
        pos = lt;
    }
  }
  if (node && node->_private)
    h->span[(uintptr_t)node->_private - 1].end = pos;
  ps->end(ctx, name);
}

/* ---------------------------------------------------------------- limits */

/* libxml2 compares each attribute of an element with every earlier one
 * and appends each to the end of a list: time grows with the square of
 * an element's attributes (a 2 MB tag of 200,000 took minutes). So the
 * attributes of an element past the SC_HTML_MAX_ATTRS-th are cut from
 * the text before it is parsed (the map keeps offsets true), and counted.
 * Scripts, styles and comments are passed over. */

static void take_decoded(sc_html *h, decoded *d);

typedef struct cut_range {
  size_t from, to;
} cut_range;

static int is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Where the raw text of a script or style element that starts at i ends
 * (its closing tag), or n. */
static size_t raw_text_end(const char *t, size_t n, size_t i, const char *name,
                           size_t len)
{
  for (; i + 2 + len <= n; i++)
    if (t[i] == '<' && t[i + 1] == '/' && !strncasecmp(t + i + 2, name, len))
      return i;
  return n;
}

/* Scans one start tag at t[i] == '<' (a letter follows); returns the index
 * just past it and sets *cut to the attributes past the limit, if any. */
static size_t scan_tag(const char *t, size_t n, size_t i, cut_range *cut,
                       size_t *name_len)
{
  size_t j = i + 1;
  while (j < n && !is_space(t[j]) && t[j] != '>' && t[j] != '/')
    j++;
  *name_len = j - i - 1;
  size_t count = 0;
  cut->from = cut->to = 0;
  for (;;) {
    while (j < n && is_space(t[j]))
      j++;
    if (j >= n || t[j] == '>' || (t[j] == '/' && j + 1 < n && t[j + 1] == '>'))
      break;
    size_t a = j;
    while (j < n && !is_space(t[j]) && t[j] != '=' && t[j] != '>' &&
           !(t[j] == '/' && j + 1 < n && t[j + 1] == '>'))
      j++;
    if (j == a)
      j++;  /* a stray '=' */
    size_t k = j;
    while (k < n && is_space(t[k]))
      k++;
    if (k < n && t[k] == '=') {
      k++;
      while (k < n && is_space(t[k]))
        k++;
      if (k < n && (t[k] == '"' || t[k] == '\'')) {
        const char *q = memchr(t + k + 1, t[k], n - k - 1);
        k = q ? (size_t)(q - t) + 1 : n;
      } else {
        while (k < n && !is_space(t[k]) && t[k] != '>')
          k++;
      }
      j = k;
    }
    if (++count == SC_HTML_MAX_ATTRS + 1)
      cut->from = a;
  }
  if (cut->from)
    cut->to = j;
  return j < n ? j + 1 : n;
}

static int cap_attributes(sc_html *h)
{
  const char *t = h->text;
  size_t n = h->text_len;
  cut_range *cuts = NULL;
  size_t ncuts = 0, cap = 0;
  for (size_t i = 0; i < n;) {
    const char *lt = memchr(t + i, '<', n - i);
    if (!lt)
      break;
    i = (size_t)(lt - t);
    if (i + 3 < n && !memcmp(t + i, "<!--", 4)) {
      size_t k = i + 4;
      while (k + 2 < n && memcmp(t + k, "-->", 3))
        k++;
      i = k + 3;
      continue;
    }
    if (i + 1 >= n || !is_alpha(t[i + 1])) {
      i++;
      continue;
    }
    cut_range c;
    size_t name_len, start = i;
    i = scan_tag(t, n, i, &c, &name_len);
    if (c.from) {
      if (ncuts == cap) {
        cap = cap ? cap * 2 : 16;
        cut_range *v = realloc(cuts, cap * sizeof *v);
        if (!v) {
          free(cuts);
          return -1;
        }
        cuts = v;
      }
      cuts[ncuts++] = c;
    }
    if ((name_len == 6 && !strncasecmp(t + start + 1, "script", 6)) ||
        (name_len == 5 && !strncasecmp(t + start + 1, "style", 5)))
      i = raw_text_end(t, n, i, t + start + 1, name_len);
  }
  if (!ncuts)
    return 0;
  decoded d = {0};
  size_t at = 0;
  for (size_t k = 0; k <= ncuts; k++) {
    size_t end = k < ncuts ? cuts[k].from : n;
    if (sc_buf_append(&d.text, t + at, end - at) < 0 ||
        map_push(&d, 0, end - at) < 0)
      goto nomem;
    for (size_t b = 0; b < end - at; b++)
      d.map[d.nmap - (end - at) + b] =
          h->map ? h->map[at + b] : (uint32_t)(at + b);
    if (k < ncuts)
      at = cuts[k].to;
  }
  if (map_push(&d, h->map ? h->map[n] : n, 1) < 0)
    goto nomem;
  d.invalid = h->invalid;
  h->capped += (unsigned)ncuts;
  free(cuts);
  take_decoded(h, &d);
  return 0;
nomem:
  free(cuts);
  sc_buf_free(&d.text);
  free(d.map);
  return -1;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

/* libxml2 sets up its globals on first use, and that is not safe in two
 * threads at once (moderate -j reads two pages or exports together): every
 * entry into libxml2 comes here first. */
void sc_xml_init(void)
{
  pthread_once(&xml_once, xml_init);
}

static int parse_text(sc_html *h)
{
  if (h->text_len > INT_MAX)
    return 0;  /* larger than the parser can take: no tree, no comments */
  if (cap_attributes(h) < 0)
    return -1;
  htmlParserCtxtPtr c =
      htmlCreateMemoryParserCtxt(h->text_len ? h->text : " ",
                                 h->text_len ? (int)h->text_len : 1);
  if (!c)
    return -1;
  parse_state ps = {.h = h, .start = c->sax->startElement,
                    .end = c->sax->endElement};
  c->sax->startElement = on_start;
  c->sax->endElement = on_end;
  c->_private = &ps;
  htmlCtxtUseOptions(c, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                            HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                            HTML_PARSE_IGNORE_ENC);
  /* libxml2 cuts a text node past 10 MB (a big JSON-LD script lost
   * every comment, silently); the page's own size is the bound here. */
  c->options |= XML_PARSE_HUGE;
  xmlSwitchEncoding(c, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(c);
  h->doc = c->myDoc;
  c->myDoc = NULL;
  htmlFreeParserCtxt(c);
  return h->nomem ? -1 : 0;
}

/* The charset a <meta> declares, or NULL. */
static char *declared_charset(xmlNodePtr root)
{
  for (xmlNodePtr n = root; n; n = sc_next_in(root, n, 1)) {
    if (!sc_is(n, "meta"))
      continue;
    const char *cs = sc_attr(n, "charset");
    if (cs)
      return strdup(cs);
    const char *he = sc_attr(n, "http-equiv");
    const char *ct = sc_attr(n, "content");
    if (he && ct && !strcasecmp(he, "content-type")) {
      const char *p = sc_strcasestr(ct, "charset=");
      if (!p)
        continue;
      p += 8;
      while (*p == ' ' || *p == '"' || *p == '\'')
        p++;
      size_t k = strcspn(p, " ;\"'");
      return strndup(p, k);
    }
  }
  return NULL;
}

static int is_utf8_name(const char *cs)
{
  return !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8") ||
         !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii") ||
         !strcasecmp(cs, "unicode-1-1-utf-8");
}

/* UTF-16 and UTF-32 (and their UCS names): two or four bytes a
 * character, so ASCII text in them has NUL bytes. */
static int is_wide_name(const char *cs)
{
  static const char *const wide[] = {"utf-16", "utf16", "utf-32", "utf32",
                                     "ucs-2", "ucs2", "ucs-4", "ucs4",
                                     "unicode"};
  for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
    if (!strncasecmp(cs, wide[i], strlen(wide[i])))
      return 1;
  return 0;
}

/* WHATWG: pages labelled Latin-1 or ASCII are read as windows-1252. */
static const char *iconv_name(const char *cs)
{
  if (!strcasecmp(cs, "iso-8859-1") || !strcasecmp(cs, "latin1") ||
      !strcasecmp(cs, "l1") || !strcasecmp(cs, "iso8859-1"))
    return "WINDOWS-1252";
  return cs;
}

static void drop_tree(sc_html *h)
{
  if (h->doc)
    xmlFreeDoc(h->doc);
  h->doc = NULL;
  h->nspan = 0;
  h->capped = 0;
}

static void take_decoded(sc_html *h, decoded *d)
{
  free(h->owned);
  free(h->map);
  h->owned = d->text.data;
  h->text = h->owned ? h->owned : "";
  h->text_len = d->text.len;
  h->map = d->map;
  h->invalid = d->invalid;
}

int sc_html_parse(sc_html *h, const char *data, size_t len,
                  const char *charset)
{
  memset(h, 0, sizeof *h);
  sc_xml_init();
  h->page_len = len;
  decoded d = {0};
  const char *bom_cs = NULL;
  if (len >= 2 && !memcmp(data, "\xFF\xFE", 2))
    bom_cs = "UTF-16LE";
  else if (len >= 2 && !memcmp(data, "\xFE\xFF", 2))
    bom_cs = "UTF-16BE";
  if (bom_cs) {
    int r = convert(bom_cs, data + 2, len - 2, &d);
    if (r < 0)
      goto nomem;
    for (size_t i = 0; i < d.nmap; i++)
      d.map[i] += 2;
    if (map_push(&d, len, 1) < 0)
      goto nomem;
    take_decoded(h, &d);
    h->charset = strdup(bom_cs);
    return parse_text(h);
  }
  int r = sanitize_utf8(data, len, &d);
  if (r < 0)
    goto nomem;
  if (r == 0) {
    h->text = data;
    h->text_len = len;
  } else {
    if (map_push(&d, len, 1) < 0)
      goto nomem;
    take_decoded(h, &d);
  }
  if (parse_text(h) < 0)
    return -1;
  char *cs = charset && *charset ? strdup(charset)
             : h->doc ? declared_charset(xmlDocGetRootElement(h->doc)) : NULL;
  h->charset = cs;
  if (!cs || is_utf8_name(cs))
    return 0;
  /* A UTF-16 or UTF-32 label on bytes with no byte order mark, no NUL and
   * valid UTF-8 cannot be right (such text is full of NUL bytes): the
   * bytes are trusted, and the page says so. */
  if (r == 0 && is_wide_name(cs) && !memchr(data, 0, len)) {
    h->charset_ignored = 1;
    return 0;
  }
  /* Another charset is declared: read the page again in it. */
  decoded e = {0};
  r = convert(iconv_name(cs), data, len, &e);
  if (r < 0) {
    sc_buf_free(&e.text);
    free(e.map);
    return -1;
  }
  if (r == 0)
    return 0;  /* unknown to iconv: the UTF-8 reading stands */
  if (map_push(&e, len, 1) < 0) {
    sc_buf_free(&e.text);
    free(e.map);
    return -1;
  }
  drop_tree(h);
  take_decoded(h, &e);
  return parse_text(h);
nomem:
  sc_buf_free(&d.text);
  free(d.map);
  return -1;
}

int sc_html_span(const sc_html *h, xmlNodePtr n, size_t *start, size_t *end)
{
  if (!n || !n->_private)
    return 0;
  const sc_span *s = &h->span[(uintptr_t)n->_private - 1];
  size_t a = s->start, b = s->end < s->start ? s->start : s->end;
  if (h->map) {
    a = h->map[a];
    b = h->map[b];
  }
  *start = a;
  *end = b;
  return 1;
}

int sc_html_inner_start(const sc_html *h, xmlNodePtr n, size_t *pos)
{
  if (!n || !n->_private)
    return 0;
  const sc_span *s = &h->span[(uintptr_t)n->_private - 1];
  if (s->start >= h->text_len || h->text[s->start] != '<')
    return 0;  /* an implied element: it has no tag */
  char quote = 0;
  for (size_t i = s->start + 1; i < h->text_len && i < s->end; i++) {
    char ch = h->text[i];
    if (quote) {
      if (ch == quote)
        quote = 0;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == '>') {
      *pos = h->map ? h->map[i + 1] : i + 1;
      return 1;
    }
  }
  return 0;
}

void sc_html_free(sc_html *h)
{
  drop_tree(h);
  free(h->span);
  free(h->owned);
  free(h->map);
  free(h->charset);
  memset(h, 0, sizeof *h);
}
