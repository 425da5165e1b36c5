/*
 * eval.h - evaluation internals: probabilities ranked high to low in tie
 * groups, the curves drawn from them, and a small SVG writer.
 */
#ifndef SC_EVAL_H
#define SC_EVAL_H

#include <stddef.h>

#include "spamcls.h"
#include "util.h"

/* ---------------------------------------------------------------- ranking */

/* One run of equal probabilities, in descending order of probability,
 * with the cumulative counts of spam and ham down to its end. */
typedef struct sc_tie_group {
  double prob;
  size_t spam, ham;          /* in this group */
  size_t cum_spam, cum_ham;  /* in this group and every higher one */
} sc_tie_group;

/* Groups prob[0..n) (labels HAM or SPAM) into *out (malloc'd; free it):
 * *n_groups runs, highest probability first. -1 when out of memory. */
int sc_tie_groups(const double *prob, const spamcls_label *label, size_t n,
                  sc_tie_group **out, size_t *n_groups);

/* ---------------------------------------------------------------- curves */

typedef struct sc_point {
  double x, y;
} sc_point;

/* ROC: (ham FPR, spam recall) at each distinct threshold, from (0, 0) to
 * (1, 1): n_groups + 1 points. Needs spam and ham. */
void sc_roc_curve(const sc_tie_group *g, size_t n_groups, size_t n_spam,
                  size_t n_ham, sc_point *out);

/* Precision-recall: (recall, precision) at each distinct threshold, as a
 * step function starting at (0, precision of the top group): n_groups + 1
 * points. Needs spam. */
void sc_pr_curve(const sc_tie_group *g, size_t n_groups, size_t n_spam,
                 sc_point *out);

/* Reliability diagram: nbins equal-width probability bins ([0, 0.1), ...
 * [0.9, 1]); for each, the comments in it, their mean probability and
 * their share of spam (both 0 for an empty bin). */
typedef struct sc_calib_bin {
  size_t n;
  double mean_prob, spam_share;
} sc_calib_bin;
void sc_calibration(const double *prob, const spamcls_label *label, size_t n,
                    sc_calib_bin *bins, size_t nbins);

/* ---------------------------------------------------------------- SVG */

/* A plot: a square frame with both axes from 0 to 1, ticks every 0.1. */
typedef struct sc_svg {
  sc_buf b;
  int failed;  /* out of memory on some append */
} sc_svg;

void sc_svg_begin(sc_svg *s, const char *title, const char *xlabel,
                  const char *ylabel);
/* A line through points (data coordinates, clipped to 0..1), with an id,
 * a stroke colour, and optional dashes ("4 3" or NULL). */
void sc_svg_polyline(sc_svg *s, const char *id, const char *color,
                     const char *dash, const sc_point *p, size_t n);
/* A dot at a data point, radius in pixels. */
void sc_svg_dot(sc_svg *s, const char *cls, const char *color, sc_point p,
                double radius);
/* A legend line at row (0, 1, ...) in the lower right corner. */
void sc_svg_legend(sc_svg *s, int row, const char *color, const char *dash,
                   const char *text);
/* A note in the middle of the frame (e.g. why there is no curve). */
void sc_svg_note(sc_svg *s, const char *text);
void sc_svg_end(sc_svg *s);
void sc_svg_free(sc_svg *s);

/* Appends text with &, <, >, " escaped and invalid UTF-8 replaced. */
void sc_svg_text(sc_svg *s, const char *text);

#endif /* SC_EVAL_H */
