import json
import subprocess

import pytest

import lede
from conftest import REPO, lede_binary, samples

HARBOR = samples("harbor-bridge.txt").read_text(encoding="utf-8")


def test_summarize_sample_article():
    s = lede.summarize(HARBOR)
    # The sample opens with a dateline ("Port Ellery, Maine (CNN)"): 2 highlights by default.
    assert len(s) == 2 and s.budget == {"sentences": 2}
    assert len(lede.summarize(HARBOR, sentences=3)) == 3
    assert s.method == "learned" and s.sentences > 3
    for h in s:
        assert HARBOR[h.start:h.end] == h.text
        assert HARBOR.encode()[h.byte_start:h.byte_end].decode() == h.text
    assert str(s).splitlines() == [h.text for h in s]
    assert "Highlight(index=0" in repr(s)


def test_character_and_byte_offsets_differ_on_non_ascii_text():
    text = ("Café owners in Zürich said on Monday that prices would rise. "
            "The city’s council will vote on the plan next week. "
            "Residents have until Friday to comment on the proposal.")
    s = lede.summarize(text, method="lead", sentences=3)
    raw = text.encode()
    for h in s:
        assert text[h.start:h.end] == h.text
        assert raw[h.byte_start:h.byte_end].decode() == h.text
        assert [text[a:b] for a, b in h.char_spans] == [raw[a:b].decode() for a, b in h.spans]
    assert s[1].start < s[1].byte_start


def test_summarizer_batch_is_in_input_order_and_equals_one_by_one():
    texts = [HARBOR, "The dam broke on Monday. Water reached the town by noon. Nobody was hurt.",
             HARBOR.replace("bridge", "tunnel")] * 5
    summarizer = lede.Summarizer(sentences=2)
    one = [summarizer.summarize(t).to_dict() for t in texts]
    for threads in (None, 1, 2):
        batch = summarizer.summarize_batch(texts, threads=threads)
        assert [b.to_dict() for b in batch] == one


def test_budgets_and_methods():
    for method in ("learned", "lead", "textrank", "lexrank"):
        assert lede.summarize(HARBOR, method=method, sentences=1).method == method
    assert len(lede.summarize(HARBOR, method="lead", sentences=5)) == 5
    words = lede.summarize(HARBOR, words=40)
    assert sum(len(h.text.split()) for h in words) <= 40
    chars = lede.summarize(HARBOR, chars=300)
    assert sum(len(h.text) for h in chars) <= 300
    assert lede.summarize(HARBOR, ratio=0.2).budget == {"ratio": 0.2}
    assert lede.summarize(HARBOR, redundancy="none").redundancy == "none"
    assert lede.summarize(HARBOR).redundancy == "novelty"
    assert lede.summarize(HARBOR, method="textrank").redundancy == "trigram"
    assert lede.summarize(HARBOR, method="textrank", redundancy="novelty").redundancy == "novelty"
    assert lede.summarize(HARBOR, redundancy="mmr", mmr=0.7).redundancy == {"mmr": {"lambda": 0.7}}


def test_compress_modes():
    off = lede.summarize(HARBOR, compress=False)
    full = lede.summarize(HARBOR, compress=True)
    assert lede.summarize(HARBOR, compress="full").to_dict() == full.to_dict()
    assert lede.summarize(HARBOR, compress="off").to_dict() == off.to_dict()
    assert lede.summarize(HARBOR, compress="connectives").to_dict() == lede.summarize(HARBOR).to_dict()
    assert all(len(h.spans) == 1 and not h.cuts for h in off)
    assert sum(len(h.text) for h in full) < sum(len(h.text) for h in off)
    cut = [h for h in full if h.cuts]
    assert cut and all(set(c) == {"kind", "start", "end"} for h in cut for c in h.cuts)


def test_model_file_like_the_cli():
    model = REPO / "crates" / "lede" / "models" / "learned.json"
    assert lede.summarize(HARBOR, model=model).to_dict() == lede.summarize(HARBOR).to_dict()
    assert lede.summarize(HARBOR, model=str(model)).to_dict() == lede.summarize(HARBOR).to_dict()


def test_bad_options_are_value_errors_with_ledes_message():
    with pytest.raises(ValueError, match="invalid --sentences: must be at least 1"):
        lede.summarize(HARBOR, sentences=0)
    with pytest.raises(ValueError, match="invalid --sentences"):
        lede.summarize(HARBOR, sentences=-2)
    with pytest.raises(ValueError, match="invalid --ratio"):
        lede.summarize(HARBOR, ratio=1.5)
    with pytest.raises(ValueError, match="unknown method `best`"):
        lede.summarize(HARBOR, method="best")
    with pytest.raises(ValueError, match="unknown language"):
        lede.summarize(HARBOR, language="klingon")
    with pytest.raises(ValueError, match="at most one budget"):
        lede.summarize(HARBOR, sentences=2, words=10)
    with pytest.raises(ValueError, match="compress"):
        lede.summarize(HARBOR, compress="some")
    with pytest.raises(ValueError, match="lambda must be between 0 and 1"):
        lede.summarize(HARBOR, redundancy="mmr", mmr=3.0)
    with pytest.raises(ValueError, match="learned method"):
        lede.summarize(HARBOR, method="lead", model=REPO / "crates/lede/models/learned.json")


def test_other_errors_are_lede_errors():
    with pytest.raises(lede.EmptyInputError, match="empty"):
        lede.summarize("   \n ")
    assert issubclass(lede.EmptyInputError, lede.LedeError)
    with pytest.raises(FileNotFoundError):
        lede.summarize(HARBOR, model="/nonexistent/model.json")
    with pytest.raises(lede.ModelError):
        lede.summarize(HARBOR, model=REPO / "samples" / "harbor-bridge.txt")
    summarizer = lede.Summarizer()
    with pytest.raises(lede.EmptyInputError, match=r"texts\[1\]"):
        summarizer.summarize_batch([HARBOR, ""])
    out = summarizer.summarize_batch([HARBOR, ""], errors="none")
    assert out[1] is None and len(out[0]) == 2


def test_non_str_input_is_a_type_error():
    for bad in (b"bytes", 3, None, ["a list"]):
        with pytest.raises(TypeError):
            lede.summarize(bad)
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        lede.Summarizer().summarize_batch([HARBOR, 7])
    with pytest.raises(TypeError):
        lede.Summarizer().summarize_batch("a string, not a list")
    with pytest.raises(TypeError):
        lede.segment(b"bytes")
    with pytest.raises(TypeError):
        lede.extract(12)


def test_lone_surrogates_raise_not_crash():
    with pytest.raises(UnicodeEncodeError):
        lede.summarize("Bad \ud800 text. Another sentence here.")


@pytest.mark.parametrize(
    "flags,kwargs",
    [
        ([], {}),
        (["--method", "lead", "-n", "2"], {"method": "lead", "sentences": 2}),
        (["--compress"], {"compress": True}),
        (["--no-compress", "--words", "50"], {"compress": False, "words": 50}),
        (["--method", "textrank", "--mmr", "0.6"], {"method": "textrank", "mmr": 0.6}),
    ],
)
def test_same_bytes_as_the_cli(flags, kwargs, tmp_path):
    binary = lede_binary()
    if binary is None:
        pytest.skip("no lede binary built (cargo build --release, or set LEDE_BIN)")
    articles = [samples("harbor-bridge.txt")]
    extra = tmp_path / "cafe.txt"
    extra.write_text("Café owners in Zürich said on Monday that prices would rise. "
                     "But the city’s council will vote on the plan next week, officials said. "
                     "Residents have until Friday to comment on the proposal.\n", encoding="utf-8")
    articles.append(extra)
    for path in articles:
        cli = subprocess.run([str(binary), "summarize", "--output", "json", *flags, str(path)],
                             check=True, capture_output=True).stdout.decode()
        py = lede.summarize(path.read_text(encoding="utf-8"), **kwargs)
        assert py.to_json() == cli
        for h, c in zip(py, json.loads(cli)["highlights"]):
            assert (h.byte_start, h.byte_end, h.score, h.index) == (c["start"], c["end"], c["score"], c["sentence"])
