"""Checks on extracted facts: each doubt becomes a flag with offsets and a reason.

Runs after extraction on one document: :func:`check` takes the document's
mentions and metadata, and the document itself when the caller has it (the
checks that read sentences need its text). Every flag is ``fact-conflict``
with a one-sentence ``detail`` a journalist can act on:

1. counts that do not add up — a list's total against its sections'
   sub-totals (:mod:`scotrack.checks_sums`; needs the text);
2. a meeting's ordinal, venue or dates against the reference data: the
   meetings extractor notes a wrong ordinal (``mention["conflict"]``) and
   keeps what the sentence stated (``mention["stated"]``), compared here;
3. a state called member / observer / dialogue partner contrary to the
   reference on the sentence's date, and the old labels after the 2025
   reform (:mod:`scotrack.checks_status`; needs the text);
4. titles a person did not hold at the time (:mod:`scotrack.checks_titles`;
   needs the text: a sentence about 2019 is judged by 2019).

The same body under two headings is cleaning's ``heading-body-mismatch``;
nothing here flags it again.

Side effect, by design: a verified (or failed) sum is recorded on the total's
figure mention as ``mention["sum_check"]`` ("313 = 110 + 77 + … (verified)"),
so the registry shows the check with the figure; the pipeline stores the
mentions after checks run. Running :func:`check` twice gives the same result.

:func:`registry_conflicts` compares texts with each other: meetings whose
mentions in different documents state different venues or dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .checks_common import DocText, dedupe
from .checks_status import check_status
from .checks_sums import check_sums
from .checks_titles import check_titles
from .model import Document, DocumentMeta, Flag, Found

CHECKS_VERSION = "checks.v2"


def check(found: Sequence[Found], meta: DocumentMeta | None = None, doc: Document | None = None) -> list[Flag]:
    """Flags for one document's extracted facts (see the module docstring).

    ``doc`` gives the checks that read sentences their text; without it only
    the meeting checks run (a title or a status can only be judged on the
    time its sentence speaks of)."""
    dt = DocText.of(doc) if doc is not None else None
    out = meeting_flags(found)
    if dt is not None:
        out += check_titles(dt, found)
        out += check_sums(dt, found)
        out += check_status(dt)
    return dedupe(out)


def check_document(doc: Document) -> list[Flag]:
    """:func:`check` on a whole document (its mentions, metadata and text)."""
    return check(doc.found, doc.meta, doc)


# --- meetings against the reference ------------------------------------------

def _singular(type_: str) -> str:
    return type_[:-1] if type_.endswith("s") else type_


def meeting_flags(found: Sequence[Found]) -> list[Flag]:
    """A wrong ordinal (noted by the extractor) and a venue or date the sentence
    states that the reference gives differently."""
    out = []
    for f in found:
        conflict = f.mention.get("conflict")
        if conflict:
            out.append(Flag("fact-conflict", f.start, f.end, f"{_singular(f.type)} “{f.text}”: {conflict}"))
        if f.type == "meetings" and not conflict:
            why = stated_conflict(f)
            if why:
                out.append(Flag("fact-conflict", f.start, f.end, f"meeting “{f.text}”: {why}"))
    return out


def stated_conflict(f: Found) -> str | None:
    """How the venue/dates a meeting mention states differ from its record's
    reference attributes (None when they agree or either is unknown). Meetings
    still to come are not judged: plans change."""
    said, attrs = f.mention.get("stated") or {}, f.attrs
    if not said or attrs.get("status") == "scheduled" or f.mention.get("status") == "scheduled":
        return None
    problems = []
    if said.get("city") and attrs.get("city") and said["city"] != attrs["city"]:
        problems.append(f"the text says it was held in {said['city']}, the reference says {attrs['city']}")
    elif not said.get("city") and said.get("country") and attrs.get("country") and said["country"] != attrs["country"]:
        problems.append(f"the text says it was held in {said['country']}, the reference says {attrs['country']}")
    start, end = attrs.get("start"), attrs.get("end") or attrs.get("start")
    if said.get("start") and start and end and not (start <= said["start"] <= end and start <= said["end"] <= end):
        ref_when = start if start == end else f"{start} to {end}"
        said_when = said["start"] if said["start"] == said["end"] else f"{said['start']} to {said['end']}"
        problems.append(f"the text dates it {said_when}, the reference {ref_when}")
    return "; ".join(problems) or None


# --- conflicts between sources -------------------------------------------------

@dataclass(slots=True)
class RegistryConflict:
    """A record whose mentions in different documents state different values."""

    record_id: str
    key: str
    field: str  # "city" | "dates"
    values: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)  # value → (doc, start, end)

    @property
    def detail(self) -> str:
        said = "; ".join(f"{v} ({', '.join(sorted({d for d, _, _ in where}))})" for v, where in self.values.items())
        return f"Sources disagree on the {self.field} of {self.key}: {said}."

    def as_dict(self) -> dict[str, Any]:
        return {"record": self.record_id, "key": self.key, "field": self.field, "detail": self.detail,
                "values": {v: [{"doc": d, "start": a, "end": b} for d, a, b in w] for v, w in self.values.items()}}


def registry_conflicts(linked: Iterable[tuple[Any, Found, str]]) -> list[RegistryConflict]:
    """Meetings whose mentions in different documents state different venues or
    dates, from ``store.iter_linked()`` items. What each text itself said is the
    mention's ``stated`` (the record attributes come from the reference when
    linked); dates conflict when two stated ranges share no day."""
    cities: dict[tuple[str, str], dict[str, list[tuple[str, int, int]]]] = defaultdict(lambda: defaultdict(list))
    dates: dict[tuple[str, str], dict[str, list[tuple[str, int, int]]]] = defaultdict(lambda: defaultdict(list))
    for info, f, rid in linked:
        if f.type != "meetings":
            continue
        said = f.mention.get("stated") or {}
        where = (info.ref, f.start, f.end)
        if said.get("city"):
            cities[(rid, f.key)][said["city"]].append(where)
        if said.get("start"):
            end = said.get("end", said["start"])
            span = said["start"] if said["start"] == end else f"{said['start']}..{end}"
            dates[(rid, f.key)][span].append(where)
    out = []
    for (rid, key), by in sorted(cities.items()):
        if len(by) > 1 and _docs_differ(by):
            out.append(RegistryConflict(rid, key, "city", dict(by)))
    for (rid, key), by in sorted(dates.items()):
        if _docs_differ(by) and not _ranges_meet(list(by)):
            out.append(RegistryConflict(rid, key, "dates", dict(by)))
    return out


def _docs_differ(by: dict[str, list[tuple[str, int, int]]]) -> bool:
    """Whether the differing values come from more than one document."""
    return len({d for where in by.values() for d, _, _ in where}) > 1


# SCO meetings last a day or two: stated dates all within this many days of
# each other describe the same meeting (8月31日开幕 / 9月1日闭幕), not a conflict.
MEETING_DAYS_MAX = 3


def _ranges_meet(spans: list[str]) -> bool:
    """Whether the stated ranges fit in one meeting's days (a one-day report of
    a two-day summit does not conflict with the full range)."""
    days = [date.fromisoformat(d) for sp in spans for d in sp.split("..")]
    return (max(days) - min(days)).days < MEETING_DAYS_MAX
