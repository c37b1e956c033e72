import pytest

import lede
from conftest import samples

pa = pytest.importorskip("pyarrow")

HARBOR = samples("harbor-bridge.txt").read_text(encoding="utf-8")
SPANS = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64())]))
CUTS = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string())]))
TYPE = pa.list_(pa.struct([("text", pa.string()), ("start", pa.int64()),
                           ("end", pa.int64()), ("score", pa.float64()), ("spans", SPANS),
                           ("sentence", pa.int64()), ("cuts", CUTS),
                           ("capitalized", pa.bool_()), ("period_added", pa.bool_())]))
TEXTS = [HARBOR, None, "", "The dam broke on Monday. Water reached the town by noon. Nobody was hurt.",
         "Café owners in Zürich said on Monday that prices would rise. The council votes next week."]


def expected(summarizer, texts):
    out = []
    for t in texts:
        if t is None:
            out.append(None)
        elif not t.strip():
            out.append([])
        else:
            out.append([{"text": h.text, "start": h.byte_start, "end": h.byte_end, "score": h.score,
                         "spans": [{"start": a, "end": b} for a, b in h.spans],
                         "sentence": h.index, "cuts": h.cuts,
                         "capitalized": h.capitalized, "period_added": h.period_added}
                        for h in summarizer.summarize(t)])
    return out


@pytest.mark.parametrize("string_type", ["string", "large_string", "string_view"])
def test_summarize_arrow_type_nulls_and_values(string_type):
    summarizer = lede.Summarizer()
    array = pa.array(TEXTS, type=getattr(pa, string_type)())
    out = summarizer.summarize_arrow(array)
    assert isinstance(out, pa.Array)
    assert out.type == TYPE and str(out.type) == str(TYPE)
    assert out.null_count == 1 and out[1].as_py() is None
    assert out.to_pylist() == expected(summarizer, TEXTS)


def test_summarize_arrow_chunked_and_sliced_and_threads():
    summarizer = lede.Summarizer(method="lead", sentences=2)
    chunked = pa.chunked_array([pa.array(TEXTS[:2]), pa.array(TEXTS[2:])])
    out = summarizer.summarize_arrow(chunked)
    assert isinstance(out, pa.ChunkedArray) and out.type == TYPE and out.num_chunks == 2
    assert out.to_pylist() == expected(summarizer, TEXTS)
    sliced = pa.array(TEXTS * 3).slice(4, 7)
    assert summarizer.summarize_arrow(sliced, threads=1).to_pylist() == expected(summarizer, (TEXTS * 3)[4:11])
    assert len(summarizer.summarize_arrow(pa.array([], type=pa.string()))) == 0


def test_summarize_arrow_compressed_spans():
    """A compressed highlight's spans are the byte ranges of the article its text keeps."""
    summarizer = lede.Summarizer(sentences=3, compress="full")
    texts = [HARBOR, TEXTS[4]]
    out = summarizer.summarize_arrow(pa.array(texts)).to_pylist()
    assert out == expected(summarizer, texts)
    cut = [h for h in out[0] if len(h["spans"]) > 1]
    assert cut, out[0]
    article = HARBOR.encode("utf-8")
    for h in cut:
        # Each kept range, after a space where the article has white space before it.
        kept = [(" " if k and article[:s["start"]].decode("utf-8")[-1:].isspace() else "")
                + article[s["start"]:s["end"]].decode("utf-8") for k, s in enumerate(h["spans"])]
        assert h["start"] <= h["spans"][0]["start"] and h["spans"][-1]["end"] <= h["end"]
        # The text is its spans joined, with the recorded edits: the first word capitalised, a
        # period added.
        joined = "".join(kept) + ("." if h["period_added"] else "")
        if h["capitalized"]:
            joined = joined[0].upper() + joined[1:]
        assert joined == h["text"] and h["cuts"], h


def test_summarize_arrow_refuses_other_types():
    with pytest.raises(TypeError):
        lede.Summarizer().summarize_arrow(pa.array([1, 2]))
    with pytest.raises(TypeError):
        lede.Summarizer().summarize_arrow(["not", "arrow"])


def test_rouge_score_arrow():
    from lede import rouge
    targets = pa.array(["the cat sat on the mat", None, "a b c", ""])
    predictions = pa.chunked_array([pa.array(["the cat sat", "x"]), pa.array(["a b", "y"])])
    out = rouge.score_arrow(targets, predictions, ["rouge1", "rougeL"])
    assert out.type == pa.struct([(m, pa.struct([("precision", pa.float64()), ("recall", pa.float64()),
                                                 ("fmeasure", pa.float64())])) for m in ("rouge1", "rougeL")])
    rows = out.to_pylist()
    assert rows[1] is None
    want = rouge.score_batch(["the cat sat on the mat", "a b c", ""], ["the cat sat", "a b", "y"],
                             ["rouge1", "rougeL"])
    for row, w in zip([rows[0], rows[2], rows[3]], want):
        for m in ("rouge1", "rougeL"):
            assert tuple(row[m].values()) == tuple(w[m])


def test_rouge_score_arrow_takes_lists_of_sentences_and_lede_highlights():
    """lede's highlights score straight from summarize_arrow, as the texts joined by newlines;
    a list of strings (CNN/DailyMail's references) the same way."""
    from lede import rouge
    summarizer = lede.Summarizer(compress="full")
    texts = [HARBOR, None, TEXTS[3], TEXTS[4]]
    highlights = summarizer.summarize_arrow(pa.array(texts))
    references = [["The bridge will close for six months.", "A ferry will carry passengers."],
                  ["x"], ["The dam broke.", None, "Nobody was hurt."], None]
    metrics = ["rouge1", "rouge2", "rougeLsum"]
    got = rouge.score_arrow(pa.array(references), highlights, metrics)
    joined = [None if h is None else "\n".join(x["text"] for x in h) for h in highlights.to_pylist()]
    flat = [None if r is None else "\n".join(s for s in r if s is not None) for r in references]
    want = rouge.score_arrow(pa.array(flat), pa.array(joined), metrics)
    assert got.to_pylist() == want.to_pylist()
    rows = got.to_pylist()
    assert rows[1] is None and rows[3] is None and rows[0]["rougeLsum"]["fmeasure"] > 0
    # Large lists, sliced and chunked columns too.
    large = pa.array(references, type=pa.large_list(pa.string()))
    assert rouge.score_arrow(large, highlights, metrics).to_pylist() == rows
    assert highlights.slice(2).offset == 2
    assert rouge.score_arrow(pa.array(references).slice(2), highlights.slice(2),
                             metrics).to_pylist() == rows[2:]
    chunked = pa.chunked_array([highlights.slice(0, 2), highlights.slice(2)])
    assert rouge.score_arrow(pa.array(references), chunked, metrics).to_pylist() == rows
    # Other lists are refused by type.
    with pytest.raises(TypeError, match="lists of strings"):
        rouge.score_arrow(pa.array([[1, 2]]), pa.array(["a"]), metrics)
    with pytest.raises(TypeError, match="lists of strings"):
        rouge.score_arrow(pa.array([[{"body": "a"}]]), pa.array(["a"]), metrics)
