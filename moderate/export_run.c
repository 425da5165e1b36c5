/*
 * export_run.c - a site export (WordPress WXR, Disqus) through
 * moderate: every comment judged, what the site had decided reported
 * beside the verdict, and a copy written in which the comments judged
 * spam that the site shows (approved or pending) are flagged as spam in
 * their status field, so that the site's own admin lists them in its
 * spam queue when the copy is imported. Nothing is deleted and every
 * other byte is the input's. A comment without a status field (a Disqus
 * post with no isSpam) is reported as unmarkable; nothing is inserted.
 *
 * The export is streamed (spamcls_export_*): --max-page does not apply.
 * Its comments are judged in batches, a batch spread over -j threads,
 * and recorded and marked in order: -j changes the speed, not a byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "page_records.h"
#include "moderation.h"
#include "util.h"
#include "util.h"

/* Bytes read to tell an export: its root element comes first. */
#define SNIFF_BYTES 16384

static int ends_with_xml(const char *path)
{
  size_t n = strlen(path);
  return n > 4 && strcasecmp(path + n - 4, ".xml") == 0;
}

spamcls_export_kind sc_mod_export_kind(const char *path)
{
  if (!ends_with_xml(path))
    return SPAMCLS_EXPORT_NONE;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return SPAMCLS_EXPORT_NONE;  /* sc_page_read says why */
  struct stat sb;
  char *head = NULL;
  ssize_t n = -1;
  if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
      (head = malloc(SNIFF_BYTES)) != NULL) {
    size_t got = 0;
    while (got < SNIFF_BYTES &&
           (n = read(fd, head + got, SNIFF_BYTES - got)) > 0)
      got += (size_t)n;
    n = (ssize_t)got;
  }
  close(fd);
  spamcls_export_kind k =
      n > 0 ? spamcls_export_sniff(head, (size_t)n) : SPAMCLS_EXPORT_NONE;
  free(head);
  return k;
}

/* Flags spam the site shows; the site's own spam, trash and deletions
 * stay as they are. */
static int site_shows(spamcls_site_status s)
{
  return s == SPAMCLS_SITE_APPROVED || s == SPAMCLS_SITE_PENDING;
}

/* A comment of a batch: its fields copied (the export's strings last
 * only until its next comment), then its verdict. */
typedef struct item {
  spamcls_export_comment c;
  char *buf;
  spamcls_result r;
  spamcls_contribution *why;
  size_t nwhy;
  int truncated;
  spamcls_status rc;
} item;

/* Comments judged together, per thread, and the bytes of text a batch
 * holds at most (beyond one comment): the export's bytes from the
 * batch's first status value on are held back too. */
#define BATCH_PER_THREAD 64
#define BATCH_BYTES ((size_t)32 << 20)

static size_t copy_item(item *it, const spamcls_export_comment *c,
                        unsigned long explain)
{
  size_t n = c->id_len + c->author_len + c->author_url_len + c->date_len +
             c->body_len + c->thread_len + c->status_len;
  it->buf = malloc(n + 1);
  it->why = calloc(explain ? explain : 1, sizeof *it->why);
  if (!it->buf || !it->why)
    return 0;
  it->c = *c;
  char *p = it->buf;
#define PUT(f)                                \
  do {                                        \
    if (c->f) {                               \
      memcpy(p, c->f, c->f##_len);            \
      it->c.f = p;                            \
      p += c->f##_len;                        \
    }                                         \
  } while (0)
  PUT(id);
  PUT(author);
  PUT(author_url);
  PUT(date);
  PUT(body);
  PUT(thread);
  PUT(status);
#undef PUT
  return n + 1;
}

static spamcls_page_comment as_page_comment(const spamcls_export_comment *c)
{
  spamcls_page_comment pc = {
    c->author, c->author_len, c->author_url, c->author_url_len,
    c->date, c->date_len, c->body, c->body_len, 0, 0, 0};
  return pc;
}

/* One thread's share of a batch: items first, first + step, ... */
typedef struct part {
  item *it;
  size_t n, first, step;
  sc_mod_scorer *ms;
  const char *page;
} part;

static void *judge_part(void *arg)
{
  part *p = arg;
  for (size_t i = p->first; i < p->n; i += p->step) {
    item *it = &p->it[i];
    spamcls_page_comment pc = as_page_comment(&it->c);
    it->rc = sc_moderate_judge(p->ms->s, &pc, p->page, p->ms->max_record,
                               p->ms->why, p->ms->explain, &it->r, &it->nwhy,
                               &it->truncated);
    if (it->rc == SPAMCLS_OK && it->nwhy)
      memcpy(it->why, p->ms->why, it->nwhy * sizeof *it->why);
  }
  return NULL;
}

/* Judges a batch on nms scorers, one thread each (the calling thread
 * takes the first share). */
static void judge_batch(item *it, size_t n, sc_mod_scorer *ms, size_t nms,
                        const char *page)
{
  part parts[nms];
  pthread_t th[nms];
  int started[nms];
  for (size_t t = 0; t < nms; t++) {
    parts[t] = (part){it, n, t, nms, &ms[t], page};
    started[t] = t > 0 && t < n &&
                 pthread_create(&th[t], NULL, judge_part, &parts[t]) == 0;
  }
  judge_part(&parts[0]);
  for (size_t t = 1; t < nms; t++) {
    if (started[t])
      pthread_join(th[t], NULL);
    else if (t < n)
      judge_part(&parts[t]);  /* no thread: done here */
  }
}

/* One judged comment: counted, marked, its record written. */
static void record(const item *it, spamcls_export *e, const char *page,
                   size_t index, unsigned long seq, FILE *out, sc_page_stats *st)
{
  const spamcls_export_comment *c = &it->c;
  const spamcls_result *r = &it->r;
  st->comments++;
  st->truncated += it->truncated;
  switch (r->verdict) {
  case SPAMCLS_SPAM: st->spam++; break;
  case SPAMCLS_HAM: st->ham++; break;
  case SPAMCLS_UNSURE: st->unsure++; break;
  case SPAMCLS_EMPTY: st->empty++; break;
  }
  if ((unsigned)c->site < SC_SITE_STATUSES &&
      (unsigned)r->verdict < SC_VERDICTS)
    st->site[c->site][r->verdict]++;
  int marked = 0;
  if (r->verdict == SPAMCLS_SPAM && site_shows(c->site)) {
    if (c->markable && spamcls_export_mark_spam_at(e, c->seq) == SPAMCLS_OK)
      marked = 1;
    else
      st->unmarkable++;
  }
  st->marked += marked;
  if ((c->site == SPAMCLS_SITE_APPROVED && r->verdict == SPAMCLS_SPAM) ||
      (c->site == SPAMCLS_SITE_SPAM && r->verdict == SPAMCLS_HAM))
    st->disagree++;
  spamcls_page_comment pc = as_page_comment(c);
  sc_export_fields x = {c->id, c->thread, c->status, c->id_len,
                        c->thread_len, c->status_len, c->line, c->site,
                        c->markable, marked, it->truncated};
  sc_report_export_comment(out, page, seq, index, &pc, r, it->why, it->nwhy,
                           &x);
}

/* Reads, judges and records the export batch by batch. EOF when all of
 * it was read and written, else the failure (err says it). */
static spamcls_status moderate_all(spamcls_export *e, sc_mod_scorer *ms,
                                   size_t nms, unsigned long explain,
                                   const char *page, unsigned long seq,
                                   FILE *out, sc_page_stats *st,
                                   spamcls_error *err)
{
  size_t cap = nms * BATCH_PER_THREAD, index = 0;
  item *it = calloc(cap, sizeof *it);
  spamcls_status rc = it ? spamcls_export_set_window(e, cap)
                         : SPAMCLS_ERR_NOMEM;
  while (rc == SPAMCLS_OK) {
    size_t n = 0, bytes = 0;
    spamcls_export_comment c;
    while (n < cap && bytes < BATCH_BYTES &&
           (rc = spamcls_export_next(e, &c, err)) == SPAMCLS_OK) {
      size_t k = copy_item(&it[n++], &c, explain);
      if (!k) {
        rc = SPAMCLS_ERR_NOMEM;
        break;
      }
      bytes += k;
    }
    if (rc == SPAMCLS_OK || rc == SPAMCLS_EOF) {
      judge_batch(it, n, ms, nms, page);
      for (size_t i = 0; i < n && (rc == SPAMCLS_OK || rc == SPAMCLS_EOF);
           i++) {
        if (it[i].rc != SPAMCLS_OK) {
          rc = it[i].rc;
          snprintf(err->msg, sizeof err->msg, "%s: %s", page,
                   spamcls_strerror(rc));
        } else {
          record(&it[i], e, page, ++index, seq, out, st);
        }
      }
    }
    for (size_t i = 0; i < n; i++) {
      free(it[i].buf);
      free(it[i].why);
    }
    memset(it, 0, n * sizeof *it);
    /* The batch is marked: its bytes can go. */
    if (rc == SPAMCLS_OK) {
      rc = spamcls_export_flush(e, err);
    } else if (rc == SPAMCLS_EOF) {
      spamcls_status f = spamcls_export_finish(e, err);
      if (f != SPAMCLS_OK)
        rc = f;
      break;
    } else if (rc == SPAMCLS_ERR_NOMEM) {
      snprintf(err->msg, sizeof err->msg, "%s: out of memory", page);
    }
  }
  if (!it)
    snprintf(err->msg, sizeof err->msg, "%s: out of memory", page);
  free(it);
  return rc;
}

/* Opens the temporary file the copy goes to, beside crel's place. */
static FILE *open_copy(int outfd, const char *crel, int *dirfd,
                       const char **base, char **tmp)
{
  *dirfd = sc_dir_parent_at(outfd, crel, 1, base);
  if (*dirfd < 0)
    return NULL;
  int fd = sc_tmp_at(*dirfd, *base, tmp);
  FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (fd >= 0 && !fp) {
    int e = errno;
    close(fd);
    unlinkat(*dirfd, *tmp, 0);
    errno = e;
  }
  return fp;
}

sc_page_skip sc_mod_export(sc_mod_scorer *m, const spamcls_model *model,
                           const sc_mod_opts *o, int outfd, const char *path,
                           spamcls_export_kind kind, const char *crel,
                           unsigned long seq, FILE *out, sc_page_stats *st,
                           struct stat *sb, char *msg, size_t msglen)
{
  memset(st, 0, sizeof *st);
  st->export_kind = (int)kind;
  st->markup = spamcls_export_kind_name(kind);
  if (stat(path, sb) != 0) {
    snprintf(msg, msglen, "%s: %s", path, strerror(errno));
    return SC_PAGE_UNREADABLE;
  }
  int dirfd = -1;
  const char *base = NULL;
  char *tmp = NULL;
  FILE *copy = open_copy(outfd, crel, &dirfd, &base, &tmp);
  if (!copy) {
    snprintf(msg, msglen, "%s: cannot write the marked copy: %s", crel,
             strerror(errno));
    if (dirfd >= 0)
      close(dirfd);
    free(tmp);
    return SC_PAGE_OUTPUT;
  }
  /* A scorer per thread: the worker's, and more made for this export. */
  size_t nms = o->jobs ? o->jobs : 1, made = 1;
  sc_mod_scorer *ms = calloc(nms, sizeof *ms);
  spamcls_export *e = NULL;
  spamcls_error err = {{0}};
  spamcls_status rc = ms ? SPAMCLS_OK : SPAMCLS_ERR_NOMEM;
  if (ms) {
    ms[0] = *m;
    for (; made < nms; made++) {
      if (sc_mod_scorer_init(&ms[made], model, o->threshold, o->margin,
                             o->explain) != 0) {
        sc_mod_scorer_free(&ms[made]);
        break;  /* fewer threads, not a failure */
      }
      ms[made].max_record = o->max_record;
    }
    rc = spamcls_export_open(path, kind, copy, &e, &err);
  }
  if (rc == SPAMCLS_OK)
    rc = moderate_all(e, ms, made, o->explain, path, seq, out, st, &err);
  else if (rc == SPAMCLS_ERR_NOMEM)
    snprintf(err.msg, sizeof err.msg, "%s: out of memory", path);
  spamcls_export_close(e);
  for (size_t t = 1; ms && t < made; t++)
    sc_mod_scorer_free(&ms[t]);
  free(ms);
  sc_page_skip skip = SC_PAGE_OK;
  if (rc != SPAMCLS_EOF) {
    skip = rc == SPAMCLS_ERR_FORMAT ? SC_PAGE_MALFORMED
           : rc == SPAMCLS_ERR_NOMEM ? SC_PAGE_NOMEM
           : rc == SPAMCLS_ERR_IO && !ferror(copy) ? SC_PAGE_UNREADABLE
           : SC_PAGE_OUTPUT;
    snprintf(msg, msglen, "%s", err.msg);
  }
  /* The copy is renamed into place only when the whole export was read
   * and written. */
  int wr = fflush(copy) == 0 && fsync(fileno(copy)) == 0;
  int er = errno;
  if (fclose(copy) != 0 && wr) {
    wr = 0;
    er = errno;
  }
  if (skip == SC_PAGE_OK && (!wr || renameat(dirfd, tmp, dirfd, base) != 0)) {
    skip = SC_PAGE_OUTPUT;
    snprintf(msg, msglen, "%s: cannot write the marked copy: %s", crel,
             strerror(wr ? errno : er));
  }
  if (skip != SC_PAGE_OK)
    unlinkat(dirfd, tmp, 0);
  close(dirfd);
  free(tmp);
  return skip;
}
