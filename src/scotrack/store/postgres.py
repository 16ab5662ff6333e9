"""The PostgreSQL backend (psycopg 3): the same tables and migrations as SQLite.

``--db postgresql://user:password@host:5432/database`` (``postgres://`` and
``postgresql+psycopg://`` too). The store lives in the connection's current
schema — the first one on its search_path, normally ``public``. The database
must be UTF8 and have (or let the user create) the ``pg_trgm`` extension.

How it keeps SQLite's behaviour:

- Writes run in READ COMMITTED and start by taking a transaction-scoped
  advisory lock for the store (``pg_advisory_xact_lock``), the counterpart of
  SQLite's ``BEGIN IMMEDIATE``: writers from several processes take turns,
  and because each statement after the lock sees everything committed before
  it, two ingests of overlapping files lose nothing and duplicate nothing.
- Reads run in REPEATABLE READ, so a multi-query read (``iter_documents``)
  sees one consistent snapshot, as a SQLite read transaction does.
- Full-text search: ``versions_fts`` holds the same normalised copy as the
  FTS5 table, with pg_trgm GIN indexes that serve ``LIKE '%query%'`` for
  Chinese and English alike; hits are ranked by number of occurrences.
- Text that holds NUL characters round-trips (see ``schema.FreeText``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import ConfigError, StoreError
from . import search as fts
from .migrations import MIGRATION_LOCK, WRITE_LOCK, first_line
from .schema import FTS_TABLE
from .sql import SQLStore

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
CONNECT_TIMEOUT_S = 10
# First key of every scotrack advisory lock (the second is 0 for the whole
# database, else a hash of the store's schema).
LOCK_CLASS = 0x5C07

_LOCK_DATABASE = f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, 0)"
_LOCK_STORE = f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, hashtext(current_schema()))"
_SEARCH = text(
    "SELECT rowid AS vid, body, "
    "(length(body) - length(replace(body, :q, '')) + length(title) - length(replace(title, :q, '')))"
    "::float8 / :qlen AS score "
    f"FROM {FTS_TABLE} WHERE body LIKE :pattern OR title LIKE :pattern "
    "ORDER BY score DESC, rowid LIMIT :n"
)
# The libpq prefix of a connection error, before the reason itself.
_CONNECT_PREFIX = re.compile(r'^(?:connection failed: )?(?:connection to server (?:at|on) .*? failed: )?(?:FATAL:\s+)?')


def engine_url(db: str) -> URL:
    """The SQLAlchemy URL (psycopg 3 driver) for a ``--db`` PostgreSQL URL."""
    try:
        url = make_url(db)
    except ArgumentError as e:
        raise ConfigError(f"cannot read the store URL {_hide_password(db)}: {e}; "
                          "use postgresql://user:password@host:port/database") from e
    if url.drivername not in SCHEMES:
        raise ConfigError(f"scotrack talks to PostgreSQL through psycopg 3; write the store URL as "
                          f"postgresql://… instead of {url.drivername}://…")
    return url.set(drivername="postgresql+psycopg")


def shown_url(url: URL) -> str:
    """``url`` as messages show it: postgresql://, password hidden."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def _hide_password(db: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", db)


def _make_engine(url: URL, schema: str | None) -> Engine:
    """An engine whose transactions take scotrack's locks and isolation levels."""
    connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "scotrack"}
    if schema is not None:
        given = url.query.get("options")
        connect_args["options"] = " ".join(filter(None, [given if isinstance(given, str) else None,
                                                          f"-c search_path={schema}"]))
    try:
        engine = create_engine(url, connect_args=connect_args)
    except ModuleNotFoundError as e:
        raise ConfigError("PostgreSQL stores need the psycopg driver; install it with "
                          "pip install 'scotrack[postgres]'") from e

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        lock = conn.get_execution_options().get(WRITE_LOCK)
        if not lock:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        if lock == MIGRATION_LOCK:  # database first, then store: the order every locker keeps
            conn.exec_driver_sql(_LOCK_DATABASE)
        conn.exec_driver_sql(_LOCK_STORE)

    return engine


def _connect_error(where: str, e: BaseException) -> StoreError:
    """One line for a failed connection: what, why, and what to do."""
    reason = _CONNECT_PREFIX.sub("", first_line(e)).strip()
    low = reason.lower()
    if "password" in low or "authentication" in low or ("role" in low and "does not exist" in low):
        hint = "check the user and password in --db"
    elif "database" in low and "does not exist" in low:
        hint = "create it (createdb -E UTF8 NAME) or check --db"
    else:
        hint = "start the server or check --db"
    return StoreError(f"could not connect to PostgreSQL at {where}: {reason}; {hint}", original=e)


class PostgresStore(SQLStore):
    """A :class:`~scotrack.store.base.Store` in a PostgreSQL database.

    Open with :func:`scotrack.store.open_store`; the schema is migrated on
    open. ``schema`` puts the store in that schema instead of the first one on
    the search path; ``prepare(conn)`` runs first, under the database-wide
    migration lock (the test facility in :mod:`.pgtest` makes its schema there).
    """

    def __init__(self, db: str, *, schema: str | None = None,
                 prepare: Callable[[Connection], None] | None = None):
        url = engine_url(db)
        self.url = shown_url(url) + (f" (schema {schema})" if schema else "")
        where = (f"{url.host}:{url.port or 5432}/{url.database or ''}" if url.host
                 else f"the local socket (port {url.port or 5432}, database {url.database or 'default'})")
        engine = _make_engine(url, schema)
        try:
            try:
                conn = engine.connect()
            except SQLAlchemyError as e:
                raise _connect_error(where, e) from e
            with conn:
                encoding = conn.exec_driver_sql("SHOW server_encoding").scalar()
            if encoding != "UTF8":
                raise StoreError(f"PostgreSQL database {where} uses encoding {encoding}; scotrack needs UTF8: "
                                 "create one with createdb -E UTF8 -T template0 NAME and pass it as --db")
            if prepare is not None:
                with engine.connect() as conn:
                    conn.execution_options(**{WRITE_LOCK: MIGRATION_LOCK})
                    with conn.begin():
                        prepare(conn)
            with engine.connect() as conn:
                current = conn.exec_driver_sql("SELECT current_schema()").scalar()
        except SQLAlchemyError as e:
            engine.dispose()
            raise StoreError(f"cannot open store {self.url}: {first_line(e)}; check --db and the role's "
                             "rights in that database", original=e) from e
        except BaseException:
            engine.dispose()
            raise
        if current is None:
            engine.dispose()
            raise StoreError(f"PostgreSQL database {where} has no schema to keep the store in "
                             "(nothing on its search_path exists); create one, e.g. CREATE SCHEMA scotrack, "
                             "and add ?options=-csearch_path%3Dscotrack to --db")
        self.schema = str(current)
        self._start(engine)

    def __enter__(self) -> PostgresStore:
        return self

    def _write_hint(self, message: str) -> str:
        low = message.lower()
        if "no space" in low or "disk full" in low:
            return "free some disk space on the database server and retry"
        if "terminat" in low or "closed" in low or "connection" in low:
            return "check that the PostgreSQL server is running, then retry"
        if "permission denied" in low or "read-only" in low:
            return "ask the database owner for write access, or pass --db"
        return "retry; if it keeps failing, pass --db with a new store"

    def _read_hint(self) -> str:
        return "check that the PostgreSQL server is running, or pass --db"

    def _matches(self, conn: Connection, q: str, limit: int) -> list[Any]:
        """``LIKE '%q%'`` on the normalised copy (pg_trgm GIN narrows 3+
        character queries; shorter ones scan), ranked by occurrences."""
        params = {"q": q, "qlen": len(q), "pattern": fts.like_pattern(q), "n": limit}
        return list(conn.execute(_SEARCH, params).all())
