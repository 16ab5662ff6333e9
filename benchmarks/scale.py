"""Read-time work at scale: linking, timelines, same-story clustering and the
export, on stores of synthetic documents of two (or more) sizes.

Usage::

    python benchmarks/scale.py --sizes 10000,100000 --base /tmp/scale
    python benchmarks/scale.py --db /tmp/scale/n10000/bench.db --db /tmp/scale/n100000/bench.db
    python benchmarks/scale.py --sizes 2000 --base /tmp/scale --phases stories,export

``--sizes`` uses ``BASE/nN/bench.db``, the store ``benchmarks/ingest.py
--docs N --keep BASE`` leaves behind, and builds it that way when it is
missing. Each phase runs in a fresh child process per store, so its time and
peak RSS are its own:

- ``mentions``  — ``store.iter_linked()`` read through, nothing kept (the floor
  under the next two);
- ``registry``  — ``link.registry_records(store.iter_linked())``: every record
  linked and merged;
- ``timelines`` — ``track.timelines(store.iter_linked())``;
- ``stories``   — ``cluster.from_store(store)``: same-story clustering of every
  document (candidates from the shingle index, exact containment, the
  cross-language rule);
- ``export``    — ``export.write_json`` into a sink that only counts characters.

The report gives seconds, milliseconds per document and peak RSS per phase
and size, and the ratio of time per document at the largest size over the
smallest: it must stay ≤ :data:`TARGET_PER_DOC_RATIO` (1.5) for the work to
count as sub-quadratic. Timings are wall-clock on a shared machine: other
load shows up in them, so compare sizes measured in one run.

``--repeat K`` runs every phase K times per size, the sizes taking turns, and
keeps the fastest run of each: the fairest comparison a busy machine allows.

Prints rich tables and, as the last line of stdout, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ingest import ChildFailed, run_json  # noqa: E402  (sibling scripts; benchmarks/ is not a package)
from rss import current_rss_kb, peak_rss_kb  # noqa: E402

PHASES: tuple[str, ...] = ("mentions", "registry", "timelines", "stories", "export")
TARGET_PER_DOC_RATIO = 1.5  # time per document, largest size / smallest


class CountingSink:
    """A text file that keeps nothing: counts the characters written to it."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


# --- child: one phase on one store -------------------------------------------

def run_phase(phase: str, db: Path) -> dict[str, Any]:
    """Run ``phase`` on the store at ``db``; time, memory and what it produced."""
    from scotrack import cluster, export, link, track
    from scotrack.store import open_store

    with open_store(str(db)) as store:
        docs = int(store.counts()["documents"])
        rss_before = current_rss_kb()
        started = time.perf_counter()
        result: dict[str, Any]
        if phase == "mentions":
            result = {"mentions": sum(1 for _ in store.iter_linked())}
        elif phase == "registry":
            records = link.registry_records(store.iter_linked())
            result = {"records": {t: len(r) for t, r in records.items()},
                      "mentions": sum(len(r["mentions"]) for rs in records.values() for r in rs)}
        elif phase == "timelines":
            result = {"timelines": len(track.timelines(store.iter_linked()))}
        elif phase == "stories":
            found = cluster.from_store(store)
            result = {"stories": len(found), "multi_document": sum(1 for s in found if len(s.docs) > 1),
                      "largest": max((len(s.docs) for s in found), default=0), "candidates": found.candidates,
                      "candidates_per_doc": round(found.candidates / max(docs, 1), 3),
                      "ambiguous": len(found.ambiguous)}
        elif phase == "export":
            sink = CountingSink()
            result = {"documents": export.write_json(store, sink), "chars": sink.chars}  # type: ignore[arg-type]
        else:
            raise SystemExit(f"unknown phase {phase!r}; pick from {', '.join(PHASES)}")
        seconds = time.perf_counter() - started
    peak = peak_rss_kb()
    return {"phase": phase, "db": str(db), "docs": docs, "seconds": round(seconds, 3),
            "ms_per_doc": round(1000 * seconds / max(docs, 1), 4), "rss_before_kb": rss_before,
            "peak_rss_kb": peak, "growth_kb": peak - rss_before, "result": result}


# --- parent ---------------------------------------------------------------------

def ensure_store(base: Path, docs: int, seed: int) -> Path:
    """``base/nN/bench.db``, built by the ingest benchmark when missing."""
    db = base / f"n{docs}" / "bench.db"
    if not db.exists():
        print(f"building {db} with benchmarks/ingest.py --docs {docs} (this takes a while)", file=sys.stderr)
        cmd = [sys.executable, str(HERE / "ingest.py"), "--docs", str(docs), "--seed", str(seed), "--keep", str(base)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return db


def measure(dbs: list[Path], phases: list[str], repeat: int = 1) -> list[dict[str, Any]]:
    """Every phase on every store, each in its own child process; with ``repeat``
    > 1 the sizes take turns and each phase keeps its fastest run (other load
    on a shared machine only ever adds time), the others listed in ``tries_s``."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for _ in range(repeat):
        for db in dbs:
            for phase in phases:
                print(f"{phase} on {db} …", file=sys.stderr, flush=True)
                run = run_json([sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--db", str(db)])
                key = (str(db), phase)
                tries = best[key]["tries_s"] if key in best else []
                if key not in best or run["seconds"] < best[key]["seconds"]:
                    best[key] = run
                best[key]["tries_s"] = [*tries, run["seconds"]]
    return [best[(str(db), phase)] for db in dbs for phase in phases]


def ratios(runs: list[dict[str, Any]], phases: list[str]) -> dict[str, float | None]:
    """Per phase: ms per document at the largest store over the smallest."""
    out: dict[str, float | None] = {}
    for phase in phases:
        mine = sorted((r for r in runs if r["phase"] == phase), key=lambda r: r["docs"])
        if len(mine) >= 2 and mine[0]["ms_per_doc"]:
            out[phase] = round(mine[-1]["ms_per_doc"] / mine[0]["ms_per_doc"], 3)
        else:
            out[phase] = None
    return out


def _mib(kb: int) -> str:
    return f"{kb / 1024:,.0f} MiB"


def print_report(runs: list[dict[str, Any]], phases: list[str], per_doc: dict[str, float | None]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=140)
    sizes = sorted({r["docs"] for r in runs})
    table = Table(title="read-time work at scale (wall-clock on a shared machine)")
    table.add_column("phase")
    for n in sizes:
        table.add_column(f"{n:,} docs: s / ms per doc / peak RSS", justify="right")
    table.add_column(f"ms/doc ratio {sizes[-1]:,}/{sizes[0]:,}", justify="right")
    for phase in phases:
        cells = []
        for n in sizes:
            r = next((x for x in runs if x["phase"] == phase and x["docs"] == n), None)
            cells.append("-" if r is None else
                         f"{r['seconds']:,.1f} / {r['ms_per_doc']:.2f} / {_mib(r['peak_rss_kb'])}")
        ratio = per_doc.get(phase)
        verdict = "-" if ratio is None else (f"{ratio:.2f}× " + ("[green]ok[/]" if ratio <= TARGET_PER_DOC_RATIO
                                                                else "[red]over[/]"))
        table.add_row(phase, *cells, verdict)
    console.print(table)
    detail = Table(title="what each phase produced")
    detail.add_column("phase")
    for n in sizes:
        detail.add_column(f"{n:,} docs")
    for phase in phases:
        cells = []
        for n in sizes:
            r = next((x for x in runs if x["phase"] == phase and x["docs"] == n), None)
            cells.append("-" if r is None else json.dumps(r["result"], ensure_ascii=False))
        detail.add_row(phase, *cells)
    console.print(detail)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Linking, timelines, clustering and export on large stores.")
    ap.add_argument("--sizes", help="store sizes, e.g. 10000,100000 (stores under --base)")
    ap.add_argument("--base", type=Path, default=Path("/tmp/scale"), help="where the sized stores live")
    ap.add_argument("--db", type=Path, action="append", help="a store to measure (repeat); instead of --sizes")
    ap.add_argument("--seed", type=int, default=0, help="generator seed when a store must be built")
    ap.add_argument("--phases", default=",".join(PHASES), help=f"comma-separated, from {', '.join(PHASES)}")
    ap.add_argument("--repeat", type=int, default=1, help="runs per phase and size; the fastest is kept")
    ap.add_argument("--phase", help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args(argv)

    if args.phase:
        print(json.dumps(run_phase(args.phase, args.db[0]), ensure_ascii=False))
        return 0
    phases = [p for p in args.phases.split(",") if p]
    unknown = [p for p in phases if p not in PHASES]
    if unknown:
        ap.error(f"unknown phase {unknown[0]!r}; pick from {', '.join(PHASES)}")
    if args.db:
        dbs = args.db
    elif args.sizes:
        dbs = [ensure_store(args.base.resolve(), int(n), args.seed) for n in args.sizes.split(",") if n.strip()]
    else:
        ap.error("give --sizes N,M (stores under --base) or --db PATH (repeatable)")
    missing = [db for db in dbs if not db.exists()]
    if missing:
        print(f"no store at {missing[0]}; build it with benchmarks/ingest.py --docs N --keep DIR", file=sys.stderr)
        return 1
    try:
        runs = measure(dbs, phases, max(1, args.repeat))
    except ChildFailed as e:
        print(f"benchmark failed: {e}", file=sys.stderr)
        return 1
    per_doc = ratios(runs, phases)
    print_report(runs, phases, per_doc)
    print(json.dumps({"benchmark": "scotrack.scale", "cpus": os.cpu_count(),
                      "target_per_doc_ratio": TARGET_PER_DOC_RATIO, "per_doc_ratio": per_doc, "runs": runs},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
