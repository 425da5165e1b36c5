/*
 * warc_merge.c - merge joins the shards' cleaned archives: the shards
 * hold disjoint records of one walk, each in walk order, so as merge goes
 * through the page records in walk order, each page with a conversion
 * record takes the next record of its shard's copy, byte for byte. The
 * result is the archive one run writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "warc.h"
#include "warc_input.h"
#include "warc_output.h"

void sc_warc_shard_close(sc_warc_shard *s)
{
  sc_warc_close(s->reader);
  if (s->fd >= 0)
    close(s->fd);
  free(s->crel);
  *s = (sc_warc_shard)WARC_SHARD_INIT;
}

/* Opens dir/crel and finds its first record. 0 or -1 (message given). */
static int shard_open(sc_warc_shard *s, const char *dir, const char *crel,
                      const sc_run_events *ev)
{
  sc_warc_shard_close(s);
  char *path = sc_path_join(dir, crel);
  s->crel = strdup(crel);
  s->fd = path ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
  struct stat sb;
  if (!s->crel || s->fd < 0 || fstat(s->fd, &sb) != 0) {
    sc_run_say(ev, SC_MSG_ERROR, "%s: %s", path ? path : dir, strerror(errno));
    free(path);
    return -1;
  }
  s->size = (unsigned long long)sb.st_size;
  s->reader = sc_warc_open_fd(s->fd, path, 0);
  sc_warc_record rec;
  spamcls_error err = {{0}};
  spamcls_status st = s->reader ? sc_warc_next(s->reader, &rec, &err)
                                : SPAMCLS_ERR_NOMEM;
  free(path);
  if (st != SPAMCLS_OK) {
    sc_run_say(ev, SC_MSG_ERROR, "%s",
               st == SPAMCLS_EOF ? "a shard's cleaned archive is empty"
                                 : err.msg);
    return -1;
  }
  s->next = rec.offset;
  return 0;
}

sc_outcome sc_warc_merge_finish(sc_warc_out *w, const sc_outdir *od,
                                const sc_run_events *ev)
{
  if (!w->crel)
    return 0;
  char *crel = strdup(w->crel);
  int rc = crel && sc_warc_out_finish(w, crel) == 0 ? 0 : -1;
  if (rc)
    sc_run_say(ev, SC_MSG_ERROR,
               "%s/%s: cannot write the cleaned archive: %s", od->path,
               crel ? crel : "clean", strerror(errno));
  free(crel);
  return rc ? SC_RUN_OUTPUT : SC_RUN_OK;
}

sc_outcome sc_warc_merge_page(sc_warc_shard *s, const char *dir,
                              const char *rec, size_t len, sc_warc_out *w,
                              const sc_outdir *od, const sc_run_events *ev)
{
  sc_record r;
  sc_record_parse(rec, len, &r);
  const char *crel = r.clean;
  sc_outcome rc = SC_RUN_OK;
  if (!r.warc || !crel)
    goto out;  /* not an archive's page, or nothing cut out of it */
  if (w->crel && strcmp(w->crel, crel) && (rc = sc_warc_merge_finish(w, od, ev)))
    goto out;
  if ((!s->crel || strcmp(s->crel, crel)) && shard_open(s, dir, crel, ev) != 0) {
    rc = SC_RUN_INPUT;
    goto out;
  }
  /* The record ends where the next begins, or at the end of the file. */
  unsigned long long start = s->next, end = s->size;
  sc_warc_record next;
  spamcls_error err = {{0}};
  spamcls_status st = sc_warc_next(s->reader, &next, &err);
  if (st == SPAMCLS_OK) {
    end = next.offset;
  } else if (st != SPAMCLS_EOF || start >= s->size) {
    sc_run_say(ev, SC_MSG_ERROR, "%s/%s: %s", dir, crel, st == SPAMCLS_EOF
              ? "fewer records than pages.jsonl announces" : err.msg);
    rc = SC_RUN_INPUT;
    goto out;
  }
  s->next = end;
  char buf[65536];
  while (start < end && rc == 0) {
    size_t want = end - start < sizeof buf ? (size_t)(end - start) : sizeof buf;
    ssize_t got = pread(s->fd, buf, want, (off_t)start);
    if (got <= 0) {
      sc_run_say(ev, SC_MSG_ERROR, "%s/%s: read error: %s", dir, crel,
                 got < 0 ? strerror(errno) : "the file shrank");
      rc = SC_RUN_INPUT;
    } else if (sc_warc_out_append(w, od, crel, buf, (size_t)got) != 0) {
      sc_run_say(ev, SC_MSG_ERROR,
                 "%s/%s: cannot write the cleaned archive: %s", od->path,
                 crel, strerror(errno));
      rc = SC_RUN_OUTPUT;
    }
    start += got > 0 ? (unsigned long long)got : 0;
  }
out:
  sc_record_free(&r);
  return rc;
}
