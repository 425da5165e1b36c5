/*
 * options.h - long-only option numbers and the input options every
 * command that reads comments accepts.
 */
#ifndef SC_OPTIONS_H
#define SC_OPTIONS_H

#include <getopt.h>

enum {
  OPT_FORMAT = 1000,
  OPT_TEXT_COL,
  OPT_LABEL_COL,
  OPT_ID_COL,
  OPT_AUTHOR_COL,
  OPT_AUTHOR_URL_COL,
  OPT_GROUP_COL,
  OPT_MAX_RECORD,
  OPT_OUTPUT,
  OPT_EXPLAIN,
  OPT_THRESHOLD,
  OPT_MARGIN,
  OPT_EXIT_STATUS,
  OPT_SOLVER,
  OPT_TUNE,
  OPT_FOLDS,
  OPT_SEED,
  OPT_WEIGHT_SPAM,
  OPT_WEIGHT_HAM,
  OPT_HASH_BITS,
  OPT_WORD_NGRAMS,
  OPT_CHAR_NGRAMS,
  OPT_HASHED,
  OPT_LEXICON,
  OPT_BALANCE_SOURCES,
  OPT_FEATURES,
  OPT_HELP
};

#define CLI_INPUT_LONGOPTS                                       \
  {"format", required_argument, NULL, OPT_FORMAT},               \
  {"text-col", required_argument, NULL, OPT_TEXT_COL},           \
  {"label-col", required_argument, NULL, OPT_LABEL_COL},         \
  {"id-col", required_argument, NULL, OPT_ID_COL},               \
  {"author-col", required_argument, NULL, OPT_AUTHOR_COL},       \
  {"author-url-col", required_argument, NULL, OPT_AUTHOR_URL_COL}, \
  {"group-col", required_argument, NULL, OPT_GROUP_COL},         \
  {"max-record", required_argument, NULL, OPT_MAX_RECORD}

#define CLI_INPUT_HELP                                                       \
  "Input options:\n"                                                         \
  "      --format F          plain, tsv, csv or jsonl (default: from the\n"  \
  "                          file name; plain for stdin)\n"                  \
  "      --text-col NAME     CSV column / JSON key of the comment text\n"    \
  "      --label-col NAME    ... of the label (spam/ham, 1/0, true/false)\n" \
  "      --id-col NAME       ... of the comment id\n"                        \
  "      --author-col NAME   ... of the author name\n"                       \
  "      --author-url-col NAME  ... of the author's URL\n"                   \
  "      --max-record BYTES  skip records longer than this (default 1 MiB)\n"

#endif /* SC_OPTIONS_H */
