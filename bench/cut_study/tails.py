"""Would cutting the end of a highlight raise ROUGE-1? (Issue: faithful sentence compression.)

The cut study (study.py) found that editors delete a sentence's end more than anything else,
mostly with no comma before it. This script asks the question the acceptance bar asks: on the
highlights lede chooses (`lede summarize --compress`, 3 per article, validation split), what
does each kind of trailing cut do to ROUGE-1 if it is made wherever it applies, and how much
could a perfect chooser of trailing cuts gain (an oracle that sees the reference)?

Cut points (the first token of what is cut; the cut runs to the sentence's end, which keeps
its final period; none inside a sentence with a quotation mark, none before the 7th token,
none whose tail holds a comma, semicolon or dash):
  - a subordinating word or clause-opening preposition ("after", "because", "while", "as",
    "despite", "during", "following", "including", ...): grammatical to cut, it is an adjunct
  - "and"/"but" before a verb ("... and charged with murder"): a second predicate
  - ", " before such a word or an "-ing"/"-ed" word
  - (oracle only, "any" row) every preposition and comma as well, grammatical or not

Each system is scored by `lede rouge --compat perl` (ROUGE-1.5.5) against the references,
with the paired test against the highlights as lede writes them. The oracle chooses with a
plain unigram F (no stemming) and is then scored like the rest.

    cargo build --release
    LEDE_SHARED_DATA=../shared/data python3 bench/cut_study/tails.py [--limit N]

About a minute on the 4,368 validation articles; output in target/cut_study/tails/.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
DATA = os.environ.get("LEDE_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(os.environ.get("CUT_STUDY_OUT", os.path.join(ROOT, "target", "cut_study")), "tails")
LEDE = os.environ.get("LEDE_BIN", os.path.join(ROOT, "target", "release", "lede"))

SUBORDINATE = {"after", "before", "while", "because", "when", "since", "until", "although",
               "though", "amid", "despite", "during", "following", "as", "including", "where",
               "if", "whereas", "unless"}
PREPOSITIONS = {"to", "in", "on", "at", "for", "with", "from", "by", "into", "about", "against",
                "under", "without", "near", "through", "like", "of", "over", "than"}
AUXILIARY = {"was", "is", "were", "are", "has", "had", "have", "will", "said", "says", "left",
             "took", "made", "told", "went", "came", "found", "put", "got", "won", "lost", "then"}
QUOTE_TOKENS = {"``", "''", '"'}
END = {".", "!", "?"}
WORD = re.compile(r"[a-z0-9]+")


def verbish(token):
    return token in AUXILIARY or (len(token) > 4 and token.endswith(("ed", "ing")))


def cut_points(tokens, any_point=False):
    """(kind, index) of every trailing cut point of a tokenized highlight."""
    end = len(tokens)
    while end > 0 and tokens[end - 1] in END:
        end -= 1
    if any(t in QUOTE_TOKENS for t in tokens):
        return []
    points = []
    for i in range(6, end - 1):
        t, nxt = tokens[i], tokens[i + 1]
        tail = tokens[i + 1:end]
        if "," in tail or ";" in tail or "--" in tail or "-" in tail:
            continue
        if t in SUBORDINATE:
            points.append((t, i))
        elif t in ("and", "but") and verbish(nxt):
            points.append((t + " + verb", i))
        elif t == "," and (nxt in SUBORDINATE or verbish(nxt)):
            points.append((", + " + ("-ing/-ed" if verbish(nxt) else "subordinate"), i))
        elif any_point and (t in PREPOSITIONS or t == ","):
            points.append(("any", i))
    return points


def words(text):
    return WORD.findall(text.lower())


def unigram_f(candidate, reference):
    c, r = Counter(candidate), Counter(reference)
    hits = sum(min(n, r[w]) for w, n in c.items())
    if hits == 0:
        return 0.0
    p, rec = hits / len(candidate), hits / len(reference)
    return 2 * p * rec / (p + rec)


def truncate(tokens, i):
    return " ".join(tokens[:i] + ["."])


def oracle(highlights, reference, any_point):
    current = list(highlights)
    for k, h in enumerate(highlights):
        tokens = h.split()
        best = (unigram_f(words(" ".join(current)), reference), current[k])
        for _, i in cut_points(tokens, any_point):
            trial = list(current)
            trial[k] = truncate(tokens, i)
            f = unigram_f(words(" ".join(trial)), reference)
            if f > best[0]:
                best = (f, trial[k])
        current[k] = best[1]
    return current


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N validation articles")
    args = ap.parse_args()
    data = os.path.join(DATA, "cnn_dailymail_tokenized", "validation.jsonl")
    if not os.path.exists(data):
        sys.exit(f"no validation split at {data} (set LEDE_SHARED_DATA)")
    if not os.path.exists(LEDE):
        sys.exit(f"no lede binary at {LEDE}: run `cargo build --release` (or set LEDE_BIN)")
    os.makedirs(OUT, exist_ok=True)
    source = os.path.join(OUT, "articles.jsonl")
    with open(data) as f, open(source, "w") as out:
        for n, line in enumerate(f):
            if args.limit is not None and n >= args.limit:
                break
            out.write(line)
    chosen = os.path.join(OUT, "compressed.jsonl")
    subprocess.run([LEDE, "summarize", source, "--compress", "-f", "json", "--output-field",
                    "lede", "--overwrite", "-o", chosen, "-q"], check=True)
    rows = [json.loads(line) for line in open(chosen)]

    systems = {"as lede writes them": []}
    kinds = sorted({k for r in rows for h in r["lede"] for k, _ in cut_points(h["text"].split())})
    for k in kinds:
        systems[f"cut at {k!r} wherever it applies"] = []
    systems["every one of these cut points (the earliest in a highlight)"] = []
    systems["oracle over these cut points"] = []
    systems["oracle over every preposition and comma too"] = []
    references = []
    for r in rows:
        highlights = [h["text"] for h in r["lede"]]
        reference = words(" ".join(r["highlights"]))
        references.append(r["highlights"])
        systems["as lede writes them"].append(highlights)
        for k in kinds:
            cut = []
            for h in highlights:
                tokens = h.split()
                first = [i for kind, i in cut_points(tokens) if kind == k]
                cut.append(truncate(tokens, first[0]) if first else h)
            systems[f"cut at {k!r} wherever it applies"].append(cut)
        systems["every one of these cut points (the earliest in a highlight)"].append([
            truncate(h.split(), cut_points(h.split())[0][1]) if cut_points(h.split()) else h
            for h in highlights])
        systems["oracle over these cut points"].append(oracle(highlights, reference, False))
        systems["oracle over every preposition and comma too"].append(
            oracle(highlights, reference, True))

    files = {}
    for i, (name, summaries) in enumerate(systems.items()):
        path = os.path.join(OUT, f"system-{i}.jsonl")
        with open(path, "w") as out:
            for summary, reference in zip(summaries, references):
                out.write(json.dumps({"system": summary, "reference": reference}) + "\n")
        files[name] = path

    base = files["as lede writes them"]
    print(f"{len(rows)} articles, 3 highlights each; ROUGE-1 F x 100 by `lede rouge --compat perl`")
    print("(p: one-sided paired permutation test that the system beats lede's highlights)")
    print(f"| system | highlights changed | words per highlight | ROUGE-1 | against lede's, p |")
    print("|---|---|---|---|---|")
    for name, path in files.items():
        cmd = [LEDE, "rouge", "--compat", "perl", "--pairs", path, "--reference-field",
               "reference", "--metrics", "rouge-1", "--json"]
        if path != base:
            cmd += ["--compare", base]
        result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        r1 = result["metrics"]["rouge-1"]["f"]["mean"] * 100
        summaries = systems[name]
        changed = sum(a != b for s, t in zip(summaries, systems["as lede writes them"])
                      for a, b in zip(s, t))
        count = sum(len(s) for s in summaries)
        per = sum(len(words(h)) for s in summaries for h in s) / max(1, count)
        test = ""
        if "compare" in result:
            c = result["compare"]["metrics"]["rouge-1"]
            test = f"{c['difference']['mean'] * 100:+.2f}, p = {c['p_value']:.3f}"
        print(f"| {name} | {changed} | {per:.1f} | {r1:.2f} | {test} |")


if __name__ == "__main__":
    main()
