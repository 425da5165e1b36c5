#!/bin/sh
# YouTube Spam Collection, stratified 10-fold cross-validation with the
# default model's training options (identical normalized texts never
# straddle folds). A regression pin, not evidence that the model
# generalizes: the folds share videos, and figures like this one were
# among those the options were once chosen on. Accuracy and F1 measured
# 0.9684 and 0.9685 with the current recipe (models/MODEL.md); the bar is
# a little below. Out-of-source figures: t_heldout.sh, training/loso.py.
. "$(dirname "$0")/common.sh" "$@"
set -- "$CORPUS"/youtube-spam-collection/Youtube0[1-5]-*.csv
need_corpus "$@"
# shellcheck disable=SC2086
all=$("$SPAMCLS" eval -q --cv 10 --seed 1 $DEFAULT_TRAIN_OPTIONS "$@" | awk '$1 == "all" { print; exit }')
echo "$all"
set -- $all
status=0
at_least accuracy "$5" 0.96 || status=1
at_least F1 "$8" 0.96 || status=1
exit $status
