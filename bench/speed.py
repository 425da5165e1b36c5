#!/usr/bin/python3
"""Speed and memory of every tool, one at a time on an otherwise idle
machine: training time, scoring throughput (one process, then the input
split across one process per core), peak memory, model load time.

Usage: speed.py SPLITS_DIR WORK_DIR OUT.json SPAMCLS LOADTIME [--n N] [--quick]
                [--htmlmem BENCH_HTMLMEM] [--moderate-pages K]

With --htmlmem, one large page parsed into libxml2's tree (as spamcls
reads pages) against a streaming parse of the same bytes; with
--moderate-pages, `spamcls moderate` on an archive of K pages
(bench/moderate.sh), with one thread and with every core.

Every command runs under /usr/bin/time -v (peak resident memory, CPU
time); wall time is measured around the whole process, so model loading,
parsing and normalization are included. Input conversion to a peer's own
format is done beforehand and not timed.
"""
import argparse
import filecmp
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time

import benchio
import tools

# libsvm's training time grows with the square of the set: it is timed on
# the first LIBSVM_SIZES comments of a set only.
LIBSVM_SIZES = [2000, 5000]
# Page sizes (MB) for the tree against streaming comparison.
HTML_SIZES = [1, 4, 16, 64]
SEED = 7


def timed(argv, stdin=None, stdout=None, ok=(0,), env=None):
    """Runs argv under /usr/bin/time -v; returns wall s, user+sys s, peak KiB
    (of the largest process, for a script)."""
    tf = "%s.time" % (stdout or "/tmp/spamcls-bench-%d" % os.getpid())
    fin = open(stdin, "rb") if stdin else open(os.devnull, "rb")
    fout = open(stdout, "wb") if stdout else open(os.devnull, "wb")
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", "-o", tf] + argv, stdin=fin,
                       stdout=fout, stderr=subprocess.PIPE,
                       env=dict(os.environ, **env) if env else None)
    wall = time.perf_counter() - t0
    fin.close()
    fout.close()
    if p.returncode not in ok:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv), p.returncode,
                                                p.stderr.decode(errors="replace")[-2000:]))
    return dict(wall=wall, **parse_time(tf))


def parse_time(path):
    with open(path) as f:
        s = f.read()
    os.unlink(path)
    g = lambda k: float(re.search(re.escape(k) + r": ([0-9.]+)", s).group(1))
    return {"cpu": g("User time (seconds)") + g("System time (seconds)"),
            "rss_kib": int(g("Maximum resident set size (kbytes)"))}


def parallel(cmds):
    """Runs [(argv, stdin, stdout, ok)] at once; wall time of the whole."""
    procs = []
    t0 = time.perf_counter()
    for argv, stdin, stdout, ok in cmds:
        fin = open(stdin, "rb") if stdin else open(os.devnull, "rb")
        fout = open(stdout, "wb")
        procs.append((subprocess.Popen(["/usr/bin/time", "-v", "-o", stdout + ".time"] + argv,
                                       stdin=fin, stdout=fout, stderr=subprocess.PIPE),
                      fin, fout, stdout, ok, argv))
    res = []
    for p, fin, fout, stdout, ok, argv in procs:
        _, err = p.communicate()
        fin.close()
        fout.close()
        if p.returncode not in ok:
            raise RuntimeError("%s exited %d: %s" % (" ".join(argv), p.returncode,
                                                    err.decode(errors="replace")[-2000:]))
        res.append(parse_time(stdout + ".time"))
    wall = time.perf_counter() - t0
    return {"wall": wall, "cpu": sum(r["cpu"] for r in res),
            "rss_kib": max(r["rss_kib"] for r in res)}


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def log(*a):
    print("speed:", *a, file=sys.stderr, flush=True)


def make_data(default_tsv, d, n, distinct):
    """The big inputs: real comments of the default corpus repeated, in a
    shuffled order, up to n. Labeled TSV for training, plain text (one
    comment a line) for scoring."""
    recs = [(lab, benchio.one_line(t)) for lab, t in benchio.read_tsv(default_tsv)]
    rng = random.Random(SEED)
    out = []
    while len(out) < n:
        batch = recs[:]
        rng.shuffle(batch)
        out += batch[:n - len(out)]
    plain = os.path.join(d, "score-%d.txt" % n)
    benchio.write_plain(plain, (t for _, t in out))
    train = os.path.join(d, "train-%d.tsv" % n)
    with open(train, "w", encoding="utf-8") as f:
        f.write("label\ttext\n")
        for lab, t in out:
            f.write(("spam\t" if lab else "ham\t") + benchio.escape(t) + "\n")
    files = {"plain": plain, "train": train, "n": n,
             "bytes": os.path.getsize(plain) - n,          # text bytes, no newlines
             "mean_chars": statistics.mean(len(t) for _, t in out)}
    if distinct:
        # The same comments, each copy made distinct by a trailing made-up
        # word, so that deduplication keeps all n.
        dist = os.path.join(d, "train-%d-distinct.tsv" % n)
        with open(dist, "w", encoding="utf-8") as f:
            f.write("label\ttext\n")
            for i, (lab, t) in enumerate(out):
                tag = ""
                k = i
                while True:
                    tag += "bcdfghjklmnpqrstvwxz"[k % 20]
                    k //= 20
                    if not k:
                        break
                f.write(("spam\t" if lab else "ham\t") + benchio.escape(t)
                        + " zq" + tag + "\n")
        files["train_distinct"] = dist
    return files


def html_memory(exe, sizes, spamcls, work):
    """bench/htmlmem.c on pages of each size, each mode in a process of
    its own: bytes, elements, text bytes, seconds, extra KiB; and
    `spamcls extract` on the same page as a whole process."""
    out = []
    for mb in sizes:
        row = {"mb": mb}
        page = os.path.join(work, "page-%dmb.html" % mb)
        with open(page, "wb") as f:
            subprocess.run([exe, "page", str(mb)], stdout=f, check=True)
        log("spamcls extract on a %d MB page" % mb)
        res = os.path.join(work, "page-%dmb.jsonl" % mb)
        row["extract"] = timed([spamcls, "extract", "--max-page", str(2 * mb << 20), page],
                               stdout=res)
        with open(res, encoding="utf-8") as f:
            row["extract"]["comments"] = sum(1 for _ in f)
        os.unlink(res)
        os.unlink(page)
        for mode in ("tree", "sax"):
            log("parsing a %d MB page (%s)" % (mb, mode))
            f = subprocess.run([exe, mode, str(mb)], capture_output=True, text=True,
                               check=True).stdout.split()
            row[mode] = {"bytes": int(f[1]), "elements": int(f[2]), "text": int(f[3]),
                         "seconds": float(f[4]), "extra_kib": int(f[5])}
        if row["tree"]["elements"] != row["sax"]["elements"]:
            raise RuntimeError("tree and streaming parses saw different elements")
        out.append(row)
    return out


def moderate(spamcls, pages):
    """bench/moderate.sh on `pages` pages: its per-thread-count lines."""
    log("spamcls moderate on %d pages (bench/moderate.sh)" % pages)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = subprocess.run(["sh", os.path.join(root, "bench", "moderate.sh"), str(pages), spamcls,
                        os.path.join(root, "models", "default.model")],
                       capture_output=True, text=True, cwd=root)
    if p.returncode == 77:
        return {"skipped": p.stdout.strip().splitlines()[-1:]}
    if p.returncode != 0:
        raise RuntimeError("bench/moderate.sh failed: %s" % p.stdout[-500:] + p.stderr[-500:])
    runs = []
    for m in re.finditer(r"threads +(\d+): (\d+) pages, (\d+) comments in ([0-9.]+) s: "
                         r"(\d+) pages/s, (\d+) comments/s, peak RSS ([0-9.]+) MiB", p.stdout):
        runs.append({"threads": int(m.group(1)), "pages": int(m.group(2)),
                     "comments": int(m.group(3)), "seconds": float(m.group(4)),
                     "pages_s": int(m.group(5)), "comments_s": int(m.group(6)),
                     "rss_mib": float(m.group(7))})
    same = "wrote the same report.jsonl" in p.stdout
    if len(runs) != 3:
        raise RuntimeError("bench/moderate.sh printed %d rates: %s" % (len(runs), p.stdout[-500:]))
    runs[0]["part"] = "a part"   # every core on a tenth (at least 1,000 pages): memory
    warc = [l.strip() for l in p.stdout.splitlines() if "records/s" in l]
    return {"runs": runs, "same_report": same, "pages": pages, "warc": warc}


def head_tsv(src, dst, n):
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as o:
        for i, line in enumerate(f):
            if i > n:
                break
            o.write(line)
    return dst


def train_tool(t, tsv, d, tag):
    """Prepares (untimed) and trains (timed); returns figures and the model."""
    td = os.path.join(d, "train-%s-%s" % (t.name, tag))
    os.makedirs(td, exist_ok=True)
    inp = t.prep_train(tsv, td)
    model = os.path.join(td, "model")
    tot = {"wall": 0.0, "cpu": 0.0, "rss_kib": 0}
    for argv, stdin in t.train_cmds(inp, model):
        r = timed(argv, stdin)
        tot["wall"] += r["wall"]
        tot["cpu"] += r["cpu"]
        tot["rss_kib"] = max(tot["rss_kib"], r["rss_kib"])
    tot["model_bytes"] = dir_size(model) if os.path.isdir(model) else (
        os.path.getsize(model) if os.path.exists(model) else os.path.getsize(model + ".bin"))
    return tot, model


def dir_size(p):
    return sum(os.path.getsize(os.path.join(p, f)) for f in os.listdir(p))


def split_lines(path, parts, d):
    """The plain scoring input cut into parts of whole lines, one per core."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    k = (len(lines) + parts - 1) // parts
    out = []
    for i in range(parts):
        p = os.path.join(d, "score-part%d.txt" % i)
        with open(p, "w", encoding="utf-8") as f:
            f.writelines(lines[i * k:(i + 1) * k])
        out.append(p)
    return out


SHIPPED = os.path.join(tools.ROOT, "models", "default.model")
PROFILE_N = 200000
# Comments sent one at a time to a running `spamcls score -`.
COPROCESS_N = 2000


def perf_top(argv, stdin, out_dir, k=12):
    """The top k entries of a perf profile of argv (self time), or None
    when perf is not there or not allowed."""
    data = os.path.join(out_dir, "perf.data")
    try:
        with open(stdin, "rb") as fin, open(os.devnull, "wb") as fout:
            subprocess.run(["perf", "record", "-q", "-o", data] + argv, stdin=fin,
                           stdout=fout, stderr=subprocess.DEVNULL, check=True)
        rep = subprocess.run(["perf", "report", "-i", data, "--no-children", "--stdio",
                              "--percent-limit", "0.5"], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    finally:
        if os.path.exists(data):
            os.unlink(data)
    top = []
    for line in rep.splitlines():
        m = re.match(r"\s+([0-9.]+)%\s+\S+\s+(\S+)\s+\[.\]\s+(\S+)", line)
        if m:
            top.append([float(m.group(1)), m.group(2), m.group(3)])
        if len(top) == k:
            break
    return top


def rebuild_shipped(a):
    """training/build-default-model.sh as a whole (the corpora read and
    deduplicated, the augmentation, the fit), and whether it wrote the
    shipped model's bytes."""
    log("rebuilding the shipped model")
    out = os.path.join(a.work, "rebuilt.model")
    r = timed(["sh", os.path.join(tools.ROOT, "training", "build-default-model.sh"), out],
              env={"SPAMCLS": os.path.abspath(a.spamcls)})
    r["same_bytes"] = filecmp.cmp(out, SHIPPED, shallow=False)
    os.unlink(out)
    return r


def coprocess(exe, plain, jobs, n=COPROCESS_N):
    """One `spamcls score -` kept running, as a CMS hook would: a comment
    written, its answer read, then the next. Returns the median and 99th
    percentile of the round trip in ms (this script's own share of it
    included), the first comment's (start and model load) apart."""
    with open(plain, encoding="utf-8") as f:
        lines = [line for _, line in zip(range(n + 1), f)]
    p = subprocess.Popen([exe, "score", "-m", SHIPPED, "-j", str(jobs), "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    times = []
    try:
        for line in lines:
            t = time.perf_counter()
            p.stdin.write(line.encode("utf-8"))
            if not p.stdout.readline():
                raise RuntimeError("score -j %d ended before answering" % jobs)
            times.append(time.perf_counter() - t)
    finally:
        p.stdin.close()
        p.wait()
    if p.returncode != 0:
        raise RuntimeError("score -j %d as a co-process exited %d" % (jobs, p.returncode))
    rest = sorted(times[1:])
    return {"first_ms": 1000 * times[0], "median_ms": 1000 * statistics.median(rest),
            "p99_ms": 1000 * rest[int(0.99 * (len(rest) - 1))], "n": len(rest)}


def shipped_section(R, a, data):
    """The shipped model, as users score with it: plain text and JSON
    lines, one thread and one per core, one comment as a whole process,
    the library's load time, and where the time goes."""
    n = data["n"]
    S = R["shipped"] = {"model_bytes": os.path.getsize(SHIPPED)}
    jsonl = os.path.join(a.work, "score-%d.jsonl" % n)
    with open(data["plain"], encoding="utf-8") as f, open(jsonl, "w", encoding="utf-8") as o:
        for line in f:
            o.write(json.dumps({"text": line.rstrip("\n")}, ensure_ascii=False) + "\n")
    S["jsonl_bytes"] = os.path.getsize(jsonl)
    ncpu = os.cpu_count()
    for fmt, inp in (("plain", data["plain"]), ("jsonl", jsonl)):
        for j in sorted({1, ncpu}):
            log("scoring %d comments (%s) with the shipped model, -j %d" % (n, fmt, j))
            res = os.path.join(a.work, "shipped.out")
            r = timed([a.spamcls, "score", "-m", SHIPPED, "-j", str(j), inp], stdout=res)
            got = count_lines(res)
            os.unlink(res)
            if got != n:
                raise RuntimeError("shipped model (%s, -j %d) scored %d of %d" % (fmt, j, got, n))
            S["%s-j%d" % (fmt, j)] = r
    os.unlink(jsonl)
    one = os.path.join(a.work, "one.txt")
    with open(one, "w", encoding="utf-8") as f:
        f.write("i really like your article, visit slot gacor hari ini\n")
    runs = [timed([a.spamcls, "score", "-m", SHIPPED, one]) for _ in range(21)]
    S["one_comment_ms"] = 1000 * statistics.median(r["wall"] for r in runs)
    S["one_comment_rss_kib"] = runs[0]["rss_kib"]
    for j in sorted({1, ncpu}):
        S["coprocess-j%d" % j] = coprocess(a.spamcls, data["plain"], j)
    # The same program starting and exiting without a model: what the
    # dynamic libraries cost before any of spamcls's own work.
    runs = [timed([a.spamcls, "--version"]) for _ in range(21)]
    S["start_ms"] = 1000 * statistics.median(r["wall"] for r in runs)
    out = subprocess.run([a.loadtime, SHIPPED, "200"], capture_output=True, text=True,
                         check=True).stdout
    m = re.search(r"median_ms ([0-9.]+) min_ms ([0-9.]+)", out)
    S["load_median_ms"], S["load_min_ms"] = float(m.group(1)), float(m.group(2))
    head = os.path.join(a.work, "profile-input.txt")
    with open(data["plain"], encoding="utf-8") as f, open(head, "w", encoding="utf-8") as o:
        for _, line in zip(range(PROFILE_N), f):
            o.write(line)
    log("profiling the shipped model on %d comments" % PROFILE_N)
    S["profile"] = perf_top([a.spamcls, "score", "-m", SHIPPED], head, a.work)
    S["profile_n"] = PROFILE_N
    os.unlink(head)


def main():
    ap = argparse.ArgumentParser()
    for a in ("splits", "work", "out", "spamcls", "loadtime"):
        ap.add_argument(a)
    ap.add_argument("--n", type=int, default=1000000)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--htmlmem", default="")
    ap.add_argument("--moderate-pages", type=int, default=0)
    ap.add_argument("--default-limit", type=int, default=0,
                    help="time training on the first K comments of the default corpus only")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    ncpu = os.cpu_count()
    default_tsv = os.path.join(a.splits, "default-sfu", "train.tsv")
    if a.default_limit:
        default_tsv = head_tsv(default_tsv, os.path.join(a.work, "default-head.tsv"),
                               a.default_limit)
    R = {"n": a.n, "ncpu": ncpu, "quick": a.quick,
         "load_before": "%.2f, %.2f, %.2f" % os.getloadavg()}
    log("writing the %d-comment inputs" % a.n)
    data = make_data(default_tsv, a.work, a.n, distinct=not a.quick)
    R["data"] = {k: data[k] for k in ("n", "bytes", "mean_chars")}
    R["default_n"] = len(benchio.read_tsv(default_tsv))
    R["default_limited"] = bool(a.default_limit)

    tl = tools.all_tools(a.spamcls)
    byname = {t.name: t for t in tl}
    fast = [t for t in tl if t.name != "spamcls-libsvm"]

    # Training on the default corpus.
    R["train_default"], models = {}, {}
    dcd = tools.dcd_tool(a.spamcls)
    for t in fast + [dcd]:
        log("training %s on the default corpus" % t.name)
        R["train_default"][t.name], models[t.name] = train_tool(t, default_tsv, a.work, "default")
    R["rebuild"] = rebuild_shipped(a)
    lib = byname["spamcls-libsvm"]
    R["train_libsvm"] = {}
    for k in LIBSVM_SIZES if not a.quick else LIBSVM_SIZES[:1]:
        log("training libsvm on %d comments" % k)
        sub = head_tsv(default_tsv, os.path.join(a.work, "default-head-%d.tsv" % k), k)
        R["train_libsvm"][k], _ = train_tool(lib, sub, a.work, "head%d" % k)
        # The same subset with liblinear, for comparison.
        R["train_libsvm"][k]["liblinear"], _ = train_tool(byname["spamcls-liblinear"], sub,
                                                         a.work, "head%d" % k)
        R["train_libsvm"][k]["dcd"], _ = train_tool(dcd, sub, a.work, "head%d" % k)

    # Training on n comments: spamcls (both inputs), bogofilter.
    R["train_big"] = {}
    log("training spamcls liblinear on %d comments" % a.n)
    R["train_big"]["spamcls-liblinear"], _ = train_tool(byname["spamcls-liblinear"],
                                                        data["train"], a.work, "big")
    log("training spamcls dcd on %d comments" % a.n)
    R["train_big"]["spamcls-dcd"], _ = train_tool(dcd, data["train"], a.work, "big")
    if "train_distinct" in data:
        for t in (byname["spamcls-liblinear"], dcd):
            log("training %s on %d distinct comments" % (t.name, a.n))
            R["train_big"][t.name + "-distinct"], _ = train_tool(
                t, data["train_distinct"], a.work, "bigd")
    log("training bogofilter on %d comments" % a.n)
    R["train_big"]["bogofilter"], _ = train_tool(byname["bogofilter"], data["train"],
                                                 a.work, "big")

    # Model load: the C program on the library, and every tool scoring an
    # empty input (whole process: start, load, exit).
    log("model load")
    out = subprocess.run([a.loadtime, models["spamcls-liblinear"], "200"],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"median_ms ([0-9.]+) min_ms ([0-9.]+)", out)
    R["load_lib"] = {"median_ms": float(m.group(1)), "min_ms": float(m.group(2)),
                     "iterations": 200}
    empty = os.path.join(a.work, "empty.txt")
    open(empty, "w").close()
    R["score"] = {}
    for t in fast:
        S = R["score"][t.name] = {}
        inp = t.prep_plain(empty, a.work, "empty")
        argv, stdin = t.score_cmd(models[t.name], inp)
        runs = [timed(argv, stdin, ok=t.score_ok) for _ in range(7)]
        S["empty_wall"] = statistics.median(r["wall"] for r in runs)
        S["empty_rss_kib"] = runs[0]["rss_kib"]

    # Scoring n comments (or a tool's cap): one process, then one per core.
    for t in fast:
        S = R["score"][t.name]
        n = min(a.n, t.score_cap) if t.score_cap else a.n
        S["n"] = n
        plain = data["plain"]
        if n < a.n:
            plain = os.path.join(a.work, "score-head-%d.txt" % n)
            with open(data["plain"], encoding="utf-8") as f, open(plain, "w", encoding="utf-8") as o:
                for i, line in zip(range(n), f):
                    o.write(line)
        S["bytes"] = os.path.getsize(plain) - n
        log("scoring %d comments with %s" % (n, t.name))
        inp = t.prep_plain(plain, a.work, "big")
        argv, stdin = t.score_cmd(models[t.name], inp)
        res = os.path.join(a.work, "scores-%s.out" % t.name)
        S["one"] = timed(argv, stdin, stdout=res, ok=t.score_ok)
        got = len(t.parse(open(res, encoding="utf-8", errors="replace").read()))
        if got != n:
            raise RuntimeError("%s scored %d of %d comments" % (t.name, got, n))
        os.unlink(res)
        if ncpu > 1:
            log("scoring %d comments with %s, %d processes" % (n, t.name, ncpu))
            plain_parts = split_lines(plain, ncpu, a.work)
            parts = [t.prep_plain(p, a.work, "part%d" % i) for i, p in enumerate(plain_parts)]
            cmds = []
            for i, part in enumerate(parts):
                argv, stdin = t.score_cmd(models[t.name], part)
                cmds.append((argv, stdin, os.path.join(a.work, "scores-%s-%d.out" % (t.name, i)),
                             t.score_ok))
            S["all"] = parallel(cmds)
            got = sum(len(t.parse(open(c[2], encoding="utf-8", errors="replace").read()))
                      for c in cmds)
            if got != n:
                raise RuntimeError("%s (split) scored %d of %d comments" % (t.name, got, n))
            for c in cmds:
                os.unlink(c[2])
            for part in set(parts) | set(plain_parts):
                os.unlink(part)
    shipped_section(R, a, data)
    if a.htmlmem:
        R["htmlmem"] = html_memory(a.htmlmem, HTML_SIZES[:2] if a.quick else HTML_SIZES,
                                   a.spamcls, a.work)
    if a.moderate_pages:
        R["moderate"] = moderate(a.spamcls, a.moderate_pages)
    R["load_after"] = "%.2f, %.2f, %.2f" % os.getloadavg()
    with open(a.out, "w") as f:
        json.dump(R, f, indent=1)


if __name__ == "__main__":
    main()
