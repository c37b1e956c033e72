"""A drop-in for ``rouge_score.rouge_scorer`` (Google's rouge-score 0.1.2), computed by lede.

Change the import and nothing else: the same ``RougeScorer(rouge_types, use_stemmer,
split_summaries, tokenizer)``, the same ``score(target, prediction)`` and
``score_multi(targets, prediction)``, the same ``Score(precision, recall, fmeasure)``
namedtuples and the same numbers (lede's rouge-score compatibility mode: its tokenizer, NLTK's
Porter stemmer, ``rougeL`` over the whole text, ``rougeLsum`` over newline-separated sentences,
the best reference by F). ``score_batch(targets, predictions)`` scores whole lists on all
cores without the GIL.

>>> from lede.rouge import rouge_scorer
>>> scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
>>> s = scorer.score("The quick brown fox jumps over the lazy dog",
...                  "The quick brown dog jumps on the log.")
>>> s["rouge1"]
Score(precision=0.75, recall=0.6666666666666666, fmeasure=0.7058823529411765)
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence

from .. import _lede
from . import scoring
from .scoring import Score

__all__ = ["RougeScorer", "Score"]

_NGRAM = re.compile(r"rouge[0-9]$")


def _check_type(rouge_type: str) -> None:
    if rouge_type in ("rougeL", "rougeLsum"):
        return
    if _NGRAM.match(str(rouge_type)):
        if int(rouge_type[5:]) <= 0:
            raise ValueError("rougen requires positive n: %s" % rouge_type)
        return
    raise ValueError("Invalid rouge type: %s" % rouge_type)


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if not isinstance(value, str):
        raise TypeError("a summary must be str, not %s" % type(value).__name__)
    return value


def _sent_tokenize(text: str) -> List[str]:
    """rouge-score's ``split_summaries``: NLTK's ``sent_tokenize`` when NLTK and its punkt data
    are installed (then the numbers are rouge-score's), else lede's segmenter."""
    try:
        import nltk
    except ImportError:
        nltk = None
    if nltk is not None:
        try:
            return nltk.sent_tokenize(text)
        except LookupError:  # NLTK without its punkt data
            pass
    return [s.text for s in _lede.segment(text)]


class RougeScorer(scoring.BaseScorer):
    """Calculate rouges scores between two blobs of text (rouge-score's API).

    >>> scorer = RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    >>> scores = scorer.score("The cat sat on the mat.\\nIt was happy.",
    ...                       "A cat was sitting on the mat.\\nIt purred.")
    >>> round(scores["rougeLsum"].fmeasure, 4)
    0.6667
    >>> scorer.score_multi(["the dog", "the cat"], "the cat")["rouge1"].fmeasure
    1.0
    """

    def __init__(
        self,
        rouge_types: Sequence[str],
        use_stemmer: bool = False,
        split_summaries: bool = False,
        tokenizer=None,
    ):
        self.rouge_types = rouge_types
        self._use_stemmer = bool(use_stemmer)
        self._split_summaries = split_summaries
        self._tokenizer = tokenizer
        self._native = None

    def _scorer(self, stem: Optional[bool] = None) -> "_lede.Rouge":
        for t in self.rouge_types:
            _check_type(t)
        if stem is None and self._native is not None:
            return self._native
        metrics = list(dict.fromkeys(self.rouge_types))
        scorer = _lede.Rouge(
            metrics,
            compat="rouge-score",
            stem=self._use_stemmer if stem is None else stem,
            multi_ref="best-f",
        )
        if stem is None:
            self._native = scorer
        return scorer

    def _prepare(self, text) -> object:
        text = _text(text)
        if self._split_summaries:
            # Sentences as rougeLsum sees them; a newline inside one is a space to the
            # tokenizer, and must not split it again.
            return [s.replace("\n", " ") for s in _sent_tokenize(text) if len(s)]
        return text

    def score(self, target: str, prediction: str) -> Dict[str, Score]:
        """Calculates rouge scores between the target and prediction.

        >>> RougeScorer(["rouge1"]).score("a b c", "a b")["rouge1"]
        Score(precision=1.0, recall=0.6666666666666666, fmeasure=0.8)
        """
        if self._tokenizer is not None:
            return self._score_tokenized([target], prediction)
        scores = self._scorer().score([self._prepare(target)], self._prepare(prediction))
        return {t: scores[t] for t in self.rouge_types}

    def score_multi(self, targets: Iterable[str], prediction: str) -> Dict[str, Score]:
        """Calculates rouge scores between targets and prediction: per type, the scores of the
        target with the best F.

        >>> RougeScorer(["rouge1"]).score_multi(["a b c", "a"], "a")["rouge1"]
        Score(precision=1.0, recall=1.0, fmeasure=1.0)
        """
        targets = list(targets)
        if not targets:
            raise ValueError("attempt to get argmax of an empty sequence")
        if self._tokenizer is not None:
            return self._score_tokenized(targets, prediction)
        scores = self._scorer().score(
            [self._prepare(t) for t in targets], self._prepare(prediction)
        )
        return {t: scores[t] for t in self.rouge_types}

    def score_batch(self, targets: Iterable[str], predictions: Iterable[str]) -> List[Dict[str, Score]]:
        """``[self.score(t, p) for t, p in zip(targets, predictions)]``, on all cores without
        the GIL (lede's addition).

        >>> [s["rouge1"].fmeasure for s in RougeScorer(["rouge1"]).score_batch(["a b", "c"], ["a b", "d"])]
        [1.0, 0.0]
        """
        targets = list(targets)
        predictions = list(predictions)
        if len(targets) != len(predictions):
            raise ValueError(
                "targets and predictions differ in length: %d != %d"
                % (len(targets), len(predictions))
            )
        if self._tokenizer is not None:
            return [self.score(t, p) for t, p in zip(targets, predictions)]
        if self._split_summaries:
            targets = [[self._prepare(t)] for t in targets]
            predictions = [self._prepare(p) for p in predictions]
        else:
            targets = [_text(t) for t in targets]
            predictions = [_text(p) for p in predictions]
        out = self._scorer().score_batch(targets, predictions)
        if len(set(self.rouge_types)) != len(self.rouge_types):
            out = [{t: s[t] for t in self.rouge_types} for s in out]
        return out

    def _score_tokenized(self, targets: List[str], prediction: str) -> Dict[str, Score]:
        """A custom tokenizer: its tokens are renamed to plain words (one per distinct token)
        and scored by lede without stemming, which counts exactly what rouge-score counts."""
        vocab: Dict[str, str] = {}

        def word(tok: str) -> str:
            w = vocab.get(tok)
            if w is None:
                w = vocab[tok] = "w%d" % len(vocab)
            return w

        def encode_whole(text: str) -> str:
            return " ".join(word(t) for t in self._tokenizer.tokenize(text))

        def encode_lines(text: str) -> List[str]:
            if self._split_summaries:
                sents = _sent_tokenize(text)
            else:
                sents = text.split("\n")
            return [
                " ".join(word(t) for t in self._tokenizer.tokenize(s)) for s in sents if len(s)
            ]

        prediction = _text(prediction)
        targets = [_text(t) for t in targets]
        plain = [t for t in dict.fromkeys(self.rouge_types) if t != "rougeLsum"]
        result: Dict[str, Score] = {}
        if plain:
            scorer = _lede.Rouge(plain, compat="rouge-score", stem=False, multi_ref="best-f")
            result.update(
                scorer.score([encode_whole(t) for t in targets], encode_whole(prediction))
            )
        if "rougeLsum" in self.rouge_types:
            scorer = _lede.Rouge(
                ["rougeLsum"], compat="rouge-score", stem=False, multi_ref="best-f"
            )
            result.update(
                scorer.score([encode_lines(t) for t in targets], encode_lines(prediction))
            )
        for t in self.rouge_types:
            _check_type(t)
        return {t: result[t] for t in self.rouge_types}
