/*
 * check_classifier.c - the classifier below the public API, on synthetic
 * sparse problems (no feature extraction): the dataset store, fits with
 * each solver and both label orders, the library's descent against
 * liblinear's, determinism, solver chatter, folds,
 * tuning, Platt scaling and verdict thresholds.
 */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classifier.h"

/* ---------------------------------------------------------------- data */

#define BITS 10
#define NF 12  /* features per synthetic comment */

static uint64_t rng_next(uint64_t *s)
{
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return *s >> 33;
}

static int by_index(const void *a, const void *b)
{
  const spamcls_feature *x = a, *y = b;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* One comment of a class: mostly words of its class (spam 1..100, ham
 * 101..200), some shared words (201..400), L2-normalized. noisy rows take
 * their class words from the other class, so the set is not separable. */
static size_t synth_vector(int spam, int noisy, uint64_t *s,
                           spamcls_feature *f)
{
  size_t n = 0;
  for (int j = 0; j < NF; j++) {
    uint32_t idx;
    if (j < 7) {
      int cls = noisy ? !spam : spam;
      idx = (uint32_t)(1 + rng_next(s) % 100 + (cls ? 0 : 100));
    } else {
      idx = (uint32_t)(201 + rng_next(s) % 200);
    }
    f[n].index = idx;
    f[n].value = (float)(0.5 + (double)(rng_next(s) % 1000) / 1000.0);
    n++;
  }
  qsort(f, n, sizeof *f, by_index);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k && f[k - 1].index == f[i].index)
      f[k - 1].value += f[i].value;
    else
      f[k++] = f[i];
  }
  double norm = 0;
  for (size_t i = 0; i < k; i++)
    norm += (double)f[i].value * f[i].value;
  for (size_t i = 0; i < k; i++)
    f[i].value = (float)(f[i].value / sqrt(norm));
  return k;
}

/* n_spam spam and n_ham ham rows (the same vectors whatever the order),
 * spam first or ham first; every 20th row of a class is noisy. */
static spamcls_dataset *synth(size_t n_spam, size_t n_ham, int spam_first)
{
  spamcls_pipeline p = {BITS, 1, 0, 0, SPAMCLS_F_WORDS, NULL, 0};
  spamcls_dataset *d = sc_dataset_new(&p);
  ck_assert_ptr_nonnull(d);
  for (int pass = 0; pass < 2; pass++) {
    int spam = spam_first ? pass == 0 : pass == 1;
    size_t count = spam ? n_spam : n_ham;
    uint64_t s = spam ? 42 : 4242;
    for (size_t i = 0; i < count; i++) {
      spamcls_feature f[NF];
      size_t n = synth_vector(spam, i % 20 == 19, &s, f);
      int added;
      uint64_t key = (uint64_t)i * 2 + (uint64_t)spam;
      ck_assert_int_eq(sc_dataset_add_vector(d, key,
                                             spam ? SPAMCLS_LABEL_SPAM
                                                  : SPAMCLS_LABEL_HAM,
                                             f, n, "synthetic", NULL, 0,
                                             &added),
                       SPAMCLS_OK);
      ck_assert_int_eq(added, 1);
    }
  }
  return d;
}

static size_t *all_rows(const spamcls_dataset *d, size_t *n)
{
  *n = spamcls_dataset_size(d, NULL);
  size_t *r = malloc(*n * sizeof *r);
  ck_assert_ptr_nonnull(r);
  for (size_t i = 0; i < *n; i++)
    r[i] = i;
  return r;
}

/* Share of rows whose score sign matches the label. */
static double accuracy(const spamcls_dataset *d, const sc_linear *l)
{
  size_t n = spamcls_dataset_size(d, NULL), ok = 0;
  for (size_t i = 0; i < n; i++) {
    size_t k;
    const spamcls_feature *f = sc_dataset_vector(d, i, &k);
    double s = sc_decision(l, f, k);
    ok += (s > 0) == (sc_dataset_label(d, i) == SPAMCLS_LABEL_SPAM);
  }
  return (double)ok / (double)n;
}

static spamcls_train_params quiet_params(void)
{
  spamcls_train_params p;
  spamcls_train_params_default(&p);
  return p;
}

static const spamcls_solver solvers[] = {SPAMCLS_SOLVER_LIBSVM,
                                         SPAMCLS_SOLVER_LIBLINEAR,
                                         SPAMCLS_SOLVER_DCD};
#define N_SOLVERS (int)(sizeof solvers / sizeof solvers[0])

/* ---------------------------------------------------------------- dataset */

START_TEST(test_dataset_dedup)
{
  spamcls_pipeline p = {BITS, 1, 0, 0, SPAMCLS_F_WORDS, NULL, 0};
  spamcls_dataset *d = sc_dataset_new(&p);
  spamcls_feature f[2] = {{3, 0.6f}, {7, 0.8f}};
  int added;
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_SPAM, f, 2, "a",
                                         "g1", 2, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 1);
  /* same key, same label: a duplicate; other label: a conflict */
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_SPAM, f, 2, "b",
                                         NULL, 0, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 0);
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_HAM, f, 2, "b",
                                         NULL, 0, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 0);
  /* no features: empty */
  ck_assert_int_eq(sc_dataset_add_vector(d, 2, SPAMCLS_LABEL_HAM, f, 0, "b",
                                         NULL, 0, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 0);
  ck_assert_int_eq(sc_dataset_add_vector(d, 3, SPAMCLS_LABEL_HAM, f, 1, "b",
                                         "g2", 2, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 1);
  ck_assert_int_eq(sc_dataset_add_vector(d, 4, SPAMCLS_LABEL_HAM, f, 1, NULL,
                                         "g1", 2, &added), SPAMCLS_OK);
  ck_assert_int_eq(added, 1);

  size_t n_spam, n = spamcls_dataset_size(d, &n_spam);
  ck_assert_uint_eq(n, 3);
  ck_assert_uint_eq(n_spam, 1);
  const sc_dataset_stats *st = sc_dataset_get_stats(d);
  ck_assert_uint_eq(st->duplicates, 1);
  ck_assert_uint_eq(st->conflicts, 1);
  ck_assert_uint_eq(st->empty, 1);

  size_t k;
  const spamcls_feature *v = sc_dataset_vector(d, 0, &k);
  ck_assert_uint_eq(k, 2);
  ck_assert_uint_eq(v[1].index, 7);
  ck_assert_int_eq(sc_dataset_label(d, 1), SPAMCLS_LABEL_HAM);
  /* groups and sources in order of first appearance */
  ck_assert_uint_eq(sc_dataset_n_groups(d), 2);
  ck_assert_int_eq(sc_dataset_group(d, 0), 0);
  ck_assert_int_eq(sc_dataset_group(d, 1), 1);
  ck_assert_int_eq(sc_dataset_group(d, 2), 0);
  ck_assert_str_eq(sc_dataset_group_name(d, 1, NULL), "g2");
  ck_assert_uint_eq(sc_dataset_n_sources(d), 3);
  size_t s, h;
  ck_assert_str_eq(sc_dataset_source_name(d, 0, &s, &h), "a");
  ck_assert_uint_eq(s, 1);
  ck_assert_uint_eq(h, 0);
  ck_assert_str_eq(sc_dataset_source_name(d, 1, &s, &h), "b");
  ck_assert_uint_eq(h, 1);
  ck_assert_str_eq(sc_dataset_source_name(d, 2, &s, &h), "(none)");
  ck_assert_uint_eq(sc_dataset_source(d, 2), 2);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_dataset_rejects_bad_vectors)
{
  spamcls_pipeline p = {BITS, 1, 0, 0, SPAMCLS_F_WORDS, NULL, 0};
  spamcls_dataset *d = sc_dataset_new(&p);
  int added;
  spamcls_feature unsorted[2] = {{7, 0.5f}, {3, 0.5f}};
  spamcls_feature repeated[2] = {{3, 0.5f}, {3, 0.5f}};
  spamcls_feature zero[1] = {{0, 1.0f}};
  spamcls_feature high[1] = {{(1u << BITS) + 1, 1.0f}};
  spamcls_feature nan[1] = {{5, NAN}};
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_HAM, unsorted, 2,
                                         NULL, NULL, 0, &added), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_HAM, repeated, 2,
                                         NULL, NULL, 0, &added), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_HAM, zero, 1,
                                         NULL, NULL, 0, &added), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_HAM, high, 1,
                                         NULL, NULL, 0, &added), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_HAM, nan, 1,
                                         NULL, NULL, 0, &added), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(sc_dataset_add_vector(d, 1, SPAMCLS_LABEL_NONE, zero, 0,
                                         NULL, NULL, 0, &added), SPAMCLS_ERR_PARAM);
  ck_assert_uint_eq(spamcls_dataset_size(d, NULL), 0);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_dataset_grows)
{
  /* Enough rows to grow the dedup table and pool several times, with a
   * duplicate of every row. */
  spamcls_dataset *d = synth(3000, 3000, 1);
  spamcls_feature f[1] = {{9, 1.0f}};
  for (uint64_t i = 0; i < 6000; i++) {
    int added;
    ck_assert_int_eq(sc_dataset_add_vector(d, i, SPAMCLS_LABEL_HAM, f, 1, NULL,
                                           NULL, 0, &added), SPAMCLS_OK);
    ck_assert_int_eq(added, 0);
  }
  ck_assert_uint_eq(spamcls_dataset_size(d, NULL), 6000);
  ck_assert_uint_eq(sc_dataset_get_stats(d)->duplicates +
                    sc_dataset_get_stats(d)->conflicts, 6000);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_decision)
{
  sc_linear l;
  ck_assert_int_eq(sc_linear_init(&l, 16), 0);
  l.w[2] = 2.0f;
  l.w[5] = -1.0f;
  l.w[16] = 0.5f;
  l.b = 0.25;
  spamcls_feature f[4] = {{2, 0.5f}, {5, 1.0f}, {16, 2.0f}, {17, 9.0f}};
  /* 1 - 1 + 1 + 0.25; index 17 is beyond dim and ignored */
  ck_assert_double_eq_tol(sc_decision(&l, f, 4), 1.25, 1e-12);
  ck_assert_double_eq_tol(sc_decision(&l, f, 0), 0.25, 1e-12);
  sc_linear_free(&l);
  ck_assert_ptr_null(l.w);
}
END_TEST

/* ---------------------------------------------------------------- fitting */

START_TEST(test_fit_learns)
{
  spamcls_dataset *d = synth(300, 500, _i % 2);
  size_t n, *rows = all_rows(d, &n);
  spamcls_train_params p = quiet_params();
  sc_linear l = {0};
  spamcls_error err;
  ck_assert_int_eq(sc_fit(d, rows, n, &p, solvers[_i / 2], &l, &err),
                   SPAMCLS_OK);
  ck_assert_uint_eq(l.dim, 1u << BITS);
  ck_assert(l.w[0] == 0.0f);
  /* every 20th row is mislabeled in effect: ~95% is the ceiling */
  ck_assert_double_ge(accuracy(d, &l), 0.93);
  /* spam words weigh positive, ham words negative, on average */
  double spam_w = 0, ham_w = 0;
  for (int j = 1; j <= 100; j++) {
    spam_w += l.w[j];
    ham_w += l.w[100 + j];
  }
  ck_assert_double_gt(spam_w, 0);
  ck_assert_double_lt(ham_w, 0);
  sc_linear_free(&l);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

/* Spam first or ham first, each solver: the same signs (libsvm orders
 * labels by first occurrence, swapping -1/+1; liblinear does not swap). */
START_TEST(test_label_order)
{
  spamcls_solver solver = solvers[_i];
  spamcls_dataset *a = synth(200, 200, 1), *b = synth(200, 200, 0);
  size_t n, *rows = all_rows(a, &n);
  spamcls_train_params p = quiet_params();
  sc_linear la = {0}, lb = {0};
  spamcls_error err;
  ck_assert_int_eq(sc_fit(a, rows, n, &p, solver, &la, &err), SPAMCLS_OK);
  ck_assert_int_eq(sc_fit(b, rows, n, &p, solver, &lb, &err), SPAMCLS_OK);
  ck_assert_double_ge(accuracy(a, &la), 0.93);
  ck_assert_double_ge(accuracy(b, &lb), 0.93);
  /* a's spam rows are b's last 200 rows: the same scores, near enough */
  for (size_t i = 0; i < 200; i++) {
    size_t ka, kb;
    const spamcls_feature *fa = sc_dataset_vector(a, i, &ka);
    const spamcls_feature *fb = sc_dataset_vector(b, 200 + i, &kb);
    ck_assert_uint_eq(ka, kb);
    ck_assert_double_eq_tol(sc_decision(&la, fa, ka), sc_decision(&lb, fb, kb),
                            0.1);
  }
  sc_linear_free(&la);
  sc_linear_free(&lb);
  free(rows);
  spamcls_dataset_free(a);
  spamcls_dataset_free(b);
}
END_TEST

/* Both fits gave the same model, bit for bit; frees them. */
static void same_model_free(sc_linear *a, sc_linear *b)
{
  ck_assert_uint_eq(a->dim, b->dim);
  ck_assert_mem_eq(a->w, b->w, ((size_t)a->dim + 1) * sizeof *a->w);
  ck_assert(a->b == b->b);
  sc_linear_free(a);
  sc_linear_free(b);
}

START_TEST(test_fit_deterministic)
{
  spamcls_solver solver = solvers[_i];
  spamcls_dataset *d = synth(150, 250, 0);
  size_t n, *rows = all_rows(d, &n);
  spamcls_train_params p = quiet_params();
  sc_linear l1 = {0}, l2 = {0};
  spamcls_error err;
  ck_assert_int_eq(sc_fit(d, rows, n, &p, solver, &l1, &err), SPAMCLS_OK);
  /* someone else drawing from rand() in between must not matter */
  srand(12345);
  for (int i = 0; i < 1000; i++)
    (void)rand();
  ck_assert_int_eq(sc_fit(d, rows, n, &p, solver, &l2, &err), SPAMCLS_OK);
  same_model_free(&l1, &l2);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

/* A fit reading nodes shared by a superset of its rows (as the folds of
 * sc_cv_decisions do) gives the very model of a fit that makes its own,
 * with the rarer class repeated (balance_sources) or not; and the final
 * model sc_cv_decisions fits alongside the folds is sc_fit's. Shared nodes
 * written on three threads are those one thread writes. */
START_TEST(test_fit_shared_nodes)
{
  spamcls_dataset *d = synth(150, 250, _i % 2);
  size_t n, *rows = all_rows(d, &n);
  spamcls_train_params p = quiet_params();
  p.balance_sources = _i % 2;
  /* dcd shares no nodes, but its folds and final fit run at once here
   * (it does not draw from rand()) */
  spamcls_solver solver = _i < 2 ? SPAMCLS_SOLVER_LIBLINEAR : SPAMCLS_SOLVER_DCD;
  size_t *sub = malloc(n * sizeof *sub), ns = 0;
  ck_assert_ptr_nonnull(sub);
  for (size_t i = 0; i < n; i++)
    if (i % 3 != 0)
      sub[ns++] = i;
  /* written by three threads; the fit's own nodes by one */
  sc_ll_nodes *nodes = sc_ll_nodes_new(d, rows, n, 3);
  ck_assert_ptr_nonnull(nodes);
  sc_linear own = {0}, shared = {0};
  ck_assert_int_eq(sc_fit(d, sub, ns, &p, SPAMCLS_SOLVER_LIBLINEAR, &own,
                          NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_fit_shared(d, sub, ns, &p, SPAMCLS_SOLVER_LIBLINEAR,
                                 nodes, &shared, NULL), SPAMCLS_OK);
  same_model_free(&own, &shared);
  sc_ll_nodes_free(nodes);

  unsigned *fold = malloc(n * sizeof *fold);
  double *dec = malloc(n * sizeof *dec);
  ck_assert(fold && dec);
  ck_assert_int_eq(sc_folds(d, rows, n, 3, 1, fold, NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_cv_decisions(d, rows, n, fold, 3, &p,
                                   solver, dec, &shared, NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_fit(d, rows, n, &p, solver, &own,
                          NULL), SPAMCLS_OK);
  same_model_free(&own, &shared);
  /* the fits one at a time: the same out-of-fold scores */
  double *dec1 = malloc(n * sizeof *dec1);
  ck_assert_ptr_nonnull(dec1);
  sc_set_fit_threads(1);
  ck_assert_int_eq(sc_cv_decisions(d, rows, n, fold, 3, &p, solver, dec1,
                                   NULL, NULL), SPAMCLS_OK);
  sc_set_fit_threads(0);
  ck_assert_mem_eq(dec, dec1, n * sizeof *dec);
  free(dec1);
  free(fold);
  free(dec);
  free(sub);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

/* What sc_cv_decisions_then adds: a fold fitted on fit_max of its training
 * rows (evenly spaced) gives the decisions of sc_fit on those rows, and
 * the hook runs once, after every fold, seeing their decisions whole; its
 * error fails the call. On one thread and on several alike. */
typedef struct hook_seen {
  unsigned calls;
  double *dec;
  size_t n;
  spamcls_status give;
} hook_seen;

static spamcls_status record_hook(void *ctx, const double *dec,
                                  spamcls_error *err)
{
  hook_seen *h = ctx;
  h->calls++;
  memcpy(h->dec, dec, h->n * sizeof *dec);
  if (h->give != SPAMCLS_OK)
    return sc_error(err, h->give, "hook says no");
  return SPAMCLS_OK;
}

START_TEST(test_cv_fit_max_and_hook)
{
  spamcls_dataset *d = synth(150, 250, 0);
  size_t n, *rows = all_rows(d, &n);
  spamcls_train_params p = quiet_params();
  const size_t fit_max = 70;
  unsigned *fold = malloc(n * sizeof *fold);
  double *dec = malloc(n * sizeof *dec);
  size_t *train = malloc(n * sizeof *train);
  hook_seen h = {0, malloc(n * sizeof *h.dec), n, SPAMCLS_OK};
  ck_assert(fold && dec && train && h.dec);
  ck_assert_int_eq(sc_folds(d, rows, n, 2, 1, fold, NULL), SPAMCLS_OK);
  sc_set_fit_threads(_i ? 0 : 1);
  sc_linear final = {0};
  ck_assert_int_eq(sc_cv_decisions_then(d, rows, n, fold, 2, &p,
                                        SPAMCLS_SOLVER_DCD, dec, &final,
                                        fit_max, record_hook, &h, NULL),
                   SPAMCLS_OK);
  ck_assert_uint_eq(h.calls, 1);
  ck_assert_mem_eq(h.dec, dec, n * sizeof *dec);
  for (unsigned f = 0; f < 2; f++) {
    size_t nt = 0, sub[70];
    for (size_t i = 0; i < n; i++)
      if (fold[i] != f)
        train[nt++] = rows[i];
    ck_assert_uint_gt(nt, fit_max);
    for (size_t j = 0; j < fit_max; j++)
      sub[j] = train[j * nt / fit_max];
    sc_linear l = {0};
    ck_assert_int_eq(sc_fit(d, sub, fit_max, &p, SPAMCLS_SOLVER_DCD, &l,
                            NULL), SPAMCLS_OK);
    for (size_t i = 0; i < n; i++)
      if (fold[i] == f) {
        size_t m;
        const spamcls_feature *v = sc_dataset_vector(d, rows[i], &m);
        ck_assert(sc_decision(&l, v, m) == dec[i]);
      }
    sc_linear_free(&l);
  }
  sc_linear_free(&final);

  h.calls = 0;
  h.give = SPAMCLS_ERR_NOMEM;
  spamcls_error err = {{0}};
  ck_assert_int_eq(sc_cv_decisions_then(d, rows, n, fold, 2, &p,
                                        SPAMCLS_SOLVER_DCD, dec, &final,
                                        fit_max, record_hook, &h, &err),
                   SPAMCLS_ERR_NOMEM);
  ck_assert_uint_eq(h.calls, 1);
  ck_assert_str_eq(err.msg, "hook says no");
  ck_assert_ptr_null(final.w);
  sc_set_fit_threads(0);
  free(h.dec);
  free(train);
  free(fold);
  free(dec);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_fit_needs_both_classes)
{
  spamcls_dataset *d = synth(20, 20, 1);
  size_t rows[20];
  for (size_t i = 0; i < 20; i++)
    rows[i] = i;  /* spam only */
  spamcls_train_params p = quiet_params();
  sc_linear l = {0};
  spamcls_error err;
  ck_assert_int_eq(sc_fit(d, rows, 20, &p, solvers[_i], &l, &err),
                   SPAMCLS_ERR_TRAIN);
  ck_assert_ptr_nonnull(strstr(err.msg, "20 spam, 0 ham"));
  ck_assert_ptr_null(l.w);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_fit_setup)
{
  spamcls_dataset *d = synth(100, 300, 1);
  size_t n, *rows = all_rows(d, &n);
  spamcls_train_params p = quiet_params();
  sc_fit_setup s;
  ck_assert_int_eq(sc_fit_setup_init(d, rows, n, &p, &s, NULL), SPAMCLS_OK);
  /* balanced: n / (2 n_class) */
  ck_assert_double_eq_tol(s.weight_spam, 2.0, 1e-12);
  ck_assert_double_eq_tol(s.weight_ham, 400.0 / 600.0, 1e-12);
  ck_assert(s.C == 1.0);
  /* with sources balanced the fit sees 300 + 300 rows (spam repeated 3
   * times): the weights it uses, and the card reports, are 1 and 1 */
  ck_assert_int_eq(sc_fit_setup_used(d, rows, n, &p, &s, NULL), SPAMCLS_OK);
  ck_assert(s.weight_spam == 2.0 && s.n_spam == 100);
  p.balance_sources = 1;
  ck_assert_int_eq(sc_fit_setup_used(d, rows, n, &p, &s, NULL), SPAMCLS_OK);
  ck_assert_double_eq_tol(s.weight_spam, 1.0, 1e-12);
  ck_assert_double_eq_tol(s.weight_ham, 1.0, 1e-12);
  ck_assert_uint_eq(s.n_spam, 300);
  p.balance_sources = 0;
  p.C = 0;
  p.weight_spam = 3;
  p.weight_ham = 0.5;
  ck_assert_int_eq(sc_fit_setup_init(d, rows, n, &p, &s, NULL), SPAMCLS_OK);
  ck_assert(s.C == 1.0);
  ck_assert(s.weight_spam == 3.0);
  ck_assert(s.weight_ham == 0.5);
  p.C = NAN;
  ck_assert_int_eq(sc_fit_setup_init(d, rows, n, &p, &s, NULL),
                   SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(sc_solver_resolve(SPAMCLS_SOLVER_AUTO, SPAMCLS_AUTO_LIBSVM_MAX),
                   SPAMCLS_SOLVER_LIBSVM);
  ck_assert_int_eq(sc_solver_resolve(SPAMCLS_SOLVER_AUTO,
                                     SPAMCLS_AUTO_LIBSVM_MAX + 1),
                   SPAMCLS_SOLVER_DCD);
  ck_assert_int_eq(sc_solver_resolve(SPAMCLS_SOLVER_LIBSVM, 100000),
                   SPAMCLS_SOLVER_LIBSVM);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

/* ---------------------------------------------------------------- chatter */

typedef struct lines {
  sc_buf all;
  int count;
} lines;

static void collect_line(void *ctx, const char *msg)
{
  lines *l = ctx;
  sc_buf_printf(&l->all, "%s\n", msg);
  l->count++;
}

/* Nothing reaches stdout, with or without a log callback. */
START_TEST(test_chatter_never_on_stdout)
{
  spamcls_dataset *d = synth(100, 100, 1);
  size_t n, *rows = all_rows(d, &n);
  char path[] = "/tmp/check_classifier_stdout.XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  fflush(stdout);
  int saved = dup(1);
  ck_assert_int_eq(dup2(fd, 1), 1);
  lines got = {{0}, 0};
  for (int with_log = 0; with_log < 2; with_log++) {
    for (int s = 0; s < 2; s++) {
      spamcls_train_params p = quiet_params();
      if (with_log) {
        p.log = collect_line;
        p.log_ctx = &got;
      }
      sc_linear l = {0};
      ck_assert_int_eq(sc_fit(d, rows, n, &p, solvers[s], &l, NULL),
                       SPAMCLS_OK);
      sc_linear_free(&l);
    }
  }
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  off_t size = lseek(fd, 0, SEEK_END);
  close(fd);
  unlink(path);
  ck_assert_int_eq((int)size, 0);
  /* the solvers' own words arrived, as lines with their prefix */
  ck_assert_ptr_nonnull(strstr(got.all.data, "libsvm: optimization finished"));
  ck_assert_ptr_nonnull(strstr(got.all.data, "liblinear: optimization finished"));
  ck_assert_ptr_null(strstr(got.all.data, "\n\n"));
  sc_buf_free(&got.all);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

typedef struct job {
  const spamcls_dataset *d;
  spamcls_solver solver;
  lines log;
  spamcls_status st;
} job;

static void *run_job(void *arg)
{
  job *j = arg;
  size_t n = spamcls_dataset_size(j->d, NULL);
  size_t *rows = malloc(n * sizeof *rows);
  for (size_t i = 0; i < n; i++)
    rows[i] = i;
  spamcls_train_params p = quiet_params();
  p.log = collect_line;
  p.log_ctx = &j->log;
  for (int r = 0; r < 3 && j->st == SPAMCLS_OK; r++) {
    sc_linear l = {0};
    j->st = sc_fit(j->d, rows, n, &p, j->solver, &l, NULL);
    sc_linear_free(&l);
  }
  free(rows);
  return NULL;
}

/* Two threads fitting at once each get their own solver's chatter. */
START_TEST(test_chatter_per_thread)
{
  spamcls_dataset *d = synth(200, 200, 1);
  job a = {d, SPAMCLS_SOLVER_LIBSVM, {{0}, 0}, SPAMCLS_OK};
  job b = {d, SPAMCLS_SOLVER_LIBLINEAR, {{0}, 0}, SPAMCLS_OK};
  pthread_t ta, tb;
  ck_assert_int_eq(pthread_create(&ta, NULL, run_job, &a), 0);
  ck_assert_int_eq(pthread_create(&tb, NULL, run_job, &b), 0);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  ck_assert_int_eq(a.st, SPAMCLS_OK);
  ck_assert_int_eq(b.st, SPAMCLS_OK);
  ck_assert_int_gt(a.log.count, 0);
  ck_assert_int_gt(b.log.count, 0);
  ck_assert_ptr_null(strstr(a.log.all.data, "liblinear"));
  ck_assert_ptr_null(strstr(b.log.all.data, "libsvm"));
  sc_buf_free(&a.log.all);
  sc_buf_free(&b.log.all);
  spamcls_dataset_free(d);
}
END_TEST

/* ---------------------------------------------------------------- folds */

START_TEST(test_folds_stratified)
{
  spamcls_dataset *d = synth(30, 70, 0);
  size_t n, *rows = all_rows(d, &n);
  unsigned f1[100], f2[100], f3[100];
  ck_assert_int_eq(sc_folds(d, rows, n, 5, 7, f1, NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_folds(d, rows, n, 5, 7, f2, NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_folds(d, rows, n, 5, 8, f3, NULL), SPAMCLS_OK);
  ck_assert_mem_eq(f1, f2, sizeof f1);
  ck_assert(memcmp(f1, f3, sizeof f1) != 0);
  size_t spam[5] = {0}, ham[5] = {0};
  for (size_t i = 0; i < n; i++) {
    ck_assert_uint_lt(f1[i], 5);
    if (sc_dataset_label(d, i) == SPAMCLS_LABEL_SPAM)
      spam[f1[i]]++;
    else
      ham[f1[i]]++;
  }
  for (int k = 0; k < 5; k++) {
    ck_assert_uint_eq(spam[k], 6);
    ck_assert_uint_eq(ham[k], 14);
  }
  /* a class smaller than k, or k < 2 */
  ck_assert_int_eq(sc_folds(d, rows, n, 31, 1, f1, NULL), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(sc_folds(d, rows, n, 1, 1, f1, NULL), SPAMCLS_ERR_PARAM);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_calibration_folds)
{
  spamcls_train_params p;
  spamcls_train_params_default(&p);
  ck_assert_uint_eq(p.folds, 0);
  ck_assert_uint_eq(sc_calibration_folds(&p, 100), 5);
  ck_assert_uint_eq(sc_calibration_folds(&p, SPAMCLS_AUTO_FOLDS2_MIN), 5);
  ck_assert_uint_eq(sc_calibration_folds(&p, SPAMCLS_AUTO_FOLDS2_MIN + 1), 2);
  p.tune = 1;  /* tuning chooses C on 5 folds, and they calibrate */
  ck_assert_uint_eq(sc_calibration_folds(&p, SPAMCLS_AUTO_FOLDS2_MIN + 1), 5);
  p.tune = 0;
  p.folds = 7;  /* asked for: always */
  ck_assert_uint_eq(sc_calibration_folds(&p, 100), 7);
  ck_assert_uint_eq(sc_calibration_folds(&p, 1000000), 7);
}
END_TEST

START_TEST(test_cv_and_tune)
{
  spamcls_dataset *d = synth(120, 180, 1);
  size_t n, *rows = all_rows(d, &n);
  unsigned *fold = malloc(n * sizeof *fold);
  double *dec = malloc(n * sizeof *dec), *dec2 = malloc(n * sizeof *dec2);
  spamcls_train_params p = quiet_params();
  ck_assert_int_eq(sc_folds(d, rows, n, 4, 1, fold, NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_cv_decisions(d, rows, n, fold, 4, &p,
                                   SPAMCLS_SOLVER_LIBLINEAR, dec, NULL, NULL),
                   SPAMCLS_OK);
  double mcc = sc_mcc(d, rows, n, dec);
  ck_assert_double_gt(mcc, 0.7);
  ck_assert_double_le(mcc, 1.0);
  double C1, C2;
  ck_assert_int_eq(sc_tune_C(d, rows, n, fold, 4, &p, SPAMCLS_SOLVER_LIBLINEAR,
                             &C1, dec, NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_tune_C(d, rows, n, fold, 4, &p, SPAMCLS_SOLVER_LIBLINEAR,
                             &C2, dec2, NULL), SPAMCLS_OK);
  ck_assert(C1 == C2);
  ck_assert_double_ge(C1, 0.01 - 1e-12);
  ck_assert_double_le(C1, 100 + 1e-9);
  ck_assert_mem_eq(dec, dec2, n * sizeof *dec);
  /* the chosen C's MCC is the best of the grid, so at least C = 1's */
  ck_assert_double_ge(sc_mcc(d, rows, n, dec) + 1e-12, mcc);
  free(fold);
  free(dec);
  free(dec2);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

START_TEST(test_mcc)
{
  spamcls_dataset *d = synth(2, 2, 1);  /* spam, spam, ham, ham */
  size_t rows[4] = {0, 1, 2, 3};
  double perfect[4] = {1, 2, -1, -2}, inverted[4] = {-1, -2, 1, 2};
  double all_spam[4] = {1, 1, 1, 1}, half[4] = {1, -1, 1, -1};
  ck_assert_double_eq_tol(sc_mcc(d, rows, 4, perfect), 1.0, 1e-12);
  ck_assert_double_eq_tol(sc_mcc(d, rows, 4, inverted), -1.0, 1e-12);
  ck_assert_double_eq_tol(sc_mcc(d, rows, 4, all_spam), 0.0, 1e-12);
  ck_assert_double_eq_tol(sc_mcc(d, rows, 4, half), 0.0, 1e-12);
  spamcls_dataset_free(d);
}
END_TEST

/* ---------------------------------------------------------------- Platt */

/* The gradient of Platt's objective at (a, b), computed here
 * independently of platt.c. */
static void platt_gradient(const double *dec, const unsigned char *y,
                           size_t n, double a, double b, double *g1,
                           double *g2)
{
  double np = 0, nn = 0;
  for (size_t i = 0; i < n; i++)
    y[i] ? np++ : nn++;
  *g1 = *g2 = 0;
  for (size_t i = 0; i < n; i++) {
    double t = y[i] ? (np + 1) / (np + 2) : 1 / (nn + 2);
    double p = 1 / (1 + exp(a * dec[i] + b));
    *g1 += dec[i] * (t - p);
    *g2 += t - p;
  }
}

START_TEST(test_platt_separable)
{
  double dec[8] = {-3, -2, -1.5, -1, 1, 1.5, 2, 3};
  unsigned char y[8] = {0, 0, 0, 0, 1, 1, 1, 1};
  double a, b, g1, g2;
  ck_assert_int_ge(sc_platt_fit(dec, y, 8, &a, &b), 0);
  /* the smoothed targets keep the slope finite */
  ck_assert(isfinite(a) && isfinite(b));
  ck_assert_double_lt(a, 0);
  ck_assert_double_eq_tol(b, 0, 1e-6);  /* symmetric data */
  ck_assert_double_gt(sc_platt_prob(a, b, 3), 0.8);
  ck_assert_double_lt(sc_platt_prob(a, b, 3), 0.999);
  ck_assert_double_gt(sc_platt_prob(a, b, 3), sc_platt_prob(a, b, 1));
  ck_assert_double_lt(sc_platt_prob(a, b, -3), 0.2);
  platt_gradient(dec, y, 8, a, b, &g1, &g2);
  ck_assert_double_lt(fabs(g1), 1e-4);
  ck_assert_double_lt(fabs(g2), 1e-4);
}
END_TEST

START_TEST(test_platt_overlapping)
{
  /* Scores that overlap, with more ham than spam. */
  enum { N = 400 };
  double dec[N];
  unsigned char y[N];
  uint64_t s = 99;
  for (int i = 0; i < N; i++) {
    y[i] = i % 4 == 0;
    double u = (double)(rng_next(&s) % 10000) / 10000.0 - 0.5;
    dec[i] = (y[i] ? 0.7 : -0.7) + 2.5 * u;
  }
  double a, b, g1, g2;
  ck_assert_int_ge(sc_platt_fit(dec, y, N, &a, &b), 1);
  ck_assert_double_lt(a, 0);
  platt_gradient(dec, y, N, a, b, &g1, &g2);
  ck_assert_double_lt(fabs(g1), 1e-4);
  ck_assert_double_lt(fabs(g2), 1e-4);
  /* calibrated: the mean probability is about the spam share */
  double mean = 0;
  for (int i = 0; i < N; i++)
    mean += sc_platt_prob(a, b, dec[i]);
  ck_assert_double_eq_tol(mean / N, 0.25, 0.01);
}
END_TEST

START_TEST(test_platt_degenerate)
{
  /* every score the same: the slope cannot be learned, and the fit gives
   * the mean of the smoothed targets, (2/3 + 5 * 1/7) / 6 */
  double dec[6] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
  unsigned char y[6] = {1, 0, 0, 0, 0, 0};
  double a, b;
  ck_assert_int_ge(sc_platt_fit(dec, y, 6, &a, &b), 0);
  ck_assert(isfinite(a) && isfinite(b));
  ck_assert_double_eq_tol(sc_platt_prob(a, b, 0.5),
                          (2.0 / 3.0 + 5.0 / 7.0) / 6.0, 1e-5);
}
END_TEST

START_TEST(test_platt_prob_extremes)
{
  ck_assert_double_eq_tol(sc_platt_prob(-1, 0, 0), 0.5, 1e-15);
  ck_assert_double_eq_tol(sc_platt_prob(-1, 0, 1000), 1.0, 1e-15);
  ck_assert_double_eq_tol(sc_platt_prob(-1, 0, -1000), 0.0, 1e-15);
  ck_assert(!isnan(sc_platt_prob(-1e300, 0, 1e300)));
  ck_assert_double_eq_tol(sc_platt_prob(-2, 1, 0.5), 0.5, 1e-15);
}
END_TEST

/* ---------------------------------------------------------------- verdicts */

static const struct {
  double p, threshold, margin;
  spamcls_verdict want;
} verdicts[] = {
  {0.90, 0.5, 0.1, SPAMCLS_SPAM},
  {0.60, 0.5, 0.1, SPAMCLS_SPAM},    /* p = threshold + margin */
  {0.59, 0.5, 0.1, SPAMCLS_UNSURE},
  {0.50, 0.5, 0.1, SPAMCLS_UNSURE},
  {0.40, 0.5, 0.1, SPAMCLS_UNSURE},  /* p = threshold - margin */
  {0.39, 0.5, 0.1, SPAMCLS_HAM},
  {0.00, 0.5, 0.1, SPAMCLS_HAM},
  {0.50, 0.5, 0.0, SPAMCLS_SPAM},    /* no margin: p >= threshold */
  {0.4999, 0.5, 0.0, SPAMCLS_HAM},
  {1.00, 0.9, 0.1, SPAMCLS_SPAM},
  {0.95, 0.9, 0.1, SPAMCLS_UNSURE},
  {0.00, 0.0, 0.0, SPAMCLS_SPAM},    /* threshold 0: everything is spam */
  {1.00, 1.0, 0.0, SPAMCLS_SPAM},
  {0.99, 1.0, 0.0, SPAMCLS_HAM},
};

START_TEST(test_verdicts)
{
  ck_assert_int_eq(sc_verdict(verdicts[_i].p, verdicts[_i].threshold,
                              verdicts[_i].margin),
                   verdicts[_i].want);
}
END_TEST

START_TEST(test_thresholds_check)
{
  ck_assert_ptr_null(sc_thresholds_check(0.5, 0.1));
  ck_assert_ptr_null(sc_thresholds_check(0, 0));
  ck_assert_ptr_null(sc_thresholds_check(0.5, 0.5));
  ck_assert_ptr_null(sc_thresholds_check(1, 0));
  /* A band reaching past 1 (or below 0) leaves a verdict impossible. */
  ck_assert_ptr_nonnull(sc_thresholds_check(1, 0.5));
  ck_assert_ptr_nonnull(sc_thresholds_check(1, 0.1));
  ck_assert_ptr_nonnull(sc_thresholds_check(0.95, 0.1));
  ck_assert_ptr_nonnull(sc_thresholds_check(0.05, 0.1));
  ck_assert_ptr_nonnull(sc_thresholds_check(-0.01, 0.1));
  ck_assert_ptr_nonnull(sc_thresholds_check(1.01, 0.1));
  ck_assert_ptr_nonnull(sc_thresholds_check(NAN, 0.1));
  ck_assert_ptr_nonnull(sc_thresholds_check(0.5, -0.1));
  ck_assert_ptr_nonnull(sc_thresholds_check(0.5, 0.51));
  ck_assert_ptr_nonnull(sc_thresholds_check(0.5, NAN));
  ck_assert_ptr_nonnull(sc_thresholds_check(INFINITY, 0));
}
END_TEST

START_TEST(test_verdict_names)
{
  ck_assert_str_eq(spamcls_verdict_name(SPAMCLS_HAM), "ham");
  ck_assert_str_eq(spamcls_verdict_name(SPAMCLS_SPAM), "spam");
  ck_assert_str_eq(spamcls_verdict_name(SPAMCLS_UNSURE), "unsure");
  ck_assert_str_eq(spamcls_verdict_name(SPAMCLS_EMPTY), "empty");
}
END_TEST

/* ---------------------------------------------------------------- header bits */

START_TEST(test_escape_round_trip)
{
  const char raw[] = "dir/a b\\c\n\t\x7f\xc3\xa9.csv";
  sc_buf b = {0};
  ck_assert_int_eq(sc_escape(raw, strlen(raw), &b), 0);
  for (size_t i = 0; i < b.len; i++)
    ck_assert(b.data[i] >= 0x20 && b.data[i] < 0x7f);
  ck_assert_str_eq(b.data, "dir/a b\\x5cc\\x0a\\x09\\x7f\\xc3\\xa9.csv");
  int bad;
  char *back = sc_unescape(b.data, b.len, &bad);
  ck_assert_ptr_nonnull(back);
  ck_assert_str_eq(back, raw);
  free(back);
  const char *invalid[] = {"a\\", "a\\x4", "\\y41", "\\x4g", "\\x00"};
  for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
    ck_assert_ptr_null(sc_unescape(invalid[i], strlen(invalid[i]), &bad));
    ck_assert_int_eq(bad, 1);
  }
  sc_buf_free(&b);
}
END_TEST

START_TEST(test_flags_names)
{
  sc_buf b = {0};
  ck_assert_int_eq(sc_flags_format(SPAMCLS_F_WORDS | SPAMCLS_F_URLS |
                                   SPAMCLS_F_LEET, &b), 0);
  ck_assert_str_eq(b.data, "words,urls,leet");
  unsigned f;
  ck_assert_int_eq(sc_flags_parse(b.data, b.len, &f), 0);
  ck_assert_uint_eq(f, SPAMCLS_F_WORDS | SPAMCLS_F_URLS | SPAMCLS_F_LEET);
  sc_buf_clear(&b);
  ck_assert_int_eq(sc_flags_format(0, &b), 0);
  ck_assert_str_eq(b.data, "none");
  ck_assert_int_eq(sc_flags_parse("none", 4, &f), 0);
  ck_assert_uint_eq(f, 0);
  ck_assert_int_eq(sc_flags_format(1u << 20, &b), -1);
  const char *invalid[] = {"", "words,", ",words", "words,,urls", "word",
                           "words,words", "WORDS"};
  for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
    ck_assert_int_eq(sc_flags_parse(invalid[i], strlen(invalid[i]), &f), -1);
  sc_buf_free(&b);
}
END_TEST

/* The library alone keeps glibc's rand(), one state for the process:
 * it finds that out, and fits one at a time. */
START_TEST(test_rand_shared)
{
  ck_assert_int_eq(sc_rand_private(), 0);
  ck_assert_uint_eq(sc_fit_threads(SPAMCLS_SOLVER_LIBLINEAR), 1);
  ck_assert_uint_eq(sc_fit_threads(SPAMCLS_SOLVER_LIBSVM), 1);
  /* dcd does not draw from rand(): its fits run at once all the same */
  sc_set_fit_threads(3);
  ck_assert_uint_eq(sc_fit_threads(SPAMCLS_SOLVER_DCD), 3);
  ck_assert_uint_eq(sc_fit_threads(SPAMCLS_SOLVER_LIBLINEAR), 1);
  sc_set_fit_threads(0);
  ck_assert_uint_eq(sc_fit_threads(SPAMCLS_SOLVER_DCD), sc_processors());
}
END_TEST

/* sc_rng draws glibc's rand() sequence (this test binary has glibc's). */
START_TEST(test_rng_is_glibc)
{
  static const unsigned seeds[] = {0, 1, 7, 123456789u, 4294967295u};
  for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
    sc_rng r;
    sc_rng_seed(&r, seeds[k]);
    srand(seeds[k]);
    for (int i = 0; i < 5000; i++)
      ck_assert_int_eq(sc_rng_next(&r), rand());
  }
}
END_TEST

/* The library's descent is liblinear's, bit for bit: spam or ham first,
 * with repeated rows (balance_sources), given class weights, and a C
 * large enough for many rounds of shrinking. */
START_TEST(test_dcd_is_liblinear)
{
  spamcls_dataset *d = synth(150 + 40 * (size_t)_i, 250, _i % 2);
  size_t n, *rows = all_rows(d, &n);
  spamcls_train_params p = quiet_params();
  p.balance_sources = _i >= 2;
  if (_i == 3) {
    p.C = 20;
    p.weight_spam = 3;
    p.weight_ham = 0.5;
  }
  sc_linear ll = {0}, dcd = {0};
  ck_assert_int_eq(sc_fit(d, rows, n, &p, SPAMCLS_SOLVER_LIBLINEAR, &ll,
                          NULL), SPAMCLS_OK);
  ck_assert_int_eq(sc_fit(d, rows, n, &p, SPAMCLS_SOLVER_DCD, &dcd, NULL),
                   SPAMCLS_OK);
  ck_assert_double_ge(accuracy(d, &dcd), 0.93);
  same_model_free(&ll, &dcd);
  free(rows);
  spamcls_dataset_free(d);
}
END_TEST

static Suite *classifier_suite(void)
{
  Suite *s = suite_create("classifier");
  TCase *tc = tcase_create("dataset");
  tcase_add_test(tc, test_rand_shared);
  tcase_add_test(tc, test_rng_is_glibc);
  tcase_add_test(tc, test_dataset_dedup);
  tcase_add_test(tc, test_dataset_rejects_bad_vectors);
  tcase_add_test(tc, test_dataset_grows);
  tcase_add_test(tc, test_decision);
  suite_add_tcase(s, tc);

  tc = tcase_create("fit");
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, test_fit_learns, 0, 2 * N_SOLVERS);
  tcase_add_loop_test(tc, test_label_order, 0, N_SOLVERS);
  tcase_add_loop_test(tc, test_fit_deterministic, 0, N_SOLVERS);
  tcase_add_loop_test(tc, test_fit_needs_both_classes, 0, N_SOLVERS);
  tcase_add_loop_test(tc, test_dcd_is_liblinear, 0, 4);
  tcase_add_loop_test(tc, test_fit_shared_nodes, 0, 4);
  tcase_add_loop_test(tc, test_cv_fit_max_and_hook, 0, 2);
  tcase_add_test(tc, test_fit_setup);
  tcase_add_test(tc, test_chatter_never_on_stdout);
  tcase_add_test(tc, test_chatter_per_thread);
  suite_add_tcase(s, tc);

  tc = tcase_create("cv");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_folds_stratified);
  tcase_add_test(tc, test_calibration_folds);
  tcase_add_test(tc, test_cv_and_tune);
  tcase_add_test(tc, test_mcc);
  suite_add_tcase(s, tc);

  tc = tcase_create("platt");
  tcase_add_test(tc, test_platt_separable);
  tcase_add_test(tc, test_platt_overlapping);
  tcase_add_test(tc, test_platt_degenerate);
  tcase_add_test(tc, test_platt_prob_extremes);
  suite_add_tcase(s, tc);

  tc = tcase_create("verdict");
  tcase_add_loop_test(tc, test_verdicts, 0,
                      (int)(sizeof verdicts / sizeof verdicts[0]));
  tcase_add_test(tc, test_thresholds_check);
  tcase_add_test(tc, test_verdict_names);
  tcase_add_test(tc, test_escape_round_trip);
  tcase_add_test(tc, test_flags_names);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(classifier_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
