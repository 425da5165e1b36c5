/*
 * check_features.c - the feature pipeline through the public API: word,
 * bigram and character n-gram names, leetspeak variants, e-mail and phone
 * numbers, stats, author fields, empty comments, names vs indices, bucket
 * bounds and pipeline settings.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "feat_names.h"

typedef struct name_case {
  unsigned flags;
  const char *in, *want, *not;
} name_case;

static void run_case(const name_case *c)
{
  spamcls_pipeline p = only(c->flags);
  names nm;
  names_of(&p, c->in, NULL, NULL, &nm);
  expect_names(&nm, c->want, 1, c->in);
  expect_names(&nm, c->not, 0, c->in);
  names_free(&nm);
}

/* ---------------------------------------------------------------- words */

static const name_case word_cases[] = {
  {SPAMCLS_F_WORDS, "dewa poker online",
   "w:dewa|w:poker|w:online|b:dewa poker|b:poker online", "b:dewa online"},
  {SPAMCLS_F_WORDS, "Togel, ONLINE!", "w:togel|w:online|b:togel online",
   NULL},
  {SPAMCLS_F_CHARS, "slot", "c:<sl|c:<slo|c:<slot|c:slo|c:slot|c:slot>|"
   "c:lot|c:lot>|c:ot>", "c:<s|c:<slot>|w:slot"},
  /* 안녕하세요: n-grams count code points, not bytes */
  {SPAMCLS_F_CHARS, "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94",
   "c:<\xec\x95\x88\xeb\x85\x95|"
   "c:\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94>",
   "c:<\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94>"},
};

START_TEST(test_words)
{
  run_case(&word_cases[_i]);
}
END_TEST

START_TEST(test_char_counts)
{
  spamcls_pipeline p = only(SPAMCLS_F_CHARS);
  names nm;
  names_of(&p, "slot", NULL, NULL, &nm);
  ck_assert_uint_eq(nm.n, 4 + 3 + 2);  /* "<slot>": 6 code points */
  names_free(&nm);
  names_of(&p, "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94",
           NULL, NULL, &nm);
  ck_assert_uint_eq(nm.n, 5 + 4 + 3);  /* 7 code points with markers */
  names_free(&nm);
  p.char_min = p.char_max = 0;
  names_of(&p, "slot", NULL, NULL, &nm);
  ck_assert_uint_eq(nm.n, 0);
  names_free(&nm);
}
END_TEST

START_TEST(test_unigrams_only)
{
  spamcls_pipeline p = only(SPAMCLS_F_WORDS);
  p.word_ngrams = 1;
  names nm;
  names_of(&p, "dewa poker", NULL, NULL, &nm);
  ck_assert_uint_eq(count_prefix(&nm, "b:"), 0);
  ck_assert_uint_eq(count_prefix(&nm, "w:"), 2);
  names_free(&nm);
}
END_TEST

/* ---------------------------------------------------------------- leet */

static const struct {
  const char *in, *want;  /* the exact names, one per line */
} leet_cases[] = {
  /* the fold replaces the word (WORDS shows it); a 1 is read as i there
   * and as l in a "w:" variant beside it */
  {"s10t", "\nw:slot\n"},
  {"g4c0r", "\n"},
  {"g4c0r88", "\n"},
  {"m4x1mal", "\nw:maxlmal\n"},
  {"b0nus g4c0r", "\n"},
  /* two folds make the text leetspeak: edge digits and short digit
   * words fold too; their written forms and the l readings of their 1s
   * appear beside them */
  {"7h15 15 b0nus g4c0r", "\nw:7h15\nw:thls\nw:15\nw:ls\n"},
  {"bardi4d", "\n"},            /* brand with the 4d lottery shape */
  {"pulau777", "\n"},           /* digits at the end: a number */
  {"88togel", "\n"},
  {"h2o", "\n"},                /* 2 stands for no letter */
  {"abc1234def", "\n"},         /* a long digit run is a number */
  {"my 2nd mp3 of covid19 songs 4u", "\n"},
  {"slot", "\n"},
};

START_TEST(test_leet)
{
  spamcls_pipeline p = only(SPAMCLS_F_LEET);
  names nm;
  names_of(&p, leet_cases[_i].in, NULL, NULL, &nm);
  ck_assert_str_eq(nm.text.data, leet_cases[_i].want);
  names_free(&nm);
}
END_TEST

/* The fold replaces the word for every family: its pairs, its n-grams
 * (WORDS and LEET names, in order). */
static const struct {
  const char *in, *want;
} leet_word_cases[] = {
  {"ch3ck my ch4nn3l",
   "\nw:check\nw:my\nw:channel\nb:check my\nb:my channel\n"},
  /* written in leetspeak throughout: every word comes back */
  {"7h15 4r71cl3 15 h3lpful",
   "\nw:this\nw:article\nw:is\nw:helpful\nb:this article\nb:article is\n"
   "b:is helpful\nw:7h15\nw:thls\nw:artlcle\nw:15\nw:ls\n"},
  /* short words show their digits at the ends only: half the words leet
   * by the loose rule is enough */
  {"N07 1n 7h3 UK",
   "\nw:not\nw:in\nw:the\nw:uk\nb:not in\nb:in the\nb:the uk\nw:n07\n"
   "w:1n\nw:ln\nw:7h3\n"},
  /* in a leet text a 3 before a final d is -ed, not the lottery 3d */
  {"f1x3d 4nd cr3d173d",
   "\nw:fixed\nw:and\nw:credited\nb:fixed and\nb:and credited\n"
   "w:flxed\nw:4nd\nw:credlted\n"},
  {"knuckl3h34d br04d 7yp3",
   "\nw:knucklehead\nw:broad\nw:type\nb:knucklehead broad\n"
   "b:broad type\nw:7yp3\n"},
  {"togel visi3d", "\nw:togel\nw:visi3d\nb:togel visi3d\n"},
};

START_TEST(test_leet_replaces_word)
{
  spamcls_pipeline p = only(SPAMCLS_F_WORDS | SPAMCLS_F_LEET);
  names nm;
  names_of(&p, leet_word_cases[_i].in, NULL, NULL, &nm);
  ck_assert_str_eq(nm.text.data, leet_word_cases[_i].want);
  names_free(&nm);
}
END_TEST

/* Without the LEET family a leet word stays as written. */
START_TEST(test_leet_off)
{
  spamcls_pipeline p = only(SPAMCLS_F_WORDS);
  names nm;
  names_of(&p, "ch3ck", NULL, NULL, &nm);
  ck_assert_str_eq(nm.text.data, "\nw:ch3ck\n");
  names_free(&nm);
}
END_TEST

typedef struct leet_case {
  unsigned flags;       /* the refinements on, beside the base families */
  const char *in;
  const char *want;     /* a name that must appear */
  const char *not_want; /* and one that must not (NULL: none) */
} leet_case;

/* Names of c->in with the families base and c->flags on, unigrams only. */
static void check_leet_case(unsigned base, const leet_case *c)
{
  spamcls_pipeline p = only(base | c->flags);
  p.word_ngrams = 1;
  names nm;
  names_of(&p, c->in, NULL, NULL, &nm);
  ck_assert_msg(strstr(nm.text.data, c->want) != NULL, "%s: %s", c->in,
                nm.text.data);
  if (c->not_want)
    ck_assert_msg(strstr(nm.text.data, c->not_want) == NULL, "%s: %s", c->in,
                  nm.text.data);
  names_free(&nm);
}

/* With LEET_ENDS a word folded inside is folded to its ends, and inside
 * runs of three or more digits fold too; numbers stay numbers (the name
 * wanted, and the one that must not appear). Without it, the ends stay
 * digits, as models trained before it read them. */
static const leet_case leet_end_cases[] = {
  {SPAMCLS_F_LEET_ENDS, "the c0mm3n75 here", "\nw:comments\n", "75"},
  {SPAMCLS_F_LEET_ENDS, "the 1n73r3571ng one", "\nw:interesting\n", "3571"},
  {SPAMCLS_F_LEET_ENDS, "h3ll0 there", "\nw:hello\n", "ll0"},
  {SPAMCLS_F_LEET_ENDS, "play sl0t88 now", "\nw:slot88\n", NULL},
  {SPAMCLS_F_LEET_ENDS, "g4c0r77 maxwin", "\nw:gacor77\n", NULL},
  {SPAMCLS_F_LEET_ENDS, "m4xw1n29 hari", "\nw:maxwin29\n", NULL},
  {SPAMCLS_F_LEET_ENDS, "we played d0m1n09 all night long", "\nw:domin09\n", NULL}, /* 9: a number */
  {SPAMCLS_F_LEET_ENDS, "ky74d", "\nw:kyt4d\n", NULL},
  {SPAMCLS_F_LEET_ENDS, "abc1234def x", "\nw:abc1234def\n", NULL},
  {SPAMCLS_F_LEET_ENDS, "sl07777t", "\nw:sl07777t\n", NULL},
  {SPAMCLS_F_LEET_ENDS, "my covid19 test and mp3 files", "\nw:covid19\n", "covidi"},
  {0, "the c0mm3n75 here", "\nw:commen75\n", "comments"},
  {0, "the 1n73r3571ng one", "\nw:1nter3571ng\n", "interesting"},
};

START_TEST(test_leet_ends)
{
  check_leet_case(SPAMCLS_F_WORDS | SPAMCLS_F_LEET, &leet_end_cases[_i]);
}
END_TEST

/* In a text written in leetspeak throughout, LEET_LINKS reads its links
 * through the disguise, and LEET_NUMBERS keeps the written form beside
 * the fold only for a word shaped like a number. Without them (models
 * trained before), a leet link is no link and every word the loose rule
 * folds keeps its written form. */
static const leet_case leet_text_cases[] = {
  {SPAMCLS_F_LEET_LINKS, "n1c3 4r71cl3 h77p5://pr1nc35mm.1n/",
   "\nu:host:princesmm.in\n", NULL},
  {SPAMCLS_F_LEET_LINKS, "gr347 p057. www.p4k33z4.c0m.4u",
   "\nu:dom:pakeeza.com.au\n", "c0m"},
  {SPAMCLS_F_LEET_LINKS, "h3ll0 7h3r3 fr13nd, 533 h77p://www.7w17ch.7v/x",
   "\nu:scheme:http\n", NULL},
  /* a link in a text that is not leet stays as written */
  {SPAMCLS_F_LEET_LINKS, "see https://s1te.com/page for mp3 files",
   "\nu:host:s1te.com\n", "u:host:site.com"},
  {0, "n1c3 4r71cl3 h77p5://pr1nc35mm.1n/", "\nw:princesmm\n", "\nu:"},
  {SPAMCLS_F_LEET_NUMBERS, "ch3ck m3 0u7 kyl3, 1 g07 50rb", "\nw:50rb\n",
   "\nw:m3\n"},
  {SPAMCLS_F_LEET_NUMBERS, "ch3ck m3 0u7 kyl3, 1 g07 50rb", "\nw:me\n",
   "\nw:kyl3\n"},
  {0, "ch3ck m3 0u7 kyl3, 1 g07 50rb", "\nw:m3\n", NULL},
};

START_TEST(test_leet_text)
{
  check_leet_case(SPAMCLS_F_WORDS | SPAMCLS_F_URLS | SPAMCLS_F_LEET |
                      SPAMCLS_F_LEET_ENDS,
                  &leet_text_cases[_i]);
}
END_TEST

/* The refinements are on by default and need the family they refine:
 * LEET_ENDS without LEET has nothing to extend, NO_SHAPES without STATS
 * nothing to leave out. */
static const struct {
  unsigned flag, needs;
  const char *list;
} refinements[] = {
  {SPAMCLS_F_LEET_ENDS, SPAMCLS_F_LEET, "leet,leet-ends"},
  {SPAMCLS_F_NO_SHAPES, SPAMCLS_F_STATS, "stats,no-shapes"},
  {SPAMCLS_F_LEET_LINKS, SPAMCLS_F_LEET, "leet,leet-links"},
  {SPAMCLS_F_LEET_NUMBERS, SPAMCLS_F_LEET, "leet,leet-numbers"},
};

START_TEST(test_refinement_needs_family)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  ck_assert_uint_ne(p.flags & refinements[_i].flag, 0);
  ck_assert_ptr_null(spamcls_pipeline_check(&p));
  p.flags &= ~refinements[_i].needs;
  ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
  /* and alone: the other refinements of the same family must not be what
   * refuses it */
  p.flags = SPAMCLS_F_WORDS | refinements[_i].flag;
  ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
  p.flags |= refinements[_i].needs;
  ck_assert_ptr_null(spamcls_pipeline_check(&p));
  unsigned f;
  ck_assert_int_eq(spamcls_families_parse(refinements[_i].list, &f),
                   SPAMCLS_OK);
  ck_assert_uint_eq(f, refinements[_i].flag | refinements[_i].needs);
}
END_TEST

/* downweight is on by default and parses; with it a character n-gram
 * and a part of the author's URL weigh SC_LIGHT_WEIGHT of a word hit as
 * often, without it the same. */
static float value_at(const spamcls_vector *v, uint32_t index)
{
  for (size_t i = 0; i < v->n; i++)
    if (v->f[i].index == index)
      return v->f[i].value;
  return 0;
}

START_TEST(test_downweight)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  ck_assert_uint_ne(p.flags & SPAMCLS_F_DOWNWEIGHT, 0);
  unsigned f;
  ck_assert_int_eq(spamcls_families_parse("words,downweight", &f), SPAMCLS_OK);
  ck_assert_uint_eq(f, SPAMCLS_F_WORDS | SPAMCLS_F_DOWNWEIGHT);
  for (int on = 0; on < 2; on++) {
    p = only(SPAMCLS_F_WORDS | SPAMCLS_F_CHARS | SPAMCLS_F_AUTHOR |
             (on ? SPAMCLS_F_DOWNWEIGHT : 0));
    names nm;
    names_of(&p, "slot", NULL, "http://example.org/", &nm);
    spamcls_extractor *x = spamcls_extractor_new(&p);
    ck_assert_ptr_nonnull(x);
    spamcls_comment c = {0};
    c.text = "slot";
    c.text_len = 4;
    c.author_url = "http://example.org/";
    c.author_url_len = strlen(c.author_url);
    spamcls_vector v;
    ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
    float word = 0, gram = 0, url = 0;
    const char *line = nm.text.data + 1;
    for (size_t i = 0; i < nm.n; i++) {
      float val = value_at(&v, nm.idx[i]);
      if (strncmp(line, "w:slot\n", 7) == 0)
        word = val;
      else if (strncmp(line, "c:<sl\n", 6) == 0)
        gram = val;
      else if (strncmp(line, "au:tld:org\n", 11) == 0)
        url = val;
      line = strchr(line, '\n') + 1;
    }
    ck_assert_float_gt(word, 0);
    double want = on ? SC_LIGHT_WEIGHT : 1.0;
    ck_assert_double_eq_tol(gram / word, want, 1e-6);
    ck_assert_double_eq_tol(url / word, want, 1e-6);
    spamcls_extractor_free(x);
    names_free(&nm);
  }
}
END_TEST

START_TEST(test_leet_fold)
{
  char out[16];
  int one;
  ck_assert_int_eq(sc_leet_fold("s10t", 4, 'l', out, &one), 1);
  ck_assert_int_eq(one, 1);
  ck_assert_int_eq(memcmp(out, "slot", 4), 0);
  ck_assert_int_eq(sc_leet_fold("g4c0r", 5, 'i', out, &one), 1);
  ck_assert_int_eq(one, 0);
  ck_assert_int_eq(memcmp(out, "gacor", 5), 0);
  ck_assert_int_eq(sc_leet_fold("bardi4d", 7, 'i', out, &one), 0);
  /* the lottery digit stays when the letter before it is disguised */
  ck_assert_int_eq(sc_leet_fold("ky74d", 5, 'i', out, &one), 1);
  ck_assert_int_eq(memcmp(out, "kyt4d", 5), 0);
  ck_assert_int_eq(sc_leet_fold("r34d", 4, 'i', out, &one), 1);
  ck_assert_int_eq(memcmp(out, "read", 4), 0);
  ck_assert_int_eq(sc_leet_fold("jugh34d", 7, 'i', out, &one), 1);
  ck_assert_int_eq(memcmp(out, "jughead", 7), 0);
  ck_assert_int_eq(sc_leet_fold("stup1d", 6, 'i', out, &one), 1);
  ck_assert_int_eq(memcmp(out, "stupid", 6), 0);
  ck_assert_int_eq(sc_leet_fold("777", 3, 'i', out, &one), 0);
}
END_TEST

/* ---------------------------------------------------------------- contact */

static const name_case contact_cases[] = {
  {SPAMCLS_F_CONTACT, "write to joe.smith@gmail.com today",
   "e:has|e:dom:gmail.com", "p:has"},
  {SPAMCLS_F_CONTACT, "cs: user@mail.company.co.uk",
   "e:has|e:dom:company.co.uk", NULL},
  {SPAMCLS_F_CONTACT, "@username hi", NULL, "e:has"},
  {SPAMCLS_F_CONTACT, "a@b", NULL, "e:has"},
  {SPAMCLS_F_CONTACT, "foo@bar.notatld", NULL, "e:has"},
  {SPAMCLS_F_CONTACT, "hubungi +62 812-3456-7890 sekarang",
   "p:has|p:len:13-15|p:intl", NULL},
  {SPAMCLS_F_CONTACT, "call (800) 123 4567", "p:has|p:len:9-10", "p:intl"},
  {SPAMCLS_F_CONTACT, "call 1-800-555-0199 now", "p:has|p:len:11-12", NULL},
  {SPAMCLS_F_CONTACT, "wa 081234567890", "p:has|p:len:11-12", NULL},
  {SPAMCLS_F_CONTACT, "wa: 0812 3456 7890", "p:has|p:len:11-12", NULL},
  {SPAMCLS_F_CONTACT, "+6281234567890", "p:has|p:len:13-15|p:intl", NULL},
  {SPAMCLS_F_CONTACT, "dial 555-1234.", "p:has|p:len:7-8", NULL},
  {SPAMCLS_F_CONTACT, "1.800.555.0199", "p:has|p:len:11-12", NULL},
  {SPAMCLS_F_CONTACT, "harga rp 12.500.000 saja", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "1.000.000 views", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "on 2024-01-31", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "from 1990-2020", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "in 2019 2020 2021", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "only 123456 left", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "id 12345678", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "pi 3.14159265", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "abc123456789", NULL, "p:has"},
  {SPAMCLS_F_CONTACT, "12345678901234567890", NULL, "p:has"},
};

START_TEST(test_contact)
{
  run_case(&contact_cases[_i]);
}
END_TEST

/* ---------------------------------------------------------------- stats */

static const name_case stats_cases[] = {
  {SPAMCLS_F_STATS, "hello", "s:len:3|s:caps:0", "s:invalid"},
  {SPAMCLS_F_STATS, "SLOT GACOR HARI INI", "s:caps:4", NULL},
  {SPAMCLS_F_STATS, "BARDI4D pulau777 88togel a1b2c3 slot 2024",
   "s:shape:L+D+L+|s:shape:L+D+|s:shape:D+L+|s:shape:mixed", "s:shape:D+"},
  /* NO_SHAPES: the rest of the family, without any shape */
  {SPAMCLS_F_STATS | SPAMCLS_F_NO_SHAPES,
   "BARDI4D pulau777 88togel a1b2c3 4551574n7 slot",
   "s:len:6|s:caps:2",
   "s:shape:L+D+L+|s:shape:L+D+|s:shape:D+L+|s:shape:mixed|s:shape:D+L+D+"},
  {SPAMCLS_F_STATS, "\xff abc", "s:invalid", NULL},
  {SPAMCLS_F_STATS, "wowwwwww", "s:repeat:5-9", NULL},
  {SPAMCLS_F_STATS, "nice \xf0\x9f\x98\x80\xf0\x9f\x98\x80", "s:emoji:2",
   NULL},
  /* 𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑 in mathematical bold: what plain capitals give, and no
   * count of the styling (check_disguise.c compares whole vectors) */
  {SPAMCLS_F_STATS,
   "\xf0\x9d\x90\x92\xf0\x9d\x90\x8b\xf0\x9d\x90\x8e\xf0\x9d\x90\x93 "
   "\xf0\x9d\x90\x86\xf0\x9d\x90\x80\xf0\x9d\x90\x82\xf0\x9d\x90\x8e"
   "\xf0\x9d\x90\x91",
   "s:caps:4", "s:styled:1|s:styledshare:3"},
};

START_TEST(test_stats)
{
  run_case(&stats_cases[_i]);
}
END_TEST

/* ---------------------------------------------------------------- author */

START_TEST(test_author)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  names nm;
  names_of(&p, "nice article, thanks", "Slot Gacor Online",
           "https://www.situs-judi.com/daftar", &nm);
  expect_names(&nm, "a:slot|a:gacor|a:online|au:scheme:https|"
               "au:host:www.situs-judi.com|au:dom:situs-judi.com|"
               "au:tld:com|au:path:daftar", 1, "author");
  expect_names(&nm, "w:slot|u:dom:situs-judi.com", 0, "author");
  names_free(&nm);

  names_of(&p, "ok", NULL, "situs-judi.com/x", &nm);
  expect_names(&nm, "au:host:situs-judi.com|au:path:x", 1, "bare url");
  names_free(&nm);

  names_of(&p, "ok", NULL, "not a url", &nm);
  ck_assert_uint_eq(count_prefix(&nm, "au:"), 0);
  names_free(&nm);

  p.flags &= ~SPAMCLS_F_AUTHOR;
  names_of(&p, "nice article", "Slot Gacor", "http://a.com", &nm);
  ck_assert_uint_eq(count_prefix(&nm, "a:"), 0);
  ck_assert_uint_eq(count_prefix(&nm, "au:"), 0);
  names_free(&nm);
}
END_TEST

/* The author name's shape: keyword anchor text, not a person's name. */
static const struct {
  const char *author;
  const char *want;  /* "|"-separated a:shape: names, "" for none */
} author_shape_cases[] = {
  {"disney vacation home", "a:shape:lower|a:shape:words:3"},
  {"double sink bathroom vanity", "a:shape:lower|a:shape:words:4"},
  {"buy like instagram now today", "a:shape:lower|a:shape:words:4"},
  {"vanity sink", "a:shape:lower"},
  {"Arnab Roy Chowdhury", "a:shape:words:3"},
  /* styled lower-case letters are lower case; a styled capital is not */
  {"\xf0\x9d\x90\x9d\xf0\x9d\x90\xa2\xf0\x9d\x90\xac\xf0\x9d\x90\xa7"
   "\xf0\x9d\x90\x9e\xf0\x9d\x90\xb2 home", "a:shape:lower"},  /* bold disney */
  {"\xf0\x9d\x90\x83" "isney home", ""},                        /* bold D */
  /* a person's name, a handle, a number */
  {"John Smith", ""},
  {"drdamour", ""},
  {"jwdonahue", ""},
  {"12 34", ""},
  /* a date and time in the field are no words */
  {"brigitte 29.04.2019 // 15:27", ""},
  {"john smith 2019", "a:shape:lower"},
  /* a script without capitals has no lower case */
  {"\xea\xb9\x80 \xec\xb2\xa0\xec\x88\x98", ""},          /* Korean name */
  {NULL, ""},
};

START_TEST(test_author_shape)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  ck_assert_uint_ne(p.flags & SPAMCLS_F_AUTHOR_SHAPE, 0);
  names nm;
  const char *a = author_shape_cases[_i].author, *want = author_shape_cases[_i].want;
  names_of(&p, "nice article, thanks", a, NULL, &nm);
  size_t n = *want ? 1 : 0;
  for (const char *s = want; *s; s++)
    n += *s == '|';
  ck_assert_msg(count_prefix(&nm, "a:shape:") == n, "%s: %zu a:shape: names in:%s",
                a ? a : "(none)", count_prefix(&nm, "a:shape:"), nm.text.data);
  if (*want)
    expect_names(&nm, want, 1, a);
  names_free(&nm);
  /* off, or without the author family: none */
  p.flags &= ~(unsigned)SPAMCLS_F_AUTHOR_SHAPE;
  names_of(&p, "nice article, thanks", a, NULL, &nm);
  ck_assert_uint_eq(count_prefix(&nm, "a:shape:"), 0);
  names_free(&nm);
  spamcls_pipeline_default(&p);
  p.flags &= ~(unsigned)SPAMCLS_F_AUTHOR;
  names_of(&p, "nice article, thanks", a, NULL, &nm);
  ck_assert_uint_eq(count_prefix(&nm, "a:shape:"), 0);
  names_free(&nm);
  unsigned f;
  ck_assert_int_eq(spamcls_families_parse("author,author-shape", &f),
                   SPAMCLS_OK);
  ck_assert_uint_eq(f, SPAMCLS_F_AUTHOR | SPAMCLS_F_AUTHOR_SHAPE);
}
END_TEST

/* ---------------------------------------------------------------- empty */

static const struct {
  const char *text, *author;
  unsigned flags;  /* 0: default */
  int empty;
} empty_cases[] = {
  {"", NULL, 0, 1},
  {"   \t\r\n ", NULL, 0, 1},
  {NULL, NULL, 0, 1},
  /* no text is empty, whatever the author fields say */
  {"", "slot gacor", 0, 1},
  {"", "slot gacor", SPAMCLS_F_WORDS, 1},
  {"!!!", NULL, 0, 0},
};

START_TEST(test_empty)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  if (empty_cases[_i].flags)
    p.flags = empty_cases[_i].flags;
  spamcls_extractor *x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(x);
  spamcls_comment c = {0};
  c.text = empty_cases[_i].text;
  c.text_len = c.text ? strlen(c.text) : 0;
  c.author = empty_cases[_i].author;
  c.author_len = c.author ? strlen(c.author) : 0;
  spamcls_vector v;
  ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
  ck_assert_int_eq(v.empty, empty_cases[_i].empty);
  if (v.empty)
    ck_assert_uint_eq(v.n, 0);
  else
    ck_assert_uint_gt(v.n, 0);
  spamcls_extractor_free(x);
}
END_TEST

/* ---------------------------------------------------------------- equivalence */

static const char *const samples[] = {
  "I really like your article, thanks for sharing. togel online",
  "\xf0\x9d\x90\x92\xf0\x9d\x90\x8b\xf0\x9d\x90\x8e\xf0\x9d\x90\x93 gacor "
  "hari ini di PULAU777 https://pulau777.com/daftar",
  "Call +62 812-3456-7890 or mail admin@situs.co.id, www . situs . com",
  "s10t g4c0r BARDI4D m4x1mal \xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84"
  "\xb8\xec\x9a\x94 \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
  "\xff\xfe broken \xc3 bytes and emoji \xf0\x9f\x98\x80\xf0\x9f\x98\x80",
  "The government's new policy is a disaster, and everyone who voted for "
  "it should read the report again. The numbers don't add up: 2019 2020.",
  "",
  "a",
};

START_TEST(test_names_equal_indices)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  spamcls_extractor *x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(x);
  spamcls_comment c = {0};
  c.text = samples[_i];
  c.text_len = strlen(samples[_i]);
  c.author = "Judi Online";
  c.author_len = strlen(c.author);
  c.author_url = "http://judi.example.com/slot";
  c.author_url_len = strlen(c.author_url);

  names nm = {0};
  ck_assert_int_eq(spamcls_extract_names(x, &c, names_cb, &nm), SPAMCLS_OK);
  size_t nk;
  const uint32_t *k = sc_extractor_keys(x, &nk);
  ck_assert_uint_eq(nk, nm.n);
  for (size_t i = 0; i < nk; i++)
    ck_assert_uint_eq((k[i] & x->mask) + 1, nm.idx[i]);
  /* each name's index, times 2, plus 1 for a character n-gram or a part
   * of the author's URL (which the default downweight counts
   * SC_LIGHT_WEIGHT as much) */
  uint32_t *tagged = malloc((nm.n + 1) * sizeof *tagged);
  ck_assert_ptr_nonnull(tagged);
  const char *line = nm.text.data + 1;
  for (size_t i = 0; i < nm.n; i++) {
    tagged[i] = nm.idx[i] << 1 | (strncmp(line, "c:", 2) == 0 ||
                                  strncmp(line, "au:", 3) == 0);
    line = strchr(line, '\n') + 1;
  }

  spamcls_vector v;
  ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
  k = sc_extractor_keys(x, &nk);
  ck_assert_uint_eq(nk, nm.n);
  if (nm.n) {  /* qsort's array may not be NULL, even when empty */
    qsort(nm.idx, nm.n, sizeof *nm.idx, cmp_u32);
    qsort(tagged, nm.n, sizeof *tagged, cmp_u32);
  }
  for (size_t i = 0; i < nk; i++)
    ck_assert_uint_eq((k[i] & x->mask) + 1, nm.idx[i]);

  /* the vector: one entry per distinct name index, 1 + ln(count) of its
   * other names plus SC_LIGHT_WEIGHT (1 + ln(count)) of its light ones */
  size_t m = 0;
  double ss = 0, *want = malloc((nm.n + 1) * sizeof *want);
  ck_assert_ptr_nonnull(want);
  for (size_t i = 0; i < nm.n; m++) {
    size_t j = i, cu = 0, cc = 0;
    for (; j < nm.n && tagged[j] >> 1 == tagged[i] >> 1; j++) {
      cu += !(tagged[j] & 1);
      cc += tagged[j] & 1;
    }
    ck_assert_uint_lt(m, v.n);
    ck_assert_uint_eq(v.f[m].index, tagged[i] >> 1);
    want[m] = (cu ? 1 + log((double)cu) : 0) +
              (cc ? SC_LIGHT_WEIGHT * (1 + log((double)cc)) : 0);
    ss += want[m] * want[m];
    i = j;
  }
  ck_assert_uint_eq(m, v.n);
  for (size_t f = 0; f < m; f++)
    ck_assert_double_eq_tol(v.f[f].value, want[f] / sqrt(ss), 1e-6);
  free(want);
  free(tagged);
  names_free(&nm);
  spamcls_extractor_free(x);
}
END_TEST

/* Random text built from the pieces the parsers look at, and raw bytes. */
START_TEST(test_random_text)
{
  static const char *const piece[] = {
    "http://", "https://", "www", ".", " . ", " dot ", "(dot)", "com", "co",
    "id", "togel88", "@", "gmail", "+", "62", "812", "-", "(", ")", "0",
    "1", "4", " ", "s10t", "g4c0r", "/", "?", "#", ":", "8080", "xn--p1ai",
    "\xd1\x80\xd1\x84", "\xf0\x9d\x90\x92", "\xff", "\xc3", "'", "\xe2\x80\x99",
    "&amp;", "\xe2\x80\x8b", "S L O T", "a", "\xec\x95\x88",
  };
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  spamcls_extractor *x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(x);
  uint64_t seed = 0x243f6a8885a308d3u + (uint64_t)_i;
  sc_buf text = {0}, author = {0}, url = {0};
  for (int round = 0; round < 20; round++) {
    sc_buf *bufs[3] = {&text, &author, &url};
    for (int f = 0; f < 3; f++) {
      sc_buf_clear(bufs[f]);
      ck_assert_int_eq(sc_buf_append(bufs[f], "", 0), 0);
      seed = seed * 6364136223846793005u + 1442695040888963407u;
      size_t n = (size_t)(seed >> 33) % (f ? 8 : 60);
      for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        uint32_t r = (uint32_t)(seed >> 33);
        if (r % 8 == 0) {
          char b = (char)(r >> 8);  /* any byte, NUL included */
          ck_assert_int_eq(sc_buf_append(bufs[f], &b, 1), 0);
        } else {
          const char *pc = piece[(r >> 3) % (sizeof piece / sizeof *piece)];
          ck_assert_int_eq(sc_buf_append(bufs[f], pc, strlen(pc)), 0);
        }
      }
    }
    spamcls_comment c = {0};
    c.text = text.data;
    c.text_len = text.len;
    c.author = author.len ? author.data : NULL;
    c.author_len = author.len;
    c.author_url = url.len ? url.data : NULL;
    c.author_url_len = url.len;
    const char *problem = comment_problem(x, &c);
    ck_assert_msg(!problem, "round %d: %s", round, problem);
  }
  sc_buf_free(&text);
  sc_buf_free(&author);
  sc_buf_free(&url);
  spamcls_extractor_free(x);
}
END_TEST

/* ---------------------------------------------------------------- buckets */

/* Each hash_bits keeps indices in [1, 2^bits], and a name's bucket is its
 * 24-bit bucket reduced: index = hash mod 2^bits + 1. */
START_TEST(test_bucket_bounds)
{
  unsigned bits = (unsigned)_i;
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.hash_bits = 24;
  names wide;
  names_of(&p, samples[2], "Judi", "http://a.com/b", &wide);
  p.hash_bits = bits;
  names nm;
  names_of(&p, samples[2], "Judi", "http://a.com/b", &nm);
  ck_assert_uint_eq(nm.n, wide.n);
  ck_assert_str_eq(nm.text.data, wide.text.data);
  for (size_t i = 0; i < nm.n; i++) {
    ck_assert_uint_ge(nm.idx[i], 1);
    ck_assert_uint_le(nm.idx[i], (uint32_t)1 << bits);
    ck_assert_uint_eq(nm.idx[i] - 1,
                      (wide.idx[i] - 1) & (((uint32_t)1 << bits) - 1));
  }

  spamcls_extractor *x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(x);
  spamcls_comment c = {0};
  c.text = samples[3];
  c.text_len = strlen(samples[3]);
  spamcls_vector v;
  ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
  ck_assert_uint_gt(v.n, 0);
  for (size_t i = 0; i < v.n; i++) {
    ck_assert_uint_ge(v.f[i].index, 1);
    ck_assert_uint_le(v.f[i].index, (uint32_t)1 << bits);
    if (i)
      ck_assert_uint_lt(v.f[i - 1].index, v.f[i].index);
  }
  spamcls_extractor_free(x);
  names_free(&nm);
  names_free(&wide);
}
END_TEST

/* ---------------------------------------------------------------- settings */

static const struct {
  unsigned hash_bits, word_ngrams, char_min, char_max, flags;
} bad_settings[] = {
  {9, 2, 3, 5, SPAMCLS_F_WORDS},
  {25, 2, 3, 5, SPAMCLS_F_WORDS},
  {20, 0, 3, 5, SPAMCLS_F_WORDS},
  {20, 3, 3, 5, SPAMCLS_F_WORDS},
  {20, 2, 0, 5, SPAMCLS_F_WORDS},
  {20, 2, 3, 0, SPAMCLS_F_WORDS},
  {20, 2, 5, 3, SPAMCLS_F_WORDS},
  {20, 2, 3, 9, SPAMCLS_F_WORDS},
  {20, 2, 3, 5, SPAMCLS_F_WORDS | SPAMCLS_F_LEXICON},
  {20, 2, 3, 5, SPAMCLS_F_WORDS | (1u << 8)},
  {20, 2, 3, 5, 0},
};

START_TEST(test_check_rejects)
{
  spamcls_pipeline p = {bad_settings[_i].hash_bits,
                        bad_settings[_i].word_ngrams,
                        bad_settings[_i].char_min, bad_settings[_i].char_max,
                        bad_settings[_i].flags, NULL, 0};
  ck_assert_ptr_nonnull(spamcls_pipeline_check(&p));
  ck_assert_ptr_null(spamcls_extractor_new(&p));
}
END_TEST

START_TEST(test_defaults)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  ck_assert_ptr_null(spamcls_pipeline_check(&p));
  ck_assert_uint_eq(p.hash_bits, 20);
  ck_assert_uint_eq(p.word_ngrams, 2);
  ck_assert_uint_eq(p.flags & SPAMCLS_F_LEXICON, 0);
  ck_assert_uint_ne(p.flags & SPAMCLS_F_LEET, 0);
  ck_assert_ptr_null(spamcls_pipeline_check(&(spamcls_pipeline){
      10, 1, 0, 0, SPAMCLS_F_STATS, NULL, 0}));
  ck_assert_ptr_null(spamcls_pipeline_check(&(spamcls_pipeline){
      24, 2, 1, 8, SPAMCLS_F_CHARS, NULL, 0}));
  ck_assert_uint_eq(spamcls_pipeline_version(), SC_PIPELINE_VERSION);
  ck_assert_uint_ge(spamcls_pipeline_version(), 1);
  ck_assert_ptr_nonnull(spamcls_pipeline_check(NULL));
  ck_assert_ptr_null(spamcls_extractor_new(NULL));
}
END_TEST

/* ---------------------------------------------------------------- extractor */

START_TEST(test_text_and_params)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  spamcls_extractor *x = spamcls_extractor_new(&p);
  ck_assert_ptr_nonnull(x);
  size_t len = 99;
  ck_assert_str_eq(spamcls_extractor_text(x, &len), "");
  ck_assert_uint_eq(len, 0);
  spamcls_comment c = {0};
  c.text = "Hello   World";
  c.text_len = strlen(c.text);
  spamcls_vector v;
  ck_assert_int_eq(spamcls_extract(x, &c, &v), SPAMCLS_OK);
  const char *t = spamcls_extractor_text(x, &len);
  ck_assert_uint_eq(len, strlen("hello world"));
  ck_assert_int_eq(memcmp(t, "hello world", len), 0);
  ck_assert_int_eq(spamcls_extract(NULL, &c, &v), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_extract(x, NULL, &v), SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_extract_names(x, &c, NULL, NULL),
                   SPAMCLS_ERR_PARAM);
  spamcls_extractor_free(x);
  spamcls_extractor_free(NULL);
}
END_TEST

/* Extractors share nothing: interleaving two gives what one alone gives. */
START_TEST(test_independent)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  spamcls_extractor *a = spamcls_extractor_new(&p);
  spamcls_extractor *b = spamcls_extractor_new(&p);
  ck_assert(a && b);
  size_t ns = sizeof samples / sizeof samples[0];
  for (size_t i = 0; i < ns; i++) {
    spamcls_comment ca = {0}, cb = {0};
    ca.text = samples[i];
    ca.text_len = strlen(samples[i]);
    cb.text = samples[(i + 3) % ns];
    cb.text_len = strlen(cb.text);
    spamcls_vector va, vb;
    ck_assert_int_eq(spamcls_extract(a, &ca, &va), SPAMCLS_OK);
    ck_assert_int_eq(spamcls_extract(b, &cb, &vb), SPAMCLS_OK);
    spamcls_extractor *fresh = spamcls_extractor_new(&p);
    spamcls_vector vf;
    ck_assert_int_eq(spamcls_extract(fresh, &ca, &vf), SPAMCLS_OK);
    ck_assert_uint_eq(va.n, vf.n);
    for (size_t k = 0; k < va.n; k++) {
      ck_assert_uint_eq(va.f[k].index, vf.f[k].index);
      ck_assert_float_eq(va.f[k].value, vf.f[k].value);
    }
    spamcls_extractor_free(fresh);
  }
  spamcls_extractor_free(a);
  spamcls_extractor_free(b);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *features_suite(void)
{
  Suite *s = suite_create("features");
  TCase *tc = tcase_create("Families");
  tcase_add_loop_test(tc, test_words, 0, N(word_cases));
  tcase_add_test(tc, test_char_counts);
  tcase_add_test(tc, test_unigrams_only);
  tcase_add_loop_test(tc, test_leet, 0, N(leet_cases));
  tcase_add_test(tc, test_leet_fold);
  tcase_add_loop_test(tc, test_leet_replaces_word, 0, N(leet_word_cases));
  tcase_add_loop_test(tc, test_leet_ends, 0, N(leet_end_cases));
  tcase_add_loop_test(tc, test_leet_text, 0, N(leet_text_cases));
  tcase_add_loop_test(tc, test_refinement_needs_family, 0,
                      sizeof refinements / sizeof refinements[0]);
  tcase_add_test(tc, test_downweight);
  tcase_add_test(tc, test_leet_off);
  tcase_add_loop_test(tc, test_contact, 0, N(contact_cases));
  tcase_add_loop_test(tc, test_stats, 0, N(stats_cases));
  tcase_add_test(tc, test_author);
  tcase_add_loop_test(tc, test_author_shape, 0, N(author_shape_cases));
  suite_add_tcase(s, tc);

  tc = tcase_create("Vectors");
  tcase_add_loop_test(tc, test_empty, 0, N(empty_cases));
  tcase_add_loop_test(tc, test_names_equal_indices, 0, N(samples));
  tcase_add_loop_test(tc, test_bucket_bounds, 10, 25);
  tcase_add_test(tc, test_independent);
  tcase_add_loop_test(tc, test_random_text, 0, 50);
  suite_add_tcase(s, tc);


  tc = tcase_create("Settings");
  tcase_add_loop_test(tc, test_check_rejects, 0, N(bad_settings));
  tcase_add_test(tc, test_defaults);
  tcase_add_test(tc, test_text_and_params);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(features_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
