#!/bin/sh
# spamcls learn: a correction takes effect, forgetting gives back the base
# model's scores to the last printed digit, the model records what it
# learned (info), a corrupt or foreign model or a binary input changes
# nothing, forgetting what was never learned is reported, --base moves a
# site's corrections onto another model, and kill -9 at any moment leaves
# the old model or the new one, whole.
# Usage: t_learn.sh SPAMCLS FIXTURES
set -u
SPAMCLS=$1 FIX=$2
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
status=0
fail() { echo "FAIL $*"; [ -s "$T/err" ] && sed 's/^/  stderr: /' "$T/err"; status=1; }
export SOURCE_DATE_EPOCH=1700000000
S() { "$SPAMCLS" "$@" 2> "$T/err"; }
BASE=$T/base.model
S train -q --solver liblinear -o "$BASE" "$FIX/tiny/train.tsv" ||
  { fail "cannot train the base model"; exit 1; }

cat > "$T/probe.txt" <<'EOF'
The council vote on the new transit levy was closer than the article suggests.
my cousin told me about kopi88 at the meeting yesterday
my friend told me about kopi88 at the party
Thanks for the clear explanation of list comprehensions.
EOF
printf 'my cousin told me about kopi88 at the meeting yesterday\n' > "$T/bot.txt"
cat > "$T/fix.jsonl" <<'EOF'
{"id": "c1", "page": "a.html", "text": "my cousin told me about kopi88 at the meeting yesterday", "author": "rina", "author_url": null, "label": "spam"}
{"id": "c2", "page": "a.html", "text": "I disagree with the premise of this piece.", "author": "bob", "author_url": "https://example.org/", "label": "ham"}
EOF

S score -m "$BASE" "$T/probe.txt" > "$T/base.out" || fail "score with the base model"
# A new site model starts from --base; the corrected comment turns spam.
S learn -m "$T/site.model" --base "$BASE" --spam "$T/bot.txt" ||
  fail "learn --spam exited $?"
grep -q 'learned 1 spam and 0 ham' "$T/err" || fail "learn did not report what it learned"
S score -m "$T/site.model" "$T/probe.txt" > "$T/site.out" || fail "score with the site model"
[ "$(sed -n 2p "$T/site.out" | cut -f2)" = spam ] ||
  fail "the learned comment is not spam: $(sed -n 2p "$T/site.out")"
p_base=$(sed -n 3p "$T/base.out" | cut -f4) p_site=$(sed -n 3p "$T/site.out" | cut -f4)
awk -v a="$p_base" -v b="$p_site" 'BEGIN { exit !(b > a) }' ||
  fail "a comment like the learned one did not move ($p_base -> $p_site)"
[ "$(sed -n 1p "$T/site.out" | cut -f2)" = ham ] || fail "ordinary ham moved to $(sed -n 1p "$T/site.out")"

# info shows what was learned, from which file, when.
S info "$T/site.model" > "$T/info" || fail "info on the site model"
grep -qx 'format_version 4' "$T/info" || fail "info: no format_version 4"
grep -qx 'learned_spam 1' "$T/info" || fail "info: no learned_spam 1"
grep -q "^learn_log 2023-11-14T22:13:20Z learn 1 0 .*bot.txt\$" "$T/info" ||
  fail "info: no learning log line"

# The review page's export is read as it is; learning it again is a no-op.
S learn -m "$T/site.model" "$T/fix.jsonl" || fail "learn the exported JSONL"
grep -q 'learned 1 spam and 1 ham' "$T/err" || fail "JSONL: $(cat "$T/err")"
cp "$T/site.model" "$T/before-forget.model"

# Forget everything: the base model's scores, to the last printed digit.
S learn -m "$T/site.model" --forget "$T/fix.jsonl" "$T/bot.txt" || fail "forget exited $?"
S learn -m "$T/site.model" --forget "$T/bot.txt" || fail "forgetting the unknown is an error"
grep -q '1 comments were never learned' "$T/err" || fail "forget: the unknown comment was not reported"
S score -m "$T/site.model" "$T/probe.txt" > "$T/forgot.out" || fail "score after forget"
cmp -s "$T/base.out" "$T/forgot.out" || fail "forget did not give back the base scores: $(diff "$T/base.out" "$T/forgot.out")"
grep -q 'learned_spam 0' "$T/err" 2>/dev/null
S info "$T/site.model" | grep -qx 'learned_spam 0' || fail "info after forget"

# A corrupt site model, a foreign file, a binary input: exit codes, and
# nothing is changed.
cp "$T/before-forget.model" "$T/c.model"
printf '\001' | dd of="$T/c.model" bs=1 seek=5000 conv=notrunc 2>/dev/null
cp "$T/c.model" "$T/c.orig"
S learn -m "$T/c.model" --spam "$T/bot.txt"; rc=$?
[ $rc -eq 4 ] || fail "corrupt model: exit $rc, not 4"
grep -q 'checksum mismatch' "$T/err" || fail "corrupt model: unclear message"
cmp -s "$T/c.model" "$T/c.orig" || fail "corrupt model: the file was changed"
cp "$FIX/tiny/train.tsv" "$T/foreign.model"
S learn -m "$T/foreign.model" --spam "$T/bot.txt"; rc=$?
[ $rc -eq 4 ] && grep -q 'not a spamcls model' "$T/err" || fail "foreign model: exit $rc"
cmp -s "$T/foreign.model" "$FIX/tiny/train.tsv" || fail "foreign model: the file was changed"
cp "$T/before-forget.model" "$T/b.model"
S learn -m "$T/b.model" --spam "$T/fix.jsonl" "$BASE"; rc=$?
[ $rc -eq 3 ] || fail "binary input: exit $rc, not 3"
grep -q 'binary data' "$T/err" || fail "binary input: unclear message"
cmp -s "$T/b.model" "$T/before-forget.model" || fail "binary input: the model was changed"
S learn -m "$T/b.model" --spam "$T/missing.txt"; rc=$?
[ $rc -eq 3 ] && cmp -s "$T/b.model" "$T/before-forget.model" || fail "missing input: exit $rc"
S learn -m "$T/b.model" --spam --ham "$T/bot.txt"; rc=$?
[ $rc -eq 2 ] || fail "--spam --ham: exit $rc, not 2"
S learn --spam "$T/bot.txt"; rc=$?
[ $rc -eq 2 ] || fail "no -m: exit $rc, not 2"
S learn -m /nonexistent-dir/x.model --spam "$T/bot.txt"; rc=$?
[ $rc -eq 5 ] || fail "unwritable model path: exit $rc, not 5"

# --base with an existing site model moves its corrections onto the base.
"$SPAMCLS" train -q --hash-bits 12 -o "$T/other.model" "$FIX/tiny/train.tsv" 2> "$T/err" ||
  fail "train the other base"
cp "$T/before-forget.model" "$T/r.model"
S learn -m "$T/r.model" --base "$T/other.model" "$T/fix.jsonl" || fail "rebase exited $?"
S info "$T/r.model" > "$T/info"
grep -qx 'hash_bits 12' "$T/info" && grep -qx 'learned_spam 2' "$T/info" &&
  grep -qx 'learned_ham 1' "$T/info" || fail "rebase: $(grep -e hash_bits -e learned_ "$T/info")"

# kill -9 at any moment: the old model or the new one, whole. 3,000
# corrections make a run long enough to be caught while writing.
awk 'BEGIN { for (i = 1; i <= 3000; i++)
  printf "{\"text\": \"note %d about kopi88 w%d and the levy %d\", \"label\": \"%s\"}\n",
         i, i * 7919 % 1000, i % 37, (i % 3 ? "spam" : "ham") }' > "$T/many.jsonl"
cp "$T/before-forget.model" "$T/old.model"
cp "$T/old.model" "$T/ref.model"
S learn -q -m "$T/ref.model" "$T/many.jsonl" || fail "learn 3,000 corrections"
mkdir "$T/kill"
target=$T/kill/site.model
for delay in 0 0.02 0.05 0.1 0.2 tmp tmp tmp; do
  cp "$T/old.model" "$target"
  "$SPAMCLS" learn -q -m "$target" "$T/many.jsonl" 2>/dev/null &
  pid=$!
  if [ "$delay" = tmp ]; then
    n=0
    while [ $n -lt 200000 ] && kill -0 $pid 2>/dev/null &&
          ! ls -A "$T/kill" | grep -q '\.tmp\.'; do
      n=$((n + 1))
    done
  else
    sleep "$delay"
  fi
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  if ! cmp -s "$target" "$T/old.model" && ! cmp -s "$target" "$T/ref.model"; then
    fail "kill -9 after $delay: the model is neither the old one nor the new one"
  fi
  "$SPAMCLS" info "$target" > /dev/null 2>&1 || fail "kill -9 after $delay: the model does not load"
done
left=$(ls -A "$T/kill" | grep -c '\.tmp\.' || true)
echo "kill -9: $left temporary file(s) left beside the model by killed runs"
S learn -q -m "$target" "$T/many.jsonl" || fail "the re-run after kill -9"
cmp -s "$target" "$T/ref.model" || fail "the re-run after kill -9 differs from an uninterrupted run"

[ $status -eq 0 ] && echo "all learn cases passed"
exit $status
