"""The store interface: what the pipeline, CLI and export need from a backend.

A store keeps every input's raw bytes and sha256, one row per document
version, the flags of each version, the rejections, and a full-text index.
SQLite is the default backend; PostgreSQL (``--db postgresql://...``) has the
same schema, migrations and behaviour (both are :class:`.sql.SQLStore`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..link import DocInfo
from ..model import Document, Flag, Found, Rejection

SeenStatus = Literal["new", "unchanged", "changed"]


@dataclass(slots=True)
class DocumentRow:
    """One stored document (its latest version unless asked otherwise)."""

    id: int  # shown as "d{id}"
    path: str  # as given to ingest
    abspath: str
    sha256: str
    version: int
    format: str
    title: str | None
    published: str | None
    published_source: str | None
    language: str
    script: str | None
    kind: str
    kind_reason: str
    url: str | None
    encoding: str | None
    size: int
    text: str
    clean_text: str
    offsets: list[list[int]]  # kept ranges of text, see model.OffsetMap
    page_starts: list[int]
    flags: list[dict[str, object]] = field(default_factory=list)  # {"kind","start","end","detail"}
    flag_counts: dict[str, int] = field(default_factory=dict)  # kind -> n (filled by list_documents)
    ingested_at: str = ""

    @property
    def ref(self) -> str:
        return f"d{self.id}"


@dataclass(slots=True)
class RejectionRow:
    id: int
    path: str
    stage: str
    reason: str
    detail: str
    sha256: str | None
    size: int | None
    at: str


@dataclass(slots=True)
class SearchHit:
    doc_id: int
    path: str
    title: str | None
    snippet: str  # from clean_text, around the first match
    start: int  # offset of the match in clean_text (0 when in_title)
    score: float  # higher is better; comparable only within one search
    in_title: bool = False  # matched the title only; snippet is the title


class Store(Protocol):
    """A backend. Every write method is atomic: all of it lands or none."""

    url: str

    def close(self) -> None: ...

    def __enter__(self) -> Store:
        """``with open_store(db) as store:`` closes the store on exit."""
        ...

    def __exit__(self, *exc: object) -> None: ...

    def seen(self, abspath: str, sha256: str) -> SeenStatus:
        """new: path never stored; unchanged: latest version has this sha256;
        changed: path stored with other content (a new version will be made)."""
        ...

    def seen_many(self, items: Sequence[tuple[str, str]]) -> list[SeenStatus]:
        """:meth:`seen` for many (abspath, sha256) pairs at once."""
        ...

    def write_batch(self, items: Sequence[Document | Rejection]) -> list[int | None]:
        """Store documents (raw bytes, text, clean text, flags, metadata, FTS row)
        and rejections in ONE transaction. Returns the document id for each
        Document (None for rejections). Re-writing an unchanged (abspath, sha256)
        is a no-op that returns the existing id; a changed file becomes
        version+1 of the same document id."""
        ...

    def list_documents(self, *, kind: str | None = None, language: str | None = None,
                       flagged: str | None = None, limit: int | None = None) -> list[DocumentRow]:
        """Latest versions, ordered by id. Text fields may be empty here (use get).
        ``flagged`` keeps documents having a flag of that kind ("any": any flag)."""
        ...

    def get_document(self, doc_id: int, version: int | None = None) -> DocumentRow | None: ...

    def load_document(self, doc_id: int, version: int | None = None) -> Document | None:
        """The stored version rebuilt as the model ``Document`` that was written
        (source with raw bytes and manifest, Loaded, DocumentMeta, Cleaned with
        flags split by origin), e.g. to re-run later stages without the files."""
        ...

    def iter_documents(self) -> Iterator[DocumentRow]:
        """Every document's latest version with text and flags, streamed by id."""
        ...

    def raw_bytes(self, doc_id: int, version: int | None = None) -> bytes | None: ...

    def list_rejections(self) -> list[RejectionRow]: ...

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over clean_text; Simplified and Traditional queries
        find the same documents; queries of 1-2 characters work too."""
        ...

    def iter_linked(self) -> Iterator[tuple[DocInfo, Found, str]]:
        """Every registry mention of the documents' latest versions, in document
        order, with the document's ref/date/kind and the record id (``m3``)."""
        ...

    def replace_mentions(self, items: Sequence[tuple[int, list[Found], list[Flag]]]) -> None:
        """Replace the mentions and check flags of these documents' latest versions
        (re-extraction)."""
        ...

    def document_ids(self) -> list[int]: ...

    def record_counts(self) -> dict[str, int]:
        """Records with a mention in a latest version, per record type."""
        ...

    def counts(self) -> dict[str, int]:
        """{"documents": n, "versions": n, "rejections": n, "flags": n}
        (flags counts the flags of latest versions)."""
        ...

    def change_stamp(self) -> tuple[int, ...]:
        """A cheap value that differs after any write to the store (by any
        process): compare two stamps to know whether cached views are stale."""
        ...
