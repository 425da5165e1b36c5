#!/bin/sh
# The moderator's loop in a real browser: moderate the fixture pages, open
# report.html in Debian's chromium (headless), mark one spam comment as
# ham and one ham comment as spam with the page's own buttons, export the
# corrections, learn them into a site model, moderate again with it: the
# two comments now have the verdicts they were given, and summary.json
# names the site model and its two corrections. Skips (77) without
# chromium.
# Usage: t_moderate_learn.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh --test installs it)"
  exit 77
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

mkdir in
cp "$FIX"/pages/*.html in/
# The site model starts as a copy of the base model and is changed in
# place, as a moderator would do it.
cp "$MODEL" site.model
"$SPAMCLS" moderate -m site.model -o out in > /dev/null 2> err || { cat err; exit 1; }

# The first spam and the first ham comment of the report: page|index.
pick() {
  sed -n 's/^{"page":"\([^"]*\)","index":\([0-9]*\),.*"verdict":"'"$1"'".*/\1|\2/p' \
    "$2" | head -1
}
spam=$(pick spam out/report.jsonl) ham=$(pick ham out/report.jsonl)
if [ -z "$spam" ] || [ -z "$ham" ]; then
  fail "the fixture pages need a spam and a ham comment (spam '$spam', ham '$ham')"
  exit 1
fi

# A harness page drives the review page in a frame: real click events on
# its buttons, then the export; it shows the downloaded file's JSONL
# base64-encoded.
cat > harness.html <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body data-done="0"><pre id="result"></pre>
<iframe id="f" src="out/report.html"></iframe>
<script>
var f = document.getElementById('f');
f.addEventListener('load', function () {
  var d = f.contentDocument;
  [['${spam%|*}', '${spam#*|}', 'ham'], ['${ham%|*}', '${ham#*|}', 'spam']]
    .forEach(function (p) {
      var sec = Array.prototype.find.call(d.querySelectorAll('section.page'),
        function (s) { return s.dataset.page === p[0]; });
      sec.querySelector('.comment[data-index="' + p[1] + '"] ' +
        '.mark button[data-label="' + p[2] + '"]').click();
    });
  // The download link is caught, not followed (a headless browser waits
  // for a download forever): its name and its file's text are checked.
  var link = null;
  f.contentWindow.HTMLAnchorElement.prototype.click = function () { link = this; };
  d.getElementById('export').click();
  var shown = d.getElementById('export-jsonl').value;
  var x = new XMLHttpRequest();
  x.open('GET', link.href, false);
  x.send();
  document.getElementById('result').textContent =
    btoa(unescape(encodeURIComponent(x.responseText)));
  document.body.dataset.download = link.download;
  document.body.dataset.same = String(x.responseText === shown);
  document.body.dataset.done = d.getElementById('n-marked').textContent;
});
</script></body></html>
EOF
profile=$(mktemp -d)
timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --allow-file-access-from-files --user-data-dir="$profile" \
  --dump-dom "file://$TMP/harness.html" > dom.html 2> browser.err
rc=$?
rm -rf "$profile"
if [ "$rc" -ne 0 ] || ! grep -q '</html>' dom.html; then
  echo "skipped: chromium could not render a page here (exit $rc):"
  tail -5 browser.err
  exit 77
fi
grep -q '<body data-done="2" data-download="corrections.jsonl" data-same="true"' dom.html ||
  fail "the page did not count two marks or export corrections.jsonl: $(grep '<body' dom.html)"
sed -n 's/.*<pre id="result">\([A-Za-z0-9+\/=]*\)<\/pre>.*/\1/p' dom.html |
  base64 -d > corrections.jsonl 2> /dev/null
[ "$(wc -l < corrections.jsonl)" -eq 2 ] || fail "the export has $(wc -l < corrections.jsonl) lines, not 2"
grep -q '"label":"ham"' corrections.jsonl && grep -q '"label":"spam"' corrections.jsonl &&
  grep -q '"id":"' corrections.jsonl && grep -q '"page":"' corrections.jsonl &&
  grep -q '"author_url":' corrections.jsonl || fail "the export lacks fields: $(cat corrections.jsonl)"

"$SPAMCLS" learn -m site.model corrections.jsonl 2> err ||
  { fail "learn the export: $(cat err)"; }
grep -q 'learned 1 spam and 1 ham' err || fail "learn: $(cat err)"
# The same command into the same folder: the model changed in place, so
# the run starts over rather than resuming the old verdicts.
"$SPAMCLS" moderate -m site.model -o out in > /dev/null 2> err || fail "moderate with the site model: $(cat err)"
grep -q resuming err && fail "the run with the site model resumed the earlier one"
mv out out2
verdict() {  # page|index REPORT
  grep -F "{\"page\":\"${1%|*}\",\"index\":${1#*|}," "$2" |
    sed 's/.*"verdict":"\([a-z]*\)".*/\1/'
}
[ "$(verdict "$spam" out2/report.jsonl)" = ham ] ||
  fail "the comment marked ham is $(verdict "$spam" out2/report.jsonl)"
[ "$(verdict "$ham" out2/report.jsonl)" = spam ] ||
  fail "the comment marked spam is $(verdict "$ham" out2/report.jsonl)"
grep -q '"model":{"path":"site.model","checksum":"[0-9a-f]\{8\}","learned_spam":1,"learned_ham":1}' \
  out2/summary.json || fail "summary.json does not name the site model: $(tail -c 300 out2/summary.json)"
# Learning the same export again changes nothing.
"$SPAMCLS" learn -m site.model corrections.jsonl 2> err && grep -q '2 already known' err ||
  fail "learning the export twice: $(cat err)"

[ $status -eq 0 ] && echo "the review loop works: marked, exported, learned, moderated again"
exit $status
