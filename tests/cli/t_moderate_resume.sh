#!/bin/sh
# moderate killed with SIGKILL at several moments, then run again until it
# finishes: the final outputs equal those of an uninterrupted run (no
# record lost or doubled, no page redone into a different result), and
# each rerun resumes after the pages already done.
# Usage: t_moderate_resume.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

# 1,800 pages: the page fixtures in 200 folders.
i=0
while [ $i -lt 200 ]; do
  mkdir -p "in/d$((i % 7))/p$i"
  cp "$FIX"/pages/*.html "$FIX"/pages/*.txt "in/d$((i % 7))/p$i/"
  i=$((i + 1))
done
"$SPAMCLS" moderate -m "$MODEL" -j 1 -o ref in > /dev/null 2>&1
[ -s ref/report.jsonl ] || { echo "FAIL: reference run"; exit 1; }

partial=0 kills=0
for d in 0.05 0.3 0.15 0.6 0.02 0.45 0.1 0.8 0.25 1.1; do
  "$SPAMCLS" moderate -m "$MODEL" -j 2 -o run in > /dev/null 2>> err &
  pid=$!
  sleep "$d"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  fi
  wait "$pid" 2>/dev/null
  if [ -f run/.journal ]; then
    n=$(grep -c '"page_seq":[0-9]*,"status"' run/.journal)
    [ "$n" -gt 0 ] && [ "$n" -lt 1800 ] && partial=$((partial + 1))
  fi
done
"$SPAMCLS" moderate -m "$MODEL" -j 2 -o run in > /dev/null 2>> err
rc=$?
[ "$rc" -eq 0 ] || fail "final run: exit $rc"
for f in report.jsonl pages.jsonl summary.json report.html; do
  cmp -s "ref/$f" "run/$f" || fail "$f differs from the uninterrupted run"
done
diff -r ref/clean run/clean > /dev/null || fail "clean/ differs"
ls -a run run/clean/in/d0/p0 | grep -q '\.tmp\.' && fail "temporary files left"
resumed=$(grep -c "resuming:" err)
echo "killed $kills runs, $partial left a partial journal, $resumed runs resumed"
[ "$kills" -ge 1 ] || fail "no run was killed (all finished too fast?)"
[ "$resumed" -ge 1 ] || fail "no run resumed"
[ "$status" -eq 0 ] && echo "resume: all checks passed"
exit $status
