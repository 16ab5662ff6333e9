"""Query builders and row conversion shared by the SQL backends.

Pure functions over SQLAlchemy Core: what a "latest version" is, how a
versions row becomes a :class:`DocumentRow` or a model ``Document``, and how
a full-text match becomes a :class:`SearchHit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Row, and_, func, select

from ..model import Cleaned, Document, DocumentMeta, Flag, Loaded, ManifestEntry, OffsetMap, SourceFile
from . import search as fts
from .base import DocumentRow, SearchHit
from .schema import flags, sources, versions

s, v, f = sources, versions, flags
# versions columns that hold the bulk of a row; left out of list views
_HEAVY = {"raw", "text", "clean_text", "offsets"}
LIGHT_COLS = [c for c in v.c if c.name not in _HEAVY]
FULL_COLS = [c for c in v.c if c.name != "raw"]


def latest(cols: Sequence[Any], with_source: bool = True) -> Any:
    """SELECT ``cols`` (+ source path/abspath) of every document's latest version."""
    newest = (
        select(v.c.source_id, func.max(v.c.version).label("version"))
        .group_by(v.c.source_id).subquery("newest")
    )
    return (
        select(*cols, *((s.c.path, s.c.abspath) if with_source else ()))
        .select_from(s.join(v, v.c.source_id == s.c.id)
                     .join(newest, and_(newest.c.source_id == v.c.source_id, newest.c.version == v.c.version)))
    )


def latest_page(cols: Sequence[Any], after: int, limit: int) -> Any:
    """:func:`latest` (with source path/abspath) for the next ``limit`` documents
    whose id is above ``after``, by id. The newest-version lookup covers those
    documents only, so a page costs the same however large the store is
    (:func:`latest` filtered afterwards groups every document for every page)."""
    newest = (
        select(v.c.source_id, func.max(v.c.version).label("version"))
        .where(v.c.source_id > after).group_by(v.c.source_id)
        .order_by(v.c.source_id).limit(limit).subquery("newest")
    )
    return (
        select(*cols, s.c.path, s.c.abspath)
        .select_from(newest.join(v, and_(v.c.source_id == newest.c.source_id, v.c.version == newest.c.version))
                     .join(s, s.c.id == v.c.source_id))
        .order_by(s.c.id)
    )


def one_version(cols: Sequence[Any], doc_id: int, version: int | None) -> Any:
    """SELECT ``cols`` (+ path, abspath) of one document's ``version`` (latest if None)."""
    stmt = select(*cols, s.c.path, s.c.abspath).join(s, s.c.id == v.c.source_id).where(s.c.id == doc_id)
    if version is not None:
        return stmt.where(v.c.version == version)
    return stmt.order_by(v.c.version.desc()).limit(1)


def fill_flag_counts(conn: Connection, rows: list[DocumentRow], version_ids: list[int]) -> None:
    """Set ``flag_counts`` (kind -> n) on list rows, one grouped query per 500."""
    for i in range(0, len(version_ids), 500):
        chunk = version_ids[i:i + 500]
        by_version: dict[int, dict[str, int]] = {vid: {} for vid in chunk}
        for r in conn.execute(select(f.c.version_id, f.c.kind, func.count())
                              .where(f.c.version_id.in_(chunk)).group_by(f.c.version_id, f.c.kind)):
            by_version[r[0]][r[1]] = r[2]
        for row, vid in zip(rows[i:i + 500], chunk):
            row.flag_counts = {k: by_version[vid][k] for k in sorted(by_version[vid])}


def flags_of(conn: Connection, version_ids: list[int]) -> dict[int, list[dict[str, object]]]:
    """Flags of each version, as Document.flags orders them (start, end, kind).

    Sorted here rather than by the database, whose text collation (on
    PostgreSQL, the locale's) need not order kinds as Python does."""
    got: dict[int, list[tuple[Any, ...]]] = {vid: [] for vid in version_ids}
    rows = conn.execute(
        select(f.c.version_id, f.c.kind, f.c.start, f.c.end_, f.c.detail, f.c.id)
        .where(f.c.version_id.in_(version_ids))
    )
    for r in rows:
        got[r.version_id].append((r.start, r.end_, r.kind, r.id, r.detail))
    return {vid: [{"kind": k, "start": a, "end": b, "detail": d} for a, b, k, _, d in sorted(items)]
            for vid, items in got.items()}


def version_values(doc: Document, source_id: int, number: int, now: str) -> dict[str, Any]:
    """The versions row for ``doc`` as version ``number`` of ``source_id``."""
    src, ld, meta = doc.source, doc.loaded, doc.meta
    return {
        "source_id": source_id, "version": number, "sha256": src.sha256, "size": src.size,
        "raw": src.raw, "manifest": asdict(src.manifest) if src.manifest is not None else None,
        "format": ld.format, "encoding": ld.encoding, "encoding_guessed": ld.encoding_guessed,
        "encoding_confidence": ld.encoding_confidence, "loaded_title": ld.title,
        "loaded_published": ld.published, "url": ld.url, "author": ld.author, "site": ld.site,
        "page_starts": list(ld.page_starts),
        "title": meta.title, "published": meta.published, "published_source": meta.published_source,
        "language": meta.language, "script": meta.script, "kind": meta.kind, "kind_reason": meta.kind_reason,
        "text": ld.text, "clean_text": doc.clean_text, "offsets": doc.cleaned.offsets.as_list(),
        "ingested_at": now,
    }


def to_row(r: Row[Any], flag_dicts: list[dict[str, object]], *, light: bool = False) -> DocumentRow:
    """A DocumentRow from a versions row (+ path, abspath); ``light`` rows have no text."""
    manifest = r.manifest or {}
    return DocumentRow(
        id=r.source_id, path=r.path, abspath=r.abspath, sha256=r.sha256, version=r.version,
        format=r.format, title=r.title, published=r.published, published_source=r.published_source,
        language=r.language, script=r.script, kind=r.kind, kind_reason=r.kind_reason,
        url=r.url or manifest.get("url"), encoding=r.encoding, size=r.size,
        text="" if light else r.text, clean_text="" if light else r.clean_text,
        offsets=[] if light else r.offsets,
        page_starts=r.page_starts, flags=flag_dicts, ingested_at=r.ingested_at,
    )


def to_document(r: Row[Any], flag_rows: Sequence[Row[Any]]) -> Document:
    """The model Document a full versions row (+ path, abspath) and its flags were written from."""
    by_origin: dict[str, list[Flag]] = {"loaded": [], "cleaned": [], "checked": []}
    for fr in flag_rows:
        by_origin[fr.origin].append(Flag(fr.kind, fr.start, fr.end_, fr.detail))
    source = SourceFile(path=r.path, abspath=r.abspath, raw=bytes(r.raw), sha256=r.sha256,
                        manifest=ManifestEntry(**r.manifest) if r.manifest else None)
    loaded = Loaded(text=r.text, format=r.format, encoding=r.encoding, encoding_guessed=r.encoding_guessed,
                    encoding_confidence=r.encoding_confidence, title=r.loaded_title,
                    published=r.loaded_published, url=r.url, author=r.author, site=r.site,
                    page_starts=list(r.page_starts), flags=by_origin["loaded"])
    meta = DocumentMeta(title=r.title, published=r.published, published_source=r.published_source,
                        language=r.language, script=r.script, kind=r.kind, kind_reason=r.kind_reason)
    cleaned = Cleaned(clean_text=r.clean_text, offsets=OffsetMap([(a, b) for a, b in r.offsets]),
                      flags=by_origin["cleaned"])
    return Document(source=source, loaded=loaded, meta=meta, cleaned=cleaned, checks=by_origin["checked"])


def hit(info: Row[Any], body: str, q: str, score: float) -> SearchHit:
    """A search hit on ``info`` (a versions row with path) whose indexed copy is ``body``."""
    start = fts.locate(info.clean_text, body, q)
    if start is None:  # matched the title only
        return SearchHit(doc_id=info.source_id, path=info.path, title=info.title, snippet=info.title or "",
                         start=0, score=score, in_title=True)
    return SearchHit(doc_id=info.source_id, path=info.path, title=info.title,
                     snippet=fts.snippet(info.clean_text, start, len(q)), start=start, score=score)
