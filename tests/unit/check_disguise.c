/*
 * check_disguise.c - a comment and its disguised copy are one comment to
 * the model: every family of the default pipeline (and the lexicon) gives
 * the same feature names for a text and for the text rewritten in styled
 * letters, full-width, circled letters, look-alikes, zero-width
 * characters, overlay marks, or spaced out letter by letter with wider
 * gaps between words, and for its longer words spelled out between dots
 * or in lenticular brackets. Leetspeak written throughout gives back
 * every word (its "1 as l" readings come on top). Rewrites are applied
 * to every word.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "feat_names.h"

static const char *const texts[] = {
  "i really like your article and i love it dewa poker",
  "Baru jepe 2 kali di situs ini, mantap slot gacor maxwin",
  "How long is it going to take before world leaders act on this?",
  "Check out my channel and subscribe please",
  "Great post about Python lists, thanks for sharing it",
};

static const char lexicon[] =
    "game poker\ngame slot\npromo gacor\npromo maxwin\nsite situs\n";

/* Appends code point c as UTF-8. */
static void put_cp(sc_buf *b, unsigned c)
{
  ck_assert_int_eq(sc_buf_put_utf8(b, c), 0);
}

static int is_alpha(char c)
{
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_alnum(char c)
{
  return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Each rewrite maps one ASCII character (with its neighbours known). */
typedef void rewrite_fn(sc_buf *out, const char *s, size_t i);

static void bold(sc_buf *o, const char *s, size_t i)
{
  char c = s[i];
  if (c >= 'A' && c <= 'Z')
    put_cp(o, 0x1D400 + (unsigned)(c - 'A'));
  else if (c >= 'a' && c <= 'z')
    put_cp(o, 0x1D41A + (unsigned)(c - 'a'));
  else if (c >= '0' && c <= '9')
    put_cp(o, 0x1D7CE + (unsigned)(c - '0'));
  else
    put_cp(o, (unsigned char)c);
}

static void fullwidth(sc_buf *o, const char *s, size_t i)
{
  char c = s[i];
  put_cp(o, c > 0x20 && c < 0x7F ? (unsigned)c + 0xFEE0 : (unsigned char)c);
}

static void circled(sc_buf *o, const char *s, size_t i)
{
  char c = s[i];
  if (c >= 'A' && c <= 'Z')
    put_cp(o, 0x24B6 + (unsigned)(c - 'A'));
  else if (c >= 'a' && c <= 'z')
    put_cp(o, 0x24D0 + (unsigned)(c - 'a'));
  else
    put_cp(o, (unsigned char)c);
}

/* Cyrillic twins of a, c, e, o, p, x, y inside Latin words. */
static void lookalike(sc_buf *o, const char *s, size_t i)
{
  static const char from[] = "aceopxy";
  static const unsigned to[] = {0x430, 0x441, 0x435, 0x43E, 0x440, 0x445,
                                0x443};
  const char *f = strchr(from, s[i]);
  put_cp(o, s[i] && f ? to[f - from] : (unsigned char)s[i]);
}

static void zero_width(sc_buf *o, const char *s, size_t i)
{
  put_cp(o, (unsigned char)s[i]);
  if (is_alnum(s[i]) && is_alnum(s[i + 1]))
    put_cp(o, 0x200B);
}

/* P͓̽U͓̽L͓̽A͓̽U͓̽: two overlay marks on every letter. */
static void overlay(sc_buf *o, const char *s, size_t i)
{
  put_cp(o, (unsigned char)s[i]);
  if (is_alpha(s[i])) {
    put_cp(o, 0x0353);
    put_cp(o, 0x033D);
  }
}

/* "B a r u   j e p e": one space between letters, three between words. */
static void spaced(sc_buf *o, const char *s, size_t i)
{
  if (s[i] == ' ') {
    ck_assert_int_eq(sc_buf_append(o, "   ", 3), 0);
    return;
  }
  put_cp(o, (unsigned char)s[i]);
  if (s[i + 1] && s[i + 1] != ' ')
    put_cp(o, ' ');
}

/* The length of the run of letters and digits that s[i] is in. */
static size_t word_len(const char *s, size_t i)
{
  size_t a = i, b = i;
  while (a > 0 && is_alnum(s[a - 1]))
    a--;
  while (is_alnum(s[b]))
    b++;
  return b - a;
}

/* "P.R.O.B.E.T": the letters of every word of four or more between
 * dots. */
static void dotted(sc_buf *o, const char *s, size_t i)
{
  put_cp(o, (unsigned char)s[i]);
  if (is_alnum(s[i]) && is_alnum(s[i + 1]) && word_len(s, i) >= 4)
    put_cp(o, '.');
}

/* "【H】【o】【k】【i】": every word of three or more, a bracketed letter
 * at a time. */
static void bracketed(sc_buf *o, const char *s, size_t i)
{
  int wrap = is_alnum(s[i]) && word_len(s, i) >= 3;
  if (wrap)
    put_cp(o, 0x3010);
  put_cp(o, (unsigned char)s[i]);
  if (wrap)
    put_cp(o, 0x3011);
}

static const struct {
  const char *name;
  rewrite_fn *fn;
} rewrites[] = {
  {"bold", bold}, {"fullwidth", fullwidth}, {"circled", circled},
  {"lookalike", lookalike}, {"zero-width", zero_width},
  {"overlay", overlay}, {"spaced", spaced},
  {"dotted", dotted}, {"bracketed", bracketed},
};

static spamcls_pipeline full_pipeline(void)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.flags |= SPAMCLS_F_LEXICON;
  p.lexicon = lexicon;
  p.lexicon_len = sizeof lexicon - 1;
  return p;
}

/* The names of nm, sorted, as one string (order may differ by path). */
static char *sorted(const names *nm)
{
  size_t n = 0;
  char *copy = strdup(nm->text.data);
  ck_assert_ptr_nonnull(copy);
  char **v = malloc((nm->n + 1) * sizeof *v);
  ck_assert_ptr_nonnull(v);
  for (char *t = strtok(copy, "\n"); t; t = strtok(NULL, "\n"))
    v[n++] = t;
  for (size_t a = 1; a < n; a++)
    for (size_t b = a; b > 0 && strcmp(v[b - 1], v[b]) > 0; b--) {
      char *t = v[b];
      v[b] = v[b - 1];
      v[b - 1] = t;
    }
  sc_buf out = {0};
  for (size_t k = 0; k < n; k++) {
    ck_assert_int_eq(sc_buf_append(&out, v[k], strlen(v[k])), 0);
    ck_assert_int_eq(sc_buf_putc(&out, '\n'), 0);
  }
  ck_assert_int_eq(sc_buf_putc(&out, '\0'), 0);
  free(v);
  free(copy);
  return out.data;
}

START_TEST(test_rewrite_keeps_features)
{
  size_t t = (size_t)_i / (sizeof rewrites / sizeof rewrites[0]);
  size_t r = (size_t)_i % (sizeof rewrites / sizeof rewrites[0]);
  const char *plain = texts[t];
  sc_buf dis = {0};
  for (size_t i = 0; plain[i]; i++)
    rewrites[r].fn(&dis, plain, i);
  ck_assert_int_eq(sc_buf_putc(&dis, '\0'), 0);

  spamcls_pipeline p = full_pipeline();
  names a, b;
  names_of(&p, plain, NULL, NULL, &a);
  names_of(&p, dis.data, NULL, NULL, &b);
  char *sa = sorted(&a), *sb = sorted(&b);
  ck_assert_msg(strcmp(sa, sb) == 0, "%s of \"%s\" (\"%s\"):\n%s\n!=\n%s",
                rewrites[r].name, plain, dis.data, sa, sb);
  free(sa);
  free(sb);
  names_free(&a);
  names_free(&b);
  sc_buf_free(&dis);
}
END_TEST

/* Leetspeak throughout: every word of the plain text comes back. */
START_TEST(test_leet_keeps_words)
{
  static const char from[] = "aeiostAEIOST", to[] = "431057431057";
  const char *plain = texts[_i];
  char *dis = strdup(plain);
  ck_assert_ptr_nonnull(dis);
  for (char *c = dis; *c; c++) {
    const char *f = strchr(from, *c);
    if (f)
      *c = to[f - from];
  }
  spamcls_pipeline p = only(SPAMCLS_F_WORDS | SPAMCLS_F_LEET);
  p.word_ngrams = 1;
  names a, b;
  names_of(&p, plain, NULL, NULL, &a);
  names_of(&p, dis, NULL, NULL, &b);
  for (char *s = a.text.data + 1; *s;) {
    char *e = strchr(s, '\n');
    *e = '\0';
    ck_assert_msg(has_name(&b, s), "\"%s\": %s missing in:%s", dis, s,
                  b.text.data);
    s = e + 1;
  }
  names_free(&a);
  names_free(&b);
  free(dis);
}
END_TEST

static Suite *disguise_suite(void)
{
  Suite *s = suite_create("disguise");
  TCase *tc = tcase_create("core");
  int n_rw = (int)(sizeof rewrites / sizeof rewrites[0]);
  int n_tx = (int)(sizeof texts / sizeof texts[0]);
  tcase_add_loop_test(tc, test_rewrite_keeps_features, 0, n_rw * n_tx);
  tcase_add_loop_test(tc, test_leet_keeps_words, 0, n_tx);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(disguise_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
