"""The rewrites of the obfuscation suite: the ways spam hides its words
from a plain tokenizer. Each maps a text to its rewritten copy; characters
a rewrite has no form for are left as they are. A text with HTML tags
(Disqus exports, link spam typed as markup) is rewritten outside its tags
only: the disguise is of what a reader sees, and a tag in styled letters
is no tag to the site that shows it."""
import re

# A tag, kept as it is by every rewrite, and the white space around a
# text between tags, kept so that words do not run into each other.
TAG = re.compile(r"(<[^<>]*>)")
EDGES = re.compile(r"(\s*)(.*?)(\s*)", re.S)


def _table(upper, lower, digits=None):
    t = {}
    for i in range(26):
        if upper is not None:
            t[ord("A") + i] = chr(upper + i)
        if lower is not None:
            t[ord("a") + i] = chr(lower + i)
    if digits is not None:
        for i in range(10):
            t[ord("0") + i] = digits(i)
    return t


MATH_BOLD = _table(0x1D400, 0x1D41A, lambda i: chr(0x1D7CE + i))
FULLWIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
CIRCLED = _table(0x24B6, 0x24D0,
                 lambda i: "\u24ea" if i == 0 else chr(0x2460 + i - 1))
CYRILLIC = {ord(a): b for a, b in zip(
    "aceopxyisjABCEHKMOPTX",
    "\u0430\u0441\u0435\u043e\u0440\u0445\u0443\u0456\u0455\u0458"
    "\u0410\u0412\u0421\u0415\u041d\u041a\u041c\u041e\u0420\u0422\u0425")}
LEET = {ord(a): b for a, b in zip("aeiostAEIOST", "431057431057")}


def zero_width(text):
    """U+200B between the letters of every word."""
    return " ".join("\u200b".join(w) for w in text.split(" "))


def spaced(text):
    """Words of three or more characters written letter by letter
    ("S L O T 7 7 7")."""
    return " ".join(" ".join(w) if len(w) >= 3 else w for w in text.split(" "))


def spaced_wide(text):
    """Every word written letter by letter, three spaces between words
    ("B a r u   j e p e   2   k a l i")."""
    return "   ".join(" ".join(w) for w in text.split())


def overlay(text):
    """Two combining overlay marks on every letter (P͓̽U͓̽L͓̽A͓̽U͓̽)."""
    return "".join(c + "\u0353\u033d" if c.isalpha() else c for c in text)


def outside_tags(fn):
    """fn applied to the text between tags (all of a text without any)."""
    def one(part):
        lead, core, trail = EDGES.fullmatch(part).groups()
        return lead + fn(core) + trail if core else part

    def apply(text):
        parts = TAG.split(text)
        if len(parts) == 1:
            return fn(text)  # as written: the whole text, white space and all
        return "".join(p if i % 2 else one(p) for i, p in enumerate(parts))
    return apply


def one_word(fn):
    """The rewrite fn applied to the longest word outside tags only (the
    brand a spammer disguises; the first of the longest), the rest left as
    written."""
    def apply(text):
        parts = TAG.split(text)
        best = None  # (part, word, length)
        for i in range(0, len(parts), 2):
            for j, w in enumerate(parts[i].split(" ")):
                if best is None or len(w) > best[2]:
                    best = (i, j, len(w))
        words = parts[best[0]].split(" ")
        words[best[1]] = fn(words[best[1]])
        parts[best[0]] = " ".join(words)
        return "".join(parts)
    return apply


REWRITES = [(n, outside_tags(f)) for n, f in [
    ("math-bold", lambda t: t.translate(MATH_BOLD)),
    ("fullwidth", lambda t: t.translate(FULLWIDTH)),
    ("circled", lambda t: t.translate(CIRCLED)),
    ("cyrillic", lambda t: t.translate(CYRILLIC)),
    ("zero-width", zero_width),
    ("spaced", spaced),
    ("leet", lambda t: t.translate(LEET)),
]]

# The rewrites of the leave-one-source-out check (training/loso.py), each
# to every word and to the longest word alone.
EVERY_WORD = [
    ("math-bold", lambda t: t.translate(MATH_BOLD)),
    ("fullwidth", lambda t: t.translate(FULLWIDTH)),
    ("circled", lambda t: t.translate(CIRCLED)),
    ("cyrillic", lambda t: t.translate(CYRILLIC)),
    ("zero-width", zero_width),
    ("overlay", overlay),
    ("spaced-wide", spaced_wide),
    ("leet", lambda t: t.translate(LEET)),
]
DISGUISES = ([("every word: " + n, outside_tags(f)) for n, f in EVERY_WORD] +
             [("one word: " + n, one_word(f)) for n, f in EVERY_WORD])
