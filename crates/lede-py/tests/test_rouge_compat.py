"""rouge-score's documented behaviours, run against rouge_score 0.1.2 and lede.rouge alike."""

import random

import pytest

from lede.rouge import rouge_scorer as lede_scorer
from lede.rouge import scoring as lede_scoring

rs = pytest.importorskip("rouge_score.rouge_scorer")
rs_scoring = pytest.importorskip("rouge_score.scoring")

ALL = ["rouge1", "rouge2", "rouge3", "rougeL", "rougeLsum"]


def both(types, *args, method="score", **kwargs):
    a = getattr(rs.RougeScorer(types, **kwargs), method)(*args)
    b = getattr(lede_scorer.RougeScorer(types, **kwargs), method)(*args)
    return a, b


def assert_same(a, b):
    assert list(a) == list(b)
    for k in a:
        assert type(b[k]).__name__ == "Score" and b[k]._fields == ("precision", "recall", "fmeasure")
        for x, y in zip(a[k], b[k]):
            assert abs(x - y) <= 1e-12, (k, a[k], b[k])


TOKENIZER_CASES = [
    ("The U.S. economy grew 3.5% in Q2, officials said.", "US economy: grew 3 5 percent in q2!"),
    ("Don't stop-believing; it's rock'n'roll.", "dont stop believing its rock n roll"),
    ("Café naïve résumé über straße", "cafe naive resume uber strasse"),
    ("ALL CAPS HEADLINE", "all caps headline"),
    ("tabs\tand\nnewlines  and   spaces", "tabs and newlines and spaces"),
    ("emoji 🙂 and 中文 text", "emoji and text"),
    ("e-mail @user #tag $100 £50", "email user tag 100 50"),
]


@pytest.mark.parametrize("stem", [False, True])
@pytest.mark.parametrize("target,prediction", TOKENIZER_CASES)
def test_tokenizer(target, prediction, stem):
    assert_same(*both(ALL, target, prediction, use_stemmer=stem))


def test_stemming_of_short_and_long_words():
    # rouge-score stems only tokens longer than three characters.
    cases = [("was has does goes flies", "wa ha doe go fli"),
             ("running runner ran runs", "run run run run"),
             ("the cats are sitting quietly", "a cat is sit quiet"),
             ("generously generalization organizational", "generous general organ")]
    for t, p in cases:
        for stem in (False, True):
            assert_same(*both(ALL, t, p, use_stemmer=stem))


def test_rougelsum_without_split_summaries_uses_newlines():
    t = "the cat sat on the mat.\nthe dog lay on the rug.\n\nbirds sang."
    p = "the dog sat on the mat.\nthe cat lay on the rug."
    assert_same(*both(["rougeLsum", "rougeL"], t, p, use_stemmer=True))
    # Without newlines rougeLsum is rougeL.
    a, b = both(["rougeLsum", "rougeL"], t.replace("\n", " "), p.replace("\n", " "))
    assert_same(a, b)
    assert b["rougeLsum"] == b["rougeL"]


def test_rougelsum_with_split_summaries(monkeypatch):
    nltk = pytest.importorskip("nltk")
    t = "The cat sat on the mat. The dog lay on the rug! Birds sang? Yes."
    p = "The dog sat on the mat. The cat lay on the rug."
    try:
        nltk.sent_tokenize("A test. Another one.")
    except LookupError:
        # No punkt data here: both packages split with the same stand-in, so that what is
        # compared is what they do with the sentences.
        import re

        monkeypatch.setattr(nltk, "sent_tokenize",
                            lambda text: [s for s in re.split(r"(?<=[.!?])\s+", text) if s])
    for stem in (False, True):
        on = both(["rougeLsum", "rouge1"], t, p, use_stemmer=stem, split_summaries=True)
        assert_same(*on)
        off = both(["rougeLsum"], t, p, use_stemmer=stem, split_summaries=False)
        assert_same(*off)
        assert on[1]["rougeLsum"] != off[1]["rougeLsum"]


def test_split_summaries_without_nltk_data_still_splits():
    s = lede_scorer.RougeScorer(["rougeLsum"], split_summaries=True)
    assert s.score("The cat sat. The dog ran.", "The dog ran. The cat sat.")["rougeLsum"].fmeasure == 1.0


@pytest.mark.parametrize("target,prediction", [
    ("", ""), ("the cat", ""), ("", "the cat"), ("   ", "\n\n"), ("...!!!", "the cat"),
    ("\n", "a\n\nb"), ("a", "a"),
])
def test_empty_and_degenerate_strings(target, prediction):
    assert_same(*both(ALL, target, prediction, use_stemmer=True))


def test_score_multi():
    targets = ["the cat sat on the mat", "a cat was on a mat", "dogs bark loudly at night",
               "the cat sat on the mat"]
    for prediction in ["the cat sat", "dogs bark at night", "nothing in common", ""]:
        assert_same(*both(ALL, targets, prediction, method="score_multi", use_stemmer=True))
    assert_same(*both(["rouge1"], ["only one"], "only one", method="score_multi"))
    with pytest.raises(ValueError):
        rs.RougeScorer(["rouge1"]).score_multi([], "x")
    with pytest.raises(ValueError):
        lede_scorer.RougeScorer(["rouge1"]).score_multi([], "x")


def test_rouge_types():
    assert_same(*both(["rouge4", "rouge9", "rougeL"], "a b c d e f g h i j", "a b c d e f g h i j k"))
    assert_same(*both(["rougeL", "rouge1", "rougeL"], "a b c", "a c"))
    for bad in ("rouge0", "rougeX", "rouge10", "ROUGE1"):
        with pytest.raises(ValueError) as want:
            rs.RougeScorer([bad]).score("a", "a")
        with pytest.raises(ValueError) as got:
            lede_scorer.RougeScorer([bad]).score("a", "a")
        assert str(got.value) == str(want.value)


def test_custom_tokenizer():
    class Whitespace:
        def tokenize(self, text):
            return text.lower().split()

    t = "The Cat, sat on the mat.\nIt was happy!"
    p = "the cat sat on The mat.\nhappy it was"
    assert_same(*both(ALL, t, p, tokenizer=Whitespace()))
    assert_same(*both(ALL, [t, "mat."], p, method="score_multi", tokenizer=Whitespace()))


def test_random_texts_against_rouge_score():
    rng = random.Random(7)
    words = "the a cat dog sat ran running runs on mat rug quickly slowly was is are 3 42 U.S. it's".split()

    def text():
        return " ".join(rng.choice(words) for _ in range(rng.randint(0, 30))).replace(" it", "\nit")

    for stem in (False, True):
        ours = lede_scorer.RougeScorer(ALL, use_stemmer=stem)
        theirs = rs.RougeScorer(ALL, use_stemmer=stem)
        pairs = [(text(), text()) for _ in range(200)]
        batch = ours.score_batch([t for t, _ in pairs], [p for _, p in pairs])
        for (t, p), b in zip(pairs, batch):
            assert_same(theirs.score(t, p), b)


def test_bootstrap_aggregator_matches_with_the_same_seed():
    np = pytest.importorskip("numpy")
    scorer = lede_scorer.RougeScorer(["rouge1", "rougeL"])
    pairs = [("the cat sat on the mat", "the cat sat"), ("a dog ran", "a dog"),
             ("birds sang all day", "birds sang"), ("x y z", "z y x")]
    aggs = []
    for agg in (rs_scoring.BootstrapAggregator(), lede_scoring.BootstrapAggregator()):
        np.random.seed(3)
        for t, p in pairs:
            agg.add_scores(scorer.score(t, p))
        aggs.append(agg.aggregate())
    want, got = aggs
    assert set(want) == set(got)
    for k in want:
        assert tuple(map(tuple, want[k])) == tuple(map(tuple, got[k]))
        assert got[k]._fields == ("low", "mid", "high")
    with pytest.raises(ValueError):
        lede_scoring.BootstrapAggregator(n_samples=0)
    with pytest.raises(ValueError):
        lede_scoring.BootstrapAggregator(confidence_interval=1.5)


def test_bytes_input_like_rouge_score():
    assert_same(*both(["rouge1"], b"the cat", b"the cat sat"))
