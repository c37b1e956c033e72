"""lede.rouge as rouge_score, on the vectors rouge-score 0.1.2 printed itself (shared data
rouge_conformance): every precision, recall and F within 1e-9, called the way rouge-score is."""

import json

from lede.rouge import rouge_scorer
from conftest import shared

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def as_text(summary):
    return summary if isinstance(summary, str) else "\n".join(summary)


def test_rouge_score_vectors():
    pairs = {p["id"]: p for p in load(shared("rouge_conformance/pairs.jsonl"))}
    vectors = load(shared("rouge_conformance/rouge_score.jsonl"))
    scorers = {stem: rouge_scorer.RougeScorer(TYPES, use_stemmer=stem) for stem in (False, True)}
    failures, checked = [], 0
    batches = {False: [], True: []}
    for v in vectors:
        pair = pairs[v["id"]]
        scorer = scorers[v["use_stemmer"]]
        prediction = as_text(pair["system"])
        targets = [as_text(r) for r in pair["references"]]
        if len(targets) == 1:
            got = scorer.score(targets[0], prediction)
            batches[v["use_stemmer"]].append((targets[0], prediction, v))
        else:
            got = scorer.score_multi(targets, prediction)
        for t in TYPES:
            want = v[t]
            g = got[t]
            checked += 1
            if not (abs(g.precision - want["p"]) <= 1e-9 and abs(g.recall - want["r"]) <= 1e-9
                    and abs(g.fmeasure - want["f"]) <= 1e-9):
                failures.append(f"{v['id']} stem={v['use_stemmer']} {t}: {g} vs {want}")
    assert len(vectors) == 6118
    assert checked == 6118 * 4
    assert not failures, f"{len(failures)} differ; first: " + "\n".join(failures[:10])
    # The batch path gives the same numbers as one call per pair.
    for stem, rows in batches.items():
        out = scorers[stem].score_batch([r[0] for r in rows], [r[1] for r in rows])
        for (t, p, v), got in zip(rows, out):
            assert got == scorers[stem].score(t, p)
