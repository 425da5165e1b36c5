/*
 * moderate_page.c - one page moderated (spamcls_moderate_page) and the
 * records that say what was found. Shared by the moderate run, its stream
 * mode and tests of byte-identical output (nothing here depends on
 * threads or timing).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "moderate_page.h"
#include "page_json.h"

int mod_scorer_init(mod_scorer *m, const spamcls_model *model,
                    double threshold, double margin, unsigned long explain)
{
  memset(m, 0, sizeof *m);
  m->s = spamcls_scorer_new(model);
  m->explain = explain;
  m->max_record = MOD_DEFAULT_MAX_RECORD;
  m->why = calloc(explain ? explain : 1, sizeof *m->why);
  if (!m->s || !m->why)
    return -1;
  double t, g;
  spamcls_model_get_thresholds(model, &t, &g);
  if (threshold >= 0)
    t = threshold;
  if (margin >= 0)
    g = margin;
  m->threshold = t;
  return spamcls_scorer_set_thresholds(m->s, t, g) == SPAMCLS_OK ? 0 : -2;
}

void mod_scorer_free(mod_scorer *m)
{
  spamcls_scorer_free(m->s);
  free(m->why);
  memset(m, 0, sizeof *m);
}

void mod_record_common(FILE *out, const spamcls_contribution *why,
                       const char *page, size_t index,
                       const spamcls_page_comment *c,
                       const spamcls_result *r, size_t nwhy)
{
  fputc('{', out);
  page_json_head(out, page, index, c);
  fprintf(out, ",\"verdict\":\"%s\",\"score\":%.6f,\"probability\":%.6f,"
          "\"features\":[", spamcls_verdict_name(r->verdict), r->score,
          r->probability);
  for (size_t k = 0; k < nwhy; k++) {
    fputs(k ? ",{\"name\":" : "{\"name\":", out);
    cli_json_string(out, why[k].name, strlen(why[k].name));
    fprintf(out, ",\"weight\":%.6f}", why[k].weight);
  }
  fputs("],\"body\":", out);
  cli_json_string(out, c->body, c->body_len);
}

spamcls_status mod_page(mod_scorer *m, const char *page, unsigned long seq,
                        const char *data, size_t len, spamcls_page_kind kind,
                        const page_origin *from, FILE *out, page_stats *st,
                        spamcls_moderation **res)
{
  const char *fields = from && from->fields ? from->fields : "";
  memset(st, 0, sizeof *st);
  if (res)
    *res = NULL;
  spamcls_moderate_options mo = {page, from ? from->charset : NULL,
                                 m->max_record, m->explain};
  spamcls_moderation *md;
  spamcls_error err = {{0}};
  spamcls_status rc = spamcls_moderate_page(m->s, data, len, kind, &mo, &md,
                                            &err);
  if (rc != SPAMCLS_OK)
    return rc;
  const spamcls_page *p = spamcls_moderation_page(md);
  st->markup = spamcls_page_markup(p);
  st->invalid_utf8 = spamcls_page_invalid_utf8(p);
  st->capped = spamcls_page_capped_elements(p);
  if (spamcls_page_charset_ignored(p))
    snprintf(st->charset_ignored, sizeof st->charset_ignored, "%s",
             spamcls_page_charset_ignored(p));
  size_t n = spamcls_moderation_count(md);
  for (size_t i = 0; i < n; i++) {
    const spamcls_moderated *c = spamcls_moderation_get(md, i);
    st->truncated += c->truncated;
    st->comments++;
    switch (c->result.verdict) {
    case SPAMCLS_SPAM:
      st->spam++;
      if (c->removed)
        st->removed++;
      else
        st->kept_spam++;
      break;
    case SPAMCLS_HAM: st->ham++; break;
    case SPAMCLS_UNSURE: st->unsure++; break;
    case SPAMCLS_EMPTY: st->empty++; break;
    }
    mod_record_common(out, c->why, page, i + 1, c->comment, &c->result,
                      c->nwhy);
    /* page_seq stays the last key (the journal renumbers it there) */
    fprintf(out, ",\"start\":%zu,\"end\":%zu,\"removed\":%s%s%s,\"page_seq\":%lu}\n",
            c->comment->start, c->comment->end, c->removed ? "true" : "false",
            c->truncated ? ",\"truncated\":true" : "", fields, seq);
  }
  /* the markup name is static: it outlives the page */
  if (res)
    *res = md;
  else
    spamcls_moderation_free(md);
  return SPAMCLS_OK;
}

void mod_page_record(FILE *out, const char *page, unsigned long seq,
                     const char *clean, const page_stats *st,
                     const char *fields)
{
  fputs("{\"page\":", out);
  cli_json_string(out, page, strlen(page));
  fprintf(out, ",\"page_seq\":%lu", seq);
  cli_json_name_hex(out, "page", page);
  fputs(",\"status\":\"ok\",", out);
  if (clean)
    cli_json_name(out, "clean", clean);
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
    mod_export_counts(out, st);
  if (fields)
    fputs(fields, out);
  fputs("}\n", out);
}

void mod_skip_record(FILE *out, const char *page, unsigned long seq,
                     page_skip why, const char *msg, const char *fields)
{
  fputs("{\"page\":", out);
  cli_json_string(out, page, strlen(page));
  fprintf(out, ",\"page_seq\":%lu", seq);
  cli_json_name_hex(out, "page", page);
  fprintf(out, ",\"status\":\"skipped\",\"reason\":\"%s\",\"message\":",
          page_skip_name(why));
  cli_json_string(out, msg, strlen(msg));
  fputs(",\"comments\":0", out);
  if (fields)
    fputs(fields, out);
  fputs("}\n", out);
}
