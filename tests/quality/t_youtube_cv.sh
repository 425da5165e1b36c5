#!/bin/sh
# YouTube Spam Collection, stratified 10-fold cross-validation with the
# default model's training options (identical normalized texts never
# straddle folds): accuracy and F1 at least those of the best peer
# (scikit-learn LinearSVC on TF-IDF word and character n-grams), 0.967.
. "$(dirname "$0")/common.sh" "$@"
set -- "$CORPUS"/youtube-spam-collection/Youtube0[1-5]-*.csv
need_corpus "$@"
# shellcheck disable=SC2086
all=$("$SPAMCLS" eval -q --cv 10 --seed 1 $DEFAULT_TRAIN_OPTIONS "$@" | awk '$1 == "all" { print; exit }')
echo "$all"
set -- $all
status=0
at_least accuracy "$5" 0.967 || status=1
at_least F1 "$8" 0.967 || status=1
exit $status
