"""Shared pytest fixtures. Each section belongs to the engineer named in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# --- store fixtures ---
# Owned by the store work (src/scotrack/store); add other fixtures in their own section.
from scotrack.store import Store, open_store


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    """A path for a fresh SQLite store file (not created yet)."""
    return str(tmp_path / "store.db")


@pytest.fixture
def store(store_path: str) -> Iterator[Store]:
    """A fresh, migrated SQLite store in a temporary file; closed afterwards."""
    s = open_store(store_path)
    try:
        yield s
    finally:
        s.close()
# --- end store fixtures ---


# --- shared corpus and environment ---
ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()

needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(),
                                  reason="../shared/corpus is not beside the checkout")


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SCOTRACK_* setting leaks into a test from the developer's shell."""
    import os

    for k in list(os.environ):
        if k.startswith("SCOTRACK_"):
            monkeypatch.delenv(k, raising=False)
# --- end shared corpus and environment ---
