#!/bin/sh
# Faults: a full disk (/dev/full, and a small tmpfs when this runs as root
# and may mount one), a read-only output folder, and kill -9 in the middle
# of `train`. Afterwards no truncated model is left under the final name,
# the earlier model still loads, and a re-run gives the same bytes as an
# uninterrupted run.
# Usage: t_faults.sh SPAMCLS FIXTURES
set -u
SPAMCLS=$1 FIX=$2
T=$(mktemp -d) || exit 1
mounts=""
cleanup() {
  for m in $mounts; do umount "$m" 2>/dev/null; done
  chmod -R u+w "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
status=0
fail() { echo "FAIL $*"; [ -s "$T/err" ] && sed 's/^/  stderr: /' "$T/err"; status=1; }

# The earlier model, small (hash_bits 10) so that it fits where the new,
# default-sized one (hash_bits 20, 4 MiB) does not.
"$SPAMCLS" train -q --hash-bits 10 -o "$T/old.model" "$FIX/tiny/train.tsv" ||
  { echo "FAIL cannot train the earlier model"; exit 1; }

# Only the final file is left in a folder: no temporary files.
only_model() { [ "$(ls -A "$1")" = "$(basename "$2")" ]; }

# ------------------------------------------------------------ /dev/full
if [ -c /dev/full ] && [ -w /dev/full ]; then
  "$SPAMCLS" train -q -o /dev/full "$FIX/tiny/train.tsv" 2> "$T/err"
  rc=$?
  [ "$rc" -eq 5 ] || fail "train -o /dev/full: exit $rc, expected 5"
  grep -q "/dev/full" "$T/err" || fail "train -o /dev/full: the message names no file"
  [ -c /dev/full ] || fail "train -o /dev/full replaced the device"
  "$SPAMCLS" features "$FIX/cli/comments.txt" > /dev/full 2> "$T/err"
  rc=$?
  [ "$rc" -eq 5 ] || fail "features > /dev/full: exit $rc, expected 5"
else
  echo "no writable /dev/full: its cases skipped"
fi

# ------------------------------------------------------------ a small tmpfs
# Mounting needs root (and a container that allows it); skipped otherwise.
try_mount() {  # DIR SIZE
  mkdir -p "$1"
  [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null &&
    mounts="$1 $mounts"
}
small=$T/small
if try_mount "$small" 1m; then
  cp "$T/old.model" "$small/m.model"
  "$SPAMCLS" train -q -o "$small/m.model" "$FIX/tiny/train.tsv" 2> "$T/err"
  rc=$?
  [ "$rc" -eq 5 ] || fail "train on a full tmpfs: exit $rc, expected 5"
  grep -q "No space left" "$T/err" || fail "train on a full tmpfs: no 'No space left' message"
  cmp -s "$T/old.model" "$small/m.model" || fail "full tmpfs: the earlier model was changed"
  "$SPAMCLS" info "$small/m.model" > /dev/null || fail "full tmpfs: the earlier model does not load"
  only_model "$small" m.model || fail "full tmpfs: files left behind: $(ls -A "$small")"
  # Results to a file on a full disk: an error, not a short file and exit 0.
  head -c 1100000 /dev/zero > "$small/filler" 2>/dev/null
  awk 'BEGIN { for (i = 0; i < 20000; i++) print "comment number " i }' |
    "$SPAMCLS" score -m "$T/old.model" - > "$small/out.tsv" 2> "$T/err"
  rc=$?
  [ "$rc" -eq 5 ] || fail "score > full tmpfs: exit $rc, expected 5"
else
  echo "cannot mount a tmpfs here (not root, or not allowed): its cases skipped"
fi

# ------------------------------------------------------------ read-only folder
ro=$T/ro
made_ro=0
if try_mount "$ro" 8m; then
  cp "$T/old.model" "$ro/m.model"
  mount -o remount,ro "$ro" 2>/dev/null && made_ro=1
elif [ "$(id -u)" -ne 0 ]; then
  cp "$T/old.model" "$ro/m.model"
  chmod 555 "$ro" && made_ro=1
fi
if [ "$made_ro" -eq 1 ]; then
  "$SPAMCLS" train -q --hash-bits 10 -o "$ro/m.model" "$FIX/tiny/train.tsv" 2> "$T/err"
  rc=$?
  [ "$rc" -eq 5 ] || fail "train into a read-only folder: exit $rc, expected 5"
  grep -q "m.model" "$T/err" || fail "read-only folder: the message names no file"
  cmp -s "$T/old.model" "$ro/m.model" || fail "read-only folder: the earlier model was changed"
  "$SPAMCLS" info "$ro/m.model" > /dev/null || fail "read-only folder: the earlier model does not load"
else
  echo "cannot make a read-only folder here (root without mount): its cases skipped"
fi

# ------------------------------------------------------------ kill -9
# A training set large enough that a run takes a while: the fixture's
# comments, each in 60 distinct variants.
awk -F'\t' 'NR > 1 { for (i = 1; i <= 60; i++)
  print $1 "\t" $2 " note " i " w" (i * 7919 % 1000) }' \
  "$FIX/tiny/train.tsv" > "$T/big.tsv"
train_big() { "$SPAMCLS" train -q --solver liblinear -o "$1" "$T/big.tsv"; }
mkdir "$T/ref" "$T/kill"
train_big "$T/ref/m.model" || fail "train on the large set failed"
cp "$T/old.model" "$T/kill/m.model"
target=$T/kill/m.model
check_target() {  # WHEN
  if ! cmp -s "$target" "$T/old.model" && ! cmp -s "$target" "$T/ref/m.model"; then
    fail "kill -9 $1: $target is neither the earlier model nor the new one"
  fi
  "$SPAMCLS" info "$target" > /dev/null 2>&1 || fail "kill -9 $1: the model does not load"
}
# At fixed points of the run, then as soon as the temporary file appears
# (while it is being written).
for delay in 0 0.05 0.1 0.2 0.3 0.5 tmp tmp tmp; do
  cp "$T/old.model" "$target"
  train_big "$target" 2>/dev/null &
  pid=$!
  if [ "$delay" = tmp ]; then
    n=0
    while [ $n -lt 200000 ] && kill -0 $pid 2>/dev/null &&
          ! ls -A "$T/kill" | grep -q '^\.m\.model\.tmp\.'; do
      n=$((n + 1))
    done
  else
    sleep "$delay"
  fi
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  check_target "after $delay s"
done
left=$(ls -A "$T/kill" | grep -c '\.tmp\.' || true)
echo "kill -9: $left temporary file(s) left beside the model by killed runs"
# A re-run completes, with the very bytes of an uninterrupted run.
train_big "$target" || fail "the re-run after kill -9 failed"
cmp -s "$target" "$T/ref/m.model" || fail "the re-run after kill -9 differs from an uninterrupted run"

[ $status -eq 0 ] && echo "all fault cases passed"
exit $status
