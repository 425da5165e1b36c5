#!/usr/bin/python3
"""Writes every benchmark split once, so that every tool sees the same data.

Usage: splits.py CORPUS_DIR OUT_DIR

Texts are deduplicated on a normalized form (NFKC, case folding, format
characters such as U+200B and U+FEFF removed, combining marks removed,
whitespace collapsed) before any split: the first occurrence is kept with
its label, so an identical normalized text never lands on both sides of a
split. Files are TSV ("label<TAB>text" with \\t \\n \\\\ escapes, a header
line), the format spamcls reads natively; the peers' adapters read them too.

OUT_DIR/manifest.json lists the protocols, their folds and file counts.
"""
import csv
import json
import os
import random
import sys
import unicodedata

import benchio
import obfuscate

SEED = 20261201
csv.field_size_limit(1 << 30)

YOUTUBE = ["Youtube01-Psy.csv", "Youtube02-KatyPerry.csv",
           "Youtube03-LMFAO.csv", "Youtube04-Eminem.csv",
           "Youtube05-Shakira.csv"]


def norm(text):
    """The deduplication key: what a reader would call the same comment."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = unicodedata.normalize("NFD", t)
    t = "".join(ch for ch in t
                if unicodedata.category(ch) not in ("Cf", "Mn", "Cc")
                or ch in "\n\t ")
    return " ".join(t.split())


def clean(text):
    """The text as given to every tool: line ends unified, NULs dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "")


def read_csv(path, text_col, label_col):
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            lab = (row.get(label_col) or "").strip()
            if lab not in ("0", "1"):
                continue
            yield clean(row[text_col]), int(lab)


def read_jsonl(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            o = json.loads(line)
            if o.get("label") not in (0, 1):
                continue
            yield clean(o.get("text") or ""), int(o["label"])


def dedup(records, seen=None):
    """Keeps the first record of each normalized text (and no empty one)."""
    seen = set() if seen is None else seen
    out = []
    for rec in records:
        k = norm(rec[0])
        if not k or k in seen:
            continue
        seen.add(k)
        out.append(rec)
    return out


def write_tsv(path, records):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("label\ttext\n")
        for text, lab in records:
            f.write(("spam" if lab else "ham") + "\t" + benchio.escape(text) + "\n")
    return {"n": len(records), "spam": sum(r[1] for r in records)}


def stratified_folds(records, k, rng):
    """Fold index per record: each class shuffled, then dealt round-robin."""
    fold = [0] * len(records)
    for lab in (0, 1):
        idx = [i for i, r in enumerate(records) if r[1] == lab]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            fold[i] = j % k
    return fold


def kfold(out, name, records, k, seed):
    folds = stratified_folds(records, k, random.Random(seed))
    entries = []
    for f in range(k):
        tr = [r for r, g in zip(records, folds) if g != f]
        te = [r for r, g in zip(records, folds) if g == f]
        d = os.path.join(out, name, "fold%02d" % (f + 1))
        entries.append({"name": "fold %d" % (f + 1),
                        "train": os.path.join(d, "train.tsv"),
                        "test": os.path.join(d, "test.tsv"),
                        "n_train": write_tsv(os.path.join(d, "train.tsv"), tr),
                        "n_test": write_tsv(os.path.join(d, "test.tsv"), te)})
    return entries


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    yt_dir = os.path.join(corpus, "youtube-spam-collection")
    yt_by_video = [(v, list(read_csv(os.path.join(yt_dir, v), "CONTENT", "CLASS")))
                   for v in YOUTUBE]
    manifest = {"seed": SEED, "protocols": {}}
    P = manifest["protocols"]

    # YouTube Spam Collection: stratified 10-fold CV on the deduplicated set.
    seen = set()
    yt_all = dedup([r for _, recs in yt_by_video for r in recs], seen)
    P["youtube-10fold"] = {"kind": "cv", "raw": sum(len(r) for _, r in yt_by_video),
                          "unique": len(yt_all),
                          "folds": kfold(out, "youtube-10fold", yt_all, 10, SEED)}

    # Leave one video out: the same deduplicated set, grouped by video (a text
    # shared by two videos stays with the first one).
    seen = set()
    per_video = [(v, dedup(recs, seen)) for v, recs in yt_by_video]
    folds = []
    for v, recs in per_video:
        tr = [r for w, rs in per_video if w != v for r in rs]
        d = os.path.join(out, "youtube-lovo", v.split(".")[0])
        folds.append({"name": v.split("-")[1].split(".")[0],
                      "train": os.path.join(d, "train.tsv"),
                      "test": os.path.join(d, "test.tsv"),
                      "n_train": write_tsv(os.path.join(d, "train.tsv"), tr),
                      "n_test": write_tsv(os.path.join(d, "test.tsv"), recs)})
    P["youtube-lovo"] = {"kind": "groups", "unique": len(yt_all), "folds": folds}

    # judol-gbennnn: 5 folds; deduplication first means every normalized text
    # is one group, wholly inside one fold.
    jpath = os.path.join(corpus, "judol-gbennnn", "dataset_judol_labelled.csv")
    jraw = list(read_csv(jpath, "comment_text", "label"))
    judol = dedup(jraw)
    P["judol-5fold"] = {"kind": "cv", "raw": len(jraw), "unique": len(judol),
                        "folds": kfold(out, "judol-5fold", judol, 5, SEED)}

    # The default training corpus (training/build-default-model.sh's files)
    # -> sfu-news-comments, every row a real reader comment (ham).
    default = []
    for v in YOUTUBE:
        default += read_csv(os.path.join(yt_dir, v), "CONTENT", "CLASS")
    default += jraw
    default += read_csv(os.path.join(corpus, "judol-kyyyy8", "comments.csv"), "text", "label")
    default += read_csv(os.path.join(corpus, "datacamp-blog-comments", "labeled_only.csv"),
                        "comment", "label")
    default += read_jsonl(os.path.join(corpus, "blog-comments-moderated", "comments.jsonl"))
    seen = set()
    dtrain = dedup(default, seen)
    spath = os.path.join(corpus, "sfu-news-comments", "SFU_constructiveness_toxicity.csv")
    with open(spath, newline="", encoding="utf-8", errors="replace") as f:
        sfu_raw = [(clean(r["comment"]), 0) for r in csv.DictReader(f)]
    sfu = dedup(sfu_raw, seen)   # also drops any text seen in training
    d = os.path.join(out, "default-sfu")
    P["default-sfu"] = {"kind": "fpr", "raw": len(default), "unique": len(dtrain),
                        "sfu_raw": len(sfu_raw),
                        "folds": [{"name": "sfu", "train": os.path.join(d, "train.tsv"),
                                   "test": os.path.join(d, "test.tsv"),
                                   "n_train": write_tsv(os.path.join(d, "train.tsv"), dtrain),
                                   "n_test": write_tsv(os.path.join(d, "test.tsv"), sfu)}]}

    # Obfuscation: an 80/20 stratified split of the default corpus; the
    # held-out spam is written plain and in each rewrite.
    folds = stratified_folds(dtrain, 5, random.Random(SEED + 1))
    tr = [r for r, g in zip(dtrain, folds) if g != 0]
    spam = [r for r, g in zip(dtrain, folds) if g == 0 and r[1] == 1]
    d = os.path.join(out, "obfuscation")
    rewrites = {"plain": os.path.join(d, "plain.tsv")}
    write_tsv(rewrites["plain"], spam)
    for name, fn in obfuscate.REWRITES:
        rewrites[name] = os.path.join(d, name + ".tsv")
        write_tsv(rewrites[name], [(fn(t), 1) for t, _ in spam])
    P["obfuscation"] = {"kind": "obfuscation", "unique": len(dtrain),
                        "folds": [{"name": "obfuscation",
                                   "train": os.path.join(d, "train.tsv"),
                                   "n_train": write_tsv(os.path.join(d, "train.tsv"), tr),
                                   "n_test": {"n": len(spam), "spam": len(spam)},
                                   "tests": rewrites}]}

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
