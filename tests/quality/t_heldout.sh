#!/bin/sh
# Out of source: the figure that matters. One fit with the default model's
# recipe (training/sources.sh, training/corpus.py, the augmentation) on
# every training group but five, which it never sees: a YouTube video, two
# blogs of the moderated sets, a blog's Disqus export and the DataCamp
# tutorial comments. Each is scored at the recipe's cut; their mean F1 and
# their ham flagged are held to bars set below what this recipe measured:
# F1 Shakira 0.918, haacked.com 0.826, travisdowns 0.903, Disqus 0.500,
# DataCamp 0.519 (mean 0.733); ham flagged 0.6%, 6.6%, 3.6%, 6.8%, 5.3%
# (models/MODEL.md; training/loso.py reports every group). These groups
# were among those the recipe was chosen on, so the bars guard against
# regressions; the sets held back from the project are the real test.
. "$(dirname "$0")/common.sh" "$@"
need_corpus "$CORPUS/youtube-spam-collection/Youtube05-Shakira.csv" \
  "$CORPUS/civil-comments-toxic/comments.csv"
held="youtube/Shakira blog1/haacked.com blog2/travisdowns.github.io \
disqus/DisqusToStaticManComments datacamp"
# shellcheck disable=SC2086
fit_without $held
status=0
sum=0
n=0
for g in $held; do
  f=$TMP/$(echo "$g" | sed 's|/|__|g').jsonl
  row=$("$SPAMCLS" eval -q -m "$TMP/m.model" --threshold "$DEFAULT_CUT" "$f" |
        awk '$1 == "all" { print $8, $12; exit }')
  [ -n "$row" ] || { echo "FAIL: eval $g"; exit 1; }
  set -- $row
  echo "$g: F1 $1, ham flagged $2"
  sum=$(awk -v s="$sum" -v f="$1" 'BEGIN { print s + f }')
  n=$((n + 1))
  at_most "$g ham flagged" "$2" 0.12 || status=1
done
mean=$(awk -v s="$sum" -v n="$n" 'BEGIN { printf "%.4f", s / n }')
at_least "mean F1 of the five held-out groups" "$mean" 0.64 || status=1
exit $status
