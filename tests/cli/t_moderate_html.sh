#!/bin/sh
# report.html in a real browser: Debian's chromium, headless, renders the
# review page of the seed pages and a fixture; the script ran, every
# comment shows with the verdict report.jsonl gives it (the seeds' known
# ones checked by name), filtering by verdict hides the others, and
# feature words are highlighted. Skips (77) without chromium or the seeds.
# Usage: t_moderate_html.sh SPAMCLS FIXTURES MODEL SHARED_DIR
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3 SEEDS=$4/seeds
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh --test installs it)"
  exit 77
fi
if [ ! -r "$SEEDS/000_09086a5ff4b6e2f6.txt" ]; then
  echo "skipped: $SEEDS is absent (the seed pages are needed)"
  exit 77
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

mkdir in
cp "$SEEDS"/*.txt "$FIX/pages/wordpress.html" in/
"$SPAMCLS" moderate -m "$MODEL" -o out in > /dev/null 2> err || { cat err; exit 1; }

render() {  # URL-suffix OUTFILE
  profile=$(mktemp -d)
  timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" \
    --dump-dom "file://$TMP/out/report.html$1" > "$2" 2> browser.err
  rc=$?
  rm -rf "$profile"
  if [ "$rc" -ne 0 ] || ! grep -q '</html>' "$2"; then
    echo "skipped: chromium could not render a page here (exit $rc):"
    tail -5 browser.err
    exit 77
  fi
}

# page|index|author|verdict of every comment, from the DOM and from the report.
from_dom() {
  awk '
    match($0, /data-page="[^"]*"/) { page = substr($0, RSTART + 11, RLENGTH - 12) }
    match($0, /data-verdict="[a-z]*"/) { v = substr($0, RSTART + 14, RLENGTH - 15)
      match($0, /data-index="[0-9]*"/); ix = substr($0, RSTART + 12, RLENGTH - 13) }
    match($0, /<b class="author">[^<]*<\/b>/) {
      print page "|" ix "|" substr($0, RSTART + 18, RLENGTH - 22) "|" v }' "$1" | sort
}
sed 's/^{"page":"\([^"]*\)","index":\([0-9]*\),"author":"\([^"]*\)",.*"verdict":"\([a-z]*\)".*/\1|\2|\3|\4/' \
  out/report.jsonl | sort > want

render "" all.html
grep -q '<body data-ready="1"' all.html || fail "the page script did not run"
from_dom all.html > got
cmp -s want got || { fail "comments shown differ from report.jsonl"; diff want got; }
for c in "in/000_09086a5ff4b6e2f6.txt|1|Kseniya|ham" "in/000_09086a5ff4b6e2f6.txt|2|kelly|spam" \
         "in/001_2962f9de25672c96.txt|1|jammy|empty" "in/001_2962f9de25672c96.txt|2|jammy|empty" \
         "in/000_09086a5ff4b6e2f6.txt|3|leticia|"; do
  grep -qF -- "$c" got || fail "the review page lacks $c"
done
n=$(grep -c '^in/00[0-4]' got)
[ "$n" -eq 5 ] || fail "$n seed comments shown, expected 5"
# The kelly comment's features (character n-grams, words) are marked in
# its text.
awk '/<b class="author">kelly</,/<\/article>/' all.html > kelly.html
grep -q '<mark class="\(up\|down\)" title="[wcu]:' kelly.html || fail "no feature highlighted in kelly's comment"

# Filtered to spam: every other comment hidden, the count updated.
render "#verdict=spam" spam.html
spam=$(grep -c '"verdict":"spam"' out/report.jsonl)
shown=$(grep -c '<article class="comment[^"]*" data-verdict="spam" data-index="[0-9]*">' spam.html)
hidden=$(grep -c '<article [^>]*hidden' spam.html)
total=$(wc -l < out/report.jsonl)
[ "$shown" -eq "$spam" ] || fail "$shown spam comments shown, expected $spam"
[ "$hidden" -eq $((total - spam)) ] || fail "$hidden comments hidden, expected $((total - spam))"
grep -q "<span id=\"shown\">$spam</span>" spam.html || fail "shown count not updated"
[ "$status" -eq 0 ] && echo "review page: all checks passed ($total comments, $spam spam)"
exit $status
