"""The report data: for each meeting, what was decided there and what became of it.

Built from the store alone: the linked registry (:mod:`scotrack.link`) for
names and meeting links, the timelines (:mod:`scotrack.track`) for statuses
and dated evidence, and the documents for titles, sentences and flags. The
renderers (markdown, html, csv/json) only format what this module builds.

Which records are a meeting's outcomes:

- outcome documents whose meeting is this one;
- institutions whose first status step is dated at this meeting (and is not
  "operating": a body already at work was not created there), or whose
  mentions name this meeting;
- commitments whose meeting is this one;
- initiatives first reported at this meeting.

"At this meeting" means within its dates; when two meetings share a date
(the Tianjin summit and its SCO-plus meeting), the one the evidence's
documents mention wins, then the higher body.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import cn2an

from ..errors import ConfigError
from ..link import DocInfo, registry_records
from ..model import Found
from ..store.base import DocumentRow, Store
from ..track import Signal, Timeline, timelines
from . import scoring
from .scoring import Verdict

SCHEMA = "scotrack.report/1"
TYPES = ("outcome_documents", "institutions", "initiatives", "commitments")
TYPE_LABEL = {"outcome_documents": "document", "institutions": "institution", "initiatives": "initiative",
              "commitments": "commitment"}
# Records a commitment can be about when its clause names them (documents are
# named as the source of a pledge, 《宣言》指出…, not as what is pledged).
SUBJECT_TYPES = ("institutions", "initiatives")
# When two meetings share a date, the higher body is the more likely home of a decision.
BODY_RANK = ("heads-of-state", "heads-of-government", "foreign-ministers", "sco-plus", "other")
BODY_ZH = {"heads-of-state": "元首理事会", "heads-of-government": "政府首脑（总理）理事会",
           "foreign-ministers": "外交部长理事会", "sco-plus": "“上合组织+”会议", "other": "会议"}
# How far a quoted sentence may reach on each side of a mention (characters):
# a diplomatic sentence is rarely longer, and a longer quote hides the mention.
SENTENCE_REACH = 120
SENTENCE_ENDS = "。！？!?\n"
# Characters of a commitment's clause used as its name in tables and charts.
NAME_CHARS = 60


@dataclass(slots=True)
class Evidence:
    """One document's evidence about an outcome on one date."""

    date: str | None
    status: str | None
    doc: str  # "d3"
    title: str
    kind: str  # source kind of the document
    before: str  # the sentence: before + mention + after
    mention: str
    after: str
    start: int
    end: int
    count: int = 1  # mentions of the same record in this document on this date
    later: bool = False  # dated after the meeting (a follow-up)

    @property
    def sentence(self) -> str:
        return self.before + self.mention + self.after


@dataclass(slots=True)
class FollowUp:
    date: str | None
    doc: str
    title: str
    kind: str
    meeting: str | None = None  # label of the meeting held on that date, if any


@dataclass(slots=True)
class FlagNote:
    doc: str
    kind: str
    detail: str
    start: int
    end: int


@dataclass(slots=True)
class Outcome:
    id: str
    type: str
    name: str
    status: str
    score: int
    reason: str
    steps: list[dict[str, Any]] = field(default_factory=list)  # {"date","status","docs"}
    evidence: list[Evidence] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    flags: list[FlagNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for ev, d in zip(self.evidence, out["evidence"], strict=True):
            d["sentence"] = ev.sentence
        return out


@dataclass(slots=True)
class MeetingInfo:
    id: str
    key: str
    body: str | None
    ordinal: int | None
    start: str | None
    end: str | None
    year: int | None
    city: str | None
    country: str | None
    status: str | None

    @property
    def name(self) -> str:
        """上海合作组织成员国元首理事会第二十五次会议"""
        body = BODY_ZH.get(self.body or "other", "会议")
        if self.body == "sco-plus":
            return f"{self.year or ''}年{self.city or ''}“上合组织+”会议"
        n = f"第{cn2an.an2cn(self.ordinal)}次" if self.ordinal else ""
        return f"上海合作组织成员国{body}{n}会议" + ("" if self.ordinal else f"（{self.year or '?'}年）")

    @property
    def dates(self) -> str:
        if self.start and self.end and self.end != self.start:
            return f"{self.start} – {self.end}"
        return self.start or (str(self.year) if self.year else "date unknown")

    @property
    def last_day(self) -> str | None:
        return self.end or self.start or (f"{self.year}-12-31" if self.year else None)

    def holds(self, day: str | None) -> bool:
        """Whether ``day`` falls within this meeting's dates."""
        if not day or not self.start:
            return False
        return self.start <= day[:10] <= (self.end or self.start)


@dataclass(slots=True)
class Summary:
    outcomes: int
    by_status: dict[str, int]
    by_score: dict[str, int]  # "+1"/"0"/"-1"
    by_type: dict[str, int]
    average: float | None


@dataclass(slots=True)
class MeetingReport:
    meeting: MeetingInfo
    outcomes: list[Outcome]
    summary: Summary

    def as_dict(self) -> dict[str, Any]:
        m = asdict(self.meeting)
        m.update(name=self.meeting.name, dates=self.meeting.dates)
        return {"meeting": m, "summary": asdict(self.summary), "outcomes": [o.as_dict() for o in self.outcomes]}


def rules() -> dict[str, Any]:
    """The scoring rule as data, printed by every format."""
    return {"intro": scoring.RULE_INTRO, "grace_days": scoring.FOLLOW_UP_GRACE_DAYS,
            "types": {t: [{"score": s, "when": w} for s, w in scoring.RULES[t]] for t in TYPES}}


def sentence_parts(text: str, start: int, end: int, reach: int = SENTENCE_REACH) -> tuple[str, str, str]:
    """(before, mention, after): the sentence holding ``text[start:end]``."""
    lo = start
    while lo > 0 and start - lo < reach and text[lo - 1] not in SENTENCE_ENDS:
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < reach and text[hi] not in SENTENCE_ENDS:
        hi += 1
    if hi < len(text) and text[hi] in SENTENCE_ENDS.strip():
        hi += 1
    return text[lo:start].lstrip(), text[start:end], text[end:hi].rstrip()


class _Docs:
    """Documents by ref, read once."""

    def __init__(self, store: Store):
        self.store = store
        self.rows: dict[str, DocumentRow | None] = {}

    def get(self, ref: str) -> DocumentRow | None:
        if ref not in self.rows:
            self.rows[ref] = self.store.get_document(int(ref[1:]))
        return self.rows[ref]

    def title(self, ref: str) -> str:
        row = self.get(ref)
        return (row.title or row.path.rsplit("/", 1)[-1]) if row else ref


class _Builder:
    """Everything the reports of one store need, computed once."""

    def __init__(self, store: Store, linked: list[tuple[DocInfo, Found, str]]):
        self.docs = _Docs(store)
        self.registry = registry_records(linked)
        self.timelines: dict[str, Timeline] = timelines(linked)
        self.by_id = {r["id"]: (t, r) for t, recs in self.registry.items() for r in recs}
        self.meetings = [_meeting_info(r) for r in self.registry["meetings"]]
        self.doc_meetings: dict[str, set[str]] = {}
        self.mention_meetings: dict[str, set[str]] = {}  # record id -> meeting keys its mentions name
        self.spans: dict[str, list[tuple[int, int, str]]] = {}  # doc -> mentions a commitment may be about
        for doc, f, rid in linked:
            if f.type == "meetings":
                self.doc_meetings.setdefault(doc.ref, set()).add(f.key)
            if f.type in SUBJECT_TYPES:
                self.spans.setdefault(doc.ref, []).append((f.start, f.end, str(rid)))
            if f.type != "meetings" and isinstance(f.attrs.get("meeting"), str):
                self.mention_meetings.setdefault(str(rid), set()).add(f.attrs["meeting"])

    # --- which meeting a date belongs to ---------------------------------
    def meeting_on(self, day: str | None, docs: Iterable[str]) -> MeetingInfo | None:
        """The meeting held on ``day``: the one these documents mention most, then the higher body."""
        held = [m for m in self.meetings if m.holds(day)]
        if not held:
            return None
        docs = list(docs)

        def rank(m: MeetingInfo) -> tuple[int, int]:
            named = sum(m.key in self.doc_meetings.get(d, ()) for d in docs)
            return (-named, BODY_RANK.index(m.body) if m.body in BODY_RANK else len(BODY_RANK))

        return min(held, key=rank)

    def home(self, tl: Timeline) -> MeetingInfo | None:
        """Where an institution or initiative was created: its first step (or first dated signal)."""
        if tl.steps:
            first = tl.steps[0]
            if first.status == "operating":
                return None
            return self.meeting_on(first.date, first.docs)
        dated = [s for s in tl.signals if s.date]
        if not dated:
            return None
        day = dated[0].date
        return self.meeting_on(day, [s.doc for s in dated if s.date == day])

    # --- outcomes of a meeting -------------------------------------------
    def outcome_ids(self, m: MeetingInfo) -> list[str]:
        out = []
        for t in TYPES:
            for rec in self.registry[t]:
                rid = rec["id"]
                tl = self.timelines.get(rid)
                if t in ("outcome_documents", "commitments"):
                    mine = rec.get("meeting") == m.id
                elif tl is None:
                    mine = False
                else:
                    home = self.home(tl)
                    mine = (home is not None and home.id == m.id) or m.key in self.mention_meetings.get(rid, ())
                if mine:
                    out.append(rid)
        return out

    def verdict(self, rid: str, m: MeetingInfo, seen: frozenset[str] = frozenset()) -> Verdict:
        """The score of record ``rid`` as an outcome of meeting ``m``."""
        t, rec = self.by_id[rid]
        tl = self.timelines.get(rid)
        after = scoring.later_than(m.last_day)
        has_later = bool(tl and after and any(s.date and s.date >= after for s in tl.signals))
        if t == "institutions":
            return scoring.score_institution(tl.status if tl else None, [st.status for st in tl.steps] if tl else [],
                                             has_later)
        if t == "outcome_documents":
            return scoring.score_document(has_later)
        if t == "initiatives":
            return scoring.score_initiative(has_later)
        subjects = [(sid, _name(*self.by_id[sid]), self.verdict(sid, m, seen | {rid}))
                    for sid in self.subjects(rid, rec) if sid not in seen | {rid}]
        return scoring.score_commitment(has_later, subjects)

    def subjects(self, rid: str, rec: dict[str, Any]) -> list[str]:
        """What a commitment is about: its subject record, else the institutions and
        initiatives named inside its clause."""
        subject = rec.get("subject")
        if isinstance(subject, str) and subject in self.by_id:
            return [subject]
        out: list[str] = []
        for m in rec.get("mentions", []):
            for start, end, sid in self.spans.get(m["doc"], []):
                if m["start"] <= start and end <= m["end"] and sid not in out:
                    out.append(sid)
        return out

    def outcome(self, rid: str, m: MeetingInfo) -> Outcome:
        t, rec = self.by_id[rid]
        v = self.verdict(rid, m)
        tl = self.timelines.get(rid)
        o = Outcome(rid, t, _name(t, rec), v.status, v.score, v.reason)
        if tl is None:
            return o
        after = scoring.later_than(m.last_day)
        o.steps = [{"date": st.date, "status": st.status, "docs": st.docs} for st in tl.steps]
        o.notes = list(tl.notes)
        o.evidence = self._evidence(tl.signals, after)
        seen: set[str] = set()
        for ev in o.evidence:
            if ev.later and ev.doc not in seen:
                seen.add(ev.doc)
                held = self.meeting_on(ev.date, [ev.doc])
                o.follow_ups.append(FollowUp(ev.date, ev.doc, ev.title, ev.kind,
                                             held.name if held and held.id != m.id else None))
        o.flags = self._flags(tl.signals)
        return o

    def _evidence(self, signals: list[Signal], after: str | None) -> list[Evidence]:
        out: dict[tuple[str | None, str, str | None], Evidence] = {}
        for s in signals:
            k = (s.date, s.doc, s.status)
            if k in out:
                out[k].count += 1
                continue
            row = self.docs.get(s.doc)
            before, mention, rest = sentence_parts(row.text, s.start, s.end) if row else ("", s.text, "")
            out[k] = Evidence(s.date, s.status, s.doc, self.docs.title(s.doc), s.kind, before, mention, rest,
                              s.start, s.end, later=bool(after and s.date and s.date >= after))
        return list(out.values())

    def _flags(self, signals: list[Signal]) -> list[FlagNote]:
        """The documents' flags whose span touches one of these mentions."""
        out: list[FlagNote] = []
        for s in signals:
            row = self.docs.get(s.doc)
            for f in row.flags if row else []:
                fs, fe = int(f["start"]), int(f["end"])  # type: ignore[call-overload]
                touches = fs < s.end and s.start < fe if fe > fs else s.start <= fs <= s.end
                note = FlagNote(s.doc, str(f["kind"]), str(f.get("detail", "")), fs, fe)
                if touches and note not in out:
                    out.append(note)
        return out

    def report(self, m: MeetingInfo) -> MeetingReport:
        outcomes = [self.outcome(rid, m) for rid in self.outcome_ids(m)]
        return MeetingReport(m, outcomes, summarise(outcomes))


def _name(t: str, rec: dict[str, Any]) -> str:
    name = rec.get("title") or rec.get("name") or rec.get("text") or rec.get("key") or rec["id"]
    name = str(name)
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"


def _meeting_info(r: dict[str, Any]) -> MeetingInfo:
    return MeetingInfo(r["id"], r["key"], r.get("body"), r.get("ordinal"), r.get("start"), r.get("end"),
                       r.get("year"), r.get("city"), r.get("country"), r.get("status"))


def summarise(outcomes: list[Outcome]) -> Summary:
    by_status: dict[str, int] = {}
    by_score = {"+1": 0, "0": 0, "-1": 0}
    by_type: dict[str, int] = {}
    for o in outcomes:
        by_status[o.status] = by_status.get(o.status, 0) + 1
        by_score[{1: "+1", 0: "0", -1: "-1"}[o.score]] += 1
        by_type[o.type] = by_type.get(o.type, 0) + 1
    avg = round(sum(o.score for o in outcomes) / len(outcomes), 2) if outcomes else None
    return Summary(len(outcomes), by_status, by_score, by_type, avg)


def _meeting_order(m: MeetingInfo) -> tuple[str, int, str]:
    return (m.start or f"{m.year or 9999}", BODY_RANK.index(m.body) if m.body in BODY_RANK else 9, m.key)


def build_reports(store: Store, meeting: str | None = None, *, skip_empty: bool = False) -> list[MeetingReport]:
    """Reports for every meeting (by date), or for the one given by id (``m1``) or key
    (``heads-of-state#25``). ``skip_empty`` leaves out meetings with no recorded outcome."""
    b = _Builder(store, list(store.iter_linked()))
    chosen = sorted(b.meetings, key=_meeting_order)
    if meeting:
        chosen = [m for m in chosen if meeting in (m.id, m.key)]
        if not chosen:
            known = ", ".join(f"{m.id} ({m.key})" for m in sorted(b.meetings, key=_meeting_order)[:12])
            raise ConfigError(f"no meeting {meeting!r} in the store; give an id or key, e.g. {known or 'none stored'}"
                              " (see `scotrack list meetings`)")
    reports = [b.report(m) for m in chosen]
    return [r for r in reports if r.outcomes] if skip_empty else reports
