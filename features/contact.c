/*
 * contact.c - the CONTACT family: e-mail addresses and phone numbers.
 *
 * E-mail: local@domain, the local part ASCII [a-z0-9._%+-] not starting
 * with '.', the domain a host whose last label is a public suffix. Gives
 * "e:has" and "e:dom:<registrable domain>" per address.
 *
 * Phone: at a word start, an optional '+', then 1 to MAX_GROUPS digit
 * groups joined by one of ' ' '-' '.', the first or second group possibly
 * in parentheses: "+62 812-3456-7890", "(800) 123 4567", "1-800-555-0199",
 * "081234567890". Kept when it has 7 to 15 digits and is not a number in
 * another shape:
 *   - one group of fewer than 9 digits without '+' (a plain number);
 *   - thousands: first group 1-3 digits not starting with 0, every later
 *     group exactly 3 ("12.500.000", "1 000 000");
 *   - a date: three groups 4-2-2 or 2-2-4 ("2024-01-31");
 *   - a decimal: two groups joined by '.' ("3.14159265");
 *   - a first group of 4+ digits not starting with 0 ("1990-2020",
 *     "2019 2020 2021": years), except 1 with 10+ digits ("1800 555 0199").
 * The last three apply only without '+' and parentheses. Gives "p:has",
 * "p:len:<digit count bucket>" and "p:intl" when it starts with '+'.
 */
#include <string.h>

#include "sc_features.h"

#define MAX_GROUPS 8

static int local_char(char c)
{
  return sc_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
         c == '-';
}

static void emails(spamcls_extractor *x, const char *s, size_t n)
{
  for (const char *at = memchr(s, '@', n); at;
       at = memchr(at + 1, '@', n - (size_t)(at + 1 - s))) {
    size_t a = (size_t)(at - s), l = a;
    while (l > 0 && local_char(s[l - 1]))
      l--;
    while (l < a && s[l] == '.')
      l++;
    if (l == a || a + 1 >= n)
      continue;
    sc_host h;
    sc_host_scan(s, n, a + 1, &h);
    if (!sc_host_is_domain(x, s, &h))
      continue;
    sc_emit_str(x, SC_NS_E, "has");
    size_t dl;
    const char *dom = sc_registrable(x, s + h.start, h.end - h.start, &dl);
    if (dom)
      sc_emit(x, SC_NS_E_DOM, dom, dl);
  }
}

typedef struct phone {
  size_t glen[MAX_GROUPS];
  size_t groups, digits;
  int plus, paren;
  char first;  /* first digit */
  char sep1;   /* the first separator */
} phone;

/* Parses digit groups at s[i]; returns the end of the last whole group. */
static size_t parse_phone(const char *s, size_t n, size_t i, phone *ph)
{
  memset(ph, 0, sizeof *ph);
  size_t j = i, end = i;
  if (s[j] == '+') {
    ph->plus = 1;
    j++;
  }
  while (j < n && ph->groups < MAX_GROUPS) {
    int open = 0;
    if (s[j] == '(' && !ph->paren && ph->groups <= 1) {
      open = 1;
      j++;
    }
    size_t start = j;
    while (j < n && sc_ascii_digit(s[j]))
      j++;
    if (j == start)
      break;
    size_t len = j - start;
    if (open) {
      if (j >= n || s[j] != ')')
        break;
      j++;
      ph->paren = 1;
    }
    if (!ph->groups)
      ph->first = s[start];
    ph->glen[ph->groups++] = len;
    ph->digits += len;
    end = j;
    size_t k = j;
    if (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == '.')) {
      if (!ph->sep1)
        ph->sep1 = s[k];
      k++;
    }
    if (k < n && (sc_ascii_digit(s[k]) || (s[k] == '(' && !ph->paren)))
      j = k;
    else
      break;
  }
  return end;
}

static int looks_like_phone(const phone *ph)
{
  if (ph->digits < 7 || ph->digits > 15)
    return 0;
  if (ph->groups == 1)
    return ph->digits >= 9 || ph->plus;
  if (ph->plus || ph->paren)
    return 1;
  if (ph->groups == 2 && ph->sep1 == '.')
    return 0;  /* 3.14159265 */
  int thousands = ph->glen[0] <= 3 && ph->first != '0';
  for (size_t g = 1; g < ph->groups; g++)
    thousands &= ph->glen[g] == 3;
  if (thousands)
    return 0;
  if (ph->groups == 3 &&
      ((ph->glen[0] == 4 && ph->glen[1] == 2 && ph->glen[2] == 2) ||
       (ph->glen[0] == 2 && ph->glen[1] == 2 && ph->glen[2] == 4)))
    return 0;
  if (ph->glen[0] >= 4 && ph->first != '0' &&
      !(ph->first == '1' && ph->digits >= 10))
    return 0;
  return 1;
}

/* A phone number may not start inside a word or a number. */
static int phone_may_start(const char *s, size_t n, size_t i)
{
  char c = s[i];
  if (!(sc_ascii_digit(c) ||
        ((c == '+' || c == '(') && i + 1 < n && sc_ascii_digit(s[i + 1]))))
    return 0;
  if (i == 0)
    return 1;
  char p = s[i - 1];
  return !sc_ascii_alnum(p) && !strchr(".,/-_+(", p);
}

static void phones(spamcls_extractor *x, const char *s, size_t n)
{
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if (!(sc_ascii_digit(c) || c == '+' || c == '(') || !phone_may_start(s, n, i)) {
      i++;
      continue;
    }
    phone ph;
    size_t end = parse_phone(s, n, i, &ph);
    if (end < n && sc_ascii_alnum(s[end])) {
      i = end > i ? end : i + 1;  /* "12345678x": not a number */
      continue;
    }
    if (!looks_like_phone(&ph)) {
      i = end > i ? end : i + 1;
      continue;
    }
    sc_emit_str(x, SC_NS_P, "has");
    sc_emit_str(x, SC_NS_P_LEN, ph.digits <= 8    ? "7-8"
                                : ph.digits <= 10 ? "9-10"
                                : ph.digits <= 12 ? "11-12"
                                                  : "13-15");
    if (ph.plus)
      sc_emit_str(x, SC_NS_P, "intl");
    i = end;
  }
}

void sc_fam_contact(spamcls_extractor *x, const sc_doc *d)
{
  emails(x, d->text, d->len);
  phones(x, d->text, d->len);
}
