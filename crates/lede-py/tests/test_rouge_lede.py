"""lede's own ROUGE API: modes, batch, intervals, the paired test, errors."""

import pytest

import lede
from lede import rouge
from conftest import shared


def test_modes_and_defaults():
    r = rouge.Rouge()
    assert r.metrics == ["rouge-1", "rouge-2", "rouge-lsum"]
    assert "mode unicode" in r.describe()
    perl = rouge.Rouge(["rouge-1", "rouge-2", "rouge-l", "rouge-lsum", "rouge-w-1.2", "rouge-su4"], compat="perl")
    s = perl.score("A cat was sitting on the mat.", "The cat sat on the mat.")
    assert s["rouge-1"].recall == 0.57143
    assert set(s) == {"rouge-1", "rouge-2", "rouge-l", "rouge-lsum", "rouge-w-1.2", "rouge-su4"}
    uni = rouge.Rouge(["rouge-1"], compat="unicode", language="german")
    assert uni.score("Die Häuser brennen", "Das Haus brennt")["rouge-1"].fmeasure > 0
    # Several references: lists of references, each a str or a list of sentences.
    multi = rouge.Rouge(["rouge-1"], compat="perl").score(["the cat sat", ["a dog", "ran"]], ["the cat", "ran"])
    assert 0 < multi["rouge-1"].fmeasure < 1


def test_batch_equals_one_by_one_and_releases_results_in_order():
    r = rouge.Rouge(["rouge1", "rougeL"], compat="rouge-score")
    targets = [f"the cat number {i} sat on the mat" for i in range(300)]
    preds = [f"a cat number {i * 7 % 300} sat" for i in range(300)]
    batch = r.score_batch(targets, preds, threads=2)
    assert batch == [r.score(t, p) for t, p in zip(targets, preds)]
    assert rouge.score_batch(targets, preds, ["rouge1", "rougeL"]) == batch


def test_batch_error_in_a_later_piece_is_raised_and_stops_the_work():
    # Pairs are scored in pieces while earlier ones are turned into dicts; a pair that fails
    # in the middle raises lede's error (not a partial list), with any number of threads.
    r = rouge.Rouge(["rouge-w-1.2"], compat="perl")
    long = " ".join(["a", "b"] * 20_000)
    targets = ["the cat sat"] * 1000
    preds = ["the cat"] * 1000
    targets[700], preds[700] = long, long
    for threads in (None, 1, 2):
        with pytest.raises(lede.RougeError, match="table cells, more than the limit"):
            r.score_batch(targets, preds, threads=threads)
    assert r.score_batch([], []) == []


def test_errors():
    with pytest.raises(ValueError, match="unknown metric"):
        rouge.Rouge(["rouge-x"])
    with pytest.raises(ValueError, match="unknown mode"):
        rouge.Rouge(compat="python")
    with pytest.raises(ValueError, match="alpha"):
        rouge.Rouge(alpha=2.0)
    with pytest.raises(ValueError, match="differ in length"):
        rouge.Rouge().score_batch(["a"], ["a", "b"])
    with pytest.raises(TypeError):
        rouge.Rouge().score(3, "a")
    with pytest.raises(TypeError, match=r"predictions\[1\]"):
        rouge.Rouge().score_batch(["a", "b"], ["a", None])
    with pytest.raises(ValueError, match="threads"):
        rouge.Rouge().score_batch(["a"], ["a"], threads=0)
    assert issubclass(lede.RougeError, lede.LedeError)


def test_intervals_and_paired_test():
    values = [i % 10 / 10 for i in range(500)]
    ci = rouge.confidence_interval(values)
    assert ci.low < ci.mean < ci.high and abs(ci.mean - 0.45) < 1e-12
    assert rouge.confidence_interval(values) == ci  # seeded
    perl = rouge.confidence_interval(values, perl=True)
    assert perl.low < perl.mean < perl.high
    scores = rouge.Rouge(["rouge1"], compat="rouge-score").score_batch(
        [f"the cat {i}" for i in range(50)], [f"the dog {i % 3}" for i in range(50)])
    agg = rouge.aggregate(scores)
    assert agg["rouge1"].low.fmeasure <= agg["rouge1"].mid.fmeasure <= agg["rouge1"].high.fmeasure
    better = [v + 0.05 for v in values]
    t = rouge.paired_test(better, values)
    assert t.p_value < 0.01 and abs(t.difference.mean - 0.05) < 1e-9
    assert rouge.paired_test(values, values).p_value > 0.5
    with pytest.raises(ValueError):
        rouge.paired_test([1.0], [1.0, 2.0])
    with pytest.raises(ValueError):
        rouge.confidence_interval(values, confidence=95)


def test_perl_mode_on_the_conformance_vectors():
    import json

    pairs = {}
    with open(shared("rouge_conformance/pairs.jsonl"), encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            pairs[p["id"]] = p
    with open(shared("rouge_conformance/perl155_stem.jsonl"), encoding="utf-8") as f:
        expected = [json.loads(line) for line in f]
    r = rouge.Rouge(["rouge-1", "rouge-2", "rouge-lsum", "rouge-w-1.2", "rouge-su4"], compat="perl")
    names = ["ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-W-1.2", "ROUGE-SU4"]
    batch = r.score_batch([pairs[e["id"]]["references"] for e in expected],
                          [pairs[e["id"]]["system"] for e in expected])
    bad = 0
    for e, got in zip(expected, batch):
        for key, name in zip(r.metrics, names):
            g, w = got[key], e[name]
            bad += any(abs(a - b) > 0.000005 + 1e-12 for a, b in
                       ((g.recall, w["r"]), (g.precision, w["p"]), (g.fmeasure, w["f"])))
    assert bad == 0
