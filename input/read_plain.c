/*
 * read_plain.c - plain text: one comment per line. Every line is a record,
 * an empty one too (the scorer reports it as "empty"); a last line without
 * a newline counts; a CR before the newline is dropped; NUL bytes are
 * data. The id is the line number; there is no label.
 */
#include "input.h"

static spamcls_status plain_next(spamcls_reader *r, spamcls_comment *out,
                                 spamcls_error *err)
{
  unsigned long line;
  spamcls_status st = sc_input_line(r, &line, err);
  if (st != SPAMCLS_OK)
    return st;
  sc_input_comment(r, out, line);
  if (r->rec.data)
    out->text = r->rec.data;
  out->text_len = r->rec.len;
  out->id = sc_input_number(r, SC_ROLE_ID, line, &out->id_len);
  return SPAMCLS_OK;
}

const sc_format_ops sc_plain_ops = {.next = plain_next};
