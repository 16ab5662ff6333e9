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
import threading
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from ...script import fold
from ...store.search import SNIPPET_CONTEXT, normalise_query, normalise_text
from ..app import data, page
from ..common import csv_response, record_url
from .documents import record_label

router = APIRouter()

MAX_RECORDS = 100
MAX_DOCUMENTS = 50
MAX_QUERY = 200
_SPACES = re.compile(r"\s+")
_LOCK = threading.Lock()
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


def _record_index(request: Request) -> list[tuple[dict[str, Any], str, list[tuple[str, str]]]]:
    """(record, label, [(original string, folded string)]) for every record;
    built once per registry snapshot and kept on the app's state."""
    snap = data(request).snapshot()
    state = request.app.state
    with _LOCK:
        cached = getattr(state, "search_records", None)
        if cached is not None and cached[0] is snap:
            return cached[1]  # type: ignore[no-any-return]
        index = []
        for rec in snap.by_id.values():
            label = record_label(rec)
            hay = [(h, fold_query(h)) for h in dict.fromkeys([label, *_haystacks(rec)])]
            index.append((rec, label, hay))
        state.search_records = (snap, index)
        return index


def search_records(request: Request, q: str, limit: int = MAX_RECORDS) -> list[RecordResult]:
    """Records matching ``q``: exact names first, then prefixes, then substrings;
    labels before mention surface forms; shorter labels first."""
    fq = fold_query(q)
    if not fq:
        return []
    scored = []
    for rec, label, hay in _record_index(request):
        best: tuple[int, str] | None = None
        for i, (orig, folded) in enumerate(hay):
            if fq not in folded:
                continue
            rank = (0 if folded == fq else 1 if folded.startswith(fq) else 2) + (0 if i == 0 else 3)
            if best is None or rank < best[0]:
                best = (rank, orig)
        if best is not None:
            scored.append((best[0], len(label), rec["id"], rec, label, best[1]))
    scored.sort(key=lambda x: x[:3])
    out = []
    for _rank, _n, rid, rec, label, matched in scored[:limit]:
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
