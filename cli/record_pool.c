/*
 * record_pool.c - records handed to worker threads in batches, their
 * output written in input order (see record_pool.h).
 *
 * The reading thread copies each record into the batch being filled; a
 * full batch (BATCH_RECORDS records or BATCH_BYTES bytes, or the end of
 * a file) goes to a ring of 2N+2 slots. A worker takes the oldest ready
 * batch, runs every record into an open_memstream buffer and marks it
 * done; the reading thread writes done batches in order before it reuses
 * their slot, so memory is bounded by the ring whatever the input's
 * size. There are N - 1 workers: the reading thread is the Nth, and
 * runs ready batches itself whenever it would otherwise wait.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "comment_batch.h"
#include "record_pool.h"

#define BATCH_RECORDS 1024
#define BATCH_BYTES (1u << 20)

enum { FREE, FILLING, READY, TAKEN, DONE };

typedef struct batch {
  int state;
  comment_batch cb;
  const char *path;
  char *out;          /* the open_memstream buffer */
  size_t out_len;
  int rc, flag;
} batch;

struct rec_pool {
  const rec_pool_fns *f;
  void *ctx;
  FILE *out;
  unsigned jobs;
  pthread_t *tid;
  unsigned started;
  void *own;          /* the reading thread's worker state */
  pthread_mutex_t mu;
  pthread_cond_t ready_cv, done_cv;
  batch *ring;
  size_t slots;
  unsigned long filled, taken, written;  /* batch counts */
  int closing;
  int rc;             /* the first exit code that stopped the run */
  int flag;           /* OR of every record's flag */
};

static void *worker(void *arg);

rec_pool *rec_pool_new(unsigned jobs, const rec_pool_fns *f, void *ctx,
                       FILE *out)
{
  rec_pool *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->f = f;
  p->ctx = ctx;
  p->out = out;
  p->jobs = jobs ? jobs : 1;
  p->slots = 2 * (size_t)p->jobs + 2;
  p->ring = calloc(p->slots, sizeof *p->ring);
  p->tid = calloc(p->jobs, sizeof *p->tid);
  if (!p->ring || !p->tid) {
    free(p->ring);
    free(p->tid);
    free(p);
    return NULL;
  }
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->ready_cv, NULL);
  pthread_cond_init(&p->done_cv, NULL);
  p->own = f->worker_new(ctx);
  if (!p->own) {
    rec_pool_free(p);
    return NULL;
  }
  for (unsigned i = 0; i + 1 < p->jobs; i++) {
    if (pthread_create(&p->tid[i], NULL, worker, p) != 0)
      break;  /* fewer threads: the reading thread runs more batches */
    p->started++;
  }
  return p;
}

/* Runs every record of b through the function, output into b->out. */
static void run_batch(rec_pool *p, void *w, batch *b)
{
  FILE *fp = open_memstream(&b->out, &b->out_len);
  if (!fp) {
    b->rc = p->f->nomem;
    return;
  }
  for (size_t i = 0; i < b->cb.n && !b->rc; i++) {
    spamcls_comment c;
    comment_batch_get(&b->cb, i, &c);
    c.source = b->path;
    b->rc = p->f->run(w, &c, b->path, fp, &b->flag);
  }
  if (fclose(fp) != 0 && !b->rc)
    b->rc = p->f->nomem;
}

static void *worker(void *arg)
{
  rec_pool *p = arg;
  void *w = p->f->worker_new(p->ctx);
  pthread_mutex_lock(&p->mu);
  for (;;) {
    batch *b = &p->ring[p->taken % p->slots];
    while (!p->closing && !(p->taken < p->filled && b->state == READY)) {
      pthread_cond_wait(&p->ready_cv, &p->mu);
      b = &p->ring[p->taken % p->slots];
    }
    if (!(p->taken < p->filled && b->state == READY))
      break;  /* closing, and nothing left */
    b->state = TAKEN;
    p->taken++;
    pthread_mutex_unlock(&p->mu);
    if (w)
      run_batch(p, w, b);
    else
      b->rc = p->f->nomem;
    pthread_mutex_lock(&p->mu);
    b->state = DONE;
    pthread_cond_broadcast(&p->done_cv);
  }
  pthread_mutex_unlock(&p->mu);
  if (w)
    p->f->worker_free(w);
  return NULL;
}

/* Runs the next ready batch on this (the reading) thread; 0 when none is
 * ready. Called with the lock held, which it lets go while it runs. */
static int run_one(rec_pool *p)
{
  batch *b = &p->ring[p->taken % p->slots];
  if (!(p->taken < p->filled && b->state == READY))
    return 0;
  b->state = TAKEN;
  p->taken++;
  pthread_mutex_unlock(&p->mu);
  run_batch(p, p->own, b);
  pthread_mutex_lock(&p->mu);
  b->state = DONE;
  pthread_cond_broadcast(&p->done_cv);
  return 1;
}

/* Writes the oldest batch once it is done (when wait is set, running
 * ready batches or waiting until it is); 1 when one was written. Called
 * with the lock held. */
static int write_oldest(rec_pool *p, int wait)
{
  if (p->written == p->filled)
    return 0;
  batch *b = &p->ring[p->written % p->slots];
  if (b->state != DONE && !wait)
    return 0;
  while (b->state != DONE)
    if (!run_one(p))
      pthread_cond_wait(&p->done_cv, &p->mu);
  if (b->out_len && !p->rc &&
      fwrite(b->out, 1, b->out_len, p->out) != b->out_len)
    p->rc = p->f->output;
  free(b->out);
  b->out = NULL;
  b->out_len = 0;
  if (b->rc && !p->rc)
    p->rc = b->rc;
  p->flag |= b->flag;
  comment_batch_clear(&b->cb);
  b->rc = b->flag = 0;
  b->state = FREE;
  p->written++;
  return 1;
}

/* Hands the batch being filled to the workers. Lock held. */
static void submit(rec_pool *p)
{
  batch *b = &p->ring[p->filled % p->slots];
  if (b->state != FILLING)
    return;
  b->state = READY;
  p->filled++;
  pthread_cond_broadcast(&p->ready_cv);
}

int rec_pool_add(rec_pool *p, const char *path, const spamcls_comment *c)
{
  pthread_mutex_lock(&p->mu);
  while (write_oldest(p, 0))
    ;
  batch *b = &p->ring[p->filled % p->slots];
  if (b->state == FILLING && b->path != path) {
    submit(p);  /* a batch holds one file's records */
    b = &p->ring[p->filled % p->slots];
  }
  if (b->state != FILLING) {
    /* the slot's last batch must be written before it is reused */
    while (b->state != FREE)
      write_oldest(p, 1);
    b->state = FILLING;
    b->path = path;
  }
  int rc = p->rc;
  pthread_mutex_unlock(&p->mu);
  if (rc)
    return rc;

  if (comment_batch_add(&b->cb, c) < 0)
    return p->f->nomem;
  if (b->cb.n >= BATCH_RECORDS || comment_batch_bytes(&b->cb) >= BATCH_BYTES) {
    pthread_mutex_lock(&p->mu);
    submit(p);
    pthread_mutex_unlock(&p->mu);
  }
  return 0;
}

int rec_pool_drain(rec_pool *p)
{
  pthread_mutex_lock(&p->mu);
  submit(p);
  while (write_oldest(p, 1))
    ;
  if (fflush(p->out) != 0 && !p->rc)
    p->rc = p->f->output;
  int rc = p->rc;
  pthread_mutex_unlock(&p->mu);
  return rc;
}

int rec_pool_finish(rec_pool *p, int *flag)
{
  pthread_mutex_lock(&p->mu);
  submit(p);
  while (write_oldest(p, 1))
    ;
  p->closing = 1;
  pthread_cond_broadcast(&p->ready_cv);
  pthread_mutex_unlock(&p->mu);
  for (unsigned i = 0; i < p->started; i++)
    pthread_join(p->tid[i], NULL);
  p->started = 0;
  if (flag)
    *flag = p->flag;
  return p->rc;
}

void rec_pool_free(rec_pool *p)
{
  if (!p)
    return;
  if (p->started) {
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    pthread_cond_broadcast(&p->ready_cv);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->started; i++)
      pthread_join(p->tid[i], NULL);
  }
  for (size_t i = 0; i < p->slots; i++) {
    comment_batch_free(&p->ring[i].cb);
    free(p->ring[i].out);
  }
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->ready_cv);
  pthread_cond_destroy(&p->done_cv);
  if (p->own)
    p->f->worker_free(p->own);
  free(p->ring);
  free(p->tid);
  free(p);
}
