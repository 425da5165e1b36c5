#!/usr/bin/python3
"""Writes bench/results/README.md from the figures of one run.

Usage: report.py ACCURACY.json SPEED.json ENV.json OUT.md

Every number in the output comes from those files; the targets are the
project's own, shown beside the measured values.
"""
import json
import os
import sys

import tools

ORDER = ["spamcls-liblinear", "spamcls-dcd", "spamcls-libsvm", "spamcls-recipe", "fasttext", "bogofilter",
         "sklearn"]
SPAMCLS = ("spamcls-liblinear", "spamcls-libsvm", "spamcls-recipe")
AUTO_LIMIT = 5000      # spamcls train --solver auto: libsvm up to this many comments

# Reference figures for the peers (2-core machine, 1,000,000
# comments of mean 61 characters, one thread, model load included).
REF_SCORE = {"bogofilter": 80000, "fasttext": 15000, "sklearn": 8000}
REF_TRAIN = {"bogofilter": 1.7, "sklearn": 22.0, "fasttext": 91.0}   # on 86,492 comments
T_SCORE = 1000000      # comments/s per core
T_TRAIN_1M = 20.0      # s wall, the default linear solver, features included
T_REBUILD = 10.0       # s wall, training/build-default-model.sh
T_LOAD_MS = 2.0
T_JOBS = 1.8           # -j (cores) over -j 1 on the shipped model
T_RSS_MIB = 32.0
T_OBF_POINTS = 1.0


# Printed for each missed target: the reasons found (profiles, feature
# dumps), never figures: those are in the tables above.
NOTES = {
    "accuracy-english": (
        "**Accuracy on English comments (YouTube, sfu-news-comments).** scikit-learn's "
        "model uses character 2-5-grams across word boundaries with idf weighting; "
        "spamcls's character n-grams stay inside words (3-5) and its weights are sublinear "
        "tf without idf, and its cost C is the default (no `--tune`). On sets this small "
        "the richer n-grams pay. The sfu false positives are long, "
        "substantive comments whose many words each carry a little spam weight. What would "
        "close it: `--tune` for C, idf weighting or cross-word character n-grams (a new "
        "feature pipeline version), and choosing the threshold for a ham false-positive "
        "rate on held-out folds (`spamcls eval --threshold-for-fpr`)."),
    "accuracy-judol": (
        "**Accuracy on judol-gbennnn.** The peer ahead learns the styled brand names as "
        "written; spamcls folds them first. Tuning C (`--tune`) is the first thing to try."),
    "obfuscation": (
        "**Obfuscated spam.** Styled letters (bold, fullwidth, circled) and zero-width "
        "characters fold back to the plain text, and lose little. The remaining losses are in "
        "leetspeak, letter spacing and Cyrillic look-alikes: the leet folding only reads a "
        "digit as a letter between two letters (a word-initial or word-final digit stays a "
        "number, by design, so \"4nd\" or \"m3\" are not folded, and \"1\" is "
        "ambiguous); the rewrite spaces out every word of three or more letters, and the "
        "de-spacing joins runs of single letters into one word, so neighbouring words are "
        "glued together; look-alike folding covers the common letters only. What would "
        "close it: fold digits at word edges when the rest of the word is letters, split "
        "joined runs back into known words with a lexicon, and widen the look-alike table "
        "(Unicode's confusables data)."),
    "score": (
        "**Scoring throughput.** The vector is no longer built (a hash table merges "
        "duplicate buckets for the dot product), a word seen before costs one look-up in "
        "the word cache instead of a dozen hashes, and numbers are printed without printf; "
        "the profile above shows what is left, spread over the whole path: the dot "
        "product's merging of duplicate buckets (its reads of the 4 MB weight table are "
        "prefetched: with the reads taken out altogether, scoring was not measurably "
        "faster), the word cache's own table and pools (out of L2), MurmurHash3 over bigrams and "
        "the features of words not cached, the byte loops of normalization and "
        "tokenizing, and URL and contact scanning. A comment has about 250 features "
        "(most are character 3-5-grams); the target leaves about a microsecond a "
        "comment. What would close it: fewer features a comment and a weight table "
        "that fits L2 (fewer hash bits, 16-bit weights): each changes the model, so "
        "verdicts and probabilities would change too."),
    "train": (
        "**Training on a million comments.** Every comment is read, normalized and hashed "
        "once, on every core, and its vector stored once; the solver `dcd` (liblinear's "
        "dual coordinate descent with its every step, bit for bit) reads those vectors "
        "in place, 8 bytes a feature, where liblinear needs a copy of its own at 16 "
        "bytes a feature (2.6 GB more on a million comments, and a second or two to "
        "write it). The vectors are stored in blocks that never move, each thread "
        "writing its own comments' and mapping their fresh pages in one call "
        "(`MADV_POPULATE_WRITE`): on this virtual machine a page fault costs "
        "microseconds, and a gigabyte of vectors is 370,000 pages. Above 20,000 "
        "comments the calibration takes 2 folds, each fitted on at most 250,000 "
        "comments, run beside the final fit, which is started first; the calibration "
        "and the feature counts run as soon as the folds are done. What is left is "
        "mostly the final fit itself: some 40 passes, shrinking as they go, over about "
        "190 features a comment, each pass reading the comments in a random order and, "
        "for each feature, a weight among 2^20 doubles (8 MB, out of L2), while the "
        "folds on the other core share the cache and the memory bandwidth. Fetching "
        "each comment's features two comments ahead made the descent about a third "
        "faster; fetching the weights ahead too and huge pages for the weights did not "
        "measurably help, nor did storing each feature in 4 bytes (an index and a code "
        "for one of the row's few distinct values): the descent waits on its chain of "
        "additions and on the weights, not on reading the rows. Renumbering the "
        "features by frequency, so that the weights touched most share a few hundred "
        "kilobytes, made the final fit 16-21% faster when the frequencies of the whole "
        "set were used (its copy of the vectors then took 2.1-2.8 s and 1.3 GB); "
        "renumbered as the vectors were stored, from the first 32,768 comments' "
        "frequencies, it gave no measurable gain. What would close it: a looser "
        "stopping tolerance, float weights or "
        "fewer features a comment: each changes the model."),
    "rebuild": (
        "**Rebuilding the shipped model.** About 2.5 s of it is `training/corpus.py` "
        "(Python: reading the CSV and JSON corpora, the deduplication key of 110,000 "
        "comments, the augmentation), the rest `spamcls train` on 98,000 comments, whose "
        "per-source balance repeats the rarer class to 147,000 rows: the final fit is "
        "about 5 s of it, the two calibration folds beside it. The run's figure moves "
        "with the machine's other load by a second or two either way."),
    "jobs": (
        "**Threads.** `score -j N` reads on one thread and scores batches of records on N; "
        "on a machine shared with other work the second core is not all its own."),
    "memory": (
        "**Scoring memory.** The model's dense weight table and the libraries' own data "
        "dominate; storing only the nonzero weights would shrink it."),
    "load": (
        "**Model load.** The weights go into huge pages where the kernel offers them "
        "(a thousand page faults become three), the file's checksum is XXH3-64 (format "
        "version 4; zlib's CRC-32 was 43% of the load), and one vectorized pass checks "
        "that every weight is finite and counts the nonzero ones. What remains is copying "
        "4.4 MB from the page cache, the kernel zeroing the fresh pages, XXH3 and that "
        "pass, about a quarter each. A whole process also pays for starting: loading its "
        "shared libraries (libxml2 with ICU, jansson, libpsl, utf8proc, libsvm and "
        "liblinear with the C++ runtime). What would close it: a sparse weight file "
        "(46% of the weights are nonzero), or mapping the file (which a file truncated "
        "under a running scorer would turn into a crash)."),
}


def pct(x):
    return "n/a" if x is None else "%.2f" % (100 * x)


def mib(kib):
    return "%.1f" % (kib / 1024)


def label(name):
    return {"spamcls-liblinear": "spamcls liblinear", "spamcls-dcd": "spamcls dcd",
            "spamcls-libsvm": "spamcls libsvm",
            "spamcls-recipe": "spamcls (default-model options)",
            "fasttext": "fastText", "bogofilter": "bogofilter",
            "sklearn": "sklearn TF-IDF LinearSVC"}[name]


class Doc:
    def __init__(self):
        self.lines = []

    def __call__(self, s=""):
        self.lines.append(s)

    def table(self, head, rows):
        self("| " + " | ".join(head) + " |")
        self("|" + "---|" * len(head))
        for r in rows:
            self("| " + " | ".join(str(c) for c in r) + " |")
        self()


def missed(ok, by):
    return "met" if ok else "missed by " + by


def accuracy_section(D, A, targets):
    P = A["protocols"]
    titles = {
        "youtube-10fold": "YouTube Spam Collection, stratified 10-fold cross-validation",
        "youtube-lovo": "YouTube Spam Collection, leave one video out",
        "judol-5fold": "judol-gbennnn, 5 folds grouped by normalized text",
        "default-sfu": "Default training corpus -> sfu-news-comments (all ham): false positives",
    }
    for proto in ("youtube-10fold", "youtube-lovo", "judol-5fold", "default-sfu"):
        p = P[proto]
        D("### " + titles[proto])
        D()
        ntr = p["folds"][0]["n_train"]["n"]
        if proto == "default-sfu":
            D("Trained on %d unique labeled comments of the default corpus (%d labeled rows "
              "before deduplication); tested on %d sfu-news-comments rows (%d before "
              "deduplication and removal of texts seen in training)."
              % (ntr, p["raw"], p["folds"][0]["n_test"]["n"], p["sfu_raw"]))
        elif proto == "youtube-lovo":
            D("%d unique comments; each video is the test set once, the four others the "
              "training set. Metrics per video, then the macro average over videos."
              % p["unique"])
        else:
            D("%d unique comments (%d rows before deduplication), %d folds; metrics on the "
              "pooled held-out predictions. %s"
              % (p["unique"], p["raw"], len(p["folds"]),
                 "Quick mode: the first %d folds only."
                 % min(t["folds_run"] for t in p["tools"].values())
                 if A["quick"] and proto == "judol-5fold" else ""))
        D()
        # above the limit auto picks dcd, whose models are liblinear's
        auto = "libsvm" if ntr <= AUTO_LIMIT else "liblinear"
        rows, best_peer, best_sc = [], None, None
        for name in ORDER:
            T = p["tools"].get(name)
            if not T:
                if name in p["skipped"]:
                    rows.append([label(name), p["skipped"][name]] +
                                [""] * (2 if proto == "default-sfu" else 3))
                continue
            if proto == "youtube-lovo":
                per = T["per_fold"].values()
                m = {k: sum(f[k] or 0 for f in per) / len(per)
                     for k in ("accuracy", "precision", "recall", "f1")}
                m["fpr"] = None
            else:
                m = T["overall"]
            T["headline"] = m
            key = "fpr" if proto == "default-sfu" else "accuracy"
            val = m[key]
            if val is not None:
                best = best_sc if name in SPAMCLS else best_peer
                if not best or (val < best[1] if key == "fpr" else val > best[1]):
                    if name in SPAMCLS:
                        best_sc = (name, val)
                    else:
                        best_peer = (name, val)
            star = " (auto)" if name.endswith(auto) and name in SPAMCLS else ""
            if proto == "default-sfu":
                rows.append([label(name) + star, pct(m["fpr"]), "%d / %d" % (m["fp"], m["n"]),
                             pct(m["accuracy"])])
            else:
                rows.append([label(name) + star, pct(m["accuracy"]), pct(m["precision"]),
                             pct(m["recall"]), pct(m["f1"])])
        if proto == "default-sfu":
            D.table(["tool", "false-positive rate %", "false positives", "accuracy %"], rows)
        else:
            D.table(["tool", "accuracy %", "precision %", "recall %", "F1 %"], rows)
        if proto == "youtube-lovo":
            vids = [f["name"] for f in p["folds"]]
            vrows = []
            for name in ORDER:
                T = p["tools"].get(name)
                if T:
                    vrows.append([label(name)] + ["%s / %s" % (pct(T["per_fold"][v]["accuracy"]),
                                                             pct(T["per_fold"][v]["f1"]))
                                                  for v in vids])
            D("Per video (accuracy % / F1 %):")
            D()
            D.table(["tool"] + vids, vrows)
        if best_sc and best_peer:
            if proto == "default-sfu":
                ok = best_sc[1] < best_peer[1]
                gap = "%.2f points of false-positive rate (%s %s%%, %s %s%%)" % (
                    100 * (best_sc[1] - best_peer[1]), label(best_peer[0]),
                    pct(best_peer[1]), label(best_sc[0]), pct(best_sc[1]))
            else:
                ok = best_sc[1] > best_peer[1]
                gap = "%.2f points of accuracy (%s %s%%, %s %s%%)" % (
                    100 * (best_peer[1] - best_sc[1]), label(best_peer[0]),
                    pct(best_peer[1]), label(best_sc[0]), pct(best_sc[1]))
            D("Target: spamcls (its best row, %s) ahead of every peer: **%s**."
              % (label(best_sc[0]), missed(ok, gap)))
            D()
            targets.append(["ahead of every peer: " + proto,
                            "%s %s%% (%s) vs best peer %s %s%%" % (
                                "FPR" if proto == "default-sfu" else "accuracy",
                                pct(best_sc[1]), label(best_sc[0]), label(best_peer[0]),
                                pct(best_peer[1])),
                            missed(ok, gap.split(" (")[0]),
                            "accuracy-english" if proto != "judol-5fold" else "accuracy-judol"])

    p = P["obfuscation"]
    D("### Obfuscation suite: spam recall per rewrite")
    D()
    f = p["folds"][0]
    D("Trained on an 80%% stratified split of the default corpus (%d comments); the other "
      "20%%'s %d spam comments are scored plain and rewritten each way. Recall %%, and in "
      "brackets the change from the plain copy in points." % (f["n_train"]["n"], f["n_test"]["n"]))
    D()
    rewrites = None
    rows = []
    worst = {}
    for name in ORDER:
        T = p["tools"].get(name)
        if not T:
            if name in p["skipped"]:
                rows.append([label(name), p["skipped"][name]])
            continue
        rw = T["rewrites"]
        rewrites = rewrites or [k for k in rw if k != "plain"]
        plain = rw["plain"]["recall"]
        cells = [pct(plain)]
        for k in rewrites:
            d = 100 * (rw[k]["recall"] - plain)
            cells.append("%s (%+.2f)" % (pct(rw[k]["recall"]), d))
            worst[name] = min(worst.get(name, 0.0), d)
        rows.append([label(name)] + cells)
    D.table(["tool", "plain"] + (rewrites or []), rows)
    for name in SPAMCLS:
        if name in worst:
            ok = worst[name] >= -T_OBF_POINTS
            D("Target: %s recall within %.0f point of the plain copy on every rewrite: **%s**."
              % (label(name), T_OBF_POINTS,
                 missed(ok, "%.2f points (worst rewrite %.2f points below plain)"
                        % (-worst[name] - T_OBF_POINTS, -worst[name]))))
            D()
            targets.append(["obfuscated spam recall within 1 point of plain (%s)" % label(name),
                            "worst rewrite %+.2f points" % worst[name],
                            missed(ok, "%.2f points" % (-worst[name] - T_OBF_POINTS)),
                            "obfuscation"])


def speed_section(D, S, targets):
    n = S["n"]
    d = S["data"]
    D("Inputs: the default corpus (%d unique labeled comments, the training set of the "
      "false-positive protocol) and %d comments made by repeating its comments in a shuffled "
      "order: %d bytes of text, mean %.1f characters a comment (one comment a line)."
      % (S["default_n"], n, d["bytes"], d["mean_chars"]))
    D()
    D("Machine load while this section ran (1, 5, 15-minute load averages): before %s, "
      "after %s. Other work on the machine slows every figure alike." %
      (S.get("load_before", "?"), S.get("load_after", "?")))
    D()
    D("### Training time on the default corpus (%s%d comments)"
      % ("quick mode: its first " if S.get("default_limited") else "", S["default_n"]))
    D()
    rows = []
    for name in ORDER:
        r = S["train_default"].get(name)
        if not r:
            continue
        ref = REF_TRAIN.get(name)
        rows.append([label(name), "%.2f" % r["wall"], "%.2f" % r["cpu"], mib(r["rss_kib"]),
                     "%.1f" % (r["model_bytes"] / 1e6),
                     "%.1f s on 86,492" % ref if ref else ""])
    D.table(["tool", "wall s", "CPU s", "peak MiB", "model MB", "reference"], rows)
    D("spamcls's time includes reading, normalization, feature extraction, deduplication, "
      "the Platt calibration (2 extra fits on half the comments each, run beside the final "
      "one: 5 folds below 20,000 comments) and writing the model. libsvm is not run "
      "on the whole corpus (its time grows with the square of the comments); below, on the "
      "first comments of the same corpus:")
    D()
    rows = []
    for k, r in sorted(S["train_libsvm"].items(), key=lambda kv: int(kv[0])):
        ll = r["liblinear"]
        dc = r.get("dcd")
        rows.append([k, "%.2f" % r["wall"], "%.2f" % r["cpu"], mib(r["rss_kib"]),
                     "%.2f" % ll["wall"], "%.2f" % ll["cpu"], mib(ll["rss_kib"]),
                     "%.2f" % dc["wall"] if dc else "", mib(dc["rss_kib"]) if dc else ""])
    D.table(["comments", "libsvm wall s", "libsvm CPU s", "libsvm peak MiB",
             "liblinear wall s", "liblinear CPU s", "liblinear peak MiB",
             "dcd wall s", "dcd peak MiB"], rows)
    D("dcd is liblinear's dual coordinate descent run on spamcls's own vectors: the same "
      "weights bit for bit (a unit test and `tests/cli/t_youtube_roundtrip.sh` compare "
      "them), so it is timed training only; its models score as the liblinear rows do.")
    D()
    rb = S.get("rebuild")
    if rb:
        D("### Rebuilding the shipped model")
        D()
        D("`training/build-default-model.sh` as a whole: `training/corpus.py` reads and "
          "deduplicates every corpus and writes the augmentation, then `spamcls train` fits "
          "with the recipe's options. %.2f s wall, %.2f CPU s, peak %s MiB; the file it wrote "
          "is %s." % (rb["wall"], rb["cpu"], mib(rb["rss_kib"]),
                      "`models/default.model` byte for byte" if rb["same_bytes"] else
                      "**not** the bytes of `models/default.model` (the shipped model is "
                      "out of date)"))
        D()
        ok = rb["wall"] <= T_REBUILD
        targets.append(["the shipped model rebuilt in at most %.0f s" % T_REBUILD,
                        "%.2f s wall (%.2f CPU s)" % (rb["wall"], rb["cpu"]),
                        missed(ok, "%.2f s (%.2fx)" % (rb["wall"] - T_REBUILD,
                                                       rb["wall"] / T_REBUILD)),
                        "rebuild"])

    D("### Training time on %d comments" % n)
    D()
    rows = []
    tb = S["train_big"]
    names = {"spamcls-liblinear": "spamcls liblinear, repeated comments (deduplication "
             "leaves the unique ones)",
             "spamcls-liblinear-distinct": "spamcls liblinear, each copy made distinct by a "
             "trailing made-up word (all %d kept)" % n,
             "spamcls-dcd": "spamcls dcd, repeated comments",
             "spamcls-dcd-distinct": "spamcls dcd, distinct copies (all %d kept)" % n,
             "bogofilter": "bogofilter (-s / -n)"}
    for k in ("spamcls-liblinear", "spamcls-dcd", "spamcls-liblinear-distinct",
              "spamcls-dcd-distinct", "bogofilter"):
        if k in tb:
            r = tb[k]
            rows.append([names[k], "%.2f" % r["wall"], "%.2f" % r["cpu"], mib(r["rss_kib"])])
    D.table(["what", "wall s", "CPU s", "peak MiB"], rows)
    D("libsvm on %d comments is not run (see the table above for its growth); fastText and "
      "scikit-learn are timed on the default corpus only, to keep the run short." % n)
    D()
    key = "spamcls-dcd-distinct" if "spamcls-dcd-distinct" in tb else "spamcls-dcd"
    r = tb[key]
    ok = r["wall"] <= T_TRAIN_1M
    targets.append(["training on %d comments, dcd (the default solver), features included: "
                    "at most %.0f s wall" % (n, T_TRAIN_1M),
                    "%.2f s wall, %.2f CPU s (%s)" % (
                        r["wall"], r["cpu"], "distinct copies" if key.endswith("distinct")
                        else "repeated copies"),
                    missed(ok, "%.2f s (%.2fx)" % (r["wall"] - T_TRAIN_1M, r["wall"] / T_TRAIN_1M)),
                    "train"])

    D("### Scoring %d comments" % n)
    D()
    D("Whole process: start, model load, reading, normalization, features, scoring, "
      "writing one result a line. \"%d processes\": the input cut into %d parts scored at "
      "once (threads, `-j`, are measured with the shipped model below). MB/s counts the comments' text bytes."
      % (S["ncpu"], S["ncpu"]))
    D()
    rows = []
    for name in ORDER:
        r = S["score"].get(name)
        if not r:
            continue
        one = r["one"]
        k, nb = r.get("n", n), r.get("bytes", d["bytes"])
        cells = [label(name), "%d" % k, "%.0f" % (1000 * r["empty_wall"]), "%.2f" % one["wall"],
                 "%.2f" % one["cpu"], "%.0f" % (k / one["wall"]), "%.0f" % (k / one["cpu"]),
                 "%.2f" % (nb / 1e6 / one["wall"]), mib(one["rss_kib"])]
        if "all" in r:
            a = r["all"]
            cells += ["%.2f" % a["wall"], "%.0f" % (k / a["wall"]),
                      "%.2f" % (nb / 1e6 / a["wall"])]
        ref = REF_SCORE.get(name)
        cells.append("%d/s" % ref if ref else ("%d/s per core" % T_SCORE if name in SPAMCLS
                                               else ""))
        rows.append(cells)
    D.table(["tool", "comments", "empty input ms", "1 process: wall s", "CPU s", "comments/s",
             "comments per CPU-s", "MB/s", "peak MiB",
             "%d processes: wall s" % S["ncpu"], "comments/s", "MB/s",
             "reference / target"], rows)
    D("scikit-learn is timed on the first %d comments only (at its rate the whole input "
      "would take most of the run); its rate does not depend on the count. "
      % tools.Sklearn.score_cap + "\"comments per CPU-s\" divides by the process's user + system time: what one core "
      "does when it is not shared, the fair figure on a busy machine. The targets below are "
      "judged on it (per core), with the wall-clock figure beside.")
    D()
    sc = S["score"]["spamcls-liblinear"]
    rate = n / sc["one"]["cpu"]
    targets.append(["scoring, one thread, load included: at least %d comments/s" % T_SCORE,
                    "%.0f comments per CPU-second (%.0f/s wall)" % (rate, n / sc["one"]["wall"]),
                    missed(rate >= T_SCORE, "%.0f comments/s (%.1fx short)"
                           % (T_SCORE - rate, T_SCORE / rate)), "score"])
    rss = sc["one"]["rss_kib"] / 1024
    empty_rss = sc["empty_rss_kib"] / 1024
    targets.append(["scoring memory flat in the input size, at most %.0f MiB" % T_RSS_MIB,
                    "%.1f MiB on %d comments, %.1f MiB on an empty input" % (rss, n, empty_rss),
                    missed(rss <= T_RSS_MIB, "%.1f MiB" % (rss - T_RSS_MIB)), "memory"])

    shipped_section(D, S, targets)
    D("### Model load")
    D()
    L = S["load_lib"]
    D("`bench/loadtime.c` (the library: spamcls_model_load, a scorer, one comment scored, "
      "freed), %d iterations on the default-corpus model: median **%.2f ms**, fastest %.2f ms. "
      "Whole-process figures (scoring an empty input) are in the table above."
      % (L["iterations"], L["median_ms"], L["min_ms"]))
    D()
    targets.append(["default-corpus model loaded in at most %.0f ms" % T_LOAD_MS,
                    "%.2f ms (median)" % L["median_ms"],
                    missed(L["median_ms"] <= T_LOAD_MS, "%.2f ms (%.2fx)" % (
                        L["median_ms"] - T_LOAD_MS, L["median_ms"] / T_LOAD_MS)), "load"])
    pages_section(D, S)


def shipped_section(D, S, targets):
    """The shipped model: what users score with."""
    H = S.get("shipped")
    if not H:
        return
    n, nb = S["data"]["n"], S["data"]["bytes"]
    D("### The shipped model")
    D()
    D("`spamcls score -m models/default.model -j N FILE` on the same %d comments, as plain "
      "text (one comment a line) and as JSON lines (`{\"text\": ...}`, %.0f MB); whole "
      "process, model load and output included. `-j N` runs N scoring threads whose "
      "output stays in input order." % (n, H["jsonl_bytes"] / 1e6))
    D()
    rows = []
    for key in sorted(k for k in H if k.startswith(("plain-j", "jsonl-j"))):
        r = H[key]
        fmt, j = key.split("-j")
        rows.append([fmt, j, "%.2f" % r["wall"], "%.2f" % r["cpu"], "%.0f" % (n / r["wall"]),
                     "%.0f" % (n / r["cpu"]), "%.1f" % (nb / 1e6 / r["wall"]),
                     mib(r["rss_kib"])])
    D.table(["input", "-j", "wall s", "CPU s", "comments/s", "comments per CPU-s", "MB/s",
             "peak MiB"], rows)
    ncpu = S["ncpu"]
    for fmt in ("plain", "jsonl"):
        one = H.get("%s-j1" % fmt)
        if not one:
            continue
        rate = n / one["wall"]
        targets.append(["shipped model, %s, one thread: at least %d comments/s" % (fmt, T_SCORE),
                        "%.0f comments/s (%.0f per CPU-s)" % (rate, n / one["cpu"]),
                        missed(rate >= T_SCORE, "%.1fx short" % (T_SCORE / rate)), "score"])
        many = H.get("%s-j%d" % (fmt, ncpu))
        if ncpu > 1 and many:
            x = one["wall"] / many["wall"]
            targets.append(["shipped model, %s, -j %d: at least %.1fx -j 1" % (fmt, ncpu, T_JOBS),
                            "%.2fx (%.0f comments/s)" % (x, n / many["wall"]),
                            missed(x >= T_JOBS, "%.2fx" % x), "jobs"])
    D("One comment scored as a whole process (start, model load, one line out), median of "
      "21 runs: **%.1f ms**, peak %s MiB. The library's load of the shipped model "
      "(`bench/loadtime.c`, 200 loads): median **%.2f ms**, fastest %.2f ms (%.1f MB file)."
      % (H["one_comment_ms"], mib(H["one_comment_rss_kib"]), H["load_median_ms"],
         H["load_min_ms"], H["model_bytes"] / 1e6))
    if "start_ms" in H:
        D()
        D("Of that, %.1f ms is the program starting and exiting with nothing to do "
          "(`spamcls --version`, median of 21): starting the process and its "
          "shared libraries, before any work of its own." % H["start_ms"])
    cos = [(j, H["coprocess-j%d" % j]) for j in sorted({1, ncpu}) if "coprocess-j%d" % j in H]
    if cos:
        D()
        D("One `spamcls score -` kept running and fed one comment at a time (a comment "
          "written, its answer read, then the next; %d comments; the driving Python script's "
          "own time included): %s. The first answer, which includes the start and model "
          "load, took %s."
          % (cos[0][1]["n"],
             "; ".join("with `-j %d` median **%.3f ms**, 99th percentile %.3f ms"
                       % (j, c["median_ms"], c["p99_ms"]) for j, c in cos),
             " and ".join("%.1f ms" % c["first_ms"] for _, c in cos)))
    D()
    targets.append(["shipped model loaded in at most %.0f ms" % T_LOAD_MS,
                    "%.2f ms (median)" % H["load_median_ms"],
                    missed(H["load_median_ms"] <= T_LOAD_MS, "%.2f ms (%.2fx)" % (
                        H["load_median_ms"] - T_LOAD_MS, H["load_median_ms"] / T_LOAD_MS)),
                    "load"])
    if H.get("profile"):
        D("Where the time goes (`perf record` of the shipped model scoring the first %d "
          "comments, one thread; self time):" % H["profile_n"])
        D()
        D.table(["share", "object", "function"],
                [["%.1f%%" % p, o, f] for p, o, f in H["profile"]])


def pages_section(D, S):
    """Archived pages: moderate's throughput beside the score path, and what
    one large page costs libxml2's tree against a streaming parse."""
    M, H = S.get("moderate"), S.get("htmlmem")
    if M and "runs" in M:
        D("### Archived pages (`spamcls moderate`)")
        D()
        D("`bench/moderate.sh %d` with the shipped model: an archive of %d pages "
          "(WordPress HTML, schema.org microdata and text dumps, 1 to 5 real blog comments "
          "each) written under /tmp, moderated with one thread and with every core; the "
          "report is %s." % (M["pages"], M["pages"], "the same bytes either way"
                             if M["same_report"] else "**not** the same bytes (a defect)"))
        D()
        D.table(["archive", "threads", "pages", "comments", "wall s", "pages/s", "comments/s",
                 "peak MiB"],
                [[r.get("part", "all"), r["threads"], r["pages"], r["comments"],
                  "%.1f" % r["seconds"], r["pages_s"], r["comments_s"], "%.1f" % r["rss_mib"]]
                 for r in M["runs"]])
        if M.get("warc"):
            D("The archive's HTML pages packed into one web archive (`bench/warc_make.py`) "
              "and moderated from it, beside gzip alone reading the same file:")
            D()
            D("```")
            for line in M["warc"]:
                D(line)
            D("```")
            D()
        D("A page costs far more than the comments on it: reading the file, parsing it "
          "into a tree, finding the comment section, and writing the cleaned page and the "
          "report; compare the comments/s with the score path above.")
        D()
    if H:
        D("### One large page: libxml2's tree against a streaming parse")
        D()
        D("`bench/htmlmem.c`: one WordPress-style page of the given size (a comment list, "
          "about 450 bytes of markup and text a comment) parsed as spamcls reads pages "
          "(`htmlParseDocument` into a tree, pages/html_doc.c's options), and the same "
          "bytes through libxml2's push parser with SAX callbacks fed 64 KB at a time (no "
          "tree). Each parse runs in a process of its own; \"extra\" is its peak resident "
          "memory minus what it held with the page loaded.")
        D()
        rows = []
        for r in H:
            t, x, e = r["tree"], r["sax"], r.get("extract")
            rows.append(["%.1f" % (t["bytes"] / 1e6), "%d" % t["elements"],
                         "%.2f" % t["seconds"], "%.1f" % (t["extra_kib"] / 1024),
                         "%.1fx" % (t["extra_kib"] * 1024 / t["bytes"]),
                         "%.2f" % x["seconds"], "%.1f" % (x["extra_kib"] / 1024),
                         "%.1fx" % (x["extra_kib"] * 1024 / x["bytes"]),
                         "%.2f s, %s MiB, %d comments" % (e["wall"], mib(e["rss_kib"]),
                                                         e["comments"]) if e else ""])
        D.table(["page MB", "elements", "tree s", "tree extra MiB", "tree / page",
                 "streaming s", "streaming extra MiB", "streaming / page",
                 "`spamcls extract` (whole process: wall, peak)"], rows)
        D("The tree is what the page finders walk (comment sections are recognized by "
          "their place among ancestors and siblings), so the streaming figures are what "
          "a rewrite of the finders as SAX state machines could reach, not an option of "
          "today's code. The push parser keeps the input it has been fed, so its memory "
          "still grows with the page, at about the page's own size.")
        D()


def rel(argv):
    return " ".join(a.replace(tools.HERE + "/", "bench/").replace(tools.ROOT + "/", "")
                    for a in argv)


def commands_section(D, spamcls):
    D("## The exact commands")
    D()
    D("`bench/run.sh` installs the peers (Debian packages fasttext, bogofilter, "
      "python3-sklearn, time), builds spamcls (Release) and `bench/loadtime.c`, then runs "
      "`bench/splits.py` (the splits, written once to a temporary folder), "
      "`bench/accuracy.py` (2 jobs at a time), `bench/speed.py` (one command at a time, each "
      "under `/usr/bin/time -v`) and this report. Per tool, with TRAIN a training file, MODEL "
      "the model path and INPUT a scoring input in the tool's format:")
    D()
    D("```")
    for t in tools.all_tools(spamcls):
        tr = "TRAIN" if t.name != "bogofilter" else ("SPAM.mbox", "HAM.mbox")
        for argv, stdin in t.train_cmds(tr, "MODEL"):
            D("%-18s train: %s%s" % (t.name, rel(argv), " < " + stdin if stdin else ""))
        argv, stdin = t.score_cmd("MODEL", "INPUT")
        D("%-18s score: %s%s" % (t.name, rel(argv), " < " + stdin if stdin else ""))
    D("```")
    D()
    D("Inputs: spamcls reads the TSV splits (accuracy) or plain text, one comment a line "
      "(speed). fastText gets `__label__spam`/`__label__ham` lines for training and text "
      "lines for scoring, with its tutorial's preprocessing (lower case, punctuation split "
      "off); bogofilter gets an mbox, one header-less message per comment; scikit-learn "
      "reads the same TSV or plain text, in batches of 10,000. Every tool decides as it "
      "would on its own: spamcls probability >= 0.5 (the model's threshold), fastText "
      "P(spam) >= 0.5, bogofilter its own verdict (S, spamicity at or over its built-in "
      "spam_cutoff; U, unsure, counts as not spam), LinearSVC decision value > 0. Converting inputs to a peer's format "
      "is done before timing and is not counted.")
    D()


def main():
    acc, spd, env, out = sys.argv[1:5]
    A = json.load(open(acc))
    S = json.load(open(spd))
    E = json.load(open(env))
    D = Doc()
    D("# spamcls beside its peers")
    D()
    D("Written by `%s` on %s; every figure below comes from that run (do not edit by "
      "hand: run it again). Mode: %s." % (E["command"], E["date"],
                                          "quick (smaller inputs)" if E["quick"] else "full"))
    D()
    D("## Machine")
    D()
    D("```")
    for line in E["machine"]:
        D(line)
    D("```")
    D()
    D("## Versions")
    D()
    D.table(["what", "version"], [[k, v] for k, v in E["versions"]])
    D("## Protocols and data")
    D()
    D("Every tool sees the same files, written once by `bench/splits.py` from "
      "../shared/corpus (seed %d). Before any split, comments are deduplicated on a "
      "normalized text (NFKC, case folding, format characters such as U+200B and U+FEFF "
      "and combining marks removed, white space collapsed), keeping the first occurrence "
      "and its label, so the same comment never sits on both sides of a split. Only the "
      "comment text is given to the tools (no author fields), so that all see the same "
      "input. spam is the positive class. spamcls is run with the library's default "
      "options and each solver; \"(auto)\" marks the one `--solver auto` picks for that "
      "training-set size (libsvm up to %d comments, then dcd, whose weights are the "
      "liblinear row's bit for bit). \"spamcls (default-model options)\" "
      "is trained with the options of the shipped default model (`training/sources.sh`: "
      "`%s`); each training set here is one file, so `--balance-sources` balances spam and "
      "ham over the whole set, not per source. The \"ahead of every peer\" targets are "
      "judged on the best spamcls row."
      % (E["seed"], AUTO_LIMIT, rel(tools.recipe_options())))
    D()
    targets = []
    D("## Accuracy")
    D()
    if A:
        accuracy_section(D, A, targets)
    else:
        D("Not measured in this run (`bench/run.sh --speed` measures speed and memory only).")
        D()
    D("## Speed and memory")
    D()
    speed_section(D, S, targets)
    D("## Targets")
    D()
    D.table(["target", "measured", "result"], [t[:3] for t in targets])
    keys = []
    for t in targets:
        if t[2] != "met" and t[3] not in keys:
            keys.append(t[3])
    if keys:
        D("## Why targets are missed, and what would close them")
        D()
        for k in keys:
            D(NOTES[k])
            D()
    commands_section(D, "spamcls")
    with open(out + ".part", "w") as f:
        f.write("\n".join(D.lines).rstrip("\n") + "\n")
    os.replace(out + ".part", out)


if __name__ == "__main__":
    main()
