/*
 * read_export.c - a site export (WordPress WXR, Disqus) as labeled
 * comments: the site's own decisions are the labels (spam is spam,
 * approved is ham; pending, trash, deleted and unknown statuses are
 * unlabeled), so a real export is labeled data for eval and train. The
 * reader's byte stream feeds libxml2's XML reader (pages/export_read.c);
 * the id is the comment's, the group (with a group field named "thread")
 * the post or thread it belongs to.
 *
 * Malformed XML ends the export: it is reported once (ERR_FORMAT, with
 * its line) and the reader then says EOF, the comments before it kept.
 */
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "input.h"

typedef struct exp_state {
  spamcls_export *e;
  int ended;
} exp_state;

static long feed(void *ctx, char *buf, size_t n)
{
  spamcls_reader *r = ctx;
  const char *p;
  size_t k;
  spamcls_error err;
  spamcls_status st = sc_input_peek(r, &p, &k, &err);
  if (st == SPAMCLS_EOF)
    return 0;
  if (st != SPAMCLS_OK)
    return -1;
  if (k > n)
    k = n;
  memcpy(buf, p, k);
  sc_input_skip(r, k);
  return (long)k;
}

static spamcls_status export_open(spamcls_reader *r, spamcls_error *err)
{
  exp_state *s = calloc(1, sizeof *s);
  if (!s)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s: out of memory", r->source);
  r->state = s;
  spamcls_status st = sc_export_open_fn(feed, r, r->source,
                                        SPAMCLS_EXPORT_NONE, NULL, &s->e, err);
  /* Not an export: one error, then nothing more to read. */
  if (st == SPAMCLS_ERR_FORMAT)
    s->ended = 1;
  return st == SPAMCLS_ERR_FORMAT ? SPAMCLS_OK : st;
}

static spamcls_status export_next(spamcls_reader *r, spamcls_comment *out,
                                  spamcls_error *err)
{
  exp_state *s = r->state;
  if (s->ended || !s->e) {
    if (!s->e && s->ended == 1) {
      s->ended = 2;
      return sc_error(err, SPAMCLS_ERR_FORMAT, "%s:1: not a WordPress (WXR) "
                      "or Disqus export", r->source);
    }
    return SPAMCLS_EOF;
  }
  spamcls_export_comment c;
  spamcls_status st = spamcls_export_next(s->e, &c, err);
  if (st == SPAMCLS_ERR_FORMAT) {
    s->ended = 2;
    return st;
  }
  if (st != SPAMCLS_OK)
    return st;
  sc_input_comment(r, out, c.line);
  if (c.body_len > r->max_record)
    return sc_error(err, SPAMCLS_ERR_LIMIT, "%s:%lu: comment longer than "
                    "%zu bytes (skipped)", r->source, c.line, r->max_record);
  out->id = c.id;
  out->id_len = c.id_len;
  out->text = c.body;
  out->text_len = c.body_len;
  out->author = c.author;
  out->author_len = c.author_len;
  out->author_url = c.author_url;
  out->author_url_len = c.author_url_len;
  const char *g = sc_input_field_option(r, SC_ROLE_GROUP);
  if (g && sc_input_eq_nocase(g, strlen(g), "thread")) {
    out->group = c.thread;
    out->group_len = c.thread_len;
  }
  out->label = c.site == SPAMCLS_SITE_SPAM       ? SPAMCLS_LABEL_SPAM
               : c.site == SPAMCLS_SITE_APPROVED ? SPAMCLS_LABEL_HAM
                                                 : SPAMCLS_LABEL_NONE;
  return SPAMCLS_OK;
}

static void export_close(spamcls_reader *r)
{
  exp_state *s = r->state;
  if (s)
    spamcls_export_close(s->e);
  free(s);
  r->state = NULL;
}

const sc_format_ops sc_export_ops = {export_open, export_next, export_close,
                                     NULL};
