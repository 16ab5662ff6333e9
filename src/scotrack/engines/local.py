"""The local engine: the stage in this process, or in spawn worker processes.

Spawn, not fork: the parent may run threads (the progress bar's refresher),
and a forked child of a threaded parent can deadlock.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Self, TypeVar

from .. import discover
from ..settings import Settings, effective_workers

In = TypeVar("In")
Out = TypeVar("Out")
Tag = TypeVar("Tag")

# Below this many inputs, starting worker processes (each loads the
# segmenter's dictionary, ~1.5 s) costs more than it saves.
PARALLEL_MIN = 64
# Inputs in flight per worker: enough to keep every worker busy, few enough
# that memory does not grow with the size of the corpus.
IN_FLIGHT_PER_WORKER = 16


class LocalEngine:
    """``workers`` = 1: a plain loop in this process; more: a process pool with
    a window of ``workers × IN_FLIGHT_PER_WORKER`` inputs in flight."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: Any = None

    @classmethod
    def for_inputs(cls, settings: Settings, paths: Sequence[str]) -> LocalEngine:
        """``settings.workers`` processes, or none when ``paths`` hold fewer than
        :data:`PARALLEL_MIN` inputs."""
        workers = effective_workers(settings)
        if workers > 1 and discover.count_inputs(list(paths)) < PARALLEL_MIN:
            workers = 1
        return cls(workers)

    def __enter__(self) -> Self:
        if self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, stage: Callable[[In], Out], items: Iterable[tuple[In, Tag]],
            lost: Callable[[In, str], Out], weight: Callable[[In], int] | None = None
            ) -> Iterator[tuple[In, Tag, Out]]:
        """See :meth:`scotrack.engines.Engine.map`. Inputs go to the pool one by
        one (``weight`` is not needed: a pipe carries them). A worker process
        that dies breaks the pool and stops the run (``BrokenProcessPool``);
        ``lost`` is never called here."""
        if self._pool is None:
            for item, tag in items:
                yield item, tag, stage(item)
            return
        window: deque[tuple[Any, In, Tag]] = deque()
        for item, tag in items:
            window.append((self._pool.submit(stage, item), item, tag))
            if len(window) >= self.workers * IN_FLIGHT_PER_WORKER:
                fut, item, tag = window.popleft()
                yield item, tag, fut.result()
        while window:
            fut, item, tag = window.popleft()
            yield item, tag, fut.result()
