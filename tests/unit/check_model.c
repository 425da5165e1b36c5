/*
 * check_model.c - the model file: round trip, and a loader that refuses
 * every truncated, corrupt, foreign, forged or future file with the right
 * status and never crashes; atomic saves that leave the old file intact.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classifier.h"
#include "model_bytes.h"

#define BITS 12
#define COUNT ((1u << BITS) + 1)

static char dir[64];
static char path_a[128], path_b[128];

static void setup(void)
{
  snprintf(dir, sizeof dir, "/tmp/check_model.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path_a, sizeof path_a, "%s/a.model", dir);
  snprintf(path_b, sizeof path_b, "%s/b.model", dir);
}

static void teardown(void)
{
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
      }
    }
    closedir(d);
  }
  rmdir(dir);
}

/* ---------------------------------------------------------------- helpers */

static uint64_t rng_next(uint64_t *s)
{
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return *s >> 33;
}

/* A model as training would make it, with weights that use all of a
 * float's bits and source names that need escaping. */
static spamcls_model *make_model(unsigned bits)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.hash_bits = bits;
  spamcls_model *m = sc_model_new(&p);
  ck_assert_ptr_nonnull(m);
  uint64_t s = 7;
  for (uint32_t j = 1; j <= m->lin.dim; j++)
    if (rng_next(&s) % 3 == 0)
      m->lin.w[j] = (float)((double)(int64_t)rng_next(&s) / 3e8);
  m->lin.b = -0.1234567890123456789;
  m->platt_a = -2.718281828459045;
  m->platt_b = 0.1;
  m->C = 0.31622776601683794;
  m->tuned = 1;
  m->weight_spam = 1.7;
  m->weight_ham = 0.7083333333333333;
  m->folds = 5;
  m->seed = 42;
  m->solver = SPAMCLS_SOLVER_LIBLINEAR;
  m->threshold = 0.55;
  m->margin = 0.05;
  m->comments = 15;
  m->spam = 8;
  m->ham = 7;
  m->duplicates = 3;
  m->conflicts = 1;
  m->empty = 2;
  ck_assert_int_eq(sc_model_add_source(m, "corpus/a b.csv", 5, 3), 0);
  ck_assert_int_eq(sc_model_add_source(m, "we\nird\\na\xc3\xa9me", 3, 4), 0);
  ck_assert_int_eq(sc_model_finish(m), SPAMCLS_OK);
  return m;
}

static char *read_all(const char *path, size_t *len)
{
  char *data;
  ck_assert_int_eq(sc_read_file(path, 1u << 30, &data, len, NULL), SPAMCLS_OK);
  return data;
}

static void write_all(const char *path, const void *p, size_t n)
{
  FILE *fp = fopen(path, "wb");
  ck_assert_ptr_nonnull(fp);
  ck_assert_uint_eq(fwrite(p, 1, n, fp), n);
  ck_assert_int_eq(fclose(fp), 0);
}

/* A version 1 file, valid CRC, from header text and weights (count of
 * them, all of value w_fill except w[0] = 0). */
static unsigned char *build_file(const char *header, uint32_t count,
                                 float w_fill, size_t *len)
{
  size_t hlen = strlen(header);
  size_t pad = (4 - (16 + hlen) % 4) % 4;
  *len = 16 + hlen + pad + 4 + 4 * (size_t)count + 4;
  unsigned char *f = calloc(1, *len);
  ck_assert_ptr_nonnull(f);
  memcpy(f, "SPAMCLSM", 8);
  sc_put_le32(f + 8, 1);
  sc_put_le32(f + 12, (uint32_t)hlen);
  memcpy(f + 16, header, hlen);
  unsigned char *c = f + 16 + hlen + pad;
  sc_put_le32(c, count);
  for (uint32_t i = 1; i < count; i++)
    memcpy(c + 4 + 4 * (size_t)i, &w_fill, 4);
  model_reseal(f, *len);
  return f;
}

/* The model's header with the line of key replaced by line (NULL: the
 * line removed), extra appended. */
static char *edit_header(const spamcls_model *m, const char *key,
                         const char *line, const char *extra)
{
  sc_buf h = {0}, out = {0};
  ck_assert_int_eq(sc_model_header(m, &h), 0);
  size_t klen = key ? strlen(key) : 0;
  int found = key == NULL;
  for (char *p = h.data; *p;) {
    char *nl = strchr(p, '\n');
    size_t n = (size_t)(nl - p) + 1;
    if (key && !found && strncmp(p, key, klen) == 0 && p[klen] == ' ') {
      found = 1;
      if (line)
        sc_buf_printf(&out, "%s\n", line);
    } else {
      sc_buf_append(&out, p, n);
    }
    p = nl + 1;
  }
  ck_assert_msg(found, "no header key %s", key);
  if (extra)
    sc_buf_printf(&out, "%s", extra);
  sc_buf_free(&h);
  return out.data ? out.data : strdup("");
}

static spamcls_status load_bytes(const void *p, size_t n, spamcls_error *err)
{
  spamcls_model *m = (spamcls_model *)1;
  memset(err, 0, sizeof *err);
  spamcls_status st = spamcls_model_load_buffer(p, n, "test.model", &m, err);
  if (st == SPAMCLS_OK) {
    ck_assert_ptr_nonnull(m);
    spamcls_model_free(m);
  } else {
    ck_assert_ptr_null(m);
    ck_assert_msg(err->msg[0], "no message for status %d", st);
  }
  return st;
}

/* ---------------------------------------------------------------- round trip */

START_TEST(test_round_trip)
{
  spamcls_model *m = make_model(BITS);
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_save(m, path_a, &err), SPAMCLS_OK);
  spamcls_model *l;
  ck_assert_int_eq(spamcls_model_load(path_a, &l, &err), SPAMCLS_OK);
  ck_assert_str_eq(spamcls_model_card(l), spamcls_model_card(m));
  ck_assert_uint_eq(l->lin.dim, m->lin.dim);
  ck_assert_mem_eq(l->lin.w, m->lin.w, COUNT * sizeof(float));
  ck_assert(l->lin.b == m->lin.b);
  ck_assert(l->platt_a == m->platt_a && l->platt_b == m->platt_b);
  ck_assert(l->C == m->C && l->weight_ham == m->weight_ham);
  const spamcls_pipeline *pl = spamcls_model_pipeline(l),
                         *pm = spamcls_model_pipeline(m);
  ck_assert_uint_eq(pl->hash_bits, pm->hash_bits);
  ck_assert_uint_eq(pl->word_ngrams, pm->word_ngrams);
  ck_assert_uint_eq(pl->char_min, pm->char_min);
  ck_assert_uint_eq(pl->char_max, pm->char_max);
  ck_assert_uint_eq(pl->flags, pm->flags);
  ck_assert_uint_eq(pl->lexicon_len, pm->lexicon_len);
  if (pm->lexicon_len)
    ck_assert_mem_eq(pl->lexicon, pm->lexicon, pm->lexicon_len);
  double t, g;
  spamcls_model_get_thresholds(l, &t, &g);
  ck_assert(t == 0.55 && g == 0.05);
  ck_assert_uint_eq(l->n_sources, 2);
  ck_assert_str_eq(l->sources[1].name, "we\nird\\na\xc3\xa9me");
  ck_assert_uint_eq(l->sources[1].ham, 4);

  /* saved again: the same bytes */
  ck_assert_int_eq(spamcls_model_save(l, path_b, &err), SPAMCLS_OK);
  size_t na, nb;
  char *a = read_all(path_a, &na), *b = read_all(path_b, &nb);
  ck_assert_uint_eq(na, nb);
  ck_assert_mem_eq(a, b, na);

  /* and from memory */
  spamcls_model *mem;
  ck_assert_int_eq(spamcls_model_load_buffer(a, na, "a", &mem, &err),
                   SPAMCLS_OK);
  ck_assert_str_eq(spamcls_model_card(mem), spamcls_model_card(m));
  spamcls_model_free(mem);
  free(a);
  free(b);
  spamcls_model_free(l);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_layout)
{
  spamcls_model *m = make_model(20);
  ck_assert_int_eq(spamcls_model_save(m, path_a, NULL), SPAMCLS_OK);
  size_t n;
  unsigned char *f = (unsigned char *)read_all(path_a, &n);
  ck_assert_mem_eq(f, "SPAMCLSM", 8);
  ck_assert_uint_eq(sc_get_le32(f + 8), 4);
  uint32_t hlen = sc_get_le32(f + 12);
  ck_assert_mem_eq(f + 16, "spamcls_version ", 16);
  ck_assert_int_eq(f[16 + hlen - 1], '\n');
  size_t p = (16 + hlen + 3) / 4 * 4;
  ck_assert_uint_eq(sc_get_le32(f + p), (1u << 20) + 1);
  ck_assert_uint_eq(n, p + 4 + 4 * ((1u << 20) + 1) + 8);
  uint64_t sum = sc_xxh3_64(f, n - 8);
  ck_assert_uint_eq(sc_get_le32(f + n - 8), (uint32_t)sum);
  ck_assert_uint_eq(sc_get_le32(f + n - 4), (uint32_t)(sum >> 32));
  ck_assert_uint_lt(n, 4300000);  /* about 4 MB at the default size */
  free(f);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_card)
{
  spamcls_model *m = make_model(BITS);
  const char *card = spamcls_model_card(m);
  static const char *const keys[] = {
    "format_version 4\n", "spamcls_version " SPAMCLS_VERSION "\n",
    "\npipeline_version ", "\nhash_bits 12\n", "\nword_ngrams ", "\nchar_min ",
    "\nchar_max ", "\nfeatures ", "\nnormalization ", "\nunicode_version ",
    "\nsolver liblinear\n", "\nC 0.31622776601683794\n", "\ntuned 1\n",
    "\nweight_spam 1.7\n", "\nweight_ham ", "\nfolds 5\n", "\nseed 42\n",
    "\nbias -0.12345678901234568\n", "\nplatt_a ", "\nplatt_b 0.10000000000000001\n",
    "\nthreshold 0.55000000000000004\n", "\nmargin 0.050000000000000003\n",
    "\ntrain_comments 15\n", "\ntrain_spam 8\n", "\ntrain_ham 7\n",
    "\ntrain_duplicates 3\n", "\ntrain_conflicts 1\n", "\ntrain_empty 2\n",
    "\nsource 5 3 corpus/a b.csv\n", "\nsource 3 4 we\\x0aird\\x5cna\\xc3\\xa9me\n",
    "\nweights_nonzero ",
  };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    ck_assert_msg(strstr(card, keys[i]), "card lacks %s", keys[i]);
  ck_assert_ptr_null(strstr(card, "warning"));
  /* every line is "key value" */
  for (const char *p = card; *p;) {
    const char *nl = strchr(p, '\n');
    ck_assert_ptr_nonnull(nl);
    const char *sp = memchr(p, ' ', (size_t)(nl - p));
    ck_assert_ptr_nonnull(sp);
    ck_assert(sp > p && sp + 1 < nl);
    p = nl + 1;
  }
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_thresholds)
{
  spamcls_model *m = make_model(BITS);
  ck_assert_int_eq(spamcls_model_set_thresholds(m, 0.7, 0.2), SPAMCLS_OK);
  double t, g;
  spamcls_model_get_thresholds(m, &t, &g);
  ck_assert(t == 0.7 && g == 0.2);
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(m), "\nthreshold 0.69999"));
  ck_assert_int_eq(spamcls_model_set_thresholds(m, 1.5, 0.1), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_model_set_thresholds(m, 0.5, NAN), SPAMCLS_ERR_PARAM);
  spamcls_model_get_thresholds(m, &t, &g);
  ck_assert(t == 0.7 && g == 0.2);
  /* the new thresholds are saved */
  ck_assert_int_eq(spamcls_model_save(m, path_a, NULL), SPAMCLS_OK);
  spamcls_model *l;
  ck_assert_int_eq(spamcls_model_load(path_a, &l, NULL), SPAMCLS_OK);
  spamcls_model_get_thresholds(l, &t, &g);
  ck_assert(t == 0.7 && g == 0.2);
  spamcls_model_free(l);
  spamcls_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------- damage */

START_TEST(test_truncated)
{
  spamcls_model *m = make_model(BITS);
  ck_assert_int_eq(spamcls_model_save(m, path_a, NULL), SPAMCLS_OK);
  size_t n;
  char *f = read_all(path_a, &n);
  spamcls_error err;
  uint32_t hlen = sc_get_le32((unsigned char *)f + 12);
  /* every length through the header and into the weights, then a sample */
  for (size_t len = 0; len < n; len += len < hlen + 64 ? 1 : 509)
    ck_assert_msg(load_bytes(f, len, &err) == SPAMCLS_ERR_MODEL,
                  "length %zu: %s", len, err.msg);
  for (size_t cut = 1; cut <= 4; cut++)
    ck_assert_int_eq(load_bytes(f, n - cut, &err), SPAMCLS_ERR_MODEL);
  /* and through a file */
  size_t cuts[] = {0, 3, 8, 15, 16, 100, n / 2, n - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    write_all(path_b, f, cuts[i]);
    spamcls_model *l = (spamcls_model *)1;
    ck_assert_int_eq(spamcls_model_load(path_b, &l, &err), SPAMCLS_ERR_MODEL);
    ck_assert_ptr_null(l);
  }
  /* a longer file is damaged too */
  char *longer = malloc(n + 1);
  memcpy(longer, f, n);
  longer[n] = 0;
  ck_assert_int_eq(load_bytes(longer, n + 1, &err), SPAMCLS_ERR_MODEL);
  free(longer);
  free(f);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_flipped_bytes)
{
  spamcls_model *m = make_model(BITS);
  ck_assert_int_eq(spamcls_model_save(m, path_a, NULL), SPAMCLS_OK);
  size_t n;
  unsigned char *f = (unsigned char *)read_all(path_a, &n);
  spamcls_error err;
  size_t hlen = sc_get_le32(f + 12);
  size_t count_at = (16 + hlen + 3) / 4 * 4;
  for (size_t i = 0; i < n; i += i < count_at + 64 || i > n - 8 ? 1 : 97) {
    for (int bit = 0; bit < 8; bit += 7) {
      f[i] ^= (unsigned char)(1u << bit);
      spamcls_status st = load_bytes(f, n, &err);
      f[i] ^= (unsigned char)(1u << bit);
      if (i < 8) {
        ck_assert_int_eq(st, SPAMCLS_ERR_MODEL);
        ck_assert_ptr_nonnull(strstr(err.msg, "not a spamcls model"));
      } else if (i < 12) {
        ck_assert_int_eq(st, SPAMCLS_ERR_VERSION);
      } else if (i < 16 || (i >= count_at && i < count_at + 4)) {
        ck_assert_int_eq(st, SPAMCLS_ERR_MODEL);  /* a length: size checks */
      } else {
        ck_assert_msg(st == SPAMCLS_ERR_MODEL &&
                          strstr(err.msg, "checksum mismatch"),
                      "byte %zu bit %d: %d %s", i, bit, st, err.msg);
      }
    }
  }
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_OK);
  free(f);
  spamcls_model_free(m);
}
END_TEST

/* A string literal and its length, NUL bytes included. */
#define BYTES(s) s, sizeof s - 1

static const struct {
  const char *what;
  const char *bytes;
  size_t len;
} foreign[] = {
  {"empty", BYTES("")},
  {"text", BYTES("hello, this is not a model\n")},
  {"png", BYTES("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0")},
  {"libsvm", BYTES("svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 1\n"
                   "rho 0.5\nlabel 1 0\nnr_sv 1 0\nSV\n1 1:0.5 3:1\n")},
  {"liblinear", BYTES("solver_type L2R_L2LOSS_SVC_DUAL\nnr_class 2\nlabel 1 0\n"
                      "nr_feature 3\nbias 1\nw\n0.1\n-0.2\n0.3\n0\n")},
  {"elf", BYTES("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0")},
  {"magic case", BYTES("spamclsm\1\0\0\0\0\0\0\0")},
};

START_TEST(test_foreign_files)
{
  write_all(path_a, foreign[_i].bytes, foreign[_i].len);
  spamcls_model *m = (spamcls_model *)1;
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_load(path_a, &m, &err), SPAMCLS_ERR_MODEL);
  ck_assert_ptr_null(m);
  ck_assert_msg(strstr(err.msg, "not a spamcls model"), "%s: %s",
                foreign[_i].what, err.msg);
  ck_assert_ptr_nonnull(strstr(err.msg, path_a));
}
END_TEST

START_TEST(test_not_files)
{
  spamcls_model *m = (spamcls_model *)1;
  spamcls_error err;
  char missing[160];
  snprintf(missing, sizeof missing, "%s/missing.model", dir);
  ck_assert_int_eq(spamcls_model_load(missing, &m, &err), SPAMCLS_ERR_IO);
  ck_assert_ptr_null(m);
  ck_assert_int_eq(spamcls_model_load(dir, &m, &err), SPAMCLS_ERR_IO);
  /* over the size limit: refused from its size, without reading it */
  int fd = open(path_a, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(ftruncate(fd, (off_t)SC_MODEL_MAX_BYTES + 1), 0);
  close(fd);
  ck_assert_int_eq(spamcls_model_load(path_a, &m, &err), SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "MiB"));
}
END_TEST

/* A model that arrives through a pipe (no size known in advance). */
START_TEST(test_load_from_fifo)
{
  spamcls_model *m = make_model(BITS);
  ck_assert_int_eq(spamcls_model_save(m, path_a, NULL), SPAMCLS_OK);
  size_t n;
  char *f = read_all(path_a, &n);
  ck_assert_int_eq(mkfifo(path_b, 0600), 0);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    int fd = open(path_b, O_WRONLY);
    size_t off = 0;
    while (fd >= 0 && off < n) {
      ssize_t k = write(fd, f + off, n - off);
      if (k <= 0)
        break;
      off += (size_t)k;
    }
    _exit(off == n ? 0 : 1);
  }
  spamcls_model *l;
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_load(path_b, &l, &err), SPAMCLS_OK);
  int status;
  waitpid(pid, &status, 0);
  ck_assert_str_eq(spamcls_model_card(l), spamcls_model_card(m));
  spamcls_model_free(l);
  spamcls_model_free(m);
  free(f);
}
END_TEST

/* ---------------------------------------------------------------- forged */

START_TEST(test_future_format)
{
  spamcls_model *m = make_model(BITS);
  ck_assert_int_eq(spamcls_model_save(m, path_a, NULL), SPAMCLS_OK);
  size_t n;
  unsigned char *f = (unsigned char *)read_all(path_a, &n);
  spamcls_error err;
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_OK);
  sc_put_le32(f + 8, 5);
  model_reseal(f, n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_VERSION);
  ck_assert_ptr_nonnull(strstr(err.msg, "version 5"));
  ck_assert_ptr_nonnull(strstr(err.msg, "versions 1 to 4"));
  /* labelled 3 and ended by a CRC-32, it is a version 3 file with no
   * sections, and labelled 1, a version 1 file: both still read */
  sc_put_le32(f + 8, 3);
  model_reseal(f, n - 4);
  ck_assert_int_eq(load_bytes(f, n - 4, &err), SPAMCLS_OK);
  sc_put_le32(f + 8, 1);
  model_reseal(f, n - 4);
  ck_assert_int_eq(load_bytes(f, n - 4, &err), SPAMCLS_OK);
  /* a version 1 file labelled 2 lacks the learned section's parts */
  sc_put_le32(f + 8, 2);
  model_reseal(f, n - 4);
  ck_assert_int_eq(load_bytes(f, n - 4, &err), SPAMCLS_ERR_MODEL);
  /* labelled 4 but ended by a CRC-32: the checksum does not match */
  sc_put_le32(f + 8, 4);
  sc_put_le32(f + n - 8, sc_crc32(0, f, n - 8));
  ck_assert_int_eq(load_bytes(f, n - 4, &err), SPAMCLS_ERR_MODEL);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  free(f);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_future_pipeline)
{
  spamcls_model *m = make_model(BITS);
  char line[64], want[64];
  unsigned long v = (unsigned long)spamcls_pipeline_version();
  snprintf(line, sizeof line, "pipeline_version %lu", v + 1);
  char *h = edit_header(m, "pipeline_version", line, NULL);
  size_t n;
  unsigned char *f = build_file(h, COUNT, 0.5f, &n);
  spamcls_error err;
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_VERSION);
  snprintf(want, sizeof want, "version %lu", v + 1);
  ck_assert_msg(strstr(err.msg, want), "%s", err.msg);
  snprintf(want, sizeof want, "version %lu", v);
  ck_assert_msg(strstr(err.msg, want), "%s", err.msg);
  free(f);
  free(h);
  spamcls_model_free(m);
}
END_TEST

/* The scan that checks the weights on load and counts the nonzero ones
 * for the card, against a plain loop: every length around its blocks of
 * eight, with zeros, -0, tiny and huge values, and one NaN or infinity at
 * each position. */
START_TEST(test_weights_scan)
{
  enum { N = 40 };
  float w[N];
  const float vals[] = {0.0f, -0.0f, 1e-45f, -2.5f, 3e38f, 0.0f, 7.0f};
  for (size_t i = 0; i < N; i++)
    w[i] = vals[(i * 5) % (sizeof vals / sizeof vals[0])];
  for (size_t n = 0; n <= N; n++) {
    size_t want = 0, got = 12345;
    for (size_t i = 0; i < n; i++)
      want += w[i] != 0;
    ck_assert_int_eq(sc_weights_scan(w, n, &got), 1);
    ck_assert_uint_eq(got, want);
    const float bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t at = 0; at < n; at++) {
      float keep = w[at];
      w[at] = bad[at % 3];
      ck_assert_msg(sc_weights_scan(w, n, &got) == 0, "n %zu at %zu", n, at);
      w[at] = keep;
    }
  }
}
END_TEST

START_TEST(test_bad_weights)
{
  spamcls_model *m = make_model(BITS);
  char *h = edit_header(m, NULL, NULL, NULL);
  size_t n;
  spamcls_error err;
  unsigned char *f = build_file(h, COUNT, 0.25f, &n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_OK);
  size_t w0 = n - 4 - 4 * (size_t)COUNT;
  float bad[] = {NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < 3; i++) {
    memcpy(f + w0 + 4 * 1000, &bad[i], 4);
    model_reseal(f, n);
    ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
    ck_assert_ptr_nonnull(strstr(err.msg, "weight 1000 is not finite"));
  }
  free(f);
  /* w[0] is unused and must be 0 */
  f = build_file(h, COUNT, 0.25f, &n);
  float one = 1.0f;
  memcpy(f + w0, &one, 4);
  model_reseal(f, n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  free(f);
  /* a weight count that is not 2^hash_bits + 1 */
  f = build_file(h, COUNT - 1, 0.25f, &n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "hash_bits 12 needs 4097"));
  free(f);
  free(h);
  spamcls_model_free(m);
}
END_TEST

/* hash_bits 30 with a valid CRC: refused from the header or the size
 * alone; the loader never allocates what the header claims. */
START_TEST(test_huge_hash_bits)
{
  spamcls_model *m = make_model(BITS);
  char *h = edit_header(m, "hash_bits", "hash_bits 30", NULL);
  size_t n;
  spamcls_error err;
  unsigned char *f = build_file(h, COUNT, 0.25f, &n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "hash_bits"));
  /* and a count field claiming 2^30 + 1 weights in a small file */
  size_t count_at = n - 4 - 4 * (size_t)COUNT - 4;
  sc_put_le32(f + count_at, (1u << 30) + 1);
  model_reseal(f, n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "weights need"));
  sc_put_le32(f + count_at, 0xffffffffu);
  model_reseal(f, n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  /* a header length past the end */
  sc_put_le32(f + 12, 0xfffffff0u);
  model_reseal(f, n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  free(f);
  free(h);
  spamcls_model_free(m);
}
END_TEST

/* Header edits, each with a valid CRC: key, replacement line (NULL:
 * removed), extra text, a word the message must contain. */
static const struct {
  const char *key, *line, *extra, *want;
} bad_headers[] = {
  {"C", "C abc", NULL, "C is not"},
  {"C", "C 1x", NULL, "C is not"},
  {"C", "C -1", NULL, "C is not"},
  {"C", "C 0", NULL, "C is not"},
  {"C", "C inf", NULL, "C is not"},
  {"C", "C nan", NULL, "C is not"},
  {"C", "C  1", NULL, "C is not"},
  {"C", "C 1e999", NULL, "C is not"},
  {"C", "C 0x", NULL, "C is not"},
  {"threshold", "threshold 1.5", NULL, "threshold"},
  {"threshold", "threshold -0.1", NULL, "threshold"},
  {"margin", "margin 0.6", NULL, "margin"},
  {"hash_bits", "hash_bits 9", NULL, "hash_bits"},
  {"hash_bits", "hash_bits 25", NULL, "hash_bits"},
  {"hash_bits", "hash_bits 12x", NULL, "hash_bits"},
  {"hash_bits", "hash_bits -12", NULL, "hash_bits"},
  {"hash_bits", "hash_bits 18446744073709551628", NULL, "hash_bits"},
  {"word_ngrams", "word_ngrams 3", NULL, "word_ngrams"},
  {"char_min", "char_min 9", NULL, "pipeline"},
  {"features", "features words,bogus", NULL, "features"},
  {"features", "features words,,urls", NULL, "features"},
  {"solver", "solver svmlight", NULL, "solver"},
  {"tuned", "tuned 2", NULL, "tuned"},
  {"positive_class", "positive_class ham", NULL, "positive_class"},
  {"platt_a", "platt_a 1e999", NULL, "platt_a"},
  {"platt_b", "platt_b", NULL, "not \"key value\""},
  {"bias", "bias nan", NULL, "bias"},
  {"seed", "seed -1", NULL, "seed"},
  {"folds", "folds 99999999999", NULL, "folds"},
  {"weight_spam", "weight_spam 0", NULL, "weight_spam"},
  {"pipeline_version", "pipeline_version abc", NULL, "pipeline_version"},
  {"train_comments", "train_comments 16", NULL, "train_comments"},
  {"train_empty", "train_empty 1.5", NULL, "train_empty"},
  {"bias", NULL, NULL, "no bias"},
  {"unicode_version", NULL, NULL, "no unicode_version"},
  {NULL, NULL, "C 2\n", "given twice"},
  {"source", "source 6 3 corpus/a b.csv", NULL, "source counts"},
  {"source", "source 5 3 bad\\q", NULL, "escape"},
  {"source", "source 5 3 nul\\x00", NULL, "escape"},
  {"source", "source 5 corpus", NULL, "source"},
  {"source", "source x 3 corpus", NULL, "source"},
  {NULL, NULL, "tab\there\n", "not \"key value\""},
  {NULL, NULL, "high \xc3\xa9\n", "not \"key value\""},
  {NULL, NULL, "\n", "not \"key value\""},
  {NULL, NULL, " lead\n", "not \"key value\""},
  {NULL, NULL, "no_newline 1", "newline"},
};

START_TEST(test_bad_header)
{
  spamcls_model *m = make_model(BITS);
  char *h = edit_header(m, bad_headers[_i].key, bad_headers[_i].line,
                        bad_headers[_i].extra);
  size_t n;
  spamcls_error err;
  unsigned char *f = build_file(h, COUNT, 0.5f, &n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  ck_assert_msg(strstr(err.msg, bad_headers[_i].want), "case %d: %s", _i,
                err.msg);
  free(f);
  free(h);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_unknown_key_ignored)
{
  spamcls_model *m = make_model(BITS);
  char *h = edit_header(m, NULL, NULL, "trained_on a_host\nx9 1\n");
  size_t n;
  unsigned char *f = build_file(h, COUNT, 0.5f, &n);
  spamcls_model *l;
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_load_buffer(f, n, "x", &l, &err), SPAMCLS_OK);
  ck_assert_ptr_null(strstr(spamcls_model_card(l), "trained_on"));
  ck_assert_ptr_nonnull(strstr(spamcls_model_card(l), "\nsolver liblinear\n"));
  spamcls_model_free(l);
  free(f);
  free(h);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_unicode_mismatch_warns)
{
  spamcls_model *m = make_model(BITS);
  char *h = edit_header(m, "unicode_version", "unicode_version 1.1.0", NULL);
  size_t n;
  unsigned char *f = build_file(h, COUNT, 0.5f, &n);
  spamcls_model *l;
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_load_buffer(f, n, "x", &l, &err), SPAMCLS_OK);
  const char *w = strstr(spamcls_model_card(l), "\nwarning ");
  ck_assert_ptr_nonnull(w);
  ck_assert_ptr_nonnull(strstr(w, "Unicode 1.1.0"));
  spamcls_model_free(l);
  free(f);
  free(h);
  spamcls_model_free(m);
}
END_TEST

START_TEST(test_nonzero_padding)
{
  spamcls_model *m = make_model(BITS);
  /* a header length of 1 more than a multiple of 4: 3 padding bytes */
  char *h = NULL;
  for (int k = 1; k <= 4; k++) {
    char tail[16] = "pad xxxx";
    tail[4 + k] = '\n';
    tail[5 + k] = '\0';
    free(h);
    h = edit_header(m, NULL, NULL, tail);
    if ((16 + strlen(h)) % 4 == 1)
      break;
  }
  ck_assert_uint_eq((16 + strlen(h)) % 4, 1);
  size_t n;
  unsigned char *f = build_file(h, COUNT, 0.5f, &n);
  spamcls_error err;
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_OK);
  f[16 + strlen(h) + 1] = 1;
  model_reseal(f, n);
  ck_assert_int_eq(load_bytes(f, n, &err), SPAMCLS_ERR_MODEL);
  ck_assert_ptr_nonnull(strstr(err.msg, "padding"));
  free(f);
  free(h);
  spamcls_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------- saving */

START_TEST(test_save_missing_dir)
{
  spamcls_model *m = make_model(BITS);
  char p[160];
  snprintf(p, sizeof p, "%s/no/such/dir/x.model", dir);
  spamcls_error err;
  ck_assert_int_eq(spamcls_model_save(m, p, &err), SPAMCLS_ERR_IO);
  ck_assert_ptr_nonnull(strstr(err.msg, "no/such/dir"));
  ck_assert_int_eq(spamcls_model_save(NULL, p, &err), SPAMCLS_ERR_PARAM);
  spamcls_model_free(m);
}
END_TEST

static int count_entries(const char *d)
{
  int n = 0;
  DIR *dp = opendir(d);
  struct dirent *e;
  while (dp && (e = readdir(dp)) != NULL)
    n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  if (dp)
    closedir(dp);
  return n;
}

/* A write that fails half-way (the file size limit, which binds even
 * root) is ERR_IO, and the model already there stays as it was, with no
 * temporary file left behind. */
START_TEST(test_save_failure_keeps_old_file)
{
  spamcls_model *old = make_model(BITS);
  ck_assert_int_eq(spamcls_model_save(old, path_a, NULL), SPAMCLS_OK);
  size_t n0;
  char *before = read_all(path_a, &n0);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {65536, 65536};
    setrlimit(RLIMIT_FSIZE, &rl);
    spamcls_model *big = make_model(16);  /* 256 KB of weights */
    spamcls_error err;
    spamcls_status st = spamcls_model_save(big, path_a, &err);
    _exit(st == SPAMCLS_ERR_IO && strstr(err.msg, path_a) ? 0 : 1);
  }
  int status;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFEXITED(status));
  ck_assert_int_eq(WEXITSTATUS(status), 0);
  size_t n1;
  char *after = read_all(path_a, &n1);
  ck_assert_uint_eq(n0, n1);
  ck_assert_mem_eq(before, after, n0);
  ck_assert_int_eq(count_entries(dir), 1);
  spamcls_model *l;
  ck_assert_int_eq(spamcls_model_load(path_a, &l, NULL), SPAMCLS_OK);
  spamcls_model_free(l);
  free(before);
  free(after);
  spamcls_model_free(old);
}
END_TEST

START_TEST(test_save_replaces)
{
  spamcls_model *a = make_model(BITS), *b = make_model(BITS + 1);
  ck_assert_int_eq(spamcls_model_save(a, path_a, NULL), SPAMCLS_OK);
  ck_assert_int_eq(spamcls_model_save(b, path_a, NULL), SPAMCLS_OK);
  spamcls_model *l;
  ck_assert_int_eq(spamcls_model_load(path_a, &l, NULL), SPAMCLS_OK);
  ck_assert_uint_eq(spamcls_model_pipeline(l)->hash_bits, BITS + 1);
  ck_assert_int_eq(count_entries(dir), 1);
  spamcls_model_free(l);
  spamcls_model_free(a);
  spamcls_model_free(b);
}
END_TEST

static Suite *model_suite(void)
{
  Suite *s = suite_create("model");
  TCase *tc = tcase_create("file");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_round_trip);
  tcase_add_test(tc, test_layout);
  tcase_add_test(tc, test_card);
  tcase_add_test(tc, test_thresholds);
  tcase_add_test(tc, test_truncated);
  tcase_add_test(tc, test_flipped_bytes);
  tcase_add_loop_test(tc, test_foreign_files, 0,
                      (int)(sizeof foreign / sizeof foreign[0]));
  tcase_add_test(tc, test_not_files);
  tcase_add_test(tc, test_load_from_fifo);
  tcase_add_test(tc, test_future_format);
  tcase_add_test(tc, test_future_pipeline);
  tcase_add_test(tc, test_weights_scan);
  tcase_add_test(tc, test_bad_weights);
  tcase_add_test(tc, test_huge_hash_bits);
  tcase_add_loop_test(tc, test_bad_header, 0,
                      (int)(sizeof bad_headers / sizeof bad_headers[0]));
  tcase_add_test(tc, test_unknown_key_ignored);
  tcase_add_test(tc, test_unicode_mismatch_warns);
  tcase_add_test(tc, test_nonzero_padding);
  tcase_add_test(tc, test_save_missing_dir);
  tcase_add_test(tc, test_save_failure_keeps_old_file);
  tcase_add_test(tc, test_save_replaces);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(model_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
