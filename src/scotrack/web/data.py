"""What the pages read: one store, and the registry built from it, cached.

The registry (records, timelines) is computed from the store's mentions
(:mod:`scotrack.link`, :mod:`scotrack.track`) and kept in memory as a
:class:`Snapshot` until the store changes (its documents, versions,
rejections or file modification time).

Two refresh modes:

- ``sync`` (tests, small stores): a request that sees the store changed
  rebuilds the snapshot before answering, so it always reads the latest.
- ``background`` (``scotrack serve``): the snapshot is built once before the
  server starts listening; after a change, one background thread rebuilds
  it while requests keep getting the previous snapshot (marked
  :attr:`WebData.updating`, shown as a notice on pages). No request ever
  waits for a rebuild, which takes seconds at 10k documents.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from ..store import open_store

Refresh = Literal["sync", "background"]
# How often (seconds) a request may ask the store whether it changed; between
# two asks, pages read the snapshot they have. 0 asks on every request.
STAMP_TTL = {"sync": 0.0, "background": 1.0}


@dataclass
class Snapshot:
    """The registry at one state of the store."""

    stamp: tuple[Any, ...]
    registry: dict[str, list[dict[str, Any]]]
    by_id: dict[str, dict[str, Any]]  # record id -> record (with "type")
    timelines: dict[str, Any]  # record id -> track.Timeline
    docs: dict[str, Any] = field(default_factory=dict)  # "d3" -> DocumentRow (light: no text)
    built_in: float = 0.0  # seconds the build took
    mentions: int = 0
    store: Any = None  # what it was built from (for indexes that read more of it)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)
    _derive_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def derived(self, name: str) -> Any:
        """The index ``name`` (see :func:`derived_index`) of this snapshot,
        built on first use and kept as long as the snapshot lives."""
        value = self._derived.get(name, _MISSING)
        if value is _MISSING:
            with self._derive_lock:
                value = self._derived.get(name, _MISSING)
                if value is _MISSING:
                    value = self._derived[name] = _DERIVED[name](self)
        return value


_MISSING = object()
# name -> function of a snapshot: indexes the pages need (document -> its
# mentions, the record search index…). Registered by the view modules; built
# with the snapshot, so in the background mode no request pays for them.
_DERIVED: dict[str, Callable[[Snapshot], Any]] = {}


def derived_index(name: str) -> Callable[[Callable[[Snapshot], Any]], Callable[[Snapshot], Any]]:
    """Register ``fn(snapshot)`` as the snapshot index ``name``."""
    def register(fn: Callable[[Snapshot], Any]) -> Callable[[Snapshot], Any]:
        _DERIVED[name] = fn
        return fn
    return register


class WebData:
    """Thread-safe access to the store and a cached registry snapshot."""

    def __init__(self, db: str, refresh: Refresh = "sync"):
        self.db = db
        self.refresh = refresh
        self.store = open_store(db)
        self._lock = threading.Lock()  # one build at a time
        self._snap: Snapshot | None = None
        self._rebuilding: threading.Thread | None = None
        self._stamp_at = 0.0
        self._stamp_cache: tuple[Any, ...] | None = None
        self.last_error: str | None = None  # why the latest background rebuild failed

    def close(self) -> None:
        thread = self._rebuilding
        if thread is not None:
            thread.join()
        self.store.close()

    @property
    def updating(self) -> bool:
        """A background rebuild is running: pages show the previous snapshot."""
        thread = self._rebuilding
        return thread is not None and thread.is_alive()

    def _stamp(self) -> tuple[Any, ...]:
        now = time.monotonic()
        if self._stamp_cache is not None and now - self._stamp_at < STAMP_TTL[self.refresh]:
            return self._stamp_cache
        change_stamp = getattr(self.store, "change_stamp", None)
        if callable(change_stamp):
            stamp: tuple[Any, ...] = tuple(change_stamp())
        else:
            counts = self.store.counts()
            stamp = (counts.get("documents"), counts.get("versions"), counts.get("rejections"))
        path = getattr(self.store, "path", None)
        if path and path != ":memory:":
            stamp += tuple(os.stat(p).st_mtime_ns if os.path.exists(p) else 0 for p in (path, f"{path}-wal"))
        self._stamp_cache, self._stamp_at = stamp, now
        return stamp

    def snapshot(self) -> Snapshot:
        """The registry as of now (``sync``), or as of the last finished build
        (``background``, while a newer one is being built)."""
        stamp = self._stamp()
        snap = self._snap
        if snap is not None and snap.stamp == stamp:
            return snap
        if self.refresh == "background" and snap is not None:
            self._start_rebuild()
            return snap
        with self._lock:
            stamp = self._stamp()
            if self._snap is None or self._snap.stamp != stamp:
                self._snap = build_snapshot(self.store, stamp)
            return self._snap

    def warm(self) -> Snapshot:
        """Build the snapshot now (``scotrack serve`` does, before listening)."""
        self._stamp_cache = None
        with self._lock:
            self._snap = build_snapshot(self.store, self._stamp())
            return self._snap

    def _start_rebuild(self) -> None:
        with self._lock:
            if self.updating:
                return
            self._rebuilding = threading.Thread(target=self._rebuild, name="scotrack-registry", daemon=True)
            self._rebuilding.start()

    def _rebuild(self) -> None:
        try:
            self._stamp_cache = None
            stamp = self._stamp()
            snap = build_snapshot(self.store, stamp)
            with self._lock:
                self._snap = snap
                self.last_error = None
        except Exception as e:  # keep serving the previous snapshot; say why on the pages
            self.last_error = f"{type(e).__name__}: {e}"


@contextmanager
def _no_gc() -> Any:
    """The build makes millions of small objects that all stay alive; the
    cyclic collector would re-scan them again and again (it doubled the build
    time at 10k documents), so it is paused for the build. Afterwards the
    survivors are frozen out of its reach, so later requests do not pause to
    scan them either."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        gc.freeze()


def build_snapshot(store: Any, stamp: tuple[Any, ...],
                   tick: Callable[[str], None] | None = None) -> Snapshot:
    """Link every stored mention into records and timelines (one pass of
    grouping shared by both)."""
    from ..link import group, records_of
    from ..track import timelines_of

    started = time.perf_counter()
    with _no_gc():
        if tick:
            tick("reading mentions")
        linked = list(store.iter_linked())
        if tick:
            tick(f"linking {len(linked):,} mentions")
        grouped = group(linked)
        registry = records_of(grouped)
        by_id = {r["id"]: dict(r, type=t) for t, recs in registry.items() for r in recs}
        timelines = timelines_of(grouped)
        if tick:
            tick("listing documents")
        docs = {d.ref: d for d in store.list_documents()}
        n = len(linked)
        del linked, grouped
        snap = Snapshot(stamp, registry, by_id, timelines, docs, 0.0, n, store)
        for name in list(_DERIVED):
            if tick:
                tick(f"indexing: {name}")
            snap.derived(name)
    snap.built_in = time.perf_counter() - started
    return snap
