/*
 * file.c - whole-file reads and atomic writes.
 *
 * An atomic write goes to "DIR/.NAME.tmp.XXXXXX" beside the target, is
 * flushed and fsynced, and only then renamed over the target, so a reader
 * sees the old file or the new one, never a half-written one, and a crash
 * or a full disk leaves the old file intact. A target that exists and is
 * not a regular file (a device such as /dev/full, a FIFO, a folder) is
 * refused: the rename would replace it, not write into it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static char *tmp_name_for(const char *path)
{
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  const char *base = path + dirlen;
  size_t n = strlen(path) + 16;
  char *tmp = malloc(n);
  if (!tmp)
    return NULL;
  snprintf(tmp, n, "%.*s.%s.tmp.XXXXXX", (int)dirlen, path, base);
  return tmp;
}

spamcls_status sc_atomic_open(sc_atomic *a, const char *path,
                              spamcls_error *err)
{
  memset(a, 0, sizeof *a);
  struct stat sb;
  if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
    return sc_error(err, SPAMCLS_ERR_IO,
                    "%s: not a regular file: it would be replaced, not "
                    "written to", path);
  a->path = strdup(path);
  a->tmp = tmp_name_for(path);
  if (!a->path || !a->tmp) {
    free(a->path);
    free(a->tmp);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", path);
  }
  int fd = mkstemp(a->tmp);
  if (fd < 0) {
    int e = errno;
    free(a->path);
    free(a->tmp);
    a->path = a->tmp = NULL;
    return sc_error(err, SPAMCLS_ERR_IO, "%s: cannot create a file beside it: %s",
                    path, strerror(e));
  }
  /* mkstemp makes 0600; a model or report is meant to be shared like any
   * file the user creates. */
  mode_t um = umask(0);
  umask(um);
  (void)fchmod(fd, 0666 & ~um);
  a->fp = fdopen(fd, "wb");
  if (!a->fp) {
    int e = errno;
    close(fd);
    unlink(a->tmp);
    free(a->path);
    free(a->tmp);
    a->path = a->tmp = NULL;
    return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", path, strerror(e));
  }
  return SPAMCLS_OK;
}

static void atomic_release(sc_atomic *a)
{
  free(a->path);
  free(a->tmp);
  memset(a, 0, sizeof *a);
}

void sc_atomic_abort(sc_atomic *a)
{
  if (a->fp)
    fclose(a->fp);
  if (a->tmp)
    unlink(a->tmp);
  atomic_release(a);
}

spamcls_status sc_atomic_commit(sc_atomic *a, spamcls_error *err)
{
  int e = 0;
  if (fflush(a->fp) != 0 || ferror(a->fp))
    e = errno ? errno : EIO;
  if (!e && fsync(fileno(a->fp)) != 0 && errno != EINVAL)
    e = errno;
  if (fclose(a->fp) != 0 && !e)
    e = errno ? errno : EIO;
  a->fp = NULL;
  if (!e && rename(a->tmp, a->path) != 0)
    e = errno;
  if (e) {
    spamcls_status st = sc_error(err, SPAMCLS_ERR_IO, "%s: cannot write: %s",
                                 a->path, strerror(e));
    unlink(a->tmp);
    atomic_release(a);
    return st;
  }
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
