/*
 * page.c - spamcls_moderate_page: a page's comments found, judged, and
 * the page less its removable spam. Deterministic: the same bytes and
 * scorer settings give the same result on any thread.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "moderation.h"

struct spamcls_moderation {
  spamcls_page *page;
  spamcls_moderated *c;
  size_t n;
  spamcls_contribution *why;  /* explain entries per comment */
  spamcls_span *spans;
  size_t nspans;
  char *clean;
  size_t clean_len;
};

static int by_start(const void *a, const void *b)
{
  const spamcls_span *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

size_t sc_spans_join(spamcls_span *v, size_t n)
{
  /* Sorted, and overlapping spans joined, so cutting is one pass. */
  if (n)
    qsort(v, n, sizeof *v, by_start);
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (w && v[i].start < v[w - 1].end) {
      if (v[i].end > v[w - 1].end)
        v[w - 1].end = v[i].end;
    } else {
      v[w++] = v[i];
    }
  }
  return w;
}

/* The page less its spans (which lie inside it: they come from it). */
static int cut_out(spamcls_moderation *m, const char *data, size_t len)
{
  size_t gone = 0;
  for (size_t i = 0; i < m->nspans; i++)
    gone += m->spans[i].end - m->spans[i].start;
  m->clean = malloc(len - gone + 1);
  if (!m->clean)
    return -1;
  size_t at = 0, w = 0;
  for (size_t i = 0; i < m->nspans; i++) {
    memcpy(m->clean + w, data + at, m->spans[i].start - at);
    w += m->spans[i].start - at;
    at = m->spans[i].end;
  }
  memcpy(m->clean + w, data + at, len - at);
  m->clean_len = w + len - at;
  m->clean[m->clean_len] = '\0';
  return 0;
}

static spamcls_status judge_all(spamcls_moderation *m, spamcls_scorer *s,
                                const spamcls_moderate_options *o,
                                spamcls_error *err)
{
  size_t max = o && o->max_comment ? o->max_comment
                                   : SPAMCLS_MODERATE_MAX_COMMENT;
  size_t explain = o ? o->explain : 0;
  const char *name = o ? o->name : NULL;
  for (size_t i = 0; i < m->n; i++) {
    spamcls_moderated *mc = &m->c[i];
    mc->comment = spamcls_page_get(m->page, i);
    spamcls_contribution *why = explain ? m->why + i * explain : NULL;
    spamcls_status rc = sc_moderate_judge(s, mc->comment, name, max, why,
                                          explain, &mc->result, &mc->nwhy,
                                          &mc->truncated);
    if (rc != SPAMCLS_OK)
      return sc_error(err, rc, "%s: comment %zu: %s", name ? name : "page",
                      i + 1, spamcls_strerror(rc));
    mc->why = why;
    mc->removed = mc->result.verdict == SPAMCLS_SPAM && mc->comment->removable;
    if (mc->removed)
      m->spans[m->nspans++] =
          (spamcls_span){mc->comment->start, mc->comment->end};
  }
  return SPAMCLS_OK;
}

spamcls_status spamcls_moderate_page(spamcls_scorer *s, const void *data,
                                     size_t len, spamcls_page_kind kind,
                                     const spamcls_moderate_options *o,
                                     spamcls_moderation **out,
                                     spamcls_error *err)
{
  *out = NULL;
  if (!s || (!data && len))
    return sc_error(err, SPAMCLS_ERR_PARAM, "no scorer or no page");
  spamcls_moderation *m = calloc(1, sizeof *m);
  if (!m)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  spamcls_status rc = spamcls_page_extract_charset(
      data, len, kind, o ? o->charset : NULL, &m->page, err);
  if (rc == SPAMCLS_OK) {
    m->n = spamcls_page_count(m->page);
    size_t explain = o ? o->explain : 0;
    m->c = calloc(m->n + 1, sizeof *m->c);
    m->spans = calloc(m->n + 1, sizeof *m->spans);
    m->why = explain && m->n ? calloc(m->n, explain * sizeof *m->why) : NULL;
    if (!m->c || !m->spans || (explain && m->n && !m->why))
      rc = sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  }
  if (rc == SPAMCLS_OK)
    rc = judge_all(m, s, o, err);
  if (rc == SPAMCLS_OK) {
    m->nspans = sc_spans_join(m->spans, m->nspans);
    if (cut_out(m, data ? data : "", len) != 0)
      rc = sc_error(err, SPAMCLS_ERR_NOMEM, "out of memory");
  }
  if (rc != SPAMCLS_OK) {
    spamcls_moderation_free(m);
    return rc;
  }
  *out = m;
  return SPAMCLS_OK;
}

const spamcls_page *spamcls_moderation_page(const spamcls_moderation *m)
{
  return m->page;
}

size_t spamcls_moderation_count(const spamcls_moderation *m)
{
  return m->n;
}

const spamcls_moderated *spamcls_moderation_get(const spamcls_moderation *m,
                                                size_t i)
{
  return i < m->n ? &m->c[i] : NULL;
}

const spamcls_span *spamcls_moderation_spans(const spamcls_moderation *m,
                                             size_t *n)
{
  *n = m->nspans;
  return m->spans;
}

const char *spamcls_moderation_clean(const spamcls_moderation *m,
                                     size_t *len)
{
  *len = m->clean_len;
  return m->clean;
}

void spamcls_moderation_free(spamcls_moderation *m)
{
  if (!m)
    return;
  spamcls_page_free(m->page);
  free(m->c);
  free(m->why);
  free(m->spans);
  free(m->clean);
  free(m);
}
