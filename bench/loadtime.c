/*
 * loadtime.c - how long the library takes to load a model and score a
 * first comment: spamcls_model_load + spamcls_scorer_new + one
 * spamcls_score + free, repeated; prints the median and the minimum in ms.
 *
 * Usage: loadtime MODEL [ITERATIONS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <spamcls.h>

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: loadtime MODEL [ITERATIONS]\n");
    return 2;
  }
  int n = argc > 2 ? atoi(argv[2]) : 100;
  if (n < 1)
    n = 1;
  double *t = malloc((size_t)n * sizeof *t);
  if (!t)
    return 7;
  static const char text[] = "nice article, thanks for sharing";
  for (int i = 0; i < n; i++) {
    double t0 = now_ms();
    spamcls_model *m;
    spamcls_error err;
    if (spamcls_model_load(argv[1], &m, &err) != SPAMCLS_OK) {
      fprintf(stderr, "loadtime: %s\n", err.msg);
      return 4;
    }
    spamcls_scorer *s = spamcls_scorer_new(m);
    if (!s)
      return 7;
    spamcls_comment c = {.text = text, .text_len = strlen(text),
                         .label = SPAMCLS_LABEL_NONE};
    spamcls_result r;
    if (spamcls_score(s, &c, &r) != SPAMCLS_OK)
      return 7;
    spamcls_scorer_free(s);
    spamcls_model_free(m);
    t[i] = now_ms() - t0;
  }
  qsort(t, (size_t)n, sizeof *t, cmp_double);
  printf("iterations %d median_ms %.3f min_ms %.3f\n", n, t[n / 2], t[0]);
  free(t);
  return 0;
}
