"""Record pages: outcome documents, institutions, initiatives, commitments,
people and figures — one list per collection (filters, CSV) and one page per
record (attributes, timeline, every mention in its sentence).

URLs (each with a JSON twin under ``/api``)::

    /outcomes?type=statement&q=宣言          /api/outcomes        (?format=csv)
    /institutions?status=preparing           /api/institutions
    /initiatives  /commitments?area=security&meeting=m1  /people  /figures
    /institutions/n20                        /api/institutions/n20

The helpers at the end (sentences around mentions, meeting labels, timeline
views) are shared with the meeting and overview pages.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
import threading
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..app import data, page
from ..common import MENTIONS_PER_PAGE, PAGE_PARAMS_DOC, Pager, csv_response, record_url
from ..data import Snapshot

router = APIRouter()


@dataclass(frozen=True)
class Collection:
    """One record collection as the pages show it."""

    url: str  # URL segment: "outcomes"
    type: str  # registry key: "outcome_documents"
    label: str  # heading
    name_field: str  # the column that names a record
    columns: tuple[str, ...]  # attribute columns of the list and the CSV
    filters: tuple[str, ...]  # exact-match filters (besides the text filter q)
    text_fields: tuple[str, ...]  # what q searches


COLLECTIONS: dict[str, Collection] = {c.url: c for c in (
    Collection("outcomes", "outcome_documents", "成果文件 Outcome documents", "title",
               ("title", "type", "meeting"), ("type", "meeting"), ("title", "key")),
    Collection("institutions", "institutions", "机构 Institutions", "name",
               ("name", "kind", "status"), ("status", "kind"), ("name", "key")),
    Collection("initiatives", "initiatives", "倡议 Initiatives", "name",
               ("name", "proposer"), ("proposer",), ("name", "key", "proposer")),
    Collection("commitments", "commitments", "承诺 Commitments", "text",
               ("text", "actor", "area", "meeting"), ("area", "meeting", "actor"), ("text", "key", "actor")),
    Collection("people", "people", "人物 People", "name", ("name", "titles"), (), ("name", "key", "titles")),
    Collection("figures", "figures", "数字 Figures", "about", ("value", "unit", "about"), ("unit",),
               ("about", "key", "unit")),
)}

BODY_LABELS = {"heads-of-state": "元首理事会", "heads-of-government": "政府首脑理事会",
               "foreign-ministers": "外长理事会", "sco-plus": "“上合+”会议", "other": "其他会议"}
FILTER_LABELS = {"type": "类型 type", "meeting": "会议 meeting", "status": "状态 status", "kind": "类别 kind",
                 "area": "领域 area", "actor": "主体 actor", "proposer": "提出者 proposer", "unit": "单位 unit",
                 "body": "机制 body", "year": "年份 year"}
COLUMN_LABELS = {"title": "标题 Title", "name": "名称 Name", "type": "类型 Type", "meeting": "会议 Meeting",
                 "kind": "类别 Kind", "status": "状态 Status", "proposer": "提出者 Proposer", "text": "承诺 Commitment",
                 "actor": "主体 Actor", "area": "领域 Area", "titles": "职务 Titles", "value": "数值 Value",
                 "unit": "单位 Unit", "about": "所指 About"}
_MENTION_CORE = ("doc", "start", "end", "text")
_STOPS = "。！？!?；\n"


# --- JSON shapes ----------------------------------------------------------------

class MentionOut(BaseModel):
    """One mention, in its sentence: ``before + text + after`` is a piece of the document's text."""

    doc: str
    start: int
    end: int
    text: str
    before: str = Field(description="the sentence up to the mention")
    after: str = Field(description="the sentence after the mention")
    url: str = Field(description="the mention in its document: /documents/d3#m-120")
    document_title: str | None = None
    published: str | None = None
    kind: str | None = Field(None, description="the document's source kind")
    attrs: dict[str, Any] = Field(default_factory=dict, description="what this sentence says (status, event date…)")
    event_meeting: dict[str, Any] | None = Field(None, description="the meeting the sentence reports: key, id, label, url")


class RecordList(BaseModel):
    """A filtered collection: the same rows as the page and the CSV."""

    collection: str
    type: str
    total: int = Field(description="rows matching the filters (all pages)")
    page: int
    per_page: int
    filters: dict[str, str]
    items: list[dict[str, Any]] = Field(description="the rows of this page")


class RecordDetail(BaseModel):
    """One record: its registry entry, its timeline and its mentions with their sentences."""

    record: dict[str, Any]
    url: str
    timeline: dict[str, Any] | None
    mentions_total: int = Field(0, description="all mentions of the record")
    mentions_page: int = 1
    mentions_per_page: int = MENTIONS_PER_PAGE
    mentions: list[MentionOut] = Field(description="this page of mentions (?mentions_page=, ?mentions_per_page=)")


# --- the lists ------------------------------------------------------------------

def fold_query(q: str | None) -> str:
    """A text filter folded like the registry's names (Simplified, case-insensitive)."""
    if not q or not q.strip():
        return ""
    return _fold(q.strip())


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    try:
        from ...script import fold

        return fold(s).lower()
    except Exception:  # opencc missing: match as written
        return s.lower()


def text_match(rec: dict[str, Any], fields: tuple[str, ...], folded: str) -> bool:
    """Does ``folded`` occur in any of ``fields`` of ``rec``?"""
    if not folded:
        return True
    for f in fields:
        v = rec.get(f)
        vals = v if isinstance(v, list) else [v]
        if any(x is not None and folded in _fold(str(x)) for x in vals):
            return True
    return False


def cell(v: Any) -> Any:
    """A value for a CSV/JSON row: lists joined, None kept."""
    return "; ".join(map(str, v)) if isinstance(v, list) else v


def list_rows(snap: Snapshot, spec: Collection, params: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of ``spec`` after the filters in ``params`` (flat dicts: page, JSON and CSV)."""
    folded = fold_query(params.get("q"))
    meetings = {m["id"]: m for m in snap.registry.get("meetings", [])}
    rows = []
    for rec in snap.registry.get(spec.type, []):
        if any(params.get(f) and str(rec.get(f) if rec.get(f) is not None else "") != params[f]
               for f in spec.filters):
            continue
        if not text_match(rec, spec.text_fields, folded):
            continue
        row: dict[str, Any] = {"id": rec["id"], "name": record_name(rec, spec.type)}
        for col in spec.columns:
            row[col] = cell(rec.get(col))
            if col == "meeting":
                m = meetings.get(rec.get("meeting") or "")
                row["meeting_name"] = meeting_label(m) if m else None
        if spec.type == "institutions":
            tl = snap.timelines.get(rec["id"])
            row["latest_step"] = tl.steps[-1].date if tl and tl.steps else None
        row["mentions"] = len(rec["mentions"])
        row["documents"] = len({m["doc"] for m in rec["mentions"]})
        row["url"] = record_url(rec["id"])
        rows.append(row)
    rows.sort(key=lambda r: (-r["documents"], -r["mentions"], str(r["name"])))
    return rows


_CACHE_LOCK = threading.Lock()


def cached(request: Request, snap: Snapshot, key: Hashable, build: Callable[[], Any], keep: int = 64) -> Any:
    """``build()``, remembered for this registry snapshot (the last ``keep`` keys):
    list pages re-read on every click of prev/next do not re-filter and re-sort."""
    state = request.app.state
    with _CACHE_LOCK:
        held = getattr(state, "view_cache", None)
        if held is None or held[0] is not snap:
            held = (snap, {})
            state.view_cache = held
        store: dict[Hashable, Any] = held[1]
        if key in store:
            return store[key]
    value = build()
    with _CACHE_LOCK:
        if len(store) >= keep:
            store.pop(next(iter(store)))
        store[key] = value
    return value


def filter_options(snap: Snapshot, rtype: str, fields: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """For each filter, the (value, label) pairs present in the collection."""
    meetings = {m["id"]: m for m in snap.registry.get("meetings", [])}
    out: dict[str, list[tuple[str, str]]] = {}
    for f in fields:
        values = {str(r[f]) for r in snap.registry.get(rtype, []) if r.get(f) not in (None, "", [])}
        if f == "meeting":
            out[f] = sorted(((v, meeting_label(meetings[v]) if v in meetings else v) for v in values),
                            key=lambda p: meetings.get(p[0], {}).get("start") or "", reverse=True)
        else:
            out[f] = [(v, v) for v in sorted(values)]
    return out


def query_params(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The filters a request sets (empty values dropped)."""
    return {n: request.query_params[n].strip() for n in ("q", *names) if request.query_params.get(n, "").strip()}


def links(path: str, params: dict[str, str]) -> dict[str, str]:
    """The CSV and JSON twins of a filtered list page."""
    qs = urlencode(params)
    return {"csv": f"{path}?{urlencode({**params, 'format': 'csv'})}", "json": f"/api{path}" + (f"?{qs}" if qs else "")}


def _param_docs(names: tuple[str, ...]) -> dict[str, Any]:
    params = [{"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
               "description": "text filter on the name/title (Traditional or Simplified)"},
              {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"]},
               "description": "csv: the rows as a CSV download"}]
    params += [{"name": n, "in": "query", "required": False, "schema": {"type": "string"},
                "description": f"exact {n}"} for n in names]
    return {"parameters": params}


MENTION_PARAMS_DOC: dict[str, Any] = {"parameters": [
    {"name": "mentions_page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1},
     "description": "the page of mentions (from 1)"},
    {"name": "mentions_per_page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": MENTIONS_PER_PAGE},
     "description": "mentions per page"}]}


def _register(spec: Collection) -> None:
    """Add the list, record and JSON routes of one collection."""

    def filtered(request: Request) -> tuple[Any, dict[str, str], list[dict[str, Any]]]:
        """The snapshot, the filters asked for, and the rows they keep (cached)."""
        params = query_params(request, spec.filters)
        snap = data(request).snapshot()
        rows = cached(request, snap, ("rows", spec.url, tuple(sorted(params.items()))),
                      lambda: list_rows(snap, spec, params))
        return snap, params, rows

    def list_api(request: Request) -> Any:
        _snap, params, rows = filtered(request)
        if request.query_params.get("format") == "csv":
            return csv_response(rows, f"{spec.url}.csv")
        pager = Pager(request, len(rows))
        return RecordList(collection=spec.url, type=spec.type, filters=params, items=pager.slice(rows),
                          **pager.meta())

    def list_page(request: Request) -> Response:
        snap, params, rows = filtered(request)
        if request.query_params.get("format") == "csv":
            return csv_response(rows, f"{spec.url}.csv")
        pager = Pager(request, len(rows))
        return page(request, "records.html", {
            "title": spec.label, "spec": spec, "rows": pager.slice(rows), "pager": pager, "params": params,
            "q": None, "options": cached(request, snap, ("options", spec.url),
                                         lambda: filter_options(snap, spec.type, spec.filters)),
            "filter_labels": FILTER_LABELS,
            "column_labels": COLUMN_LABELS, "action": f"/{spec.url}",
            "total": len(snap.registry.get(spec.type, [])), "links": links(f"/{spec.url}", params)})

    def detail_api(request: Request, record_id: str) -> RecordDetail:
        snap = data(request).snapshot()
        return RecordDetail(**record_detail(request, snap, find_record(snap, spec.type, record_id)))

    def detail_page(request: Request, record_id: str) -> Response:
        snap = data(request).snapshot()
        rec = find_record(snap, spec.type, record_id)
        pager = mention_pager(request, rec)
        return page(request, "record.html", {
            "title": f"{record_name(rec, spec.type)} · {rec['id']}", "name": record_name(rec, spec.type),
            "spec": spec, "rec": rec, "n_documents": len({m["doc"] for m in rec["mentions"]}),
            "attrs": attribute_rows(snap, rec), "timeline": timeline_view(snap, snap.timelines.get(rec["id"])),
            "mentions": mention_rows(request, snap, rec["mentions"], pager), "mention_pager": pager})

    extra = _param_docs(spec.filters)
    extra["parameters"] += PAGE_PARAMS_DOC
    router.add_api_route(f"/api/{spec.url}", list_api, methods=["GET"], response_model=RecordList,
                         summary=f"{spec.label}: the list", tags=["records"], openapi_extra=extra,
                         name=f"api_{spec.url}")
    router.add_api_route(f"/api/{spec.url}/{{record_id}}", detail_api, methods=["GET"],
                         response_model=RecordDetail, summary=f"{spec.label}: one record", tags=["records"],
                         name=f"api_{spec.url}_one", openapi_extra=MENTION_PARAMS_DOC)
    router.add_api_route(f"/{spec.url}", list_page, methods=["GET"], include_in_schema=False,
                         name=f"{spec.url}_page")
    router.add_api_route(f"/{spec.url}/{{record_id}}", detail_page, methods=["GET"], include_in_schema=False,
                         name=f"{spec.url}_one_page")


for _spec in COLLECTIONS.values():
    _register(_spec)


# --- one record -------------------------------------------------------------------

def find_record(snap: Snapshot, rtype: str, record_id: str) -> dict[str, Any]:
    """The record ``record_id`` of type ``rtype``, or a 404."""
    rec = snap.by_id.get(record_id.strip().lower())
    if rec is None or rec.get("type") != rtype:
        raise HTTPException(status_code=404, detail=f"No record “{record_id}” here.")
    return rec


def mention_pager(request: Request, rec: dict[str, Any]) -> Pager:
    """The page of a record's mentions asked for (``?mentions_page=``, 50 a page)."""
    return Pager(request, len(rec["mentions"]), param="mentions_page", per_param="mentions_per_page",
                 default=MENTIONS_PER_PAGE, anchor="mentions")


def mention_meta(pager: Pager) -> dict[str, int]:
    """The mention-paging fields of a JSON twin."""
    return {"mentions_total": pager.total, "mentions_page": pager.page, "mentions_per_page": pager.per_page}


def record_detail(request: Request, snap: Snapshot, rec: dict[str, Any]) -> dict[str, Any]:
    """The JSON twin of a record page: the record, its timeline and one page of its mentions."""
    tl = snap.timelines.get(rec["id"])
    pager = mention_pager(request, rec)
    return {"record": rec, "url": record_url(rec["id"]), "timeline": tl.as_dict() if tl else None,
            "mentions": mention_rows(request, snap, rec["mentions"], pager), **mention_meta(pager)}


def record_name(rec: dict[str, Any] | None, rtype: str | None = None) -> str:
    """A human name for any record."""
    if rec is None:
        return ""
    rtype = rtype or rec.get("type")
    if rtype == "meetings":
        return meeting_label(rec)
    if rtype == "figures":
        return f"{rec.get('value')}{rec.get('unit') or ''} {rec.get('about') or ''}".strip()
    for f in ("name", "title", "text", "key"):
        if rec.get(f):
            return str(rec[f])
    return str(rec.get("id", ""))


def attribute_rows(snap: Snapshot, rec: dict[str, Any]) -> list[dict[str, Any]]:
    """(label, value, link) for a record's attributes; record ids become links."""
    out = []
    for k, v in rec.items():
        if k in ("mentions", "id", "type") or v in (None, "", []):
            continue
        if k == "key" and v in (rec.get("name"), rec.get("title"), rec.get("text")):
            continue  # the name says it already
        link = None
        shown = cell(v)
        if isinstance(v, str) and v in snap.by_id and k in ("meeting", "subject"):
            link, shown = record_url(v), f"{record_name(snap.by_id[v])} ({v})"
        out.append({"label": k, "value": shown, "link": link, "badge": k in ("status", "type", "kind", "area")})
    return out


def sentence_segments(text: str, start: int, end: int, reach: int = 120) -> tuple[str, str, str]:
    """The sentence holding ``text[start:end]`` as (before, mention, after) —
    the same cut as ``scotrack.views.sentence_around``, for HTML to escape
    each piece on its own."""
    lo = start
    while lo > 0 and start - lo < reach and text[lo - 1] not in _STOPS and not _english_stop(text, lo - 1):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < reach and text[hi] not in _STOPS and not _english_stop(text, hi):
        hi += 1
    if hi < len(text) and text[hi] in "。！？!?；.":
        hi += 1
    before, after = text[lo:start].lstrip(), text[end:hi].rstrip()
    if lo > 0 and start - lo >= reach:
        before = "…" + before
    if hi < len(text) and hi - end >= reach:
        after += "…"
    return before, text[start:end], after


def _english_stop(text: str, i: int) -> bool:
    """A full stop ending an English sentence (". " followed by a capital or the end)."""
    return text[i] == "." and (i + 1 >= len(text) or text[i + 1] == " ") and i > 0 and text[i - 1].islower()


def document_loader(request: Request) -> Callable[[str], Any]:
    """A per-request cache of full documents by ref ("d3")."""
    store = data(request).store
    cache: dict[str, Any] = {}

    def load(ref: str) -> Any:
        if ref not in cache:
            try:
                cache[ref] = store.get_document(int(ref.lstrip("dD")))
            except ValueError:
                cache[ref] = None
        return cache[ref]

    return load


def mention_rows(request: Request, snap: Snapshot, mentions: list[dict[str, Any]],
                 pager: Pager | None = None) -> list[dict[str, Any]]:
    """Mentions with their sentence (before / mention / after), document link, date and kind,
    in document-date order — only the page ``pager`` shows, when given (documents are
    read only for the mentions shown)."""
    def order(m: dict[str, Any]) -> tuple[str, int, int]:
        meta = snap.docs.get(m["doc"])
        return (getattr(meta, "published", None) or "9999", int(m["doc"].lstrip("dD") or 0), int(m["start"]))

    mentions = sorted(mentions, key=order)
    if pager is not None:
        mentions = pager.slice(mentions)
    load = document_loader(request)
    by_key = meetings_by_key(snap)
    out = []
    for m in mentions:
        doc = load(m["doc"])
        meta = snap.docs.get(m["doc"]) or doc
        if doc is not None and doc.text[m["start"]:m["end"]] == m["text"]:
            before, _mid, after = sentence_segments(doc.text, m["start"], m["end"])
        else:
            before, after = "", ""
        out.append({"doc": m["doc"], "start": m["start"], "end": m["end"], "text": m["text"],
                    "before": before, "after": after, "url": f"/documents/{m['doc']}#m-{m['start']}",
                    "document_title": getattr(meta, "title", None), "published": getattr(meta, "published", None),
                    "kind": getattr(meta, "kind", None),
                    "attrs": {k: v for k, v in m.items() if k not in _MENTION_CORE},
                    "event_meeting": _meeting_ref(by_key, m.get("event_meeting"))})
    return out


# --- meetings and timelines (shared with the meeting and overview pages) ----------

def meeting_label(m: dict[str, Any] | None) -> str:
    """"元首理事会 第25次 · 天津 2025" for a meeting record."""
    if not m:
        return ""
    parts = [BODY_LABELS.get(m.get("body") or "", m.get("body") or "会议")]
    if m.get("ordinal"):
        parts.append(f"第{m['ordinal']}次")
    where = " ".join(str(x) for x in (m.get("city"), m.get("year") or (m.get("start") or "")[:4] or None) if x)
    return " ".join(parts) + (f" · {where}" if where else "")


def meetings_by_key(snap: Snapshot) -> dict[str, dict[str, Any]]:
    """Meeting records by key ("heads-of-state#25")."""
    return {m["key"]: m for m in snap.registry.get("meetings", []) if m.get("key")}


def meeting_ref(snap: Snapshot, key: str | None) -> dict[str, Any] | None:
    """A meeting key as {key, id, label, url} (id and url None when the key names no record)."""
    return _meeting_ref(meetings_by_key(snap), key)


def _meeting_ref(by_key: dict[str, dict[str, Any]], key: Any) -> dict[str, Any] | None:
    if not key or not isinstance(key, str):
        return None
    m = by_key.get(key)
    return {"key": key, "id": m["id"] if m else None, "label": meeting_label(m) if m else key,
            "url": record_url(m["id"]) if m else None}


def timeline_view(snap: Snapshot, tl: Any) -> dict[str, Any] | None:
    """A track.Timeline ready for the template: steps, notes, origin and follow-ups linked."""
    if tl is None:
        return None
    return {"status": tl.status, "notes": list(tl.notes), "origin": meeting_ref(snap, tl.origin),
            "steps": [{"date": st.date, "status": st.status, "docs": list(st.docs)} for st in tl.steps],
            "follow_ups": [dict(meeting_ref(snap, fu["meeting"]) or {}, date=fu.get("date"), docs=fu.get("docs", []))
                           for fu in tl.follow_ups],
            "signals": len(tl.signals)}
