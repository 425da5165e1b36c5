#!/bin/sh
# judol-gbennnn (Indonesian gambling comments), 5-fold cross-validation
# grouped by normalized text, default model's training options: F1 at
# least the best peer's 0.984. A regression pin inside one corpus, not
# evidence of generalization (see t_heldout.sh and training/loso.py).
. "$(dirname "$0")/common.sh" "$@"
f=$CORPUS/judol-gbennnn/dataset_judol_labelled.csv
need_corpus "$f"
# shellcheck disable=SC2086
all=$("$SPAMCLS" eval -q --cv 5 --seed 1 $DEFAULT_TRAIN_OPTIONS "$f" | awk '$1 == "all" { print; exit }')
echo "$all"
set -- $all
at_least F1 "$8" 0.984
