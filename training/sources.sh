# The default model's recipe, shared by the scripts in training/, bench/
# and tests/quality/ (sourced, not run). models/MODEL.md gives the figure
# behind each choice.

# The options the default model is trained with.
DEFAULT_TRAIN_OPTIONS="--solver dcd --seed 1 --balance-sources -C 2 \
--lexicon training/gambling-lexicon.txt"

# The spam cut (probability) and the unsure band below and above it:
# spam from DEFAULT_CUT up, unsure from DEFAULT_CUT - 2 * DEFAULT_MARGIN.
# Chosen by training/loso.py (choose_cut) on out-of-source scores.
DEFAULT_CUT=0.50
DEFAULT_MARGIN=0.1

# At most this many comments of each class of each training group
# (training/corpus.py --cap); unset: all of them. models/MODEL.md has the
# measurement that left it unset.
# DEFAULT_SOURCE_CAP=5000
