/*
 * journal.c - OUTDIR's journal: what a run has done, so that a
 * run killed at any point (even mid-line), or run again after its inputs,
 * changed, does each page once and no more.
 *
 * OUTDIR/.journal is appended to, never rewritten. Each run first writes
 * a line {"generation":N}; then, per page in walk order, its comment
 * records and then its page record, in one write. A page record names
 * the page, its identity (size, mtime, inode) and how many comment
 * records precede it. On the next run the journal is read while it is
 * whole: an incomplete unit at the end is cut off. Every complete "ok"
 * page of every generation is an entry of the index, the latest winning:
 * a page whose path and identity match an entry is not read again; its
 * records are copied with its new position. When the run ends, its own
 * generation becomes report.jsonl and pages.jsonl, cleaned copies that
 * no page of it wrote are removed, and the journal goes. Run again, the
 * finished outputs are turned back into a journal first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "run.h"
#include "report.h"

#define JOURNAL ".journal"

static const char *const finals[] = {
  "report.jsonl", "pages.jsonl", "summary.json", "report.html",
  "report.jsonl.part", "pages.jsonl.part"  /* older layouts */
};

uint64_t sc_mod_hash(const void *p, size_t n, uint64_t h)
{
  const unsigned char *s = p;
  if (!h)
    h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t sc_mod_ident(unsigned long long size, unsigned long long mtime_ns,
                      unsigned long long inode)
{
  unsigned long long v[3] = {size, mtime_ns, inode};
  return sc_mod_hash(v, sizeof v, 0);
}

uint64_t sc_mod_record_ident(uint64_t archive_ident, uint64_t offset)
{
  return sc_mod_hash(&offset, sizeof offset, archive_ident);
}

static int is_marker(const char *s, size_t n)
{
  return n > 15 && !memcmp(s, "{\"generation\":", 14);
}

static int by_page(const void *a, const void *b)
{
  const sc_jentry *x = a, *y = b;
  if (x->page != y->page)
    return x->page < y->page ? -1 : 1;
  return x->off < y->off ? -1 : x->off > y->off;
}

/* Reads the journal while it is whole, indexing its done pages; returns
 * the length of the whole part, or -1 (out of memory). */
static off_t recover(sc_journal *j, FILE *fp, unsigned long *gens)
{
  char *line = NULL;
  size_t cap = 0, ecap = 0;
  ssize_t n;
  off_t keep = 0, off = 0, unit = 0;
  unsigned long pending = 0;
  *gens = 0;
  while ((n = getline(&line, &cap, fp)) > 0) {
    if (line[n - 1] != '\n')
      break;
    if (is_marker(line, (size_t)n)) {
      if (pending)
        break;
      off += n;
      keep = unit = off;
      (*gens)++;
      continue;
    }
    if (!sc_record_is_page(line, (size_t)n)) {
      off += n;
      pending++;
      continue;
    }
    sc_record rec;
    spamcls_status st = sc_record_parse(line, (size_t)n, &rec);
    if (st != SPAMCLS_OK || rec.kind == SC_RECORD_COMMENT ||
        rec.st.comments != pending) {
      sc_record_free(&rec);
      if (st == SPAMCLS_ERR_NOMEM) {
        free(line);
        return -1;
      }
      break;
    }
    off += n;
    if (rec.kind == SC_RECORD_PAGE) {
      if (j->ndone == ecap) {
        ecap = ecap ? ecap * 2 : 1024;
        sc_jentry *v = realloc(j->done, ecap * sizeof *v);
        if (!v) {
          sc_record_free(&rec);
          free(line);
          return -1;
        }
        j->done = v;
      }
      sc_jentry *e = &j->done[j->ndone++];
      e->page = sc_mod_hash(rec.page, strlen(rec.page), 0);
      e->ident = sc_mod_ident(rec.st.size, rec.st.mtime_ns, rec.st.inode);
      if (rec.has_record_offset)
        e->ident = sc_mod_record_ident(e->ident, rec.record_offset);
      e->off = unit;
      e->len = (size_t)(off - unit);
      e->comments = pending;
    }
    sc_record_free(&rec);
    pending = 0;
    keep = unit = off;
  }
  free(line);
  if (j->ndone)
    qsort(j->done, j->ndone, sizeof *j->done, by_page);
  return keep;
}

/* Turns finished outputs (pages.jsonl, report.jsonl) back into a journal
 * of one generation. 0, or -1 with errno. */
static int journal_from_finals(const sc_outdir *od)
{
  FILE *pp = sc_fopen_at(od->fd, "pages.jsonl");
  FILE *rp = sc_fopen_at(od->fd, "report.jsonl");
  char *tmp = NULL;
  int fd = pp && rp ? sc_tmp_at(od->fd, JOURNAL, &tmp) : -1;
  FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
  int rc = out ? 0 : -1;
  if (fd >= 0 && !out)
    close(fd);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  if (out)
    fputs("{\"generation\":1}\n", out);
  while (rc == 0 && (n = getline(&line, &cap, pp)) > 0 && line[n - 1] == '\n') {
    sc_record rec;
    sc_record_parse(line, (size_t)n, &rec);
    unsigned long long c = rec.kind == SC_RECORD_COMMENT ? 0 : rec.st.comments;
    sc_record_free(&rec);
    char *page = strndup(line, (size_t)n);
    if (!page) {
      rc = -1;
      break;
    }
    unsigned long long got = 0;
    ssize_t m;
    for (; got < c && (m = getline(&line, &cap, rp)) > 0 &&
           line[m - 1] == '\n'; got++)
      fwrite(line, 1, (size_t)m, out);
    if (got == c)
      fwrite(page, 1, (size_t)n, out);
    free(page);
    if (got != c)
      break;  /* the rest is redone */
  }
  free(line);
  int e = errno;
  if (out && (fflush(out) != 0 || ferror(out)))
    rc = -1, e = errno;
  if (out && fclose(out) != 0)
    rc = -1, e = errno;
  if (rc == 0 && renameat(od->fd, tmp, od->fd, JOURNAL) != 0)
    rc = -1, e = errno;
  if (rc != 0 && tmp)
    unlinkat(od->fd, tmp, 0);
  free(tmp);
  if (pp)
    fclose(pp);
  if (rp)
    fclose(rp);
  errno = e;
  return rc;
}

static int same_state(const sc_outdir *od, const char *key, int *had)
{
  FILE *sf = sc_fopen_at(od->fd, ".state.json");
  *had = sf != NULL;
  if (!sf)
    return 0;
  size_t kl = strlen(key);
  char *old = malloc(kl + 2);
  size_t n = old ? fread(old, 1, kl + 1, sf) : 0;
  int same = old && n == kl && !memcmp(old, key, kl);
  free(old);
  fclose(sf);
  return same;
}

sc_outcome sc_journal_open(sc_journal *j, const sc_outdir *od,
                           const char *key, int fresh,
                           const sc_run_events *ev)
{
  memset(j, 0, sizeof *j);
  j->fd = -1;
  j->od = od;
  j->ev = ev;
  /* One run at a time in a folder; the lock dies with its process. */
  j->lock_fd = openat(od->fd, ".lock", O_RDWR | O_CREAT | O_NOFOLLOW |
                      O_CLOEXEC, 0666);
  if (j->lock_fd < 0 || flock(j->lock_fd, LOCK_EX | LOCK_NB) != 0) {
    sc_run_say(j->ev, SC_MSG_ERROR, "%s: %s", od->path,
               j->lock_fd < 0 ? strerror(errno)
                              : "another moderate run is writing here");
    return j->lock_fd < 0 ? SC_RUN_OUTPUT : SC_RUN_BUSY;
  }
  sc_sweep_temps(od->fd, 0);
  int had;
  int same = same_state(od, key, &had) && !fresh;
  if (had && !same && !fresh)
    sc_run_say(j->ev, SC_MSG_WARNING,
               "%s: the inputs, model or options differ from the previous run "
               "there: starting over", od->path);
  int err = 0;
  if (!same) {
    /* Nothing of an earlier run stays, cleaned copies included. */
    if (sc_remove_at(od->fd, JOURNAL) != 0 || sc_remove_at(od->fd, "clean") != 0)
      err = errno;
  } else if (sc_is_file_at(od->fd, "pages.jsonl") &&
             sc_is_file_at(od->fd, "report.jsonl")) {
    if (journal_from_finals(od) != 0)
      err = errno;
  }
  for (size_t i = 0; i < sizeof finals / sizeof *finals && !err; i++)
    if (sc_remove_at(od->fd, finals[i]) != 0)
      err = errno;
  const char *parts[] = {key};
  size_t lens[] = {strlen(key)};
  if (!err && sc_write_atomic_at(od->fd, ".state.json", parts, lens, 1) != 0)
    err = errno;
  if (!err) {
    j->fd = openat(od->fd, JOURNAL, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
                   0666);
    struct stat sb;
    if (j->fd < 0 || fstat(j->fd, &sb) != 0)
      err = errno;
    else if (!S_ISREG(sb.st_mode))
      err = EINVAL;
  }
  unsigned long gens = 0;
  if (!err) {
    int fd2 = dup(j->fd);
    FILE *fp = fd2 >= 0 ? fdopen(fd2, "rb") : NULL;
    if (!fp) {
      if (fd2 >= 0)
        close(fd2);
      err = errno;
    } else {
      off_t keep = recover(j, fp, &gens);
      fclose(fp);
      if (keep < 0) {
        sc_run_say(j->ev, SC_MSG_ERROR,
                   "%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
        return SC_RUN_NOMEM;
      }
      char mark[64];
      int ml = snprintf(mark, sizeof mark, "{\"generation\":%lu}\n", gens + 1);
      if (ftruncate(j->fd, keep) != 0 || lseek(j->fd, keep, SEEK_SET) < 0 ||
          write(j->fd, mark, (size_t)ml) != ml)
        err = errno;
      j->gen_off = keep + ml;
    }
  }
  if (err) {
    sc_run_say(j->ev, SC_MSG_ERROR,
               "%s: cannot write: %s", od->path, strerror(err));
    return SC_RUN_OUTPUT;
  }
  /* Distinct pages done. */
  for (size_t i = 0; i < j->ndone; i++)
    j->done_pages += i + 1 == j->ndone || j->done[i + 1].page != j->done[i].page;
  return SC_RUN_OK;
}

const sc_jentry *sc_journal_find(const sc_journal *j, const char *page,
                                 uint64_t ident)
{
  uint64_t h = sc_mod_hash(page, strlen(page), 0);
  size_t lo = 0, hi = j->ndone;
  while (lo < hi) {  /* the last entry of h: the latest */
    size_t mid = lo + (hi - lo) / 2;
    if (j->done[mid].page <= h)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0 || j->done[lo - 1].page != h || j->done[lo - 1].ident != ident)
    return NULL;
  return &j->done[lo - 1];
}

/* Writes a record with its "page_seq" number replaced by seq; the key is
 * the last one of a comment record, the second of a page record. */
static void put_with_seq(FILE *out, const char *s, size_t n, int last,
                         unsigned long seq)
{
  static const char key[] = "\"page_seq\":";
  const char *at = NULL;
  for (size_t i = 0; i + sizeof key - 1 <= n; i++)
    if (s[i] == '"' && !memcmp(s + i, key, sizeof key - 1)) {
      at = s + i;
      if (!last)
        break;
    }
  if (!at) {
    fwrite(s, 1, n, out);
    return;
  }
  const char *num_at = at + sizeof key - 1, *end = num_at;
  while (end < s + n && *end >= '0' && *end <= '9')
    end++;
  fwrite(s, 1, (size_t)(num_at - s), out);
  fprintf(out, "%lu", seq);
  fwrite(end, 1, n - (size_t)(end - s), out);
}

int sc_journal_reuse(const sc_journal *j, const sc_jentry *e, unsigned long seq,
                     FILE *rep, FILE *pg)
{
  char *buf = malloc(e->len ? e->len : 1);
  if (!buf)
    return -1;
  size_t got = 0;
  while (got < e->len) {
    ssize_t r = pread(j->fd, buf + got, e->len - got, e->off + (off_t)got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0) {
      free(buf);
      return -1;
    }
    got += (size_t)r;
  }
  size_t at = 0;
  for (unsigned long k = 0; at < e->len; k++) {
    const char *nl = memchr(buf + at, '\n', e->len - at);
    size_t n = nl ? (size_t)(nl - (buf + at)) + 1 : e->len - at;
    put_with_seq(k < e->comments ? rep : pg, buf + at, n, k < e->comments, seq);
    at += n;
  }
  free(buf);
  return 0;
}

int sc_journal_append(sc_journal *j, const char *report, size_t rlen,
                      const char *page, size_t plen)
{
  struct iovec v[2] = {{(void *)report, rlen}, {(void *)page, plen}};
  while (v[0].iov_len + v[1].iov_len) {
    ssize_t w = writev(j->fd, v, 2);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return -1;
    for (int i = 0; i < 2; i++) {
      size_t k = (size_t)w < v[i].iov_len ? (size_t)w : v[i].iov_len;
      v[i].iov_base = (char *)v[i].iov_base + k;
      v[i].iov_len -= k;
      w -= (ssize_t)k;
    }
  }
  return 0;
}

static int by_u64(const void *a, const void *b)
{
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

typedef struct keep_set {
  uint64_t *h;
  size_t n;
} keep_set;

typedef struct sweep {
  const char *rel;  /* the folder's path under OUTDIR */
  const keep_set *ks;
  int depth;
} sweep;

/* Removes what is not a cleaned copy of this run below the folder fd. */
static void sweep_clean(int fd, const char *name, void *ctx)
{
  const sweep *s = ctx;
  char *p = sc_path_join(s->rel, name);
  struct stat sb;
  if (!p || fstatat(fd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
    free(p);
    return;
  }
  if (S_ISDIR(sb.st_mode)) {
    int sub = s->depth < 256 ? sc_dir_at(fd, name, 0) : -1;
    if (sub >= 0) {
      sweep inner = {p, s->ks, s->depth + 1};
      sc_dir_each(sub, sweep_clean, &inner);
      close(sub);
    }
    unlinkat(fd, name, AT_REMOVEDIR);  /* only if now empty */
  } else {
    uint64_t h = sc_mod_hash(p, strlen(p), 0);
    if (!bsearch(&h, s->ks->h, s->ks->n, sizeof h, by_u64))
      unlinkat(fd, name, 0);
  }
  free(p);
}

int sc_journal_finish(sc_journal *j)
{
  const sc_outdir *od = j->od;
  if (fsync(j->fd) != 0)
    return -1;
  int fd2 = dup(j->fd);
  FILE *in = fd2 >= 0 ? fdopen(fd2, "rb") : NULL;
  if (!in) {
    if (fd2 >= 0)
      close(fd2);
    return -1;
  }
  sc_atomic ar, ap;
  int rc = 0;
  memset(&ap, 0, sizeof ap);
  if (fseeko(in, j->gen_off, SEEK_SET) != 0 ||
      sc_run_atomic_open(&ar, od, "report.jsonl", j->ev) != 0) {
    fclose(in);
    return -1;
  }
  if (sc_run_atomic_open(&ap, od, "pages.jsonl", j->ev) != 0)
    rc = -1;
  keep_set ks = {NULL, 0};
  size_t kcap = 0;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while (rc == 0 && (n = getline(&line, &cap, in)) > 0) {
    if (!sc_record_is_page(line, (size_t)n)) {
      fwrite(line, 1, (size_t)n, ar.fp);
      continue;
    }
    fwrite(line, 1, (size_t)n, ap.fp);
    sc_record rec;
    sc_record_parse(line, (size_t)n, &rec);
    uint64_t clean = rec.clean ? sc_mod_hash(rec.clean, strlen(rec.clean), 0) : 0;
    if (clean) {
      if (ks.n == kcap) {
        kcap = kcap ? kcap * 2 : 1024;
        uint64_t *v = realloc(ks.h, kcap * sizeof *v);
        if (!v)
          rc = -1;
        else
          ks.h = v;
      }
      if (rc == 0)
        ks.h[ks.n++] = clean;
    }
    sc_record_free(&rec);
  }
  free(line);
  if (ferror(in))
    rc = -1;
  fclose(in);
  if (rc == 0 && (sc_run_atomic_commit(&ar, j->ev) != 0 ||
                  sc_run_atomic_commit(&ap, j->ev) != 0))
    rc = -1;
  sc_atomic_abort(&ar);
  sc_atomic_abort(&ap);
  if (rc == 0) {
    /* Cleaned copies of pages this run did not write (gone, renamed,
     * skipped now) go, as a fresh run would not have them. */
    if (ks.n)
      qsort(ks.h, ks.n, sizeof *ks.h, by_u64);
    int cfd = sc_dir_at(od->fd, "clean", 0);
    if (cfd >= 0) {
      sweep top = {"clean", &ks, 0};
      sc_dir_each(cfd, sweep_clean, &top);
      close(cfd);
    }
    if (unlinkat(od->fd, JOURNAL, 0) != 0)
      rc = -1;
  }
  free(ks.h);
  return rc;
}

void sc_journal_close(sc_journal *j)
{
  if (j->fd >= 0)
    close(j->fd);
  if (j->lock_fd >= 0)
    close(j->lock_fd);
  free(j->done);
  memset(j, 0, sizeof *j);
  j->fd = j->lock_fd = -1;
}
