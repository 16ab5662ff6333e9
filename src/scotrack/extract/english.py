"""English extraction (v1): the registry records an English text mentions,
keyed exactly as the Chinese rules key them so that linking merges both.

Run by :func:`scotrack.extract.extract_text` for documents whose language is
``en`` in place of the Chinese chain. Names come from the English aliases in
the package data (see :mod:`.english_lexicon`); rules prefer missing a fact to
inventing one.

1. meetings — :mod:`.english_meetings` (sets ``ctx.meetings`` and
   ``ctx.main_meeting``, read by the rules below and by event dating);
2. outcome documents — reference documents by an English alias (the 2035
   development strategy); ``<City> Declaration`` and ``the (final)
   declaration of <a meeting>`` → the declaration of the summit held there
   (``Tianjin Declaration`` → 上海合作组织成员国元首理事会天津宣言); a
   ``statement`` issued or adopted in a sentence that names the topic words
   of exactly one statement of the meeting it reports (``World War II``). A
   draft is not an outcome;
3. initiatives — known names (``Global Governance Initiative``) with the
   gazetteer's proposer;
4. institutions — known names with the status their sentence reports, in the
   Chinese rules' vocabulary (proposed, decided, preparing, established,
   operating; see :func:`institution_status`); permanent organs operate;
5. people — a known person introduced by a title (``Foreign Minister Wang
   Yi``, ``SCO Secretary-General Zhang Ming``, ``President of Kazakhstan
   Tokayev``), then every other occurrence of their English names. Titles are reported as the Chinese title heads (``titles_en``),
   also prefixed with the state or the organisation written with them;
   ``President`` (``Vice President``) of a person whose known title is 国家主席
   (国家副主席) is that title.

6. commitments — :mod:`.english_commitments` (clauses binding an SCO actor to
   future action, in the Chinese rules' record shape).

Figures are not extracted from English yet.
"""

from __future__ import annotations

import re
from collections import Counter

from .base import Context, Found, View, last_match, norm_key
from .base import Sentence
from .english_commitments import extract as extract_commitments
from .english_lexicon import ORG_EN, find_dates, names, sentence_at, sentences
from .english_meetings import extract as extract_meetings
from .meetings import text_date
from .outcomes_reference import council_title, index

NAME = "rules.english.v1"

DRAFT_BEFORE = re.compile(r"\bdraft\s+(?:of\s+)?(?:the\s+)?$", re.I)
DRAFT_AFTER = re.compile(r"^\s*\(?draft\b", re.I)
_DECLARATION_OF = re.compile(
    r"(?P<d>(?:(?:final|summit|joint)\s+)?[Dd]eclaration)\s+(?:of|from|adopted\s+at|issued\s+at)\s+(?:the\s+)?$")
_STATEMENT = re.compile(r"\b(?:(?:special|joint)\s+)?statements?\b", re.I)
_ADOPTED = re.compile(r"\b(?:issu|adopt|sign|releas|approv|publish)\w*\b", re.I)
# A statement is the SCO's when its sentence names the organisation, its summit,
# council, leaders or member states (not a ministry's or one state's).
_SCO_ACTORS = re.compile(rf"\b(?:{ORG_EN}|[Ss]ummit|Council|[Ll]eaders|[Mm]ember\s+[Ss]tates|[Hh]eads\s+of\s+[Ss]tate)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|without|yet\s+to|failed\s+to|refused\s+to)\b", re.I)

# --- institution status words (English) --------------------------------------
PRE_WINDOW = 60
POST_WINDOW = 40
MODAL_WINDOW = 80
_POST = (
    ("established", re.compile(r"^\s*(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:officially\s+|formally\s+)?"
                               r"(?:established|launched|inaugurated|opened|set\s+up|founded|created)\b", re.I)),
    ("preparing", re.compile(r"^\s*(?:is|are)\s+being\s+(?:set\s+up|established|prepared|created)\b", re.I)),
    ("decided", re.compile(r"^\s*(?:will|shall)\s+be\s+(?:set\s+up|established|created|founded)\b", re.I)),
    ("proposed", re.compile(r"^\s*(?:initiative|proposal|idea)\b", re.I)),
)
_PRE = re.compile(
    r"(?P<preparing>\bprepar\w*|\bspeed\w*\s+up|\baccelerat\w*|\bexpedit\w*|\b(?:launch\w*|start\w*|began|begin)\s+"
    r"(?:the\s+)?(?:process|work|preparations?)\b|\bwork\s+(?:on|towards)\b|\bpush\w*\s+forward)"
    r"|(?P<decided>\bdecid\w*|\bdecision\b|\bagree[ds]?\b|\bapprov\w*)"
    r"|(?P<proposed>\bpropos\w*|\bsuggest\w*|\bidea\s+of\b|\bcall\w*\s+for\b|\bexplor\w*|\bdiscuss\w*)"
    r"|(?P<operating>\bstrengthen\w*|\benhanc\w*|\b(?:work|activities|role|report)\s+of\b)"
    r"|(?P<bare>\bset(?:ting)?\s+up\b|\bestablish\w*|\bcreat\w*|\bfound(?:ed|ing)\b|\blaunch(?:ed|ing)?\b)",
    re.I)
_MODAL = re.compile(
    r"(?P<preparing>\bprepar\w*|\bspeed\w*\s+up|\baccelerat\w*|\bexpedit\w*)"
    r"|(?P<decided>\bdecid\w*|\bdecision\b|\bagree[ds]?\b|\bapprov\w*|\bwill\b|\bshall\b)"
    r"|(?P<proposed>\bpropos\w*|\bsuggest\w*|\bcall\w*\s+for\b|\bexplor\w*|\bdiscuss\w*|\bcould\b|\bmight\b)",
    re.I)


def extract(view: View, ctx: Context) -> list[Found]:
    """Every English record mention of one document, grounded by ``view``."""
    s = view.s
    if ctx.year is None:
        written = [int(a[:4]) for a, _, y in find_dates(s, None) if y]
        ctx.year = Counter(written).most_common(1)[0][0] if written else None
    sents = sentences(s)
    out = list(extract_meetings(view, ctx))  # ctx.meetings keeps the meetings alone
    out += outcome_documents(view, ctx, sents)
    out += initiatives(view)
    out += institutions(view, sents)
    out += people(view, ctx, sents)
    out += extract_commitments(view, ctx, sents)  # after institutions: link_subjects reads them
    return out


# --- outcome documents -------------------------------------------------------

def outcome_documents(view: View, ctx: Context, sents: list[Sentence]) -> list[Found]:
    s = view.s
    ref = ctx.ref
    nm = names()
    tdate = text_date(ctx, s) if ctx.published or ctx.year else None
    taken: list[tuple[int, int]] = []
    out: list[Found] = []

    def add(a: int, b: int, title: str, typ: str, meeting: str | None) -> None:
        if any(a < e and x < b for x, e in taken) or _draft(s, a, b):
            return
        taken.append((a, b))
        attrs = {"title": title, "type": typ, "meeting": meeting}
        out.append(view.found("outcome_documents", norm_key(title), attrs, a, b, None, NAME))

    for m, d in nm.doc.finditer(s):
        add(m.start(), m.end(), d.title, d.type, d.meeting)
    city_decl = re.compile(rf"(?:{ORG_EN}\s+)?(?P<city>{nm.city.pattern.pattern})\s+[Dd]eclaration\b")
    for m in city_decl.finditer(s):
        city = nm.city.value(m.group("city"))
        city = ref.canonical_city(city) if city else None
        summit = _summit_in(ctx, city, tdate) if city else None
        if summit is None:
            continue
        resolved = _declaration_of(ctx, summit, f"{city}宣言")
        if resolved:
            add(m.start(), m.end(), resolved, "declaration", summit)
    for f in ctx.meetings:
        at = view.offsets.to_clean(f.start)
        if at is None or f.mention.get("status") == "scheduled" or f.attrs.get("body") != "heads-of-state":
            continue
        dm = _DECLARATION_OF.search(s, max(0, at - 60), at)
        if dm is None or not f.attrs.get("city"):
            continue
        resolved = _declaration_of(ctx, f.key, f"{f.attrs['city']}宣言")
        if resolved:
            add(dm.start("d"), dm.end("d"), resolved, "declaration", f.key)
    for sent in sents:
        sm = _STATEMENT.search(sent.text)
        if sm is None or not _ADOPTED.search(sent.text) or not _SCO_ACTORS.search(sent.text):
            continue
        meeting = _meeting_in(ctx, view, sent) or ctx.main_meeting
        low = sent.text.lower()
        hits = [d for d, kws in nm.docs
                if d.meeting == meeting and d.type == "statement" and any(k.lower() in low for k in kws)]
        if meeting and len(hits) == 1:
            add(sent.start + sm.start(), sent.start + sm.end(), hits[0].title, "statement", meeting)
    return sorted(out, key=lambda f: f.start)


def _draft(s: str, a: int, b: int) -> bool:
    return bool(DRAFT_BEFORE.search(s[max(0, a - 20):a]) or DRAFT_AFTER.match(s[b:b + 12]))


def _summit_in(ctx: Context, city: str, tdate: str | None) -> str | None:
    """Key of the summit held in ``city`` that the text names, else the latest one
    the reference lists there on or before the text's date."""
    for f in ctx.meetings:
        if f.attrs.get("body") == "heads-of-state" and f.attrs.get("city") == city:
            return f.key
    m = ctx.ref.meeting_at("heads-of-state", city=city, before=tdate)
    return m.key if m else None


def _declaration_of(ctx: Context, meeting: str, generic: str) -> str | None:
    """The canonical title of the declaration a summit adopted: the reference's one,
    else the council's full name with the city (as the Chinese rules build it)."""
    idx = index(ctx.ref)
    docs = idx.of_meeting(meeting, "declaration")
    if len(docs) == 1:
        return docs[0].title
    built = council_title(ctx.ref, "heads-of-state", None, generic)
    if built is None:
        return None
    hit = idx.lookup(built)
    return hit.title if hit else built


def _meeting_in(ctx: Context, view: View, sent: Sentence) -> str | None:
    for f in ctx.meetings:
        at = view.offsets.to_clean(f.start)
        if at is not None and sent.start <= at < sent.end and f.mention.get("status") != "scheduled":
            return f.key
    return None


# --- initiatives -------------------------------------------------------------

def initiatives(view: View) -> list[Found]:
    nm = names()
    out = []
    for m, (name, proposer) in nm.initiative.finditer(view.s):
        out.append(view.found("initiatives", norm_key(name), {"name": name, "proposer": proposer},
                              m.start(), m.end(), {}, NAME))
    return out


# --- institutions ------------------------------------------------------------

def institutions(view: View, sents: list[Sentence]) -> list[Found]:
    nm = names()
    s = view.s
    out = []
    for m, (name, kind, permanent) in nm.institution.finditer(s):
        sent = sentence_at(sents, m.start())
        status = institution_status(s, sent, m.start(), m.end()) or ("operating" if permanent else None)
        attrs = {"name": name, "kind": kind}
        mention = {}
        if status:
            attrs["status"] = status
            mention["status"] = status
        out.append(view.found("institutions", norm_key(name), attrs, m.start(), m.end(), mention, NAME))
    return out


def institution_status(s: str, sent: Sentence, start: int, end: int) -> str | None:
    """The life-cycle status an English sentence reports for the institution named
    at ``[start, end)``: words right after the name first (was established, will
    be set up, is being set up), then the closest status word before it; a bare
    creation verb (set up, establish) takes the closest modal word before it
    (decided to / agreed → decided, proposed → proposed, speed up → preparing),
    and without one a past form (established) is established. A negation before
    the name gives no status."""
    post = s[end:min(sent.end, end + POST_WINDOW)]
    pre_start = max(sent.start, start - PRE_WINDOW)
    pre = s[pre_start:start]
    if _NEGATION.search(pre):
        return None
    for status, rx in _POST:
        if rx.match(post):
            return status
    last = last_match(_PRE, pre)
    if last is None:
        return None
    kind = last.lastgroup
    if kind != "bare":
        return kind
    verb_at = pre_start + last.start()
    modal = last_match(_MODAL, s, max(sent.start, verb_at - MODAL_WINDOW), verb_at)
    if modal is not None:
        return modal.lastgroup
    return "established" if last.group().lower().endswith("ed") else None


# --- people ------------------------------------------------------------------

# China's head of state and deputy are 国家主席 / 国家副主席, "President" in English.
_CHINESE_HEAD = {"总统": "国家主席", "副总统": "国家副主席"}

def people(view: View, ctx: Context, sents: list[Sentence]) -> list[Found]:
    nm = names()
    s = view.s
    adjectives = ctx.ref.raw.get("country_adjectives_en", {})
    adj = "|".join(re.escape(a) for a in sorted(adjectives, key=len, reverse=True))
    titled = re.compile(
        rf"(?:(?P<org>{ORG_EN})\s+|(?P<adj>{adj})\s+)?(?P<title>{nm.title.pattern.pattern})"
        rf"(?:\s+of\s+(?:the\s+)?(?P<country>{nm.country.pattern.pattern}))?,?\s+"
        rf"(?P<name>{nm.person.pattern.pattern})")
    hits: list[tuple[int, int, str, list[str]]] = []
    introduced: set[str] = set()
    for m in titled.finditer(s):
        person = nm.person.value(m.group("name"))
        core = nm.title.value(m.group("title"))
        if person is None or core is None:
            continue
        name, known = person
        core = _CHINESE_HEAD.get(core, core) if _CHINESE_HEAD.get(core) in known else core
        prefix = None
        if m.group("org"):
            prefix = "上海合作组织"
        elif m.group("adj"):
            prefix = adjectives.get(m.group("adj"))
        elif m.group("country"):
            prefix = nm.country.value(m.group("country"))
        titles = ([prefix + core] if prefix else []) + [core]
        hits.append((m.start(), m.end(), name, titles))
        introduced.add(name)
    spans = [(a, b) for a, b, _, _ in hits]
    for m, person in nm.person.finditer(s):
        if person[0] not in introduced or any(m.start() < b and a < m.end() for a, b in spans):
            continue
        hits.append((m.start(), m.end(), person[0], []))
        spans.append((m.start(), m.end()))
    out = []
    for a, b, name, titles in sorted(hits):
        mention = {"title": titles[0]} if titles else {}
        out.append(view.found("people", name, {"name": name, "titles": titles}, a, b, mention, NAME))
    return out

