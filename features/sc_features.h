/*
 * sc_features.h - feature extraction after normalization (internal).
 *
 * A comment becomes a multiset of namespaced features: the namespace names
 * the family and kind ("w:" word, "b:" bigram, "c:" character n-gram,
 * "u:dom:" registrable domain, "s:len:" length bucket ...), the text says
 * which one ("w:slot", "u:dom:togel88.com"). A feature is hashed without
 * building its name: the hash of the text seeded with the hash of the
 * namespace, so the name is only assembled when a caller asks for names.
 * Buckets are 0-based while collecting; vector.c makes them 1-based.
 *
 * Every family writes through sc_emit(), and spamcls_extract and
 * spamcls_extract_names run the same code; the second only also passes
 * each name to a callback.
 *
 * (Not "features.h": with features/ on the include path that name would
 * shadow glibc's <features.h>, which every system header includes.)
 */
#ifndef SC_FEATURES_H
#define SC_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "normalize.h"
#include "spamcls.h"
#include "util.h"

/* The feature pipeline version (spamcls_pipeline_version). Bump it on ANY
 * change that alters any feature index or value for some input: hashing,
 * seeds, namespaces, tokenization, n-gram rules, URL/contact/phone rules,
 * leet folding, stats buckets, weighting or normalization of the vector,
 * and also the normalizer's output (normalize.c). Models record it and a
 * model with another version is refused, so a silent change would make
 * old models score garbage. */
#define SC_PIPELINE_VERSION 5u

/* Seed of the namespace hashes; part of the pipeline (see above). */
#define SC_HASH_SEED 0x5c3a11e5u

/* ---------------------------------------------------------------- hash.c */

/* MurmurHash3_x86_32 (Austin Appleby, public domain), byte order fixed to
 * little-endian so buckets are the same on every machine. */
uint32_t sc_hash32(const void *data, size_t len, uint32_t seed);

/* ---------------------------------------------------------------- vector.c */

/* How much a character n-gram or a part of the author's URL counts
 * beside the other features, with SPAMCLS_F_DOWNWEIGHT (models/MODEL.md
 * has the measurement). */
#define SC_LIGHT_WEIGHT 0.6

/* Output and scratch space for building vectors; zero-initialize (the
 * extractor sets tag and tag_weight for SPAMCLS_F_DOWNWEIGHT). */
typedef struct sc_vec {
  uint32_t *tmp;          /* sort scratch: keys, then bucket counts */
  size_t tmp_cap;
  spamcls_feature *f;     /* the finished vector */
  size_t f_cap;
  uint64_t *set;          /* sc_vec_dot's table: key + 1, count << 32 */
  uint32_t *uniq;         /* its filled slots, then repeated keys */
  uint32_t *wcount;       /* with tag: each slot's count of tagged keys */
  uint32_t set_mask;
  uint32_t tag;           /* 0, or the bit (2^bits) of a weighted key */
  double tag_weight;      /* what a tagged key counts for, beside 1 */
} sc_vec;

/* Sorts keys[0..n) (0-based buckets < 2^bits, bits <= 31; with v->tag,
 * in bucket order, each bucket's tagged keys last) in place, merges
 * duplicates and writes v->f[0..*nf): index key+1, value 1+ln(count),
 * then the whole vector scaled to L2 norm 1. With v->tag, a key that
 * carries it is bucket key - tag counting tag_weight as much: a bucket's
 * value is 1+ln(untagged count) + tag_weight (1+ln(tagged count)), each
 * term 0 when its count is. The one place that builds vectors. Fails only
 * with SPAMCLS_ERR_NOMEM. */
spamcls_status sc_vec_build(sc_vec *v, uint32_t *keys, size_t n,
                            unsigned bits, size_t *nf);
void sc_vec_free(sc_vec *v);
/* The dot product of the vector sc_vec_build would make of keys[0..n)
 * with weights w[1..dim] (indices past dim weigh 0), without building
 * it; see vector.c for how it may differ. SPAMCLS_ERR_NOMEM only. */
spamcls_status sc_vec_dot(sc_vec *v, const uint32_t *keys, size_t n,
                          const float *w, uint32_t dim, double *dot);

/* -------------------------------------------------------------- tokenize.c */

enum {
  SC_TOK_ALPHA = 1u << 0,  /* has a letter (anything but an ASCII digit) */
  SC_TOK_DIGIT = 1u << 1,  /* has an ASCII digit */
  SC_TOK_ASCII = 1u << 2   /* only ASCII bytes: code points == bytes */
};

/* A word: buf[off..off+len) of its list. buf[off-1] is '<' and
 * buf[off+len] is '>', the boundary markers of character n-grams. */
typedef struct sc_tok {
  size_t off;
  size_t len;   /* bytes */
  size_t ncp;   /* code points */
  unsigned flags;
} sc_tok;

/* The words of one text; zero-initialize, reuse, sc_toks_free. */
typedef struct sc_toks {
  sc_tok *v;
  size_t n, cap;
  char *buf;
  size_t len, buf_cap;
  size_t ncp_text;  /* code points in the whole text */
} sc_toks;

/* Splits normalized text into words: maximal runs of letters, marks and
 * digits of any script; an apostrophe (' U+2019 U+02BC) between two letters
 * is dropped and the word goes on ("don't" -> "dont"); everything else
 * separates. Invalid UTF-8 (never in normalized text) separates too. */
spamcls_status sc_tokenize(sc_toks *t, const char *s, size_t len);
void sc_toks_free(sc_toks *t);

/* Decodes the code point at s[*i] (i < n) and advances *i; an invalid
 * sequence yields U+FFFD and advances one byte. */
uint32_t sc_utf8_next(const char *s, size_t n, size_t *i);

/* Character classes shared by the tokenizer, URLs and contacts. */
enum { SC_CP_SEP = 0, SC_CP_LETTER, SC_CP_DIGIT, SC_CP_MARK, SC_CP_APOS };
int sc_cp_class(uint32_t cp);

/* -------------------------------------------------------------- namespaces */

/* The two URL blocks ("u:" for the text, "au:" for the author URL) have the
 * same layout: base + SC_URL_*. */
enum { SC_URL_KIND, SC_URL_SCHEME, SC_URL_HOST, SC_URL_DOM, SC_URL_TLD,
       SC_URL_PATH, SC_URL_FLAG, SC_URL_NS };

typedef enum sc_ns {
  SC_NS_W, SC_NS_B, SC_NS_C,
  SC_NS_U, SC_NS_U_N = SC_NS_U + SC_URL_NS,
  SC_NS_AU,
  SC_NS_A = SC_NS_AU + SC_URL_NS,
  SC_NS_E, SC_NS_E_DOM, SC_NS_P, SC_NS_P_LEN,
  SC_NS_S, SC_NS_S_LEN, SC_NS_S_CAPS, SC_NS_S_REPEAT, SC_NS_S_EMOJI,
  SC_NS_S_ENTITY, SC_NS_S_SHAPE, SC_NS_X_T, SC_NS_X_TAIL, SC_NS_X_HOW,
  SC_NS_X_LANG, SC_NS_A_SHAPE,
  SC_NS_COUNT
} sc_ns;

/* The namespace prefixes, indexed by sc_ns ("w:", "u:dom:" ...). */
extern const char *const sc_ns_name[SC_NS_COUNT];

/* ---------------------------------------------------------------- markup.c */

/* 1 when s[0..n) has a complete start or end tag of the elements comment
 * markup uses. */
int sc_has_markup(const char *s, size_t n);
/* A text with markup (valid UTF-8, no NUL) as a page shows it, into out:
 * 1; 0 when it has none (out untouched); -1 when out of memory. */
int sc_markup_text(const char *s, size_t n, sc_buf *out);

/* ---------------------------------------------------------------- extract.c */

typedef struct psl_ctx_st sc_psl;  /* libpsl's psl_ctx_t */
typedef struct sc_lex sc_lex;      /* lexicon.c */
typedef struct sc_wcache sc_wcache;  /* wordcache.c */
typedef struct sc_lang sc_lang;      /* lang.c */

struct spamcls_extractor {
  spamcls_pipeline p;
  uint32_t mask;                 /* 2^hash_bits - 1 */
  uint32_t light_tag;            /* with DOWNWEIGHT: 2^hash_bits, set on
                                    the keys of sc_light_ns (sc_vec) */
  uint32_t seed[SC_NS_COUNT];    /* sc_hash32 of each namespace prefix */
  const sc_psl *psl;             /* psl_builtin(): shared, read-only */
  sc_lex *lex;                   /* with SPAMCLS_F_LEXICON */
  sc_lang *lang;                 /* with SPAMCLS_F_LANG_MIX */
  sc_buf leet_l;                 /* their "1 as l" readings, NUL-separated */
  int leet_text;                 /* the last text is leet throughout */
  sc_buf leet_doc;               /* with LEET_LINKS: that text, folded */
  sc_norm *norm;
  sc_buf shown;                  /* a text with markup as a page shows it */
  sc_buf text, author, url;      /* normalized fields of the last comment */
  sc_text_stats st;              /* of text */
  sc_toks body, auth;            /* words of text and author */
  sc_text_stats author_st;       /* of the author name */
  uint32_t *keys;                /* buckets emitted so far, 0-based */
  size_t nkeys, kcap;
  sc_vec vec;
  sc_buf scratch;                /* bigrams, folded words, psl input */
  sc_buf host;                   /* a spaced domain, joined */
  sc_buf name;                   /* readable names, only with cb */
  size_t *cpoff;                 /* code point offsets inside one word */
  size_t cpoff_cap;
  unsigned char *marks;          /* one byte per word (sc_word_marks) */
  size_t marks_cap;
  sc_wcache *wc;                 /* the word cache; NULL when out of memory */
  spamcls_feature_cb cb;         /* set only by spamcls_extract_names */
  void *cb_ctx;
  int nomem;                     /* sticky: an allocation failed */
};

/* The namespaces that DOWNWEIGHT lightens: character n-grams ("c:") and
 * the parts of the author's URL ("au:..."). */
static inline int sc_light_ns(sc_ns ns)
{
  return ns == SC_NS_C || (ns >= SC_NS_AU && ns < SC_NS_A);
}

/* The rare path of sc_emit: growing the key list, passing the name. */
void sc_emit_slow(spamcls_extractor *x, sc_ns ns, const char *s, size_t n,
                  uint32_t key);

/* Adds feature ns + s[0..n). Never fails: out of memory sets x->nomem,
 * which the extraction checks at the end. Inline because it runs once
 * per feature (about 2 per byte of text); the bucket is computed here for
 * both paths, so names and indices cannot differ. */
static inline void sc_emit(spamcls_extractor *x, sc_ns ns, const char *s,
                           size_t n)
{
  uint32_t key = sc_hash32(s, n, x->seed[ns]) & x->mask;
  if (sc_light_ns(ns))
    key |= x->light_tag;
  if (x->nkeys < x->kcap && !x->cb)
    x->keys[x->nkeys++] = key;
  else
    sc_emit_slow(x, ns, s, n, key);
}
/* The same with a NUL-terminated text or a decimal number as the text. */
void sc_emit_str(spamcls_extractor *x, sc_ns ns, const char *s);
void sc_emit_uint(spamcls_extractor *x, sc_ns ns, unsigned long v);

/* Makes room for at least n more bytes in b; sets x->nomem and returns -1
 * when that fails. */
int sc_reserve(spamcls_extractor *x, sc_buf *b, size_t n);

/* Appends keys[0..n) to the buckets emitted so far. */
void sc_emit_keys(spamcls_extractor *x, const uint32_t *keys, size_t n);

/* A zeroed byte per word, n words, in x (valid until the next call);
 * NULL (and x->nomem) when out of memory. */
unsigned char *sc_word_marks(spamcls_extractor *x, size_t n);

/* The dot product of c's vector with w[1..dim], without building the
 * vector (what scoring needs); *empty and *invalid_utf8 as
 * spamcls_extract sets them in its vector. */
spamcls_status sc_extract_dot(spamcls_extractor *x, const spamcls_comment *c,
                              const float *w, uint32_t dim, double *dot,
                              int *empty, unsigned *invalid_utf8);

/* The 0-based buckets of the last extraction, in emission order after
 * spamcls_extract_names and sorted ascending after spamcls_extract. */
const uint32_t *sc_extractor_keys(const spamcls_extractor *x, size_t *n);

/* What every family reads. */
typedef struct sc_doc {
  const char *text;              /* normalized text */
  size_t len;
  const sc_text_stats *st;
  const sc_toks *words;          /* words of text */
  const char *author;            /* normalized author name, "" if none */
  size_t author_len;
  const sc_toks *author_words;
  const char *author_url;        /* normalized author URL, "" if none */
  size_t author_url_len;
  const sc_text_stats *author_st;  /* of the author name */
} sc_doc;

/* A feature family: emits everything it finds in d. */
typedef void (*sc_family_fn)(spamcls_extractor *x, const sc_doc *d);

void sc_fam_words(spamcls_extractor *x, const sc_doc *d);    /* ngram.c */
void sc_fam_chars(spamcls_extractor *x, const sc_doc *d);    /* ngram.c */
void sc_fam_urls(spamcls_extractor *x, const sc_doc *d);     /* url.c */
void sc_fam_contact(spamcls_extractor *x, const sc_doc *d);  /* contact.c */
void sc_fam_stats(spamcls_extractor *x, const sc_doc *d);    /* stats.c */
void sc_fam_author(spamcls_extractor *x, const sc_doc *d);   /* author.c */
void sc_fam_leet(spamcls_extractor *x, const sc_doc *d);     /* leet.c */
void sc_fam_lexicon(spamcls_extractor *x, const sc_doc *d);  /* lexicon.c */
void sc_fam_lang_mix(spamcls_extractor *x, const sc_doc *d); /* lang.c */

/* ngram.c: the pieces the word cache runs one word at a time. */
void sc_word_unigram(spamcls_extractor *x, const sc_toks *t, size_t w);
void sc_word_chars(spamcls_extractor *x, const sc_toks *t, size_t w);
void sc_word_bigrams(spamcls_extractor *x, const sc_toks *t);

/* ------------------------------------------------------------ wordcache.c */

/* What one word emits in WORDS, CHARS and LEXICON, and what LANG_MIX
 * counts it as, depends on the word alone, and words repeat (a few
 * thousand make most of any text): the cache keeps, per word, its
 * buckets, its lexicon match and its language, so a word seen before
 * costs one look-up instead of a dozen hashes. Scoring and training use
 * it; extraction with names does not (it must say each feature's name).
 * Bounded: it empties itself when full. */
sc_wcache *sc_wcache_new(void);
void sc_wcache_free(sc_wcache *c);
/* The WORDS, CHARS, LEXICON and LANG_MIX families of d, through the
 * cache; the same features as running the four, in another order. */
void sc_fam_cached(spamcls_extractor *x, const sc_doc *d);

/* ---------------------------------------------------------------- stats.c */

/* The bit length of v (0 for 0, 1 for 1, 3 for 5), at most cap: the
 * bucket counts and lengths are named by (stats.c). */
unsigned sc_bitlen(unsigned long v, unsigned cap);
/* Emits ns + "1", ns + "2" ... up to the bit-length bucket of v (at most
 * cap): the thermometer code of a count. Nothing for 0. */
void sc_count_feature(spamcls_extractor *x, sc_ns ns, unsigned long v,
                      unsigned cap);

/* ---------------------------------------------------------------- lang.c */

/* The word lists of LANG_MIX, as a table; NULL when out of memory. */
sc_lang *sc_lang_new(void);
void sc_lang_free(sc_lang *l);
/* 1: an English function word, 2: a common Indonesian word, 0: neither
 * (w[0..n) a normalized word). */
int sc_lang_kind(const sc_lang *l, const char *w, size_t n);
/* The same for word k (its bytes at w) of a text x extracts; 0 when x
 * has no LANG_MIX. */
int sc_lang_word(const spamcls_extractor *x, const sc_tok *k, const char *w);
/* x:lang:mix and x:lang:mix:N, when en English and id Indonesian words of
 * a text of that many words make it a mix. */
void sc_lang_emit(spamcls_extractor *x, size_t en, size_t id, size_t words);

/* ---------------------------------------------------------------- url.c */

/* A run of host-name labels: s[start..end), labels separated by single
 * dots, last label at s[last..end). */
typedef struct sc_host {
  size_t start, end, last;
  size_t labels;
} sc_host;

/* Scans a host name starting at s[i]; labels is 0 when there is none. A
 * trailing dot is not part of it. */
void sc_host_scan(const char *s, size_t n, size_t i, sc_host *h);
/* 1 when the last label of h is a public suffix (no '*' rule), so that
 * "togel88.com" is a domain and "e.g" or "3.14" are not. */
int sc_host_is_domain(spamcls_extractor *x, const char *s, const sc_host *h);
/* The registrable domain of host[0..n) ("www.a.co.id" -> "a.co.id"), or
 * the host itself when libpsl has none; NUL-terminated, in x->scratch
 * (valid until the next use of it). NULL when out of memory. */
const char *sc_registrable(spamcls_extractor *x, const char *host, size_t n,
                           size_t *len);
/* Features of one URL (author_url) under the "au:" block. */
void sc_url_author(spamcls_extractor *x, const char *s, size_t n);

/* ---------------------------------------------------------------- leet.c */

/* Replaces each leetspeak word of t by its fold (1 read as i), in place,
 * and keeps the "1 as l" readings (and, in a text written in leetspeak
 * throughout, the written forms the loose rule alone folded) in
 * x->leet_l for sc_fam_leet. Runs before the families (with
 * SPAMCLS_F_LEET). */
void sc_leet_words(spamcls_extractor *x, sc_toks *t);

/* With SPAMCLS_F_LEET_LINKS, when sc_leet_words found the text written in
 * leetspeak throughout: the text s[0..n) with each ASCII run of letters
 * and digits folded as such a text's words are ("h77p5://5173.c0m" ->
 * "https://site.com"), in x->leet_doc, the same length. Otherwise, or
 * out of memory, s itself. */
const char *sc_leet_text(spamcls_extractor *x, const char *s, size_t n);

/* Folds the leetspeak digits of word w[0..n) into out (len n), 1 read as
 * one_as ('i' or 'l'). Returns 0 when the word is not leet: it must mix
 * letters and digits, a digit run must sit between letters, every such
 * run must fold, and a final "<digits>d" (4d, 3d: lottery shapes) does not
 * count. Digits at either end are kept ("g4c0r88" -> "gacor88"). Sets
 * *has_one when a folded run contains a 1. */
int sc_leet_fold(const char *w, size_t n, char one_as, char *out,
                 int *has_one);

/* ------------------------------------------------------------- lexicon.c */

/* NULL when s[0..n) is a valid lexicon ("CLASS TERM\n" lines, see
 * lexicon.c), else a static message saying what is wrong. */
const char *sc_lexicon_check(const char *s, size_t n);
/* The lookup table of a valid lexicon; NULL when invalid or out of
 * memory. */
sc_lex *sc_lex_new(const char *s, size_t n);
void sc_lex_free(sc_lex *l);
/* 1 when w[0..n) is a term of l (l may be NULL: 0). */
int sc_lex_has(const sc_lex *l, const char *w, size_t n);

/* What a word alone says to the lexicon: the terms it matches (entry
 * indices, -1 for none) and how. It depends on the word only, so the
 * word cache keeps it. */
typedef struct sc_lex_match {
  int32_t a, b;           /* b: the second term of a glued pair */
  unsigned char plain;    /* the word is term a itself */
  unsigned char digits;   /* a number glued on ("slot88") */
  unsigned char glued;    /* another term glued on ("slotgacor", "visi4d") */
  unsigned char starts_pair;  /* the first word of a two-word term */
} sc_lex_match;

/* The disguises seen in one comment (x:how:). */
typedef struct sc_lex_how {
  int digits, glued;
} sc_lex_how;

/* Matches word w[0..n) with token flags fl (words that are not ASCII
 * match nothing); l may be NULL. */
void sc_lex_match_word(const sc_lex *l, const char *w, size_t n,
                       unsigned fl, sc_lex_match *m);
/* Emits the features of one word's match; in_tail from sc_lex_in_tail. */
void sc_lex_emit(spamcls_extractor *x, const sc_lex_match *m, int in_tail,
                 sc_lex_how *how);
/* 1 when word i of n stands among the last words, where promotion puts
 * the name. */
int sc_lex_in_tail(size_t i, size_t n);
/* After the words: two-word terms (starts[i] set when word i may begin
 * one), the "1 as l" readings of leet words, and x:how:. */
void sc_lex_phrases(spamcls_extractor *x, const sc_doc *d,
                    const unsigned char *starts, sc_lex_how *how);

#endif /* SC_FEATURES_H */
