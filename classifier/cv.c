/*
 * cv.c - out-of-fold decision values: for each fold, a model trained on
 * the other folds scores the rows of that fold. Calibration, --tune and
 * "spamcls eval --cv" all start from these.
 *
 * The fits are independent: they run on up to one thread per core when
 * they do not draw from rand() (dcd) or each thread has a rand() of its
 * own (the spamcls program's, cli/rand.c), and one at a time otherwise.
 * Every fit writes only its own fold's decision values, and the first
 * failure in fold order is the one reported, so the result does not
 * depend on the number of threads.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "util.h"

typedef struct cv_run {
  const spamcls_dataset *d;
  const size_t *rows;
  size_t n;
  const unsigned *fold;
  unsigned k;
  const spamcls_train_params *p;
  spamcls_solver solver;
  double *dec;
  sc_linear *final;        /* task k fits every row into it; NULL: none */
  const sc_ll_nodes *nodes;  /* liblinear's nodes of every row, shared */
  pthread_mutex_t mu;
  unsigned next, tasks;
  size_t fit_max;          /* 0: every training row */
  unsigned folds_left;     /* under mu: folds not yet done */
  int fold_failed;         /* under mu */
  sc_cv_after after;       /* NULL: none */
  void *after_ctx;
  spamcls_status after_st;
  spamcls_error after_err;
  spamcls_status *st;      /* per task */
  spamcls_error *err;      /* per task */
} cv_run;

static unsigned fit_threads_override;
static int private_rand;
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static void *probe_thread(void *arg)
{
  srand(2);
  for (int i = 0; i < 8; i++)
    rand();
  *(int *)arg = rand();
  return NULL;
}

/* Whether a thread that reseeds and draws moves this thread's sequence:
 * with one state for the process it does. It reseeds rand(), as every
 * liblinear fit does anyway. */
static void probe(void)
{
  srand(1);
  rand();
  int other;
  pthread_t t;
  if (pthread_create(&t, NULL, probe_thread, &other) != 0)
    return;
  pthread_join(t, NULL);
  int after = rand();
  srand(1);
  rand();
  private_rand = after == rand();
}

int sc_rand_private(void)
{
  pthread_once(&probe_once, probe);
  return private_rand;
}

void sc_set_fit_threads(unsigned n)
{
  fit_threads_override = n;
}

unsigned sc_fit_threads(spamcls_solver s)
{
  if (s != SPAMCLS_SOLVER_DCD && !sc_rand_private())
    return 1;
  if (fit_threads_override)
    return fit_threads_override;
  return sc_processors();
}

/* Fold f (f < k): fit the other folds, score this one. */
static spamcls_status one_fold(cv_run *r, unsigned f, spamcls_error *err)
{
  size_t nt = 0, held = 0;
  for (size_t i = 0; i < r->n; i++)
    held += r->fold[i] == f;
  if (held == 0)
    return SPAMCLS_OK;
  size_t *train = malloc((r->n - held ? r->n - held : 1) * sizeof *train);
  if (!train)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  for (size_t i = 0; i < r->n; i++)
    if (r->fold[i] != f)
      train[nt++] = r->rows[i];
  if (r->fit_max && nt > r->fit_max) {
    /* Evenly spaced, in place: row j comes from at or after j. */
    for (size_t j = 0; j < r->fit_max; j++)
      train[j] = train[j * nt / r->fit_max];
    sc_train_log(r->p, "fold %u/%u: training on %zu of %zu, scoring %zu",
                 f + 1, r->k, r->fit_max, nt, held);
    nt = r->fit_max;
  } else {
    sc_train_log(r->p, "fold %u/%u: training on %zu, scoring %zu", f + 1,
                 r->k, nt, held);
  }
  sc_linear lin = {0};
  spamcls_status st = sc_fit_shared(r->d, train, nt, r->p, r->solver,
                                    r->nodes, &lin, err);
  free(train);
  if (st != SPAMCLS_OK)
    return st;
  for (size_t i = 0; i < r->n; i++) {
    if (r->fold[i] == f) {
      size_t m;
      const spamcls_feature *v = sc_dataset_vector(r->d, r->rows[i], &m);
      r->dec[i] = sc_decision(&lin, v, m);
    }
  }
  sc_linear_free(&lin);
  return SPAMCLS_OK;
}

static void run_task(cv_run *r, unsigned t)
{
  if (t < r->k) {
    r->st[t] = one_fold(r, t, &r->err[t]);
    /* The thread that finishes the last fold does what waited for them:
     * every fold's dec is written by then (the lock orders it). */
    pthread_mutex_lock(&r->mu);
    r->fold_failed |= r->st[t] != SPAMCLS_OK;
    int last = --r->folds_left == 0 && !r->fold_failed;
    pthread_mutex_unlock(&r->mu);
    if (last && r->after)
      r->after_st = r->after(r->after_ctx, r->dec, &r->after_err);
  } else {
    sc_train_log(r->p, "final model: C %g", r->p->C);
    r->st[t] = sc_fit_shared(r->d, r->rows, r->n, r->p, r->solver, r->nodes,
                             r->final, &r->err[t]);
  }
}

/* The final fit, the largest, is taken first: on two cores it then runs
 * beside the folds instead of after them. The order tasks are taken in
 * does not change any fit. */
static void *worker(void *arg)
{
  cv_run *r = arg;
  int final_first = r->final != NULL;
  for (;;) {
    pthread_mutex_lock(&r->mu);
    unsigned i = r->next < r->tasks ? r->next++ : r->tasks;
    pthread_mutex_unlock(&r->mu);
    if (i == r->tasks)
      return NULL;
    run_task(r, final_first ? (i == 0 ? r->k : i - 1) : i);
  }
}

spamcls_status sc_cv_decisions(const spamcls_dataset *d, const size_t *rows,
                               size_t n, const unsigned *fold, unsigned k,
                               const spamcls_train_params *p,
                               spamcls_solver solver, double *dec,
                               sc_linear *final, spamcls_error *err)
{
  return sc_cv_decisions_then(d, rows, n, fold, k, p, solver, dec, final, 0,
                              NULL, NULL, err);
}

spamcls_status sc_cv_decisions_then(const spamcls_dataset *d,
                                    const size_t *rows, size_t n,
                                    const unsigned *fold, unsigned k,
                                    const spamcls_train_params *p,
                                    spamcls_solver solver, double *dec,
                                    sc_linear *final, size_t fit_max,
                                    sc_cv_after after, void *ctx,
                                    spamcls_error *err)
{
  cv_run r = {d, rows, n, fold, k, p, solver, dec, final, NULL,
              PTHREAD_MUTEX_INITIALIZER, 0, k + (final != NULL), fit_max, k,
              0, after, ctx, SPAMCLS_OK, {{0}}, NULL, NULL};
  /* Every liblinear fit reads the same rows' nodes: built once, they
   * cost one copy of the vectors instead of one per fit at a time. */
  int linear = sc_solver_resolve(solver, n) == SPAMCLS_SOLVER_LIBLINEAR;
  sc_ll_nodes *nodes =
      linear ? sc_ll_nodes_new(d, rows, n, p->threads) : NULL;
  r.nodes = nodes;
  r.st = calloc(r.tasks, sizeof *r.st);
  r.err = calloc(r.tasks, sizeof *r.err);
  if (!r.st || !r.err || (linear && !nodes)) {
    sc_ll_nodes_free(nodes);
    free(r.st);
    free(r.err);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  }
  unsigned nt = sc_fit_threads(sc_solver_resolve(solver, n));
  if (p->threads && nt > p->threads)
    nt = p->threads;
  if (nt > r.tasks)
    nt = r.tasks;
  pthread_t *tid = nt > 1 ? calloc(nt - 1, sizeof *tid) : NULL;
  unsigned started = 0;
  for (unsigned i = 0; tid && i + 1 < nt; i++)
    if (pthread_create(&tid[i], NULL, worker, &r) == 0)
      started++;
  worker(&r);  /* this thread works too; with no thread started, alone */
  for (unsigned i = 0; i < started; i++)
    pthread_join(tid[i], NULL);
  free(tid);
  spamcls_status st = SPAMCLS_OK;
  for (unsigned t = 0; t < r.tasks && st == SPAMCLS_OK; t++) {
    st = r.st[t];
    if (st != SPAMCLS_OK && err)
      *err = r.err[t];
  }
  if (st == SPAMCLS_OK && r.after_st != SPAMCLS_OK) {
    st = r.after_st;
    if (err)
      *err = r.after_err;
  }
  if (st != SPAMCLS_OK && final)
    sc_linear_free(final);
  sc_ll_nodes_free(nodes);
  free(r.st);
  free(r.err);
  return st;
}
