"""Search: registry records (names, titles, keys, commitment texts and the
surface forms of their mentions) and documents (the store's full-text search),
in Simplified or Traditional script alike.

Records are matched in Python on strings folded to Simplified script, full-width
ASCII folded and lower-cased (:func:`scotrack.script.fold`), so 開發銀行 finds
开发银行. Document snippets are cut into segments (plain / match) here and
escaped by the template.
"""

from __future__ import annotations

import re
import heapq
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from ...script import fold
from ...store.search import SNIPPET_CONTEXT, normalise_query, normalise_text
from ..app import data, page
from ..data import Snapshot, derived_index
from ..common import csv_response, record_url
from .documents import record_label

router = APIRouter()

MAX_RECORDS = 100
MAX_DOCUMENTS = 50
MAX_QUERY = 200
_SPACES = re.compile(r"\s+")
# record fields a query is matched against, besides the surface forms of its mentions
_FIELDS = ("name", "title", "key", "text", "about", "proposer", "city", "actor")


class SnippetPart(BaseModel):
    text: str
    match: bool


class RecordResult(BaseModel):
    """A registry record whose name, title, key, text or a mention matches."""

    id: str
    type: str
    label: str
    url: str
    status: str | None
    matched: str  # the (original-script) string that matched
    mentions: int
    documents: int


class DocumentResult(BaseModel):
    """A document whose title or clean text contains the query."""

    id: str
    title: str
    published: str | None
    kind: str | None
    language: str | None
    script: str | None
    url: str
    in_title: bool
    snippet: list[SnippetPart]
    score: float


class SearchResults(BaseModel):
    query: str
    records: list[RecordResult]
    documents: list[DocumentResult]


def fold_query(s: str) -> str:
    """Simplified script, full-width ASCII folded, lower case, spaces collapsed."""
    return _SPACES.sub(" ", fold(s).lower()).strip()


def _haystacks(rec: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for f in _FIELDS:
        v = rec.get(f)
        if isinstance(v, str) and v:
            out.append(v)
    out += [t for t in rec.get("titles") or () if isinstance(t, str)]
    out += [str(m.get("text", "")) for m in rec.get("mentions", ()) if m.get("text")]
    return list(dict.fromkeys(out))


@dataclass
class RecordIndex:
    """Every record's searchable strings, folded, in one string.

    ``blob`` is, per record, ``\x00label\x00other\x00other…`` (folded),
    records one after another from offset ``starts[i]``. A query is found
    with ``str.find`` over the blob and mapped to its record by bisection,
    then the search jumps to the next record: the work is one C-speed scan
    plus a few steps per *matching record*, not a Python loop over every
    string of every record (500k strings at 10k documents)."""

    records: list[tuple[dict[str, Any], str, list[tuple[str, str]]]]  # (record, label, [(orig, folded)])
    blob: str
    starts: list[int]

    @classmethod
    def build(cls, snap: Snapshot) -> RecordIndex:
        records, parts, starts, at = [], [], [], 0
        for rec in snap.by_id.values():
            label = record_label(rec)
            hay = [(h, fold_query(h).replace("\x00", "")) for h in dict.fromkeys([label, *_haystacks(rec)])]
            records.append((rec, label, hay))
            chunk = "".join("\x00" + folded for _, folded in hay) + "\x00"
            starts.append(at)
            parts.append(chunk)
            at += len(chunk)
        return cls(records, "".join(parts), starts)

    def find(self, fq: str, limit: int) -> list[tuple[int, str, dict[str, Any], str, str]]:
        """(rank, …) of the best ``limit`` records containing ``fq``: exact
        names first, then prefixes, then substrings; labels before the other
        strings; shorter labels first."""
        blob, starts, records = self.blob, self.starts, self.records
        exact, prefix = "\x00" + fq + "\x00", "\x00" + fq
        scored = []  # (rank, label length, id, record index): cheap to make for every match
        pos = blob.find(fq)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            rec, label, hay = records[i]
            end = starts[i + 1] if i + 1 < len(starts) else len(blob)
            label_folded = hay[0][1]
            if fq in label_folded:
                rank = 0 if label_folded == fq else 1 if label_folded.startswith(fq) else 2
            else:
                rest = starts[i] + len(label_folded) + 1  # the other strings, each after a NUL
                rank = 3 if blob.find(exact, rest, end) >= 0 else 4 if blob.find(prefix, rest, end) >= 0 else 5
            scored.append((rank, len(label), rec["id"], i))
            pos = blob.find(fq, end)
        out = []
        for rank, _n, rid, i in heapq.nsmallest(limit, scored):
            rec, label, hay = records[i]
            out.append((rank, rid, rec, label, label if rank < 3 else _first_match(hay[1:], fq, rank)))
        return out


def _first_match(hay: list[tuple[str, str]], fq: str, rank: int) -> str:
    """The original-script string that gave ``rank`` (3 exact, 4 prefix, 5 substring)."""
    for orig, folded in hay:
        if (rank == 3 and folded == fq) or (rank == 4 and folded.startswith(fq)) or (rank == 5 and fq in folded):
            return orig
    return hay[0][0] if hay else ""


@derived_index("record-search")
def _record_index(snap: Snapshot) -> RecordIndex:
    return RecordIndex.build(snap)


def search_records(request: Request, q: str, limit: int = MAX_RECORDS) -> list[RecordResult]:
    """Records matching ``q``: exact names first, then prefixes, then substrings;
    labels before mention surface forms; shorter labels first."""
    fq = fold_query(q).replace("\x00", "")
    if not fq:
        return []
    index: RecordIndex = data(request).snapshot().derived("record-search")
    out = []
    for _rank, rid, rec, label, matched in index.find(fq, limit):
        mentions = rec.get("mentions", ())
        out.append(RecordResult(id=rid, type=rec["type"], label=label, url=record_url(rid),
                                status=rec.get("status"), matched=matched, mentions=len(mentions),
                                documents=len({m["doc"] for m in mentions})))
    return out


def snippet_parts(snippet: str, q: str) -> list[SnippetPart]:
    """``snippet`` cut into plain and matching parts (script/width/case folded)."""
    nq = normalise_query(q)
    folded = normalise_text(snippet)
    if not nq or len(folded) != len(snippet):
        return [SnippetPart(text=snippet, match=False)]
    parts, pos = [], 0
    at = folded.find(nq)
    while at >= 0:
        if at > pos:
            parts.append(SnippetPart(text=snippet[pos:at], match=False))
        parts.append(SnippetPart(text=snippet[at:at + len(nq)], match=True))
        pos = at + len(nq)
        at = folded.find(nq, pos)
    if pos < len(snippet):
        parts.append(SnippetPart(text=snippet[pos:], match=False))
    return parts


def search_documents(request: Request, q: str, limit: int = MAX_DOCUMENTS) -> list[DocumentResult]:
    """Documents whose title or clean text contains ``q`` (best first)."""
    wd = data(request)
    docs = wd.snapshot().docs
    out = []
    for hit in wd.store.search(q, limit=limit):
        ref = f"d{hit.doc_id}"
        row = docs.get(ref)
        parts = snippet_parts(" ".join(hit.snippet.split()) if hit.in_title else hit.snippet, q)
        if not hit.in_title and hit.start > SNIPPET_CONTEXT:
            parts.insert(0, SnippetPart(text="…", match=False))
        out.append(DocumentResult(
            id=ref, title=hit.title or hit.path.rsplit("/", 1)[-1],
            published=getattr(row, "published", None), kind=getattr(row, "kind", None),
            language=getattr(row, "language", None), script=getattr(row, "script", None),
            url=f"/documents/{ref}?q={quote(q)}", in_title=hit.in_title, snippet=parts, score=hit.score))
    return out


def run(request: Request, q: str) -> SearchResults:
    q = (q or "").strip()[:MAX_QUERY]
    if not q:
        return SearchResults(query="", records=[], documents=[])
    return SearchResults(query=q, records=search_records(request, q), documents=search_documents(request, q))


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, q: str = "", format: str | None = None) -> Response:
    """Records first, then documents; ``?format=csv`` downloads both as one list."""
    res = run(request, q)
    if format == "csv":
        rows = [{"kind": "record", "id": r.id, "type": r.type, "title": r.label, "date": "",
                 "matched": r.matched, "url": r.url} for r in res.records]
        rows += [{"kind": "document", "id": d.id, "type": d.kind or "", "title": d.title,
                  "date": d.published or "", "matched": "".join(p.text for p in d.snippet), "url": d.url}
                 for d in res.documents]
        return csv_response(rows, "search.csv")
    by_type: dict[str, int] = {}
    for r in res.records:
        by_type[r.type] = by_type.get(r.type, 0) + 1
    qs = quote(res.query)
    return page(request, "search.html", {
        "title": f"Search: {res.query}" if res.query else "Search", "q": res.query, "res": res,
        "by_type": by_type, "show_matched": any(r.matched != r.label for r in res.records), "csv_url": f"/search?q={qs}&format=csv", "json_url": f"/api/search?q={qs}",
    })


@router.get("/api/search", response_model=SearchResults, tags=["search"])
def search_api(request: Request, q: str = Query("", max_length=1000,
                                                description="Simplified or Traditional, any width or case")
               ) -> SearchResults:
    """Registry records (names, titles, keys, commitment texts, mention surface forms)
    and documents (title and clean text) matching ``q``."""
    return run(request, q)
