"""ROUGE, computed by lede's Rust engine.

Two ways in:

- ``from lede.rouge import rouge_scorer, scoring``: a drop-in for Google's ``rouge_score``
  (0.1.2): same classes, same calls, same numbers.
- lede's own API: :class:`Rouge` (metrics, ``compat="perl" | "rouge-score" | "unicode"``,
  stemming, language, the rule for several references), batch scoring of whole lists on all
  cores (:func:`score_batch`), Arrow columns (:func:`score_arrow`), means with bootstrap
  confidence intervals (:func:`aggregate`, :func:`confidence_interval`) and the paired test of
  two systems (:func:`paired_test`).

>>> from lede import rouge
>>> r = rouge.Rouge(["rouge-1", "rouge-lsum"], compat="perl")
>>> r.score("A cat was sitting on the mat.", "The cat sat on the mat.")["rouge-1"].recall
0.57143
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Union

from .. import _lede
from . import rouge_scorer, scoring
from .scoring import AggregateScore, Score

Rouge = _lede.Rouge

__all__ = [
    "AggregateScore",
    "Comparison",
    "Interval",
    "Rouge",
    "Score",
    "aggregate",
    "confidence_interval",
    "paired_test",
    "rouge_scorer",
    "score_arrow",
    "score_batch",
    "scoring",
]

DEFAULT_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


class Interval(NamedTuple):
    """A mean with its confidence interval."""

    mean: float
    low: float
    high: float


class Comparison(NamedTuple):
    """The paired test of system A against system B on the same documents."""

    mean_a: float
    mean_b: float
    #: mean(A) - mean(B) with its paired bootstrap interval.
    difference: Interval
    #: One-sided p-value of "A is better than B" (paired permutation test).
    p_value: float
    permutations: int


def score_batch(
    targets: Sequence[Union[str, Sequence[str]]],
    predictions: Sequence[str],
    metrics: Sequence[str] = DEFAULT_TYPES,
    *,
    compat: str = "rouge-score",
    use_stemmer: bool = True,
    threads: Optional[int] = None,
) -> List[Dict[str, Score]]:
    """Scores whole lists on all cores without the GIL: one ``{metric: Score}`` per pair.

    A target is one reference (``str``, newlines separating its sentences) or a list of
    references.

    >>> s = score_batch(["the cat sat", "a dog"], ["the cat", "a dog"], ["rouge1"])
    >>> [x["rouge1"].fmeasure for x in s]
    [0.8, 1.0]
    """
    scorer = Rouge(list(metrics), compat=compat, stem=use_stemmer)
    return scorer.score_batch(targets, predictions, threads=threads)


def score_arrow(
    targets,
    predictions,
    metrics: Sequence[str] = DEFAULT_TYPES,
    *,
    compat: str = "rouge-score",
    use_stemmer: bool = True,
    threads: Optional[int] = None,
):
    """Scores two pyarrow string columns row by row, zero-copy, on all cores without the GIL.

    Returns a ``pyarrow.StructArray`` with one field per metric (named as given), each a
    ``struct<precision: double, recall: double, fmeasure: double>``; a row with a null on either
    side is null. ChunkedArrays are accepted. Either side may also be a column of lists of
    sentences: of strings (CNN/DailyMail's highlights), or of lede's highlights as
    ``Summarizer.summarize_arrow`` gives them (their ``text``); a row's sentences are joined by
    newlines, as rouge-score's ``rougeLsum`` separates sentences.

    >>> import pyarrow as pa
    >>> out = score_arrow(pa.array(["the cat sat", None]), pa.array(["the cat", "x"]), ["rouge1"])
    >>> out.to_pylist()
    [{'rouge1': {'precision': 1.0, 'recall': 0.6666666666666666, 'fmeasure': 0.8}}, None]
    >>> score_arrow(pa.array([["the cat sat", "on the mat"]]), pa.array(["the cat\\non the mat"]),
    ...             ["rougeLsum"]).to_pylist()[0]["rougeLsum"]["fmeasure"]
    0.9090909090909091
    """
    scorer = Rouge(list(metrics), compat=compat, stem=use_stemmer)
    return scorer.score_arrow(targets, predictions, threads=threads)


def confidence_interval(
    values: Iterable[float],
    resamples: int = 1000,
    confidence: float = 0.95,
    *,
    seed: int = 1,
    perl: bool = False,
) -> Interval:
    """The mean of per-document values and its percentile bootstrap interval (seeded), or with
    ``perl=True`` ROUGE-1.5.5's own average and interval.

    >>> confidence_interval([0.5, 0.5, 0.5])
    Interval(mean=0.5, low=0.5, high=0.5)
    """
    values = [float(v) for v in values]
    if perl:
        return Interval(*_lede.perl_average(values, resamples, confidence))
    return Interval(*_lede.bootstrap(values, resamples, confidence, seed))


def aggregate(
    scores: Iterable[Mapping[str, Score]],
    resamples: int = 1000,
    confidence: float = 0.95,
    *,
    seed: int = 1,
    perl: bool = False,
) -> Dict[str, AggregateScore]:
    """Means of per-document scores with their intervals: ``{metric: AggregateScore(low, mid,
    high)}`` where ``mid`` is the mean (lede's report, the CLI's ``rouge`` numbers).

    >>> agg = aggregate([{"rouge1": Score(1.0, 0.5, 0.6)}, {"rouge1": Score(0.0, 0.5, 0.2)}])
    >>> agg["rouge1"].mid
    Score(precision=0.5, recall=0.5, fmeasure=0.4)
    """
    columns: Dict[str, List[List[float]]] = {}
    for row in scores:
        for metric, s in row.items():
            cols = columns.setdefault(metric, [[], [], []])
            for k in range(3):
                cols[k].append(float(s[k]))
    out = {}
    for metric, cols in columns.items():
        ivs = [confidence_interval(c, resamples, confidence, seed=seed, perl=perl) for c in cols]
        out[metric] = AggregateScore(
            low=Score(*(i.low for i in ivs)),
            mid=Score(*(i.mean for i in ivs)),
            high=Score(*(i.high for i in ivs)),
        )
    return out


def paired_test(
    a: Sequence[float],
    b: Sequence[float],
    resamples: int = 1000,
    confidence: float = 0.95,
    *,
    seed: int = 1,
) -> Comparison:
    """Whether system A beats system B on the same documents (per-document scores, same order):
    the mean difference with a paired bootstrap interval, and the one-sided p-value of a paired
    permutation test.

    >>> t = paired_test([0.5, 0.6, 0.7, 0.8] * 25, [0.4, 0.5, 0.6, 0.7] * 25)
    >>> round(t.difference.mean, 6), t.p_value < 0.001
    (0.1, True)
    """
    mean_a, mean_b, diff, p, n = _lede.paired_test(
        [float(x) for x in a], [float(x) for x in b], resamples, confidence, seed
    )
    return Comparison(mean_a, mean_b, Interval(*diff), p, n)
