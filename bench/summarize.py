#!/usr/bin/env python3
"""Throughput and peak memory of `lede summarize --input jsonl` on the CNN/DailyMail validation
split (4,368 pre-tokenized articles), in one run per configuration, medians over --runs.

    python3 bench/summarize.py [--runs 5] [--method textrank] [--data FILE]
    python3 bench/summarize.py --method learned --compress default --compress full --threads 1
    python3 bench/summarize.py --large-document 50   # one generated 50 MB article instead

The data defaults to $LEDE_SHARED_DATA/cnn_dailymail_tokenized/validation.jsonl (or
../shared/data beside the repository). Builds lede in release mode first.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def run_once(cmd):
    """Wall seconds and peak resident memory (MiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"lede failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024.0  # ru_maxrss is KiB on Linux


def large_document(path, megabytes):
    """A deterministic article of about `megabytes` MB: varied sentences, paragraphs of 8."""
    rng = random.Random(1)
    words = ("the council voted to close bridge after inspectors found cracks in steel supports "
             "mayor said ferry would carry passengers repairs cost million federal program "
             "fishermen island market engineer university report").split()
    target = megabytes * 1_000_000
    size = 0
    i = 0
    with open(path, "w") as f:
        while size < target:
            s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 25)))
            s = f"{s[0].upper()}{s[1:]} {i}."
            s += "\n\n" if i % 8 == 7 else " "
            f.write(s)
            size += len(s)
            i += 1


def bench_large(lede, methods, megabytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "large.txt")
        large_document(path, megabytes)
        size_mb = os.path.getsize(path) / 1e6
        print(f"one generated document of {size_mb:.1f} MB")
        print(f"{'method':<10} {'s':>7} {'peak RSS MiB':>13} {'RSS / input':>12}")
        for method in methods:
            wall, rss = run_once([lede, "summarize", "--method", method, path, "-o", os.devnull])
            print(f"{method:<10} {wall:>7.2f} {rss:>13.1f} {rss * 1.048576 / size_mb:>12.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--method", action="append", help="lead, textrank, lexrank (repeatable; default textrank)")
    ap.add_argument("--data", default=shared("cnn_dailymail_tokenized/validation.jsonl"))
    ap.add_argument("--threads", action="append", type=int, help="worker threads (repeatable; default: all cores, and 1)")
    ap.add_argument("--compress", action="append", choices=["off", "default", "full"],
                    help="compression: off (--no-compress), default, full (--compress); repeatable; default: default")
    ap.add_argument("--large-document", type=int, metavar="MB",
                    help="instead: summarize one generated document of this many MB")
    args = ap.parse_args()
    methods = args.method or ["textrank"]
    if args.large_document:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
        bench_large(os.path.join(ROOT, "target", "release", "lede"), methods, args.large_document)
        return
    if not os.path.exists(args.data):
        sys.exit(f"needs {args.data} (set LEDE_SHARED_DATA to the shared data folder)")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lede = os.path.join(ROOT, "target", "release", "lede")
    with open(args.data, "rb") as f:
        n_articles = sum(1 for line in f if line.strip())
    size_mb = os.path.getsize(args.data) / 1e6
    threads = args.threads or [os.cpu_count() or 1, 1]
    print(f"data: {os.path.normpath(args.data)} ({n_articles} articles, {size_mb:.1f} MB); {args.runs} runs each; {os.cpu_count()} cores")
    flags = {"off": ["--no-compress"], "default": [], "full": ["--compress"]}
    print(f"{'method':<10} {'compress':>8} {'threads':>7} {'median s':>9} {'articles/s':>11} {'MB/s':>7} {'peak RSS MiB':>13}")
    for method in methods:
        for mode in args.compress or ["default"]:
            for t in threads:
                cmd = [lede, "summarize", "--input", "jsonl", "--method", method, "--output-field", "lede",
                       "--threads", str(t), "--quiet", *flags[mode], args.data, "-o", os.devnull]
                results = [run_once(cmd) for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in results)
                rss = max(r[1] for r in results)
                print(f"{method:<10} {mode:>8} {t:>7} {wall:>9.3f} {n_articles / wall:>11.0f} {size_mb / wall:>7.1f} {rss:>13.1f}")


if __name__ == "__main__":
    main()
