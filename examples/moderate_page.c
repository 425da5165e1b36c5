/*
 * moderate_page.c - moderates one saved page through the public header:
 * finds its reader comments, scores each with the default model, prints
 * one line per comment and writes a copy of the page with the spam
 * comments cut out (every other byte unchanged).
 *
 *   cc moderate_page.c -o moderate_page $(pkg-config --cflags --libs spamcls)
 *   ./moderate_page page.html cleaned.html
 *
 * Output lines: INDEX<TAB>VERDICT<TAB>PROBABILITY<TAB>AUTHOR<TAB>removed|kept
 * Exits 0 when done, 1 on an error. The copy is written to a temporary
 * file beside OUT and renamed, so OUT is whole or untouched.
 */
#include <spamcls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(const char *path, size_t *len)
{
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *d = malloc(cap);
  while (d) {
    n += fread(d + n, 1, cap - n, fp);
    if (n < cap)
      break;
    char *g = realloc(d, cap *= 2);
    if (!g)
      free(d);
    d = g;
  }
  if (d && ferror(fp)) {
    free(d);
    d = NULL;
  }
  fclose(fp);
  *len = n;
  return d;
}

/* Writes page minus the cut spans (sorted, not overlapping) to out. */
static int write_clean(const char *out, const char *page, size_t len,
                       const size_t *cuts, size_t ncuts)
{
  size_t tl = strlen(out) + 8;
  char *tmp = malloc(tl);
  if (!tmp)
    return -1;
  snprintf(tmp, tl, "%s.tmp", out);
  FILE *fp = fopen(tmp, "wb");
  int ok = fp != NULL;
  size_t at = 0;
  for (size_t i = 0; ok && i < ncuts; i++) {
    ok = fwrite(page + at, 1, cuts[2 * i] - at, fp) == cuts[2 * i] - at;
    at = cuts[2 * i + 1];
  }
  if (ok)
    ok = fwrite(page + at, 1, len - at, fp) == len - at;
  if (fp && fclose(fp) != 0)
    ok = 0;
  if (ok && rename(tmp, out) != 0)
    ok = 0;
  if (!ok)
    remove(tmp);
  free(tmp);
  return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: %s PAGE OUT\n", argv[0]);
    return 1;
  }
  size_t len;
  char *page = read_all(argv[1], &len);
  if (!page) {
    perror(argv[1]);
    return 1;
  }
  spamcls_error err = {{0}};
  spamcls_page *p = NULL;
  spamcls_model *model = NULL;
  spamcls_scorer *scorer = NULL;
  size_t *cuts = NULL, ncuts = 0;
  int rc = 1;
  if (spamcls_page_extract(page, len, SPAMCLS_PAGE_AUTO, &p, &err) !=
          SPAMCLS_OK ||
      spamcls_model_load_default(&model, &err) != SPAMCLS_OK) {
    fprintf(stderr, "%s: %s\n", argv[0], err.msg);
    goto done;
  }
  scorer = spamcls_scorer_new(model);
  cuts = malloc((spamcls_page_count(p) + 1) * 2 * sizeof *cuts);
  if (!scorer || !cuts) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    goto done;
  }
  for (size_t i = 0; i < spamcls_page_count(p); i++) {
    const spamcls_page_comment *pc = spamcls_page_get(p, i);
    spamcls_comment c = {0};
    c.text = pc->body;
    c.text_len = pc->body_len;
    c.author = pc->author;
    c.author_len = pc->author_len;
    c.author_url = pc->author_url;
    c.author_url_len = pc->author_url_len;
    c.label = SPAMCLS_LABEL_NONE;
    spamcls_result r;
    if (spamcls_score(scorer, &c, &r) != SPAMCLS_OK) {
      fprintf(stderr, "%s: comment %zu could not be scored\n", argv[0], i + 1);
      goto done;
    }
    /* Spans come in page order; one inside a removed span goes with it. */
    int cut = r.verdict == SPAMCLS_SPAM && pc->removable &&
              (ncuts == 0 || pc->start >= cuts[2 * ncuts - 1]);
    if (cut) {
      cuts[2 * ncuts] = pc->start;
      cuts[2 * ncuts + 1] = pc->end;
      ncuts++;
    }
    printf("%zu\t%s\t%.6f\t%.*s\t%s\n", i + 1, spamcls_verdict_name(r.verdict),
           r.probability, (int)pc->author_len, pc->author,
           cut ? "removed" : "kept");
  }
  if (write_clean(argv[2], page, len, cuts, ncuts) != 0) {
    perror(argv[2]);
    goto done;
  }
  rc = 0;
done:
  free(cuts);
  spamcls_scorer_free(scorer);
  spamcls_model_free(model);
  spamcls_page_free(p);
  free(page);
  return rc;
}
