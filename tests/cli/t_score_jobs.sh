#!/bin/sh
# score -j N prints the same bytes, and exits with the same code, as
# -j 1: the shipped model over a few thousand comments (repeated words,
# disguised gambling names, empty and malformed records, invalid UTF-8),
# TSV and JSON lines, --explain, several files, standard input, a record
# past --max-record, a missing file among the inputs, --exit-status.
# Usage: t_score_jobs.sh SPAMCLS MODEL FIXTURES
set -u
SPAMCLS=$1 MODEL=$2 FIX=$3
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL t_score_jobs: $*" >&2; exit 1; }

# A generated input: 3000 lines of varied comments, some repeated.
awk 'BEGIN {
  split("i really like your article|slot gacor maxwin hari ini|the levy is unfair to renters|S L O T 7 7 daftar sekarang|visit togel88.com now|s10t g4c0r|council meeting minutes were late again|bandar togel online terpercaya", p, "|")
  for (i = 1; i <= 3000; i++) {
    if (i % 97 == 0) { print ""; continue }
    printf "%s %s w%d\n", p[i % 8 + 1], p[(i * 7) % 8 + 1], i % 50
  }
}' >"$TMP/a.txt"
printf 'bad \377\376 bytes slot\nplain ham text\n' >"$TMP/b.txt"
cat "$FIX/input/plain.txt" >>"$TMP/b.txt"

# run NAME ARGS...: stdout to $TMP/NAME.out, exit code to $TMP/NAME.rc
run() {
  name=$1
  shift
  "$SPAMCLS" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
  echo $? >"$TMP/$name.rc"
}
same() {
  cmp -s "$TMP/$1.out" "$TMP/$2.out" || fail "$1 and $2 print different bytes"
  [ "$(cat "$TMP/$1.rc")" = "$(cat "$TMP/$2.rc")" ] ||
    fail "$1 exits $(cat "$TMP/$1.rc"), $2 exits $(cat "$TMP/$2.rc")"
}

for mode in "" "-o jsonl" "--explain 3" "--exit-status"; do
  # shellcheck disable=SC2086
  run one score -m "$MODEL" $mode "$TMP/a.txt" "$TMP/b.txt"
  for j in 2 3 8; do
    # shellcheck disable=SC2086
    run j$j score -m "$MODEL" -j $j $mode "$TMP/a.txt" "$TMP/b.txt"
    same one j$j
  done
done
[ "$(wc -l <"$TMP/one.out")" -ge 3000 ] || fail "too few lines scored"
[ "$(cat "$TMP/one.rc")" = 1 ] || fail "--exit-status found no spam"

# standard input
"$SPAMCLS" score -m "$MODEL" <"$TMP/a.txt" >"$TMP/s1.out" || fail "stdin -j 1"
"$SPAMCLS" score -m "$MODEL" -j 2 <"$TMP/a.txt" >"$TMP/s2.out" || fail "stdin -j 2"
cmp -s "$TMP/s1.out" "$TMP/s2.out" || fail "stdin: -j 2 differs"

# a record past --max-record (skipped, exit 3) and a missing file
run lim1 score -m "$MODEL" --max-record 40 "$TMP/a.txt" "$TMP/none.txt" "$TMP/b.txt"
run lim2 score -m "$MODEL" --max-record 40 -j 2 "$TMP/a.txt" "$TMP/none.txt" "$TMP/b.txt"
same lim1 lim2
[ "$(cat "$TMP/lim1.rc")" != 0 ] || fail "skipped records and a missing file exit 0"
grep -q "none.txt" "$TMP/lim2.err" || fail "-j 2 does not name the missing file"

# usage
"$SPAMCLS" score -m "$MODEL" -j 0 "$TMP/a.txt" >/dev/null 2>&1
[ $? = 2 ] || fail "-j 0 is not a usage error"
exit 0
