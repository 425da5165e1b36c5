/*
 * warc_output.h - the cleaned copy of a web archive: OUTDIR/clean/REL,
 * the conversion records of its pages that lost spam, appended in walk
 * order to a temporary file that is synced and renamed when the
 * archive's last record is done. The input archive is never touched.
 */
#ifndef SC_WARC_OUTPUT_H
#define SC_WARC_OUTPUT_H

#include <stddef.h>

#include "run.h"
#include "util.h"

typedef struct sc_warc_out {
  char *crel;        /* "clean/REL" being written, or NULL */
  int dirfd, fd;     /* its folder, the temporary file */
  char *tmp;
  const char *base;  /* its name in dirfd (inside crel) */
  int failed;        /* a write failed: the rest of it is dropped */
} sc_warc_out;

#define SC_WARC_OUT_INIT {NULL, -1, -1, NULL, NULL, 0}

/* Appends a record of the archive whose cleaned copy is crel, opening
 * its temporary file first if needed. 0, or -1 with errno (the copy is
 * then dropped: later appends return -1 at once, without errno). */
int sc_warc_out_append(sc_warc_out *w, const sc_outdir *od, const char *crel,
                       const char *p, size_t n);
/* The archive crel is done: its copy, if anything was appended, is synced
 * and renamed into place. 0, or -1 with errno. */
int sc_warc_out_finish(sc_warc_out *w, const char *crel);
/* Drops a copy not finished (a stopped run). */
void sc_warc_out_abort(sc_warc_out *w);

/* 1 when the cleaned copy of this archive is gzip (a .warc.gz input). */
int sc_warc_out_gzip(const char *rel);

#endif /* SC_WARC_OUTPUT_H */

/* ---------------------------------------------------------------- merge */

/* Where merge is in one shard's cleaned archives: the records are taken
 * in order, each one's bytes copied as they are (its gzip member). */
typedef struct sc_warc_shard {
  char *crel;        /* the shard's cleaned archive being read */
  int fd;
  void *reader;      /* sc_warc_reader */
  unsigned long long next;  /* offset of the next record to copy */
  unsigned long long size;
} sc_warc_shard;

#define WARC_SHARD_INIT {NULL, -1, NULL, 0, 0}

/* If the page record rec (a pages.jsonl line of shard dir) is a web
 * archive's page with a conversion record, appends that record, the next
 * one of the shard's cleaned archive, to the merged copy in w. Archives
 * are finished as the merge moves on (sc_warc_merge_finish for the last).
 * SC_RUN_OK, or what went wrong with its message given to ev. */
sc_outcome sc_warc_merge_page(sc_warc_shard *s, const char *dir,
                              const char *rec, size_t len, sc_warc_out *w,
                              const sc_outdir *od, const sc_run_events *ev);
/* Finishes the merged archive being written. */
sc_outcome sc_warc_merge_finish(sc_warc_out *w, const sc_outdir *od,
                                const sc_run_events *ev);
void sc_warc_shard_close(sc_warc_shard *s);
