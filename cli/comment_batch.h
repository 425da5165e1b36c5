/*
 * comment_batch.h - comments copied out of a reader's buffers, so that
 * they outlive the record that gave them: a batch for other threads.
 */
#ifndef SC_COMMENT_BATCH_H
#define SC_COMMENT_BATCH_H

#include <stddef.h>

#include "spamcls.h"

typedef struct cb_rec cb_rec;

typedef struct comment_batch {
  char *arena;             /* every field's bytes */
  size_t alen, acap;
  cb_rec *r;
  size_t n, cap;
  spamcls_comment *c;      /* comment_batch_comments' array */
  size_t c_cap;
} comment_batch;

/* Copies c (every field, its label, source and line) into the batch;
 * -1 when out of memory. */
int comment_batch_add(comment_batch *b, const spamcls_comment *c);
/* Comment i, pointing into the batch until it is cleared. */
void comment_batch_get(const comment_batch *b, size_t i, spamcls_comment *c);
/* All of them as one array (NULL when out of memory). */
const spamcls_comment *comment_batch_comments(comment_batch *b);
/* Bytes copied so far. */
size_t comment_batch_bytes(const comment_batch *b);
/* Empties the batch and keeps its memory. */
void comment_batch_clear(comment_batch *b);
void comment_batch_free(comment_batch *b);

#endif /* SC_COMMENT_BATCH_H */
