/*
 * fuzz_export.c - the site export reader (spamcls_export_*) and the copy
 * it writes.
 *
 * Input: one byte, then the export. Bit 0 picks the kind (sniffed, or
 * WXR and Disqus by bit 1); bits 2-3 which comments are marked (none,
 * all, every other, the first); bit 4 marks them in batches of 7 (a
 * window of 7, marks by number, flush after each batch, finish at the
 * end) instead of one at a time. Any bytes may end in an error, never a
 * crash; each comment must be sane (strings readable to their end, a
 * known site status, a status offset inside the input); and when the
 * export is read to its end the copy must be the input itself where
 * nothing was marked, and start with the input's bytes up to the first
 * marked value where something was.
 */
#include <string.h>

#include "fuzz.h"
#include "spamcls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  unsigned sel = data[0];
  const char *doc = (const char *)data + 1;
  size_t len = size - 1;
  spamcls_export_kind kind = !(sel & 1) ? SPAMCLS_EXPORT_NONE
                             : sel & 2 ? SPAMCLS_EXPORT_DISQUS
                                       : SPAMCLS_EXPORT_WXR;
  unsigned policy = (sel >> 2) & 3;
  char *copy = NULL;
  size_t clen = 0;
  FILE *out = open_memstream(&copy, &clen);
  FUZZ_CHECK(out != NULL);
  spamcls_export *e;
  spamcls_error err;
  spamcls_status st = spamcls_export_open_memory(doc, len, "fuzz.xml", kind,
                                                 out, &e, &err);
  unsigned sum = 0;
  size_t n = 0, marks = 0;
  unsigned long long first = 0;
  const size_t batch = sel & 16 ? 7 : 1;
  struct {
    unsigned long seq;
    int markable;
    unsigned long long off;
  } pend[7];
  size_t npend = 0;
  if (st == SPAMCLS_OK && batch > 1)
    FUZZ_CHECK(spamcls_export_set_window(e, batch) == SPAMCLS_OK);
  if (st == SPAMCLS_OK) {
    spamcls_export_comment c;
    while ((st = spamcls_export_next(e, &c, &err)) == SPAMCLS_OK) {
      fuzz_touch(c.id, c.id_len, &sum);
      fuzz_touch(c.author, c.author_len, &sum);
      fuzz_touch(c.date, c.date_len, &sum);
      fuzz_touch(c.body, c.body_len, &sum);
      fuzz_touch(c.thread, c.thread_len, &sum);
      if (c.author_url)
        fuzz_touch(c.author_url, c.author_url_len, &sum);
      if (c.status)
        fuzz_touch(c.status, c.status_len, &sum);
      FUZZ_CHECK((unsigned)c.site <= SPAMCLS_SITE_DELETED);
      if (c.markable)
        FUZZ_CHECK(c.status_offset <= len);
      FUZZ_CHECK(c.seq == n);
      pend[npend].seq = c.seq;
      pend[npend].markable = c.markable;
      pend[npend].off = c.status_offset;
      npend++;
      n++;
      if (npend == batch) {
        for (size_t k = 0; k < npend; k++) {
          unsigned long i = pend[k].seq;
          int mark = policy == 1 || (policy == 2 && i % 2 == 0) ||
                     (policy == 3 && i == 0);
          if (!mark)
            continue;
          spamcls_status ms = batch == 1 ? spamcls_export_mark_spam(e)
                              : spamcls_export_mark_spam_at(e, i);
          FUZZ_CHECK(pend[k].markable ? ms == SPAMCLS_OK
                                      : ms == SPAMCLS_ERR_PARAM);
          if (pend[k].markable && !marks++)
            first = pend[k].off;
        }
        npend = 0;
        if (batch > 1 && spamcls_export_flush(e, &err) != SPAMCLS_OK)
          break;
      }
    }
    if (st == SPAMCLS_EOF && batch > 1) {
      for (size_t k = 0; k < npend; k++) {
        unsigned long i = pend[k].seq;
        int mark = policy == 1 || (policy == 2 && i % 2 == 0) ||
                   (policy == 3 && i == 0);
        if (mark && spamcls_export_mark_spam_at(e, i) == SPAMCLS_OK &&
            !marks++)
          first = pend[k].off;
      }
      st = spamcls_export_finish(e, &err) == SPAMCLS_OK ? SPAMCLS_EOF
                                                        : SPAMCLS_ERR_IO;
    }
    spamcls_export_close(e);
  }
  FUZZ_CHECK(fclose(out) == 0);
  if (st == SPAMCLS_EOF && marks == 0)
    FUZZ_CHECK(clen == len && memcmp(copy, doc, len) == 0);
  if (st == SPAMCLS_EOF && marks)
    FUZZ_CHECK(clen >= first && memcmp(copy, doc, (size_t)first) == 0);
  free(copy);
  fuzz_keep(sum);
  return 0;
}
