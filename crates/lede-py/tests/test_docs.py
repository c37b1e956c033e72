"""The examples in the docstrings run and print what they say."""

import doctest
import importlib

import pytest

import lede


@pytest.mark.parametrize("module", ["lede", "lede.rouge", "lede.rouge.rouge_scorer", "lede.rouge.scoring"])
def test_module_examples(module):
    if module == "lede.rouge":
        pytest.importorskip("pyarrow")
    m = importlib.import_module(module)
    result = doctest.testmod(m, extraglobs={"lede": lede}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


NATIVE = [lede.Summarizer, lede.Summarizer.summarize, lede.Summarizer.summarize_batch,
          lede.Summarizer.summarize_arrow, lede.Summary, lede.Highlight, lede.Sentence, lede.Article,
          lede.rouge.Rouge, lede.rouge.Rouge.score, lede.rouge.Rouge.score_batch, lede.rouge.Rouge.score_arrow]


@pytest.mark.parametrize("obj", NATIVE, ids=lambda o: o.__qualname__)
def test_native_examples(obj):
    if "arrow" in obj.__qualname__:
        pytest.importorskip("pyarrow")
    assert obj.__doc__ and ">>>" in obj.__doc__, f"{obj.__qualname__} has no example"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(obj.__doc__, {"lede": lede}, obj.__qualname__, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0
