"""Draws the blind-read sample of compressed highlights (issue: faithful sentence compression).

Usage: python3 bench/blind_read/sample.py VALIDATION.out.jsonl CASED.out.jsonl [SEED] > bench/blind_read/sample.jsonl

Each input is `lede summarize --input jsonl --compress --output json --output-field lede` run
over ../shared/data/cnn_dailymail_tokenized/validation.jsonl and
../shared/data/cnn_dailymail_test_cased_subset/test.jsonl. Of the highlights compression
changed, 100 are drawn from each set with a fixed seed (15, or SEED); each item is the source sentence and
the compressed highlight, nothing else (no method, no reference, no article).
"""

import json
import random
import sys

SEED = 15
PER_SET = 100


def items(path, name, keep=lambda record, highlight: bool(highlight.get("cuts"))):
    """The highlights of a `--output-field lede` run that `keep` accepts (by default, those
    compression changed), each as its source sentence and its text."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            art = r["article"].encode("utf-8")
            for h in r["lede"]:
                if keep(r, h):
                    source = art[h["start"]:h["end"]].decode("utf-8")
                    out.append({"set": name, "id": r["id"], "source": source, "compressed": h["text"]})
    return out


def main():
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else SEED)
    drawn = []
    for path, name in [(sys.argv[1], "validation"), (sys.argv[2], "cased")]:
        pool = items(path, name)
        drawn += rng.sample(pool, PER_SET)
    rng.shuffle(drawn)
    for k, it in enumerate(drawn, 1):
        it = {"item": k, **it}
        print(json.dumps(it, ensure_ascii=False))


if __name__ == "__main__":
    main()
