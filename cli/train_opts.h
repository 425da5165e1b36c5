/*
 * train_opts.h - the training options that "train" and "eval --cv" share
 * (solver, cost, folds, weights, thresholds, feature pipeline), so that a
 * cross-validated figure is measured with exactly the settings a model
 * would be trained with.
 */
#ifndef SC_TRAIN_OPTS_H
#define SC_TRAIN_OPTS_H

#include "cli.h"
#include "options.h"

typedef struct cli_train_opts {
  spamcls_train_params tp;
  spamcls_pipeline pipe;
  const char *model_only;  /* the last option given that only shapes
                              training (NULL: none), for commands that
                              must refuse it */
  const char *lexicon_path;  /* --lexicon FILE */
  int families_given;        /* --features: the families are as listed */
  char *lexicon;             /* its entries, read by cli_train_opts_finish */
} cli_train_opts;

/* Defaults: spamcls_train_params_default and spamcls_pipeline_default. */
void cli_train_opts_init(cli_train_opts *t);

/* Handles one training option; 1 if it was one, 0 if not, -1 on a bad
 * value (usage message printed). */
int cli_train_option(const char *cmd, int opt, const char *arg,
                     cli_train_opts *t);

/* After the last option: reads the --lexicon file into the pipeline and
 * checks the pipeline settings. EXIT_OK, or the exit code (message
 * printed). */
int cli_train_opts_finish(const char *cmd, cli_train_opts *t);

/* Releases the lexicon (the pipeline no longer points at it). */
void cli_train_opts_free(cli_train_opts *t);

#define CLI_TRAIN_SHORTOPTS "C:j:"

#define CLI_TRAIN_LONGOPTS                                       \
  {"solver", required_argument, NULL, OPT_SOLVER},               \
  {"cost", required_argument, NULL, 'C'},                        \
  {"tune", no_argument, NULL, OPT_TUNE},                         \
  {"folds", required_argument, NULL, OPT_FOLDS},                 \
  {"seed", required_argument, NULL, OPT_SEED},                   \
  {"weight-spam", required_argument, NULL, OPT_WEIGHT_SPAM},     \
  {"weight-ham", required_argument, NULL, OPT_WEIGHT_HAM},       \
  {"threshold", required_argument, NULL, OPT_THRESHOLD},         \
  {"unsure-margin", required_argument, NULL, OPT_MARGIN},        \
  {"hash-bits", required_argument, NULL, OPT_HASH_BITS},         \
  {"word-ngrams", required_argument, NULL, OPT_WORD_NGRAMS},     \
  {"char-ngrams", required_argument, NULL, OPT_CHAR_NGRAMS},     \
  {"lexicon", required_argument, NULL, OPT_LEXICON},             \
  {"balance-sources", no_argument, NULL, OPT_BALANCE_SOURCES},     \
  {"features", required_argument, NULL, OPT_FEATURES},           \
  {"jobs", required_argument, NULL, 'j'}

#define CLI_TRAIN_HELP                                                         \
  "Training options:\n"                                                        \
  "      --solver S         libsvm, liblinear, dcd or auto (default: auto =\n"  \
  "                         libsvm up to 5000 comments, dcd above: libsvm's\n" \
  "                         time grows with the square of the comments; dcd\n" \
  "                         is liblinear's solver, the same weights, faster)\n" \
  "  -C, --cost C           SVM cost (default 1)\n"                            \
  "      --tune             choose C by cross-validation\n"                    \
  "      --folds K          folds for --tune and calibration (default 5;\n"   \
  "                         2 for calibration above 20000 comments, each\n"  \
  "                         fitted on at most 250000 of them)\n"             \
  "      --seed N           fold assignment seed (default 1)\n"                \
  "      --weight-spam W    class weights (default: balanced)\n"               \
  "      --weight-ham W\n"                                                     \
  "      --balance-sources  balance spam and ham within each input file first\n" \
  "                         (repeating the rarer class), so that no file's\n"  \
  "                         language or style alone reads as spam or ham\n"    \
  "      --threshold P      spam probability threshold (default 0.5)\n"        \
  "      --unsure-margin M  unsure half-width around it (default 0.1)\n"       \
  "      --hash-bits B      2^B feature buckets (default 20)\n"                \
  "      --word-ngrams N    1: words, 2: words and pairs (default 2)\n"        \
  "      --char-ngrams A-B  character n-gram lengths, 1 to 8; 0-0 for none\n"  \
  "      --features LIST    feature families, comma-separated, from words,\n" \
  "                         chars, urls, contact, stats, author, leet,\n"     \
  "                         and the refinements leet-ends, leet-links,\n" \
  "                         leet-numbers, no-shapes,\n"                     \
  "                         markup, downweight, lang-mix, author-shape,\n" \
  "                         tail-length, tail-by-length (default: all but\n" \
  "                         the last two, which --lexicon adds)\n"          \
  "      --lexicon FILE     add the lexicon family: matches of FILE's terms\n" \
  "                         (\"CLASS TERM\" lines; stored in the model)\n" \
  "  -j, --jobs N           threads for reading, features and fits (default:\n" \
  "                         one per processor); the model is the same\n"

#endif /* SC_TRAIN_OPTS_H */
