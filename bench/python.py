#!/usr/bin/env python3
"""The Python package against its peers and against the CLI, in one run.

    python3 bench/python.py [--limit N] [--runs 3] [--stream 100000] [--venv DIR] [--no-install]

Installs, into bench/.venv-python (gitignored) or --venv: lede from this checkout (`pip install
./crates/lede-py`, the README's command: a release build), pyarrow, rouge-score==0.1.2 and
rouge-score-rs from PyPI. Builds the CLI in release mode. Every measurement runs in its own
process; medians of --runs runs.

ROUGE, on the 11,490 CNN/DailyMail test pairs (SimCLS outputs against the references), metrics
rouge1, rouge2, rougeL, rougeLsum with the stemmer. The summaries are split into sentences once,
before timing (lede's segmenter), and joined with newlines, so every tool scores the same
strings, called the rouge-score way (target, prediction):
  rouge-score 0.1.2   RougeScorer.score() in a Python loop (one thread)
  rouge-score-rs      RougeScorer.score_batch()
  lede                lede.rouge.rouge_scorer.RougeScorer.score_batch(), and lede.rouge.score_arrow()
at one thread and at all cores (RAYON_NUM_THREADS for rouge-score-rs, threads= for lede).

Summarization, on the 4,368 validation articles (learned method, defaults):
  CLI                 `lede summarize --input jsonl -q --threads N --output-field lede -o /dev/null`
                      (whole process: reading and writing the JSONL included)
  summarize_batch     Summarizer.summarize_batch(texts, threads=N) (texts already in memory)
  summarize_arrow     Summarizer.summarize_arrow(pyarrow array, threads=N)

Memory: summarize_arrow over --stream articles (the validation articles over and over), in
batches of 2,000 made one at a time, results dropped; peak RSS of the process.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench", ".venv-python")
PY = None
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def ensure_venv(venv_dir, install):
    global PY
    PY = os.path.join(venv_dir, "bin", "python")
    if not os.path.exists(PY):
        subprocess.run([sys.executable, "-m", "venv", venv_dir], check=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "pyarrow", "rouge-score==0.1.2", "rouge-score-rs"],
                   check=True)
    if install or subprocess.run([PY, "-c", "import lede"], capture_output=True).returncode != 0:
        print("building and installing lede (pip install ./crates/lede-py) ...", file=sys.stderr)
        subprocess.run([PY, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps",
                        os.path.join(ROOT, "crates", "lede-py")], check=True)


WORKER = r'''
import json, os, resource, sys, time
what, path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
threads = threads or None
types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]

def done(seconds, extra=None):
    print(json.dumps({"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      **(extra or {})}))

if what.startswith("rouge:"):
    pairs = [json.loads(l) for l in open(path)]
    targets = [p["target"] for p in pairs]
    preds = [p["prediction"] for p in pairs]
    tool = what[6:]
    if tool == "rouge-score":
        from rouge_score import rouge_scorer
        sc = rouge_scorer.RougeScorer(types, use_stemmer=True)
        t = time.perf_counter()
        res = [sc.score(a, b) for a, b in zip(targets, preds)]
        dt = time.perf_counter() - t
    elif tool == "rouge-score-rs":
        from rouge_score_rs import rouge_scorer
        sc = rouge_scorer.RougeScorer(types, use_stemmer=True)
        sc.score(targets[0], preds[0])
        t = time.perf_counter()
        res = sc.score_batch(targets, preds)
        dt = time.perf_counter() - t
    elif tool == "lede":
        from lede.rouge import rouge_scorer
        sc = rouge_scorer.RougeScorer(types, use_stemmer=True)
        sc.score(targets[0], preds[0])
        if threads == 1:
            os.environ["RAYON_NUM_THREADS"] = "1"
        t = time.perf_counter()
        res = sc.score_batch(targets, preds)
        dt = time.perf_counter() - t
    elif tool == "lede-arrow":
        import pyarrow as pa
        from lede import rouge
        ta, pa_ = pa.array(targets), pa.array(preds)
        t = time.perf_counter()
        out = rouge.score_arrow(ta, pa_, types, threads=threads)
        dt = time.perf_counter() - t
        res = [{k: tuple(r[k].values()) for k in types} for r in out.to_pylist()]
    with open(sys.argv[4], "w") as f:
        for r in res:
            f.write(json.dumps({k: list(r[k]) for k in types}) + "\n")
    done(dt)
elif what in ("batch", "arrow"):
    import lede
    texts = [json.loads(l)["article"] for l in open(path)]
    s = lede.Summarizer()
    if what == "batch":
        t = time.perf_counter()
        out = s.summarize_batch(texts, threads=threads)
        dt = time.perf_counter() - t
        n = sum(len(x) for x in out)
    else:
        import pyarrow as pa
        arr = pa.array(texts)
        t = time.perf_counter()
        out = s.summarize_arrow(arr, threads=threads)
        dt = time.perf_counter() - t
        n = len(out.flatten())
    done(dt, {"highlights": n, "articles": len(texts)})
elif what == "stream":
    import lede, pyarrow as pa
    texts = [json.loads(l)["article"] for l in open(path)]
    total = int(sys.argv[4])
    s = lede.Summarizer()
    t = time.perf_counter()
    done_n, k, highlights = 0, 0, 0
    while done_n < total:
        size = min(2000, total - done_n)
        batch = pa.array([texts[(k + i) % len(texts)] for i in range(size)])
        k += size
        out = s.summarize_arrow(batch, threads=threads)
        highlights += len(out.flatten())
        done_n += size
        del batch, out
    done(time.perf_counter() - t, {"articles": done_n, "highlights": highlights})
'''


def worker(what, path, threads, *extra):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(WORKER)
        script = f.name
    proc = subprocess.run([PY, script, what, path, str(threads or 0), *extra], capture_output=True, text=True,
                          env=env)
    os.unlink(script)
    if proc.returncode != 0:
        sys.exit(f"{what} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def rows_of(path):
    return [json.loads(l) for l in open(path)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pairs", default=shared("cnn_dailymail_test_references/test.jsonl"))
    ap.add_argument("--articles", default=shared("cnn_dailymail_tokenized/validation.jsonl"))
    ap.add_argument("--limit", type=int, default=0, help="first N pairs and articles only (0: all)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each fast measurement (median)")
    ap.add_argument("--stream", type=int, default=100000, help="articles for the memory run (0: skip)")
    ap.add_argument("--venv", default=VENV, help="the virtual environment (made if missing)")
    ap.add_argument("--no-install", action="store_true", help="use the lede already installed in the venv")
    args = ap.parse_args()

    ensure_venv(args.venv, not args.no_install)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lede = os.path.join(ROOT, "target", "release", "lede")
    cores = os.cpu_count() or 1
    print(f"{cores} cores; medians of {args.runs} runs")

    with tempfile.TemporaryDirectory() as tmp:
        # ROUGE inputs: split once with lede's segmenter (not timed), joined with newlines.
        raw = os.path.join(tmp, "raw.jsonl")
        with open(args.pairs) as f, open(raw, "w") as out:
            for i, line in enumerate(f):
                if args.limit and i >= args.limit:
                    break
                r = json.loads(line)
                out.write(json.dumps({"text": r["system_outputs"]["simcls"]}) + "\n")
                out.write(json.dumps({"text": r["simcls_reference_tokenized_lower"]}) + "\n")
        seg = subprocess.run([lede, "segment", "--input", "jsonl", "--field", "text", "--output", "json", raw],
                             capture_output=True, text=True, check=True)
        split = ["\n".join(s["text"] for s in json.loads(l)["sentences"]) for l in seg.stdout.splitlines()
                 if l.strip()]
        pairs = os.path.join(tmp, "pairs.jsonl")
        with open(pairs, "w") as out:
            for k in range(0, len(split), 2):
                out.write(json.dumps({"prediction": split[k], "target": split[k + 1]}) + "\n")
        n = len(split) // 2

        res = {}
        out_rs = os.path.join(tmp, "rs.jsonl")
        res[("rouge-score", 1)] = [worker("rouge:rouge-score", pairs, 1, out_rs)["seconds"]]
        for tool in ("rouge-score-rs", "lede", "lede-arrow"):
            for th in (1, cores):
                o = os.path.join(tmp, f"{tool}-{th}.jsonl")
                res[(tool, th)] = [worker(f"rouge:{tool}", pairs, th, o)["seconds"] for _ in range(args.runs)]
        ref = rows_of(out_rs)
        for tool in ("rouge-score-rs", "lede", "lede-arrow"):
            got = rows_of(os.path.join(tmp, f"{tool}-{cores}.jsonl"))
            differ = sum(abs(a - b) > 1e-9 for x, y in zip(got, ref) for m in TYPES for a, b in zip(x[m], y[m]))
            print(f"{tool}: {n * 12} numbers, {differ} differ from rouge-score's by more than 1e-9")
        base = res[("rouge-score", 1)][0]
        print(f"\nROUGE ({', '.join(TYPES)}, stemmer) on {n:,} pairs\n")
        print("| tool | threads | seconds | pairs/s | vs rouge-score | vs rouge-score-rs (same threads) |")
        print("|---|---|---|---|---|---|")
        for (tool, th), times in res.items():
            secs = statistics.median(times)
            rs_rs = res.get(("rouge-score-rs", th))
            vs_rs = f"{statistics.median(rs_rs) / secs:.2f}x" if rs_rs and tool.startswith("lede") else ""
            print(f"| {tool} | {th} | {secs:.3f} | {n / secs:,.0f} | {base / secs:.1f}x | {vs_rs} |")

        # Summarization: the CLI against the two Python entry points.
        articles = args.articles
        if args.limit:
            articles = os.path.join(tmp, "articles.jsonl")
            with open(args.articles) as f, open(articles, "w") as out:
                for i, line in enumerate(f):
                    if i >= args.limit:
                        break
                    out.write(line)
        count = sum(1 for _ in open(articles))
        summ = {}
        for th in (1, cores):
            cli = []
            for _ in range(args.runs):
                t = time.perf_counter()
                subprocess.run([lede, "summarize", "--input", "jsonl", "-q", "--threads", str(th),
                                "--output-field", "lede", "-o", os.devnull, articles], check=True)
                cli.append(time.perf_counter() - t)
            summ[("CLI (whole process)", th)] = cli
            summ[("summarize_batch", th)] = [worker("batch", articles, th)["seconds"] for _ in range(args.runs)]
            summ[("summarize_arrow", th)] = [worker("arrow", articles, th)["seconds"] for _ in range(args.runs)]
        print(f"\nSummarization (learned, defaults) of {count:,} articles\n")
        print("| entry point | threads | seconds | articles/s | vs CLI |")
        print("|---|---|---|---|---|")
        for (what, th), times in summ.items():
            secs = statistics.median(times)
            cli = statistics.median(summ[("CLI (whole process)", th)])
            print(f"| {what} | {th} | {secs:.3f} | {count / secs:,.0f} | {cli / secs:.2f}x |")

        if args.stream:
            r = worker("stream", articles, cores, str(args.stream))
            print(f"\nsummarize_arrow over {r['articles']:,} articles in batches of 2,000 ({cores} threads): "
                  f"{r['seconds']:.1f} s ({r['articles'] / r['seconds']:,.0f} articles/s), "
                  f"peak RSS {r['rss_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
