"""The registry export, contract ``scotrack.registry/1`` (``shared/spec/registry.md``).

Documents are streamed from the store one at a time, so exporting a large
store does not hold every text in memory; records are regrouped on disk and
merged and written one at a time (:func:`write_json`). Record types the store does not
yet hold are exported as empty lists, never left out.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import IO, Any, cast

from .link import DocInfo, LinkedMention, Record, merge, registry_records
from .model import Found
from .store.base import DocumentRow, Store

SCHEMA = "scotrack.registry/1"
RECORD_TYPES = ("meetings", "outcome_documents", "initiatives", "institutions",
                "people", "commitments", "figures")


def document_record(row: DocumentRow) -> dict[str, Any]:
    """One document as the contract spells it, plus scotrack's extra fields."""
    return {
        "id": row.ref,
        "path": row.path,
        "sha256": row.sha256,
        "title": row.title,
        "published": row.published,
        "language": row.language,
        "script": row.script,
        "kind": row.kind,
        "text": row.text,
        "clean_text": row.clean_text,
        "flags": [dict(f) for f in row.flags],
        # additions (the contract allows new fields)
        "version": row.version,
        "format": row.format,
        "url": row.url,
        "encoding": row.encoding,
        "published_source": row.published_source,
        "kind_reason": row.kind_reason,
        "kept_ranges": row.offsets,
        "page_starts": row.page_starts,
    }


def registry(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every record type, linked and merged from the store's mentions."""
    return registry_records(store.iter_linked())


def write_json(store: Store, out: IO[str], *, indent: int | None = None) -> int:
    """Write the whole registry as one JSON object; returns the document count.

    Documents stream from the store one at a time. A record needs all its
    mentions before it can be merged, and the store hands mentions out in
    document order, so they are first spilled to a temporary SQLite file
    (:class:`MentionSpill`) and read back record by record: one record is in
    memory at a time, whatever the size of the store."""
    def dump(o: Any) -> str:
        return json.dumps(o, ensure_ascii=False, indent=indent)

    out.write('{"schema": ' + dump(SCHEMA) + ',\n"documents": [')
    n = 0
    for row in store.iter_documents():
        out.write(("\n" if n == 0 else ",\n") + dump(document_record(row)))
        n += 1
    out.write("\n]")
    with MentionSpill(store.iter_linked()) as spill:
        ids = cast(dict[tuple[str, str], str], spill.ids)  # merge() only looks ids up
        for kind in RECORD_TYPES:
            out.write(f',\n"{kind}": [')
            for i, rec in enumerate(spill.records(kind)):
                out.write(("\n" if i == 0 else ",\n") + dump(merge(rec, ids)))
            out.write("]")
    out.write("\n}\n")
    return n


class MentionSpill:
    """The store's mentions, regrouped by record in a private temporary SQLite
    database (deleted on close): the same records, in the same order (by first
    appearance) with the same mentions (in document order), as
    :func:`scotrack.link.group` builds in memory."""

    _BATCH = 5000

    def __init__(self, linked: Iterable[tuple[DocInfo, Found, str]]) -> None:
        self._db = sqlite3.connect("")  # "": a private on-disk temporary database
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE m (seq INTEGER PRIMARY KEY, type TEXT, key TEXT, rid TEXT, doc TEXT, "
                         "published TEXT, kind TEXT, start INTEGER, end_ INTEGER, text TEXT, attrs BLOB, "
                         "mention BLOB, extractor TEXT)")
        dumps = marshal.dumps  # C-fast, and gives back exactly the dicts it was given
        rows = ((f.type, f.key, rid, d.ref, d.published, d.kind, f.start, f.end, f.text,
                 dumps(f.attrs), dumps(f.mention), f.extractor) for d, f, rid in linked)
        insert = "INSERT INTO m (type, key, rid, doc, published, kind, start, end_, text, attrs, mention, " \
                 "extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        while chunk := list(islice(rows, self._BATCH)):
            self._db.executemany(insert, chunk)
        self._db.executescript(
            "CREATE INDEX m_record ON m (type, key, seq);"
            # the record id of the first mention, as group() takes it
            "CREATE TABLE r AS SELECT type, key, min(seq) AS first, rid FROM m GROUP BY type, key;"
            "CREATE INDEX r_order ON r (type, first);"
            "CREATE UNIQUE INDEX r_key ON r (type, key);")
        self.ids = _RecordIds(self._db)

    def __enter__(self) -> MentionSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def records(self, kind: str) -> Iterator[Record]:
        """The records of one type, each with all its mentions, in order of first appearance."""
        rows = self._db.execute(
            "SELECT r.first, r.key, r.rid, m.doc, m.published, m.kind, m.start, m.end_, m.text, m.attrs, "
            "m.mention, m.extractor FROM r CROSS JOIN m ON m.type = r.type AND m.key = r.key "
            "WHERE r.type = ? ORDER BY r.first, m.seq", (kind,))  # CROSS: records outside, in order
        rec: Record | None = None
        loads = marshal.loads
        for _first, key, rid, doc, published, dkind, start, end, text, attrs, mention, extractor in rows:
            if rec is None or rec.key != key:
                if rec is not None:
                    yield rec
                rec = Record(kind, key, id=rid or "")
            found = Found(kind, key, loads(attrs), start, end, text, loads(mention), extractor)
            rec.mentions.append(LinkedMention(DocInfo(doc, published, dkind), found))
        if rec is not None:
            yield rec


class _RecordIds(Mapping[tuple[str, str], str]):
    """(type, key) → record id, looked up in the spill (what merge() resolves links with)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __getitem__(self, item: tuple[str, str]) -> str:
        row = self._db.execute("SELECT rid FROM r WHERE type = ? AND key = ?", item).fetchone()
        if row is None:
            raise KeyError(item)
        return str(row[0])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._db.execute("SELECT type, key FROM r").fetchall())

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM r").fetchone()[0])
