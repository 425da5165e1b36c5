#!/bin/sh
# Path safety of `moderate`: whatever the input paths and links, nothing is
# written outside OUTDIR and the walk ends. Covered: inputs named with
# `..` and absolute paths, links to files and folders outside the tree,
# link loops (a folder linking to itself, two links to each other), links
# planted inside OUTDIR, and --stream page names with `..` or absolute
# paths. Every file outside OUTDIR is checksummed before and after.
# Usage: t_moderate_paths.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
S=$(mktemp -d) || exit 1   # scratch: $S/w is the world, $S the rest
trap 'rm -rf "$S"' EXIT
T=$S/w
mkdir "$T"
status=0
fail() { echo "FAIL $*"; [ -s "$S/err" ] && sed 's/^/  stderr: /' "$S/err" | head -5; status=1; }

page=$FIX/pages/wordpress.html
mkdir -p "$T/tree/in/sub" "$T/outside/deep" "$T/elsewhere"
cp "$page" "$T/tree/in/sub/a.html"
cp "$page" "$T/tree/in/b.html"
cp "$page" "$T/outside/secret.html"
cp "$page" "$T/outside/deep/more.html"
ln -s "$T/outside" "$T/tree/in/to-outside"            # a folder out of the tree
ln -s "$T/outside/secret.html" "$T/tree/in/linked.html" # a file out of the tree
ln -s . "$T/tree/in/sub/self"                          # a loop
ln -s loop-b "$T/tree/in/loop-a"                       # two links to each other
ln -s loop-a "$T/tree/in/loop-b"

# Everything outside the output folders, with checksums.
snapshot() {
  (cd "$T" && find . -path ./out -prune -o -path './out*' -prune -o -print |
     sort | while IFS= read -r f; do
       if [ -f "$f" ] && [ ! -L "$f" ]; then echo "$f $(cksum < "$f")"; else echo "$f"; fi
     done)
}
snapshot > "$S/before"
check_outside() {  # WHAT
  snapshot > "$S/after"
  if ! cmp -s "$S/before" "$S/after"; then
    fail "$1: something outside OUTDIR changed:"
    diff "$S/before" "$S/after" | head -10
  fi
}
# moderate DIR OUTDIR ARGS...: one run in DIR, bounded in time (a loop
# must not hang).
moderate() {
  dir=$1 out=$2
  shift 2
  (cd "$dir" && timeout 300 "$SPAMCLS" moderate -m "$MODEL" --no-progress \
     -o "$out" "$@" > "$S/stdout" 2> "$S/err")
  rc=$?
  [ "$rc" -ne 124 ] || fail "moderate $*: did not end within 300 s"
}
# Only files the run should make, all inside OUTDIR.
inside() {  # OUTDIR WHAT
  if find "$1" -type l | grep -q .; then fail "$2: a link was created in OUTDIR"; fi
}

# Relative paths with `..`, from inside the tree.
moderate "$T/tree/in/sub" "$T/out1" ../sub/.. ../b.html
case $rc in 0|3) ;; *) fail "inputs with ..: exit $rc" ;; esac
[ -f "$T/out1/clean/input/sub/a.html" ] || fail "inputs with ..: no clean/input/sub/a.html"
[ -f "$T/out1/clean/b.html" ] || fail "inputs with ..: no clean/b.html"
inside "$T/out1" "inputs with .."
check_outside "inputs with .."

# An absolute path; the links out of the tree and the loops in it.
moderate "$T" "$T/out2" "$T/tree/in"
[ "$rc" -eq 3 ] || fail "absolute input with loops: exit $rc, expected 3 (the looping links reported)"
grep -q "loop-a" "$S/err" || fail "the link loop loop-a -> loop-b -> loop-a was not reported"
[ -f "$T/out2/clean/in/linked.html" ] || fail "a link to a file outside: no cleaned copy inside OUTDIR"
[ -e "$T/out2/clean/in/to-outside" ] && fail "a link to a folder outside was followed"
[ -e "$T/out2/clean/in/sub/self" ] && fail "the self-link loop was followed"
inside "$T/out2" "absolute input"
check_outside "absolute input"

# Links planted in OUTDIR by someone else must not carry writes out of it.
mkdir -p "$T/out3/clean"
ln -s "$T/elsewhere" "$T/out3/clean/in"
ln -s "$T/elsewhere/report.jsonl" "$T/out3/report.jsonl"
moderate "$T" "$T/out3" "$T/tree/in"
[ "$rc" -ne 0 ] || fail "links planted in OUTDIR: exit 0, the pages behind the link were not reported"
[ -z "$(ls -A "$T/elsewhere")" ] || fail "planted links in OUTDIR: files written to $T/elsewhere: $(ls -A "$T/elsewhere")"
check_outside "links planted in OUTDIR"

# --stream: page names are labels in the records, never paths to write.
mkdir "$S/streamdir"
printf '{"page":"../../escape.html","content":"<p>hi</p>"}\n{"page":"/tmp/escape-%s.html","content":"1. A\\nMay 1\\n    hi\\n"}\n' $$ |
  (cd "$S/streamdir" && timeout 300 "$SPAMCLS" moderate -m "$MODEL" --stream > "$S/stdout" 2> "$S/err")
rc=$?
case $rc in 0|3) ;; *) fail "--stream with path-like names: exit $rc" ;; esac
[ -z "$(ls -A "$S/streamdir")" ] || fail "--stream wrote files: $(ls -A "$S/streamdir")"
[ -e "/tmp/escape-$$.html" ] && { fail "--stream wrote /tmp/escape-$$.html"; rm -f "/tmp/escape-$$.html"; }
check_outside "--stream"

[ $status -eq 0 ] && echo "all path cases passed"
exit $status
