#!/usr/bin/env python3
"""ROUGE speed and agreement: lede against google rouge-score 0.1.2 and rouge-score-rs, on the
same 11,490 CNN/DailyMail test pairs (SimCLS outputs against the references), in one run.

    python3 bench/rouge.py [--limit N] [--no-stem] [--long-tokens 30000]

Installs rouge-score==0.1.2 and rouge-score-rs from PyPI into bench/.venv-rouge-bench. The
summaries are split into sentences once, before timing (lede's segmenter, as `--split-sentences`
does), and every tool gets the same sentences: a list for lede, joined with newlines for the
Python tools (rougeLsum splits on newlines). Metrics: rouge1, rouge2, rougeL, rougeLsum.

Timed:
  rouge-score     score() in a Python loop (one thread, in process)
  rouge-score-rs  score_batch(), RAYON_NUM_THREADS=1 and all cores (in process)
  lede            the whole `lede rouge --compat rouge-score --resamples 0 --per-doc` process:
                  reading the JSONL, scoring, writing per-document scores; --threads 1 and all
                  cores. Its own scoring time is printed too.
Then every per-document P/R/F of lede is compared with rouge-score's (tolerance 1e-9), and one
long pair (--long-tokens a side) is scored with ROUGE-L for time and peak memory.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench", ".venv-rouge-bench")
PY = os.path.join(VENV, "bin", "python")
METRICS = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
LEDE_KEYS = {"rouge1": "rouge-1", "rouge2": "rouge-2", "rougeL": "rouge-l", "rougeLsum": "rouge-lsum"}


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def ensure_venv():
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "rouge-score==0.1.2", "rouge-score-rs"],
                   check=True)


PEER = r'''
import json, os, sys, time
which, path, stem, out = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
pairs = [json.loads(l) for l in open(path)]
targets = ["\n".join(p["reference"]) for p in pairs]
preds = ["\n".join(p["system"]) for p in pairs]
types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
if which == "rouge-score":
    from rouge_score import rouge_scorer
    sc = rouge_scorer.RougeScorer(types, use_stemmer=stem)
    t = time.perf_counter()
    res = [sc.score(a, b) for a, b in zip(targets, preds)]
    dt = time.perf_counter() - t
else:
    from rouge_score_rs import rouge_scorer
    sc = rouge_scorer.RougeScorer(types, use_stemmer=stem)
    sc.score(targets[0], preds[0])
    t = time.perf_counter()
    res = sc.score_batch(targets, preds)
    dt = time.perf_counter() - t
with open(out, "w") as f:
    for r in res:
        f.write(json.dumps({k: [r[k].recall, r[k].precision, r[k].fmeasure] for k in types}) + "\n")
print(dt)
'''


def run_peer(which, data, stem, threads=None):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    out = tempfile.mktemp(suffix=".jsonl")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(PEER)
        script = f.name
    proc = subprocess.run([PY, script, which, data, "1" if stem else "0", out],
                          capture_output=True, text=True, env=env)
    os.unlink(script)
    if proc.returncode != 0:
        sys.exit(f"{which} failed:\n{proc.stderr[-3000:]}")
    rows = [json.loads(l) for l in open(out)]
    os.unlink(out)
    return float(proc.stdout.strip().splitlines()[-1]), rows


def run_lede(lede, data, stem, threads):
    per_doc = tempfile.mktemp(suffix=".jsonl")
    cmd = [lede, "rouge", "--pairs", data, "--system-field", "system", "--reference-field",
           "reference", "--separator", "", "--compat", "rouge-score", "--metrics",
           "rouge-1,rouge-2,rouge-l,rouge-lsum", "--resamples", "0", "--json", "-q",
           "--threads", str(threads), "--per-doc", per_doc]
    if not stem:
        cmd.append("--no-stem")
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"lede failed:\n{proc.stderr}")
    inner = json.loads(proc.stdout)["seconds"]
    rows = [json.loads(l) for l in open(per_doc)]
    os.unlink(per_doc)
    return wall, inner, rows


MEASURE = r"""
import os, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(p.pid, 0)
print(time.perf_counter() - t, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status))
"""


def peak_rss_run(cmd):
    """Wall seconds and peak RSS (MiB) of `cmd`, started from a small fresh Python process:
    ru_maxrss survives exec, so a child forked from this (large) process would report our size."""
    proc = subprocess.run([sys.executable, "-c", MEASURE] + cmd, capture_output=True, text=True)
    wall, rss, code = proc.stdout.split()
    if int(code) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
    return float(wall), float(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", default=shared("cnn_dailymail_test_references/test.jsonl"))
    ap.add_argument("--limit", type=int, default=0, help="first N pairs only (0: all)")
    ap.add_argument("--no-stem", action="store_true")
    ap.add_argument("--runs", type=int, default=3, help="runs of each fast tool (median)")
    ap.add_argument("--long-tokens", type=int, default=30000)
    args = ap.parse_args()
    stem = not args.no_stem

    ensure_venv()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lede = os.path.join(ROOT, "target", "release", "lede")
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory() as tmp:
        # Sentences once, with lede's segmenter (not timed).
        raw = os.path.join(tmp, "raw.jsonl")
        with open(args.data) as f, open(raw, "w") as out:
            for i, line in enumerate(f):
                if args.limit and i >= args.limit:
                    break
                r = json.loads(line)
                out.write(json.dumps({"id": r["id"], "text": r["system_outputs"]["simcls"]}) + "\n")
                out.write(json.dumps({"id": r["id"], "text": r["simcls_reference_tokenized_lower"]}) + "\n")
        seg = subprocess.run([lede, "segment", "--input", "jsonl", "--field", "text", "--output", "json", raw],
                             capture_output=True, text=True)
        if seg.returncode != 0:
            sys.exit(f"lede segment failed:\n{seg.stderr}")
        split = [[s["text"] for s in json.loads(l)["sentences"]] for l in seg.stdout.splitlines() if l.strip()]
        data = os.path.join(tmp, "pairs.jsonl")
        with open(data, "w") as out:
            for k in range(0, len(split), 2):
                out.write(json.dumps({"id": k // 2 + 1, "system": split[k], "reference": split[k + 1]}) + "\n")
        n = len(split) // 2
        print(f"{n} pairs, stemming {'on' if stem else 'off'}, {cores} cores")

        rs_time, rs_rows = run_peer("rouge-score", data, stem)
        rsrs1 = [run_peer("rouge-score-rs", data, stem, threads=1) for _ in range(args.runs)]
        rsrsn = [run_peer("rouge-score-rs", data, stem, threads=cores) for _ in range(args.runs)]
        l1 = [run_lede(lede, data, stem, 1) for _ in range(args.runs)]
        ln = [run_lede(lede, data, stem, cores) for _ in range(args.runs)]

        rows = [
            ("rouge-score 0.1.2", 1, rs_time, None),
            ("rouge-score-rs", 1, statistics.median(r[0] for r in rsrs1), None),
            (f"rouge-score-rs", cores, statistics.median(r[0] for r in rsrsn), None),
            ("lede rouge (whole process)", 1, statistics.median(r[0] for r in l1),
             statistics.median(r[1] for r in l1)),
            ("lede rouge (whole process)", cores, statistics.median(r[0] for r in ln),
             statistics.median(r[1] for r in ln)),
        ]
        print(f"\n| tool | threads | seconds | pairs/s | vs rouge-score | lede scoring only |")
        print("|---|---|---|---|---|---|")
        for name, th, secs, inner in rows:
            print(f"| {name} | {th} | {secs:.3f} | {n / secs:,.0f} | {rs_time / secs:.1f}x | "
                  f"{'' if inner is None else f'{inner:.3f} s'} |")
        lede1 = rows[3][2]
        print(f"\nlede (1 thread) vs rouge-score-rs (1 thread): {rows[1][2] / lede1:.2f}x; "
              f"lede scaling 1 -> {cores} threads: {lede1 / rows[4][2]:.2f}x")

        # Agreement, metric by metric, with rouge-score and with rouge-score-rs.
        lede_rows = l1[0][2]
        worst = 0.0
        differing = 0
        for ours, ref in zip(lede_rows, rs_rows):
            for m in METRICS:
                got = ours[LEDE_KEYS[m]]
                for a, b in zip((got["r"], got["p"], got["f"]), ref[m]):
                    d = abs(a - b)
                    worst = max(worst, d)
                    differing += d > 1e-9
        rsrs_diff = sum(abs(a - b) > 1e-9 for x, y in zip(rsrs1[0][1], rs_rows) for m in METRICS
                        for a, b in zip(x[m], y[m]))
        print(f"agreement with rouge-score: {n * 12} numbers, {differing} differ by more than 1e-9 "
              f"(largest difference {worst:.3g}); rouge-score-rs: {rsrs_diff} differ")

        # One long pair: ROUGE-L time and memory.
        rng = random.Random(7)
        vocab = [f"w{i}" for i in range(5000)]
        a = " ".join(rng.choice(vocab) for _ in range(args.long_tokens))
        b = " ".join(rng.choice(vocab) for _ in range(args.long_tokens))
        sysf = os.path.join(tmp, "long_sys.txt")
        reff = os.path.join(tmp, "long_ref.txt")
        open(sysf, "w").write(a + "\n")
        open(reff, "w").write(b + "\n")
        walls, rss = [], []
        for _ in range(args.runs):
            w, r = peak_rss_run([lede, "rouge", "--metrics", "rouge-l,rouge-lsum", "--no-stem", "-q",
                                    sysf, reff])
            walls.append(w)
            rss.append(r)
        print(f"\nROUGE-L and ROUGE-Lsum on one {args.long_tokens:,}-token pair: "
              f"{statistics.median(walls):.3f} s, peak RSS {statistics.median(rss):.1f} MiB")


if __name__ == "__main__":
    main()
