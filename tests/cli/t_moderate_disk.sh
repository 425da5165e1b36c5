#!/bin/sh
# moderate when OUTDIR fills up or is read-only (a small tmpfs): a clear
# message naming the cause, exit code 5, no crash; after room is made the
# same command resumes and its outputs equal those of an unhindered run.
# Needs root and mount (skips with 77 otherwise).
# Usage: t_moderate_disk.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
[ "$(id -u)" -eq 0 ] || { echo "skipped: needs root to mount a small tmpfs"; exit 77; }
TMP=$(mktemp -d) || exit 1
mkdir "$TMP/disk"
if ! mount -t tmpfs -o size=96k tmpfs "$TMP/disk" 2> /dev/null; then
  rmdir "$TMP/disk"; rm -rf "$TMP"
  echo "skipped: cannot mount a tmpfs here"; exit 77
fi
trap 'umount "$TMP/disk" 2> /dev/null; rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
i=0
while [ $i -lt 30 ]; do
  mkdir -p "in/p$i"
  cp "$FIX"/pages/*.html "$FIX"/pages/*.txt "in/p$i/"
  i=$((i + 1))
done
"$SPAMCLS" moderate -m "$MODEL" -j 2 -o ref in > /dev/null 2>&1

# Full: the cleaned copies and the report do not fit in 96 KiB.
"$SPAMCLS" moderate -m "$MODEL" -j 2 -o disk/out in > /dev/null 2> full.err
rc=$?
[ "$rc" -eq 5 ] || fail "full disk: exit $rc, expected 5"
grep -q "No space left on device" full.err || fail "full disk: no clear message: $(tail -3 full.err)"

# Room made: the same command resumes and finishes, equal to the reference.
mount -o remount,size=16m "$TMP/disk" || fail "remount"
"$SPAMCLS" moderate -m "$MODEL" -j 2 -o disk/out in > /dev/null 2> resume.err
rc=$?
[ "$rc" -eq 0 ] || fail "after room was made: exit $rc: $(tail -3 resume.err)"
for f in report.jsonl pages.jsonl summary.json report.html; do
  cmp -s "ref/$f" "disk/out/$f" || fail "$f after the full disk differs"
done
diff -r ref/clean disk/out/clean > /dev/null || fail "clean/ after the full disk differs"

# Read-only: refused with the cause, exit 5, nothing changed.
mount -o remount,ro "$TMP/disk" || fail "remount ro"
"$SPAMCLS" moderate -m "$MODEL" --fresh -o disk/out in > /dev/null 2> ro.err
rc=$?
[ "$rc" -eq 5 ] || fail "read-only OUTDIR: exit $rc, expected 5"
grep -q "Read-only file system" ro.err || fail "read-only: no clear message: $(cat ro.err)"
cmp -s ref/report.jsonl disk/out/report.jsonl || fail "read-only OUTDIR was changed"
[ "$status" -eq 0 ] && echo "disk: all checks passed"
exit $status
