#!/bin/sh
# Throughput and memory of spamcls moderate on a generated WordPress export
# (WXR): posts of 5 comments each, the comments' text and authors real
# reader comments of ../shared/corpus/blog-comments-moderated, their
# status 1 (approved) or spam by the corpus label, written under /tmp
# (never in the tree). Prints, for an export of COMMENTS/10 and one of
# COMMENTS comments: its size, the time and peak memory of moderate -j 1,
# comments/s, the same with one thread per core (checked to write the
# same bytes), and libxml2's own streaming parse of the file (xmllint
# --stream: the floor any reader built on it has), then checks that the
# marked copy differs from the input only in status values.
# Usage: bench/exports.sh [COMMENTS] [SPAMCLS] [MODEL]
#        (default 200000, build/cli/spamcls, models/default.model)
set -eu
cd "$(dirname "$0")/.."
N=${1:-200000}
SPAMCLS=${2:-build/cli/spamcls}
MODEL=${3:-models/default.model}
CORPUS=${SPAMCLS_SHARED_DIR:-../shared}/corpus/blog-comments-moderated/comments.jsonl
[ -x "$SPAMCLS" ] || { echo "bench: build first ($SPAMCLS is missing)"; exit 1; }
[ -r "$CORPUS" ] || { echo "bench: $CORPUS is absent (the shared corpora are needed)"; exit 77; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (Debian package time)"; exit 1; }
command -v xmllint >/dev/null || { echo "bench: xmllint is needed (Debian package libxml2-utils)"; exit 1; }
WORK=$(mktemp -d /tmp/spamcls-bench-exports.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

gen() {  # COMMENTS FILE
  awk -v total="$1" '
    function jstr(s,   out, i, c, n) {   # the JSON string starting at s[1] = "\""
      out = ""; n = length(s)
      for (i = 2; i <= n; i++) {
        c = substr(s, i, 1)
        if (c == "\\") { i++; c = substr(s, i, 1)
          if (c == "n") c = "\n"; else if (c == "t") c = " "; else if (c == "u") { c = "?"; i += 4 } }
        else if (c == "\"") break
        out = out c
      }
      return out
    }
    function cdata(s) { gsub(/]]>/, "]]]]><![CDATA[>", s); return "<![CDATA[" s "]]>" }
    {
      t = index($0, "\"text\": \""); a = index($0, "\"author\": \"")
      if (t && a && n < 20000) { n++; text[n] = jstr(substr($0, t + 8)); who[n] = jstr(substr($0, a + 10))
        spam[n] = index($0, "\"label\": 1") > 0 }
    }
    END {
      srand(7)
      print "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>"
      print "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">"
      print "<channel>\n\t<title>Bench</title>\n\t<wp:wxr_version>1.2</wp:wxr_version>"
      for (i = 0; i < total; i++) {
        if (i % 5 == 0) {
          if (i) print "\t</item>"
          printf "\t<item>\n\t\t<title>Post %d</title>\n\t\t<link>https://bench.example/%d/</link>\n", i / 5, i / 5
        }
        c = 1 + int(rand() * n)
        printf "\t\t<wp:comment>\n\t\t\t<wp:comment_id>%d</wp:comment_id>\n\t\t\t<wp:comment_author>%s</wp:comment_author>\n", i + 1, cdata(who[c])
        printf "\t\t\t<wp:comment_date>2020-01-01 00:00:00</wp:comment_date>\n\t\t\t<wp:comment_content>%s</wp:comment_content>\n", cdata(text[c])
        printf "\t\t\t<wp:comment_approved>%s</wp:comment_approved>\n\t\t</wp:comment>\n", cdata(spam[c] ? "spam" : "1")
      }
      print "\t</item>\n</channel>\n</rss>"
    }' "$CORPUS" > "$2"
}

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

CORES=$(nproc 2>/dev/null || echo 2)
printf '%-10s %5s | %9s %8s %10s | %9s %8s %10s | %8s %8s\n' comments MB "-j 1" "peak MB" "comments/s" "-j $CORES" "peak MB" "comments/s" "xmllint" "peak MB"
for n in $((N / 10)) "$N"; do
  f=$WORK/export-$n.xml
  gen "$n" "$f"
  mb=$(du -m "$f" | cut -f1)
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$WORK/rss" "$SPAMCLS" moderate -m "$MODEL" -j 1 --no-progress -o "$WORK/out-$n" "$f" 2> "$WORK/err" \
    || { cat "$WORK/err"; exit 1; }
  e=$(date +%s.%N)
  t=$(secs "$s" "$e")
  rss=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss")
  got=$(grep -o '"comments":[0-9]*' "$WORK/out-$n/pages.jsonl" | head -1 | cut -d: -f2)
  [ "$got" = "$n" ] || { echo "bench: moderate read $got comments of $n"; exit 1; }
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$WORK/rssj" "$SPAMCLS" moderate -m "$MODEL" -j "$CORES" --no-progress -o "$WORK/outj-$n" "$f" 2> /dev/null \
    || { echo "bench: moderate -j $CORES failed"; exit 1; }
  e=$(date +%s.%N)
  tj=$(secs "$s" "$e")
  rssj=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rssj")
  for o in report.jsonl clean/export-$n.xml; do
    cmp -s "$WORK/out-$n/$o" "$WORK/outj-$n/$o" || { echo "bench: -j $CORES wrote another $o than -j 1"; exit 1; }
  done
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$WORK/rss2" xmllint --stream --noout "$f"
  e=$(date +%s.%N)
  t2=$(secs "$s" "$e")
  rss2=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss2")
  printf '%-10s %5s | %8ss %8s %10.0f | %8ss %8s %10.0f | %7ss %8s\n' "$n" "$mb" "$t" "$rss" \
    "$(awk -v n="$n" -v t="$t" 'BEGIN { print n / t }')" "$tj" "$rssj" \
    "$(awk -v n="$n" -v t="$tj" 'BEGIN { print n / t }')" "$t2" "$rss2"
  # Only status values differ: with every "spam" put back as the value it
  # replaced ("1": the bench marks only approved comments) the copy is the input.
  marked=$(grep -o '"marked":[0-9]*' "$WORK/out-$n/pages.jsonl" | head -1 | cut -d: -f2)
  changed=$(diff "$f" "$WORK/out-$n/clean/export-$n.xml" | grep -c '^>' || true)
  bad=$(diff "$f" "$WORK/out-$n/clean/export-$n.xml" | grep '^>' | grep -vc '<wp:comment_approved><!\[CDATA\[spam\]\]></wp:comment_approved>' || true)
  echo "  marked $marked, changed lines $changed, lines changed elsewhere than a status value: $bad"
  grep '^moderate: 1 site exports' "$WORK/err" | sed 's/^/  /'
done
