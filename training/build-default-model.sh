#!/bin/sh
# Rebuilds models/default.model from the shared corpora, byte for byte:
# the same inputs, options and seed give the same file.
#
# Usage: training/build-default-model.sh [OUTPUT]
#   SPAMCLS  the spamcls binary (default: build/cli/spamcls)
#   CORPUS   the corpora folder (default: ../shared/corpus)
#
# Sources (see models/MODEL.md for counts and licenses): the YouTube Spam
# Collection, both Indonesian gambling-comment sets, the DataCamp blog
# comments and the moderated blog comments (records labeled null are left
# out by "train", which skips unlabeled records). sfu-news-comments stays
# out: it is the false-positive check. Duplicates (same normalized text)
# are dropped by "train", across files, keeping the first.
set -eu
cd "$(dirname "$0")/.."
SPAMCLS=${SPAMCLS:-build/cli/spamcls}
CORPUS=${CORPUS:-../shared/corpus}
OUTPUT=${1:-models/default.model}

set -- \
  "$CORPUS"/youtube-spam-collection/Youtube01-Psy.csv \
  "$CORPUS"/youtube-spam-collection/Youtube02-KatyPerry.csv \
  "$CORPUS"/youtube-spam-collection/Youtube03-LMFAO.csv \
  "$CORPUS"/youtube-spam-collection/Youtube04-Eminem.csv \
  "$CORPUS"/youtube-spam-collection/Youtube05-Shakira.csv \
  "$CORPUS"/judol-gbennnn/dataset_judol_labelled.csv \
  "$CORPUS"/judol-kyyyy8/comments.csv \
  "$CORPUS"/datacamp-blog-comments/labeled_only.csv \
  "$CORPUS"/blog-comments-moderated/comments.jsonl
for f in "$@"; do
  if [ ! -r "$f" ]; then
    echo "build-default-model: $f is missing: the corpora are needed (set CORPUS)" >&2
    exit 77
  fi
done
[ -x "$SPAMCLS" ] || { echo "build-default-model: build spamcls first ($SPAMCLS)" >&2; exit 1; }

"$SPAMCLS" train --solver liblinear --seed 1 -o "$OUTPUT" "$@"
