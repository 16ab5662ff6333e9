"""The registry export, contract ``scotrack.registry/1`` (``shared/spec/registry.md``).

Documents are streamed from the store one at a time, so exporting a large
store does not hold every text in memory. Record types the store does not
yet hold are exported as empty lists, never left out.
"""

from __future__ import annotations

import json
from typing import IO, Any

from .link import registry_records
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
    """Write the whole registry as one JSON object; returns the document count."""
    dump = (lambda o: json.dumps(o, ensure_ascii=False, indent=indent))
    out.write('{"schema": ' + dump(SCHEMA) + ',\n"documents": [')
    n = 0
    for row in store.iter_documents():
        out.write(("\n" if n == 0 else ",\n") + dump(document_record(row)))
        n += 1
    out.write("\n]")
    recs = registry(store)
    for kind in RECORD_TYPES:
        out.write(f',\n"{kind}": [')
        for i, rec in enumerate(recs[kind]):
            out.write(("\n" if i == 0 else ",\n") + dump(rec))
        out.write("]")
    out.write("\n}\n")
    return n
