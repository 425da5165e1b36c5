#!/bin/sh
# Train on four videos of the YouTube Spam Collection, score the fifth,
# for each of the five rotations: each held-out video's accuracy must be
# at least 0.93. Needs the shared corpora; skips (77) without them.
# Usage: t_youtube_roundtrip.sh SPAMCLS SHARED_DIR
set -u
SPAMCLS=$1 DIR=$2/corpus/youtube-spam-collection
if [ ! -r "$DIR/Youtube01-Psy.csv" ]; then
  echo "skipped: $DIR is absent (the shared corpora are needed)"
  exit 77
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
status=0
for test in "$DIR"/Youtube0*.csv; do
  train=""
  for f in "$DIR"/Youtube0*.csv; do
    [ "$f" = "$test" ] || train="$train $f"
  done
  # shellcheck disable=SC2086
  "$SPAMCLS" train -q -o "$TMP/m.model" $train || { echo "FAIL: train"; exit 1; }
  # Labels in record order, from the debug view; verdicts from score.
  "$SPAMCLS" features --hashed "$test" | cut -d' ' -f1 > "$TMP/labels"
  "$SPAMCLS" score -m "$TMP/m.model" --unsure-margin 0 "$test" | cut -f2 > "$TMP/verdicts"
  acc=$(paste "$TMP/labels" "$TMP/verdicts" | awk '
    { n++; if (($1 == "+1") == ($2 == "spam")) ok++ }
    END { if (n) printf "%.4f", ok / n; else print 0 }')
  n=$(wc -l < "$TMP/labels")
  echo "$(basename "$test"): accuracy $acc on $n comments"
  awk -v a="$acc" 'BEGIN { exit !(a >= 0.93) }' || { echo "FAIL: below 0.93"; status=1; }
done
exit $status
