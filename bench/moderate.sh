#!/bin/sh
# Throughput of spamcls moderate on a generated archive: at least 100,000
# pages (WordPress HTML, schema.org microdata and text dumps, 1 to 5
# comments each) built from the project's page fixtures' markup and real
# reader comments of ../shared/corpus/blog-comments-moderated, under /tmp
# (never in the tree). Prints pages/s and comments/s with one thread and
# with all threads, checks both runs wrote the same report, and the peak
# memory of runs over a tenth of the archive and the whole of it. Then the
# archive's HTML pages packed into a web archive (bench/warc_make.py: a
# request and a response record per page, one gzip member each): WARC
# records/s and MB/s of moderate beside gzip -d alone and warcio (npm, when
# installed in build/npm) reading the same archive, and peak memory on a
# tenth of the archive and on the whole.
# Usage: bench/moderate.sh [PAGES] [SPAMCLS] [MODEL]
#        (default 100000, build/cli/spamcls, models/default.model)
set -eu
cd "$(dirname "$0")/.."
PAGES=${1:-100000}
SPAMCLS=${2:-build/cli/spamcls}
MODEL=${3:-models/default.model}
CORPUS=${SPAMCLS_SHARED_DIR:-../shared}/corpus/blog-comments-moderated/comments.jsonl
[ -x "$SPAMCLS" ] || { echo "bench: build first ($SPAMCLS is missing)"; exit 1; }
[ -r "$CORPUS" ] || { echo "bench: $CORPUS is absent (the shared corpora are needed)"; exit 77; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (Debian package time)"; exit 1; }
WORK=$(mktemp -d /tmp/spamcls-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "generating $PAGES pages in $WORK/archive ..."
t0=$(date +%s.%N)
awk -v pages="$PAGES" -v dir="$WORK/archive" '
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
  function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
  function indent(s) { gsub(/\n/, "\n    ", s); return s }
  # Comments of the corpus: text and author.
  FNR == NR {
    t = index($0, "\"text\": \""); a = index($0, "\"author\": \"")
    if (t && a && n < 20000) { n++; text[n] = jstr(substr($0, t + 8)); who[n] = jstr(substr($0, a + 10)) }
    next
  }
  END {
    srand(42)
    for (p = 0; p < pages; p++) {
      d = sprintf("%s/d%03d", dir, int(p / 1000))
      if (p % 1000 == 0) system("mkdir -p " d)
      kind = p % 3; k = 1 + p % 5
      f = sprintf("%s/page%06d.%s", d, p, kind == 2 ? "txt" : "html")
      if (kind == 0) {
        printf "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Article %d</title></head><body>\n<article><h1>Article %d</h1><p>Body of the article, one paragraph.</p></article>\n<ol class=\"comment-list\">\n", p, p > f
        for (i = 1; i <= k; i++) { c = 1 + int(rand() * n)
          printf "<li id=\"comment-%d\" class=\"comment\"><article class=\"comment-body\"><footer class=\"comment-meta\"><div class=\"comment-author vcard\"><b class=\"fn\">%s</b> <span class=\"says\">says:</span></div><div class=\"comment-metadata\"><time datetime=\"2020-01-%02d\">January %d, 2020</time></div></footer><div class=\"comment-content\"><p>%s</p></div></article></li>\n", i, esc(who[c]), i, i, esc(text[c]) > f }
        printf "</ol></body></html>\n" > f
      } else if (kind == 1) {
        printf "<html><head><meta charset=\"utf-8\"></head><body><main itemscope itemtype=\"https://schema.org/BlogPosting\"><h1>Post %d</h1>\n", p > f
        for (i = 1; i <= k; i++) { c = 1 + int(rand() * n)
          printf "<div itemprop=\"comment\" itemscope itemtype=\"https://schema.org/Comment\"><span itemprop=\"author\">%s</span> <time itemprop=\"dateCreated\" datetime=\"2021-02-%02d\">Feb %d</time><div itemprop=\"text\">%s</div></div>\n", esc(who[c]), i, i, esc(text[c]) > f }
        printf "</main></body></html>\n" > f
      } else {
        printf "Article %d\n\nThe article text, a paragraph.\n\n%d Comments\n\n", p, k > f
        for (i = 1; i <= k; i++) { c = 1 + int(rand() * n)
          printf "  %d. %s\n\n    March %d, 2019 at 10:%02d AM\n\n    %s\n\n", i, who[c], i, i, indent(text[c]) > f }
      }
      close(f)
    }
  }' "$CORPUS" /dev/null
t1=$(date +%s.%N)
echo "generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s ($(du -sh "$WORK/archive" | cut -f1))"

run() {  # JOBS OUTDIR INPUT...
  jobs=$1 out=$2
  shift 2
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$WORK/rss" "$SPAMCLS" moderate -m "$MODEL" -j "$jobs" --no-progress \
    -o "$out" "$@" 2> "$WORK/err" || true
  e=$(date +%s.%N)
  pages=$(wc -l < "$out/pages.jsonl")
  comments=$(wc -l < "$out/report.jsonl")
  awk -v a="$s" -v b="$e" -v p="$pages" -v c="$comments" -v j="$jobs" -v m="$(cat "$WORK/rss")" 'BEGIN {
    t = b - a
    printf "threads %3d: %d pages, %d comments in %.1f s: %.0f pages/s, %.0f comments/s, peak RSS %.1f MiB\n",
           j, p, c, t, p / t, c / t, m / 1024 }'
}
cores=$(nproc)
echo "spamcls moderate, $(uname -m), $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg):"
# A tenth of the archive first: peak memory should not grow with pages.
tenth=$(ls -d "$WORK"/archive/d* | head -n $(( (PAGES / 1000 + 9) / 10 )))
# shellcheck disable=SC2086
run "$cores" "$WORK/out-tenth" $tenth
run 1 "$WORK/out1" "$WORK/archive"
run "$cores" "$WORK/outN" "$WORK/archive"
if cmp -s "$WORK/out1/report.jsonl" "$WORK/outN/report.jsonl"; then
  echo "1 thread and $cores threads wrote the same report.jsonl"
else
  echo "WARNING: reports differ between 1 and $cores threads"
fi

# --- web archives -----------------------------------------------------------
echo "packing the HTML pages into $WORK/site.warc.gz ..."
python3 bench/warc_make.py "$WORK/archive" "$WORK/site.warc.gz" > "$WORK/npages"
python3 bench/warc_make.py "$WORK/archive" "$WORK/tenth.warc.gz" \
  $(( $(cat "$WORK/npages") / 10 )) > /dev/null
gz_mb=$(awk -v b="$(wc -c < "$WORK/site.warc.gz")" 'BEGIN { printf "%.1f", b / 1048576 }')
raw_mb=$(gzip -dc "$WORK/site.warc.gz" | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
records=$(( $(cat "$WORK/npages") * 2 + 1 ))
echo "web archive: $records records ($(cat "$WORK/npages") HTML pages), $gz_mb MB gzip, $raw_mb MB uncompressed"
rate() {  # LABEL SECONDS RSS_KIB
  [ "$2" = failed ] && { echo "$1: FAILED: $(tail -1 "$WORK/timed.err")"; return; }
  awk -v l="$1" -v t="$2" -v r="$records" -v p="$(cat "$WORK/npages")" -v g="$gz_mb" \
      -v u="$raw_mb" -v m="$3" 'BEGIN {
    printf "%-28s %6.1f s: %7.0f records/s (%.0f pages/s), %6.1f MB/s gzip, %6.1f MB/s uncompressed%s\n",
           l, t, r / t, p / t, g / t, u / t, m ? sprintf(", peak RSS %.1f MiB", m / 1024) : "" }'
}
timed() {  # COMMAND...: seconds on stdout; a failed command is said so
  s=$(date +%s.%N)
  "$@" > /dev/null 2> "$WORK/timed.err" || { echo "failed"; return; }
  e=$(date +%s.%N)
  awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }'
}
rate "gzip -d (floor)" "$(timed sh -c "gzip -dc '$WORK/site.warc.gz' > /dev/null")" 0
if [ -d build/npm/node_modules/warcio ] && command -v node > /dev/null; then
  rate "warcio read (peer)" "$(timed node bench/warc_peer.mjs build/npm/node_modules "$WORK/site.warc.gz")" 0
else
  echo "warcio read (peer): skipped (npm install --prefix build/npm warcio)"
fi
wrun() {  # JOBS OUTDIR WARC
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$WORK/rss" "$SPAMCLS" moderate -m "$MODEL" -j "$1" --no-progress \
    -o "$2" "$3" 2> "$WORK/err" || true
  e=$(date +%s.%N)
  rate "spamcls moderate -j $1" "$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')" "$(cat "$WORK/rss")"
}
# the same pages as files, for what reading them from an archive costs
mkdir "$WORK/html"
find "$WORK/archive" -name '*.html' -exec ln {} "$WORK/html/" \;
s=$(date +%s.%N)
"$SPAMCLS" moderate -m "$MODEL" -j 1 --no-progress -o "$WORK/html1" "$WORK/html" 2> /dev/null || true
rate "same pages as files -j 1" "$(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')" 0
wrun 1 "$WORK/warc1" "$WORK/site.warc.gz"
wrun "$cores" "$WORK/warcN" "$WORK/site.warc.gz"
s=$(date +%s.%N)
/usr/bin/time -f %M -o "$WORK/rss" "$SPAMCLS" moderate -m "$MODEL" -j "$cores" --no-progress \
  -o "$WORK/warc-tenth" "$WORK/tenth.warc.gz" 2> /dev/null || true
echo "peak RSS on a tenth of the archive ($cores threads): $(awk -v m="$(cat "$WORK/rss")" 'BEGIN { printf "%.1f", m / 1024 }') MiB"
echo "cleaned archive: $(du -h "$WORK/warcN/clean/site.warc.gz" 2> /dev/null | cut -f1), $(grep -c '"status":"ok"' "$WORK/warcN/pages.jsonl") pages, $(grep -c '"removed":true' "$WORK/warcN/report.jsonl") comments removed"
if cmp -s "$WORK/warc1/clean/site.warc.gz" "$WORK/warcN/clean/site.warc.gz"; then
  echo "1 thread and $cores threads wrote the same cleaned archive"
else
  echo "WARNING: cleaned archives differ between 1 and $cores threads"
fi
