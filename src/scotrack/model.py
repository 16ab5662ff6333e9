"""The data that flows between scotrack's stages.

This module is the bottom layer: it imports nothing else from the package.
Offsets are always character offsets (Python string indices) into
``Document.text`` unless a name says otherwise (``clean_*``).

Stages::

    discover  -> SourceFile        (path, bytes, sha256, manifest entry)
    readers   -> Loaded            (decoded text + what the file itself says)
    metadata  -> DocumentMeta      (language, script, kind, published, title)
    clean     -> Cleaned           (clean_text, offset map, flags)
    store     <- Document | Rejection
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

FlagKind = Literal[
    "boilerplate",
    "duplicate",
    "near-duplicate",
    "suspected-typo",
    "heading-body-mismatch",
    "fact-conflict",
    "truncated",
    "encoding",
]
FLAG_KINDS: tuple[str, ...] = get_args(FlagKind)
# Flags whose span is deleted from clean_text; the others only annotate.
REMOVING_FLAGS = frozenset({"boilerplate", "duplicate", "near-duplicate"})

Language = Literal["zh", "en", "mixed"]
Script = Literal["hans", "hant"]
DocKind = Literal["official", "news", "self-media", "reference", "unknown"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Flag:
    """Something doubtful or removed, at ``[start, end)`` of ``Document.text``."""

    kind: str
    start: int
    end: int
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One row of a ``manifest.jsonl`` / ``manifest.csv`` beside the files."""

    file: str
    url: str | None = None
    published: str | None = None
    title: str | None = None
    kind: str | None = None


@dataclass(slots=True)
class SourceFile:
    """An input file as found on disk, before anything is decoded."""

    path: str  # as given to ingest (joined with the folder walked)
    abspath: str  # resolved absolute path: the document's identity in a store
    raw: bytes
    sha256: str
    manifest: ManifestEntry | None = None

    @property
    def size(self) -> int:
        return len(self.raw)


@dataclass(slots=True)
class Loaded:
    """What a reader made of a file: its text and what the file itself says.

    ``text`` is what every offset refers to. For ``.txt``/``.md`` it is the
    decoded file with ``\\r\\n`` turned into ``\\n`` and nothing else changed.
    """

    text: str
    format: str  # "txt" | "md" | "html" | "pdf" | "image"
    encoding: str | None = None
    encoding_guessed: bool = False
    encoding_confidence: float | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    site: str | None = None
    page_starts: list[int] = field(default_factory=list)  # pdf: offset of each page
    flags: list[Flag] = field(default_factory=list)


@dataclass(slots=True)
class DocumentMeta:
    """Metadata inferred from the text, the manifest and the reader."""

    title: str | None
    published: str | None  # ISO date
    published_source: str | None  # "manifest" | "html" | "dateline" | "pdf" | None
    language: str  # zh | en | mixed
    script: str | None  # hans | hant | None
    kind: str  # official | news | self-media | reference | unknown
    kind_reason: str = ""


class OffsetMap:
    """Maps offsets between ``clean_text`` and ``text``.

    ``clean_text`` is ``text`` with some ranges deleted and nothing else
    changed, so the map is the sorted list of kept ranges of ``text``.
    """

    __slots__ = ("kept", "_clean_starts")

    def __init__(self, kept: list[tuple[int, int]]):
        self.kept = [(s, e) for s, e in kept if e > s]
        starts, pos = [], 0
        for s, e in self.kept:
            starts.append(pos)
            pos += e - s
        self._clean_starts = starts

    @classmethod
    def from_removed(cls, length: int, removed: list[tuple[int, int]]) -> OffsetMap:
        """Build the map of ``text`` (of ``length`` chars) minus ``removed`` ranges."""
        kept, pos = [], 0
        for s, e in sorted(removed):
            if s > pos:
                kept.append((pos, s))
            pos = max(pos, e)
        if pos < length:
            kept.append((pos, length))
        return cls(kept)

    def apply(self, text: str) -> str:
        return "".join(text[s:e] for s, e in self.kept)

    def to_text(self, clean_offset: int) -> int:
        """The ``text`` offset of the character at ``clean_offset``."""
        if not self.kept:
            return 0
        i = max(0, bisect_right(self._clean_starts, clean_offset) - 1)
        s, e = self.kept[i]
        return min(s + clean_offset - self._clean_starts[i], e)

    def to_text_span(self, start: int, end: int) -> Span:
        """The ``text`` range covering ``clean_text[start:end]``."""
        if end <= start:
            at = self.to_text(start)
            return Span(at, at)
        return Span(self.to_text(start), self.to_text(end - 1) + 1)

    def to_clean(self, text_offset: int) -> int | None:
        """The ``clean_text`` offset of ``text[text_offset]``, None if removed."""
        i = bisect_right([s for s, _ in self.kept], text_offset) - 1
        if i < 0:
            return None
        s, e = self.kept[i]
        if text_offset >= e:
            return None
        return self._clean_starts[i] + text_offset - s

    def as_list(self) -> list[list[int]]:
        return [[s, e] for s, e in self.kept]


@dataclass(slots=True)
class Cleaned:
    clean_text: str
    offsets: OffsetMap
    flags: list[Flag]


@dataclass(slots=True)
class Found:
    """One grounded mention of a registry record, as an extractor reports it.

    ``key`` links mentions of the same real-world thing across documents
    (e.g. ``heads-of-state#25``, a canonical title, a person's name);
    ``attrs`` are the record attributes this mention supports; ``mention``
    attributes are what THIS sentence says (e.g. ``{"status": "preparing"}``).
    """

    type: str
    key: str
    attrs: dict[str, Any]
    start: int  # offsets into Document.text
    end: int
    text: str
    mention: dict[str, Any] = field(default_factory=dict)
    extractor: str = ""


@dataclass(slots=True)
class Document:
    """A decoded, cleaned document ready to be stored."""

    source: SourceFile
    loaded: Loaded
    meta: DocumentMeta
    cleaned: Cleaned
    found: list[Found] = field(default_factory=list)  # registry mentions (extract stage)
    checks: list[Flag] = field(default_factory=list)  # flags from checking the extracted facts
    problems: list[str] = field(default_factory=list)  # stages that failed on it (not stored)

    @property
    def text(self) -> str:
        return self.loaded.text

    @property
    def clean_text(self) -> str:
        return self.cleaned.clean_text

    @property
    def flags(self) -> list[Flag]:
        return sorted(self.loaded.flags + self.cleaned.flags + self.checks, key=lambda f: (f.start, f.end, f.kind))


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become a document, and why (stored, not logged)."""

    path: str
    stage: str  # "discover" | "read" | "clean" | "store"
    reason: str  # short code: "empty", "binary", "too-large", ...
    detail: str  # one line for a person, saying what to do next
    sha256: str | None = None
    size: int | None = None
