#!/usr/bin/env python3
"""lede's methods next to the peer summarizers on the same articles and sentence splits: one
table of ROUGE (ROUGE-1.5.5-compatible, stemmed, one scorer for everyone) and articles/s.

    python3 bench/peers.py [--data FILE] [--limit N] [--venv DIR] [--peers a,b,...]

Peers, installed from PyPI into a virtual environment (default bench/.venv-peers, gitignored)
on first use: sumy 0.11.0 (LexRank, TextRank, LSA, Luhn, SumBasic, KL) and summa 1.2.0
(TextRank). Every system picks 3 sentences. The sentences are lede's split of each article
(`lede oracle` writes them out), handed to sumy through its document model and to summa one a
line, so every system chooses among the same sentences. lede's figures come from `lede eval
--threads 1` on the same records: its time per article includes its own segmentation, which
the peers are spared. Peers' times cover their summarizer calls only. All on one thread.

The data defaults to $LEDE_SHARED_DATA/cnn_dailymail_tokenized/validation.jsonl (or
../shared/data beside the repository). Builds lede in release mode first.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = ["sumy-lexrank", "sumy-textrank", "sumy-lsa", "sumy-luhn", "sumy-sumbasic", "sumy-kl", "summa-textrank"]
PACKAGES = ["sumy==0.11.0", "summa==1.2.0", "numpy"]


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def ensure_venv(venv_dir):
    py = os.path.join(venv_dir, "bin", "python")
    check = [py, "-c", "import sumy, summa, numpy"]
    if not os.path.exists(py) or subprocess.run(check, capture_output=True).returncode != 0:
        print(f"installing {' '.join(PACKAGES)} from PyPI into {venv_dir} ...", file=sys.stderr)
        venv.create(venv_dir, with_pip=True)
        subprocess.run([py, "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return py


def labelled_input(args, tmp):
    """The dataset records that were evaluated (all, or the first --limit)."""
    if not args.limit:
        return args.data
    path = os.path.join(tmp, "input.jsonl")
    with open(args.data, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i >= args.limit:
                break
            out.write(line)
    return path


def lede_json(lede, args):
    out = subprocess.run([lede, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=shared("cnn_dailymail_tokenized/validation.jsonl"))
    ap.add_argument("--limit", type=int, help="first N records only")
    ap.add_argument("--venv", default=os.path.join(ROOT, "bench", ".venv-peers"))
    ap.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of " + ",".join(PEERS))
    args = ap.parse_args()
    if not os.path.exists(args.data):
        sys.exit(f"no dataset at {args.data} (set LEDE_SHARED_DATA or pass --data)")
    peers = [p for p in args.peers.split(",") if p]
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        sys.exit(f"unknown peers {unknown}; choose from {PEERS}")
    py = ensure_venv(args.venv)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lede = os.path.join(ROOT, "target", "release", "lede")
    limit = ["--limit", str(args.limit)] if args.limit else []

    with tempfile.TemporaryDirectory() as tmp:
        # lede's sentence split of every article, and the references.
        labelled = os.path.join(tmp, "labelled.jsonl")
        subprocess.run([lede, "oracle", args.data, "-q", "-o", labelled, *limit], check=True)
        split = os.path.join(tmp, "split.jsonl")
        n = 0
        with open(labelled, encoding="utf-8") as f, open(split, "w", encoding="utf-8") as out:
            for i, line in enumerate(f):
                r = json.loads(line)
                rid = r.get("id") or f"line {i + 1}"
                out.write(json.dumps({"id": rid, "sentences": r["oracle"]["sentences"], "highlights": r["highlights"]}) + "\n")
                n += 1
        print(f"{n} articles from {args.data}", file=sys.stderr)

        # The peers, one after the other, on one thread.
        worker = os.path.join(ROOT, "bench", "peers_worker.py")
        res = subprocess.run([py, worker, split, tmp, ",".join(peers), "3"], check=True,
                             stdout=subprocess.PIPE, text=True)
        seconds = json.loads(res.stdout.strip().splitlines()[-1])

        rows = []
        # lede's methods: scores and one-thread speed from lede eval.
        ev = lede_json(lede, ["eval", args.data, "-m", "lead,learned,textrank,lexrank,oracle", "--threads", "1",
                              "--json", "-q", *limit])
        for name in ev["order"]:
            m = ev["methods"][name]
            rows.append((f"lede {name}", m["rouge-1"]["f"], m["rouge-2"]["f"], m["rouge-lsum"]["f"],
                         m["articles_per_second_per_core"]))
        # The peers' outputs, scored by the same ROUGE.
        for name in peers:
            r = lede_json(lede, ["rouge", "--pairs", os.path.join(tmp, f"{name}.jsonl"), "--system-field", "system",
                                 "--reference-field", "highlights", "--compat", "perl", "--json", "-q"])
            m = r["metrics"]
            rows.append((name, m["rouge-1"]["f"]["mean"], m["rouge-2"]["f"]["mean"], m["rouge-lsum"]["f"]["mean"],
                         n / seconds[name] if seconds[name] > 0 else float("inf")))

        # lede as it runs by default: the whole process, every core, JSONL in and out.
        walls = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([lede, "summarize", "--input", "jsonl", "--method", "textrank", "-q", "--output-field",
                            "lede", labelled_input(args, tmp), "-o", os.devnull], check=True)
            walls.append(time.perf_counter() - start)
        whole = n / statistics.median(walls)

    print(f"\n{n} articles; ROUGE-1.5.5-compatible F1 x 100 (lede rouge --compat perl, stemmed), 3 sentences each; "
          "articles/s per CPU second of one thread (lede: thread CPU time; peers: time.thread_time)\n")
    print(f"| system | ROUGE-1 | ROUGE-2 | ROUGE-L | articles/s |")
    print(f"|---|---|---|---|---|")
    for name, r1, r2, rl, speed in rows:
        print(f"| {name} | {r1 * 100:.2f} | {r2 * 100:.2f} | {rl * 100:.2f} | {speed:,.0f} |")
    speeds = {name: speed for name, *_, speed in rows}
    scores = {name: r1 for name, r1, *_ in rows}
    if "sumy-textrank" in speeds:
        ratio = speeds["lede textrank"] / speeds["sumy-textrank"]
        print(f"\nlede textrank vs sumy-textrank, per core: {ratio:,.0f}x the articles/s; ROUGE-1 "
              f"{(scores['lede textrank'] - scores['sumy-textrank']) * 100:+.2f}")
        print(f"lede summarize --method textrank, whole process on all {os.cpu_count()} cores (median of 3 runs, "
              f"JSONL in and out): {whole:,.0f} articles/s = {whole / speeds['sumy-textrank']:,.0f}x sumy-textrank "
              "(single-threaded)")


if __name__ == "__main__":
    main()
