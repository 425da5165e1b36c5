/*
 * moderate_page.h - one page moderated: its comment records, its counts
 * and its cleaned bytes.
 */
#ifndef SC_MODERATE_PAGE_H
#define SC_MODERATE_PAGE_H

#include <stdio.h>

#include "moderate.h"

/* Site statuses (spamcls_site_status) and verdicts (spamcls_verdict). */
#define MOD_SITE_STATUSES 6
#define MOD_VERDICTS 4

typedef struct page_stats {
  unsigned long comments, spam, ham, unsure, empty, removed, kept_spam;
  unsigned invalid_utf8;
  const char *markup;
  unsigned long long size, mtime_ns, inode;  /* the file's identity */
  char charset_ignored[32];  /* a declared charset that cannot be right */
  unsigned capped;           /* elements whose attributes were cut */
  unsigned long truncated;   /* comments judged on their start only */
  /* A site export (moderate_export.c): what the site had decided beside
   * the verdict, by site status and verdict. */
  int export_kind;           /* spamcls_export_kind; 0 for a page */
  unsigned long marked;      /* spam, flagged as such in the copy */
  unsigned long unmarkable;  /* spam the site shows, without a status field */
  unsigned long disagree;    /* site approved, verdict spam; or the reverse */
  unsigned long site[MOD_SITE_STATUSES][MOD_VERDICTS];
} page_stats;

/* A scorer for one thread: thresholds set, room for explanations. */
int mod_scorer_init(mod_scorer *m, const spamcls_model *model,
                    double threshold, double margin, unsigned long explain);
void mod_scorer_free(mod_scorer *m);

/* Where a page came from, beyond its name: the charset it was served
 * with (NULL: what it declares) and JSON fields (",\"key\":value...")
 * added to each of its records (NULL: none). A page of a web archive has
 * both. */
typedef struct page_origin {
  const char *charset;
  const char *fields;
} page_origin;

/* Moderates data[0..len) (spamcls_moderate_page) as page number seq
 * named page: writes one report record per comment to out and fills st.
 * When res is not NULL it receives the moderation (its cleaned bytes;
 * caller frees). from may be NULL. Returns a status. */
spamcls_status mod_page(mod_scorer *m, const char *page, unsigned long seq,
                        const char *data, size_t len, spamcls_page_kind kind,
                        const page_origin *from, FILE *out, page_stats *st,
                        spamcls_moderation **res);
/* Writes the start of a comment's report record: '{', page, index,
 * author, date, verdict, score, probability, features and body. */
void mod_record_common(FILE *out, const spamcls_contribution *why,
                       const char *page, size_t index,
                       const spamcls_page_comment *c,
                       const spamcls_result *r, size_t nwhy);

/* Site exports (moderate_export.c). */
/* The export path is: its name ends in .xml and its first bytes are
 * those of a WXR or Disqus export; 0 (SPAMCLS_EXPORT_NONE) otherwise. */
spamcls_export_kind mod_export_kind(const char *path);
/* Moderates the export at path: one report record per comment to out,
 * the copy with spam marked written to crel below outfd, counts in st
 * (sb: the file's status). Comments are judged in batches on o->jobs
 * threads (m, and scorers made from model for the others). PAGE_OK, or
 * why it was skipped (msg). */
page_skip mod_export(mod_scorer *m, const spamcls_model *model,
                     const mod_opts *o, int outfd, const char *path,
                     spamcls_export_kind kind, const char *crel,
                     unsigned long seq, FILE *out, page_stats *st,
                     struct stat *sb, char *msg, size_t msglen);
/* The page record's fields for an export (",\"export\":..."). */
void mod_export_counts(FILE *out, const page_stats *st);

/* Writes the page record of a moderated page, or of a skipped one;
 * fields as page_origin's (NULL: none). */
void mod_page_record(FILE *out, const char *page, unsigned long seq,
                     const char *clean, const page_stats *st,
                     const char *fields);
void mod_skip_record(FILE *out, const char *page, unsigned long seq,
                     page_skip why, const char *msg, const char *fields);

#endif /* SC_MODERATE_PAGE_H */
