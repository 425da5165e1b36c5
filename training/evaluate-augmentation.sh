#!/bin/sh
# What the gambling lexicon and the gambling-name augmentation buy, on
# examples that played no part in building either: the heldout set of
# training/augment.py (real sfu-news-comments reader comments, never
# trained on, with a gambling phrase from judol-kyyyy8 spam that is not
# among the judol-gbennnn phrases the augmentation draws from), the
# sfu-news-comments themselves (all ham), and the seed pages.
#
# Usage: training/evaluate-augmentation.sh
#   SPAMCLS, CORPUS as for build-default-model.sh.
# Prints, for the default options without the lexicon and augmentation,
# with the lexicon only, and with both (the shipped recipe): spam recall
# on the heldout set, the share of sfu comments flagged spam, and the
# verdicts of the first seed page's three comments. Each model's
# threshold is chosen as build-default-model.sh chooses it.
set -eu
cd "$(dirname "$0")/.."
SPAMCLS=${SPAMCLS:-build/cli/spamcls}
CORPUS=${CORPUS:-../shared/corpus}
. training/sources.sh
check_corpora || exit 77
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 training/augment.py train "$CORPUS" "$TMP/train.jsonl" 2>/dev/null
/usr/bin/python3 training/augment.py heldout "$CORPUS" "$TMP/heldout.jsonl" 2>/dev/null
SFU=$CORPUS/sfu-news-comments/SFU_constructiveness_toxicity.csv
SEED=$(ls "${SEEDS:-$CORPUS/../seeds}"/000_*.txt 2>/dev/null || true)
no_lexicon=$(echo "$DEFAULT_TRAIN_OPTIONS" | sed 's/--lexicon [^ ]*//')

printf '%-28s %14s %12s %14s  %s\n' variant "heldout recall" "unsure" "sfu flagged" "seed verdicts"
run() {  # NAME AUGMENTATION-FILE OPTIONS...
  name=$1 aug=$2
  shift 2
  # shellcheck disable=SC2046
  "$SPAMCLS" train -q "$@" -o "$TMP/m.model" $(all_source_files) $aug
  # shellcheck disable=SC2046
  "$SPAMCLS" eval -q --cv 5 "$@" --threshold-for-fpr 0.001 \
    --write-threshold "$TMP/m.model" $(all_source_files) $aug >/dev/null
  "$SPAMCLS" score -m "$TMP/m.model" "$TMP/heldout.jsonl" | cut -f2 > "$TMP/h"
  rec=$(awk '{ n++ } $1 == "spam" { s++ } END { printf "%.4f", s / n }' "$TMP/h")
  uns=$(awk '{ n++ } $1 == "unsure" { s++ } END { printf "%.4f", s / n }' "$TMP/h")
  sfu=$("$SPAMCLS" score -m "$TMP/m.model" --text-col comment "$SFU" | cut -f2 |
        awk '{ n++ } $1 == "spam" { s++ } END { printf "%.4f", s / n }')
  seeds=-
  if [ -n "$SEED" ]; then
    seeds=$("$SPAMCLS" extract "$SEED" | "$SPAMCLS" score -m "$TMP/m.model" --format jsonl - | cut -f2 | tr '\n' ' ')
  fi
  printf '%-28s %14s %12s %14s  %s\n' "$name" "$rec" "$uns" "$sfu" "$seeds"
}
# shellcheck disable=SC2086
run "no lexicon, no augmentation" "" $no_lexicon
# shellcheck disable=SC2086
run "lexicon only" "" $DEFAULT_TRAIN_OPTIONS
# shellcheck disable=SC2086
run "lexicon and augmentation" "$TMP/train.jsonl" $DEFAULT_TRAIN_OPTIONS
