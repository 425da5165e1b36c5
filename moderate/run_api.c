/*
 * run_api.c - the public calls for whole moderation runs
 * (spamcls_moderate_run, spamcls_moderate_merge): the public options,
 * callbacks and totals translated to and from the run's own (run.h).
 */
#include <string.h>

#include "page_read.h"
#include "run.h"
#include "spamcls.h"

void spamcls_run_options_init(spamcls_run_options *o)
{
  memset(o, 0, sizeof *o);
  o->threshold = -1;
  o->margin = -1;
  o->explain = 5;
  o->shard_n = 1;
  o->kind = SPAMCLS_PAGE_AUTO;
  o->max_page = SC_PAGE_DEFAULT_MAX;
  o->max_comment = SPAMCLS_MODERATE_MAX_COMMENT;
  o->review_pages = SC_REVIEW_DEFAULT_PAGES;
}

static void on_message(void *ctx, sc_level level, const char *msg)
{
  const spamcls_run_options *o = ctx;
  spamcls_run_level l = level == SC_MSG_ERROR     ? SPAMCLS_RUN_ERROR
                        : level == SC_MSG_WARNING ? SPAMCLS_RUN_WARNING
                                                  : SPAMCLS_RUN_NOTE;
  o->message(o->ctx, l, msg);
}

static void on_progress(void *ctx, const sc_run_progress *p)
{
  const spamcls_run_options *o = ctx;
  spamcls_run_progress q = {p->pages, p->comments,
                            p->finished ? p->bytes_total : p->bytes_done,
                            p->sized ? p->bytes_total : 0, p->seconds,
                            p->final};
  o->progress(o->ctx, &q);
}

static sc_run_events events(const spamcls_run_options *o)
{
  sc_run_events ev = {o->message ? on_message : NULL,
                      o->progress ? on_progress : NULL, (void *)o};
  return ev;
}

static spamcls_run_outcome outcome(sc_outcome r)
{
  switch (r) {
  case SC_RUN_OK: return SPAMCLS_RUN_OK;
  case SC_RUN_INPUT: return SPAMCLS_RUN_INPUT_SKIPPED;
  case SC_RUN_OUTPUT: return SPAMCLS_RUN_OUTPUT_FAILED;
  case SC_RUN_NOMEM: return SPAMCLS_RUN_NOMEM;
  case SC_RUN_BUSY: return SPAMCLS_RUN_BUSY;
  case SC_RUN_REFUSED: return SPAMCLS_RUN_REFUSED;
  }
  return SPAMCLS_RUN_OUTPUT_FAILED;
}

static void totals_of(const sc_mod_counts *c, int summarized,
                      spamcls_run_totals *t)
{
  if (!t)
    return;
  memset(t, 0, sizeof *t);
  if (!summarized)
    return;
  t->pages = c->pages;
  t->pages_moderated = c->pages_ok;
  t->comments = c->comments;
  t->spam = c->spam;
  t->ham = c->ham;
  t->unsure = c->unsure;
  t->empty = c->empty;
  t->removed = c->removed;
  t->kept_spam = c->kept_spam;
  t->exports = c->exports;
  t->marked = c->marked;
  t->archives = c->archives;
  t->archive_records = c->archive_records;
}

/* The options to use (opts, or the defaults filled into *defaults), the
 * totals zeroed until a summary gives them. */
static const spamcls_run_options *start(const spamcls_run_options *opts,
                                        spamcls_run_options *defaults,
                                        spamcls_run_totals *totals)
{
  totals_of(NULL, 0, totals);
  if (opts)
    return opts;
  spamcls_run_options_init(defaults);
  return defaults;
}

/* 1 when every one of the n names is there. */
static int all_named(const char *const *names, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!names[i] || !names[i][0])
      return 0;
  return 1;
}

spamcls_run_outcome spamcls_moderate_run(const spamcls_model *m,
                                         const char *outdir,
                                         const char *const *inputs, size_t n,
                                         const spamcls_run_options *opts,
                                         spamcls_run_totals *totals)
{
  spamcls_run_options defaults;
  opts = start(opts, &defaults, totals);
  sc_run_events ev = events(opts);
  if (!m || !outdir || !outdir[0] || !inputs || n == 0 ||
      n > (size_t)INT32_MAX || !all_named(inputs, n) || opts->max_page == 0 ||
      opts->max_comment == 0) {
    sc_run_say(&ev, SC_MSG_ERROR, "a run needs a model, an output folder, "
               "inputs (each a name) and nonzero size limits");
    return SPAMCLS_RUN_REFUSED;
  }
  sc_mod_opts o = {.model = opts->model_name,
                   .outdir = outdir,
                   .threshold = opts->threshold,
                   .margin = opts->margin,
                   .explain = opts->explain,
                   .jobs = opts->jobs,
                   .shard_k = opts->shard_k,
                   .shard_n = opts->shard_n,
                   .kind = opts->kind,
                   .max_page = opts->max_page,
                   .max_record = opts->max_comment,
                   .progress = opts->progress != NULL,
                   .fresh = opts->fresh,
                   .html_pages = opts->review_pages};
  sc_mod_counts c;
  int summarized;
  /* the run reads its inputs' names, never writes them */
  sc_outcome r = sc_mod_moderate(&o, m, (char **)inputs, (int)n, &ev, &c,
                                 &summarized);
  totals_of(&c, summarized, totals);
  return outcome(r);
}

spamcls_run_outcome spamcls_moderate_merge(const char *outdir,
                                           const char *const *shards,
                                           size_t n,
                                           const spamcls_run_options *opts,
                                           spamcls_run_totals *totals)
{
  spamcls_run_options defaults;
  opts = start(opts, &defaults, totals);
  sc_run_events ev = events(opts);
  if (!outdir || !outdir[0] || !shards || n == 0 || n > (size_t)INT32_MAX ||
      !all_named(shards, n)) {
    sc_run_say(&ev, SC_MSG_ERROR, "a merge needs an output folder and "
               "shard folders (each a name)");
    return SPAMCLS_RUN_REFUSED;
  }
  sc_mod_counts c;
  int summarized;
  sc_outcome r = sc_mod_merge(outdir, (char **)shards, (int)n,
                              opts->review_pages, &ev, &c, &summarized);
  totals_of(&c, summarized, totals);
  return outcome(r);
}
