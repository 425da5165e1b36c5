#!/bin/sh
# 10-fold cross-validation on the YouTube Spam Collection with liblinear
# (libsvm, the auto choice at this size, is minutes slower) and the other
# default settings: prints the figures, and fails when the overall
# accuracy falls below 0.93 or the ROC AUC below 0.97. Needs the shared
# corpora; skips (77) without them.
# Usage: t_eval_youtube.sh SPAMCLS SHARED_DIR
set -u
SPAMCLS=$1 DIR=$2/corpus/youtube-spam-collection
if [ ! -r "$DIR/Youtube01-Psy.csv" ]; then
  echo "skipped: $DIR is absent (the shared corpora are needed)"
  exit 77
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
"$SPAMCLS" eval -q --cv 10 --seed 1 --solver liblinear "$DIR"/Youtube0*.csv > "$TMP/table" ||
  { echo "FAIL: eval --cv 10"; exit 1; }
cat "$TMP/table"
# The "all" row: name, comments, spam, ham, accuracy, precision, recall,
# F1, MCC, ROC AUC, PR AUC, ham FPR.
awk '$1 == "all" && NF == 12 {
       found = 1
       if ($5 < 0.93) { print "FAIL: accuracy " $5 " < 0.93"; bad = 1 }
       if ($10 < 0.97) { print "FAIL: ROC AUC " $10 " < 0.97"; bad = 1 }
       exit
     }
     END { if (!found) { print "FAIL: no overall row"; bad = 1 } exit bad }' \
  "$TMP/table" || exit 1
n=$(awk '$1 == "all" && NF == 12 { print $2; exit }' "$TMP/table")
echo "ok: 10-fold cross-validation, $n comments"
