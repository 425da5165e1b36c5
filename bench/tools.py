"""The tools under test, each as: how its input is written (done before any
timing), the commands that train it, the command that scores, and how its
output becomes one spam decision per comment.

spamcls runs with the library's default options (each solver) and with the
options the shipped default model is trained with (training/sources.sh).
Every tool decides as it would on its own: spamcls probability >= 0.5 (the
model's threshold), fastText P(spam) >= 0.5, bogofilter its verdict S,
LinearSVC decision value > 0."""
import os
import subprocess
import sys

import benchio

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"     # Debian's interpreter: the one that has sklearn


class Tool:
    name = ""
    label = ""
    score_ok = (0,)     # exit codes of a successful scoring run
    score_cap = 0       # timed on at most this many comments (0: all)

    def prep_train(self, tsv, d):
        return tsv

    def prep_test(self, tsv, d, tag):
        return tsv

    def prep_plain(self, plain, d, tag):
        return plain


class Spamcls(Tool):
    def __init__(self, exe, solver):
        self.exe, self.solver = exe, solver
        self.name = "spamcls-" + solver
        self.label = "spamcls %s" % solver

    def train_cmds(self, train, model):
        return [([self.exe, "train", "-q", "--seed", "1", "--solver", self.solver,
                  "-o", model, train], None)]

    def score_cmd(self, model, inp):
        return [self.exe, "score", "-m", model, inp], None

    def parse(self, out):
        return [float(line.split("\t")[3]) >= 0.5 for line in out.splitlines()]


def recipe_options():
    """DEFAULT_TRAIN_OPTIONS of training/sources.sh, split as the shell splits
    it there, with the lexicon given as an absolute path."""
    out = subprocess.run(["sh", "-c", '. training/sources.sh && printf "%s\\n" '
                          '$DEFAULT_TRAIN_OPTIONS'], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split("\n")[:-1]
    for i in range(1, len(out)):
        if out[i - 1] == "--lexicon":
            out[i] = os.path.join(ROOT, out[i])
    return out


def recipe_cut():
    """(DEFAULT_CUT, DEFAULT_MARGIN) of training/sources.sh: the spam cut
    and the width of the unsure band on each side of the model's threshold."""
    out = subprocess.run(["sh", "-c", '. training/sources.sh && echo "$DEFAULT_CUT '
                          '$DEFAULT_MARGIN"'], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


class SpamclsRecipe(Spamcls):
    """spamcls trained as the shipped default model is (models/MODEL.md)."""
    name = "spamcls-recipe"
    label = "spamcls (default-model options)"

    def __init__(self, exe):
        self.exe, self.opts = exe, recipe_options()

    def train_cmds(self, train, model):
        return [([self.exe, "train", "-q"] + self.opts + ["-o", model, train], None)]


class FastText(Tool):
    name = "fasttext"
    label = "fastText"
    # Word uni- and bigrams, the tutorial's settings for small text sets
    # (25 epochs, lr 0.5); one thread so that the run is reproducible;
    # 200,000 n-gram buckets instead of the default 2,000,000, so that a
    # model is 80 MB rather than 800 MB (written once per fold).
    OPTS = ["-wordNgrams", "2", "-epoch", "25", "-lr", "0.5", "-bucket", "200000",
            "-thread", "1", "-seed", "1", "-verbose", "0"]

    def prep_train(self, tsv, d):
        p = os.path.join(d, "fasttext-train.txt")
        benchio.write_fasttext(p, benchio.read_tsv(tsv))
        return p

    def prep_test(self, tsv, d, tag):
        p = os.path.join(d, "fasttext-%s.txt" % tag)
        benchio.write_fasttext(p, benchio.read_tsv(tsv), labels=False)
        return p

    def prep_plain(self, plain, d, tag):
        p = os.path.join(d, "fasttext-%s.txt" % tag)
        with open(plain, encoding="utf-8") as f, open(p, "w", encoding="utf-8") as o:
            for line in f:
                o.write(benchio.fasttext_text(line) + "\n")
        return p

    def train_cmds(self, train, model):
        return [(["fasttext", "supervised", "-input", train, "-output", model] +
                 self.OPTS, None)]

    def score_cmd(self, model, inp):
        return ["fasttext", "predict-prob", model + ".bin", inp, "2"], None

    def parse(self, out):
        res = []
        for line in out.splitlines():
            f = line.split()
            p = {f[i]: float(f[i + 1]) for i in range(0, len(f) - 1, 2)}
            res.append(p.get("__label__spam", 0.0) >= 0.5)
        return res


class Bogofilter(Tool):
    name = "bogofilter"
    label = "bogofilter"
    # -C: no configuration file (the built-in defaults); -d: the model is its
    # own temporary database directory; -M: one message per mbox entry.

    score_ok = (0, 1, 2)   # -T exits with the last message's verdict

    def prep_train(self, tsv, d):
        recs = benchio.read_tsv(tsv)
        spam, ham = os.path.join(d, "bogo-spam.mbox"), os.path.join(d, "bogo-ham.mbox")
        benchio.write_mbox(spam, [t for lab, t in recs if lab])
        benchio.write_mbox(ham, [t for lab, t in recs if not lab])
        return (spam, ham)

    def prep_test(self, tsv, d, tag):
        p = os.path.join(d, "bogo-%s.mbox" % tag)
        benchio.write_mbox(p, [t for _, t in benchio.read_tsv(tsv)])
        return p

    def prep_plain(self, plain, d, tag):
        p = os.path.join(d, "bogo-%s.mbox" % tag)
        with open(plain, encoding="utf-8") as f:
            benchio.write_mbox(p, (line.rstrip("\n") for line in f))
        return p

    def train_cmds(self, train, model):
        spam, ham = train
        return [(["bogofilter", "-C", "-d", model, "-M", "-s"], spam),
                (["bogofilter", "-C", "-d", model, "-M", "-n"], ham)]

    def score_cmd(self, model, inp):
        return ["bogofilter", "-C", "-d", model, "-M", "-T"], inp

    def parse(self, out):
        # Its own verdict: S (spamicity at or over its spam_cutoff) is spam;
        # H and U (unsure) are not.
        return [line.split()[0] == "S" for line in out.splitlines()]


class Sklearn(Tool):
    name = "sklearn"
    label = "sklearn TF-IDF LinearSVC"
    # Its throughput is timed on this many comments at most: at its rate
    # the whole speed input would take most of the run.
    score_cap = 100000

    def prep_plain(self, plain, d, tag):
        return plain

    def train_cmds(self, train, model):
        return [([PY, os.path.join(HERE, "sk_peer.py"), "train", model, train], None)]

    def score_cmd(self, model, inp):
        return [PY, os.path.join(HERE, "sk_peer.py"), "score", model, inp], None

    def parse(self, out):
        return [float(v) > 0 for v in out.split()]


def dcd_tool(spamcls_exe):
    """spamcls with the solver dcd: liblinear's weights bit for bit, so it is
    timed training only (its scoring is the liblinear model's)."""
    return Spamcls(spamcls_exe, "dcd")


def all_tools(spamcls_exe):
    return [Spamcls(spamcls_exe, "liblinear"), Spamcls(spamcls_exe, "libsvm"),
            SpamclsRecipe(spamcls_exe), FastText(), Bogofilter(), Sklearn()]


if __name__ == "__main__":
    print([t.name for t in all_tools(sys.argv[1] if len(sys.argv) > 1 else "spamcls")])
