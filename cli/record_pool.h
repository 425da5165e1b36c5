/*
 * record_pool.h - a function run over records on N threads, its output
 * written in input order, so "-j N" prints the same bytes as "-j 1".
 */
#ifndef SC_RECORD_POOL_H
#define SC_RECORD_POOL_H

#include <stdio.h>

#include "spamcls.h"

typedef struct rec_pool_fns {
  /* Per-thread state (a scorer, buffers); NULL when out of memory. */
  void *(*worker_new)(void *ctx);
  void (*worker_free)(void *w);
  /* Runs one record, printing to out; sets bits in *flag as it likes.
   * Returns 0, or an exit code that stops the run. */
  int (*run)(void *w, const spamcls_comment *c, const char *path, FILE *out,
             int *flag);
  int nomem;      /* the exit code for running out of memory */
  int output;     /* ... and for failing to write the output */
} rec_pool_fns;

typedef struct rec_pool rec_pool;

/* A pool of jobs threads writing to out: jobs - 1 started here, and the
 * caller's, which runs batches in rec_pool_add and rec_pool_finish while
 * it would otherwise wait. NULL when out of memory. */
rec_pool *rec_pool_new(unsigned jobs, const rec_pool_fns *f, void *ctx,
                       FILE *out);
/* Copies record c of path (a string that lives until rec_pool_finish) to
 * the pool; writes whatever is done. Returns 0, or the exit code that
 * stopped the run. */
int rec_pool_add(rec_pool *p, const char *path, const spamcls_comment *c);
/* Runs and writes every record added so far (the batch being filled
 * included) and flushes out: for a stream whose next record has not
 * arrived. Returns 0 or the exit code that stopped the run. */
int rec_pool_drain(rec_pool *p);
/* Runs and writes what is left and stops the threads; returns 0 or the
 * exit code that stopped the run, and the OR of the records' flags. */
int rec_pool_finish(rec_pool *p, int *flag);
void rec_pool_free(rec_pool *p);

#endif /* SC_RECORD_POOL_H */
