"""Tracking: what the registry says happened to each record, over time.

A *signal* is one piece of dated evidence about a record — a mention whose
sentence reports a status (the development bank "decided" on 2025-09-01,
"preparing" on 2025-11-18), a commitment restated, an outcome document
adopted or cited. A *timeline* is a record's signals ordered by event date
(the meeting the sentence reports, else its document's date), never by
ingest order, with the status they add up to:

- status only moves on evidence: the current status is the one of the
  latest signal;
- a later signal from a weaker source (self-media after an official text)
  does not override a stronger one silently: the timeline carries a note
  saying so, and keeps the stronger status unless the weaker one is the
  only evidence for that date.

Follow-ups link a record made at one meeting to later documents or meetings
that mention it again (the 2026–2035 strategy approved at Tianjin and used
as the blueprint in Moscow).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .link import SOURCE_RANK, STATUS_ORDER, DocInfo, Record, group
from .model import Found

TRACKED = ("institutions", "commitments", "outcome_documents", "initiatives", "meetings")


@dataclass(slots=True)
class Signal:
    """One dated piece of evidence about a record."""

    date: str | None  # event date (ISO) the evidence speaks of
    published: str | None  # the document's own date
    doc: str  # document ref, "d3"
    kind: str  # the document's source kind (official, news, self-media…)
    status: str | None  # what this sentence reports, if anything
    text: str  # the mention as written
    start: int
    end: int
    meeting: str | None = None  # key of the meeting the record belongs to (adopted at, made at)
    event_meeting: str | None = None  # key of the meeting the sentence reports

    @property
    def strength(self) -> int:
        return SOURCE_RANK.get(self.kind, 1)


@dataclass(slots=True)
class Step:
    """What the evidence of one date says: the status most documents report
    (then the strongest source, then the later stage), and who says it."""

    date: str | None
    status: str
    docs: list[str]
    strength: int


@dataclass
class Timeline:
    record_id: str
    type: str
    key: str
    signals: list[Signal] = field(default_factory=list)
    status: str | None = None  # what the evidence adds up to
    notes: list[str] = field(default_factory=list)  # doubts a reader should see
    origin: str | None = None  # the meeting it was made/adopted/decided at
    follow_ups: list[dict[str, Any]] = field(default_factory=list)  # later meetings and documents
    steps: list[Step] = field(default_factory=list)  # the status changes, in date order

    @property
    def first_date(self) -> str | None:
        return next((s.date for s in self.signals if s.date), None)

    def as_dict(self) -> dict[str, Any]:
        return {"record": self.record_id, "type": self.type, "key": self.key, "status": self.status,
                "notes": self.notes, "origin": self.origin, "follow_ups": self.follow_ups,
                "steps": [{"date": st.date, "status": st.status, "docs": st.docs} for st in self.steps],
                "signals": [{"date": s.date, "published": s.published, "doc": s.doc, "kind": s.kind,
                             "status": s.status, "text": s.text, "start": s.start, "end": s.end,
                             "meeting": s.meeting} for s in self.signals]}


def _signal(doc: DocInfo, f: Found) -> Signal:
    return Signal(date=f.mention.get("event_date") or doc.published, published=doc.published, doc=doc.ref,
                  kind=doc.kind, status=f.mention.get("status"), text=f.text, start=f.start, end=f.end,
                  meeting=f.attrs.get("meeting") if isinstance(f.attrs.get("meeting"), str) else None,
                  event_meeting=f.mention.get("event_meeting"))


def build(rec: Record) -> Timeline:
    """The timeline of one linked record."""
    tl = Timeline(rec.id, rec.type, rec.key,
                  sorted((_signal(m.doc, m.found) for m in rec.mentions),
                         key=lambda s: (s.date or "9999", s.published or "9999", s.doc, s.start)))
    tl.status, tl.notes, tl.steps = _settle(tl.signals)
    tl.origin, tl.follow_ups = _follow_ups(tl.signals)
    return tl


def _follow_ups(signals: list[Signal]) -> tuple[str | None, list[dict[str, Any]]]:
    """The meeting a record was made at, and the later meetings (and the
    documents) that take it up again: the strategy approved at Tianjin
    (heads-of-state#25) used as the blueprint at Moscow (heads-of-government#24)."""
    origin = next((s.meeting for s in signals if s.meeting), None) or \
        next((s.event_meeting for s in signals if s.event_meeting), None)
    start = next((s.date for s in signals if s.date and (s.event_meeting == origin or s.meeting == origin)), None)
    later: dict[str, dict[str, Any]] = {}
    for s in signals:
        m = s.event_meeting
        if not m or m == origin or (start and s.date and s.date < start):
            continue
        entry = later.setdefault(m, {"meeting": m, "date": s.date, "docs": []})
        if s.doc not in entry["docs"]:
            entry["docs"].append(s.doc)
    return origin, sorted(later.values(), key=lambda e: e["date"] or "")


def _steps(signals: list[Signal]) -> list[Step]:
    by_date: dict[str | None, list[Signal]] = {}
    for s in signals:
        if s.status:
            by_date.setdefault(s.date, []).append(s)
    steps = []
    for date, group_ in by_date.items():
        docs: dict[str, set[str]] = {}
        strength: dict[str, int] = {}
        for s in group_:
            docs.setdefault(s.status or "", set()).add(s.doc)
            strength[s.status or ""] = max(strength.get(s.status or "", 0), s.strength)
        best = max(docs, key=lambda st: (len(docs[st]), strength[st],
                                         STATUS_ORDER.index(st) if st in STATUS_ORDER else -1))
        steps.append(Step(date, best, sorted(docs[best]), strength[best]))
    return steps


def _settle(signals: list[Signal]) -> tuple[str | None, list[str], list[Step]]:
    """The status the evidence supports, notes on weaker sources, and the
    steps (one per date) that led there."""
    status, best, notes, kept = None, None, [], []
    for step in _steps(signals):
        if best is not None and step.strength < best.strength and step.status != status:
            stage = STATUS_ORDER.index(step.status) if step.status in STATUS_ORDER else -1
            was = STATUS_ORDER.index(status) if status in STATUS_ORDER else -1
            forward = stage > was
            notes.append(f"{step.date or '?'}: a weaker source ({', '.join(step.docs)}) reports "
                         f"“{step.status}” after “{status}” from {', '.join(best.docs)}"
                         + (" — taken as a step forward, to be confirmed" if forward else " — not taken"))
            if not forward:
                continue
        if step.status != status:
            kept.append(step)
        status, best = step.status, step
    return status, notes, kept


def timelines(found: Iterable[tuple[DocInfo, Found, str]], types: tuple[str, ...] = TRACKED) -> dict[str, Timeline]:
    """Timelines of every record of ``types``, by record id."""
    return timelines_of(group(found), types)


def timelines_of(grouped: dict[str, list[Record]], types: tuple[str, ...] = TRACKED) -> dict[str, Timeline]:
    """:func:`timelines` from mentions already grouped by :func:`scotrack.link.group`."""
    out = {}
    for t, recs in grouped.items():
        if t in types:
            for rec in recs:
                out[rec.id] = build(rec)
    return out
