/*
 * balance.c - per-source class balance (spamcls_train_params.
 * balance_sources) by repeating rows.
 *
 * Neither libsvm nor liblinear takes per-comment weights, but repeating a
 * comment k times is the same as weighting its loss by k in the primal
 * problem both solve. Repeats are placed next to their row, so the fitters
 * can share one copy of the vector (sc_ll_nodes_new, make_nodes in
 * fit_libsvm.c).
 */
#include <math.h>
#include <stdlib.h>

#include "classifier.h"

#define MAX_REPEAT 10

spamcls_status sc_balance_rows(const spamcls_dataset *d, const size_t *rows,
                               size_t n, size_t **out, size_t *n_out,
                               spamcls_error *err)
{
  size_t ns = sc_dataset_n_sources(d);
  size_t *count = calloc(2 * (ns ? ns : 1), sizeof *count);
  if (!count)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  for (size_t i = 0; i < n; i++) {
    size_t s = sc_dataset_source(d, rows[i]);
    count[2 * s + (sc_dataset_label(d, rows[i]) == SPAMCLS_LABEL_SPAM)]++;
  }
  /* repeat[2s + spam]: how often each row of that source and class goes in */
  unsigned *repeat = malloc(2 * (ns ? ns : 1) * sizeof *repeat);
  size_t total = 0;
  if (repeat) {
    for (size_t s = 0; s < ns; s++) {
      size_t ham = count[2 * s], spam = count[2 * s + 1];
      repeat[2 * s] = repeat[2 * s + 1] = 1;
      if (ham && spam) {
        size_t lo = ham < spam ? ham : spam, hi = ham < spam ? spam : ham;
        double r = floor((double)hi / (double)lo + 0.5);
        repeat[2 * s + (spam < ham)] = r > MAX_REPEAT ? MAX_REPEAT : (unsigned)r;
      }
      total += ham * repeat[2 * s] + spam * repeat[2 * s + 1];
    }
  }
  size_t *r = repeat ? malloc((total ? total : 1) * sizeof *r) : NULL;
  if (!r) {
    free(count);
    free(repeat);
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s:%d: out of memory",
                    __FILE__, __LINE__);
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    size_t s = sc_dataset_source(d, rows[i]);
    unsigned times =
        repeat[2 * s + (sc_dataset_label(d, rows[i]) == SPAMCLS_LABEL_SPAM)];
    for (unsigned t = 0; t < times; t++)
      r[k++] = rows[i];
  }
  free(count);
  free(repeat);
  *out = r;
  *n_out = k;
  return SPAMCLS_OK;
}
