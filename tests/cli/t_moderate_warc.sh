#!/bin/sh
# Web archives end to end, with real tools: a test HTTP server on
# 127.0.0.1 serves the fixture site (tests/fixtures/warc/site: a WordPress
# post and a Blogger post whose comment sections hold spam), Debian's wget
# archives it (--warc-file), spamcls moderates the archive, and warcio
# (an independent WARC reader, from npm) reads the cleaned archive back:
# conversion records whose digests it recomputes, each referring to the
# original record, holding the original page less exactly the removed
# spam comments. Also: extract on the archive, -j 2 and shards merged
# give the same bytes, a plain .warc, and damaged archives.
# Skips (77) without python3, wget, node or warcio (installed into
# NPM_DIR when npm can reach its registry).
# Usage: t_moderate_warc.sh SPAMCLS FIXTURES MODEL NPM_DIR
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3 NPM_DIR=$4
SRC=$(cd "$(dirname "$0")" && pwd)
for tool in python3 wget node; do
  command -v $tool > /dev/null || {
    echo "skipped: $tool is not installed (scripts/setup.sh --test installs it)"
    exit 77
  }
done
if [ ! -d "$NPM_DIR/node_modules/warcio" ]; then
  command -v npm > /dev/null || {
    echo "skipped: npm is not installed (scripts/setup.sh --test installs it)"
    exit 77
  }
  mkdir -p "$NPM_DIR"
  if ! timeout 300 npm install --silent --no-audit --no-fund --prefix "$NPM_DIR" \
       warcio@2 > "$NPM_DIR/install.log" 2>&1; then
    echo "skipped: warcio could not be installed from npm:"
    tail -3 "$NPM_DIR/install.log"
    exit 77
  fi
fi
MODULES=$NPM_DIR/node_modules

TMP=$(mktemp -d) || exit 1
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2> /dev/null
  [ -n "${KEEP:-}" ] && { echo "kept: $TMP"; return; }
  rm -rf "$TMP"
}
trap cleanup EXIT
cd "$TMP" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

# The site, served on a free port; the server stops by itself after 300 s.
cp -R "$FIX/warc/site" site
timeout 300 python3 -u -m http.server 0 --bind 127.0.0.1 --directory site \
  > server.log 2>&1 &
SERVER=$!
PORT=
for _ in $(seq 50); do
  PORT=$(sed -n 's/.*Serving HTTP on 127.0.0.1 port \([0-9]*\).*/\1/p' server.log)
  [ -n "$PORT" ] && break
  sleep 0.2
done
[ -n "$PORT" ] || { echo "FAIL: the test server did not start"; cat server.log; exit 1; }
BASE=http://127.0.0.1:$PORT
# Retries and a long timeout: under valgrind, with other tests beside it,
# the machine can be slow enough for a one-shot fetch to time out.
timeout 240 wget -nv -o wget.log -r -l 3 -e robots=off --tries=4 \
  --waitretry=1 --retry-connrefused --timeout=30 \
  --warc-file=site -P mirror "$BASE/index.html" || {
  echo "FAIL: wget could not archive the site (exit $?)"; cat wget.log
  cat server.log; exit 1; }
kill "$SERVER" 2> /dev/null
SERVER=
[ -s site.warc.gz ] || { echo "FAIL: wget wrote no site.warc.gz"; exit 1; }
cp site.warc.gz original.warc.gz

# --- moderate the archive ---------------------------------------------------
"$SPAMCLS" moderate -m "$MODEL" -j 1 -o out site.warc.gz > /dev/null 2> err
rc=$?
[ "$rc" -eq 0 ] || { fail "moderate exit $rc"; cat err; }
cmp -s site.warc.gz original.warc.gz || fail "the input archive was modified"
[ -s out/clean/site.warc.gz ] || fail "no cleaned archive out/clean/site.warc.gz"
grep -q "web archive of .* records, 3 pages" err ||
  { fail "the summary does not count the archive's 3 pages"; cat err; }

node "$SRC/warc_read.mjs" "$MODULES" site.warc.gz > original.jsonl ||
  fail "warcio cannot read wget's archive"
node "$SRC/warc_read.mjs" "$MODULES" out/clean/site.warc.gz > cleaned.jsonl ||
  fail "warcio cannot read the cleaned archive"

python3 - "$BASE" << 'PY' || status=1
import base64, json, sys
base = sys.argv[1]
ok = True
def fail(msg):
    global ok
    ok = False
    print("FAIL:", msg)
report = [json.loads(l) for l in open("out/report.jsonl")]
pages = [json.loads(l) for l in open("out/pages.jsonl")]
original = [json.loads(l) for l in open("original.jsonl")]
cleaned = [json.loads(l) for l in open("cleaned.jsonl")]
responses = {r["id"]: r for r in original if r["type"] == "response"}

# Every comment is named by its page's URI and record.
for r in report:
    if not r["page"].startswith(base + "/"):
        fail("page not named by its URI: %r" % r["page"])
    if r.get("warc") != "site.warc.gz" or r.get("record_id") not in responses:
        fail("record id of %s is not wget's: %r" % (r["page"], r.get("record_id")))
by_author = {r["author"]: r for r in report}
for spam in ("slot gacor", "agen togel"):
    r = by_author.get(spam)
    if not r or r["verdict"] != "spam" or not r["removed"]:
        fail("spam comment by %r not removed: %r" % (spam, r and r["verdict"]))
for ham in ("Marta Oyelaran", "Pieter de Vries", "Hanna"):
    r = by_author.get(ham)
    if not r or r["verdict"] == "spam" or r["removed"]:
        fail("comment by %r was not kept" % ham)
arch = [p for p in pages if p["status"] == "archive"]
if len(arch) != 1 or arch[0]["pages"] != 3 or arch[0]["other_records"] < 3:
    fail("archive record: %r" % arch)
names = sorted(p["page"] for p in pages if p["status"] == "ok")
want = sorted(base + p for p in ("/index.html", "/2024/ferry-timetable.html",
                                 "/blog/ridge-walk.html"))
if names != want:
    fail("pages %r, expected %r" % (names, want))

# The cleaned archive, as warcio reads it.
if len(cleaned) != 2:
    fail("%d records in the cleaned archive, expected 2" % len(cleaned))
for c in cleaned:
    if c["type"] != "conversion" or c["version"] != "WARC/1.1":
        fail("record %s is %s %s" % (c["id"], c["version"], c["type"]))
    if c["block_digest"] != c["sha1"] or c["payload_digest"] != c["sha1"]:
        fail("digests of %s: block %s payload %s, computed %s" % (
            c["uri"], c["block_digest"], c["payload_digest"], c["sha1"]))
    orig = responses.get(c["refers_to"])
    if not orig or orig["uri"] != c["uri"]:
        fail("%s refers to %r, not its original record" % (c["uri"], c["refers_to"]))
        continue
    page = base64.b64decode(orig["payload"])
    cuts = sorted((r["start"], r["end"]) for r in report
                  if r["record_id"] == c["refers_to"] and r["removed"])
    expect, at = b"", 0
    for s, e in cuts:
        expect += page[at:s]
        at = e
    expect += page[at:]
    got = base64.b64decode(c["payload"])
    if got != expect:
        fail("%s: the cleaned page is not the original less its spam" % c["uri"])
    for gone in (b"slot gacor hari ini", b"togel online"):
        if gone in got:
            fail("%s still holds %r" % (c["uri"], gone))
text = b"".join(base64.b64decode(c["payload"]) for c in cleaned)
for kept in (b"Marta Oyelaran", b"Pieter de Vries", b"Hanna",
             b"Harbour Notes, published since 2009", b"Posted by Walks and Mills",
             b"The harbour authority will run the early ferry"):
    if kept not in text:
        fail("the cleaned pages lost %r" % kept)
sys.exit(0 if ok else 1)
PY

# --- extract names each page by URI ----------------------------------------
"$SPAMCLS" extract site.warc.gz > extracted 2> err.x || fail "extract exit $?"
[ "$(wc -l < extracted)" -eq 5 ] || fail "extract found $(wc -l < extracted) comments, not 5"
grep -c "\"page\":\"$BASE/2024/ferry-timetable.html\".*\"record_id\":\"<urn:uuid:" extracted |
  grep -qx 3 || fail "extract does not name the WordPress post's comments by URI and record"

# --- the same bytes with threads, and from shards merged -------------------
"$SPAMCLS" moderate -m "$MODEL" -j 2 -o out2 site.warc.gz > /dev/null 2>&1 ||
  fail "moderate -j 2 exit $?"
for f in report.jsonl pages.jsonl clean/site.warc.gz; do
  cmp -s "out/$f" "out2/$f" || fail "-j 2 wrote another $f"
done

# three shards (the two posts fall in different ones), merged
for k in 0 1 2; do
  "$SPAMCLS" moderate -m "$MODEL" -j 1 --shard $k/3 -o shard$k site.warc.gz \
    > /dev/null 2>&1 || fail "moderate --shard $k/3 exit $?"
done
"$SPAMCLS" merge -o merged shard0 shard1 shard2 > /dev/null 2> err.m ||
  { fail "merge exit $?"; cat err.m; }
for f in report.jsonl pages.jsonl summary.json clean/site.warc.gz; do
  cmp -s "out/$f" "merged/$f" || fail "the merged shards wrote another $f"
done
# run again: the pages are reused (a mark put into the report stays: the
# records were copied, not made again), the conversion records made again
# from the archive and the report's removed spans, the same archive
cp -R out out5
sed 's/Very nice article, thank you/REUSED MARK/' out/report.jsonl > out5/report.jsonl
"$SPAMCLS" moderate -m "$MODEL" -j 2 -o out5 site.warc.gz > /dev/null 2> err.r ||
  { fail "moderate run again: exit $?"; cat err.r; }
grep -q "REUSED MARK" out5/report.jsonl || fail "the run again did not reuse the pages"
cmp -s out/clean/site.warc.gz out5/clean/site.warc.gz ||
  fail "the run again wrote another cleaned archive"
# the archive touched: its pages are read again
touch site.warc.gz
"$SPAMCLS" moderate -m "$MODEL" -j 2 -o out5 site.warc.gz > /dev/null 2> err.r ||
  fail "moderate after touch: exit $?"
grep -q "REUSED MARK" out5/report.jsonl && fail "pages of a changed archive were reused"
for f in report.jsonl clean/site.warc.gz; do
  cmp -s "out/$f" "out5/$f" || fail "the run after touch wrote another $f"
done

# --- a plain .warc gives a plain cleaned archive ---------------------------
gzip -dc site.warc.gz > plain.warc
"$SPAMCLS" moderate -m "$MODEL" -o out3 plain.warc > /dev/null 2>&1 ||
  fail "moderate on a plain .warc: exit $?"
node "$SRC/warc_read.mjs" "$MODULES" out3/clean/plain.warc > plain.jsonl ||
  fail "warcio cannot read the plain cleaned archive"
[ "$(wc -l < plain.jsonl)" -eq 2 ] || fail "the plain cleaned archive has $(wc -l < plain.jsonl) records"
head -c 9 out3/clean/plain.warc | grep -q '^WARC/1.1' || fail "out3/clean/plain.warc is not plain WARC"

# --- damaged archives: a clear message with the offset, exit 3 -------------
size=$(wc -c < site.warc.gz)
head -c $((size - 200)) site.warc.gz > cut.warc.gz
"$SPAMCLS" moderate -m "$MODEL" -o out4 cut.warc.gz > /dev/null 2> err4
rc=$?
[ "$rc" -eq 3 ] || fail "truncated archive: exit $rc, expected 3"
grep -q "cut.warc.gz: record at offset [0-9]*: truncated gzip member" err4 ||
  { fail "truncated archive: no message naming the file and offset"; cat err4; }
head -c 3000 plain.warc > cut.warc
printf 'WARC/1.1\r\nContent-Length: 12\r\n\r\nshort\r\n\r\n' >> cut.warc
"$SPAMCLS" extract cut.warc > /dev/null 2> err5
rc=$?
[ "$rc" -eq 3 ] || fail "damaged plain archive: extract exit $rc, expected 3"
grep -q "cut.warc: record at offset [0-9]*: " err5 ||
  { fail "damaged plain archive: no message with the offset"; cat err5; }

# a page whose compressed body is damaged, a page over --max-page: each
# skipped with the archive, offset and URI named; the rest is done
python3 - << 'PY'
import gzip
def rec(uri, body, enc=b""):
    block = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + enc +
             b"\r\n" + body)
    head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            "WARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\n"
            "Content-Length: %d\r\n\r\n" % (uri[-1], uri, len(block))).encode()
    return gzip.compress(head + block + b"\r\n\r\n", mtime=0)
page = open("site/2024/ferry-timetable.html", "rb").read()
with open("bad.warc.gz", "wb") as f:
    f.write(rec("http://x.example/a", b"\x1f\x8b\x08\x00garbage", b"Content-Encoding: gzip\r\n"))
    f.write(rec("http://x.example/b", page + b" " * 5000))
    f.write(rec("http://x.example/c", page))
PY
"$SPAMCLS" moderate -m "$MODEL" --max-page 6000 -o out6 bad.warc.gz > /dev/null 2> err6
rc=$?
[ "$rc" -eq 3 ] || fail "damaged pages: exit $rc, expected 3"
grep -q "bad.warc.gz: record at offset 0 (http://x.example/a): .*compressed body" err6 ||
  { fail "a damaged body is not reported with its offset and URI"; cat err6; }
grep -q "bad.warc.gz: record at offset [0-9]* (http://x.example/b): body larger than 6000 bytes" err6 ||
  { fail "a page over --max-page is not reported"; cat err6; }
grep -c '"status":"skipped"' out6/pages.jsonl | grep -qx 2 || fail "not 2 pages skipped"
grep -q '"page":"http://x.example/c".*"status":"ok"' out6/pages.jsonl ||
  fail "the good page after the bad ones was not moderated"

[ "$status" -eq 0 ] && echo "ok: wget's archive moderated, the cleaned archive read back by warcio"
exit $status
