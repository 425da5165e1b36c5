# Shared by the quality tests (sourced): the arguments, the skip rule and
# the default model's training options.
# Usage in a test: . "$(dirname "$0")/common.sh" "$@"
#   $1 the spamcls binary, $2 the shared folder (../shared)
SPAMCLS=$1
SHARED=$2
SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=$SHARED/corpus
MODEL=$SOURCE_DIR/models/default.model
export SPAMCLS CORPUS LC_ALL=C
unset SPAMCLS_MODEL

# need_corpus FILE...: skip (77) with a message unless every file exists.
need_corpus() {
  for f in "$@"; do
    if [ ! -r "$f" ]; then
      echo "skipped: $f is absent (the shared corpora are needed)"
      exit 77
    fi
  done
}

# at_least NAME VALUE MIN: prints the figure, fails below MIN.
at_least() {
  if awk -v v="$2" -v m="$3" 'BEGIN { exit !(v >= m) }'; then
    echo "$1 $2 (at least $3): ok"
  else
    echo "FAIL: $1 $2 is below $3"
    return 1
  fi
}

# at_most NAME VALUE MAX
at_most() {
  if awk -v v="$2" -v m="$3" 'BEGIN { exit !(v <= m) }'; then
    echo "$1 $2 (at most $3): ok"
  else
    echo "FAIL: $1 $2 is above $3"
    return 1
  fi
}

# The default model's options (training/sources.sh), from the source dir.
cd "$SOURCE_DIR" || exit 1
. training/sources.sh

# fit_without GROUP...: the default model's recipe (training/corpus.py
# with the augmentation, DEFAULT_TRAIN_OPTIONS) fitted on every training
# group but these, into $TMP/m.model; each left-out group's comments are
# in $TMP/<group, / written __>.jsonl. Skips (77) without python3; sets PY.
fit_without() {
  PY=/usr/bin/python3
  [ -x "$PY" ] || { echo "skipped: $PY is needed"; exit 77; }
  TMP=$(mktemp -d) || exit 1
  trap 'rm -rf "$TMP"' EXIT
  args=""
  for g in "$@"; do args="$args --leave-out $g"; done
  # shellcheck disable=SC2086
  "$PY" training/corpus.py --augment $args "$CORPUS" "$TMP" >/dev/null ||
    { echo "FAIL: corpus.py"; exit 1; }
  files=$("$PY" -c 'import json, sys
for g in json.load(open(sys.argv[1] + "/groups.json")):
    if g["role"] == "train":
        print(sys.argv[1] + "/" + g["file"])' "$TMP")
  # shellcheck disable=SC2086
  "$SPAMCLS" train -q $DEFAULT_TRAIN_OPTIONS -o "$TMP/m.model" $files ||
    { echo "FAIL: train"; exit 1; }
}
