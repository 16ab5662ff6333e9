"""The store's tables, as SQLAlchemy Core objects shared by every backend.

::

    sources      one row per input file identity (its absolute path);
                 sources.id is the document id shown as "d{id}"
    versions     one row per distinct content of a source: raw bytes,
                 metadata, text, clean text, offset map; latest = max(version)
    flags        the flags of one version ("loaded" by the reader or
                 "cleaned" by the cleaner), spans into versions.text
    rejections   inputs that did not become documents, and why

The full-text index (``versions_fts``) is backend specific and created by
migration 2 in :mod:`scotrack.store.migrations`, not here.

This module describes the *current* schema. Migration 1 creates it on a
fresh store; a later change must edit this file AND add a migration that
brings an existing store to the same shape.
"""

from __future__ import annotations

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
    Column("abspath", Text, nullable=False, unique=True),
    Column("path", Text, nullable=False),  # the latest path as given to ingest
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
    Column("loaded_title", Text, nullable=True),
    Column("loaded_published", String(40), nullable=True),
    Column("url", Text, nullable=True),
    Column("author", Text, nullable=True),
    Column("site", Text, nullable=True),
    Column("page_starts", JSON, nullable=False),
    # inferred metadata (DocumentMeta)
    Column("title", Text, nullable=True),
    Column("published", String(40), nullable=True),
    Column("published_source", String(20), nullable=True),
    Column("language", String(8), nullable=False),
    Column("script", String(8), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("kind_reason", Text, nullable=False, default=""),
    # text and cleaning (Cleaned)
    Column("text", Text, nullable=False),
    Column("clean_text", Text, nullable=False),
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
    Column("detail", Text, nullable=False, default=""),
)
Index("ix_flags_version", flags.c.version_id)
Index("ix_flags_kind", flags.c.kind)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("reason", String(40), nullable=False),
    Column("detail", Text, nullable=False),
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
    Column("key", Text, nullable=False),  # the linking key extractors give
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
    Column("text", Text, nullable=False),  # == versions.text[start:end_]
    Column("attrs", JSON, nullable=False),  # record attributes this mention supports
    Column("mention", JSON, nullable=False),  # what this sentence says (status, …)
    Column("extractor", String(60), nullable=False),  # e.g. rules.meetings.v1
)
Index("ix_mentions_version", mentions.c.version_id)
Index("ix_mentions_record", mentions.c.record_id)

# Tables created by migration 3 (the registry).
V3_TABLES = (records, mentions)

# Tables created by migration 1, in dependency order.
V1_TABLES = (sources, versions, flags, rejections)

# Name of the full-text table made by migration 2 (rowid = versions.id).
FTS_TABLE = "versions_fts"
