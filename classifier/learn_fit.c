/*
 * learn_fit.c - the weight delta that makes a model agree with its learned
 * corrections while staying as close as it can to the base model.
 *
 * With s0_i = w0.x_i + b the base score of correction i and t_i its target
 * score (past the unsure band by `gap` calibrated log-odds, on the side of
 * its label y_i = +1 spam, -1 ham; ham_gap_factor says why both sides
 * alike), the delta d solves
 *
 *   min_d  1/2 sum_j l_j d_j^2 + C sum_i max(0, r_i - y_i d.x_i)^2
 *          + C n max(0, d.h)^2,
 *          r_i = y_i (t_i - s0_i),  l_j = 1 + prior * df_j
 *
 * an L2-loss SVM with per-example offsets and the base weights as the
 * prior's centre (h, the anchor, is below). df_j is the share of the base
 * model's ham training comments that have feature j (docfreq.c): a word
 * or character n-gram that most ham of every site has is held back in
 * proportion, so that a few hundred learned comments of one site move its
 * rare, telling features and not the common ones it shares with every
 * other site's ham.
 * Measured with bench/learn.py after 200 learned comments of one unit
 * (a source, video or blog) at a time, prior 2000 / 3000: ham flagged on
 * sites never learned at most 0.7% / 0.5% after any one unit (0.3% before
 * it learned), F1 on the unit's comments not learned 0.815 / 0.812. With
 * df_j over every training comment, prior 1000 / 2000 / 3000 gave 1.0% /
 * 0.7% / 0.6% and 0.820 / 0.811 / 0.806 (and with an earlier recipe,
 * prior 0: 15.1% and 0.820). The default, 3000, keeps every unit within
 * half a point of its base with room to spare.
 * Substituting u_j = sqrt(l_j) d_j and x'_ij = x_ij / sqrt(l_j) makes it
 * the plain problem in u, which is what is solved. It is solved in the dual by coordinate descent (Hsieh et
 * al. 2008, as liblinear's L2-loss SVC): d = sum_i a_i y_i x_i, so d is
 * nonzero only on the features of corrections the base model gets wrong
 * (or right with too little room), and is 0 exactly when there are none.
 * Corrections are visited in key order and the solver starts from zero,
 * so the same corrections always give the same delta.
 *
 * The anchor. Corrections of one site that are mostly spam drag up, by
 * small amounts each, the many ordinary words and character n-grams that
 * its spam shares with every site's ham, and the few ham corrections
 * beside them do not hold those down. One more row does: the base
 * model's average ham comment (each feature's share of its ham training
 * comments, from the same counts as the prior), labelled ham with target
 * score 0 and the cost of all the corrections together (C n): the delta
 * may not raise the average ham's score. Measured with bench/learn.py
 * (three draws of 200 learned comments of each unit, gap 10, ham held
 * twice as far as below): ham flagged on sites never learned, after the
 * worst unit (a blog whose comments are nine tenths spam), 1.4% without
 * the anchor and 0.5% with it (0.3% before learning); F1 on the units'
 * comments not learned 0.836 either way.
 *
 * The gap, 10 log-odds by default: with the prior and the anchor holding
 * the common features, a learned comment's target is what moves the
 * site's own telling features, and a nearer one moved them too little.
 * F1 on comments not learned after 200 learned, gap 3 (without the
 * anchor) / 10 / 15, ham held twice as far: 0.809 / 0.836 / 0.821; gap
 * 15 let the worst unit's learning flag 0.8% of other sites' ham. With
 * ham as far as spam, as now: 0.850 (after 10 and 50 learned: 0.747 and
 * 0.812, gap 3 without the anchor: 0.727 and 0.759).
 *
 * The text statistics (the "s:" features: length, capitals, styled
 * letters ...) stay as the base model has them: every comment has some,
 * so moving them would move every comment of every site, which is what
 * learning one site must not do. They count in the base score s0_i only.
 *
 * Features are renumbered 0..U-1 over the corrections' vectors, so the
 * working memory is proportional to the corrections, not to 2^hash_bits.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

#define MAX_PASSES 1000
#define TOLERANCE 1e-4   /* largest projected gradient at convergence */
/* How much further past the band ham corrections are put than spam ones.
 * With the anchor, as far (1). Without it (models learned before it),
 * up to twice as far, in proportion to how much spam is learned beside
 * them (1 + min(1, spam / ham)): the ham, held further down, was what
 * anchored the ordinary words learned spam drags up. The anchor does that
 * job better: with it, holding the ham further down only cost recall
 * (bench/learn.py, 200 learned comments, gap 10: F1 on comments not
 * learned 0.836 with the factor, 0.850 without; ham flagged on sites
 * never learned, worst unit, 0.5% either way). */
static double ham_gap_factor(const sc_correction *c, size_t n, int anchor)
{
  if (anchor)
    return 1.0;
  size_t spam = 0;
  for (size_t i = 0; i < n; i++)
    spam += c[i].label == SPAMCLS_LABEL_SPAM;
  size_t ham = n - spam;
  return ham == 0 || spam >= ham ? 2.0 : 1.0 + (double)spam / (double)ham;
}

typedef struct vec_pool {
  spamcls_feature *f;  /* all vectors, one after another */
  size_t len, cap;
  size_t *off;         /* n + 1 offsets */
  uint32_t *frozen;    /* buckets of "s:" features (unsorted, repeats) */
  size_t n_frozen, frozen_cap;
  int nomem;
} vec_pool;

/* spamcls_extract_names callback: notes the buckets of text statistics. */
static void note_frozen(void *ctx, const char *name, size_t len,
                        uint32_t index)
{
  vec_pool *p = ctx;
  if (len < 2 || name[0] != 's' || name[1] != ':')
    return;
  if (p->n_frozen == p->frozen_cap) {
    size_t cap = p->frozen_cap ? p->frozen_cap * 2 : 256;
    uint32_t *f = realloc(p->frozen, cap * sizeof *f);
    if (!f) {
      p->nomem = 1;
      return;
    }
    p->frozen = f;
    p->frozen_cap = cap;
  }
  p->frozen[p->n_frozen++] = index;
}

static int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Position of v in the sorted u[0..n) (v is there). */
static uint32_t find_u32(const uint32_t *u, size_t n, uint32_t v)
{
  size_t lo = 0, hi = n;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (u[mid] <= v)
      lo = mid;
    else
      hi = mid;
  }
  return (uint32_t)lo;
}

static double logit(double p)
{
  return log(p / (1 - p));
}

/* The target score of each class: the score whose calibrated probability
 * is the edge of the unsure band moved out by gap log-odds. */
static spamcls_status targets(const spamcls_model *m, double gap,
                              double ham_factor, double *t_spam,
                              double *t_ham, spamcls_error *err)
{
  double A = m->platt_a, B = m->platt_b;
  if (!(A < 0))
    return sc_error(err, SPAMCLS_ERR_MODEL, "the model's calibration does "
                    "not rise with the score (platt_a %g): it cannot learn",
                    A);
  double hi = m->threshold + m->margin, lo = m->threshold - m->margin;
  hi = hi > 0.999 ? 0.999 : hi < 0.001 ? 0.001 : hi;
  lo = lo < 0.001 ? 0.001 : lo > 0.999 ? 0.999 : lo;
  /* p = 1 / (1 + exp(A s + B)) >= P  <=>  s >= (logit(P) + B) / -A */
  *t_spam = (logit(hi) + gap + B) / -A;
  *t_ham = (logit(lo) - ham_factor * gap + B) / -A;
  return SPAMCLS_OK;
}

/* Vectorizes the corrections into pool (renumbered later). */
static spamcls_status vectorize(const spamcls_model *m, const sc_correction *c,
                                size_t n, vec_pool *pool, spamcls_error *err)
{
  spamcls_extractor *x = spamcls_extractor_new(&m->pipe);
  pool->off = malloc((n + 1) * sizeof *pool->off);
  if (!x || !pool->off) {
    spamcls_extractor_free(x);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  }
  spamcls_status st = SPAMCLS_OK;
  for (size_t i = 0; i < n && st == SPAMCLS_OK; i++) {
    spamcls_comment cm;
    memset(&cm, 0, sizeof cm);
    cm.text = c[i].text;
    cm.text_len = c[i].text_len;
    cm.author = c[i].author;
    cm.author_len = c[i].author_len;
    cm.author_url = c[i].author_url;
    cm.author_url_len = c[i].author_url_len;
    spamcls_vector v;
    pool->off[i] = pool->len;
    st = spamcls_extract_names(x, &cm, note_frozen, pool);
    if (st == SPAMCLS_OK && pool->nomem)
      st = SPAMCLS_ERR_NOMEM;
    if (st == SPAMCLS_OK)
      st = spamcls_extract(x, &cm, &v);
    if (st == SPAMCLS_OK &&
        sc_features_append(&pool->f, &pool->len, &pool->cap, v.f, v.n) < 0)
      st = SPAMCLS_ERR_NOMEM;
  }
  pool->off[n] = pool->len;
  spamcls_extractor_free(x);
  if (st != SPAMCLS_OK)
    return sc_error(err, st, "learning: %s", spamcls_strerror(st));
  return SPAMCLS_OK;
}

static int bsearch_u32(const uint32_t *u, size_t n, uint32_t v)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (u[mid] == v)
      return 1;
    if (u[mid] < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* Drops the frozen buckets from every vector (after the base scores). */
static void drop_frozen(vec_pool *pool, size_t n)
{
  qsort(pool->frozen, pool->n_frozen, sizeof *pool->frozen, cmp_u32);
  size_t o = 0, start = 0;
  for (size_t i = 0; i < n; i++) {
    size_t end = pool->off[i + 1];
    pool->off[i] = o;
    for (size_t j = start; j < end; j++)
      if (!bsearch_u32(pool->frozen, pool->n_frozen, pool->f[j].index))
        pool->f[o++] = pool->f[j];
    start = end;
  }
  pool->off[n] = o;
  pool->len = o;
}

/* Renumbers the pool's indices to 0..U-1; *uniq receives the original
 * index of each (ascending). */
static spamcls_status renumber(vec_pool *pool, uint32_t **uniq, size_t *nu,
                               spamcls_error *err)
{
  uint32_t *u = malloc((pool->len ? pool->len : 1) * sizeof *u);
  if (!u)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  for (size_t i = 0; i < pool->len; i++)
    u[i] = pool->f[i].index;
  qsort(u, pool->len, sizeof *u, cmp_u32);
  size_t k = 0;
  for (size_t i = 0; i < pool->len; i++)
    if (k == 0 || u[k - 1] != u[i])
      u[k++] = u[i];
  for (size_t i = 0; i < pool->len; i++)
    pool->f[i].index = find_u32(u, k, pool->f[i].index);
  *uniq = u;
  *nu = k;
  return SPAMCLS_OK;
}

/* Dual coordinate descent; d (one entry per renumbered feature) and a
 * (one per correction) start zeroed. anc (NULL: none) is the anchor row
 * over the nu features, a ham row with target 0 and cost C n, visited
 * first in every pass. */
static void solve(const vec_pool *pool, size_t n, const double *r,
                  const signed char *y, double C, double *d, double *a,
                  const double *anc, size_t nu)
{
  double diag = 0.5 / C, anc_diag = 0.5 / (C * (double)n), anc_a = 0;
  for (int pass = 0; pass < MAX_PASSES; pass++) {
    double worst = 0;
    if (anc) {  /* y = -1, r = 0, |anc| = 1 */
      double dx = 0;
      for (size_t j = 0; j < nu; j++)
        dx += d[j] * anc[j];
      double g = -dx + anc_diag * anc_a;
      double pg = anc_a == 0 && g > 0 ? 0 : g;
      if (fabs(pg) > worst)
        worst = fabs(pg);
      if (pg != 0) {
        double na = anc_a - g / (1.0 + anc_diag);
        if (na < 0)
          na = 0;
        double step = anc_a - na;  /* (na - anc_a) y */
        anc_a = na;
        for (size_t j = 0; j < nu; j++)
          d[j] += step * anc[j];
      }
    }
    for (size_t i = 0; i < n; i++) {
      const spamcls_feature *f = pool->f + pool->off[i];
      size_t nf = pool->off[i + 1] - pool->off[i];
      double dx = 0, xx = 0;
      for (size_t j = 0; j < nf; j++) {
        dx += d[f[j].index] * f[j].value;
        xx += (double)f[j].value * f[j].value;
      }
      double g = y[i] * dx - r[i] + diag * a[i];
      double pg = a[i] == 0 && g > 0 ? 0 : g;  /* projected gradient */
      if (fabs(pg) > worst)
        worst = fabs(pg);
      if (pg == 0)
        continue;
      double na = a[i] - g / (xx + diag);
      if (na < 0)
        na = 0;
      double step = (na - a[i]) * y[i];
      a[i] = na;
      for (size_t j = 0; j < nf; j++)
        d[f[j].index] += step * f[j].value;
    }
    if (worst < TOLERANCE)
      break;
  }
}

/* The anchor row (see the top): each renumbered feature's share of the
 * base model's ham training comments, scaled as the features are (s, NULL:
 * by 1) and to unit length. *out is NULL when the model keeps no counts
 * or none of the features is common enough to be counted. */
static spamcls_status ham_anchor(const spamcls_model *m, const uint32_t *uniq,
                                 size_t nu, const double *s, double **out,
                                 spamcls_error *err)
{
  *out = NULL;
  if (m->docfreq.docs == 0)
    return SPAMCLS_OK;
  double *v = malloc((nu ? nu : 1) * sizeof *v), ss = 0;
  if (!v)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  for (size_t j = 0; j < nu; j++) {
    v[j] = sc_docfreq_share(&m->docfreq, uniq[j]) * (s ? s[j] : 1.0);
    ss += v[j] * v[j];
  }
  if (!(ss > 0)) {
    free(v);
    return SPAMCLS_OK;
  }
  double inv = 1.0 / sqrt(ss);
  for (size_t j = 0; j < nu; j++)
    v[j] *= inv;
  *out = v;
  return SPAMCLS_OK;
}

/* Scales each renumbered feature by 1 / sqrt(l_j) (see the top); *s
 * receives the scales, NULL when every one is 1. */
static spamcls_status prior_scale(const spamcls_model *m, double prior,
                                  vec_pool *pool, const uint32_t *uniq,
                                  size_t nu, double **s, spamcls_error *err)
{
  *s = NULL;
  if (!(prior > 0) || m->docfreq.docs == 0)
    return SPAMCLS_OK;
  double *sc = malloc((nu ? nu : 1) * sizeof *sc);
  if (!sc)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  for (size_t j = 0; j < nu; j++)
    sc[j] = 1.0 / sqrt(1.0 + prior * sc_docfreq_share(&m->docfreq, uniq[j]));
  for (size_t i = 0; i < pool->len; i++)
    pool->f[i].value = (float)(pool->f[i].value * sc[pool->f[i].index]);
  *s = sc;
  return SPAMCLS_OK;
}

spamcls_status sc_learn_fit(const spamcls_model *m, const float *base_w,
                            const sc_correction *c, size_t n,
                            const spamcls_learn_params *lp, int anchor,
                            uint32_t **idx, float **val, size_t *nd,
                            spamcls_error *err)
{
  double C = lp->C, gap = lp->gap;
  *idx = NULL;
  *val = NULL;
  *nd = 0;
  if (n == 0)
    return SPAMCLS_OK;
  double t_spam = 0, t_ham = 0;
  spamcls_status st = targets(m, gap, ham_gap_factor(c, n, anchor), &t_spam,
                              &t_ham, err);
  if (st != SPAMCLS_OK)
    return st;
  vec_pool pool = {0};
  uint32_t *uniq = NULL;
  size_t nu = 0;
  double *r = malloc(n * sizeof *r), *d = NULL, *a = calloc(n, sizeof *a);
  double *scale = NULL, *anc = NULL;
  signed char *y = malloc(n);
  st = r && y && a ? vectorize(m, c, n, &pool, err)
              : sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  if (st == SPAMCLS_OK) {
    /* base scores, before the indices are renumbered */
    sc_linear base = {m->lin.dim, (float *)base_w, m->lin.b, NULL, 0};
    for (size_t i = 0; i < n; i++) {
      double s0 = sc_decision(&base, pool.f + pool.off[i],
                              pool.off[i + 1] - pool.off[i]);
      y[i] = c[i].label == SPAMCLS_LABEL_SPAM ? 1 : -1;
      r[i] = y[i] * ((y[i] > 0 ? t_spam : t_ham) - s0);
    }
    drop_frozen(&pool, n);
    st = renumber(&pool, &uniq, &nu, err);
  }
  if (st == SPAMCLS_OK)
    st = prior_scale(m, lp->prior, &pool, uniq, nu, &scale, err);
  if (st == SPAMCLS_OK && anchor)
    st = ham_anchor(m, uniq, nu, scale, &anc, err);
  if (st == SPAMCLS_OK) {
    d = calloc(nu ? nu : 1, sizeof *d);
    if (!d)
      st = sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
  }
  if (st == SPAMCLS_OK) {
    solve(&pool, n, r, y, C, d, a, anc, nu);
    if (scale)
      for (size_t j = 0; j < nu; j++)
        d[j] *= scale[j];  /* d_j = u_j / sqrt(l_j) */
    size_t k = 0;
    for (size_t j = 0; j < nu; j++)
      k += (float)d[j] != 0.0f;
    *idx = malloc((k ? k : 1) * sizeof **idx);
    *val = malloc((k ? k : 1) * sizeof **val);
    if (!*idx || !*val) {
      free(*idx);
      free(*val);
      *idx = NULL;
      *val = NULL;
      st = sc_error(err, SPAMCLS_ERR_NOMEM, "learning: out of memory");
    } else {
      k = 0;
      for (size_t j = 0; j < nu; j++)
        if ((float)d[j] != 0.0f) {
          (*idx)[k] = uniq[j];
          (*val)[k++] = (float)d[j];
        }
      *nd = k;
    }
  }
  free(pool.f);
  free(pool.off);
  free(pool.frozen);
  free(uniq);
  free(scale);
  free(anc);
  free(r);
  free(y);
  free(d);
  free(a);
  return st;
}
