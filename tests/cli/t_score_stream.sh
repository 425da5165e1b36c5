#!/bin/sh
# score as a co-process: a program that keeps one `spamcls score -`
# running and writes it one comment at a time gets each answer before it
# sends the next (plain text and JSON lines, one thread and -j 2), and
# the process ends cleanly when its input does.
# Usage: t_score_stream.sh SPAMCLS MODEL
set -u
SPAMCLS=$1 MODEL=$2
TMP=$(mktemp -d) || exit 1
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$TMP"' EXIT
fail() { echo "FAIL t_score_stream: $*" >&2; exit 1; }

# converse NAME FIRST SECOND ARGS...: sends FIRST, reads its answer, then
# SECOND and its answer, each within 20 s; the answers go to $TMP/NAME.1
# and $TMP/NAME.2.
converse() {
  name=$1 first=$2 second=$3
  shift 3
  rm -f "$TMP/in" "$TMP/out"
  mkfifo "$TMP/in" "$TMP/out" || exit 1
  "$SPAMCLS" score -m "$MODEL" "$@" - <"$TMP/in" >"$TMP/out" 2>"$TMP/$name.err" &
  pid=$!
  exec 3>"$TMP/in" 4<"$TMP/out"
  printf '%s\n' "$first" >&3
  timeout 20 head -n 1 <&4 >"$TMP/$name.1"
  printf '%s\n' "$second" >&3
  timeout 20 head -n 1 <&4 >"$TMP/$name.2"
  exec 3>&-
  wait "$pid"
  rc=$?
  pid=
  exec 4<&-
  [ "$rc" = 0 ] || fail "$name: exit $rc: $(cat "$TMP/$name.err")"
}

spam='i really like your article, slot gacor hari ini maxwin'
ham='The council vote on the transit levy was closer than it looks.'
for j in 1 2; do
  converse plain$j "$spam" "$ham" -j $j
  grep -q "^1	spam	" "$TMP/plain$j.1" ||
    fail "-j $j: no answer to the first comment before the second: '$(cat "$TMP/plain$j.1")'"
  grep -q "^2	ham	" "$TMP/plain$j.2" ||
    fail "-j $j: no answer to the second comment: '$(cat "$TMP/plain$j.2")'"
  converse json$j "{\"id\": \"a\", \"text\": \"$spam\"}" \
    "{\"id\": \"b\", \"text\": \"$ham\"}" -j $j --format jsonl
  grep -q "^a	spam	" "$TMP/json$j.1" ||
    fail "-j $j jsonl: first answer '$(cat "$TMP/json$j.1")'"
  grep -q "^b	ham	" "$TMP/json$j.2" ||
    fail "-j $j jsonl: second answer '$(cat "$TMP/json$j.2")'"
done
echo "ok t_score_stream"
