/*
 * page_records.h - one page moderated: its comment records, its counts
 * and its cleaned bytes (the records' format: report.h).
 */
#ifndef SC_MODERATE_PAGE_H
#define SC_MODERATE_PAGE_H

#include <stdio.h>

#include "run.h"
#include "report.h"

/* A scorer for one thread: thresholds set, room for explanations. */
int sc_mod_scorer_init(sc_mod_scorer *m, const spamcls_model *model,
                       double threshold, double margin, unsigned long explain);
void sc_mod_scorer_free(sc_mod_scorer *m);

/* Where a page came from, beyond its name: the charset it was served
 * with (NULL: what it declares) and JSON fields (",\"key\":value...")
 * added to each of its records (NULL: none). A page of a web archive has
 * both. */
typedef struct sc_page_origin {
  const char *charset;
  const char *fields;
} sc_page_origin;

/* Moderates data[0..len) (spamcls_moderate_page) as page number seq
 * named page: writes one report record per comment to out and fills st.
 * When res is not NULL it receives the moderation (its cleaned bytes;
 * caller frees). from may be NULL. Returns a status. */
spamcls_status sc_mod_page(sc_mod_scorer *m, const char *page, unsigned long seq,
                           const char *data, size_t len, spamcls_page_kind kind,
                        const sc_page_origin *from, FILE *out, sc_page_stats *st,
                        spamcls_moderation **res);

/* Site exports (export_run.c). */
/* The export path is: its name ends in .xml and its first bytes are
 * those of a WXR or Disqus export; 0 (SPAMCLS_EXPORT_NONE) otherwise. */
spamcls_export_kind sc_mod_export_kind(const char *path);
/* Moderates the export at path: one report record per comment to out,
 * the copy with spam marked written to crel below outfd, counts in st
 * (sb: the file's status). Comments are judged in batches on o->jobs
 * threads (m, and scorers made from model for the others). SC_PAGE_OK, or
 * why it was skipped (msg). */
sc_page_skip sc_mod_export(sc_mod_scorer *m, const spamcls_model *model,
                           const sc_mod_opts *o, int outfd, const char *path,
                           spamcls_export_kind kind, const char *crel,
                           unsigned long seq, FILE *out, sc_page_stats *st,
                           struct stat *sb, char *msg, size_t msglen);

#endif /* SC_MODERATE_PAGE_H */
