"""Extraction of commitments: clauses that bind an actor to future action.

A commitment is a clause in which an actor pledges something (成员国将…,
中方愿…, 习近平承诺…) or a decision is stated (各方一致同意…, 会议决定…,
宣布成立…, 审议批准…, 作出…的政治决定). One mention is the clause from its
actor (or trigger) to the end of the clause: the next 。！？； or line break,
or the start of the next commitment in the same sentence, so that two
decisions in one sentence are two records.

What is left out, and why:

- a modal 将 whose subject is not an actor (这将…, 欧亚地区将…, 罪行将…) —
  predictions and descriptions, not pledges;
- "会议将于…举行": scheduling a meeting is a meetings record;
- 批准《…》/通过《…》: adopting a named document is an outcome_documents record;
- headings and headlines (a line without sentence punctuation), which
  restate the body; enumerated items (● 成果五 …, 一是…) are content and stay;
- a trigger inside an enumeration that ends in a noun (…、致力于X的共同呼声).

The record key is the normalised clause text, so the same clause in a
repost or a Traditional-script copy links to one record.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .base import Context, Found, View, norm_key
from .commitments_rules import (ACTED, ADVERBS, APPROVED_DOCUMENT, CONTINUATION, DECISION_COLON,
                                DECISION_NOUN, DOC_ACTOR, DOC_VERBS, MEETING_ACTOR, MODAL, NEGATION,
                                PREPOSITIONAL, SAYING, SCHEDULING, STRONG, WILLING,
                                actor_regex, area_of, canonical_actor)

NAME = "rules.commitments.v1"

_SENT_END = "。！？!?；;\n"
_CLAUSE_END = "，,：:" + _SENT_END
# How far back (characters) an actor may stand before its trigger, adverbs
# included: the longest actor phrase (上海合作组织成员国领导人, a full state
# name) plus three adverbs fits in 30.
ACTOR_WINDOW = 30
# How many earlier clauses of the same sentence a subject-less "，将…" may
# look through for its actor (中方…，已经…，将…): three covers the usual
# "subject, past step, future step" sentence without reaching a new topic.
WALKBACK_CLAUSES = 3
# The longest stretch looked back over for a clause or sentence start: longer
# "sentences" are run-together text where no subject carries that far.
SPAN_MAX = 400
# A heading is a line without sentence punctuation at most this long; body
# paragraphs that lost their final 。 in cleaning are longer than this.
HEADING_MAX = 60
# The clause prefix taken as an actor when no known actor stands before a
# strong trigger (习近平还承诺 → 习近平): a name or short title, not a clause.
PREFIX_ACTOR_MAX = 6

_LIST_ITEM = re.compile(
    r"^\s*(?:[●•·▪■◆◇○\-\*]|[①-⑳]|[(（]?[一二三四五六七八九十\d]{1,3}[)）.、]"
    r"|成果[一二三四五六七八九十\d]+|[一二三四五六七八九十]+是)")
_SENT_PUNCT = re.compile(r"[。！？!?]")
_LEAD_SPACE = re.compile(r"^[\s　]+")
_TRAIL = re.compile(r"[\s，,、：:；;。！？!?]+$")
_ATTRIBUTIVE_END = re.compile(r"的[\u4e00-\u9fff]{1,6}$")
_OWN_PREDICATE = re.compile(r"[将是]")
_NOUN_AFTER = set("，,。；;、:：!！?？)）》」”\n")
_CITED = re.compile(r"(?:根据|按照|依据|依照|遵照|经|征得|须经|获得|取得|得到)[^，,。；;]{0,16}$")
_COMMA_MODAL = re.compile(r"^\s*(?:并|还|也|亦|同时|则|且|均|都)?$")


@dataclass(slots=True)
class _Cand:
    start: int  # view offset where the mention begins
    trig: int  # view offset of the trigger
    trig_end: int
    actor: str | None
    kind: str  # "modal" | "strong" | "doc" | "noun" | "cont"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    actor = actor_regex()
    return {
        "trigger": re.compile(f"(?P<modal>{MODAL})|(?P<will>{WILLING})|(?P<strong>{STRONG})|(?P<acted>{ACTED})"),
        "actor_end": re.compile(f"(?P<actor>{actor})(?:{ADVERBS}){{0,3}}$"),
        "actor_say": re.compile(f"(?P<actor>{actor})(?:{ADVERBS}){{0,2}}{SAYING}(?:{ADVERBS}){{0,2}}$"),
        "doc_end": re.compile(f"(?P<actor>{DOC_ACTOR})中?(?:{ADVERBS}){{0,2}}$"),
        "actor_start": re.compile(f"^\\s*(?P<actor>{actor}|{DOC_ACTOR})"),
        "doc_verb": re.compile(f"(?P<actor>{DOC_ACTOR})(?:{ADVERBS}){{0,2}}(?P<verb>{DOC_VERBS})"),
    }


def _heading_mask(s: str) -> list[tuple[int, int]]:
    """View ranges of heading lines: short, no sentence punctuation, not a list item."""
    out, pos = [], 0
    for line in s.split("\n"):
        end = pos + len(line)
        body = line.strip()
        if body and len(body) <= HEADING_MAX and not _SENT_PUNCT.search(body) and not _LIST_ITEM.match(line):
            out.append((pos, end))
        pos = end + 1
    return out


def _in(ranges: list[tuple[int, int]], at: int) -> bool:
    i = bisect_right(ranges, (at, sys.maxsize)) - 1
    return i >= 0 and ranges[i][0] <= at < ranges[i][1]


def _back(s: str, at: int, stops: str) -> int:
    """Index just after the last stop character before ``at`` (looking back at
    most SPAN_MAX characters)."""
    lo = max(0, at - SPAN_MAX)
    return max(max(s.rfind(c, lo, at) for c in stops) + 1, lo)


_STOP_RE: dict[str, re.Pattern[str]] = {}


def _forward(s: str, at: int, stops: str) -> int:
    """Index of the next stop character at or after ``at`` (or len(s))."""
    pat = _STOP_RE.get(stops)
    if pat is None:
        pat = _STOP_RE[stops] = re.compile("[" + re.escape(stops) + "]")
    m = pat.search(s, at)
    return m.start() if m else len(s)


def _inherited_actor(s: str, clause_start: int, sent_start: int) -> str | None:
    """The actor of a subject-less clause: the subject that opens one of the
    preceding clauses of the sentence, unless a clause with its own subject and
    predicate (这是…, 欧亚地区将…) stands in between."""
    pat = _patterns()["actor_start"]
    end = clause_start - 1
    for _ in range(WALKBACK_CLAUSES):
        if end <= sent_start:
            return None
        start = _back(s, end, _CLAUSE_END)
        start = max(start, sent_start)
        clause = s[start:end]
        m = pat.match(clause)
        if m:
            return m.group("actor")
        if _OWN_PREDICATE.search(clause):
            return None
        end = start - 1
    return None


def _candidates(s: str, headings: list[tuple[int, int]]) -> list[_Cand]:
    pats = _patterns()
    out: list[_Cand] = []
    for m in pats["trigger"].finditer(s):
        t = m.start()
        if _in(headings, t):
            continue
        clause_start = _back(s, t, _CLAUSE_END)
        sent_start = _back(s, t, _SENT_END)
        before = s[max(clause_start, t - ACTOR_WINDOW):t]
        if NEGATION.search(before):
            continue
        am = pats["actor_end"].search(before)
        actor = am.group("actor") if am else None
        start = t - len(before) + am.start() if am else t
        if m.group("modal") or m.group("will"):
            if am is None:
                dm = pats["doc_end"].search(before)
                sm = pats["actor_say"].search(before)
                if sm:
                    actor, start = sm.group("actor"), t - len(before) + sm.start()
                elif dm:
                    actor, start = dm.group("actor"), t - len(before) + dm.start()
                elif _COMMA_MODAL.match(s[clause_start:t]):
                    actor = _inherited_actor(s, clause_start, sent_start)
                    if actor is None:
                        continue
                    start = clause_start
                else:
                    continue
            rest = s[t:_forward(s, t, _SENT_END)]
            if m.group("modal") and PREPOSITIONAL.match(rest):
                continue
            if m.group("modal") and SCHEDULING.match(rest) and (actor is None or MEETING_ACTOR.search(actor)):
                continue
            out.append(_Cand(start, t, m.end(), actor, "modal"))
            continue
        # a strong trigger: the clause states a decision or pledge, unless the
        # trigger is a noun (…的决定。, 根据理事会决定) or someone else's consent (经…同意)
        if m.group("acted") and am is None:
            continue
        announced = am is not None and DECISION_COLON.match(s[t:t + 3]) is not None
        if (s[m.end():m.end() + 1] in _NOUN_AFTER and not announced) or _CITED.search(s[clause_start:t]):
            continue
        if APPROVED_DOCUMENT.match(s[t:_forward(s, t, _CLAUSE_END) + 1]):
            continue
        if s[t - 1:t] == "、" and _ATTRIBUTIVE_END.search(s[t:_forward(s, t, _CLAUSE_END)]):
            continue
        if actor is None:
            actor = _inherited_actor(s, clause_start, sent_start)
        if actor is None:
            prefix = _LEAD_SPACE.sub("", s[clause_start:t])
            prefix = re.sub(f"(?:{ADVERBS})+$", "", prefix)
            if 2 <= len(prefix) <= PREFIX_ACTOR_MAX and re.fullmatch(r"[\u4e00-\u9fff·]+", prefix):
                actor = prefix
        out.append(_Cand(start, t, m.end(), actor, "strong"))
    for m in DECISION_NOUN.finditer(s):
        if not _in(headings, m.start()):
            # the clause that states the decision: from its subject (成员国领导人就…)
            start = _back(s, m.start(), _CLAUSE_END)
            gap = s.rfind(" ", start, m.start())  # after a list label ("● 成果三 作出…")
            start = gap + 1 if gap >= 0 else start
            start += len(s[start:m.start()]) - len(s[start:m.start()].lstrip())
            out.append(_Cand(start, m.start(), m.end(), None, "noun"))
    for m in pats["doc_verb"].finditer(s):
        at = m.start()
        if not _in(headings, at) and not s[_back(s, at, _CLAUSE_END):at].strip():
            out.append(_Cand(at, m.start("verb"), m.end(), m.group("actor"), "doc"))
    return _dedupe(s, out)


def _dedupe(s: str, cands: list[_Cand]) -> list[_Cand]:
    """One candidate per commitment: a trigger right after another one's
    trigger (将继续致力于, 同意并决定) belongs to it; overlapping starts keep the
    first."""
    cands.sort(key=lambda c: (c.start, c.trig))
    out: list[_Cand] = []
    adverbs = re.compile(f"^(?:{ADVERBS}|并|和|及|与|并将|将)*$")
    for c in cands:
        if out:
            prev = out[-1]
            if c.start < prev.trig_end or (c.trig >= prev.trig_end and adverbs.match(s[prev.trig_end:c.trig])
                                           and c.trig - prev.trig_end <= 6):
                continue
        out.append(c)
    return out


def _continuations(s: str, cands: list[_Cand]) -> list[_Cand]:
    """Subject-less clauses after "；" that go on with a commitment (…；在X领域推进Y)."""
    extra: list[_Cand] = []
    for c in cands:
        if c.kind not in ("modal", "strong"):
            continue
        end = _forward(s, c.trig_end, _SENT_END)
        while end < len(s) and s[end] in "；;":
            nxt = end + 1
            if any(o.start >= nxt and o.start < _forward(s, nxt, _SENT_END) for o in cands):
                break
            clause = s[nxt:_forward(s, nxt, _SENT_END)]
            if not CONTINUATION.match(clause.lstrip()) or len(clause.strip()) < 4:
                break
            if not any(e.start == nxt for e in extra):
                extra.append(_Cand(nxt, nxt, nxt, c.actor, "cont"))
            end = _forward(s, nxt, _SENT_END)
    return sorted(cands + extra, key=lambda c: c.start)


def extract(view: View, ctx: Context) -> list[Found]:
    """Commitment clauses of one document (nothing for English-only texts)."""
    if ctx.language == "en":
        return []
    s = view.s
    headings = _heading_mask(s)
    cands = _continuations(s, _candidates(s, headings))
    out: list[Found] = []
    for i, c in enumerate(cands):
        end = _forward(s, c.trig_end, _SENT_END)
        if i + 1 < len(cands) and c.start < cands[i + 1].start < end:
            end = cands[i + 1].start
        clause = _TRAIL.sub("", s[c.start:end])
        if len(clause) < 4:
            continue
        end = c.start + len(clause)
        start = c.start + len(clause) - len(clause.lstrip())
        _, _, text = view.ground(start, end)
        attrs = {"text": text, "actor": canonical_actor(c.actor), "area": area_of(clause),
                 "meeting": ctx.meeting_near(start, view), "subject": None}
        out.append(view.found("commitments", norm_key(clause.strip()), attrs, start, end))
    return out
