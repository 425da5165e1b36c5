#!/usr/bin/python3
"""The training corpora of the default model, read into groups.

A group is one natural source of comments: a YouTube video, a blog, a
gambling-comment set, the news-site comments. Leave-one-source-out runs
(loso.py) hold out one group at a time, so "a source the model has not
seen" means another video, blog or site, not another fold of the same one.

Every comment is deduplicated across all groups before any split: the
first group (in SOURCES order) that has a normalized text keeps it, and a
text seen with both labels is dropped. Templates reposted across sets
therefore never sit on both sides of a split.

  corpus.py CORPUS_DIR OUTDIR [--coarse] [--augment]
writes OUTDIR/<group>.jsonl (text, label, author, author_url) and
OUTDIR/groups.json (name, role, file, counts). --coarse makes one group
per corpus instead of per video and blog. --leave-out GROUP gives GROUP
the role "heldout" (an out-of-source test set). --augment also writes
OUTDIR/augmented.jsonl, the gambling-name augmentation of the training
groups (augment.py), and names it in groups.json with role "train".
"""
import argparse
import csv
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import augment  # noqa: E402

csv.field_size_limit(1 << 24)

# A blog with fewer labeled comments than this joins its corpus's "other"
# group: too small to say anything alone.
MIN_GROUP = 100

# (corpus folder, file, format, text, label, author, author_url, group by,
#  role). Labels: 1/spam is spam, 0/ham is ham, anything else unlabeled.
# "all" as label: every row is ham. role: "train" sources are learned
# from; "eval" sources (licence or purpose) are only ever scored.
SOURCES = [
    ("youtube-spam-collection", "Youtube01-Psy.csv", "csv", "CONTENT",
     "CLASS", "AUTHOR", None, "file", "train"),
    ("youtube-spam-collection", "Youtube02-KatyPerry.csv", "csv", "CONTENT",
     "CLASS", "AUTHOR", None, "file", "train"),
    ("youtube-spam-collection", "Youtube03-LMFAO.csv", "csv", "CONTENT",
     "CLASS", "AUTHOR", None, "file", "train"),
    ("youtube-spam-collection", "Youtube04-Eminem.csv", "csv", "CONTENT",
     "CLASS", "AUTHOR", None, "file", "train"),
    ("youtube-spam-collection", "Youtube05-Shakira.csv", "csv", "CONTENT",
     "CLASS", "AUTHOR", None, "file", "train"),
    ("judol-gbennnn", "dataset_judol_labelled.csv", "csv", "comment_text",
     "label", "author", None, "corpus", "train"),
    ("judol-kyyyy8", "comments.csv", "csv", "text", "label", None, None,
     "corpus", "train"),
    ("datacamp-blog-comments", "labeled_only.csv", "csv", "comment", "label",
     None, None, "corpus", "train"),
    ("blog-comments-moderated", "comments.jsonl", "jsonl", "text", "label",
     "author", "author_url", "repo", "train"),
    ("blog-comments-moderated-2", "comments.jsonl", "jsonl", "text", "label",
     "author", "author_url", "repo", "train"),
    ("disqus-exports", "comments.jsonl", "jsonl", "text", "label", "author",
     "author_url", "repo", "train"),
    ("civil-comments-toxic", "comments.csv", "csv", "comment_text", "all",
     None, None, "corpus", "train"),
    ("sfu-news-comments", "SFU_constructiveness_toxicity.csv", "csv",
     "comment", "all", None, None, "corpus", "eval"),
]

SHORT = {"youtube-spam-collection": "youtube", "judol-gbennnn": "judol-gbennnn",
         "judol-kyyyy8": "judol-kyyyy8", "datacamp-blog-comments": "datacamp",
         "blog-comments-moderated": "blog1", "blog-comments-moderated-2": "blog2",
         "disqus-exports": "disqus", "civil-comments-toxic": "civil",
         "sfu-news-comments": "sfu"}


# Combining marks and format characters (U+200B, U+FEFF ...) removed.
_DROPPED = augment.Deletions(lambda c: unicodedata.combining(c) or
                             unicodedata.category(c) == "Cf")


def norm_key(text):
    """The dedup key: compatibility-folded, case-folded, marks and
    whitespace runs removed (close to what spamcls itself treats as the
    same comment)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    if not t.isascii():  # ASCII has no marks and no format characters
        t = unicodedata.normalize("NFD", t).translate(_DROPPED)
    return " ".join(t.split())


def label_of(value, mode):
    if mode == "all":
        return "ham"
    v = str(value).strip().lower() if value is not None else ""
    if v in ("1", "spam", "true"):
        return "spam"
    if v in ("0", "ham", "false"):
        return "ham"
    return None


def rows(corpus, src):
    folder, name, fmt, tcol, lcol, acol, ucol, _, _ = src
    path = os.path.join(corpus, folder, name)
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                yield r, r.get(tcol), r.get(lcol), r.get(acol) if acol else None, \
                    r.get(ucol) if ucol else None
    else:
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                yield r, r.get(tcol), r.get(lcol) if lcol != "all" else None, \
                    r.get(acol) if acol else None, None


def group_of(src, rec, coarse):
    folder, name, _, _, _, _, _, by, _ = src
    short = SHORT[folder]
    if coarse or by == "corpus":
        return short
    if by == "file":
        return short + "/" + re.sub(r"^Youtube0\d-|\.csv$", "", name)
    repo = (rec.get("meta") or {}).get("repo") or rec.get("source", "").split(" ")[0]
    return short + "/" + repo.split("/")[-1]


def check(corpus):
    missing = [os.path.join(corpus, s[0], s[1]) for s in SOURCES
               if not os.path.exists(os.path.join(corpus, s[0], s[1]))]
    if missing:
        sys.exit("corpus: missing %s: the shared corpora are needed "
                 "(set CORPUS)" % ", ".join(missing))


def read_groups(corpus, coarse=False):
    """{group: [record]} and {group: role}, deduplicated across groups."""
    check(corpus)
    first = {}       # key -> (group, label)
    conflict = set()
    groups, roles, order = {}, {}, []
    for src in SOURCES:
        for rec, text, lab, author, url in rows(corpus, src):
            label = label_of(lab, src[4])
            text = text or ""
            if label is None or not text.strip():
                continue
            g = group_of(src, rec, coarse)
            if g not in groups:
                groups[g], roles[g] = [], src[8]
                order.append(g)
            key = norm_key(text)
            if key in first:
                if first[key][1] != label:
                    conflict.add(key)
                continue
            first[key] = (g, label)
            groups[g].append({"text": text, "label": label,
                              "author": author or "", "author_url": url or "",
                              "_key": key})
    for g in groups:
        groups[g] = [r for r in groups[g] if r["_key"] not in conflict]
    if not coarse:
        merge_small(groups, roles, order)
    return {g: groups[g] for g in order if g in groups}, roles


def merge_small(groups, roles, order):
    """Blogs under MIN_GROUP labeled comments join "<corpus>/other"."""
    for g in list(order):
        if "/" in g and not g.startswith("youtube/") and len(groups[g]) < MIN_GROUP:
            other = g.split("/")[0] + "/other"
            if other not in groups:
                groups[other], roles[other] = [], roles[g]
                order.append(other)
            groups[other].extend(groups.pop(g))
            order.remove(g)


def counts(recs):
    spam = sum(r["label"] == "spam" for r in recs)
    return {"comments": len(recs), "spam": spam, "ham": len(recs) - spam}


def capped(recs, cap):
    """recs with at most `cap` comments of each class, spread evenly over
    the group (deterministic, order kept): a cap on what one large source
    contributes to a fit, so that it does not alone decide what "normal"
    looks like. cap 0: all of them."""
    if not cap:
        return recs
    keep = set()
    for lab in ("spam", "ham"):
        idx = [i for i, r in enumerate(recs) if r["label"] == lab]
        if len(idx) > cap:
            idx = [idx[k * len(idx) // cap] for k in range(cap)]
        keep.update(idx)
    return [r for i, r in enumerate(recs) if i in keep]


def write_jsonl(path, recs):
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps({k: v for k, v in r.items() if k[0] != "_"},
                               ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def file_name(group):
    return group.replace("/", "__") + ".jsonl"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("outdir")
    ap.add_argument("--coarse", action="store_true")
    ap.add_argument("--augment", action="store_true")
    ap.add_argument("--cap", type=int, default=0, metavar="N",
                    help="at most N comments of each class from each "
                         "training group (capped)")
    ap.add_argument("--leave-out", action="append", default=[], metavar="GROUP",
                    help="mark GROUP \"heldout\": not trained on, and no host "
                         "of the augmentation")
    a = ap.parse_args()
    groups, roles = read_groups(a.corpus, a.coarse)
    for g in a.leave_out:
        if g not in groups:
            sys.exit("corpus: no group %s" % g)
        roles[g] = "heldout"
    os.makedirs(a.outdir, exist_ok=True)
    meta = []
    for g, recs in groups.items():
        if roles[g] == "train":
            recs = groups[g] = capped(recs, a.cap)
        write_jsonl(os.path.join(a.outdir, file_name(g)), recs)
        meta.append(dict(name=g, role=roles[g], file=file_name(g), **counts(recs)))
    if a.augment:
        lexicon = augment.load_lexicon(os.path.join(HERE, "gambling-lexicon.txt"))
        recs, _ = augment.for_groups(
            a.corpus, {g: r for g, r in groups.items() if roles[g] == "train"},
            lexicon)
        write_jsonl(os.path.join(a.outdir, "augmented.jsonl"), recs)
        # first: train's deduplication keeps the first copy of a text, and
        # the augmentation's hosts must stay beside their spam twins
        meta.insert(0, dict(name="augmented", role="train",
                            file="augmented.jsonl", **counts(recs)))
    tmp = os.path.join(a.outdir, "groups.json.part")
    with open(tmp, "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(tmp, os.path.join(a.outdir, "groups.json"))
    for m in meta:
        print("%-28s %-5s %6d comments %6d spam %6d ham"
              % (m["name"], m["role"], m["comments"], m["spam"], m["ham"]))


if __name__ == "__main__":
    main()
