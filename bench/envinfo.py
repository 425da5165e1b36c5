#!/usr/bin/python3
"""The machine and the versions of everything measured, as JSON.

Usage: envinfo.py SPAMCLS COMMAND QUICK(0|1) SEED > ENV.json
       envinfo.py --revision      the source revision, for SPAMCLS_BENCH_REV
"""
import datetime
import json
import os
import platform
import subprocess
import sys


def sh(argv):
    try:
        p = subprocess.run(argv, capture_output=True, text=True)
        return (p.stdout or p.stderr).strip()
    except OSError as e:
        return "unavailable (%s)" % e


def dpkg(pkg):
    v = sh(["dpkg-query", "-W", "-f=${Version}", pkg])
    return v if v and "no packages" not in v else "not installed"


def source_revision():
    """The commit the tree is at, and whether it had uncommitted changes."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    head = sh(["git", "-C", root, "rev-parse", "--short", "HEAD"])
    dirty = sh(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"])
    n = len([line for line in dirty.splitlines() if line.strip()])
    return head + (" with uncommitted changes in %d files" % n if n else "")


def main():
    if sys.argv[1:] == ["--revision"]:
        print(source_revision())
        return
    spamcls, command, quick, seed = sys.argv[1:5]
    keep = ("Architecture", "Model name", "CPU(s)", "Thread(s) per core",
            "Core(s) per socket", "Socket(s)", "CPU max MHz", "BogoMIPS",
            "L1d cache", "L2 cache", "L3 cache", "Hypervisor vendor")
    machine = [line for line in sh(["lscpu"]).splitlines()
               if line.split(":")[0].strip() in keep]
    machine.append("nproc: " + sh(["nproc"]))
    with open("/proc/meminfo") as f:
        machine.append(next(line.strip() for line in f if line.startswith("MemTotal")))
    machine.append("kernel: " + platform.release())
    try:
        with open("/etc/debian_version") as f:
            machine.append("Debian " + f.read().strip())
    except OSError:
        pass
    import sklearn
    rev = os.environ.get("SPAMCLS_BENCH_REV") or source_revision()
    versions = [
        ["spamcls", sh([spamcls, "--version"])],
        ["spamcls source (when built)", rev],
        ["libsvm (libsvm-dev)", dpkg("libsvm-dev")],
        ["liblinear (liblinear-dev)", dpkg("liblinear-dev")],
        ["libutf8proc", dpkg("libutf8proc-dev")],
        ["fastText (Debian fasttext)", dpkg("fasttext")],
        ["bogofilter", sh(["bogofilter", "-V"]).splitlines()[0]],
        ["scikit-learn (python3-sklearn)", sklearn.__version__],
        ["Python (/usr/bin/python3)", platform.python_version()],
        ["gcc", sh(["gcc", "--version"]).splitlines()[0]],
        ["GNU time", dpkg("time")],
    ]
    json.dump({"command": command, "quick": quick == "1", "seed": int(seed),
               "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine, "versions": versions,
               "notes_file": os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")},
              sys.stdout, indent=1)


if __name__ == "__main__":
    main()
