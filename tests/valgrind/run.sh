#!/bin/sh
# Runs the test suite with every program of the project under valgrind's
# memcheck: invalid reads and writes, uses of uninitialized values, bad
# frees, and definite or indirect leaks, in the library, the CLI, the unit
# suites and the fuzz corpus replays. Any report fails the run.
#
# Usage: tests/valgrind/run.sh [BUILD]   (default build-valgrind)
# Environment: VALGRIND_EXCLUDE, a ctest -E regex of tests left out. By
#   default those too slow under valgrind, which the AddressSanitizer build
#   of scripts/test.sh runs: the corpus-wide ones (quality.*, ...), check_input's megabyte
#   inputs, check_train's trainings, check_vector's and check_obfuscation's
#   long random loops, cli.limits' gigabyte inputs,
#   cli.faults' and moderate_resume's timed kills, and the moderate tests
#   that drive a browser or a Slurm cluster.
#
# How: after a normal build, each of the project's executables is moved to
# NAME.real and replaced by a script that execs valgrind on it, so the
# shell-driven CLI tests run the real binary under valgrind while their own
# shell, awk or cmp do not. Each process logs to its own file; the logs are
# read at the end: any memory error fails the run (and the process, with
# exit code 99); so does a definite or indirect leak, except in children
# that a test forks without exec'ing (to set a file size limit, say),
# which end with _exit and no cleanup (their parent has a log too).
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build-valgrind}
exclude=${VALGRIND_EXCLUDE:-'quality\.|check_featcorpus|check_input|check_train|check_vector|check_obfuscation|youtube|cli\.limits|cli\.faults|moderate_resume|moderate_html|moderate_slurm|cli\.learn|moderate_learn'}
jobs=$(nproc 2>/dev/null || echo 2)
command -v valgrind >/dev/null || { echo "valgrind: not installed (scripts/setup.sh --test)" >&2; exit 1; }

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPAMCLS_BUILD_TESTS=ON \
      -DSPAMCLS_WERROR=ON >/dev/null
cmake --build "$build" -j "$jobs" >/dev/null
build=$(cd "$build" && pwd)  # the wrappers name absolute paths

logs=$build/valgrind-logs
rm -rf "$logs"
mkdir -p "$logs"
wrap() {
  f=$1
  # A fresh binary moves aside; a wrapper of an earlier run is rewritten.
  if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
    mv -f "$f" "$f.real"
  fi
  [ -f "$f.real" ] || return 0
  cat > "$f" <<WRAP
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full \\
  --errors-for-leak-kinds=none --show-leak-kinds=definite,indirect \\
  --num-callers=30 --log-file="$logs/%p.log" "$f.real" "\$@"
WRAP
  chmod +x "$f"
}
for f in "$build/cli/spamcls" "$build"/tests/unit/check_* "$build"/tests/fuzz/fuzz_*; do
  case $f in *.real) continue ;; esac
  [ -f "$f" ] && [ -x "$f" ] && wrap "$f"
done

status=0
# CK_FORK=no: Check runs each test in the process valgrind watches.
CK_FORK=no SPAMCLS_UNDER_VALGRIND=1 \
  ctest --test-dir "$build" --output-on-failure -j "$jobs" -E "$exclude" || status=1

# Every log with an error or a leak in it, whether or not its test noticed.
bad=0
for l in "$logs"/*.log; do
  [ -e "$l" ] || continue
  ppid=$(sed -n 's/.*Parent PID: \([0-9]*\).*/\1/p' "$l" | head -n 1)
  forked=0
  [ -n "$ppid" ] && [ -e "$logs/$ppid.log" ] && forked=1
  if grep -q "ERROR SUMMARY: [1-9]" "$l" ||
     { [ $forked -eq 0 ] && grep -Eq "(definitely|indirectly) lost: [1-9]" "$l"; }; then
    bad=$((bad + 1))
    echo "== valgrind report: $l" >&2
    grep -v '^==[0-9]*== *$' "$l" | head -n 80 >&2
  fi
done
n=$(ls "$logs" | wc -l)
echo "valgrind: $n processes checked, $bad with errors"
[ "$bad" -eq 0 ] || status=1
exit $status
