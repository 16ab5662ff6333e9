"""Ingest throughput: the Dask engine on a local cluster vs the local engine.

Usage::

    python benchmarks/dask_ingest.py [--docs 1000] [--workers 2] [--seed 0]

Generates a synthetic corpus once (``synth.py``), then ingests it into a fresh
SQLite store in separate child processes, one per engine:

- ``local``: ``--workers`` spawn processes (the default engine);
- ``dask``: a LocalCluster of ``--workers`` single-threaded processes started
  by the child *before* the clock starts (its start-up is reported apart),
  reached through its scheduler address as a remote cluster would be.

Both children measure from ``open_store`` to ``close``, so each worker's
first-use costs (imports, the segmenter's dictionary) are inside the figure;
"after 1st batch" leaves them out, which is the rate a long run tends to.
CPU figures are for sizing: "writer CPU ms/doc" is the CPU the ingesting process
spends per document (discovery, sha256, store writes; for dask also the
in-process scheduler and client), "chars/worker-CPU-s" what one busy worker
core gets through (worker start-up and imports included, so a little low);
"store write ms/doc" the wall time inside ``store.write_batch``.

With ``SCOTRACK_TEST_POSTGRES=postgresql://…`` set, the children's stores are
served by PostgreSQL schemas (``scotrack.store.pgtest``), which measures the
writer against PostgreSQL instead of SQLite.
The last line of stdout is one JSON object. Timings on a shared machine are
noisy: run it more than once and compare like with like.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def child(engine: str, corpus: Path, db: Path, workers: int) -> dict[str, Any]:
    """Ingest ``corpus`` with ``engine``; the measuring child's whole job."""
    import logging
    import resource

    from scotrack import pipeline
    from scotrack.settings import Settings
    from scotrack.store import open_store

    cluster: Any = None
    cluster_start = 0.0
    scheduler = ""
    if engine == "dask":
        from distributed import LocalCluster

        t = time.perf_counter()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.CRITICAL)
        cluster_start = time.perf_counter() - t
        scheduler = cluster.scheduler_address
    settings = Settings.build(db=str(db), progress=False, workers=workers, engine=engine, scheduler=scheduler)
    first: list[float] = []

    def progress(_path: str, _outcome: str) -> None:
        if not first:
            first.append(time.perf_counter())

    started = time.perf_counter()
    store = open_store(str(db))
    write_s = [0.0]
    write_batch = store.write_batch

    def timed_write(items: Any) -> Any:  # the single writer's share of the wall time
        t = time.perf_counter()
        try:
            return write_batch(items)
        finally:
            write_s[0] += time.perf_counter() - t

    store.write_batch = timed_write  # type: ignore[method-assign]
    try:
        summary = pipeline.ingest([str(corpus)], settings, store, progress=progress)
    finally:
        store.close()
    wall = time.perf_counter() - started
    if cluster is not None:
        cluster.close()
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    usable, first_n = summary.usable, min(settings.batch_size, summary.usable)
    rest = wall - (first[0] - started) if first else 0.0
    steady = (round(summary.chars * (usable - first_n) / usable / rest)
              if usable > first_n and rest > 0 else None)
    return {"engine": engine, "workers": workers, "ingested": summary.ingested, "rejected": summary.rejected,
            "chars": summary.chars, "seconds": round(wall, 3), "cluster_start_seconds": round(cluster_start, 3),
            "docs_per_s": round(usable / wall, 1), "chars_per_s": round(summary.chars / wall),
            "chars_per_s_after_first_batch": steady,
            # CPU seconds of this process (the writer, plus the scheduler for dask) and of the workers
            "writer_cpu_s": round(own.ru_utime + own.ru_stime, 2),
            "workers_cpu_s": round(kids.ru_utime + kids.ru_stime, 2),
            # less sensitive to other load than wall time: what one busy core does
            "chars_per_worker_cpu_s": round(summary.chars / max(kids.ru_utime + kids.ru_stime, 1e-9)),
            "writer_ms_per_doc": round(1000 * (own.ru_utime + own.ru_stime) / max(usable, 1), 2),
            "write_batch_ms_per_doc": round(1000 * write_s[0] / max(usable, 1), 2)}


def run_json(cmd: list[str]) -> dict[str, Any]:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
        raise SystemExit(f"benchmark child failed ({proc.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Dask engine vs local engine ingest throughput.")
    ap.add_argument("--docs", type=int, default=1000, help="documents to generate (default 1000)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes for both engines (default 2)")
    ap.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    ap.add_argument("--child", choices=["local", "dask"], help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.db, args.workers)))
        return 0

    base = Path(tempfile.mkdtemp(prefix="scotrack-dask-bench-"))
    try:
        corpus = base / "corpus"
        run_json([sys.executable, str(HERE / "synth.py"), "--docs", str(args.docs), "--seed", str(args.seed),
                  "--out", str(corpus)])
        runs = [run_json([sys.executable, str(Path(__file__).resolve()), "--child", engine, "--corpus",
                          str(corpus), "--db", str(base / f"{engine}.db"), "--workers", str(args.workers)])
                for engine in ("local", "dask")]
    finally:
        shutil.rmtree(base, ignore_errors=True)

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"ingest, {args.docs:,} synthetic docs, {args.workers} workers (noisy on a shared machine)")
    for col in ("engine", "ingested", "seconds", "docs/s", "chars/s", "chars/s after 1st batch", "cluster start s",
                "writer CPU ms/doc", "store write ms/doc", "chars/worker-CPU-s"):
        table.add_column(col, justify="left" if col == "engine" else "right")
    for r in runs:
        steady = r["chars_per_s_after_first_batch"]
        table.add_row(r["engine"], f"{r['ingested']:,}", f"{r['seconds']:.2f}", f"{r['docs_per_s']:,.1f}",
                      f"{r['chars_per_s']:,}", "-" if steady is None else f"{steady:,}",
                      f"{r['cluster_start_seconds']:.2f}" if r["engine"] == "dask" else "-",
                      f"{r['writer_ms_per_doc']:.1f}", f"{r['write_batch_ms_per_doc']:.1f}",
                      f"{r['chars_per_worker_cpu_s']:,}")
    Console(width=120).print(table)
    print(json.dumps({"benchmark": "scotrack.dask_ingest", "docs": args.docs, "workers": args.workers,
                      "seed": args.seed, "runs": runs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
