/*
 * report.c - the moderation report's records, written and read back (see
 * report.h). Records are written field by field to a stream (a page of
 * 100,000 comments is never a tree in memory) and read back one line at
 * a time with jansson.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static const char *const verdict_keys[SC_VERDICTS] = {"ham", "spam", "unsure",
                                                      "empty"};

/* ---------------------------------------------------------------- writing */

void sc_report_comment_head(FILE *out, const char *page, size_t index,
                            const spamcls_page_comment *c)
{
  sc_json_name(out, "page", page);
  fprintf(out, ",\"index\":%zu,\"author\":", index);
  sc_json_string(out, c->author, c->author_len);
  if (c->author_url) {
    fputs(",\"author_url\":", out);
    sc_json_string(out, c->author_url, c->author_url_len);
  }
  fputs(",\"date\":", out);
  sc_json_string(out, c->date, c->date_len);
}

/* ,"verdict":..,"score":..,"probability":..,"features":[..] */
static void verdict_fields(FILE *out, const spamcls_result *r,
                           const spamcls_contribution *why, size_t nwhy)
{
  fprintf(out, ",\"verdict\":\"%s\",\"score\":%.6f,\"probability\":%.6f,"
          "\"features\":[", spamcls_verdict_name(r->verdict), r->score,
          r->probability);
  for (size_t k = 0; k < nwhy; k++) {
    fputs(k ? ",{\"name\":" : "{\"name\":", out);
    sc_json_string(out, why[k].name, strlen(why[k].name));
    fprintf(out, ",\"weight\":%.6f}", why[k].weight);
  }
  fputc(']', out);
}

/* '{', the head, verdict, score, probability, features and body. */
static void comment_common(FILE *out, const char *page, size_t index,
                           const spamcls_page_comment *c,
                           const spamcls_result *r,
                           const spamcls_contribution *why, size_t nwhy)
{
  fputc('{', out);
  sc_report_comment_head(out, page, index, c);
  verdict_fields(out, r, why, nwhy);
  fputs(",\"body\":", out);
  sc_json_string(out, c->body, c->body_len);
}

void sc_report_stream_comment(FILE *out, const char *id, size_t id_len,
                              long long num, const spamcls_result *r,
                              const spamcls_contribution *why, size_t nwhy)
{
  fputs("{\"id\":", out);
  if (id)
    sc_json_string(out, id, id_len);
  else
    fprintf(out, "%lld", num);
  verdict_fields(out, r, why, nwhy);
  fputs("}\n", out);
}

char *sc_report_origin(const char *warc, const char *record_id,
                       unsigned long long offset)
{
  char *s = NULL;
  size_t n = 0;
  FILE *fp = open_memstream(&s, &n);
  if (!fp)
    return NULL;
  fputs(",\"warc\":", fp);
  sc_json_string(fp, warc, strlen(warc));
  fputs(",\"record_id\":", fp);
  sc_json_string(fp, record_id, strlen(record_id));
  fprintf(fp, ",\"record_offset\":%llu", offset);
  if (fclose(fp) != 0) {
    free(s);
    return NULL;
  }
  return s;
}

void sc_report_page_comment(FILE *out, const char *page, unsigned long seq,
                            size_t index, const spamcls_moderated *m,
                            const char *fields)
{
  const spamcls_page_comment *c = m->comment;
  comment_common(out, page, index, c, &m->result, m->why, m->nwhy);
  fprintf(out, ",\"start\":%zu,\"end\":%zu,\"removed\":%s%s%s,"
          "\"page_seq\":%lu}\n", c->start, c->end,
          m->removed ? "true" : "false",
          m->truncated ? ",\"truncated\":true" : "", fields ? fields : "",
          seq);
}

void sc_report_export_comment(FILE *out, const char *page, unsigned long seq,
                              size_t index, const spamcls_page_comment *c,
                              const spamcls_result *r,
                              const spamcls_contribution *why, size_t nwhy,
                              const sc_export_fields *x)
{
  comment_common(out, page, index, c, r, why, nwhy);
  fputs(",\"id\":", out);
  sc_json_string(out, x->id, x->id_len);
  fputs(",\"thread\":", out);
  sc_json_string(out, x->thread, x->thread_len);
  fprintf(out, ",\"line\":%lu,\"site\":\"%s\",\"site_value\":", x->line,
          spamcls_site_status_name(x->site));
  if (x->status)
    sc_json_string(out, x->status, x->status_len);
  else
    fputs("null", out);
  fprintf(out, ",\"markable\":%s,\"marked\":%s,%s\"page_seq\":%lu}\n",
          x->markable ? "true" : "false", x->marked ? "true" : "false",
          x->truncated ? "\"truncated\":true," : "", seq);
}

/* {"page":..,"page_seq":..[,"page_hex":..],"status":"STATUS" */
static void page_head(FILE *out, const char *page, unsigned long seq,
                      const char *status)
{
  fputs("{\"page\":", out);
  sc_json_string(out, page, strlen(page));
  fprintf(out, ",\"page_seq\":%lu", seq);
  sc_json_name_hex(out, "page", page);
  fprintf(out, ",\"status\":\"%s\"", status);
}

void sc_report_site_table(FILE *out,
                          const unsigned long site[SC_SITE_STATUSES]
                                                  [SC_VERDICTS])
{
  fputc('{', out);
  for (int s = 0; s < SC_SITE_STATUSES; s++) {
    fprintf(out, "%s\"%s\":{", s ? "," : "",
            spamcls_site_status_name((spamcls_site_status)s));
    for (int v = 0; v < SC_VERDICTS; v++)
      fprintf(out, "%s\"%s\":%lu", v ? "," : "", verdict_keys[v],
              site[s][v]);
    fputc('}', out);
  }
  fputc('}', out);
}

static void export_counts(FILE *out, const sc_page_stats *st)
{
  fprintf(out, ",\"export\":\"%s\",\"marked\":%lu,\"unmarkable\":%lu,"
          "\"disagreements\":%lu,\"site\":",
          spamcls_export_kind_name((spamcls_export_kind)st->export_kind),
          st->marked, st->unmarkable, st->disagree);
  sc_report_site_table(out, st->site);
}

void sc_report_page(FILE *out, const char *page, unsigned long seq,
                    const char *clean, const sc_page_stats *st,
                    const char *fields)
{
  page_head(out, page, seq, "ok");
  fputc(',', out);
  if (clean)
    sc_json_name(out, "clean", clean);
  else
    fputs("\"clean\":null", out);
  fprintf(out, ",\"markup\":\"%s\",\"comments\":%lu,\"spam\":%lu,\"ham\":%lu,"
          "\"unsure\":%lu,\"empty\":%lu,\"removed\":%lu,\"kept_spam\":%lu,"
          "\"invalid_utf8\":%u,\"size\":%llu,\"mtime_ns\":%llu,\"inode\":%llu",
          st->markup ? st->markup : "none", st->comments, st->spam, st->ham,
          st->unsure, st->empty, st->removed, st->kept_spam, st->invalid_utf8,
          st->size, st->mtime_ns, st->inode);
  /* Only when it happened: ordinary pages keep their short record. */
  if (st->capped)
    fprintf(out, ",\"capped_elements\":%u", st->capped);
  if (st->truncated)
    fprintf(out, ",\"truncated_comments\":%lu", st->truncated);
  if (st->export_kind)
    export_counts(out, st);
  if (fields)
    fputs(fields, out);
  fputs("}\n", out);
}

void sc_report_skipped(FILE *out, const char *page, unsigned long seq,
                       const char *reason, const char *message,
                       const char *fields)
{
  page_head(out, page, seq, "skipped");
  fprintf(out, ",\"reason\":\"%s\",\"message\":", reason);
  sc_json_string(out, message, strlen(message));
  fputs(",\"comments\":0", out);
  if (fields)
    fputs(fields, out);
  fputs("}\n", out);
}

void sc_report_archive(FILE *out, const char *archive, unsigned long seq,
                       unsigned long records, unsigned long pages,
                       unsigned long other, const char *error)
{
  page_head(out, archive, seq, "archive");
  fprintf(out, ",\"records\":%lu,\"pages\":%lu,\"other_records\":%lu,"
          "\"comments\":0", records, pages, other);
  if (error) {
    fputs(",\"error\":", out);
    sc_json_string(out, error, strlen(error));
  }
  fputs("}\n", out);
}

/* ---------------------------------------------------------------- reading */

int sc_record_is_page(const char *s, size_t n)
{
  static const char head[] = "{\"page\":\"";
  if (n < sizeof head || memcmp(s, head, sizeof head - 1))
    return 0;
  size_t i = sizeof head - 1;
  while (i < n && s[i] != '"')
    i += s[i] == '\\' ? 2 : 1;
  static const char seq[] = "\",\"page_seq\":";
  return i + sizeof seq - 1 <= n && !memcmp(s + i, seq, sizeof seq - 1);
}

static const char *str(json_t *o, const char *k)
{
  return json_string_value(json_object_get(o, k));
}

/* A count: a missing or negative one is 0. */
static unsigned long long num(json_t *o, const char *k)
{
  json_t *v = json_object_get(o, k);
  return json_is_integer(v) && json_integer_value(v) > 0
             ? (unsigned long long)json_integer_value(v) : 0;
}

/* A name field, byte-exact: from "KEY_hex" when there is one (a name
 * that is not UTF-8), else the string. NULL when absent or bad. */
static char *exact_name(json_t *rec, const char *key)
{
  char hk[32];
  snprintf(hk, sizeof hk, "%s_hex", key);
  const char *hex = str(rec, hk);
  if (!hex) {
    const char *s = str(rec, key);
    return s ? strdup(s) : NULL;
  }
  size_t n = strlen(hex) / 2;
  char *out = malloc(n + 1);
  for (size_t i = 0; out && i < n; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1 || v == 0) {
      free(out);
      return NULL;
    }
    out[i] = (char)v;
  }
  if (out)
    out[n] = '\0';
  return out;
}

static void read_counts(json_t *o, sc_page_stats *st)
{
  st->comments = (unsigned long)num(o, "comments");
  st->spam = (unsigned long)num(o, "spam");
  st->ham = (unsigned long)num(o, "ham");
  st->unsure = (unsigned long)num(o, "unsure");
  st->empty = (unsigned long)num(o, "empty");
  st->removed = (unsigned long)num(o, "removed");
  st->kept_spam = (unsigned long)num(o, "kept_spam");
  st->invalid_utf8 = (unsigned)num(o, "invalid_utf8");
  st->markup = str(o, "markup");
  st->size = num(o, "size");
  st->mtime_ns = num(o, "mtime_ns");
  st->inode = num(o, "inode");
  st->capped = (unsigned)num(o, "capped_elements");
  st->truncated = (unsigned long)num(o, "truncated_comments");
  const char *ex = str(o, "export");
  for (int k = SPAMCLS_EXPORT_WXR; ex && k <= SPAMCLS_EXPORT_DISQUS; k++)
    if (!strcmp(ex, spamcls_export_kind_name((spamcls_export_kind)k)))
      st->export_kind = k;
  if (!st->export_kind)
    return;
  st->marked = (unsigned long)num(o, "marked");
  st->unmarkable = (unsigned long)num(o, "unmarkable");
  st->disagree = (unsigned long)num(o, "disagreements");
  json_t *site = json_object_get(o, "site");
  for (int s = 0; s < SC_SITE_STATUSES; s++) {
    json_t *row = json_object_get(
        site, spamcls_site_status_name((spamcls_site_status)s));
    for (int v = 0; v < SC_VERDICTS; v++)
      st->site[s][v] = (unsigned long)num(row, verdict_keys[v]);
  }
}

static void read_comment(json_t *o, sc_record *r)
{
  r->kind = SC_RECORD_COMMENT;
  r->index = (size_t)num(o, "index");
  r->start = (size_t)num(o, "start");
  r->end = (size_t)num(o, "end");
  r->author = str(o, "author");
  r->author_url = str(o, "author_url");
  r->date = str(o, "date");
  r->body = str(o, "body");
  r->verdict_name = str(o, "verdict");
  r->verdict = SPAMCLS_EMPTY;
  for (int v = 0; r->verdict_name && v < SC_VERDICTS; v++)
    if (!strcmp(r->verdict_name, spamcls_verdict_name((spamcls_verdict)v)))
      r->verdict = (spamcls_verdict)v;
  r->score = json_number_value(json_object_get(o, "score"));
  r->probability = json_number_value(json_object_get(o, "probability"));
  r->removed = json_is_true(json_object_get(o, "removed"));
  r->truncated = json_is_true(json_object_get(o, "truncated"));
  r->site = str(o, "site");
  r->marked = json_is_true(json_object_get(o, "marked"));
  r->nfeatures = json_array_size(json_object_get(o, "features"));
}

spamcls_status sc_record_parse(const char *line, size_t n, sc_record *r)
{
  memset(r, 0, sizeof *r);
  json_error_t jerr;
  json_t *o = json_loadb(line, n, JSON_ALLOW_NUL, &jerr);
  r->json_ = o;
  if (!json_is_object(o) || !str(o, "page"))
    return SPAMCLS_ERR_FORMAT;
  r->page_text = str(o, "page");
  if (!(r->page = exact_name(o, "page")))
    return str(o, "page_hex") ? SPAMCLS_ERR_FORMAT : SPAMCLS_ERR_NOMEM;
  r->page_seq = (unsigned long)num(o, "page_seq");
  r->warc = str(o, "warc");
  json_t *off = json_object_get(o, "record_offset");
  r->has_record_offset = json_is_integer(off);
  r->record_offset = num(o, "record_offset");
  if (json_object_get(o, "index")) {
    read_comment(o, r);
    return SPAMCLS_OK;
  }
  r->status = str(o, "status");
  if (!r->status || !json_is_integer(json_object_get(o, "comments")))
    return SPAMCLS_ERR_FORMAT;
  r->st.comments = (unsigned long)num(o, "comments");
  if (!strcmp(r->status, "ok")) {
    r->kind = SC_RECORD_PAGE;
    read_counts(o, &r->st);
    if (str(o, "clean") && !(r->clean = exact_name(o, "clean")))
      return str(o, "clean_hex") ? SPAMCLS_ERR_FORMAT : SPAMCLS_ERR_NOMEM;
  } else if (!strcmp(r->status, "skipped")) {
    r->kind = SC_RECORD_SKIPPED;
    r->reason = str(o, "reason");
    r->message = str(o, "message");
  } else if (!strcmp(r->status, "archive")) {
    r->kind = SC_RECORD_ARCHIVE;
    r->records = (unsigned long)num(o, "records");
    r->pages = (unsigned long)num(o, "pages");
    r->other = (unsigned long)num(o, "other_records");
    r->error = str(o, "error");
  } else {
    return SPAMCLS_ERR_FORMAT;
  }
  return SPAMCLS_OK;
}

int sc_records_each(int dirfd, const char *name,
                    int (*fn)(const sc_record *r, void *ctx), void *ctx)
{
  FILE *fp = sc_fopen_at(dirfd, name);
  if (!fp)
    return -1;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int rc = 0;
  while (rc == 0 && (n = getline(&line, &cap, fp)) > 0) {
    sc_record r;
    if (sc_record_parse(line, (size_t)n, &r) == SPAMCLS_OK)
      rc = fn(&r, ctx);
    sc_record_free(&r);
  }
  int e = errno;
  if (rc == 0 && ferror(fp))
    rc = -1;
  free(line);
  fclose(fp);
  errno = e;
  return rc;
}

const char *sc_record_feature(const sc_record *r, size_t k, double *weight)
{
  json_t *f = json_array_get(json_object_get(r->json_, "features"), k);
  *weight = json_number_value(json_object_get(f, "weight"));
  return str(f, "name");
}

void sc_record_free(sc_record *r)
{
  free(r->page);
  free(r->clean);
  json_decref(r->json_);
  memset(r, 0, sizeof *r);
}
