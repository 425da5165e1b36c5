#!/bin/sh
# Out of source, the comments that talk about gambling: one fit with the
# default model's recipe on every training group but judol-gbennnn (and
# with no augmentation phrase of it), which then scores judol-gbennnn's
# ham that names a term of the gambling lexicon: readers complaining
# about the judol spam under the videos ("SETOP JUDI Online.", "Jangan
# bales komentar judi slot"), and slang ("gacor"). The share flagged at
# the recipe's cut is held to a bar. This fit measures 17.8%, and 35.8%
# with a binary whose --lexicon brings no `tail-by-length`;
# training/loso.py's fit (models/MODEL.md) 20.8%, and 34.7% without it.
. "$(dirname "$0")/common.sh" "$@"
need_corpus "$CORPUS/judol-gbennnn/dataset_judol_labelled.csv" \
  "$CORPUS/judol-kyyyy8/comments.csv"
fit_without judol-gbennnn
# the ham that names a lexicon term, as written (lower case, whole words)
"$PY" - training/gambling-lexicon.txt "$TMP/judol-gbennnn.jsonl" \
  "$TMP/talk.jsonl" <<'EOF' || { echo "FAIL: selecting the comments"; exit 1; }
import json, re, sys
terms = [line.split(None, 1)[1].strip() for line in open(sys.argv[1])
         if line.strip() and not line.startswith("#")]
pat = re.compile(r"\b(%s)\b" % "|".join(map(re.escape, terms)))
with open(sys.argv[3], "w") as out:
    for line in open(sys.argv[2]):
        r = json.loads(line)
        if r["label"] == "ham" and pat.search(r["text"].lower()):
            out.write(line)
EOF
n=$(wc -l < "$TMP/talk.jsonl")
[ "$n" -ge 300 ] || { echo "FAIL: only $n comments selected"; exit 1; }
share=$("$SPAMCLS" eval -q -m "$TMP/m.model" --threshold "$DEFAULT_CUT" \
        "$TMP/talk.jsonl" | awk '$1 == "all" { print $12; exit }')
[ -n "$share" ] || { echo "FAIL: eval"; exit 1; }
echo "judol-gbennnn ham naming a gambling term: $n comments"
at_most "flagged share" "$share" 0.25
