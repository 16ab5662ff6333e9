"""An ordered list of numbered schema migrations and the runner that applies them.

Every store records what it has in ``schema_migrations(version, name,
applied_at)``. :func:`migrate` applies the missing steps in order, all in one
write transaction, so a store is never left half-migrated. On SQLite that
transaction starts with ``BEGIN IMMEDIATE`` (see :data:`WRITE_LOCK`): two
processes opening a fresh store at once serialise, and the second one finds
the work done and applies nothing.

A step is a function ``(connection, dialect_name) -> None``. Steps are
never edited once released; a schema change is a new step at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema
from .search import normalise_text

# Execution option that makes the backend start the transaction with a write
# lock (SQLite: BEGIN IMMEDIATE). Read by the engine's "begin" event hook.
WRITE_LOCK = "scotrack_write_lock"


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string, e.g. ``2025-09-01T08:00:00.123+00:00``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection, str], None]


def _m1_tables(conn: Connection, dialect: str) -> None:
    """Create sources, versions, flags and rejections."""
    schema.metadata.create_all(conn, tables=list(schema.V1_TABLES))


def _m2_fulltext(conn: Connection, dialect: str) -> None:
    """Create the full-text index over the latest version of each document.

    SQLite: an FTS5 table with the trigram tokenizer, so Chinese (no spaces)
    and English substrings both match. It holds a *normalised* copy
    (Simplified script, width/case folded, same length) of title and
    clean_text, keyed by ``rowid = versions.id``.
    """
    if dialect != "sqlite":
        raise StoreError(f"the full-text index is not written for {dialect} yet; use a SQLite store")
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {schema.FTS_TABLE} "
        "USING fts5(title, body, tokenize='trigram')"
    )
    _backfill_fulltext(conn)


def _backfill_fulltext(conn: Connection) -> None:
    """Index the latest version of every document already in the store."""
    rows = conn.execute(
        text(
            "SELECT v.id, v.title, v.clean_text FROM versions v "
            "WHERE v.version = (SELECT max(version) FROM versions w WHERE w.source_id = v.source_id)"
        )
    ).all()
    for vid, title, clean_text in rows:
        conn.execute(
            text(f"INSERT INTO {schema.FTS_TABLE}(rowid, title, body) VALUES (:id, :t, :b)"),
            {"id": vid, "t": normalise_text(title or ""), "b": normalise_text(clean_text)},
        )


def _m3_registry(conn: Connection, dialect: str) -> None:
    """Create records (one per linked real-world thing) and their mentions.

    Documents stored before this step have no mentions until
    ``scotrack extract`` re-runs extraction over them."""
    schema.metadata.create_all(conn, tables=list(schema.V3_TABLES))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables", _m1_tables),
    Migration(2, "fulltext", _m2_fulltext),
    Migration(3, "registry", _m3_registry),
)
LATEST = MIGRATIONS[-1].version


def applied_versions(conn: Connection) -> set[int]:
    """The migration versions recorded in this store (empty for a fresh one)."""
    if not inspect(conn).has_table(schema.schema_migrations.name):
        return set()
    return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


def migrate(engine: Engine, url: str) -> list[int]:
    """Bring the store at ``engine`` up to :data:`LATEST`; return the versions applied.

    Idempotent: a store already up to date costs one read and no write lock.
    """
    try:
        with engine.connect() as conn:
            done = applied_versions(conn)
        _refuse_newer(done, url)
        if all(m.version in done for m in MIGRATIONS):
            return []
        applied: list[int] = []
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_LOCK: True})
            with conn.begin():
                schema.schema_migrations.create(conn, checkfirst=True)
                done = applied_versions(conn)  # again, now that we hold the lock
                _refuse_newer(done, url)
                for m in MIGRATIONS:
                    if m.version in done:
                        continue
                    m.apply(conn, engine.dialect.name)
                    conn.execute(
                        schema.schema_migrations.insert().values(
                            version=m.version, name=m.name, applied_at=utc_now()
                        )
                    )
                    applied.append(m.version)
        return applied
    except SQLAlchemyError as e:
        raise StoreError(
            f"cannot migrate store {url}: {first_line(e)}; nothing was changed, "
            "check the file is a scotrack store and retry",
            original=e,
        ) from e


def _refuse_newer(done: set[int], url: str) -> None:
    if done and max(done) > LATEST:
        raise StoreError(
            f"store {url} has schema version {max(done)} but this scotrack knows only "
            f"up to {LATEST}; upgrade scotrack"
        )


def first_line(e: BaseException) -> str:
    """The first line of a (possibly wrapped) database error, for a one-line message."""
    orig = getattr(e, "orig", None)
    message = str(orig if orig is not None else e).strip()
    return message.splitlines()[0] if message else type(e).__name__
