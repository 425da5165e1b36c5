# The training sources of the default model, shared by the recipes in
# training/ (sourced, not run). Needs CORPUS set.

# The options the default model is trained with.
DEFAULT_TRAIN_OPTIONS="--solver liblinear --seed 1 --balance-sources -C 2 \
--char-ngrams 0-0 --lexicon training/gambling-lexicon.txt"

# source_files NAME: the files of one source.
source_files() {
  case "$1" in
    youtube) echo "$CORPUS"/youtube-spam-collection/Youtube0[1-5]-*.csv ;;
    judol-gbennnn) echo "$CORPUS/judol-gbennnn/dataset_judol_labelled.csv" ;;
    judol-kyyyy8) echo "$CORPUS/judol-kyyyy8/comments.csv" ;;
    datacamp) echo "$CORPUS/datacamp-blog-comments/labeled_only.csv" ;;
    blog) echo "$CORPUS/blog-comments-moderated/comments.jsonl" ;;
  esac
}

# source_prefix NAME: its folder, as augment.py --skip takes it.
source_prefix() {
  case "$1" in
    youtube) echo youtube-spam-collection/ ;;
    datacamp) echo datacamp-blog-comments/ ;;
    blog) echo blog-comments-moderated/ ;;
    *) echo "$1/" ;;
  esac
}

# All training files, in the order the default model reads them.
all_source_files() {
  for s in youtube judol-gbennnn judol-kyyyy8 datacamp blog; do
    source_files "$s"
  done
}

# check_corpora: fails with a message when a training file is missing.
check_corpora() {
  for f in $(all_source_files); do
    if [ ! -r "$f" ]; then
      echo "$f is missing: the shared corpora are needed (set CORPUS)" >&2
      return 1
    fi
  done
}
