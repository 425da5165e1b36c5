/*
 * score_comment.c - scores one comment with the default model, as a
 * program that embeds libspamcls does:
 *
 *   cc score_comment.c -o score_comment $(pkg-config --cflags --libs spamcls)
 *   ./score_comment "Nice post! Visit togel online hari ini" [AUTHOR]
 *
 * Prints "VERDICT PROBABILITY"; exits 0 for ham, 1 for spam, 2 for unsure
 * or empty, 3 on an error. The model is $SPAMCLS_MODEL or the one
 * installed with the library.
 */
#include <spamcls.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s TEXT [AUTHOR]\n", argv[0]);
    return 3;
  }
  spamcls_error err = {{0}};
  spamcls_model *model = NULL;
  spamcls_status st = spamcls_model_load_default(&model, &err);
  if (st != SPAMCLS_OK) {
    fprintf(stderr, "%s: %s\n", argv[0],
            err.msg[0] ? err.msg : spamcls_strerror(st));
    return 3;
  }
  spamcls_scorer *scorer = spamcls_scorer_new(model);
  if (!scorer) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    spamcls_model_free(model);
    return 3;
  }
  spamcls_comment c = {0};
  c.text = argv[1];
  c.text_len = strlen(argv[1]);
  if (argc == 3) {
    c.author = argv[2];
    c.author_len = strlen(argv[2]);
  }
  c.label = SPAMCLS_LABEL_NONE;
  spamcls_result r;
  st = spamcls_score(scorer, &c, &r);
  spamcls_scorer_free(scorer);
  spamcls_model_free(model);
  if (st != SPAMCLS_OK) {
    fprintf(stderr, "%s: %s\n", argv[0], spamcls_strerror(st));
    return 3;
  }
  printf("%s %.6f\n", spamcls_verdict_name(r.verdict), r.probability);
  return r.verdict == SPAMCLS_HAM ? 0 : r.verdict == SPAMCLS_SPAM ? 1 : 2;
}
