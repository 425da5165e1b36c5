#!/bin/sh
# Runs one CLI test case file against the real binary.
# Usage: run_case.sh SPAMCLS FIXTURES MODEL CASEFILE
#
# A case file has sections, each starting with "NAME:" at the start of a
# line; a section's text is what follows the colon on that line plus the
# lines below it up to the next section:
#   args:             the command line after "spamcls" (shell words; $FIX,
#                     $MODEL and $TMP expand to the fixtures folder, the
#                     test model and a fresh temporary folder)
#   stdin:            text fed to standard input (default: none)
#   exit:             the expected exit code
#   stdout:           the exact expected standard output
#   stdout-contains:  a line that must occur in standard output (repeatable)
#   stdout-lacks:     a line that must not occur in standard output
#   stderr-contains:  a line that must occur in standard error (repeatable)
#   stdout-lines:     the expected number of output lines
#   setup:            a shell command run first (in $TMP)
#   check:            a shell command that must succeed afterwards
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3 CASE=$4
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
export SPAMCLS FIX MODEL TMP LC_ALL=C
unset SPAMCLS_MODEL

# Split the case into $TMP/sec.N.NAME files, in order.
awk -v dir="$TMP" '
  /^[a-z-]+:/ {
    n++; name = $0; sub(/:.*/, "", name); rest = $0; sub(/^[a-z-]+: ?/, "", rest)
    file = sprintf("%s/sec.%03d.%s", dir, n, name)
    if (rest != "") print rest > file; else printf "" > file
    next
  }
  n { print >> file }
' "$CASE"

section() { cat "$TMP"/sec.*."$1" 2>/dev/null; }
fail() { echo "FAIL $(basename "$CASE"): $*" >&2; exit 1; }

if ls "$TMP"/sec.*.setup >/dev/null 2>&1; then
  (cd "$TMP" && sh -c "$(section setup)") || fail "setup failed"
fi
args=$(section args)
stdin_file=/dev/null
if ls "$TMP"/sec.*.stdin >/dev/null 2>&1; then
  stdin_file="$TMP/stdin"
  section stdin > "$stdin_file"
fi
eval "set -- $args"
"$SPAMCLS" "$@" < "$stdin_file" > "$TMP/out" 2> "$TMP/err"
rc=$?

show() { echo "--- stdout:"; head -c 2000 "$TMP/out"; echo "--- stderr:"; head -c 2000 "$TMP/err"; }
want=$(section exit)
[ -n "$want" ] || want=0
[ "$rc" -eq "$want" ] || { show; fail "exit code $rc, expected $want"; }
if ls "$TMP"/sec.*.stdout >/dev/null 2>&1; then
  section stdout | cmp -s - "$TMP/out" || { show; fail "stdout differs"; }
fi
for f in "$TMP"/sec.*.stdout-contains; do
  [ -e "$f" ] || continue
  grep -qF -- "$(cat "$f")" "$TMP/out" || { show; fail "stdout lacks: $(cat "$f")"; }
done
for f in "$TMP"/sec.*.stdout-lacks; do
  [ -e "$f" ] || continue
  ! grep -qF -- "$(cat "$f")" "$TMP/out" || { show; fail "stdout has: $(cat "$f")"; }
done
for f in "$TMP"/sec.*.stderr-contains; do
  [ -e "$f" ] || continue
  grep -qF -- "$(cat "$f")" "$TMP/err" || { show; fail "stderr lacks: $(cat "$f")"; }
done
if ls "$TMP"/sec.*.stdout-lines >/dev/null 2>&1; then
  n=$(wc -l < "$TMP/out")
  [ "$n" -eq "$(section stdout-lines)" ] || { show; fail "$n output lines, expected $(section stdout-lines)"; }
fi
if ls "$TMP"/sec.*.check >/dev/null 2>&1; then
  (cd "$TMP" && sh -c "$(section check)") || { show; fail "check failed: $(section check)"; }
fi
exit 0
