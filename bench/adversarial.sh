#!/bin/sh
# Time and peak memory against input size on adversarial inputs, to show
# that nothing grows faster than linearly: each family is run at sizes
# doubling from the smallest, and the report gives seconds per MB (or per
# unit), which stays about flat when the work is linear and doubles per
# step when it is quadratic. Inputs are generated in a temporary folder.
#
#   one repeated character  'a', 'é' (2 bytes), "S L O T " and "a." as
#                           one comment of 1.25 to 10 MB (--max-record
#                           raised to let it through)
#   short lines             125,000 to 1,000,000 one-word comments
#   nested HTML             100 to 800, then 10,000 to 80,000 nested
#                           <div>s around a WordPress comment list
#                           (spamcls extract; "out lines" tells whether
#                           the comment was found: it is at any depth, as
#                           libxml2's hard-coded limits are relaxed)
#   many comments           1,000 to 8,000 comments on one HTML page
#   JSON-LD comments        2 to 16 MB of {"@type":"Comment","text":"x"}
#                           objects in one script element: every comment
#                           has the same span, the worst case for the
#                           overlap check (quadratic before)
#   attributes              2 to 16 MB: one <li class="comment"> with
#                           that many attributes (libxml2's time grows
#                           with their square; past 64 they are cut)
#   comment records         2 to 16 MB: 4 KB comments on one page, run
#                           through `moderate -j 1` (peak memory against
#                           the documented bound)
#
# Sizes up to 16 MB, the default --max-page; each MB row gives the time
# per MB and the peak memory.
# Usage: bench/adversarial.sh [SPAMCLS]   (default build/cli/spamcls)
# Environment: STEPS (sizes per family, default 4).
set -eu
cd "$(dirname "$0")/.."
SPAMCLS=${1:-build/cli/spamcls}
[ -x "$SPAMCLS" ] || { echo "adversarial: $SPAMCLS is not built (cmake --build build)" >&2; exit 1; }
steps=${STEPS:-4}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
MODEL=$T/bench.model
"$SPAMCLS" train -q -o "$MODEL" tests/fixtures/tiny/train.tsv

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
# run CMD...: runs CMD, output discarded; sets secs and kb (peak RSS
# from GNU time when installed, else "-").
run() {
  t0=$(now)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$T/mem" "$@" > "$T/out" 2>/dev/null || true
    kb=$(tail -n 1 "$T/mem")
  else
    "$@" > "$T/out" 2>/dev/null || true
    kb=-
  fi
  secs=$(calc "$(now) - $t0")
  found=$(wc -l < "$T/out")
}
row() {  # FAMILY SIZE UNIT PER PERUNIT
  printf '%-24s %9s %-6s %8.3f s %9s kB %9.4f s/%-7s %8s\n' "$1" "$2" "$3" \
    "$secs" "$kb" "$(calc "$secs / $4")" "$5" "$found"
}
repeat() {  # TEXT BYTES: TEXT repeated to BYTES bytes, then a newline
  awk -v s="$1" -v n="$2" 'BEGIN {
    t = s; while (length(t) < 65536) t = t t
    while (n > 0) { k = n < length(t) ? n : length(t); printf "%s", substr(t, 1, k); n -= k }
    print "" }'
}

printf '%-24s %9s %-6s %10s %12s %17s %8s\n' family size unit time "peak memory" "time per unit" "out lines"
for text in a é 'S L O T ' a.; do
  mb=1.25
  i=0
  while [ $i -lt "$steps" ]; do
    bytes=$(calc "int($mb * 1000000)")
    LC_ALL=C.UTF-8 repeat "$text" "$bytes" > "$T/in.txt"
    run "$SPAMCLS" score -m "$MODEL" --max-record 100000000 "$T/in.txt"
    row "repeated '$text'" "$mb" MB "$mb" MB
    mb=$(calc "$mb * 2")
    i=$((i + 1))
  done
done

n=125000
i=0
while [ $i -lt "$steps" ]; do
  awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) print "w" i % 977 }' > "$T/lines.txt"
  run "$SPAMCLS" score -m "$MODEL" "$T/lines.txt"
  row "short lines" $n lines "$(calc "$n / 1000000")" Mline
  n=$((n * 2))
  i=$((i + 1))
done

nested() {  # FIRST
  n=$1
  i=0
  while [ $i -lt "$steps" ]; do
    awk -v n=$n -v c="$comment" 'BEGIN {
      printf "<html><body>"; for (i = 0; i < n; i++) printf "<div>"
      printf "<ol class=\"commentlist\">%s</ol>", c
      for (i = 0; i < n; i++) printf "</div>"; print "</body></html>" }' > "$T/deep.html"
    run "$SPAMCLS" extract --kind html "$T/deep.html"
    row "nested HTML" $n divs "$(calc "$n / 10000")" 10kdiv
    n=$((n * 2))
    i=$((i + 1))
  done
}
comment='<li class="comment" id="comment-1"><div class="comment-author vcard"><cite class="fn">Ann</cite></div><div class="comment-content"><p>slot gacor hari ini</p></div></li>'
nested 100
nested 10000

n=1000
i=0
while [ $i -lt "$steps" ]; do
  awk -v n=$n -v c="$comment" 'BEGIN {
    printf "<html><body><ol class=\"commentlist\">"
    for (i = 0; i < n; i++) printf "%s\n", c; print "</ol></body></html>" }' > "$T/many.html"
  run "$SPAMCLS" extract --kind html "$T/many.html"
  row "comments on one page" $n cmts "$(calc "$n / 1000")" kcmt
  n=$((n * 2))
  i=$((i + 1))
done

# mb_family NAME GENERATOR CMD...: GENERATOR BYTES writes a page of about
# BYTES to $T/page.html; CMD runs on it; sizes 2, 4, 8, 16 MB.
mb_family() {
  name=$1 gen=$2
  shift 2
  for mb in 2 4 8 16; do
    $gen $((mb * 1000000)) > "$T/page.html"
    rm -rf "$T/mod"
    run "$@"
    row "$name" $mb MB $mb MB
  done
}
gen_jsonld() {
  awk -v n="$1" 'BEGIN { o = "{\"@type\":\"Comment\",\"text\":\"x\"},"
    printf "<html><body><script type=\"application/ld+json\">["
    for (i = 0; i < n / length(o); i++) printf "%s", o
    print "{}]</script></body></html>" }'
}
gen_attrs() {
  awk -v n="$1" 'BEGIN {
    printf "<html><body><ol class=\"commentlist\"><li class=\"comment\" id=\"comment-1\""
    for (i = 0; i < n / 10; i++) printf " a%07d", i
    print "><div class=\"comment-content\"><p>hi</p></div></li></ol></body></html>" }'
}
gen_records() {
  awk -v n="$1" 'BEGIN {
    body = "slot gacor maxwin "; while (length(body) < 4000) body = body "daftar sekarang juga "
    printf "<html><body><ol class=\"commentlist\">"
    for (i = 0; i < n / 4200; i++)
      printf "<li class=\"comment\" id=\"comment-%d\"><div class=\"comment-content\"><p>%s</p></div></li>\n", i, body
    print "</ol></body></html>" }'
}
mb_family "JSON-LD comments" gen_jsonld "$SPAMCLS" extract --kind html "$T/page.html"
mb_family "attributes" gen_attrs "$SPAMCLS" extract --kind html "$T/page.html"
mb_family "comment records" gen_records "$SPAMCLS" moderate -m "$MODEL" -j 1 \
  --no-progress -o "$T/mod" "$T/page.html"
