/*
 * check_eval.c - evaluation: every metric against hand-computed values
 * (ties in the AUCs, a single class, no comments), the curves, the
 * reliability bins, the SVG writer's escaping, the plot files, and
 * cross-validation through the public API (folds keep identical texts
 * together, one fold per source or group, bad fold requests).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"

#define S SPAMCLS_LABEL_SPAM
#define H SPAMCLS_LABEL_HAM
#define EPS 1e-12

/* The worked example: probabilities high to low, with a spam/ham tie at
 * 0.8. P = 3 spam, N = 3 ham. */
static const double ex_p[] = {0.9, 0.8, 0.8, 0.7, 0.3, 0.1};
static const spamcls_label ex_l[] = {S, H, S, S, H, H};

static spamcls_metrics compute(const double *p, const spamcls_label *l,
                               size_t n, double thr, double fpr)
{
  spamcls_metrics m;
  ck_assert_int_eq(spamcls_metrics_compute(p, l, n, thr, fpr, &m),
                   SPAMCLS_OK);
  return m;
}

START_TEST(confusion_figures)
{
  spamcls_metrics m = compute(ex_p, ex_l, 6, 0.5, 0.01);
  ck_assert_uint_eq(m.n, 6);
  ck_assert_uint_eq(m.n_spam, 3);
  ck_assert_uint_eq(m.n_ham, 3);
  /* p >= 0.5: 0.9 S, 0.8 H, 0.8 S, 0.7 S. */
  ck_assert_uint_eq(m.tp, 3);
  ck_assert_uint_eq(m.fp, 1);
  ck_assert_uint_eq(m.tn, 2);
  ck_assert_uint_eq(m.fn, 0);
  ck_assert_double_eq_tol(m.accuracy, 5.0 / 6, EPS);
  ck_assert_double_eq_tol(m.precision, 3.0 / 4, EPS);
  ck_assert_double_eq_tol(m.recall, 1.0, EPS);
  ck_assert_double_eq_tol(m.f1, 6.0 / 7, EPS);
  ck_assert_double_eq_tol(m.ham_fpr, 1.0 / 3, EPS);
  /* (3*2 - 1*0) / sqrt(4 * 3 * 3 * 2) */
  ck_assert_double_eq_tol(m.mcc, 6 / sqrt(72.0), EPS);
}
END_TEST

START_TEST(threshold_is_inclusive)
{
  /* At 0.8 both tied comments are flagged; just above, neither. */
  spamcls_metrics m = compute(ex_p, ex_l, 6, 0.8, 0.01);
  ck_assert_uint_eq(m.tp, 2);
  ck_assert_uint_eq(m.fp, 1);
  m = compute(ex_p, ex_l, 6, nextafter(0.8, 1), 0.01);
  ck_assert_uint_eq(m.tp, 1);
  ck_assert_uint_eq(m.fp, 0);
  ck_assert_double_eq_tol(m.precision, 1.0, EPS);
  ck_assert_double_eq_tol(m.recall, 1.0 / 3, EPS);
  ck_assert_double_eq_tol(m.mcc, 1 / sqrt(1.0 * 3 * 5 * 3) * 3, EPS);
}
END_TEST

START_TEST(auc_with_ties)
{
  /* Spam 0.9 beats 3 ham, spam 0.8 beats 2 and ties 1, spam 0.7 beats 2:
   * 7.5 of 9 pairs. Average precision: 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/4. */
  spamcls_metrics m = compute(ex_p, ex_l, 6, 0.5, 0.01);
  ck_assert_double_eq_tol(m.roc_auc, 7.5 / 9, EPS);
  ck_assert_double_eq_tol(m.pr_auc, 29.0 / 36, EPS);

  /* The same comments in another order give the same figures. */
  const double p2[] = {0.1, 0.8, 0.7, 0.8, 0.3, 0.9};
  const spamcls_label l2[] = {H, S, S, H, H, S};
  spamcls_metrics m2 = compute(p2, l2, 6, 0.5, 0.01);
  ck_assert_double_eq_tol(m2.roc_auc, m.roc_auc, EPS);
  ck_assert_double_eq_tol(m2.pr_auc, m.pr_auc, EPS);

  /* All tied: AUC 0.5, average precision the spam share. */
  const double p3[] = {0.4, 0.4, 0.4, 0.4};
  const spamcls_label l3[] = {S, H, H, H};
  m = compute(p3, l3, 4, 0.5, 0.01);
  ck_assert_double_eq_tol(m.roc_auc, 0.5, EPS);
  ck_assert_double_eq_tol(m.pr_auc, 0.25, EPS);

  /* Perfect ranking, and a reversed one. */
  const double p4[] = {0.9, 0.6, 0.4, 0.2};
  const spamcls_label l4[] = {S, S, H, H};
  const spamcls_label l5[] = {H, H, S, S};
  m = compute(p4, l4, 4, 0.5, 0.01);
  ck_assert_double_eq_tol(m.roc_auc, 1.0, EPS);
  ck_assert_double_eq_tol(m.pr_auc, 1.0, EPS);
  m = compute(p4, l5, 4, 0.5, 0.01);
  ck_assert_double_eq_tol(m.roc_auc, 0.0, EPS);
  /* spam found at ranks 3 and 4: 1/2 * 1/3 + 1/2 * 2/4 */
  ck_assert_double_eq_tol(m.pr_auc, 1.0 / 6 + 1.0 / 4, EPS);
}
END_TEST

START_TEST(threshold_for_fpr)
{
  /* Target 0: only the 0.9 group is free of ham. */
  spamcls_metrics m = compute(ex_p, ex_l, 6, 0.5, 0.0);
  ck_assert_double_eq(m.fpr_threshold, 0.9);
  ck_assert_double_eq_tol(m.fpr_recall, 1.0 / 3, EPS);
  ck_assert_double_eq_tol(m.fpr_reached, 0.0, EPS);
  /* 0.34 allows one ham of three: down to 0.7, every spam. */
  m = compute(ex_p, ex_l, 6, 0.5, 0.34);
  ck_assert_double_eq(m.fpr_threshold, 0.7);
  ck_assert_double_eq_tol(m.fpr_recall, 1.0, EPS);
  ck_assert_double_eq_tol(m.fpr_reached, 1.0 / 3, EPS);
  /* 0.3 allows no ham at all (1/3 > 0.3). */
  m = compute(ex_p, ex_l, 6, 0.5, 0.3);
  ck_assert_double_eq(m.fpr_threshold, 0.9);
  /* 1 allows everything. */
  m = compute(ex_p, ex_l, 6, 0.5, 1.0);
  ck_assert_double_eq(m.fpr_threshold, 0.1);
  ck_assert_double_eq_tol(m.fpr_reached, 1.0, EPS);
}
END_TEST

START_TEST(threshold_for_fpr_never_splits_ties)
{
  /* The top group has a spam and a ham tied: flagging the spam flags the
   * ham too, so at target 0 nothing can be flagged. */
  const double p[] = {0.8, 0.8, 0.2};
  const spamcls_label l[] = {S, H, H};
  spamcls_metrics m = compute(p, l, 3, 0.5, 0.0);
  ck_assert(m.fpr_threshold > 0.8);
  ck_assert_double_eq(m.fpr_threshold, nextafter(0.8, 1));
  ck_assert_double_eq_tol(m.fpr_recall, 0.0, EPS);
  ck_assert_double_eq_tol(m.fpr_reached, 0.0, EPS);
  /* Checking the chosen threshold on the data gives what was promised. */
  spamcls_metrics at = compute(p, l, 3, m.fpr_threshold, 0.0);
  ck_assert_uint_eq(at.fp, 0);
  /* At 0.5 of ham allowed the tie group goes in whole. */
  m = compute(p, l, 3, 0.5, 0.5);
  ck_assert_double_eq(m.fpr_threshold, 0.8);
  at = compute(p, l, 3, m.fpr_threshold, 0.0);
  ck_assert_uint_eq(at.fp, 1);
  ck_assert_uint_eq(at.tp, 1);
}
END_TEST

START_TEST(one_class_only)
{
  const double p[] = {0.9, 0.2, 0.6};
  const spamcls_label spam[] = {S, S, S};
  spamcls_metrics m = compute(p, spam, 3, 0.5, 0.01);
  ck_assert_uint_eq(m.tp, 2);
  ck_assert_uint_eq(m.fn, 1);
  ck_assert_double_eq_tol(m.accuracy, 2.0 / 3, EPS);
  ck_assert_double_eq_tol(m.precision, 1.0, EPS);
  ck_assert_double_eq_tol(m.recall, 2.0 / 3, EPS);
  ck_assert_double_eq_tol(m.f1, 4.0 / 5, EPS);
  ck_assert(isnan(m.ham_fpr));
  ck_assert(isnan(m.mcc));
  ck_assert(isnan(m.roc_auc));
  ck_assert_double_eq_tol(m.pr_auc, 1.0, EPS);
  ck_assert(isnan(m.fpr_threshold));

  const spamcls_label ham[] = {H, H, H};
  m = compute(p, ham, 3, 0.5, 0.01);
  ck_assert_uint_eq(m.fp, 2);
  ck_assert_uint_eq(m.tn, 1);
  ck_assert_double_eq_tol(m.accuracy, 1.0 / 3, EPS);
  ck_assert_double_eq_tol(m.ham_fpr, 2.0 / 3, EPS);
  ck_assert_double_eq_tol(m.precision, 0.0, EPS);
  ck_assert_double_eq_tol(m.f1, 0.0, EPS);
  ck_assert(isnan(m.recall));
  ck_assert(isnan(m.mcc));
  ck_assert(isnan(m.roc_auc));
  ck_assert(isnan(m.pr_auc));
  /* Nothing may be flagged at target 0: just above the top. */
  m = compute(p, ham, 3, 0.5, 0.0);
  ck_assert_double_eq(m.fpr_threshold, nextafter(0.9, 1));
  ck_assert_double_eq_tol(m.fpr_reached, 0.0, EPS);
  /* Nothing flagged at all: precision undefined, F1 undefined. */
  m = compute(p, ham, 3, 0.95, 0.0);
  ck_assert_double_eq_tol(m.ham_fpr, 0.0, EPS);
  ck_assert(isnan(m.precision));
  ck_assert(isnan(m.f1));
}
END_TEST

START_TEST(empty_input)
{
  spamcls_metrics m = compute(NULL, NULL, 0, 0.5, 0.01);
  ck_assert_uint_eq(m.n, 0);
  ck_assert_uint_eq(m.tp + m.fp + m.tn + m.fn, 0);
  ck_assert(isnan(m.accuracy));
  ck_assert(isnan(m.precision));
  ck_assert(isnan(m.recall));
  ck_assert(isnan(m.f1));
  ck_assert(isnan(m.mcc));
  ck_assert(isnan(m.ham_fpr));
  ck_assert(isnan(m.roc_auc));
  ck_assert(isnan(m.pr_auc));
  ck_assert(isnan(m.fpr_threshold));
}
END_TEST

START_TEST(bad_arguments)
{
  spamcls_metrics m;
  const double p[] = {0.5, NAN};
  const spamcls_label l[] = {S, H};
  const spamcls_label bad[] = {S, SPAMCLS_LABEL_NONE};
  const double ok[] = {0.5, 0.4};
  ck_assert_int_eq(spamcls_metrics_compute(p, l, 2, 0.5, 0.01, &m),
                   SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_metrics_compute(ok, bad, 2, 0.5, 0.01, &m),
                   SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_metrics_compute(ok, l, 2, 0.5, 1.5, &m),
                   SPAMCLS_ERR_PARAM);
  ck_assert_int_eq(spamcls_metrics_compute(ok, l, 2, 0.5, 0.01, NULL),
                   SPAMCLS_ERR_PARAM);
}
END_TEST

START_TEST(curves)
{
  sc_tie_group *g;
  size_t ng;
  ck_assert_int_eq(sc_tie_groups(ex_p, ex_l, 6, &g, &ng), 0);
  ck_assert_uint_eq(ng, 5);
  ck_assert_uint_eq(g[1].spam, 1);
  ck_assert_uint_eq(g[1].ham, 1);
  sc_point roc[6], pr[6];
  sc_roc_curve(g, ng, 3, 3, roc);
  const sc_point want_roc[] = {{0, 0}, {0, 1.0 / 3}, {1.0 / 3, 2.0 / 3},
                               {1.0 / 3, 1}, {2.0 / 3, 1}, {1, 1}};
  for (int i = 0; i < 6; i++) {
    ck_assert_double_eq_tol(roc[i].x, want_roc[i].x, EPS);
    ck_assert_double_eq_tol(roc[i].y, want_roc[i].y, EPS);
  }
  /* The trapezoids under the ROC points are the AUC. */
  double area = 0;
  for (int i = 1; i < 6; i++)
    area += (roc[i].x - roc[i - 1].x) * (roc[i].y + roc[i - 1].y) / 2;
  ck_assert_double_eq_tol(area, 7.5 / 9, EPS);
  sc_pr_curve(g, ng, 3, pr);
  const sc_point want_pr[] = {{0, 1}, {1.0 / 3, 1}, {2.0 / 3, 2.0 / 3},
                              {1, 3.0 / 4}, {1, 3.0 / 5}, {1, 3.0 / 6}};
  for (int i = 0; i < 6; i++) {
    ck_assert_double_eq_tol(pr[i].x, want_pr[i].x, EPS);
    ck_assert_double_eq_tol(pr[i].y, want_pr[i].y, EPS);
  }
  free(g);
}
END_TEST

START_TEST(calibration_bins)
{
  const double p[] = {0.05, 0.15, 0.95, 1.0, 0.91, 0.0};
  const spamcls_label l[] = {H, S, S, S, H, H};
  sc_calib_bin b[10];
  sc_calibration(p, l, 6, b, 10);
  ck_assert_uint_eq(b[0].n, 2);
  ck_assert_double_eq_tol(b[0].mean_prob, 0.025, EPS);
  ck_assert_double_eq_tol(b[0].spam_share, 0.0, EPS);
  ck_assert_uint_eq(b[1].n, 1);
  ck_assert_double_eq_tol(b[1].spam_share, 1.0, EPS);
  ck_assert_uint_eq(b[5].n, 0);
  ck_assert_uint_eq(b[9].n, 3);  /* 1.0 falls in the last bin */
  ck_assert_double_eq_tol(b[9].mean_prob, (0.95 + 1.0 + 0.91) / 3, EPS);
  ck_assert_double_eq_tol(b[9].spam_share, 2.0 / 3, EPS);
}
END_TEST

START_TEST(svg_text_escaped)
{
  sc_svg s;
  memset(&s, 0, sizeof s);
  sc_svg_text(&s, "a<b>&\"c\" \xff\x01 \xc3\xa9");
  ck_assert_int_eq(s.failed, 0);
  ck_assert_str_eq(s.b.data, "a&lt;b&gt;&amp;&quot;c&quot; \xEF\xBF\xBD"
                             "\xEF\xBF\xBD \xc3\xa9");
  sc_svg_free(&s);
}
END_TEST

static char *slurp(const char *path)
{
  FILE *fp = fopen(path, "rb");
  ck_assert_ptr_nonnull(fp);
  static char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  fclose(fp);
  buf[n] = '\0';
  return buf;
}

START_TEST(plots_written)
{
  char dir[] = "/tmp/check_eval.XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  spamcls_error err = {{0}};
  ck_assert_int_eq(spamcls_plots_write(dir, ex_p, ex_l, 6, "a <test>", &err),
                   SPAMCLS_OK);
  const char *names[] = {"roc.svg", "pr.svg", "calibration.svg"};
  const char *curve[] = {"id=\"roc-curve\"", "id=\"pr-curve\"",
                         "id=\"reliability\""};
  char path[128];
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    const char *s = slurp(path);
    ck_assert(strncmp(s, "<?xml", 5) == 0);
    ck_assert_ptr_nonnull(strstr(s, curve[i]));
    ck_assert_ptr_nonnull(strstr(s, "a &lt;test&gt;"));
    size_t n = strlen(s);
    ck_assert(n > 7 && strcmp(s + n - 7, "</svg>\n") == 0);
    unlink(path);
  }
  /* All ham: no ROC or PR curve, a note instead. */
  const spamcls_label ham[] = {H, H, H};
  ck_assert_int_eq(spamcls_plots_write(dir, ex_p, ham, 3, NULL, &err),
                   SPAMCLS_OK);
  snprintf(path, sizeof path, "%s/roc.svg", dir);
  ck_assert_ptr_null(strstr(slurp(path), "roc-curve"));
  ck_assert_ptr_nonnull(strstr(slurp(path), "one class"));
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  rmdir(dir);
  /* A missing folder is an I/O error naming it. */
  ck_assert_int_eq(spamcls_plots_write("/nonexistent/plots", ex_p, ex_l, 6,
                                       NULL, &err), SPAMCLS_ERR_IO);
  ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/plots"));
}
END_TEST

/* ------------------------------------------------------ cross-validation */

static spamcls_comment comment(const char *text, const char *author,
                               spamcls_label label, const char *source,
                               const char *group)
{
  spamcls_comment c = {0};
  c.text = text;
  c.text_len = strlen(text);
  c.author = author;
  c.author_len = author ? strlen(author) : 0;
  c.label = label;
  c.source = source;
  c.group = group;
  c.group_len = group ? strlen(group) : 0;
  return c;
}

static const char *const spam_words[] = {"casino", "bonus", "togel", "slot",
                                         "gacor", "jackpot", "deposit",
                                         "maxwin"};
static const char *const ham_words[] = {"council", "budget", "hospital",
                                        "election", "bridge", "school",
                                        "teacher", "rent"};

/* 20 spam and 20 ham texts (in sources a.csv and b.csv, groups g0..g3),
 * plus every spam text reposted by a second author (in group "late"). */
static spamcls_cv *make_cv(int with_groups)
{
  spamcls_pipeline p;
  spamcls_pipeline_default(&p);
  p.hash_bits = 14;
  spamcls_cv *cv = spamcls_cv_new(&p);
  ck_assert_ptr_nonnull(cv);
  char text[160], group[8];
  for (int i = 0; i < 40; i++) {
    int spam = i % 2;
    const char *const *w = spam ? spam_words : ham_words;
    snprintf(text, sizeof text, "%s %s %s number %d %s",
             w[i % 8], w[(i / 2) % 8], w[(i / 3) % 8], i, w[(i + 5) % 8]);
    snprintf(group, sizeof group, "g%d", i % 4);
    spamcls_comment c = comment(text, "first", spam ? S : H,
                                i < 20 ? "a.csv" : "b.csv",
                                with_groups ? group : NULL);
    int added;
    ck_assert_int_eq(spamcls_cv_add(cv, &c, &added), SPAMCLS_OK);
    ck_assert_int_eq(added, 1);
    if (spam) {
      c.author = "second";
      c.author_len = 6;
      if (with_groups) {  /* a repost in a later group */
        c.group = "late";
        c.group_len = 4;
      }
      ck_assert_int_eq(spamcls_cv_add(cv, &c, &added), SPAMCLS_OK);
      ck_assert_int_eq(added, 1);  /* another author: another comment */
      ck_assert_int_eq(spamcls_cv_add(cv, &c, &added), SPAMCLS_OK);
      ck_assert_int_eq(added, 0);  /* the same again: a duplicate */
    }
  }
  return cv;
}

START_TEST(cv_stratified_keeps_texts_together)
{
  spamcls_cv *cv = make_cv(0);
  size_t n_spam, n = spamcls_cv_size(cv, &n_spam);
  ck_assert_uint_eq(n, 60);
  ck_assert_uint_eq(n_spam, 40);
  size_t dups, conflicts, empty;
  spamcls_cv_dropped(cv, &dups, &conflicts, &empty);
  ck_assert_uint_eq(dups, 20);
  spamcls_train_params tp;
  spamcls_train_params_default(&tp);
  tp.folds = 3;
  spamcls_cv_params cp = {4, 7, SPAMCLS_CV_STRATIFIED, 0};
  unsigned k = 0;
  spamcls_error err = {{0}};
  ck_assert_msg(spamcls_cv_run(cv, &tp, &cp, &k, &err) == SPAMCLS_OK, "%s",
                err.msg);
  ck_assert_uint_eq(k, 4);
  unsigned per_fold[4] = {0};
  double *prob = malloc(n * sizeof *prob);
  spamcls_label *lab = malloc(n * sizeof *lab);
  for (size_t i = 0; i < n; i++) {
    spamcls_cv_row r;
    spamcls_cv_get(cv, i, &r);
    ck_assert_uint_lt(r.fold, 4);
    ck_assert(r.probability >= 0 && r.probability <= 1);
    per_fold[r.fold]++;
    prob[i] = r.probability;
    lab[i] = r.label;
    /* Rows were added as ham, spam, spam repost, ham, ...: the repost is
     * the row after each spam and must share its fold. */
    if (r.label == S && i + 1 < n) {
      spamcls_cv_row next;
      spamcls_cv_get(cv, i + 1, &next);
      if (next.label == S)
        ck_assert_uint_eq(next.fold, r.fold);
    }
  }
  for (int f = 0; f < 4; f++)
    ck_assert_uint_gt(per_fold[f], 10);
  /* Separable words: the held-out ranking must be nearly perfect. */
  spamcls_metrics m = compute(prob, lab, n, 0.5, 0.01);
  ck_assert_msg(m.roc_auc > 0.9, "AUC %f", m.roc_auc);
  /* One thread or three: the same folds, the same probabilities. */
  for (unsigned threads = 1; threads <= 3; threads += 2) {
    cp.threads = threads;
    ck_assert_msg(spamcls_cv_run(cv, &tp, &cp, &k, &err) == SPAMCLS_OK, "%s",
                  err.msg);
    for (size_t i = 0; i < n; i++) {
      spamcls_cv_row r;
      spamcls_cv_get(cv, i, &r);
      ck_assert_double_eq(r.probability, prob[i]);
    }
  }
  free(prob);
  free(lab);
  spamcls_cv_free(cv);
}
END_TEST

START_TEST(cv_by_source_and_group)
{
  spamcls_cv *cv = make_cv(1);
  spamcls_train_params tp;
  spamcls_train_params_default(&tp);
  tp.folds = 3;
  spamcls_error err = {{0}};
  unsigned k = 0;
  spamcls_cv_params cp = {0, 1, SPAMCLS_CV_BY_SOURCE, 0};
  ck_assert_msg(spamcls_cv_run(cv, &tp, &cp, &k, &err) == SPAMCLS_OK, "%s",
                err.msg);
  ck_assert_uint_eq(k, 2);
  size_t n = spamcls_cv_size(cv, NULL);
  for (size_t i = 0; i < n; i++) {
    spamcls_cv_row r;
    spamcls_cv_get(cv, i, &r);
    ck_assert_uint_eq(r.fold, strcmp(r.source, "a.csv") == 0 ? 0 : 1);
  }
  cp.grouping = SPAMCLS_CV_BY_GROUP;
  ck_assert_msg(spamcls_cv_run(cv, &tp, &cp, &k, &err) == SPAMCLS_OK, "%s",
                err.msg);
  ck_assert_uint_eq(k, 5);  /* g0..g3 and "late" */
  /* Each repost (the row after a spam) has group "late" but the fold of
   * the group its text was first seen in; "late" itself holds no fold. */
  int fold_of[4] = {-1, -1, -1, -1};
  for (size_t i = 0; i < n; i++) {
    spamcls_cv_row r;
    spamcls_cv_get(cv, i, &r);
    ck_assert_ptr_nonnull(r.group);
    if (r.group_len == 4) {
      ck_assert(memcmp(r.group, "late", 4) == 0);
      spamcls_cv_row orig;
      spamcls_cv_get(cv, i - 1, &orig);
      ck_assert_uint_eq(r.fold, orig.fold);
      continue;
    }
    ck_assert(r.group_len == 2 && r.group[0] == 'g');
    int g = r.group[1] - '0';
    if (fold_of[g] < 0)
      fold_of[g] = (int)r.fold;
    ck_assert_int_eq((int)r.fold, fold_of[g]);
  }
  for (int a = 0; a < 4; a++)
    for (int b = a + 1; b < 4; b++)
      ck_assert_int_ne(fold_of[a], fold_of[b]);
  spamcls_cv_free(cv);
}
END_TEST

START_TEST(cv_bad_requests)
{
  spamcls_cv *cv = make_cv(0);
  spamcls_train_params tp;
  spamcls_train_params_default(&tp);
  spamcls_error err = {{0}};
  /* 30 distinct texts of 20 spam and 20 ham: 25 folds are too many. */
  spamcls_cv_params cp = {25, 1, SPAMCLS_CV_STRATIFIED, 0};
  ck_assert_int_eq(spamcls_cv_run(cv, &tp, &cp, NULL, &err),
                   SPAMCLS_ERR_PARAM);
  ck_assert_ptr_nonnull(strstr(err.msg, "distinct texts"));
  /* No groups were given. */
  cp.grouping = SPAMCLS_CV_BY_GROUP;
  ck_assert_int_eq(spamcls_cv_run(cv, &tp, &cp, NULL, &err),
                   SPAMCLS_ERR_PARAM);
  ck_assert_ptr_nonnull(strstr(err.msg, "no group"));
  /* Unlabeled comments are refused. */
  spamcls_comment c = comment("hello", NULL, SPAMCLS_LABEL_NONE, NULL, NULL);
  ck_assert_int_eq(spamcls_cv_add(cv, &c, NULL), SPAMCLS_ERR_PARAM);
  spamcls_cv_free(cv);
}
END_TEST

static Suite *eval_suite(void)
{
  Suite *s = suite_create("eval");
  TCase *tc = tcase_create("metrics");
  tcase_add_test(tc, confusion_figures);
  tcase_add_test(tc, threshold_is_inclusive);
  tcase_add_test(tc, auc_with_ties);
  tcase_add_test(tc, threshold_for_fpr);
  tcase_add_test(tc, threshold_for_fpr_never_splits_ties);
  tcase_add_test(tc, one_class_only);
  tcase_add_test(tc, empty_input);
  tcase_add_test(tc, bad_arguments);
  suite_add_tcase(s, tc);
  tc = tcase_create("curves");
  tcase_add_test(tc, curves);
  tcase_add_test(tc, calibration_bins);
  tcase_add_test(tc, svg_text_escaped);
  tcase_add_test(tc, plots_written);
  suite_add_tcase(s, tc);
  tc = tcase_create("crossval");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, cv_stratified_keeps_texts_together);
  tcase_add_test(tc, cv_by_source_and_group);
  tcase_add_test(tc, cv_bad_requests);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(eval_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
