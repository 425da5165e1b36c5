/*
 * classifier.h - the classifier's internal API: the training set, solver
 * fits collapsed to one linear function, cross-validation, Platt scaling
 * and the model object behind the public spamcls_model.
 *
 * Every solver ends as an sc_linear: score(x) = w.x + b with w indexed by
 * hash bucket (1..dim, w[0] unused and 0), positive leaning spam. Scoring
 * and evaluation need nothing else, so libsvm and liblinear are only ever
 * called while fitting.
 */
#ifndef SC_CLASSIFIER_H
#define SC_CLASSIFIER_H

#include <stddef.h>
#include <stdint.h>

#include "spamcls.h"
#include "util.h"

/* ---------------------------------------------------------------- linear */

typedef struct sc_linear {
  uint32_t dim;  /* 2^hash_bits */
  float *w;      /* dim + 1 weights; w[0] unused (always 0) */
  double b;      /* bias */
  void *map;     /* when w lies in a mapped model file: the mapping, */
  size_t map_len;  /* which sc_linear_free unmaps instead of freeing w */
} sc_linear;

/* Uninitialized room for n weights, set as l->w (and l->map when it is
 * a mapping of its own); NULL when out of memory. sc_linear_free frees
 * it. */
float *sc_weights_alloc(sc_linear *l, size_t n);

/* One pass over w[0..n): the number of nonzero weights into *nonzero,
 * and 1 when every weight is finite (0: one is infinite or NaN). */
int sc_weights_scan(const float *w, size_t n, size_t *nonzero);

/* Allocates a zero function of dimension dim; -1 when out of memory. */
int sc_linear_init(sc_linear *l, uint32_t dim);
void sc_linear_free(sc_linear *l);  /* back to {0} */

/* w.x + b for a finished vector; indices above dim are ignored. */
double sc_decision(const sc_linear *l, const spamcls_feature *f, size_t n);

/* ---------------------------------------------------------------- dataset */

/* Counters kept while a dataset is filled. */
typedef struct sc_dataset_stats {
  size_t duplicates;  /* same text (and author) as a stored comment, same label */
  size_t conflicts;   /* same text as a stored comment, the other label */
  size_t empty;       /* no text, or no feature at all */
} sc_dataset_stats;

/* A dataset without an extractor, filled with sc_dataset_add_vector (the
 * public spamcls_dataset_new adds an extractor on top). NULL when out of
 * memory or when p->hash_bits is outside 10..24. */
spamcls_dataset *sc_dataset_new(const spamcls_pipeline *p);

/* Stores one finished vector (indices strictly ascending in [1, 2^bits],
 * finite values; ERR_PARAM otherwise) under its deduplication key. A key
 * already stored is not added again: *added = 0 and the duplicate or
 * conflict counter grows. n == 0 counts as empty. source (a file name, NULL
 * for none) and group (a span, NULL for none) are copied. */
spamcls_status sc_dataset_add_vector(spamcls_dataset *d, uint64_t key,
                                     spamcls_label label,
                                     const spamcls_feature *f, size_t n,
                                     const char *source, const char *group,
                                     size_t group_len, int *added);

const spamcls_pipeline *sc_dataset_pipeline(const spamcls_dataset *d);
const sc_dataset_stats *sc_dataset_get_stats(const spamcls_dataset *d);

/* Row i in [0, spamcls_dataset_size()): in the order comments were added. */
spamcls_label sc_dataset_label(const spamcls_dataset *d, size_t i);
const spamcls_feature *sc_dataset_vector(const spamcls_dataset *d, size_t i,
                                         size_t *n);

/* Groups (the --group-by field) and sources (file names) are numbered
 * 0, 1, ... in order of first appearance; a row without a group has
 * group -1. Names are owned by the dataset. */
long sc_dataset_group(const spamcls_dataset *d, size_t i);
size_t sc_dataset_n_groups(const spamcls_dataset *d);
const char *sc_dataset_group_name(const spamcls_dataset *d, size_t g,
                                  size_t *len);
size_t sc_dataset_source(const spamcls_dataset *d, size_t i);
size_t sc_dataset_n_sources(const spamcls_dataset *d);
/* The file name ("(none)" for comments that had none) and the numbers of
 * spam and ham comments stored from it. */
const char *sc_dataset_source_name(const spamcls_dataset *d, size_t s,
                                   size_t *n_spam, size_t *n_ham);

/* What sc_dataset_add_vector does but the copy, for a vector the caller
 * writes later (it comes from the extractor, so it is not checked): *dest
 * is where its n features go, or NULL when nothing is stored (a duplicate,
 * a conflict, n == 0, or an error). */
spamcls_status sc_dataset_reserve(spamcls_dataset *d, uint64_t key,
                                  spamcls_label label, size_t n,
                                  const char *source, const char *group,
                                  size_t group_len, spamcls_feature **dest);

/* A growing array of features. */
typedef struct sc_feature_buf {
  spamcls_feature *f;
  size_t len, cap;
} sc_feature_buf;

/* Appends f[0..n) to the array *a, of which *len are used and *cap
 * allocated (growing it by doubling); -1 when out of memory. */
int sc_features_append(spamcls_feature **a, size_t *len, size_t *cap,
                       const spamcls_feature *f, size_t n);

/* Thread t's buffer for extracted vectors, kept (and its memory with it)
 * from one batch to the next until the dataset is freed. NULL when out of
 * memory. */
sc_feature_buf *sc_dataset_thread_buf(spamcls_dataset *d, unsigned t);

/* What spamcls_dataset_add does before storing: checks c's label (else
 * ERR_PARAM), extracts its vector with x and computes its deduplication
 * key; an empty comment gets v->n == 0 (and key 0). */
spamcls_status sc_dataset_extract(spamcls_extractor *x,
                                  const spamcls_pipeline *p,
                                  const spamcls_comment *c, spamcls_vector *v,
                                  uint64_t *key);

/* The extractor of thread t (0: the dataset's own; others are made on
 * first use and kept until the dataset is freed). NULL when out of
 * memory, and for a dataset made by sc_dataset_new. */
spamcls_extractor *sc_dataset_extractor(spamcls_dataset *d, unsigned t);

/* The deduplication key of a comment: a 64-bit hash of its normalized
 * text, and of its author fields when the AUTHOR family is on (then the
 * same text by two authors gives two different vectors). */
uint64_t sc_dedup_key(const spamcls_pipeline *p, const char *text,
                      size_t text_len, const spamcls_comment *c);

/* ---------------------------------------------------------------- fitting */

/* AUTO resolved for a training set of n comments. */
spamcls_solver sc_solver_resolve(spamcls_solver s, size_t n);
const char *sc_solver_name(spamcls_solver s);  /* "libsvm", "liblinear", "dcd" */

/* liblinear's nodes of a set of rows, built once and shared, read-only,
 * by every fit on a subset of them (fit_liblinear.c); written on threads
 * threads (0: one per processor, for large sets only). */
typedef struct sc_ll_nodes sc_ll_nodes;
sc_ll_nodes *sc_ll_nodes_new(const spamcls_dataset *d, const size_t *rows,
                             size_t n, unsigned threads);
void sc_ll_nodes_free(sc_ll_nodes *s);

/* The C and class weights a fit on these rows uses: p->C <= 0 gives 1,
 * a weight <= 0 gives the balanced n / (2 n_class) of the rows. */
typedef struct sc_fit_setup {
  double C, weight_spam, weight_ham;
  size_t n_spam, n_ham;
  const sc_ll_nodes *nodes;  /* NULL: the fit makes its own */
} sc_fit_setup;
spamcls_status sc_fit_setup_init(const spamcls_dataset *d, const size_t *rows,
                                 size_t n, const spamcls_train_params *p,
                                 sc_fit_setup *out, spamcls_error *err);
/* The setup sc_fit really uses for these rows: with p->balance_sources,
 * that of the balanced rows it fits on (what a model's card reports). */
spamcls_status sc_fit_setup_used(const spamcls_dataset *d, const size_t *rows,
                                 size_t n, const spamcls_train_params *p,
                                 sc_fit_setup *out, spamcls_error *err);

/* Trains a linear SVM on rows[0..n) of d (both classes must be present:
 * ERR_TRAIN otherwise) and collapses it into *out (which the caller frees
 * with sc_linear_free). solver AUTO is resolved on n. p->log receives
 * progress and the solver's own output; nothing reaches stdout. */
spamcls_status sc_fit(const spamcls_dataset *d, const size_t *rows, size_t n,
                      const spamcls_train_params *p, spamcls_solver solver,
                      sc_linear *out, spamcls_error *err);
/* sc_fit with liblinear reading the nodes of a superset of rows (NULL:
 * as sc_fit). */
spamcls_status sc_fit_shared(const spamcls_dataset *d, const size_t *rows,
                             size_t n, const spamcls_train_params *p,
                             spamcls_solver solver, const sc_ll_nodes *nodes,
                             sc_linear *out, spamcls_error *err);

/* The rows of a fit with balance_sources: rows[0..n) with the rarer
 * class of each source repeated (each repeat next to its row). *out is
 * malloc'd; the caller frees it. */
spamcls_status sc_balance_rows(const spamcls_dataset *d, const size_t *rows,
                               size_t n, size_t **out, size_t *n_out,
                               spamcls_error *err);

/* The back ends of sc_fit (fit_libsvm.c, fit_liblinear.c, fit_dcd.c). */
spamcls_status sc_fit_libsvm(const spamcls_dataset *d, const size_t *rows,
                             size_t n, const sc_fit_setup *s,
                             const spamcls_train_params *p, sc_linear *out,
                             spamcls_error *err);
spamcls_status sc_fit_liblinear(const spamcls_dataset *d, const size_t *rows,
                                size_t n, const sc_fit_setup *s,
                                const spamcls_train_params *p, sc_linear *out,
                                spamcls_error *err);
spamcls_status sc_fit_dcd(const spamcls_dataset *d, const size_t *rows,
                          size_t n, const sc_fit_setup *s,
                          const spamcls_train_params *p, sc_linear *out,
                          spamcls_error *err);

/* ------------------------------------------------------- cross-validation */

/* Stratified fold of each row (fold[i] in [0, k)), shuffled by seed: spam
 * and ham are dealt round-robin so every fold gets its share of each.
 * ERR_PARAM when k < 2 or a class has fewer than k rows. */
spamcls_status sc_folds(const spamcls_dataset *d, const size_t *rows,
                        size_t n, unsigned k, unsigned long seed,
                        unsigned *fold, spamcls_error *err);

/* The calibration folds of a training of n comments: p->folds when set,
 * else 5, and 2 for more than SPAMCLS_AUTO_FOLDS2_MIN comments not tuned
 * (train.c says why). */
size_t sc_calibration_folds(const spamcls_train_params *p, size_t n);

/* Out-of-fold decision values: dec[i] is the score of rows[i] by a model
 * trained on the rows of the other k - 1 folds (any fold assignment works,
 * e.g. one fold per group). With final set, the model of every row is
 * fitted into it alongside (freed on failure). The fits run on
 * sc_fit_threads() threads, at most p->threads when it is set; the
 * results do not depend on how many. */
spamcls_status sc_cv_decisions(const spamcls_dataset *d, const size_t *rows,
                               size_t n, const unsigned *fold, unsigned k,
                               const spamcls_train_params *p,
                               spamcls_solver solver, double *dec,
                               sc_linear *final, spamcls_error *err);

/* Work that needs every fold's decision values but not the final model
 * (calibration, say): given to sc_cv_decisions_then, it runs as soon as
 * the last fold is done, while the final fit may still be running, on
 * whichever thread finished that fold. It sees dec whole; an error it
 * returns (with err set) fails the call as a fit's would. */
typedef spamcls_status (*sc_cv_after)(void *ctx, const double *dec,
                                      spamcls_error *err);

/* sc_cv_decisions, then after(ctx, ...) once the folds are done (not run
 * when a fold fails). With fit_max > 0, a fold's model is fitted on at
 * most fit_max of its training rows, evenly spaced among them; it still
 * scores every row of its fold. */
spamcls_status sc_cv_decisions_then(const spamcls_dataset *d,
                                    const size_t *rows, size_t n,
                                    const unsigned *fold, unsigned k,
                                    const spamcls_train_params *p,
                                    spamcls_solver solver, double *dec,
                                    sc_linear *final, size_t fit_max,
                                    sc_cv_after after, void *ctx,
                                    spamcls_error *err);

/* The most rows a calibration fold's model is fitted on (train.c says
 * why). */
#define SC_CALIBRATION_FIT_MAX 250000

/* 1 when rand() has a state per thread in this process (the spamcls
 * program's does: cli/rand.c), so that liblinear fits may run at once. */
int sc_rand_private(void);
/* How many fits of the (resolved) solver s run at once: one per core for
 * dcd, which draws from a generator of its own, and for the others when
 * rand() is per thread; else 1. sc_set_fit_threads(n) sets "one per
 * core" (0: back to the default), for tests that compare one thread with
 * several. */
unsigned sc_fit_threads(spamcls_solver s);
void sc_set_fit_threads(unsigned n);

/* Matthews correlation of the verdicts dec[i] > 0 against the labels; 0
 * when a row or column of the confusion matrix is empty. */
double sc_mcc(const spamcls_dataset *d, const size_t *rows, size_t n,
              const double *dec);

/* Chooses C from a grid (0.01 .. 100, half-decade steps) by the MCC of
 * out-of-fold verdicts; ties go to the smaller C. *best_C receives it, and
 * dec (n values; may be NULL) its out-of-fold decision values. */
spamcls_status sc_tune_C(const spamcls_dataset *d, const size_t *rows,
                         size_t n, const unsigned *fold, unsigned k,
                         const spamcls_train_params *p, spamcls_solver solver,
                         double *best_C, double *dec, spamcls_error *err);

/* ---------------------------------------------------------------- Platt */

/* Fits P(spam | score) = 1 / (1 + exp(a * score + b)) to decision values
 * and labels (nonzero = spam) by the Newton method with backtracking of
 * Lin, Lin & Weng (2007). Needs n > 0; returns the Newton iterations used,
 * or -1 when the line search failed (a and b then hold the last good
 * point, which is still usable). */
int sc_platt_fit(const double *dec, const unsigned char *is_spam, size_t n,
                 double *a, double *b);

/* The calibrated probability, computed without overflow. */
double sc_platt_prob(double a, double b, double score);

/* ---------------------------------------------------------------- models */

#define SC_MODEL_FORMAT_VERSION 1u   /* no section after the weights */
#define SC_MODEL_FORMAT_LEARNED 2u   /* a learned section (read only) */
#define SC_MODEL_FORMAT_SECTIONS 3u  /* tagged sections (read only) */
#define SC_MODEL_FORMAT_XXH3 4u      /* tagged sections, XXH3-64: written,
                                      * and what a model's card shows */
#define SC_MODEL_MAGIC "SPAMCLSM"
#define SC_MODEL_MAX_BYTES (256u << 20)  /* larger files are refused */

typedef struct sc_source_count {
  char *name;  /* raw bytes, NUL-terminated */
  size_t spam, ham;
} sc_source_count;

/* ---------------------------------------------------------------- docfreq */

/* Features kept in a model's document frequencies: those in at least this
 * share of the ham training comments (docfreq.c). */
#define SC_DOCFREQ_MIN_SHARE 1e-4

/* In how many ham training comments each common feature occurs (docs:
 * how many ham comments; models written before ham alone was counted
 * have every comment here); docs 0: not known (a model trained before
 * they were kept, on spam alone, or never trained). A
 * loaded model holds the section's bytes (raw) and decodes them into idx
 * and count only when learning asks (sc_docfreq_decode). */
typedef struct sc_docfreq {
  uint32_t docs;
  size_t n;         /* features kept */
  uint32_t *idx;    /* strictly ascending, 1..dim; NULL until decoded */
  uint32_t *count;  /* 1..docs */
  unsigned char *raw;  /* the model file's section, as loaded */
  size_t raw_len;
} sc_docfreq;

void sc_docfreq_free(sc_docfreq *f);  /* back to {0} */
/* Counts the features of every ham comment of d; ERR_NOMEM on failure. */
spamcls_status sc_docfreq_count(const spamcls_dataset *d, uint32_t dim,
                                sc_docfreq *out);
/* count / docs of a feature (0 when it is not kept, or not decoded). */
double sc_docfreq_share(const sc_docfreq *f, uint32_t index);
/* The section of the model file; the loader's cheap checks and a copy of
 * it; and the decoding with every check (each index in 1..dim), a no-op
 * once done. */
int sc_docfreq_section(const sc_docfreq *f, sc_buf *b);
spamcls_status sc_docfreq_load(sc_docfreq *f, const unsigned char *p,
                               size_t n, const char *name, spamcls_error *err);
spamcls_status sc_docfreq_decode(sc_docfreq *f, uint32_t dim,
                                 spamcls_error *err);

/* ---------------------------------------------------------------- learned */

/* One learned correction: the comment as given (raw bytes), keyed like a
 * training comment (sc_dedup_key). A NULL author or author_url is absent. */
typedef struct sc_correction {
  uint64_t key;
  signed char label;  /* SPAMCLS_LABEL_HAM or _SPAM */
  char *text;       size_t text_len;
  char *author;     size_t author_len;
  char *author_url; size_t author_url_len;
} sc_correction;

/* A line of the learning log: when, learn or forget, the counts of spam
 * and ham comments changed, from which file. */
typedef struct sc_learn_event {
  char when[21];   /* "YYYY-MM-DDTHH:MM:SSZ" */
  int forget;
  size_t spam, ham;
  char *name;
} sc_learn_event;

/* What a model has learned. present: the model has (or had) corrections,
 * and is written with a learned section. The weights in use (model lin.w) are
 * base_w + delta; base_w is NULL while the delta is empty, and then lin.w
 * is the base itself. */
typedef struct sc_learned {
  int present;
  sc_correction *c;  /* sorted by key, keys distinct */
  size_t n, n_spam;
  sc_learn_event *log;
  size_t n_log;
  double C, gap, prior;  /* the refit's settings (spamcls_learn_params) */
  int anchor;  /* 1: the refit holds the base model's average ham in place
                  (learn_fit.c); 0 in models learned before it existed */
  float *base_w;
  uint32_t *d_idx;   /* ascending, in 1..dim */
  float *d_val;
  size_t d_n;
} sc_learned;

void sc_learned_free(sc_learned *l);  /* back to {0} */
void sc_corrections_free(sc_correction *c, size_t n);
void sc_learn_log_free(sc_learn_event *e, size_t n);

/* Header lines of a model with corrections (nothing when !present), and
 * their reverse (the count lines are checked against the section). */
int sc_learned_header(const sc_learned *l, sc_buf *b);
/* The binary section after the weights (model-format.md), and its
 * reverse; parse needs the model's weights (the base) and dim, and sets
 * lin.w to base + delta. */
int sc_learned_section(const sc_learned *l, sc_buf *b);
spamcls_status sc_learned_parse(spamcls_model *m, const unsigned char *p,
                                size_t n, const char *name,
                                spamcls_error *err);
/* Reads the learn_* header lines into m->learned. */
spamcls_status sc_learned_parse_header(spamcls_model *m, const char *text,
                                       size_t len, const char *name,
                                       spamcls_error *err);

/* The delta for corrections c[0..n) (vectorized with the model's
 * pipeline) against base weights base_w: see spamcls.h, "learning";
 * anchor: hold the base model's average ham in place (learn_fit.c). */
spamcls_status sc_learn_fit(const spamcls_model *m, const float *base_w,
                            const sc_correction *c, size_t n,
                            const spamcls_learn_params *lp, int anchor,
                            uint32_t **idx, float **val, size_t *nd,
                            spamcls_error *err);

/* Replaces the model's corrections by c[0..n) (taken over, sorted by key)
 * and refits; on failure the model is unchanged and c is freed. */
spamcls_status sc_learned_replace(spamcls_model *m, sc_correction *c,
                                  size_t n, const spamcls_learn_params *lp,
                                  spamcls_error *err);

struct spamcls_model {
  spamcls_pipeline pipe;  /* pipe.lexicon points at lexicon below */
  char *lexicon;          /* own copy, NULL without the lexicon family */
  uint32_t pipeline_version;
  char *spamcls_version;  /* of the spamcls that trained it */
  char *normalization;    /* informational description */
  char *unicode_version;  /* of the utf8proc used in training */
  spamcls_solver solver;  /* LIBSVM or LIBLINEAR */
  double C;
  int tuned;
  double weight_spam, weight_ham;
  int balance_sources;  /* classes balanced within each source first */
  unsigned folds;  /* calibration folds; 0: calibrated on training scores */
  unsigned long seed;
  sc_linear lin;
  double platt_a, platt_b;
  double threshold, margin;
  /* training summary */
  size_t comments, spam, ham, duplicates, conflicts, empty;
  sc_source_count *sources;
  size_t n_sources;
  sc_docfreq docfreq;  /* of the ham training comments, for learning */
  sc_learned learned;  /* corrections learned on top of the trained model */
  uint32_t file_crc;   /* its file's checksum (low 32 bits), or 0 */
  char *card;  /* spamcls_model_card(), rebuilt by sc_model_finish */
};

/* A model with zero weights and default settings for pipeline p (whose
 * hash_bits must be 10..24); NULL when out of memory. */
spamcls_model *sc_model_new(const spamcls_pipeline *p);

/* Appends the stored "key value\n" lines of the file header to b. */
int sc_model_header(const spamcls_model *m, sc_buf *b);

/* (Re)builds the card from the fields; ERR_NOMEM on failure. */
spamcls_status sc_model_finish(spamcls_model *m);
/* The same, given the number of nonzero weights (the loader has counted
 * them while checking them: a second pass costs as much as the check). */
spamcls_status sc_model_finish_counted(spamcls_model *m, size_t nonzero);

/* Adds a per-source count to the training summary (name copied). */
/* Stores a copy of lexicon s[0..n) as the model's pipeline lexicon; -1
 * when out of memory. */
int sc_model_set_lexicon(spamcls_model *m, const char *s, size_t n);

int sc_model_add_source(spamcls_model *m, const char *name, size_t spam,
                        size_t ham);

/* Feature family names for the header: "words,chars,..." or "none". */
int sc_flags_format(unsigned flags, sc_buf *b);
/* The reverse; -1 when a name is unknown. */
int sc_flags_parse(const char *s, size_t len, unsigned *flags);

/* Header values: bytes outside printable ASCII and the backslash become
 * \xHH, so any file name fits on one line; the reverse returns a malloc'd
 * string, NULL when out of memory or malformed (*bad set to 1). */
int sc_escape(const char *s, size_t len, sc_buf *b);
char *sc_unescape(const char *s, size_t len, int *bad);

/* ---------------------------------------------------------------- scoring */

struct spamcls_scorer {
  const spamcls_model *m;
  spamcls_extractor *x;
  double threshold, margin;
  /* spamcls_explain: a copy of the vector (the extractor's is gone after
   * spamcls_extract_names) and the names seen */
  spamcls_feature *vec;
  size_t vec_n, vec_cap;
};

/* spam when p >= threshold + margin, ham when p < threshold - margin. */
spamcls_verdict sc_verdict(double p, double threshold, double margin);

/* NULL when threshold (0..1) and margin (0..0.5) are valid, else why. */
const char *sc_thresholds_check(double threshold, double margin);

/* ------------------------------------------------------ progress messages */

/* Formats a message and hands it to p->log (nothing when it is NULL). */
void sc_train_log(const spamcls_train_params *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Solver chatter. libsvm and liblinear print through one process-wide
 * function pointer each, with no context argument: both are set once to
 * sc_solver_print, which forwards complete lines to the sink the calling
 * thread opened (or drops them), so concurrent trainings never mix. */
typedef struct sc_solver_sink {
  const spamcls_train_params *p;
  const char *prefix;
  sc_buf line;
  struct sc_solver_sink *prev;
} sc_solver_sink;
void sc_solver_sink_open(sc_solver_sink *k, const spamcls_train_params *p,
                         const char *prefix);
void sc_solver_sink_close(sc_solver_sink *k);
void sc_solver_print(const char *s);

#endif /* SC_CLASSIFIER_H */
