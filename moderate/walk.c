/*
 * walk.c - the deterministic walk over input files and folders.
 *
 * Entries of a folder are read whole and sorted by byte value, so every
 * run, every shard and every machine sees the same order; only one
 * folder's names are held per level, never the whole tree.
 *
 * The folder walk finds files; emit turns each into items (a web archive
 * into one per record, then its end) and numbers them. Spooled, the two
 * are apart: the files found go to a temporary file first and are emitted
 * from it, so their total size is known before the first item.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"

/* Folders nested deeper than this are recorded as skipped, not walked. */
#define WALK_MAX_DEPTH 64
#define STR_(x) #x
#define STR(x) STR_(x)

typedef struct walker walker;

/* Where the folder walk sends each file it finds: emit, or the spool. */
typedef int (*found_fn)(walker *w, const char *path, const char *rel,
                        sc_page_skip skip, const char *why,
                        const struct stat *st);

struct walker {
  found_fn found;
  sc_walk_fn fn;
  void *ctx;
  unsigned long seq;
  uint64_t at;          /* bytes of the files emitted so far */
  dev_t skip_dev;
  ino_t skip_ino;
  size_t max_page;
  sc_walk_spool *spool;    /* spooling: where the files found go */
};

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *base_name(const char *p, char *buf, size_t n)
{
  size_t len = strlen(p);
  while (len > 1 && p[len - 1] == '/')
    len--;
  size_t s = len;
  while (s > 0 && p[s - 1] != '/')
    s--;
  if (len - s == 0 || (len - s == 1 && p[s] == '/'))
    snprintf(buf, n, "root");
  else if ((len - s == 1 && p[s] == '.') || (len - s == 2 && !strncmp(p + s, "..", 2)))
    snprintf(buf, n, "input");
  else
    snprintf(buf, n, "%.*s", (int)(len - s), p + s);
  return buf;
}

/* The bytes a file adds to the input's size: none when it is skipped. */
static uint64_t file_bytes(sc_page_skip skip, const struct stat *st)
{
  return skip == SC_PAGE_OK && st && st->st_size > 0 ? (uint64_t)st->st_size
                                                  : 0;
}

/* A web archive's records, each an item; then its end. */
typedef struct archive_walk {
  walker *w;
  const char *path, *rel;
  const struct stat *st;
  uint64_t base, size;  /* where the archive starts in the input; its size */
} archive_walk;

static int archive_page(void *ctx, const sc_warc_item *page)
{
  archive_walk *a = ctx;
  /* an archive grown since it was walked stays within its walked size */
  uint64_t off = page->offset < a->size ? page->offset : a->size;
  sc_walk_item it = {a->w->seq++, a->path, a->rel, SC_PAGE_OK, NULL, a->st, page,
                  NULL, a->base + off};
  return a->w->fn(a->w->ctx, &it);
}

static int emit(walker *w, const char *path, const char *rel, sc_page_skip skip,
                const char *why, const struct stat *st)
{
  uint64_t base = w->at, size = file_bytes(skip, st);
  w->at = base + size;
  if (skip == SC_PAGE_OK && sc_warc_is_archive(path)) {
    archive_walk a = {w, path, rel, st, base, size};
    sc_warc_tally t;
    int rc = sc_warc_each(path, w->max_page, archive_page, &a, &t);
    sc_walk_item end = {w->seq++, path, rel, SC_PAGE_OK, NULL, st, NULL, &t,
                     base + size};
    return rc ? rc : w->fn(w->ctx, &end);
  }
  sc_walk_item it = {w->seq++, path, rel, skip, why, skip == SC_PAGE_OK ? st : NULL,
                  NULL, NULL, base + size};
  return w->fn(w->ctx, &it);
}

/* A skipped entry, with "PATH: why" as its message. */
static int skip(walker *w, const char *path, const char *rel, sc_page_skip why,
                const char *what)
{
  char msg[1024];
  snprintf(msg, sizeof msg, "%s: %s", path, what);
  return w->found(w, path, rel, why, msg, NULL);
}

static int walk_dir(walker *w, const char *path, const char *rel, int depth)
{
  DIR *d = opendir(path);
  if (!d) {
    char msg[1024];
    snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
    return w->found(w, path, rel, SC_PAGE_UNREADABLE, msg, NULL);
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;  /* hidden files, ".", ".." and temporary files */
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **v = realloc(names, cap * sizeof *v);
      if (!v) {
        rc = -1;
        break;
      }
      names = v;
    }
    if (!(names[n] = strdup(e->d_name))) {
      rc = -1;
      break;
    }
    n++;
  }
  closedir(d);
  if (rc == 0 && n)
    qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n && rc == 0; i++) {
    char *p = sc_path_join(path, names[i]);
    char *r = sc_path_join(rel, names[i]);
    struct stat sb;
    if (!p || !r) {
      rc = -1;
    } else if (lstat(p, &sb) != 0) {
      rc = skip(w, p, r, SC_PAGE_UNREADABLE, strerror(errno));
    } else if (S_ISDIR(sb.st_mode)) {
      if (sb.st_dev == w->skip_dev && sb.st_ino == w->skip_ino)
        ;  /* the output folder itself: never read back as input */
      else if (depth < WALK_MAX_DEPTH)
        rc = walk_dir(w, p, r, depth + 1);
      else
        rc = skip(w, p, r, SC_PAGE_TOO_DEEP, "more than "
                  STR(WALK_MAX_DEPTH) " folders deep: not walked");
    } else if (S_ISLNK(sb.st_mode)) {
      /* Links to files are read; links to folders are not followed (no
       * loops, no escapes from the tree); broken links are reported. */
      if (stat(p, &sb) != 0) {
        rc = skip(w, p, r, SC_PAGE_UNREADABLE, strerror(errno));
      } else if (S_ISREG(sb.st_mode)) {
        rc = w->found(w, p, r, SC_PAGE_OK, NULL, &sb);
      } else if (S_ISDIR(sb.st_mode)) {
        rc = skip(w, p, r, SC_PAGE_FOLDER_LINK, "a link to a folder: not followed");
      } else {
        rc = skip(w, p, r, SC_PAGE_UNREADABLE, "a link to a special file");
      }
    } else if (S_ISREG(sb.st_mode)) {
      rc = w->found(w, p, r, SC_PAGE_OK, NULL, &sb);
    } else {
      rc = skip(w, p, r, SC_PAGE_UNREADABLE, "not a regular file");
    }
    free(p);
    free(r);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

/* The inputs as given, folders walked, each file sent to w->found. */
static int walk_paths(walker *w, char **paths, int n)
{
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    char base[256];
    base_name(paths[i], base, sizeof base);
    struct stat sb;
    if (stat(paths[i], &sb) != 0) {
      char msg[1024];
      snprintf(msg, sizeof msg, "%s: %s", paths[i], strerror(errno));
      rc = w->found(w, paths[i], base, SC_PAGE_UNREADABLE, msg, NULL);
    } else if (S_ISDIR(sb.st_mode)) {
      rc = walk_dir(w, paths[i], base, 0);
    } else {
      rc = w->found(w, paths[i], base, SC_PAGE_OK, NULL, &sb);
    }
  }
  return rc;
}

int sc_walk_inputs(char **paths, int n, dev_t skip_dev, ino_t skip_ino,
                   size_t max_page, sc_walk_fn fn, void *ctx)
{
  walker w = {.found = emit, .fn = fn, .ctx = ctx, .skip_dev = skip_dev,
              .skip_ino = skip_ino, .max_page = max_page};
  return walk_paths(&w, paths, n);
}

/* ---------------------------------------------------------------- spool */

/* A file found, as spooled: this, then its path, rel and why (lengths
 * here, no NULs). Only the stat fields the items' readers use are kept;
 * fixed-width fields and no padding, so every byte written is set. */
typedef struct spooled {
  uint64_t plen, rlen, wlen;
  uint64_t size, ino, dev;
  int64_t mtime_s, mtime_ns;
  int32_t skip, has_st, has_why;
  uint32_t mode;
} spooled;

/* A spooled entry longer than this is a damaged spool. */
#define SPOOL_MAX_ENTRY (64u << 20)

static int spool_put(walker *w, const char *path, const char *rel,
                     sc_page_skip skip, const char *why, const struct stat *st)
{
  spooled e;
  memset(&e, 0, sizeof e);
  e.plen = strlen(path);
  e.rlen = strlen(rel);
  e.wlen = why ? strlen(why) : 0;
  e.skip = (int32_t)skip;
  e.has_why = why != NULL;
  if (st) {
    e.has_st = 1;
    e.size = (uint64_t)st->st_size;
    e.ino = (uint64_t)st->st_ino;
    e.dev = (uint64_t)st->st_dev;
    e.mtime_s = (int64_t)st->st_mtim.tv_sec;
    e.mtime_ns = (int64_t)st->st_mtim.tv_nsec;
    e.mode = (uint32_t)st->st_mode;
  }
  FILE *fp = w->spool->fp;
  if (fwrite(&e, sizeof e, 1, fp) != 1 ||
      fwrite(path, 1, e.plen, fp) != e.plen ||
      fwrite(rel, 1, e.rlen, fp) != e.rlen ||
      fwrite(why ? why : "", 1, e.wlen, fp) != e.wlen) {
    w->spool->err = errno ? errno : EIO;
    return -1;
  }
  w->spool->total += file_bytes(skip, st);
  return 0;
}

/* The spool: a temporary file in dirfd, read and written, its name
 * removed at once (a killed run's is swept by the next one). */
static FILE *spool_create(int dirfd)
{
  char *name = NULL;
  int wfd = sc_tmp_at(dirfd, "walk", &name);
  if (wfd < 0)
    return NULL;
  /* sc_tmp_at's descriptor only writes: the spool is read back too. */
  int fd = openat(dirfd, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  int e = errno;
  unlinkat(dirfd, name, 0);
  close(wfd);
  free(name);
  FILE *fp = fd >= 0 ? fdopen(fd, "w+") : NULL;
  if (fd >= 0 && !fp) {
    e = errno;
    close(fd);
  }
  errno = e;
  return fp;
}

int sc_walk_spool_files(sc_walk_spool *s, int dirfd, char **paths, int n,
                        dev_t skip_dev, ino_t skip_ino)
{
  memset(s, 0, sizeof *s);
  if (!(s->fp = spool_create(dirfd))) {
    s->err = errno;
    return -1;
  }
  walker w = {.found = spool_put, .skip_dev = skip_dev, .skip_ino = skip_ino,
              .spool = s};
  s->rc = walk_paths(&w, paths, n);
  if (!s->err && (fflush(s->fp) != 0 || fseeko(s->fp, 0, SEEK_SET) != 0))
    s->err = errno ? errno : EIO;
  if (s->err) {
    fclose(s->fp);
    s->fp = NULL;
    return -1;
  }
  return 0;
}

/* Reads the next spooled file into e and buf (path, rel and why, each
 * NUL-terminated, one after the other). 1, 0 at the end, -1 with errno. */
static int spool_get(FILE *fp, spooled *e, char **buf, size_t *cap)
{
  if (fread(e, sizeof *e, 1, fp) != 1)
    return ferror(fp) ? -1 : 0;
  if (e->plen > SPOOL_MAX_ENTRY || e->rlen > SPOOL_MAX_ENTRY ||
      e->wlen > SPOOL_MAX_ENTRY) {
    errno = EINVAL;
    return -1;
  }
  size_t need = (size_t)(e->plen + e->rlen + e->wlen) + 3;
  if (need > *cap) {
    char *b = realloc(*buf, need);
    if (!b)
      return -1;
    *buf = b;
    *cap = need;
  }
  char *p = *buf, *r = p + e->plen + 1, *why = r + e->rlen + 1;
  if (fread(p, 1, e->plen, fp) != e->plen ||
      fread(r, 1, e->rlen, fp) != e->rlen ||
      fread(why, 1, e->wlen, fp) != e->wlen) {
    if (!ferror(fp))
      errno = EIO;  /* cut short: not written by this run */
    return -1;
  }
  p[e->plen] = r[e->rlen] = why[e->wlen] = '\0';
  return 1;
}

int sc_walk_spool_items(sc_walk_spool *s, size_t max_page, sc_walk_fn fn,
                        void *ctx)
{
  walker w = {.found = emit, .fn = fn, .ctx = ctx, .max_page = max_page};
  char *buf = NULL;
  size_t cap = 0;
  spooled e;
  int got = 0, rc = 0;
  while (rc == 0 && (got = spool_get(s->fp, &e, &buf, &cap)) == 1) {
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    sb.st_size = (off_t)e.size;
    sb.st_ino = (ino_t)e.ino;
    sb.st_dev = (dev_t)e.dev;
    sb.st_mtim.tv_sec = (time_t)e.mtime_s;
    sb.st_mtim.tv_nsec = (long)e.mtime_ns;
    sb.st_mode = (mode_t)e.mode;
    char *path = buf, *rel = path + e.plen + 1, *why = rel + e.rlen + 1;
    rc = emit(&w, path, rel, (sc_page_skip)e.skip, e.has_why ? why : NULL,
              e.has_st ? &sb : NULL);
  }
  if (rc == 0 && got < 0) {
    s->err = errno ? errno : EIO;
    rc = -1;
  }
  free(buf);
  fclose(s->fp);
  s->fp = NULL;
  return rc ? rc : s->rc;
}

int sc_walk_check_names(char **paths, int n, char *msg, size_t msglen)
{
  for (int i = 0; i < n; i++)
    for (int k = 0; k < i; k++) {
      char a[256], b[256];
      if (!strcmp(base_name(paths[i], a, sizeof a),
                  base_name(paths[k], b, sizeof b))) {
        snprintf(msg, msglen, "inputs '%s' and '%s' would both be clean/%s "
                 "in the output folder", paths[k], paths[i], a);
        return -1;
      }
    }
  return 0;
}
