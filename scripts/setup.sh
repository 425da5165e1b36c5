#!/bin/sh
# Installs what spamcls needs to build and test, from Debian's packages.
# As root it runs apt-get; otherwise it prints the exact command to run.
# Usage: scripts/setup.sh [--test]   (--test adds what the tests need)
set -eu

packages="gcc make cmake pkg-config libsvm-dev liblinear-dev libutf8proc-dev \
libcsv-dev libjansson-dev libpsl-dev libxml2-dev zlib1g-dev libxxhash-dev nettle-dev"
if [ "${1:-}" = "--test" ]; then
  packages="$packages check libsubunit-dev chromium slurm-wlm munge libxml2-utils"
  # valgrind, and clang with libFuzzer: the memcheck and fuzzing steps.
  packages="$packages valgrind clang libclang-rt-14-dev"
  # Web archives end to end: a local site archived by wget, the result read
  # back by warcio (npm; the test installs it under the build folder).
  packages="$packages wget python3 nodejs"
  # Debian's npm, unless an npm came with another nodejs build (NodeSource's
  # bundles its own, and Debian's npm package conflicts with it).
  command -v npm > /dev/null || packages="$packages npm"
fi

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "setup: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "setup: missing Debian packages:$missing" >&2
  echo "setup: install them with: sudo apt-get install$missing" >&2
  exit 1
fi
