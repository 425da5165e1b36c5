/*
 * fuzz.h - what every fuzz target shares. A target defines
 * LLVMFuzzerTestOneInput and checks its invariants with FUZZ_CHECK, which
 * aborts (a crash to libFuzzer and a failure to the corpus replayer).
 * Built with -fsanitize=fuzzer it is a libFuzzer binary; built with
 * replay.c it is a plain program that runs the files of its corpus.
 */
#ifndef SC_FUZZ_H
#define SC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                  \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
              #cond);                                                     \
      abort();                                                            \
    }                                                                     \
  } while (0)

/* Folds every byte of s[0..n) into *sum, so that a span pointing outside
 * its buffer is read, and reported by AddressSanitizer or valgrind. */
static inline void fuzz_touch(const void *s, size_t n, unsigned *sum)
{
  const unsigned char *p = s;
  for (size_t i = 0; i < n; i++)
    *sum = *sum * 31u + p[i];
}

/* Stores sum where the compiler must assume it is read, so that the loads
 * of fuzz_touch are not optimized away. */
static inline void fuzz_keep(unsigned sum)
{
  __asm__ volatile("" : : "r"(sum) : "memory");
}

#endif /* SC_FUZZ_H */
