/*
 * merge.c - the outputs of moderate --shard K/N runs joined into the
 * output a single run would have written (sc_mod_merge in run.h). Shards
 * hold disjoint pages of one walk, each in walk order: their pages.jsonl
 * are merged on page_seq (a k-way merge, one line per shard in memory),
 * each page followed by its comment records; cleaned copies are linked
 * (or copied) into one clean/ tree, web archives' record by record; the
 * summary and review page are then made as a run makes them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "page_read.h"
#include "report.h"
#include "run.h"
#include "util.h"
#include "warc_input.h"
#include "warc_output.h"

typedef struct shard {
  const char *dir;
  FILE *pages, *report;
  char *line;          /* the current page record */
  size_t cap;
  ssize_t len;
  long long seq, comments;
  sc_warc_shard warc;     /* where it is in its cleaned web archives */
} shard;

/* Reads the shard's next page record; len 0 at the end. -1 when it is
 * not a page record. */
static int advance(shard *s)
{
  s->len = getline(&s->line, &s->cap, s->pages);
  if (s->len <= 0) {
    s->len = 0;
    return 0;
  }
  sc_record r;
  int ok = sc_record_parse(s->line, (size_t)s->len, &r) == SPAMCLS_OK &&
           r.kind != SC_RECORD_COMMENT;
  if (ok) {
    s->seq = (long long)r.page_seq;
    s->comments = (long long)r.st.comments;
  }
  sc_record_free(&r);
  return ok ? 0 : -1;
}

/* Links (or copies) every file under src into the folder dst (a
 * descriptor below OUTDIR), folders made. */
static int copy_tree(const char *src, int dst, int depth)
{
  DIR *d = opendir(src);
  if (!d)
    return errno == ENOENT ? 0 : -1;
  struct dirent *e;
  int rc = 0;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char *s = sc_path_join(src, e->d_name);
    struct stat sb;
    if (!s || lstat(s, &sb) != 0) {
      rc = -1;
    } else if (S_ISDIR(sb.st_mode)) {
      int sub = depth < 256 ? sc_dir_at(dst, e->d_name, 1) : -1;
      rc = sub >= 0 ? copy_tree(s, sub, depth + 1) : -1;
      if (sub >= 0)
        close(sub);
    } else if (e->d_name[0] != '.' && S_ISREG(sb.st_mode) &&
               !sc_warc_is_archive(e->d_name)) {
      /* (web archives' cleaned copies are merged record by record) */
      unlinkat(dst, e->d_name, 0);
      if (linkat(AT_FDCWD, s, dst, e->d_name, 0) != 0) {
        char *data;
        size_t len;
        char msg[256];
        if (sc_page_read(s, (size_t)-1 / 2, &data, &len, NULL, msg,
                         sizeof msg) != SC_PAGE_OK) {
          rc = -1;
        } else {
          const char *parts[] = {data};
          size_t lens[] = {len};
          rc = sc_write_atomic_at(dst, e->d_name, parts, lens, 1);
          free(data);
        }
      }
    }
    free(s);
  }
  closedir(d);
  return rc;
}

/* The shards must be all N parts of one run: same inputs and options
 * (their .state.json but for shard_k), each K from 0 to N-1 once. */
static sc_outcome check_shards(char **dirs, int n, const sc_run_events *ev)
{
  char *first = NULL;
  unsigned char *seen = NULL;
  json_int_t want = -1;
  sc_outcome rc = SC_RUN_OK;
  for (int i = 0; i < n && rc == SC_RUN_OK; i++) {
    char *sp = sc_path_join(dirs[i], ".state.json");
    json_error_t jerr;
    json_t *st = sp ? json_load_file(sp, 0, &jerr) : NULL;
    free(sp);
    json_t *k = json_object_get(st, "shard_k");
    json_t *nn = json_object_get(st, "shard_n");
    if (!json_is_integer(k) || !json_is_integer(nn)) {
      sc_run_say(ev, SC_MSG_ERROR, "%s: not a moderate output folder (no "
                 ".state.json)", dirs[i]);
      rc = SC_RUN_INPUT;
    } else {
      json_int_t kv = json_integer_value(k), nv = json_integer_value(nn);
      json_object_del(st, "shard_k");
      char *rest = json_dumps(st, JSON_COMPACT | JSON_SORT_KEYS);
      if (want < 0) {
        want = nv;
        first = rest;
        rest = NULL;
        seen = calloc((size_t)nv, 1);
      } else if (nv != want || !rest || strcmp(rest, first)) {
        sc_run_say(ev, SC_MSG_ERROR, "%s: a shard of another run (other "
                   "inputs, options or N)", dirs[i]);
        rc = SC_RUN_INPUT;
      }
      free(rest);
      if (rc == SC_RUN_OK && (!seen || kv < 0 || kv >= want || seen[kv]++)) {
        sc_run_say(ev, SC_MSG_ERROR, "%s: shard %lld/%lld given twice",
                   dirs[i], (long long)kv, (long long)want);
        rc = SC_RUN_INPUT;
      }
    }
    json_decref(st);
  }
  for (json_int_t k = 0; rc == SC_RUN_OK && k < want; k++)
    if (!seen[k]) {
      sc_run_say(ev, SC_MSG_ERROR, "shard %lld/%lld is missing: the merge "
                 "would not be the whole run", (long long)k, (long long)want);
      rc = SC_RUN_INPUT;
    }
  free(first);
  free(seen);
  return rc;
}

sc_outcome sc_mod_merge(const char *outdir, char **dirs, int n,
                        unsigned long html_pages, const sc_run_events *ev,
                        sc_mod_counts *c, int *summarized)
{
  shard *sh = calloc((size_t)n, sizeof *sh);
  sc_atomic ap = {0}, ar = {0};
  sc_outdir od = {-1, NULL};
  sc_warc_out wo = SC_WARC_OUT_INIT;  /* the merged copy of a web archive */
  sc_outcome rc = SC_RUN_OK;
  double threshold = 0.5, margin = 0.1;
  char *model_json = NULL;  /* the shards' model, from the first summary */
  *summarized = 0;
  memset(c, 0, sizeof *c);
  /* Writing into a shard would destroy what is being read. */
  for (int i = 0; i < n; i++)
    if (sc_path_place(outdir, dirs[i]) != SC_PATH_APART) {
      sc_run_say(ev, SC_MSG_ERROR, "the output folder '%s' is, holds or is "
                 "inside the shard '%s'", outdir, dirs[i]);
      free(sh);
      return SC_RUN_REFUSED;
    }
  if (!sh) {
    sc_run_say(ev, SC_MSG_ERROR, "%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = SC_RUN_NOMEM;
    goto out;
  }
  for (int i = 0; i < n; i++)
    sh[i].warc = (sc_warc_shard)WARC_SHARD_INIT;
  for (int i = 0; i < n && rc == SC_RUN_OK; i++) {
    sh[i].dir = dirs[i];
    char *p = sc_path_join(dirs[i], "pages.jsonl");
    char *r = sc_path_join(dirs[i], "report.jsonl");
    char *sm = sc_path_join(dirs[i], "summary.json");
    sh[i].pages = p ? fopen(p, "rb") : NULL;
    sh[i].report = r ? fopen(r, "rb") : NULL;
    if (!sh[i].pages || !sh[i].report) {
      sc_run_say(ev, SC_MSG_ERROR, "%s: no finished moderate output here "
                 "(pages.jsonl, report.jsonl)", dirs[i]);
      rc = SC_RUN_INPUT;
    } else if (i == 0 && sm) {
      json_error_t jerr;
      json_t *s = json_load_file(sm, 0, &jerr);
      if (json_is_number(json_object_get(s, "threshold")))
        threshold = json_number_value(json_object_get(s, "threshold"));
      if (json_is_number(json_object_get(s, "unsure_margin")))
        margin = json_number_value(json_object_get(s, "unsure_margin"));
      if (json_is_object(json_object_get(s, "model")))
        model_json = json_dumps(json_object_get(s, "model"),
                                JSON_COMPACT | JSON_PRESERVE_ORDER);
      json_decref(s);
    }
    if (rc == SC_RUN_OK && advance(&sh[i]) < 0) {
      sc_run_say(ev, SC_MSG_ERROR, "%s/pages.jsonl: not a moderate page "
                 "record", dirs[i]);
      rc = SC_RUN_INPUT;
    }
    free(p);
    free(r);
    free(sm);
  }
  if (rc != SC_RUN_OK || (rc = check_shards(dirs, n, ev)) != SC_RUN_OK)
    goto out;
  if (sc_outdir_open(&od, outdir) != 0) {
    sc_run_say(ev, SC_MSG_ERROR, "%s: cannot create: %s", outdir,
               strerror(errno));
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  sc_sweep_temps(od.fd, 0);  /* left by a merge killed before */
  /* Whatever an earlier merge left under clean/ (or planted there) goes:
   * the tree is exactly the shards'. */
  if (sc_remove_at(od.fd, "clean") != 0) {
    sc_run_say(ev, SC_MSG_ERROR, "%s/clean: cannot remove: %s", outdir,
               strerror(errno));
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  if (sc_run_atomic_open(&ap, &od, "pages.jsonl", ev) != 0 ||
      sc_run_atomic_open(&ar, &od, "report.jsonl", ev) != 0) {
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  char *line = NULL;
  size_t cap = 0;
  long long last = -1;
  for (;;) {
    int best = -1;
    for (int i = 0; i < n; i++)
      if (sh[i].len && (best < 0 || sh[i].seq < sh[best].seq))
        best = i;
    if (best < 0)
      break;
    shard *s = &sh[best];
    int dup = s->seq == last;
    if (dup)
      sc_run_say(ev, SC_MSG_WARNING, "%s: page %lld is in another shard too: "
                 "kept once", s->dir, s->seq);
    else
      fwrite(s->line, 1, (size_t)s->len, ap.fp);
    if (!dup && (rc = sc_warc_merge_page(&s->warc, s->dir, s->line,
                                          (size_t)s->len, &wo, &od, ev)) !=
                    SC_RUN_OK)
      break;
    last = s->seq;
    for (long long k = 0; k < s->comments; k++) {
      ssize_t m = getline(&line, &cap, s->report);
      if (m <= 0) {
        sc_run_say(ev, SC_MSG_ERROR, "%s/report.jsonl: fewer comment records "
                   "than pages.jsonl announces", s->dir);
        rc = SC_RUN_INPUT;
        break;
      }
      if (!dup)
        fwrite(line, 1, (size_t)m, ar.fp);
    }
    if (rc != SC_RUN_OK || advance(s) < 0) {
      if (rc == SC_RUN_OK)
        sc_run_say(ev, SC_MSG_ERROR, "%s/pages.jsonl: not a moderate page "
                   "record", s->dir);
      rc = SC_RUN_INPUT;
      break;
    }
  }
  free(line);
  if (rc == SC_RUN_OK)
    rc = sc_warc_merge_finish(&wo, &od, ev);
  if (rc != SC_RUN_OK)
    goto out;
  if (sc_run_atomic_commit(&ap, ev) != 0 ||
      sc_run_atomic_commit(&ar, ev) != 0) {
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  int cfd = sc_dir_at(od.fd, "clean", 1);
  if (cfd < 0)
    rc = SC_RUN_OUTPUT;
  for (int i = 0; i < n && rc == SC_RUN_OK; i++) {
    char *src = sc_path_join(dirs[i], "clean");
    if (!src || copy_tree(src, cfd, 0) != 0)
      rc = SC_RUN_OUTPUT;
    free(src);
  }
  if (rc != SC_RUN_OK)
    sc_run_say(ev, SC_MSG_ERROR, "%s: cannot copy the cleaned pages: %s",
               outdir, strerror(errno));
  if (cfd >= 0)
    close(cfd);
  if (rc != SC_RUN_OK)
    goto out;
  rc = sc_summary_write(&od, threshold, margin, model_json, c, ev);
  if (rc == SC_RUN_OK)
    rc = sc_review_write(&od, threshold, margin, html_pages, ev);
  *summarized = rc == SC_RUN_OK;
out:
  sc_warc_out_abort(&wo);
  sc_atomic_abort(&ap);
  sc_atomic_abort(&ar);
  sc_outdir_close(&od);
  for (int i = 0; sh && i < n; i++) {
    sc_warc_shard_close(&sh[i].warc);
    if (sh[i].pages)
      fclose(sh[i].pages);
    if (sh[i].report)
      fclose(sh[i].report);
    free(sh[i].line);
  }
  free(sh);
  free(model_json);
  return rc;
}
