/*
 * fuzz_reader.c - one input reader, FUZZ_FORMAT (plain, TSV, CSV or
 * JSONL; this file is built once per format).
 *
 * Each input is read twice from memory (spamcls_reader_open_memory): once with
 * the default limits and whole chunks, once with a 64-byte record limit
 * and the bytes handed over a few at a time, as a pipe may deliver them,
 * so records and the BOM straddle reads and the over-limit paths run.
 * Every record's spans are read in full (AddressSanitizer sees any that
 * points outside its buffer); skipped records must come with a message;
 * the reader must end (EOF or a sticky I/O error) within one record per
 * input byte plus one; and its buffers must stay bounded by the limit.
 */
#include <string.h>

#include "fuzz.h"
#include "input.h"
#include "spamcls.h"

#ifndef FUZZ_FORMAT
#error "build with -DFUZZ_FORMAT=SPAMCLS_FORMAT_..."
#endif

static void read_all(const uint8_t *data, size_t size, size_t max_record,
                     size_t piece)
{
  spamcls_reader_options o;
  memset(&o, 0, sizeof o);
  o.format = FUZZ_FORMAT;
  o.max_record = max_record;
  spamcls_reader *r;
  spamcls_error err = {{0}};
  size_t limit = max_record ? max_record : SPAMCLS_DEFAULT_MAX_RECORD;
  spamcls_status st =
      sc_input_open_memory(data, size, "fuzz", &o, piece, &r, &err);
  if (st != SPAMCLS_OK) {
    FUZZ_CHECK(err.msg[0] != '\0');
    FUZZ_CHECK(st == SPAMCLS_ERR_FORMAT || st == SPAMCLS_ERR_LIMIT ||
               st == SPAMCLS_ERR_PARAM);
    return;
  }
  unsigned sum = 0;
  size_t calls = 0;
  for (;;) {
    spamcls_comment c;
    err.msg[0] = '\0';
    st = spamcls_reader_next(r, &c, &err);
    FUZZ_CHECK(++calls <= size + 2);
    if (st == SPAMCLS_EOF)
      break;
    if (st == SPAMCLS_OK) {
      FUZZ_CHECK(c.text != NULL);
      FUZZ_CHECK(c.source && strcmp(c.source, "fuzz") == 0);
      FUZZ_CHECK(c.line >= 1);
      FUZZ_CHECK(c.label == SPAMCLS_LABEL_NONE || c.label == SPAMCLS_LABEL_HAM ||
                 c.label == SPAMCLS_LABEL_SPAM);
      fuzz_touch(c.text, c.text_len, &sum);
      if (c.id)
        fuzz_touch(c.id, c.id_len, &sum);
      if (c.author)
        fuzz_touch(c.author, c.author_len, &sum);
      if (c.author_url)
        fuzz_touch(c.author_url, c.author_url_len, &sum);
      if (c.group)
        fuzz_touch(c.group, c.group_len, &sum);
    } else {
      FUZZ_CHECK(err.msg[0] != '\0');
      FUZZ_CHECK(st == SPAMCLS_ERR_FORMAT || st == SPAMCLS_ERR_LIMIT);
    }
    /* A record over the limit is dropped as it streams by: what the
     * reader holds stays near the limit, whatever the input. */
    FUZZ_CHECK(sc_input_footprint(r) <= 2 * SC_INPUT_CHUNK + 32 * limit);
  }
  spamcls_reader_close(r);
  fuzz_keep(sum);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  read_all(data, size, 0 /* the default */, 0);
  read_all(data, size, 64, 1 + size % 7);
  return 0;
}
