/*
 * moderate.h - the parts of "spamcls moderate" and "spamcls merge".
 *
 * OUTDIR holds:
 *   report.jsonl   one record per comment, in page order
 *   pages.jsonl    one record per page (counts, or why it was skipped)
 *   summary.json   the totals and each page's counts
 *   report.html    the review page
 *   clean/REL      each page's cleaned copy, REL mirroring the input
 *   .state.json    what the run was asked (a resumed run must match)
 * While a run goes on, report.jsonl and pages.jsonl are written as
 * *.part journals: a page's comment records, then its page record, both
 * flushed. A page counts as done once its page record is complete and
 * every comment record it announces is there; a resumed run cuts anything
 * after the last done page and goes on from the next one.
 */
#ifndef SC_MODERATE_H
#define SC_MODERATE_H

#include <stdio.h>
#include <sys/types.h>

#include "page_read.h"
#include "spamcls.h"

/* ---------------------------------------------------------------- walk */

/* One input file: its global position in the walk (the same for every
 * shard), the path to read and its path under OUTDIR/clean. */
typedef struct walk_item {
  unsigned long seq;
  const char *path;
  const char *rel;
  page_skip skip;   /* PAGE_UNREADABLE for what cannot be walked */
  const char *why;  /* message for skip */
} walk_item;

/* Called for every file in walk order; nonzero stops the walk. */
typedef int (*walk_fn)(void *ctx, const walk_item *it);

/* Walks the inputs: files as given, folders recursively in byte order of
 * names, hidden entries and the folder (dev, ino) skipped, symbolic links
 * to folders not followed. Returns what fn returned, or 0. */
int walk_inputs(char **paths, int n, dev_t skip_dev, ino_t skip_ino,
                walk_fn fn, void *ctx);

/* The top-level name each input has under clean/ (its base name); -1
 * with a message when two inputs would share one. */
int walk_check_names(char **paths, int n);

/* ---------------------------------------------------------------- options */

typedef struct mod_opts {
  const char *model;
  const char *outdir;
  double threshold, margin;   /* < 0: the model's */
  unsigned long explain;      /* top features per comment */
  unsigned long jobs;         /* worker threads */
  unsigned long shard_k, shard_n;
  spamcls_page_kind kind;
  size_t max_page;
  int progress;               /* -1 auto (a terminal), 0 no, 1 yes */
  int fresh;                  /* ignore a previous run */
  unsigned long html_pages;   /* pages shown in report.html; 0: all */
} mod_opts;

/* ---------------------------------------------------------------- pages */

/* Totals over pages (summary). */
typedef struct mod_counts {
  unsigned long pages, pages_ok, comments, spam, ham, unsure, empty;
  unsigned long removed, kept_spam, invalid_utf8_pages;
  unsigned long skipped[PAGE_SKIP_COUNT];
} mod_counts;

/* ---------------------------------------------------------------- journal */

typedef struct journal {
  char *dir;
  FILE *report, *pages;       /* the .part files, appended */
  long last_seq;              /* last page done before this run; -1 none */
  char *last_path;            /* its path, to check the walk agrees */
  unsigned long done_pages;   /* pages done before this run */
  int lock_fd;                /* holds OUTDIR/.lock */
} journal;

/* Opens OUTDIR's journals, keeping the pages a previous run finished
 * (unless fresh, or key differs from the previous run's). 0, or an exit
 * code with the message printed. */
int journal_open(journal *j, const char *outdir, const char *key, int fresh);
/* Appends one page's records (both flushed). 0, or -1 on a write error. */
int journal_append(journal *j, const char *report, size_t rlen,
                   const char *page, size_t plen);
/* Closes the journals and renames them to their final names. 0 or -1. */
int journal_finish(journal *j);
void journal_close(journal *j);

/* path under dir; caller frees. */
char *path_join(const char *dir, const char *name);
/* Creates dir and its parents. 0, or -1 with errno. */
int make_dirs(const char *dir, int upto_parent);
/* Creates the folders of base/rel up to rel's last component, refusing
 * (ENOTDIR) any part of rel that is a link or a file: a link planted in
 * OUTDIR cannot carry a write out of it. 0, or -1 with errno. */
int make_dirs_below(const char *base, const char *rel);
/* Writes the pieces to path through a temporary file and a rename. 0, or
 * -1 with errno set. */
int write_atomic(const char *path, const char *const *parts,
                 const size_t *lens, size_t n);

/* An output file written through a temporary file beside it. */
typedef struct afile {
  FILE *fp;
  char *path, *tmp;
} afile;
int afile_open(afile *a, const char *path);
/* Flushes, syncs and renames; 0, or -1 with the message printed. */
int afile_commit(afile *a);
void afile_abort(afile *a);

/* ---------------------------------------------------------------- run */

/* Moderates the inputs into the journal; counts what it did. Returns an
 * exit code. */
int mod_run(const mod_opts *o, const spamcls_model *model, char **inputs,
            int ninputs, journal *j, dev_t out_dev, ino_t out_ino);

/* Scores one extracted page for the stream mode and the run: appends its
 * comment records (report.jsonl lines) to out, counts into c. */
typedef struct mod_scorer {
  spamcls_scorer *s;
  spamcls_contribution *why;
  unsigned long explain;
  double threshold;
} mod_scorer;

/* ---------------------------------------------------------------- outputs */

/* Reads OUTDIR/pages.jsonl and writes summary.json (with model_json, when
 * not NULL, as its "model"); prints the summary on stderr. 0, or an exit
 * code. */
int summary_write(const char *outdir, double threshold, double margin,
                  const char *model_json, mod_counts *c);
/* The model behind the verdicts, as summary.json's "model" records it: a
 * JSON object (path, checksum, learned corrections); malloc'd, NULL when
 * out of memory. */
char *summary_model_json(const char *path, const spamcls_model *m);
/* Prints the totals on stderr. */
void summary_print(const mod_counts *c, const char *outdir);
/* Writes OUTDIR/report.html from report.jsonl and pages.jsonl, showing
 * at most max_pages pages with comments (0: all). */
#define HTML_DEFAULT_PAGES 2000
int html_write(const char *outdir, double threshold, double margin,
               unsigned long max_pages);

#endif /* SC_MODERATE_H */
