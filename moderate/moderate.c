/*
 * moderate.c - a whole moderation run into an output folder, from the
 * checks on what was asked to the summary and the review page (see
 * sc_mod_moderate in run.h).
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classifier.h"
#include "run.h"
#include "util.h"

/* What the run's output depends on: a run with another key starts over. */
static char *make_key(const sc_mod_opts *o, const spamcls_model *mdl, double t,
                      double m, char **in, int n)
{
  json_t *k = json_object();
  json_t *a = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(a, json_string(in[i]));
  json_object_set_new(k, "inputs", a);
  json_object_set_new(k, "model", json_string(o->model ? o->model : ""));
  /* a model changed in place (learn, or another file under the same
   * name) is another run, not a resumed one */
  json_object_set_new(k, "model_checksum",
                      json_integer((json_int_t)spamcls_model_checksum(mdl)));
  json_object_set_new(k, "shard_k", json_integer((json_int_t)o->shard_k));
  json_object_set_new(k, "shard_n", json_integer((json_int_t)o->shard_n));
  json_object_set_new(k, "threshold", json_real(t));
  json_object_set_new(k, "margin", json_real(m));
  json_object_set_new(k, "explain", json_integer((json_int_t)o->explain));
  json_object_set_new(k, "kind", json_integer(o->kind));
  json_object_set_new(k, "max_page", json_integer((json_int_t)o->max_page));
  json_object_set_new(k, "max_record", json_integer((json_int_t)o->max_record));
  char *s = json_dumps(k, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(k);
  return s;
}

/* Refuses two inputs under one name in clean/, an input inside OUTDIR
 * (its cleaned copies could overwrite it); notes OUTDIR inside an input
 * (the walk skips it). */
static int check_inputs(const char *outdir, char **in, int n,
                        const sc_run_events *ev)
{
  char msg[1200];
  if (sc_walk_check_names(in, n, msg, sizeof msg) < 0) {
    sc_run_say(ev, SC_MSG_ERROR, "%s", msg);
    return -1;
  }
  for (int i = 0; i < n; i++) {
    int where = sc_path_place(outdir, in[i]);
    if (where == SC_PATH_INPUT_INSIDE) {
      sc_run_say(ev, SC_MSG_ERROR, "input '%s' is inside the output folder "
                 "'%s'", in[i], outdir);
      return -1;
    }
    if (where == SC_PATH_OUTPUT_INSIDE)
      sc_run_say(ev, SC_MSG_WARNING, "the output folder '%s' is inside the "
                 "input '%s': it is skipped in the walk", outdir, in[i]);
  }
  return 0;
}

/* The outcome of pages skipped in this run or an earlier one it resumed,
 * and of archives not read to their end, as the summary counts them. */
static sc_outcome counted(const sc_mod_counts *c)
{
  sc_outcome rc = SC_RUN_OK;
  for (int i = 1; i < SC_PAGE_SKIP_COUNT; i++) {
    sc_outcome o = i == SC_PAGE_OUTPUT ? SC_RUN_OUTPUT : SC_RUN_INPUT;
    if (c->skipped[i] && o > rc)
      rc = o;
  }
  if (c->archive_errors && rc < SC_RUN_INPUT)
    rc = SC_RUN_INPUT;
  return rc;
}

sc_outcome sc_mod_moderate(const sc_mod_opts *opts, const spamcls_model *model,
                           char **inputs, int ninputs,
                           const sc_run_events *ev, sc_mod_counts *c,
                           int *summarized)
{
  *summarized = 0;
  memset(c, 0, sizeof *c);
  sc_mod_opts o = *opts;
  if (!o.jobs) {
    o.jobs = sc_processors();
  }
  double t, m;
  spamcls_model_get_thresholds(model, &t, &m);
  if (o.threshold >= 0)
    t = o.threshold;
  if (o.margin >= 0)
    m = o.margin;
  if (!o.outdir || ninputs < 1 || o.shard_n < 1 || o.shard_k >= o.shard_n) {
    sc_run_say(ev, SC_MSG_ERROR, "a run needs an output folder, an input "
               "and a shard K/N with K < N");
    return SC_RUN_REFUSED;
  }
  const char *bad = sc_thresholds_check(t, m);
  if (bad) {
    sc_run_say(ev, SC_MSG_ERROR, "%s", bad);
    return SC_RUN_REFUSED;
  }
  if (check_inputs(o.outdir, inputs, ninputs, ev) != 0)
    return SC_RUN_REFUSED;

  sc_outcome rc = SC_RUN_OK;
  sc_journal j;
  memset(&j, 0, sizeof j);
  j.fd = j.lock_fd = -1;
  sc_outdir od = {-1, NULL};
  struct stat sb;
  char *key = NULL, *mj = NULL;
  if (sc_outdir_open(&od, o.outdir) != 0 || fstat(od.fd, &sb) != 0) {
    sc_run_say(ev, SC_MSG_ERROR, "%s: cannot create the output folder: %s",
               o.outdir, strerror(errno));
    rc = SC_RUN_OUTPUT;
    goto done;
  }
  key = make_key(&o, model, t, m, inputs, ninputs);
  if (!key) {
    sc_run_say(ev, SC_MSG_ERROR, "%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = SC_RUN_NOMEM;
    goto done;
  }
  if ((rc = sc_journal_open(&j, &od, key, o.fresh, ev)) != SC_RUN_OK)
    goto done;
  if (j.done_pages)
    sc_run_say(ev, SC_MSG_NOTE, "resuming: %lu pages were done before",
               j.done_pages);
  o.threshold = t;
  o.margin = m;
  rc = sc_mod_run(&o, model, inputs, ninputs, &j, sb.st_dev, sb.st_ino);
  if (rc == SC_RUN_NOMEM || (rc == SC_RUN_OUTPUT && j.failed))
    goto done;  /* the journal is cut short: a later run resumes it */
  if (sc_journal_finish(&j) != 0) {
    sc_run_say(ev, SC_MSG_ERROR, "%s: cannot write the report: %s", o.outdir,
               strerror(errno));
    rc = SC_RUN_OUTPUT;
    goto done;
  }
  mj = sc_summary_model_json(o.model ? o.model : "", model);
  sc_outcome r2 = mj ? sc_summary_write(&od, t, m, mj, c, ev) : SC_RUN_NOMEM;
  if (r2 == SC_RUN_OK)
    r2 = sc_review_write(&od, t, m, o.html_pages, ev);
  if (r2 != SC_RUN_OK) {
    rc = r2;
    goto done;
  }
  *summarized = 1;
  sc_outcome r3 = counted(c);
  if (r3 > rc)
    rc = r3;
done:
  sc_journal_close(&j);
  sc_outdir_close(&od);
  free(key);
  free(mj);
  return rc;
}
