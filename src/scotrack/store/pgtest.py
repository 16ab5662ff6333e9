"""Test and development facility: SQLite file paths served by PostgreSQL.

When ``SCOTRACK_TEST_POSTGRES=postgresql://…`` is set, :func:`open_store`
maps every SQLite *file path* (and ``:memory:``) to a schema of its own in
that database, named from a hash of the absolute path. Every test — and
every CLI subprocess a test starts, as they inherit the environment — thus
gets an isolated PostgreSQL store without changing a line, which is how the
whole suite runs against PostgreSQL (``scripts/test``).

The file at the path becomes a small marker, so that the path behaves as a
SQLite store file does: opening a path whose file is missing gives a fresh,
empty store (the schema is dropped and made anew), folder errors are the
same, and ``discover`` skips the marker as it skips a store file. Each
schema's comment records its path; :func:`drop_orphan_schemas` removes the
schemas whose file is gone (``tests/conftest.py`` calls it once per run).

Not for production: point ``--db`` at a ``postgresql://`` URL instead.
"""

from __future__ import annotations

import hashlib
import os
import uuid

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ..errors import StoreError
from .migrations import first_line
from .postgres import LOCK_CLASS, PostgresStore, engine_url
from .sqlite import check_path

ENV = "SCOTRACK_TEST_POSTGRES"
SCHEMA_PREFIX = "scotrack_t_"
_MARKER = "scotrack test store: kept in PostgreSQL schema {schema} (see scotrack.store.pgtest)\n"


def schema_for(path: str) -> str:
    """The schema that stands for the SQLite file ``path``."""
    return SCHEMA_PREFIX + hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:24]


def mapped_store(path: str, url: str) -> PostgresStore:
    """The PostgreSQL store standing for the SQLite store at ``path``."""
    if path == ":memory:":
        schema, marker = SCHEMA_PREFIX + "mem_" + uuid.uuid4().hex[:16], None
    else:
        check_path(path)
        schema, marker = schema_for(path), os.path.abspath(path)

    def prepare(conn: Connection) -> None:
        # Runs under the database-wide lock: two processes opening the same
        # fresh path make the schema once, and neither drops the other's.
        quoted = '"' + schema + '"'
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        if marker is None or not os.path.exists(marker):
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
        comment = (marker or ":memory:").replace("'", "''")
        conn.exec_driver_sql(f"COMMENT ON SCHEMA {quoted} IS '{comment}'")
        if marker is not None and not os.path.exists(marker):
            with open(marker, "w", encoding="utf-8") as fh:
                fh.write(_MARKER.format(schema=schema))

    return PostgresStore(url, schema=schema, prepare=prepare)


def drop_orphan_schemas(url: str) -> int:
    """Drop the test schemas whose file no longer exists (and in-memory ones);
    the number dropped. One transaction per schema: dropping hundreds at
    once would exhaust the server's lock table."""
    engine = create_engine(engine_url(url), poolclass=NullPool)
    dropped = 0
    try:
        with engine.connect() as conn:
            found = conn.execute(text(
                "SELECT nspname, obj_description(oid, 'pg_namespace') FROM pg_namespace "
                "WHERE starts_with(nspname, :prefix)"), {"prefix": SCHEMA_PREFIX}).all()
        for name, path in found:
            if path and path != ":memory:" and os.path.exists(path):
                continue
            with engine.begin() as conn:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, 0)")
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            dropped += 1
    except SQLAlchemyError as e:
        raise StoreError(f"could not tidy the test schemas in {url}: {first_line(e)}; "
                         f"check {ENV}", original=e) from e
    finally:
        engine.dispose()
    return dropped
