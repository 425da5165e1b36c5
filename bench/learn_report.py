"""The report of bench/learn.py: tables per unit and k, the means across
sources, and an SVG plot of F1 against k, written into one Markdown file
(the plot beside it, as learn.svg / learn.quick.svg).

Usage (to rewrite a report from a kept run): learn_report.py ROWS.json OUT.md
"""
import json
import os
import statistics
import sys

TOOLS = ("spamcls", "bogofilter")


def mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.mean(xs) if xs else None


def pct(x):
    return "-" if x is None else "%.1f%%" % (100 * x)


def num(x):
    return "-" if x is None else "%.3f" % x


def aggregate(rows):
    """(unit, k, tool) -> means over seeds."""
    acc = {}
    for r in rows:
        acc.setdefault((r["unit"], r["k"], r["tool"]), []).append(r)
    out = {}
    for key, rs in acc.items():
        out[key] = {
            "source": rs[0]["source"],
            "f1": mean([r["rest"]["f1"] for r in rs]),
            "recall": mean([r["rest"]["recall"] for r in rs]),
            "ham": mean([r["rest"]["ham_flagged"] for r in rs]),
            "f1_new": mean([r["rest_new"]["f1"] for r in rs]),
            "recall_new": mean([r["rest_new"]["recall"] for r in rs]),
            "ham_new": mean([r["rest_new"]["ham_flagged"] for r in rs]),
            "drift": mean([r["drift"] for r in rs]),
            "drift_before": rs[0]["drift_before"],
            "n": rs[0]["rest"]["n"] + rs[0]["k"],
        }
    return out


def svg(agg, units, ks, path):
    """Mean F1 on the unlearned rest against k, per tool (solid: across the
    whole sources, dashed: across every unit)."""
    W, H, L, B, T, R = 560, 340, 60, 50, 30, 150
    xs = {k: L + i * (W - L - R) / max(1, len(ks) - 1)
          for i, k in enumerate(ks)}
    y = lambda v: T + (1 - v) * (H - T - B)  # noqa: E731
    colour = {"spamcls": "#c0392b", "bogofilter": "#2c3e50"}
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="18" font-size="14">F1 on the rest of a new '
           'source, after learning k of its comments</text>' % L]
    for v in (0, 0.25, 0.5, 0.75, 0.9, 1):
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s"/>'
                   % (L, W - R, y(v), y(v), "#e67e22" if v == 0.9 else "#ddd"))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%.2f</text>'
                   % (L - 6, y(v) + 4, v))
    for k in ks:
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>'
                   % (xs[k], H - B + 18, k))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">k, comments '
               'learned (0: the base model)</text>'
               % ((L + W - R) / 2, H - 10))
    ly = T + 10
    for tool in TOOLS:
        for dash, sel, what in (("", "whole", "sources"),
                                ("6,4", "all", "all units")):
            pts = []
            for k in ks:
                us = [u for u in units if sel == "all" or "/" not in u]
                v = mean([agg[(u, k, tool)]["f1_new"] for u in us
                          if (u, k, tool) in agg])
                if v is not None:
                    pts.append("%.1f,%.1f" % (xs[k], y(v)))
            if not pts:
                continue
            out.append('<polyline fill="none" stroke="%s" stroke-width="2" '
                       'stroke-dasharray="%s" points="%s"/>'
                       % (colour[tool], dash or "none", " ".join(pts)))
            out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" '
                       'stroke-width="2" stroke-dasharray="%s"/>'
                       % (W - R + 10, W - R + 35, ly, ly, colour[tool],
                          dash or "none"))
            out.append('<text x="%d" y="%d">%s, %s</text>'
                       % (W - R + 40, ly + 4, tool, what))
            ly += 18
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def write(path, rows, timings, seeds, quick, seconds, ceilings=None):
    agg = aggregate(rows)
    units = sorted({r["unit"] for r in rows},
                   key=lambda u: ([r["unit"] for r in rows].index(u)))
    ks = sorted({r["k"] for r in rows})
    svg_name = os.path.basename(path).replace(".md", ".svg")
    svg(agg, units, ks, os.path.join(os.path.dirname(path), svg_name))
    L = []
    p = L.append
    p("# Learning a new site: spamcls learn beside bogofilter")
    p("")
    p("Written by `nice -n 10 bench/learn.py%s` in %.0f s (%d seed%s per k)."
      % (" --quick" if quick else "", seconds, seeds, "s" if seeds > 1 else ""))
    p("Protocol: bench/learn.py's docstring. Each base model is trained "
      "without the source; k of the source's comments are learned; the "
      "figures are on the rest. \"new\": the rest whose normalized text is "
      "not among the k learned (memorizing does not help there). Drift: "
      "ham flagged on the SFU news comments and a quarter of the civil "
      "comments, which no model trained on.")
    p("")
    p("![F1 against k](%s)" % svg_name)
    p("")
    p("## Means across the whole sources")
    p("")
    p("Each k is averaged over the sources with at least 2k comments, so "
      "the k = 1000 row has only the large ones. \"worst drift\": the "
      "highest ham flagged on the drift comments after learning any one "
      "unit (a source, or one of its videos or blogs) at that k: the mean "
      "can hide a unit whose learning moves ordinary ham.")
    p("")
    p("| k | tool | F1 | F1 new | recall new | ham flagged new | drift before → after | worst drift (unit) | sources with F1 new >= 0.90 |")
    p("|---|---|---|---|---|---|---|---|---|")
    whole = [u for u in units if "/" not in u]
    for k in ks:
        for tool in TOOLS:
            a = [agg[(u, k, tool)] for u in whole if (u, k, tool) in agg]
            if not a:
                continue
            good = sum(1 for x in a if x["f1_new"] is not None
                       and x["f1_new"] >= 0.9)
            every = [(agg[(u, k, tool)]["drift"], u) for u in units
                     if (u, k, tool) in agg
                     and agg[(u, k, tool)]["drift"] is not None]
            worst = max(every) if every else (None, "-")
            p("| %d | %s | %s | %s | %s | %s | %s → %s | %s (%s) | %d of %d |" % (
                k, tool, num(mean([x["f1"] for x in a])),
                num(mean([x["f1_new"] for x in a])),
                num(mean([x["recall_new"] for x in a])),
                pct(mean([x["ham_new"] for x in a])),
                pct(mean([x["drift_before"] for x in a])),
                pct(mean([x["drift"] for x in a])), pct(worst[0]), worst[1],
                good, len(a)))
    p("")
    if ceilings:
        p("## What the labels allow (the sources too small for k = 1000)")
        p("")
        p("Learned: in 5 folds, the base model learns the other four fifths "
          "of the source and scores the fifth (its texts not learned). "
          "Alone: a model trained on the source alone with the same options, "
          "5-fold cross-validated (`spamcls eval --cv 5`, cut 0.5). A source "
          "that stays far below 0.90 both ways is limited by its labels, "
          "not by how few comments were learned.")
        p("")
        p("| source | comments | F1 new after 200 learned | learned | F1 new after them | recall new | ham flagged new | F1 alone |")
        p("|---|---|---|---|---|---|---|---|")
        for src, c in ceilings.items():
            x = agg.get((src, 200, "spamcls"))
            p("| %s | %d | %s | %.0f | %s | %s | %s | %s |" % (
                src, agg[(src, 0, "spamcls")]["n"],
                num(x["f1_new"]) if x else "-", c["learned"], num(c["f1"]),
                num(c["recall"]), pct(c["ham_flagged"]), num(c["alone_f1"])))
        p("")
    p("## Every unit (source, and its videos or blogs)")
    p("")
    p("| unit | comments | k | tool | F1 | recall | ham flagged | F1 new | recall new | ham flagged new | drift |")
    p("|---|---|---|---|---|---|---|---|---|---|---|")
    for u in units:
        for k in ks:
            for tool in TOOLS:
                x = agg.get((u, k, tool))
                if not x:
                    continue
                p("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    u, x["n"], k, tool, num(x["f1"]), num(x["recall"]),
                    pct(x["ham"]), num(x["f1_new"]), num(x["recall_new"]),
                    pct(x["ham_new"]), pct(x["drift"])))
    p("")
    if timings:
        p("## Time of `spamcls learn` (one process: load the base model, "
          "learn, write the site model)")
        p("")
        p("| k | runs | median s | max s |")
        p("|---|---|---|---|")
        for k in sorted({t[0] for t in timings}):
            ts = [t[1] for t in timings if t[0] == k]
            p("| %d | %d | %.3f | %.3f |" % (k, len(ts), statistics.median(ts),
                                           max(ts)))
        p("")
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(L) + "\n")
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        saved = json.load(f)
    if isinstance(saved, list):  # rows.json before the ceilings
        saved = {"rows": saved, "ceilings": {}}
    write(sys.argv[2], saved["rows"], [], 0, False, 0, saved["ceilings"])
