#!/usr/bin/python3
"""Runs every accuracy protocol of splits.py's manifest with every tool.

Usage: accuracy.py SPLITS_DIR WORK_DIR OUT.json SPAMCLS [--jobs N] [--quick]

Each (protocol, fold, tool) trains on the fold's train.tsv and scores its
test file(s); N jobs run at once (these are not timed). libsvm is run only
where its training set is at most LIBSVM_CAP comments: its time grows
with the square of the set. --quick runs the first two folds of
judol-5fold only.
"""
import argparse
import concurrent.futures as cf
import json
import os
import shutil
import subprocess
import sys
import time

import benchio
import tools

LIBSVM_CAP = 10000


def run(argv, stdin=None, ok=(0,)):
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as fin:
        p = subprocess.run(argv, stdin=fin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    if p.returncode not in ok:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv), p.returncode,
                                                p.stderr.decode(errors="replace")[-2000:]))
    return p.stdout.decode("utf-8", errors="replace")


def job(tool, proto, fold, work):
    d = os.path.join(work, proto, fold["name"].replace(" ", ""), tool.name)
    os.makedirs(d, exist_ok=True)
    t0 = time.time()
    train = tool.prep_train(fold["train"], d)
    model = os.path.join(d, "model")
    for argv, stdin in tool.train_cmds(train, model):
        run(argv, stdin)
    tests = fold.get("tests") or {"test": fold["test"]}
    # Several test files (the rewrites) are scored in one run: one model
    # load, then the results are cut back into their files.
    recs, spans = [], {}
    for tag, tsv in tests.items():
        r = benchio.read_tsv(tsv)
        spans[tag] = (len(recs), len(recs) + len(r))
        recs += r
    if len(tests) == 1:
        inp_tsv = next(iter(tests.values()))
    else:
        inp_tsv = os.path.join(d, "all-tests.tsv")
        with open(inp_tsv, "w", encoding="utf-8") as f:
            f.write("label\ttext\n")
            for lab, text in recs:
                f.write(("spam\t" if lab else "ham\t") + benchio.escape(text) + "\n")
    inp = tool.prep_test(inp_tsv, d, "test")
    argv, stdin = tool.score_cmd(model, inp)
    got = tool.parse(run(argv, stdin, tool.score_ok))
    if len(got) != len(recs):
        raise RuntimeError("%s on %s: %d results for %d comments"
                           % (tool.name, inp_tsv, len(got), len(recs)))
    preds = {tag: ([lab for lab, _ in recs[a:b]], got[a:b])
             for tag, (a, b) in spans.items()}
    # Models and converted inputs are not needed any more (a fastText model
    # is tens of MB, and there is one per fold).
    shutil.rmtree(d)
    return proto, fold["name"], tool.name, preds, time.time() - t0


def counts(pairs):
    tp = fp = tn = fn = 0
    for truth, got in pairs:
        for t, g in zip(truth, got):
            if t and g:
                tp += 1
            elif t:
                fn += 1
            elif g:
                fp += 1
            else:
                tn += 1
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn}


def metrics(c):
    n = c["tp"] + c["fp"] + c["tn"] + c["fn"]
    prec = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    f1 = 2 * prec * rec / (prec + rec) if prec and rec else (0.0 if prec is not None and rec is not None else None)
    fpr = c["fp"] / (c["fp"] + c["tn"]) if c["fp"] + c["tn"] else None
    return dict(c, n=n, accuracy=(c["tp"] + c["tn"]) / n if n else None,
                precision=prec, recall=rec, f1=f1, fpr=fpr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("splits")
    ap.add_argument("work")
    ap.add_argument("out")
    ap.add_argument("spamcls")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    splits, work, out, spamcls, jobs, quick = (a.splits, a.work, a.out, a.spamcls,
                                               a.jobs, a.quick)
    with open(os.path.join(splits, "manifest.json")) as f:
        manifest = json.load(f)
    tl = tools.all_tools(spamcls)
    todo, skipped = [], {}
    for proto, p in manifest["protocols"].items():
        folds = p["folds"][:2] if quick and proto == "judol-5fold" else p["folds"]
        for fold in folds:
            for t in tl:
                if t.name == "spamcls-libsvm" and fold["n_train"]["n"] > LIBSVM_CAP:
                    skipped.setdefault(proto, {})[t.name] = (
                        "not run: %d training comments, over the cap of %d"
                        % (fold["n_train"]["n"], LIBSVM_CAP))
                    continue
                todo.append((t, proto, fold))
    # Slow jobs first, so that two workers finish together.
    todo.sort(key=lambda j: -j[2]["n_train"]["n"])
    results = {}
    with cf.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(job, t, proto, fold, work) for t, proto, fold in todo]
        for fu in cf.as_completed(futs):
            proto, fname, tname, preds, secs = fu.result()
            results.setdefault(proto, {}).setdefault(tname, {})[fname] = preds
            print("accuracy: %s %s %s (%.1f s)" % (proto, fname, tname, secs),
                  file=sys.stderr, flush=True)

    report = {"libsvm_cap": LIBSVM_CAP, "quick": quick, "protocols": {}}
    for proto, p in manifest["protocols"].items():
        R = report["protocols"][proto] = {
            "kind": p["kind"], "raw": p.get("raw"), "unique": p["unique"],
            "sfu_raw": p.get("sfu_raw"),
            "folds": [{"name": f["name"], "n_train": f["n_train"], "n_test": f["n_test"]}
                      for f in p["folds"]],
            "skipped": skipped.get(proto, {}), "tools": {}}
        for t in tl:
            per = results.get(proto, {}).get(t.name)
            if not per:
                continue
            T = R["tools"][t.name] = {"label": t.label}
            fnames = [f["name"] for f in p["folds"] if f["name"] in per]
            T["folds_run"] = len(fnames)
            if p["kind"] == "obfuscation":
                pr = per[fnames[0]]
                T["rewrites"] = {tag: metrics(counts([pr[tag]])) for tag in pr}
            else:
                T["overall"] = metrics(counts([per[n]["test"] for n in fnames]))
                T["per_fold"] = {n: metrics(counts([per[n]["test"]])) for n in fnames}
    with open(out, "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
