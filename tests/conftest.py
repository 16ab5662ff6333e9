"""Shared pytest fixtures. Each section belongs to the engineer named in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# --- store fixtures ---
# Owned by the store work (src/scotrack/store); add other fixtures in their own section.
import os

from scotrack.store import TEST_POSTGRES_ENV, Store, open_store

# Set (e.g. by scripts/test) to run the whole suite on PostgreSQL: every
# SQLite path a test opens is served by a schema of its own in that database
# (see scotrack.store.pgtest). Tests about SQLite itself (WAL files, file
# corruption, sqlite:/// URLs) carry @pytest.mark.sqlite_only and skip.
TEST_POSTGRES = os.environ.get(TEST_POSTGRES_ENV, "")


def pytest_sessionstart(session: pytest.Session) -> None:
    if TEST_POSTGRES and not hasattr(session.config, "workerinput"):
        from scotrack.store.pgtest import drop_orphan_schemas

        drop_orphan_schemas(TEST_POSTGRES)  # schemas of earlier runs whose files are gone


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not TEST_POSTGRES:
        return
    skip = pytest.mark.skip(reason=f"about SQLite itself; this run serves stores from PostgreSQL ({TEST_POSTGRES_ENV})")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    """A path for a fresh store file (not created yet); a PostgreSQL schema
    stands behind it when the suite runs on PostgreSQL."""
    return str(tmp_path / "store.db")


@pytest.fixture
def store(store_path: str) -> Iterator[Store]:
    """A fresh, migrated store at ``store_path``; closed afterwards."""
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
    """No SCOTRACK_* setting leaks into a test from the developer's shell,
    except SCOTRACK_TEST_POSTGRES, which picks the backend of the whole run."""
    import os

    for k in list(os.environ):
        if k.startswith("SCOTRACK_") and k != TEST_POSTGRES_ENV:
            monkeypatch.delenv(k, raising=False)
# --- end shared corpus and environment ---


# --- the shared gold, document by document ---
def gold_documents(record_type: str):
    """(gold rows of ``record_type``, View, Context) for every shared gold
    document, read and cleaned by the real pipeline stages."""
    import json

    from scotrack import clean, metadata, readers
    from scotrack.discover import Discovery
    from scotrack.extract.base import Context, View
    from scotrack.settings import Settings

    gold = {}
    for g in (SHARED / "gold").glob("*.json"):
        data = json.loads(g.read_text(encoding="utf-8"))
        gold[data["doc"]] = data.get(record_type, [])
    for src in Discovery([str(SHARED / "corpus")], Settings()):
        name = src.path.rsplit("/", 1)[-1]
        if name not in gold:
            continue
        loaded = readers.read(src)
        cleaned = clean.clean(loaded.text)
        meta = metadata.infer_meta(src, loaded, cleaned.clean_text)
        view = View(loaded.text, cleaned.clean_text, cleaned.offsets)
        yield gold[name], view, Context(published=meta.published, year=None, language=meta.language)
# --- end the shared gold ---


# --- registry helpers ---


def ingest_and_export(folder: Path, db: Path) -> dict:
    """Ingest ``folder`` into the store at ``db`` (one process) and return its
    exported registry (``scotrack.registry/1``) as parsed JSON."""
    import io
    import json

    from scotrack import pipeline
    from scotrack.export import write_json
    from scotrack.settings import Settings

    with open_store(str(db)) as st:
        pipeline.ingest([str(folder)], Settings.build(db=str(db), progress=False, workers=1), st)
        out = io.StringIO()
        write_json(st, out)
    return json.loads(out.getvalue())
