/*
 * report.h - the records of a moderation report.
 *
 * report.jsonl holds one record per comment; pages.jsonl one per page: a
 * moderated page ("status":"ok"), a skipped one ("skipped") or a web
 * archive's own record ("archive"). This is their one definition: every
 * record is written by a function here and read back by sc_record_parse,
 * so a field cannot be written one way and read another.
 *
 * Two rules the readers rely on: a page record starts with "page" then
 * "page_seq" (a comment record has "index" second), and in a comment
 * record "page_seq" is the last key (a resumed run renumbers it in
 * place, without parsing).
 */
#ifndef SC_REPORT_H
#define SC_REPORT_H

#include <stdio.h>

#include "spamcls.h"

/* Site statuses (spamcls_site_status) and verdicts (spamcls_verdict). */
#define SC_SITE_STATUSES 6
#define SC_VERDICTS 4

/* What a page record counts. */
typedef struct sc_page_stats {
  unsigned long comments, spam, ham, unsure, empty, removed, kept_spam;
  unsigned invalid_utf8;
  const char *markup;
  unsigned long long size, mtime_ns, inode;  /* the file's identity */
  char charset_ignored[32];  /* a declared charset that cannot be right */
  unsigned capped;           /* elements whose attributes were cut */
  unsigned long truncated;   /* comments judged on their start only */
  /* A site export: what the site had decided beside the verdict, by
   * site status and verdict. */
  int export_kind;           /* spamcls_export_kind; 0 for a page */
  unsigned long marked;      /* spam, flagged as such in the copy */
  unsigned long unmarkable;  /* spam the site shows, without a status field */
  unsigned long disagree;    /* site approved, verdict spam; or the reverse */
  unsigned long site[SC_SITE_STATUSES][SC_VERDICTS];
} sc_page_stats;

/* ---------------------------------------------------------------- writing */

/* "page":..,"index":..,"author":..,["author_url":..,]"date":.. (no
 * braces): the first fields of a comment's record, shared with extract's
 * records. index is 1-based. */
void sc_report_comment_head(FILE *out, const char *page, size_t index,
                            const spamcls_page_comment *c);

/* Where a page of a web archive came from, as the fields its records add
 * (,"warc":..,"record_id":..,"record_offset":N). Caller frees; NULL when
 * out of memory. */
char *sc_report_origin(const char *warc, const char *record_id,
                       unsigned long long offset);

/* A comment of a page: "fields" (",\"key\":value...", or NULL) are the
 * page's origin (a web archive's record), added before page_seq. */
void sc_report_page_comment(FILE *out, const char *page, unsigned long seq,
                            size_t index, const spamcls_moderated *m,
                            const char *fields);

/* What a site export's comment adds to a page comment's record. */
typedef struct sc_export_fields {
  const char *id, *thread, *status;  /* status NULL: the field is absent */
  size_t id_len, thread_len, status_len;
  unsigned long line;
  spamcls_site_status site;
  int markable, marked, truncated;
} sc_export_fields;

/* A comment of a site export. */
void sc_report_export_comment(FILE *out, const char *page, unsigned long seq,
                              size_t index, const spamcls_page_comment *c,
                              const spamcls_result *r,
                              const spamcls_contribution *why, size_t nwhy,
                              const sc_export_fields *x);

/* A comment given alone to the stream mode: {"id":..,"verdict":..,
 * "score":..,"probability":..,"features":[..]}, the id the string
 * id[0..id_len) or, when id is NULL, the number num. */
void sc_report_stream_comment(FILE *out, const char *id, size_t id_len,
                              long long num, const spamcls_result *r,
                              const spamcls_contribution *why, size_t nwhy);

/* A moderated page; clean is its cleaned copy's path (NULL: none). */
void sc_report_page(FILE *out, const char *page, unsigned long seq,
                    const char *clean, const sc_page_stats *st,
                    const char *fields);

/* A page that was not moderated: reason is a word (a page_skip name),
 * message says why in full. */
void sc_report_skipped(FILE *out, const char *page, unsigned long seq,
                       const char *reason, const char *message,
                       const char *fields);

/* A web archive's own record: how many records it held, how many were
 * pages, and error (NULL: none) when it could not be read to its end. */
void sc_report_archive(FILE *out, const char *archive, unsigned long seq,
                       unsigned long records, unsigned long pages,
                       unsigned long other, const char *error);

/* {"unknown":{"ham":N,...},"approved":{...},...}: site status by verdict,
 * as page records and summary.json give it. */
void sc_report_site_table(FILE *out,
                          const unsigned long site[SC_SITE_STATUSES]
                                                  [SC_VERDICTS]);

/* ---------------------------------------------------------------- reading */

typedef enum sc_record_kind {
  SC_RECORD_COMMENT = 1,
  SC_RECORD_PAGE,      /* moderated */
  SC_RECORD_SKIPPED,
  SC_RECORD_ARCHIVE
} sc_record_kind;

/* One record read back. The strings are valid until sc_record_free; a
 * field the record lacks is NULL (strings) or 0. */
typedef struct sc_record {
  sc_record_kind kind;
  char *page;                /* the page's name, byte for byte */
  const char *page_text;     /* the same as written (bad bytes U+FFFD) */
  unsigned long page_seq;

  /* page, skipped and archive records */
  const char *status;        /* "ok", "skipped" or "archive" */
  sc_page_stats st;          /* counts of a page (comments of any) */
  char *clean;               /* the cleaned copy's path, byte for byte */
  const char *warc;          /* the web archive the page came from */
  int has_record_offset;
  unsigned long long record_offset;
  const char *reason, *message;          /* skipped */
  unsigned long records, pages, other;   /* archive */
  const char *error;                     /* archive */

  /* comment records */
  size_t index, start, end;
  const char *author, *author_url, *date, *body;
  spamcls_verdict verdict;
  const char *verdict_name;
  double score, probability;
  int removed, truncated;
  const char *site;          /* a site export's comment: its status */
  int marked;
  size_t nfeatures;

  void *json_;               /* private */
} sc_record;

/* Parses the record line[0..n). SPAMCLS_OK; SPAMCLS_ERR_FORMAT for a
 * line that is no record; SPAMCLS_ERR_NOMEM. Free with sc_record_free in
 * every case. */
spamcls_status sc_record_parse(const char *line, size_t n, sc_record *r);
/* Calls fn on each record of the file name in the folder dirfd
 * (pages.jsonl, report.jsonl), in order, passing over lines that are not
 * records, until fn returns nonzero. 0 at the end, fn's nonzero value, or
 * -1 with errno when the file cannot be opened or read. */
int sc_records_each(int dirfd, const char *name,
                    int (*fn)(const sc_record *r, void *ctx), void *ctx);
/* The k-th feature of a comment's explanation: its name, *weight set. */
const char *sc_record_feature(const sc_record *r, size_t k, double *weight);
void sc_record_free(sc_record *r);

/* 1 when line[0..n) is a page record (of any status), told from its first
 * keys without parsing it. */
int sc_record_is_page(const char *line, size_t n);

#endif /* SC_REPORT_H */
