"""End-to-end ingest benchmark on a synthetic corpus.

Usage::

    python benchmarks/ingest.py --docs 1000 [--seed 0] [--keep DIR] [--workers N]
    python benchmarks/ingest.py --compare 10000,100000 --keep /tmp/scale
    python benchmarks/ingest.py --docs 1000 --profile 25
    python benchmarks/ingest.py --speedup 2000

Each size runs as two fresh subprocesses so the figures are not polluted by
one another: the generator (``synth.py``) writes the corpus, then a child
that only imports scotrack and ingests measures time and memory. Memory is
``ru_maxrss`` of the ingesting child (its whole life, imports included) and,
for information, the growth over the RSS it had right before ingest.
Throughput is measured from ``open_store`` to ``close`` (jieba's dictionary
load and every other first-use cost included; interpreter start-up and
imports excluded and reported separately).

Memory over time: the ingesting child samples its own RSS and each worker
process's (``/proc``) every ``--rss-every`` documents (default a tenth of the
corpus) and every few seconds for the peaks; the report shows the samples
and each process's growth after warm-up (from the sample at
:data:`WARM_UP_SHARE` of the corpus to the end), which should be about nil
— memory independent of the number of documents.

``--speedup N`` ingests one corpus of N documents twice, with ``--workers 1``
and with the default (one per core), reports the speed-up, and checks that
the two stores export the same registry (byte for byte, or else with ids
aside). ``--repeat R`` alternates R such pairs and keeps the fastest run of
each mode (this machine's speed drifts from minute to minute).

Prints a rich table and, as the last line of stdout, one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SYNTH = HERE / "synth.py"
sys.path.insert(0, str(HERE))
from rss import RssSampler, current_rss_kb, fork_server_cpu_s, peak_rss_kb  # noqa: E402  (sibling module; benchmarks/ is not a package)

# Targets for this benchmark on the 2-core reference machine.
TARGET_CHARS_PER_S = 300_000
TARGET_MEMORY_RATIO = 1.5  # peak RSS at the larger size / at the smaller size
TARGET_GROWTH_AFTER_WARM_UP = 1.10  # each process's RSS at the end / at the warm-up sample
TARGET_SPEEDUP = 1.7  # N workers over one, on this 2-core machine
WARM_UP_SHARE = 0.2  # samples before this share of the corpus are warm-up


# --- child: ingest only -----------------------------------------------------

def ingest_only(corpus: Path, db: Path, profile_out: Path | None, workers: int = 0,
                rss_every: int = 0) -> dict[str, Any]:
    """Ingest ``corpus`` into a fresh store at ``db``; the measuring child's whole job.
    ``workers`` 0 is the default (one per core); ``rss_every`` documents between
    RSS samples (0: a tenth of the corpus)."""
    rss_start = current_rss_kb()
    t0 = time.perf_counter()
    from scotrack import pipeline
    from scotrack.settings import Settings
    from scotrack.store import open_store

    import_seconds = time.perf_counter() - t0
    rss_before = current_rss_kb()
    settings = Settings.build(db=str(db), progress=False, workers=workers)
    total = sum(1 for p in corpus.iterdir() if p.name != "manifest.jsonl")
    every = rss_every or max(1, total // 10)
    profiler = None
    if profile_out is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    first_flush: list[float] = []  # when the first batch (``batch_size`` docs) was written
    done = [0]

    def progress(_path: str, _outcome: str) -> None:
        if not first_flush:
            first_flush.append(time.perf_counter())
        done[0] += 1
        if done[0] % every == 0 or done[0] == total:
            sampler.mark(done[0])

    sampler = RssSampler()
    started = time.perf_counter()
    store = open_store(str(db))
    try:
        summary = pipeline.ingest([str(corpus)], settings, store, progress=progress)
        counts = store.counts()
    finally:
        store.close()
        sampler.stop()
    wall = time.perf_counter() - started
    usable = summary.usable
    # Throughput after the first batch: first-use costs (jieba's dictionary,
    # OpenCC tables, trafilatura set-up) fall in the first batch, so this is the
    # rate a larger corpus tends to. Assumes docs of similar length (true here).
    first_n = min(settings.batch_size, usable)
    rest_s = wall - (first_flush[0] - started) if first_flush else 0.0
    steady = round(summary.chars * (usable - first_n) / usable / rest_s) if usable > first_n and rest_s > 0 else None
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile_out))
    peak = peak_rss_kb()
    # the worker processes' peak (the largest one), once the pool has closed
    worker_peak = max([int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), *sampler.worker_peaks.values()])
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # workers forked by a fork server are its children, not ours (see rss.py)
    worker_cpu = kids.ru_utime + kids.ru_stime + fork_server_cpu_s()
    sampler.tree_peak_kb = max(sampler.tree_peak_kb, peak)
    return {
        "ingested": summary.ingested, "new_versions": summary.new_versions,
        "unchanged": summary.unchanged, "rejected": summary.rejected,
        "rejections": dict(_count_reasons(summary.rejections)),
        "chars": summary.chars, "seconds": round(wall, 3),
        "pipeline_seconds": round(summary.seconds, 3), "import_seconds": round(import_seconds, 3),
        "docs_per_s": round(summary.usable / wall, 1) if wall else None,
        "chars_per_s": round(summary.chars / wall) if wall else None,
        "first_batch_seconds": round(first_flush[0] - started, 3) if first_flush else None,
        "first_batch_docs": first_n, "chars_per_s_after_first_batch": steady,
        "rss_start_kb": rss_start, "rss_before_ingest_kb": rss_before, "peak_rss_kb": peak, "worker_peak_rss_kb": worker_peak,
        "ingest_growth_kb": peak - rss_before, "flags": dict(sorted(summary.flags.items())),
        "store_counts": _plain(counts), "db_bytes": db.stat().st_size if db.exists() else None,
        "profiled": profile_out is not None, "workers": settings.workers or os.cpu_count(),
        # CPU seconds (imports included): what the run asked of the cores, whatever else ran on them
        "cpu_main_s": round(own.ru_utime + own.ru_stime, 1), "cpu_workers_s": round(worker_cpu, 1),
        "rss_samples": sampler.samples, "worker_peaks_kb": sorted(sampler.worker_peaks.values()),
        "tree_peak_kb": sampler.tree_peak_kb, "growth": growth_after_warm_up(sampler.samples, total),
    }


def growth_after_warm_up(samples: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """Each process's largest RSS after warm-up over its RSS at the first sample
    past WARM_UP_SHARE of the corpus (workers: the largest of them)."""
    warm = [x for x in samples if x["docs"] >= WARM_UP_SHARE * total]
    if len(warm) < 2:
        return {}
    top = max(warm[1:], key=lambda x: x["main_kb"])
    out: dict[str, Any] = {"from_docs": warm[0]["docs"], "to_docs": top["docs"],
                           "main_from_kb": warm[0]["main_kb"], "main_to_kb": top["main_kb"],
                           "main_ratio": round(top["main_kb"] / warm[0]["main_kb"], 3)}
    pooled = [x for x in warm if x["workers_kb"]]  # the last mark may come after the pool closed
    if len(pooled) >= 2:
        top = max(pooled[1:], key=lambda x: max(x["workers_kb"]))
        a, b = max(pooled[0]["workers_kb"]), max(top["workers_kb"])
        out |= {"worker_from_kb": a, "worker_to_kb": b, "worker_ratio": round(b / a, 3),
                "worker_from_docs": pooled[0]["docs"], "worker_to_docs": top["docs"]}
    return out


def _count_reasons(rejections: list[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rejections:
        key = f"{getattr(r, 'stage', '?')}:{getattr(r, 'reason', '?')}"
        out[key] = out.get(key, 0) + 1
    return out


def _plain(value: Any) -> Any:
    """``store.counts()`` as JSON-able data, whatever shape it has."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    if hasattr(value, "_asdict"):
        return _plain(value._asdict())
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return _plain(asdict(value))
    return str(value)


# --- parent: orchestration ----------------------------------------------------

class ChildFailed(RuntimeError):
    """A benchmark subprocess exited non-zero or printed no JSON."""


def run_json(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; return the JSON object on the last line of its stdout."""
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        raise ChildFailed(f"{' '.join(cmd[:3])} … exited {proc.returncode}:\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _fresh(workdir: Path, names: tuple[str, ...]) -> Path:
    """``workdir`` without a previous corpus or these stores; returns the corpus folder."""
    corpus = workdir / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    for name in names:
        for suffix in ("", "-wal", "-shm"):
            (workdir / f"{name}{suffix}").unlink(missing_ok=True)
    workdir.mkdir(parents=True, exist_ok=True)
    return corpus


def _generate(docs: int, seed: int, corpus: Path) -> dict[str, Any]:
    return run_json([sys.executable, str(SYNTH), "--docs", str(docs), "--seed", str(seed), "--out", str(corpus)])


def _ingest_cmd(corpus: Path, db: Path, workers: int, rss_every: int) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--ingest-only", str(corpus), "--db", str(db),
            "--workers", str(workers), "--rss-every", str(rss_every)]


def run_size(docs: int, seed: int, workdir: Path, profile_top: int, workers: int = 0,
             rss_every: int = 0) -> dict[str, Any]:
    """Generate ``docs`` files in one subprocess, ingest them in another."""
    corpus, db = _fresh(workdir, ("bench.db", "bench-profiled.db")), workdir / "bench.db"
    gen = _generate(docs, seed, corpus)
    child = [sys.executable, str(Path(__file__).resolve()), "--ingest-only", str(corpus)]
    ing = run_json(_ingest_cmd(corpus, db, workers, rss_every))
    run: dict[str, Any] = {"docs": docs, "seed": seed, "generate": gen, "ingest": ing}
    if profile_top:
        # A second, profiled child into its own fresh store: the figures above
        # stay those of an unprofiled run, the profile explains where time goes.
        profile, prof_db = workdir / "ingest.prof", workdir / "bench-profiled.db"
        prof_db.unlink(missing_ok=True)
        run_json([*child, "--db", str(prof_db), "--profile-out", str(profile)])
        run["hot_spots"] = hot_spots(profile, profile_top)
        run["stages"] = stage_times(profile)
    return run


def run_speedup(docs: int, seed: int, workdir: Path, workers: int, repeat: int = 1) -> dict[str, Any]:
    """One corpus ingested with one worker and with ``workers`` (0: one per core),
    each into a fresh store; the speed-up and whether the registries agree.

    With ``repeat`` > 1 the two runs alternate (1, N, 1, N, …) and the fastest
    of each is kept: on a shared machine whose speed drifts by 10–20 % from
    one minute to the next, a single pair can be off either way; every pair's
    ratio is reported as well."""
    corpus = _fresh(workdir, ("one.db", "many.db"))
    gen = _generate(docs, seed, corpus)
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for _ in range(max(1, repeat)):
        for name in ("one.db", "many.db"):
            for suffix in ("", "-wal", "-shm"):
                (workdir / f"{name}{suffix}").unlink(missing_ok=True)
        pairs.append((run_json(_ingest_cmd(corpus, workdir / "one.db", 1, 0)),
                      run_json(_ingest_cmd(corpus, workdir / "many.db", workers, 0))))
    one = min((p[0] for p in pairs), key=lambda r: r["seconds"])
    many = min((p[1] for p in pairs), key=lambda r: r["seconds"])
    return {"docs": docs, "generate": gen, "one": one, "many": many,
            "speedup": round(one["seconds"] / many["seconds"], 3) if many["seconds"] else None,
            "pairs": [round(a["seconds"] / b["seconds"], 3) for a, b in pairs if b["seconds"]],
            "registry": compare_registries(workdir / "one.db", workdir / "many.db", workdir)}


_ID_FIELD = re.compile(r'"(id|doc|meeting|subject|earliest)": "[a-z]\d+"')


def compare_registries(db_a: Path, db_b: Path, workdir: Path) -> dict[str, Any]:
    """Export both stores (``scotrack.registry/1``) and compare: ``identical``
    (byte for byte), ``identical-ids-aside`` (every line equal once document
    and record ids are blanked) or ``different`` (with the first differing line)."""
    from scotrack.export import write_json
    from scotrack.store import open_store

    paths = []
    for db in (db_a, db_b):
        out = workdir / f"{db.stem}.registry.json"
        with open_store(str(db)) as store, open(out, "w", encoding="utf-8") as fh:
            write_json(store, fh)
        paths.append(out)
    a, b = (p.read_bytes() for p in paths)
    result: dict[str, Any] = {"bytes": len(a), "sha256": hashlib.sha256(a).hexdigest()}
    if a == b:
        return result | {"verdict": "identical"}
    la, lb = (_ID_FIELD.sub(r'"\1": "#"', x.decode("utf-8")).splitlines() for x in (a, b))
    if la == lb:
        return result | {"verdict": "identical-ids-aside"}
    first = next((i for i, (x, y) in enumerate(zip(la, lb)) if x != y), min(len(la), len(lb)))
    return result | {"verdict": "different", "lines": [len(la), len(lb)], "first_difference_line": first + 1}


def hot_spots(profile: Path, top: int) -> list[dict[str, Any]]:
    """The ``top`` functions by own time in a cProfile dump."""
    stats = pstats.Stats(str(profile))
    rows = []
    for (file, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{_short_path(file)}:{line}({name})", "calls": ncalls,
                     "own_s": round(tottime, 3), "cum_s": round(cumtime, 3)})
    rows.sort(key=lambda r: r["own_s"], reverse=True)
    return rows[:top]


# (label, file suffix, function) of each pipeline stage's entry point, for
# the cumulative-time breakdown of a profiled run.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("1 discover (walk, read bytes, sha256)", "scotrack/discover.py", "__next__"),
    ("2 skip check (store.seen)", "scotrack/store/sql.py", "seen"),
    ("3 read (decode, html extract)", "scotrack/readers/__init__.py", "read"),
    ("4 clean", "scotrack/clean/__init__.py", "clean"),
    ("5 describe (metadata)", "scotrack/metadata.py", "infer_meta"),
    ("6 store (write_batch)", "scotrack/store/sql.py", "write_batch"),
)


def stage_times(profile: Path) -> list[dict[str, Any]]:
    """Cumulative seconds spent in each stage's entry point in a cProfile dump."""
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    total = max((ct for (_f, _l, name), (_c, _n, _t, ct, _r) in stats.items()
                 if name == "ingest" and _f.endswith("scotrack/pipeline.py")), default=0.0)
    out = []
    for label, suffix, func in STAGES:
        cum = sum(ct for (file, _l, name), (_c, _n, _t, ct, _r) in stats.items()
                  if name == func and file.endswith(suffix))
        out.append({"stage": label, "cum_s": round(cum, 3), "share": round(cum / total, 3) if total else None})
    return out


def _short_path(file: str) -> str:
    for marker in ("site-packages/", "src/", "lib/python"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# --- report -------------------------------------------------------------------

def _num(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _mib(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:,.1f} MiB"


def print_report(runs: list[dict[str, Any]], ratio: float | None) -> None:
    """Rich tables: one column per size, then flags, planted defects, hot spots."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(100, shutil.get_terminal_size().columns))
    table = Table(title="scotrack ingest benchmark (synthetic corpus)")
    table.add_column("measure")
    for run in runs:
        table.add_column(f"{run['docs']:,} docs", justify="right")
    rows: list[tuple[str, Any]] = [
        ("files generated", lambda r: f"{r['generate']['docs']:,}"),
        ("generated chars / bytes", lambda r: f"{r['generate']['chars']:,} / {r['generate']['bytes']:,}"),
        ("generator s / peak RSS",
         lambda r: f"{r['generate']['seconds']:.1f} s / {_mib(r['generate']['peak_rss_kb'])}"),
        ("ingested / rejected", lambda r: f"{r['ingest']['ingested']:,} / {r['ingest']['rejected']:,}"),
        ("chars ingested", lambda r: f"{r['ingest']['chars']:,}"),
        ("ingest s (end to end)", lambda r: f"{r['ingest']['seconds']:.2f}"),
        ("docs/s", lambda r: f"{r['ingest']['docs_per_s']:,.1f}"),
        ("chars/s", lambda r: f"{r['ingest']['chars_per_s']:,}"),
        ("first batch s (warm-up)", lambda r: _num(r["ingest"]["first_batch_seconds"], ".2f")),
        ("chars/s after 1st batch", lambda r: _num(r["ingest"]["chars_per_s_after_first_batch"], ",")),
        ("import s (excluded)", lambda r: f"{r['ingest']['import_seconds']:.2f}"),
        ("RSS before ingest", lambda r: _mib(r["ingest"]["rss_before_ingest_kb"])),
        ("ingest peak RSS", lambda r: _mib(r["ingest"]["peak_rss_kb"])),
        ("each worker's peak RSS", lambda r: _mib(r["ingest"].get("worker_peak_rss_kb", 0))),
        ("RSS growth in ingest", lambda r: _mib(r["ingest"]["ingest_growth_kb"])),
        ("workers", lambda r: str(r["ingest"]["workers"])),
        ("workers' peaks (sampled)", lambda r: ", ".join(_mib(k) for k in r["ingest"]["worker_peaks_kb"]) or "-"),
        ("tree peak (main + workers)", lambda r: _mib(r["ingest"]["tree_peak_kb"])),
        ("main RSS after warm-up", lambda r: _growth(r["ingest"]["growth"], "main")),
        ("worker RSS after warm-up", lambda r: _growth(r["ingest"]["growth"], "worker")),
        ("store file size", lambda r: "-" if r["ingest"]["db_bytes"] is None
         else f"{r['ingest']['db_bytes'] / 2**20:,.1f} MiB"),
    ]
    for label, get in rows:
        table.add_row(label, *(get(r) for r in runs))
    for run in runs:
        ok = run["ingest"]["chars_per_s"] >= TARGET_CHARS_PER_S
        run["chars_per_s_ok"] = ok
    table.add_row(f"≥ {TARGET_CHARS_PER_S:,} chars/s",
                  *("[green]yes[/]" if r["chars_per_s_ok"] else "[red]no[/]" for r in runs))
    console.print(table)
    if ratio is not None:
        verdict = "[green]ok[/]" if ratio <= TARGET_MEMORY_RATIO else "[red]over target[/]"
        console.print(f"peak RSS ratio {runs[-1]['docs']:,} / {runs[0]['docs']:,} docs: "
                      f"[bold]{ratio:.2f}×[/] (target ≤ {TARGET_MEMORY_RATIO}×) {verdict}")
    for run in runs:
        _print_rss(console, run)
    _print_counts(console, runs)
    for run in runs:
        if run.get("stages"):
            st = Table(title=f"time by stage, {run['docs']:,} docs (cumulative, separate profiled run)")
            for col in ("stage", "seconds", "share"):
                st.add_column(col, justify="left" if col == "stage" else "right")
            for row in run["stages"]:
                share = "-" if row["share"] is None else f"{row['share']:.0%}"
                st.add_row(row["stage"], f"{row['cum_s']:.2f}", share)
            console.print(st)
        if run.get("hot_spots"):
            hs = Table(title=f"hot spots, {run['docs']:,} docs (own time, separate profiled run)")
            for col in ("function", "calls", "own s", "cum s"):
                hs.add_column(col, justify="left" if col == "function" else "right")
            for h in run["hot_spots"]:
                hs.add_row(h["function"], f"{h['calls']:,}", f"{h['own_s']:.2f}", f"{h['cum_s']:.2f}")
            console.print(hs)


def _growth(growth: dict[str, Any], who: str) -> str:
    """``80.1 → 80.9 MiB (1.01×) ok`` from the warm-up sample to the end."""
    if f"{who}_ratio" not in growth:
        return "-"
    ratio = growth[f"{who}_ratio"]
    verdict = "[green]ok[/]" if ratio <= TARGET_GROWTH_AFTER_WARM_UP else "[red]grows[/]"
    span = (growth.get(f"{who}_from_docs", growth["from_docs"]), growth.get(f"{who}_to_docs", growth["to_docs"]))
    return (f"{_mib(growth[f'{who}_from_kb'])} → {_mib(growth[f'{who}_to_kb'])} "
            f"({ratio:.2f}×, {span[0]:,}→{span[1]:,} docs) {verdict}")


def _print_rss(console: Any, run: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"RSS during ingest, {run['docs']:,} docs (samples; warm-up before "
                        f"{WARM_UP_SHARE:.0%} of the corpus)")
    for col in ("docs", "seconds", "main", "workers"):
        table.add_column(col, justify="right")
    for x in run["ingest"]["rss_samples"]:
        table.add_row(f"{x['docs']:,}", f"{x['seconds']:,.0f}", _mib(x["main_kb"]),
                      ", ".join(_mib(k) for k in x["workers_kb"]) or "-")
    console.print(table)


def print_speedup(sp: dict[str, Any]) -> None:
    """One worker against the default, on one corpus, and the registry check."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(100, shutil.get_terminal_size().columns))
    table = Table(title=f"parallel speed-up, {sp['docs']:,} docs (same corpus, fresh stores)")
    for col in ("workers", "seconds", "docs/s", "chars/s", "main peak", "workers' peaks"):
        table.add_column(col, justify="right")
    for r in (sp["one"], sp["many"]):
        table.add_row(str(r["workers"]), f"{r['seconds']:.1f}", f"{r['docs_per_s']:,.1f}", f"{r['chars_per_s']:,}",
                      _mib(r["peak_rss_kb"]), ", ".join(_mib(k) for k in r["worker_peaks_kb"]) or "-")
    console.print(table)
    one, many = sp["one"], sp["many"]
    busy = many["cpu_main_s"] + many["cpu_workers_s"]
    bound = (one["cpu_main_s"] + one["cpu_workers_s"]) / max(busy / (os.cpu_count() or 1), many["cpu_main_s"])
    console.print(f"CPU seconds: 1 worker {one['cpu_main_s']:.0f}; {many['workers']} workers: main "
                  f"{many['cpu_main_s']:.0f} + workers {many['cpu_workers_s']:.0f} — on otherwise idle cores the "
                  f"speed-up could reach about [bold]{bound:.2f}×[/] (the wall-clock figure below pays for other load)")
    ok = sp["speedup"] is not None and sp["speedup"] >= TARGET_SPEEDUP
    best = " (fastest of each)" if len(sp["pairs"]) > 1 else ""
    console.print(f"speed-up {sp['many']['workers']} workers / 1{best}: [bold]{sp['speedup']:.2f}×[/] "
                  f"(target ≥ {TARGET_SPEEDUP}× on 2 cores) " + ("[green]ok[/]" if ok else "[red]below target[/]"))
    if len(sp["pairs"]) > 1:
        console.print("each pair, in order: " + ", ".join(f"{r:.2f}×" for r in sp["pairs"]))
    reg = sp["registry"]
    good = reg["verdict"] != "different"
    console.print(f"registries (scotrack export): [bold]{reg['verdict']}[/] "
                  f"({reg['bytes']:,} bytes) " + ("[green]ok[/]" if good else
                                                   f"[red]first difference at line {reg['first_difference_line']}[/]"))


def _print_counts(console: Any, runs: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table(title="flags raised by ingest vs defects the generator planted")
    table.add_column("kind")
    for run in runs:
        table.add_column(f"{run['docs']:,} docs", justify="right")
    keys = sorted({k for r in runs for k in r["ingest"]["flags"]})
    for k in keys:
        table.add_row(f"flag {k}", *(f"{r['ingest']['flags'].get(k, 0):,}" for r in runs))
    planted = sorted({k for r in runs for k in r["generate"].get("planted", {})})
    for k in planted:
        table.add_row(f"planted {k}", *(f"{r['generate']['planted'].get(k, 0):,}" for r in runs))
    reasons = sorted({k for r in runs for k in r["ingest"]["rejections"]})
    for k in reasons:
        table.add_row(f"rejected {k}", *(f"{r['ingest']['rejections'].get(k, 0):,}" for r in runs))
    console.print(table)


def memory_ratio(runs: list[dict[str, Any]]) -> float | None:
    """Peak RSS of the largest run over the smallest, when there are two or more."""
    if len(runs) < 2:
        return None
    return round(runs[-1]["ingest"]["peak_rss_kb"] / runs[0]["ingest"]["peak_rss_kb"], 3)


def parse_sizes(raw: str) -> list[int]:
    """``"1000,10000"`` → ``[1000, 10000]`` (sorted, positive)."""
    sizes = sorted({int(x) for x in raw.split(",") if x.strip()})
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("--compare wants positive sizes, e.g. 1000,10000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description="End-to-end scotrack ingest benchmark on a synthetic corpus.")
    ap.add_argument("--docs", type=int, default=1000, help="documents to generate (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    ap.add_argument("--keep", type=Path, help="generate into DIR and keep corpus + store there")
    ap.add_argument("--compare", type=parse_sizes, metavar="N,M", help="run each size in fresh subprocesses")
    ap.add_argument("--workers", type=int, default=0, help="worker processes (default 0: one per core)")
    ap.add_argument("--rss-every", type=int, default=0, metavar="DOCS",
                    help="documents between RSS samples (default: a tenth of the corpus)")
    ap.add_argument("--speedup", type=int, default=0, metavar="N",
                    help="instead: ingest N documents with 1 worker and with --workers, compare")
    ap.add_argument("--repeat", type=int, default=1, metavar="R",
                    help="with --speedup: R alternating pairs of runs, the fastest of each kept")
    ap.add_argument("--profile", type=int, default=0, metavar="TOP",
                    help="profile ingest with cProfile and list the TOP hot spots")
    ap.add_argument("--ingest-only", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.ingest_only:  # child mode
        out = ingest_only(args.ingest_only, args.db, args.profile_out, args.workers, args.rss_every)
        print(json.dumps(out, ensure_ascii=False))
        return 0

    base = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="scotrack-bench-"))
    try:
        if args.speedup:
            sp = run_speedup(args.speedup, args.seed, base / f"speedup{args.speedup}", args.workers, args.repeat)
            print_speedup(sp)
            print(json.dumps({"benchmark": "scotrack.ingest.speedup", "seed": args.seed, "cpus": os.cpu_count(),
                              "docs": sp["docs"], "speedup": sp["speedup"], "pairs": sp["pairs"],
                              "target": TARGET_SPEEDUP,
                              "registry": sp["registry"],
                              "runs": [_summary(sp[k]) for k in ("one", "many")]}, ensure_ascii=False))
            return 0 if sp["registry"]["verdict"] != "different" else 1
        runs = [run_size(n, args.seed, base / f"n{n}", args.profile, args.workers, args.rss_every)
                for n in (args.compare or [args.docs])]
    except ChildFailed as e:
        print(f"benchmark failed: {e}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    ratio = memory_ratio(runs)
    print_report(runs, ratio)
    result = {
        "benchmark": "scotrack.ingest", "seed": args.seed, "cpus": os.cpu_count(),
        "memory_ratio": ratio, "targets": {"chars_per_s": TARGET_CHARS_PER_S, "memory_ratio": TARGET_MEMORY_RATIO,
                                           "growth_after_warm_up": TARGET_GROWTH_AFTER_WARM_UP},
        "runs": [_summary(r["ingest"]) | {
            "docs": r["docs"], "generator_peak_rss_kb": r["generate"]["peak_rss_kb"],
            "generator_seconds": r["generate"]["seconds"],
            "stages": r.get("stages", []), "hot_spots": r.get("hot_spots", [])[:10]} for r in runs],
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _summary(ing: dict[str, Any]) -> dict[str, Any]:
    """The figures of one ingest child worth keeping in the JSON line."""
    keys = ("workers", "ingested", "rejected", "chars", "seconds", "docs_per_s", "chars_per_s",
            "chars_per_s_after_first_batch", "rss_before_ingest_kb", "peak_rss_kb", "worker_peak_rss_kb",
            "cpu_main_s", "cpu_workers_s",
            "worker_peaks_kb", "tree_peak_kb", "growth", "rss_samples", "flags")
    return {k: ing.get(k) for k in keys}


if __name__ == "__main__":
    raise SystemExit(main())
