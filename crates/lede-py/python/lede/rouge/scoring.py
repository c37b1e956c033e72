"""Score tuples and aggregation, as ``rouge_score.scoring`` (0.1.2) defines them.

``Score(precision, recall, fmeasure)`` and ``AggregateScore(low, mid, high)`` are the same
namedtuples; :class:`BootstrapAggregator` has the same API and, with numpy installed, draws the
same resamples from numpy's global generator (so ``np.random.seed`` gives rouge-score's numbers).
Without numpy it resamples with lede's seeded bootstrap.

>>> from lede.rouge import rouge_scorer, scoring
>>> scorer = rouge_scorer.RougeScorer(["rouge1"])
>>> agg = scoring.BootstrapAggregator()
>>> for t, p in [("the cat sat", "the cat"), ("a dog ran", "a dog ran")]:
...     agg.add_scores(scorer.score(t, p))
>>> round(agg.aggregate()["rouge1"].mid.precision, 6)
1.0
"""

from __future__ import annotations

import abc
import collections
from typing import Dict, List, Mapping

from .. import _lede


class Score(collections.namedtuple("Score", ["precision", "recall", "fmeasure"])):
    """Tuple containing precision, recall, and f-measure values."""


class AggregateScore(collections.namedtuple("AggregateScore", ["low", "mid", "high"])):
    """Tuple containing confidence intervals for scores."""


class BaseScorer(metaclass=abc.ABCMeta):
    """Base class for Scorer objects."""

    @abc.abstractmethod
    def score(self, target, prediction):
        """Calculates score between the target and prediction."""


def fmeasure(precision: float, recall: float) -> float:
    """Computes f-measure given precision and recall values.

    >>> fmeasure(0.5, 1.0)
    0.6666666666666666
    """
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


class BootstrapAggregator:
    """Aggregates scores to provide confidence intervals (rouge-score's API).

    ``add_scores`` takes one dict of ``{type: Score}`` per document; ``aggregate`` returns
    ``{type: AggregateScore(low, mid, high)}``, each a Score of the bootstrap percentiles of the
    mean (``mid`` is the median).

    >>> agg = BootstrapAggregator(n_samples=100)
    >>> agg.add_scores({"rouge1": Score(0.5, 0.5, 0.5)})
    >>> agg.aggregate()["rouge1"].mid
    Score(precision=0.5, recall=0.5, fmeasure=0.5)
    """

    def __init__(self, confidence_interval: float = 0.95, n_samples: int = 1000):
        if n_samples <= 0:
            raise ValueError("n_samples must be positive, but %d was given." % n_samples)
        if confidence_interval < 0 or confidence_interval > 1:
            raise ValueError(
                "confidence_interval must be in range [0, 1], but %f was given."
                % confidence_interval
            )
        self._n_samples = n_samples
        self._confidence_interval = confidence_interval
        self._scores: Dict[str, List[tuple]] = collections.defaultdict(list)

    def add_scores(self, scores: Mapping[str, tuple]) -> None:
        """Adds a sample for future aggregation."""
        for score_type, score in scores.items():
            self._scores[score_type].append(score)

    def aggregate(self) -> Dict[str, AggregateScore]:
        """Aggregates scores previously added using add_scores."""
        result = {}
        for score_type, scores in self._scores.items():
            percentiles = self._percentiles(scores)
            cls = scores[0].__class__
            intervals = tuple(cls(*percentiles[j]) for j in range(3))
            result[score_type] = AggregateScore(
                low=intervals[0], mid=intervals[1], high=intervals[2]
            )
        return result

    def _percentiles(self, scores):
        try:
            import numpy as np
        except ImportError:
            return self._percentiles_lede(scores)
        matrix = np.vstack(tuple(scores))
        sample_mean = np.zeros((self._n_samples, matrix.shape[1]))
        for i in range(self._n_samples):
            sample_idx = np.random.choice(np.arange(matrix.shape[0]), size=matrix.shape[0])
            sample_mean[i, :] = np.mean(matrix[sample_idx, :], axis=0)
        delta = (1 - self._confidence_interval) / 2
        q = 100 * np.array([delta, 0.5, 1 - delta])
        return np.percentile(sample_mean, q, axis=0).tolist()

    def _percentiles_lede(self, scores):
        columns = list(zip(*scores))
        rows = [[], [], []]
        for values in columns:
            mean, low, high = _lede.bootstrap(
                [float(v) for v in values], self._n_samples, self._confidence_interval, 1
            )
            rows[0].append(low)
            rows[1].append(mean)
            rows[2].append(high)
        return rows
