#!/bin/sh
# Links swapped in while moderate and merge write: a loop keeps replacing
# folders inside OUTDIR (clean/ and the folders below it) with links to a
# decoy tree outside, and putting them back, while `moderate -j 2` and
# `merge` run. Whatever they report, nothing outside OUTDIR may change:
# the decoy tree's checksums are compared before and after.
# Usage: t_moderate_race.sh SPAMCLS FIXTURES MODEL [ROUNDS]
# (needs perl, for the swapping loop)
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3 ROUNDS=${4:-4}
T=$(mktemp -d) || exit 1
swapper=
trap '[ -n "$swapper" ] && kill $swapper 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

# 240 pages in 8 folders; the decoy has folders of the same names.
i=0
while [ $i -lt 30 ]; do
  for d in d0 d1 d2 d3 d4 d5 d6 d7; do
    mkdir -p "in/$d"
    cp "$FIX/pages/wordpress.html" "in/$d/p$i.html"
  done
  i=$((i + 1))
done
mkdir -p decoy/in
for d in d0 d1 d2 d3 d4 d5 d6 d7; do
  mkdir -p "decoy/$d" "decoy/in/$d"
  echo "decoy $d" > "decoy/$d/keep.txt"
done
echo decoy > decoy/keep.txt
snapshot() {
  (cd decoy && find . | sort | while IFS= read -r f; do
     if [ -f "$f" ]; then echo "$f $(cksum < "$f")"; else echo "$f"; fi
   done)
}
snapshot > before

# swap OUT: replaces folders under OUT with links into the decoy for a
# moment and puts them back, until the file "stop" appears. In perl (part
# of every Debian system) so that the swaps come fast enough to land
# between any check and any write.
swap() {
  perl -e '
    my ($out, $decoy) = @ARGV;
    until (-e "stop") {
      for my $d (map { "d$_" } 0 .. 7) {
        for my $p (["$out/clean/in/$d", "$decoy/$d"], ["$out/clean/in", $decoy],
                   ["$out/clean", $decoy]) {
          my ($dir, $to) = @$p;
          next unless -d $dir && !-l $dir && rename($dir, "$dir.away");
          symlink($to, $dir);
          select(undef, undef, undef, 0.002);
          unlink($dir);
          rename("$dir.away", $dir);
        }
      }
      select(undef, undef, undef, 0.0005);
    }' "$1" "$T/decoy"
}

runs=0 bad=0
r=0
while [ $r -lt "$ROUNDS" ]; do
  rm -f stop
  swap "$T/out" &
  swapper=$!
  "$SPAMCLS" moderate -m "$MODEL" --no-progress -j 2 --fresh -o "$T/out" in \
    > /dev/null 2> err.m
  rc=$?
  case $rc in 0|3|5) ;; *) bad=$((bad + 1)); echo "moderate: exit $rc"; cat err.m | head -3 ;; esac
  for k in 0 1; do
    "$SPAMCLS" moderate -m "$MODEL" --no-progress -j 2 --shard $k/2 \
      -o "$T/sh$k" in > /dev/null 2>&1
  done
  touch stop
  wait $swapper
  rm -f stop
  swap "$T/merged" &
  swapper=$!
  "$SPAMCLS" merge -o "$T/merged" "$T/sh0" "$T/sh1" > /dev/null 2> err.g
  rc=$?
  case $rc in 0|3|5) ;; *) bad=$((bad + 1)); echo "merge: exit $rc"; cat err.g | head -3 ;; esac
  touch stop
  wait $swapper
  swapper=
  runs=$((runs + 1))
  r=$((r + 1))
done
snapshot > after
if ! cmp -s before after; then
  fail "the decoy tree outside OUTDIR changed:"
  diff before after | head -10
fi
[ "$bad" -eq 0 ] || fail "$bad runs ended with an unexpected exit code"
echo "$runs rounds of moderate -j 2 and merge under swapping links"
[ $status -eq 0 ] && echo "race: all checks passed"
exit $status
