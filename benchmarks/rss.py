"""Memory of a benchmark's process tree, from ``/proc`` (Linux): RSS now, the
peak, the pool workers', and a sampler that records them during a run.
Shared by ``ingest.py`` and ``scale.py``."""

from __future__ import annotations

import os
import resource
import threading
import time
from typing import Any

RSS_INTERVAL_S = 5.0  # background sampling, for the peaks between document marks


def current_rss_kb() -> int:
    """Resident set size right now, in KiB (Linux ``/proc``; falls back to the peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return peak_rss_kb()


def peak_rss_kb() -> int:
    """This process's peak RSS in KiB (``ru_maxrss`` is KiB on Linux)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def rss_of_kb(pid: int) -> int | None:
    """Another process's RSS in KiB, or None when it has gone."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return None


def _children(pid: int | str) -> set[int]:
    out: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out.update(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _cmdline(pid: int) -> bytes | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return None


def helper_pids() -> tuple[list[int], list[int]]:
    """(pool workers, fork servers) among this process's descendants; workers
    are children, or grandchildren forked by a fork server. multiprocessing's
    resource tracker is neither."""
    workers: list[int] = []
    servers: list[int] = []
    for pid in sorted(_children("self")):
        cmd = _cmdline(pid)
        if cmd is None or b"resource_tracker" in cmd:
            continue
        if b"forkserver" in cmd:
            servers.append(pid)
            workers.extend(sorted(_children(pid)))
        else:
            workers.append(pid)
    return workers, servers


def worker_pids() -> list[int]:
    """This process's pool workers (see :func:`helper_pids`)."""
    return helper_pids()[0]


def _cpu_s(pid: int, reaped: bool) -> float | None:
    """CPU seconds of ``pid`` (and, with ``reaped``, of its children it has waited for)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    ticks = sum(int(x) for x in fields[11:15 if reaped else 13])  # utime stime [cutime cstime]
    return ticks / os.sysconf("SC_CLK_TCK")


def fork_server_cpu_s() -> float:
    """CPU seconds of fork servers under this process and of the workers they
    forked and reaped — which ``RUSAGE_CHILDREN`` does not count until the
    server itself exits. Read after the pool has closed."""
    return sum(c for pid in helper_pids()[1] if (c := _cpu_s(pid, reaped=True)) is not None)


class RssSampler:
    """RSS of this process and its workers: at document marks (``mark``) and,
    from a background thread, every RSS_INTERVAL_S seconds for the peaks."""

    def __init__(self) -> None:
        self.samples: list[dict[str, Any]] = []
        self.worker_peaks: dict[int, int] = {}
        self.tree_peak_kb = 0
        self._started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _now(self) -> tuple[int, dict[int, int]]:
        pids, servers = helper_pids()
        workers = {pid: kb for pid in pids if (kb := rss_of_kb(pid)) is not None}
        server_kb = sum(kb for pid in servers if (kb := rss_of_kb(pid)) is not None)
        for pid, kb in workers.items():
            self.worker_peaks[pid] = max(kb, self.worker_peaks.get(pid, 0))
        main = current_rss_kb()
        self.tree_peak_kb = max(self.tree_peak_kb, main + sum(workers.values()) + server_kb)
        return main, workers

    def _run(self) -> None:
        while not self._stop.wait(RSS_INTERVAL_S):
            self._now()

    def mark(self, docs: int) -> None:
        main, workers = self._now()
        self.samples.append({"docs": docs, "seconds": round(time.perf_counter() - self._started, 1),
                             "main_kb": main, "workers_kb": [workers[p] for p in sorted(workers)]})

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
