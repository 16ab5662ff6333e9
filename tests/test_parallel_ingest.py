"""Parallel ingest writes the same registry as a single process.

The issue asks for ``--workers N`` to give "the same registry byte for byte
(ids aside)". Both runs here ingest the shared corpus plus synthetic
documents — more inputs than ``PARALLEL_MIN``, so the second run really
starts worker processes — and their ``scotrack export`` outputs are compared.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from scotrack import pipeline
from scotrack.engines.local import PARALLEL_MIN
from scotrack.export import write_json
from scotrack.settings import Settings
from scotrack.store import open_store

from .conftest import SHARED, needs_shared

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
SYNTHETIC_DOCS = 60  # with the 19 shared documents, past PARALLEL_MIN (64)


def _synth() -> ModuleType:
    sys.path.insert(0, str(BENCH))  # synth.py imports its sibling synth_text
    spec = importlib.util.spec_from_file_location("scotrack_bench_synth_parallel", BENCH / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _ingest_and_export(paths: list[str], db: Path, workers: int) -> tuple[str, pipeline.IngestSummary]:
    with open_store(str(db)) as store:
        summary = pipeline.ingest(paths, Settings.build(db=str(db), progress=False, workers=workers), store)
        out = io.StringIO()
        write_json(store, out)
    return out.getvalue(), summary


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    synthetic = tmp_path_factory.mktemp("parallel") / "synthetic"
    _synth().generate(synthetic, SYNTHETIC_DOCS, seed=3)
    return [str(SHARED / "corpus"), str(synthetic)]


@needs_shared
def test_two_workers_export_the_same_registry_as_one(inputs: list[str], tmp_path: Path) -> None:
    one, s1 = _ingest_and_export(inputs, tmp_path / "one.db", workers=1)
    two, s2 = _ingest_and_export(inputs, tmp_path / "two.db", workers=2)
    assert s1.usable + s1.rejected > PARALLEL_MIN  # enough inputs for the pool to start
    assert (s1.ingested, s1.rejected, s1.chars) == (s2.ingested, s2.rejected, s2.chars)
    first = json.loads(one)
    assert len(first["documents"]) == s1.ingested > SYNTHETIC_DOCS
    assert sum(len(first[t]) for t in ("meetings", "commitments", "figures")) > 0
    assert one == two  # byte for byte: same document order, record ids, mentions and flags


@needs_shared
def test_reextraction_on_two_workers_rewrites_the_same_registry(inputs: list[str], tmp_path: Path) -> None:
    db = tmp_path / "re.db"
    before, s = _ingest_and_export(inputs, db, workers=1)
    with open_store(str(db)) as store:
        with store._writing("a test") as conn:  # lose every mention: re-extraction must bring them back
            conn.exec_driver_sql("DELETE FROM mentions")
        emptied = io.StringIO()
        write_json(store, emptied)
        assert emptied.getvalue() != before
        summary = pipeline.reextract(store, Settings.build(db=str(db), progress=False, workers=2))
        after = io.StringIO()
        write_json(store, after)
    assert summary.documents == s.ingested > PARALLEL_MIN and summary.kept == 0
    assert summary.mentions == sum(len(r["mentions"]) for t in ("meetings", "outcome_documents", "initiatives",
                                                                 "institutions", "people", "commitments", "figures")
                                   for r in json.loads(before)[t])
    assert after.getvalue() == before
