"""What a walk over the inputs must remember, kept on disk.

:class:`~scotrack.discover.Discovery` lists each folder in sorted order,
looks up each file's manifest entry, and remembers every real path it has
read (a file reached twice — through a symlink, or a path given twice — is
read once). Held in Python objects these cost about 300 bytes a file: 30 MB
of a 100,000-file ingest's memory, growing with the corpus. Here they live in
a private SQLite file in the temporary folder, deleted when the walk ends,
so a walk's memory is the same for a thousand files and for a million
(SQLite's page cache, :data:`CACHE_KIB`, bounds it).

Names are compared as UTF-8 bytes (``surrogatepass``, so that file names
that are not valid UTF-8 round-trip): the order of code points, which is
the order ``sorted()`` gives.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import asdict

from .model import ManifestEntry

CACHE_KIB = 2048  # SQLite page cache of the index
PAGE = 512  # names read per query while walking a folder
_INSERT_CHUNK = 4096  # names inserted per statement batch

_SCHEMA = (
    "CREATE TABLE names (folder INTEGER NOT NULL, name BLOB NOT NULL, PRIMARY KEY (folder, name)) WITHOUT ROWID",
    "CREATE TABLE entries (folder INTEGER NOT NULL, name BLOB NOT NULL, manifest TEXT NOT NULL, "
    "entry TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (folder, name)) WITHOUT ROWID",
    "CREATE TABLE seen (path BLOB PRIMARY KEY) WITHOUT ROWID",
)


def _key(name: str) -> bytes:
    return name.encode("utf-8", "surrogatepass")


def _name(key: bytes) -> str:
    return bytes(key).decode("utf-8", "surrogatepass")


def _drop(db: sqlite3.Connection, path: str) -> None:
    db.close()
    if path != ":memory:":
        try:
            os.unlink(path)
        except OSError:
            pass


class WalkIndex:
    """Sorted folder listings, manifest entries and the real paths read so far.

    Folders are numbered by :meth:`new_folder`; :meth:`forget` drops a
    folder's rows once it has been walked. Closed by :meth:`close`, or when
    garbage-collected; the file is deleted either way. Falls back to an
    in-memory database when the temporary folder is not writable.
    """

    def __init__(self) -> None:
        try:
            fd, path = tempfile.mkstemp(prefix="scotrack-walk-", suffix=".sqlite")
            os.close(fd)
        except OSError:
            path = ":memory:"
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._close = weakref.finalize(self, _drop, self._db, path)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{CACHE_KIB}"):
            self._db.execute(f"PRAGMA {pragma}")
        for stmt in _SCHEMA:
            self._db.execute(stmt)
        # One transaction for the index's whole life: nothing here needs to
        # be durable, and a commit per statement would write pages out each time.
        self._db.execute("BEGIN")
        self._folders = 0

    def close(self) -> None:
        self._close()

    def new_folder(self) -> int:
        self._folders += 1
        return self._folders

    def forget(self, folder: int) -> None:
        """Drop ``folder``'s rows (nothing to do once closed: a walk abandoned
        and collected may be cleaned up after its index)."""
        if not self._close.alive:
            return
        self._db.execute("DELETE FROM names WHERE folder = ?", (folder,))
        self._db.execute("DELETE FROM entries WHERE folder = ?", (folder,))

    # -- listings -------------------------------------------------------------

    def add_names(self, folder: int, names: Iterable[str]) -> None:
        """Remember ``names`` as files of ``folder`` (a name twice is kept once)."""
        chunk: list[tuple[int, bytes]] = []
        for name in names:
            chunk.append((folder, _key(name)))
            if len(chunk) >= _INSERT_CHUNK:
                self._db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", chunk)
                chunk.clear()
        self._db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", chunk)

    def sorted_names(self, folder: int) -> Iterator[str]:
        """The names of ``folder`` in order, read a page at a time (no cursor
        stays open, so the caller may use the index in between)."""
        after = b""
        while True:
            page = self._db.execute(
                "SELECT name FROM names WHERE folder = ? AND name > ? ORDER BY name LIMIT ?",
                (folder, after, PAGE)).fetchall()
            if not page:
                return
            for (key,) in page:
                yield _name(key)
            after = page[-1][0]

    # -- manifest entries -----------------------------------------------------

    def add_entry(self, folder: int, entry: ManifestEntry, manifest: str) -> str | None:
        """Keep ``entry`` (read from ``manifest``) unless its file has one
        already: then return the manifest that entry came from."""
        cur = self._db.execute(
            "INSERT OR IGNORE INTO entries (folder, name, manifest, entry) VALUES (?, ?, ?, ?)",
            (folder, _key(entry.file), manifest, json.dumps(asdict(entry), ensure_ascii=False)))
        if cur.rowcount == 1:
            return None
        row = self._db.execute("SELECT manifest FROM entries WHERE folder = ? AND name = ?",
                               (folder, _key(entry.file))).fetchone()
        return str(row[0])

    def entry(self, folder: int, name: str, *, mark_used: bool = True) -> ManifestEntry | None:
        """The manifest entry of file ``name`` of ``folder``, if any."""
        key = _key(name)
        row = self._db.execute("SELECT entry FROM entries WHERE folder = ? AND name = ?", (folder, key)).fetchone()
        if row is None:
            return None
        if mark_used:
            self._db.execute("UPDATE entries SET used = 1 WHERE folder = ? AND name = ?", (folder, key))
        return ManifestEntry(**json.loads(row[0]))

    def entries(self, folder: int) -> Iterator[ManifestEntry]:
        """Every entry of ``folder``, by file name."""
        for (text,) in self._db.execute("SELECT entry FROM entries WHERE folder = ? ORDER BY name",
                                        (folder,)).fetchall():
            yield ManifestEntry(**json.loads(text))

    def unused(self, folder: int) -> list[str]:
        """Files the manifest of ``folder`` names that :meth:`entry` was never asked about."""
        return [_name(k) for (k,) in self._db.execute(
            "SELECT name FROM entries WHERE folder = ? AND used = 0 ORDER BY name", (folder,))]

    # -- real paths read ------------------------------------------------------

    def first_visit(self, real: str) -> bool:
        """True the first time ``real`` (a resolved path) is seen."""
        return self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (_key(real),)).rowcount == 1
