#!/bin/sh
# moderate --progress on a folder of pages and web archives (.warc.gz and
# .warc, written here record by record): the bar counts bytes of input
# and reaches 100% (on the way, the share of the pages' bytes written),
# outputs are byte-identical to a --no-progress run's (-j 1, -j 2, a
# shard, a resumed run), and each archive is opened once (counted with
# strace when it is installed).
# Usage: t_moderate_progress.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

# One WARC record, appended to $1: type $2, URI $3, the block in file $4.
record() {
  n=$(($(wc -c < "$4")))
  {
    printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n' \
      "$2" "$(printf '%s' "$3" | cksum | tr ' ' -)"
    printf 'WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: %s\r\n' "$3"
    printf 'Content-Type: application/http; msgtype=response\r\n'
    printf 'Content-Length: %s\r\n\r\n' "$n"
    cat "$4"
    printf '\r\n\r\n'
  } > rec
  case "$1" in
    *.gz) gzip -n -c rec >> "$1" ;;  # one gzip member per record
    *) cat rec >> "$1" ;;
  esac
}
# An HTTP response holding the page file $1, on stdout.
response() {
  printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n'
  printf 'Content-Length: %s\r\n\r\n' "$(($(wc -c < "$1")))"
  cat "$1"
}
archive() {
  : > "$1"
  printf 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' > block
  record "$1" response http://example.test/missing block
  for f in wordpress generic jsonld microdata; do
    response "$FIX/pages/$f.html" > block
    record "$1" response "http://example.test/$f" block
  done
}

mkdir -p in/html in/site in/text
for f in wordpress wordpress-classic blogger generic no-comments; do
  cp "$FIX/pages/$f.html" in/html/
done
cp "$FIX"/pages/*.txt in/text/
printf 'PK\003\004\000\000\000binary' > in/text/archive.zip
archive in/site/a.warc.gz
archive in/site/b.warc
gzip -dc in/site/a.warc.gz | cmp -s - in/site/b.warc ||
  fail "the two archives differ"

M() { "$SPAMCLS" moderate -m "$MODEL" "$@"; }
same() {  # the outputs of two runs
  for f in report.jsonl pages.jsonl summary.json report.html; do
    cmp -s "$1/$f" "$2/$f" || fail "$3: $f differs"
  done
  diff -r "$1/clean" "$2/clean" > /dev/null || fail "$3: clean/ differs"
}
# The progress lines of a run's stderr, one a line.
bars() { tr '\r' '\n' < "$1" | grep 'pages/s'; }
# The last progress line says 100%, and the percentages never go down.
full() {
  bars "$1" > bars.txt
  [ -s bars.txt ] || { fail "$2: no progress bar"; return; }
  end='^\[#*\] 100%  [0-9]* pages  .* pages/s  .* comments/s  ETA 0:00 *$'
  tail -n 1 bars.txt | grep -q "$end" ||
    fail "$2: the bar does not end at 100%: $(tail -n 1 bars.txt)"
  sed -n 's/^\[[# ]*\] *\([0-9]*\)%.*/\1/p' bars.txt |
    awk 'NR > 1 && $1 < last { bad = 1 } { last = $1 } END { exit bad }' ||
    fail "$2: the percentage went down: $(tr '\n' '|' < bars.txt)"
}

for j in 1 2; do
  M -j $j --no-progress -o n$j in > /dev/null 2> err.n$j
  rc=$?
  [ "$rc" -eq 3 ] || { fail "-j $j --no-progress: exit $rc"; cat err.n$j; }
  grep -q "$(printf '\r')" err.n$j && fail "-j $j: a bar without --progress"
  M -j $j --progress -o p$j in > /dev/null 2> err.p$j
  rc=$?
  [ "$rc" -eq 3 ] || { fail "-j $j --progress: exit $rc"; cat err.p$j; }
  full err.p$j "-j $j"
  same n$j p$j "-j $j --progress"
done
same n1 n2 "-j 2"
grep -q '"status":"archive","records":5,"pages":4,' n1/pages.jsonl ||
  fail "the archives were not read: $(grep archive n1/pages.jsonl)"
[ "$(grep -c '"warc":' n1/pages.jsonl)" -eq 8 ] || fail "not 8 archived pages"

# Only pages: the count goes up with each page written.
n=$(grep -c . n1/pages.jsonl)
bars err.p1 | tail -n 1 | grep -q "] 100%  $n pages " ||
  fail "the bar does not count $n pages: $(bars err.p1 | tail -n 1)"

# 3000 pages of one size: the bar is drawn on the way (every 0.1 s), and
# its percentage is that of the pages written.
mkdir many
awk -v src="$FIX/pages/wordpress.html" 'BEGIN {
  while ((getline l < src) > 0) page = page l "\n"
  for (i = 0; i < 3000; i++) {
    f = sprintf("many/p%04d.html", i); printf "%s", page > f; close(f)
  }
}'
M -j 1 --progress -o m many > /dev/null 2> err.m || fail "many pages: exit $?"
full err.m "many pages"
[ "$(bars err.m | grep -cv '100%')" -ge 1 ] ||
  fail "no progress shown before the end: $(bars err.m | tr '\n' '|')"
bars err.m | sed 's/^\[[# ]*\] *\([0-9]*\)%  \([0-9]*\) pages.*/\1 \2/' |
  awk '{ d = $1 - int($2 / 30); if (d < -1 || d > 1) { print; exit 1 } }' ||
  fail "the percentage is not the share of the pages' bytes written"

# A shard walks everything, does its part and still ends at 100%.
M -j 2 --no-progress --shard 1/2 -o sn in > /dev/null 2>&1
M -j 2 --progress --shard 1/2 -o sp in > /dev/null 2> err.sp
full err.sp "--shard 1/2"
same sn sp "--shard 1/2 --progress"

# A rerun resumes every page: the same outputs, and the bar ends at 100%.
M -j 2 --progress -o p2 in > /dev/null 2> err.r
grep -q "resuming" err.r || fail "the rerun did not resume"
full err.r "the rerun"
same n2 p2 "the rerun"

# Each archive is opened once, by the run, not by a count before it.
if command -v strace > /dev/null 2>&1 &&
   strace -f -qq -e trace=open,openat -o /dev/null true 2> /dev/null; then
  strace -f -qq -e trace=open,openat -o trace.txt \
    "$SPAMCLS" moderate -m "$MODEL" -j 2 --progress -o t in > /dev/null 2> err.t
  full err.t "under strace"
  for a in a.warc.gz b.warc; do
    n=$(grep -c "open[a-z]*(.*\"in/site/$a\"" trace.txt)
    [ "$n" -eq 1 ] || fail "in/site/$a was opened $n times"
  done
else
  echo "note: strace is not usable here: the opens were not counted"
fi

exit $status
