"""The Dask engine: the per-document stage on a Dask distributed cluster.

With ``--scheduler ADDRESS`` it connects to an existing cluster (``dask
scheduler`` plus any number of ``dask worker ADDRESS``, each with the same
scotrack installed); without it, it starts a LocalCluster of ``--workers``
single-threaded processes for the run and closes it afterwards.

This process stays the only writer. Consecutive inputs are sent as one task
of up to :data:`INPUTS_PER_TASK` inputs and :data:`TASK_BYTES` (their bytes
travel with the task; nothing is scattered or kept on the cluster): a Dask
task costs ~5 ms of scheduler and client CPU and ~4 ms on the worker
(``benchmarks/dask_ingest.py``; as much as extracting a short document), and
grouping spreads that over several documents. At most ``worker threads ×
TASKS_PER_THREAD`` tasks are in flight, so memory on both sides stays flat
however large the corpus. Results are taken in submission order and handed
back in input order, so the store sees the same writes as with the local
engine.

A worker that dies mid-task (out of memory, a crash) is replaced by its
nanny and Dask re-runs the task elsewhere, up to
``distributed.scheduler.allowed-failures`` times (3 by default). A task that
killed a worker on every attempt is run again one input per task, so that
only an input that kills workers by itself is given up: it comes back as
``lost(input, why)`` — a stored rejection — and the run goes on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Self, TypeVar

from .. import __version__
from ..errors import ConfigError, EngineError

In = TypeVar("In")
Out = TypeVar("Out")
Tag = TypeVar("Tag")

# Seconds to wait for the scheduler to answer and for a first worker to join.
CONNECT_TIMEOUT = 10.0
# Inputs per task, and the bytes (see map's ``weight``) after which a task is
# sent with fewer: per-task overhead spread thin, task messages kept small.
INPUTS_PER_TASK = 8
TASK_BYTES = 1024 * 1024
# Tasks in flight per worker thread: enough to hide the round trips through
# the scheduler, few enough that memory does not grow with the corpus.
TASKS_PER_THREAD = 4
# Largest task (a document's bytes, mostly) sent without Dask's large-graph
# warning: inputs are capped by --max-bytes, so larger ones are expected.
LARGE_TASK_BYTES = 64 * 1024 * 1024


class DaskEngine:
    """A Dask client (and, without a scheduler address, its LocalCluster)."""

    def __init__(self, scheduler: str | None, workers: int, *, quiet: bool = True):
        self.scheduler = scheduler
        self.workers = workers
        self.quiet = quiet
        self.client: Any = None
        self.cluster: Any = None
        self.window = 0
        self._log_levels: dict[str, int] = {}

    def __enter__(self) -> Self:
        try:
            import distributed
        except ImportError:
            raise ConfigError("--engine dask needs Dask distributed, which is not installed; "
                              "install it with: pip install 'scotrack[dask]'") from None
        if self.quiet:  # failures reach the user as one line each; tracebacks with --debug
            self._log_levels = _silence("distributed")
        try:
            if self.scheduler:
                self.client = _connect(distributed, self.scheduler)
            else:
                self.cluster = _local_cluster(distributed, self.workers)
                self.client = distributed.Client(self.cluster, set_as_default=False)
            self._check_workers()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        for name, level in self._log_levels.items():
            logging.getLogger(name).setLevel(level)
        self._log_levels = {}

    def _check_workers(self) -> None:
        """At least one worker, every worker on this scotrack version: another
        version could extract differently and the registry would depend on
        which worker took which document."""
        where = self.scheduler or "the local cluster"
        try:
            try:
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError:  # (WorkerStartTimeoutError) the scheduler answered: no worker joined
                raise EngineError(f"the Dask scheduler at {where} has no workers after {CONNECT_TIMEOUT:g} s; "
                                  f"start some with: dask worker {self.scheduler or 'ADDRESS'}") from None
            versions = self.client.get_versions(packages=["scotrack"])
            threads = sum(self.client.nthreads().values())
        except OSError as e:
            raise EngineError(f"lost the Dask scheduler at {where} while starting ({type(e).__name__}); "
                              "check that `dask scheduler` runs there and try again") from None
        for address, info in sorted(versions.get("workers", {}).items()):
            theirs = (info.get("packages") or {}).get("scotrack")
            if theirs != __version__:
                have = "cannot import scotrack" if theirs is None else f"has scotrack {theirs}"
                raise EngineError(f"Dask worker {address} {have}, this process has {__version__}; "
                                  f"install scotrack[dask]=={__version__} on every worker")
        self.window = max(1, threads) * TASKS_PER_THREAD

    def map(self, stage: Callable[[In], Out], items: Iterable[tuple[In, Tag]],
            lost: Callable[[In, str], Out], weight: Callable[[In], int] | None = None
            ) -> Iterator[tuple[In, Tag, Out]]:
        """See :meth:`scotrack.engines.Engine.map`."""
        import dask

        window: deque[tuple[Any, list[tuple[In, Tag]]]] = deque()
        try:
            with dask.config.set({"distributed.admin.large-graph-warning-threshold": LARGE_TASK_BYTES}):
                for task in _tasks(items, weight):
                    window.append((self._submit(stage, task), task))
                    if len(window) >= self.window:
                        yield from self._results(stage, *window.popleft(), lost)
                while window:
                    yield from self._results(stage, *window.popleft(), lost)
        finally:
            if window and self.client is not None:  # the writer stopped early: drop the rest
                self.client.cancel([fut for fut, _ in window])

    def _submit(self, stage: Callable[[In], Out], task: list[tuple[In, Tag]]) -> Any:
        return self.client.submit(run_task, stage, [item for item, _ in task], pure=False)

    def _results(self, stage: Callable[[In], Out], fut: Any, task: list[tuple[In, Tag]],
                 lost: Callable[[In, str], Out]) -> Iterator[tuple[In, Tag, Out]]:
        from distributed import KilledWorker

        try:
            outs = self._wait(fut)
        except KilledWorker:
            if len(task) > 1:  # which input kills workers? one per task, one at a time
                for one in task:
                    yield from self._results(stage, self._submit(stage, [one]), [one], lost)
                return
            outs = [lost(task[0][0], "the Dask worker processing it died on every attempt (out of memory "
                                     "or a crash); ingest it alone with --engine local to see why")]
        for (item, tag), out in zip(task, outs, strict=True):
            yield item, tag, out

    def _wait(self, fut: Any) -> list[Any]:
        from concurrent.futures import CancelledError

        try:
            return list(fut.result())
        except (CancelledError, OSError) as e:
            if fut.status == "error":  # raised by the stage itself: a bug, as with the local engine
                raise
            raise EngineError(f"lost the Dask scheduler at {self.scheduler or 'the local cluster'} "
                              f"({type(e).__name__}); what was stored so far is kept — "
                              "run the same command again to finish") from None
        finally:
            fut.release()


def run_task(stage: Callable[[In], Out], inputs: list[In]) -> list[Out]:
    """One Dask task: ``stage`` over a few inputs, in order (runs on a worker)."""
    return [stage(item) for item in inputs]


def _tasks(items: Iterable[tuple[In, Tag]], weight: Callable[[In], int] | None
           ) -> Iterator[list[tuple[In, Tag]]]:
    """Consecutive ``items`` grouped into tasks of at most INPUTS_PER_TASK
    inputs, closed early once they weigh TASK_BYTES (an input heavier than
    that goes alone)."""
    task: list[tuple[In, Tag]] = []
    load = 0
    for item, tag in items:
        w = weight(item) if weight else 0
        if task and load + w > TASK_BYTES:
            yield task
            task, load = [], 0
        task.append((item, tag))
        load += w
        if len(task) >= INPUTS_PER_TASK:
            yield task
            task, load = [], 0
    if task:
        yield task


def _silence(prefix: str) -> dict[str, int]:
    """Set ``prefix`` and its child loggers (Dask's config gives some their own
    level) to CRITICAL; their levels before, to restore."""
    names = [prefix] + [n for n in logging.root.manager.loggerDict if n.startswith(prefix + ".")]
    before = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.CRITICAL)
    return before


def _connect(distributed: Any, address: str) -> Any:
    """A client of the scheduler at ``address``, or one line saying why not."""
    try:
        return distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except ValueError as e:
        raise ConfigError(f"--scheduler {address!r} is not a Dask scheduler address ({e}); "
                          "pass e.g. --scheduler tcp://host:8786") from None
    except (OSError, TimeoutError) as e:
        raise EngineError(f"cannot reach the Dask scheduler at {address} within {CONNECT_TIMEOUT:g} s "
                          f"({type(e).__name__}); check --scheduler / SCOTRACK_SCHEDULER and that "
                          "`dask scheduler` runs there") from None


def _local_cluster(distributed: Any, workers: int) -> Any:
    """``workers`` single-threaded worker processes on this machine; the
    scheduler's HTTP endpoint on a free port (never a clash with another
    cluster on :8787); quiet, since a worker's death reaches the store as a
    rejection and shutdown races (a heartbeat to a closed scheduler) are not news."""
    try:
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=":0", silence_logs=logging.CRITICAL)
    except RuntimeError as e:  # "Nanny failed to start": a worker process could not be started
        raise EngineError(f"could not start a local Dask cluster of {workers} workers ({e}); "
                          "run with --engine local, or start a cluster and pass --scheduler") from None
