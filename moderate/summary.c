/*
 * summary.c - the totals of a run (or of merged shards), read
 * back from pages.jsonl one line at a time: summary.json and the lines on
 * standard error.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "report.h"


static sc_page_skip reason_of(const char *s)
{
  for (int i = 1; i < SC_PAGE_SKIP_COUNT; i++)
    if (!strcmp(s, sc_page_skip_name((sc_page_skip)i)))
      return (sc_page_skip)i;
  return SC_PAGE_UNREADABLE;
}

char *sc_summary_model_json(const char *path, const spamcls_model *m)
{
  size_t spam, ham;
  spamcls_model_learned(m, &spam, &ham);
  char crc[9];
  snprintf(crc, sizeof crc, "%08x", (unsigned)spamcls_model_checksum(m));
  json_t *o = json_object();
  json_object_set_new(o, "path", json_string(path));
  json_object_set_new(o, "checksum", json_string(crc));
  json_object_set_new(o, "learned_spam", json_integer((json_int_t)spam));
  json_object_set_new(o, "learned_ham", json_integer((json_int_t)ham));
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}

static const char *const verdict_names[SC_VERDICTS] = {"ham", "spam",
                                                       "unsure", "empty"};

/* The site table (site status by verdict) as JSON. */
static json_t *site_json(unsigned long site[SC_SITE_STATUSES][SC_VERDICTS])
{
  json_t *o = json_object();
  for (int s = 0; s < SC_SITE_STATUSES; s++) {
    json_t *row = json_object();
    for (int v = 0; v < SC_VERDICTS; v++)
      json_object_set_new(row, verdict_names[v],
                          json_integer((json_int_t)site[s][v]));
    json_object_set_new(o, spamcls_site_status_name((spamcls_site_status)s),
                        row);
  }
  return o;
}

/* A site export's page record: its marks, disagreements and its table of
 * site status by verdict, added to the totals and to its detail d. */
static void export_add(sc_mod_counts *c, const sc_page_stats *st, json_t *d)
{
  json_object_set_new(d, "export", json_string(spamcls_export_kind_name(
                                       (spamcls_export_kind)st->export_kind)));
  json_object_set_new(d, "marked", json_integer((json_int_t)st->marked));
  json_object_set_new(d, "unmarkable",
                      json_integer((json_int_t)st->unmarkable));
  json_object_set_new(d, "disagreements",
                      json_integer((json_int_t)st->disagree));
  json_object_set_new(d, "site", site_json((unsigned long (*)[SC_VERDICTS])
                                           st->site));
  c->exports++;
  c->marked += st->marked;
  c->unmarkable += st->unmarkable;
  c->disagreements += st->disagree;
  for (int s = 0; s < SC_SITE_STATUSES; s++)
    for (int v = 0; v < SC_VERDICTS; v++)
      c->site[s][v] += st->site[s][v];
}

static void export_totals(FILE *fp, const sc_mod_counts *c)
{
  fprintf(fp, "\"exports\":%lu,\"marked\":%lu,\"unmarkable\":%lu,"
          "\"disagreements\":%lu,\"site\":", c->exports, c->marked,
          c->unmarkable, c->disagreements);
  sc_report_site_table(fp, (const unsigned long (*)[SC_VERDICTS])c->site);
  fputc(',', fp);
}

/* One page's line of pages_detail, and its counts into the totals. */
typedef struct detail {
  FILE *out;
  sc_mod_counts *c;
  int first;
} detail;

static int add_page(const sc_record *rec, void *ctx)
{
  detail *dt = ctx;
  sc_mod_counts *c = dt->c;
  if (rec->kind == SC_RECORD_COMMENT)
    return 0;
  if (rec->kind == SC_RECORD_ARCHIVE) {
    /* A web archive's own record: its pages have theirs. */
    c->archives++;
    c->archive_records += rec->records;
    c->archive_other += rec->other;
    c->archive_errors += rec->error != NULL;
    return 0;
  }
  c->pages++;
  json_t *d = json_object();
  json_object_set_new(d, "page", json_string(rec->page_text));
  json_object_set_new(d, "status", json_string(rec->status));
  if (rec->kind == SC_RECORD_PAGE) {
    const sc_page_stats *st = &rec->st;
    c->pages_ok++;
    c->comments += st->comments;
    c->spam += st->spam;
    c->ham += st->ham;
    c->unsure += st->unsure;
    c->empty += st->empty;
    c->removed += st->removed;
    c->kept_spam += st->kept_spam;
    c->invalid_utf8_pages += st->invalid_utf8 > 0;
    c->capped_elements += st->capped;
    c->truncated_comments += st->truncated;
    const char *const keys[] = {"comments", "spam", "ham", "unsure",
                                "empty", "removed"};
    const unsigned long vals[] = {st->comments, st->spam, st->ham,
                                  st->unsure, st->empty, st->removed};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
      json_object_set_new(d, keys[i], json_integer((json_int_t)vals[i]));
    if (st->export_kind)
      export_add(c, st, d);
  } else {
    c->skipped[reason_of(rec->reason ? rec->reason : "")]++;
    if (rec->reason)
      json_object_set_new(d, "reason", json_string(rec->reason));
  }
  char *s = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if (s) {
    fputs(dt->first ? "\n" : ",\n", dt->out);
    fputs(s, dt->out);
    free(s);
  }
  dt->first = 0;
  json_decref(d);
  return 0;
}

sc_outcome sc_summary_write(const sc_outdir *od, double threshold,
                            double margin, const char *model_json,
                            sc_mod_counts *c, const sc_run_events *ev)
{
  memset(c, 0, sizeof *c);
  sc_atomic a = {0};
  sc_outcome rc = SC_RUN_OK;
  if (sc_run_atomic_open(&a, od, "summary.json", ev) != 0) {
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  fputs("{\"pages_detail\":[", a.fp);
  detail dt = {a.fp, c, 1};
  if (sc_records_each(od->fd, "pages.jsonl", add_page, &dt) != 0) {
    sc_run_say(ev, SC_MSG_ERROR,
               "%s/pages.jsonl: cannot read: %s", od->path, strerror(errno));
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  fprintf(a.fp, "],\n\"pages\":%lu,\"pages_moderated\":%lu,\"comments\":%lu,"
          "\"spam\":%lu,\"ham\":%lu,\"unsure\":%lu,\"empty\":%lu,"
          "\"removed\":%lu,\"kept_spam\":%lu,\"invalid_utf8_pages\":%lu,"
          "\"capped_elements\":%lu,\"truncated_comments\":%lu,"
          "\"threshold\":%.6f,\"unsure_margin\":%.6f,",
          c->pages, c->pages_ok, c->comments, c->spam, c->ham, c->unsure,
          c->empty, c->removed, c->kept_spam, c->invalid_utf8_pages,
          c->capped_elements, c->truncated_comments, threshold,
          margin);
  if (c->exports)
    export_totals(a.fp, c);
  if (c->archives)
    fprintf(a.fp, "\"archives\":%lu,\"archive_records\":%lu,"
            "\"archive_other_records\":%lu,\"archive_errors\":%lu,",
            c->archives, c->archive_records, c->archive_other,
            c->archive_errors);
  if (model_json)
    fprintf(a.fp, "\"model\":%s,\"skipped\":{", model_json);
  else
    fputs("\"skipped\":{", a.fp);
  for (int i = 1; i < SC_PAGE_SKIP_COUNT; i++)
    fprintf(a.fp, "%s\"%s\":%lu", i > 1 ? "," : "",
            sc_page_skip_name((sc_page_skip)i), c->skipped[i]);
  fputs("}}\n", a.fp);
  if (sc_run_atomic_commit(&a, ev) != 0)
    rc = SC_RUN_OUTPUT;
out:
  sc_atomic_abort(&a);
  return rc;
}
