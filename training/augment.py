#!/usr/bin/python3
"""Gambling-name augmentation: real gambling phrases, taken from the
Indonesian gambling-spam corpora, inserted into real ham comments of other
domains (English blog, tutorial and video comments), written as spam.

Why: the spam that reaches English news and blog comment sections is bland
praise with a gambling name tacked on ("... togel online"). No corpus has
that pattern, and in the Indonesian corpora the plain gambling words are
more common in ham (people condemning gambling) than in spam (which names
brands). The augmented comments teach the model that a gambling name in an
otherwise unrelated comment makes it spam.

Two sets, disjoint in both hosts and phrases:
  train    hosts: ham of youtube-spam-collection, datacamp-blog-comments,
           blog-comments-moderated; phrases: spam of judol-gbennnn.
  heldout  hosts: sfu-news-comments (never trained on); phrases: spam of
           judol-kyyyy8 whose normalized form is not a judol-gbennnn phrase.
The heldout set measures what the augmentation buys on examples that played
no part in building it (training/evaluate-augmentation.sh).

Deterministic: the same corpora and seed give the same bytes.
Usage: augment.py {train|heldout} CORPUS_DIR OUTPUT.jsonl [--count N] [--seed S]
"""
import argparse
import csv
import json
import os
import random
import re
import sys
import tempfile
import unicodedata

csv.field_size_limit(1 << 24)

HERE = os.path.dirname(os.path.abspath(__file__))


def load_lexicon(path):
    """One-word and two-word terms of the lexicon (see gambling-lexicon.txt)."""
    terms = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            terms.add(line.split(" ", 1)[1])
    return terms


class Deletions(dict):
    """A str.translate table that removes the characters drop(c) is true
    of and keeps the others, deciding once for each character met."""

    def __init__(self, drop):
        super().__init__()
        self.drop = drop

    def __missing__(self, code):
        self[code] = None if self.drop(chr(code)) else code
        return self[code]


_MARKS = Deletions(unicodedata.combining)
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def fold(token):
    """Styled, fullwidth and overlaid letters to plain lowercase ASCII."""
    if token.isascii():  # NFKC and NFD leave ASCII as it is
        return _NOT_ALNUM.sub("", token.lower())
    t = unicodedata.normalize("NFKC", token).casefold()
    t = unicodedata.normalize("NFD", t).translate(_MARKS)
    return _NOT_ALNUM.sub("", t)


def is_decoration(token):
    """Emoji and symbols framing a name (stars, check marks, fire)."""
    return all(unicodedata.category(c)[0] in "SP" or c in "\ufe0f\u200d"
               for c in token)


def is_styled(token):
    return any(ord(c) > 0x7f and fold(c) for c in token)


def is_gambling(word, lexicon):
    """A lexicon term, a term with digits glued on, or a name with the
    lottery shape "<digit>d" glued on (bardi4d)."""
    if word in lexicon or word.rstrip("0123456789") in lexicon:
        return True
    return bool(re.fullmatch(r"[a-z]{3,}[0-9]d", word))


def is_brand(word, raw):
    """A site name: letters then digits ("pulau777"), or a styled word."""
    return (bool(re.fullmatch(r"[a-z]{3,}[0-9]{2,4}", word)) or
            (is_styled(raw) and len(word) >= 4))


def phrases_of(text, lexicon):
    """Gambling phrases of one spam comment, as written (styled letters,
    spacing and decorations kept), with their folded form."""
    toks = text.split()
    folded = [fold(t) for t in toks]
    out = []
    i = 0
    while i < len(toks):
        # A letter-spaced name: a run of four or more one-character tokens.
        j = i
        while j < len(toks) and len(folded[j]) == 1:
            j += 1
        if j - i >= 4:
            lo, hi = i, j
        elif is_gambling(folded[i], lexicon) or is_brand(folded[i], toks[i]):
            lo, hi = i, i + 1
            # two-word names: "slot gacor", "togel online", "dewa 4d"
            if hi < len(toks) and (is_gambling(folded[hi], lexicon) or
                                   is_brand(folded[hi], toks[hi])):
                hi += 1
        else:
            i += 1
            continue
        while lo > 0 and is_decoration(toks[lo - 1]) and i - lo < 2:
            lo -= 1
        while hi < len(toks) and is_decoration(toks[hi]) and hi - j < 2:
            hi += 1
        phrase = " ".join(toks[lo:hi]).strip(" ,.!?")
        key = "".join(folded[lo:hi])
        if 3 <= len(key) <= 40 and phrase:
            out.append((key, phrase))
        i = max(hi, i + 1)
    return out


def read_rows(path, text_col, label_col):
    """(text, label) of a CSV or JSONL file; label None when absent."""
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                yield r.get(text_col) or "", r.get(label_col)
        return
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            yield r.get(text_col) or "", r.get(label_col) if label_col else None


def is_label(value, want):
    return str(value).strip() == str(want)


def phrase_pool(corpus, rel, text_col, label_col, lexicon):
    pool = {}
    for text, label in read_rows(os.path.join(corpus, rel), text_col, label_col):
        if is_label(label, 1):
            for key, phrase in phrases_of(text, lexicon):
                pool.setdefault(key, phrase)
    return pool


def has_term(phrase, lexicon):
    """A phrase naming a kind of gambling ("togel online", "slot gacor")
    rather than only a brand ("PULAU777")."""
    words = [fold(t) for t in phrase.split()]
    return any(w in lexicon or w.rstrip("0123456789") in lexicon
               for w in words)


def host_pool(corpus, sources):
    hosts, seen = [], set()
    for rel, text_col, label_col in sources:
        for text, label in read_rows(os.path.join(corpus, rel), text_col,
                                     label_col):
            if label_col and not is_label(label, 0):
                continue
            text = " ".join(text.split())
            if 4 <= len(text.split()) and len(text) <= 400 and text not in seen:
                seen.add(text)
                hosts.append(text)
    return hosts


def insert(rng, host, phrase):
    """Where the names go in the real spam: mostly tacked on at the end."""
    r = rng.random()
    if r < 0.7:
        return host + rng.choice([" ", "\n", " - ", ". "]) + phrase
    if r < 0.85:
        return phrase + rng.choice([" ", ", ", "\n"]) + host
    words = host.split(" ")
    k = rng.randrange(1, len(words))
    return " ".join(words[:k] + [phrase] + words[k:])


def build(phrases, hosts, lexicon, count, seed, prefix, paired=False):
    """count augmented spam records (id, label, text): hosts drawn without
    repeats, each with one phrase inserted, each followed by its host as
    ham when paired. Returns them with the figures (records, hosts,
    distinct phrases, generic names, brands)."""
    rng = random.Random(seed)
    # Two kinds of names, drawn equally often: the brands outnumber the
    # generic names many times over among distinct phrases, and a model
    # that only saw brands would not learn that "... togel online" is spam.
    terms = sorted(k for k in phrases if has_term(phrases[k], lexicon))
    brands = sorted(k for k in phrases if k not in set(terms))
    kinds = [k for k in (terms, brands) if k]
    chosen = rng.sample(hosts, min(count, len(hosts)))
    recs = []
    for n, host in enumerate(chosen, 1):
        kind = kinds[rng.randrange(len(kinds))]
        phrase = phrases[kind[rng.randrange(len(kind))]]
        recs.append({"id": "%s-%d" % (prefix, n), "label": "spam",
                     "text": insert(rng, host, phrase)})
        if paired:
            recs.append({"id": "%s-%d-host" % (prefix, n), "label": "ham",
                         "text": host})
    return recs, (len(recs), len(hosts), len(phrases), len(terms), len(brands))


# Corpora (training/corpus.py groups) whose ham hosts the phrases.
GROUP_HOSTS = ("youtube", "datacamp", "blog1", "blog2", "disqus", "civil")
# How many augmented spam comments a training set gets (each beside its
# host as ham); models/MODEL.md has the runs that chose it (more raised
# the seed pattern out of source and flagged more real English ham).
AUGMENT_COUNT = 3000


def group_hosts(groups):
    """Host texts: the ham of the host corpora's groups, 4 words or more
    and at most 400 characters, each text once, in group order."""
    out, seen = [], set()
    for g, recs in groups.items():
        if g.split("/")[0] not in GROUP_HOSTS:
            continue
        for r in recs:
            text = " ".join(r["text"].split())
            if (r["label"] == "ham" and len(text.split()) >= 4
                    and len(text) <= 400 and text not in seen):
                seen.add(text)
                out.append(text)
    return out


def for_groups(corpus, groups, lexicon, count=AUGMENT_COUNT, seed=1,
               paired=None):
    """The augmentation of a training set made of corpus.py groups:
    judol-gbennnn's phrases (judol-kyyyy8's when judol-gbennnn is not
    among the groups: what a fit leaves out lends it no phrases either)
    in the ham of the host groups. Paired (the default; the
    environment's AUGMENT_PAIRED=0 turns it off), each spam record is
    followed by its host as ham: the file is balanced by itself, and the
    gambling name is the only difference within each pair. Trained ahead
    of the groups, so that deduplication keeps the pair together.
    AUGMENT_COUNT in the environment overrides count."""
    if paired is None:
        paired = os.environ.get("AUGMENT_PAIRED", "1") != "0"
    count = int(os.environ.get("AUGMENT_COUNT", count))
    src = GBENNNN if "judol-gbennnn" in groups else KYYYY8
    recs, stats = build(phrase_pool(corpus, *src, lexicon), group_hosts(groups),
                        lexicon, count, seed, "aug", paired)
    return recs, stats


def heldout(corpus, lexicon, count=1000, seed=1):
    """The seed pattern on data no fit of the default model sees: SFU news
    comments (evaluation only) with judol-kyyyy8 gambling phrases that are
    not judol-gbennnn phrases, for the fit that leaves judol-kyyyy8 out."""
    train_phrases = phrase_pool(corpus, *GBENNNN, lexicon)
    phrases = {k: p for k, p in phrase_pool(corpus, *KYYYY8, lexicon).items()
               if k not in train_phrases}
    return build(phrases, host_pool(corpus, HELDOUT_HOSTS), lexicon, count,
                 seed, "heldout")


TRAIN_HOSTS = [
    ("youtube-spam-collection/Youtube01-Psy.csv", "CONTENT", "CLASS"),
    ("youtube-spam-collection/Youtube02-KatyPerry.csv", "CONTENT", "CLASS"),
    ("youtube-spam-collection/Youtube03-LMFAO.csv", "CONTENT", "CLASS"),
    ("youtube-spam-collection/Youtube04-Eminem.csv", "CONTENT", "CLASS"),
    ("youtube-spam-collection/Youtube05-Shakira.csv", "CONTENT", "CLASS"),
    ("datacamp-blog-comments/labeled_only.csv", "comment", "label"),
    ("blog-comments-moderated/comments.jsonl", "text", "label"),
]
HELDOUT_HOSTS = [("sfu-news-comments/SFU_constructiveness_toxicity.csv",
                  "comment", None)]
GBENNNN = ("judol-gbennnn/dataset_judol_labelled.csv", "comment_text", "label")
KYYYY8 = ("judol-kyyyy8/comments.csv", "text", "label")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("set", choices=["train", "heldout"])
    ap.add_argument("corpus")
    ap.add_argument("output")
    ap.add_argument("--count", type=int, default=AUGMENT_COUNT)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", action="append", default=[],
                    help="leave out host files whose path starts with this "
                         "(leave-one-source-out runs)")
    ap.add_argument("--lexicon", default=os.path.join(HERE,
                                                      "gambling-lexicon.txt"))
    a = ap.parse_args()
    lexicon = load_lexicon(a.lexicon)
    train_phrases = phrase_pool(a.corpus, *GBENNNN, lexicon)
    if a.set == "train":
        sources = [h for h in TRAIN_HOSTS
                   if not any(h[0].startswith(k) for k in a.skip)]
        phrases, hosts = train_phrases, host_pool(a.corpus, sources)
    else:
        phrases = {k: p for k, p in
                   phrase_pool(a.corpus, *KYYYY8, lexicon).items()
                   if k not in train_phrases}
        hosts = host_pool(a.corpus, HELDOUT_HOSTS)
    if not phrases or not hosts:
        sys.exit("augment: no phrases or no host comments found in " + a.corpus)
    recs, stats = build(phrases, hosts, lexicon, a.count, a.seed, a.set)
    out_dir = os.path.dirname(os.path.abspath(a.output))
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".augment.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for rec in recs:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, a.output)
    print("augment: %s: %d comments from %d hosts and %d distinct phrases "
          "(%d naming a kind of gambling, %d brands only)"
          % ((a.set,) + stats), file=sys.stderr)


if __name__ == "__main__":
    main()
