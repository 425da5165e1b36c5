/*
 * comment_batch.c - comments copied into one arena (see comment_batch.h).
 * Fields are kept as offsets, not pointers, so that the arena can grow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "comment_batch.h"

/* A copied field: offset and length in the arena; has = 0 for NULL. */
typedef struct field {
  size_t off, len;
  int has;
} field;

struct cb_rec {
  field id, text, author, url, group, source;
  spamcls_label label;
  unsigned long line;
};

/* Copies s[0..n) into the arena; -1 when out of memory. */
static int put(comment_batch *b, field *f, const char *s, size_t n)
{
  f->has = s != NULL;
  f->len = n;
  f->off = b->alen;
  if (!s)
    return 0;
  if (n > b->acap - b->alen) {
    size_t cap = b->acap ? b->acap : 64 * 1024;
    while (cap - b->alen < n) {
      if (cap > SIZE_MAX / 2)
        return -1;
      cap *= 2;
    }
    char *a = realloc(b->arena, cap);
    if (!a)
      return -1;
    b->arena = a;
    b->acap = cap;
  }
  memcpy(b->arena + b->alen, s, n);
  b->alen += n;
  return 0;
}

int comment_batch_add(comment_batch *b, const spamcls_comment *c)
{
  if (b->n == b->cap) {
    size_t cap = b->cap ? 2 * b->cap : 64;
    cb_rec *r = realloc(b->r, cap * sizeof *r);
    if (!r)
      return -1;
    b->r = r;
    b->cap = cap;
  }
  cb_rec *r = &b->r[b->n];
  /* A file's records share its name: one copy, with its NUL. */
  const cb_rec *prev = b->n ? &b->r[b->n - 1] : NULL;
  if (c->source && prev && prev->source.has &&
      !strcmp(b->arena + prev->source.off, c->source))
    r->source = prev->source;
  else if (put(b, &r->source, c->source, c->source ? strlen(c->source) + 1 : 0) < 0)
    return -1;
  if (put(b, &r->id, c->id, c->id_len) < 0 ||
      put(b, &r->text, c->text, c->text_len) < 0 ||
      put(b, &r->author, c->author, c->author_len) < 0 ||
      put(b, &r->url, c->author_url, c->author_url_len) < 0 ||
      put(b, &r->group, c->group, c->group_len) < 0)
    return -1;
  r->label = c->label;
  r->line = c->line;
  b->n++;
  return 0;
}

static const char *at(const comment_batch *b, const field *f)
{
  return f->has ? b->arena + f->off : NULL;
}

void comment_batch_get(const comment_batch *b, size_t i, spamcls_comment *c)
{
  const cb_rec *r = &b->r[i];
  *c = (spamcls_comment){
    .id = at(b, &r->id), .id_len = r->id.len,
    .text = at(b, &r->text), .text_len = r->text.len,
    .author = at(b, &r->author), .author_len = r->author.len,
    .author_url = at(b, &r->url), .author_url_len = r->url.len,
    .group = at(b, &r->group), .group_len = r->group.len,
    .label = r->label,
    .source = at(b, &r->source),
    .line = r->line,
  };
}

const spamcls_comment *comment_batch_comments(comment_batch *b)
{
  if (b->n > b->c_cap) {
    spamcls_comment *c = realloc(b->c, b->n * sizeof *c);
    if (!c)
      return NULL;
    b->c = c;
    b->c_cap = b->n;
  }
  for (size_t i = 0; i < b->n; i++)
    comment_batch_get(b, i, &b->c[i]);
  return b->c;
}

size_t comment_batch_bytes(const comment_batch *b)
{
  return b->alen;
}

void comment_batch_clear(comment_batch *b)
{
  b->n = b->alen = 0;
}

void comment_batch_free(comment_batch *b)
{
  free(b->arena);
  free(b->r);
  free(b->c);
  memset(b, 0, sizeof *b);
}
