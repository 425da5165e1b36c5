#!/usr/bin/python3
"""The scikit-learn peer: LinearSVC on TF-IDF word 1-2-grams and character
2-5-grams (sublinear tf, classes weighted for balance as spamcls does).

  sk_peer.py train MODEL FILE.tsv     fit and pickle the pipeline
  sk_peer.py score MODEL FILE         one decision value per line (> 0: spam);
                                      FILE is .tsv or plain text, one comment
                                      a line; read and scored in batches, so
                                      memory does not grow with the input
"""
import itertools
import os
import pickle
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchio  # noqa: E402

BATCH = 10000


def train(model_path, tsv):
    recs = benchio.read_tsv(tsv)
    pipe = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True)),
        LinearSVC(C=1.0, class_weight="balanced", random_state=1))
    pipe.fit([t for _, t in recs], np.array([lab for lab, _ in recs]))
    tmp = model_path + ".part"
    with open(tmp, "wb") as f:
        pickle.dump(pipe, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, model_path)


def texts(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith(".tsv"):
            next(f)
            for line in f:
                line = line.rstrip("\n")
                if line:
                    yield benchio.unescape(line.partition("\t")[2])
        else:
            for line in f:
                yield line.rstrip("\n")


def score(model_path, path):
    with open(model_path, "rb") as f:
        pipe = pickle.load(f)
    out = sys.stdout
    it = texts(path)
    while True:
        batch = list(itertools.islice(it, BATCH))
        if not batch:
            break
        out.write("".join("%.6f\n" % v for v in pipe.decision_function(batch)))


if __name__ == "__main__":
    cmd, model, path = sys.argv[1:4]
    (train if cmd == "train" else score)(model, path)
