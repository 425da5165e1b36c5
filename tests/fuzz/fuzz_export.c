/*
 * fuzz_export.c - the site export reader (spamcls_export_*) and the copy
 * it writes.
 *
 * Input: one byte, then the export. Bit 0 picks the kind (sniffed, or
 * WXR and Disqus by bit 1); bits 2-3 which comments are marked (none,
 * all, every other, the first). Any bytes may end in an error, never a
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
      int mark = policy == 1 || (policy == 2 && n % 2 == 0) ||
                 (policy == 3 && n == 0);
      if (mark) {
        spamcls_status ms = spamcls_export_mark_spam(e);
        FUZZ_CHECK(c.markable ? ms == SPAMCLS_OK : ms == SPAMCLS_ERR_PARAM);
        if (c.markable && !marks++)
          first = c.status_offset;
      }
      n++;
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
