"""What the pages read: one store, and the registry built from it, cached.

The registry (records, timelines, support) is computed from the store's
mentions; it is rebuilt only when the store changes (its document/version
count or the file's modification time), so pages stay fast and new
documents show up on the next request.
"""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from ..store import open_store


@dataclass
class Snapshot:
    """The registry at one state of the store."""

    stamp: tuple[Any, ...]
    registry: dict[str, list[dict[str, Any]]]
    by_id: dict[str, dict[str, Any]]  # record id -> record (with "type")
    timelines: dict[str, Any]  # record id -> track.Timeline
    docs: dict[str, Any] = field(default_factory=dict)  # "d3" -> DocumentRow (light: no text)


class WebData:
    """Thread-safe access to the store and a cached registry snapshot."""

    def __init__(self, db: str):
        self.db = db
        self.store = open_store(db)
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None

    def close(self) -> None:
        self.store.close()

    def _stamp(self) -> tuple[Any, ...]:
        counts = self.store.counts()
        path = getattr(self.store, "path", None)
        mtimes = tuple(os.stat(p).st_mtime_ns if os.path.exists(p) else 0
                       for p in ((path, f"{path}-wal") if path and path != ":memory:" else ()))
        return (counts.get("documents"), counts.get("versions"), counts.get("rejections"), mtimes)

    def snapshot(self) -> Snapshot:
        """The registry as of now (rebuilt only if the store changed)."""
        stamp = self._stamp()
        with self._lock:
            if self._snap is None or self._snap.stamp != stamp:
                self._snap = self._build(stamp)
            return self._snap

    def _build(self, stamp: tuple[Any, ...]) -> Snapshot:
        from ..link import registry_records
        from ..track import timelines

        linked = list(self.store.iter_linked())
        registry = registry_records(linked)
        by_id = {r["id"]: dict(r, type=t) for t, recs in registry.items() for r in recs}
        docs = {d.ref: d for d in self.store.list_documents()}
        snap = Snapshot(stamp, registry, by_id, timelines(linked), docs)
        # The snapshot is large and long-lived: move it out of the cyclic
        # collector's reach so later requests do not pause to scan it.
        gc.collect()
        gc.freeze()
        return snap
