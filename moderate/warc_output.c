/* warc_output.c - the cleaned copy of a web archive, written atomically. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "warc_output.h"

int sc_warc_out_gzip(const char *rel)
{
  size_t n = strlen(rel);
  return n > 3 && !strcasecmp(rel + n - 3, ".gz");
}

void sc_warc_out_abort(sc_warc_out *w)
{
  if (w->fd >= 0)
    close(w->fd);
  if (w->tmp && w->dirfd >= 0)
    unlinkat(w->dirfd, w->tmp, 0);
  if (w->dirfd >= 0)
    close(w->dirfd);
  free(w->tmp);
  free(w->crel);
  *w = (sc_warc_out)SC_WARC_OUT_INIT;
}

int sc_warc_out_append(sc_warc_out *w, const sc_outdir *od, const char *crel,
                       const char *p, size_t n)
{
  if (w->crel && strcmp(w->crel, crel))
    sc_warc_out_abort(w);  /* an archive that was never finished */
  if (!w->crel) {
    if (!(w->crel = strdup(crel)))
      return -1;
    w->dirfd = sc_dir_parent_at(od->fd, w->crel, 1, &w->base);
    if (w->dirfd >= 0)
      w->fd = sc_tmp_at(w->dirfd, w->base, &w->tmp);
    if (w->fd < 0) {
      w->failed = 1;
      return -1;
    }
  }
  if (w->failed)
    return errno = 0, -1;
  if (sc_write_all(w->fd, p, n) != 0) {
    w->failed = 1;
    return -1;
  }
  return 0;
}

int sc_warc_out_finish(sc_warc_out *w, const char *crel)
{
  if (!w->crel || strcmp(w->crel, crel) || w->failed) {
    sc_warc_out_abort(w);
    return 0;
  }
  int rc = 0;
  if (fsync(w->fd) != 0 || close(w->fd) != 0)
    rc = -1;
  w->fd = -1;
  if (rc == 0 && renameat(w->dirfd, w->tmp, w->dirfd, w->base) != 0)
    rc = -1;
  int e = errno;
  if (rc == 0) {
    free(w->tmp);
    w->tmp = NULL;  /* renamed: nothing to remove */
  }
  sc_warc_out_abort(w);
  errno = e;
  return rc;
}
