/*
 * linear.c - the collapsed decision function w.x + b that every solver
 * ends as, and the sparse dot product that scores with it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "classifier.h"

int sc_linear_init(sc_linear *l, uint32_t dim)
{
  l->dim = dim;
  l->b = 0;
  l->map = NULL;  /* the struct may come uninitialized */
  l->map_len = 0;
  l->w = calloc((size_t)dim + 1, sizeof *l->w);
  return l->w ? 0 : -1;
}

/* Looks at the bits, eight lanes at a time, so that the compiler turns
 * the lanes into vector compares at -O2 (SSE2 is enough): a model's
 * million weights are scanned on every load. -0 counts as zero, as it
 * compares equal to it. The lane counters hold n / 8 at most, and a model
 * has at most 2^24 + 1 weights. */
int sc_weights_scan(const float *w, size_t n, size_t *nonzero)
{
  enum { LANES = 8 };
  const uint32_t exp = 0x7f800000u, mag = 0x7fffffffu;
  uint32_t bad[LANES] = {0}, zeros[LANES] = {0};
  size_t i = 0;
  for (; i + LANES <= n; i += LANES) {
    uint32_t u[LANES];
    memcpy(u, w + i, sizeof u);
    for (size_t k = 0; k < LANES; k++) {
      bad[k] |= (u[k] & exp) == exp;  /* infinite or NaN */
      zeros[k] += (u[k] & mag) == 0;
    }
  }
  size_t z = 0;
  uint32_t any_bad = 0;
  for (; i < n; i++) {
    uint32_t u;
    memcpy(&u, w + i, 4);
    any_bad |= (u & exp) == exp;
    z += (u & mag) == 0;
  }
  for (size_t k = 0; k < LANES; k++) {
    any_bad |= bad[k];
    z += zeros[k];
  }
  *nonzero = n - z;
  return !any_bad;
}

/* Transparent huge pages, where the kernel gives them on request: a
 * model's megabytes of weights then take a few page faults instead of a
 * thousand, which is most of what loading a model costs in a short run. */
#define HUGE_PAGE ((size_t)2 << 20)

float *sc_weights_alloc(sc_linear *l, size_t n)
{
  l->map = NULL;
  l->map_len = 0;
  size_t bytes = n * sizeof *l->w;
  if (n > SIZE_MAX / sizeof *l->w / 2)
    return l->w = NULL;
#ifdef MADV_HUGEPAGE
  if (bytes >= HUGE_PAGE) {
    size_t len = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    char *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
      /* keep the aligned part only */
      char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
      if (a > p)
        munmap(p, (size_t)(a - p));
      if (a + len < p + len + HUGE_PAGE)
        munmap(a + len, (size_t)(p + len + HUGE_PAGE - (a + len)));
      madvise(a, len, MADV_HUGEPAGE);  /* advice: fine if refused */
      l->map = a;
      l->map_len = len;
      return l->w = (float *)(void *)a;
    }
  }
#endif
  return l->w = malloc(bytes ? bytes : 1);
}

void sc_linear_free(sc_linear *l)
{
  if (l->map)
    munmap(l->map, l->map_len);
  else
    free(l->w);
  l->map = NULL;
  l->map_len = 0;
  l->w = NULL;
  l->dim = 0;
  l->b = 0;
}

double sc_decision(const sc_linear *l, const spamcls_feature *f, size_t n)
{
  /* Summed in double in vector order: the same score on every run. */
  double s = 0;
  for (size_t i = 0; i < n; i++)
    if (f[i].index <= l->dim)
      s += (double)l->w[f[i].index] * (double)f[i].value;
  return s + l->b;
}
