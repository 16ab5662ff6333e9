"""English meetings of SCO bodies: which meeting, held or scheduled.

The rules mirror the Chinese ones (:mod:`.meetings`) and reuse their linking,
status and record attributes, so an English mention lands on the same record
(``heads-of-state#25``) with the same attribute names and values:

- a council's meeting, named after its council (``the 24th session of the
  Council of the Heads of Government``, ``the SCO heads of state summit``): by
  ordinal when written, else by the years, dates and cities of its sentence,
  else the meeting the text is about;
- in a text that names the SCO, a meeting of its heads of state or
  government without the council's name (``the next meeting of heads of
  government``), unless its sentence names another body;
- a summit by city: ``Qingdao summit``, ``the SCO summit at Ufa``, ``2018
  Qingdao summit``, ``Bishkek 2026`` (city and year of a summit the reference
  lists);
- a summit by ordinal: ``the 18th SCO summit``;
- the next one (``the next SCO summit``, the next council meeting ``in 2026``):
  scheduled, linked by the year written after it;
- deictic ``this summit`` / ``the Summit`` / ``SCO summit``: the meeting the
  text is about, only in a text that names the SCO and not in a sentence about
  another body's summit (BRICS, G20 …) or an earlier one (last year's).

Held or scheduled comes from the reference and the text's date; where neither
decides, a future or hypothetical word in the sentence (will, could, might,
scheduled, planned …) makes a meeting scheduled, never held.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..reference import Reference
from .base import Context, Found, View
from .english_lexicon import ORDINAL, ORG_EN, names, ordinal_value, place_time, sentence_at, sentences
from .meetings import Cand, Claims, _found, _key, _near_summit, _status, by_place_time, text_date

NAME = "rules.english.meetings.v1"

LEAD_CHARS = 400  # as the Chinese rules: a mention this early names the main meeting
LEAD_SHARE = 0.2
# Meetings are yearly: a next meeting announced for a year further than this
# after the text's year is a plan's horizon, not a meeting date.
MAX_SCHEDULE_AHEAD = 2

_ADJ = r"(?:(?:regular|jubilee|anniversary|extraordinary|enlarged|ordinary|annual)\s+)?"
_NEXT = r"(?P<next>next|upcoming|forthcoming)"


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    """The meeting patterns, built from the English names (once per process)."""
    nm = names()
    council = nm.council.pattern.pattern
    city = nm.city.pattern.pattern
    return {
        # the 18th session of the heads-of-state council (of the SCO)
        "council": re.compile(
            rf"\b(?:{_NEXT}\s+)?(?:{ORDINAL}\s+)?{_ADJ}(?:meeting|session|summit)\s+of\s+the\s+(?:{ORG_EN}\s+)?"
            rf"(?P<council>{council})(?:\s+of\s+the\s+{ORG_EN})?", re.I),
        # an SCO heads-of-state council meeting / SCO heads of government meeting
        "council_first": re.compile(
            rf"\b(?:{_NEXT}\s+)?(?:{ORDINAL}\s+)?(?:(?:{ORG_EN}\s+)?(?P<council>{council})"
            rf"|{ORG_EN}\s+heads\s+of\s+(?P<bare>state|government))\s+(?:meeting|summit|session)\b", re.I),
        # the next meeting of heads of state (in a text about the SCO)
        "heads": re.compile(
            rf"\b(?:{_NEXT}\s+)?(?:{ORDINAL}\s+)?{_ADJ}(?:meeting|summit|session)\s+of\s+(?:the\s+)?(?:{ORG_EN}\s+)?"
            rf"heads\s+of\s+(?P<bare>state|government)\b(?!\s+council)", re.I),
        # the 18th SCO summit
        "ordinal_summit": re.compile(rf"\b{ORDINAL}\s+(?:{ORG_EN}\s+)?summit\b", re.I),
        # the next SCO summit
        "next_summit": re.compile(rf"{_NEXT}\s+(?:{ORG_EN}\s+)?summit\b", re.I),
        # 2018 Qingdao summit / SCO Ufa Summit / summit (of the SCO) at Ufa
        "city_summit": re.compile(
            rf"\b(?:(?P<y>(?:19|20)\d{{2}})\s+)?(?:{ORG_EN}\s+)?(?P<city>{city})\s+(?:{ORG_EN}\s+)?[Ss]ummit\b"
            rf"|\b(?:{ORG_EN}\s+)?[Ss]ummit\s+(?:of\s+the\s+{ORG_EN}\s+)?(?:in|at)\s+(?P<city2>{city})"
            rf"(?:\s+in\s+(?P<y2>(?:19|20)\d{{2}}))?"),
        # Bishkek 2026 (a summit the reference lists in that city and year)
        "city_year": re.compile(rf"(?P<city>{city})\s+(?P<y>20\d{{2}})(?![\d\-–])"),
        # this summit / the Summit / this year's SCO summit / SCO summit
        "deictic": re.compile(rf"\b(?:(?:this|the)\s+(?:year['’]s\s+)?(?:{ORG_EN}\s+)?|{ORG_EN}\s+)summit\b", re.I),
    }


# Words that make what a sentence says about a meeting future or hypothetical.
FUTURE = re.compile(r"\b(?:will|shall|would|could|might|may|scheduled|planned|expected|set\s+to|is\s+to|are\s+to"
                    r"|next|upcoming|forthcoming|proposed|if|possibly|perhaps|likely)\b", re.I)
SCO_NAMED = re.compile(rf"\b{ORG_EN}\b")
# Other bodies whose summits a text about the SCO also reports: a deictic
# "the summit" in a sentence naming one of them (and not the SCO) is theirs.
OTHER_BODIES = re.compile(r"\b(?:BRICS|G-?20|G-?7|CSTO|CIS|EAEU|ASEAN|APEC|NATO|EU|CICA|OTS|GCC"
                          r"|Eurasian\s+Economic\s+Union|European\s+Union|African\s+Union|Arab\s+League"
                          r"|Organization\s+of\s+Turkic\s+States)\b")
_YEAR_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:in|for)\s+(?P<y>(?:19|20)\d{2})\b")




def extract(view: View, ctx: Context) -> list[Found]:
    """English meeting mentions; sets ``ctx.meetings`` and ``ctx.main_meeting``."""
    ctx.meetings = []
    ctx.main_meeting = None
    s = view.s
    ref = ctx.ref
    tdate = text_date(ctx, s) if ctx.published or ctx.year else None
    sents = sentences(s)
    pats = patterns()
    cands = Claims()
    add = cands.add

    for name in ("council", "council_first"):
        for m in pats[name].finditer(s):
            add(_council(s, m, sentence_at(sents, m.start()).text, ref, ctx, tdate))
    for m in pats["ordinal_summit"].finditer(s):
        n = ordinal_value(m)
        r = ref.meeting("heads-of-state", n) if n else None
        add(Cand(m.start(), m.end(), "heads-of-state", ref=r) if r else None)
    for m in pats["next_summit"].finditer(s):
        add(_next(s, m.start(), m.end(), "heads-of-state", ctx))
    for m in pats["city_summit"].finditer(s):
        add(_city_summit(m, ref, tdate))
    if SCO_NAMED.search(s):
        for m in pats["heads"].finditer(s):
            sent = sentence_at(sents, m.start())
            if not (OTHER_BODIES.search(sent.text) and not SCO_NAMED.search(sent.text)):
                add(_council(s, m, sent.text, ref, ctx, tdate))
        for m in pats["city_year"].finditer(s):
            city = names().city.value(m.group("city"))
            r = ref.meeting_at("heads-of-state", city=city, year=int(m.group("y"))) if city else None
            add(Cand(m.start(), m.end(), "heads-of-state", ref=r) if r else None)
        for m in pats["deictic"].finditer(s):
            sent = sentence_at(sents, m.start())
            if re.search(r"\b(?:last|previous|past)\s+(?:year['’]s\s+)?$", s[sent.start:m.start()], re.I):
                continue  # an earlier summit the sentence does not name
            if OTHER_BODIES.search(sent.text) and not SCO_NAMED.search(sent.text):
                continue  # another body's summit
            add(Cand(m.start(), m.end(), "heads-of-state", strength="deictic", deictic="main"))

    cands.sort(key=lambda c: c.start)
    main = _main(cands, ctx, len(s))
    out: list[Found] = []
    for c in cands:
        if c.deictic and not _resolve(c, main, ref, ctx):
            continue
        if c.ref is None and c.ordinal is None and c.year is None:
            continue
        f = _found(view, c, ref, ctx.published)
        f.extractor = NAME
        out.append(f)
    ctx.meetings = out
    ctx.main_meeting = _key(main) if main is not None else None
    return out


def _council(s: str, m: re.Match[str], sentence: str, ref: Reference, ctx: Context,
             tdate: str | None) -> Cand | None:
    if m.groupdict().get("council"):
        body = names().council.value(m.group("council"))
    else:
        body = "heads-of-state" if m.group("bare").lower() == "state" else "heads-of-government"
    if body is None:
        return None
    if m.group("next"):
        return _next(s, m.start(), m.end(), body, ctx)
    n = ordinal_value(m)
    if n:
        r = ref.meeting(body, n)
        if r is not None:
            return Cand(m.start(), m.end(), body, ref=r)
        pt = place_time(sentence, ctx.year, ref)
        return Cand(m.start(), m.end(), body, ordinal=n, year=pt.years[0] if pt.years else None,
                    city=pt.cities[0] if pt.cities else None, dates=pt.dates[0] if pt.dates else None)
    pt = place_time(sentence, ctx.year, ref)
    found = by_place_time(ref, body, pt, tdate)
    if found is not None:
        return Cand(m.start(), m.end(), body, ref=found, dates=pt.dates[0] if pt.dates else None)
    if pt.years:
        future = bool(FUTURE.search(sentence))
        return Cand(m.start(), m.end(), body, year=pt.years[0], city=pt.cities[0] if pt.cities else None,
                    country=pt.countries[0] if pt.countries else None,
                    dates=pt.dates[0] if pt.dates else None, status="scheduled" if future else None,
                    strength="other")
    if FUTURE.search(sentence):
        return None  # a meeting still to come that the sentence does not date
    return Cand(m.start(), m.end(), body, strength="deictic", deictic="main")


def _next(s: str, start: int, end: int, body: str, ctx: Context) -> Cand:
    """The next meeting of ``body``: the year written right after it (… takes place
    in 2026), when close after the text's own year."""
    year = None
    ym = _YEAR_AFTER.match(s[end:end + 80])
    if ym:
        y = int(ym.group("y"))
        if ctx.year is None or ctx.year - 1 <= y <= ctx.year + MAX_SCHEDULE_AHEAD:
            year = y
    return Cand(start, end, body, year=year, strength="deictic", deictic="next", status="scheduled")


def _city_summit(m: re.Match[str], ref: Reference, tdate: str | None) -> Cand | None:
    written = m.group("city") or m.group("city2")
    city = names().city.value(written)
    city = ref.canonical_city(city) if city else None
    if city is None:
        return None
    y = m.group("y") or m.group("y2")
    year = int(y) if y else None
    found = ref.meeting_at("heads-of-state", city=city, year=year, before=None if year else tdate)
    if found is None:
        return Cand(m.start(), m.end(), "heads-of-state", year=year, city=city) if year else None
    return Cand(m.start(), m.end(), "heads-of-state", ref=found)


def _main(cands: list[Cand], ctx: Context, n: int) -> Cand | None:
    """The meeting the text is mostly about: the first held one named early, else
    the one named most; else, for a dated text with deictic mentions, the summit
    held around its date."""
    strong = [c for c in cands if c.strength == "strong" and (c.ref or c.ordinal)]
    lead = max(LEAD_CHARS, int(n * LEAD_SHARE))
    for pool in ([c for c in strong if _status(c.ref, c.year, ctx.published, False) == "held"], strong):
        if not pool:
            continue
        if pool[0].start <= lead:
            return pool[0]
        counts = Counter(_key(c) for c in pool)
        best = max(counts.values())
        return next(c for c in pool if counts[_key(c)] == best)
    if ctx.published and any(c.deictic == "main" for c in cands):
        near = _near_summit(ctx.ref, ctx.published)
        if near is not None:
            return Cand(0, 0, near.body, ref=near)
    return None


def _resolve(c: Cand, main: Cand | None, ref: Reference, ctx: Context) -> bool:
    """Give a deictic mention its meeting: the main one, or the one after it."""
    if c.deictic == "main":
        if main is None or c.body != main.body:
            return False
        c.ref, c.ordinal, c.year, c.city, c.country = main.ref, main.ordinal, main.year, main.city, main.country
        c.dates = main.dates
        return True
    # the next meeting
    if c.year is not None:
        ms = ref.meetings_in(c.body, c.year)
        c.ref = ms[0] if len(ms) == 1 else None
        return True
    main_year = (main.ref.year if main.ref else main.year) if main is not None and main.body == c.body else None
    after = main_year or (int(ctx.published[:4]) if ctx.published else ctx.year)
    if after is None:
        return False
    c.ref = ref.next_meeting(c.body, after)
    return c.ref is not None
