/*
 * model.c - the model object: creation, accessors, thresholds, and the
 * "key value" lines shared by the file header and the model card.
 *
 * The header lines are exactly what model_file.c stores and parses back,
 * in a fixed order, with doubles as %.17g so they read back bit for bit;
 * the card is "format_version", the header, the number of nonzero
 * weights and, when the model was trained with another Unicode version
 * than this library's utf8proc, a "warning" line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "classifier.h"

/* Informational: what the pipeline version stands for. */
static const char normalization_desc[] =
    "html-entities,nfkc-casefold,drop-ignorables,fold-styled,"
    "strip-latin-marks,fold-lookalikes,join-spaced,collapse-space";

static const struct {
  unsigned flag;
  const char *name;
} families[] = {
  {SPAMCLS_F_WORDS, "words"},     {SPAMCLS_F_CHARS, "chars"},
  {SPAMCLS_F_URLS, "urls"},       {SPAMCLS_F_CONTACT, "contact"},
  {SPAMCLS_F_STATS, "stats"},     {SPAMCLS_F_AUTHOR, "author"},
  {SPAMCLS_F_LEET, "leet"},       {SPAMCLS_F_LEXICON, "lexicon"},
  {SPAMCLS_F_LEET_ENDS, "leet-ends"}, {SPAMCLS_F_TAIL_LENGTH, "tail-length"},
  {SPAMCLS_F_NO_SHAPES, "no-shapes"},  {SPAMCLS_F_MARKUP, "markup"},
  {SPAMCLS_F_DOWNWEIGHT, "downweight"}, {SPAMCLS_F_LANG_MIX, "lang-mix"},
  {SPAMCLS_F_AUTHOR_SHAPE, "author-shape"},
  {SPAMCLS_F_TAIL_BY_LENGTH, "tail-by-length"},
  {SPAMCLS_F_LEET_LINKS, "leet-links"},
  {SPAMCLS_F_LEET_NUMBERS, "leet-numbers"},
};
#define N_FAMILIES (sizeof families / sizeof families[0])

spamcls_status spamcls_families_parse(const char *list, unsigned *flags)
{
  unsigned f;
  if (!list || !flags || !*list || strcmp(list, "none") == 0 ||
      sc_flags_parse(list, strlen(list), &f) < 0)
    return SPAMCLS_ERR_PARAM;
  *flags = f;
  return SPAMCLS_OK;
}

int sc_flags_format(unsigned flags, sc_buf *b)
{
  unsigned known = 0;
  int first = 1;
  for (size_t i = 0; i < N_FAMILIES; i++) {
    known |= families[i].flag;
    if (flags & families[i].flag) {
      if (sc_buf_printf(b, "%s%s", first ? "" : ",", families[i].name) < 0)
        return -1;
      first = 0;
    }
  }
  if (flags & ~known)
    return -1;
  return first ? sc_buf_printf(b, "none") : 0;
}

int sc_flags_parse(const char *s, size_t len, unsigned *flags)
{
  *flags = 0;
  if (len == 4 && memcmp(s, "none", 4) == 0)
    return 0;
  const char *end = s + len;
  while (s < end) {
    const char *comma = memchr(s, ',', (size_t)(end - s));
    size_t n = comma ? (size_t)(comma - s) : (size_t)(end - s);
    size_t i;
    for (i = 0; i < N_FAMILIES; i++)
      if (strlen(families[i].name) == n && memcmp(families[i].name, s, n) == 0)
        break;
    if (i == N_FAMILIES || (*flags & families[i].flag))
      return -1;
    *flags |= families[i].flag;
    if (!comma)
      return 0;
    s = comma + 1;
    if (s == end)
      return -1;  /* a trailing comma */
  }
  return -1;
}

int sc_escape(const char *s, size_t len, sc_buf *b)
{
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    int r = c < 0x20 || c >= 0x7f || c == '\\' ? sc_buf_printf(b, "\\x%02x", c)
                                               : sc_buf_putc(b, c);
    if (r < 0)
      return -1;
  }
  return 0;
}

static int hexval(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

char *sc_unescape(const char *s, size_t len, int *bad)
{
  *bad = 0;
  char *out = malloc(len + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '\\') {
      out[o++] = s[i];
      continue;
    }
    int hi = i + 3 < len && s[i + 1] == 'x' ? hexval(s[i + 2]) : -1;
    int lo = hi >= 0 ? hexval(s[i + 3]) : -1;
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) { /* NUL: names are C strings */
      free(out);
      *bad = 1;
      return NULL;
    }
    out[o++] = (char)(hi * 16 + lo);
    i += 3;
  }
  out[o] = '\0';
  return out;
}

spamcls_model *sc_model_new(const spamcls_pipeline *p)
{
  if (p->hash_bits < 10 || p->hash_bits > 24)
    return NULL;
  spamcls_model *m = calloc(1, sizeof *m);
  if (!m)
    return NULL;
  m->pipe = *p;
  m->pipe.lexicon = NULL;
  m->pipe.lexicon_len = 0;
  if (p->lexicon && sc_model_set_lexicon(m, p->lexicon, p->lexicon_len) < 0) {
    free(m);
    return NULL;
  }
  m->pipeline_version = spamcls_pipeline_version();
  m->spamcls_version = strdup(SPAMCLS_VERSION);
  m->normalization = strdup(normalization_desc);
  m->unicode_version = strdup(utf8proc_unicode_version());
  m->solver = SPAMCLS_SOLVER_LIBSVM;
  m->C = 1.0;
  m->weight_spam = m->weight_ham = 1.0;
  m->platt_a = -1.0;
  m->platt_b = 0.0;
  m->threshold = 0.5;
  m->margin = 0.1;
  if (!m->spamcls_version || !m->normalization || !m->unicode_version ||
      sc_linear_init(&m->lin, 1u << p->hash_bits) < 0) {
    spamcls_model_free(m);
    return NULL;
  }
  return m;
}

int sc_model_set_lexicon(spamcls_model *m, const char *s, size_t n)
{
  char *copy = malloc(n ? n : 1);
  if (!copy)
    return -1;
  memcpy(copy, s, n);
  free(m->lexicon);
  m->lexicon = copy;
  m->pipe.lexicon = copy;
  m->pipe.lexicon_len = n;
  return 0;
}

void spamcls_model_free(spamcls_model *m)
{
  if (!m)
    return;
  free(m->lexicon);
  free(m->spamcls_version);
  free(m->normalization);
  free(m->unicode_version);
  sc_linear_free(&m->lin);
  for (size_t i = 0; i < m->n_sources; i++)
    free(m->sources[i].name);
  free(m->sources);
  sc_learned_free(&m->learned);
  sc_docfreq_free(&m->docfreq);
  free(m->card);
  free(m);
}

int sc_model_add_source(spamcls_model *m, const char *name, size_t spam,
                        size_t ham)
{
  sc_source_count *s = realloc(m->sources, (m->n_sources + 1) * sizeof *s);
  if (!s)
    return -1;
  m->sources = s;
  char *copy = strdup(name);
  if (!copy)
    return -1;
  s[m->n_sources].name = copy;
  s[m->n_sources].spam = spam;
  s[m->n_sources].ham = ham;
  m->n_sources++;
  return 0;
}

int sc_model_header(const spamcls_model *m, sc_buf *b)
{
  const spamcls_pipeline *p = &m->pipe;
  int r = 0;
  r |= sc_buf_printf(b, "spamcls_version %s\n", m->spamcls_version);
  r |= sc_buf_printf(b, "pipeline_version %lu\n",
                     (unsigned long)m->pipeline_version);
  r |= sc_buf_printf(b, "hash_bits %u\nword_ngrams %u\nchar_min %u\n"
                     "char_max %u\nfeatures ", p->hash_bits, p->word_ngrams,
                     p->char_min, p->char_max);
  r |= sc_flags_format(p->flags, b);
  r |= sc_buf_putc(b, '\n');
  /* One "lexicon CLASS TERM" line per entry: the entries are
   * "CLASS TERM\n" lines already. */
  for (size_t i = 0; i < p->lexicon_len && r == 0;) {
    const char *nl = memchr(p->lexicon + i, '\n', p->lexicon_len - i);
    size_t e = nl ? (size_t)(nl - p->lexicon) + 1 : p->lexicon_len;
    r |= sc_buf_append(b, "lexicon ", 8);
    r |= sc_buf_append(b, p->lexicon + i, e - i);
    i = e;
  }
  r |= sc_buf_printf(b, "normalization %s\nunicode_version %s\n",
                     m->normalization, m->unicode_version);
  r |= sc_buf_printf(b, "solver %s\nC %.17g\ntuned %d\nweight_spam %.17g\n"
                     "weight_ham %.17g\nfolds %u\nseed %lu\n",
                     sc_solver_name(m->solver), m->C, m->tuned,
                     m->weight_spam, m->weight_ham, m->folds, m->seed);
  /* optional: absent means 0, so models without it still load */
  if (m->balance_sources)
    r |= sc_buf_printf(b, "balance_sources 1\n");
  r |= sc_buf_printf(b, "positive_class spam\nbias %.17g\nplatt_a %.17g\n"
                     "platt_b %.17g\nthreshold %.17g\nmargin %.17g\n",
                     m->lin.b, m->platt_a, m->platt_b, m->threshold,
                     m->margin);
  r |= sc_buf_printf(b, "train_comments %zu\ntrain_spam %zu\ntrain_ham %zu\n"
                     "train_duplicates %zu\ntrain_conflicts %zu\n"
                     "train_empty %zu\n", m->comments, m->spam, m->ham,
                     m->duplicates, m->conflicts, m->empty);
  for (size_t i = 0; i < m->n_sources && r == 0; i++) {
    r |= sc_buf_printf(b, "source %zu %zu ", m->sources[i].spam,
                       m->sources[i].ham);
    r |= sc_escape(m->sources[i].name, strlen(m->sources[i].name), b);
    r |= sc_buf_putc(b, '\n');
  }
  if (r == 0)
    r = sc_learned_header(&m->learned, b);
  return r ? -1 : 0;
}

spamcls_status sc_model_finish(spamcls_model *m)
{
  size_t nonzero;
  sc_weights_scan(m->lin.w + 1, m->lin.dim, &nonzero);
  return sc_model_finish_counted(m, nonzero);
}

spamcls_status sc_model_finish_counted(spamcls_model *m, size_t nonzero)
{
  sc_buf b = {0};
  const char *uv = utf8proc_unicode_version();
  int r = sc_buf_printf(&b, "format_version %u\n", SC_MODEL_FORMAT_XXH3);
  r |= sc_model_header(m, &b);
  r |= sc_buf_printf(&b, "weights_nonzero %zu\n", nonzero);
  if (m->docfreq.docs)
    r |= sc_buf_printf(&b, "docfreq %zu features in %g%% or more of the "
                       "%lu ham training comments\n", m->docfreq.n,
                       100 * SC_DOCFREQ_MIN_SHARE,
                       (unsigned long)m->docfreq.docs);
  if (strcmp(m->unicode_version, uv) != 0)
    r |= sc_buf_printf(&b, "warning the model was trained with Unicode %s, "
                       "this library has Unicode %s: styled or new "
                       "characters may normalize differently\n",
                       m->unicode_version, uv);
  if (r) {
    sc_buf_free(&b);
    return SPAMCLS_ERR_NOMEM;
  }
  free(m->card);
  m->card = b.data;
  return SPAMCLS_OK;
}

const spamcls_pipeline *spamcls_model_pipeline(const spamcls_model *m)
{
  return &m->pipe;
}

void spamcls_model_get_thresholds(const spamcls_model *m, double *threshold,
                                  double *margin)
{
  if (threshold)
    *threshold = m->threshold;
  if (margin)
    *margin = m->margin;
}

const char *sc_thresholds_check(double threshold, double margin)
{
  if (!(threshold >= 0 && threshold <= 1))
    return "the threshold must be between 0 and 1";
  if (!(margin >= 0 && margin <= 0.5))
    return "the unsure margin must be between 0 and 0.5";
  /* Past 1, spam could never be called; below 0, ham never. */
  if (threshold + margin > 1 || threshold - margin < 0)
    return "threshold and margin must keep the unsure band inside 0..1";
  return NULL;
}

spamcls_status spamcls_model_set_thresholds(spamcls_model *m,
                                            double threshold, double margin)
{
  if (!m || sc_thresholds_check(threshold, margin))
    return SPAMCLS_ERR_PARAM;
  double t = m->threshold, g = m->margin;
  m->threshold = threshold;
  m->margin = margin;
  spamcls_status st = sc_model_finish(m);
  if (st != SPAMCLS_OK) {
    m->threshold = t;
    m->margin = g;
  }
  return st;
}

const char *spamcls_model_card(const spamcls_model *m)
{
  return m->card ? m->card : "";
}
