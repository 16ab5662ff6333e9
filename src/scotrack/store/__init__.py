"""Where documents, their versions, flags and rejections are kept.

``open_store(db)`` picks the backend from ``--db``: a file path or
``sqlite:///path`` opens (and migrates) a SQLite store; ``:memory:`` or
``sqlite://`` a private in-memory one; ``postgresql://user:pw@host:port/db``
(also ``postgres://``, ``postgresql+psycopg://``) a PostgreSQL store, which
needs the ``postgres`` extra (psycopg 3).

Test facility: with ``SCOTRACK_TEST_POSTGRES`` set to a PostgreSQL URL, SQLite
paths are served by PostgreSQL schemas instead (see :mod:`.pgtest`).
"""

from __future__ import annotations

import os

from ..errors import ConfigError
from .base import DocumentRow, RejectionRow, SearchHit, SeenStatus, Store
from .sqlite import SQLiteStore

__all__ = ["TEST_POSTGRES_ENV", "DocumentRow", "RejectionRow", "SQLiteStore", "SearchHit", "SeenStatus", "Store",
           "open_store", "sqlite_path"]

_POSTGRES_SCHEMES = ("postgresql", "postgres")
TEST_POSTGRES_ENV = "SCOTRACK_TEST_POSTGRES"


def sqlite_path(db: str) -> str | None:
    """The SQLite file path ``db`` names (``:memory:`` for in-memory), or None
    when ``db`` is a URL for another database."""
    if "://" not in db:
        return os.path.expanduser(db) if db != ":memory:" else db
    scheme, _, rest = db.partition("://")
    if scheme.split("+", 1)[0] != "sqlite":
        return None
    if rest in ("", "/", "/:memory:"):
        return ":memory:"
    return os.path.expanduser(rest[1:] if rest.startswith("/") else rest)


def open_store(db: str) -> Store:
    """Open (creating and migrating if needed) the store named by ``db``.

    Raises ConfigError for a URL scotrack cannot use and StoreError when the
    store cannot be opened.
    """
    if not db or not db.strip():
        raise ConfigError("no store given; pass --db PATH or set SCOTRACK_DB")
    path = sqlite_path(db)
    if path is not None:
        test_url = os.environ.get(TEST_POSTGRES_ENV)
        if test_url:
            from .pgtest import mapped_store

            return mapped_store(path, test_url)
        return SQLiteStore(path)
    scheme = db.partition("://")[0].split("+", 1)[0].lower()
    if scheme in _POSTGRES_SCHEMES:
        from .postgres import PostgresStore

        return PostgresStore(db)
    raise ConfigError(f"unsupported store URL {db.split('://')[0]}://…; pass --db with a file path, "
                      "sqlite:///path or postgresql://user@host/database")
