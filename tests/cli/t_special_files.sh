#!/bin/sh
# FIFOs (and other special files) named on the command line are refused
# with a message and an exit code, never waited on: as a model, as an
# input of score, extract and moderate. A pipe the shell hands over as
# /dev/fd/N (<(...)) is still read. Each command runs under a timeout: a
# hang is a failure, not a stuck test.
# Usage: t_special_files.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
status=0
fail() { echo "FAIL: $*"; sed 's/^/  stderr: /' err | head -3; status=1; }
mkfifo f
# run WANT WHAT ARGS...: spamcls ARGS exits WANT within 20 s.
run() {
  want=$1 what=$2
  shift 2
  timeout 20 "$SPAMCLS" "$@" < /dev/null > out 2> err
  rc=$?
  if [ $rc -eq 124 ]; then fail "$what: still waiting after 20 s"
  elif [ $rc -ne "$want" ]; then fail "$what: exit $rc, expected $want"
  elif [ "$want" -ne 0 ] && ! grep -q "f: not a regular file" err; then
    fail "$what: no message naming the FIFO"
  fi
}
run 4 "a FIFO as the model" score -m f x
run 3 "a FIFO to score" score -m "$MODEL" f
run 3 "a FIFO to extract" extract f
run 3 "a FIFO to moderate" moderate -m "$MODEL" --no-progress -o "$T/o" f
if [ $rc -eq 3 ]; then
  grep -q '"page":"f".*"status":"skipped","reason":"unreadable"' o/pages.jsonl ||
    fail "a FIFO to moderate: not recorded as skipped in pages.jsonl"
fi
# What the shell opens is read: /dev/fd/N from a pipe.
cat "$FIX/pages/wordpress.html" | timeout 20 "$SPAMCLS" extract /dev/stdin > out 2> err
[ $? -eq 0 ] && grep -q '"index":1' out || fail "extract /dev/stdin from a pipe"
[ $status -eq 0 ] && echo "special files: all checks passed"
exit $status
