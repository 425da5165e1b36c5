#!/bin/sh
# Sets up, builds, and scores the sample comments with the default model.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPAMCLS_BUILD_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target spamcls
build/cli/spamcls score --explain 3 examples/comments.txt
