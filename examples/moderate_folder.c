/*
 * moderate_folder.c - moderates folders of saved pages, web archives and
 * site exports into an output folder through the public header
 * (spamcls_moderate_run), with the installed default model: the report,
 * the summary, the review page and the cleaned copies, as
 * "spamcls moderate -o OUTDIR" writes them. Run it again on the same
 * inputs and it resumes, or finds everything done.
 *
 *   cc moderate_folder.c -o moderate_folder $(pkg-config --cflags --libs spamcls)
 *   ./moderate_folder OUTDIR PATH...
 *
 * Messages go to standard error, the totals to standard output:
 *   pages N (M moderated), comments C: S spam (R removed), H ham, U unsure
 * Exits 0 when every input was moderated, 1 when some were skipped (the
 * rest done), 2 on any other failure.
 */
#include <spamcls.h>
#include <stdio.h>

static void on_message(void *ctx, spamcls_run_level level, const char *msg)
{
  (void)ctx;
  const char *kind = level == SPAMCLS_RUN_ERROR     ? "error"
                     : level == SPAMCLS_RUN_WARNING ? "warning"
                                                    : "note";
  fprintf(stderr, "moderate_folder: %s: %s\n", kind, msg);
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fputs("usage: moderate_folder OUTDIR PATH...\n", stderr);
    return 2;
  }
  spamcls_model *model = NULL;
  spamcls_error err = {{0}};
  if (spamcls_model_load_default(&model, &err) != SPAMCLS_OK) {
    fprintf(stderr, "moderate_folder: %s\n", err.msg);
    return 2;
  }
  spamcls_run_options o;
  spamcls_run_options_init(&o);
  o.model_name = spamcls_model_default_path();
  o.message = on_message;
  spamcls_run_totals t;
  spamcls_run_outcome r = spamcls_moderate_run(
      model, argv[1], (const char *const *)(argv + 2), (size_t)(argc - 2), &o,
      &t);
  spamcls_model_free(model);
  if (r != SPAMCLS_RUN_OK && r != SPAMCLS_RUN_INPUT_SKIPPED)
    return 2;
  printf("pages %lu (%lu moderated), comments %lu: %lu spam (%lu removed), "
         "%lu ham, %lu unsure\n", t.pages, t.pages_moderated, t.comments,
         t.spam, t.removed, t.ham, t.unsure);
  return r == SPAMCLS_RUN_OK ? 0 : 1;
}
