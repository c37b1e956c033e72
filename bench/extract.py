#!/usr/bin/env python3
"""Article extraction quality and speed: lede against trafilatura on the same pages, in one run.

    python3 bench/extract.py [--data DIR] [--venv DIR] [--worst N] [--no-trafilatura]
                             [--save-lede FILE] [--score FILE]

The pages are the 181 of article_extraction_benchmark (html/<id>.html.gz and ground-truth.json;
SOURCE.md there describes them). Both extractors get the same pages:
- lede: one `lede extract --output jsonl` process over all the .html.gz files (it reads and
  gunzips them itself, sniffs the charset, parses and extracts, one JSON line per page, on one
  thread); its pages/s is taken from the whole process's wall time, start-up included.
- trafilatura (PyPI, in a virtual environment, default bench/.venv-extract, gitignored, made on
  the first run): `trafilatura.extract(html)` per page inside one Python process, timed around
  the calls alone (the pages are read and gunzipped beforehand), single threaded.
Each is timed --runs times (default 3) and the median is reported.

The metric is the benchmark's own (its evaluate.py): each body is split into `\\w+` Unicode word
tokens, case kept, and turned into a multiset of 4-token shingles; per page tp/fp/fn are counted
and normalised to sum to 1; precision is averaged over pages with tp+fp > 0, recall over pages
with tp+fn > 0, and F1 is computed from the two means. --score FILE scores a JSON file of
{id: {"articleBody": ...}} predictions (for example another extractor's) the same way.
"""
import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time
import venv
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TRAFILATURA_TIMER = r"""
import gzip, json, os, statistics, sys, time
import trafilatura
ids = json.loads(sys.argv[2])
runs = int(sys.argv[3])
pages = [gzip.open(os.path.join(sys.argv[1], i + ".html.gz"), "rt", encoding="utf-8").read() for i in ids]
times = []
for _ in range(runs):
    out = {}
    start = time.perf_counter()
    for i, html in zip(ids, pages):
        out[i] = trafilatura.extract(html) or ""
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": statistics.median(times), "bodies": out, "version": trafilatura.__version__}))
"""

WORD = re.compile(r"\w+", re.UNICODE)


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def shingles(text, n=4):
    tokens = WORD.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true, pred):
    """Normalised (tp, fp, fn) of one page, as the benchmark counts them."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(truth, preds):
    """(precision, recall, f1, per-page {id: (p, r, f1)})."""
    precisions, recalls, pages = [], [], {}
    for pid, true in truth.items():
        tp, fp, fn = page_counts(true, preds.get(pid, ""))
        p = tp / (tp + fp) if tp + fp > 0 else None
        r = tp / (tp + fn) if tp + fn > 0 else None
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        pp, rr = p or 0.0, r or 0.0
        pages[pid] = (pp, rr, 2 * pp * rr / (pp + rr) if pp + rr > 0 else 0.0)
    P = sum(precisions) / len(precisions) if precisions else 0.0
    R = sum(recalls) / len(recalls) if recalls else 0.0
    F = 2 * P * R / (P + R) if P + R > 0 else 0.0
    return P, R, F, pages


def ensure_trafilatura(venv_dir):
    py = os.path.join(venv_dir, "bin", "python")
    if not os.path.exists(py):
        print(f"creating {venv_dir} and installing trafilatura from PyPI ...", file=sys.stderr)
        venv.create(venv_dir, with_pip=True)
    if subprocess.run([py, "-c", "import trafilatura"], capture_output=True).returncode != 0:
        # lxml 5.2+ moved its HTML cleaner (which justext, a trafilatura fallback, imports)
        # into a separate package.
        subprocess.run([py, "-m", "pip", "install", "-q", "trafilatura", "lxml_html_clean"], check=True)
    return py


def run_lede(lede, html_dir, ids):
    files = [os.path.join(html_dir, i + ".html.gz") for i in ids]
    start = time.perf_counter()
    proc = subprocess.run([lede, "extract", "--output", "jsonl", *files], capture_output=True, text=True)
    secs = time.perf_counter() - start
    if proc.returncode not in (0, 1) or not proc.stdout:
        sys.exit(f"lede extract failed:\n{proc.stderr}")
    bodies = {}
    for line, i in zip(proc.stdout.splitlines(), ids):
        rec = json.loads(line)
        bodies[i] = rec.get("text", "")
    if len(bodies) != len(ids):
        sys.exit(f"lede extract gave {len(bodies)} records for {len(ids)} pages")
    return bodies, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=shared("article_extraction_benchmark"))
    ap.add_argument("--venv", default=os.path.join(ROOT, "bench", ".venv-extract"))
    ap.add_argument("--worst", type=int, default=10, help="list lede's N worst pages")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each extractor (median)")
    ap.add_argument("--no-trafilatura", action="store_true", help="lede alone (quick)")
    ap.add_argument("--no-build", action="store_true", help="use target/release/lede as it is")
    ap.add_argument("--save-lede", metavar="FILE", help="write lede's bodies as {id: {articleBody}}")
    ap.add_argument("--score", metavar="FILE", help="also score this {id: {articleBody}} file")
    args = ap.parse_args()
    gt_path = os.path.join(args.data, "ground-truth.json")
    if not os.path.exists(gt_path):
        sys.exit(f"needs {gt_path} (set LEDE_SHARED_DATA to the shared data folder)")
    with open(gt_path, encoding="utf-8") as f:
        gt = json.load(f)
    truth = {i: v["articleBody"] for i, v in gt.items()}
    ids = sorted(truth)
    html_dir = os.path.join(args.data, "html")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    lede = os.path.join(target, "release", "lede")

    rows = []
    lede_runs = [run_lede(lede, html_dir, ids) for _ in range(max(1, args.runs))]
    lede_bodies = lede_runs[0][0]
    lede_secs = statistics.median(r[1] for r in lede_runs)
    lp, lr, lf, lpages = score(truth, lede_bodies)
    rows.append(("lede", lp, lr, lf, len(ids) / lede_secs, lede_secs))
    if args.save_lede:
        with open(args.save_lede, "w", encoding="utf-8") as f:
            json.dump({i: {"articleBody": b} for i, b in lede_bodies.items()}, f, ensure_ascii=False)
    if not args.no_trafilatura:
        py = ensure_trafilatura(args.venv)
        proc = subprocess.run([py, "-c", TRAFILATURA_TIMER, html_dir, json.dumps(ids), str(max(1, args.runs))],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"trafilatura failed:\n{proc.stderr}")
        t = json.loads(proc.stdout)
        tp_, tr, tf, _ = score(truth, t["bodies"])
        rows.append((f"trafilatura {t['version']}", tp_, tr, tf, len(ids) / t["seconds"], t["seconds"]))
    if args.score:
        with open(args.score, encoding="utf-8") as f:
            other = {i: v.get("articleBody", "") for i, v in json.load(f).items()}
        sp, sr, sf, _ = score(truth, other)
        rows.append((os.path.basename(args.score), sp, sr, sf, float("nan"), float("nan")))

    print(f"data: {os.path.normpath(args.data)}: {len(ids)} pages; single thread; {os.cpu_count()} cores; "
          f"median of {max(1, args.runs)} timed runs")
    print(f"{'extractor':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8} {'seconds':>8}")
    for name, p, r, f, pps, secs in rows:
        print(f"{name:<20} {p:>9.3f} {r:>7.3f} {f:>6.3f} {pps:>8.1f} {secs:>8.2f}")
    if len(rows) > 1 and rows[1][0].startswith("trafilatura"):
        print(f"lede extracts {rows[0][4] / rows[1][4]:.1f}x as many pages per second as trafilatura "
              f"(lede's time includes process start, reading and gunzipping)")
    if args.worst:
        print(f"lede's {args.worst} worst pages (precision, recall, F1):")
        for pid, (p, r, f) in sorted(lpages.items(), key=lambda kv: kv[1][2])[:args.worst]:
            print(f"  {pid[:12]}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  {gt[pid]['url'][:90]}")


if __name__ == "__main__":
    main()
