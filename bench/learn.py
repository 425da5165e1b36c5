#!/usr/bin/python3
"""How fast a model adapts to a new site by learning its labelled comments.

Usage: learn.py [--quick] [--seeds N] [--spamcls BIN] [--work DIR] [--out FILE]

Protocol, for each source of ../shared/corpus that has spam and ham (and
for its natural groups: the YouTube videos, the blogs of the two moderated
blog sets):
  1. A base model is trained without the source (and without any comment
     whose normalized text occurs in it), with the default model's options
     and its spam cut and unsure band (training/sources.sh, chosen out of
     source by training/loso.py); bogofilter gets its own wordlist from the
     same comments (-s / -n).
  2. For k = 10, 50, 200, 1000 (when the unit has at least 2k comments),
     k comments of the unit are drawn at random (fixed seeds), learned
     (spamcls learn; bogofilter -s / -n on a copy of its wordlist), and the
     rest of the unit is scored: F1, spam recall and ham flagged, on all of
     the rest and on the rest whose normalized text is not among the k.
  3. Drift: ham flagged on other sources that no base model was trained on
     (the SFU news comments and a quarter of the civil comments), before
     and after learning.
  4. What the labels allow, for each source too small for k = 1000: in 5
     folds, the base model learns the other four fifths and scores the
     fifth (its texts not learned); and a model trained on the source
     alone, with the same options, is cross-validated (spamcls eval --cv 5,
     cut 0.5). Where even these stay far below 0.90, the source's labels,
     not the number learned, are what limit F1.
A comment is flagged when its verdict is spam (spamcls: its own verdict
at the model's cut; bogofilter: S). The report (Markdown with an SVG plot)
goes to bench/results/learn.md (learn.quick.md with --quick).
"""
import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import benchio  # noqa: E402
import tools  # noqa: E402
from splits import norm, clean  # noqa: E402

csv.field_size_limit(1 << 30)
KS = (10, 50, 200, 1000)
YOUTUBE = ["Youtube01-Psy.csv", "Youtube02-KatyPerry.csv",
           "Youtube03-LMFAO.csv", "Youtube04-Eminem.csv",
           "Youtube05-Shakira.csv"]


def rec(text, label, author=None, url=None, group=None):
    return {"text": clean(text), "label": label, "author": author,
            "author_url": url, "group": group}


def read_csv(path, text, label, author=None, group=None):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            lab = (row.get(label) or "").strip() if label else "0"
            if lab not in ("0", "1"):
                continue
            yield rec(row[text] or "", int(lab),
                      (row.get(author) or None) if author else None,
                      None, group)


def read_jsonl(path, by_blog):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            o = json.loads(line)
            if o.get("label") not in (0, 1):
                continue
            g = (o.get("source") or "").split(" (")[0] if by_blog else None
            yield rec(o.get("text") or "", int(o["label"]), o.get("author"),
                      o.get("author_url"), g)


def load(corpus):
    c = lambda *p: os.path.join(corpus, *p)  # noqa: E731
    S = {}
    S["youtube"] = [r for v in YOUTUBE for r in read_csv(
        c("youtube-spam-collection", v), "CONTENT", "CLASS", "AUTHOR",
        v.split("-")[1].split(".")[0])]
    S["judol-gbennnn"] = list(read_csv(c("judol-gbennnn",
                                         "dataset_judol_labelled.csv"),
                                       "comment_text", "label", "author"))
    S["judol-kyyyy8"] = list(read_csv(c("judol-kyyyy8", "comments.csv"),
                                      "text", "label"))
    S["datacamp"] = list(read_csv(c("datacamp-blog-comments",
                                    "labeled_only.csv"), "comment", "label"))
    S["blogs"] = list(read_jsonl(c("blog-comments-moderated",
                                   "comments.jsonl"), True))
    S["blogs-2"] = list(read_jsonl(c("blog-comments-moderated-2",
                                     "comments.jsonl"), True))
    S["disqus"] = list(read_jsonl(c("disqus-exports", "comments.jsonl"),
                                  False))
    civil = list(read_csv(c("civil-comments-toxic", "comments.csv"),
                          "comment_text", None))
    sfu = list(read_csv(c("sfu-news-comments",
                          "SFU_constructiveness_toxicity.csv"), "comment",
                         None))
    # a quarter of the civil comments is kept out of every base model
    S["civil (3/4)"] = [r for i, r in enumerate(civil) if i % 4]
    drift = {"SFU news": sfu,
             "civil 1/4": [r for i, r in enumerate(civil) if i % 4 == 0]}
    for r in (x for v in drift.values() for x in v):
        r["label"] = 0
    return S, drift


def write_jsonl(path, recs):
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            o = {"text": r["text"], "label": "spam" if r["label"] else "ham"}
            if r["author"]:
                o["author"] = r["author"]
            if r["author_url"]:
                o["author_url"] = r["author_url"]
            f.write(json.dumps(o, ensure_ascii=False) + "\n")


def run(argv, stdin=None, ok=(0,)):
    p = subprocess.run(argv, stdin=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode not in ok:
        sys.exit("%s: exit %d\n%s" % (" ".join(argv), p.returncode,
                                      p.stderr.decode(errors="replace")))
    return p


def bogo(db, flag, path):
    with open(path, "rb") as f:
        return run(["bogofilter", "-C", "-d", db, "-M", flag], f, (0, 1, 2))


class Spamcls:
    def __init__(self, binary, learn_opts):
        self.bin = binary
        self.learn_opts = learn_opts

    def base(self, files, model):
        cut, margin = tools.recipe_cut()
        run([self.bin, "train", "-q", "-o", model] + tools.recipe_options() +
            ["--threshold", "%.4f" % (cut - margin), "--unsure-margin",
             "%g" % margin] + files)

    def learn(self, base, model, learned_path):
        if os.path.exists(model):
            os.unlink(model)
        t = time.monotonic()
        run([self.bin, "learn", "-q", "-m", model, "--base", base] +
            self.learn_opts + [learned_path])
        return time.monotonic() - t

    def flags(self, model, path):
        out = run([self.bin, "score", "-m", model, path]).stdout.decode()
        return [line.split("\t")[1] == "spam" for line in out.splitlines()]


class Bogofilter:
    def base(self, spam_mbox, ham_mbox, db):
        os.makedirs(db, exist_ok=True)
        bogo(db, "-s", spam_mbox)
        bogo(db, "-n", ham_mbox)

    def learn(self, base, db, spam_mbox, ham_mbox):
        if os.path.exists(db):
            shutil.rmtree(db)
        shutil.copytree(base, db)
        bogo(db, "-s", spam_mbox)
        bogo(db, "-n", ham_mbox)

    def flags(self, db, mbox):
        out = bogo(db, "-T", mbox).stdout.decode()
        return [line.split()[0] == "S" for line in out.splitlines()]


def mbox(path, recs):
    benchio.write_mbox(path, [r["text"] for r in recs])
    return path


def figures(flags, recs):
    tp = sum(1 for f, r in zip(flags, recs) if f and r["label"])
    fp = sum(1 for f, r in zip(flags, recs) if f and not r["label"])
    spam = sum(r["label"] for r in recs)
    ham = len(recs) - spam
    fn = spam - tp
    return {"f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None,
            "recall": tp / spam if spam else None,
            "ham_flagged": fp / ham if ham else None, "n": len(recs),
            "spam": spam}


def ceiling(sp, base_model, recs, d, src):
    """Step 4: F1 on each fifth of the source after learning the other
    four fifths (texts learned left out), and the in-source cross-validated
    F1 of a model trained on the source alone."""
    idx = list(range(len(recs)))
    random.Random("%s/ceiling" % src).shuffle(idx)
    flags, scored, learned_n = [], [], []
    for f in range(5):
        learned = [recs[i] for j, i in enumerate(idx) if j % 5 != f]
        known = {norm(r["text"]) for r in learned}
        test = [recs[i] for i in idx[f::5] if norm(recs[i]["text"]) not in known]
        lj = os.path.join(d, "ceiling-learn.jsonl")
        tj = os.path.join(d, "ceiling-test.jsonl")
        write_jsonl(lj, learned)
        write_jsonl(tj, test)
        m = os.path.join(d, "ceiling.model")
        sp.learn(base_model, m, lj)
        flags += sp.flags(m, tj)
        scored += test
        learned_n.append(len(learned))
    out = figures(flags, scored)
    out["learned"] = statistics.mean(learned_n)
    alone = os.path.join(d, "ceiling-all.jsonl")
    write_jsonl(alone, recs)
    ev = json.loads(run([sp.bin, "eval", "--cv", "5", "-q", "--json"] +
                        tools.recipe_options() + [alone]).stdout)
    out["alone_f1"] = ev["all"]["f1"]
    return out


def units_of(name, recs, quick):
    """The whole source, and its groups with 100+ comments and 20+ spam."""
    out = [(name, recs)]
    groups = {}
    for r in recs:
        if r["group"]:
            groups.setdefault(r["group"], []).append(r)
    for g in sorted(groups):
        rs = groups[g]
        if len(rs) >= 100 and sum(r["label"] for r in rs) >= 20:
            out.append(("%s/%s" % (name, g.replace("staticman-", "")), rs))
    return out[:2] if quick else out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seeds", type=int, default=None)
    ap.add_argument("--spamcls", default=os.path.join(ROOT, "build", "cli",
                                                      "spamcls"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared",
                                                     "corpus"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--learn-opts", default="",
                    help="extra options for spamcls learn (--cost, --gap)")
    ap.add_argument("--sources", default=None,
                    help="comma-separated target sources (default: all)")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.corpus, "youtube-spam-collection")):
        print("learn.py: no corpora in %s" % a.corpus, file=sys.stderr)
        sys.exit(77)
    if not shutil.which("bogofilter"):
        sys.exit("learn.py: bogofilter is needed (apt-get install bogofilter)")
    seeds = a.seeds or (1 if a.quick else 3)
    out_path = a.out or os.path.join(HERE, "results", "learn.quick.md"
                                     if a.quick else "learn.md")
    work = a.work or os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                  "spamcls-learn-bench")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    t_start = time.monotonic()
    S, drift = load(a.corpus)
    targets = [s for s in S if s != "civil (3/4)"]
    if a.sources:
        targets = a.sources.split(",")
    elif a.quick:
        targets = ["youtube", "blogs-2", "datacamp"]
    sp, bf = Spamcls(a.spamcls, a.learn_opts.split()), Bogofilter()
    drift_recs = [r for v in drift.values() for r in v]
    drift_json = os.path.join(work, "drift.jsonl")
    write_jsonl(drift_json, drift_recs)
    drift_mbox = mbox(os.path.join(work, "drift.mbox"), drift_recs)
    rows, timings, ceilings = [], [], {}
    for src in targets:
        d = os.path.join(work, src)
        os.makedirs(d)
        held = {norm(r["text"]) for r in S[src]}
        files = []
        train_recs = []
        for other, recs in S.items():
            if other == src:
                continue
            keep = [r for r in recs if norm(r["text"]) not in held]
            if a.quick and len(keep) > 6000:
                keep = random.Random(7).sample(keep, 6000)
            p = os.path.join(d, "train-%s.jsonl" % other.split(" ")[0])
            write_jsonl(p, keep)
            files.append(p)
            train_recs += keep
        base_model = os.path.join(d, "base.model")
        t = time.monotonic()
        sp.base(files, base_model)
        t_sp = time.monotonic() - t
        base_db = os.path.join(d, "bogo-base")
        t = time.monotonic()
        bf.base(mbox(os.path.join(d, "tr-spam.mbox"),
                       [r for r in train_recs if r["label"]]),
                  mbox(os.path.join(d, "tr-ham.mbox"),
                       [r for r in train_recs if not r["label"]]), base_db)
        t_bg = time.monotonic() - t
        print("%s: base models (spamcls %.0f s, bogofilter %.0f s)" %
              (src, t_sp, t_bg), file=sys.stderr)
        base_drift = {"spamcls": figures(sp.flags(base_model, drift_json),
                                         drift_recs)["ham_flagged"],
                      "bogofilter": figures(bf.flags(base_db, drift_mbox),
                                            drift_recs)["ham_flagged"]}
        for unit, recs in units_of(src, S[src], a.quick):
            u = os.path.join(d, unit.replace("/", "_"))
            os.makedirs(u, exist_ok=True)
            all_json = os.path.join(u, "all.jsonl")
            write_jsonl(all_json, recs)
            all_mbox = mbox(os.path.join(u, "all.mbox"), recs)
            base_flags = {"spamcls": sp.flags(base_model, all_json),
                          "bogofilter": bf.flags(base_db, all_mbox)}
            for tool in ("spamcls", "bogofilter"):
                f = figures(base_flags[tool], recs)
                rows.append({"unit": unit, "source": src, "k": 0, "seed": 0,
                             "tool": tool, "rest": f, "rest_new": f,
                             "drift": base_drift[tool],
                             "drift_before": base_drift[tool]})
            for k in KS:
                if 2 * k > len(recs) or (a.quick and k > 200):
                    continue
                for seed in range(1, seeds + 1):
                    rng = random.Random("%s/%d/%d" % (unit, k, seed))
                    pick = set(rng.sample(range(len(recs)), k))
                    learned = [recs[i] for i in sorted(pick)]
                    if len({r["label"] for r in learned}) < 1:
                        continue
                    rest_i = [i for i in range(len(recs)) if i not in pick]
                    known = {norm(r["text"]) for r in learned}
                    new_i = [i for i in rest_i
                             if norm(recs[i]["text"]) not in known]
                    lj = os.path.join(u, "learn-%d-%d.jsonl" % (k, seed))
                    write_jsonl(lj, learned)
                    m = os.path.join(u, "site.model")
                    secs = sp.learn(base_model, m, lj)
                    timings.append((k, secs))
                    flags = {"spamcls": sp.flags(m, all_json)}
                    dr = {"spamcls": figures(sp.flags(m, drift_json),
                                             drift_recs)["ham_flagged"]}
                    db = os.path.join(u, "bogo-site")
                    bf.learn(base_db,
                               db, mbox(os.path.join(u, "ls.mbox"),
                                        [r for r in learned if r["label"]]),
                               mbox(os.path.join(u, "lh.mbox"),
                                    [r for r in learned if not r["label"]]))
                    flags["bogofilter"] = bf.flags(db, all_mbox)
                    dr["bogofilter"] = figures(bf.flags(db, drift_mbox),
                                               drift_recs)["ham_flagged"]
                    for tool in ("spamcls", "bogofilter"):
                        fl = flags[tool]
                        rows.append({
                            "unit": unit, "source": src, "k": k, "seed": seed,
                            "tool": tool,
                            "rest": figures([fl[i] for i in rest_i],
                                            [recs[i] for i in rest_i]),
                            "rest_new": figures([fl[i] for i in new_i],
                                                [recs[i] for i in new_i]),
                            "drift": dr[tool],
                            "drift_before": base_drift[tool]})
            print("  %s: %d comments done (%.0f s so far)" %
                  (unit, len(recs), time.monotonic() - t_start),
                  file=sys.stderr)
        if 2 * max(KS) > len(S[src]) and not a.quick:
            ceilings[src] = ceiling(sp, base_model, S[src], d, src)
    with open(os.path.join(work, "rows.json"), "w") as f:
        json.dump({"rows": rows, "ceilings": ceilings}, f)
    import learn_report
    learn_report.write(out_path, rows, timings, seeds, a.quick,
                       time.monotonic() - t_start, ceilings)
    print("wrote %s (%.0f s)" % (out_path, time.monotonic() - t_start),
          file=sys.stderr)


if __name__ == "__main__":
    main()
