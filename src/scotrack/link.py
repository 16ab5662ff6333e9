"""Linking: mentions from many documents → one registry record per real thing.

Extractors give every mention a ``key`` (``heads-of-state#25``, a canonical
title, a name); mentions with the same (type, key) are one record. This
module merges their attributes into the record the export contract spells:

- meetings: reference facts first, then what most mentions say;
- outcome documents, initiatives: the most common value of each attribute;
- institutions: ``status`` is the latest one by the date of the document
  that reports it (event order, not ingest order), an official source
  winning a tie;
- people: every title seen, most specific (longest) first;
- commitments and figures: the first mention's wording.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .extract.base import RECORD_TYPES, Found

ID_PREFIX = {"meetings": "m", "outcome_documents": "o", "initiatives": "i", "institutions": "n",
             "people": "p", "commitments": "c", "figures": "f"}
SOURCE_RANK = {"official": 3, "news": 2, "reference": 1, "unknown": 1, "self-media": 0}
STATUS_ORDER = ("proposed", "decided", "preparing", "established", "operating")


@dataclass(slots=True)
class DocInfo:
    ref: str  # "d3"
    published: str | None
    kind: str


@dataclass
class LinkedMention:
    doc: DocInfo
    found: Found

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc.ref, "start": self.found.start, "end": self.found.end,
                               "text": self.found.text}
        out.update(self.found.mention)
        return out


@dataclass
class Record:
    type: str
    key: str
    mentions: list[LinkedMention] = field(default_factory=list)
    id: str = ""


def group(found: Iterable[tuple[DocInfo, Found] | tuple[DocInfo, Found, str]]) -> dict[str, list[Record]]:
    """Group mentions by (type, key), records in order of first appearance.
    An item may carry the record's stored id as a third element."""
    records: dict[tuple[str, str], Record] = {}
    for item in found:
        doc, f = item[0], item[1]
        rec = records.setdefault((f.type, f.key), Record(f.type, f.key))
        if len(item) > 2 and not rec.id:
            rec.id = str(item[2])  # type: ignore[misc]
        rec.mentions.append(LinkedMention(doc, f))
    out: dict[str, list[Record]] = {t: [] for t in RECORD_TYPES}
    for rec in records.values():
        out[rec.type].append(rec)
    for t, recs in out.items():
        for i, rec in enumerate(recs, 1):
            rec.id = rec.id or f"{ID_PREFIX[t]}{i}"
    return out


def _vote(rec: Record, attr: str) -> Any:
    """The value most mentions give ``attr`` (first seen wins a tie)."""
    if len(rec.mentions) == 1:  # most records (commitments, figures): nothing to vote on
        v = rec.mentions[0].found.attrs.get(attr)
        return None if v is None or v == "" or v == [] else v
    values = [m.found.attrs.get(attr) for m in rec.mentions if m.found.attrs.get(attr) not in (None, "", [])]
    if not values:
        return None
    counts = Counter(map(repr, values))
    best = max(counts, key=lambda r: counts[r])
    return next(v for v in values if repr(v) == best)


def merge(rec: Record, ids: dict[tuple[str, str], str]) -> dict[str, Any]:
    """The exported record: id, merged attributes, mentions."""
    t = rec.type
    out: dict[str, Any] = {"id": rec.id, "key": rec.key}
    attrs = _ATTRS[t]
    for a in attrs:
        out[a] = _vote(rec, a)
    if t == "meetings":
        out["status"] = _meeting_status(rec)
    elif t == "institutions":
        out["status"] = latest_status(rec)
    elif t == "people":
        titles = [tt for m in rec.mentions for tt in (m.found.attrs.get("titles") or [])]
        out["titles"] = sorted(set(titles), key=lambda x: (-len(x), titles.index(x)))
    elif t in ("commitments", "figures"):
        first = rec.mentions[0].found.attrs
        for a in attrs:
            if first.get(a) is not None:
                out[a] = first[a]
    for link_attr, target in (("meeting", "meetings"), ("subject", None)):
        v = out.get(link_attr)
        if isinstance(v, str) and v:
            out[link_attr] = _resolve(v, target, ids)
    out["mentions"] = [m.as_dict() for m in rec.mentions]
    return out


def _resolve(key: str, target: str | None, ids: dict[tuple[str, str], str]) -> str | None:
    if target:
        return ids.get((target, key))
    for t in ("institutions", "outcome_documents", "initiatives"):
        if (t, key) in ids:
            return ids[(t, key)]
    return None


def _meeting_status(rec: Record) -> str | None:
    statuses = [m.found.mention.get("status") or m.found.attrs.get("status") for m in rec.mentions]
    statuses = [s for s in statuses if s]
    if "held" in statuses:
        return "held"
    return statuses[0] if statuses else None


def latest_status(rec: Record) -> str | None:
    """The status reported by the latest evidence, by event date (the meeting a
    sentence reports, else its document's date); on the same date the
    stronger source wins, then the later stage of the life cycle."""
    best: tuple[str, int, int] | None = None
    status = None
    for m in rec.mentions:
        s = m.found.mention.get("status") or m.found.attrs.get("status")
        if not s:
            continue
        rank = (m.found.mention.get("event_date") or m.doc.published or "", SOURCE_RANK.get(m.doc.kind, 1),
                STATUS_ORDER.index(s) if s in STATUS_ORDER else -1)
        if best is None or rank > best:
            best, status = rank, s
    return status


_ATTRS: dict[str, tuple[str, ...]] = {
    "meetings": ("body", "ordinal", "start", "end", "year", "city", "country"),
    "outcome_documents": ("title", "type", "meeting"),
    "initiatives": ("name", "proposer"),
    "institutions": ("name", "kind"),
    "people": ("name",),
    "commitments": ("text", "actor", "area", "meeting", "subject"),
    "figures": ("value", "unit", "about"),
}


def registry_records(found: Iterable[tuple[DocInfo, Found] | tuple[DocInfo, Found, str]]
                     ) -> dict[str, list[dict[str, Any]]]:
    """All record lists of the export contract, from grouped mentions."""
    return records_of(group(found))


def records_of(grouped: dict[str, list[Record]]) -> dict[str, list[dict[str, Any]]]:
    """:func:`registry_records` from mentions already grouped (so a caller that
    also needs timelines groups once)."""
    ids = {(r.type, r.key): r.id for recs in grouped.values() for r in recs}
    return {t: [merge(r, ids) for r in recs] for t, recs in grouped.items()}
