/*
 * moderate_page.c - moderates one saved page through the public header
 * (spamcls_moderate_page): its reader comments judged with the default
 * model, one line printed per comment, and a copy of the page written with
 * the spam comments cut out (every other byte unchanged).
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

/* Writes data to out through a temporary file beside it, renamed. */
static int write_atomic(const char *out, const char *data, size_t len)
{
  size_t tl = strlen(out) + 8;
  char *tmp = malloc(tl);
  if (!tmp)
    return -1;
  snprintf(tmp, tl, "%s.tmp", out);
  FILE *fp = fopen(tmp, "wb");
  int ok = fp != NULL && fwrite(data, 1, len, fp) == len;
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
  spamcls_model *model = NULL;
  spamcls_scorer *scorer = NULL;
  spamcls_moderation *m = NULL;
  int rc = 1;
  if (spamcls_model_load_default(&model, &err) != SPAMCLS_OK) {
    fprintf(stderr, "%s: %s\n", argv[0], err.msg);
    goto done;
  }
  scorer = spamcls_scorer_new(model);
  if (!scorer) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    goto done;
  }
  spamcls_moderate_options o = {0};
  o.name = argv[1];
  if (spamcls_moderate_page(scorer, page, len, SPAMCLS_PAGE_AUTO, &o, &m,
                            &err) != SPAMCLS_OK) {
    fprintf(stderr, "%s: %s\n", argv[0], err.msg);
    goto done;
  }
  for (size_t i = 0; i < spamcls_moderation_count(m); i++) {
    const spamcls_moderated *c = spamcls_moderation_get(m, i);
    printf("%zu\t%s\t%.6f\t%.*s\t%s\n", i + 1,
           spamcls_verdict_name(c->result.verdict), c->result.probability,
           (int)c->comment->author_len, c->comment->author,
           c->removed ? "removed" : "kept");
  }
  size_t clen;
  const char *clean = spamcls_moderation_clean(m, &clen);
  if (write_atomic(argv[2], clean, clen) != 0) {
    perror(argv[2]);
    goto done;
  }
  rc = 0;
done:
  spamcls_moderation_free(m);
  spamcls_scorer_free(scorer);
  spamcls_model_free(model);
  free(page);
  return rc;
}
