"""Meeting pages: the list of meetings (filters, CSV) and one page per meeting
with what was adopted, decided and committed there and every mention.

URLs (each with a JSON twin under ``/api``)::

    /meetings?body=heads-of-state&status=held&year=2025   (?format=csv)
    /meetings/m1                                           /api/meetings/m1
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..app import data, page
from ..common import MENTIONS_PER_PAGE, PAGE_PARAMS_DOC, Pager, csv_response, record_url
from ..data import Snapshot
from .records import (BODY_LABELS, FILTER_LABELS, MENTION_PARAMS_DOC, MentionOut, cached, cell, find_record,
                      fold_query, links, meeting_label, mention_meta, mention_pager, mention_rows, record_name,
                      text_match, timeline_view)

router = APIRouter()

FILTERS = ("body", "status", "year")


class MeetingList(BaseModel):
    """The filtered meetings: the same rows as the page and the CSV."""

    total: int = Field(description="meetings matching the filters (all pages)")
    page: int
    per_page: int
    filters: dict[str, str]
    items: list[dict[str, Any]] = Field(description="the rows of this page")


class MeetingDetail(BaseModel):
    """One meeting and what the registry ties to it."""

    record: dict[str, Any]
    url: str
    label: str
    timeline: dict[str, Any] | None
    outcomes: list[dict[str, Any]] = Field(description="outcome documents adopted there")
    institutions: list[dict[str, Any]] = Field(description="institutions with a status step at this meeting")
    commitments: list[dict[str, Any]] = Field(description="commitments made there")
    mentions_total: int = 0
    mentions_page: int = 1
    mentions_per_page: int = MENTIONS_PER_PAGE
    mentions: list[MentionOut] = Field(description="this page of mentions (?mentions_page=)")


def year_of(m: dict[str, Any]) -> str:
    """The meeting's year as text ("" when unknown)."""
    return str(m.get("year") or (m.get("start") or "")[:4] or "")


def meeting_rows(snap: Snapshot, params: dict[str, str]) -> list[dict[str, Any]]:
    """The meetings after the filters, newest first (flat rows: page, JSON and CSV)."""
    outcomes: dict[str, int] = {}
    for o in snap.registry.get("outcome_documents", []):
        if o.get("meeting"):
            outcomes[o["meeting"]] = outcomes.get(o["meeting"], 0) + 1
    folded = fold_query(params.get("q"))
    rows = []
    for m in snap.registry.get("meetings", []):
        if params.get("body") and m.get("body") != params["body"]:
            continue
        if params.get("status") and m.get("status") != params["status"]:
            continue
        if params.get("year") and year_of(m) != params["year"]:
            continue
        if folded and not (text_match(m, ("key", "city", "country", "body"), folded)
                           or folded in fold_query(meeting_label(m))):
            continue
        rows.append({"id": m["id"], "name": meeting_label(m), "key": m.get("key"), "body": m.get("body"),
                     "ordinal": m.get("ordinal"), "start": m.get("start"), "end": m.get("end"), "year": m.get("year"),
                     "city": m.get("city"), "country": m.get("country"), "status": m.get("status"),
                     "outcomes": outcomes.get(m["id"], 0), "mentions": len(m["mentions"]),
                     "documents": len({x["doc"] for x in m["mentions"]}), "url": record_url(m["id"])})
    rows.sort(key=lambda r: (r["start"] or (f"{r['year']}" if r["year"] else ""), r["ordinal"] or 0), reverse=True)
    return rows


def meeting_options(snap: Snapshot) -> dict[str, list[tuple[str, str]]]:
    """The values each filter can take, with labels."""
    ms = snap.registry.get("meetings", [])
    bodies = sorted({m["body"] for m in ms if m.get("body")})
    return {"body": [(b, BODY_LABELS.get(b, b)) for b in bodies],
            "status": [(s, s) for s in sorted({m["status"] for m in ms if m.get("status")})],
            "year": [(y, y) for y in sorted({year_of(m) for m in ms} - {""}, reverse=True)]}


def _params(body: str | None, status: str | None, year: str | None, q: str | None) -> dict[str, str]:
    return {k: v.strip() for k, v in (("q", q), ("body", body), ("status", status), ("year", year)) if v and v.strip()}


def _rows(request: Request, snap: Snapshot, params: dict[str, str]) -> list[dict[str, Any]]:
    return cached(request, snap, ("meetings", tuple(sorted(params.items()))),  # type: ignore[no-any-return]
                  lambda: meeting_rows(snap, params))


@router.get("/api/meetings", response_model=MeetingList, tags=["meetings"], summary="Meetings: the list",
            openapi_extra={"parameters": PAGE_PARAMS_DOC})
def api_meetings(request: Request, body: str | None = None, status: str | None = None,
                 year: str | None = Query(None, description="e.g. 2025"),
                 q: str | None = Query(None, description="text filter on body, city, country"),
                 format: str | None = Query(None, description="csv: the rows as a CSV download")) -> Any:
    params = _params(body, status, year, q)
    rows = _rows(request, data(request).snapshot(), params)
    if format == "csv":
        return csv_response(rows, "meetings.csv")
    pager = Pager(request, len(rows))
    return MeetingList(filters=params, items=pager.slice(rows), **pager.meta())


@router.get("/meetings", include_in_schema=False)
def meetings_page(request: Request, body: str | None = None, status: str | None = None, year: str | None = None,
                  q: str | None = None, format: str | None = None) -> Response:
    params = _params(body, status, year, q)
    snap = data(request).snapshot()
    rows = _rows(request, snap, params)
    if format == "csv":
        return csv_response(rows, "meetings.csv")
    pager = Pager(request, len(rows))
    return page(request, "meetings.html", {
        "title": "会议 Meetings", "rows": pager.slice(rows), "pager": pager, "params": params, "options": meeting_options(snap),
        "filter_labels": FILTER_LABELS, "body_labels": BODY_LABELS, "action": "/meetings",
        "total": len(snap.registry.get("meetings", [])), "links": links("/meetings", params)})


# --- one meeting ------------------------------------------------------------------

def _within(date: str | None, m: dict[str, Any]) -> bool:
    start, end = m.get("start"), m.get("end") or m.get("start")
    return bool(date and start and start <= date <= (end or start))


def meeting_detail(request: Request, snap: Snapshot, m: dict[str, Any]) -> dict[str, Any]:
    """Everything the meeting page shows, as JSON."""
    key = m.get("key")
    outcomes = [{"id": o["id"], "title": o.get("title"), "type": o.get("type"), "url": record_url(o["id"]),
                 "mentions": len(o["mentions"]), "documents": len({x["doc"] for x in o["mentions"]})}
                for o in snap.registry.get("outcome_documents", []) if o.get("meeting") == m["id"]]
    institutions = []
    for n in snap.registry.get("institutions", []):
        tl = snap.timelines.get(n["id"])
        if tl is None:
            continue
        here = {s.date for s in tl.signals if s.status and key and s.event_meeting == key}
        steps = [st for st in tl.steps if _within(st.date, m) or st.date in here]
        if steps:
            institutions.append({"id": n["id"], "name": n.get("name"), "kind": n.get("kind"),
                                 "status": n.get("status"), "url": record_url(n["id"]),
                                 "steps": [{"date": st.date, "status": st.status, "docs": list(st.docs)}
                                           for st in steps]})
    commitments = [{"id": c["id"], "text": c.get("text"), "actor": c.get("actor"), "area": c.get("area"),
                    "subject": c.get("subject"), "subject_name": record_name(snap.by_id.get(c.get("subject") or "")),
                    "url": record_url(c["id"]), "documents": len({x["doc"] for x in c["mentions"]})}
                   for c in snap.registry.get("commitments", []) if c.get("meeting") == m["id"]]
    tl = snap.timelines.get(m["id"])
    pager = mention_pager(request, m)
    return {"record": m, "url": record_url(m["id"]), "label": meeting_label(m),
            "timeline": timeline_view(snap, tl), "outcomes": outcomes, "institutions": institutions,
            "commitments": commitments, "mentions": mention_rows(request, snap, m["mentions"], pager),
            "mention_pager": pager, **mention_meta(pager)}


@router.get("/api/meetings/{record_id}", response_model=MeetingDetail, tags=["meetings"],
            summary="Meetings: one meeting", openapi_extra=MENTION_PARAMS_DOC)
def api_meeting(request: Request, record_id: str) -> MeetingDetail:
    snap = data(request).snapshot()
    return MeetingDetail(**meeting_detail(request, snap, find_record(snap, "meetings", record_id)))


@router.get("/meetings/{record_id}", include_in_schema=False)
def meeting_page(request: Request, record_id: str) -> Response:
    snap = data(request).snapshot()
    m = find_record(snap, "meetings", record_id)
    detail = meeting_detail(request, snap, m)
    attrs = [(k, cell(m.get(k))) for k in ("key", "body", "ordinal")
             if m.get(k) not in (None, "")]
    return page(request, "meeting.html", dict(detail, title=f"{detail['label']} · {m['id']}", m=m, attrs=attrs,
                                               body_labels=BODY_LABELS))
