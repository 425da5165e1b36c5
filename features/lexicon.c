/*
 * lexicon.c - the LEXICON family: matches of a term list (the gambling
 * lexicon in training/, stored in each model that uses it).
 *
 * A lexicon is text, one "CLASS TERM" entry per line: CLASS a short name
 * ("game", "promo", "site" ...), TERM one or two words of ASCII letters
 * and digits, matched against the words of the normalized text, so styled,
 * look-alike and letter-spaced spellings are already folded. A word
 * matches an entry when it is the term, the term with a number glued on
 * ("slot88"), its leetspeak fold ("s10t"), two terms glued together
 * ("slotgacor"), or a name ending in a two-character term of the lottery
 * shape "<digit>d" ("visi4d" with "4d" listed); two consecutive words
 * match a two-word term.
 *
 * Features: "x:t:<term>" for each disguised or two-word match (a word
 * that is the term itself has its "w:" feature already), "x:tail:<class>"
 * for any match among the last three words (the name tacked onto bland
 * praise), and
 * once per comment "x:how:digits|glued" for names with digits
 * or another term glued on (a leetspeak fold is not one: a disguise must
 * not vote on its own).
 * There is deliberately no feature for "a match anywhere" or "a match of
 * this class anywhere": measured, it let the promotion jargon of one
 * language (gacor, maxwin) make comments that merely discuss gambling in
 * another ("lost his savings to online poker") look like promotion. A
 * term in the middle of a comment is weighed on its own evidence; a
 * class carries weight only where the promotion puts it, at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

#define MAX_ENTRIES 4096
#define MAX_TEXT (64u << 10)
#define MAX_WORD 32
#define MAX_CLASS 16
#define TAIL_WORDS 3

typedef struct entry {
  const char *term;  /* in lex->text */
  size_t len;
  const char *cls;
  size_t cls_len;
} entry;

/* A set of terms: open addressing over entries. */
typedef struct table {
  entry *e;
  size_t n;
  uint32_t *slot;    /* entry index + 1, 0 empty */
  uint32_t mask;
} table;

struct sc_lex {
  char *text;        /* a private copy, split in place */
  table terms;
  table firsts;      /* first words of the two-word terms: a word that is
                      * none of them needs no look-up of its pair */
};

static int is_word_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Checks one line, s[0..n) without its newline: "CLASS TERM". */
static const char *check_line(const char *s, size_t n)
{
  const char *sp = memchr(s, ' ', n);
  if (!sp || sp == s)
    return "an entry is not \"CLASS TERM\"";
  size_t cl = (size_t)(sp - s);
  if (cl > MAX_CLASS)
    return "a class name is longer than 16 characters";
  for (size_t i = 0; i < cl; i++)
    if (s[i] < 'a' || s[i] > 'z')
      return "a class name is not lowercase ASCII letters";
  const char *t = sp + 1, *end = s + n;
  unsigned words = 0;
  while (t < end) {
    const char *w = t;
    while (t < end && is_word_char(*t))
      t++;
    if (t == w || t - w > MAX_WORD)
      return "a term word is empty, longer than 32 characters, or not "
             "lowercase ASCII letters and digits";
    words++;
    if (t < end && (*t != ' ' || t + 1 == end))
      return "a term is not words separated by single spaces";
    if (t < end)
      t++;
  }
  if (words == 0 || words > 2)
    return "a term has more than two words";
  return NULL;
}

const char *sc_lexicon_check(const char *s, size_t n)
{
  if (!s || n == 0)
    return "the lexicon is empty";
  if (n > MAX_TEXT)
    return "the lexicon is larger than 64 KiB";
  if (s[n - 1] != '\n')
    return "the lexicon does not end with a newline";
  size_t lines = 0;
  for (size_t i = 0; i < n;) {
    const char *nl = memchr(s + i, '\n', n - i);
    const char *why = check_line(s + i, (size_t)(nl - (s + i)));
    if (why)
      return why;
    if (++lines > MAX_ENTRIES)
      return "the lexicon has more than 4096 entries";
    i = (size_t)(nl - s) + 1;
  }
  return NULL;
}

static uint32_t hash(const char *s, size_t n)
{
  return sc_hash32(s, n, SC_HASH_SEED);
}

static long find_in(const table *t, const char *s, size_t n)
{
  for (uint32_t h = hash(s, n) & t->mask;; h = (h + 1) & t->mask) {
    uint32_t k = t->slot[h];
    if (k == 0)
      return -1;
    const entry *e = &t->e[k - 1];
    if (e->len == n && memcmp(e->term, s, n) == 0)
      return (long)(k - 1);
  }
}

static long find(const sc_lex *l, const char *s, size_t n)
{
  return find_in(&l->terms, s, n);
}

int sc_lex_has(const sc_lex *l, const char *w, size_t n)
{
  return l && find(l, w, n) >= 0;
}

static int table_init(table *t, size_t entries)
{
  uint32_t cap = 16;
  while (cap < 2 * entries)
    cap *= 2;
  t->e = malloc(entries * sizeof *t->e);
  t->slot = calloc(cap, sizeof *t->slot);
  t->mask = cap - 1;
  return t->e && t->slot ? 0 : -1;
}

/* Adds e unless its term is there already (a repeated term keeps its
 * first class). */
static void table_add(table *t, entry e)
{
  if (find_in(t, e.term, e.len) >= 0)
    return;
  t->e[t->n] = e;
  uint32_t h = hash(e.term, e.len) & t->mask;
  while (t->slot[h])
    h = (h + 1) & t->mask;
  t->slot[h] = (uint32_t)++t->n;
}

sc_lex *sc_lex_new(const char *s, size_t n)
{
  if (sc_lexicon_check(s, n))
    return NULL;
  sc_lex *l = calloc(1, sizeof *l);
  if (!l)
    return NULL;
  size_t lines = 0;
  for (size_t i = 0; i < n; i++)
    lines += s[i] == '\n';
  l->text = malloc(n);
  if (!l->text || table_init(&l->terms, lines) < 0 ||
      table_init(&l->firsts, lines) < 0) {
    sc_lex_free(l);
    return NULL;
  }
  memcpy(l->text, s, n);
  for (char *p = l->text, *end = l->text + n; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *sp = memchr(p, ' ', (size_t)(nl - p));
    *nl = '\0';
    entry e = {sp + 1, (size_t)(nl - sp - 1), p, (size_t)(sp - p)};
    p = nl + 1;
    table_add(&l->terms, e);
    const char *gap = memchr(e.term, ' ', e.len);
    if (gap)
      table_add(&l->firsts, (entry){e.term, (size_t)(gap - e.term), "", 0});
  }
  return l;
}

void sc_lex_free(sc_lex *l)
{
  if (!l)
    return;
  free(l->text);
  free(l->terms.e);
  free(l->terms.slot);
  free(l->firsts.e);
  free(l->firsts.slot);
  free(l);
}

/* "slotgacor": a term of at least 3 characters followed by another term.
 * Returns 1 when the word splits so. */
static int glued(const sc_lex *l, const char *w, size_t n, sc_lex_match *m)
{
  for (size_t k = 3; k + 2 <= n; k++) {
    long a = find(l, w, k);
    if (a < 0)
      continue;
    long b = find(l, w + k, n - k);
    if (b < 0)
      continue;
    m->a = (int32_t)a;
    m->b = (int32_t)b;
    return 1;
  }
  return 0;
}

/* The term itself, then its disguises. */
static void match(const sc_lex *l, const char *w, size_t n, sc_lex_match *m)
{
  long k = find(l, w, n);
  if (k >= 0) {
    m->a = (int32_t)k;
    m->plain = 1;
    return;
  }
  /* "visi4d": a name with the lottery shape "<digit>d" glued on */
  if (n >= 5 && w[n - 1] == 'd' && w[n - 2] >= '0' && w[n - 2] <= '9' &&
      !(w[n - 3] >= '0' && w[n - 3] <= '9') &&
      (k = find(l, w + n - 2, 2)) >= 0) {
    m->a = (int32_t)k;
    m->glued = 1;
    return;
  }
  size_t letters = n;
  while (letters > 0 && w[letters - 1] >= '0' && w[letters - 1] <= '9')
    letters--;
  if (letters >= 2 && letters < n) {
    if ((k = find(l, w, letters)) >= 0) {
      m->a = (int32_t)k;
      m->digits = 1;
      return;
    }
    if (glued(l, w, letters, m)) {
      m->digits = m->glued = 1;
      return;
    }
  }
  char folded[MAX_WORD * 2];
  int has_one;
  if (n <= sizeof folded && sc_leet_fold(w, n, 'i', folded, &has_one)) {
    if ((k = find(l, folded, n)) >= 0 ||
        (has_one && sc_leet_fold(w, n, 'l', folded, &has_one) &&
         (k = find(l, folded, n)) >= 0)) {
      m->a = (int32_t)k;
      return;
    }
  }
  if (n >= 6 && glued(l, w, n, m))
    m->glued = 1;
}

void sc_lex_match_word(const sc_lex *l, const char *w, size_t n, unsigned flags,
                       sc_lex_match *m)
{
  memset(m, 0, sizeof *m);
  m->a = m->b = -1;
  if (!l || !(flags & SC_TOK_ASCII) || n > 2 * MAX_WORD)
    return;
  match(l, w, n, m);
  m->starts_pair = find_in(&l->firsts, w, n) >= 0;
}

/* x:tail:CLASS; with TAIL_LENGTH also the same with the comment's
 * length in words as a bit-length bucket (x:tail:CLASS:N, N 1-7): the
 * norm of the vector shrinks one tail term in a long comment ("great
 * post, ... slot gacor"), and a weight of its own for each length lets
 * the model give it back. With TAIL_BY_LENGTH only the latter: the
 * seed pattern's long comments taught x:tail:CLASS a weight that short
 * comments against gambling, all tail ("SETOP JUDI Online."), carried
 * too (models/MODEL.md has the out-of-source figures). */
static void tail(spamcls_extractor *x, const entry *e)
{
  if (!(x->p.flags & SPAMCLS_F_TAIL_BY_LENGTH))
    sc_emit(x, SC_NS_X_TAIL, e->cls, e->cls_len);
  if (!(x->p.flags & SPAMCLS_F_TAIL_LENGTH))
    return;
  char b[64];
  unsigned len = sc_bitlen(x->body.n, 7);
  if (e->cls_len + 3 > sizeof b)
    return;
  memcpy(b, e->cls, e->cls_len);
  b[e->cls_len] = ':';
  b[e->cls_len + 1] = (char)('0' + len);
  sc_emit(x, SC_NS_X_TAIL, b, e->cls_len + 2);
}

static void hit(spamcls_extractor *x, long k, int in_tail)
{
  const entry *e = &x->lex->terms.e[k];
  sc_emit(x, SC_NS_X_T, e->term, e->len);
  if (in_tail)
    tail(x, e);
}

void sc_lex_emit(spamcls_extractor *x, const sc_lex_match *m, int in_tail,
                 sc_lex_how *how)
{
  if (m->a < 0)
    return;
  if (m->plain) {
    /* A word that is the term itself: its "w:" feature already names it,
     * and a second copy would double its vote; only where it stands is
     * new. */
    const entry *e = &x->lex->terms.e[m->a];
    if (in_tail)
      tail(x, e);
    return;
  }
  hit(x, m->a, in_tail);
  if (m->b >= 0)
    hit(x, m->b, in_tail);
  how->digits |= m->digits;
  how->glued |= m->glued;
}

void sc_lex_phrases(spamcls_extractor *x, const sc_doc *d,
                    const unsigned char *starts, sc_lex_how *how)
{
  const sc_toks *t = d->words;
  char pair[2 * MAX_WORD + 1];
  for (size_t i = 0; i + 1 < t->n; i++) {
    if (!starts[i])
      continue;
    const sc_tok *a = &t->v[i], *b = &t->v[i + 1];
    if ((b->flags & SC_TOK_ASCII) && a->len + b->len < sizeof pair) {
      memcpy(pair, t->buf + a->off, a->len);
      pair[a->len] = ' ';
      memcpy(pair + a->len + 1, t->buf + b->off, b->len);
      long k = find(x->lex, pair, a->len + b->len + 1);
      if (k >= 0)
        hit(x, k, i + 1 + TAIL_WORDS >= t->n);
    }
  }
  /* the "1 as l" readings of leet words ("s10t" reads "siot" above) */
  for (size_t i = 0; i < x->leet_l.len;) {
    size_t n = strlen(x->leet_l.data + i);
    long k = find(x->lex, x->leet_l.data + i, n);
    if (k >= 0)
      hit(x, k, 0);  /* where the word stood is not kept */
    i += n + 1;
  }
  if (how->digits)
    sc_emit_str(x, SC_NS_X_HOW, "digits");
  if (how->glued)
    sc_emit_str(x, SC_NS_X_HOW, "glued");
}

int sc_lex_in_tail(size_t i, size_t n)
{
  return i + TAIL_WORDS >= n;
}

void sc_fam_lexicon(spamcls_extractor *x, const sc_doc *d)
{
  const sc_toks *t = d->words;
  sc_lex_how how = {0, 0};
  unsigned char *starts = sc_word_marks(x, t->n);
  if (!starts)
    return;
  for (size_t i = 0; i < t->n; i++) {
    const sc_tok *a = &t->v[i];
    sc_lex_match m;
    sc_lex_match_word(x->lex, t->buf + a->off, a->len, a->flags, &m);
    sc_lex_emit(x, &m, sc_lex_in_tail(i, t->n), &how);
    starts[i] = m.starts_pair;
  }
  sc_lex_phrases(x, d, starts, &how);
}
