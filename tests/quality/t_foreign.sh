#!/bin/sh
# Comments are not flagged for being foreign, nor for discussing gambling:
# substantive comments in other languages and scripts, and comments that
# argue about gambling without promoting it, are ham for the shipped
# default model (fixtures written for this test, one comment per line).
# Every comment must come back with a verdict: a binary that prints
# nothing, or fails, fails the test.
# The shipped model calls 2 of the 10 comments that argue about gambling
# spam (a father's savings lost to online poker; a call to block gambling
# sites, in Indonesian): their gambling words still vote. That is a known
# weakness (models/MODEL.md); the bar holds the model to it, no further.
. "$(dirname "$0")/common.sh" "$@"
status=0
allowed() {
  case $1 in
    gambling-discussion.txt) echo 2 ;;
    *) echo 0 ;;
  esac
}
for f in foreign.txt gambling-discussion.txt; do
  fixture=$SOURCE_DIR/tests/fixtures/quality/$f
  if ! out=$("$SPAMCLS" score -m "$MODEL" "$fixture"); then
    echo "FAIL: $f: spamcls score failed"
    status=1
    continue
  fi
  want=$(grep -c . "$fixture")
  got=$(printf '%s\n' "$out" | awk -F'\t' '$2 ~ /^(ham|unsure|spam)$/' | wc -l)
  spam=$(printf '%s\n' "$out" | awk -F'\t' '$2 == "spam"' | wc -l)
  echo "$f: $got of $want comments scored, $spam flagged spam"
  if [ "$got" -ne "$want" ] || [ "$want" -eq 0 ]; then
    echo "FAIL: $f: $want comments, $got verdicts"
    status=1
  fi
  if [ "$spam" -gt "$(allowed "$f")" ]; then
    echo "FAIL: more than $(allowed "$f") flagged:"
    printf '%s\n' "$out" | awk -F'\t' '$2 == "spam" { print $1 }' |
      while read -r id; do sed -n "${id}p" "$fixture"; done
    status=1
  fi
done
exit $status
