"""The overview page ``/`` (JSON twin ``/api/overview``): how much the store
holds, the meetings by year, the latest documents and the open flags
(conflicts with the reference data, headings over the wrong body)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..app import data, page
from ..common import record_url
from ..data import Snapshot, derived_index
from .records import BODY_LABELS, meeting_label

router = APIRouter()

OPEN_FLAG_KINDS = ("fact-conflict", "heading-body-mismatch")
LATEST_DOCUMENTS = 12
LADDER_YEARS = 15  # the meetings ladder shows the latest years; /meetings has them all
LATEST_FLAGS = 20  # the open-flags table shows the latest; /documents?flag=… has them all
_COUNTED = (("meetings", "meetings"), ("outcome_documents", "outcome_documents"), ("institutions", "institutions"),
            ("initiatives", "initiatives"), ("commitments", "commitments"), ("people", "people"),
            ("figures", "figures"))


class Overview(BaseModel):
    """What the overview page shows."""

    counts: dict[str, int] = Field(description="documents, each record type, rejections, open_flags")
    years: list[dict[str, Any]] = Field(description=f"meetings by year, newest first: {{year, meetings: [...]}} — "
                                                    f"the latest {LADDER_YEARS} years")
    more_years: int = Field(0, description="years with meetings left out of `years` (see /api/meetings)")
    latest_documents: list[dict[str, Any]]
    open_flags: list[dict[str, Any]] = Field(description=f"the latest {LATEST_FLAGS} fact-conflict and "
                                                         "heading-body-mismatch flags (counts.open_flags: all)")
    registry: dict[str, Any] = Field(default_factory=dict, description=(
        "the registry snapshot these figures come from: documents and mentions it was built from, "
        "build_seconds, and updating (true while a newer one is being built from a changed store)"))


def meeting_years(snap: Snapshot) -> list[dict[str, Any]]:
    """Meetings grouped by year (newest first; undated last), each in date order."""
    by_year: dict[str, list[dict[str, Any]]] = {}
    for m in snap.registry.get("meetings", []):
        year = str(m.get("year") or (m.get("start") or "")[:4] or "")
        by_year.setdefault(year, []).append(
            {"id": m["id"], "label": meeting_label(m), "body": m.get("body"),
             "body_label": BODY_LABELS.get(m.get("body") or "", m.get("body")), "ordinal": m.get("ordinal"),
             "start": m.get("start"), "end": m.get("end"), "city": m.get("city"), "status": m.get("status"),
             "mentions": len(m["mentions"]), "url": record_url(m["id"])})
    years = sorted((y for y in by_year if y), reverse=True) + ([""] if "" in by_year else [])
    return [{"year": y or None, "meetings": sorted(by_year[y], key=lambda r: (r["start"] or "9999", r["ordinal"] or 0))}
            for y in years]


def latest_documents(snap: Snapshot, n: int = LATEST_DOCUMENTS) -> list[dict[str, Any]]:
    """The ``n`` most recently published documents (undated ones after)."""
    docs = sorted(snap.docs.values(), key=lambda d: (d.published or "", d.id), reverse=True)
    return [{"id": d.ref, "title": d.title or d.path.rsplit("/", 1)[-1], "published": d.published,
             "kind": d.kind, "language": d.language, "script": d.script, "url": f"/documents/{d.ref}",
             "flags": sum((d.flag_counts or {}).values())} for d in docs[:n]]


def open_flags(store: Any, limit: int | None = LATEST_FLAGS) -> tuple[int, list[dict[str, Any]]]:
    """How many open flags (``OPEN_FLAG_KINDS``) there are, and those of the most recently
    published documents (at most ``limit``, with the flagged text; only those documents are read)."""
    rows: dict[int, Any] = {}
    for kind in OPEN_FLAG_KINDS:
        rows.update((d.id, d) for d in store.list_documents(flagged=kind))
    total = sum(int((d.flag_counts or {}).get(k, 0)) for d in rows.values() for k in OPEN_FLAG_KINDS)
    out: list[dict[str, Any]] = []
    for doc_id in sorted(rows, key=lambda i: (rows[i].published or "", i), reverse=True):
        if limit is not None and len(out) >= limit:
            break
        doc = store.get_document(doc_id)
        if doc is None:
            continue
        for f in doc.flags:
            if f["kind"] not in OPEN_FLAG_KINDS:
                continue
            start, end = int(f["start"]), int(f["end"])  # type: ignore[call-overload]
            excerpt = doc.text[start:end]
            out.append({"doc": doc.ref, "title": doc.title or doc.path.rsplit("/", 1)[-1],
                        "published": doc.published, "kind": doc.kind, "flag": f["kind"], "start": start,
                        "end": end, "detail": f.get("detail"),
                        "excerpt": excerpt if len(excerpt) <= 80 else excerpt[:78] + "…",
                        "url": f"/documents/{doc.ref}#f-{start}"})
    return total, out[:limit] if limit is not None else out


def overview(request: Request) -> dict[str, Any]:
    """The overview as a dict (the JSON twin)."""
    wd = data(request)
    snap = wd.snapshot()
    out = dict(snap.derived("overview"))
    out["registry"] = {"documents": len(snap.docs), "mentions": snap.mentions,
                       "build_seconds": round(snap.built_in, 2), "updating": wd.updating}
    return out


@derived_index("overview")
def _overview(snap: Snapshot) -> dict[str, Any]:
    """Built with the snapshot (it reads the flags from the store: ~1 s at
    10k documents), so the first visitor after a rebuild does not wait."""
    store = snap.store
    store_counts = store.counts()
    n_flags, flags = open_flags(store)
    counts = {"documents": int(store_counts.get("documents") or 0)}
    counts.update({label: len(snap.registry.get(rtype, [])) for label, rtype in _COUNTED})
    counts["rejections"] = int(store_counts.get("rejections") or 0)
    counts["open_flags"] = n_flags
    years = meeting_years(snap)
    return {"counts": counts, "years": years[:LADDER_YEARS], "more_years": max(0, len(years) - LADDER_YEARS),
            "latest_documents": latest_documents(snap), "open_flags": flags}


@router.get("/api/overview", response_model=Overview, tags=["overview"], summary="The overview")
def api_overview(request: Request) -> Overview:
    return Overview(**overview(request))


# where each count links to
COUNT_LINKS = {"documents": ("来源 Documents", "/documents"), "meetings": ("会议 Meetings", "/meetings"),
               "outcome_documents": ("成果文件 Outcomes", "/outcomes"),
               "institutions": ("机构 Institutions", "/institutions"),
               "initiatives": ("倡议 Initiatives", "/initiatives"), "commitments": ("承诺 Commitments", "/commitments"),
               "people": ("人物 People", "/people"), "figures": ("数字 Figures", "/figures"),
               "rejections": ("拒收 Rejections", "/rejections"), "open_flags": ("待查 Open flags", "#flags")}


@router.get("/", include_in_schema=False)
def overview_page(request: Request) -> Response:
    return page(request, "overview.html", dict(overview(request), title="总览 Overview", count_links=COUNT_LINKS,
                                               flag_kinds=OPEN_FLAG_KINDS))
