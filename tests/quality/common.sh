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
