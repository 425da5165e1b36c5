/*
 * check_normalize.c - tests of features/normalize.c (and its helpers
 * fold.c, entities.c, despace.c): one test case per Unicode trick, each
 * on short real examples copied from ../shared/corpus (the set and label
 * are named beside each), plus invalid UTF-8, control characters, other
 * scripts, statistics, output invariants on random bytes and idempotence
 * over corpus rows (skipped with a message when ../shared is absent).
 */
#include <check.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static sc_norm *norm;
static sc_buf out;
static sc_text_stats st;

static void setup(void)
{
  norm = sc_norm_new();
  ck_assert_ptr_nonnull(norm);
  memset(&out, 0, sizeof out);
}

static void teardown(void)
{
  sc_norm_free(norm);
  sc_buf_free(&out);
}

/* 1 when s[0..len) is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    unsigned char b = s[i];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF)
      need = 1;
    else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      lo = b == 0xE0 ? 0xA0 : 0x80;
      hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      lo = b == 0xF0 ? 0x90 : 0x80;
      hi = b == 0xF4 ? 0x8F : 0xBF;
    } else
      return 0;
    for (size_t j = 1; j <= need; j++) {
      if (i + j >= len)
        return 0;
      unsigned char c = s[i + j];
      if (c < lo || c > hi)
        return 0;
      lo = 0x80;
      hi = 0xBF;
    }
    i += need + 1;
  }
  return 1;
}

/* The invariants every output keeps; returns a reason or NULL. */
static const char *broken_invariant(const sc_buf *b)
{
  const unsigned char *s = (const unsigned char *)b->data;
  size_t len = b->len;
  if (len == 0)
    return NULL;
  if (!valid_utf8(s, len))
    return "invalid UTF-8";
  if (s[len] != '\0')
    return "not NUL-terminated";
  if (s[0] == ' ' || s[len - 1] == ' ')
    return "space at an end";
  for (size_t i = 0; i < len; i++) {
    if (s[i] < 0x20 || s[i] == 0x7F)
      return "control character (NUL, CR, LF, TAB ...)";
    if (s[i] == ' ' && s[i + 1] == ' ')
      return "two spaces";
  }
  return NULL;
}

/* Normalizes s[0..len) into out/st, checks the invariants and that a
 * second normalization changes nothing; returns out.data. */
static const char *norm_len(const char *s, size_t len)
{
  ck_assert_int_eq(sc_normalize(norm, s, len, &out, &st), SPAMCLS_OK);
  const char *why = broken_invariant(&out);
  ck_assert_msg(why == NULL, "%s in output of \"%s\"", why, out.data);
  sc_buf again = {0};
  sc_text_stats st2;
  ck_assert_int_eq(sc_normalize(norm, out.data, out.len, &again, &st2),
                   SPAMCLS_OK);
  ck_assert_msg(again.len == out.len &&
                    memcmp(again.data ? again.data : "",
                           out.data ? out.data : "", out.len) == 0,
                "not idempotent: \"%s\" -> \"%s\"", out.data, again.data);
  sc_buf_free(&again);
  return out.data ? out.data : "";
}

static const char *norm_str(const char *s)
{
  return norm_len(s, strlen(s));
}

typedef struct pair {
  const char *in;
  const char *want;
} pair;

static void expect(const pair *p)
{
  const char *got = norm_str(p->in);
  ck_assert_msg(strcmp(got, p->want) == 0, "\"%s\": want \"%s\", got \"%s\"",
                p->in, p->want, got);
}

/* A loop test over a table of pairs. */
#define PAIR_TEST(name, table) \
  START_TEST(name)             \
  {                            \
    expect(&table[_i]);        \
  }                            \
  END_TEST

/* ------------------------------------------------------------ styled */

/* Mathematical alphanumerics (NFKC, and their reserved holes). */
static const pair math_cases[] = {
  /* judol-kyyyy8, spam */
  {"Baru aja daftar di ✅ 𝗕𝗔𝗥𝗗𝗜𝟰𝗗 ✅. spin 10k",
   "baru aja daftar di ✅ bardi4d ✅. spin 10k"},
  {"Anda butuh uang ? ⚡ 𝐁𝐀𝐑𝐃𝐈𝟒𝐃 ⚡ solusinya",
   "anda butuh uang ? ⚡ bardi4d ⚡ solusinya"},
  /* judol-gbennnn, spam: double-struck, bold script, Fraktur */
  {"Tube tahun ini,🀄ℙℝ𝕆𝔹𝔼𝕋855🀄Gak", "tube tahun ini,🀄probet855🀄gak"},
  {"bareng \t☠🍔 𝓐𝓻𝔀𝓪𝓷𝓽𝓸𝓽𝓸 ♨♤", "bareng ☠🍔 arwantoto ♨♤"},
  /* U+1D50C is a reserved hole (Fraktur I is ℑ); generators emit it */
  {"pasti ada bahasan 𝔓𝔘𝔏𝔄𝔘𝔚\U0001D50C𝔑.", "pasti ada bahasan pulauwin."},
};
PAIR_TEST(test_math, math_cases)

static const pair fullwidth_cases[] = {
  /* judol-gbennnn, spam */
  {"Ｐｕｌａｕ７７７, hadiahnya luar biasa!", "pulau777, hadiahnya luar biasa!"},
  {"form rame soal ☯ＡＬＥＸＩＳ１７☯!", "form rame soal ☯alexis17☯!"},
  /* youtube-spam-collection, spam */
  {"ｈｔｔｐ://ｗｗｗ.ｅｂａｙ.ｃｏｍ/ｕｓｒ", "http://www.ebay.com/usr"},
};
PAIR_TEST(test_fullwidth, fullwidth_cases)

static const pair circled_cases[] = {
  /* judol-gbennnn, spam */
  {"Top banget ⓅⓊⓁⒶⓊ⑦⑦⑦, jepe tiada henti.",
   "top banget pulau777, jepe tiada henti."},
  {"Candu banget ⒺⓂⓅⓊ①③⑧", "candu banget empu138"},
};
PAIR_TEST(test_circled, circled_cases)

/* Parenthesized letters decompose to "(p)"; none in the corpora, so these
 * are made up after the circled ones. */
static const pair parenthesized_cases[] = {
  {"Top banget ⒫⒰⒧⒜⒰⑺⑺⑺", "top banget pulau777"},
  {"🄟🄤🄛🄐🄤 ⒇", "pulau 20"},
};
PAIR_TEST(test_parenthesized, parenthesized_cases)

static const pair squared_cases[] = {
  /* judol-gbennnn, spam: squared (NFKC) */
  {"Sekali buka 🄿🅄🄻🄰🅄🅆🄸🄽, lupa waktu.", "sekali buka pulauwin, lupa waktu."},
  {"serunya dobel 🎅🎄 🄰🅁🅆🄰🄽🄰🄶🄰🄼🄸🄽🄶 ㊙️🥢",
   "serunya dobel 🎅🎄 arwanagaming 秘🥢"},
  /* judol-gbennnn, spam: negative squared (no decomposition) */
  {"05:00 🅿️🆄🅻🅰️🆄777: Hadiah", "05:00 pulau777: hadiah"},
  {"ter gue? Buka 🅿︎🆄🅻🅰︎🆄🆆🅸🅽︎ bentar.", "ter gue? buka pulauwin bentar."},
  {"mbus 20jt 🅱🅰🅽 🆃🅴🅽🅶 🅷🅾 🅺🅸🎉", "mbus 20jt ban teng ho ki🎉"},
};
PAIR_TEST(test_squared, squared_cases)

static const pair negative_circled_cases[] = {
  /* judol-gbennnn, spam */
  {"Hadirr 🅘🅝🅢🅣🅐🅝🅢🅛⓿🅣", "hadirr instansl0t"},
  {"Duit ngalir dari 🅟 🅤 🅛 🅐 🅤 🅦 🅘 🅝 💰", "duit ngalir dari pulauwin 💰"},
  /* judol-kyyyy8, spam: dingbat negative circled digits */
  {"ebat, 𝑴𝑨𝑵𝑫𝑨𝙇𝙄𝙆𝘼❼❼! bisa", "ebat, mandalika77! bisa"},
};
PAIR_TEST(test_negative_circled, negative_circled_cases)

static const pair small_caps_cases[] = {
  /* judol-gbennnn, spam and ham */
  {"lancar bang salam Jepe ⭐ ᴘʀᴏʙᴇᴛ855 ⭐",
   "lancar bang salam jepe ⭐ probet855 ⭐"},
  {"langsung di ɪɴꜱᴛᴀɴᴛ ꜱʟ0ᴛ!", "langsung di instant sl0t!"},
  {"elip kata Pᴜʟᴀᴜᴡɪɴ.", "elip kata pulauwin."},
  {"ᴄɪʙᴀᴛᴜʀ ʜᴀᴅɪʀ", "cibatur hadir"},
};
PAIR_TEST(test_small_caps, small_caps_cases)

/* ------------------------------------------------------------ marks */

static const pair overlay_cases[] = {
  /* judol-gbennnn and judol-kyyyy8, spam */
  {"n, top banget P͓̽U͓̽L͓̽A͓̽U͓̽7̽", "n, top banget pulau7"},
  {"ara-gara buka P̶U̶L̶A̶U̶W̶I̶N̶", "ara-gara buka pulauwin"},
  {"sound effect P҉U҉L҉A҉U҉W҉I҉N҉", "sound effect pulauwin"},
  {"yak orang ya! W̾E̾T̾O̾N̾8̾8̾", "yak orang ya! weton88"},
  {"u SMP aja tau P͟͟U͟͟L͟͟A͟͟U͟͟W", "u smp aja tau pulauw"},
  {"h denger kata 𝓟͙U͙L͙A͙U͙W͙I͙N͙", "h denger kata pulauwin"},
  /* accents on Latin letters go too (judol-kyyyy8, spam) */
  {"main di ǴÁ ŔŰ DÁ HŐ Ḱí selalu", "main di ga ru da ho ki selalu"},
  /* ... and overlays on Cyrillic, but not its own marks (made up) */
  {"П͓̽Р͓̽И͓̽ йод ёлка", "при йод ёлка"},
  {"Łódź Ørsted ɑ ı", "lodz orsted a i"},
};
PAIR_TEST(test_overlay, overlay_cases)

/* ------------------------------------------------------------ look-alikes */

static const pair lookalike_cases[] = {
  /* judol-gbennnn, spam: Greek and Latin */
  {"ang terus dari ρüℓAυ777, gokil!", "ang terus dari pulau777, gokil!"},
  {"pi engga, pυ͠l͠α͠υ͠ω͠ι͠ɴ͠ munc", "pi engga, pulauwin munc"},
  /* judol-gbennnn, spam: Lycian T */
  {"Sukses selalu ⚡ 𝐏𝐑0𝐁𝐄𐊗𝟖𝟓𝟓  ⚡", "sukses selalu ⚡ pr0bet855 ⚡"},
  /* judol-gbennnn, spam: Canadian syllabics */
  {"g gacor selain ᑭᑌᒪᗩᑌᗯIᑎ jangan", "g gacor selain pulauwin jangan"},
  /* blog-comments-moderated: Cyrillic а ѕ і ԝ in English */
  {"The Portable Test Centre hаѕ three Test Labs based іn Hong kong",
   "the portable test centre has three test labs based in hong kong"},
  {"in India ԝith dedicate personnel ɑnd resources.",
   "in india with dedicate personnel and resources."},
  /* judol-gbennnn, ham: Greek alpha in Indonesian */
  {"*Seindαh αpαpun merencαnαkαn mαsα depαn,*",
   "*seindah apapun merencanakan masa depan,*"},
  /* judol-kyyyy8, ham: Tai Le with Cyrillic */
  {"tuh kgk ȷᥱᥣᥲs", "tuh kgk jelas"},
  /* made up: whole words of look-alikes in a Latin text, capitals К М Т
   * exact twins */
  {"check my ЈАСКРОТ now", "check my jackpot now"},
  {"ѕеху girls", "sexy girls"},
  {"TOTO КАМi", "toto kami"},
};
PAIR_TEST(test_lookalike, lookalike_cases)

/* Words in Cyrillic or Greek stay as they are. */
static const pair native_cases[] = {
  /* blog-comments-moderated, unlabeled and spam */
  {"Привет всем! Класный у вас сайт!", "привет всем! класный у вас сайт!"},
  {"Here is my homepage: [ηχος πιστολακι μαλλιων](http:",
   "here is my homepage: [ηχοσ πιστολακι μαλλιων](http:"},  /* ς -> σ */
  {"θσερ@εχαμπλε.ψομ", "θσερ@εχαμπλε.ψομ"},
  /* blog, unlabeled: Russian with Latin intruders stays Russian ... */
  {"Baм дeнeжный пepевод", "bam дeнeжный пepевод"},
  {"Вaльцы 5х2000мм", "вaльцы 5х2000мм"},
  /* judol-gbennnn, ham */
  {"Реакция мгновенная👍", "реакция мгновенная👍"},
  {"αβγ δέκα", "αβγ δέκα"},  /* made up: all mappable, one script */
  /* made up: lowercase м т н в are weak twins, so these stay Russian */
  {"Привет мост ok", "привет мост ok"},
  {"мост ok", "мост ok"},
};
PAIR_TEST(test_native_words, native_cases)

/* ------------------------------------------------------------ invisible */

static const pair ignorable_cases[] = {
  /* youtube-spam-collection: U+FEFF ends most rows */
  {"Subscribe to my channel \uFEFF", "subscribe to my channel"},
  {" Wheels please ❤️\uFEFF", "wheels please ❤"},
  /* judol-kyyyy8, spam: joiners inside the brand */
  {"𝐃\u2060\u200B𝐎\u200B𝐑\u200D𝐀\u2060\u200C𝟕\u200C\u2060𝟕 Bikin ngakak",
   "dora77 bikin ngakak"},
  /* youtube, spam: soft hyphen; judol-kyyyy8, ham: LRM, isolates */
  {"◄◄••\u00AD•• don&#39;t hate", "◄◄•••• don't hate"},
  {"manis. \u200Etapi aku", "manis. tapi aku"},
  {"😱😱\u2066👍🏼\u2069💚", "😱😱👍🏼💚"},
  {"\u202Eevil\u202C \u200F", "evil"},
};
PAIR_TEST(test_ignorable, ignorable_cases)

/* ------------------------------------------------------------ entities */

static const pair entity_cases[] = {
  /* youtube-spam-collection */
  {"Hey guys, I&#39;m a human.<br />", "hey guys, i'm a human.<br />"},
  {"<br />.&quot;How is there 1 milli", "<br />.\"how is there 1 milli"},
  {"congrats Katy . Applause &lt;3 \uFEFF", "congrats katy . applause <3"},
  {"e=3&amp;permPage=1  &lt;--------", "e=3&permpage=1 <--------"},
  /* judol-gbennnn, spam: encoded three times */
  {"Estetik &amp;amp;amp; kreatif", "estetik & kreatif"},
  /* blog-comments-moderated: nbsp; query strings without ';' stay */
  {"<p>&nbsp;400+ High DA Free <b>", "<p> 400+ high da free <b>"},
  {"viewtopic.php?f=2&t=29878>фильм", "viewtopic.php?f=2&t=29878>фильм"},
  /* sms-spam-collection */
  {"(std txt rate)T&C's apply", "(std txt rate)t&c's apply"},
  /* made up: an encoded styled letter folds like a literal one */
  {"&#x1D40F;&#x1D414;&#x1D40B;&#x1D400;&#x1D414; &eacute;t&eacute;",
   "pulau ete"},
  {"&#0; &#xD800; &#x110000; &#150; &bogus; &#;",
   "\uFFFD \uFFFD \uFFFD – &bogus; &#;"},
  /* made up: folding creates an entity; it is decoded in a second round */
  {"＆amp;lt; ＆#39;", "< '"},
};
PAIR_TEST(test_entities, entity_cases)

/* ------------------------------------------------------------ flags */

/* Regional indicators: lone ones are letters, adjacent pairs are flags. */
static const pair regional_cases[] = {
  /* judol-kyyyy8, spam */
  {"\U0001F1E6\u200B\u200B\U0001F1F7\u200B\u200B\U0001F1FC\u200B\u200B"
   "\U0001F1E6\u200B\u200B\U0001F1F3\u200B\u200B\U0001F1E6\u200B\u200B"
   "\U0001F1F9\u200B\u200B\U0001F1F4\u200B\u200B\U0001F1F9\u200B\u200B"
   "\U0001F1F4\u200B👍",
   "arwanatoto👍"},
  /* judol-gbennnn, spam */
  {"\U0001F1F2\u200C \U0001F1EE\u200C \U0001F1FE\u200C \U0001F1E6\u200C "
   "8 8 💥 bikin",
   "miya88 💥 bikin"},
  /* judol-kyyyy8 and judol-gbennnn, ham: flags stay */
  {"semangat \U0001F1EE\U0001F1E9\U0001F1EE\U0001F1E9",
   "semangat \U0001F1EE\U0001F1E9\U0001F1EE\U0001F1E9"},
  {"इनोएन मुसीबत में है \U0001F1EE\U0001F1F3\U0001F1EE\U0001F1F3😡",
   "इनोएन मुसीबत में है \U0001F1EE\U0001F1F3\U0001F1EE\U0001F1F3😡"},
};
PAIR_TEST(test_regional, regional_cases)

/* ------------------------------------------------------------ despacing */

static const pair despace_cases[] = {
  /* judol-gbennnn and judol-kyyyy8, spam */
  {"form rame soal ⭐ A L E X I S 1 7", "form rame soal ⭐ alexis17"},
  {"Seacrh Google ❄️𝗝 𝗨 𝗡 𝗜 𝗢 𝗥 𝟴", "seacrh google ❄junior8"},
  {"Hajar di ─═ 𝘽 𝙐 𝙆 𝙄 𝙏 8 8", "hajar di ─═ bukit88"},
  {"ternyata ada di ISTANA B E T 1", "ternyata ada di istana bet1"},
  /* youtube-spam-collection, ham: meant to be read as words */
  {"P E A C E  &amp;  L O V E  ! !", "peace & love !!"},
  /* the same with emoji and an apostrophe in its words (judol-gbennnn) */
  {"j e l a s   d i \U0001F496 d o r a 7 7 \U0001F496   l e t \u2019 s",
   "jelas di\U0001F496dora77\U0001F496 let\u2019s"},
  /* spaced out code point by code point, zero-width characters included
   * ("D\u2060\u200bO\u200dR", judol-gbennnn) */
  {"g i l a !   D \u2060 \u200b O \u200d R \u2060 \u2060 A 7 7 b i k i n",
   "gila! dora77bikin"},
  /* a dotted name spaced out joins in one pass (norm_len checks that a
   * second normalization changes nothing) */
  {"x y z   M . I . A . W . 4 . D   a b c", "xyz miaw4d abc"},
  /* dotted and bracketed (judol-kyyyy8 and judol-gbennnn, spam) */
  {"Pulang ke M.I.A.W.4.D ya", "pulang ke miaw4d ya"},
  {"menang di P.R.O.B.E.T.8.5.5. mantap", "menang di probet855. mantap"},
  {"\U0001F525P.R.O.B.E.T\U0001F525 gas... B.B.C.A...",
   "\U0001F525probet\U0001F525 gas... bbca..."},
  {"tanya \u3010H\u3011\u3010o\u3011\u3010k\u3011\u3010i\u3011"
   "\u30107\u3011\u30107\u3011\u30107\u3011 itu", "tanya hoki777 itu"},
  /* not joined: abbreviations, numbers, hosts, addresses, too few */
  {"a.k.a U.S.A. w.r.t 192.168.1.1 versi 1.2.3.4",
   "a.k.a u.s.a. w.r.t 192.168.1.1 versi 1.2.3.4"},
  {"a.b.c.d.efg www.a.b.c.com x.y.z.w/abc a.b.c.d@x.com",
   "a.b.c.d.efg www.a.b.c.com x.y.z.w/abc a.b.c.d@x.com"},
  {"ep.r.o.b.e.t \u30101\u3011\u30102\u3011\u30103\u3011 "
   "\u3010a\u3011\u3010b\u3011",
   "ep.r.o.b.e.t \u30101\u3011\u30102\u3011\u30103\u3011 "
   "\u3010a\u3011\u3010b\u3011"},
  /* not joined: digits, textese, other separators, two-token runs */
  {"Frost Diamond coba angka 1 2 3 4 5 6 8 9 10",
   "frost diamond coba angka 1 2 3 4 5 6 8 9 10"},
  {"I walked an hour 2 c u! doesn", "i walked an hour 2 c u! doesn"},
  {"apa w-e-t-o-n a.k.a r.i.p", "apa w-e-t-o-n a.k.a r.i.p"},
  {"tim A B dan seterusnya", "tim a b dan seterusnya"},
  {"don't a b", "don't a b"},
  /* the known cost of the rule (judol-kyyyy8, ham): 27 of 71,402 ham rows */
  {"kayak tim A B C dan seterusnya", "kayak tim abc dan seterusnya"},
  /* Korean and Russian single-letter words never join */
  {"я и ты", "я и ты"},
};
PAIR_TEST(test_despace, despace_cases)

/* sc_despace on its own. */
START_TEST(test_despace_direct)
{
  char a[] = "x s l o t 7 7 y";
  unsigned runs = 0;
  size_t n = sc_despace(a, strlen(a), &runs);
  ck_assert_str_eq(a, "xslot77y");  /* x, y are part of the run */
  ck_assert_uint_eq(n, strlen("xslot77y"));
  ck_assert_uint_eq(runs, 1);
  char b[] = "don't s l o t";
  runs = 0;
  sc_despace(b, strlen(b), &runs);
  ck_assert_str_eq(b, "don't slot");  /* "t" is glued to "don'" */
  ck_assert_uint_eq(runs, 1);
  char c[] = "";
  ck_assert_uint_eq(sc_despace(c, 0, &runs), 0);
}
END_TEST

/* ------------------------------------------------------------ bytes */

typedef struct bytes_case {
  const char *in;
  size_t len;
  const char *want;
  unsigned invalid;
} bytes_case;

#define B(s) s, sizeof(s) - 1

static const bytes_case invalid_cases[] = {
  {B("ab\xC0\xAF" "cd"), "ab\uFFFD\uFFFDcd", 2},    /* overlong '/' */
  {B("\xE0\x80\xAF"), "\uFFFD\uFFFD\uFFFD", 3},      /* overlong, 3 bytes */
  {B("\xF0\x80\x80\xAF"), "\uFFFD\uFFFD\uFFFD\uFFFD", 4},
  {B("x\xED\xA0\x80y"), "x\uFFFD\uFFFD\uFFFDy", 3},  /* surrogate D800 */
  {B("euro \xE2\x82"), "euro \uFFFD", 1},            /* truncated at end */
  {B("\xF0\x9F\x98 ok"), "\uFFFD ok", 1},            /* truncated 4-byte */
  {B("\x80\xBF"), "\uFFFD\uFFFD", 2},                /* lone continuations */
  {B("\xF5\x80 \xFF \xFE"), "\uFFFD\uFFFD \uFFFD \uFFFD", 4},
  {B("\xF4\x90\x80\x80"), "\uFFFD\uFFFD\uFFFD\uFFFD", 4}, /* > U+10FFFF */
  {B("fine \xEF\xBF\xBD"), "fine \uFFFD", 0},        /* a real U+FFFD */
};

START_TEST(test_invalid_utf8)
{
  const bytes_case *c = &invalid_cases[_i];
  const char *got = norm_len(c->in, c->len);
  ck_assert_str_eq(got, c->want);
  ck_assert_uint_eq(st.invalid_utf8, c->invalid);
}
END_TEST

static const bytes_case control_cases[] = {
  {B("top\0banget"), "top banget", 0},
  {B("\0\0\0"), "", 0},
  {B("Cuma\0 \0di \xF0\x9D\x90\x8F\0"), "cuma di p", 0},
  /* CRLF as in datacamp-blog-comments and blog-comments-moderated */
  {B("Nice video\r\n\r\nCheck it\r\n"), "nice video check it", 0},
  {B("one\ttwo\vthree\ffour\x7F" "five\x1B" "six"),
   "one two three four five six", 0},
  {B("NEL\xC2\x85LS\xE2\x80\xA8PS\xE2\x80\xA9" "end"), "nel ls ps end", 0},
  {B("nbsp\xC2\xA0ideographic\xE3\x80\x80" "em\xE2\x80\x83space"),
   "nbsp ideographic em space", 0},
  {B(""), "", 0},
  {B(" \t\r\n "), "", 0},
  {B("\xE2\x80\x8B\xEF\xBB\xBF \xE2\x81\xA0"), "", 0},  /* all ignorable */
};

START_TEST(test_controls)
{
  const bytes_case *c = &control_cases[_i];
  const char *got = norm_len(c->in, c->len);
  ck_assert_str_eq(got, c->want);
  ck_assert_uint_eq(out.len, strlen(c->want));
}
END_TEST

START_TEST(test_null_input)
{
  ck_assert_int_eq(sc_normalize(norm, NULL, 0, &out, &st), SPAMCLS_OK);
  ck_assert_uint_eq(out.len, 0);
  ck_assert_uint_eq(st.codepoints, 0);
}
END_TEST

/* ------------------------------------------------------------ scripts */

/* Other scripts keep their letters and marks (NFKC only). */
static const pair script_cases[] = {
  /* youtube-spam-collection, ham */
  {"PSY - GANGNAM STYLE (강남스타일) M/V", "psy - gangnam style (강남스타일) m/v"},
  /* judol-gbennnn, ham: Hindi, Arabic with harakat, Thai, Russian */
  {"“तुमने मेरे देश का अपमान किया,", "“तुमने मेरे देश का अपमान किया,"},
  {"berfirman: وَلَوْ نَشَآءُ لَاَ رَيْنٰكَهُمْ",
   "berfirman: وَلَوْ نَشَآءُ لَاَ رَيْنٰكَهُمْ"},
  {"❤❤❤\nاللهم صلي على سيدنا محمد", "❤❤❤ اللهم صلي على سيدنا محمد"},
  {"คิดว่าตายแล้ว", "คิดว่าตายแล้ว"},
  {"Бро твоим именем пользуются", "бро твоим именем пользуются"},
  /* decomposed Hangul (jamo) composes, as NFKC says (made up) */
  {"\u1112\u1161\u11AB\u1100\u1173\u11AF", "한글"},
  /* NFKC compatibility and case folding (made up) */
  {"Straße ﬁne ½ Ⅻ", "strasse fine 1⁄2 xii"},
};

START_TEST(test_scripts)
{
  expect(&script_cases[_i]);
  ck_assert_uint_eq(st.marks, 0);
}
END_TEST

/* ------------------------------------------------------------ stats */

typedef struct stats_case {
  const char *in;
  sc_text_stats want;
} stats_case;

/* Fields: invalid_utf8 codepoints letters upper styled lookalikes marks
 * ignorables entities emoji despaced max_repeat. */
static const stats_case stats_cases[] = {
  /* judol-gbennnn, spam: 5 circled capitals, 3 circled digits */
  {"Top banget ⓅⓊⓁⒶⓊ⑦⑦⑦, jepe",
   {0, 25, 18, 6, 5, 0, 0, 0, 0, 0, 0, 3}},
  /* judol-gbennnn, spam: ρ and υ are look-alikes, ü loses its mark */
  {"ρüℓAυ777, gokil!", {0, 16, 10, 1, 1, 2, 1, 0, 0, 0, 0, 3}},
  /* overlays: two marks on each of 5 letters */
  {"P͓̽U͓̽L͓̽A͓̽U͓̽", {0, 15, 5, 5, 0, 0, 10, 0, 0, 0, 0, 1}},
  /* youtube: 2 entities, U+FEFF */
  {"I&#39;m &lt;3\uFEFF", {0, 7, 2, 1, 0, 0, 0, 1, 2, 0, 0, 1}},
  /* emoji, a flag, repeats; two spaced runs */
  {"Mantap 😂😂😂 \U0001F1EE\U0001F1E9 t o g e l dan A L E X I S",
   {0, 39, 20, 7, 0, 0, 0, 0, 0, 4, 2, 3}},
  /* invalid bytes and small capitals */
  {"\xC0ᴘʀᴏʙᴇᴛ\xFF", {2, 8, 6, 6, 6, 0, 0, 0, 0, 0, 0, 1}},
};

START_TEST(test_stats)
{
  const stats_case *c = &stats_cases[_i];
  norm_str(c->in);
  const sc_text_stats *w = &c->want;
  ck_assert_uint_eq(st.invalid_utf8, w->invalid_utf8);
  ck_assert_uint_eq(st.codepoints, w->codepoints);
  ck_assert_uint_eq(st.letters, w->letters);
  ck_assert_uint_eq(st.upper, w->upper);
  ck_assert_uint_eq(st.styled, w->styled);
  ck_assert_uint_eq(st.lookalikes, w->lookalikes);
  ck_assert_uint_eq(st.marks, w->marks);
  ck_assert_uint_eq(st.ignorables, w->ignorables);
  ck_assert_uint_eq(st.entities, w->entities);
  ck_assert_uint_eq(st.emoji, w->emoji);
  ck_assert_uint_eq(st.despaced, w->despaced);
  ck_assert_uint_eq(st.max_repeat, w->max_repeat);
}
END_TEST

/* The ASCII fast path and the full path agree on ASCII text. */
START_TEST(test_fast_path_agrees)
{
  static const char *texts[] = {
    "Hey guys, I'm a human.  Check   OUT my channel!!!",
    "S L O T 7 7 and t o g e l\r\nnow",
    "a\tb\x01" "c\x7F",
  };
  for (size_t i = 0; i < N_ELEMS(texts); i++) {
    sc_buf fast = {0};
    sc_text_stats sf;
    ck_assert_int_eq(sc_normalize(norm, texts[i], strlen(texts[i]), &fast, &sf),
                     SPAMCLS_OK);
    /* An ignorable code point forces the full path and changes nothing
     * else (it adds one code point and one ignorable). */
    char slow_in[256];
    size_t n = strlen(texts[i]);
    ck_assert_uint_lt(n + 4, sizeof slow_in);
    memcpy(slow_in, texts[i], n);
    memcpy(slow_in + n, "\xE2\x80\x8B", 4);
    norm_str(slow_in);
    ck_assert_str_eq(out.data, fast.data);
    ck_assert_uint_eq(st.letters, sf.letters);
    ck_assert_uint_eq(st.upper, sf.upper);
    ck_assert_uint_eq(st.despaced, sf.despaced);
    ck_assert_uint_eq(st.max_repeat, sf.max_repeat);
    ck_assert_uint_eq(st.codepoints, sf.codepoints + 1);
    ck_assert_uint_eq(st.ignorables, 1);
    sc_buf_free(&fast);
  }
}
END_TEST

START_TEST(test_unicode_version)
{
  ck_assert_str_eq(sc_unicode_version(), utf8proc_unicode_version());
  ck_assert_uint_gt(strlen(sc_unicode_version()), 0);
}
END_TEST

/* Scratch buffers are reused: a long text, then a short one. */
START_TEST(test_reuse)
{
  size_t n = 100000;
  char *big = malloc(n + 1);
  ck_assert_ptr_nonnull(big);
  for (size_t i = 0; i < n; i++)
    big[i] = "𝐏 x"[i % 6];  /* 4-byte letters, spaces, x */
  big[n] = '\0';
  ck_assert_int_eq(sc_normalize(norm, big, n, &out, &st), SPAMCLS_OK);
  ck_assert_ptr_null(broken_invariant(&out));
  free(big);
  ck_assert_str_eq(norm_str("Ｐｕｌａｕ"), "pulau");
  ck_assert_str_eq(norm_str("ok"), "ok");
}
END_TEST

/* ------------------------------------------------------------ random */

static uint64_t rng_state;

static uint64_t rng(void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

/* Random byte strings, salted with pieces that exercise every branch. */
START_TEST(test_random_bytes)
{
  static const char *pieces[] = {
    "&amp;", "&#x1D400;", "&#39;", "&", ";", "#", " ", "  ", "\r\n", "\t",
    "\xCC\x81", "\xCD\x93", "\xE2\x80\x8B", "\xEF\xBB\xBF", "а", "ο", "ѕ",
    "𝐏", "🅿", "ᴘ", "Ｐ", "⒫", "\U0001F1EE", "ㄱ", "\u1100", "\u1161",
    "й", "ё", "ά", "ﷺ", "ǰ", "İ", "ß", "x", "A", "7", "'", "＆",
    "\xF0", "\x80", "\xED\xA0", "\xC0", "\0",
  };
  rng_state = 0x9E3779B97F4A7C15u;  /* fixed seed */
  unsigned char buf[400];
  for (int iter = 0; iter < 20000; iter++) {
    size_t len = 0, want = rng() % 120;
    while (len < want) {
      if (rng() % 3) {
        const char *p = pieces[rng() % N_ELEMS(pieces)];
        size_t pl = strlen(p);
        if (*p == '\0')
          pl = 1;
        if (len + pl > sizeof buf)
          break;
        memcpy(buf + len, p, pl);
        len += pl;
      } else {
        buf[len++] = (unsigned char)rng();
      }
    }
    norm_len((const char *)buf, len);  /* invariants and idempotence */
  }
}
END_TEST

/* ------------------------------------------------------------ corpus */

typedef struct csv_ctx {
  int want_col;      /* index of the text column, -1 until the header */
  const char *name;  /* its name */
  int col;
  long row;
  long checked;
  long limit;
} csv_ctx;

static void field_cb(void *data, size_t len, void *vctx)
{
  csv_ctx *c = vctx;
  if (c->row == 0) {
    if (len == strlen(c->name) && memcmp(data, c->name, len) == 0)
      c->want_col = c->col;
  } else if (c->col == c->want_col && c->checked < c->limit) {
    norm_len(data ? data : "", len);
    c->checked++;
  }
  c->col++;
}

static void row_cb(int term, void *vctx)
{
  (void)term;
  csv_ctx *c = vctx;
  c->col = 0;
  c->row++;
}

/* Reads up to limit texts of column `name` of one corpus CSV; returns the
 * number checked, or -1 when the file is missing. */
static long check_csv(const char *rel, const char *name, long limit)
{
  char path[1024];
  int pn = snprintf(path, sizeof path, "%s/corpus/%s", SPAMCLS_SHARED_DIR,
                    rel);
  ck_assert(pn > 0 && (size_t)pn < sizeof path);
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return -1;
  struct csv_parser p;
  ck_assert_int_eq(csv_init(&p, CSV_APPEND_NULL), 0);
  csv_ctx c = {-1, name, 0, 0, 0, limit};
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
    ck_assert_uint_eq(csv_parse(&p, chunk, got, field_cb, row_cb, &c), got);
  csv_fini(&p, field_cb, row_cb, &c);
  csv_free(&p);
  fclose(fp);
  ck_assert_int_ge(c.want_col, 0);
  return c.checked;
}

START_TEST(test_corpus_idempotent)
{
  static const struct {
    const char *file, *column;
  } sets[] = {
    {"judol-gbennnn/dataset_judol_labelled.csv", "comment_text"},
    {"judol-kyyyy8/comments.csv", "text"},
    {"youtube-spam-collection/Youtube03-LMFAO.csv", "CONTENT"},
    {"youtube-spam-collection/Youtube04-Eminem.csv", "CONTENT"},
    {"datacamp-blog-comments/labeled_only.csv", "comment"},
    {"sfu-news-comments/SFU_constructiveness_toxicity.csv", "comment"},
  };
  long total = 0;
  for (size_t i = 0; i < N_ELEMS(sets); i++) {
    long n = check_csv(sets[i].file, sets[i].column, 15000);
    if (n < 0) {
      fprintf(stderr, "check_normalize: %s/corpus/%s is absent: corpus "
              "idempotence case skipped\n", SPAMCLS_SHARED_DIR, sets[i].file);
      return;
    }
    total += n;
  }
  ck_assert_int_gt(total, 30000);
}
END_TEST

/* ------------------------------------------------------------ suite */

static TCase *loop_case(Suite *s, const char *name, const TTest *t, size_t n)
{
  TCase *tc = tcase_create(name);
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, t, 0, (int)n);
  suite_add_tcase(s, tc);
  return tc;
}

static Suite *normalize_suite(void)
{
  Suite *s = suite_create("normalize");
  loop_case(s, "math", test_math, N_ELEMS(math_cases));
  loop_case(s, "fullwidth", test_fullwidth, N_ELEMS(fullwidth_cases));
  loop_case(s, "circled", test_circled, N_ELEMS(circled_cases));
  loop_case(s, "parenthesized", test_parenthesized,
            N_ELEMS(parenthesized_cases));
  loop_case(s, "squared", test_squared, N_ELEMS(squared_cases));
  loop_case(s, "negative_circled", test_negative_circled,
            N_ELEMS(negative_circled_cases));
  loop_case(s, "small_caps", test_small_caps, N_ELEMS(small_caps_cases));
  loop_case(s, "overlay", test_overlay, N_ELEMS(overlay_cases));
  loop_case(s, "lookalike", test_lookalike, N_ELEMS(lookalike_cases));
  loop_case(s, "native_words", test_native_words, N_ELEMS(native_cases));
  loop_case(s, "ignorable", test_ignorable, N_ELEMS(ignorable_cases));
  loop_case(s, "entities", test_entities, N_ELEMS(entity_cases));
  loop_case(s, "regional", test_regional, N_ELEMS(regional_cases));
  loop_case(s, "despace", test_despace, N_ELEMS(despace_cases));
  loop_case(s, "despace_direct", test_despace_direct, 1);
  loop_case(s, "invalid_utf8", test_invalid_utf8, N_ELEMS(invalid_cases));
  loop_case(s, "controls", test_controls, N_ELEMS(control_cases));
  loop_case(s, "null_input", test_null_input, 1);
  loop_case(s, "scripts", test_scripts, N_ELEMS(script_cases));
  loop_case(s, "stats", test_stats, N_ELEMS(stats_cases));
  loop_case(s, "fast_path", test_fast_path_agrees, 1);
  loop_case(s, "unicode_version", test_unicode_version, 1);
  loop_case(s, "reuse", test_reuse, 1);
  TCase *tc = loop_case(s, "random_bytes", test_random_bytes, 1);
  tcase_set_timeout(tc, 120);
  tc = loop_case(s, "corpus_idempotent", test_corpus_idempotent, 1);
  tcase_set_timeout(tc, 300);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(normalize_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
