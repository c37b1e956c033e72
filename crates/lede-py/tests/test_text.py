import pytest

import lede
from conftest import samples


def test_segment_offsets():
    text = "Mr. Smith went to Washington. Café au lait costs €3.\n\nNew paragraph here."
    sentences = lede.segment(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith went to Washington.", "Café au lait costs €3.", "New paragraph here."]
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert text.encode()[s.byte_start:s.byte_end].decode() == s.text
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert sentences[2].byte_start > sentences[2].start
    assert lede.segment("") == []
    with pytest.raises(ValueError):
        lede.segment("x", language="nope")


def test_extract_sample_page():
    html = samples("harbor-bridge.html").read_text(encoding="utf-8")
    a = lede.extract(html)
    assert a.title and a.paragraphs and a.text.startswith(a.paragraphs[0])
    d = a.to_dict()
    for key in ("title", "authors", "published", "text", "paragraphs"):
        assert key in d
    b = lede.extract(samples("harbor-bridge.html").read_bytes())
    assert b.to_dict() == d
    assert "Article(title=" in repr(a)
    s = lede.summarize(a.text)
    assert len(s) == 2  # the page's story opens with a dateline


def test_page_without_article():
    with pytest.raises(lede.NoArticleError) as e:
        lede.extract("<html><body><form><input type=password></form></body></html>")
    assert isinstance(e.value, lede.LedeError) and isinstance(e.value, lede.ExtractError)
    with pytest.raises(lede.ExtractError):
        lede.extract(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
