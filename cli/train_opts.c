/* train_opts.c - parsing of the training options train and eval share. */
#include <stdlib.h>
#include <string.h>

#include "train_opts.h"

void cli_train_opts_init(cli_train_opts *t)
{
  memset(t, 0, sizeof *t);
  spamcls_train_params_default(&t->tp);
  spamcls_pipeline_default(&t->pipe);
}

static int parse_char_ngrams(const char *s, spamcls_pipeline *p)
{
  char *end;
  unsigned long a = strtoul(s, &end, 10);
  if (end == s || *end != '-')
    return -1;
  const char *b_s = end + 1;
  unsigned long b = strtoul(b_s, &end, 10);
  if (end == b_s || *end || a > b || b > 8 || (a == 0) != (b == 0))
    return -1;
  p->char_min = (unsigned)a;
  p->char_max = (unsigned)b;
  return 0;
}

int cli_train_option(const char *cmd, int opt, const char *arg,
                     cli_train_opts *t)
{
  spamcls_train_params *tp = &t->tp;
  unsigned long v;
  const char *name = NULL;  /* set for the options that only shape training */
  switch (opt) {
  case OPT_SOLVER:
    name = "--solver";
    if (!strcmp(arg, "libsvm")) tp->solver = SPAMCLS_SOLVER_LIBSVM;
    else if (!strcmp(arg, "liblinear")) tp->solver = SPAMCLS_SOLVER_LIBLINEAR;
    else if (!strcmp(arg, "dcd")) tp->solver = SPAMCLS_SOLVER_DCD;
    else if (!strcmp(arg, "auto")) tp->solver = SPAMCLS_SOLVER_AUTO;
    else {
      cli_usage_error(cmd, "unknown solver '%s' (libsvm, liblinear, dcd, auto)", arg);
      return -1;
    }
    break;
  case 'C':
    name = "--cost";
    if (cli_parse_double(cmd, "--cost", arg, 1e-6, 1e6, &tp->C) < 0)
      return -1;
    break;
  case OPT_TUNE: name = "--tune"; tp->tune = 1; break;
  case OPT_FOLDS:
    name = "--folds";
    if (cli_parse_uint(cmd, "--folds", arg, 2, 100, &v) < 0)
      return -1;
    tp->folds = (unsigned)v;
    break;
  case OPT_SEED:
    name = "--seed";
    if (cli_parse_uint(cmd, "--seed", arg, 0, 4294967295ul, &v) < 0)
      return -1;
    tp->seed = v;
    break;
  case OPT_WEIGHT_SPAM:
    name = "--weight-spam";
    if (cli_parse_double(cmd, "--weight-spam", arg, 1e-6, 1e6, &tp->weight_spam) < 0)
      return -1;
    break;
  case OPT_WEIGHT_HAM:
    name = "--weight-ham";
    if (cli_parse_double(cmd, "--weight-ham", arg, 1e-6, 1e6, &tp->weight_ham) < 0)
      return -1;
    break;
  case OPT_THRESHOLD:
    if (cli_parse_double(cmd, "--threshold", arg, 0, 1, &tp->threshold) < 0)
      return -1;
    break;
  case OPT_MARGIN:
    if (cli_parse_double(cmd, "--unsure-margin", arg, 0, 0.5, &tp->margin) < 0)
      return -1;
    break;
  case OPT_HASH_BITS:
    name = "--hash-bits";
    if (cli_parse_uint(cmd, "--hash-bits", arg, 10, 24, &v) < 0)
      return -1;
    t->pipe.hash_bits = (unsigned)v;
    break;
  case OPT_WORD_NGRAMS:
    name = "--word-ngrams";
    if (cli_parse_uint(cmd, "--word-ngrams", arg, 1, 2, &v) < 0)
      return -1;
    t->pipe.word_ngrams = (unsigned)v;
    break;
  case OPT_CHAR_NGRAMS:
    name = "--char-ngrams";
    if (parse_char_ngrams(arg, &t->pipe) < 0) {
      cli_usage_error(cmd, "--char-ngrams expects MIN-MAX (0-0 for none, or lengths from 1 to 8), not '%s'", arg);
      return -1;
    }
    if (t->pipe.char_max == 0)
      t->pipe.flags &= ~(unsigned)SPAMCLS_F_CHARS;
    else
      t->pipe.flags |= SPAMCLS_F_CHARS;
    break;
  case OPT_LEXICON:
    name = "--lexicon";
    t->lexicon_path = arg;
    break;
  case OPT_FEATURES:
    name = "--features";
    t->families_given = 1;
    if (spamcls_families_parse(arg, &t->pipe.flags) != SPAMCLS_OK) {
      cli_usage_error(cmd, "--features expects families from words, chars, "
                      "urls, contact, stats, author, leet, leet-ends, "
                      "leet-links, leet-numbers, no-shapes, tail-length, "
                      "markup, downweight, lang-mix, author-shape, "
                      "tail-by-length, not '%s'",
                      arg);
      return -1;
    }
    break;
  case OPT_BALANCE_SOURCES:
    name = "--balance-sources";
    t->tp.balance_sources = 1;
    break;
  case 'j':  /* how, not what: the model is the same whatever the number */
    if (cli_parse_uint(cmd, "--jobs", arg, 1, 1024, &v) < 0)
      return -1;
    tp->threads = (unsigned)v;
    break;
  default:
    return 0;
  }
  if (name)
    t->model_only = name;
  return 1;
}

int cli_train_opts_finish(const char *cmd, cli_train_opts *t)
{
  if (t->lexicon_path) {
    spamcls_error err = {{0}};
    spamcls_status st = spamcls_lexicon_read(t->lexicon_path, &t->lexicon,
                                             &t->pipe.lexicon_len, &err);
    if (st != SPAMCLS_OK) {
      cli_error("%s", err.msg);
      return cli_exit_for(st);
    }
    t->pipe.lexicon = t->lexicon;
    t->pipe.flags |= SPAMCLS_F_LEXICON;
    /* its length conjunctions come with it, unless --features chose */
    if (!t->families_given)
      t->pipe.flags |= SPAMCLS_F_TAIL_LENGTH | SPAMCLS_F_TAIL_BY_LENGTH;
  }
  const char *why = spamcls_pipeline_check(&t->pipe);
  if (why)
    return cli_usage_error(cmd, "%s", why);
  return EXIT_OK;
}

void cli_train_opts_free(cli_train_opts *t)
{
  free(t->lexicon);
  t->lexicon = NULL;
  t->pipe.lexicon = NULL;
  t->pipe.lexicon_len = 0;
}
