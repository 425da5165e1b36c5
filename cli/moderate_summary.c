/*
 * moderate_summary.c - the totals of a run (or of merged shards), read
 * back from pages.jsonl one line at a time: summary.json and the lines on
 * standard error.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "moderate.h"
#include "page_json.h"

/* Up to this many pages, the summary on stderr lists each one. */
#define SUMMARY_PAGE_LINES 50

static unsigned long num(json_t *o, const char *k)
{
  json_t *v = json_object_get(o, k);
  return json_is_integer(v) && json_integer_value(v) > 0
             ? (unsigned long)json_integer_value(v) : 0;
}

static page_skip reason_of(const char *s)
{
  for (int i = 1; i < PAGE_SKIP_COUNT; i++)
    if (!strcmp(s, page_skip_name((page_skip)i)))
      return (page_skip)i;
  return PAGE_UNREADABLE;
}

char *summary_model_json(const char *path, const spamcls_model *m)
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

static const char *const site_names[6] = {"unknown", "approved", "pending",
                                          "spam", "trash", "deleted"};
static const char *const verdict_names[4] = {"ham", "spam", "unsure",
                                             "empty"};

/* A site export's page record: its marks, disagreements and its table of
 * site status by verdict, added to the totals and to its detail d. */
static void export_add(mod_counts *c, json_t *rec, json_t *d)
{
  static const char *const keys[] = {"export", "marked", "unmarkable",
                                     "disagreements", "site"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    json_object_set(d, keys[i], json_object_get(rec, keys[i]));
  c->exports++;
  c->marked += num(rec, "marked");
  c->unmarkable += num(rec, "unmarkable");
  c->disagreements += num(rec, "disagreements");
  json_t *site = json_object_get(rec, "site");
  for (int s = 0; s < 6; s++)
    for (int v = 0; v < 4; v++)
      c->site[s][v] += num(json_object_get(site, site_names[s]),
                           verdict_names[v]);
}

static void export_totals(FILE *fp, const mod_counts *c)
{
  fprintf(fp, "\"exports\":%lu,\"marked\":%lu,\"unmarkable\":%lu,"
          "\"disagreements\":%lu,\"site\":{", c->exports, c->marked,
          c->unmarkable, c->disagreements);
  for (int s = 0; s < 6; s++) {
    fprintf(fp, "%s\"%s\":{", s ? "," : "", site_names[s]);
    for (int v = 0; v < 4; v++)
      fprintf(fp, "%s\"%s\":%lu", v ? "," : "", verdict_names[v],
              c->site[s][v]);
    fputc('}', fp);
  }
  fputs("},", fp);
}

int summary_write(const odir *od, double threshold, double margin,
                  const char *model_json, mod_counts *c)
{
  memset(c, 0, sizeof *c);
  FILE *fp = od_read(od->fd, "pages.jsonl");
  afile a = {0};
  int rc = EXIT_OK;
  if (!fp) {
    cli_error("%s/pages.jsonl: cannot read: %s", od->path, strerror(errno));
    rc = EXIT_OUTPUT;
    goto out;
  }
  if (afile_open(&a, od, "summary.json") != 0) {
    rc = EXIT_OUTPUT;
    goto out;
  }
  fputs("{\"pages_detail\":[", a.fp);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int first = 1;
  while ((n = getline(&line, &cap, fp)) > 0) {
    json_error_t jerr;
    json_t *rec = json_loadb(line, (size_t)n, 0, &jerr);
    if (!json_is_object(rec)) {
      json_decref(rec);
      continue;
    }
    const char *status = json_string_value(json_object_get(rec, "status"));
    if (status && !strcmp(status, "archive")) {
      /* A web archive's own record: its pages have theirs. */
      c->archives++;
      c->archive_records += num(rec, "records");
      c->archive_other += num(rec, "other_records");
      c->archive_errors += json_is_string(json_object_get(rec, "error"));
      json_decref(rec);
      continue;
    }
    c->pages++;
    json_t *d = json_object();
    json_object_set(d, "page", json_object_get(rec, "page"));
    json_object_set(d, "status", json_object_get(rec, "status"));
    if (status && !strcmp(status, "ok")) {
      c->pages_ok++;
      c->comments += num(rec, "comments");
      c->spam += num(rec, "spam");
      c->ham += num(rec, "ham");
      c->unsure += num(rec, "unsure");
      c->empty += num(rec, "empty");
      c->removed += num(rec, "removed");
      c->kept_spam += num(rec, "kept_spam");
      c->invalid_utf8_pages += num(rec, "invalid_utf8") > 0;
      c->capped_elements += num(rec, "capped_elements");
      c->truncated_comments += num(rec, "truncated_comments");
      static const char *const keys[] = {"comments", "spam", "ham", "unsure",
                                         "empty", "removed"};
      for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        json_object_set(d, keys[i], json_object_get(rec, keys[i]));
      if (json_object_get(rec, "export"))
        export_add(c, rec, d);
    } else {
      const char *why = json_string_value(json_object_get(rec, "reason"));
      c->skipped[reason_of(why ? why : "")]++;
      json_object_set(d, "reason", json_object_get(rec, "reason"));
    }
    char *s = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (s) {
      fputs(first ? "\n" : ",\n", a.fp);
      fputs(s, a.fp);
      free(s);
    }
    first = 0;
    json_decref(d);
    json_decref(rec);
  }
  free(line);
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
  for (int i = 1; i < PAGE_SKIP_COUNT; i++)
    fprintf(a.fp, "%s\"%s\":%lu", i > 1 ? "," : "", page_skip_name((page_skip)i),
            c->skipped[i]);
  fputs("}}\n", a.fp);
  if (afile_commit(&a) != 0)
    rc = EXIT_OUTPUT;
out:
  if (fp)
    fclose(fp);
  afile_abort(&a);
  return rc;
}

void summary_print(const mod_counts *c, const odir *od)
{
  unsigned long skipped = c->pages - c->pages_ok;
  fprintf(stderr, "moderate: %lu pages (%lu moderated, %lu skipped), %lu "
          "comments: %lu spam (%lu removed", c->pages, c->pages_ok, skipped,
          c->comments, c->spam, c->removed);
  if (c->kept_spam)
    fprintf(stderr, ", %lu not removable", c->kept_spam);
  fprintf(stderr, "), %lu ham, %lu unsure, %lu empty\n", c->ham, c->unsure,
          c->empty);
  if (c->exports)
    fprintf(stderr, "moderate: %lu site exports: %lu comments marked spam "
            "(%lu without a status field to mark); %lu disagreements with "
            "the site (%lu it approved judged spam, %lu it called spam "
            "judged ham)\n", c->exports, c->marked, c->unmarkable,
            c->disagreements, c->site[1][1], c->site[3][0]);
  if (skipped) {
    fputs("moderate: skipped:", stderr);
    for (int i = 1; i < PAGE_SKIP_COUNT; i++)
      if (c->skipped[i])
        fprintf(stderr, " %lu %s", c->skipped[i], page_skip_name((page_skip)i));
    fputc('\n', stderr);
  }
  if (c->archives)
    fprintf(stderr, "moderate: %lu web archives: %lu records, %lu of them "
            "not HTML pages (skipped)%s\n", c->archives, c->archive_records,
            c->archive_other, c->archive_errors ? "; some could not be read "
            "to their end" : "");
  if (c->truncated_comments)
    fprintf(stderr, "moderate: %lu comments longer than --max-record were "
            "judged on their start\n", c->truncated_comments);
  if (c->capped_elements)
    fprintf(stderr, "moderate: %lu elements had more than %d attributes (the "
            "rest not read)\n", c->capped_elements, SPAMCLS_PAGE_MAX_ATTRS);
  if (c->invalid_utf8_pages)
    fprintf(stderr, "moderate: %lu pages had invalid UTF-8 (replaced)\n",
            c->invalid_utf8_pages);
  /* Each page on its own line while that stays readable. */
  if (c->pages <= SUMMARY_PAGE_LINES) {
    FILE *fp = od_read(od->fd, "pages.jsonl");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (fp && (n = getline(&line, &cap, fp)) > 0) {
      json_error_t jerr;
      json_t *r = json_loadb(line, (size_t)n, 0, &jerr);
      char *page = page_json_name(r, "page");
      const char *why = json_string_value(json_object_get(r, "reason"));
      const char *status = json_string_value(json_object_get(r, "status"));
      if (page && status && !strcmp(status, "archive"))
        cli_line("  ", "%s: web archive of %lu records, %lu pages", page,
                 num(r, "records"), num(r, "pages"));
      else if (page && why)
        cli_line("  ", "%s: skipped (%s)", page, why);
      else if (page)
        cli_line("  ", "%s: %lu comments: %lu spam, %lu ham, %lu unsure, "
                 "%lu empty", page, num(r, "comments"), num(r, "spam"),
                 num(r, "ham"), num(r, "unsure"), num(r, "empty"));
      free(page);
      json_decref(r);
    }
    free(line);
    if (fp)
      fclose(fp);
  }
  cli_line("moderate: ", "per page: %s/summary.json; review: %s/report.html",
           od->path, od->path);
}
