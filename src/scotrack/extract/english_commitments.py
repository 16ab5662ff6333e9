"""English commitments (v1): clauses in which an SCO actor binds itself to
future action, recorded exactly as the Chinese rules record them
(:mod:`.commitments`): type ``commitments``, key ``norm_key(clause)``, attrs
``text``, ``actor`` (the Chinese canonical actor names: 成员国, 各方, 中方,
中国, a member state, 上海合作组织, 会议, 峰会…), ``area`` (security, economy,
politics, culture, institutional, other), ``meeting`` and ``subject`` (left
empty here; :func:`scotrack.extract.subjects.link_subjects` fills it).

How a mention is found. A *trigger* word is looked up first (one anchored
regex: will/shall, agree(d), decide(d), pledge(d), vow(ed), promise(d),
commit(ted) to, undertake to, resolve(d) to, approve(d), offered to, ready
to, determined to, instructed/tasked/mandated, "reaffirm/renew (their)
commitment to", "a decision has been taken to", "it was decided/agreed"); then the *actor*
right before it, with at most a few adverbs or auxiliaries in between
(``The member states have also agreed to``). The actor must open its clause:
it stands at the sentence start, after a comma, a colon, a quote or a dash,
or after ``that``/``, and`` or a verb of saying (``a communique stated that
all parties will``). ``They`` takes the actor that opens the previous sentence
of the paragraph; ``it``/``they`` after "<actor> said" take that actor;
``and will…``/``and agreed to…`` without a subject take the actor that
opens the sentence. The clause runs from the actor (or the trigger of a
second commitment in the same sentence) to the next ``;`` or sentence end,
cut before a new independent clause (``, and the next meeting is…``) and
a trailing attribution (``, a delegate said``, ``, according to…``).

What is left out, and why (precision first):

- headings and headlines (a short line without sentence punctuation);
- actors that are not the SCO, its members or bodies: non-member states,
  officials, analysts; a person only when from a member state and only
  with an explicit pledge verb (``Xi pledged``, ``offered to``), never with
  ``will``, ``agreed`` or ``decided``;
- a meeting or summit with ``will`` (it schedules or describes, it does not
  pledge: ``the summit will be held``, ``the meeting will focus on``), and
  ``we will`` (anyone quoted may say it; ``we decided`` is kept);
- ``will be``/``will become``/``will face``…: forecasts and passives;
- negations (``will not``, ``did not agree`` — the actor no longer stands
  right before the trigger), hypotheticals and calls on others (``if``,
  ``could``, ``would``, ``urged … to``, ``called on``, ``hope``) in the
  sentence before the actor, ``if``/``unless`` after the trigger, an
  infinitive trigger (``urged the parties to commit``);
- speculation: a sentence where analysts, experts or observers speak, or
  that says ``reportedly``;
- ``approved`` + a named or typed document (approving a declaration is an
  outcome_documents record).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .base import Context, Found, Sentence, View, norm_key
from .english_lexicon import ORG_EN, _raw, sentences

NAME = "rules.english.commitments.v1"

# How far back (characters) an actor may stand before its trigger: the longest
# actor phrase (the heads of state of the member states, with the organisation's
# full name) plus an apposition and three adverbs.
ACTOR_WINDOW = 160
# A heading is a line without sentence punctuation at most this long.
HEADING_MAX = 150
# How close (characters) a second trigger after a first one's must be to belong
# to it ("agreed and decided to").
CHAIN_GAP = 14

# Lower-case only (a trigger is never a sentence's first word: its actor comes
# first); the look-ahead on first letters skips most words cheaply.
TRIGGER = re.compile(
    r"\b(?=[wsadpvcuroitm])(?:(?P<modal>will|shall)|(?P<agree>agree[sd]?)|(?P<decide>decide[sd]?)"
    r"|(?P<pledge>pledge[sd]?|vow(?:ed|s)?|promise[sd]?)|(?P<commit>commit(?:s|ted)?)"
    r"|(?P<undertake>undert(?:ook|akes?))|(?P<resolve>resolved)|(?P<approve>approve[sd]?)"
    r"|(?P<offer>offered|offers)|(?P<ready>ready|determined)|(?P<instruct>instructed|tasked|mandated)"
    r"|(?P<commitment>commitment)|(?P<decision>decision))\b")

# What must follow each trigger for it to state a pledge or decision.
_AFTER = {
    "modal": re.compile(r"\s+(?!not\b|never\b|no\s+longer\b|be\b|become\b|likely\b|probably\b|face\b|see\b|"
                        r"have\b|need\b|take\s+place\b|reach\b|exceed\b|receive\b|get\b|also\s+be\b)[a-z]"),
    "agree": re.compile(r"\s+(?:on|upon|to|that)\b(?!\s+(?:by|with)\b)"),
    "decide": re.compile(r"\s+(?:to|that|on|upon)\b"),
    "pledge": re.compile(r"\s+(?!not\b|never\b)\w"),
    "commit": re.compile(r"\s+(?:themselves\s+|itself\s+|ourselves\s+)?to\b"),
    "undertake": re.compile(r"\s+to\b"),
    "resolve": re.compile(r"\s+to\b"),
    "approve": re.compile(r"\s+\w"),
    "offer": re.compile(r"\s+to\b"),
    "ready": re.compile(r"\s+to\b"),
    "instruct": re.compile(r"\s+(?:the\s+)?\w"),
    "commitment": re.compile(r"\s+to\b"),
}
# Words before the trigger that a trigger needs ("are ready", "renew its commitment").
_BEFORE_NEEDED = {
    "ready": re.compile(r"\b(?:are|is|stand|stands|remain|remains)\s+(?:fully\s+|firmly\s+)?$", re.I),
    "commitment": re.compile(r"\b(?:reaffirm|reiterate|confirm|reconfirm|renew)\w*\s+(?:their|its|our)\s+"
                             r"(?:\w+\s+){0,2}$", re.I),
}
# A passive decision without an actor: "a decision has been taken to…", "it was agreed that…".
_PASSIVE_DECISION = re.compile(r"\b(?:an?|the)\s+decision\s+(?:was|has\s+been|had\s+been)\s+(?:made|taken|adopted)\s+to\b",
                               re.I)
_IT_WAS = re.compile(r"\bit\s+(?:was|has\s+been)\s+(?:also\s+)?$", re.I)

ADVERBS = (r"(?:also|further|jointly|unanimously|formally|officially|once\s+again|again|firmly|fully|today|then"
           r"|hereby|all|both|each|collectively|still|now|already|have|has|had|are|is|do|does|stand|stands"
           r"|remain|remains|solemnly|strongly|would\s+like\s+to)")
_SAYING = (r"(?:said|says|say|stated|states|declared|declares|announced|announces|stressed|stresses|noted|notes"
           r"|confirmed|confirms|reaffirmed|reaffirms|emphasi[sz]ed|emphasi[sz]es|added|made\s+clear|told\s+\w+)")
# What may stand right before an actor: the clause opens there.
# A bare "and" is not one: "China and Russia will" is not Russia's pledge alone.
_OPENER = re.compile(
    rf"(?:^|[,;:\"“«(\-–—]|[,;]\s*(?:and|but)|\b(?:that|so|thus|therefore|hence|then|also|{_SAYING}))\s*$", re.I)

# Hypotheticals and calls on others in the sentence before the actor (case-sensitive:
# "May" in a dateline is a month).
_PREFIX_BLOCK = re.compile(
    r"\b(?:[Ii]f|[Uu]nless|[Ww]hether|[Oo]nce|[Pp]rovided|[Ss]hould|[Hh]ope[sd]?|[Hh]oping|[Ee]xpect\w*|may|might|could"
    r"|would|likely|possibly|[Pp]erhaps|call(?:ed|s|ing)?\s+(?:on|upon)|urg\w*|invit\w*|encourag\w*|appeal\w*|ask\w*"
    r"|request\w*|want\w*|wish\w*|[Ww]hen|[Uu]ntil)\b")
_AFTER_BLOCK = re.compile(r"\b(?:if|unless|provided\s+that|in\s+case)\b", re.I)
_SPECULATION = re.compile(
    r"\b(?:(?:analysts|experts|observers|commentators|critics|pundits|scholars|economists|journalists)"
    r"\s+(?:say|said|says|believe|believed|think|thought|expect|expected|predict|predicted|argue|argued|suggest"
    r"|suggested|warn|warned|note|noted|doubt)|according\s+to\s+(?:some\s+)?(?:analysts|experts|observers)"
    r"|reportedly|allegedly|speculat\w*|rumou?r\w*)\b", re.I)
_INFINITIVE = re.compile(r"\bto\s+$", re.I)
_APPROVED_DOC = re.compile(
    r"^\s+(?:the\s+)?(?:draft\s+)?(?:[A-Z0-9“\"«]|(?:[\w'’\-]+\s+){0,4}?(?:declarations?|statements?|communiqu\w*"
    r"|strateg(?:y|ies)|agreements?|plans?|programmes?|programs?|road\s*maps?|charter|concepts?|conventions?"
    r"|documents?|treaty|treaties|protocols?)\b)")
_NEW_CLAUSE = re.compile(
    r",\s+(?:and|but|while|whereas)\s+(?:the|a|an|this|that|these|those|it|its|their|there|[A-Z][\w\-]*)\b")
# A past report joined to a decision ("approved the budget and heard a report"):
# the commitment ends before it.
_REPORT_AFTER = re.compile(
    r"\s+and\s+(?:then\s+|also\s+)?(?:heard|discussed|reviewed|noted|welcomed|held|met|listened|exchanged|visited"
    r"|attended|expressed|praised|appreciated|congratulated|thanked|took\s+note)\b")
_ATTRIBUTION = re.compile(
    r"(?:,?\s+according\s+to\s+[^,;]+|,\s*(?:[\w'’\-]+\s+){0,14}?(?:said|says|told\s+[^,;]+|added|noted|reported"
    r"|recalled|confirmed|announced|stated))\s*$")
_TRAIL = re.compile(r"[\s,;:.!?]+$")
_PRONOUN = re.compile(r"^(?:they|it|we)$", re.I)


@dataclass(slots=True)
class _Cand:
    start: int  # view offset where the mention begins
    trig: int
    trig_end: int
    actor: str | None
    sent_end: int


# --- actors ------------------------------------------------------------------------

_MEMBERS = (rf"(?:(?:the|all(?:\s+the)?|its|our|all\s+{ORG_EN})\s+)?(?:{ORG_EN}\s+)?(?:member\s+(?:states|countries|nations)"
            rf"|members)(?:\s+of\s+(?:the\s+)?{ORG_EN})?"
            rf"|(?:the\s+)?(?:{ORG_EN}\s+)?(?:leaders|heads\s+of\s+state)(?:\s+of\s+(?:the\s+)?(?:{ORG_EN}\s+)?member\s+states"
            rf"(?:\s+of\s+(?:the\s+)?{ORG_EN})?)?")
_FIXED = (
    ("成员国", _MEMBERS),
    ("双方", r"(?:the\s+two|both)\s+sides"),
    ("各方", r"(?:all\s+(?:the\s+)?|the\s+)(?:parties|sides)|(?:the\s+)?(?:summit\s+)?participants"
             r"|(?:the\s+)?participating\s+(?:states|countries)"),
    ("中方", r"(?:the\s+)?Chinese\s+side"),
    ("上海合作组织", rf"(?:the\s+)?{ORG_EN}|the\s+Organi[sz]ation"),
    ("峰会", r"the\s+summit"),
    ("会议", r"the\s+meeting"),
    # the Council (in an SCO text the organisation's), or one named by its members
    # ("the Council of Foreign Ministers"); not "the UN Security Council"
    ("理事会", rf"the\s+(?:{ORG_EN}\s+)?(?:Heads\s+of\s+(?:State|Government)\s+)?Council(?:\s+of\s+(?:the\s+)?"
            r"(?:Heads\s+of\s+(?:Member\s+)?(?:States?|Governments?)|(?:Foreign\s+)?Ministers))?"),
    ("秘书处", rf"(?:the\s+)?(?:{ORG_EN}\s+)?[Ss]ecretariat"),
    ("秘书长", rf"(?:the\s+)?(?:{ORG_EN}\s+)?Secretary[\s\-]General"),
    ("下届主席国", r"the\s+(?:incoming|next)\s+(?:chair|chairmanship|presidency|presiding\s+(?:state|country))"),
    ("主席国", r"the\s+(?:chair|presiding\s+(?:state|country))"),
    ("我们", r"we"),
    ("they", r"they"),
    ("it", r"it"),
)
MEETING_ACTORS = ("会议", "峰会", "理事会")
# The triggers a person may bind themselves with: a pledge, not an agreement
# (a leader "agreed to meet" someone is a diplomatic report).
PERSON_KINDS = ("pledge", "commit", "commitment", "offer", "ready", "undertake")


@dataclass(frozen=True)
class _Actors:
    regex: re.Pattern[str]  # the actor alternation, ending the text it is searched in
    said: re.Pattern[str]  # "<actor> said (that)" ending the text it is searched in
    start: re.Pattern[str]  # an actor opening a sentence
    values: tuple[tuple[re.Pattern[str], str, bool], ...]  # (full-match regex, canonical, a person)


@lru_cache(maxsize=1)
def _actors() -> _Actors:
    from ..reference import load

    ref = load()
    raw = ref.raw
    members = {m["name"] for m in ref.member_states}
    rows: list[tuple[str, str, bool]] = [(rx, canon, False) for canon, rx in _FIXED]
    for canon, ens in raw.get("country_names_en", {}).items():
        if canon in members:
            rows += [(rf"(?:the\s+)?{re.escape(e)}", canon, False) for e in ens]
    for adj, canon in raw.get("country_adjectives_en", {}).items():
        if canon in members and canon != "中国":
            rows.append((rf"(?:the\s+)?{re.escape(adj)}\s+(?:side|delegation)", canon, False))
    for p in _raw("people.json")["known_people"]:
        if p.get("country") in members:
            rows += [(re.escape(e), p["name"], True) for e in p.get("en", ())]
    alt = "|".join(rx for rx, _, _ in rows)
    return _Actors(
        regex=re.compile(rf"(?<![\w\-])(?P<actor>{alt})(?P<appos>\s*,\s*as\s+[^,;]{{1,50}},)?"
                         rf"(?:\s+{ADVERBS}){{0,3}}\s+$", re.I),
        said=re.compile(rf"(?<![\w\-])(?P<actor>{alt})\s+(?:{ADVERBS}\s+){{0,2}}{_SAYING}\s+(?:that\s+)?$", re.I),
        start=re.compile(rf"^[\s\"“«(]*(?:(?:[^,;\"“]{{1,60}}),\s*|[^\n]{{0,60}}?\s[\-–—]\s+)?(?P<actor>{alt})\s+[a-z]",
                         re.I),
        values=tuple((re.compile(rx, re.I), canon, person) for rx, canon, person in rows),
    )


def canonical_actor_en(raw: str) -> tuple[str, bool] | None:
    """(canonical actor, is a person) of an English actor phrase, as the Chinese
    rules name actors: "the member states" → 成员国, "all parties" → 各方,
    "the Chinese side" → 中方, "Russia" → 俄罗斯, "Xi Jinping" → 习近平."""
    raw = re.sub(r"\s+", " ", raw.strip())
    return next(((canon, person) for rx, canon, person in _actors().values if rx.fullmatch(raw)), None)


# --- areas -------------------------------------------------------------------------

AREAS_EN: tuple[tuple[str, str], ...] = (
    ("security", r"secur\w*|terror\w*|counter-?terror\w*|extremis\w*|separatis\w*|three\s+evil\s+forces|drugs?|narcotic\w*"
                 r"|crimes?|criminal\w*|border\s+(?:control|security|guards?)|military|defen[cs]e|ceasefire|conflicts?"
                 r"|disputes?|cyber\w*|joint\s+drills?|exercises|intelligence\s+sharing"),
    ("economy", r"econom\w*|trade|trading|invest\w*|financ\w*|bank\w*|energy|infrastructure|connectivity"
                r"|supply[\s\-]chains?|industrial\s+chains?|(?:national|local)\s+currenc\w*|settlements?|loans?|transport\w*"
                r"|logistics|customs|agricultur\w*|food|industr\w*|markets?|business\w*|payments?|interbank|pipelines?"
                r"|rail\w*|digital"),
    ("politics", r"united\s+nations|U\.?N\.?|multilateralism|international\s+order|world\s+order|global\s+governance"
                 r"|international\s+relations|international\s+law|multipolar\w*|sovereignty|right\s+side\s+of\s+history"
                 r"|hegemon\w*|bloc\s+confrontation|international\s+system|unilateralism"),
    ("culture", r"people-to-people|humanitarian|cultur\w*|educat\w*|youth|touris\w*|health|medic\w*|sports?"
                r"|media|civili[sz]ations?|exchanges|science|universit\w*"),
    ("institutional", r"mechanisms?|budget|secretariat|chair(?:manship)?|presidency|partners?|observers?|reforms?"
                      r"|expansion|enlargement|permanent\s+bod\w*|committee|secretary[\s\-]general|admission|membership"),
)
# run on the lower-cased clause (faster than a case-blind regex)
_AREA_RX = re.compile(r"\b(?=[a-z])(?:" + "|".join(rf"(?P<{a}>(?:{rx.lower()})\b)" for a, rx in AREAS_EN) + ")")
_ORG_NAME = re.compile(rf"{ORG_EN}|Shanghai\s+Spirit", re.I)


def area_en(clause: str) -> str:
    """The policy area of an English clause by keyword counts (``other`` when none
    hit; ties in the order security, economy, politics, culture, institutional)."""
    text = _ORG_NAME.sub(" ", clause).lower()
    counts = {a: 0 for a, _ in AREAS_EN}
    for m in _AREA_RX.finditer(text):
        counts[m.lastgroup or ""] = counts.get(m.lastgroup or "", 0) + 1
    best, best_n = "other", 0
    for area, _ in AREAS_EN:
        if counts[area] > best_n:
            best, best_n = area, counts[area]
    return best


# --- clauses -----------------------------------------------------------------------

def _regions(s: str, sents: list[Sentence] | None = None) -> tuple[list[Sentence], list[tuple[int, int]]]:
    """Sentences (``sents``, else split here) split also at ";", and the ranges of
    heading lines."""
    out: list[Sentence] = []
    for sent in sents if sents is not None else sentences(s):
        if ";" not in sent.text:
            out.append(sent)
            continue
        pos = sent.start
        for part in re.split(r"(;)", sent.text):
            if part != ";" and part.strip():
                out.append(Sentence(pos, pos + len(part), part))
            pos += len(part)
    heads, pos = [], 0
    for line in s.split("\n"):
        body = line.strip()
        if body and len(body) <= HEADING_MAX and not re.search(r"[.!?][\"”’»)]*$|:$", body):
            heads.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out, heads


def _opens_clause(before: str) -> bool:
    return bool(_OPENER.search(before))


def _subject_of(sent: Sentence) -> tuple[int, str] | None:
    """(view offset, raw actor) of the actor that opens ``sent``, if any."""
    m = _actors().start.match(sent.text)
    if m is None or _PRONOUN.match(m.group("actor")):
        return None
    return sent.start + m.start("actor"), m.group("actor")


def _candidates(s: str, sents: list[Sentence], heads: list[tuple[int, int]]) -> list[_Cand]:
    by_sent: dict[int, list[re.Match[str]]] = {}
    starts = [x.start for x in sents]
    for m in TRIGGER.finditer(s):  # one pass over the text; most sentences have no trigger
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= sents[i].end:
            by_sent.setdefault(i, []).append(m)
    if not by_sent:
        return []
    actors = _actors()
    out: list[_Cand] = []
    for i, found in sorted(by_sent.items()):
        sent, last_sent = sents[i], (sents[i - 1] if i else None)
        h = bisect_right(heads, (sent.start, sys.maxsize)) - 1
        if (h >= 0 and heads[h][0] <= sent.start < heads[h][1]) or _SPECULATION.search(sent.text):
            continue
        for m in found:
            kind = m.lastgroup or ""
            t, te = m.start(), m.end()
            rest = s[te:sent.end]
            before_all = s[sent.start:t]
            if kind == "decision":
                pm = _PASSIVE_DECISION.search(s, max(sent.start, t - 5), sent.end)
                if pm is None or not (pm.start() <= t < pm.end()) or not _opens_clause(s[sent.start:pm.start()]):
                    continue
                if _PREFIX_BLOCK.search(s[sent.start:pm.start()]) or _AFTER_BLOCK.search(rest):
                    continue
                out.append(_Cand(pm.start(), t, pm.end(), None, sent.end))
                continue
            after = _AFTER.get(kind)
            if after is None or not after.match(rest) or _INFINITIVE.search(before_all):
                continue
            if kind == "approve" and _APPROVED_DOC.match(rest):
                continue
            if _AFTER_BLOCK.search(rest):
                continue
            lead = before_all
            need = _BEFORE_NEEDED.get(kind)
            if need is not None:
                nm = need.search(lead)
                if nm is None:
                    continue
                lead = lead[:nm.start()]
            window = lead[-ACTOR_WINDOW:]
            offset = sent.start + len(lead) - len(window)
            if kind in ("agree", "decide") and _IT_WAS.search(window):
                at = offset + _IT_WAS.search(window).start()
                if _opens_clause(s[sent.start:at]) and not _PREFIX_BLOCK.search(s[sent.start:at]):
                    out.append(_Cand(at, t, te, None, sent.end))
                continue
            am = actors.regex.search(window)
            if am is None:
                inherited = _inherited(s, sent, t, window)
                if inherited is not None:
                    # from the sentence's actor, unless an earlier commitment of the sentence starts there
                    first = not any(o.sent_end == sent.end for o in out)
                    out.append(_Cand(inherited[0] if first else t, t, te, inherited[1], sent.end))
                continue
            a_start = offset + am.start("actor")
            raw = am.group("actor")
            if not _opens_clause(s[sent.start:a_start]) or _PREFIX_BLOCK.search(s[sent.start:a_start]):
                continue
            if _PRONOUN.match(raw):
                resolved = _resolve_pronoun(s, sent, last_sent, a_start, raw)
                if resolved is None:
                    continue
                raw, a_start = resolved
            canon = canonical_actor_en(raw)
            if canon is None:
                continue
            actor, person = canon
            if (person or actor in MEETING_ACTORS or actor == "我们") and kind == "modal":
                continue
            if person and kind not in PERSON_KINDS:
                continue
            out.append(_Cand(a_start, t, te, actor, sent.end))
    return _dedupe(s, out)


def _inherited(s: str, sent: Sentence, t: int, window: str) -> tuple[int, str] | None:
    """A subject-less "…and will/agreed to…": the actor that opens the sentence."""
    if not re.search(r"\band\s+(?:also\s+|then\s+|further\s+)?$", window, re.I):
        return None
    subj = _subject_of(sent)
    if subj is None or subj[0] >= t or _PREFIX_BLOCK.search(s[sent.start:subj[0]]):
        return None
    canon = canonical_actor_en(subj[1])
    if canon is None or canon[1] or canon[0] in MEETING_ACTORS:
        return None
    return subj[0], canon[0]


def _resolve_pronoun(s: str, sent: Sentence, last: Sentence | None, at: int,
                     pron: str) -> tuple[str, int] | None:
    """(actor, where the clause starts) for a pronoun: the subject of a verb of
    saying right before it ("Russia said it will", the clause starting at
    Russia), else for "they" opening a sentence the actor that opens the
    previous sentence of the paragraph. "we" is itself an actor (我们)."""
    if pron.lower() == "we":
        return pron, at
    lo = max(sent.start, at - ACTOR_WINDOW)
    sm = _actors().said.search(s[lo:at])
    if sm and not _PRONOUN.match(sm.group("actor")) and _opens_clause(s[sent.start:lo + sm.start()]):
        return sm.group("actor"), lo + sm.start()
    if pron.lower() == "they" and last is not None and "\n" not in s[last.end:sent.start] and at - sent.start < 3:
        subj = _subject_of(last)
        return (subj[1], at) if subj else None
    return None


def _dedupe(s: str, cands: list[_Cand]) -> list[_Cand]:
    """One candidate per commitment: a trigger right after another one's
    ("agreed and decided to", "will continue to commit") belongs to it."""
    cands.sort(key=lambda c: (c.start, c.trig))
    out: list[_Cand] = []
    for c in cands:
        if out:
            p = out[-1]
            if c.start < p.trig_end or (c.trig >= p.trig_end and c.trig - p.trig_end <= CHAIN_GAP
                                        and re.fullmatch(r"[\s\w]*", s[p.trig_end:c.trig])
                                        and c.sent_end == p.sent_end):
                continue
        out.append(c)
    return out


def _clause_end(s: str, c: _Cand, nxt: _Cand | None) -> int:
    end = c.sent_end
    if nxt is not None and c.start < nxt.start < end:
        end = nxt.start
    for rx in (_NEW_CLAUSE, _REPORT_AFTER):
        m = rx.search(s, c.trig_end, end)
        end = m.start() if m else end
    return end


def _trim(clause: str) -> str:
    prev = None
    while prev != clause:
        prev = clause
        clause = _TRAIL.sub("", clause)
        clause = _ATTRIBUTION.sub("", clause)
        clause = re.sub(r"(?:,?\s+and|,\s*thereby|,\s*which)$", "", clause)
        if clause.endswith('"') and clause.count('"') % 2 == 1:
            clause = clause[:-1]
        for q_open, q_close in (("“", "”"), ("‘", "’"), ("«", "»"), ("(", ")")):
            if clause.endswith(q_close) and clause.count(q_open) < clause.count(q_close):
                clause = clause[:-1]
    return clause


def extract(view: View, ctx: Context, sents: list[Sentence] | None = None) -> list[Found]:
    """Commitment clauses of one English document (``sents``: its English
    sentences when the caller has them)."""
    s = view.s
    sents, heads = _regions(s, sents)
    cands = _candidates(s, sents, heads)
    out: list[Found] = []
    for i, c in enumerate(cands):
        end = _clause_end(s, c, cands[i + 1] if i + 1 < len(cands) else None)
        clause = _trim(s[c.start:end])
        if len(clause.split()) < 3:
            continue
        end = c.start + len(clause)
        _, _, text = view.ground(c.start, end)
        if not text:
            continue
        attrs = {"text": text, "actor": c.actor, "area": area_en(clause),
                 "meeting": ctx.meeting_near(c.start, view), "subject": None}
        out.append(view.found("commitments", norm_key(clause.strip()), attrs, c.start, end, None, NAME))
    return out
