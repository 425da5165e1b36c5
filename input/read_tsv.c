/*
 * read_tsv.c - TSV: "label<TAB>text" per line. The label is a
 * spamcls_label_parse word (empty: unlabeled); the text is the rest of the
 * line, more TABs included, with the escapes \t \n \\ decoded (any other
 * backslash is kept as it is). The id is the line number.
 *
 * Header rule: line 1 is a header, skipped silently, when its first field
 * (all of it without a TAB) is not a label word, e.g. "label<TAB>text" or
 * the SMS corpus's "Label<TAB>SMS". On any later line that is an error.
 * Empty lines hold no record and are skipped.
 */
#include <string.h>

#include "input.h"

/* Decodes the escapes of s[0..n) in place; returns the new length. */
static size_t unescape(char *s, size_t n)
{
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\\' && i + 1 < n) {
      char e = s[i + 1];
      if (e == 't' || e == 'n' || e == '\\') {
        c = e == 't' ? '\t' : e == 'n' ? '\n' : '\\';
        i++;
      }
    }
    s[j++] = c;
  }
  return j;
}

static spamcls_status tsv_next(spamcls_reader *r, spamcls_comment *out,
                               spamcls_error *err)
{
  for (;;) {
    unsigned long line;
    spamcls_status st = sc_input_line(r, &line, err);
    if (st != SPAMCLS_OK)
      return st;
    char *s = r->rec.data;
    size_t n = r->rec.len;
    if (n == 0)
      continue;
    char *tab = memchr(s, '\t', n);
    size_t label_len = tab ? (size_t)(tab - s) : n;
    int ok;
    spamcls_label label = spamcls_label_parse(s, label_len, &ok);
    if (!ok) {
      if (line == 1)
        continue;
      return sc_error(err, SPAMCLS_ERR_FORMAT,
                      "%s:%lu: unknown label '%.*s' (spam/ham, 1/0, "
                      "true/false or empty)", r->source, line,
                      (int)(label_len > 40 ? 40 : label_len), s);
    }
    if (!tab)
      return sc_error(err, SPAMCLS_ERR_FORMAT,
                      "%s:%lu: no TAB: expected label<TAB>text", r->source,
                      line);
    sc_input_comment(r, out, line);
    out->label = label;
    out->text = tab + 1;
    out->text_len = unescape(tab + 1, n - label_len - 1);
    out->id = sc_input_number(r, SC_ROLE_ID, line, &out->id_len);
    return SPAMCLS_OK;
  }
}

const sc_format_ops sc_tsv_ops = {.next = tsv_next};
