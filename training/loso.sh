#!/bin/sh
# Leave-one-source-out evaluation: for each source of the default model's
# training data, train on all the others (with the gambling-name
# augmentation rebuilt without that source's comments) and score the
# left-out source, which the model never saw. This is the routine for
# modelling decisions: a setting that only helps the source it was tuned
# on shows up here as a loss on the others.
#
# Usage: training/loso.sh [TRAINING OPTIONS...]
#   The options go to "spamcls train" and "spamcls eval" as they are
#   (default: those of build-default-model.sh).
#   SPAMCLS  the spamcls binary (default: build/cli/spamcls)
#   CORPUS   the corpora folder (default: ../shared/corpus)
# Prints one row per left-out source: comments, accuracy, precision,
# recall, F1, ham false-positive rate at the model's threshold, and the
# threshold that would keep that source's ham FPR at or under 1%.
set -eu
cd "$(dirname "$0")/.."
SPAMCLS=${SPAMCLS:-build/cli/spamcls}
CORPUS=${CORPUS:-../shared/corpus}
. training/sources.sh
[ "$#" -gt 0 ] || set -- $DEFAULT_TRAIN_OPTIONS
[ -x "$SPAMCLS" ] || { echo "loso: build spamcls first ($SPAMCLS)" >&2; exit 1; }
check_corpora || exit 77

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf '%-24s %8s %8s %9s %8s %8s %8s %10s\n' left-out comments accuracy \
  precision recall F1 "ham FPR" "thr@1%FPR"
for left in youtube judol-gbennnn judol-kyyyy8 datacamp blog; do
  train=""
  for s in youtube judol-gbennnn judol-kyyyy8 datacamp blog; do
    [ "$s" = "$left" ] || train="$train $(source_files "$s")"
  done
  /usr/bin/python3 training/augment.py train "$CORPUS" "$TMP/aug.jsonl" \
    --skip "$(source_prefix "$left")" 2>/dev/null
  # shellcheck disable=SC2086
  "$SPAMCLS" train -q "$@" -o "$TMP/m.model" $train "$TMP/aug.jsonl"
  # shellcheck disable=SC2046
  "$SPAMCLS" eval -q -m "$TMP/m.model" --json $(source_files "$left") \
    > "$TMP/e.json"
  /usr/bin/python3 - "$left" "$TMP/e.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[2]))["all"]
t = a.get("at_target_fpr", {}).get("own_threshold")
print("%-24s %8d %8.4f %9.4f %8.4f %8.4f %8.4f %10s" % (
    sys.argv[1], a["comments"], a["accuracy"], a["precision"], a["recall"],
    a["f1"], a["ham_fpr"], "%.4f" % t if t is not None else "-"))
PY
done
