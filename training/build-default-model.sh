#!/bin/sh
# Rebuilds models/default.model from the shared corpora, byte for byte:
# the same inputs, options and seeds give the same file.
#
# Usage: training/build-default-model.sh [OUTPUT]
#   SPAMCLS  the spamcls binary (default: build/cli/spamcls)
#   CORPUS   the corpora folder (default: ../shared/corpus)
#
# Steps (models/MODEL.md says why):
#   1. training/corpus.py reads every training corpus into its groups,
#      deduplicated across all of them, and writes the gambling-name
#      augmentation (augment.py), under build/training/.
#   2. spamcls train with DEFAULT_TRAIN_OPTIONS of training/sources.sh, the
#      spam cut DEFAULT_CUT written into the model as its threshold. The
#      cut was chosen by training/loso.py from out-of-source scores only.
# Evaluation-only sources (sfu-news-comments) are never trained on.
set -eu
cd "$(dirname "$0")/.."
SPAMCLS=${SPAMCLS:-build/cli/spamcls}
CORPUS=${CORPUS:-../shared/corpus}
OUTPUT=${1:-models/default.model}
. training/sources.sh

if [ ! -d "$CORPUS/youtube-spam-collection" ]; then
  echo "build-default-model: $CORPUS has no corpora (set CORPUS)" >&2
  exit 77
fi
[ -x "$SPAMCLS" ] || { echo "build-default-model: build spamcls first ($SPAMCLS)" >&2; exit 1; }
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "build-default-model: $PY is needed (apt-get install python3)" >&2; exit 1; }

GROUPS=build/training/groups
rm -rf "$GROUPS"
mkdir -p "$GROUPS"
"$PY" training/corpus.py --augment --cap "${DEFAULT_SOURCE_CAP:-0}" "$CORPUS" "$GROUPS" >/dev/null
files=$("$PY" -c 'import json, sys
for g in json.load(open(sys.argv[1] + "/groups.json")):
    if g["role"] == "train":
        print(sys.argv[1] + "/" + g["file"])' "$GROUPS")
threshold=$(awk -v c="$DEFAULT_CUT" -v m="$DEFAULT_MARGIN" 'BEGIN { printf "%.4f", c - m }')
# shellcheck disable=SC2086
"$SPAMCLS" train -q $DEFAULT_TRAIN_OPTIONS --threshold "$threshold" \
  --unsure-margin "$DEFAULT_MARGIN" -o "$OUTPUT" $files
