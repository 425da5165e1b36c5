#!/bin/sh
# The seed pages through the whole pipeline (extract, then score with the
# shipped default model): the first page ends with a substantive political
# comment (ham) and two pieces of praise ending in a gambling name (spam),
# the second with two comments whose bodies are empty. The seed comments
# are never trained on; three sentences are a check, not a measure.
. "$(dirname "$0")/common.sh" "$@"
P0=$(ls "$SHARED"/seeds/000_*.txt 2>/dev/null)
P1=$(ls "$SHARED"/seeds/001_*.txt 2>/dev/null)
need_corpus "$P0" "$P1"
got=$("$SPAMCLS" extract "$P0" "$P1" | "$SPAMCLS" score -m "$MODEL" --format jsonl - | cut -f2 | tr '\n' ' ')
echo "verdicts: $got"
[ "$got" = "ham spam spam empty empty " ] || { echo "FAIL: expected ham spam spam empty empty"; exit 1; }
