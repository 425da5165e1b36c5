/*
 * plots.c - spamcls_plots_write: the ROC curve, the precision-recall curve
 * and the reliability diagram of a set of scored, labeled comments, as
 * three SVG files written atomically (a temporary file renamed over the
 * target, so a failed run never leaves half a plot).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define BINS 10
#define CURVE "#1f5fbf"
#define GUIDE "#888888"

static spamcls_status save(sc_svg *s, const char *dir, const char *name,
                           spamcls_error *err)
{
  sc_svg_end(s);
  if (s->failed)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s/%s: out of memory", dir, name);
  size_t n = strlen(dir) + strlen(name) + 2;
  char *path = malloc(n);
  if (!path)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "%s/%s: out of memory", dir, name);
  snprintf(path, n, "%s/%s", dir, name);
  sc_atomic a;
  spamcls_status st = sc_atomic_open(&a, path, err);
  if (st == SPAMCLS_OK) {
    if (fwrite(s->b.data, 1, s->b.len, a.fp) != s->b.len) {
      sc_atomic_abort(&a);
      st = sc_error(err, SPAMCLS_ERR_IO, "%s: cannot write", path);
    } else {
      st = sc_atomic_commit(&a, err);
    }
  }
  free(path);
  return st;
}

static void heading(char *out, size_t size, const char *what,
                    const char *title)
{
  if (title && *title)
    snprintf(out, size, "%s: %s", what, title);
  else
    snprintf(out, size, "%s", what);
}

static spamcls_status roc_plot(const char *dir, const sc_tie_group *g,
                               size_t ng, size_t n_spam, size_t n_ham,
                               double auc, const char *title,
                               spamcls_error *err)
{
  char head[400], label[64];
  heading(head, sizeof head, "ROC curve", title);
  sc_svg s;
  sc_svg_begin(&s, head, "ham false-positive rate", "spam recall");
  sc_point diag[2] = {{0, 0}, {1, 1}};
  sc_svg_polyline(&s, "chance", GUIDE, "4 3", diag, 2);
  sc_svg_legend(&s, 0, GUIDE, "4 3", "chance");
  if (n_spam && n_ham) {
    sc_point *p = malloc((ng + 1) * sizeof *p);
    if (!p) {
      sc_svg_free(&s);
      return sc_error(err, SPAMCLS_ERR_NOMEM, "roc.svg: out of memory");
    }
    sc_roc_curve(g, ng, n_spam, n_ham, p);
    sc_svg_polyline(&s, "roc-curve", CURVE, NULL, p, ng + 1);
    free(p);
    snprintf(label, sizeof label, "ROC (AUC %.4f)", auc);
    sc_svg_legend(&s, 1, CURVE, NULL, label);
  } else {
    sc_svg_note(&s, "no curve: the comments are all of one class");
  }
  spamcls_status st = save(&s, dir, "roc.svg", err);
  sc_svg_free(&s);
  return st;
}

static spamcls_status pr_plot(const char *dir, const sc_tie_group *g,
                              size_t ng, size_t n_spam, size_t n_ham,
                              double ap, const char *title, spamcls_error *err)
{
  char head[400], label[64];
  heading(head, sizeof head, "Precision-recall curve", title);
  sc_svg s;
  sc_svg_begin(&s, head, "spam recall", "precision");
  if (n_spam) {
    /* A classifier that flags at random has the spam share as precision. */
    double share = (double)n_spam / (double)(n_spam + n_ham);
    sc_point base[2] = {{0, share}, {1, share}};
    sc_svg_polyline(&s, "baseline", GUIDE, "4 3", base, 2);
    sc_svg_legend(&s, 0, GUIDE, "4 3", "random (spam share)");
    sc_point *p = malloc((ng + 1) * sizeof *p);
    if (!p) {
      sc_svg_free(&s);
      return sc_error(err, SPAMCLS_ERR_NOMEM, "pr.svg: out of memory");
    }
    sc_pr_curve(g, ng, n_spam, p);
    sc_svg_polyline(&s, "pr-curve", CURVE, NULL, p, ng + 1);
    free(p);
    snprintf(label, sizeof label, "PR (AP %.4f)", ap);
    sc_svg_legend(&s, 1, CURVE, NULL, label);
  } else {
    sc_svg_note(&s, "no curve: there is no spam");
  }
  spamcls_status st = save(&s, dir, "pr.svg", err);
  sc_svg_free(&s);
  return st;
}

static spamcls_status calibration_plot(const char *dir, const double *prob,
                                       const spamcls_label *label, size_t n,
                                       const char *title, spamcls_error *err)
{
  char head[400];
  heading(head, sizeof head, "Reliability diagram", title);
  sc_svg s;
  sc_svg_begin(&s, head, "mean predicted probability of spam",
               "observed share of spam");
  sc_point diag[2] = {{0, 0}, {1, 1}};
  sc_svg_polyline(&s, "perfect", GUIDE, "4 3", diag, 2);
  sc_svg_legend(&s, 0, GUIDE, "4 3", "perfectly calibrated");
  sc_calib_bin bins[BINS];
  sc_calibration(prob, label, n, bins, BINS);
  sc_point p[BINS];
  size_t np = 0;
  for (size_t b = 0; b < BINS; b++)
    if (bins[b].n)
      p[np++] = (sc_point){bins[b].mean_prob, bins[b].spam_share};
  if (np) {
    sc_svg_polyline(&s, "reliability", CURVE, NULL, p, np);
    for (size_t i = 0; i < np; i++)
      sc_svg_dot(&s, "bin", CURVE, p[i], 3.5);
    sc_svg_legend(&s, 1, CURVE, NULL, "spamcls (10 bins)");
  } else {
    sc_svg_note(&s, "no comments");
  }
  spamcls_status st = save(&s, dir, "calibration.svg", err);
  sc_svg_free(&s);
  return st;
}

spamcls_status spamcls_plots_write(const char *dir, const double *prob,
                                   const spamcls_label *label, size_t n,
                                   const char *title, spamcls_error *err)
{
  if (!dir || (n && (!prob || !label)))
    return sc_error(err, SPAMCLS_ERR_PARAM, "plots: missing argument");
  spamcls_metrics m;
  spamcls_status st = spamcls_metrics_compute(prob, label, n, 0.5, 0, &m);
  if (st != SPAMCLS_OK)
    return sc_error(err, st, "plots: %s", spamcls_strerror(st));
  sc_tie_group *g;
  size_t ng;
  if (sc_tie_groups(prob, label, n, &g, &ng) < 0)
    return sc_error(err, SPAMCLS_ERR_NOMEM, "plots: out of memory");
  st = roc_plot(dir, g, ng, m.n_spam, m.n_ham, m.roc_auc, title, err);
  if (st == SPAMCLS_OK)
    st = pr_plot(dir, g, ng, m.n_spam, m.n_ham, m.pr_auc, title, err);
  free(g);
  if (st == SPAMCLS_OK)
    st = calibration_plot(dir, prob, label, n, title, err);
  return st;
}
