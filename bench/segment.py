#!/usr/bin/env python3
"""Sentence segmentation speed: lede against pySBD on the same articles, in one run.

    python3 bench/segment.py [--runs 5] [--data FILE] [--validation FILE] [--venv DIR]

Both segmenters get the same article strings and are timed on segmentation alone, single
threaded, excluding reading and writing:
- lede: `lede segment --input jsonl --output count`, which times only its calls to the
  segmenter (the JSON parsing of each line is outside the timed part) and prints the total;
  the median over --runs runs is reported, with the whole process's wall time beside it.
- pySBD: `pysbd.Segmenter(language="en", clean=False).segment(text)` per article inside one
  Python process (time.perf_counter around the calls only), once: it is slow.
pySBD is installed from PyPI into a virtual environment (default bench/.venv, gitignored) on the
first run. The data default to $LEDE_SHARED_DATA (or ../shared/data beside the repository):
cnn_dailymail_test_cased_subset/test.jsonl (642 raw articles) and, for lede only,
cnn_dailymail_tokenized/validation.jsonl (4,368 pre-tokenized articles).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PYSBD_TIMER = r"""
import json, sys, time
import pysbd
seg = pysbd.Segmenter(language="en", clean=False)
texts = [json.loads(l)["article"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
seg.segment("Warm up. Once.")
sentences = 0
start = time.perf_counter()
for t in texts:
    sentences += len(seg.segment(t))
secs = time.perf_counter() - start
print(json.dumps({"documents": len(texts), "sentences": sentences,
                  "bytes": sum(len(t.encode("utf-8")) for t in texts), "segment_seconds": secs,
                  "version": pysbd.__version__ if hasattr(pysbd, "__version__") else "?"}))
"""


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def ensure_pysbd(venv_dir):
    py = os.path.join(venv_dir, "bin", "python")
    if not os.path.exists(py):
        print(f"creating {venv_dir} and installing pysbd from PyPI ...", file=sys.stderr)
        venv.create(venv_dir, with_pip=True)
    probe = subprocess.run([py, "-c", "import pysbd"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "-q", "pysbd"], check=True)
    version = subprocess.run([py, "-m", "pip", "show", "pysbd"], capture_output=True, text=True).stdout
    version = next((l.split(":", 1)[1].strip() for l in version.splitlines() if l.startswith("Version:")), "?")
    return py, version


def lede_run(lede, data):
    """(segmenting stats, process wall seconds) of one `lede segment --output count` run."""
    start = time.perf_counter()
    proc = subprocess.run([lede, "segment", "--input", "jsonl", "--output", "count", data],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"lede failed on {data}:\n{proc.stderr}")
    return json.loads(proc.stderr.strip().splitlines()[-1]), wall


def lede_median(lede, data, runs):
    results = [lede_run(lede, data) for _ in range(runs)]
    stats = results[0][0]
    secs = statistics.median(r[0]["segment_seconds"] for r in results)
    wall = statistics.median(r[1] for r in results)
    return stats, secs, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="lede runs (median); pySBD runs once")
    ap.add_argument("--data", default=shared("cnn_dailymail_test_cased_subset/test.jsonl"))
    ap.add_argument("--validation", default=shared("cnn_dailymail_tokenized/validation.jsonl"))
    ap.add_argument("--venv", default=os.path.join(ROOT, "bench", ".venv"))
    args = ap.parse_args()
    for f in (args.data, args.validation):
        if not os.path.exists(f):
            sys.exit(f"needs {f} (set LEDE_SHARED_DATA to the shared data folder)")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lede = os.path.join(ROOT, "target", "release", "lede")
    py, version = ensure_pysbd(args.venv)

    stats, secs, wall = lede_median(lede, args.data, args.runs)
    mb = stats["bytes"] / 1e6
    proc = subprocess.run([py, "-c", PYSBD_TIMER, args.data], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"pySBD failed:\n{proc.stderr}")
    p = json.loads(proc.stdout)
    assert p["bytes"] == stats["bytes"] and p["documents"] == stats["documents"], "not the same texts"

    lede_mbs = mb / secs
    pysbd_mbs = mb / p["segment_seconds"]
    print(f"data: {os.path.normpath(args.data)}: {stats['documents']} articles, {mb:.2f} MB; "
          f"single thread; {os.cpu_count()} cores")
    print(f"{'segmenter':<16} {'seconds':>9} {'MB/s':>8} {'sentences':>10}")
    print(f"{'lede':<16} {secs:>9.4f} {lede_mbs:>8.1f} {stats['sentences']:>10}"
          f"   (median of {args.runs}; whole process {wall:.3f} s)")
    print(f"{'pySBD ' + version:<16} {p['segment_seconds']:>9.2f} {pysbd_mbs:>8.3f} {p['sentences']:>10}")
    print(f"lede is {lede_mbs / pysbd_mbs:.0f}x faster than pySBD")

    vstats, vsecs, vwall = lede_median(lede, args.validation, args.runs)
    vmb = vstats["bytes"] / 1e6
    print(f"pre-tokenized: {os.path.normpath(args.validation)}: {vstats['documents']} articles, "
          f"{vmb:.2f} MB: lede {vsecs:.4f} s, {vmb / vsecs:.1f} MB/s, {vstats['sentences']} sentences "
          f"(median of {args.runs}; whole process {vwall:.3f} s)")


if __name__ == "__main__":
    main()
