#!/bin/sh
# spamcls moderate end to end on the page fixtures plus bad inputs: exit
# code and messages, summary counts, cleaned copies equal to the page
# minus the removed comments' byte spans, inputs untouched, -j 3 equal to
# -j 1, a rerun resuming with equal outputs, OUTDIR inside an input
# skipped, an input inside OUTDIR refused, shards merged equal to one run,
# thresholds overridden, the stream mode, and an unwritable OUTDIR.
# Usage: t_moderate.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

mkdir -p in/html in/text
# The counts below are those of these nine pages (the other pages of the
# fixture folder are the extraction suite's).
for f in wordpress wordpress-classic microdata jsonld generic broken no-comments; do
  cp "$FIX/pages/$f.html" in/html/
done
cp "$FIX"/pages/*.txt in/text/
printf 'PK\003\004\000\000\000binary' > in/archive.zip
printf '<ol class="commentlist"><li class="comment"><b class="fn">A</b><div class="comment-content">caf\351 ok</div></li></ol>\n' > in/latin.html
head -c 300000 /dev/zero | tr '\0' 'x' > in/huge.txt
mkfifo in/pipe
ln -s nowhere in/broken-link
touch in/.hidden
sums() { find in -type f -exec cksum {} + | sort; }
sums > before

M() { "$SPAMCLS" moderate -m "$MODEL" --max-page 200000 "$@"; }

M -j 1 -o a in > out.a 2> err.a
rc=$?
[ "$rc" -eq 3 ] || fail "moderate -j 1: exit $rc, expected 3"
for msg in "in/archive.zip: binary data, not a page (skipped)" \
           "in/huge.txt: larger than 200000 bytes (--max-page) (skipped)" \
           "in/pipe: not a regular file (skipped)" \
           "in/broken-link: No such file or directory (skipped)" \
           "in/latin.html: 1 invalid UTF-8 sequences replaced by U+FFFD" \
           "moderate: skipped: 2 unreadable" ; do
  grep -qF -- "$msg" err.a || fail "stderr lacks: $msg"
done
grep -qF "1 too_large" err.a && grep -qF "1 binary" err.a || fail "skip counts on stderr"
[ -s out.a ] && fail "moderate wrote to stdout"
for f in report.jsonl pages.jsonl summary.json report.html; do
  [ -s "a/$f" ] || fail "a/$f missing"
done
ls -a a | grep -q 'tmp\|\.part' && fail "temporary files left in a/"
# 14 pages: 9 fixtures, latin.html and 4 skipped (the hidden file is not walked)
grep -q '"pages":14,"pages_moderated":10,' a/summary.json || fail "page counts: $(tail -c 400 a/summary.json)"
grep -q '"skipped":{"unreadable":2,"too_large":1,"binary":1,' a/summary.json || fail "skip counts in summary.json"
n=$(wc -l < a/report.jsonl)
[ "$n" -eq 20 ] || fail "report.jsonl has $n records, expected 20"
grep -q '"page":"in/html/wordpress.html","index":3,"author":"slot gacor","author_url":"http://slot-gacor-88.example/","date":"2023-10-03T02:01:00+00:00","verdict":"' a/report.jsonl || fail "wordpress record"
sums > after
cmp -s before after || fail "an input was modified"

# Cleaned copies: the page with the removed spans cut out, nothing else.
for page in $(cd in && find . -type f | sed 's|^\./||'); do
  clean="a/clean/in/$page"
  grep -q "\"page\":\"in/$page\",\"page_seq\":[0-9]*,\"status\":\"ok\"" a/pages.jsonl || continue
  [ -f "$clean" ] || { fail "no cleaned copy of $page"; continue; }
  grep -F "\"page\":\"in/$page\"," a/report.jsonl | grep '"removed":true' |
    sed 's/.*"start":\([0-9]*\),"end":\([0-9]*\),"removed":true.*/\1 \2/' | sort -n > spans
  at=0; : > expect
  while read -r s e; do
    [ "$s" -gt "$at" ] && dd if="in/$page" bs=1 skip="$at" count=$((s - at)) 2>/dev/null >> expect
    at=$e
  done < spans
  dd if="in/$page" bs=1 skip="$at" 2>/dev/null >> expect
  cmp -s expect "$clean" || fail "cleaned copy of $page is not the page minus its spam"
done
removed=$(grep -c '"removed":true' a/report.jsonl)
[ "$removed" -ge 2 ] || fail "only $removed comments removed"

# Progress: never when standard error is not a terminal; asked for, or on
# a terminal (script(1) gives it one), a bar with the rate and ETA.
cr=$(printf '\r')
grep -q "$cr" err.a && fail "progress output on a non-terminal"
M -o p1 --progress in > /dev/null 2> err.p
grep -q "pages/s .*ETA" err.p || fail "--progress shows no rate and ETA"
if command -v script > /dev/null 2>&1; then
  script -qec "\"$SPAMCLS\" moderate -m \"$MODEL\" -o p2 in/html" /dev/null > tty.out 2>&1
  grep -q "pages/s .*ETA" tty.out || fail "no progress bar on a terminal: $(head -c 300 tty.out)"
fi

# A review page of at most 2 pages: the rest are counted, not shown.
M -o h1 --html-pages 2 in > /dev/null 2>&1
n=$(grep -c '<section class="page"' h1/report.html)
[ "$n" -eq 2 ] || fail "--html-pages 2 shows $n pages"
grep -q 'more pages with comments are not shown here' h1/report.html || fail "no note of the pages left out"

# Threads: byte-identical outputs.
M -j 3 -o b in > /dev/null 2> err.b
for f in report.jsonl pages.jsonl summary.json report.html; do
  cmp -s "a/$f" "b/$f" || fail "-j 3 $f differs from -j 1"
done
diff -r a/clean b/clean > /dev/null || fail "-j 3 clean/ differs"

# A finished run run again: resumes everything, same outputs.
cp a/report.jsonl a.report
M -j 2 -o a in > /dev/null 2> err.a2
grep -q "resuming: 10 pages were done before" err.a2 || fail "rerun did not resume: $(cat err.a2)"
cmp -s a.report a/report.jsonl || fail "rerun changed report.jsonl"

# Options changed: starts over.
M -o a --spam-threshold 0.99 --unsure-margin 0.005 in > /dev/null 2> err.a3
grep -q "differ from the previous run there: starting over" err.a3 || fail "changed options not noticed"
grep -q '"threshold":0.990000,"unsure_margin":0.005000' a/summary.json || fail "thresholds not in summary"
s99=$(grep -c '"verdict":"spam"' a/report.jsonl)
s50=$(grep -c '"verdict":"spam"' b/report.jsonl)
[ "$s99" -le "$s50" ] || fail "a higher threshold found more spam ($s99 > $s50)"

# OUTDIR inside an input: skipped in the walk, same pages.
M -o in/out-inside in > /dev/null 2> err.c
grep -q "is inside the input 'in': it is skipped" err.c || fail "no note about OUTDIR inside input"
grep -q '"pages":14,' in/out-inside/summary.json || fail "OUTDIR inside input was walked"
rm -rf in/out-inside
# An input inside OUTDIR: refused.
M -o a a/clean > /dev/null 2> err.d
[ $? -eq 2 ] && grep -q "is inside the output folder" err.d || fail "input inside OUTDIR not refused"

# Shards and merge: equal to one run.
for k in 0 1 2; do M -j 1 --shard $k/3 -o s$k in > /dev/null 2>&1; done
"$SPAMCLS" merge -o merged s0 s1 s2 > /dev/null 2> err.m || fail "merge failed: $(cat err.m)"
for f in report.jsonl pages.jsonl summary.json report.html; do
  cmp -s "b/$f" "merged/$f" || fail "merged $f differs from one run"
done
diff -r b/clean merged/clean > /dev/null || fail "merged clean/ differs"
M --shard 3/3 -o x in > /dev/null 2>&1; [ $? -eq 2 ] || fail "--shard 3/3 accepted"
"$SPAMCLS" merge -o m2 s0 s2 > /dev/null 2> err.m2
[ $? -eq 3 ] && grep -q "shard 1/3 is missing" err.m2 || fail "a missing shard was not noticed: $(cat err.m2)"
"$SPAMCLS" merge -o m3 s0 s1 s2 b > /dev/null 2> err.m3
[ $? -eq 3 ] && grep -q "b: a shard of another run" err.m3 || fail "a foreign folder was merged: $(cat err.m3)"

# Stream mode: a page and a comment in, records out.
printf '%s\n' '{"page":"p1","content":"Intro.\n\n  1. Ann\n\n    May 1, 2020 at 1:00 PM\n\n    togel online gacor\n"}' \
  '{"id":"c7","text":"thanks for the clear explanation","author":"Bo"}' 'not json' |
  "$SPAMCLS" moderate -m "$MODEL" --stream > stream.out 2> stream.err
rc=$?
[ "$rc" -eq 3 ] || fail "stream with a bad line: exit $rc, expected 3"
grep -q '^{"page":"p1","index":1,"author":"Ann","date":"May 1, 2020 at 1:00 PM","verdict":' stream.out || fail "stream page record"
grep -q '^{"id":"c7","verdict":' stream.out || fail "stream comment record"
grep -q -- "-:3: " stream.err || fail "stream bad line message"
printf '%s\n' '{"text":"hello"}' | "$SPAMCLS" moderate -m "$MODEL" --stream > /dev/null || fail "stream exit not 0"

# Unwritable OUTDIR: clear message, exit 5.
M -o /dev/null/out in > /dev/null 2> err.e
rc=$?
[ "$rc" -eq 5 ] && grep -q "/dev/null/out: cannot create the output folder" err.e || fail "unwritable OUTDIR: exit $rc $(cat err.e)"

[ "$status" -eq 0 ] && echo "moderate: all checks passed"
exit $status
