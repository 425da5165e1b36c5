/*
 * moderate_export.c - a site export (WordPress WXR, Disqus) through
 * moderate: every comment judged, what the site had decided reported
 * beside the verdict, and a copy written in which the comments judged
 * spam that the site shows (approved or pending) are flagged as spam in
 * their status field, so that the site's own admin lists them in its
 * spam queue when the copy is imported. Nothing is deleted and every
 * other byte is the input's. A comment without a status field (a Disqus
 * post with no isSpam) is reported as unmarkable; nothing is inserted.
 *
 * The export is streamed (spamcls_export_*): --max-page does not apply.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "moderate_page.h"
#include "outdir.h"

/* Bytes read to tell an export: its root element comes first. */
#define SNIFF_BYTES 16384

static int ends_with_xml(const char *path)
{
  size_t n = strlen(path);
  return n > 4 && strcasecmp(path + n - 4, ".xml") == 0;
}

spamcls_export_kind mod_export_kind(const char *path)
{
  if (!ends_with_xml(path))
    return SPAMCLS_EXPORT_NONE;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return SPAMCLS_EXPORT_NONE;  /* page_read says why */
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

/* One comment: judged, counted, marked, its record written. */
static spamcls_status one(mod_scorer *m, spamcls_export *e,
                          const spamcls_export_comment *c, const char *page,
                          size_t index, unsigned long seq, FILE *out, page_stats *st)
{
  spamcls_page_comment pc = {
    c->author, c->author_len, c->author_url, c->author_url_len,
    c->date, c->date_len, c->body, c->body_len, 0, 0, 0};
  spamcls_result r;
  size_t nwhy;
  int truncated;
  spamcls_status rc = mod_judge(m, &pc, page, &r, &nwhy, &truncated);
  if (rc != SPAMCLS_OK)
    return rc;
  st->comments++;
  st->truncated += truncated;
  switch (r.verdict) {
  case SPAMCLS_SPAM: st->spam++; break;
  case SPAMCLS_HAM: st->ham++; break;
  case SPAMCLS_UNSURE: st->unsure++; break;
  case SPAMCLS_EMPTY: st->empty++; break;
  }
  if ((unsigned)c->site < MOD_SITE_STATUSES && (unsigned)r.verdict < MOD_VERDICTS)
    st->site[c->site][r.verdict]++;
  int marked = 0;
  if (r.verdict == SPAMCLS_SPAM && site_shows(c->site)) {
    if (c->markable && spamcls_export_mark_spam(e) == SPAMCLS_OK)
      marked = 1;
    else
      st->unmarkable++;
  }
  st->marked += marked;
  if ((c->site == SPAMCLS_SITE_APPROVED && r.verdict == SPAMCLS_SPAM) ||
      (c->site == SPAMCLS_SITE_SPAM && r.verdict == SPAMCLS_HAM))
    st->disagree++;
  mod_record_common(out, m, page, index, &pc, &r, nwhy);
  fputs(",\"id\":", out);
  cli_json_string(out, c->id, c->id_len);
  fputs(",\"thread\":", out);
  cli_json_string(out, c->thread, c->thread_len);
  fprintf(out, ",\"line\":%lu,\"site\":\"%s\",\"site_value\":", c->line,
          spamcls_site_status_name(c->site));
  if (c->status)
    cli_json_string(out, c->status, c->status_len);
  else
    fputs("null", out);
  fprintf(out, ",\"markable\":%s,\"marked\":%s,%s\"page_seq\":%lu}\n",
          c->markable ? "true" : "false", marked ? "true" : "false",
          truncated ? "\"truncated\":true," : "", seq);
  return SPAMCLS_OK;
}

/* Opens the temporary file the copy goes to, beside crel's place. */
static FILE *open_copy(int outfd, const char *crel, int *dirfd,
                       const char **base, char **tmp)
{
  *dirfd = od_parent(outfd, crel, 1, base);
  if (*dirfd < 0)
    return NULL;
  int fd = od_tmp(*dirfd, *base, tmp);
  FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (fd >= 0 && !fp) {
    int e = errno;
    close(fd);
    unlinkat(*dirfd, *tmp, 0);
    errno = e;
  }
  return fp;
}

page_skip mod_export(mod_scorer *m, int outfd, const char *path,
                     spamcls_export_kind kind, const char *crel,
                     unsigned long seq, FILE *out, page_stats *st,
                     struct stat *sb, char *msg, size_t msglen)
{
  memset(st, 0, sizeof *st);
  st->export_kind = (int)kind;
  st->markup = spamcls_export_kind_name(kind);
  if (stat(path, sb) != 0) {
    snprintf(msg, msglen, "%s: %s", path, strerror(errno));
    return PAGE_UNREADABLE;
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
    return PAGE_OUTPUT;
  }
  spamcls_export *e = NULL;
  spamcls_error err = {{0}};
  spamcls_status rc = spamcls_export_open(path, kind, copy, &e, &err);
  spamcls_export_comment c;
  size_t index = 0;
  while (rc == SPAMCLS_OK &&
         (rc = spamcls_export_next(e, &c, &err)) == SPAMCLS_OK) {
    rc = one(m, e, &c, path, ++index, seq, out, st);
    if (rc != SPAMCLS_OK)
      snprintf(err.msg, sizeof err.msg, "%s", spamcls_strerror(rc));
  }
  spamcls_export_close(e);
  page_skip skip = PAGE_OK;
  if (rc != SPAMCLS_EOF) {
    skip = rc == SPAMCLS_ERR_FORMAT ? PAGE_MALFORMED
           : rc == SPAMCLS_ERR_NOMEM ? PAGE_NOMEM
           : rc == SPAMCLS_ERR_IO && !ferror(copy) ? PAGE_UNREADABLE
           : PAGE_OUTPUT;
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
  if (skip == PAGE_OK && (!wr || renameat(dirfd, tmp, dirfd, base) != 0)) {
    skip = PAGE_OUTPUT;
    snprintf(msg, msglen, "%s: cannot write the marked copy: %s", crel,
             strerror(wr ? errno : er));
  }
  if (skip != PAGE_OK)
    unlinkat(dirfd, tmp, 0);
  close(dirfd);
  free(tmp);
  return skip;
}

void mod_export_counts(FILE *out, const page_stats *st)
{
  static const char *const verdicts[MOD_VERDICTS] = {"ham", "spam", "unsure",
                                                     "empty"};
  fprintf(out, ",\"export\":\"%s\",\"marked\":%lu,\"unmarkable\":%lu,"
          "\"disagreements\":%lu,\"site\":{",
          spamcls_export_kind_name((spamcls_export_kind)st->export_kind),
          st->marked, st->unmarkable, st->disagree);
  for (int s = 0; s < MOD_SITE_STATUSES; s++) {
    fprintf(out, "%s\"%s\":{", s ? "," : "",
            spamcls_site_status_name((spamcls_site_status)s));
    for (int v = 0; v < MOD_VERDICTS; v++)
      fprintf(out, "%s\"%s\":%lu", v ? "," : "", verdicts[v], st->site[s][v]);
    fputc('}', out);
  }
  fputc('}', out);
}
