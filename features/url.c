/*
 * url.c - the URLS family and the author URL's features.
 *
 * Found in the normalized text, left to right, each at the start of a
 * word (not right after '@', '.', '/', ':' and the like):
 *   url     "http://" or "https://", then an optional user@, the host (a
 *           name, an IPv4 address or [IPv6]), an optional :port and path;
 *   www     "www.site.com..." without a scheme;
 *   bare    "togel88.com", "slot.co.id/daftar": two or more labels whose
 *           last label is a public suffix (libpsl, '*' rule off), so "e.g."
 *           and "3.14" are not domains; a run followed by '@' is the local
 *           part of an e-mail address (contact.c) and is skipped;
 *   spaced  "www . site . com", "site dot com", "site(dot)com": labels
 *           joined by a dot with spaces on both sides, by the word "dot"
 *           or by "(dot)", "[dot]", "{dot}", again ending in a public
 *           suffix. A dot with a space on one side only is prose: "it. it
 *           was" ends a sentence, "to .NET", "a .md file" name things.
 * The path runs to white space or <>"` and loses trailing .,;:!?)]}'.
 * Each URL gives u:kind:<kind>, u:scheme:<scheme>, u:host:<host>,
 * u:dom:<registrable domain> (libpsl; the host when it has none), u:tld:<
 * last label> or u:ip, and u:path:<word> for the first MAX_PATH_WORDS
 * words of the path; the text gives u:n:<count bucket> when it has any.
 * Hosts are used as written: punycode stays punycode, Unicode stays
 * Unicode (libpsl understands both).
 */
#include <libpsl.h>
#include <string.h>

#include "sc_features.h"

/* A path word list is attacker-controlled; its first words carry the
 * signal ("daftar", "slot-gacor"), the rest of a tracking query does not. */
#define MAX_PATH_WORDS 16

typedef struct url {
  const char *kind;
  const char *scheme;  /* NULL: none */
  size_t scheme_len;
  const char *host;
  size_t host_len;
  const char *path;
  size_t path_len;
} url;

/* ASCII bytes of host labels (bytes >= 0x80 are 0: decoded apart). */
static const unsigned char host_ascii[256] = {
  ['-'] = 1,
  ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
  ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
#define L(c) [c] = 1, [c - 'a' + 'A'] = 1
  L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'),
  L('j'), L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'),
  L('s'), L('t'), L('u'), L('v'), L('w'), L('x'), L('y'), L('z'),
#undef L
};

/* 1 when the code point at s[i] may be part of a host label (letters and
 * marks of any script for IDN hosts); *next is the index after it. */
static int host_cp(const char *s, size_t n, size_t i, size_t *next)
{
  unsigned char b = (unsigned char)s[i];
  if (b < 0x80) {
    *next = i + 1;
    return host_ascii[b];
  }
  *next = i;
  uint32_t cp = sc_utf8_next(s, n, next);
  if (cp == 0xFFFD)
    return 0;
  int c = sc_cp_class(cp);
  return c == SC_CP_LETTER || c == SC_CP_MARK;
}

/* The end of the label starting at s[i] (i when there is none). */
static size_t label_end(const char *s, size_t n, size_t i)
{
  for (;;) {
    while (i < n && host_ascii[(unsigned char)s[i]])
      i++;
    size_t next;
    if (i >= n || (unsigned char)s[i] < 0x80 || !host_cp(s, n, i, &next))
      return i;
    i = next;
  }
}

void sc_host_scan(const char *s, size_t n, size_t i, sc_host *h)
{
  h->start = h->end = h->last = i;
  h->labels = 0;
  size_t j = i;
  while (j < n) {
    size_t k = label_end(s, n, j);
    if (k == j)
      break;
    h->labels++;
    h->last = j;
    h->end = k;
    if (k + 1 < n && s[k] == '.' && label_end(s, n, k + 1) > k + 1)
      j = k + 1;
    else
      break;
  }
}

static int all_digits(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return n > 0;
}

/* The last label s[a..b) is a public suffix. */
static int is_suffix(spamcls_extractor *x, const char *s, size_t n)
{
  if (all_digits(s, n) || sc_reserve(x, &x->scratch, n) < 0)
    return 0;
  memcpy(x->scratch.data, s, n);
  x->scratch.data[n] = '\0';
  return psl_is_public_suffix2(x->psl, x->scratch.data,
                               PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
}

int sc_host_is_domain(spamcls_extractor *x, const char *s, const sc_host *h)
{
  return h->labels >= 2 && is_suffix(x, s + h->last, h->end - h->last);
}

const char *sc_registrable(spamcls_extractor *x, const char *host, size_t n,
                           size_t *len)
{
  if (sc_reserve(x, &x->scratch, n) < 0)
    return NULL;
  char *h = x->scratch.data;
  memcpy(h, host, n);
  h[n] = '\0';
  const char *r = psl_registrable_domain(x->psl, h);
  if (!r)
    r = h;
  *len = n - (size_t)(r - h);
  return r;
}

static int is_ipv4(const char *h, size_t n)
{
  size_t parts = 0, digits = 0;
  for (size_t i = 0; i < n; i++) {
    if (h[i] == '.') {
      if (!digits)
        return 0;
      parts++;
      digits = 0;
    } else if (h[i] >= '0' && h[i] <= '9' && digits < 3) {
      digits++;
    } else {
      return 0;
    }
  }
  return parts == 3 && digits > 0;
}

static int path_stop(unsigned char c)
{
  switch (c) {
  case ' ': case '"': case '<': case '>': case '`': case '{': case '}':
  case '|': case '\\': case '^':
    return 1;
  default:
    return 0;
  }
}

static int trailing_punct(char c)
{
  switch (c) {
  case '.': case ',': case ';': case ':': case '!': case '?': case ')':
  case ']': case '}': case '\'':
    return 1;
  default:
    return 0;
  }
}

/* An optional :port and path after a host ending at s[j]; returns the end
 * of the URL. */
static size_t url_tail(const char *s, size_t n, size_t j, url *u)
{
  if (j + 1 < n && s[j] == ':' && s[j + 1] >= '0' && s[j + 1] <= '9') {
    j++;
    while (j < n && s[j] >= '0' && s[j] <= '9')
      j++;
  }
  size_t p = j;
  if (j < n && (s[j] == '/' || s[j] == '?' || s[j] == '#')) {
    while (j < n && !path_stop((unsigned char)s[j]))
      j++;
    while (j > p && trailing_punct(s[j - 1]))
      j--;
  }
  u->path = s + p;
  u->path_len = j - p;
  return j;
}

static void emit_path(spamcls_extractor *x, sc_ns ns, const char *s,
                      size_t n)
{
  size_t words = 0;
  for (size_t i = 0; i < n && words < MAX_PATH_WORDS;) {
    size_t next;
    if (!host_cp(s, n, i, &next) || s[i] == '-') {
      i = next;
      continue;
    }
    size_t j = i;
    while (j < n && host_cp(s, n, j, &next) && s[j] != '-')
      j = next;
    sc_emit(x, ns, s + i, j - i);
    words++;
    i = j;
  }
}

static void emit_url(spamcls_extractor *x, sc_ns base, const url *u)
{
  if (u->kind)
    sc_emit_str(x, base + SC_URL_KIND, u->kind);
  if (u->scheme)
    sc_emit(x, base + SC_URL_SCHEME, u->scheme, u->scheme_len);
  if (u->host_len) {
    const char *h = u->host;
    size_t n = u->host_len;
    sc_emit(x, base + SC_URL_HOST, h, n);
    if (is_ipv4(h, n) || h[0] == '[') {
      sc_emit_str(x, base + SC_URL_FLAG, "ip");
    } else {
      size_t dl;
      const char *dom = sc_registrable(x, h, n, &dl);
      if (dom)
        sc_emit(x, base + SC_URL_DOM, dom, dl);
      size_t t = n;
      while (t > 0 && h[t - 1] != '.')
        t--;
      if (t > 0)
        sc_emit(x, base + SC_URL_TLD, h + t, n - t);
    }
  }
  emit_path(x, base + SC_URL_PATH, u->path, u->path_len);
}

/* The URL after "scheme://" at s[j]; returns its end. */
static size_t parse_authority(const char *s, size_t n, size_t j, url *u)
{
  for (size_t k = j; k < n && !path_stop((unsigned char)s[k]) &&
                     s[k] != '/' && s[k] != '?' && s[k] != '#';
       k++)
    if (s[k] == '@') {
      j = k + 1;  /* user info */
      break;
    }
  size_t end = j;
  if (j < n && s[j] == '[') {
    const char *close = memchr(s + j, ']', n - j);
    if (close)
      end = (size_t)(close - s) + 1;
  } else {
    sc_host h;
    sc_host_scan(s, n, j, &h);
    if (h.labels)
      end = h.end;
  }
  u->host = s + j;
  u->host_len = end - j;
  return url_tail(s, n, end, u);
}

static int starts_with(const char *s, size_t n, size_t i, const char *lit)
{
  size_t l = strlen(lit);
  return n - i >= l && memcmp(s + i, lit, l) == 0;
}

/* A separator of a spaced domain at s[j] (right after a label); returns
 * its length or 0. */
static size_t spaced_sep(const char *s, size_t n, size_t j)
{
  size_t k = j;
  int space = k < n && s[k] == ' ';
  k += space;
  if (space && starts_with(s, n, k, ". "))
    k += 1;
  else if (space && starts_with(s, n, k, "dot "))
    k += 3;
  else if (starts_with(s, n, k, "(dot)") || starts_with(s, n, k, "[dot]") ||
           starts_with(s, n, k, "{dot}"))
    k += 5;
  else
    return 0;
  if (k < n && s[k] == ' ')
    k++;
  return k - j;
}

/* A spaced domain starting at s[i]: joined into x->host; returns its end
 * in s, or 0. */
static size_t spaced(spamcls_extractor *x, const char *s, size_t n, size_t i,
                     url *u)
{
  sc_host h;
  sc_host_scan(s, n, i, &h);
  size_t sep = spaced_sep(s, n, h.end);
  if (!sep)
    return 0;  /* the common case: an ordinary word */
  sc_buf_clear(&x->host);
  size_t labels = 0, last = 0, end = 0;
  for (size_t j = i;;) {
    sc_host_scan(s, n, j, &h);
    if (!h.labels)
      break;
    if ((labels && sc_reserve(x, &x->host, 1) < 0) ||
        sc_reserve(x, &x->host, h.end - h.start + 1) < 0)
      return 0;
    if (labels)
      sc_buf_putc(&x->host, '.');
    last = x->host.len + (h.last - h.start);
    sc_buf_append(&x->host, s + h.start, h.end - h.start);
    labels += h.labels;
    end = h.end;
    sep = spaced_sep(s, n, h.end);
    if (!sep)
      break;
    j = h.end + sep;
  }
  if (labels < 2 || !is_suffix(x, x->host.data + last, x->host.len - last))
    return 0;
  u->host = x->host.data;
  u->host_len = x->host.len;
  u->path = s + end;
  u->path_len = 0;
  return end;
}

/* Characters after which a host is not the start of a URL: it is part of
 * a longer one, an e-mail address or a file name. */
static int blocks_url(char c)
{
  switch (c) {
  case '@': case '.': case '/': case ':': case '_': case '%': case '=':
  case '&': case '?': case '#': case '~': case '+': case '\\':
    return 1;
  default:
    return 0;
  }
}

/* Whether what follows a label at s[e] may continue a URL, a domain, a
 * spaced domain or an e-mail address: most words stop here. */
static int may_continue(const char *s, size_t n, size_t e)
{
  if (e >= n)
    return 0;
  switch (s[e]) {
  case '.': case ':': case '@': case '(': case '[': case '{':
    return 1;
  case ' ':
    return e + 1 < n && (s[e + 1] == '.' || s[e + 1] == 'd' ||
                         s[e + 1] == '(' || s[e + 1] == '[' ||
                         s[e + 1] == '{');
  default:
    return 0;
  }
}

/* Every kind above needs a ':' (a scheme), a '.' or the word "dot"
 * between its labels; most comments have none of them, and a memchr
 * is far cheaper than the scan. */
static int may_have_url(const char *s, size_t n)
{
  if (memchr(s, '.', n) || memchr(s, ':', n))
    return 1;
  for (const char *d = memchr(s, 'd', n); d && s + n - d >= 3;
       d = memchr(d + 1, 'd', (size_t)(s + n - d - 1)))
    if (d[1] == 'o' && d[2] == 't')
      return 1;
  return 0;
}

void sc_fam_urls(spamcls_extractor *x, const sc_doc *d)
{
  size_t n = d->len, count = 0;
  if (!may_have_url(d->text, n))
    return;
  const char *s = sc_leet_text(x, d->text, n);
  for (size_t i = 0; i < n;) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80 && !host_ascii[b]) {
      i++;
      continue;
    }
    size_t e = label_end(s, n, i);
    if (e == i) {
      sc_utf8_next(s, n, &i);  /* a non-ASCII character outside labels */
      continue;
    }
    if (!may_continue(s, n, e)) {
      i = e;
      continue;
    }
    sc_host h;
    sc_host_scan(s, n, i, &h);
    if (i > 0 && blocks_url(s[i - 1])) {
      i = h.end;
      continue;
    }
    url u = {0};
    size_t end = 0;
    if (starts_with(s, n, i, "http://") || starts_with(s, n, i, "https://")) {
      u.kind = "url";
      u.scheme = s + i;
      u.scheme_len = s[i + 4] == 's' ? 5 : 4;
      end = parse_authority(s, n, i + u.scheme_len + 3, &u);
    } else if (h.end < n && s[h.end] == '@') {
      i = h.end + 1;  /* an e-mail address: contact.c */
      continue;
    } else if (sc_host_is_domain(x, s, &h)) {
      u.kind = h.last - h.start > 4 && memcmp(s + i, "www.", 4) == 0
                   ? "www" : "bare";
      u.host = s + i;
      u.host_len = h.end - i;
      end = url_tail(s, n, h.end, &u);
    } else if ((end = spaced(x, s, n, i, &u)) != 0) {
      u.kind = "spaced";
    } else {
      i = h.end;
      continue;
    }
    emit_url(x, SC_NS_U, &u);
    count++;
    i = end > i ? end : h.end;
  }
  if (count) {
    static const char *const bucket[] = {"0", "1", "2", "3-4", "3-4"};
    sc_emit_str(x, SC_NS_U_N, count < 5 ? bucket[count]
                              : count < 9 ? "5-8" : "9+");
  }
}

void sc_url_author(spamcls_extractor *x, const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && s[i] == ' ')
    i++;
  if (i == n)
    return;
  url u = {0};
  if (starts_with(s, n, i, "http://") || starts_with(s, n, i, "https://")) {
    u.scheme = s + i;
    u.scheme_len = s[i + 4] == 's' ? 5 : 4;
    parse_authority(s, n, i + u.scheme_len + 3, &u);
  } else {
    /* "site.com/x" or "//site.com": a host without a scheme */
    while (i < n && s[i] == '/')
      i++;
    sc_host h;
    sc_host_scan(s, n, i, &h);
    if (h.labels < 2)
      return;  /* not a URL: no features rather than junk ones */
    u.host = s + i;
    u.host_len = h.end - i;
    url_tail(s, n, h.end, &u);
  }
  emit_url(x, SC_NS_AU, &u);
}
