#!/bin/sh
# sfu-news-comments: 1,121 real reader comments on news articles, all of
# them ham, never trained on. The shipped default model calls at most 1%
# of them spam. A regression pin: the recipe's cut is the lowest at which
# this holds (training/loso.py, choose_cut), so it holds by construction
# for the recipe; it guards against a model or pipeline change.
. "$(dirname "$0")/common.sh" "$@"
f=$CORPUS/sfu-news-comments/SFU_constructiveness_toxicity.csv
need_corpus "$f"
"$SPAMCLS" score -m "$MODEL" --text-col comment "$f" | cut -f2 | sort | uniq -c
rate=$("$SPAMCLS" score -m "$MODEL" --text-col comment "$f" | cut -f2 |
       awk '{ n++ } $1 == "spam" { s++ } END { printf "%.4f", n ? s / n : 1 }')
at_most "flagged share" "$rate" 0.01
