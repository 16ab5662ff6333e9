"""The store's tables, as SQLAlchemy Core objects shared by every backend.

::

    sources      one row per input file identity (its absolute path);
                 sources.id is the document id shown as "d{id}"
    versions     one row per distinct content of a source: raw bytes,
                 metadata, text, clean text, offset map; latest = max(version)
    flags        the flags of one version ("loaded" by the reader or
                 "cleaned" by the cleaner), spans into versions.text
    rejections   inputs that did not become documents, and why
    records      one row per linked real-world thing (meeting, person, …)
    mentions     the spans of a version that mention a record
    store_changes  one row: a counter every write transaction bumps

The full-text index (``versions_fts``) is backend specific and created by
migration 2 in :mod:`scotrack.store.migrations`, not here.

Free text (paths, titles, text, details) uses :data:`FreeText`: plain TEXT,
except that on PostgreSQL, whose text type cannot hold the NUL character,
NUL is escaped on the way in and restored on the way out, so every backend
gives back exactly the string it was given.

This module describes the *current* schema. Migration 1 creates it on a
fresh store; a later change must edit this file AND add a migration that
brings an existing store to the same shape.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

# -- NUL-safe text on PostgreSQL ----------------------------------------------------

NUL = "\x00"
# Escape character for NUL on PostgreSQL: a Unicode noncharacter, so real text
# almost never has it (when it does, it is escaped too and comes back intact).
NUL_ESCAPE = "\U0010ffff"
_ESCAPED = re.compile(NUL_ESCAPE + "([01])")


def escape_nul(s: str) -> str:
    """``s`` without NUL characters, reversibly (see :func:`unescape_nul`)."""
    if NUL not in s and NUL_ESCAPE not in s:
        return s
    return s.replace(NUL_ESCAPE, NUL_ESCAPE + "1").replace(NUL, NUL_ESCAPE + "0")


def unescape_nul(s: str) -> str:
    """The string :func:`escape_nul` was given."""
    if NUL_ESCAPE not in s:
        return s
    return _ESCAPED.sub(lambda m: NUL if m[1] == "0" else NUL_ESCAPE, s)


class _NulSafeText(TypeDecorator[str]):
    """TEXT whose values may hold NUL (PostgreSQL variant of :data:`FreeText`)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return escape_nul(value) if isinstance(value, str) else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return unescape_nul(value) if isinstance(value, str) else value


# TEXT on SQLite (no conversion at all); NUL-escaped TEXT on PostgreSQL.
FreeText = Text().with_variant(_NulSafeText(), "postgresql")

metadata = MetaData()

# ISO-8601 UTC timestamps are stored as text: portable and sortable.
_TS = String(40)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("applied_at", _TS, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("abspath", FreeText, nullable=False, unique=True),
    Column("path", FreeText, nullable=False),  # the latest path as given to ingest
    Column("first_seen", _TS, nullable=False),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    # what discover found
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("manifest", JSON(none_as_null=True), nullable=True),  # ManifestEntry as a dict
    # what the reader said (Loaded)
    Column("format", String(16), nullable=False),
    Column("encoding", String(40), nullable=True),
    Column("encoding_guessed", Boolean, nullable=False, default=False),
    Column("encoding_confidence", Float, nullable=True),
    Column("loaded_title", FreeText, nullable=True),
    Column("loaded_published", String(40), nullable=True),
    Column("url", FreeText, nullable=True),
    Column("author", FreeText, nullable=True),
    Column("site", FreeText, nullable=True),
    Column("page_starts", JSON, nullable=False),
    # inferred metadata (DocumentMeta)
    Column("title", FreeText, nullable=True),
    Column("published", String(40), nullable=True),
    Column("published_source", String(20), nullable=True),
    Column("language", String(8), nullable=False),
    Column("script", String(8), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("kind_reason", FreeText, nullable=False, default=""),
    # text and cleaning (Cleaned)
    Column("text", FreeText, nullable=False),
    Column("clean_text", FreeText, nullable=False),
    Column("offsets", JSON, nullable=False),  # OffsetMap.as_list()
    Column("ingested_at", _TS, nullable=False),
    UniqueConstraint("source_id", "version", name="uq_versions_source_version"),
)
Index("ix_versions_sha256", versions.c.sha256)

flags = Table(
    "flags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("origin", String(8), nullable=False),  # "loaded" | "cleaned"
    Column("kind", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end_", Integer, nullable=False),  # "end" is reserved in SQL
    Column("detail", FreeText, nullable=False, default=""),
)
Index("ix_flags_version", flags.c.version_id)
Index("ix_flags_kind", flags.c.kind)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", FreeText, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("reason", String(40), nullable=False),
    Column("detail", FreeText, nullable=False),
    Column("sha256", String(64), nullable=True),
    Column("size", Integer, nullable=True),
    Column("at", _TS, nullable=False),  # last time this rejection happened
)
Index("ix_rejections_path", rejections.c.path)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),  # shown as m1, o1, n1… by type
    Column("type", String(24), nullable=False),  # meetings | outcome_documents | …
    Column("key", FreeText, nullable=False),  # the linking key extractors give
    Column("first_seen", _TS, nullable=False),
    UniqueConstraint("type", "key", name="uq_records_type_key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),  # into versions.text
    Column("end_", Integer, nullable=False),
    Column("text", FreeText, nullable=False),  # == versions.text[start:end_]
    Column("attrs", JSON, nullable=False),  # record attributes this mention supports
    Column("mention", JSON, nullable=False),  # what this sentence says (status, …)
    Column("extractor", String(60), nullable=False),  # e.g. rules.meetings.v1
)
Index("ix_mentions_version", mentions.c.version_id)
Index("ix_mentions_record", mentions.c.record_id)

# One row (id 1) whose counter every write transaction bumps: a cheap way to
# tell that the store changed (see Store.change_stamp).
store_changes = Table(
    "store_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("counter", Integer, nullable=False),
)

# Tables created by migration 4 (the change counter).
V4_TABLES = (store_changes,)

# Tables created by migration 3 (the registry).
V3_TABLES = (records, mentions)

# Tables created by migration 1, in dependency order.
V1_TABLES = (sources, versions, flags, rejections)

# Name of the full-text table made by migration 2 (rowid = versions.id; the
# PostgreSQL table names its key column ``rowid`` too, so the SQL that writes
# the index is the same on both backends).
FTS_TABLE = "versions_fts"
