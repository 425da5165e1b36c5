/*
 * moderate_page.h - one page through extraction and scoring: its comment
 * records, its counts and the spans a cleaned copy leaves out.
 */
#ifndef SC_MODERATE_PAGE_H
#define SC_MODERATE_PAGE_H

#include <stdio.h>

#include "moderate.h"

typedef struct page_stats {
  unsigned long comments, spam, ham, unsure, empty, removed, kept_spam;
  unsigned invalid_utf8;
  const char *markup;
  unsigned long long size, mtime_ns, inode;  /* the file's identity */
  char charset_ignored[32];  /* a declared charset that cannot be right */
  unsigned capped;           /* elements whose attributes were cut */
  unsigned long truncated;   /* comments judged on their start only */
} page_stats;

/* A span of the page left out of its cleaned copy. */
typedef struct cut {
  size_t start, end;
} cut;

/* A scorer for one thread: thresholds set, room for explanations. */
int mod_scorer_init(mod_scorer *m, const spamcls_model *model,
                    double threshold, double margin, unsigned long explain);
void mod_scorer_free(mod_scorer *m);

/* Extracts and scores data[0..len) as page number seq named page: writes
 * one report record per comment to out and fills st. When cuts is not
 * NULL it receives the spans of removed (spam, removable) comments in
 * ascending order, not overlapping (caller frees). Returns a status. */
spamcls_status mod_page(mod_scorer *m, const char *page, unsigned long seq,
                        const char *data, size_t len, spamcls_page_kind kind,
                        FILE *out, page_stats *st, cut **cuts, size_t *ncuts);

/* Writes the page record of a moderated page, or of a skipped one. */
void mod_page_record(FILE *out, const char *page, unsigned long seq,
                     const char *clean, const page_stats *st);
void mod_skip_record(FILE *out, const char *page, unsigned long seq,
                     page_skip why, const char *msg);

#endif /* SC_MODERATE_PAGE_H */
