/*
 * page_records.c - one page moderated (spamcls_moderate_page) and the
 * records that say what was found. Shared by the moderate run, its stream
 * mode and tests of byte-identical output (nothing here depends on
 * threads or timing).
 */
#include <stdlib.h>
#include <string.h>

#include "page_records.h"
#include "util.h"

int sc_mod_scorer_init(sc_mod_scorer *m, const spamcls_model *model,
                       double threshold, double margin, unsigned long explain)
{
  memset(m, 0, sizeof *m);
  m->s = spamcls_scorer_new(model);
  m->explain = explain;
  m->max_record = SC_MOD_DEFAULT_MAX_RECORD;
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

void sc_mod_scorer_free(sc_mod_scorer *m)
{
  spamcls_scorer_free(m->s);
  free(m->why);
  memset(m, 0, sizeof *m);
}

spamcls_status sc_mod_page(sc_mod_scorer *m, const char *page, unsigned long seq,
                           const char *data, size_t len, spamcls_page_kind kind,
                        const sc_page_origin *from, FILE *out, sc_page_stats *st,
                        spamcls_moderation **res)
{
  const char *fields = from ? from->fields : NULL;
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
    sc_report_page_comment(out, page, seq, i + 1, c, fields);
  }
  /* the markup name is static: it outlives the page */
  if (res)
    *res = md;
  else
    spamcls_moderation_free(md);
  return SPAMCLS_OK;
}
