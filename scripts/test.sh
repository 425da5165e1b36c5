#!/bin/sh
# Sets up, builds and runs the whole test suite: once in a normal build
# (with an install into a staging prefix that examples/ are built against,
# tests/install/t_install.sh),
# once under AddressSanitizer and UndefinedBehaviorSanitizer, once under
# ThreadSanitizer, once under valgrind's memcheck (tests/valgrind/run.sh), then runs each fuzz target
# for FUZZ_SECONDS (default 60) under libFuzzer (tests/fuzz/run.sh). Each
# step's time is printed.
# Usage: scripts/test.sh [--fast]   (--fast: the normal build only)
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh --test

jobs=$(nproc 2>/dev/null || echo 2)
step_start=$(date +%s)
step_done() {
  now=$(date +%s)
  echo "== time: $1: $((now - step_start)) s"
  step_start=$now
}
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPAMCLS_BUILD_TESTS=ON -DSPAMCLS_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
echo "== install into a staging prefix; examples/ built with pkg-config alone"
tests/install/t_install.sh
step_done "normal build and tests"

if [ "${1:-}" != "--fast" ]; then
  echo "== the same tests under AddressSanitizer and UndefinedBehaviorSanitizer"
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DSPAMCLS_SANITIZE=ON \
        -DSPAMCLS_WERROR=ON >/dev/null
  cmake --build build-sanitize -j "$jobs"
  # Left out here: the fits over whole corpora that measure the model
  # (judol-gbennnn 5-fold, the five held-out groups, the 80% retraining of
  # check_obfuscation). They run in the normal build; the code they call
  # (reading, features, training, scoring) runs under the sanitizers in the
  # unit suites and the other quality tests.
  # Check's timeouts doubled: the model-walking tests take half the
  # normal limit under AddressSanitizer on this kind of machine.
  CK_TIMEOUT_MULTIPLIER=2 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-sanitize --output-on-failure -j "$jobs" \
      -E 'quality\.(judol_cv|heldout)|check_obfuscation'
  step_done "AddressSanitizer and UndefinedBehaviorSanitizer build and tests"

  echo "== the same tests under ThreadSanitizer (training, scoring and moderating on threads)"
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DSPAMCLS_TSAN=ON \
        -DSPAMCLS_WERROR=ON >/dev/null
  cmake --build build-tsan -j "$jobs"
  # ThreadSanitizer's shadow memory needs a fixed layout; on kernels with
  # more address randomization than it expects it refuses to start, and
  # then the tests run with randomization off.
  no_aslr=""
  build-tsan/cli/spamcls --version >/dev/null 2>&1 || no_aslr="setarch $(uname -m) -R"
  # Check's per-test timeouts are set for normal builds; under
  # ThreadSanitizer the model-walking tests run ten times slower, and on a
  # virtual machine whose page faults are dear (every fresh page and its
  # shadow) they came close to the limit, so the limits are tripled here.
  CK_TIMEOUT_MULTIPLIER=3 TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
    $no_aslr ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
      -E 'quality\.(judol_cv|heldout)|check_obfuscation'
  step_done "ThreadSanitizer build and tests"

  echo "== the tests under valgrind memcheck, leak check included"
  tests/valgrind/run.sh build-valgrind
  step_done "valgrind build and tests"

  echo "== fuzzing: ${FUZZ_SECONDS:-60} s per target under ASan and UBSan"
  tests/fuzz/run.sh
  step_done "fuzzing"
fi
