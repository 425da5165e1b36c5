/*
 * learned_file.c - how a model's learned corrections are stored (the
 * learned section, docs/model-format.md): header lines for the counts,
 * the refit settings and the learning log, and a binary section after the weights
 * with the weight delta and the corrections themselves. The weights of a
 * file with this section are the base weights; the loader adds the delta.
 *
 * Section (little-endian):
 *   u32 D; D times: u32 index (ascending, 1..dim), f32 delta (finite, != 0)
 *   u32 K; K times: u32 key low, u32 key high, u32 label (0 ham, 1 spam),
 *                   u32 text length, u32 author length + 1 (0: absent),
 *                   u32 author URL length + 1 (0: absent), then the bytes
 * Keys strictly ascending.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

/* ---------------------------------------------------------------- header */

int sc_learned_header(const sc_learned *l, sc_buf *b)
{
  if (!l->present)
    return 0;
  int r = sc_buf_printf(b, "learned_spam %zu\nlearned_ham %zu\n"
                        "learned_weights %zu\nlearn_C %.17g\n"
                        "learn_gap %.17g\nlearn_prior %.17g\n"
                        "learn_anchor %d\n", l->n_spam, l->n - l->n_spam,
                        l->d_n, l->C, l->gap, l->prior, l->anchor);
  for (size_t i = 0; i < l->n_log && r == 0; i++) {
    const sc_learn_event *e = &l->log[i];
    r |= sc_buf_printf(b, "learn_log %s %s %zu %zu ", e->when,
                       e->forget ? "forget" : "learn", e->spam, e->ham);
    r |= sc_escape(e->name, strlen(e->name), b);
    r |= sc_buf_putc(b, '\n');
  }
  return r ? -1 : 0;
}

typedef struct field {
  const char *key;
  const char *p;
  size_t n;
  unsigned line;
} field;

static spamcls_status bad_line(const char *name, unsigned line,
                               const char *what, spamcls_error *err)
{
  return sc_error(err, SPAMCLS_ERR_MODEL, "%s: header line %u: %s", name,
                  line, what);
}

static int parse_size(const char *p, size_t n, size_t *out)
{
  size_t x = 0;
  if (n == 0 || n > 19)
    return -1;
  for (size_t i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9')
      return -1;
    x = x * 10 + (size_t)(p[i] - '0');
  }
  *out = x;
  return 0;
}

static int parse_real(const char *p, size_t n, double *out)
{
  char buf[64];
  if (n == 0 || n >= sizeof buf || p[0] == ' ')
    return -1;
  memcpy(buf, p, n);
  buf[n] = '\0';
  char *end;
  errno = 0;
  *out = strtod(buf, &end);
  return end == buf + n && isfinite(*out) && errno != ERANGE ? 0 : -1;
}

/* "WHEN ACTION SPAM HAM NAME" */
static int parse_event(const char *p, size_t n, sc_learn_event *e)
{
  const char *end = p + n, *f[5];
  size_t len[5];
  for (int k = 0; k < 5; k++) {
    const char *sp = k < 4 ? memchr(p, ' ', (size_t)(end - p)) : NULL;
    f[k] = p;
    len[k] = sp ? (size_t)(sp - p) : (size_t)(end - p);
    if ((k < 4 && !sp) || len[k] == 0)
      return -1;
    p = sp ? sp + 1 : end;
  }
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (len[0] != 20)
    return -1;
  for (int i = 0; i < 20; i++)
    if (shape[i] == 'd' ? f[0][i] < '0' || f[0][i] > '9' : f[0][i] != shape[i])
      return -1;
  memcpy(e->when, f[0], 20);
  e->when[20] = '\0';
  if (len[1] == 5 && memcmp(f[1], "learn", 5) == 0)
    e->forget = 0;
  else if (len[1] == 6 && memcmp(f[1], "forget", 6) == 0)
    e->forget = 1;
  else
    return -1;
  if (parse_size(f[2], len[2], &e->spam) < 0 ||
      parse_size(f[3], len[3], &e->ham) < 0)
    return -1;
  int malformed;
  e->name = sc_unescape(f[4], len[4], &malformed);
  return e->name ? 0 : malformed ? -1 : -2;
}

/* learn_prior and learn_anchor are optional: a model learned before they
 * existed has neither, and was fitted with prior 0 and no anchor. */
enum { L_SPAM, L_HAM, L_WEIGHTS, L_C, L_GAP, L_PRIOR, L_ANCHOR, L_COUNT };
static const char *const lkeys[L_COUNT] = {
  "learned_spam", "learned_ham", "learned_weights", "learn_C", "learn_gap",
  "learn_prior", "learn_anchor",
};

spamcls_status sc_learned_parse_header(spamcls_model *m, const char *text,
                                       size_t len, const char *name,
                                       spamcls_error *err)
{
  sc_learned *l = &m->learned;
  field v[L_COUNT];
  memset(v, 0, sizeof v);
  const char *end = text + len;
  unsigned line = 0;
  for (const char *p = text; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *sp = memchr(p, ' ', (size_t)(nl - p));
    size_t klen = (size_t)(sp - p);  /* scan_lines made sure of the space */
    line++;
    if (klen == 9 && memcmp(p, "learn_log", 9) == 0) {
      sc_learn_event *e = realloc(l->log, (l->n_log + 1) * sizeof *e);
      if (!e)
        return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
      l->log = e;
      int r = parse_event(sp + 1, (size_t)(nl - sp - 1), &e[l->n_log]);
      if (r == -2)
        return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
      if (r < 0)
        return bad_line(name, line, "learn_log is not \"WHEN learn|forget "
                        "SPAM HAM NAME\"", err);
      l->n_log++;
    }
    for (int k = 0; k < L_COUNT; k++) {
      if (strlen(lkeys[k]) != klen || memcmp(lkeys[k], p, klen) != 0)
        continue;
      if (v[k].p)
        return bad_line(name, line, "a learned_ or learn_ key given twice",
                        err);
      v[k].p = sp + 1;
      v[k].n = (size_t)(nl - sp - 1);
      v[k].line = line;
    }
    p = nl + 1;
  }
  for (int k = 0; k < L_PRIOR; k++)
    if (!v[k].p)
      return sc_error(err, SPAMCLS_ERR_MODEL, "%s: a model with learned "
                      "corrections needs a %s line", name, lkeys[k]);
  size_t ham;
  if (parse_size(v[L_SPAM].p, v[L_SPAM].n, &l->n_spam) < 0 ||
      parse_size(v[L_HAM].p, v[L_HAM].n, &ham) < 0 ||
      parse_size(v[L_WEIGHTS].p, v[L_WEIGHTS].n, &l->d_n) < 0)
    return bad_line(name, v[L_SPAM].line, "learned counts are not numbers",
                    err);
  l->n = l->n_spam + ham;
  if (parse_real(v[L_C].p, v[L_C].n, &l->C) < 0 || !(l->C > 0) ||
      parse_real(v[L_GAP].p, v[L_GAP].n, &l->gap) < 0 || !(l->gap >= 0))
    return bad_line(name, v[L_C].line, "learn_C or learn_gap is not a "
                    "finite number in range", err);
  l->prior = 0;
  if (v[L_PRIOR].p && (parse_real(v[L_PRIOR].p, v[L_PRIOR].n, &l->prior) < 0 ||
                       !(l->prior >= 0)))
    return bad_line(name, v[L_PRIOR].line, "learn_prior is not a finite "
                    "number in range", err);
  l->anchor = 0;
  if (v[L_ANCHOR].p) {
    if (v[L_ANCHOR].n != 1 || (v[L_ANCHOR].p[0] != '0' &&
                               v[L_ANCHOR].p[0] != '1'))
      return bad_line(name, v[L_ANCHOR].line, "learn_anchor is not 0 or 1",
                      err);
    l->anchor = v[L_ANCHOR].p[0] == '1';
  }
  l->present = 1;
  return SPAMCLS_OK;
}

/* ---------------------------------------------------------------- section */

static int put_f32(sc_buf *b, float f)
{
  uint32_t v;
  memcpy(&v, &f, 4);
  return sc_buf_put_le32(b, v);
}

int sc_learned_section(const sc_learned *l, sc_buf *b)
{
  int r = sc_buf_put_le32(b, (uint32_t)l->d_n);
  for (size_t i = 0; i < l->d_n && r == 0; i++)
    r = sc_buf_put_le32(b, l->d_idx[i]) | put_f32(b, l->d_val[i]);
  r |= sc_buf_put_le32(b, (uint32_t)l->n);
  for (size_t i = 0; i < l->n && r == 0; i++) {
    const sc_correction *c = &l->c[i];
    r |= sc_buf_put_le32(b, (uint32_t)c->key) | sc_buf_put_le32(b, (uint32_t)(c->key >> 32));
    r |= sc_buf_put_le32(b, c->label == SPAMCLS_LABEL_SPAM);
    r |= sc_buf_put_le32(b, (uint32_t)c->text_len);
    r |= sc_buf_put_le32(b, c->author ? (uint32_t)c->author_len + 1 : 0);
    r |= sc_buf_put_le32(b, c->author_url ? (uint32_t)c->author_url_len + 1 : 0);
    r |= sc_buf_append(b, c->text, c->text_len);
    if (c->author)
      r |= sc_buf_append(b, c->author, c->author_len);
    if (c->author_url)
      r |= sc_buf_append(b, c->author_url, c->author_url_len);
  }
  return r ? -1 : 0;
}

typedef struct cursor {
  const unsigned char *p;
  size_t left;
} cursor;

static int get32(cursor *c, uint32_t *v)
{
  if (c->left < 4)
    return -1;
  *v = (uint32_t)c->p[0] | (uint32_t)c->p[1] << 8 | (uint32_t)c->p[2] << 16 |
       (uint32_t)c->p[3] << 24;
  c->p += 4;
  c->left -= 4;
  return 0;
}

/* A string of n bytes (NUL-terminated copy); -1 when it does not fit, -2
 * when out of memory. */
static int get_bytes(cursor *c, size_t n, char **out)
{
  if (n > c->left)
    return -1;
  char *s = malloc(n + 1);
  if (!s)
    return -2;
  memcpy(s, c->p, n);
  s[n] = '\0';
  c->p += n;
  c->left -= n;
  *out = s;
  return 0;
}

static spamcls_status corrupt(const char *name, const char *what,
                              spamcls_error *err)
{
  return sc_error(err, SPAMCLS_ERR_MODEL, "%s: learned section: %s", name,
                  what);
}

static spamcls_status parse_delta(sc_learned *l, cursor *c, uint32_t dim,
                                  const char *name, spamcls_error *err)
{
  uint32_t d;
  if (get32(c, &d) < 0 || d != l->d_n || (uint64_t)d * 8 > c->left)
    return corrupt(name, "the weight delta does not fit or does not match "
                   "learned_weights", err);
  l->d_idx = malloc((d ? d : 1) * sizeof *l->d_idx);
  l->d_val = malloc((d ? d : 1) * sizeof *l->d_val);
  if (!l->d_idx || !l->d_val)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
  uint32_t prev = 0;
  for (uint32_t i = 0; i < d; i++) {
    uint32_t bits = 0;
    get32(c, &l->d_idx[i]);
    get32(c, &bits);
    memcpy(&l->d_val[i], &bits, 4);
    if (l->d_idx[i] <= prev || l->d_idx[i] > dim || !isfinite(l->d_val[i]) ||
        l->d_val[i] == 0.0f)
      return corrupt(name, "a weight delta entry is out of order, out of "
                     "range or not finite", err);
    prev = l->d_idx[i];
  }
  return SPAMCLS_OK;
}

static spamcls_status parse_corrections(sc_learned *l, cursor *c,
                                        const char *name, spamcls_error *err)
{
  uint32_t k;
  if (get32(c, &k) < 0 || k != l->n || (uint64_t)k * 24 > c->left)
    return corrupt(name, "the number of corrections does not match "
                   "learned_spam and learned_ham", err);
  l->c = calloc(k ? k : 1, sizeof *l->c);
  if (!l->c)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
  size_t spam = 0;
  for (uint32_t i = 0; i < k; i++) {
    sc_correction *e = &l->c[i];
    uint32_t lo, hi, label, tl, al, ul;
    if (get32(c, &lo) < 0 || get32(c, &hi) < 0 || get32(c, &label) < 0 ||
        get32(c, &tl) < 0 || get32(c, &al) < 0 || get32(c, &ul) < 0)
      return corrupt(name, "truncated correction", err);
    e->key = (uint64_t)hi << 32 | lo;
    if (label > 1 || (i > 0 && e->key <= l->c[i - 1].key))
      return corrupt(name, "a correction's label or order is wrong", err);
    e->label = label ? SPAMCLS_LABEL_SPAM : SPAMCLS_LABEL_HAM;
    spam += label;
    int r = get_bytes(c, tl, &e->text);
    if (r == 0 && al)
      r = get_bytes(c, al - 1, &e->author);
    if (r == 0 && ul)
      r = get_bytes(c, ul - 1, &e->author_url);
    if (r == -2)
      return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
    if (r < 0)
      return corrupt(name, "a correction's text does not fit", err);
    e->text_len = tl;
    e->author_len = al ? al - 1 : 0;
    e->author_url_len = ul ? ul - 1 : 0;
  }
  if (spam != l->n_spam)
    return corrupt(name, "the spam corrections do not number learned_spam",
                   err);
  if (c->left)
    return corrupt(name, "extra bytes at the end", err);
  return SPAMCLS_OK;
}

spamcls_status sc_learned_parse(spamcls_model *m, const unsigned char *p,
                                size_t n, const char *name,
                                spamcls_error *err)
{
  sc_learned *l = &m->learned;
  cursor c = {p, n};
  spamcls_status st = parse_delta(l, &c, m->lin.dim, name, err);
  if (st == SPAMCLS_OK)
    st = parse_corrections(l, &c, name, err);
  if (st != SPAMCLS_OK)
    return st;
  if (l->d_n) {
    size_t bytes = ((size_t)m->lin.dim + 1) * sizeof *l->base_w;
    l->base_w = malloc(bytes);
    if (!l->base_w)
      return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
    memcpy(l->base_w, m->lin.w, bytes);
    for (size_t i = 0; i < l->d_n; i++) {
      m->lin.w[l->d_idx[i]] = l->base_w[l->d_idx[i]] + l->d_val[i];
      if (!isfinite(m->lin.w[l->d_idx[i]]))
        return corrupt(name, "a learned weight is not finite", err);
    }
  }
  return SPAMCLS_OK;
}
