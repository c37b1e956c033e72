"""lede: story highlights for news articles, from Rust.

>>> import lede
>>> article = ("The Senate passed the water bill on Tuesday. "
...            "The bill funds repairs to dams across the country. "
...            "Senators from both parties backed the bill. "
...            "The House votes on the water bill next week.")
>>> summary = lede.summarize(article, method="lead", sentences=2)
>>> [h.text for h in summary]
['The Senate passed the water bill on Tuesday.', 'The bill funds repairs to dams across the country.']
>>> article[summary[1].start:summary[1].end] == summary[1].text
True

The pieces: :func:`summarize` and :class:`Summarizer` (highlights, one article, a batch on all
cores, or a pyarrow column), :func:`segment` (sentences with offsets), :func:`extract` (the
article of a web page), and :mod:`lede.rouge` (ROUGE, with a drop-in for Google's
``rouge_score``).
"""

from __future__ import annotations

import os
from typing import Optional, Union

from . import _lede
from ._lede import (
    Article,
    EmptyInputError,
    ExtractError,
    Highlight,
    LedeError,
    ModelError,
    NoArticleError,
    RougeError,
    Sentence,
    Summarizer,
    Summary,
)

from . import rouge

__version__ = _lede.__version__

__all__ = [
    "Article",
    "EmptyInputError",
    "ExtractError",
    "Highlight",
    "LedeError",
    "ModelError",
    "NoArticleError",
    "RougeError",
    "Sentence",
    "Summarizer",
    "Summary",
    "extract",
    "rouge",
    "segment",
    "summarize",
]


def summarize(
    text: str,
    method: str = "learned",
    sentences: Optional[int] = None,
    words: Optional[int] = None,
    chars: Optional[int] = None,
    ratio: Optional[float] = None,
    redundancy: Optional[str] = None,
    language: str = "english",
    model: Optional[Union[str, "os.PathLike[str]"]] = None,
    compress: Union[bool, str, None] = None,
    *,
    mmr: Optional[float] = None,
    form: str = "auto",
    cut_model: Optional[Union[str, "os.PathLike[str]"]] = None,
    cut_threshold: Optional[float] = None,
) -> Summary:
    """Highlights of one article: the same as ``lede summarize`` prints.

    ``method``: ``"learned"`` (the default), ``"lead"``, ``"textrank"`` or ``"lexrank"``.
    Budget, at most one of: ``sentences`` (when none is given: 3, and 2 from the learned
    method for a story that opens with a dateline such as "Washington (CNN) --"),
    ``words``, ``chars``, ``ratio``. ``redundancy``: ``"novelty"``, ``"trigram"``, ``"none"`` or ``"mmr"`` with
    ``mmr=LAMBDA`` (default: novelty for learned, trigram blocking for textrank and lexrank,
    none for lead). ``compress``: ``None`` (lede's default: a
    leading connective), ``True``/``"full"``, ``"connectives"``, ``False``/``"off"``.
    ``model``: a model file made by ``lede train`` (as the CLI's ``--model``). ``form``:
    ``"auto"``, ``"raw"`` or ``"pretokenized"``.

    Returns a :class:`Summary`, a sequence of :class:`Highlight` (``text``, ``start``/``end``
    as character offsets into ``text``, ``byte_start``/``byte_end``, ``score``, ``index``,
    ``spans``, ``cuts``). Bad options raise ``ValueError``; an empty text
    :class:`EmptyInputError`.

    To summarize many articles with the same options, build a :class:`Summarizer` once.

    >>> article = ("The dam broke on Monday after days of heavy rain. "
    ...            "Water reached the town by noon on Tuesday. "
    ...            "Nobody was hurt in the flood, the mayor said.")
    >>> s = lede.summarize(article, method="lead", sentences=1)
    >>> print(s)
    The dam broke on Monday after days of heavy rain.
    >>> s[0].start, s[0].end, s[0].index
    (0, 49, 0)
    """
    return Summarizer(
        method,
        sentences=sentences,
        words=words,
        chars=chars,
        ratio=ratio,
        redundancy=redundancy,
        mmr=mmr,
        language=language,
        form=form,
        compress=compress,
        model=model,
        cut_model=cut_model,
        cut_threshold=cut_threshold,
    ).summarize(text)


def segment(text: str, *, language: str = "english", form: str = "auto") -> list[Sentence]:
    """Splits a text into sentences, as lede reads articles.

    Each :class:`Sentence` has ``text``, ``start``/``end`` (character offsets into ``text``),
    ``byte_start``/``byte_end`` and ``paragraph``.

    >>> [s.text for s in lede.segment("Mr. Smith went to Washington. He arrived at 5 p.m. on Friday.")]
    ['Mr. Smith went to Washington.', 'He arrived at 5 p.m. on Friday.']
    >>> lede.segment("Café au lait. Très bon.")[1].start
    14
    """
    return _lede.segment(text, language=language, form=form)


def extract(html: Union[str, bytes]) -> Article:
    """Reads the article out of a news page: title, authors, published, text, paragraphs.

    ``html`` is the page as ``str``, or as ``bytes`` (decoded by its declared charset; gzip is
    recognised). A page without an article raises :class:`NoArticleError` (a
    :class:`LedeError`).

    >>> page = ('<html><head><title>Rain at last for the valley | The Daily</title></head>'
    ...         '<body><article><h1>Rain at last for the valley</h1>'
    ...         '<p>After a dry summer the first autumn storm reached the '
    ...         'valley on Tuesday, and farmers who had waited for weeks watched the reservoirs '
    ...         'begin to fill again.</p></article></body></html>')
    >>> a = lede.extract(page)
    >>> a.title
    'Rain at last for the valley'
    >>> a.paragraphs[0][:18]
    'After a dry summer'
    >>> lede.extract("<html><body><form>Password</form></body></html>")
    Traceback (most recent call last):
    ...
    lede.NoArticleError: no article found in the page
    """
    return _lede.extract(html)
