/*
 * page_fixtures.h - a hand-made page of tests/fixtures/pages and the
 * comments extraction must find on it, field for field.
 */
#ifndef PAGE_FIXTURES_H
#define PAGE_FIXTURES_H

#include <stddef.h>

typedef struct want {
  const char *author, *date, *body, *url;
} want;

struct fixture {
  const char *file;
  const char *markup;
  const want *w;
  size_t n;
};

/* One page per comment system and markup family (page_families.c). */
extern const struct fixture page_families[];
extern const size_t page_families_n;

#endif /* PAGE_FIXTURES_H */
