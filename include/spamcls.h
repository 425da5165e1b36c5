/*
 * spamcls.h - the public API of libspamcls, a comment-spam classifier.
 *
 * Pipeline: raw comment bytes -> normalized text (Unicode folding) ->
 * namespaced features -> hashed sparse vector -> linear SVM score ->
 * calibrated probability -> verdict.
 *
 * Ownership: a function returning a pointer to a spamcls object transfers
 * it to the caller, who releases it with the matching _free/_close (each
 * accepts NULL). Pointers passed in are borrowed for the duration of the
 * call unless a comment says otherwise. Records handed out by a reader or
 * vectors handed out by an extractor stay valid until the next call on the
 * same object.
 *
 * Errors: functions return a spamcls_status; where they take a
 * spamcls_error *, it receives a message naming the file and line when one
 * is known (it may be NULL). The library never prints, never exits and
 * keeps no global mutable state: a model is read-only once loaded and may
 * be shared by threads, each with its own scorer.
 */
#ifndef SPAMCLS_H
#define SPAMCLS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SPAMCLS_VERSION "0.1.0"

/* ---------------------------------------------------------------- status */

typedef enum spamcls_status {
  SPAMCLS_OK = 0,
  SPAMCLS_EOF,          /* a reader has no more records (not an error) */
  SPAMCLS_ERR_NOMEM,    /* out of memory */
  SPAMCLS_ERR_IO,       /* a file could not be opened, read or written */
  SPAMCLS_ERR_FORMAT,   /* a malformed input record (skipped; go on) */
  SPAMCLS_ERR_LIMIT,    /* an input over a configured size limit (skipped) */
  SPAMCLS_ERR_MODEL,    /* a model file that is truncated, corrupt or foreign */
  SPAMCLS_ERR_VERSION,  /* a model from another format or pipeline version */
  SPAMCLS_ERR_PARAM,    /* an invalid argument or option value */
  SPAMCLS_ERR_TRAIN     /* training impossible (no data, a single class) */
} spamcls_status;

/* A static, human-readable text for a status. */
const char *spamcls_strerror(spamcls_status status);

/* Detail for a failed call: "FILE:LINE: what went wrong" where known. */
typedef struct spamcls_error {
  char msg[512];
} spamcls_error;

/* ---------------------------------------------------------------- comments */

typedef enum spamcls_label {
  SPAMCLS_LABEL_NONE = -1,  /* unlabeled, or labeled null */
  SPAMCLS_LABEL_HAM = 0,
  SPAMCLS_LABEL_SPAM = 1
} spamcls_label;

/* One comment. Strings are byte spans (not NUL-terminated, may contain NUL
 * bytes and invalid UTF-8); a NULL pointer means the field is absent. */
typedef struct spamcls_comment {
  const char *id;         size_t id_len;
  const char *text;       size_t text_len;
  const char *author;     size_t author_len;
  const char *author_url; size_t author_url_len;
  const char *group;      size_t group_len;  /* --group-by field, if any */
  spamcls_label label;
  const char *source;     /* the file it came from ("-" for stdin), or NULL */
  unsigned long line;     /* first line of the record in source, 1-based */
} spamcls_comment;

/* ---------------------------------------------------------------- features */

/* Feature families (spamcls_pipeline.flags). */
enum {
  SPAMCLS_F_WORDS   = 1u << 0,  /* word unigrams (and bigrams, see word_ngrams) */
  SPAMCLS_F_CHARS   = 1u << 1,  /* character n-grams inside words */
  SPAMCLS_F_URLS    = 1u << 2,  /* URLs, bare and spaced domains */
  SPAMCLS_F_CONTACT = 1u << 3,  /* e-mail addresses and phone numbers */
  SPAMCLS_F_STATS   = 1u << 4,  /* length, caps, repeats, emoji, shapes ... */
  SPAMCLS_F_AUTHOR  = 1u << 5,  /* author name and author URL */
  SPAMCLS_F_LEET    = 1u << 6,  /* folded variants of leetspeak words */
  SPAMCLS_F_LEXICON = 1u << 7,  /* gambling lexicon matches */
  /* with LEET: a word folded inside has the digits at its ends folded
   * too ("c0mm3n75" is "comments", not "commen75") */
  SPAMCLS_F_LEET_ENDS = 1u << 8,
  /* with LEXICON: a lexicon term among the last words also with the
   * comment's length (x:tail:CLASS:N), so that a long comment's gambling
   * tail is not diluted away; spamcls train adds it with --lexicon */
  SPAMCLS_F_TAIL_LENGTH = 1u << 9,
  /* with STATS: no s:shape features (a word's runs of letters and
   * digits): the digits leetspeak leaves in a word ("4551574n7") must
   * not vote on their own */
  SPAMCLS_F_NO_SHAPES = 1u << 10,
  /* a text with HTML tags is read as a page shows it: the elements' text,
   * then each link's address (tags and attributes are no words) */
  SPAMCLS_F_MARKUP = 1u << 11,
  /* character n-grams and the parts of the author's URL count 0.6 as
   * much as a word in the vector (their value and their share of the
   * norm): they are many and weak, a hundred n-grams a comment and a URL
   * that mostly says a commenter has a site, and at full weight they
   * drown the twenty words of a short comment */
  SPAMCLS_F_DOWNWEIGHT = 1u << 12,
  /* an English text with common Indonesian words in it (x:lang:mix): the
   * English praise and Indonesian tail of gambling spam, which neither
   * language's words say alone */
  SPAMCLS_F_LANG_MIX = 1u << 13,
  /* with AUTHOR: an author name of two or more words all in lower case
   * (a:shape:lower), and one of three or more words (a:shape:words:N):
   * keyword anchor text ("disney vacation home") rather than a person */
  SPAMCLS_F_AUTHOR_SHAPE = 1u << 14,
  /* with TAIL_LENGTH: a tail match names its class only with the
   * comment's length (x:tail:CLASS:N, no x:tail:CLASS), so that a short
   * comment that is all tail ("stop judi online") has a weight of its
   * own instead of the one the long seed-pattern comments give the
   * class; spamcls train adds it with --lexicon */
  SPAMCLS_F_TAIL_BY_LENGTH = 1u << 15,
  /* with LEET: in a text written in leetspeak throughout, links are
   * read through it too ("h77p5://5173.c0m" is a link to site.com) */
  SPAMCLS_F_LEET_LINKS = 1u << 16,
  /* with LEET: in a text written in leetspeak throughout, only a word
   * shaped like a number ("50", "50rb") keeps its written form beside
   * its fold; "m3", "kyl3" and "0u7" are words, not numbers */
  SPAMCLS_F_LEET_NUMBERS = 1u << 17
};

/* Everything feature extraction depends on; stored in each model. */
typedef struct spamcls_pipeline {
  unsigned hash_bits;    /* 2^hash_bits buckets; 10..24 */
  unsigned word_ngrams;  /* 1: unigrams, 2: unigrams and bigrams */
  unsigned char_min;     /* character n-gram lengths, in code points; */
  unsigned char_max;     /* 0/0 disables them */
  unsigned flags;        /* SPAMCLS_F_* */
  /* With SPAMCLS_F_LEXICON: the lexicon, "CLASS TERM\n" lines (see
   * spamcls_lexicon_read); NULL otherwise. Borrowed: a dataset, model or
   * extractor made from these settings keeps its own copy. */
  const char *lexicon;
  size_t lexicon_len;
} spamcls_pipeline;

/* Fills *p with the defaults of this version of spamcls. */
void spamcls_pipeline_default(spamcls_pipeline *p);

/* Parses a comma-separated list of family names (words, chars, urls,
 * contact, stats, author, leet, lexicon, leet-ends, tail-length,
 * no-shapes, markup, downweight, lang-mix, author-shape, tail-by-length,
 * leet-links, leet-numbers) into
 * SPAMCLS_F_* flags;
 * ERR_PARAM for an unknown name or an empty list. */
spamcls_status spamcls_families_parse(const char *list, unsigned *flags);

/* NULL if *p is usable, else a static message saying what is wrong. */
const char *spamcls_pipeline_check(const spamcls_pipeline *p);

/* Reads a lexicon file: "CLASS TERM" lines (a class of lowercase letters,
 * a term of one or two words of lowercase ASCII letters and digits), blank
 * lines and '#' comments. *out receives the entries in the form that
 * spamcls_pipeline.lexicon takes (malloc'd; free() it). ERR_IO when the
 * file cannot be read, ERR_FORMAT naming FILE:LINE for a bad entry. */
spamcls_status spamcls_lexicon_read(const char *path, char **out,
                                    size_t *len, spamcls_error *err);

/* The version of the feature pipeline this library implements. A model
 * records the version it was trained with and is refused by another. */
uint32_t spamcls_pipeline_version(void);

/* One nonzero component of a sparse vector: index in [1, 2^hash_bits]. */
typedef struct spamcls_feature {
  uint32_t index;
  float value;
} spamcls_feature;

/* A finished vector: indices strictly ascending, values sublinear-tf and
 * L2-normalized. Owned by the extractor; valid until its next call. */
typedef struct spamcls_vector {
  const spamcls_feature *f;
  size_t n;
  unsigned invalid_utf8;  /* invalid sequences replaced by U+FFFD */
  int empty;              /* the comment had no text (only whitespace) */
} spamcls_vector;

typedef struct spamcls_extractor spamcls_extractor;

/* A reusable extractor (one per thread). NULL when out of memory or when
 * *p fails spamcls_pipeline_check. */
spamcls_extractor *spamcls_extractor_new(const spamcls_pipeline *p);
void spamcls_extractor_free(spamcls_extractor *x);

/* Turns a comment into its vector. */
spamcls_status spamcls_extract(spamcls_extractor *x, const spamcls_comment *c,
                               spamcls_vector *out);

/* Calls cb once per feature occurrence, in the order they are generated,
 * with the readable namespaced name ("w:slot", "u:dom:togel88.com") and its
 * bucket. For debugging and explanations; slower than spamcls_extract. */
typedef void (*spamcls_feature_cb)(void *ctx, const char *name, size_t len,
                                   uint32_t index);
spamcls_status spamcls_extract_names(spamcls_extractor *x,
                                     const spamcls_comment *c,
                                     spamcls_feature_cb cb, void *ctx);

/* The normalized text of the last comment the extractor processed (the
 * text spamcls_extract tokenized), as UTF-8. */
const char *spamcls_extractor_text(const spamcls_extractor *x, size_t *len);

/* ---------------------------------------------------------------- models */

typedef struct spamcls_model spamcls_model;

/* Loads a model file. Never trusts it: sizes, checksum, versions and every
 * value are checked; a failure is ERR_IO, ERR_MODEL or ERR_VERSION. */
spamcls_status spamcls_model_load(const char *path, spamcls_model **out,
                                  spamcls_error *err);

/* The same from bytes in memory ("name" is used in messages). */
spamcls_status spamcls_model_load_buffer(const void *data, size_t len,
                                         const char *name,
                                         spamcls_model **out,
                                         spamcls_error *err);

/* Where the default model is: $SPAMCLS_MODEL when it is set and not
 * empty, else the model installed with the library
 * (DATADIR/spamcls/default.model). The spamcls command uses the same. */
const char *spamcls_model_default_path(void);

/* Loads the default model (spamcls_model_load of the path above). */
spamcls_status spamcls_model_load_default(spamcls_model **out,
                                          spamcls_error *err);

/* Writes the model atomically: a temporary file in the same folder, synced,
 * then renamed over path; on any failure path is left as it was. */
spamcls_status spamcls_model_save(const spamcls_model *m, const char *path,
                                  spamcls_error *err);

void spamcls_model_free(spamcls_model *m);

const spamcls_pipeline *spamcls_model_pipeline(const spamcls_model *m);

/* Decision thresholds, on the calibrated probability: spam when
 * p >= threshold + margin, ham when p < threshold - margin, else unsure.
 * The setters refuse (SPAMCLS_ERR_PARAM) a band reaching past 0 or 1,
 * where one verdict could never be given. */
void spamcls_model_get_thresholds(const spamcls_model *m, double *threshold,
                                  double *margin);
spamcls_status spamcls_model_set_thresholds(spamcls_model *m,
                                            double threshold, double margin);

/* The model card: every setting and the training summary, as "key value"
 * lines. Owned by the model. */
const char *spamcls_model_card(const spamcls_model *m);

/* ---------------------------------------------------------------- scoring */

typedef enum spamcls_verdict {
  SPAMCLS_HAM = 0,
  SPAMCLS_SPAM = 1,
  SPAMCLS_UNSURE = 2,
  SPAMCLS_EMPTY = 3   /* no text: reported, not guessed */
} spamcls_verdict;

/* "ham", "spam", "unsure", "empty". */
const char *spamcls_verdict_name(spamcls_verdict v);

typedef struct spamcls_result {
  double score;         /* w.x + b; > 0 leans spam */
  double probability;   /* calibrated P(spam) */
  spamcls_verdict verdict;
  unsigned invalid_utf8;
} spamcls_result;

typedef struct spamcls_scorer spamcls_scorer;

/* A scorer borrows the model (which must outlive it) and owns scratch
 * space: use one per thread. NULL when out of memory. */
spamcls_scorer *spamcls_scorer_new(const spamcls_model *m);
void spamcls_scorer_free(spamcls_scorer *s);

/* Overrides the model's thresholds for this scorer only. */
spamcls_status spamcls_scorer_set_thresholds(spamcls_scorer *s,
                                             double threshold, double margin);

spamcls_status spamcls_score(spamcls_scorer *s, const spamcls_comment *c,
                             spamcls_result *out);

/* One feature's share of a score: weight * value of the feature in the
 * normalized vector, summed over the names that share its bucket. */
typedef struct spamcls_contribution {
  char name[120];
  double weight;
} spamcls_contribution;

/* Scores c and fills out[0..*n_out) with the (at most n) features that
 * moved the score most, by absolute contribution, largest first. */
spamcls_status spamcls_explain(spamcls_scorer *s, const spamcls_comment *c,
                               spamcls_result *result,
                               spamcls_contribution *out, size_t n,
                               size_t *n_out);

/* ---------------------------------------------------------------- training */

typedef enum spamcls_solver {
  SPAMCLS_SOLVER_AUTO = 0,   /* libsvm up to SPAMCLS_AUTO_LIBSVM_MAX, then dcd */
  SPAMCLS_SOLVER_LIBSVM,
  SPAMCLS_SOLVER_LIBLINEAR,
  SPAMCLS_SOLVER_DCD         /* liblinear's descent, the same weights, run
                              * on the training set's own vectors */
} spamcls_solver;

/* The largest training set SPAMCLS_SOLVER_AUTO gives to libsvm: libsvm's
 * time grows about quadratically with the number of comments. */
#define SPAMCLS_AUTO_LIBSVM_MAX 5000
/* Sets larger than this calibrate on 2 folds unless told (folds below). */
#define SPAMCLS_AUTO_FOLDS2_MIN 20000

typedef struct spamcls_train_params {
  spamcls_solver solver;
  double C;              /* SVM cost; <= 0: 1.0 */
  int tune;              /* nonzero: choose C by cross-validation */
  double weight_spam;    /* class weights; <= 0: balanced (n / (2 n_class)) */
  double weight_ham;
  /* Nonzero: balance the classes within each source (input file) before
   * the class weights apply, by repeating the rarer class's comments
   * round(majority / minority) times (at most 10): so that a source whose
   * comments are mostly spam (or ham) cannot make its language or style
   * itself look like spam (or ham). Sources with one class are left alone. */
  int balance_sources;
  /* Folds for tuning and calibration; 0: 5 with tune, and for sets of up
   * to SPAMCLS_AUTO_FOLDS2_MIN comments; 2 above, where each fold's model
   * still sees thousands of comments and calibrates as well as five. A
   * calibration fold's model is fitted on at most 250,000 comments. */
  unsigned folds;
  unsigned long seed;    /* fold assignment; same seed, same model */
  double threshold;      /* stored in the model; < 0: 0.5 */
  double margin;         /* unsure half-width; < 0: 0.1 */
  /* Threads for the fits and their data; 0: one per processor. The
   * model does not depend on the number. */
  unsigned threads;
  /* Progress and solver chatter; NULL discards it. Called from the
   * threads of the fits, but never from two at once. */
  void (*log)(void *ctx, const char *msg);
  void *log_ctx;
} spamcls_train_params;

void spamcls_train_params_default(spamcls_train_params *p);

/* Labeled, vectorized comments, deduplicated on normalized text (the first
 * occurrence is kept). */
typedef struct spamcls_dataset spamcls_dataset;

spamcls_dataset *spamcls_dataset_new(const spamcls_pipeline *p);
void spamcls_dataset_free(spamcls_dataset *d);

/* Vectorizes and stores c. c->label must be HAM or SPAM (ERR_PARAM else).
 * *added is set to 0 when c duplicates a stored comment or is empty. */
spamcls_status spamcls_dataset_add(spamcls_dataset *d,
                                   const spamcls_comment *c, int *added);

/* Adds c[0..n) as n calls of spamcls_dataset_add would, in order, with
 * their features extracted on up to jobs threads at once (0: one per
 * processor); the dataset is the same whatever the number. *added (may
 * be NULL) is how many were stored. On an error, the comments before
 * c[*failed] are stored, that one and the rest are not; *failed is n on
 * success. */
spamcls_status spamcls_dataset_add_batch(spamcls_dataset *d,
                                         const spamcls_comment *c, size_t n,
                                         unsigned jobs, size_t *added,
                                         size_t *failed);

/* Numbers of stored comments; n_spam may be NULL. */
size_t spamcls_dataset_size(const spamcls_dataset *d, size_t *n_spam);

/* Trains a model on the whole dataset: the SVM, then Platt calibration on
 * held-out folds. Deterministic: same data and params, same bytes. */
spamcls_status spamcls_train(const spamcls_dataset *d,
                             const spamcls_train_params *p,
                             spamcls_model **out, spamcls_error *err);

/* ---------------------------------------------------------------- learning */

/* A model learns a site's corrections the way a moderator gives them: this
 * comment is spam, that one is ham, take that one back. The corrections are
 * kept in the model as a small training set of their own (the comments'
 * text and author fields); on every change the model's weights are refit
 * as base + delta, where the delta is the smallest change (in an L2 norm
 * that weighs each feature by how common it was in the base model's
 * ham training comments: the base model acting as a prior) that puts each
 * learned comment on its side of the model's cut with room to spare (a
 * squared-hinge loss on the calibrated scale) and does not raise the score
 * of the base model's average ham comment. So the delta touches only
 * the features of learned comments, mostly the rarer ones: comments like
 * them move with them, and the rest, ordinary words of every site's
 * comments included, scores as before. The refit starts from zero in a fixed order: the same set of
 * corrections always gives the same weights, and a model whose corrections
 * are all forgotten scores exactly as its base. The Platt calibration, the
 * threshold and the margin are the base model's. */

typedef enum spamcls_learn_outcome {
  SPAMCLS_LEARN_ADDED = 0,   /* a new correction */
  SPAMCLS_LEARN_RELABELED,   /* learned before with the other label: changed */
  SPAMCLS_LEARN_KNOWN,       /* learned before with this label: nothing to do */
  SPAMCLS_LEARN_EMPTY,       /* no text: nothing to learn */
  SPAMCLS_LEARN_FORGOTTEN,   /* forget: taken back */
  SPAMCLS_LEARN_NOT_LEARNED  /* forget: it was never learned */
} spamcls_learn_outcome;

/* Settings of the refit, stored in the model with its corrections. */
typedef struct spamcls_learn_params {
  double C;    /* cost of a learned comment left short of its target;
                  <= 0: SPAMCLS_LEARN_DEFAULT_C */
  double gap;  /* how far past the unsure band, on its side, a learned
                  comment is put, in calibrated log-odds (a model learned
                  before the anchor existed puts ham 1 + min(1, spam/ham)
                  times as far); < 0: SPAMCLS_LEARN_DEFAULT_GAP */
  double prior;  /* how much more a common feature resists moving: its
                    weight's prior is 1 + prior * (the share of the base
                    model's ham training comments that have it) times as
                    strong as a rare one's; 0: all alike (and so for a
                    model that does not know its training comments);
                    < 0: SPAMCLS_LEARN_DEFAULT_PRIOR */
} spamcls_learn_params;

#define SPAMCLS_LEARN_DEFAULT_C 100.0
#define SPAMCLS_LEARN_DEFAULT_GAP 10.0
#define SPAMCLS_LEARN_DEFAULT_PRIOR 3000.0

/* Collects changes to a model's corrections; the model is not touched
 * until spamcls_learner_commit. One learner per model at a time. NULL when
 * out of memory. */
typedef struct spamcls_learner spamcls_learner;
spamcls_learner *spamcls_learner_new(spamcls_model *m);
void spamcls_learner_free(spamcls_learner *l);  /* discards what was not committed */

/* label HAM or SPAM: learn c as that (c->label is ignored); NONE: forget
 * c. Comments are matched by their normalized text and author fields (as
 * training deduplicates). *out (may be NULL) says what happened; c->source
 * is tallied for the model's learning log. */
spamcls_status spamcls_learner_add(spamcls_learner *l, const spamcls_comment *c,
                                   spamcls_label label,
                                   spamcls_learn_outcome *out);

/* Applies the changes: refits the weights and appends one line per source
 * to the model's learning log, stamped with when (seconds since the epoch,
 * UTC). params may be NULL: the model's stored settings (or the defaults).
 * On failure the model is left as it was. The learner is spent either way
 * (a further add or commit is ERR_PARAM): free it, and make a new one for
 * more changes. The model must not be scored by another thread during the
 * commit. */
spamcls_status spamcls_learner_commit(spamcls_learner *l, long long when,
                                      const spamcls_learn_params *params,
                                      spamcls_error *err);

/* The model's learned corrections: the total, *n_spam and *n_ham (either
 * may be NULL). */
size_t spamcls_model_learned(const spamcls_model *m, size_t *n_spam,
                             size_t *n_ham);

/* Correction i (i < spamcls_model_learned()): its text and author fields
 * (owned by the model, valid until it changes) and label. */
spamcls_status spamcls_model_correction(const spamcls_model *m, size_t i,
                                        spamcls_comment *out);

/* Gives m (a base model without corrections) the corrections, settings
 * and learning log of from, and refits: to carry a site's learning over to
 * a new base model. The corrections are vectorized again with m's
 * pipeline, so the two models' feature settings may differ. */
spamcls_status spamcls_model_rebase(spamcls_model *m, const spamcls_model *from,
                                    spamcls_error *err);

/* The checksum that ends the model's file (the one it was loaded from):
 * the low 32 bits of its XXH3-64, or the CRC-32 of a file in format
 * version 1 to 3; 0 for a model that was not loaded from a file. */
uint32_t spamcls_model_checksum(const spamcls_model *m);

/* ---------------------------------------------------------------- readers */

typedef enum spamcls_format {
  SPAMCLS_FORMAT_AUTO = 0,  /* from the file name; plain text otherwise */
  SPAMCLS_FORMAT_PLAIN,     /* one comment per line */
  SPAMCLS_FORMAT_TSV,       /* label<TAB>text, with \t \n \\ escapes */
  SPAMCLS_FORMAT_CSV,       /* RFC 4180 with a header row */
  SPAMCLS_FORMAT_JSONL,     /* one JSON object per line */
  SPAMCLS_FORMAT_EXPORT     /* a site export (WXR, Disqus), labeled by the
                               site's decision: spam is spam, approved is
                               ham, anything else unlabeled */
} spamcls_format;

/* SPAMCLS_FORMAT_AUTO when the name is not recognised. */
spamcls_format spamcls_format_from_name(const char *name);
/* "plain", "tsv", "csv", "jsonl", "export" (also "wxr", "disqus") to a
 * format; AUTO when unknown. .xml names are exports. */
spamcls_format spamcls_format_parse(const char *s);

#define SPAMCLS_DEFAULT_MAX_RECORD (1u << 20)  /* bytes in one record */

typedef struct spamcls_reader_options {
  spamcls_format format;
  /* CSV column / JSONL key names; NULL: the usual names (see README). */
  const char *text_field;
  const char *label_field;
  const char *id_field;
  const char *author_field;
  const char *author_url_field;
  const char *group_field;   /* NULL: no group */
  size_t max_record;         /* 0: SPAMCLS_DEFAULT_MAX_RECORD */
} spamcls_reader_options;

typedef struct spamcls_reader spamcls_reader;

/* Opens path ("-" or NULL: standard input, read as a stream, never
 * rewound). opts may be NULL for defaults. */
spamcls_status spamcls_reader_open(const char *path,
                                   const spamcls_reader_options *opts,
                                   spamcls_reader **out, spamcls_error *err);

/* The next record. OK: *out is filled (valid until the next call). EOF: no
 * more. ERR_FORMAT or ERR_LIMIT: one record was skipped, err says where;
 * call again to go on. ERR_IO or ERR_NOMEM: stop. */
spamcls_status spamcls_reader_next(spamcls_reader *r, spamcls_comment *out,
                                   spamcls_error *err);

void spamcls_reader_close(spamcls_reader *r);

/* Calls fn(ctx) whenever the reader is about to wait for input that has
 * not arrived (a pipe or terminal whose writer is slower than the
 * reader); never for a regular file or a reader from memory. For a caller
 * that streams results, the moment to flush them: an answer then goes
 * out as soon as its comment came in. fn NULL: none. */
void spamcls_reader_on_wait(spamcls_reader *r, void (*fn)(void *ctx),
                            void *ctx);

/* Parses a label: spam/ham, 1/0, true/false (any case, surrounding blanks
 * ignored); NONE when empty, "null" or unknown. *ok is 0 when unknown. */
spamcls_label spamcls_label_parse(const char *s, size_t len, int *ok);

/* ---------------------------------------------------------------- readers from memory */

/* Like spamcls_reader_open, on the bytes data[0..len) instead of a file:
 * the same formats, records, limits and errors. The bytes are borrowed and
 * must outlive the reader. name stands for the file in records (source)
 * and messages (NULL: "(memory)"); with format AUTO the format is guessed
 * from it, as from a path. */
spamcls_status spamcls_reader_open_memory(const void *data, size_t len,
                                          const char *name,
                                          const spamcls_reader_options *opts,
                                          spamcls_reader **out,
                                          spamcls_error *err);

/* ---------------------------------------------------------------- pages */

/* Reader comments found in an archived article page: a text dump (a
 * numbered list of "N. name", a date line and an indented body) or HTML
 * (WordPress comment lists, the comment systems known by their class
 * names, schema.org Comment microdata or JSON-LD, or blocks whose classes
 * name one comment). */

typedef enum spamcls_page_kind {
  SPAMCLS_PAGE_AUTO = 0,  /* HTML when the bytes look like markup */
  SPAMCLS_PAGE_TEXT,
  SPAMCLS_PAGE_HTML
} spamcls_page_kind;

/* One comment. Strings are UTF-8 (invalid input bytes replaced by U+FFFD,
 * a declared charset converted) and not NUL-terminated; author and date
 * are empty spans when unknown, author_url NULL when absent. [start, end)
 * is the comment's span of bytes in the page as given: removing it removes
 * this comment and nothing else when removable is nonzero (a comment only
 * in JSON-LD data is not removable). */
typedef struct spamcls_page_comment {
  const char *author;     size_t author_len;
  const char *author_url; size_t author_url_len;
  const char *date;       size_t date_len;
  const char *body;       size_t body_len;
  size_t start, end;
  int removable;
} spamcls_page_comment;

typedef struct spamcls_page spamcls_page;

/* Finds the comments in data[0..len) (any bytes: NUL, invalid UTF-8 and
 * broken markup yield what can be found, never an error). Fails only with
 * ERR_NOMEM or ERR_PARAM. The result does not point into data. */
spamcls_status spamcls_page_extract(const void *data, size_t len,
                                    spamcls_page_kind kind,
                                    spamcls_page **out, spamcls_error *err);

/* The same for a page whose charset is known from outside it (an HTTP
 * Content-Type header, as a web archive keeps it): charset, when not NULL
 * or empty, wins over the charset the page declares, as in a browser; a
 * byte order mark wins over both. Applies to HTML. */
spamcls_status spamcls_page_extract_charset(const void *data, size_t len,
                                            spamcls_page_kind kind,
                                            const char *charset,
                                            spamcls_page **out,
                                            spamcls_error *err);

/* The comments, in page order; i < spamcls_page_count(p). */
size_t spamcls_page_count(const spamcls_page *p);
const spamcls_page_comment *spamcls_page_get(const spamcls_page *p,
                                             size_t i);

/* The markup the comments were found in: "text", "wordpress", a comment
 * system ("blogger", "drupal", "wpdiscuz", "stackexchange", "discourse",
 * "commento", "isso", "remark42", "coral", "viafoura", "phpbb",
 * "vbulletin", "xenforo"), "microdata", "json-ld", "generic", or "none". */
const char *spamcls_page_markup(const spamcls_page *p);

/* Invalid UTF-8 sequences replaced while reading the page. */
unsigned spamcls_page_invalid_utf8(const spamcls_page *p);

/* The charset the page declares when it cannot be right and the page was
 * read as UTF-8 instead (a UTF-16 or UTF-32 label on bytes with no byte
 * order mark, no NUL byte and valid UTF-8); NULL otherwise. */
const char *spamcls_page_charset_ignored(const spamcls_page *p);

/* Elements with more than SPAMCLS_PAGE_MAX_ATTRS attributes, whose
 * further attributes were not read (the HTML parser's time grows with the
 * square of an element's attributes). */
#define SPAMCLS_PAGE_MAX_ATTRS 64
unsigned spamcls_page_capped_elements(const spamcls_page *p);

void spamcls_page_free(spamcls_page *p);

/* ---------------------------------------------------------------- moderation */

/* A page moderated: its comments found (spamcls_page_extract_charset),
 * each judged by a scorer with the scorer's thresholds, the spans of the
 * spam comments that can be removed, and the page's bytes less those
 * spans (every other byte as given). Never prints; the same bytes and
 * settings give the same result on any thread. */

/* Bytes of a comment judged by default: scoring takes up to a few hundred
 * bytes of memory per byte of text (character n-grams), and a real
 * comment is far shorter. */
#define SPAMCLS_MODERATE_MAX_COMMENT ((size_t)64 << 10)

typedef struct spamcls_moderate_options {
  const char *name;     /* the page's name, the comments' source; may be NULL */
  const char *charset;  /* as spamcls_page_extract_charset; NULL: the page's */
  size_t max_comment;   /* longer comments are judged on their first
                           max_comment bytes; 0: SPAMCLS_MODERATE_MAX_COMMENT */
  size_t explain;       /* top features kept per comment; 0: none */
} spamcls_moderate_options;

/* Bytes [start, end) of the page. */
typedef struct spamcls_span {
  size_t start, end;
} spamcls_span;

/* One comment and what was decided. A blank comment is EMPTY (the result
 * otherwise zero) without being scored. */
typedef struct spamcls_moderated {
  const spamcls_page_comment *comment;
  spamcls_result result;
  int removed;     /* spam and removable: its span is cut from the page */
  int truncated;   /* judged on its first max_comment bytes */
  const spamcls_contribution *why;  /* the top features, nwhy of them */
  size_t nwhy;
} spamcls_moderated;

typedef struct spamcls_moderation spamcls_moderation;

/* Moderates data[0..len) with s (one per thread); o may be NULL. Fails
 * with ERR_NOMEM, ERR_PARAM or a scoring error; *out is then NULL. The
 * result does not point into data. */
spamcls_status spamcls_moderate_page(spamcls_scorer *s, const void *data,
                                     size_t len, spamcls_page_kind kind,
                                     const spamcls_moderate_options *o,
                                     spamcls_moderation **out,
                                     spamcls_error *err);

/* The extracted page (its markup, invalid UTF-8, charset notes). */
const spamcls_page *spamcls_moderation_page(const spamcls_moderation *m);
/* The comments in page order; i < spamcls_moderation_count (else NULL). */
size_t spamcls_moderation_count(const spamcls_moderation *m);
const spamcls_moderated *spamcls_moderation_get(const spamcls_moderation *m,
                                                size_t i);
/* The spans cut: ascending, not overlapping (a removed comment nested in
 * another removed one goes with it). */
const spamcls_span *spamcls_moderation_spans(const spamcls_moderation *m,
                                             size_t *n);
/* The page less the spans (NUL-terminated past *len). */
const char *spamcls_moderation_clean(const spamcls_moderation *m,
                                     size_t *len);
void spamcls_moderation_free(spamcls_moderation *m);

/* ---------------------------------------------------------------- moderation runs */

/* A whole run over saved pages, folders of them (walked recursively,
 * hidden entries skipped), web archives (.warc, .warc.gz) and site exports
 * (WXR, Disqus), as "spamcls moderate -o OUTDIR" makes it. OUTDIR receives
 * report.jsonl (a record per comment), pages.jsonl (a record per page),
 * summary.json, report.html (the review page) and clean/ (each input with
 * its spam cut out, or marked in an export; web archives as conversion
 * records). Inputs are never modified; every output is written to a
 * temporary file and renamed. A run that stopped is resumed by the next
 * one with the same inputs, model and options; one run at a time holds
 * OUTDIR. Nothing is printed: messages and progress go to the callbacks,
 * called on the calling thread. */

typedef enum spamcls_run_level {
  SPAMCLS_RUN_ERROR,    /* an input skipped, an output not written */
  SPAMCLS_RUN_WARNING,  /* something noted about an input (bad UTF-8, ...) */
  SPAMCLS_RUN_NOTE      /* what the run does (resuming an earlier one) */
} spamcls_run_level;

/* Where a run is: pages and comments done, bytes of input done of the
 * total (0: not known), seconds since it started; final on the last
 * call. */
typedef struct spamcls_run_progress {
  unsigned long pages, comments;
  uint64_t bytes_done, bytes_total;
  double seconds;
  int final;
} spamcls_run_progress;

typedef struct spamcls_run_options {
  const char *model_name;   /* the model as summary.json names it (a path) */
  double threshold, margin; /* < 0: the model's */
  size_t explain;           /* top features recorded per comment */
  unsigned jobs;            /* worker threads; 0: one per processor */
  unsigned long shard_k, shard_n;  /* the part of the walk done: K of N */
  spamcls_page_kind kind;   /* how pages are read (AUTO: by their content) */
  size_t max_page;          /* larger pages are skipped */
  size_t max_comment;       /* longer comments are judged on their start */
  int fresh;                /* start over instead of resuming */
  unsigned long review_pages;  /* pages shown in report.html; 0: all */
  /* one line, without a newline, naming the file it is about */
  void (*message)(void *ctx, spamcls_run_level level, const char *msg);
  /* at most ten times a second, and once with final set; with no
   * callback the run does not size its inputs first */
  void (*progress)(void *ctx, const spamcls_run_progress *p);
  void *ctx;
} spamcls_run_options;

/* The defaults of "spamcls moderate": the model's thresholds, 5 features
 * explained, one thread per processor, one shard, pages up to 16 MiB,
 * comments judged on their first SPAMCLS_MODERATE_MAX_COMMENT bytes, 2000
 * pages in report.html, no callbacks. */
void spamcls_run_options_init(spamcls_run_options *o);

/* What the run found, as summary.json counts it. */
typedef struct spamcls_run_totals {
  unsigned long pages, pages_moderated;   /* the rest were skipped */
  unsigned long comments, spam, ham, unsure, empty;
  unsigned long removed;      /* spam cut out of its page */
  unsigned long kept_spam;    /* spam that could not be cut out */
  unsigned long exports, marked;          /* site exports; spam marked */
  unsigned long archives, archive_records;
} spamcls_run_totals;

/* How a run ended; the worse outcomes are the larger. */
typedef enum spamcls_run_outcome {
  SPAMCLS_RUN_OK = 0,
  SPAMCLS_RUN_INPUT_SKIPPED,  /* an input was unreadable or skipped; the
                                 rest is done and summarized */
  SPAMCLS_RUN_OUTPUT_FAILED,  /* output could not be written */
  SPAMCLS_RUN_NOMEM,          /* out of memory (resume it later) */
  SPAMCLS_RUN_BUSY,           /* another run holds OUTDIR */
  SPAMCLS_RUN_REFUSED         /* nothing done: an input inside OUTDIR, two
                                 inputs under one name in clean/, or an
                                 option out of range */
} spamcls_run_outcome;

/* Moderates inputs[0..n) into outdir with the model m (o NULL: the
 * defaults). totals, when not NULL, gets the totals once summary.json
 * is written (else it is zeroed). A missing model, output folder or
 * input name is REFUSED, said through the message callback. */
spamcls_run_outcome spamcls_moderate_run(const spamcls_model *m,
                                         const char *outdir,
                                         const char *const *inputs, size_t n,
                                         const spamcls_run_options *o,
                                         spamcls_run_totals *totals);

/* Joins the output folders of the N shards of one run (shard_k 0..N-1,
 * each finished) into outdir: the output one run over all the inputs
 * writes (clean/ linked or copied). Of o, only review_pages and the
 * callbacks are used. */
spamcls_run_outcome spamcls_moderate_merge(const char *outdir,
                                           const char *const *shards,
                                           size_t n,
                                           const spamcls_run_options *o,
                                           spamcls_run_totals *totals);

/* ---------------------------------------------------------------- site exports */

/* A site's own export of its comments, streamed with libxml2's XML
 * reader: WordPress WXR (wp:comment items) or a Disqus export (post
 * elements). Each comment comes with what the site decided about it; a
 * copy of the export can be written in which comments the caller marks
 * are flagged as spam (WXR wp:comment_approved becomes "spam", Disqus
 * isSpam becomes "true") and every other byte is the input's. */

typedef enum spamcls_export_kind {
  SPAMCLS_EXPORT_NONE = 0,  /* not an export (or: find out, when opening) */
  SPAMCLS_EXPORT_WXR,
  SPAMCLS_EXPORT_DISQUS
} spamcls_export_kind;

/* What the bytes at the start of a file (the first few KiB) are: WXR when
 * they declare the WordPress export namespace on an rss root, Disqus when
 * a disqus root declares http://disqus.com; NONE otherwise. */
spamcls_export_kind spamcls_export_sniff(const void *head, size_t len);
/* "wxr", "disqus", "none". */
const char *spamcls_export_kind_name(spamcls_export_kind k);

/* What the site had decided about a comment. */
typedef enum spamcls_site_status {
  SPAMCLS_SITE_UNKNOWN = 0,  /* no status field, or a value not known */
  SPAMCLS_SITE_APPROVED,     /* WXR 1; Disqus neither spam nor deleted */
  SPAMCLS_SITE_PENDING,      /* WXR 0 (held for moderation) */
  SPAMCLS_SITE_SPAM,         /* WXR spam; Disqus isSpam true */
  SPAMCLS_SITE_TRASH,        /* WXR trash or post-trashed */
  SPAMCLS_SITE_DELETED       /* Disqus isDeleted true */
} spamcls_site_status;

/* "unknown", "approved", "pending", "spam", "trash", "deleted". */
const char *spamcls_site_status_name(spamcls_site_status s);

/* One comment of an export. Strings are UTF-8, not NUL-terminated, valid
 * until the next call; empty spans when absent, author_url and status
 * NULL when absent. body is the comment's text: its HTML turned into
 * text, the targets of links whose address the text does not show added
 * on lines of their own. */
typedef struct spamcls_export_comment {
  const char *id;         size_t id_len;
  const char *author;     size_t author_len;
  const char *author_url; size_t author_url_len;
  const char *date;       size_t date_len;
  const char *body;       size_t body_len;
  const char *thread;     size_t thread_len;  /* WXR: the post's link;
                                                 Disqus: the thread's id */
  const char *status;     size_t status_len;  /* the status field's text */
  spamcls_site_status site;
  int markable;             /* its status field can be marked spam */
  unsigned long line;       /* line of the comment's start tag */
  unsigned long long status_offset;  /* byte offset of the value that a
                                        mark replaces (when markable) */
  unsigned long seq;        /* its number in the export, from 0 */
} spamcls_export_comment;

typedef struct spamcls_export spamcls_export;

/* Opens an export at path ("-": standard input) of kind (NONE: sniffed
 * from its first bytes; neither kind is ERR_FORMAT). When out is not
 * NULL every byte read is written to it, with the marks made
 * (spamcls_export_mark_spam), by the time next returns EOF; the caller
 * flushes and closes out. */
spamcls_status spamcls_export_open(const char *path, spamcls_export_kind kind,
                                   FILE *out, spamcls_export **e,
                                   spamcls_error *err);
/* The same on data[0..len) (borrowed until close); name for messages. */
spamcls_status spamcls_export_open_memory(const void *data, size_t len,
                                          const char *name,
                                          spamcls_export_kind kind,
                                          FILE *out, spamcls_export **e,
                                          spamcls_error *err);

/* The next comment. OK; EOF when the export ended well (out then holds
 * every byte); ERR_FORMAT for malformed XML or bytes the marks could not
 * be placed in ("FILE:LINE: ..." in err), ERR_IO, ERR_NOMEM: the export
 * cannot be read further and out is incomplete. */
spamcls_status spamcls_export_next(spamcls_export *e,
                                   spamcls_export_comment *c,
                                   spamcls_error *err);

/* Marks the comment next returned last as spam in the output. ERR_PARAM
 * when it is not markable or there is no output. */
spamcls_status spamcls_export_mark_spam(spamcls_export *e);

/* Judging comments in batches (on several threads): with a window of n
 * (before the first next; at most SPAMCLS_EXPORT_MAX_WINDOW), the last n
 * comments returned stay unwritten, and any of them can be marked by its
 * seq. Strings of a comment are still valid only until the next call:
 * copy them. next then returns EOF with comments unwritten: mark them,
 * and spamcls_export_finish writes them and the rest of the input (OK, or
 * the errors of next). With a window of 1 (the default) EOF has written
 * everything and finish does nothing. The bytes held are those of the
 * comments in the window. */
#define SPAMCLS_EXPORT_MAX_WINDOW 65536
spamcls_status spamcls_export_set_window(spamcls_export *e, size_t n);
spamcls_status spamcls_export_mark_spam_at(spamcls_export *e,
                                           unsigned long seq);
spamcls_status spamcls_export_finish(spamcls_export *e, spamcls_error *err);
/* Writes the comments returned so far, with their marks (a batch done):
 * the bytes held are then those of the comments returned after it. */
spamcls_status spamcls_export_flush(spamcls_export *e, spamcls_error *err);

/* The kind being read. */
spamcls_export_kind spamcls_export_kind_of(const spamcls_export *e);

void spamcls_export_close(spamcls_export *e);

/* ---------------------------------------------------------------- evaluation */

/* Figures for scored, labeled comments. A comment is predicted spam when
 * its probability is at least `threshold`. A figure that is undefined on
 * the data (a ratio with a zero denominator, an AUC with a single class,
 * anything on no comments) is NaN. */
typedef struct spamcls_metrics {
  size_t n, n_spam, n_ham;
  double threshold;
  size_t tp, fp, tn, fn;  /* the confusion matrix at threshold */
  double accuracy;        /* (tp + tn) / n */
  double precision;       /* tp / (tp + fp) */
  double recall;          /* tp / n_spam */
  double f1;              /* 2 tp / (2 tp + fp + fn) */
  double mcc;             /* Matthews correlation coefficient */
  double ham_fpr;         /* fp / n_ham */
  double roc_auc;         /* P(a spam outranks a ham), a tie counting half */
  double pr_auc;          /* average precision: sum of (R_k - R_k-1) P_k over
                             the distinct probabilities, high to low */
  /* The operating point for a target ham false-positive rate: the highest
   * threshold that flags as much spam as possible while the ham FPR stays
   * at or under target_fpr. Tied probabilities are flagged together, never
   * split. When even the top probability has too much ham, the threshold
   * is just above it (nothing flagged). NaN without ham. */
  double target_fpr;
  double fpr_threshold;
  double fpr_recall;      /* spam recall at fpr_threshold */
  double fpr_reached;     /* ham FPR at fpr_threshold (<= target_fpr) */
} spamcls_metrics;

/* Computes the figures for prob[i] (finite) and label[i] (HAM or SPAM;
 * ERR_PARAM otherwise). n may be 0. */
spamcls_status spamcls_metrics_compute(const double *prob,
                                       const spamcls_label *label, size_t n,
                                       double threshold, double target_fpr,
                                       spamcls_metrics *out);

/* Writes roc.svg (ROC curve), pr.svg (precision-recall curve) and
 * calibration.svg (reliability diagram: observed spam share against mean
 * probability in ten bins) into the existing folder dir, each atomically.
 * title (UTF-8, may be NULL) heads each plot. */
spamcls_status spamcls_plots_write(const char *dir, const double *prob,
                                   const spamcls_label *label, size_t n,
                                   const char *title, spamcls_error *err);

/* Cross-validation: comments are stored as spamcls_dataset_add stores
 * them (vectorized, deduplicated on normalized text and author), then
 * every comment is scored by a model trained, with spamcls_train, on the
 * folds it is not in.
 *
 * Identical normalized texts never straddle folds (whatever their authors):
 * folds are assigned to distinct normalized texts, not to comments. */
typedef enum spamcls_cv_grouping {
  SPAMCLS_CV_STRATIFIED = 0,  /* k folds, each with its share of spam and ham
                                 texts, shuffled by seed */
  SPAMCLS_CV_BY_GROUP,        /* one fold per value of the comments' group */
  SPAMCLS_CV_BY_SOURCE        /* one fold per source (input file) */
} spamcls_cv_grouping;
/* With the two BY_ groupings, a text seen in an earlier group (or source)
 * goes with that group's fold. */

typedef struct spamcls_cv_params {
  unsigned k;              /* folds for STRATIFIED: 2 or more */
  unsigned long seed;      /* fold shuffling for STRATIFIED */
  spamcls_cv_grouping grouping;
  unsigned threads;        /* folds trained at once; 0: one per core */
} spamcls_cv_params;

typedef struct spamcls_cv spamcls_cv;

spamcls_cv *spamcls_cv_new(const spamcls_pipeline *p);
void spamcls_cv_free(spamcls_cv *cv);

/* Like spamcls_dataset_add. c->group must be set for BY_GROUP runs. */
spamcls_status spamcls_cv_add(spamcls_cv *cv, const spamcls_comment *c,
                              int *added);

/* Stored comments (n_spam may be NULL), and how many were dropped as
 * duplicates (same normalized text and author), conflicts (the same with
 * the other label) or empty. */
size_t spamcls_cv_size(const spamcls_cv *cv, size_t *n_spam);
void spamcls_cv_dropped(const spamcls_cv *cv, size_t *duplicates,
                        size_t *conflicts, size_t *empty);

/* Runs the cross-validation: ERR_PARAM when the folds cannot be made
 * (fewer than k spam or ham texts, fewer than two groups, a comment
 * without a group), ERR_TRAIN when a fold's training part has a single
 * class. tp->log receives one line per fold. */
spamcls_status spamcls_cv_run(spamcls_cv *cv, const spamcls_train_params *tp,
                              const spamcls_cv_params *cp, unsigned *folds,
                              spamcls_error *err);

/* After a successful run, comment i (0 <= i < spamcls_cv_size): its
 * out-of-fold calibrated probability, its label, its fold, the source it
 * came from ("(none)" when it had none) and its group. */
typedef struct spamcls_cv_row {
  double probability;
  double score;          /* the fold model's decision value */
  spamcls_label label;
  unsigned fold;
  const char *source;    /* owned by cv */
  const char *group;     /* its group value, NULL when none; owned by cv */
  size_t group_len;
} spamcls_cv_row;
void spamcls_cv_get(const spamcls_cv *cv, size_t i, spamcls_cv_row *out);

#ifdef __cplusplus
}
#endif

#endif /* SPAMCLS_H */
