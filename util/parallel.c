/*
 * parallel.c - the processors to use, a function run over parts of a job
 * on threads of their own, and fresh memory made ready by the thread that
 * is about to fill it.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

unsigned sc_processors(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 1 ? (unsigned)(n < 1024 ? n : 1024) : 1;
}

void sc_run_parts(void *(*fn)(void *), void *parts, size_t size, size_t n)
{
  char *p = parts;
  pthread_t *tid = n > 1 ? malloc((n - 1) * sizeof *tid) : NULL;
  unsigned char *started = n > 1 ? calloc(n - 1, 1) : NULL;
  if (!tid || !started) {  /* no memory for threads: every part here */
    free(tid);
    free(started);
    for (size_t i = 0; i < n; i++)
      fn(p + i * size);
    return;
  }
  for (size_t i = 1; i < n; i++)
    started[i - 1] = pthread_create(&tid[i - 1], NULL, fn, p + i * size) == 0;
  fn(p);
  for (size_t i = 1; i < n; i++) {
    if (started[i - 1])
      pthread_join(tid[i - 1], NULL);
    else
      fn(p + i * size);  /* no thread for it: run it here */
  }
  free(tid);
  free(started);
}

void sc_prefault(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
  long page = sysconf(_SC_PAGESIZE);  /* once a run: cheap enough */
  if (len == 0 || page <= 0)
    return;
  uintptr_t start = (uintptr_t)p & ~(uintptr_t)(page - 1);
  uintptr_t end = (uintptr_t)p + len;
  /* A hint: an old kernel says EINVAL, and the pages then fault one by
   * one as the data is written, as they would have anyway. */
  (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
  (void)p;
  (void)len;
#endif
}
