#!/bin/sh
# Runs the whole benchmark: spamcls beside fastText, bogofilter and
# scikit-learn on the same splits of ../shared/corpus, then speed and memory
# on the same machine (training, scoring, model load, `spamcls moderate` on
# a generated archive with bench/moderate.sh, and one large page parsed into
# libxml2's tree against a streaming parse with bench/htmlmem.c), and
# writes bench/results/README.md.
#
# Usage: bench/run.sh [--quick] [--speed] [--keep]
#   --quick  a smaller run: 100,000 comments instead of 1,000,000 for the
#            speed part, training times on 20,000 comments of the default
#            corpus, two judol folds, fewer libsvm sizes; it writes
#            bench/results/README.quick.tmp, not README.md
#   --speed  speed and memory only (no accuracy protocols); it writes
#            bench/results/speed.md, not README.md
#   --keep   keep the temporary folder (splits, models, scores)
# Environment: CORPUS (default ../shared/corpus), BUILD_DIR (default
# build-bench), TMPDIR (where the large generated files go).
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
QUICK=0
SPEED=0
KEEP=0
for a in "$@"; do
  case $a in
    --quick) QUICK=1 ;;
    --speed) SPEED=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$a'" >&2; exit 2 ;;
  esac
done
CORPUS=${CORPUS:-../shared/corpus}
BUILD_DIR=${BUILD_DIR:-build-bench}
PY=/usr/bin/python3    # Debian's interpreter: python3-sklearn installs into it

if [ ! -d "$CORPUS/youtube-spam-collection" ]; then
  echo "bench/run.sh: $CORPUS has no corpora (set CORPUS)" >&2
  exit 77
fi

# The peers, from Debian, when missing.
missing=""
command -v fasttext >/dev/null 2>&1 || missing="$missing fasttext"
command -v bogofilter >/dev/null 2>&1 || missing="$missing bogofilter"
[ -x /usr/bin/time ] || missing="$missing time"
command -v perf >/dev/null 2>&1 || missing="$missing linux-perf"
{ [ -x $PY ] && $PY -c 'import sklearn' 2>/dev/null; } || missing="$missing python3-sklearn"
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench/run.sh: missing Debian packages:$missing (apt-get install$missing)" >&2
    exit 1
  fi
  echo "bench/run.sh: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
scripts/setup.sh

# spamcls (Release) and the model-load timer; the source revision is noted
# before the build, as it was built.
SPAMCLS_BENCH_REV=$($PY bench/envinfo.py --revision)
export SPAMCLS_BENCH_REV
NPROC=$(nproc)
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DSPAMCLS_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$NPROC" >/dev/null
SPAMCLS=$ROOT/$BUILD_DIR/cli/spamcls
LOADTIME=$ROOT/$BUILD_DIR/bench-loadtime
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra -Werror -Iinclude bench/loadtime.c \
  "$BUILD_DIR/libspamcls.a" $(pkg-config --libs libutf8proc jansson libpsl libxml-2.0 zlib libxxhash) \
  -lsvm -llinear -lcsv -lm -o "$LOADTIME"
HTMLMEM=$ROOT/$BUILD_DIR/bench-htmlmem
# shellcheck disable=SC2046
cc -O2 -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags libxml-2.0) bench/htmlmem.c \
  $(pkg-config --libs libxml-2.0) -o "$HTMLMEM"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/spamcls-bench.XXXXXX")
if [ $KEEP -eq 0 ]; then
  trap 'rm -rf "$WORK"' EXIT
else
  echo "bench/run.sh: keeping $WORK" >&2
fi
trap 'exit 130' INT TERM

opt=""
n=1000000
speed_opt=""
pages=20000
report=bench/results/README.md
if [ $QUICK -eq 1 ]; then
  report=bench/results/README.quick.tmp   # a quick run leaves the full results alone
  opt="--quick"
  n=100000
  speed_opt="--default-limit 20000"
  pages=2000
fi
[ $SPEED -eq 1 ] && report=bench/results/speed.md
cmd="bench/run.sh${1:+ $*}"
echo "bench/run.sh: splits" >&2
$PY bench/splits.py "$CORPUS" "$WORK/splits"
if [ $SPEED -eq 1 ]; then
  echo '{}' >"$WORK/accuracy.json"
else
  echo "bench/run.sh: accuracy protocols" >&2
  # shellcheck disable=SC2086
  $PY bench/accuracy.py "$WORK/splits" "$WORK/acc" "$WORK/accuracy.json" "$SPAMCLS" \
    --jobs "$NPROC" $opt
fi
echo "bench/run.sh: speed and memory" >&2
# shellcheck disable=SC2086
$PY bench/speed.py "$WORK/splits" "$WORK/speed" "$WORK/speed.json" "$SPAMCLS" \
  "$LOADTIME" --n $n $opt $speed_opt --htmlmem "$HTMLMEM" --moderate-pages $pages
seed=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["seed"])' \
  "$WORK/splits/manifest.json")
$PY bench/envinfo.py "$SPAMCLS" "$cmd" $QUICK "$seed" >"$WORK/env.json"
mkdir -p bench/results
$PY bench/report.py "$WORK/accuracy.json" "$WORK/speed.json" "$WORK/env.json" "$report"
echo "bench/run.sh: wrote $report" >&2
