/*
 * normalize.c - raw comment bytes to normalized text (see normalize.h).
 *
 * Two paths. Pure ASCII without '&' (most English comments) needs no
 * Unicode at all: lowercase, controls to spaces, collapse, de-space.
 * Everything else goes through these stages, on scratch arrays kept in
 * sc_norm between calls:
 *   1. decode UTF-8 (each maximal invalid subpart -> U+FFFD, counted) and
 *      HTML entities, one code point at a time;
 *   2. per code point: raw statistics, white space collapsed,
 *      default-ignorables dropped, the fold.h tables (styled letters),
 *      else NFKC + case folding with utf8proc_decompose_char
 *      (COMPAT|CASEFOLD|DECOMPOSE); each result is classified (Latin
 *      letter, look-alike, mark ...);
 *   3. only when stage 2 saw look-alikes or marks, per word (letters,
 *      digits, marks): look-alikes fold to Latin when the word is
 *      otherwise Latin, marks are dropped unless their base is a letter of
 *      a script that needs them;
 *   4. canonical reordering and composition (utf8proc_normalize_utf32),
 *      only when a mark was kept or Hangul jamo appeared;
 *   5. UTF-8 output, then letter-spaced runs joined (despace.c).
 * If folding itself produced an entity ("＆amp;"), the result is
 * normalized again, so that normalizing normalized text changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "entities.h"
#include "fold.h"
#include "normalize.h"

/* Classes of the code points after stage 2. */
enum {
  K_SPACE,    /* white space, controls */
  K_OTHER,    /* punctuation, symbols, emoji: ends a word */
  K_LATIN,    /* a Latin letter (ASCII or not) */
  K_DIGIT,    /* an ASCII digit */
  K_MAPPED,   /* a look-alike letter with a Latin target */
  K_CONF,     /* a letter of a look-alike script without one */
  K_FOREIGN,  /* a letter or digit of any other script */
  K_MARK      /* a combining mark */
};

#define WEAK 0x80  /* flag in sc_norm.t: sc_lookalike said weak */

struct sc_norm {
  int32_t *d;          /* stage 2 output (code points) ... */
  unsigned char *k;    /* ... its K_* classes */
  unsigned char *t;    /* ... Latin targets of K_MAPPED, | WEAK */
  uint16_t *scr;       /* ... SC_SCRIPT_* of K_MAPPED and K_CONF */
  size_t d_cap;
  sc_buf tmp;  /* for the rare second round */
};

/* The utf8proc options of NFKC_Casefold, minus IGNORE (we drop and count
 * default-ignorables ourselves) and with DECOMPOSE, which makes
 * utf8proc_decompose_char apply canonical decompositions at all; the
 * composition half is utf8proc_normalize_utf32 in stage 4. */
#define DECOMPOSE_OPTS                                            \
  ((utf8proc_option_t)(UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |     \
                       UTF8PROC_DECOMPOSE))
#define COMPOSE_OPTS ((utf8proc_option_t)(UTF8PROC_COMPOSE | UTF8PROC_STABLE))

/* Room for the longest decomposition (18 code points, U+FDFA) and a few
 * folded bytes, checked once per input code point. */
#define D_SLACK 40

sc_norm *sc_norm_new(void)
{
  return calloc(1, sizeof(sc_norm));
}

void sc_norm_free(sc_norm *n)
{
  if (!n)
    return;
  free(n->d);
  free(n->k);
  free(n->t);
  free(n->scr);
  sc_buf_free(&n->tmp);
  free(n);
}

const char *sc_unicode_version(void)
{
  return utf8proc_unicode_version();
}

static int grow_d(sc_norm *n, size_t need)
{
  if (need <= n->d_cap)
    return 0;
  if (need > SIZE_MAX / sizeof(int32_t) / 2)
    return -1;
  size_t cap = n->d_cap ? n->d_cap : 256;
  while (cap < need)
    cap *= 2;
  int32_t *d = realloc(n->d, cap * sizeof *d);
  if (!d)
    return -1;
  n->d = d;
  unsigned char *k = realloc(n->k, cap);
  if (!k)
    return -1;
  n->k = k;
  unsigned char *t = realloc(n->t, cap);
  if (!t)
    return -1;
  n->t = t;
  uint16_t *s = realloc(n->scr, cap * sizeof *s);
  if (!s)
    return -1;
  n->scr = s;
  n->d_cap = cap;
  return 0;
}

/* ------------------------------------------------------------ ASCII path */

enum { A_SPACE = 1, A_ALPHA = 2, A_UPPER = 4 };

/* Classes of the ASCII bytes: controls, space and DEL are white space. */
static const unsigned char ascii_class[128] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
  6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 0, 0, 0, 0, 0,
  0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 1,
};

static int is_plain_ascii(const unsigned char *s, size_t len)
{
  if (memchr(s, '&', len))
    return 0;
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    acc |= w;
  }
  for (; i < len; i++)
    acc |= s[i];
  return (acc & 0x8080808080808080u) == 0;
}

/* White space collapses to one space, or to SC_WIDE_GAP when it is wide:
 * two or more white-space characters, or a line break. Letter-spaced text
 * ("B a r u   j e p e") puts its word breaks there; sc_despace ends a run
 * at one and then turns it into a space. prev is what is pending so far
 * (0 when this is the first white space). */
static int gap(int prev, int32_t c)
{
  return prev || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029
             ? SC_WIDE_GAP : ' ';
}

static size_t normalize_ascii(const unsigned char *s, size_t len, char *o,
                              sc_text_stats *st)
{
  size_t w = 0;
  int pending = 0;
  unsigned char last = 0;
  unsigned run = 0, max_run = 0, letters = 0, upper = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = s[i];
    unsigned cls = ascii_class[c];
    if (cls & A_SPACE) {
      pending = w > 0 ? gap(pending, c) : 0;
      last = 0;
      continue;
    }
    if (pending) {
      o[w++] = (char)pending;
      pending = 0;
    }
    if (c == last) {
      if (++run > max_run)
        max_run = run;
    } else {
      run = 1;
      last = c;
      if (!max_run)
        max_run = 1;
    }
    letters += (cls & A_ALPHA) != 0;
    upper += (cls & A_UPPER) != 0;
    o[w++] = (char)(c | ((cls & A_UPPER) << 3));  /* A_UPPER << 3 == 0x20 */
  }
  st->letters = letters;
  st->upper = upper;
  st->max_repeat = max_run;
  st->codepoints = (unsigned)len;
  return w;
}

/* ------------------------------------------------------------ stage 1 */

/* Decodes the code point at s[*pos..len) and advances *pos: UTF-8, with
 * each maximal invalid subpart as one U+FFFD, and HTML entities. */
static int32_t next_cp(const unsigned char *s, size_t len, size_t *pos,
                       sc_text_stats *st)
{
  size_t i = *pos;
  unsigned char b = s[i];
  if (b < 0x80) {
    if (b != '&') {
      *pos = i + 1;
      return b;
    }
    /* An entity decoding to '&' may start another: "&amp;quot;" reads
     * as '"', so that no entity survives into the output. */
    int32_t c = '&';
    size_t p = i + 1, used;
    for (;;) {
      int32_t e = sc_entity_decode(s + p, len - p, &used);
      if (e < 0)
        break;
      st->entities++;
      p += used;
      c = e;
      if (e != '&')
        break;
    }
    *pos = p;
    return c;
  }
  int32_t c;
  *pos = i + sc_utf8_decode(s + i, len - i, &c);
  if (c < 0) {  /* the maximal subpart is one U+FFFD */
    st->invalid_utf8++;
    return 0xFFFD;
  }
  return c;
}

/* ------------------------------------------------------------ stage 2 */

static int is_jamo(int32_t c)
{
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0xA960 && c <= 0xA97F) ||
         (c >= 0xD7B0 && c <= 0xD7FF);
}

/* What stage 2 learns for the later stages. */
typedef struct fold_flags {
  int words;    /* stage 3 has work: look-alikes, marks, odd spaces */
  int compose;  /* stage 4 has work: kept marks, Hangul jamo */
} fold_flags;

/* Classifies the non-ASCII code point at index i of stage 2 output, whose
 * properties are p. */
static void classify(sc_norm *n, size_t i, const utf8proc_property_t *p,
                     int upper, fold_flags *ff)
{
  int32_t c = n->d[i];
  int cat = p->category;
  if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
    unsigned script;
    if (sc_is_latin((uint32_t)c)) {
      n->k[i] = K_LATIN;
    } else if ((script = sc_lookalike_script((uint32_t)c)) != 0) {
      int weak;
      int tgt = sc_lookalike((uint32_t)c, upper, &weak);
      n->k[i] = tgt ? K_MAPPED : K_CONF;
      n->t[i] = (unsigned char)(tgt | (weak ? WEAK : 0));
      n->scr[i] = (uint16_t)script;
      ff->words = 1;
    } else {
      n->k[i] = K_FOREIGN;
      if (is_jamo(c))
        ff->compose = 1;
    }
  } else if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) {
    n->k[i] = K_MARK;
    ff->words = 1;
  } else if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) {
    n->k[i] = K_FOREIGN;
  } else if ((cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_CC)) {
    n->k[i] = K_SPACE;
    ff->words = 1;
  } else {
    n->k[i] = K_OTHER;
  }
}

#define S K_SPACE
#define O K_OTHER
#define L K_LATIN
#define D K_DIGIT
/* K_* classes of the ASCII characters. */
static const unsigned char ascii_kind[128] = {
  S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
  S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
  S, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
  D, D, D, D, D, D, D, D, D, D, O, O, O, O, O, O,
  O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
  L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,
  O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
  L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, S,
};
#undef S
#undef O
#undef L
#undef D

/* Stores ASCII c (lowercase already) at index i with its class. */
static void put_ascii(int32_t *d, unsigned char *k, size_t i,
                      unsigned char c)
{
  d[i] = c;
  k[i] = ascii_kind[c & 0x7F];
}

static int is_styled_decomp(int type)
{
  return type == UTF8PROC_DECOMP_TYPE_FONT ||
         type == UTF8PROC_DECOMP_TYPE_CIRCLE ||
         type == UTF8PROC_DECOMP_TYPE_SUPER ||
         type == UTF8PROC_DECOMP_TYPE_SUB ||
         type == UTF8PROC_DECOMP_TYPE_WIDE ||
         type == UTF8PROC_DECOMP_TYPE_SQUARE;
}

/* Stages 1 and 2 over s[0..len): fills n->d (white space already
 * collapsed to single spaces, none at either end) and returns its length,
 * or -1 when out of memory. */
static ptrdiff_t fold(sc_norm *n, const unsigned char *s, size_t len,
                      sc_text_stats *st, fold_flags *ff)
{
  size_t dn = 0, pos = 0;
  int pending = 0;  /* a space is due before the next character */
  /* A default-ignorable came right after a single space: the next space
   * keeps the gap single. Text spaced out code point by code point
   * ("D \u2060 \u200b O") then stays spaced, not cut into words. */
  int soft = 0;
  int32_t last = -1;
  /* Counters in locals: stores through n->k (char) would alias *st. */
  unsigned run = 0, max_run = 0, ncp = 0, letters = 0, upper_n = 0;
  if (grow_d(n, len + D_SLACK) < 0)
    return -1;
  /* The arrays in locals: stores through k (char) would otherwise make
   * the compiler reload every field of *n after each character. */
  int32_t *d = n->d;
  unsigned char *k = n->k;
  size_t cap = n->d_cap;
  while (pos < len) {
    if (cap - dn < D_SLACK) {
      if (grow_d(n, dn + D_SLACK) < 0)
        return -1;
      d = n->d;
      k = n->k;
      cap = n->d_cap;
    }
    unsigned char b = s[pos];
    if (b < 0x80 && b != '&') {
      /* A run of plain ASCII, most of any text, in a tight loop. It
       * stores at most one entry per byte, plus a pending space. */
      size_t end = pos + 1;
      while (end < len && s[end] < 0x80 && s[end] != '&')
        end++;
      if (cap - dn < end - pos + D_SLACK) {
        if (grow_d(n, dn + (end - pos) + D_SLACK) < 0)
          return -1;
        d = n->d;
        k = n->k;
        cap = n->d_cap;
      }
      ncp += (unsigned)(end - pos);
      for (; pos < end; pos++) {
        unsigned char a = s[pos];
        unsigned cls = ascii_class[a];
        if (cls & A_SPACE) {
          pending = dn > 0 ? gap(soft ? 0 : pending, a) : 0;
          soft = 0;
          last = -1;
          continue;
        }
        if (a == last) {
          if (++run > max_run)
            max_run = run;
        } else {
          run = 1;
          last = a;
          if (!max_run)
            max_run = 1;
        }
        if (pending) {
          put_ascii(d, k, dn++, (unsigned char)pending);
          pending = 0;
        }
        letters += (cls & A_ALPHA) != 0;
        upper_n += (cls & A_UPPER) != 0;
        /* A_UPPER << 3 is 0x20, the lowercase bit */
        put_ascii(d, k, dn++, (unsigned char)(a | (cls & A_UPPER) << 3));
      }
      continue;
    }
    int32_t c = next_cp(s, len, &pos, st);
    ncp++;
    const utf8proc_property_t *p = NULL;
    int cat = 0;
    if (c < 0x80) {  /* from an entity, or a '&' */
      unsigned cls = ascii_class[c];
      if (cls & A_SPACE) {
        pending = dn > 0 ? gap(soft ? 0 : pending, c) : 0;
        soft = 0;
        last = -1;
        continue;
      }
      run = c == last ? run + 1 : 1;
      last = c;
      max_run = run > max_run ? run : max_run;
      if (pending) {
        put_ascii(d, k, dn++, (unsigned char)pending);
        pending = 0;
      }
      letters += (cls & A_ALPHA) != 0;
      upper_n += (cls & A_UPPER) != 0;
      put_ascii(d, k, dn++,
                (unsigned char)(c | (int32_t)(cls & A_UPPER) << 3));
      continue;
    } else {
      p = utf8proc_get_property(c);
      cat = p->category;
      if (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_CC) {
        pending = dn > 0 ? gap(soft ? 0 : pending, c) : 0;
        soft = 0;
        last = -1;
        continue;
      }
    }
    run = c == last ? run + 1 : 1;
    last = c;
    max_run = run > max_run ? run : max_run;
    if (p->ignorable) {
      st->ignorables++;
      soft |= pending == ' ';
      continue;
    }
    if (pending) {
      put_ascii(d, k, dn++, (unsigned char)pending);
      pending = 0;
    }

    /* Regional indicators: a directly adjacent pair is a flag (kept, one
     * emoji); a lone one is a letter. Gambling spam separates them with
     * zero-width characters precisely so that they do not pair into
     * flags ("🇦​🇷​🇼​🇦​🇳​🇦" in judol-kyyyy8), while the ham pairs them
     * (🇮🇩, 🇧🇷). */
    if (c >= 0x1F1E6 && c <= 0x1F1FF) {
      size_t q = pos;
      sc_text_stats peek;
      memset(&peek, 0, sizeof peek);
      int32_t c2 = q < len ? next_cp(s, len, &q, &peek) : -1;
      if (c2 >= 0x1F1E6 && c2 <= 0x1F1FF) {
        d[dn] = c;
        k[dn++] = K_OTHER;
        d[dn] = c2;
        k[dn++] = K_OTHER;
        st->entities += peek.entities;
        st->emoji++;
        ncp++;
        pos = q;
        last = -1;
      } else {
        letters++;
        upper_n++;
        st->styled++;
        put_ascii(d, k, dn++, (unsigned char)('a' + (c - 0x1F1E6)));
      }
      continue;
    }

    char f[2];
    unsigned fl;
    int nf = sc_fold_char((uint32_t)c, f, &fl);
    if (nf) {
      if (fl & SC_FOLD_LETTER) {
        letters++;
        upper_n += (fl & SC_FOLD_UPPER) != 0;
        st->styled += (fl & SC_FOLD_STYLED) != 0;
      }
      for (int j = 0; j < nf; j++)
        put_ascii(d, k, dn++, (unsigned char)f[j]);
      continue;
    }

    int upper = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
      letters++;
      upper_n += upper;
    }
    if (p->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
        p->boundclass == UTF8PROC_BOUNDCLASS_E_ZWG)
      st->emoji++;

    /* Most code points (emoji, most letters of most scripts) have neither
     * a decomposition nor a case folding: skip utf8proc_decompose_char.
     * Hangul syllables decompose by algorithm, not by table; they are
     * NFC already, and skipping them spares their recomposition. */
    if (p->decomp_seqindex == UINT16_MAX &&
        p->casefold_seqindex == UINT16_MAX) {
      d[dn] = c;
      classify(n, dn++, p, upper, ff);
      continue;
    }

    size_t room = cap - dn;
    utf8proc_ssize_t r = utf8proc_decompose_char(
        c, d + dn, (utf8proc_ssize_t)room, DECOMPOSE_OPTS, NULL);
    if (r > (utf8proc_ssize_t)room) {  /* cannot happen (max 18); be safe */
      if (grow_d(n, dn + (size_t)r + D_SLACK) < 0)
        return -1;
      d = n->d;
      k = n->k;
      cap = n->d_cap;
      room = cap - dn;
      r = utf8proc_decompose_char(c, d + dn, (utf8proc_ssize_t)room,
                                  DECOMPOSE_OPTS, NULL);
    }
    if (r <= 0)  /* only for invalid code points, which stage 1 rules out */
      continue;
    size_t first = dn;
    for (size_t j = 0; j < (size_t)r; j++, dn++) {
      int32_t o = d[dn];
      if (o >= 0x80) {
        /* Compatibility decompositions can produce what the tables fold
         * (U+02B1 ʱ -> ɦ -> h); each result is a single letter. */
        if (sc_fold_char((uint32_t)o, f, &fl) == 1)
          put_ascii(d, k, dn, (unsigned char)f[0]);
        else
          classify(n, dn, utf8proc_get_property(o), upper, ff);
      } else {  /* case folding left no capitals */
        put_ascii(d, k, dn, (unsigned char)o);
        if (k[dn] == K_SPACE)  /* "¨" is " " + U+0308 */
          ff->words = 1;
      }
    }
    if (is_styled_decomp(p->decomp_type)) {
      int cat0 = utf8proc_category(d[first]);
      if (cat0 >= UTF8PROC_CATEGORY_LU && cat0 <= UTF8PROC_CATEGORY_LO) {
        st->styled++;
        if (cat == UTF8PROC_CATEGORY_SO) {  /* 🄫, circled letters */
          letters++;
          upper_n += utf8proc_isupper(c) != 0;
        }
      }
    }
  }
  st->codepoints = ncp;
  st->letters = letters;
  st->upper = upper_n;
  st->max_repeat = max_run;
  return (ptrdiff_t)dn;
}

/* ------------------------------------------------------------ stage 3 */

static int is_word(int k)
{
  return k >= K_LATIN;
}

/* Marks a Cyrillic or Greek letter keeps: those its orthography uses
 * (й ё ї ў, Greek accents and breathings, Cyrillic titlo). Overlays such
 * as U+0353 or U+0489 on П͓̽ are decoration. */
static int native_mark(int32_t m)
{
  switch (m) {
  case 0x0300: case 0x0301: case 0x0304: case 0x0306: case 0x0308:
  case 0x0313: case 0x0314: case 0x0342: case 0x0345:
    return 1;
  default:
    return m >= 0x0483 && m <= 0x0487;
  }
}

enum { KEEP_NONE, KEEP_NATIVE, KEEP_ALL };

/* What one word of stage 2's output is made of. */
typedef struct word_mix {
  unsigned latin, mapped, weak, unmapped, scripts;
} word_mix;

/* Counts the word that starts at i; returns where it ends. */
static size_t count_word(const sc_norm *n, size_t dn, size_t i, word_mix *m)
{
  memset(m, 0, sizeof *m);
  for (; i < dn && is_word(n->k[i]); i++) {
    switch (n->k[i]) {
    case K_LATIN:
      m->latin++;
      break;
    case K_MAPPED:
      m->mapped++;
      m->weak += (n->t[i] & WEAK) != 0;
      m->scripts |= n->scr[i];
      break;
    case K_CONF:
      m->unmapped++;
      break;
    case K_FOREIGN:
      m->unmapped += n->d[i] >= 0x80;
      break;
    default:
      break;
    }
  }
  return i;
}

/* 1 when the word m reads as a disguised Latin word: otherwise Latin
 * ("pulаu", "ρüℓaυ"), mixing two look-alike scripts ("ᥲsіһ": Tai Le and
 * Cyrillic), or look-alikes alone in a Latin text (costume, latin_text).
 * One letter without a Latin twin, or more weak twins than Latin letters
 * ("пepевод"), means a real Cyrillic/Greek/... word: leave it alone. */
static int to_latin(const word_mix *m, int costume)
{
  if (!m->mapped || m->unmapped)
    return 0;
  if (m->latin || costume)
    return m->weak <= m->latin;
  return !m->weak && (m->scripts & (m->scripts - 1)) != 0;
}

/* 1 when the text is Latin with disguised words: some word is Latin and
 * none holds a letter without a Latin twin or more weak twins than Latin
 * letters ("check my ЈАСКРОТ", "ѕеху girls"). Real Russian or Greek has
 * such words in nearly every sentence; in their absence a word made of
 * strong look-alikes alone is a Latin word in costume. */
static int latin_text(const sc_norm *n, size_t dn)
{
  int latin = 0;
  for (size_t i = 0; i < dn;) {
    if (!is_word(n->k[i])) {
      i++;
      continue;
    }
    word_mix m;
    i = count_word(n, dn, i, &m);
    if (m.unmapped || m.weak > m.latin)
      return 0;
    latin |= m.latin > 0 || to_latin(&m, 0);  /* Latin out: idempotent */
  }
  return latin;
}

/* Stage 3, in place (it never writes ahead of what it read). */
static size_t fold_words(sc_norm *n, size_t dn, sc_text_stats *st,
                         fold_flags *ff)
{
  int32_t *d = n->d;
  const unsigned char *k = n->k;
  size_t w = 0, i = 0;
  int pending = 0;
  int costume = latin_text(n, dn);
  while (i < dn) {
    if (!is_word(k[i])) {
      if (k[i] == K_SPACE) {
        pending = w > 0 ? (pending == SC_WIDE_GAP ? pending : d[i]) : 0;
      } else {
        if (pending) {
          d[w++] = pending;
          pending = 0;
        }
        d[w++] = d[i];
      }
      i++;
      continue;
    }
    /* A word: does it read as a disguised Latin word? */
    word_mix m;
    size_t j = count_word(n, dn, i, &m);
    int latin = to_latin(&m, costume);
    int keep = KEEP_NONE;
    for (; i < j; i++) {
      /* The space goes before the first thing the word keeps: a word of
       * dropped marks alone must not leave two spaces. */
      if (pending && (k[i] != K_MARK || keep != KEEP_NONE)) {
        d[w++] = pending;
        pending = 0;
      }
      switch (k[i]) {
      case K_MARK:
        if (keep == KEEP_ALL || (keep == KEEP_NATIVE && native_mark(d[i]))) {
          d[w++] = d[i];
          ff->compose = 1;
        } else {
          st->marks++;
        }
        break;
      case K_MAPPED:
        if (latin) {
          d[w++] = n->t[i] & ~WEAK;
          st->lookalikes++;
          keep = KEEP_NONE;
          break;
        }
        /* fall through */
      case K_CONF:
        d[w++] = d[i];
        keep = (n->scr[i] & (SC_SCRIPT_CYRILLIC | SC_SCRIPT_GREEK))
                   ? KEEP_NATIVE : KEEP_ALL;
        break;
      case K_FOREIGN:
        d[w++] = d[i];
        keep = d[i] >= 0x80 ? KEEP_ALL : KEEP_NONE;
        break;
      default:  /* Latin letters and ASCII digits lose their marks */
        d[w++] = d[i];
        keep = KEEP_NONE;
        break;
      }
    }
  }
  return w;
}

/* ------------------------------------------------------------ stage 4 */

/* Canonical ordering of combining marks (what utf8proc_decompose does
 * after decomposing, and utf8proc_normalize_utf32 expects). */
static void canonical_order(int32_t *d, size_t len)
{
  size_t pos = 0;
  while (pos + 1 < len) {
    if (d[pos + 1] < 0x300) {  /* no combining class below U+0300 */
      pos++;
      continue;
    }
    int c1 = utf8proc_get_property(d[pos])->combining_class;
    int c2 = utf8proc_get_property(d[pos + 1])->combining_class;
    if (c1 > c2 && c2 > 0) {
      int32_t tmp = d[pos];
      d[pos] = d[pos + 1];
      d[pos + 1] = tmp;
      if (pos > 0)
        pos--;
    } else {
      pos++;
    }
  }
}

/* ------------------------------------------------------------ driver */

static spamcls_status normalize_once(sc_norm *n, const char *s, size_t len,
                                     sc_buf *out, sc_text_stats *st)
{
  const unsigned char *u = (const unsigned char *)s;
  sc_buf_clear(out);
  if (len > SIZE_MAX / 16)
    return SPAMCLS_ERR_NOMEM;
  if (sc_buf_reserve(out, len + 1) < 0)
    return SPAMCLS_ERR_NOMEM;

  size_t olen;
  if (is_plain_ascii(u, len)) {
    olen = normalize_ascii(u, len, out->data, st);
  } else {
    fold_flags ff = {0, 0};
    ptrdiff_t dn = fold(n, u, len, st, &ff);
    if (dn < 0)
      return SPAMCLS_ERR_NOMEM;
    size_t m = (size_t)dn;
    if (ff.words)
      m = fold_words(n, m, st, &ff);
    if (ff.compose && m > 0) {
      canonical_order(n->d, m);
      utf8proc_ssize_t r =
          utf8proc_normalize_utf32(n->d, (utf8proc_ssize_t)m, COMPOSE_OPTS);
      if (r >= 0)  /* it only fails on invalid options */
        m = (size_t)r;
    }
    if (m > SIZE_MAX / 4 - 1 || sc_buf_reserve(out, 4 * m + 1) < 0)
      return SPAMCLS_ERR_NOMEM;
    unsigned char *o = (unsigned char *)out->data;
    const int32_t *d = n->d;
    olen = 0;
    for (size_t i = 0; i < m; i++) {
      uint32_t c = (uint32_t)d[i];
      if (c < 0x80) {
        o[olen++] = (unsigned char)c;
      } else if (c < 0x800) {
        o[olen++] = (unsigned char)(0xC0 | (c >> 6));
        o[olen++] = (unsigned char)(0x80 | (c & 0x3F));
      } else if (c < 0x10000) {
        o[olen++] = (unsigned char)(0xE0 | (c >> 12));
        o[olen++] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[olen++] = (unsigned char)(0x80 | (c & 0x3F));
      } else {
        o[olen++] = (unsigned char)(0xF0 | (c >> 18));
        o[olen++] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        o[olen++] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[olen++] = (unsigned char)(0x80 | (c & 0x3F));
      }
    }
  }
  olen = sc_despace(out->data, olen, &st->despaced);
  out->len = olen;
  out->data[olen] = '\0';
  return SPAMCLS_OK;
}

/* 1 when the text holds an HTML entity that folding created. */
static int has_entity(const sc_buf *b)
{
  const unsigned char *s = (const unsigned char *)b->data;
  const unsigned char *amp = s ? memchr(s, '&', b->len) : NULL;
  while (amp) {
    size_t at = (size_t)(amp - s) + 1, used;
    if (sc_entity_decode(s + at, b->len - at, &used) >= 0)
      return 1;
    amp = memchr(s + at, '&', b->len - at);
  }
  return 0;
}

spamcls_status sc_normalize(sc_norm *n, const char *s, size_t len,
                            sc_buf *out, sc_text_stats *st)
{
  sc_text_stats local;
  if (!st)
    st = &local;
  memset(st, 0, sizeof *st);
  if (!s)
    len = 0;
  spamcls_status rc = normalize_once(n, s ? s : "", len, out, st);
  /* Rare: "＆amp;" folds to "&amp;". A bounded number of rounds; each
   * one decodes at least one entity and so shortens the text. */
  for (int round = 0; rc == SPAMCLS_OK && round < 4 && has_entity(out);
       round++) {
    sc_text_stats again;
    memset(&again, 0, sizeof again);
    rc = normalize_once(n, out->data, out->len, &n->tmp, &again);
    if (rc != SPAMCLS_OK)
      break;
    st->entities += again.entities;
    sc_buf swap = *out;
    *out = n->tmp;
    n->tmp = swap;
  }
  return rc;
}
