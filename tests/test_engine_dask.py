"""`scotrack ingest --engine dask`: the same registry as the local engine.

A LocalCluster of two worker processes stands in for a real cluster; the
ingest connects to it by its scheduler address, as it would in production.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import dask
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from scotrack import pipeline
from scotrack.cli import cli
from scotrack.engines import dask as dask_engine
from scotrack.errors import ConfigError
from scotrack.export import write_json
from scotrack.model import SourceFile
from scotrack.settings import Settings
from scotrack.store import Store, open_store

from .conftest import ROOT, SHARED, needs_shared

pytestmark = needs_shared


def quiet_cluster(n_workers: int) -> LocalCluster:
    return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                        silence_logs=logging.CRITICAL)


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with quiet_cluster(2) as c:
        yield c


def _synthetic(folder: Path) -> Path:
    """40 generated documents of every kind the benchmark makes (html, Big5,
    GB18030, Traditional reposts...) and three inputs that must be rejected."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("scotrack_bench_synth_dask", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synth
    spec.loader.exec_module(synth)
    synth.generate(folder, 40, 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return folder


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return [str(SHARED / "corpus"), str(_synthetic(tmp_path_factory.mktemp("synthetic")))]


def ingest_into(db: str, paths: list[str], **settings: Any) -> pipeline.IngestSummary:
    store = open_store(db)
    try:
        return pipeline.ingest(paths, Settings.build(db=db, progress=False, batch_size=7, **settings), store)
    finally:
        store.close()


def snapshot(db: str) -> tuple[str, list[tuple[Any, ...]]]:
    """The registry export (contract JSON, ids included) and the rejections."""
    store: Store = open_store(db)
    try:
        out = io.StringIO()
        write_json(store, out)
        rejections = [(r.path, r.stage, r.reason, r.detail) for r in store.list_rejections()]
        return out.getvalue(), rejections
    finally:
        store.close()


@pytest.fixture(scope="module")
def local_registry(tmp_path_factory: pytest.TempPathFactory, inputs: list[str]) -> tuple[str, list[Any]]:
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    ingest_into(db, inputs, workers=1)
    return snapshot(db)


def test_dask_engine_writes_the_registry_the_local_engine_writes(
        cluster: LocalCluster, inputs: list[str], local_registry: tuple[str, list[Any]],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # small tasks, one per worker in flight: results arrive out of order and must be put back
    monkeypatch.setattr(dask_engine, "INPUTS_PER_TASK", 3)
    monkeypatch.setattr(dask_engine, "TASKS_PER_THREAD", 1)
    db = str(tmp_path / "dask.db")
    summary = ingest_into(db, inputs, engine="dask", scheduler=cluster.scheduler_address)
    assert summary.ingested == 19 + 40 and summary.rejected == 3
    assert {r.reason for r in summary.rejections} == {"empty", "binary", "broken-pdf"}
    registry, rejections = snapshot(db)
    assert len(registry) > 100_000
    assert registry == local_registry[0]
    assert rejections == local_registry[1]

    again = ingest_into(db, inputs, engine="dask", scheduler=cluster.scheduler_address)
    assert (again.ingested, again.unchanged) == (0, 59)
    assert snapshot(db)[0] == registry


def test_cli_dask_engine_starts_a_local_cluster_of_workers(
        inputs: list[str], local_registry: tuple[str, list[Any]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    start_cluster = dask_engine._local_cluster

    def counted(distributed: Any, workers: int) -> Any:
        c = start_cluster(distributed, workers)
        started.append(len(c.scheduler_info["workers"]))
        return c

    monkeypatch.setattr(dask_engine, "_local_cluster", counted)
    db = tmp_path / "cli.db"
    r = CliRunner().invoke(cli, ["ingest", *inputs, "--db", str(db), "--engine", "dask", "--workers", "2",
                                 "--batch-size", "7", "--no-progress"], catch_exceptions=False)
    assert r.exit_code == 1, r.output  # some inputs rejected, the rest ingested
    assert started == [2]
    assert snapshot(str(db)) == local_registry


# --- failures -------------------------------------------------------------------

def _dies_on(item: tuple[str, str]) -> str:
    """A stage that kills its worker process: always for "poison", once for "once"."""
    name, marks = item
    if name == "poison":
        os._exit(1)
    if name == "once":
        mark = Path(marks) / "died-once"
        if not mark.exists():
            mark.touch()
            os._exit(1)
    return name.upper()


def test_a_dying_worker_costs_only_the_input_that_kills_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask gives a task up at once here (allowed-failures 0, to keep the test
    short; 3 by default); its inputs are then run again one per task."""
    monkeypatch.setattr(dask_engine, "TASKS_PER_THREAD", 1)  # one task at a time: no bystanders
    monkeypatch.setattr(dask_engine, "INPUTS_PER_TASK", 2)  # [once, a] [poison, b]
    names = ["once", "a", "poison", "b"]
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers need not import the tests
    try:
        with (dask.config.set({"distributed.scheduler.allowed-failures": 0}), quiet_cluster(1) as one,
              dask_engine.DaskEngine(one.scheduler_address, workers=0) as engine):
            out = list(engine.map(_dies_on, [((n, str(tmp_path)), i) for i, n in enumerate(names)],
                                  lost=lambda item, why: f"lost {item[0]}: {why}"))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert [(item[0], tag) for item, tag, _ in out] == [(n, i) for i, n in enumerate(names)]
    assert [r for _, _, r in out][:2] == ["ONCE", "A"]  # its worker died once: run again, alone
    assert out[2][2].startswith("lost poison: the Dask worker processing it died on every attempt")
    assert out[3][2] == "B"  # its task-mate was run again alone, and the run went on


def test_a_lost_input_is_stored_as_a_rejection_and_tried_again_next_run(store: Store) -> None:
    src = SourceFile("feed/x.txt", "/feed/x.txt", b"abc", "0" * 64)
    rejection = pipeline._lost(src, "the Dask worker processing it died on every attempt")
    store.write_batch([rejection])
    [row] = store.list_rejections()
    assert (row.path, row.stage, row.reason) == ("feed/x.txt", "process", "worker-died")
    assert store.seen_many([("/feed/x.txt", "0" * 64)]) == ["new"]


def test_unreachable_scheduler_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 1.0)
    r = CliRunner().invoke(cli, ["ingest", str(SHARED / "corpus"), "--db", str(tmp_path / "x.db"),
                                 "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--no-progress"])
    assert r.exit_code == 1
    assert r.output.count("\n") == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 1 s" in r.output


def test_missing_dask_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ConfigError, match=r"pip install 'scotrack\[dask\]'"):
        dask_engine.DaskEngine(None, workers=2).__enter__()


def test_engine_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOTRACK_ENGINE", "dask")
    monkeypatch.setenv("SCOTRACK_SCHEDULER", "tcp://sched:8786")
    s = Settings.build()
    assert (s.engine, s.scheduler) == ("dask", "tcp://sched:8786")
    with pytest.raises(ConfigError, match="add --engine dask"):
        Settings.build(engine="local")
    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        Settings.build(engine="spark", scheduler="")
