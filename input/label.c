/*
 * label.c - label words: spam / 1 / true is spam, ham / 0 / false is ham
 * (ASCII case ignored, surrounding blanks ignored); "" and "null" mean no
 * label; anything else is unknown (NONE with *ok = 0).
 */
#include "input.h"

static int blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

spamcls_label spamcls_label_parse(const char *s, size_t len, int *ok)
{
  static const struct {
    const char *word;
    spamcls_label label;
  } words[] = {
    {"spam", SPAMCLS_LABEL_SPAM}, {"1", SPAMCLS_LABEL_SPAM},
    {"true", SPAMCLS_LABEL_SPAM}, {"ham", SPAMCLS_LABEL_HAM},
    {"0", SPAMCLS_LABEL_HAM},     {"false", SPAMCLS_LABEL_HAM},
    {"null", SPAMCLS_LABEL_NONE}, {"", SPAMCLS_LABEL_NONE},
  };
  int dummy;
  if (!ok)
    ok = &dummy;
  *ok = 1;
  if (!s)
    len = 0;
  while (len && blank(s[0])) {
    s++;
    len--;
  }
  while (len && blank(s[len - 1]))
    len--;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (sc_input_eq_nocase(s, len, words[i].word))
      return words[i].label;
  *ok = 0;
  return SPAMCLS_LABEL_NONE;
}
