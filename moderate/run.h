/*
 * run.h - moderation runs over folders of pages, web archives and site
 * exports: the walk, the journal that makes a run resumable, the cleaned
 * copies, the summary and the review page ("spamcls moderate" and
 * "spamcls merge" are their clients). Nothing here prints or exits:
 * messages and progress go to the caller's callbacks (sc_run_events) and
 * every step returns an sc_outcome.
 *
 * OUTDIR holds:
 *   report.jsonl   one record per comment, in page order
 *   pages.jsonl    one record per page (counts, or why it was skipped)
 *   summary.json   the totals and each page's counts
 *   report.html    the review page
 *   clean/REL      each page's cleaned copy, REL mirroring the input
 *   .state.json    what the run was asked (a resumed run must match)
 *   .journal       while a run goes on: what it did (journal.c)
 * Everything is written through descriptors (util.h).
 */
#ifndef SC_RUN_H
#define SC_RUN_H

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "util.h"

#include "page_read.h"
#include "report.h"
#include "spamcls.h"
#include "warc_input.h"

/* ---------------------------------------------------------------- events */

/* How a run, or a step of one, ended; the worse outcomes are the larger,
 * and a run ends with the worst of its steps'. */
typedef enum sc_outcome {
  SC_RUN_OK = 0,
  SC_RUN_INPUT,    /* an input was unreadable or skipped (the rest done) */
  SC_RUN_OUTPUT,   /* output could not be written */
  SC_RUN_NOMEM,    /* out of memory */
  SC_RUN_BUSY,     /* another run holds the output folder */
  SC_RUN_REFUSED   /* asked for what must not be done (an input inside
                      the output folder, two inputs under one name,
                      thresholds outside 0..1): nothing was written */
} sc_outcome;

/* A message's kind: an error, a warning, or a note on what the run does
 * (such as resuming an earlier one). */
typedef enum sc_level { SC_MSG_ERROR, SC_MSG_WARNING, SC_MSG_NOTE } sc_level;

/* Where a run is: pages and comments done, bytes of input done of the
 * total when that is known (sized), seconds since it started; finished
 * once every page was written, final on the last call. */
typedef struct sc_run_progress {
  unsigned long pages, comments;
  uint64_t bytes_done, bytes_total;
  double seconds;
  int sized, finished, final;
} sc_run_progress;

/* What a run tells its caller; either callback may be NULL. message gets
 * one line, without a newline, naming the file it is about. progress is
 * called at most ten times a second, and once with final set. */
typedef struct sc_run_events {
  void (*message)(void *ctx, sc_level level, const char *msg);
  void (*progress)(void *ctx, const sc_run_progress *p);
  void *ctx;
} sc_run_events;

/* Formats a message for ev (which may be NULL). */
void sc_run_say(const sc_run_events *ev, sc_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* sc_atomic_open_at for name in od, and sc_atomic_commit, with what went
 * wrong said to ev: 0, or -1. After a failed open only sc_atomic_abort
 * may be called (it does nothing). */
int sc_run_atomic_open(sc_atomic *a, const sc_outdir *od, const char *name,
                       const sc_run_events *ev);
int sc_run_atomic_commit(sc_atomic *a, const sc_run_events *ev);

/* ---------------------------------------------------------------- walk */

/* One input file: its global position in the walk (the same for every
 * shard), the path to read and its path under OUTDIR/clean. */
typedef struct sc_walk_item {
  unsigned long seq;
  const char *path;
  const char *rel;
  sc_page_skip skip;   /* SC_PAGE_UNREADABLE for what cannot be walked */
  const char *why;  /* message for skip */
  const struct stat *st;  /* the file's (a link's target's); NULL if skip */
  /* A web archive (.warc, .warc.gz) is walked record by record: each of
   * its HTML records is an item of its own (warc set), then one item
   * closes the archive (warc_end: what it held). */
  const sc_warc_item *warc;
  const sc_warc_tally *warc_end;
  /* How far into the input the walk is with this item, in bytes: the
   * sizes of the files before it, plus its own size (a file, an archive's
   * end) or its record's offset in the archive (a record). */
  uint64_t at;
} sc_walk_item;

/* Called for every file in walk order; nonzero stops the walk. */
typedef int (*sc_walk_fn)(void *ctx, const sc_walk_item *it);

/* Walks the inputs: files as given, folders recursively in byte order of
 * names, hidden entries and the folder (dev, ino) skipped, symbolic links
 * to folders not followed, web archives record by record (pages of at
 * most max_page bytes). Returns what fn returned, or 0. */
int sc_walk_inputs(char **paths, int n, dev_t skip_dev, ino_t skip_ino,
                   size_t max_page, sc_walk_fn fn, void *ctx);

/* The same walk in two passes, so that the total size of the inputs is
 * known before their first item: the folders are walked once, each file
 * found (path, rel, why it is skipped, its stat fields) written to a spool
 * (an unlinked temporary file) and its size added up; then the files are
 * read back from the spool and given as sc_walk_inputs gives them, web
 * archives opened then (once). Memory stays that of sc_walk_inputs. */
typedef struct sc_walk_spool {
  FILE *fp;          /* the spool: written, then read from its start */
  uint64_t total;    /* bytes of the files found */
  int rc;            /* what the folder walk returned */
  int err;           /* errno of a write or read of the spool, or 0 */
} sc_walk_spool;

/* Creates the spool in the folder dirfd and walks the inputs into it. 0,
 * or -1 with s->err when the spool could not be made or written (nothing
 * is left open). */
int sc_walk_spool_files(sc_walk_spool *s, int dirfd, char **paths, int n,
                        dev_t skip_dev, ino_t skip_ino);
/* Gives the spooled files' items as sc_walk_inputs does, and closes the
 * spool. Returns what fn returned, else what the folder walk did; -1 with
 * s->err when the spool could not be read. */
int sc_walk_spool_items(sc_walk_spool *s, size_t max_page, sc_walk_fn fn,
                        void *ctx);

/* The top-level name each input has under clean/ (its base name); -1
 * with msg saying which when two inputs would share one. */
int sc_walk_check_names(char **paths, int n, char *msg, size_t msglen);

/* ---------------------------------------------------------------- options */

typedef struct sc_mod_opts {
  const char *model;
  const char *outdir;
  double threshold, margin;   /* < 0: the model's */
  unsigned long explain;      /* top features per comment */
  unsigned long jobs;         /* worker threads */
  unsigned long shard_k, shard_n;
  spamcls_page_kind kind;
  size_t max_page;
  size_t max_record;          /* bytes of a comment that are judged */
  int progress;               /* 1: report progress (sc_run_events) */
  int fresh;                  /* ignore a previous run */
  unsigned long html_pages;   /* pages shown in report.html; 0: all */
} sc_mod_opts;

/* Bytes of a comment found in a page that are judged by default. */
#define SC_MOD_DEFAULT_MAX_RECORD SPAMCLS_MODERATE_MAX_COMMENT

/* ---------------------------------------------------------------- pages */

/* Totals over pages (summary). */
typedef struct sc_mod_counts {
  unsigned long pages, pages_ok, comments, spam, ham, unsure, empty;
  unsigned long removed, kept_spam, invalid_utf8_pages, capped_elements;
  unsigned long truncated_comments;
  unsigned long skipped[SC_PAGE_SKIP_COUNT];
  /* site exports: marked spam, spam without a status field, verdicts
   * that contradict the site's decision, site status x verdict */
  unsigned long exports, marked, unmarkable, disagreements;
  unsigned long site[SC_SITE_STATUSES][SC_VERDICTS];
  /* web archives: how many, their records, the records that were no HTML
   * page (skipped), the archives that could not be read to their end */
  unsigned long archives, archive_records, archive_other, archive_errors;
} sc_mod_counts;

/* ---------------------------------------------------------------- sc_journal */

/* A page a previous run finished: where its records are in the journal. */
typedef struct sc_jentry {
  uint64_t page;            /* hash of its path */
  uint64_t ident;           /* hash of its size, mtime and inode */
  off_t off;                /* its comment records, then its page record */
  size_t len;
  unsigned long comments;
} sc_jentry;

typedef struct sc_journal {
  const sc_outdir *od;
  const sc_run_events *ev;    /* where its messages go */
  int fd;                     /* OUTDIR/.journal, appended */
  int lock_fd;                /* holds OUTDIR/.lock */
  off_t gen_off;              /* where this run's records start */
  sc_jentry *done;               /* pages done before, by page hash */
  size_t ndone;
  unsigned long done_pages;   /* distinct pages among them */
  int failed;                 /* an append failed: the journal is cut short */
} sc_journal;

/* FNV-1a over n bytes, going on from h (0: a fresh hash). */
uint64_t sc_mod_hash(const void *p, size_t n, uint64_t h);
/* A page's identity: what tells that a file is still the one moderated. */
uint64_t sc_mod_ident(unsigned long long size, unsigned long long mtime_ns,
                      unsigned long long inode);

/* A record of a web archive: the archive's identity and the record's
 * offset (the record's page name, its URI, may repeat in an archive). */
uint64_t sc_mod_record_ident(uint64_t archive_ident, uint64_t offset);

/* Opens OUTDIR's journal, keeping the pages earlier runs finished (unless
 * fresh, or key, the model and options, differs from the previous run's:
 * then everything an earlier run wrote is removed). The run's messages
 * go to ev. SC_RUN_OK, or what went wrong with its message given. */
sc_outcome sc_journal_open(sc_journal *j, const sc_outdir *od,
                           const char *key, int fresh,
                           const sc_run_events *ev);
/* The page done before with this path and identity, or NULL. */
const sc_jentry *sc_journal_find(const sc_journal *j, const char *page,
                                 uint64_t ident);
/* Writes a page done before, as page seq: its comment records to rep, its
 * page record to pg. 0, or -1 (read error, out of memory). */
int sc_journal_reuse(const sc_journal *j, const sc_jentry *e, unsigned long seq,
                     FILE *rep, FILE *pg);
/* Appends one page's records. 0, or -1 on a write error. */
int sc_journal_append(sc_journal *j, const char *report, size_t rlen,
                      const char *page, size_t plen);
/* Writes report.jsonl and pages.jsonl from this run's records, removes
 * cleaned copies no page of this run wrote, then the journal. 0 or -1. */
int sc_journal_finish(sc_journal *j);
void sc_journal_close(sc_journal *j);

/* ---------------------------------------------------------------- run */

/* Moderates the inputs into the journal (its events get the messages and
 * the progress); the worst outcome of its pages. */
sc_outcome sc_mod_run(const sc_mod_opts *o, const spamcls_model *model,
                      char **inputs, int ninputs, sc_journal *j,
                      dev_t out_dev, ino_t out_ino);

/* Scores one extracted page for the stream mode and the run: appends its
 * comment records (report.jsonl lines) to out, counts into c. */
typedef struct sc_mod_scorer {
  spamcls_scorer *s;
  spamcls_contribution *why;
  unsigned long explain;
  double threshold;
  size_t max_record;   /* longer comments are judged on their start */
} sc_mod_scorer;

/* ---------------------------------------------------------------- whole runs */

/* A whole run into o->outdir, as "spamcls moderate" makes it: the inputs
 * and options checked (SC_RUN_REFUSED), OUTDIR made, the journal opened
 * (an earlier run with the same inputs, model and options is resumed, a
 * note saying so), the pages moderated, then report.jsonl, pages.jsonl,
 * summary.json and report.html written. o->model names the model in the
 * run's key and summary; o->jobs 0 is one thread per processor. When the
 * summary was written, *c holds its totals and *summarized is 1. The
 * outcome is the worst of the run's, counting pages an earlier run of a
 * resumed one skipped. */
sc_outcome sc_mod_moderate(const sc_mod_opts *o, const spamcls_model *model,
                           char **inputs, int ninputs,
                           const sc_run_events *ev, sc_mod_counts *c,
                           int *summarized);

/* Joins the output folders of the N shards of one run (moderate --shard
 * K/N, all finished) into outdir, equal to what one run over the whole
 * input writes; summary and review page as sc_mod_moderate. */
sc_outcome sc_mod_merge(const char *outdir, char **shards, int nshards,
                        unsigned long html_pages, const sc_run_events *ev,
                        sc_mod_counts *c, int *summarized);

/* The stream mode: JSON lines read from in, each a page ({"page":NAME,
 * "content":HTML}) whose comments' records are written to out as a run's
 * report.jsonl has them, or a comment ({"id":..,"text":..,"author":..,
 * "author_url":..}) whose verdict is written as one line {"id":..,
 * "verdict":..,"score":..,"probability":..,"features":[..]}. A bad line
 * is said (naming it "-:LINE") and skipped (SC_RUN_INPUT); lines are kept
 * to twice o->max_page plus 1 MiB, so memory stays bounded whatever the
 * input. Stops at the end of in, when out cannot be written
 * (SC_RUN_OUTPUT) or memory runs out. */
sc_outcome sc_mod_stream(const sc_mod_opts *o, const spamcls_model *model,
                         FILE *in, FILE *out, const sc_run_events *ev);

/* ---------------------------------------------------------------- outputs */

/* Reads OUTDIR/pages.jsonl into the totals c and writes summary.json
 * (with model_json, when not NULL, as its "model"). */
sc_outcome sc_summary_write(const sc_outdir *od, double threshold,
                            double margin, const char *model_json,
                            sc_mod_counts *c, const sc_run_events *ev);
/* The model behind the verdicts, as summary.json's "model" records it: a
 * JSON object (path, checksum, learned corrections); malloc'd, NULL when
 * out of memory. */
char *sc_summary_model_json(const char *path, const spamcls_model *m);
/* Writes OUTDIR/report.html from report.jsonl and pages.jsonl, showing
 * at most max_pages pages with comments (0: all). */
#define SC_REVIEW_DEFAULT_PAGES 2000
/* Comments shown per page in report.html, the most uncertain. */
#define SC_REVIEW_PAGE_COMMENTS 500
sc_outcome sc_review_write(const sc_outdir *od, double threshold,
                           double margin, unsigned long max_pages,
                           const sc_run_events *ev);

#endif /* SC_RUN_H */
