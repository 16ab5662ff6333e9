"""Documents: the list (filters, CSV, JSON), one document with its text marked
up, its raw bytes as a download, and the rejected inputs.

The text of a document is untrusted. It is cut into *segments* here, in
Python, at every boundary of every span that marks it (kept ranges, registry
mentions, flags, search hits); each segment knows which spans cover it, so
the template can open and close the same elements around each one and the
nesting is always valid. Every piece of text goes through Jinja's escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from ...model import REMOVING_FLAGS
from ...store.base import DocumentRow, RejectionRow
from ..app import data, page
from ..data import Snapshot, derived_index
from ..common import PAGE_PARAMS_DOC, Pager, csv_response, record_url

router = APIRouter()

KINDS = ("official", "news", "self-media", "reference", "unknown")
LANGUAGES = ("zh", "en", "mixed")
FLAG_KINDS = ("boilerplate", "duplicate", "near-duplicate", "heading-body-mismatch", "fact-conflict",
              "truncated", "suspected-typo", "encoding")
_REF = re.compile(r"d(\d{1,12})")
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")


# --- JSON shapes ----------------------------------------------------------------

class DocumentSummary(BaseModel):
    """One row of the document list."""

    id: str
    title: str
    published: str | None
    language: str
    script: str | None
    kind: str
    flags: dict[str, int]
    mentions: int
    path: str
    url: str | None
    version: int


class DocumentList(BaseModel):
    """One page of the filtered document list (``total`` counts every page)."""

    total: int
    page: int
    per_page: int
    items: list[DocumentSummary]


class FlagOut(BaseModel):
    kind: str
    start: int
    end: int
    detail: str


class MentionOut(BaseModel):
    """A registry mention in this document: offsets into ``text``."""

    record: str
    type: str
    label: str
    start: int
    end: int
    text: str
    url: str


class DocumentDetail(DocumentSummary):
    """One document with its text, clean text, kept ranges, flags and mentions."""

    path: str
    sha256: str
    format: str
    encoding: str | None
    size: int
    kind_reason: str
    published_source: str | None
    ingested_at: str
    offsets: list[list[int]]
    flag_list: list[FlagOut]
    mention_list: list[MentionOut]
    text: str
    clean_text: str


class RejectionOut(BaseModel):
    id: int
    path: str
    stage: str
    reason: str
    detail: str
    sha256: str | None
    size: int | None
    at: str


class RejectionList(BaseModel):
    """One page of the rejected inputs, oldest first (``total`` counts every page)."""

    total: int
    page: int
    per_page: int
    items: list[RejectionOut]


# --- registry mentions per document --------------------------------------------

def record_label(rec: dict[str, Any]) -> str:
    """A short human name for a registry record of any type (the records pages'
    name when that module provides one, cut to 60 characters)."""
    try:
        from .records import record_name
        name = record_name(rec)
    except ImportError:  # pragma: no cover - the records family not present
        name = ""
    if not name:
        t = rec.get("type", "")
        if t == "meetings":
            parts = [str(rec.get("body") or "meeting"), f"#{rec['ordinal']}" if rec.get("ordinal") else "",
                     str(rec.get("city") or ""), str(rec.get("start") or rec.get("year") or "")]
            name = " ".join(p for p in parts if p)
        elif t == "figures":
            name = f"{rec.get('value', '')}{rec.get('unit') or ''} {rec.get('about') or ''}".strip()
        else:
            name = str(rec.get("name") or rec.get("title") or rec.get("text") or rec.get("key") or rec.get("id", ""))
    return name if len(name) <= 60 else name[:59] + "…"


def mentions_by_document(request: Request) -> dict[str, list[dict[str, Any]]]:
    """Document ref -> its registry mentions (record id, type, label, offsets,
    text, url), in text order; built once per registry snapshot."""
    return data(request).snapshot().derived("mentions-by-document")  # type: ignore[no-any-return]


@derived_index("mentions-by-document")
def _mentions_by_document(snap: Snapshot) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = {}
    for rid, rec in snap.by_id.items():
        label = record_label(rec)
        url = record_url(rid)
        for m in rec.get("mentions", ()):
            index.setdefault(m["doc"], []).append({
                "record": rid, "type": rec["type"], "label": label, "start": int(m["start"]),
                "end": int(m["end"]), "text": m.get("text", ""), "url": url})
    for ms in index.values():
        ms.sort(key=lambda m: (m["start"], -m["end"], m["record"]))
    return index


# --- the text, cut into segments --------------------------------------------------

@dataclass
class Segment:
    """A run of text covered by the same spans (or a zero-width flag marker)."""

    start: int
    end: int
    text: str
    removed: str = ""  # why cleaning removed it ("" = kept)
    mentions: list[dict[str, Any]] = field(default_factory=list)  # longest first
    flags: list[dict[str, Any]] = field(default_factory=list)  # marked (non-removing) flags
    hit: bool = False  # matches the ?q= query
    point: bool = False  # a zero-width flag: text is a marker, not document text
    anchors: list[str] = field(default_factory=list)  # empty anchors before the segment
    mark_id: str = ""  # "m-<start>" when a mention starts here
    run_open: bool = False  # the first segment of a removed run shown as its own block
    run_close: bool = False  # the last segment of such a run

    @property
    def link(self) -> dict[str, Any] | None:
        """The shortest (innermost) mention: the one linked."""
        return self.mentions[-1] if self.mentions else None

    @property
    def mention_title(self) -> str:
        return " · ".join(f"{m['type']} {m['record']}: {m['label']}" for m in self.mentions)

    @property
    def mention_types(self) -> str:
        return " ".join(sorted({m["type"] for m in self.mentions}))

    @property
    def flag_title(self) -> str:
        return " · ".join(f"{f['kind']}: {f['detail']}" for f in self.flags)


def removed_gaps(length: int, kept: list[list[int]]) -> list[tuple[int, int]]:
    """The ranges of ``text`` that are not inside a kept range."""
    gaps, pos = [], 0
    for s, e in sorted((int(a), int(b)) for a, b in kept):
        if s > pos:
            gaps.append((pos, min(s, length)))
        pos = max(pos, e)
    if pos < length:
        gaps.append((pos, length))
    return [(s, e) for s, e in gaps if e > s]


def build_segments(text: str, kept: list[list[int]], flags: list[dict[str, Any]],
                   mentions: list[dict[str, Any]], hits: list[tuple[int, int]] = ()) -> list[Segment]:
    """Cut ``text`` at every span boundary; each segment lists what covers it."""
    n = len(text)
    spans: list[tuple[int, int, str, Any]] = []  # (start, end, kind, payload)
    points: dict[int, list[dict[str, Any]]] = {}
    gaps = removed_gaps(n, kept)
    removing = [f for f in flags if f["kind"] in REMOVING_FLAGS]
    for g in gaps:
        near = [f for f in removing if int(f["start"]) < g[1] and int(f["end"]) > g[0]]
        spans.append((g[0], g[1], "gap", _reason(near, along=True)))
    for f in removing:
        spans.append((int(f["start"]), int(f["end"]), "rm", f))
    for f in flags:
        if f["kind"] in REMOVING_FLAGS:
            continue
        s, e = max(0, min(int(f["start"]), n)), max(0, min(int(f["end"]), n))
        if e > s:
            spans.append((s, e, "flag", f))
        else:
            points.setdefault(s, []).append(f)
    for m in mentions:
        spans.append((int(m["start"]), int(m["end"]), "mention", m))
    for s, e in hits:
        spans.append((s, e, "hit", None))
    spans = [(max(0, s), min(e, n), k, p) for s, e, k, p in spans if min(e, n) > max(0, s)]

    bounds = sorted({0, n, *points, *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    starts: dict[int, list[int]] = {}
    for i, sp in enumerate(spans):
        starts.setdefault(sp[0], []).append(i)
    flag_starts = {int(f["start"]) for f in flags}
    hit_starts = {s for s, _e in hits}
    active: set[int] = set()
    used_ids: set[str] = set()
    out: list[Segment] = []
    for a, b in zip(bounds, bounds[1:] + [n]):
        active = {i for i in active if spans[i][1] > a} | set(starts.get(a, ()))
        anchors = [f"f-{a}"] if a in flag_starts and f"f-{a}" not in used_ids else []
        if a in hit_starts and b > a:
            anchors.append(f"q-{a}")
        used_ids.update(anchors)
        for f in points.get(a, ()):
            out.append(Segment(a, a, "⚑", flags=[f], point=True, anchors=anchors))
            anchors = []
        if b <= a:
            continue
        seg = Segment(a, b, text[a:b], anchors=anchors)
        gap_reason, rm = "", []
        for i in sorted(active, key=lambda i: (spans[i][0], -spans[i][1])):
            s, e, kind, payload = spans[i]
            if kind == "gap":
                gap_reason = payload
            elif kind == "rm":
                rm.append(payload)
            elif kind == "flag":
                seg.flags.append(payload)
            elif kind == "mention":
                seg.mentions.append(payload)
            else:
                seg.hit = True
        seg.mentions.sort(key=lambda m: (-(m["end"] - m["start"]), m["start"]))
        if gap_reason:
            seg.removed = _reason(rm) if rm else gap_reason
        if any(m["start"] == a for m in seg.mentions) and f"m-{a}" not in used_ids:
            seg.mark_id = f"m-{a}"
            used_ids.add(seg.mark_id)
        out.append(seg)
    return out


def mark_removed_runs(text: str, segments: list[Segment]) -> list[Segment]:
    """Mark the runs of removed segments that stand on lines of their own (they start
    a line and end one), so the page shows each as one compact greyed block instead of
    its paragraphs and the blank lines between them. Nothing is dropped: every
    character stays in the page."""
    i, n = 0, len(segments)
    while i < n:
        if not segments[i].removed or segments[i].point:
            i += 1
            continue
        j = i
        while j + 1 < n and segments[j + 1].removed and not segments[j + 1].point:
            j += 1
        a, b = segments[i].start, segments[j].end
        starts_line = a == 0 or text[a - 1] == "\n"
        ends_line = b >= len(text) or text[b - 1] == "\n" or text[b] == "\n"
        if starts_line and ends_line and text[a:b].strip():
            segments[i].run_open = segments[j].run_close = True
        i = j + 1
    return segments


def _reason(removing: list[dict[str, Any]], along: bool = False) -> str:
    """The title of a removed segment: the removing flags over it (``along``:
    over the removed range around it, for the blank lines between them)."""
    if not removing:
        return "removed by cleaning"
    parts = "; ".join(dict.fromkeys(f"{f['kind']}: {f['detail']}" for f in removing))
    return f"removed along with its neighbours — {parts}" if along else f"removed — {parts}"


def query_hits(text: str, q: str) -> list[tuple[int, int]]:
    """Where ``q`` occurs in ``text``, script, width and case folded (as search does)."""
    from ...store.search import normalise_query, normalise_text

    nq = normalise_query(q)
    if not nq or not text:
        return []
    folded = normalise_text(text)
    if len(folded) != len(text):
        return []
    out, pos = [], folded.find(nq)
    while pos >= 0 and len(out) < 500:
        out.append((pos, pos + len(nq)))
        pos = folded.find(nq, pos + len(nq))
    return out


# --- helpers -----------------------------------------------------------------------

def parse_ref(ref: str) -> int:
    """``d3`` -> 3; anything else is a 404."""
    m = _REF.fullmatch(ref)
    if not m:
        raise HTTPException(404, f"No document {ref!r}: document ids look like d3.")
    return int(m.group(1))


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (shown as text only)."""
    if not url:
        return None
    u = url.strip()
    return u if _SAFE_URL.fullmatch(u) else None


def _title(row: DocumentRow) -> str:
    return row.title or row.path.rsplit("/", 1)[-1]


def _summary(row: DocumentRow, n_mentions: int, flag_counts: dict[str, int] | None = None) -> DocumentSummary:
    return DocumentSummary(id=row.ref, title=_title(row), published=row.published, language=row.language,
                           script=row.script, kind=row.kind, flags=dict(flag_counts or row.flag_counts),
                           mentions=n_mentions, path=row.path, url=row.url, version=row.version)


def _filtered(request: Request, kind: str | None, language: str | None, flag: str | None,
              date_from: str | None, date_to: str | None) -> list[DocumentSummary]:
    """The documents after the filters (remembered for the current registry snapshot)."""
    from .records import cached

    return cached(request, data(request).snapshot(),  # type: ignore[no-any-return]
                  ("documents", kind, language, flag, date_from, date_to),
                  lambda: _filter_documents(request, kind, language, flag, date_from, date_to))


def _filter_documents(request: Request, kind: str | None, language: str | None, flag: str | None,
                      date_from: str | None, date_to: str | None) -> list[DocumentSummary]:
    rows = data(request).store.list_documents(kind=kind or None, language=language or None,
                                              flagged=flag or None)
    index = mentions_by_document(request)
    out = []
    for r in rows:
        if date_from and (not r.published or r.published < date_from):
            continue
        if date_to and (not r.published or r.published[:len(date_to)] > date_to):
            continue
        out.append(_summary(r, len(index.get(r.ref, ()))))
    return out


def _clean_date(v: str | None) -> str | None:
    return v if v and _DATE.fullmatch(v.strip()) else None


def _csv_rows(docs: list[DocumentSummary]) -> list[dict[str, Any]]:
    return [{"id": d.id, "title": d.title, "date": d.published or "", "language": d.language,
             "script": d.script or "", "kind": d.kind,
             "flags": ", ".join(f"{k}×{n}" for k, n in sorted(d.flags.items())),
             "mentions": d.mentions, "path": d.path, "url": d.url or "", "version": d.version} for d in docs]


# --- routes ------------------------------------------------------------------------

@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_page(request: Request, kind: str | None = None, language: str | None = None,
                   flag: str | None = None, date_from: str | None = Query(None, alias="from"),
                   date_to: str | None = Query(None, alias="to"), format: str | None = None) -> Response:
    """The document list with filters; ``?format=csv`` downloads it."""
    date_from, date_to = _clean_date(date_from), _clean_date(date_to)
    docs = _filtered(request, kind, language, flag, date_from, date_to)
    if format == "csv":
        return csv_response(_csv_rows(docs), "documents.csv")
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in request.query_params.multi_items()
                     if k not in ("page", "format"))
    pager = Pager(request, len(docs))
    return page(request, "documents.html", {
        "title": "Documents", "docs": pager.slice(docs), "pager": pager, "kinds": KINDS, "languages": LANGUAGES, "flag_kinds": FLAG_KINDS,
        "f": {"kind": kind or "", "language": language or "", "flag": flag or "",
              "from": date_from or "", "to": date_to or ""},
        "total": data(request).store.counts().get("documents", 0),
        "rejections": data(request).store.counts().get("rejections", 0),
        "csv_url": "/documents?" + (query + "&" if query else "") + "format=csv",
        "json_url": "/api/documents" + ("?" + str(request.url.query) if request.url.query else ""),
    })


@router.get("/api/documents", response_model=DocumentList, tags=["documents"],
            openapi_extra={"parameters": PAGE_PARAMS_DOC})
def documents_api(request: Request, kind: str | None = None, language: str | None = None,
                  flag: str | None = None, date_from: str | None = Query(None, alias="from"),
                  date_to: str | None = Query(None, alias="to"), format: str | None = None) -> Any:
    """Documents (latest versions), filtered by kind, language, flag kind ("any" for
    any flag) and a published-date range (``from``/``to``, ISO dates); one page of
    them (``page``, ``per_page``), or every one with ``format=csv``."""
    docs = _filtered(request, kind, language, flag, _clean_date(date_from), _clean_date(date_to))
    if format == "csv":
        return csv_response(_csv_rows(docs), "documents.csv")
    pager = Pager(request, len(docs))
    return DocumentList(items=pager.slice(docs), **pager.meta())


@router.get("/rejections", response_class=HTMLResponse, include_in_schema=False)
def rejections_page(request: Request, format: str | None = None) -> Response:
    """Inputs that could not be used, and why; ``?format=csv`` downloads them."""
    rows = [_rejection(r) for r in data(request).store.list_rejections()]
    if format == "csv":
        return csv_response([r.model_dump() for r in rows], "rejections.csv")
    pager = Pager(request, len(rows))
    return page(request, "rejections.html", {"title": "Rejected inputs", "rows": pager.slice(rows),
                                             "pager": pager})


@router.get("/api/rejections", response_model=RejectionList, tags=["documents"],
            openapi_extra={"parameters": PAGE_PARAMS_DOC})
def rejections_api(request: Request, format: str | None = None) -> Any:
    """The rejected inputs with their stage, reason and detail, oldest first: one page
    (``page``, ``per_page``), or every one with ``format=csv``."""
    rows = [_rejection(r) for r in data(request).store.list_rejections()]
    if format == "csv":
        return csv_response([r.model_dump() for r in rows], "rejections.csv")
    pager = Pager(request, len(rows))
    return RejectionList(items=pager.slice(rows), **pager.meta())


def _rejection(r: RejectionRow) -> RejectionOut:
    return RejectionOut(id=r.id, path=r.path, stage=r.stage, reason=r.reason, detail=r.detail,
                        sha256=r.sha256, size=r.size, at=r.at)


def _load(request: Request, ref: str) -> DocumentRow:
    row = data(request).store.get_document(parse_ref(ref))
    if row is None:
        raise HTTPException(404, f"No document {ref}.")
    return row


@router.get("/documents/{ref}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, ref: str, q: str | None = None) -> Response:
    """One document: metadata, flags, and the text with removed parts, mentions and
    flags marked (``?q=`` also marks where the query occurs)."""
    row = _load(request, ref)
    mentions = mentions_by_document(request).get(row.ref, [])
    hits = query_hits(row.text, q) if q else []
    segments = mark_removed_runs(row.text, build_segments(row.text, row.offsets, row.flags, mentions, hits))
    counts: dict[str, int] = {}
    for f in row.flags:
        counts[str(f["kind"])] = counts.get(str(f["kind"]), 0) + 1
    by_record: dict[str, dict[str, Any]] = {}
    for m in mentions:
        r = by_record.setdefault(m["record"], dict(m, n=0))
        r["n"] += 1
    return page(request, "document.html", {
        "title": f"{row.ref} · {_title(row)}", "doc": row, "doc_title": _title(row),
        "link": safe_url(row.url), "segments": segments, "flag_counts": counts,
        "records": sorted(by_record.values(), key=lambda r: (r["type"], r["label"])),
        "removed_chars": len(row.text) - len(row.clean_text), "hits": len(hits), "query": q or "",
        "removing": REMOVING_FLAGS, "first_hit": f"{hits[0][0]}" if hits else "",
    })


@router.get("/api/documents/{ref}", response_model=DocumentDetail, tags=["documents"])
def document_api(request: Request, ref: str) -> DocumentDetail:
    """One document: metadata, flags, registry mentions (offsets into ``text``),
    ``text``, ``clean_text`` and the kept ranges (``offsets``)."""
    row = _load(request, ref)
    mentions = mentions_by_document(request).get(row.ref, [])
    counts: dict[str, int] = {}
    for f in row.flags:
        counts[str(f["kind"])] = counts.get(str(f["kind"]), 0) + 1
    base = _summary(row, len(mentions), counts).model_dump()
    return DocumentDetail(
        **base, sha256=row.sha256, format=row.format, encoding=row.encoding, size=row.size,
        kind_reason=row.kind_reason, published_source=row.published_source, ingested_at=row.ingested_at,
        offsets=row.offsets, flag_list=[FlagOut(kind=str(f["kind"]), start=int(f["start"]),
                                                end=int(f["end"]), detail=str(f["detail"])) for f in row.flags],
        mention_list=[MentionOut(**m) for m in mentions], text=row.text, clean_text=row.clean_text)


@router.get("/documents/{ref}/raw", tags=["documents"],
            responses={200: {"content": {"application/octet-stream": {}},
                             "description": "The input file's bytes, as a download."}})
def document_raw(request: Request, ref: str) -> Response:
    """The stored raw bytes of the document's latest version, as an attachment
    (never rendered inline)."""
    doc_id = parse_ref(ref)
    store = data(request).store
    row = store.get_document(doc_id)
    raw = store.raw_bytes(doc_id)
    if row is None or raw is None:
        raise HTTPException(404, f"No document {ref}.")
    name = row.path.replace("\\", "/").rsplit("/", 1)[-1] or f"{row.ref}.bin"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or f"{row.ref}.bin"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(raw, media_type="application/octet-stream",
                    headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
                             "Content-Security-Policy": "sandbox; default-src 'none'"})
