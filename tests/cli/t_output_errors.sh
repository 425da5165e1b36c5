#!/bin/sh
# Write failures are detected and reported with exit code 5, never a
# silently short output with exit 0: stdout on a full disk (/dev/full).
# Usage: t_output_errors.sh SPAMCLS MODEL
set -u
SPAMCLS=$1 MODEL=$2
[ -w /dev/full ] || { echo "no /dev/full here: skipped"; exit 77; }
status=0
printf 'one\ntwo\n' | "$SPAMCLS" score -m "$MODEL" > /dev/full 2> err.$$
rc=$?
if [ "$rc" -ne 5 ] || ! grep -q "writing output failed" err.$$; then
  echo "FAIL score > /dev/full: exit $rc"; cat err.$$; status=1
fi
"$SPAMCLS" --help > /dev/full 2> err.$$
rc=$?
[ "$rc" -eq 5 ] || { echo "FAIL --help > /dev/full: exit $rc"; status=1; }
"$SPAMCLS" info "$MODEL" > /dev/full 2> err.$$
rc=$?
[ "$rc" -eq 5 ] || { echo "FAIL info > /dev/full: exit $rc"; status=1; }
rm -f err.$$
exit $status
