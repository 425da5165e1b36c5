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
  const char *term;  /* NUL-terminated, in lex->text */
  size_t len;
  const char *cls;
  size_t cls_len;
} entry;

struct sc_lex {
  char *text;        /* a private copy, split in place */
  entry *e;
  size_t n;
  uint32_t *slot;    /* open addressing: entry index + 1, 0 empty */
  uint32_t mask;
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

static long find(const sc_lex *l, const char *s, size_t n)
{
  for (uint32_t h = hash(s, n) & l->mask;; h = (h + 1) & l->mask) {
    uint32_t k = l->slot[h];
    if (k == 0)
      return -1;
    const entry *e = &l->e[k - 1];
    if (e->len == n && memcmp(e->term, s, n) == 0)
      return (long)(k - 1);
  }
}

int sc_lex_has(const sc_lex *l, const char *w, size_t n)
{
  return l && find(l, w, n) >= 0;
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
  uint32_t cap = 16;
  while (cap < 2 * lines)
    cap *= 2;
  l->text = malloc(n);
  l->e = malloc(lines * sizeof *l->e);
  l->slot = calloc(cap, sizeof *l->slot);
  if (!l->text || !l->e || !l->slot) {
    sc_lex_free(l);
    return NULL;
  }
  memcpy(l->text, s, n);
  l->mask = cap - 1;
  for (char *p = l->text, *end = l->text + n; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *sp = memchr(p, ' ', (size_t)(nl - p));
    *nl = '\0';
    entry e = {sp + 1, (size_t)(nl - sp - 1), p, (size_t)(sp - p)};
    p = nl + 1;
    if (find(l, e.term, e.len) >= 0)
      continue;  /* a repeated term keeps its first class */
    l->e[l->n] = e;
    uint32_t h = hash(e.term, e.len) & l->mask;
    while (l->slot[h])
      h = (h + 1) & l->mask;
    l->slot[h] = (uint32_t)++l->n;
  }
  return l;
}

void sc_lex_free(sc_lex *l)
{
  if (!l)
    return;
  free(l->text);
  free(l->e);
  free(l->slot);
  free(l);
}

/* How the matches of one comment were disguised (x:how:). */
typedef struct hits {
  int digits, glued;
} hits;

static void hit(spamcls_extractor *x, long k, int in_tail)
{
  const entry *e = &x->lex->e[k];
  sc_emit(x, SC_NS_X_T, e->term, e->len);
  if (in_tail)
    sc_emit(x, SC_NS_X_TAIL, e->cls, e->cls_len);
}

/* A word that is the term itself: its "w:" feature already names it, and
 * a second copy would double its vote; only where it stands is new. */
static void hit_plain(spamcls_extractor *x, long k, int in_tail)
{
  const entry *e = &x->lex->e[k];
  if (in_tail)
    sc_emit(x, SC_NS_X_TAIL, e->cls, e->cls_len);
}

/* "slotgacor": a term of at least 3 characters followed by another term.
 * Returns 1 when the word splits so. */
static int glued(spamcls_extractor *x, const char *w, size_t n,
                 int in_tail)
{
  for (size_t k = 3; k + 2 <= n; k++) {
    long a = find(x->lex, w, k);
    if (a < 0)
      continue;
    long b = find(x->lex, w + k, n - k);
    if (b < 0)
      continue;
    hit(x, a, in_tail);
    hit(x, b, in_tail);
    return 1;
  }
  return 0;
}

/* Matches one word: the term itself, then its disguises. */
static void match_word(spamcls_extractor *x, hits *h, const char *w,
                       size_t n, int in_tail)
{
  long k = find(x->lex, w, n);
  if (k >= 0) {
    hit_plain(x, k, in_tail);
    return;
  }
  /* "visi4d": a name with the lottery shape "<digit>d" glued on */
  if (n >= 5 && w[n - 1] == 'd' && w[n - 2] >= '0' && w[n - 2] <= '9' &&
      !(w[n - 3] >= '0' && w[n - 3] <= '9') &&
      (k = find(x->lex, w + n - 2, 2)) >= 0) {
    hit(x, k, in_tail);
    h->glued = 1;
    return;
  }
  size_t letters = n;
  while (letters > 0 && w[letters - 1] >= '0' && w[letters - 1] <= '9')
    letters--;
  if (letters >= 2 && letters < n) {
    if ((k = find(x->lex, w, letters)) >= 0) {
      hit(x, k, in_tail);
      h->digits = 1;
      return;
    }
    if (glued(x, w, letters, in_tail)) {
      h->digits = h->glued = 1;
      return;
    }
  }
  char folded[MAX_WORD * 2];
  int has_one;
  if (n <= sizeof folded && sc_leet_fold(w, n, 'i', folded, &has_one)) {
    if ((k = find(x->lex, folded, n)) >= 0 ||
        (has_one && sc_leet_fold(w, n, 'l', folded, &has_one) &&
         (k = find(x->lex, folded, n)) >= 0)) {
      hit(x, k, in_tail);
      return;
    }
  }
  if (n >= 6 && glued(x, w, n, in_tail))
    h->glued = 1;
}

void sc_fam_lexicon(spamcls_extractor *x, const sc_doc *d)
{
  const sc_toks *t = d->words;
  hits h;
  memset(&h, 0, sizeof h);
  char pair[2 * MAX_WORD + 1];
  for (size_t i = 0; i < t->n; i++) {
    const sc_tok *a = &t->v[i];
    if (!(a->flags & SC_TOK_ASCII) || a->len > 2 * MAX_WORD)
      continue;
    const char *w = t->buf + a->off;
    int in_tail = i + TAIL_WORDS >= t->n;
    match_word(x, &h, w, a->len, in_tail);
    if (i + 1 < t->n) {
      const sc_tok *b = &t->v[i + 1];
      if ((b->flags & SC_TOK_ASCII) && a->len + b->len < sizeof pair) {
        memcpy(pair, w, a->len);
        pair[a->len] = ' ';
        memcpy(pair + a->len + 1, t->buf + b->off, b->len);
        long k = find(x->lex, pair, a->len + b->len + 1);
        if (k >= 0)
          hit(x, k, i + 1 + TAIL_WORDS >= t->n);
      }
    }
  }
  /* the "1 as l" readings of leet words ("s10t" reads "siot" above) */
  for (size_t i = 0; i < x->leet_l.len;) {
    size_t n = strlen(x->leet_l.data + i);
    long k = find(x->lex, x->leet_l.data + i, n);
    if (k >= 0) {
      hit(x, k, 0);  /* where the word stood is not kept */
    }
    i += n + 1;
  }
  if (h.digits)
    sc_emit_str(x, SC_NS_X_HOW, "digits");
  if (h.glued)
    sc_emit_str(x, SC_NS_X_HOW, "glued");
}
