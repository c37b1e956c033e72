"""Draws a blind-read sample of highlights cut to fit a word budget (issue: faithful sentence
compression): under `--compress --words N` a sentence that does not fit in what is left of
the budget loses further spans, ones the cut model would keep, until it fits.

Usage: python3 bench/blind_read/fit_sample.py VAL.fit.jsonl VAL.every.jsonl CASED.fit.jsonl CASED.every.jsonl [SEED] > sample.jsonl

For each set (../shared/data/cnn_dailymail_tokenized/validation.jsonl and
../shared/data/cnn_dailymail_test_cased_subset/test.jsonl):
  *.fit.jsonl    lede summarize SET --compress --words 50 --output json --output-field lede
  *.every.jsonl  lede summarize SET --compress -n 1000 --redundancy none --output json --output-field lede
A highlight was cut to fit when its text differs from the same sentence's compression without
a budget. 100 such highlights are drawn from each set with a fixed seed (19, or SEED); each
item is the source sentence and the highlight, nothing else, as in sample.py.
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sample import items  # noqa: E402

SEED = 19
PER_SET = 100


def compressed(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            for h in r["lede"]:
                out[(r["id"], h["sentence"])] = h["text"]
    return out


def fitted(path, every, name):
    def cut_to_fit(record, highlight):
        plain = every.get((record["id"], highlight["sentence"]))
        return plain is not None and plain != highlight["text"]

    return items(path, name, cut_to_fit)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else SEED)
    drawn = []
    for fit, every, name in [(sys.argv[1], sys.argv[2], "validation"), (sys.argv[3], sys.argv[4], "cased")]:
        pool = fitted(fit, compressed(every), name)
        print(f"{name}: {len(pool)} highlights cut to fit", file=sys.stderr)
        drawn += rng.sample(pool, min(PER_SET, len(pool)))
    rng.shuffle(drawn)
    for k, it in enumerate(drawn, 1):
        print(json.dumps({"item": k, **it}, ensure_ascii=False))


if __name__ == "__main__":
    main()
