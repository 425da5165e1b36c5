#!/bin/sh
# Builds the fuzz targets with clang and libFuzzer, under AddressSanitizer
# and UndefinedBehaviorSanitizer, and runs each for a bounded time.
#
# Usage: tests/fuzz/run.sh [TARGET...]      (default: every target)
# Environment:
#   FUZZ_SECONDS  time per target (default 60)
#   FUZZ_JOBS     targets run at once (default: the number of CPUs)
#   FUZZ_BUILD    build folder (default build-fuzz)
#   FUZZ_SEED     libFuzzer's random seed (default 1; 0: a new one each
#                 run). A fixed seed makes a clean run follow the same
#                 mutations wherever it runs, so a run that passed here
#                 does not fail elsewhere by luck; set 0 to explore.
#
# Each target starts from its committed seeds (tests/fuzz/corpus/NAME) plus
# what earlier runs in the same build folder found (FUZZ_BUILD/corpus/NAME),
# with its dictionary (tests/fuzz/dict) when it has one. An input that
# crashes, leaks, hangs or runs out of memory is copied into the committed
# corpus as a regression case (crash-HASH, ...), where ctest replays it on
# every build from then on; the script then exits 1.
set -eu
cd "$(dirname "$0")/../.."
src=tests/fuzz
seconds=${FUZZ_SECONDS:-60}
seed=${FUZZ_SEED:-1}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=${FUZZ_BUILD:-build-fuzz}
all="extract read_plain read_tsv read_csv read_jsonl model page export warc"
targets=${*:-$all}

command -v clang >/dev/null || { echo "fuzz: clang is missing (scripts/setup.sh --fuzz)" >&2; exit 1; }
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_C_FLAGS="$flags" \
      -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
      -DSPAMCLS_FUZZ=ON -DSPAMCLS_BUILD_TESTS=ON -DSPAMCLS_WERROR=OFF >/dev/null
binaries="spamcls"
for t in $targets; do binaries="$binaries fuzz_$t"; done
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target $binaries >/dev/null

# A model made by this build, as a seed beside the committed one (which an
# older pipeline version would make a mere version error).
mkdir -p "$build/corpus/model"
model=$build/small.model
"$build/cli/spamcls" train -q --hash-bits 10 -o "$model" tests/fixtures/tiny/train.tsv
{ printf '\000'; cat "$model"; } > "$build/corpus/model/fresh"
{ printf '\001'; cat "$model"; } > "$build/corpus/model/fresh_forged_crc"
printf 'buy cheap pills at our pharmacy\n' > "$build/learn.txt"
rm -f "$build/learned.model"
"$build/cli/spamcls" learn -q -m "$build/learned.model" --base "$model" --spam \
  "$build/learn.txt"
{ printf '\001'; cat "$build/learned.model"; } > "$build/corpus/model/fresh_learned"

dict_of() {
  case $1 in
    extract) echo extract ;; read_tsv) echo tsv ;; read_csv) echo csv ;;
    read_jsonl) echo jsonl ;; model) echo model ;; page) echo html ;;
    export) echo export ;;
    warc) echo warc ;;
    *) echo "" ;;
  esac
}

run_one() {
  t=$1
  work=$build/corpus/$t
  art=$build/artifacts/$t
  mkdir -p "$work" "$art"
  d=$(dict_of "$t")
  dict=""
  [ -n "$d" ] && dict="-dict=$src/dict/$d.dict"
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -seed="$seed" -timeout=20 \
      -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$art/" $dict "$work" "$src/corpus/$t" \
      > "$build/fuzz-$t.log" 2>&1
}

summary() {
  t=$1 rc=$2
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz-$t.log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$build/fuzz-$t.log" | tail -1 || true)
  echo "fuzz: $t: exit $rc, ${execs:-?} runs, $cov, corpus $(ls "$build/corpus/$t" | wc -l) found + $(ls "$src/corpus/$t" | wc -l) seeds"
}

status=0
set -- $targets
while [ $# -gt 0 ]; do
  batch=""
  i=0
  while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
    run_one "$1" &
    batch="$batch $1:$!"
    shift
    i=$((i + 1))
  done
  for tp in $batch; do
    t=${tp%%:*}
    rc=0
    wait "${tp#*:}" || rc=$?
    summary "$t" "$rc"
    if [ "$rc" -ne 0 ]; then
      status=1
      tail -n 60 "$build/fuzz-$t.log" >&2
      for f in "$build/artifacts/$t"/*; do
        [ -f "$f" ] || continue
        cp "$f" "$src/corpus/$t/"
        echo "fuzz: $t: $(basename "$f") added to $src/corpus/$t: fix it, then commit it" >&2
        rm -f "$f"
      done
    fi
  done
done
exit $status
