"""The README's Python examples run as written (from the repository root)."""

import os
import re

import pytest

from conftest import REPO


def test_readme_python_examples(monkeypatch):
    pytest.importorskip("pyarrow")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(REPO)
    scope = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), scope)
    pa = scope["pa"]
    spans = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64())]))
    cuts = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string())]))
    assert scope["highlights"].type == pa.list_(pa.struct(
        [("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
         ("score", pa.float64()), ("spans", spans), ("sentence", pa.int64()), ("cuts", cuts),
         ("capitalized", pa.bool_()), ("period_added", pa.bool_())]))
