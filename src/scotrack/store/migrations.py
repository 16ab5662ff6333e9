"""An ordered list of numbered schema migrations and the runner that applies them.

Every store records what it has in ``schema_migrations(version, name,
applied_at)``. :func:`migrate` applies the missing steps in order, all in one
write transaction, so a store is never left half-migrated. That transaction
takes the backend's write lock (see :data:`WRITE_LOCK`; SQLite: ``BEGIN
IMMEDIATE``, PostgreSQL: advisory locks): two processes opening a fresh
store at once serialise, and the second one finds the work done and
applies nothing.

A step is a function ``(connection, dialect_name) -> None``; the few steps
whose SQL differs between SQLite and PostgreSQL branch on the dialect. Steps
are never edited once released; a schema change is a new step at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema
from .search import index_copy

# Execution option that makes the backend start the transaction with a write
# lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the store's advisory lock). Read
# by the engine's "begin" event hook. Its value is True for a write, or
# MIGRATION_LOCK for a migration, which on PostgreSQL also takes a lock for
# the whole database (extensions are per database, not per schema).
WRITE_LOCK = "scotrack_write_lock"
MIGRATION_LOCK = "migration"


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

    It holds a *normalised* copy (Simplified script, width/case folded, same
    length) of title and clean_text, keyed by ``rowid = versions.id``.

    SQLite: an FTS5 table with the trigram tokenizer, so Chinese (no spaces)
    and English substrings both match. PostgreSQL: a plain table with pg_trgm
    GIN indexes, which serve ``LIKE '%…%'`` for any language.
    """
    if dialect == "sqlite":
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {schema.FTS_TABLE} "
            "USING fts5(title, body, tokenize='trigram')"
        )
    elif dialect == "postgresql":
        ops = _trigram_opclass(conn)
        conn.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {schema.FTS_TABLE} "
            "(rowid INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)"
        )
        for col in ("title", "body"):
            conn.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS ix_{schema.FTS_TABLE}_{col} ON {schema.FTS_TABLE} USING gin ({col} {ops})"
            )
    else:
        raise StoreError(f"scotrack has no full-text index for {dialect}; use SQLite or PostgreSQL")
    _backfill_fulltext(conn, dialect)


def _trigram_opclass(conn: Connection) -> str:
    """The pg_trgm GIN operator class, schema-qualified; enables pg_trgm if needed.

    Qualified because the extension may live in another schema than the store
    (e.g. ``public``) that is not on the search path."""
    where = ("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
             "WHERE e.extname = 'pg_trgm'")
    found = conn.exec_driver_sql(where).scalar()
    if found is None:
        try:
            conn.exec_driver_sql("CREATE EXTENSION pg_trgm")
        except SQLAlchemyError as e:
            raise StoreError(
                f"cannot enable the pg_trgm extension: {first_line(e)}; ask the database owner to run "
                "CREATE EXTENSION pg_trgm in this database (Debian: apt install postgresql-contrib)",
                original=e,
            ) from e
        found = conn.exec_driver_sql(where).scalar()
    return '"' + str(found).replace('"', '""') + '".gin_trgm_ops'


def _backfill_fulltext(conn: Connection, dialect: str) -> None:
    """Index the latest version of every document already in the store."""
    rows = conn.execute(
        text(
            "SELECT v.id, v.title, v.clean_text FROM versions v "
            "WHERE v.version = (SELECT max(version) FROM versions w WHERE w.source_id = v.source_id)"
        ).columns(schema.versions.c.id, schema.versions.c.title, schema.versions.c.clean_text)
    ).all()
    for vid, title, clean_text in rows:
        conn.execute(
            text(f"INSERT INTO {schema.FTS_TABLE}(rowid, title, body) VALUES (:id, :t, :b)"),
            {"id": vid, "t": index_copy(title or "", dialect), "b": index_copy(clean_text, dialect)},
        )


def _m3_registry(conn: Connection, dialect: str) -> None:
    """Create records (one per linked real-world thing) and their mentions.

    Documents stored before this step have no mentions until
    ``scotrack extract`` re-runs extraction over them."""
    schema.metadata.create_all(conn, tables=list(schema.V3_TABLES))


def _m4_change_counter(conn: Connection, dialect: str) -> None:
    """Create ``store_changes``, the counter every write bumps (Store.change_stamp)."""
    schema.metadata.create_all(conn, tables=list(schema.V4_TABLES))
    conn.execute(schema.store_changes.insert().values(id=1, counter=0))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables", _m1_tables),
    Migration(2, "fulltext", _m2_fulltext),
    Migration(3, "registry", _m3_registry),
    Migration(4, "change-counter", _m4_change_counter),
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
            conn.execution_options(**{WRITE_LOCK: MIGRATION_LOCK})
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
            "check that --db names a scotrack store and retry",
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
