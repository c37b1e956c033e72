"""Where the tests find the repository's samples, the shared datasets and the CLI."""

import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


def samples(name: str) -> pathlib.Path:
    return REPO / "samples" / name


def shared(rel: str) -> pathlib.Path:
    """A file of the shared datasets (LEDE_SHARED_DATA, default ../shared/data from the
    repository root). Absent: the test is skipped, visibly, unless LEDE_REQUIRE_SHARED=1."""
    root = pathlib.Path(os.environ.get("LEDE_SHARED_DATA", "../shared/data"))
    if not root.is_absolute():
        root = REPO / root
    path = root / rel
    if not path.exists():
        message = f"shared data {rel} not found under {root} (set LEDE_SHARED_DATA)"
        if os.environ.get("LEDE_REQUIRE_SHARED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def lede_binary():
    """The CLI: LEDE_BIN, else the workspace's release or debug build, else None."""
    env = os.environ.get("LEDE_BIN")
    if env:
        return pathlib.Path(env)
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "lede"
        if path.exists():
            return path
    return None
