"""Reading the benchmark's TSV files and writing each peer's input format.

The TSV is "label<TAB>text" with \\t \\n \\\\ escapes and a header line
(what spamcls reads natively). The conversions below are done before any
timing starts: a peer is timed on input already in its own format."""
import re


def unescape(s):
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in "tn\\":
            out.append({"t": "\t", "n": "\n", "\\": "\\"}[s[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def read_tsv(path):
    """[(label 0/1, text)] in file order."""
    recs = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            lab, _, text = line.partition("\t")
            recs.append((1 if lab == "spam" else 0, unescape(text)))
    return recs


def one_line(text):
    return " ".join(text.split())


_PUNCT = re.compile(r"([.!?,'/()\"])")


def fasttext_text(text):
    """fastText's own tutorial preprocessing: punctuation split off,
    lower case, one line."""
    return one_line(_PUNCT.sub(r" \1 ", text.lower()))


def write_fasttext(path, recs, labels=True):
    with open(path, "w", encoding="utf-8") as f:
        for lab, text in recs:
            pre = ("__label__spam " if lab else "__label__ham ") if labels else ""
            f.write(pre + fasttext_text(text) + "\n")


def write_mbox(path, texts):
    """One message per comment, no headers: bogofilter's -M (mbox) input.
    A body line starting with "From " would start a new message, so the
    comment is written on one line, with ">From " quoting."""
    with open(path, "w", encoding="utf-8") as f:
        for text in texts:
            body = one_line(text)
            if body.startswith("From "):
                body = ">" + body
            f.write("From bench Thu Jan  1 00:00:00 1970\n\n" + body + "\n\n")


def write_plain(path, texts):
    with open(path, "w", encoding="utf-8") as f:
        for text in texts:
            f.write(one_line(text) + "\n")
