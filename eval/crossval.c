/*
 * crossval.c - cross-validation with the real training code.
 *
 * Comments are stored in a spamcls_dataset, deduplicated exactly as
 * "spamcls train" does; beside each stored comment we keep a hash of its
 * normalized text alone. Folds are assigned to distinct texts, not to
 * comments, so the same text posted by two authors (two comments to the
 * dataset when author features are on) is never trained on in one fold
 * and tested on in another: spam templates repeat heavily and would
 * otherwise inflate every figure.
 *
 * For each fold, spamcls_train builds a complete model (SVM, its own inner
 * folds for Platt calibration, the same parameters as "train") from the
 * other folds, and that model scores the fold. The probabilities are
 * therefore what a user of "train" would get on unseen comments.
 *
 * Folds are independent, so they are trained by a few threads at once
 * (one per core, or cp->threads, at most one per fold); each writes only
 * its own rows, so the results do not depend on the number of threads.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "eval.h"
#include "intern.h"
#include "util.h"

struct spamcls_cv {
  spamcls_dataset *d;
  spamcls_extractor *x;
  uint64_t *text_key;  /* per stored comment */
  size_t cap;
  double *prob, *score;
  unsigned *fold;      /* after a run */
};

spamcls_cv *spamcls_cv_new(const spamcls_pipeline *p)
{
  spamcls_cv *cv = calloc(1, sizeof *cv);
  if (!cv)
    return NULL;
  cv->d = spamcls_dataset_new(p);
  if (cv->d)
    cv->x = spamcls_extractor_new(sc_dataset_pipeline(cv->d));
  if (!cv->x) {
    spamcls_cv_free(cv);
    return NULL;
  }
  return cv;
}

static void free_results(spamcls_cv *cv)
{
  free(cv->prob);
  free(cv->score);
  free(cv->fold);
  cv->prob = cv->score = NULL;
  cv->fold = NULL;
}

void spamcls_cv_free(spamcls_cv *cv)
{
  if (!cv)
    return;
  free_results(cv);
  spamcls_extractor_free(cv->x);
  spamcls_dataset_free(cv->d);
  free(cv->text_key);
  free(cv);
}

spamcls_status spamcls_cv_add(spamcls_cv *cv, const spamcls_comment *c,
                              int *added)
{
  int dummy;
  if (!added)
    added = &dummy;
  *added = 0;
  if (!cv || !c ||
      (c->label != SPAMCLS_LABEL_SPAM && c->label != SPAMCLS_LABEL_HAM))
    return SPAMCLS_ERR_PARAM;
  size_t n = spamcls_dataset_size(cv->d, NULL);
  if (n == cv->cap) {
    size_t cap = cv->cap ? cv->cap * 2 : 256;
    uint64_t *k = realloc(cv->text_key, cap * sizeof *k);
    if (!k)
      return SPAMCLS_ERR_NOMEM;
    cv->text_key = k;
    cv->cap = cap;
  }
  spamcls_vector v;
  spamcls_status st = spamcls_extract(cv->x, c, &v);
  if (st != SPAMCLS_OK)
    return st;
  size_t tlen = 0;
  const char *text = spamcls_extractor_text(cv->x, &tlen);
  if (!text)
    text = "", tlen = 0;
  uint64_t key = sc_dedup_key(sc_dataset_pipeline(cv->d), text, tlen, c);
  /* n == 0 makes the dataset count the comment as empty. */
  st = sc_dataset_add_vector(cv->d, key, c->label, v.f, v.empty ? 0 : v.n,
                             c->source, c->group,
                             c->group ? c->group_len : 0, added);
  if (st == SPAMCLS_OK && *added)
    cv->text_key[n] = sc_hash64_final(sc_hash64(SC_HASH64_INIT, text, tlen));
  return st;
}

size_t spamcls_cv_size(const spamcls_cv *cv, size_t *n_spam)
{
  return spamcls_dataset_size(cv ? cv->d : NULL, n_spam);
}

void spamcls_cv_dropped(const spamcls_cv *cv, size_t *duplicates,
                        size_t *conflicts, size_t *empty)
{
  const sc_dataset_stats *s = sc_dataset_get_stats(cv->d);
  if (duplicates)
    *duplicates = s->duplicates;
  if (conflicts)
    *conflicts = s->conflicts;
  if (empty)
    *empty = s->empty;
}

/* rep[i]: the first stored comment with the normalized text of comment i. */
static int text_reps(const spamcls_cv *cv, size_t n, size_t *rep)
{
  size_t nslots = 16;
  while (nslots < 2 * n)
    nslots *= 2;
  size_t *slot = calloc(nslots, sizeof *slot);  /* row + 1, 0 = free */
  if (!slot)
    return -1;
  for (size_t i = 0; i < n; i++) {
    size_t j = (size_t)cv->text_key[i] & (nslots - 1);
    while (slot[j] && cv->text_key[slot[j] - 1] != cv->text_key[i])
      j = (j + 1) & (nslots - 1);
    if (!slot[j])
      slot[j] = i + 1;
    rep[i] = slot[j] - 1;
  }
  free(slot);
  return 0;
}

/* The fold of each stored comment; *k receives the number of folds. */
static spamcls_status assign_folds(spamcls_cv *cv, size_t n,
                                   const spamcls_cv_params *cp, unsigned *k,
                                   spamcls_error *err)
{
  const spamcls_dataset *d = cv->d;
  size_t *rep = malloc((n ? n : 1) * sizeof *rep);
  size_t *units = malloc((n ? n : 1) * sizeof *units);
  unsigned *ufold = malloc((n ? n : 1) * sizeof *ufold);
  spamcls_status st = SPAMCLS_OK;
  if (!rep || !units || !ufold || text_reps(cv, n, rep) < 0) {
    st = sc_error(err, SPAMCLS_ERR_NOMEM, "cross-validation: out of memory");
    goto done;
  }
  size_t nu = 0;
  for (size_t i = 0; i < n; i++)
    if (rep[i] == i)
      units[nu++] = i;
  switch (cp->grouping) {
  case SPAMCLS_CV_STRATIFIED:
    *k = cp->k;
    st = sc_folds(d, units, nu, cp->k, cp->seed, ufold, err);
    if (st == SPAMCLS_ERR_PARAM) {
      size_t us = 0;
      for (size_t u = 0; u < nu; u++)
        us += sc_dataset_label(d, units[u]) == SPAMCLS_LABEL_SPAM;
      st = sc_error(err, st, "%u folds need at least %u spam and %u ham "
                    "distinct texts (got %zu and %zu)", cp->k, cp->k, cp->k,
                    us, nu - us);
      goto done;
    }
    if (st != SPAMCLS_OK)
      goto done;
    for (size_t u = 0; u < nu; u++)
      cv->fold[units[u]] = ufold[u];
    break;
  case SPAMCLS_CV_BY_GROUP:
    *k = (unsigned)sc_dataset_n_groups(d);
    for (size_t u = 0; u < nu; u++) {
      long g = sc_dataset_group(d, units[u]);
      if (g < 0) {
        st = sc_error(err, SPAMCLS_ERR_PARAM,
                      "comment %zu (in %s) has no group value", units[u] + 1,
                      sc_dataset_source_name(d, sc_dataset_source(d, units[u]),
                                             NULL, NULL));
        goto done;
      }
      cv->fold[units[u]] = (unsigned)g;
    }
    break;
  case SPAMCLS_CV_BY_SOURCE:
    *k = (unsigned)sc_dataset_n_sources(d);
    for (size_t u = 0; u < nu; u++)
      cv->fold[units[u]] = (unsigned)sc_dataset_source(d, units[u]);
    break;
  default:
    st = sc_error(err, SPAMCLS_ERR_PARAM, "unknown cross-validation grouping");
    goto done;
  }
  if (cp->grouping != SPAMCLS_CV_STRATIFIED && *k < 2) {
    st = sc_error(err, SPAMCLS_ERR_PARAM,
                  "one fold per %s needs at least two of them (got %u)",
                  cp->grouping == SPAMCLS_CV_BY_GROUP ? "group" : "file", *k);
    goto done;
  }
  for (size_t i = 0; i < n; i++)
    cv->fold[i] = cv->fold[rep[i]];
done:
  free(rep);
  free(units);
  free(ufold);
  return st;
}

/* Trains on every stored comment outside fold f and scores those in it. */
static spamcls_status run_fold(spamcls_cv *cv, size_t n, unsigned f,
                               unsigned k, const spamcls_train_params *tp,
                               spamcls_error *err)
{
  const spamcls_dataset *d = cv->d;
  size_t held = 0;
  for (size_t i = 0; i < n; i++)
    held += cv->fold[i] == f;
  if (held == 0)
    return SPAMCLS_OK;
  spamcls_dataset *sub = sc_dataset_new(sc_dataset_pipeline(d));
  if (!sub)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "fold %u/%u: out of memory",
                    f + 1, k);
  spamcls_status st = SPAMCLS_OK;
  for (size_t i = 0; i < n && st == SPAMCLS_OK; i++) {
    if (cv->fold[i] == f)
      continue;
    size_t nv;
    const spamcls_feature *v = sc_dataset_vector(d, i, &nv);
    int added;
    /* Rows are distinct already: a key per row (the mix is a bijection).
     * Sources go along, for training options that look at them. */
    const char *src = sc_dataset_source_name(d, sc_dataset_source(d, i),
                                             NULL, NULL);
    st = sc_dataset_add_vector(sub, sc_hash64_final(i + 1),
                               sc_dataset_label(d, i), v, nv, src, NULL, 0,
                               &added);
  }
  if (st != SPAMCLS_OK) {
    spamcls_dataset_free(sub);
    return sc_error(err, st, "fold %u/%u: %s", f + 1, k, spamcls_strerror(st));
  }
  size_t n_spam, nt = spamcls_dataset_size(sub, &n_spam);
  sc_train_log(tp, "fold %u/%u: training on %zu (%zu spam, %zu ham), "
               "scoring %zu", f + 1, k, nt, n_spam, nt - n_spam, held);
  spamcls_train_params q = *tp;
  q.log = NULL;
  /* A thread limit is met by the folds' threads alone. */
  if (tp->threads)
    q.threads = 1;
  spamcls_model *m = NULL;
  spamcls_error e2 = {{0}};
  st = spamcls_train(sub, &q, &m, &e2);
  spamcls_dataset_free(sub);
  if (st != SPAMCLS_OK)
    return sc_error(err, st, "fold %u/%u: %s", f + 1, k,
                    e2.msg[0] ? e2.msg : spamcls_strerror(st));
  for (size_t i = 0; i < n; i++) {
    if (cv->fold[i] != f)
      continue;
    size_t nv;
    const spamcls_feature *v = sc_dataset_vector(d, i, &nv);
    cv->score[i] = sc_decision(&m->lin, v, nv);
    cv->prob[i] = sc_platt_prob(m->platt_a, m->platt_b, cv->score[i]);
  }
  spamcls_model_free(m);
  return SPAMCLS_OK;
}

typedef struct fold_queue {
  spamcls_cv *cv;
  size_t n;
  unsigned k, next;
  const spamcls_train_params *tp;
  pthread_mutex_t mu;
  spamcls_status st;  /* the first failure */
  spamcls_error err;
} fold_queue;

static void *fold_worker(void *arg)
{
  fold_queue *q = arg;
  for (;;) {
    pthread_mutex_lock(&q->mu);
    unsigned f = q->next++;
    int stop = q->st != SPAMCLS_OK || f >= q->k;
    pthread_mutex_unlock(&q->mu);
    if (stop)
      return NULL;
    spamcls_error e = {{0}};
    spamcls_status st = run_fold(q->cv, q->n, f, q->k, q->tp, &e);
    if (st != SPAMCLS_OK) {
      pthread_mutex_lock(&q->mu);
      if (q->st == SPAMCLS_OK) {
        q->st = st;
        q->err = e;
      }
      pthread_mutex_unlock(&q->mu);
    }
  }
}

static spamcls_status run_folds(spamcls_cv *cv, size_t n, unsigned k,
                                const spamcls_train_params *tp,
                                unsigned threads, spamcls_error *err)
{
  if (threads == 0) {
    threads = sc_processors();
    if (threads > 64)
      threads = 64;
  }
  if (threads > k)
    threads = k;
  fold_queue q = {cv, n, k, 0, tp, PTHREAD_MUTEX_INITIALIZER, SPAMCLS_OK,
                  {{0}}};
  pthread_t *t = calloc(threads, sizeof *t);
  unsigned started = 0;
  if (t)
    while (started < threads &&
           pthread_create(&t[started], NULL, fold_worker, &q) == 0)
      started++;
  if (started == 0)
    fold_worker(&q);  /* no thread could start: do it all here */
  for (unsigned i = 0; i < started; i++)
    pthread_join(t[i], NULL);
  free(t);
  if (q.st != SPAMCLS_OK) {
    if (err)
      *err = q.err;
    return q.st;
  }
  return SPAMCLS_OK;
}

spamcls_status spamcls_cv_run(spamcls_cv *cv, const spamcls_train_params *tp,
                              const spamcls_cv_params *cp, unsigned *folds,
                              spamcls_error *err)
{
  if (!cv || !tp || !cp)
    return sc_error(err, SPAMCLS_ERR_PARAM, "cross-validation: missing argument");
  free_results(cv);
  size_t n = spamcls_dataset_size(cv->d, NULL);
  cv->prob = calloc(n ? n : 1, sizeof *cv->prob);
  cv->score = calloc(n ? n : 1, sizeof *cv->score);
  cv->fold = calloc(n ? n : 1, sizeof *cv->fold);
  if (!cv->prob || !cv->score || !cv->fold) {
    free_results(cv);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "cross-validation: out of memory");
  }
  unsigned k = 0;
  spamcls_status st = assign_folds(cv, n, cp, &k, err);
  if (st == SPAMCLS_OK)
    st = run_folds(cv, n, k, tp, cp->threads, err);
  if (st != SPAMCLS_OK) {
    free_results(cv);
    return st;
  }
  if (folds)
    *folds = k;
  return SPAMCLS_OK;
}

void spamcls_cv_get(const spamcls_cv *cv, size_t i, spamcls_cv_row *out)
{
  const spamcls_dataset *d = cv->d;
  out->label = sc_dataset_label(d, i);
  out->probability = cv->prob ? cv->prob[i] : 0;
  out->score = cv->score ? cv->score[i] : 0;
  out->fold = cv->fold ? cv->fold[i] : 0;
  out->source = sc_dataset_source_name(d, sc_dataset_source(d, i), NULL, NULL);
  long g = sc_dataset_group(d, i);
  out->group_len = 0;
  out->group = g < 0 ? NULL
                     : sc_dataset_group_name(d, (size_t)g, &out->group_len);
}
