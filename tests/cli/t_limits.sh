#!/bin/sh
# Resource limits: huge inputs streamed from a pipe (generated here, never
# stored) are skipped with a message and exit code 3 while the rest is
# scored, and the process's peak memory stays far below the input's size:
#   a line of 1 GiB (plain text),
#   a CSV whose quote never closes, over 256 MiB,
#   a JSONL line of 256 MiB of '[', and one of 500,000 '[' (under the
#   record limit, refused by the JSON parser's depth limit),
#   a page of 1 GiB to `extract -`, and a (sparse) 1 GiB page file among
#   others for `moderate`,
# and --max-record moves the limit.
#   a 300 MB line to `moderate --stream`, and a page with one 4 MB
#   comment (judged on its first --max-record bytes),
# Usage: t_limits.sh SPAMCLS MODEL [FIXTURES]
set -u
SPAMCLS=$1 MODEL=$2 FIX=${3:-}
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
status=0
MAX_KB=200000  # 200 MB: a buffered input would need more than 256 MB
fail() { echo "FAIL $*"; sed 's/^/  stderr: /' "$T/err" | head -5; status=1; }
gen_none() { :; }

# zeros N CHAR: N bytes of CHAR.
bytes() { head -c "$1" /dev/zero | tr '\0' "$2"; }

# bounded NAME GENERATOR -- ARGS: runs spamcls ARGS on the output of the
# shell function GENERATOR through a FIFO, sampling its peak memory
# (VmHWM) while it runs; sets rc and peak (kB, 0 when /proc has none).
bounded() {
  name=$1 gen=$2
  shift 3
  rm -f "$T/in"
  mkfifo "$T/in"
  $gen > "$T/in" &
  gpid=$!
  "$SPAMCLS" "$@" < "$T/in" > "$T/out" 2> "$T/err" &
  pid=$!
  peak=0
  while kill -0 $pid 2>/dev/null; do
    v=$(awk '/^VmHWM/ { print $2 }' /proc/$pid/status 2>/dev/null)
    [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
    sleep 0.1
  done
  wait $pid
  rc=$?
  wait $gpid 2>/dev/null
  echo "$name: exit $rc, peak memory ${peak} kB"
  if [ "$peak" -gt "$MAX_KB" ]; then
    fail "$name: peak memory $peak kB, more than $MAX_KB kB"
  fi
}

gen_line() { bytes 1073741824 a; printf '\nafter the long line\n'; }
bounded "1 GiB line" gen_line -- score -m "$MODEL" -
[ "$rc" -eq 3 ] || fail "1 GiB line: exit $rc, expected 3"
grep -q -- '-:1: line longer than 1048576 bytes' "$T/err" || fail "1 GiB line: no message naming line 1"
grep -q '^2	' "$T/out" || fail "1 GiB line: line 2 was not scored"

gen_quote() { printf 'text,label\nfirst,ham\n"'; bytes 268435456 a; }
bounded "CSV quote left open" gen_quote -- score -m "$MODEL" --format csv -
[ "$rc" -eq 3 ] || fail "open quote: exit $rc, expected 3"
grep -q -- '-:3: a quoted field is still open' "$T/err" || fail "open quote: no message naming line 3"
[ "$(wc -l < "$T/out")" -eq 1 ] || fail "open quote: the row before it was not scored"

gen_brackets() {
  bytes 268435456 '['
  printf '\n{"text": "fine"}\n'
  bytes 500000 '['
  printf '\n'
}
bounded "JSONL brackets" gen_brackets -- score -m "$MODEL" --format jsonl -
[ "$rc" -eq 3 ] || fail "brackets: exit $rc, expected 3"
grep -q -- '-:1: line longer than' "$T/err" || fail "brackets: line 1 not reported as too long"
grep -q -- '-:3: invalid JSON: maximum parsing depth' "$T/err" || fail "brackets: line 3 not refused for its depth"
grep -q '^2	' "$T/out" || fail "brackets: the object on line 2 was not scored"

gen_page() { printf '<html><body><p>'; bytes 1073741824 a; }
bounded "1 GiB page" gen_page -- extract -
[ "$rc" -eq 3 ] || fail "1 GiB page: exit $rc, expected 3"
grep -q -- '-: larger than 16777216 bytes' "$T/err" || fail "1 GiB page: no message naming the limit"

if [ -n "$FIX" ] && truncate -s 1G "$T/big.html" 2>/dev/null; then
  mkdir "$T/pages"
  mv "$T/big.html" "$T/pages/"
  cp "$FIX/pages/wordpress.html" "$T/pages/small.html"
  bounded "moderate with a 1 GiB page" gen_none -- moderate -m "$MODEL" \
    --no-progress -o "$T/mout" "$T/pages"
  [ "$rc" -eq 3 ] || fail "moderate, 1 GiB page: exit $rc, expected 3"
  grep -q 'big.html: larger than' "$T/err" || fail "moderate, 1 GiB page: not reported"
  grep -q '"status":"ok"' "$T/mout/pages.jsonl" || fail "moderate, 1 GiB page: the small page was not done"
fi

# moderate --stream: a 300 MB line is not kept (twice --max-page plus
# 1 MiB at most), the next line is done.
gen_stream() { printf '{"page":"p","content":"'; bytes 300000000 a; printf '"}\n{"text":"hello there"}\n'; }
bounded "--stream 300 MB line" gen_stream -- moderate -m "$MODEL" --stream
[ "$rc" -eq 3 ] || fail "--stream 300 MB line: exit $rc, expected 3"
grep -q -- '-:1: line longer than' "$T/err" || fail "--stream 300 MB line: line 1 not reported"
grep -q '"id":2' "$T/out" || fail "--stream 300 MB line: line 2 was not done"

# A page holding one 4 MB comment: judged on its first --max-record bytes,
# so memory stays near what a short comment takes (it was 700 MB).
if [ -n "$FIX" ]; then
  mkdir "$T/long"
  awk 'BEGIN { printf "<html><body><ol class=\"commentlist\"><li class=\"comment\" id=\"comment-1\"><div class=\"comment-content\"><p>"
    for (i = 0; i < 450000; i++) printf "slot gac "; print "</p></div></li></ol></body></html>" }' > "$T/long/one.html"
  bounded "moderate, one 4 MB comment" gen_none -- moderate -m "$MODEL" \
    --no-progress -o "$T/lout" "$T/long"
  [ "$rc" -eq 0 ] || fail "moderate, one 4 MB comment: exit $rc, expected 0"
  grep -q '"truncated_comments":1' "$T/lout/pages.jsonl" || fail "moderate, one 4 MB comment: not marked as judged on its start"
fi

# The limit is an option: 10 bytes pass --max-record 10, 11 do not.
printf '0123456789\n0123456789x\n' |
  "$SPAMCLS" score -m "$MODEL" --max-record 10 - > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" -eq 3 ] || fail "--max-record 10: exit $rc, expected 3"
grep -q -- '-:2: line longer than 10 bytes' "$T/err" || fail "--max-record 10: line 2 not reported"
[ "$(wc -l < "$T/out")" -eq 1 ] || fail "--max-record 10: line 1 not scored"

[ $status -eq 0 ] && echo "all limit cases passed"
exit $status
