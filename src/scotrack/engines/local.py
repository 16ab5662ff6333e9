"""The local engine: the stage in this process, or in worker processes.

Workers are forked from a fork server (:mod:`multiprocessing.forkserver`)
that has loaded the stage's dictionaries and tables once
(:mod:`.warm`), so starting a worker costs milliseconds, not two seconds
of CPU each. Where there is no fork server, workers are spawned. Never a
plain fork: the parent may run threads (the progress bar's refresher), and
a forked child of a threaded parent can deadlock; the fork server is a
fresh single-threaded process.

Inputs go to the workers in *chunks* of a few documents: one task per
document costs the parent's feeder and result threads CPU for every
document, and a queue of single documents runs dry (idle cores) whenever
the writer holds the parent's interpreter for a while.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Self, TypeVar

from ..settings import Settings, effective_workers

In = TypeVar("In")
Out = TypeVar("Out")
Tag = TypeVar("Tag")

# Below this many inputs, starting worker processes costs more than it saves.
PARALLEL_MIN = 64
# A chunk holds up to this many inputs, or fewer once their bytes pass
# CHUNK_BYTES: about 50–100 ms of work, so that per-task costs are small and
# a worker's queue holds a few hundred milliseconds of work.
CHUNK_INPUTS = 8
CHUNK_BYTES = 1 << 20
# Chunks in flight per worker: enough to keep every worker busy, few enough
# that memory does not grow with the size of the corpus.
IN_FLIGHT_PER_WORKER = 8
# Imported by the fork server before it forks workers (see .warm).
WARM_MODULE = "scotrack.engines.warm"


def _end_with(parent: int) -> None:
    """Worker initializer: end this worker when ``parent`` (the ingesting
    process) has ended. A parent killed outright (``kill -9``, out of memory)
    cannot shut its pool down, and its workers would wait for work forever,
    holding their memory (and the fork server, which lives while they do).
    Watches a pidfd where there is one (Linux), else polls every second."""
    import select
    import threading
    import time

    def watch() -> None:
        try:
            fd = os.pidfd_open(parent)
        except (AttributeError, OSError):  # no pidfds here, or the parent is gone already
            fd = None
        if fd is not None:
            select.select([fd], [], [])  # readable once the process has exited
        else:
            while True:
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="scotrack-parent-watch", daemon=True).start()


def _run_chunk(stage: Callable[[In], Out], items: list[In]) -> list[Out]:
    return [stage(item) for item in items]


def _chunked(items: Iterable[tuple[In, Tag]], weight: Callable[[In], int] | None
             ) -> Iterator[list[tuple[In, Tag]]]:
    chunk: list[tuple[In, Tag]] = []
    size = 0
    for pair in items:
        chunk.append(pair)
        size += weight(pair[0]) if weight is not None else 0
        if len(chunk) >= CHUNK_INPUTS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _context() -> Any:
    """The fork server with the warm-up preloaded, where there is one; else spawn."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([WARM_MODULE])
        return ctx
    return multiprocessing.get_context("spawn")


class LocalEngine:
    """``workers`` = 1: a plain loop in this process; more: a process pool with
    a window of ``workers × IN_FLIGHT_PER_WORKER`` chunks in flight."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: Any = None

    @classmethod
    def for_inputs(cls, settings: Settings, inputs: int) -> LocalEngine:
        """``settings.workers`` processes, or none for fewer than
        :data:`PARALLEL_MIN` inputs."""
        workers = effective_workers(settings)
        if workers > 1 and inputs < PARALLEL_MIN:
            workers = 1
        return cls(workers)

    def __enter__(self) -> Self:
        if self.workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(),
                                             initializer=_end_with, initargs=(os.getpid(),))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, stage: Callable[[In], Out], items: Iterable[tuple[In, Tag]],
            lost: Callable[[In, str], Out], weight: Callable[[In], int] | None = None
            ) -> Iterator[tuple[In, Tag, Out]]:
        """See :meth:`scotrack.engines.Engine.map`. Inputs go to the pool in
        chunks (:data:`CHUNK_INPUTS`, :data:`CHUNK_BYTES` by ``weight``). A
        worker process that dies breaks the pool and stops the run
        (``BrokenProcessPool``); ``lost`` is never called here."""
        if self._pool is None:
            for item, tag in items:
                yield item, tag, stage(item)
            return
        window: deque[tuple[Any, list[tuple[In, Tag]]]] = deque()
        for chunk in _chunked(items, weight):
            window.append((self._pool.submit(_run_chunk, stage, [item for item, _ in chunk]), chunk))
            if len(window) >= self.workers * IN_FLIGHT_PER_WORKER:
                yield from _ready(*window.popleft())
        while window:
            yield from _ready(*window.popleft())


def _ready(fut: Any, chunk: list[tuple[In, Tag]]) -> Iterator[tuple[In, Tag, Out]]:
    for (item, tag), out in zip(chunk, fut.result()):
        yield item, tag, out
