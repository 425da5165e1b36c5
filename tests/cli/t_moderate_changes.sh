#!/bin/sh
# A run resumed, or run again, after its inputs, model or options changed
# gives what a fresh run gives: the same report.jsonl, pages.jsonl,
# summary.json and clean/ tree, no record lost or doubled, no cleaned copy
# of a page that is gone. Each case changes something between two runs
# into OUT, then compares OUT with a fresh run into another folder.
# Usage: t_moderate_changes.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
T=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
P=$FIX/pages
OTHER_MODEL=$FIX/../../models/default.model

M() { "$SPAMCLS" moderate --no-progress "$@"; }
# same WHAT: OUT equals a fresh run over the same inputs with ARGS.
same() {
  what=$1
  shift
  rm -rf fresh
  M "$@" -o "$T/fresh" "$T/in" > /dev/null 2>&1
  for f in report.jsonl pages.jsonl summary.json; do
    cmp -s "out/$f" "fresh/$f" || { fail "$what: $f differs from a fresh run"; diff "out/$f" "fresh/$f" | head -4; }
  done
  if [ -d fresh/clean ] || [ -d out/clean ]; then
    diff -r out/clean fresh/clean > diff.out 2>&1 || { fail "$what: clean/ differs from a fresh run"; head -4 diff.out; }
  fi
  n=$(grep -c '"status"' out/pages.jsonl)
  u=$(sed 's/.*"page":"\([^"]*\)".*/\1/' out/pages.jsonl | sort -u | wc -l)
  [ "$n" -eq "$u" ] || fail "$what: a page is recorded twice"
}
start() {
  rm -rf in out
  mkdir in
  cp "$P/wordpress.html" in/b.html
  cp "$P/microdata.html" in/d.html
  cp "$P/generic.html" in/f.html
  M -m "$MODEL" -o "$T/out" "$T/in" > /dev/null 2>&1
}

# The example of the bug: a page added before the others.
start
cp "$P/jsonld.html" in/a.html
M -m "$MODEL" -o "$T/out" "$T/in" > /dev/null 2> err
grep -q "resuming: 3 pages were done before" err || fail "page added: the run did not resume"
same "page added" -m "$MODEL"

# A page removed: its record and its cleaned copy go.
start
rm in/d.html
M -m "$MODEL" -o "$T/out" "$T/in" > /dev/null 2>&1
[ -e out/clean/in/d.html ] && fail "page removed: its cleaned copy stayed"
same "page removed" -m "$MODEL"

# A page changed in place (other bytes, same name).
start
cp "$P/wordpress-classic.html" in/d.html
M -m "$MODEL" -o "$T/out" "$T/in" > /dev/null 2>&1
same "page changed" -m "$MODEL"

# A page renamed; then two pages swapping names.
start
mv in/d.html in/e.html
M -m "$MODEL" -o "$T/out" "$T/in" > /dev/null 2>&1
[ -e out/clean/in/d.html ] && fail "page renamed: the old name's cleaned copy stayed"
same "page renamed" -m "$MODEL"
mv in/b.html in/x && mv in/f.html in/b.html && mv in/x in/f.html
M -m "$MODEL" -o "$T/out" "$T/in" > /dev/null 2>&1
same "pages swapped names" -m "$MODEL"

# A page that is now too large or binary: skipped, its old copy gone.
start
printf 'a\0b' > in/d.html
M -m "$MODEL" -o "$T/out" "$T/in" > /dev/null 2>&1
[ -e out/clean/in/d.html ] && fail "page now binary: its old cleaned copy stayed"
same "page now binary" -m "$MODEL"

# The model replaced under the same name: everything redone.
start
cp "$MODEL" m.model
M -m m.model -o "$T/out" "$T/in" > /dev/null 2>&1
cp "$OTHER_MODEL" m.model
M -m m.model -o "$T/out" "$T/in" > /dev/null 2> err
grep -q "starting over" err || fail "model replaced: not noticed"
same "model replaced" -m m.model

# An option that changes the output.
start
M -m "$MODEL" --explain 1 -o "$T/out" "$T/in" > /dev/null 2>&1
same "--explain changed" -m "$MODEL" --explain 1

# --fresh after a page was removed: no stale cleaned copy.
start
rm in/b.html
M -m "$MODEL" --fresh -o "$T/out" "$T/in" > /dev/null 2>&1
[ -e out/clean/in/b.html ] && fail "--fresh: the removed page's cleaned copy stayed"
same "--fresh" -m "$MODEL"

# Killed part way, inputs changed, run again: 600 pages.
rm -rf in out
i=0
while [ $i -lt 200 ]; do
  mkdir -p "in/p$i"
  cp "$P/wordpress.html" "$P/microdata.html" "$P/generic.html" "in/p$i/"
  i=$((i + 1))
done
kills=0
for d in 0.1 0.4 0.25; do
  # The binary itself in the background (not the function M, whose
  # subshell a kill would leave the run behind).
  "$SPAMCLS" moderate --no-progress -m "$MODEL" -j 2 -o "$T/out" "$T/in" \
    > /dev/null 2>&1 &
  pid=$!
  sleep $d
  kill -9 $pid 2>/dev/null && kills=$((kills + 1))
  wait $pid 2>/dev/null
  # Between the kills: one page added in front, one removed, one changed.
  cp "$P/jsonld.html" "in/p$kills/0-new.html"
  rm -f "in/p$((kills + 50))/generic.html"
  cp "$P/wordpress-classic.html" "in/p$((kills + 20))/wordpress.html"
done
[ $kills -ge 1 ] || fail "no run was killed (all finished too fast?)"
M -m "$MODEL" -j 2 -o "$T/out" "$T/in" > /dev/null 2>&1
same "killed $kills times with inputs changed between" -m "$MODEL"

[ $status -eq 0 ] && echo "changes between runs: all checks passed"
exit $status
