/*
 * feat_names.h - helpers shared by the feature suites: run
 * spamcls_extract_names and keep the names ("w:slot\n" lines) and indices;
 * check a comment's vector against its names.
 */
#ifndef FEAT_NAMES_H
#define FEAT_NAMES_H

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

typedef struct names {
  sc_buf text;       /* "\n" + one name per line, each followed by "\n" */
  uint32_t *idx;
  size_t n, cap;
} names;

/* Plain ifs rather than ck_assert here: Check records every passing
 * assertion, which makes per-feature assertions slow. */
static inline void names_cb(void *ctx, const char *name, size_t len,
                            uint32_t index)
{
  names *nm = ctx;
  if ((!nm->text.len && sc_buf_putc(&nm->text, '\n') < 0) ||
      sc_buf_append(&nm->text, name, len) < 0 ||
      sc_buf_putc(&nm->text, '\n') < 0)
    ck_abort_msg("out of memory");
  if (nm->n == nm->cap) {
    nm->cap = nm->cap ? 2 * nm->cap : 64;
    nm->idx = realloc(nm->idx, nm->cap * sizeof *nm->idx);
    if (!nm->idx)
      ck_abort_msg("out of memory");
  }
  nm->idx[nm->n++] = index;
}

static inline void names_free(names *nm)
{
  sc_buf_free(&nm->text);
  free(nm->idx);
  memset(nm, 0, sizeof *nm);
}

/* Names of comment (text, author, url; NULL: absent) under pipeline p. */
static inline void names_of(const spamcls_pipeline *p, const char *text,
                     const char *author, const char *url, names *nm)
{
  memset(nm, 0, sizeof *nm);
  spamcls_extractor *x = spamcls_extractor_new(p);
  ck_assert_ptr_nonnull(x);
  spamcls_comment c = {0};
  c.text = text;
  c.text_len = text ? strlen(text) : 0;
  c.author = author;
  c.author_len = author ? strlen(author) : 0;
  c.author_url = url;
  c.author_url_len = url ? strlen(url) : 0;
  ck_assert_int_eq(spamcls_extract_names(x, &c, names_cb, nm), SPAMCLS_OK);
  spamcls_extractor_free(x);
  if (!nm->text.len)
    ck_assert_int_eq(sc_buf_putc(&nm->text, '\n'), 0);
}

/* The default pipeline with only the families in flags. */
static inline spamcls_pipeline only(unsigned flags)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.flags = flags;
  return p;
}

static inline int has_name(const names *nm, const char *name)
{
  size_t n = strlen(name);
  for (const char *s = nm->text.data; (s = strstr(s, name)) != NULL; s++)
    if (s[-1] == '\n' && s[n] == '\n')
      return 1;
  return 0;
}

/* How many names start with prefix. */
static inline size_t count_prefix(const names *nm, const char *prefix)
{
  size_t c = 0, n = strlen(prefix);
  for (const char *s = nm->text.data; *s; s++)
    if (s[0] == '\n' && strncmp(s + 1, prefix, n) == 0)
      c++;
  return c;
}

/* Checks each "|"-separated name in want is present (or absent). */
static inline void expect_names(const names *nm, const char *want,
                                int present, const char *input)
{
  if (!want)
    return;
  const char *s = want;
  while (*s) {
    const char *e = strchr(s, '|');
    size_t l = e ? (size_t)(e - s) : strlen(s);
    char name[256];
    ck_assert_uint_lt(l, sizeof name);
    memcpy(name, s, l);
    name[l] = '\0';
    ck_assert_msg(has_name(nm, name) == present, "%s: %s %s in:%s", input,
                  name, present ? "missing" : "unexpected", nm->text.data);
    s = e ? e + 1 : s + l;
  }
}

static inline int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* What is wrong with one comment's vector and names, or NULL: the
 * vector's invariants hold and the names give the very same multiset of
 * buckets. Plain checks, one assertion per comment (see names_cb). */
static inline const char *comment_problem(spamcls_extractor *x,
                                          const spamcls_comment *c)
{
  const char *problem = NULL;
  const uint32_t *k;
  names nm = {0};
  spamcls_vector v;
  size_t nk, distinct = 0;
  double norm = 0;
  if (spamcls_extract_names(x, c, names_cb, &nm) != SPAMCLS_OK ||
      spamcls_extract(x, c, &v) != SPAMCLS_OK) {
    problem = "extraction failed";
    goto done;
  }
  k = sc_extractor_keys(x, &nk);
  if (nk != nm.n) {
    problem = "names and indices differ in number";
    goto done;
  }
  if (nm.n)  /* qsort's array may not be NULL, even when empty */
    qsort(nm.idx, nm.n, sizeof *nm.idx, cmp_u32);
  for (size_t i = 0; i < nk; i++) {
    if ((k[i] & x->mask) + 1 != nm.idx[i]) {  /* less the downweight tag */
      problem = "names and indices differ";
      goto done;
    }
    distinct += i == 0 || nm.idx[i] != nm.idx[i - 1];
  }
  if (v.n != distinct) {
    problem = "vector length is not the number of distinct buckets";
    goto done;
  }
  for (size_t i = 0; i < v.n; i++) {
    if (v.f[i].index < 1 || v.f[i].index > (uint32_t)1 << 20 ||
        (i && v.f[i - 1].index >= v.f[i].index) || !(v.f[i].value > 0)) {
      problem = "vector index or value out of order or range";
      goto done;
    }
    norm += (double)v.f[i].value * v.f[i].value;
  }
  if (v.n && fabs(norm - 1.0) > 1e-5)
    problem = "vector norm is not 1";
  else if (v.empty && v.n)
    problem = "empty comment with features";
done:
  names_free(&nm);
  return problem;
}

#endif /* FEAT_NAMES_H */
