/*
 * extract.c - the extractor: normalize the fields, split them into words,
 * run each enabled feature family over them, then build the vector.
 *
 * Families are a table of (flag, function) run in order; a new family
 * is one function and one row. Every
 * feature goes through sc_emit(), which hashes the text seeded with the
 * namespace's hash and appends the bucket; spamcls_extract_names runs the
 * very same code with a callback set, so names and indices cannot drift.
 * All scratch space lives in the extractor and only grows: no allocation
 * per comment once it has seen comments of that size.
 */
#include <libpsl.h>
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

const char *const sc_ns_name[SC_NS_COUNT] = {
  [SC_NS_W] = "w:", [SC_NS_B] = "b:", [SC_NS_C] = "c:",
  [SC_NS_U + SC_URL_KIND] = "u:kind:",
  [SC_NS_U + SC_URL_SCHEME] = "u:scheme:",
  [SC_NS_U + SC_URL_HOST] = "u:host:",
  [SC_NS_U + SC_URL_DOM] = "u:dom:",
  [SC_NS_U + SC_URL_TLD] = "u:tld:",
  [SC_NS_U + SC_URL_PATH] = "u:path:",
  [SC_NS_U + SC_URL_FLAG] = "u:",
  [SC_NS_U_N] = "u:n:",
  [SC_NS_AU + SC_URL_KIND] = "au:kind:",
  [SC_NS_AU + SC_URL_SCHEME] = "au:scheme:",
  [SC_NS_AU + SC_URL_HOST] = "au:host:",
  [SC_NS_AU + SC_URL_DOM] = "au:dom:",
  [SC_NS_AU + SC_URL_TLD] = "au:tld:",
  [SC_NS_AU + SC_URL_PATH] = "au:path:",
  [SC_NS_AU + SC_URL_FLAG] = "au:",
  [SC_NS_A] = "a:",
  [SC_NS_E] = "e:", [SC_NS_E_DOM] = "e:dom:",
  [SC_NS_P] = "p:", [SC_NS_P_LEN] = "p:len:",
  [SC_NS_S] = "s:", [SC_NS_S_LEN] = "s:len:", [SC_NS_S_CAPS] = "s:caps:",
  [SC_NS_S_REPEAT] = "s:repeat:", [SC_NS_S_EMOJI] = "s:emoji:",
  [SC_NS_S_ENTITY] = "s:entity:", [SC_NS_S_SHAPE] = "s:shape:",
  [SC_NS_X_T] = "x:t:", [SC_NS_X_TAIL] = "x:tail:",
  [SC_NS_X_HOW] = "x:how:", [SC_NS_X_LANG] = "x:lang:",
  [SC_NS_A_SHAPE] = "a:shape:",
};

/* The families, in emission order. */
static const struct {
  unsigned flag;
  sc_family_fn fn;
} families[] = {
  {SPAMCLS_F_WORDS, sc_fam_words},
  {SPAMCLS_F_CHARS, sc_fam_chars},
  {SPAMCLS_F_LEET, sc_fam_leet},
  {SPAMCLS_F_URLS, sc_fam_urls},
  {SPAMCLS_F_CONTACT, sc_fam_contact},
  {SPAMCLS_F_STATS, sc_fam_stats},
  {SPAMCLS_F_AUTHOR, sc_fam_author},
  {SPAMCLS_F_LEXICON, sc_fam_lexicon},
  {SPAMCLS_F_LANG_MIX, sc_fam_lang_mix},
};

static void emit_name(spamcls_extractor *x, sc_ns ns, const char *s,
                      size_t n, uint32_t key)
{
  size_t nl = strlen(sc_ns_name[ns]);
  sc_buf_clear(&x->name);
  if (sc_buf_append(&x->name, sc_ns_name[ns], nl) < 0 ||
      sc_buf_append(&x->name, s, n) < 0) {
    x->nomem = 1;
    return;
  }
  x->cb(x->cb_ctx, x->name.data, x->name.len, (key & x->mask) + 1);
}

void sc_emit_slow(spamcls_extractor *x, sc_ns ns, const char *s, size_t n,
                  uint32_t key)
{
  if (x->nkeys == x->kcap) {
    size_t cap = 2 * x->kcap;
    uint32_t *k = cap < x->kcap ? NULL : realloc(x->keys, cap * sizeof *k);
    if (!k) {
      x->nomem = 1;
      return;
    }
    x->keys = k;
    x->kcap = cap;
  }
  x->keys[x->nkeys++] = key;
  if (x->cb)
    emit_name(x, ns, s, n, key);
}

void sc_emit_keys(spamcls_extractor *x, const uint32_t *keys, size_t n)
{
  if (x->kcap - x->nkeys < n) {
    size_t cap = x->kcap;
    while (cap - x->nkeys < n && cap <= SIZE_MAX / 2 / sizeof *x->keys)
      cap *= 2;
    uint32_t *k = cap - x->nkeys < n ? NULL : realloc(x->keys, cap * sizeof *k);
    if (!k) {
      x->nomem = 1;
      return;
    }
    x->keys = k;
    x->kcap = cap;
  }
  memcpy(x->keys + x->nkeys, keys, n * sizeof *keys);
  x->nkeys += n;
}

unsigned char *sc_word_marks(spamcls_extractor *x, size_t n)
{
  if (n > x->marks_cap) {
    size_t cap = x->marks_cap ? x->marks_cap : 256;
    while (cap < n)
      cap *= 2;
    unsigned char *m = realloc(x->marks, cap);
    if (!m) {
      x->nomem = 1;
      return NULL;
    }
    x->marks = m;
    x->marks_cap = cap;
  }
  memset(x->marks, 0, n);
  return x->marks;
}

void sc_emit_str(spamcls_extractor *x, sc_ns ns, const char *s)
{
  sc_emit(x, ns, s, strlen(s));
}

void sc_emit_uint(spamcls_extractor *x, sc_ns ns, unsigned long v)
{
  char d[3 * sizeof v];  /* more than the digits of any unsigned long */
  size_t i = sizeof d;
  do {
    d[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  sc_emit(x, ns, d + i, sizeof d - i);
}

int sc_reserve(spamcls_extractor *x, sc_buf *b, size_t n)
{
  if (sc_buf_reserve(b, n) < 0) {
    x->nomem = 1;
    return -1;
  }
  return 0;
}

const uint32_t *sc_extractor_keys(const spamcls_extractor *x, size_t *n)
{
  *n = x->nkeys;
  return x->keys;
}

spamcls_extractor *spamcls_extractor_new(const spamcls_pipeline *p)
{
  if (!p || spamcls_pipeline_check(p))
    return NULL;
  spamcls_extractor *x = calloc(1, sizeof *x);
  if (!x)
    return NULL;
  x->p = *p;
  x->mask = (uint32_t)((1ul << p->hash_bits) - 1);
  if (p->flags & SPAMCLS_F_DOWNWEIGHT) {
    x->light_tag = x->mask + 1;
    x->vec.tag = x->light_tag;
    x->vec.tag_weight = SC_LIGHT_WEIGHT;
  }
  for (int i = 0; i < SC_NS_COUNT; i++)
    x->seed[i] = sc_hash32(sc_ns_name[i], strlen(sc_ns_name[i]),
                           SC_HASH_SEED);
  x->psl = psl_builtin();
  x->norm = sc_norm_new();
  x->wc = sc_wcache_new();  /* without it, extraction is only slower */
  if (p->flags & SPAMCLS_F_LEXICON) {
    x->lex = sc_lex_new(p->lexicon, p->lexicon_len);
    x->p.lexicon = NULL;  /* borrowed: not to be used after this call */
    x->p.lexicon_len = 0;
    if (!x->lex) {
      spamcls_extractor_free(x);
      return NULL;
    }
  }
  if (p->flags & SPAMCLS_F_LANG_MIX) {
    x->lang = sc_lang_new();
    if (!x->lang) {
      spamcls_extractor_free(x);
      return NULL;
    }
  }
  /* Room for a typical comment up front; everything grows on demand. */
  x->kcap = 1024;
  x->keys = malloc(x->kcap * sizeof *x->keys);
  if (!x->psl || !x->norm || !x->keys || sc_buf_reserve(&x->text, 256) < 0 ||
      sc_buf_append(&x->text, "", 0) < 0) {
    spamcls_extractor_free(x);
    return NULL;
  }
  return x;
}

void spamcls_extractor_free(spamcls_extractor *x)
{
  if (!x)
    return;
  sc_norm_free(x->norm);
  sc_lex_free(x->lex);
  sc_lang_free(x->lang);
  sc_wcache_free(x->wc);
  free(x->marks);
  sc_buf_free(&x->shown);
  sc_buf_free(&x->text);
  sc_buf_free(&x->author);
  sc_buf_free(&x->url);
  sc_toks_free(&x->body);
  sc_toks_free(&x->auth);
  free(x->keys);
  sc_vec_free(&x->vec);
  sc_buf_free(&x->scratch);
  sc_buf_free(&x->host);
  sc_buf_free(&x->name);
  sc_buf_free(&x->leet_l);
  sc_buf_free(&x->leet_doc);
  free(x->cpoff);
  free(x);
}

/* Normalizes an optional field into b ("" when absent), and what
 * normalization saw into *st. */
static spamcls_status norm_field(spamcls_extractor *x, const char *s,
                                 size_t n, sc_buf *b, sc_text_stats *st)
{
  sc_buf_clear(b);
  memset(st, 0, sizeof *st);
  if (s && sc_normalize(x->norm, s, n, b, st) != SPAMCLS_OK)
    return SPAMCLS_ERR_NOMEM;
  /* data stays a valid string even when nothing was ever appended */
  return sc_buf_append(b, "", 0) < 0 ? SPAMCLS_ERR_NOMEM : SPAMCLS_OK;
}

/* Runs the families over c; x->keys holds the buckets afterwards. The
 * comment is empty, and has no features, when its text normalizes to
 * nothing, whatever its author fields: an empty comment is reported, not
 * guessed, and a name alone is too little to judge. */
static spamcls_status run(spamcls_extractor *x, const spamcls_comment *c,
                          int *empty)
{
  x->nkeys = 0;
  x->nomem = 0;
  x->leet_text = 0;
  memset(&x->st, 0, sizeof x->st);
  sc_buf_clear(&x->text);
  sc_buf_clear(&x->author);
  sc_buf_clear(&x->url);
  *empty = 1;
  const char *text = c->text;
  size_t text_len = c->text_len;
  if (text && (x->p.flags & SPAMCLS_F_MARKUP)) {
    int m = sc_markup_text(text, text_len, &x->shown);
    if (m < 0)
      return SPAMCLS_ERR_NOMEM;
    if (m > 0) {
      text = x->shown.len ? x->shown.data : "";
      text_len = x->shown.len;
    }
  }
  if (text &&
      sc_normalize(x->norm, text, text_len, &x->text, &x->st) != SPAMCLS_OK)
    return SPAMCLS_ERR_NOMEM;
  if (sc_buf_append(&x->text, "", 0) < 0)
    return SPAMCLS_ERR_NOMEM;
  if (x->p.flags & SPAMCLS_F_AUTHOR) {
    sc_text_stats url_st;
    if (norm_field(x, c->author, c->author_len, &x->author, &x->author_st) !=
            SPAMCLS_OK ||
        norm_field(x, c->author_url, c->author_url_len, &x->url, &url_st) !=
            SPAMCLS_OK)
      return SPAMCLS_ERR_NOMEM;
  }
  *empty = x->text.len == 0;
  if (*empty)
    return SPAMCLS_OK;

  if (sc_tokenize(&x->body, x->text.data, x->text.len) != SPAMCLS_OK ||
      sc_tokenize(&x->auth, x->author.len ? x->author.data : "",
                  x->author.len) != SPAMCLS_OK)
    return SPAMCLS_ERR_NOMEM;
  if (x->p.flags & SPAMCLS_F_LEET)
    sc_leet_words(x, &x->body);
  sc_doc d = {
    .text = x->text.data, .len = x->text.len, .st = &x->st,
    .words = &x->body,
    .author = x->author.len ? x->author.data : "",
    .author_len = x->author.len, .author_words = &x->auth,
    .author_url = x->url.len ? x->url.data : "",
    .author_url_len = x->url.len, .author_st = &x->author_st,
  };
  /* Without names, the word families go through the word cache. */
  const unsigned cached = SPAMCLS_F_WORDS | SPAMCLS_F_CHARS |
                          SPAMCLS_F_LEXICON | SPAMCLS_F_LANG_MIX;
  int use_cache = !x->cb && x->wc;
  if (use_cache && (x->p.flags & cached))
    sc_fam_cached(x, &d);
  for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
    if ((x->p.flags & families[i].flag) &&
        !(use_cache && (families[i].flag & cached)))
      families[i].fn(x, &d);
  return x->nomem ? SPAMCLS_ERR_NOMEM : SPAMCLS_OK;
}

spamcls_status spamcls_extract(spamcls_extractor *x, const spamcls_comment *c,
                               spamcls_vector *out)
{
  if (!out)
    return SPAMCLS_ERR_PARAM;
  memset(out, 0, sizeof *out);
  if (!x || !c)
    return SPAMCLS_ERR_PARAM;
  x->cb = NULL;
  int empty;
  spamcls_status rc = run(x, c, &empty);
  out->invalid_utf8 = x->st.invalid_utf8;
  out->empty = empty;
  size_t nf = 0;
  if (rc == SPAMCLS_OK)
    rc = sc_vec_build(&x->vec, x->keys, x->nkeys, x->p.hash_bits, &nf);
  if (rc != SPAMCLS_OK) {
    x->nkeys = 0;
    return rc;
  }
  out->f = x->vec.f;
  out->n = nf;
  return SPAMCLS_OK;
}

spamcls_status sc_extract_dot(spamcls_extractor *x, const spamcls_comment *c,
                              const float *w, uint32_t dim, double *dot,
                              int *empty, unsigned *invalid_utf8)
{
  x->cb = NULL;
  spamcls_status rc = run(x, c, empty);
  *invalid_utf8 = x->st.invalid_utf8;
  *dot = 0;
  if (rc == SPAMCLS_OK && !*empty)
    rc = sc_vec_dot(&x->vec, x->keys, x->nkeys, w, dim, dot);
  x->nkeys = 0;
  return rc;
}

spamcls_status spamcls_extract_names(spamcls_extractor *x,
                                     const spamcls_comment *c,
                                     spamcls_feature_cb cb, void *ctx)
{
  if (!x || !c || !cb)
    return SPAMCLS_ERR_PARAM;
  x->cb = cb;
  x->cb_ctx = ctx;
  int empty;
  spamcls_status rc = run(x, c, &empty);
  x->cb = NULL;
  x->cb_ctx = NULL;
  return rc;
}

const char *spamcls_extractor_text(const spamcls_extractor *x, size_t *len)
{
  if (!x || !x->text.data) {
    if (len)
      *len = 0;
    return "";
  }
  if (len)
    *len = x->text.len;
  return x->text.data;
}
