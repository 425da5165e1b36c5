/*
 * lang.c - the LANG_MIX family: an English text with Indonesian words in
 * it ("x:lang:mix").
 *
 * The gambling spam of English comment sections is English praise with an
 * Indonesian slogan or site name tacked on or slipped in ("i really like
 * your article, mudah banget menang"). Its Indonesian words are ordinary
 * in Indonesian ham and its English ones in English ham; only together do
 * they say spam, and a linear model over words cannot learn a
 * conjunction. So one feature names it: at least MIN_EN English function
 * words, at least one common Indonesian word, and at least twice as many
 * of the first as of the second (a mostly Indonesian text with some
 * English in it is how Indonesian ham is written, and is no mix).
 *
 * Two short lists of very common words: English function words and
 * pronouns; Indonesian function words, pronouns and the most common words
 * of chat and promotion. A word that is also an English word, acronym or
 * common name is in neither ("dan", "ada", "di", "sama", "main", "yang",
 * "salah", "dari", "gratis", "nih", "gan"), so that English prose does
 * not read as mixed. Words are matched after normalization, so styled,
 * full-width and spaced-out spellings count. Scoring and training count
 * the words through the word cache (wordcache.c), which keeps each
 * word's language with its buckets; sc_fam_lang_mix is the path that
 * names features.
 */
#include <stdlib.h>
#include <string.h>

#include "sc_features.h"

#define MIN_EN 3
#define SLOTS 1024           /* a power of two, over twice the words */
#define MAX_LEN 11           /* the longest listed word, terimakasih;
                                at most 16 (see key) */

enum { EN = 1, ID = 2 };

static const char *const english[] = {
  "a", "about", "above", "after", "again", "all", "also", "am", "an", "and",
  "any", "are", "as", "at", "be", "because", "been", "before", "being",
  "below", "between", "both", "but", "by", "can", "cant", "could", "did",
  "didnt", "do", "does", "doesnt", "dont", "down", "during", "each", "for",
  "from", "further", "had", "has", "have", "he", "her", "here", "him", "his",
  "how", "i", "if", "ill", "im", "in", "into", "is", "isnt", "it", "its",
  "ive", "just", "may", "me", "might", "more", "most", "must", "my", "no",
  "not", "of", "on", "once", "only", "or", "other", "our", "out", "over",
  "own", "same", "she", "should", "so", "some", "such", "than", "that",
  "thats", "the", "their", "them", "then", "there", "these", "they", "theyre",
  "this", "those", "through", "to", "too", "under", "up", "very", "was", "we",
  "were", "what", "when", "where", "which", "while", "who", "whom", "why",
  "will", "with", "wont", "would", "you", "your", "youre",
};

static const char *const indonesian[] = {
  "aamiin", "adalah", "akan", "aku", "anda", "antara", "apabila", "atau",
  "ayo", "bagaimana", "bagi", "bagus", "bahkan", "bahwa", "baik", "banget",
  "banyak", "beberapa", "begini", "begitu", "belum", "benar", "bersama",
  "besar", "besok", "bgt", "biar", "biasa", "bikin", "bilang", "bisa",
  "boleh", "buat", "bukan", "cepat", "coba", "cuma", "cuman", "daftar",
  "dalam", "dapat", "deh", "dengan", "dgn", "disini", "doang", "duit", "dulu",
  "emang", "enak", "enggak", "gak", "gampang", "gimana", "gini", "gitu", "gk",
  "hanya", "harus", "hebat", "hingga", "ialah", "ingin", "ini", "itu", "iya",
  "jadi", "jangan", "jgn", "jika", "juga", "kak", "kalau", "kalian", "kalo",
  "kami", "kamu", "kapan", "karena", "karna", "kasih", "kayak", "kecil",
  "kemarin", "kemudian", "kenapa", "keren", "ketika", "kita", "klo", "kok",
  "lagi", "lainnya", "langsung", "lebih", "liat", "lihat", "makasih",
  "mantap", "masih", "mau", "melalui", "memang", "membuat", "menang",
  "menjadi", "mereka", "merupakan", "meskipun", "mudah", "mungkin", "murah",
  "namun", "nanti", "ngga", "nggak", "nonton", "oleh", "pada", "pakai",
  "pake", "paling", "pasti", "pengen", "perlu", "pernah", "punya", "resmi",
  "rugi", "saat", "saja", "sambil", "sampai", "sampe", "sangat", "saya",
  "sebagai", "sebelum", "sebuah", "secara", "sedang", "sedangkan", "sedikit",
  "sehingga", "sejak", "sekali", "sekarang", "selalu", "selama", "selamat",
  "semoga", "semua", "sendiri", "seorang", "seperti", "sering", "sesudah",
  "setelah", "setiap", "siapa", "sih", "sini", "sudah", "suka", "sukses",
  "supaya", "susah", "tadi", "tahu", "tanpa", "tapi", "telah", "tentang",
  "terbaik", "terima", "terimakasih", "terpercaya", "tersebut", "terus",
  "tetapi", "tiap", "tidak", "trus", "tuh", "uang", "udah", "untuk", "untung",
  "utk", "walaupun", "wkwk", "wkwkwk", "yaitu", "yg",
};

/* A word of at most MAX_LEN bytes as its first eight bytes (zero-padded),
 * its last eight when it is longer, and its length: the whole word while
 * MAX_LEN is at most 16, compared and hashed in a few instructions. The
 * word cache takes most words, but not all: a binary search of the lists
 * instead cost 3.9% more instructions scoring (callgrind, 20,000
 * comments). */
typedef struct key {
  uint64_t a, b;
  size_t n;
} key;

static key key_of(const char *w, size_t n)
{
  key k = {0, 0, n};
  memcpy(&k.a, w, n < 8 ? n : 8);
  if (n > 8)
    memcpy(&k.b, w + n - 8, 8);
  return k;
}

static uint32_t key_hash(const key *k)
{
  uint64_t h = (k->a ^ k->b * 0x9e3779b97f4a7c15u ^ k->n) * 0xff51afd7ed558ccdu;
  return (uint32_t)(h >> 40);
}

struct sc_lang {
  uint16_t slot[SLOTS];  /* 0 empty, else entry + 1 */
  struct {
    key k;
    int kind;
  } e[sizeof english / sizeof *english + sizeof indonesian / sizeof *indonesian];
};

static int find(const sc_lang *l, const char *w, size_t n)
{
  key k = key_of(w, n);
  for (uint32_t i = key_hash(&k);; i++) {
    unsigned s = l->slot[i & (SLOTS - 1)];
    if (s == 0)
      return 0;
    const key *e = &l->e[s - 1].k;
    if (e->a == k.a && e->b == k.b && e->n == k.n)
      return l->e[s - 1].kind;
  }
}

static void add(sc_lang *l, size_t i, const char *w, int kind)
{
  l->e[i].k = key_of(w, strlen(w));
  l->e[i].kind = kind;
  uint32_t h = key_hash(&l->e[i].k);
  while (l->slot[h & (SLOTS - 1)])
    h++;
  l->slot[h & (SLOTS - 1)] = (uint16_t)(i + 1);
}

sc_lang *sc_lang_new(void)
{
  sc_lang *l = calloc(1, sizeof *l);
  if (!l)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < sizeof english / sizeof *english; i++, k++)
    add(l, k, english[i], EN);
  for (size_t i = 0; i < sizeof indonesian / sizeof *indonesian; i++, k++)
    add(l, k, indonesian[i], ID);
  return l;
}

void sc_lang_free(sc_lang *l)
{
  free(l);
}

int sc_lang_kind(const sc_lang *l, const char *w, size_t n)
{
  return n <= MAX_LEN ? find(l, w, n) : 0;
}

int sc_lang_word(const spamcls_extractor *x, const sc_tok *k,
                 const char *w)
{
  if (!x->lang || !(k->flags & SC_TOK_ASCII))
    return 0;
  return sc_lang_kind(x->lang, w, k->len);
}

void sc_lang_emit(spamcls_extractor *x, size_t en, size_t id, size_t words)
{
  if (!(en >= MIN_EN && id >= 1 && en >= 2 * id))
    return;
  sc_emit_str(x, SC_NS_X_LANG, "mix");
  /* and with the text's length in words, as the lexicon's tail: one
   * feature's share of the vector shrinks with the text, and a weight of
   * its own for each length lets the fit give it back */
  char b[] = "mix:0";
  b[4] = (char)('0' + sc_bitlen(words, 7));
  sc_emit_str(x, SC_NS_X_LANG, b);
}

void sc_fam_lang_mix(spamcls_extractor *x, const sc_doc *d)
{
  const sc_toks *t = d->words;
  size_t n[3] = {0, 0, 0};
  for (size_t i = 0; i < t->n; i++)
    n[sc_lang_word(x, &t->v[i], t->buf + t->v[i].off)]++;
  sc_lang_emit(x, n[EN], n[ID], t->n);
}
