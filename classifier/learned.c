/*
 * learned.c - a model's learned corrections: the learner that collects
 * learn and forget requests, the refit that applies them, and the
 * accessors. The weights in use are always base + delta, with the base
 * kept aside while the delta is not empty, so taking every correction back
 * restores the base weights bit for bit.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classifier.h"

/* ---------------------------------------------------------------- freeing */

void sc_corrections_free(sc_correction *c, size_t n)
{
  for (size_t i = 0; c && i < n; i++) {
    free(c[i].text);
    free(c[i].author);
    free(c[i].author_url);
  }
  free(c);
}

void sc_learn_log_free(sc_learn_event *e, size_t n)
{
  for (size_t i = 0; e && i < n; i++)
    free(e[i].name);
  free(e);
}

void sc_learned_free(sc_learned *l)
{
  sc_corrections_free(l->c, l->n);
  sc_learn_log_free(l->log, l->n_log);
  free(l->base_w);
  free(l->d_idx);
  free(l->d_val);
  memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------- refit */

static int cmp_key(const void *a, const void *b)
{
  uint64_t x = ((const sc_correction *)a)->key;
  uint64_t y = ((const sc_correction *)b)->key;
  return (x > y) - (x < y);
}

spamcls_status sc_learned_replace(spamcls_model *m, sc_correction *c,
                                  size_t n, const spamcls_learn_params *lp,
                                  spamcls_error *err)
{
  sc_learned *l = &m->learned;
  qsort(c, n, sizeof *c, cmp_key);
  /* A model learned before the anchor existed keeps learning without it,
   * so that forgetting still gives back its earlier scores exactly. */
  int anchor = l->present ? l->anchor : 1;
  if (lp->prior > 0 || anchor) {
    spamcls_status st = sc_docfreq_decode(&m->docfreq, m->lin.dim, err);
    if (st != SPAMCLS_OK) {
      sc_corrections_free(c, n);
      return st;
    }
  }
  const float *base = l->base_w ? l->base_w : m->lin.w;
  uint32_t *idx;
  float *val;
  size_t nd;
  spamcls_status st = sc_learn_fit(m, base, c, n, lp, anchor, &idx, &val,
                                   &nd, err);
  if (st == SPAMCLS_OK && nd && !l->base_w) {
    size_t bytes = ((size_t)m->lin.dim + 1) * sizeof *l->base_w;
    l->base_w = malloc(bytes);
    if (l->base_w)
      memcpy(l->base_w, m->lin.w, bytes);
    else
      st = sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  }
  if (st != SPAMCLS_OK) {
    free(idx);
    free(val);
    sc_corrections_free(c, n);
    return st;
  }
  /* back to the base, then the new delta on top */
  for (size_t i = 0; i < l->d_n; i++)
    m->lin.w[l->d_idx[i]] = l->base_w[l->d_idx[i]];
  for (size_t i = 0; i < nd; i++)
    m->lin.w[idx[i]] = l->base_w[idx[i]] + val[i];
  if (!nd) {
    free(l->base_w);
    l->base_w = NULL;
  }
  free(l->d_idx);
  free(l->d_val);
  l->d_idx = idx;
  l->d_val = val;
  l->d_n = nd;
  sc_corrections_free(l->c, l->n);
  l->c = c;
  l->n = n;
  l->n_spam = 0;
  for (size_t i = 0; i < n; i++)
    l->n_spam += c[i].label == SPAMCLS_LABEL_SPAM;
  l->C = lp->C;
  l->gap = lp->gap;
  l->prior = lp->prior;
  l->anchor = anchor;
  l->present = 1;
  return SPAMCLS_OK;
}

/* ---------------------------------------------------------------- learner */

typedef struct tally {
  char *name;
  int forget;
  size_t spam, ham;
} tally;

struct spamcls_learner {
  spamcls_model *m;
  spamcls_extractor *x;
  sc_correction *c;  /* the working set; label -1: forgotten */
  size_t n, cap;
  uint32_t *slots;   /* key -> index + 1, open addressing */
  size_t nslots;
  tally *t;
  size_t nt;
  int changed;
  int spent;  /* committed: the working set is gone */
};

static char *dup_span(const char *s, size_t n)
{
  char *d = malloc(n + 1);
  if (d) {
    if (n)
      memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

/* Sets e's strings to copies of c's fields; -1 when out of memory. */
static int copy_fields(sc_correction *e, const char *text, size_t text_len,
                       const char *author, size_t author_len,
                       const char *url, size_t url_len)
{
  char *t = dup_span(text ? text : "", text_len);
  char *a = author ? dup_span(author, author_len) : NULL;
  char *u = url ? dup_span(url, url_len) : NULL;
  if (!t || (author && !a) || (url && !u)) {
    free(t);
    free(a);
    free(u);
    return -1;
  }
  free(e->text);
  free(e->author);
  free(e->author_url);
  e->text = t;
  e->text_len = text_len;
  e->author = a;
  e->author_len = author ? author_len : 0;
  e->author_url = u;
  e->author_url_len = url ? url_len : 0;
  return 0;
}

static size_t slot_find(const spamcls_learner *l, uint64_t key)
{
  size_t j = (size_t)key & (l->nslots - 1);
  while (l->slots[j] && l->c[l->slots[j] - 1].key != key)
    j = (j + 1) & (l->nslots - 1);
  return j;
}

static int slots_grow(spamcls_learner *l)
{
  size_t nslots = l->nslots ? l->nslots * 2 : 1024;
  uint32_t *s = calloc(nslots, sizeof *s);
  if (!s)
    return -1;
  free(l->slots);
  l->slots = s;
  l->nslots = nslots;
  for (size_t i = 0; i < l->n; i++)
    l->slots[slot_find(l, l->c[i].key)] = (uint32_t)(i + 1);
  return 0;
}

/* Room for one more entry in the working set and its table. */
static int reserve(spamcls_learner *l)
{
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    sc_correction *c = realloc(l->c, cap * sizeof *c);
    if (!c)
      return -1;
    l->c = c;
    l->cap = cap;
  }
  if (2 * (l->n + 1) > l->nslots && slots_grow(l) < 0)
    return -1;
  return 0;
}

static void learner_release(spamcls_learner *l)
{
  sc_corrections_free(l->c, l->n);
  l->c = NULL;
  l->n = l->cap = 0;
  for (size_t i = 0; i < l->nt; i++)
    free(l->t[i].name);
  free(l->t);
  l->t = NULL;
  l->nt = 0;
}

void spamcls_learner_free(spamcls_learner *l)
{
  if (!l)
    return;
  learner_release(l);
  free(l->slots);
  spamcls_extractor_free(l->x);
  free(l);
}

spamcls_learner *spamcls_learner_new(spamcls_model *m)
{
  if (!m)
    return NULL;
  spamcls_learner *l = calloc(1, sizeof *l);
  if (!l)
    return NULL;
  l->m = m;
  l->x = spamcls_extractor_new(&m->pipe);
  if (!l->x)
    goto fail;
  for (size_t i = 0; i < m->learned.n; i++) {
    const sc_correction *s = &m->learned.c[i];
    if (reserve(l) < 0)
      goto fail;
    sc_correction *e = &l->c[l->n];
    memset(e, 0, sizeof *e);
    if (copy_fields(e, s->text, s->text_len, s->author, s->author_len,
                    s->author_url, s->author_url_len) < 0)
      goto fail;
    e->key = s->key;
    e->label = s->label;
    l->slots[slot_find(l, e->key)] = (uint32_t)(l->n + 1);
    l->n++;
  }
  return l;
fail:
  spamcls_learner_free(l);
  return NULL;
}

/* Counts one change against the comment's source for the log. */
static int tally_add(spamcls_learner *l, const char *source, int forget,
                     int spam)
{
  if (!source)
    source = "(none)";
  size_t i;
  for (i = 0; i < l->nt; i++)
    if (l->t[i].forget == forget && strcmp(l->t[i].name, source) == 0)
      break;
  if (i == l->nt) {
    tally *t = realloc(l->t, (l->nt + 1) * sizeof *t);
    if (!t)
      return -1;
    l->t = t;
    memset(&t[i], 0, sizeof t[i]);
    t[i].name = strdup(source);
    if (!t[i].name)
      return -1;
    t[i].forget = forget;
    l->nt++;
  }
  if (spam)
    l->t[i].spam++;
  else
    l->t[i].ham++;
  l->changed = 1;
  return 0;
}

spamcls_status spamcls_learner_add(spamcls_learner *l, const spamcls_comment *c,
                                   spamcls_label label,
                                   spamcls_learn_outcome *out)
{
  spamcls_learn_outcome dummy;
  if (!out)
    out = &dummy;
  if (!l || !c || l->spent ||
      (label != SPAMCLS_LABEL_NONE && label != SPAMCLS_LABEL_HAM &&
       label != SPAMCLS_LABEL_SPAM))
    return SPAMCLS_ERR_PARAM;
  spamcls_vector v;
  spamcls_status st = spamcls_extract(l->x, c, &v);
  if (st != SPAMCLS_OK)
    return st;
  if (v.empty || v.n == 0) {
    *out = label == SPAMCLS_LABEL_NONE ? SPAMCLS_LEARN_NOT_LEARNED
                                       : SPAMCLS_LEARN_EMPTY;
    return SPAMCLS_OK;
  }
  size_t tlen;
  const char *text = spamcls_extractor_text(l->x, &tlen);
  uint64_t key = sc_dedup_key(&l->m->pipe, text, tlen, c);
  if (reserve(l) < 0)
    return SPAMCLS_ERR_NOMEM;
  size_t j = slot_find(l, key);
  sc_correction *e = l->slots[j] ? &l->c[l->slots[j] - 1] : NULL;
  if (label == SPAMCLS_LABEL_NONE) {
    if (!e || e->label < 0) {
      *out = SPAMCLS_LEARN_NOT_LEARNED;
      return SPAMCLS_OK;
    }
    if (tally_add(l, c->source, 1, e->label == SPAMCLS_LABEL_SPAM) < 0)
      return SPAMCLS_ERR_NOMEM;
    e->label = -1;
    *out = SPAMCLS_LEARN_FORGOTTEN;
    return SPAMCLS_OK;
  }
  if (e && e->label == (signed char)label) {
    *out = SPAMCLS_LEARN_KNOWN;
    return SPAMCLS_OK;
  }
  if (!e) {
    e = &l->c[l->n];
    memset(e, 0, sizeof *e);
    e->key = key;
    e->label = -1;
  }
  /* a forgotten entry learned again takes this comment's fields */
  if (e->label < 0 &&
      copy_fields(e, c->text, c->text_len, c->author, c->author_len,
                  c->author_url, c->author_url_len) < 0)
    return SPAMCLS_ERR_NOMEM;
  if (tally_add(l, c->source, 0, label == SPAMCLS_LABEL_SPAM) < 0)
    return SPAMCLS_ERR_NOMEM;
  *out = e->label < 0 ? SPAMCLS_LEARN_ADDED : SPAMCLS_LEARN_RELABELED;
  e->label = (signed char)label;
  if (!l->slots[j]) {
    l->slots[j] = (uint32_t)(l->n + 1);
    l->n++;
  }
  return SPAMCLS_OK;
}

static void format_when(long long when, char out[21])
{
  time_t t = (time_t)when;
  struct tm tm;
  if (when < 0 || !gmtime_r(&t, &tm) ||
      strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
    strcpy(out, "1970-01-01T00:00:00Z");
}

/* Appends the learner's tallies to the model's log, whose room was
 * reserved. */
static void append_log(spamcls_learner *l, long long when)
{
  sc_learned *d = &l->m->learned;
  for (size_t i = 0; i < l->nt; i++) {
    sc_learn_event *ev = &d->log[d->n_log++];
    format_when(when, ev->when);
    ev->forget = l->t[i].forget;
    ev->spam = l->t[i].spam;
    ev->ham = l->t[i].ham;
    ev->name = l->t[i].name;
    l->t[i].name = NULL;
  }
}

spamcls_status spamcls_learner_commit(spamcls_learner *l, long long when,
                                      const spamcls_learn_params *params,
                                      spamcls_error *err)
{
  if (!l || l->spent)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: no learner, or one "
                    "already committed", __FILE__, __LINE__);
  sc_learned *d = &l->m->learned;
  spamcls_learn_params lp;
  lp.C = params && params->C > 0 ? params->C
         : d->present && d->C > 0 ? d->C : SPAMCLS_LEARN_DEFAULT_C;
  lp.gap = params && params->gap >= 0 ? params->gap
           : d->present ? d->gap : SPAMCLS_LEARN_DEFAULT_GAP;
  lp.prior = params && params->prior >= 0 ? params->prior
             : d->present ? d->prior : SPAMCLS_LEARN_DEFAULT_PRIOR;
  if (!l->changed && (!d->present || (lp.C == d->C && lp.gap == d->gap &&
                                      lp.prior == d->prior)))
    return SPAMCLS_OK;  /* nothing to do */
  /* Room for the log lines first, so that nothing can fail after the
   * refit has changed the model. */
  sc_learn_event *e = realloc(d->log, (d->n_log + l->nt + 1) * sizeof *e);
  if (!e)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  d->log = e;
  size_t n = 0;
  for (size_t i = 0; i < l->n; i++)
    if (l->c[i].label >= 0)
      l->c[n++] = l->c[i];
    else {
      free(l->c[i].text);
      free(l->c[i].author);
      free(l->c[i].author_url);
    }
  sc_correction *set = l->c;
  l->c = NULL;
  l->n = l->cap = 0;
  memset(l->slots, 0, l->nslots * sizeof *l->slots);
  spamcls_status st = sc_learned_replace(l->m, set, n, &lp, err);
  if (st == SPAMCLS_OK) {
    append_log(l, when);
    st = sc_model_finish(l->m);
  }
  learner_release(l);
  l->changed = 0;
  l->spent = 1;
  return st;
}

/* ---------------------------------------------------------------- access */

size_t spamcls_model_learned(const spamcls_model *m, size_t *n_spam,
                             size_t *n_ham)
{
  const sc_learned *l = &m->learned;
  if (n_spam)
    *n_spam = l->n_spam;
  if (n_ham)
    *n_ham = l->n - l->n_spam;
  return l->n;
}

spamcls_status spamcls_model_correction(const spamcls_model *m, size_t i,
                                        spamcls_comment *out)
{
  if (!m || !out || i >= m->learned.n)
    return SPAMCLS_ERR_PARAM;
  const sc_correction *c = &m->learned.c[i];
  memset(out, 0, sizeof *out);
  out->text = c->text;
  out->text_len = c->text_len;
  out->author = c->author;
  out->author_len = c->author_len;
  out->author_url = c->author_url;
  out->author_url_len = c->author_url_len;
  out->label = (spamcls_label)c->label;
  return SPAMCLS_OK;
}

uint32_t spamcls_model_checksum(const spamcls_model *m)
{
  return m ? m->file_crc : 0;
}

spamcls_status spamcls_model_rebase(spamcls_model *m, const spamcls_model *from,
                                    spamcls_error *err)
{
  if (!m || !from)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: no model", __FILE__,
                    __LINE__);
  if (m->learned.n)
    return sc_error(err, SPAMCLS_ERR_PARAM,
                    "the new base model has learned corrections of its own");
  spamcls_learner *l = spamcls_learner_new(m);
  if (!l)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  spamcls_status st = SPAMCLS_OK;
  for (size_t i = 0; i < from->learned.n && st == SPAMCLS_OK; i++) {
    spamcls_comment c;
    spamcls_model_correction(from, i, &c);
    st = spamcls_learner_add(l, &c, c.label, NULL);
  }
  /* the log is from's, not a new "learned from (none)" line */
  for (size_t i = 0; i < l->nt; i++)
    free(l->t[i].name);
  l->nt = 0;
  l->changed = 1;
  sc_learn_event *log = NULL;
  size_t n_log = from->learned.n_log;
  if (st == SPAMCLS_OK && n_log) {
    log = calloc(n_log, sizeof *log);
    for (size_t i = 0; log && i < n_log; i++) {
      log[i] = from->learned.log[i];
      log[i].name = strdup(from->learned.log[i].name);
      if (!log[i].name) {
        sc_learn_log_free(log, i);
        log = NULL;
      }
    }
    if (!log)
      st = SPAMCLS_ERR_NOMEM;
  }
  if (st != SPAMCLS_OK) {  /* from the learner: no message yet */
    spamcls_learner_free(l);
    sc_learn_log_free(log, n_log);
    return sc_error(err, st, "moving the corrections: %s",
                    spamcls_strerror(st));
  }
  spamcls_learn_params p = {from->learned.C, from->learned.gap,
                            from->learned.prior};
  if (!from->learned.present)
    p.C = 0, p.gap = -1, p.prior = -1;
  st = spamcls_learner_commit(l, 0, &p, err);  /* sets err on failure */
  spamcls_learner_free(l);
  if (st == SPAMCLS_OK) {
    sc_learn_log_free(m->learned.log, m->learned.n_log);
    m->learned.log = log;
    m->learned.n_log = n_log;
    log = NULL;
    st = sc_model_finish(m);
    if (st != SPAMCLS_OK)
      sc_error(err, st, "moving the corrections: out of memory");
  }
  sc_learn_log_free(log, n_log);
  return st;
}
