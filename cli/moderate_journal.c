/*
 * moderate_journal.c - OUTDIR's journals and atomic files.
 *
 * A run appends to report.jsonl.part and pages.jsonl.part. A run killed
 * at any point (even mid-line) leaves journals whose complete prefix is
 * trustworthy: on the next run the page records are read in order while
 * the comment records they announce are all present; everything after
 * the last such page is cut off, and the walk resumes after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <jansson.h>
#include <sys/file.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "moderate.h"

char *path_join(const char *dir, const char *name)
{
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p)
    return NULL;
  memcpy(p, dir, a);
  size_t k = a;
  if (a && dir[a - 1] != '/')
    p[k++] = '/';
  memcpy(p + k, name, b + 1);
  return p;
}

int make_dirs(const char *dir, int upto_parent)
{
  char *p = strdup(dir);
  if (!p)
    return -1;
  size_t n = strlen(p);
  if (upto_parent) {
    while (n && p[n - 1] != '/')
      n--;
    p[n] = '\0';
  }
  for (size_t i = 1; i <= n; i++) {
    if (p[i] != '/' && p[i] != '\0')
      continue;
    char c = p[i];
    p[i] = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      int e = errno;
      free(p);
      errno = e;
      return -1;
    }
    p[i] = c;
  }
  free(p);
  return 0;
}

int make_dirs_below(const char *base, const char *rel)
{
  char *p = path_join(base, rel);
  if (!p)
    return -1;
  size_t start = strlen(p) - strlen(rel), n = strlen(p);
  while (n > start && p[n - 1] != '/')
    n--;  /* up to the parent of the file */
  for (size_t i = start; i < n; i++) {
    if (p[i] != '/')
      continue;
    p[i] = '\0';
    struct stat sb;
    int e = 0;
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
      e = errno;
    else if (lstat(p, &sb) != 0)
      e = errno;
    else if (!S_ISDIR(sb.st_mode))
      e = ENOTDIR;  /* a link (or a file) where a folder of ours goes */
    p[i] = '/';
    if (e) {
      free(p);
      errno = e;
      return -1;
    }
  }
  free(p);
  return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int write_atomic(const char *path, const char *const *parts,
                 const size_t *lens, size_t n)
{
  const char *slash = strrchr(path, '/');
  size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
  size_t tl = strlen(path) + 16;
  char *tmp = malloc(tl);
  if (!tmp)
    return -1;
  snprintf(tmp, tl, "%.*s.%s.tmp.XXXXXX", (int)dl, path, path + dl);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    int e = errno;
    free(tmp);
    errno = e;
    return -1;
  }
  mode_t um = umask(0);
  umask(um);
  int rc = fchmod(fd, 0666 & ~um);
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = write_all(fd, parts[i], lens[i]);
  int e = errno;
  if (close(fd) != 0 && rc == 0) {
    rc = -1;
    e = errno;
  }
  if (rc == 0 && rename(tmp, path) != 0) {
    rc = -1;
    e = errno;
  }
  if (rc != 0)
    unlink(tmp);
  free(tmp);
  errno = e;
  return rc;
}

static const char *const outputs[] = {
  "report.jsonl", "pages.jsonl", "summary.json", "report.html"
};

/* Counts complete lines (ending in '\n'). */
static unsigned long count_lines(const char *path)
{
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return 0;
  char buf[65536];
  size_t n;
  unsigned long lines = 0;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    for (size_t i = 0; i < n; i++)
      lines += buf[i] == '\n';
  fclose(fp);
  return lines;
}

/* Byte offset just after the k-th line break. */
static off_t offset_after_lines(const char *path, unsigned long k)
{
  if (k == 0)
    return 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return 0;
  char buf[65536];
  size_t n;
  off_t off = 0;
  unsigned long lines = 0;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
    for (size_t i = 0; i < n; i++)
      if (buf[i] == '\n' && ++lines == k) {
        fclose(fp);
        return off + (off_t)i + 1;
      }
    off += (off_t)n;
  }
  fclose(fp);
  return off;
}

/* Keeps the done prefix of the journals (see the top of this file). */
static int recover(journal *j, const char *rpath, const char *ppath)
{
  unsigned long have = count_lines(rpath);
  FILE *fp = fopen(ppath, "rb");
  if (!fp)
    return 0;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  off_t keep = 0, off = 0;
  unsigned long need = 0, kept_comments = 0;
  while ((n = getline(&line, &cap, fp)) > 0) {
    off += n;
    if (line[n - 1] != '\n')
      break;
    json_error_t jerr;
    json_t *rec = json_loadb(line, (size_t)n, 0, &jerr);
    json_t *seq = json_object_get(rec, "page_seq");
    json_t *cm = json_object_get(rec, "comments");
    json_t *pg = json_object_get(rec, "page");
    const char *why = json_string_value(json_object_get(rec, "reason"));
    /* A page whose cleaned copy could not be written (a full disk) is
     * done again: the condition may be gone. */
    if (!json_is_integer(seq) || !json_is_integer(cm) || !json_is_string(pg) ||
        (why && !strcmp(why, page_skip_name(PAGE_OUTPUT)))) {
      json_decref(rec);
      break;
    }
    need += (unsigned long)json_integer_value(cm);
    if (need > have) {
      json_decref(rec);
      break;
    }
    keep = off;
    kept_comments = need;
    j->last_seq = (long)json_integer_value(seq);
    free(j->last_path);
    j->last_path = strdup(json_string_value(pg));
    j->done_pages++;
    json_decref(rec);
  }
  free(line);
  fclose(fp);
  if (truncate(ppath, keep) != 0 ||
      truncate(rpath, offset_after_lines(rpath, kept_comments)) != 0) {
    cli_error("%s: cannot cut the journal back: %s", j->dir, strerror(errno));
    return EXIT_OUTPUT;
  }
  return 0;
}

/* Removes the temporary files a killed run left ("." NAME ".tmp." ...)
 * under dir. */
static void sweep_temps(const char *dir, int depth)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char *p = path_join(dir, e->d_name);
    struct stat sb;
    if (p && lstat(p, &sb) == 0) {
      if (S_ISDIR(sb.st_mode) && depth < 64)
        sweep_temps(p, depth + 1);
      else if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp.") &&
               S_ISREG(sb.st_mode))
        unlink(p);
    }
    free(p);
  }
  closedir(d);
}

int journal_open(journal *j, const char *outdir, const char *key, int fresh)
{
  memset(j, 0, sizeof *j);
  j->last_seq = -1;
  j->lock_fd = -1;
  j->dir = strdup(outdir);
  char *state = path_join(outdir, ".state.json");
  char *rpart = path_join(outdir, "report.jsonl.part");
  char *ppart = path_join(outdir, "pages.jsonl.part");
  int rc = 0;
  if (!j->dir || !state || !rpart || !ppart) {
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = EXIT_NOMEM;
    goto out;
  }
  /* One run at a time in a folder; the lock dies with its process. */
  char *lock = path_join(outdir, ".lock");
  j->lock_fd = lock ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666) : -1;
  free(lock);
  if (j->lock_fd < 0 || flock(j->lock_fd, LOCK_EX | LOCK_NB) != 0) {
    cli_error("%s: %s", outdir, j->lock_fd < 0 ? strerror(errno)
                                 : "another moderate run is writing here");
    rc = j->lock_fd < 0 ? EXIT_OUTPUT : EXIT_USAGE;
    goto out;
  }
  sweep_temps(outdir, 0);
  char *old = NULL;
  size_t oldlen = 0;
  FILE *sf = fopen(state, "rb");
  if (sf) {
    old = malloc(65536);
    if (old)
      oldlen = fread(old, 1, 65535, sf);
    fclose(sf);
  }
  int same = old && oldlen == strlen(key) && !memcmp(old, key, oldlen);
  free(old);
  if (sf && !same && !fresh)
    cli_warn("%s: the inputs or options differ from the previous run there: "
             "starting over", outdir);
  for (size_t i = 0; i < 2; i++) {
    char *fin = path_join(outdir, outputs[i]);
    char *part = path_join(outdir, i ? "pages.jsonl.part" : "report.jsonl.part");
    if (!fin || !part) {
      free(fin);
      free(part);
      rc = EXIT_NOMEM;
      goto out;
    }
    if (!same || fresh) {
      unlink(part);
    } else if (access(part, F_OK) != 0 && access(fin, F_OK) == 0) {
      /* A finished run: its outputs are the journal of this one. */
      rename(fin, part);
    }
    free(fin);
    free(part);
  }
  for (size_t i = 0; i < sizeof outputs / sizeof *outputs; i++) {
    char *fin = path_join(outdir, outputs[i]);
    if (fin)
      unlink(fin);
    free(fin);
  }
  const char *parts[] = {key};
  size_t lens[] = {strlen(key)};
  if (write_atomic(state, parts, lens, 1) != 0) {
    cli_error("%s: cannot write: %s", state, strerror(errno));
    rc = EXIT_OUTPUT;
    goto out;
  }
  if (same && !fresh && (rc = recover(j, rpart, ppart)) != 0)
    goto out;
  j->report = fopen(rpart, "ab");
  j->pages = fopen(ppart, "ab");
  if (!j->report || !j->pages) {
    cli_error("%s: cannot write: %s", j->report ? ppart : rpart,
              strerror(errno));
    rc = EXIT_OUTPUT;
  }
out:
  free(state);
  free(rpart);
  free(ppart);
  return rc;
}

int journal_append(journal *j, const char *report, size_t rlen,
                   const char *page, size_t plen)
{
  if ((rlen && fwrite(report, 1, rlen, j->report) != rlen) ||
      fflush(j->report) != 0)
    return -1;
  if (fwrite(page, 1, plen, j->pages) != plen || fflush(j->pages) != 0)
    return -1;
  return 0;
}

static int close_synced(FILE **fp)
{
  if (!*fp)
    return 0;
  int rc = fflush(*fp) != 0 || fsync(fileno(*fp)) != 0 ? -1 : 0;
  if (fclose(*fp) != 0)
    rc = -1;
  *fp = NULL;
  return rc;
}

int journal_finish(journal *j)
{
  int rc = close_synced(&j->report) | close_synced(&j->pages);
  for (size_t i = 0; i < 2 && rc == 0; i++) {
    char *fin = path_join(j->dir, outputs[i]);
    char *part = path_join(j->dir, i ? "pages.jsonl.part" : "report.jsonl.part");
    if (!fin || !part || rename(part, fin) != 0)
      rc = -1;
    free(fin);
    free(part);
  }
  return rc;
}

void journal_close(journal *j)
{
  if (j->report)
    fclose(j->report);
  if (j->pages)
    fclose(j->pages);
  if (j->lock_fd >= 0)
    close(j->lock_fd);
  free(j->dir);
  free(j->last_path);
  memset(j, 0, sizeof *j);
  j->lock_fd = -1;
}

int afile_open(afile *a, const char *path)
{
  memset(a, 0, sizeof *a);
  a->path = strdup(path);
  size_t n = strlen(path) + 16;
  a->tmp = malloc(n);
  if (!a->path || !a->tmp) {
    afile_abort(a);
    cli_error("%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    return -1;
  }
  const char *slash = strrchr(path, '/');
  size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
  snprintf(a->tmp, n, "%.*s.%s.tmp.XXXXXX", (int)dl, path, path + dl);
  int fd = mkstemp(a->tmp);
  if (fd < 0) {
    cli_error("%s: cannot write: %s", path, strerror(errno));
    free(a->tmp);
    a->tmp = NULL;
    afile_abort(a);
    return -1;
  }
  mode_t um = umask(0);
  umask(um);
  (void)fchmod(fd, 0666 & ~um);
  a->fp = fdopen(fd, "wb");
  if (!a->fp) {
    close(fd);
    cli_error("%s: cannot write: %s", path, strerror(errno));
    afile_abort(a);
    return -1;
  }
  return 0;
}

int afile_commit(afile *a)
{
  int bad = ferror(a->fp) || fflush(a->fp) != 0 || fsync(fileno(a->fp)) != 0;
  int e = errno;
  if (fclose(a->fp) != 0 && !bad) {
    bad = 1;
    e = errno;
  }
  a->fp = NULL;
  if (!bad && rename(a->tmp, a->path) != 0) {
    bad = 1;
    e = errno;
  }
  if (bad)
    cli_error("%s: cannot write: %s", a->path, strerror(e ? e : EIO));
  afile_abort(a);
  return bad ? -1 : 0;
}

void afile_abort(afile *a)
{
  if (a->fp)
    fclose(a->fp);
  if (a->tmp)
    unlink(a->tmp);  /* after a rename the name is gone: harmless */
  free(a->tmp);
  free(a->path);
  memset(a, 0, sizeof *a);
}
