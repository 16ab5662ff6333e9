"""The SQLite backend: one file, WAL mode, FTS5 trigram index.

Every connection gets ``journal_mode=WAL``, ``synchronous=NORMAL``,
``foreign_keys=ON`` and ``busy_timeout=30000``. pysqlite's own implicit
transactions are switched off and the engine emits ``BEGIN`` itself, so a
write can start with ``BEGIN IMMEDIATE``: two ingest processes on one store
take turns instead of failing with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import time
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import StoreError
from . import search as fts
from .migrations import WRITE_LOCK, first_line
from .schema import FTS_TABLE
from .sql import SQLStore

BUSY_TIMEOUT_MS = 30_000

# 3+ characters: the trigram index, ranked by bm25.
_SEARCH_INDEXED = text(f"SELECT rowid AS vid, -bm25({FTS_TABLE}) AS score, body FROM {FTS_TABLE} "
                       f"WHERE {FTS_TABLE} MATCH :m ORDER BY bm25({FTS_TABLE}), rowid LIMIT :n")
# 1-2 characters: the index cannot help, so the copy is scanned newest
# first and the scan stops after SHORT_SCAN matching documents, which are
# ranked by occurrences. A common pair (合作) stops after a few hundred rows
# instead of reading and counting every document; a rare one reads them all,
# but only with instr() in C.
SHORT_SCAN = 500
_SEARCH_SHORT = text(
    f"SELECT rowid AS vid, title, body FROM {FTS_TABLE} WHERE instr(body, :q) > 0 OR instr(title, :q) > 0 "
    "ORDER BY rowid DESC LIMIT :scan"
)


class _Match(NamedTuple):
    vid: int
    body: str
    score: float


def _write_hint(message: str) -> str:
    low = message.lower()
    if "locked" in low or "busy" in low:
        return "another process held the store for over 30 s; retry when it has finished"
    if "full" in low:
        return "free some disk space and retry"
    if "i/o" in low:
        return "check the disk the store is on, then retry"
    if "readonly" in low or "read-only" in low:
        return "make the store file and its folder writable, or pass --db"
    return "retry; if it keeps failing, pass --db with a new store"


def _set_wal(cur: sqlite3.Cursor) -> None:
    """Switch to WAL mode, retrying while another process holds the file.

    On a fresh file two processes may both try to switch; SQLite then answers
    "database is locked" at once instead of waiting (busy_timeout does not
    apply, to avoid a deadlock), so we wait here for up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as e:
            transient = "locked" in str(e) or "busy" in str(e)
            if not transient or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _make_engine(path: str) -> Engine:
    """An engine for the SQLite file at ``path`` (``:memory:`` for a private one)."""
    if path == ":memory:":
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _set_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_LOCK, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def check_path(path: str) -> None:
    """Fail early, with a useful message, when a store file could not be made at ``path``."""
    if path == ":memory:":
        return
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise StoreError(f"cannot open store {path}: it is a folder; pass --db with a file path")
    if not os.path.isdir(folder):
        raise StoreError(f"cannot open store {path}: folder {folder} does not exist; check the path or pass --db")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"cannot open store {path}: folder {folder} is not writable; check the path or pass --db")


class SQLiteStore(SQLStore):
    """A :class:`~scotrack.store.base.Store` in one SQLite file.

    Open with :func:`scotrack.store.open_store`; the schema is migrated on open.
    """

    def __init__(self, path: str):
        self.path = path if path == ":memory:" else os.path.abspath(path)
        self.url = "sqlite://" if path == ":memory:" else f"sqlite:///{self.path}"
        check_path(path)
        engine = _make_engine(self.path)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except SQLAlchemyError as e:
            engine.dispose()
            msg = first_line(e)
            if "not a database" in msg:
                raise StoreError(
                    f"{path} is not a SQLite database; pass --db with a scotrack store or a new file name",
                    original=e,
                ) from e
            raise StoreError(f"cannot open store {path}: {msg}; check the path or pass --db", original=e) from e
        self._start(engine)

    def __enter__(self) -> SQLiteStore:
        return self

    def _write_hint(self, message: str) -> str:
        return _write_hint(message)

    def _read_hint(self) -> str:
        return "check the file or pass --db"

    def _matches(self, conn: Connection, q: str, limit: int) -> list[Any]:
        """3+ characters: FTS5 trigram MATCH ranked by bm25; shorter: a scan
        of the copy ranked by number of occurrences."""
        if len(q) >= fts.MIN_INDEXED_CHARS:
            return list(conn.execute(_SEARCH_INDEXED, {"m": fts.fts_phrase(q), "n": limit}).all())
        found = [_Match(r.vid, r.body, (r.body.count(q) + (r.title or "").count(q)) / 1.0)
                 for r in conn.execute(_SEARCH_SHORT, {"q": q, "scan": max(SHORT_SCAN, limit)})]
        found.sort(key=lambda m: (-m.score, m.vid))
        return found[:limit]
