/*
 * explain.c - which features moved a score most.
 *
 * The comment is extracted once for its vector (copied, since the next
 * call on the extractor replaces it) and once more by name. Each distinct
 * name is reported with the contribution of its bucket, w[idx] * value:
 * names that share a bucket (hash collisions, or a word and its folded
 * variant) share that one contribution, and a bucket is ranked once, by
 * |contribution|, its names listed together in the order they were
 * generated. Features whose bucket has weight 0 moved nothing and are left
 * out. Names longer than the output field are cut at a UTF-8 boundary.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

typedef struct entry {
  size_t off, len;   /* the name, in names */
  const char *name;  /* set once names stops growing */
  uint32_t index;
  size_t order;      /* first occurrence */
  double contrib;
} entry;

typedef struct collect {
  sc_buf names;
  entry *e;
  size_t n, cap;
  int nomem;
} collect;

static void on_name(void *ctx, const char *name, size_t len, uint32_t index)
{
  collect *c = ctx;
  if (c->nomem)
    return;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    entry *e = realloc(c->e, cap * sizeof *e);
    if (!e) {
      c->nomem = 1;
      return;
    }
    c->e = e;
    c->cap = cap;
  }
  entry *e = &c->e[c->n];
  e->off = c->names.len;
  e->len = len;
  e->index = index;
  e->order = c->n;
  e->contrib = 0;
  if (sc_buf_append(&c->names, name, len) < 0) {
    c->nomem = 1;
    return;
  }
  c->n++;
}

static int by_name(const void *pa, const void *pb)
{
  const entry *a = pa, *b = pb;
  size_t n = a->len < b->len ? a->len : b->len;
  int r = memcmp(a->name, b->name, n);
  if (r)
    return r;
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static int by_contribution(const void *pa, const void *pb)
{
  const entry *a = pa, *b = pb;
  double x = fabs(a->contrib), y = fabs(b->contrib);
  if (x != y)
    return x > y ? -1 : 1;
  if (a->index != b->index)
    return a->index < b->index ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* The value of bucket idx in the sorted vector, 0 when absent. */
static double value_of(const spamcls_feature *f, size_t n, uint32_t idx)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f[mid].index < idx)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && f[lo].index == idx ? f[lo].value : 0.0;
}

/* Copies at most size - 1 bytes, not splitting a UTF-8 sequence. */
static void copy_name(char *dst, size_t size, const char *s, size_t len)
{
  if (len >= size) {
    len = size - 1;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(dst, s, len);
  dst[len] = '\0';
}

static spamcls_status keep_vector(spamcls_scorer *s, const spamcls_vector *v)
{
  if (v->n > s->vec_cap) {
    spamcls_feature *f = realloc(s->vec, v->n * sizeof *f);
    if (!f)
      return SPAMCLS_ERR_NOMEM;
    s->vec = f;
    s->vec_cap = v->n;
  }
  if (v->n)
    memcpy(s->vec, v->f, v->n * sizeof *v->f);
  s->vec_n = v->n;
  return SPAMCLS_OK;
}

spamcls_status spamcls_explain(spamcls_scorer *s, const spamcls_comment *c,
                               spamcls_result *result,
                               spamcls_contribution *out, size_t n,
                               size_t *n_out)
{
  if (!s || !c || !result || (!out && n) || !n_out)
    return SPAMCLS_ERR_PARAM;
  *n_out = 0;
  /* The score exactly as spamcls_score gives it; then the vector, for
   * each feature's share. */
  spamcls_status st = spamcls_score(s, c, result);
  if (st != SPAMCLS_OK || result->verdict == SPAMCLS_EMPTY || n == 0)
    return st;
  spamcls_vector v;
  if ((st = spamcls_extract(s->x, c, &v)) != SPAMCLS_OK ||
      (st = keep_vector(s, &v)) != SPAMCLS_OK)
    return st;

  collect col;
  memset(&col, 0, sizeof col);
  st = spamcls_extract_names(s->x, c, on_name, &col);
  if (st == SPAMCLS_OK && col.nomem)
    st = SPAMCLS_ERR_NOMEM;
  if (st == SPAMCLS_OK && col.n) {
    for (size_t i = 0; i < col.n; i++)
      col.e[i].name = col.names.data + col.e[i].off;
    /* Distinct names, each at its first occurrence. */
    qsort(col.e, col.n, sizeof *col.e, by_name);
    size_t k = 0;
    for (size_t i = 0; i < col.n; i++) {
      if (k && col.e[k - 1].len == col.e[i].len &&
          memcmp(col.e[k - 1].name, col.e[i].name, col.e[i].len) == 0)
        continue;
      entry e = col.e[i];
      e.contrib = e.index <= s->m->lin.dim
                      ? (double)s->m->lin.w[e.index] *
                            value_of(s->vec, s->vec_n, e.index)
                      : 0.0;
      if (e.contrib != 0)
        col.e[k++] = e;
    }
    qsort(col.e, k, sizeof *col.e, by_contribution);
    size_t m = k < n ? k : n;
    for (size_t i = 0; i < m; i++) {
      copy_name(out[i].name, sizeof out[i].name, col.e[i].name, col.e[i].len);
      out[i].weight = col.e[i].contrib;
    }
    *n_out = m;
  }
  free(col.e);
  sc_buf_free(&col.names);
  return st;
}
