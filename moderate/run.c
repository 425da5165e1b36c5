/*
 * run.c - the moderate run: a walk feeding worker threads, and
 * results written back in walk order.
 *
 * The main thread walks the inputs and hands each page of its shard to a
 * queue; N workers read, extract, score and write the cleaned copy; the
 * main thread appends each page's records to the journal in walk order,
 * whatever order the workers finish in, so -j N writes the same bytes as
 * -j 1. At most a window of pages is in flight, so memory does not grow
 * with the number of pages.
 *
 * Progress is counted in bytes of input, which the walk knows before any
 * page is read: with a progress bar the folders are walked first into a
 * spool (walk.c) whose files' sizes add up to the total, and a
 * page, or an archive's record, is done up to where it lies in the input
 * once its result is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "page_records.h"
#include "moderation.h"
#include "warc.h"
#include "warc_output.h"
#include "util.h"

typedef struct job {
  unsigned long seq, order;
  char *path, *rel;
  sc_page_skip skip;
  char *why;
  const sc_jentry *reuse;   /* done before, unchanged: its records are copied */
  sc_warc_job *warc;        /* a page of a web archive */
  unsigned long long size, mtime_ns, inode;  /* the archive's identity */
  sc_warc_tally *end;       /* the end of a web archive: what it held */
  int own;               /* in this shard (an end's record is written) */
  uint64_t at;           /* where the walk is in the input (sc_walk_item) */
} job;

typedef struct result {
  int ready;
  char *report, *page;   /* records (open_memstream buffers) */
  size_t rlen, plen;
  char *map;             /* a site export's records: a mapped file */
  size_t maplen;
  char *msg;             /* what to say, or NULL */
  int warn;              /* msg is a warning, not a skip */
  int fatal;             /* out of memory: stop the run */
  sc_page_skip skip;
  sc_page_stats st;
  sc_buf conv;           /* a web archive's page: its conversion record */
  char *crel;            /* ... and its archive's cleaned copy */
  int warc_end;          /* the archive is done: its copy is renamed */
  int own;               /* a page of this shard (the job's) */
  uint64_t at;           /* the job's place in the input */
} result;

typedef struct run {
  const sc_mod_opts *o;
  const spamcls_model *model;
  sc_journal *j;
  sc_warc_out wo;           /* the cleaned copy of the archive being written */
  pthread_mutex_t mu;
  pthread_cond_t job_cv, res_cv;
  job *q;                /* ring of window jobs */
  result *res;           /* ring of window results, by order */
  size_t window;
  unsigned long pushed, taken, written;
  int done;              /* no more jobs */
  int stop;              /* a fatal error: drain and stop */
  sc_outcome rc;         /* the worst outcome of its pages */
  /* progress */
  unsigned long seen_pages, comments;
  uint64_t total, at;    /* bytes of input: all, and written up to */
  int sized;             /* the total is known */
  int finished;          /* every page of the walk was written */
  struct timespec t0, last;
  int progress;
} run;

static double secs(const struct timespec *a, const struct timespec *b)
{
  return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* ---------------------------------------------------------------- worker */

/* Writes the cleaned copy OUTDIR/crel, folders made, all through
 * descriptors (util.h). 0, or -1 with errno. */
static int write_clean(const run *r, const char *crel, const char *const *parts,
                       const size_t *lens, size_t n)
{
  const char *base;
  int fd = sc_dir_parent_at(r->j->od->fd, crel, 1, &base);
  if (fd < 0)
    return -1;
  int rc = sc_write_atomic_at(fd, base, parts, lens, n);
  int e = errno;
  close(fd);
  errno = e;
  return rc;
}

/* A page done before, unchanged, whose cleaned copy is still there: its
 * records are copied. 1 when it was, 0 when the page must be done. */
static int reuse(run *r, const job *jb, FILE *rep, FILE *pg, result *out)
{
  char *crel = sc_path_join("clean", jb->rel);
  const char *base;
  int fd = crel ? sc_dir_parent_at(r->j->od->fd, crel, 0, &base) : -1;
  int there = fd >= 0 && sc_is_file_at(fd, base);
  if (fd >= 0)
    close(fd);
  free(crel);
  if (!there || sc_journal_reuse(r->j, jb->reuse, jb->seq, rep, pg) != 0)
    return 0;
  out->st.comments = jb->reuse->comments;
  out->skip = SC_PAGE_OK;
  return 1;
}

/* A site export: its records can run to gigabytes, so they go to an
 * unlinked temporary file in OUTDIR, mapped for the writer, not to
 * memory. */
static sc_page_skip export_page(run *r, sc_mod_scorer *ms, const job *jb,
                                spamcls_export_kind ek, const char *crel,
                                result *out, struct stat *sb, char *msg,
                                size_t msglen)
{
  char *name = NULL;
  int fd = sc_tmp_at(r->j->od->fd, "records", &name);
  /* sc_tmp_at's descriptor writes; the mapping needs one that reads. */
  int rfd = fd >= 0 ? openat(r->j->od->fd, name, O_RDONLY | O_NOFOLLOW |
                                                     O_CLOEXEC) : -1;
  FILE *tmp = rfd >= 0 ? fdopen(fd, "w") : NULL;
  if (fd >= 0)
    unlinkat(r->j->od->fd, name, 0);
  free(name);
  if (!tmp) {
    snprintf(msg, msglen, "%s: cannot make a temporary file: %s",
             r->j->od->path, strerror(errno));
    if (fd >= 0)
      close(fd);
    if (rfd >= 0)
      close(rfd);
    return SC_PAGE_OUTPUT;
  }
  sc_page_skip skip = sc_mod_export(ms, r->model, r->o, r->j->od->fd, jb->path, ek,
                              crel, jb->seq, tmp, &out->st, sb, msg, msglen);
  off_t n = skip == SC_PAGE_OK && fflush(tmp) == 0 && !ferror(tmp) ? ftello(tmp)
                                                                 : -1;
  if (skip == SC_PAGE_OK && n < 0) {
    skip = SC_PAGE_OUTPUT;
    snprintf(msg, msglen, "%s: cannot write a temporary file: %s",
             r->j->od->path, strerror(errno));
  } else if (skip == SC_PAGE_OK && n > 0) {
    void *p = mmap(NULL, (size_t)n, PROT_READ, MAP_PRIVATE, rfd, 0);
    if (p == MAP_FAILED) {
      skip = SC_PAGE_NOMEM;
      snprintf(msg, msglen, "%s: out of memory", jb->path);
    } else {
      out->map = p;
      out->maplen = (size_t)n;
    }
  }
  fclose(tmp);
  close(rfd);
  return skip;
}

/* A skipped page has no comment records: only its page record. */
static void skipped(result *out, FILE **rep, FILE *pg, const char *name,
                    unsigned long seq, sc_page_skip skip, const char *msg,
                    const char *fields)
{
  fclose(*rep);
  free(out->report);
  out->report = NULL;
  out->rlen = 0;
  *rep = NULL;
  memset(&out->st, 0, sizeof out->st);
  sc_report_skipped(pg, name, seq, sc_page_skip_name(skip), msg, fields);
  out->msg = strdup(msg);
  out->fatal = skip == SC_PAGE_NOMEM;
}

/* What is worth a warning about a page that was read. */
static void warn_page(result *out, const char *name)
{
  char msg[1200];
  if (out->st.capped)
    snprintf(msg, sizeof msg, "%s: %u elements with more than %d "
             "attributes: the rest of their attributes were not read",
             name, out->st.capped, SPAMCLS_PAGE_MAX_ATTRS);
  else if (out->st.charset_ignored[0])
    snprintf(msg, sizeof msg, "%s: declares charset %s, but its bytes are "
             "UTF-8: read as UTF-8", name, out->st.charset_ignored);
  else if (out->st.invalid_utf8)
    snprintf(msg, sizeof msg, "%s: %u invalid UTF-8 sequences replaced by "
             "U+FFFD", name, out->st.invalid_utf8);
  else
    return;
  out->msg = strdup(msg);
  out->warn = 1;
}

static void close_records(result *out, FILE *rep, FILE *pg)
{
  if (rep && fclose(rep) != 0)
    out->fatal = 1;
  if (fclose(pg) != 0)
    out->fatal = 1;
}

/* Every byte of data[0..len) outside the cuts, in order, as pieces (room
 * for ncuts + 1). Returns the count. */
static size_t cut_pieces(const char *data, size_t len, const spamcls_span *cuts,
                         size_t ncuts, const char **parts, size_t *lens)
{
  size_t at = 0, np = 0;
  for (size_t i = 0; i <= ncuts; i++) {
    size_t end = i < ncuts ? cuts[i].start : len;
    parts[np] = data + at;
    lens[np++] = end - at;
    if (i < ncuts)
      at = cuts[i].end;
  }
  return np;
}

static void work_record(run *r, const job *jb, result *out, sc_mod_scorer *ms,
                        FILE *rep, FILE *pg);
static void work_end(const job *jb, result *out, FILE *rep, FILE *pg);

/* Reads, moderates and writes the cleaned copy of one page. */
static void work(run *r, const job *jb, result *out, sc_mod_scorer *ms)
{
  char msg[1200];
  FILE *rep = open_memstream(&out->report, &out->rlen);
  FILE *pg = open_memstream(&out->page, &out->plen);
  if (!rep || !pg) {
    if (rep)
      fclose(rep);
    if (pg)
      fclose(pg);
    out->fatal = 1;
    return;
  }
  if (jb->end || jb->warc) {
    if (jb->end)
      work_end(jb, out, rep, pg);
    else
      work_record(r, jb, out, ms, rep, pg);
    return;
  }
  if (jb->reuse && reuse(r, jb, rep, pg, out)) {
    if (fclose(rep) != 0 || fclose(pg) != 0)
      out->fatal = 1;
    return;
  }
  sc_page_skip skip = jb->skip;
  char *data = NULL;
  size_t len = 0;
  struct stat sb;
  char *crel = NULL;
  /* A site export is streamed whole, not read as a page. */
  spamcls_export_kind ek = skip == SC_PAGE_OK && r->o->kind == SPAMCLS_PAGE_AUTO
                               ? sc_mod_export_kind(jb->path)
                               : SPAMCLS_EXPORT_NONE;
  if (skip != SC_PAGE_OK) {
    snprintf(msg, sizeof msg, "%s", jb->why ? jb->why : jb->path);
  } else if (ek != SPAMCLS_EXPORT_NONE) {
    crel = sc_path_join("clean", jb->rel);
    skip = crel ? export_page(r, ms, jb, ek, crel, out, &sb, msg, sizeof msg)
                : SC_PAGE_NOMEM;
    if (!crel)
      snprintf(msg, sizeof msg, "%s: out of memory", jb->path);
  } else {
    skip = sc_page_read(jb->path, r->o->max_page, &data, &len, &sb, msg,
                        sizeof msg);
  }
  if (skip == SC_PAGE_OK && !crel && sc_page_is_binary(data, len)) {
    skip = SC_PAGE_BINARY;
    snprintf(msg, sizeof msg, "%s: binary data, not a page", jb->path);
  }
  spamcls_moderation *md = NULL;
  if (skip == SC_PAGE_OK && !crel) {
    spamcls_page_kind kind =
        sc_page_kind_for(jb->path, r->o->kind);
    spamcls_status st = sc_mod_page(ms, jb->path, jb->seq, data, len, kind,
                                    NULL, rep, &out->st, &md);
    if (st != SPAMCLS_OK) {
      skip = SC_PAGE_NOMEM;
      snprintf(msg, sizeof msg, "%s: %s", jb->path, spamcls_strerror(st));
    }
  }
  if (skip == SC_PAGE_OK && !crel) {
    crel = sc_path_join("clean", jb->rel);
    size_t clen;
    const char *clean = spamcls_moderation_clean(md, &clen);
    if (!crel) {
      skip = SC_PAGE_NOMEM;
      snprintf(msg, sizeof msg, "%s: out of memory", jb->path);
    } else if (write_clean(r, crel, &clean, &clen, 1) != 0) {
      skip = SC_PAGE_OUTPUT;
      snprintf(msg, sizeof msg, "%s/%s: cannot write the cleaned copy: %s",
               r->j->od->path, crel, strerror(errno));
    }
  }
  if (skip != SC_PAGE_OK) {
    skipped(out, &rep, pg, jb->path, jb->seq, skip, msg, NULL);
  } else {
    out->st.size = (unsigned long long)sb.st_size;
    out->st.mtime_ns = (unsigned long long)sb.st_mtim.tv_sec * 1000000000ULL +
                       (unsigned long long)sb.st_mtim.tv_nsec;
    out->st.inode = (unsigned long long)sb.st_ino;
    sc_report_page(pg, jb->path, jb->seq, crel, &out->st, NULL);
    warn_page(out, jb->path);
  }
  out->skip = skip;
  close_records(out, rep, pg);
  spamcls_moderation_free(md);
  free(crel);
  free(data);
}

/* ---------------------------------------------------------------- archives */

/* A web archive's page is named by its URI (else its record id). */
static const char *record_name(const sc_warc_job *w)
{
  return w->uri[0] ? w->uri : w->record_id;
}

/* The conversion record of a page less its cuts, into out->conv, and
 * out->crel the archive's cleaned copy. 0, or -1 out of memory. */
static int conversion(const job *jb, const char *data, size_t len,
                      const spamcls_span *cuts, size_t ncuts, const char *ctype,
                      result *out)
{
  const sc_warc_job *w = jb->warc;
  const char **parts = malloc((ncuts + 1) * sizeof *parts);
  size_t *lens = parts ? malloc((ncuts + 1) * sizeof *lens) : NULL;
  int rc = -1;
  if (lens && w->record_id[0]) {
    size_t np = cut_pieces(data, len, cuts, ncuts, parts, lens);
    sc_warc_conversion c = {w->uri[0] ? w->uri : NULL, w->record_id,
                            w->date[0] ? w->date : NULL, ctype, parts, lens,
                            np};
    out->crel = sc_path_join("clean", jb->rel);
    if (out->crel &&
        sc_warc_write_conversion(&c, sc_warc_out_gzip(jb->rel), &out->conv) == 0)
      rc = 0;
  }
  free(parts);
  free(lens);
  return rc;
}

/* A page of an archive done before, in an archive unchanged since: its
 * records are copied from the journal, and its conversion record made
 * again from the record and the spans its report says were removed (no
 * extraction, no scoring). 1 when it was, 0 when it must be done. */
static int reuse_record(run *r, const job *jb, FILE *rep, FILE *pg,
                        result *out)
{
  char *rb = NULL, *pb = NULL;
  size_t rl = 0, pl = 0;
  FILE *rf = open_memstream(&rb, &rl), *pf = open_memstream(&pb, &pl);
  int ok = rf && pf && sc_journal_reuse(r->j, jb->reuse, jb->seq, rf, pf) == 0;
  if (rf && fclose(rf) != 0)
    ok = 0;
  if (pf && fclose(pf) != 0)
    ok = 0;
  sc_record prec = {0};
  ok = ok && sc_record_parse(pb, pl, &prec) == SPAMCLS_OK;
  int converted = ok && prec.clean != NULL;
  sc_record_free(&prec);
  spamcls_span *cuts = NULL;
  size_t ncuts = 0;
  sc_buf page = {0};
  if (ok && converted) {
    /* the removed comments' spans, from the report records */
    cuts = malloc((jb->reuse->comments + 1) * sizeof *cuts);
    ok = cuts != NULL;
    for (char *line = rb, *end = rb + rl; ok && line < end;) {
      char *nl = memchr(line, '\n', (size_t)(end - line));
      size_t n = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);
      sc_record c;
      if (sc_record_parse(line, n, &c) == SPAMCLS_OK && c.removed &&
          ncuts < jb->reuse->comments + 1)
        cuts[ncuts++] = (spamcls_span){c.start, c.end};
      sc_record_free(&c);
      line += n;
    }
    ncuts = sc_spans_join(cuts, ncuts);
    char charset[64], ctype[256], msg[1200];
    ok = ok && ncuts &&
         sc_warc_job_page(jb->warc, r->o->max_page, &page, charset,
                          sizeof charset, ctype, sizeof ctype, msg,
                          sizeof msg) == SC_PAGE_OK &&
         cuts[ncuts - 1].end <= page.len &&
         conversion(jb, page.data, page.len, cuts, ncuts, ctype, out) == 0;
  }
  if (ok) {
    fwrite(rb, 1, rl, rep);
    fwrite(pb, 1, pl, pg);
    out->st.comments = jb->reuse->comments;
    out->skip = SC_PAGE_OK;
  } else {
    sc_buf_free(&out->conv);
    free(out->crel);
    out->crel = NULL;
  }
  free(cuts);
  free(rb);
  free(pb);
  sc_buf_free(&page);
  return ok;
}

/* A page of a web archive: decoded from its record, moderated, and when
 * spam was cut out, its conversion record made for the archive's cleaned
 * copy (the writer appends it in walk order). */
static void work_record(run *r, const job *jb, result *out, sc_mod_scorer *ms,
                        FILE *rep, FILE *pg)
{
  const sc_warc_job *w = jb->warc;
  const char *name = record_name(w);
  if (jb->reuse && reuse_record(r, jb, rep, pg, out)) {
    close_records(out, rep, pg);
    return;
  }
  char msg[1200], charset[64], ctype[256];
  sc_buf page = {0};
  char *fields = sc_report_origin(w->warc, w->record_id, w->offset);
  sc_page_skip skip = SC_PAGE_NOMEM;
  if (!fields)
    snprintf(msg, sizeof msg, "%s: out of memory", w->warc);
  else
    skip = sc_warc_job_page(w, r->o->max_page, &page, charset, sizeof charset,
                            ctype, sizeof ctype, msg, sizeof msg);
  const char *data = page.data ? page.data : "";
  if (skip == SC_PAGE_OK && sc_page_is_binary(data, page.len)) {
    skip = SC_PAGE_BINARY;
    snprintf(msg, sizeof msg, "%s: record at offset %llu (%s): binary data, "
             "not a page", w->warc, (unsigned long long)w->offset, w->uri);
  }
  spamcls_moderation *md = NULL;
  size_t ncuts = 0;
  if (skip == SC_PAGE_OK) {
    sc_page_origin from = {charset, fields};
    spamcls_page_kind kind = r->o->kind == SPAMCLS_PAGE_AUTO ? SPAMCLS_PAGE_HTML
                                                             : r->o->kind;
    spamcls_status st = sc_mod_page(ms, name, jb->seq, data, page.len, kind,
                                    &from, rep, &out->st, &md);
    if (st != SPAMCLS_OK) {
      skip = SC_PAGE_NOMEM;
      snprintf(msg, sizeof msg, "%s: %s", name, spamcls_strerror(st));
    }
  }
  size_t clen = 0;
  const char *clean = md ? spamcls_moderation_clean(md, &clen) : NULL;
  if (md)
    spamcls_moderation_spans(md, &ncuts);
  /* a conversion record only when spam was cut out */
  if (skip == SC_PAGE_OK && ncuts &&
      conversion(jb, clean, clen, NULL, 0, ctype, out) != 0) {
    skip = SC_PAGE_NOMEM;
    snprintf(msg, sizeof msg, "%s: out of memory", name);
  }
  if (skip != SC_PAGE_OK) {
    sc_buf_free(&out->conv);
    free(out->crel);
    out->crel = NULL;
    skipped(out, &rep, pg, name, jb->seq, skip, msg, fields);
  } else {
    /* the archive's identity, and record_offset: what a resumed run
     * checks before it reuses the page */
    out->st.size = jb->size;
    out->st.mtime_ns = jb->mtime_ns;
    out->st.inode = jb->inode;
    sc_report_page(pg, name, jb->seq, out->crel, &out->st, fields);
    warn_page(out, name);
  }
  out->skip = skip;
  close_records(out, rep, pg);
  spamcls_moderation_free(md);
  free(fields);
  sc_buf_free(&page);
}

/* The end of a web archive: its record (what it held) when this shard
 * owns it, and the word that its cleaned copy is complete. */
static void work_end(const job *jb, result *out, FILE *rep, FILE *pg)
{
  const sc_warc_tally *t = jb->end;
  out->warc_end = 1;
  out->crel = sc_path_join("clean", jb->rel);
  if (!out->crel)
    out->fatal = 1;
  if (jb->own) {
    sc_report_archive(pg, jb->path, jb->seq, t->records, t->pages, t->other,
                      t->error[0] ? t->error : NULL);
    if (t->error[0]) {
      out->msg = strdup(t->error);
      out->skip = SC_PAGE_UNREADABLE;
    }
  }
  close_records(out, rep, pg);
}

typedef struct worker_arg {
  run *r;
  sc_mod_scorer ms;
} worker_arg;

static void *worker(void *arg)
{
  worker_arg *wa = arg;
  run *r = wa->r;
  pthread_mutex_lock(&r->mu);
  for (;;) {
    while (r->taken == r->pushed && !r->done)
      pthread_cond_wait(&r->job_cv, &r->mu);
    if (r->taken == r->pushed && r->done)
      break;
    job jb = r->q[r->taken % r->window];
    r->taken++;
    int stop = r->stop;
    pthread_mutex_unlock(&r->mu);
    result res;
    memset(&res, 0, sizeof res);
    if (stop)
      res.skip = SC_PAGE_NOMEM;  /* draining: not written */
    else
      work(r, &jb, &res, &wa->ms);
    res.own = jb.own;
    res.at = jb.at;
    free(jb.path);
    free(jb.rel);
    free(jb.why);
    sc_warc_job_free(jb.warc);
    free(jb.end);
    pthread_mutex_lock(&r->mu);
    res.ready = 1;
    r->res[jb.order % r->window] = res;
    pthread_cond_broadcast(&r->res_cv);
  }
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

/* ---------------------------------------------------------------- writer */

/* Where the run is, for the caller's progress callback: at most ten
 * times a second, and once at the end. Without a total (no spool could
 * be written) no bytes. */
static void progress(run *r, int final)
{
  const sc_run_events *ev = r->j->ev;
  if (!r->progress || !ev || !ev->progress)
    return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (!final && secs(&r->last, &now) < 0.1)
    return;
  r->last = now;
  sc_run_progress p = {r->seen_pages, r->comments, 0, 0, secs(&r->t0, &now),
                       r->sized, r->finished, final};
  if (r->sized) {
    p.bytes_total = r->total;
    p.bytes_done = r->at < r->total ? r->at : r->total;
  }
  ev->progress(ev->ctx, &p);
}

/* A web archive's page or end, in walk order: its conversion record is
 * appended to the archive's cleaned copy, which its end completes. */
static void write_archive(run *r, const result *x)
{
  int rc = 0;
  if (x->conv.len)
    rc = sc_warc_out_append(&r->wo, r->j->od, x->crel, x->conv.data, x->conv.len);
  else if (x->warc_end)
    rc = sc_warc_out_finish(&r->wo, x->crel);
  if (rc != 0 && errno) {
    sc_run_say(r->j->ev, SC_MSG_ERROR,
               "%s/%s: cannot write the cleaned archive: %s", r->j->od->path,
               x->crel, strerror(errno));
    r->rc = r->rc > SC_RUN_OUTPUT ? r->rc : SC_RUN_OUTPUT;
  }
}

/* Writes the next result in order, if it is ready; 1 when one was. */
static int write_next(run *r, int wait)
{
  result *res = &r->res[r->written % r->window];
  while (!res->ready) {
    if (!wait)
      return 0;
    pthread_cond_wait(&r->res_cv, &r->mu);
  }
  result x = *res;
  memset(res, 0, sizeof *res);
  r->written++;
  int stopped = r->stop;
  if (x.fatal)
    r->stop = 1;
  pthread_mutex_unlock(&r->mu);
  /* After a fatal error the pages still in flight are dropped quietly. */
  if (x.msg && x.warn && !stopped)
    sc_run_say(r->j->ev, SC_MSG_WARNING, "%s", x.msg);
  else if (x.msg && !stopped)
    sc_run_say(r->j->ev, SC_MSG_ERROR, "%s (skipped)", x.msg);
  if (x.fatal) {
    r->rc = SC_RUN_NOMEM;
  } else if (!stopped) {
    sc_outcome code = x.skip == SC_PAGE_OK ? SC_RUN_OK
               : x.skip == SC_PAGE_OUTPUT ? SC_RUN_OUTPUT : SC_RUN_INPUT;
    if (code > r->rc)
      r->rc = code;
    if (sc_journal_append(r->j, x.map ? x.map : x.report,
                          x.map ? x.maplen : x.rlen, x.page, x.plen) != 0) {
      sc_run_say(r->j->ev, SC_MSG_ERROR,
                 "%s: cannot write the report: %s", r->j->od->path,
                 strerror(errno));
      r->rc = SC_RUN_OUTPUT;
      r->j->failed = 1;
      pthread_mutex_lock(&r->mu);
      r->stop = 1;
      pthread_mutex_unlock(&r->mu);
    }
    if (x.crel)
      write_archive(r, &x);
    if (x.own)
      r->seen_pages++;
    r->at = x.at;
    r->comments += x.st.comments;
    progress(r, 0);
  }
  free(x.report);
  if (x.map)
    munmap(x.map, x.maplen);
  free(x.page);
  free(x.msg);
  free(x.crel);
  sc_buf_free(&x.conv);
  pthread_mutex_lock(&r->mu);
  return 1;
}

/* ---------------------------------------------------------------- walk */

static int in_shard(const run *r, unsigned long seq)
{
  return seq % r->o->shard_n == r->o->shard_k;
}

static char *dup_or_null(const char *s)
{
  return s ? strdup(s) : NULL;
}

static int push(void *ctx, const sc_walk_item *it)
{
  run *r = ctx;
  /* Every shard sees an archive's end: its cleaned copy is completed. */
  if (!in_shard(r, it->seq) && !it->warc_end)
    return 0;
  job jb = {.seq = it->seq, .path = strdup(it->path), .rel = strdup(it->rel),
            .skip = it->skip, .why = dup_or_null(it->why),
            .own = in_shard(r, it->seq), .at = it->at};
  int lost = 0;
  if (it->warc && !(jb.warc = sc_warc_job_new(it->warc)))
    lost = 1;
  if (it->st) {
    jb.size = (unsigned long long)it->st->st_size;
    jb.mtime_ns = (unsigned long long)it->st->st_mtim.tv_sec * 1000000000ULL +
                  (unsigned long long)it->st->st_mtim.tv_nsec;
    jb.inode = (unsigned long long)it->st->st_ino;
  }
  if (jb.warc && it->st)
    jb.reuse = sc_journal_find(r->j, record_name(jb.warc), sc_mod_record_ident(
        sc_mod_ident(jb.size, jb.mtime_ns, jb.inode), jb.warc->offset));
  if (it->warc_end && (jb.end = malloc(sizeof *jb.end)) != NULL)
    *jb.end = *it->warc_end;
  else if (it->warc_end)
    lost = 1;
  if (it->st && it->skip == SC_PAGE_OK && !it->warc && !it->warc_end)
    jb.reuse = sc_journal_find(r->j, it->path,
                               sc_mod_ident(jb.size, jb.mtime_ns, jb.inode));
  if (!jb.path || !jb.rel || (it->why && !jb.why) || lost) {
    free(jb.path);
    free(jb.rel);
    free(jb.why);
    sc_warc_job_free(jb.warc);
    free(jb.end);
    sc_run_say(r->j->ev, SC_MSG_ERROR,
               "%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    r->rc = SC_RUN_NOMEM;
    return 1;
  }
  pthread_mutex_lock(&r->mu);
  while (write_next(r, 0))
    ;
  while (r->pushed - r->written >= r->window)
    write_next(r, 1);
  jb.order = r->pushed;
  r->q[r->pushed % r->window] = jb;
  r->pushed++;
  pthread_cond_signal(&r->job_cv);
  int stop = r->stop;
  pthread_mutex_unlock(&r->mu);
  return stop;
}

/* Walks the inputs once, pushing their items; with a progress bar through
 * a spool, so that the total is known from the start. 1 when the walk
 * went to its end. */
static int walk(run *r, char **inputs, int ninputs, dev_t out_dev,
                ino_t out_ino)
{
  const sc_outdir *od = r->j->od;
  sc_walk_spool sp = {0};
  int spooled = r->progress && sc_walk_spool_files(&sp, od->fd, inputs, ninputs,
                                                   out_dev, out_ino) == 0;
  if (r->progress && !spooled)
    sc_run_say(r->j->ev, SC_MSG_WARNING,
               "%s: cannot write a temporary file: %s: the progress has no "
               "total", od->path, strerror(sp.err));
  r->total = spooled ? sp.total : 0;
  r->sized = spooled;
  clock_gettime(CLOCK_MONOTONIC, &r->t0);
  r->last = r->t0;
  int rc = spooled ? sc_walk_spool_items(&sp, r->o->max_page, push, r)
                   : sc_walk_inputs(inputs, ninputs, out_dev, out_ino,
                                    r->o->max_page, push, r);
  if (spooled && sp.err) {
    /* the pages not given are missing: the journal is kept to resume */
    sc_run_say(r->j->ev, SC_MSG_ERROR,
               "%s: cannot read a temporary file: %s", od->path,
               strerror(sp.err));
    r->rc = SC_RUN_OUTPUT;
    r->j->failed = 1;
    return 0;
  }
  return rc == 0;
}

sc_outcome sc_mod_run(const sc_mod_opts *o, const spamcls_model *model,
                      char **inputs, int ninputs, sc_journal *j,
                      dev_t out_dev, ino_t out_ino)
{
  run r;
  memset(&r, 0, sizeof r);
  r.o = o;
  r.model = model;
  r.j = j;
  r.window = o->jobs * 4 + 4;
  r.progress = o->progress;
  r.wo = (sc_warc_out)SC_WARC_OUT_INIT;
  r.q = calloc(r.window, sizeof *r.q);
  r.res = calloc(r.window, sizeof *r.res);
  worker_arg *wa = calloc(o->jobs, sizeof *wa);
  pthread_t *th = calloc(o->jobs, sizeof *th);
  if (!r.q || !r.res || !wa || !th) {
    free(r.q);
    free(r.res);
    free(wa);
    free(th);
    sc_run_say(j->ev, SC_MSG_ERROR, "%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return SC_RUN_NOMEM;
  }
  pthread_mutex_init(&r.mu, NULL);
  pthread_cond_init(&r.job_cv, NULL);
  pthread_cond_init(&r.res_cv, NULL);
  size_t started = 0;
  for (; started < o->jobs; started++) {
    wa[started].r = &r;
    int e = sc_mod_scorer_init(&wa[started].ms, model, o->threshold, o->margin,
                               o->explain);
    wa[started].ms.max_record = o->max_record;
    if (e != 0 || pthread_create(&th[started], NULL, worker, &wa[started])) {
      sc_mod_scorer_free(&wa[started].ms);
      sc_run_say(j->ev, SC_MSG_ERROR,
                 "cannot start worker thread %zu", started + 1);
      r.rc = SC_RUN_NOMEM;
      break;
    }
  }
  int whole = started && walk(&r, inputs, ninputs, out_dev, out_ino);
  pthread_mutex_lock(&r.mu);
  r.done = 1;
  pthread_cond_broadcast(&r.job_cv);
  while (started && r.written < r.pushed)
    write_next(&r, 1);
  /* the bytes after the last page written are other shards' pages */
  if (whole && !r.stop) {
    r.at = r.total;
    r.finished = 1;
  }
  pthread_mutex_unlock(&r.mu);
  for (size_t i = 0; i < started; i++) {
    pthread_join(th[i], NULL);
    sc_mod_scorer_free(&wa[i].ms);
  }
  progress(&r, 1);
  sc_warc_out_abort(&r.wo);  /* an archive a stopped run did not finish */
  pthread_mutex_destroy(&r.mu);
  pthread_cond_destroy(&r.job_cv);
  pthread_cond_destroy(&r.res_cv);
  free(r.q);
  free(r.res);
  free(wa);
  free(th);
  return r.rc;
}
