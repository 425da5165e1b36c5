/*
 * model_file.c - the binary model file (docs/model-format.md).
 *
 *   offset  size  field
 *   0       8     magic "SPAMCLSM"
 *   8       4     u32 format version (1 to 4)
 *   12      4     u32 header length H
 *   16      H     header: "key value\n" lines, printable ASCII
 *   16+H    0-3   zero padding to a multiple of 4
 *   P       4     u32 weight count N (= 2^hash_bits + 1)
 *   P+4     4N    f32 weights, w[0] unused and 0
 *   P+4+4N        tagged sections (versions 3 and 4)
 *   end-8   8     u64 XXH3-64 of every byte before it (version 4)
 * All integers and floats little-endian. The tagged sections sit between
 * the weights and the checksum (each: 4-byte tag, u32 length, the bytes,
 * zero padding to 4): "DOCF", the ham training comments' document
 * frequencies (docfreq.c), and "LRND", learned corrections
 * (learned_file.c). Versions 1 to 3, still read, end in a u32 CRC-32
 * instead; version 1 has no sections, version 2 one untagged learned
 * section with a u32 length.
 *
 * The loader trusts nothing: the size is capped, each length is checked
 * against the file size before it is used (so a forged count cannot make
 * it allocate more than the file holds), the checksum is checked before the
 * header is interpreted, and then every value must parse fully and be in
 * range. Unknown header keys are ignored: a key that changes how a model
 * scores is never added without a new format or pipeline version, so an
 * unknown key can only be informational (it is dropped on re-save).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classifier.h"

#define PREFIX 16u                /* magic, version, header length */
#define MAX_HEADER (16u << 20)    /* bytes of header text */

/* ------------------------------------------------------- little-endian */

static int host_is_le(void)
{
  const uint32_t one = 1;
  unsigned char c;
  memcpy(&c, &one, 1);
  return c == 1;
}

static void swap32(void *p, size_t n)
{
  unsigned char *b = p;
  for (size_t i = 0; i < n; i++, b += 4) {
    unsigned char t = b[0];
    b[0] = b[3];
    b[3] = t;
    t = b[1];
    b[1] = b[2];
    b[2] = t;
  }
}

/* ---------------------------------------------------------------- save */

static spamcls_status write_all(sc_atomic *a, const void *p, size_t n,
                                sc_digest *sum, spamcls_error *err)
{
  if (n && fwrite(p, 1, n, a->fp) != n) {
    int e = errno;
    spamcls_status st = sc_error(err, SPAMCLS_ERR_IO, "%s: cannot write: %s",
                                 a->path, strerror(e ? e : EIO));
    sc_atomic_abort(a);
    return st;
  }
  sc_digest_update(sum, p, n);
  return SPAMCLS_OK;
}

/* The weights in little-endian order, a chunk at a time. */
static spamcls_status write_weights(sc_atomic *a, const float *w, size_t n,
                                    sc_digest *sum, spamcls_error *err)
{
  if (host_is_le())
    return write_all(a, w, n * 4, sum, err);
  float chunk[1024];
  while (n) {
    size_t k = n < 1024 ? n : 1024;
    memcpy(chunk, w, k * 4);
    swap32(chunk, k);
    spamcls_status st = write_all(a, chunk, k * 4, sum, err);
    if (st != SPAMCLS_OK)
      return st;
    w += k;
    n -= k;
  }
  return SPAMCLS_OK;
}

/* One tagged section: tag, u32 length, the bytes, zero padding to 4. */
static int put_section(sc_buf *b, const char *tag, const sc_buf *body)
{
  static const unsigned char zeros[4] = {0};
  if (body->len > UINT32_MAX - 3)
    return -1;
  return sc_buf_append(b, tag, 4) | sc_buf_put_le32(b, (uint32_t)body->len) |
         sc_buf_append(b, body->data, body->len) |
         sc_buf_append(b, zeros, (4 - body->len % 4) % 4);
}

/* The tagged sections, in the order written. */
static int sections(const spamcls_model *m, sc_buf *out)
{
  int r = 0;
  if (m->docfreq.docs) {
    sc_buf body = {0};
    r |= sc_docfreq_section(&m->docfreq, &body) | put_section(out, "DOCF",
                                                              &body);
    sc_buf_free(&body);
  }
  if (m->learned.present && r == 0) {
    sc_buf body = {0};
    r |= sc_learned_section(&m->learned, &body) | put_section(out, "LRND",
                                                              &body);
    sc_buf_free(&body);
  }
  return r ? -1 : 0;
}

spamcls_status spamcls_model_save(const spamcls_model *m, const char *path,
                                  spamcls_error *err)
{
  if (!m || !path)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: no model or no path",
                    __FILE__, __LINE__);
  sc_buf head = {0};
  unsigned char word[4];
  uint32_t count = m->lin.dim + 1;
  const sc_learned *l = &m->learned;
  int r = sc_buf_append(&head, SC_MODEL_MAGIC, 8);
  sc_put_le32(word, SC_MODEL_FORMAT_XXH3);
  r |= sc_buf_append(&head, word, 4);
  r |= sc_buf_append(&head, word, 4);  /* header length, set below */
  r |= sc_model_header(m, &head);
  if (r)
    return sc_buf_free(&head), sc_error(err, SPAMCLS_ERR_NOMEM,
                                        "%s: out of memory", path);
  size_t hlen = head.len - PREFIX;
  if (hlen > MAX_HEADER)
    return sc_buf_free(&head), sc_error(err, SPAMCLS_ERR_PARAM,
                                        "%s: model header too long", path);
  sc_put_le32((unsigned char *)head.data + 12, (uint32_t)hlen);
  static const unsigned char zeros[4] = {0};
  r = sc_buf_append(&head, zeros, (4 - head.len % 4) % 4);
  sc_put_le32(word, count);
  r |= sc_buf_append(&head, word, 4);
  if (r)
    return sc_buf_free(&head), sc_error(err, SPAMCLS_ERR_NOMEM,
                                        "%s: out of memory", path);

  sc_buf sec = {0};
  sc_digest sum;
  if (sections(m, &sec) < 0 || sc_digest_init(&sum, 1) < 0) {
    sc_buf_free(&head);
    sc_buf_free(&sec);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", path);
  }
  sc_atomic a;
  spamcls_status st = sc_atomic_open(&a, path, err);
  if (st == SPAMCLS_OK)
    st = write_all(&a, head.data, head.len, &sum, err);
  /* the base weights; a learned model's delta follows in its section */
  if (st == SPAMCLS_OK)
    st = write_weights(&a, l->base_w ? l->base_w : m->lin.w, count, &sum, err);
  if (st == SPAMCLS_OK)
    st = write_all(&a, sec.data, sec.len, &sum, err);
  if (st == SPAMCLS_OK) {
    unsigned char tail[8];
    uint64_t v = sc_digest_value(&sum);
    sc_put_le32(tail, (uint32_t)v);
    sc_put_le32(tail + 4, (uint32_t)(v >> 32));
    st = write_all(&a, tail, 8, &sum, err);
  }
  if (st == SPAMCLS_OK)
    st = sc_atomic_commit(&a, err);
  sc_buf_free(&head);
  sc_buf_free(&sec);
  sc_digest_free(&sum);
  return st;
}

/* ---------------------------------------------------------------- input */

/* Where the bytes come from: a file descriptor or memory. */
typedef struct src {
  const char *name;
  int fd;  /* -1: mem */
  const unsigned char *mem;
  uint64_t size, pos;
} src;

static spamcls_status src_read(src *s, void *dst, size_t n, spamcls_error *err)
{
  if (n > s->size - s->pos)
    return sc_error(err, SPAMCLS_ERR_MODEL, "%s: truncated model file", s->name);
  if (s->fd < 0) {
    memcpy(dst, s->mem + s->pos, n);
    s->pos += n;
    return SPAMCLS_OK;
  }
  unsigned char *p = dst;
  while (n) {
    ssize_t k = read(s->fd, p, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k < 0)
      return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", s->name, strerror(errno));
    if (k == 0)  /* shrank while we read it */
      return sc_error(err, SPAMCLS_ERR_MODEL, "%s: truncated model file",
                      s->name);
    p += k;
    n -= (size_t)k;
    s->pos += (uint64_t)k;
  }
  return SPAMCLS_OK;
}

/* ---------------------------------------------------------------- header */

enum {
  K_SPAMCLS_VERSION, K_PIPELINE_VERSION, K_HASH_BITS, K_WORD_NGRAMS,
  K_CHAR_MIN, K_CHAR_MAX, K_FEATURES, K_NORMALIZATION, K_UNICODE_VERSION,
  K_SOLVER, K_C, K_TUNED, K_WEIGHT_SPAM, K_WEIGHT_HAM, K_FOLDS, K_SEED,
  K_POSITIVE_CLASS, K_BIAS, K_PLATT_A, K_PLATT_B, K_THRESHOLD, K_MARGIN,
  K_TRAIN_COMMENTS, K_TRAIN_SPAM, K_TRAIN_HAM, K_TRAIN_DUPLICATES,
  K_TRAIN_CONFLICTS, K_TRAIN_EMPTY, K_COUNT
};

static const char *const key_names[K_COUNT] = {
  "spamcls_version", "pipeline_version", "hash_bits", "word_ngrams",
  "char_min", "char_max", "features", "normalization", "unicode_version",
  "solver", "C", "tuned", "weight_spam", "weight_ham", "folds", "seed",
  "positive_class", "bias", "platt_a", "platt_b", "threshold", "margin",
  "train_comments", "train_spam", "train_ham", "train_duplicates",
  "train_conflicts", "train_empty",
};

typedef struct span {
  const char *p;
  size_t n;
  unsigned line;
} span;

typedef struct hdr {
  const char *name;  /* the file, for messages */
  span val[K_COUNT];
  spamcls_error *err;
} hdr;

static spamcls_status bad(hdr *h, const span *v, const char *key,
                          const char *why)
{
  return sc_error(h->err, SPAMCLS_ERR_MODEL, "%s: header line %u: %s %s",
                  h->name, v->line, key, why);
}

/* A decimal integer, digits only, at most max. */
static int parse_uint(const span *v, uint64_t max, uint64_t *out)
{
  uint64_t x = 0;
  if (v->n == 0 || v->n > 20)
    return -1;
  for (size_t i = 0; i < v->n; i++) {
    unsigned d = (unsigned)(v->p[i] - '0');
    if (d > 9 || x > (UINT64_MAX - d) / 10)
      return -1;
    x = x * 10 + d;
  }
  if (x > max)
    return -1;
  *out = x;
  return 0;
}

/* A finite double, the whole value (strtod with an end check). */
static int parse_double(const span *v, double *out)
{
  char buf[64];
  if (v->n == 0 || v->n >= sizeof buf || v->p[0] == ' ')
    return -1;
  memcpy(buf, v->p, v->n);
  buf[v->n] = '\0';
  char *end;
  errno = 0;
  double x = strtod(buf, &end);
  if (end != buf + v->n || !isfinite(x) || errno == ERANGE)
    return -1;
  *out = x;
  return 0;
}

static int span_is(const span *v, const char *s)
{
  return v->n == strlen(s) && memcmp(v->p, s, v->n) == 0;
}

static char *span_dup(const span *v)
{
  char *s = malloc(v->n + 1);
  if (s) {
    memcpy(s, v->p, v->n);
    s[v->n] = '\0';
  }
  return s;
}

/* Splits the header into lines and records the known keys' values.
 * source lines are left for parse_sources. */
static spamcls_status scan_lines(hdr *h, const char *text, size_t len)
{
  const char *end = text + len;
  unsigned line = 0;
  if (len && text[len - 1] != '\n')
    return sc_error(h->err, SPAMCLS_ERR_MODEL,
                    "%s: header does not end with a newline", h->name);
  for (const char *p = text; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *sp = memchr(p, ' ', (size_t)(nl - p));
    size_t klen = sp ? (size_t)(sp - p) : 0;
    int ok = sp && klen > 0 && sp + 1 < nl;
    for (size_t i = 0; ok && i < klen; i++)
      ok = (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
           (p[i] >= '0' && p[i] <= '9') || p[i] == '_';
    for (const char *q = sp ? sp + 1 : nl; ok && q < nl; q++)
      ok = *q >= 0x20 && *q < 0x7f;
    if (!ok)
      return sc_error(h->err, SPAMCLS_ERR_MODEL,
                      "%s: header line %u is not \"key value\"", h->name,
                      line + 1);
    for (int k = 0; k < K_COUNT; k++) {
      if (strlen(key_names[k]) == klen && memcmp(key_names[k], p, klen) == 0) {
        if (h->val[k].p)
          return sc_error(h->err, SPAMCLS_ERR_MODEL,
                          "%s: header line %u: %s given twice", h->name,
                          line + 1, key_names[k]);
        h->val[k].p = sp + 1;
        h->val[k].n = (size_t)(nl - sp - 1);
        h->val[k].line = line + 1;
      }
    }
    p = nl + 1;
  }
  for (int k = 0; k < K_COUNT; k++)
    if (!h->val[k].p)
      return sc_error(h->err, SPAMCLS_ERR_MODEL,
                      "%s: header has no %s: not a complete spamcls model",
                      h->name, key_names[k]);
  return SPAMCLS_OK;
}

static spamcls_status get_uint(hdr *h, int k, uint64_t lo, uint64_t max,
                               uint64_t *out)
{
  if (parse_uint(&h->val[k], max, out) < 0 || *out < lo)
    return bad(h, &h->val[k], key_names[k], "is not a number in range");
  return SPAMCLS_OK;
}

static spamcls_status get_double(hdr *h, int k, double lo, double hi,
                                 double *out)
{
  if (parse_double(&h->val[k], out) < 0 || !(*out >= lo && *out <= hi))
    return bad(h, &h->val[k], key_names[k], "is not a finite number in range");
  return SPAMCLS_OK;
}

static spamcls_status get_string(hdr *h, int k, char **out)
{
  *out = span_dup(&h->val[k]);
  return *out ? SPAMCLS_OK
              : sc_error(h->err, SPAMCLS_ERR_NOMEM, "%s: out of memory", h->name);
}

#define TRY(x)                  \
  do {                          \
    spamcls_status st_ = (x);   \
    if (st_ != SPAMCLS_OK)      \
      return st_;               \
  } while (0)

/* "lexicon CLASS TERM" lines, in order, become the pipeline's lexicon
 * (checked with the rest of the pipeline). */
static spamcls_status parse_lexicon(hdr *h, const char *text, size_t len,
                                    spamcls_model *m)
{
  sc_buf b = {0};
  const char *end = text + len;
  for (const char *p = text; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if ((size_t)(nl - p) > 8 && memcmp(p, "lexicon ", 8) == 0 &&
        sc_buf_append(&b, p + 8, (size_t)(nl - p) - 7) < 0) {
      sc_buf_free(&b);
      return sc_error(h->err, SPAMCLS_ERR_NOMEM, "%s: out of memory", h->name);
    }
    p = nl + 1;
  }
  int r = b.len ? sc_model_set_lexicon(m, b.data, b.len) : 0;
  sc_buf_free(&b);
  return r < 0 ? sc_error(h->err, SPAMCLS_ERR_NOMEM, "%s: out of memory",
                          h->name)
               : SPAMCLS_OK;
}

static spamcls_status parse_pipeline(hdr *h, const char *text, size_t len,
                                     spamcls_model *m)
{
  uint64_t v;
  TRY(get_uint(h, K_HASH_BITS, 10, 24, &v));
  m->pipe.hash_bits = (unsigned)v;
  TRY(get_uint(h, K_WORD_NGRAMS, 1, 2, &v));
  m->pipe.word_ngrams = (unsigned)v;
  TRY(get_uint(h, K_CHAR_MIN, 0, 64, &v));
  m->pipe.char_min = (unsigned)v;
  TRY(get_uint(h, K_CHAR_MAX, 0, 64, &v));
  m->pipe.char_max = (unsigned)v;
  if (sc_flags_parse(h->val[K_FEATURES].p, h->val[K_FEATURES].n,
                     &m->pipe.flags) < 0)
    return bad(h, &h->val[K_FEATURES], "features", "names an unknown family");
  TRY(parse_lexicon(h, text, len, m));
  const char *why = spamcls_pipeline_check(&m->pipe);
  if (why)
    return sc_error(h->err, SPAMCLS_ERR_MODEL, "%s: invalid pipeline: %s",
                    h->name, why);
  return SPAMCLS_OK;
}

static spamcls_status parse_training(hdr *h, spamcls_model *m)
{
  uint64_t v;
  const span *s = &h->val[K_SOLVER];
  if (span_is(s, "libsvm"))
    m->solver = SPAMCLS_SOLVER_LIBSVM;
  else if (span_is(s, "liblinear"))
    m->solver = SPAMCLS_SOLVER_LIBLINEAR;
  else if (span_is(s, "dcd"))
    m->solver = SPAMCLS_SOLVER_DCD;
  else
    return bad(h, s, "solver", "is not libsvm, liblinear or dcd");
  TRY(get_double(h, K_C, 1e-300, 1e300, &m->C));
  TRY(get_uint(h, K_TUNED, 0, 1, &v));
  m->tuned = (int)v;
  TRY(get_double(h, K_WEIGHT_SPAM, 1e-300, 1e300, &m->weight_spam));
  TRY(get_double(h, K_WEIGHT_HAM, 1e-300, 1e300, &m->weight_ham));
  TRY(get_uint(h, K_FOLDS, 0, UINT_MAX, &v));
  m->folds = (unsigned)v;
  TRY(get_uint(h, K_SEED, 0, ULONG_MAX, &v));
  m->seed = (unsigned long)v;
  return SPAMCLS_OK;
}

/* The optional "balance_sources 0|1" line (absent: 0). */
static spamcls_status parse_balance(hdr *h, const char *text, size_t len,
                                    spamcls_model *m)
{
  static const char key[] = "balance_sources ";
  const char *end = text + len;
  unsigned line = 0;
  m->balance_sources = 0;
  for (const char *p = text; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    span v = {p + sizeof key - 1, 0, line + 1};
    if ((size_t)(nl - p) >= sizeof key - 1 &&
        memcmp(p, key, sizeof key - 1) == 0) {
      uint64_t x;
      v.n = (size_t)(nl - v.p);
      if (parse_uint(&v, 1, &x) < 0)
        return bad(h, &v, "balance_sources", "is not 0 or 1");
      m->balance_sources = (int)x;
    }
    p = nl + 1;
  }
  return SPAMCLS_OK;
}

static spamcls_status parse_scoring(hdr *h, spamcls_model *m)
{
  if (!span_is(&h->val[K_POSITIVE_CLASS], "spam"))
    return bad(h, &h->val[K_POSITIVE_CLASS], "positive_class", "is not spam");
  TRY(get_double(h, K_BIAS, -HUGE_VAL, HUGE_VAL, &m->lin.b));
  TRY(get_double(h, K_PLATT_A, -HUGE_VAL, HUGE_VAL, &m->platt_a));
  TRY(get_double(h, K_PLATT_B, -HUGE_VAL, HUGE_VAL, &m->platt_b));
  TRY(get_double(h, K_THRESHOLD, 0, 1, &m->threshold));
  TRY(get_double(h, K_MARGIN, 0, 0.5, &m->margin));
  return SPAMCLS_OK;
}

static spamcls_status parse_summary(hdr *h, spamcls_model *m)
{
  uint64_t v[6];
  for (int k = 0; k < 6; k++)
    TRY(get_uint(h, K_TRAIN_COMMENTS + k, 0, SIZE_MAX, &v[k]));
  if (v[1] + v[2] != v[0])
    return bad(h, &h->val[K_TRAIN_COMMENTS], "train_comments",
               "is not train_spam + train_ham");
  m->comments = (size_t)v[0];
  m->spam = (size_t)v[1];
  m->ham = (size_t)v[2];
  m->duplicates = (size_t)v[3];
  m->conflicts = (size_t)v[4];
  m->empty = (size_t)v[5];
  return SPAMCLS_OK;
}

/* "source SPAM HAM NAME" lines, whose counts must add up. */
static spamcls_status parse_sources(hdr *h, const char *text, size_t len,
                                    spamcls_model *m)
{
  const char *end = text + len;
  uint64_t spam = 0, ham = 0;
  unsigned line = 0;
  for (const char *p = text; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    span whole = {p, (size_t)(nl - p), line + 1};
    p = nl + 1;
    if (whole.n < 7 || memcmp(whole.p, "source ", 7) != 0)
      continue;
    const char *a = whole.p + 7, *e = whole.p + whole.n;
    const char *sp1 = memchr(a, ' ', (size_t)(e - a));
    const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(e - sp1 - 1)) : NULL;
    span s1 = {a, sp1 ? (size_t)(sp1 - a) : 0, line + 1};
    span s2 = {sp1 ? sp1 + 1 : a, sp2 ? (size_t)(sp2 - sp1 - 1) : 0, line + 1};
    uint64_t ns, nh;
    if (!sp2 || sp2 + 1 >= e || parse_uint(&s1, SIZE_MAX, &ns) < 0 ||
        parse_uint(&s2, SIZE_MAX, &nh) < 0)
      return bad(h, &whole, "source", "is not \"SPAM HAM NAME\"");
    int malformed;
    char *name = sc_unescape(sp2 + 1, (size_t)(e - sp2 - 1), &malformed);
    if (!name)
      return malformed ? bad(h, &whole, "source", "has a bad escape")
                       : sc_error(h->err, SPAMCLS_ERR_NOMEM, "%s: out of memory",
                                  h->name);
    int r = sc_model_add_source(m, name, (size_t)ns, (size_t)nh);
    free(name);
    if (r < 0)
      return sc_error(h->err, SPAMCLS_ERR_NOMEM, "%s: out of memory", h->name);
    spam += ns;
    ham += nh;
    if (spam > m->spam || ham > m->ham)
      break;
  }
  if (m->n_sources && (spam != m->spam || ham != m->ham))
    return sc_error(h->err, SPAMCLS_ERR_MODEL,
                    "%s: the source counts do not add up to train_spam and "
                    "train_ham", h->name);
  return SPAMCLS_OK;
}

static spamcls_status parse_header(const char *name, const char *text,
                                   size_t len, spamcls_model *m,
                                   spamcls_error *err)
{
  hdr h;
  memset(&h, 0, sizeof h);
  h.name = name;
  h.err = err;
  TRY(scan_lines(&h, text, len));
  /* The pipeline version first: a model of another pipeline may differ in
   * any other value, and the useful message is "retrain". */
  uint64_t pv;
  if (parse_uint(&h.val[K_PIPELINE_VERSION], UINT32_MAX, &pv) < 0)
    return bad(&h, &h.val[K_PIPELINE_VERSION], "pipeline_version",
               "is not a number");
  if (pv != spamcls_pipeline_version())
    return sc_error(err, SPAMCLS_ERR_VERSION,
                    "%s: the model has feature pipeline version %llu, this "
                    "spamcls %s implements version %lu: retrain the model",
                    name, (unsigned long long)pv, SPAMCLS_VERSION,
                    (unsigned long)spamcls_pipeline_version());
  m->pipeline_version = (uint32_t)pv;
  TRY(parse_pipeline(&h, text, len, m));
  free(m->spamcls_version);
  free(m->normalization);
  free(m->unicode_version);
  m->spamcls_version = m->normalization = m->unicode_version = NULL;
  TRY(get_string(&h, K_SPAMCLS_VERSION, &m->spamcls_version));
  TRY(get_string(&h, K_NORMALIZATION, &m->normalization));
  TRY(get_string(&h, K_UNICODE_VERSION, &m->unicode_version));
  TRY(parse_training(&h, m));
  TRY(parse_balance(&h, text, len, m));
  TRY(parse_scoring(&h, m));
  TRY(parse_summary(&h, m));
  return parse_sources(&h, text, len, m);
}

/* ---------------------------------------------------------------- load */

/* Walks the tagged sections of a version 3 or 4 file (p[0..n)): keeps the
 * document frequencies in m (decoded and checked in full when learning
 * needs them) and points *lrnd at the learned section's bytes (NULL when
 * there is none). */
static spamcls_status read_sections(const char *name, const unsigned char *p,
                                    size_t n, spamcls_model *m,
                                    const unsigned char **lrnd,
                                    size_t *lrnd_len, spamcls_error *err)
{
  *lrnd = NULL;
  int seen_docf = 0;
  size_t off = 0;
  while (off < n) {
    if (n - off < 8)
      return sc_error(err, SPAMCLS_ERR_MODEL, "%s: truncated section at byte "
                      "%zu after the weights", name, off);
    const unsigned char *tag = p + off;
    size_t len = sc_get_le32(p + off + 4);
    size_t pad = (4 - len % 4) % 4;
    off += 8;
    if (len > n - off || pad > n - off - len)
      return sc_error(err, SPAMCLS_ERR_MODEL, "%s: a section of %zu bytes in "
                      "the %zu left", name, len, n - off);
    for (size_t i = 0; i < pad; i++)
      if (p[off + len + i])
        return sc_error(err, SPAMCLS_ERR_MODEL, "%s: nonzero padding after "
                        "a section", name);
    if (memcmp(tag, "LRND", 4) == 0 && !*lrnd) {
      *lrnd = p + off;
      *lrnd_len = len;
    } else if (memcmp(tag, "DOCF", 4) == 0 && !seen_docf) {
      spamcls_status st = sc_docfreq_load(&m->docfreq, p + off, len, name,
                                          err);
      if (st != SPAMCLS_OK)
        return st;
      seen_docf = 1;
    } else if (memcmp(tag, "LRND", 4) == 0 || memcmp(tag, "DOCF", 4) == 0) {
      return sc_error(err, SPAMCLS_ERR_MODEL, "%s: section %.4s given twice",
                      name, (const char *)tag);
    } else {
      /* a section that changes what the model does: an older reader must
       * not load it as if it were not there */
      return sc_error(err, SPAMCLS_ERR_VERSION, "%s: a section this spamcls "
                      "%s does not read (tag %02x %02x %02x %02x)", name,
                      SPAMCLS_VERSION, tag[0], tag[1], tag[2], tag[3]);
    }
    off += len + pad;
  }
  return SPAMCLS_OK;
}

static spamcls_status load(src *s, spamcls_model **out, spamcls_error *err)
{
  *out = NULL;
  unsigned char pre[PREFIX];
  size_t have = s->size < PREFIX ? (size_t)s->size : PREFIX;
  TRY(src_read(s, pre, have, err));
  if (have < 8 || memcmp(pre, SC_MODEL_MAGIC, 8) != 0) {
    if (have > 0 && have < 8 && memcmp(pre, SC_MODEL_MAGIC, have) == 0)
      return sc_error(err, SPAMCLS_ERR_MODEL, "%s: truncated model file",
                      s->name);
    return sc_error(err, SPAMCLS_ERR_MODEL, "%s: not a spamcls model%s",
                    s->name, have ? "" : " (empty file)");
  }
  if (have < PREFIX)
    return sc_error(err, SPAMCLS_ERR_MODEL, "%s: truncated model file", s->name);
  uint32_t version = sc_get_le32(pre + 8);
  if (version < SC_MODEL_FORMAT_VERSION || version > SC_MODEL_FORMAT_XXH3)
    return sc_error(err, SPAMCLS_ERR_VERSION,
                    "%s: model file format version %lu, this spamcls %s reads "
                    "versions %u to %u", s->name, (unsigned long)version,
                    SPAMCLS_VERSION, SC_MODEL_FORMAT_VERSION,
                    SC_MODEL_FORMAT_XXH3);
  /* versions 2 to 4 have bytes between the weights and the checksum */
  int more = version != SC_MODEL_FORMAT_VERSION;
  int tagged = version >= SC_MODEL_FORMAT_SECTIONS;
  int xxh3 = version >= SC_MODEL_FORMAT_XXH3;
  size_t tail = xxh3 ? 8 : 4;
  uint64_t hlen = sc_get_le32(pre + 12);
  uint64_t pad = (4 - (PREFIX + hlen) % 4) % 4;
  if (hlen > MAX_HEADER || PREFIX + hlen + pad + 4 + tail > s->size)
    return sc_error(err, SPAMCLS_ERR_MODEL,
                    "%s: truncated or corrupt model file (header of %llu "
                    "bytes in a file of %llu)", s->name,
                    (unsigned long long)hlen, (unsigned long long)s->size);
  size_t blen = (size_t)(hlen + pad + 4);
  unsigned char *buf = malloc(blen + 1);
  if (!buf)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", s->name);
  spamcls_status st = src_read(s, buf, blen, err);
  if (st != SPAMCLS_OK)
    return free(buf), st;
  uint64_t count = sc_get_le32(buf + blen - 4);
  uint64_t want = PREFIX + hlen + pad + 4 + 4 * count + tail;
  /* version 2: a u32 section length and the learned section; versions 3
   * and 4: tagged sections (read_sections) */
  uint64_t sec_len = 0;
  if (version == SC_MODEL_FORMAT_LEARNED && want + 4 <= s->size)
    sec_len = s->size - want - 4;
  else if (tagged && want <= s->size)
    sec_len = s->size - want;
  if (version == SC_MODEL_FORMAT_LEARNED)
    want += 4 + sec_len;
  else if (tagged)
    want += sec_len;
  if (want != s->size) {
    free(buf);
    return sc_error(err, SPAMCLS_ERR_MODEL,
                    "%s: truncated or corrupt model file (%llu weights need "
                    "%llu bytes, the file has %llu)", s->name,
                    (unsigned long long)count, (unsigned long long)want,
                    (unsigned long long)s->size);
  }
  /* count * 4 < size <= SC_MODEL_MAX_BYTES: this allocation is bounded by
   * the file, whatever the header claims. */
  sc_linear wl = {0};
  float *w = sc_weights_alloc(&wl, (size_t)(count ? count : 1));
  unsigned char *sec = malloc((size_t)sec_len + 4);
  unsigned char sumb[8];
  sc_digest sum;
  if (!w || !sec || sc_digest_init(&sum, xxh3) < 0) {
    free(buf);
    sc_linear_free(&wl);
    free(sec);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", s->name);
  }
  st = src_read(s, w, (size_t)count * 4, err);
  size_t more_len = (size_t)sec_len + (version == SC_MODEL_FORMAT_LEARNED ? 4
                                                                        : 0);
  if (st == SPAMCLS_OK && more)
    st = src_read(s, sec, more_len, err);
  if (st == SPAMCLS_OK)
    st = src_read(s, sumb, tail, err);
  if (st != SPAMCLS_OK)
    goto fail;
  sc_digest_update(&sum, pre, PREFIX);
  sc_digest_update(&sum, buf, blen);
  sc_digest_update(&sum, w, (size_t)count * 4);
  if (more)
    sc_digest_update(&sum, sec, more_len);
  uint64_t want_sum = sc_get_le32(sumb);
  if (xxh3)
    want_sum |= (uint64_t)sc_get_le32(sumb + 4) << 32;
  uint64_t got_sum = sc_digest_value(&sum);
  if (got_sum != want_sum) {
    st = sc_error(err, SPAMCLS_ERR_MODEL, "%s: checksum mismatch: the model "
                  "file is corrupt", s->name);
    goto fail;
  }
  for (uint64_t i = 0; i < pad; i++) {
    if (buf[hlen + i]) {
      st = sc_error(err, SPAMCLS_ERR_MODEL, "%s: nonzero padding", s->name);
      goto fail;
    }
  }
  if (!host_is_le())
    swap32(w, (size_t)count);

  /* A shell with the library's defaults; the header fills in the rest. */
  spamcls_pipeline bare;
  memset(&bare, 0, sizeof bare);
  bare.hash_bits = 10;
  spamcls_model *m = sc_model_new(&bare);
  if (!m) {
    st = sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", s->name);
    goto fail;
  }
  sc_linear_free(&m->lin);
  st = parse_header(s->name, (const char *)buf, (size_t)hlen, m, err);
  if (st == SPAMCLS_OK && count != ((uint64_t)1 << m->pipe.hash_bits) + 1)
    st = sc_error(err, SPAMCLS_ERR_MODEL,
                  "%s: %llu weights, but hash_bits %u needs %llu", s->name,
                  (unsigned long long)count, m->pipe.hash_bits,
                  (unsigned long long)((1ull << m->pipe.hash_bits) + 1));
  if (st == SPAMCLS_OK && version == SC_MODEL_FORMAT_LEARNED &&
      sc_get_le32(sec) != sec_len)
    st = sc_error(err, SPAMCLS_ERR_MODEL, "%s: the learned section's length "
                  "does not match the file", s->name);
  const unsigned char *lrnd = version == SC_MODEL_FORMAT_LEARNED ? sec + 4
                                                                 : NULL;
  size_t lrnd_len = (size_t)sec_len;
  if (st == SPAMCLS_OK && tagged)
    st = read_sections(s->name, sec, (size_t)sec_len, m, &lrnd, &lrnd_len,
                       err);
  if (st == SPAMCLS_OK && lrnd)
    st = sc_learned_parse_header(m, (const char *)buf, (size_t)hlen, s->name,
                                 err);
  if (st == SPAMCLS_OK && w[0] != 0.0f)
    st = sc_error(err, SPAMCLS_ERR_MODEL, "%s: weight 0 is not 0", s->name);
  size_t nonzero = 0;  /* w[0] is 0: the count is that of w[1..] */
  if (st == SPAMCLS_OK && !sc_weights_scan(w, (size_t)count, &nonzero)) {
    size_t i = 1;
    while (isfinite(w[i]))
      i++;
    st = sc_error(err, SPAMCLS_ERR_MODEL, "%s: weight %llu is not finite",
                  s->name, (unsigned long long)i);
  }
  if (st == SPAMCLS_OK) {
    m->lin.dim = (uint32_t)(count - 1);
    m->lin.w = w;
    m->lin.map = wl.map;
    m->lin.map_len = wl.map_len;
    w = NULL;
    wl.w = NULL;
    wl.map = NULL;
    m->file_crc = (uint32_t)got_sum;
    if (lrnd)
      st = sc_learned_parse(m, lrnd, lrnd_len, s->name, err);
  }
  if (st == SPAMCLS_OK) {
    /* learned corrections changed the weights since they were counted */
    st = lrnd ? sc_model_finish(m) : sc_model_finish_counted(m, nonzero);
    if (st != SPAMCLS_OK)
      sc_error(err, st, "%s: out of memory", s->name);
  }
  if (st != SPAMCLS_OK) {
    spamcls_model_free(m);
    goto fail;
  }
  free(buf);
  free(sec);
  sc_digest_free(&sum);
  *out = m;
  return SPAMCLS_OK;
fail:
  free(buf);
  sc_linear_free(&wl);
  free(sec);
  sc_digest_free(&sum);
  return st;
}

spamcls_status spamcls_model_load_buffer(const void *data, size_t len,
                                         const char *name,
                                         spamcls_model **out,
                                         spamcls_error *err)
{
  if (!out)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: no output", __FILE__,
                    __LINE__);
  *out = NULL;
  if (!name)
    name = "(model in memory)";
  if (!data && len)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s: no data", name);
  if (len > SC_MODEL_MAX_BYTES)
    return sc_error(err, SPAMCLS_ERR_MODEL,
                    "%s: larger than %u MiB: not a spamcls model", name,
                    SC_MODEL_MAX_BYTES >> 20);
  src s = {name, -1, data, len, 0};
  return load(&s, out, err);
}

spamcls_status spamcls_model_load(const char *path, spamcls_model **out,
                                  spamcls_error *err)
{
  if (!out || !path)
    return sc_error(err, SPAMCLS_ERR_PARAM, "%s:%d: no path or no output",
                    __FILE__, __LINE__);
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", path, strerror(errno));
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    int e = errno;
    close(fd);
    return sc_error(err, SPAMCLS_ERR_IO, "%s: %s", path, strerror(e));
  }
  if (S_ISDIR(sb.st_mode)) {
    close(fd);
    return sc_error(err, SPAMCLS_ERR_IO, "%s: is a directory", path);
  }
  spamcls_status st;
  if (!S_ISREG(sb.st_mode)) {
    /* A pipe or a device: no size to check against, so read it whole,
     * from this descriptor: reopening a FIFO would lose what a writer
     * already wrote and closed, or wait for one that is gone. */
    char *data;
    size_t len;
    st = sc_read_fd(fd, path, SC_MODEL_MAX_BYTES, &data, &len, err);
    close(fd);
    if (st == SPAMCLS_ERR_LIMIT)
      return sc_error(err, SPAMCLS_ERR_MODEL,
                      "%s: larger than %u MiB: not a spamcls model", path,
                      SC_MODEL_MAX_BYTES >> 20);
    if (st != SPAMCLS_OK)
      return st;
    st = spamcls_model_load_buffer(data, len, path, out, err);
    free(data);
    return st;
  }
  if ((uint64_t)sb.st_size > SC_MODEL_MAX_BYTES) {
    close(fd);
    return sc_error(err, SPAMCLS_ERR_MODEL,
                    "%s: larger than %u MiB: not a spamcls model", path,
                    SC_MODEL_MAX_BYTES >> 20);
  }
  src s = {path, fd, NULL, (uint64_t)sb.st_size, 0};
  st = load(&s, out, err);
  close(fd);
  return st;
}
