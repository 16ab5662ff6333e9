"""Engines: where the per-document stage runs.

The per-document stage (read → clean → describe → extract, see
:mod:`scotrack.pipeline`) is a pure function of an input's bytes, its
manifest entry and the package's reference data. Where it runs is therefore
a choice the pipeline need not know about: an engine maps the stage over
the inputs and hands the results back **in input order**, with a bounded
number of inputs in flight, to the one process that writes the store.

- ``local`` (:mod:`.local`): this process, or a pool of spawn worker
  processes on this machine (``--workers``);
- ``dask`` (:mod:`.dask`): a Dask distributed cluster — an existing one
  (``--scheduler tcp://host:8786``) or a LocalCluster of ``--workers``
  processes started for the run and closed after it.

The same inputs in the same order give the same writes in the same order,
so the registry does not depend on the engine or the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

from ..errors import ConfigError
from ..settings import ENGINES, Settings, effective_workers

In = TypeVar("In")
Out = TypeVar("Out")
Tag = TypeVar("Tag")


class Engine(Protocol):
    """Maps a pure, picklable, module-level ``stage`` over inputs."""

    def map(self, stage: Callable[[In], Out], items: Iterable[tuple[In, Tag]],
            lost: Callable[[In, str], Out], weight: Callable[[In], int] | None = None
            ) -> Iterator[tuple[In, Tag, Out]]:
        """``(input, tag, stage(input))`` for each ``(input, tag)`` of ``items``,
        in the order of ``items``. The tag stays in this process. An input the
        engine could not get a result for (its worker died, again and again)
        yields ``lost(input, why)`` instead, and the run goes on. ``weight``
        is an input's size in bytes, for engines that send inputs in groups."""
        ...


def open_engine(settings: Settings, inputs: int) -> AbstractContextManager[Engine]:
    """The engine ``settings.engine`` names, ready to map; closed on exit.
    ``inputs`` (how many there will be) lets the local engine skip starting
    processes for a few."""
    if settings.engine == "local":
        from .local import LocalEngine

        return LocalEngine.for_inputs(settings, inputs)
    if settings.engine == "dask":
        from .dask import DaskEngine

        return DaskEngine(scheduler=settings.scheduler or None, workers=effective_workers(settings),
                          quiet=not settings.debug)
    raise ConfigError(f"unknown engine {settings.engine!r}; pass --engine with one of: {', '.join(ENGINES)}")
