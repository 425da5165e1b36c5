/*
 * file.c - whole-file reads and atomic writes (util.h says how a file is
 * written: beside its target, then renamed over it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void atomic_release(sc_atomic *a)
{
  if (a->own_dir && a->dirfd >= 0)
    close(a->dirfd);
  free(a->name);
  free(a->tmp);
  free(a->path);
  memset(a, 0, sizeof *a);
  a->dirfd = -1;
}

/* sc_atomic_open_at, owning dirfd when own. */
static spamcls_status open_in(sc_atomic *a, int dirfd, int own,
                              const char *name, const char *shown,
                              spamcls_error *err)
{
  memset(a, 0, sizeof *a);
  a->dirfd = dirfd;
  a->own_dir = own;
  a->name = strdup(name);
  a->path = strdup(shown ? shown : name);
  if (!a->name || !a->path) {
    atomic_release(a);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory",
                    shown ? shown : name);
  }
  struct stat sb;
  if (fstatat(dirfd, name, &sb, 0) == 0 && !S_ISREG(sb.st_mode)) {
    spamcls_status st = sc_error(err, SPAMCLS_ERR_IO,
                                 "%s: not a regular file: it would be "
                                 "replaced, not written to", a->path);
    atomic_release(a);
    return st;
  }
  int fd = sc_tmp_at(dirfd, name, &a->tmp);
  if (fd >= 0 && !(a->fp = fdopen(fd, "wb"))) {
    int e = errno;
    close(fd);
    errno = e;
    fd = -1;
  }
  if (fd < 0) {
    spamcls_status st = sc_error(err, SPAMCLS_ERR_IO, "%s: cannot write: %s",
                                 a->path, strerror(errno));
    sc_atomic_abort(a);
    return st;
  }
  return SPAMCLS_OK;
}

spamcls_status sc_atomic_open_at(sc_atomic *a, int dirfd, const char *name,
                                 const char *shown, spamcls_error *err)
{
  return open_in(a, dirfd, 0, name, shown, err);
}

spamcls_status sc_atomic_open(sc_atomic *a, const char *path,
                              spamcls_error *err)
{
  memset(a, 0, sizeof *a);
  a->dirfd = -1;
  char *copy = strdup(path), *base = copy ? strrchr(copy, '/') : NULL;
  if (!copy)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", path);
  const char *dir = ".", *name = copy;
  if (base) {
    *base = '\0';
    dir = base == copy ? "/" : copy;
    name = base + 1;
  }
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    free(copy);
    return sc_error(err, SPAMCLS_ERR_IO,
                    "%s: cannot create a file beside it: %s", path,
                    strerror(e));
  }
  spamcls_status st = open_in(a, fd, 1, name, path, err);
  free(copy);
  return st;
}

void sc_atomic_abort(sc_atomic *a)
{
  if (a->fp)
    fclose(a->fp);
  if (a->tmp)
    unlinkat(a->dirfd, a->tmp, 0);  /* after a rename the name is gone */
  atomic_release(a);
}

spamcls_status sc_atomic_commit(sc_atomic *a, spamcls_error *err)
{
  int e = 0;
  if (fflush(a->fp) != 0 || ferror(a->fp))
    e = errno ? errno : EIO;
  /* EINVAL: a file system that cannot sync (the data is written) */
  if (!e && fsync(fileno(a->fp)) != 0 && errno != EINVAL)
    e = errno;
  if (fclose(a->fp) != 0 && !e)
    e = errno ? errno : EIO;
  a->fp = NULL;
  if (!e && renameat(a->dirfd, a->tmp, a->dirfd, a->name) != 0)
    e = errno;
  if (e) {
    spamcls_status st = sc_error(err, SPAMCLS_ERR_IO, "%s: cannot write: %s",
                                 a->path, strerror(e));
    sc_atomic_abort(a);
    return st;
  }
  free(a->tmp);
  a->tmp = NULL;
  atomic_release(a);
  return SPAMCLS_OK;
}

spamcls_status sc_read_fd(int fd, const char *name, size_t max, char **out,
                          size_t *len, spamcls_error *err)
{
  *out = NULL;
  *len = 0;
  sc_buf b = {0};
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      sc_buf_free(&b);
      return sc_error(err, SPAMCLS_ERR_IO, "%s: read error: %s", name,
                      strerror(e));
    }
    if (n == 0)
      break;
    if ((size_t)n > max - b.len) {
      sc_buf_free(&b);
      return sc_error(err, SPAMCLS_ERR_LIMIT, "%s: larger than %zu bytes",
                      name, max);
    }
    if (sc_buf_append(&b, chunk, (size_t)n) < 0) {
      sc_buf_free(&b);
      return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
    }
  }
  if (sc_buf_reserve(&b, 0) < 0) {
    sc_buf_free(&b);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", name);
  }
  *out = b.data;
  *len = b.len;
  return SPAMCLS_OK;
}

spamcls_status sc_read_file(const char *path, size_t max, char **out,
                            size_t *len, spamcls_error *err)
{
  *out = NULL;
  *len = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", path, strerror(errno));
  struct stat sb;
  if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
    fclose(fp);
    return sc_error(err, SPAMCLS_ERR_IO, "%s: is a directory", path);
  }
  sc_buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
    if (b.len + n > max) {
      fclose(fp);
      sc_buf_free(&b);
      return sc_error(err, SPAMCLS_ERR_LIMIT, "%s: larger than %zu bytes",
                      path, max);
    }
    if (sc_buf_append(&b, chunk, n) < 0) {
      fclose(fp);
      sc_buf_free(&b);
      return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", path);
    }
  }
  int bad = ferror(fp);
  int e = errno;
  fclose(fp);
  if (bad) {
    sc_buf_free(&b);
    return sc_error(err, SPAMCLS_ERR_IO, "%s: read error: %s", path,
                    strerror(e));
  }
  if (sc_buf_reserve(&b, 0) < 0) {
    sc_buf_free(&b);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", path);
  }
  *out = b.data;
  *len = b.len;
  return SPAMCLS_OK;
}
