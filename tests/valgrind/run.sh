#!/bin/sh
# Runs the test suite with every program of the project under valgrind's
# memcheck: invalid reads and writes, uses of uninitialized values, bad
# frees, and definite or indirect leaks, in the library, the CLI, the unit
# suites and the fuzz corpus replays. Any report fails the run.
#
# Usage: tests/valgrind/run.sh [BUILD]   (default build-valgrind)
# Environment: VALGRIND_EXCLUDE, a ctest -E regex of tests left out. By
#   default those too slow under valgrind, which the AddressSanitizer build
#   of scripts/test.sh runs: the corpus-wide ones, check_input's megabyte
#   inputs, cli.limits' gigabyte ones, cli.faults' timed kills, and the
#   moderate tests that drive a browser or a Slurm cluster.
#
# How: after a normal build, each of the project's executables is moved to
# NAME.real and replaced by a script that execs valgrind on it, so the
# shell-driven CLI tests run the real binary under valgrind while their own
# shell, awk or cmp do not. Each process logs to its own file; the logs are
# read at the end.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build-valgrind}
exclude=${VALGRIND_EXCLUDE:-'check_featcorpus|check_input|youtube|cli\.limits|cli\.faults|moderate_html|moderate_slurm'}
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
  # Only ELF files: a wrapper left by an earlier run stays as it is.
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || return 0
  mv -f "$f" "$f.real"
  cat > "$f" <<WRAP
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full \\
  --errors-for-leak-kinds=definite,indirect \\
  --show-leak-kinds=definite,indirect --num-callers=30 \\
  --log-file="$logs/%p.log" "$f.real" "\$@"
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

# Every log with an error in it, whether or not its test noticed.
bad=0
for l in "$logs"/*.log; do
  [ -e "$l" ] || continue
  if grep -q "ERROR SUMMARY: [1-9]" "$l"; then
    bad=$((bad + 1))
    echo "== valgrind report: $l" >&2
    head -n 80 "$l" >&2
  fi
done
n=$(ls "$logs" | wc -l)
echo "valgrind: $n processes checked, $bad with errors"
[ "$bad" -eq 0 ] || status=1
exit $status
