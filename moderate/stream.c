/*
 * stream.c - the stream mode of a moderation run: JSON lines in, each a
 * page or a single comment, their records out, one line at a time (see
 * sc_mod_stream in run.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "page_records.h"
#include "report.h"
#include "run.h"
#include "util.h"

/* Reads one line of fp (newline and trailing CRs dropped) into *buf,
 * keeping at most max bytes: a longer line is read to its end and dropped
 * (*too_long set, 0 returned). Memory stays within max whatever the
 * input. -1 at the end of input, -2 when out of memory. */
static ssize_t read_line(FILE *fp, char **buf, size_t *cap, size_t max,
                         int *too_long)
{
  size_t n = 0;
  int c, any = 0;
  *too_long = 0;
  while ((c = getc_unlocked(fp)) != EOF) {
    any = 1;
    if (c == '\n')
      break;
    if (*too_long)
      continue;
    if (n == max) {
      *too_long = 1;
      continue;
    }
    if (n + 1 >= *cap) {
      size_t want = *cap ? *cap * 2 : 65536;
      if (want > max + 1)
        want = max + 1;
      char *b = realloc(*buf, want);
      if (!b)
        return -2;
      *buf = b;
      *cap = want;
    }
    (*buf)[n++] = (char)c;
  }
  if (!any)
    return -1;
  if (*too_long)
    return 0;
  while (n && (*buf)[n - 1] == '\r')
    n--;
  if (*buf)
    (*buf)[n] = '\0';
  return (ssize_t)n;
}

/* A JSON string member's value and length, or NULL. */
static const char *member(json_t *o, const char *key, size_t *len)
{
  json_t *v = json_object_get(o, key);
  *len = json_is_string(v) ? json_string_length(v) : 0;
  return json_string_value(v);
}

/* One comment given alone, its text text[0..len): judged and its line
 * written. */
static sc_outcome comment(sc_mod_scorer *ms, json_t *o, const char *text,
                          size_t len, unsigned long lineno, FILE *out,
                          const sc_run_events *ev)
{
  spamcls_comment c;
  memset(&c, 0, sizeof c);
  c.text = text;
  c.text_len = len;
  c.author = member(o, "author", &c.author_len);
  c.author_url = member(o, "author_url", &c.author_url_len);
  c.label = SPAMCLS_LABEL_NONE;
  c.source = "-";
  c.line = lineno;
  spamcls_result r;
  size_t nwhy = 0;
  spamcls_status st =
      ms->explain ? spamcls_explain(ms->s, &c, &r, ms->why, ms->explain, &nwhy)
                  : spamcls_score(ms->s, &c, &r);
  if (st != SPAMCLS_OK) {
    sc_run_say(ev, SC_MSG_ERROR, "-:%lu: %s", lineno, spamcls_strerror(st));
    return st == SPAMCLS_ERR_NOMEM ? SC_RUN_NOMEM : SC_RUN_INPUT;
  }
  json_t *id = json_object_get(o, "id");
  /* the id as given, else the line's number */
  long long num = json_is_integer(id) ? (long long)json_integer_value(id)
                                      : (long long)lineno;
  if (json_is_string(id))
    sc_report_stream_comment(out, json_string_value(id), json_string_length(id),
                             0, &r, ms->why, nwhy);
  else
    sc_report_stream_comment(out, NULL, 0, num, &r, ms->why, nwhy);
  return SC_RUN_OK;
}

/* One line: a page, a comment, or what is said and skipped. */
static sc_outcome line_record(const sc_mod_opts *o, sc_mod_scorer *ms,
                              const char *line, size_t len,
                              unsigned long lineno, FILE *out,
                              const sc_run_events *ev)
{
  json_error_t jerr;
  json_t *obj = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
  size_t clen, tlen;
  const char *content = member(obj, "content", &clen);
  const char *text = member(obj, "text", &tlen);
  if (!text && !json_object_get(obj, "text"))
    text = member(obj, "body", &tlen);
  sc_outcome rc = SC_RUN_OK;
  if (!json_is_object(obj) || (!content && !text)) {
    sc_run_say(ev, SC_MSG_ERROR, "-:%lu: %s (skipped)", lineno,
               obj ? "neither a page (\"content\") nor a comment (\"text\")"
                   : jerr.text);
    rc = SC_RUN_INPUT;
  } else if (content && clen > o->max_page) {
    sc_run_say(ev, SC_MSG_ERROR, "-:%lu: page larger than %zu bytes "
               "(--max-page) (skipped)", lineno, o->max_page);
    rc = SC_RUN_INPUT;
  } else if (!content && tlen > o->max_record) {
    sc_run_say(ev, SC_MSG_ERROR, "-:%lu: comment longer than %zu bytes "
               "(--max-record) (skipped)", lineno, o->max_record);
    rc = SC_RUN_INPUT;
  } else if (content) {
    char name[64];
    size_t plen;
    const char *page = member(obj, "page", &plen);
    if (!page) {
      snprintf(name, sizeof name, "-:%lu", lineno);
      page = name;
    }
    sc_page_stats st;
    spamcls_status s = sc_mod_page(ms, page, lineno - 1, content, clen,
                                   o->kind, NULL, out, &st, NULL);
    if (s != SPAMCLS_OK) {
      sc_run_say(ev, SC_MSG_ERROR, "-:%lu: %s", lineno, spamcls_strerror(s));
      rc = s == SPAMCLS_ERR_NOMEM ? SC_RUN_NOMEM : SC_RUN_INPUT;
    }
  } else {
    rc = comment(ms, obj, text, tlen, lineno, out, ev);
  }
  json_decref(obj);
  return rc;
}

sc_outcome sc_mod_stream(const sc_mod_opts *o, const spamcls_model *model,
                         FILE *in, FILE *out, const sc_run_events *ev)
{
  sc_mod_scorer ms;
  int e = sc_mod_scorer_init(&ms, model, o->threshold, o->margin, o->explain);
  ms.max_record = o->max_record;
  if (e) {
    sc_mod_scorer_free(&ms);
    if (e == -1) {
      sc_run_say(ev, SC_MSG_ERROR, "%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
      return SC_RUN_NOMEM;
    }
    sc_run_say(ev, SC_MSG_ERROR, "threshold and margin must keep the band "
               "inside 0..1");
    return SC_RUN_REFUSED;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  unsigned long lineno = 0;
  sc_outcome rc = SC_RUN_OK;
  int too_long;
  /* A page of max_page bytes takes up to twice that as a JSON string
   * (quotes and newlines escaped); longer lines are not kept. */
  size_t line_max = o->max_page * 2 + ((size_t)1 << 20);
  while ((n = read_line(in, &line, &cap, line_max, &too_long)) >= 0) {
    lineno++;
    sc_outcome r = SC_RUN_OK;
    if (too_long) {
      sc_run_say(ev, SC_MSG_ERROR, "-:%lu: line longer than %zu bytes (twice "
                 "--max-page, plus 1 MiB) (skipped)", lineno, line_max);
      r = SC_RUN_INPUT;
    } else if (n > 0) {
      r = line_record(o, &ms, line, (size_t)n, lineno, out, ev);
    }
    if (r > rc)
      rc = r;
    if (r == SC_RUN_NOMEM)
      break;
    if (fflush(out) != 0 || ferror(out)) {
      rc = SC_RUN_OUTPUT;  /* said by the caller, who knows what out is */
      break;
    }
  }
  free(line);
  sc_mod_scorer_free(&ms);
  if (n == -2) {
    sc_run_say(ev, SC_MSG_ERROR, "%s", spamcls_strerror(SPAMCLS_ERR_NOMEM));
    rc = SC_RUN_NOMEM;
  }
  return rc;
}
