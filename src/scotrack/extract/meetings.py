"""Extraction of meetings of SCO bodies: which meeting, held or scheduled.

A text names a meeting by council and ordinal (元首理事会第二十五次会议, 第25次會議),
by city (天津峰会, 2018年青岛峰会), by date and place (2019年6月13日至14日…元首理事会
会议在…比什凯克举行), deictically (本届峰会, 此次会议), as the next one (下一次会议将于
2026年在吉尔吉斯共和国举行), in lists of past summits (1.2001年6月,中国上海) and in
enumerations (继2001年、2006年上海、2012年北京之后). Each mention is linked to the
reference list of meetings whenever possible and its attributes are filled from
there; the scorer matches meetings by body and ordinal, else by year and city.

Sets ``ctx.meetings`` (all mentions, in text order) and ``ctx.main_meeting``
(what the text is mostly about) for the extractors that run later.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from ..reference import Reference, RefMeeting, meeting_key
from .base import NUMBER, Context, Found, View, find_dates, to_int
from .meetings_lists import enumerations, list_items
from .meetings_stated import stated
from .meetings_patterns import (
    BODIES, COUNCIL, DEICTIC, FUTURE, GAP, NEXT, ORG, ORG_OPT, OTHER_MEETING, OTHER_SUMMITS, PLUS, SUMMIT_ORDINAL,
    BODY_ALT, HOG_ALIAS, HOG_MEETING, PlaceTime, clause_bounds, hosted_cities, names, place_time, squeeze,
    without_titles,
)

NAME = "rules.meetings.v1"

# A mention this many characters into the text (or this share of it) still
# counts as "the title or first paragraph" when choosing the main meeting.
LEAD_CHARS = 400
LEAD_SHARE = 0.2
# A deictic 峰会 in a text published this many days around a reference summit
# means that summit (press coverage runs a few days before and after).
NEAR_DAYS = 10
# Words that date a clause by the one before it.
SAME_DAY = re.compile(r"同日|当日|当天|同一天|同期|次日")
# A meeting held more than this many years before a dated text is background, not
# what the text reports (summits are yearly; a report follows within weeks).
RECENT_YEARS = 1

NEXT_MEETING = re.compile(
    rf"(?P<next>下{GAP}一?{GAP}[次届]){GAP}(?P<org>{ORG_OPT})(?:{BODY_ALT}|(?P<hog>{HOG_ALIAS}))?{GAP}(?:会议|峰会)"
)
# The year of a meeting still to come, as announced right after 下一次…会议:
# 将于2026年 / 定于2026年 / 2026年在…; a year further away is a plan's horizon
# (2035年前发展战略), not a meeting date.
SCHEDULED_YEAR = re.compile(
    r"^[^。！？;；\n]{0,12}?(?:将|拟|定|计划)?\s*(?:于|在)?\s*(?P<y>(?:19|20)\d{2})\s*年(?!前|后|以前|以后|底前)"
)
# 2026年的下一次会议 / 2026年下届峰会: a year written just before the trigger.
YEAR_BEFORE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:举行)?的?\s*$")
# Meetings are yearly: a next meeting announced for a year more than this many
# years after the text's year is not one (the horizon of a strategy is).
MAX_SCHEDULE_AHEAD = 2
DEICTIC_MEETING = re.compile(rf"{DEICTIC}{GAP}(?:{ORG}{GAP})?(?P<w>峰会|会议)")
SUMMIT = re.compile(r"峰会")
_YEAR_NEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# 峰会将于明年… / 峰会将于2026年在…举行: a summit still to come (the next one)
FUTURE_AFTER = re.compile(r"\s*将\s*(?:于|在)?\s*(?:明年|(?P<y>(?:19|20)\d{2})\s*年)")


@dataclass(slots=True)
class Cand:
    """A meeting mention before it becomes a Found (view offsets)."""

    start: int
    end: int
    body: str
    ref: RefMeeting | None = None
    ordinal: int | None = None
    year: int | None = None
    city: str | None = None
    country: str | None = None
    dates: tuple[str, str] | None = None
    status: str | None = None
    strength: str = "strong"  # strong | list | deictic | other (only "strong" can be the main meeting)
    conflict: str | None = None
    deictic: str | None = None  # "main" | "next": resolved after the main meeting is known


class Claims(list[Cand]):
    """Candidates in the order the rules claim them; one that overlaps an
    earlier claim is dropped (the earlier, more specific rule wins)."""

    def add(self, c: Cand | None) -> None:
        if c is not None and not any(c.start < o.end and o.start < c.end for o in self):
            self.append(c)


def extract(view: View, ctx: Context) -> list[Found]:
    ctx.meetings = []
    ctx.main_meeting = None
    if ctx.language == "en":
        return []
    s = view.s
    ref = ctx.ref
    tdate = text_date(ctx, s)
    cands = Claims()
    add = cands.add

    for m in NEXT_MEETING.finditer(s):
        add(_next_meeting(s, m, ref, ctx))
    for m in COUNCIL.finditer(s):
        add(_council(s, m, ref, ctx, tdate))
    for m in HOG_MEETING.finditer(s):
        add(_hog_alias(s, m, ref, ctx, tdate))
    for m in SUMMIT_ORDINAL.finditer(s):
        add(_ordinal(s, m.start(), m.end(), "heads-of-state", to_int(m.group("ord")), ref, ctx, tdate))
    for m in OTHER_MEETING.finditer(s):
        add(_other(s, m, ref, ctx))
    for m in PLUS.finditer(s):
        add(_plus(s, m, ref, ctx))
    for m in names(ref).city_summit.finditer(s):
        add(_city_summit(s, m, ref, tdate))
    for c in list_items(view, ref):
        add(c)
    for c in enumerations(s, ref):
        add(c)
    for m in DEICTIC_MEETING.finditer(s):
        body = "heads-of-state" if m.group("w") == "峰会" else None
        add(Cand(m.start(), m.end(), body or "?", strength="deictic", deictic="main"))
    for m in SUMMIT.finditer(s):
        add(_bare_summit(s, m.start(), m.end(), ref, ctx))

    cands.sort(key=lambda c: c.start)
    main = _main(cands, ref, ctx, len(s))
    out: list[Found] = []
    for c in cands:
        if c.deictic:
            if not _resolve_deictic(c, main, ref, ctx, cands):
                continue
        if c.ref is None and c.ordinal is None and c.year is None:
            continue
        out.append(_found(view, c, ref, ctx.published))
        said = stated(s, c.start, c.end, ctx.year, ref)
        if said:
            out[-1].mention["stated"] = said  # the text's own venue/dates, for checks
    ctx.meetings = out
    ctx.main_meeting = (main.key if isinstance(main, RefMeeting) else _key(main)) if main else None
    return out


# --- dates -------------------------------------------------------------------

def text_date(ctx: Context, s: str) -> str | None:
    """The document's date: published, else the latest full date it writes, else its year."""
    if ctx.published:
        return ctx.published[:10]
    written = [d.end for d in find_dates(s, None) if d.year_written]
    if written:
        return max(written)
    return f"{ctx.year}-12-31" if ctx.year else None


def _status(ref: RefMeeting | None, year: int | None, tdate: str | None, future: bool) -> str:
    """Held or scheduled: the reference and the text's publication date decide;
    wording only where neither can. ``tdate`` is the publication date only: a
    text without one is read as written after what the reference records as held."""
    if ref is not None:
        if ref.status == "scheduled":
            return "scheduled"
        if tdate and ref.start:
            return "scheduled" if ref.start > tdate else "held"
        if tdate and ref.year:
            return "scheduled" if ref.year > int(tdate[:4]) else "held"
    if year and tdate:
        if year != int(tdate[:4]):
            return "scheduled" if year > int(tdate[:4]) else "held"
    return "scheduled" if future else "held"


# --- linking ---------------------------------------------------------------

def by_place_time(ref: Reference, body: str, pt: PlaceTime, tdate: str | None) -> RefMeeting | None:
    """The reference meeting of ``body`` that a clause's years and places point to."""
    for y in pt.years:
        for c in pt.cities:
            m = ref.meeting_at(body, city=c, year=y)
            if m:
                return m
    for y in pt.years:
        ms = ref.meetings_in(body, y)
        if len(ms) == 1 and (not pt.countries or not ms[0].country or ms[0].country in pt.countries
                             or (ms[0].city in pt.cities)):
            return ms[0]
    if not pt.years:
        for c in pt.cities:
            m = ref.meeting_at(body, city=c, before=tdate)
            if m:
                return m
    return None


def _line_bounds(s: str, start: int, end: int) -> tuple[int, int]:
    a, b = clause_bounds(s, start, end)
    ls = s.rfind("\n", 0, start) + 1
    le = s.find("\n", end)
    return max(a, ls), min(b, le if le >= 0 else len(s))


def _next_line_is_item(s: str, end: int) -> bool:
    nl = s.find("\n", end)
    if nl < 0:
        return False
    nxt = s[nl + 1:s.find("\n", nl + 1) if s.find("\n", nl + 1) >= 0 else len(s)]
    return bool(re.match(rf"\s*(?:\d{{1,2}}\s*[.、．)]|[-•●·*]|第\s*{NUMBER}\s*[次届])\s*\S", nxt))


def _body_of(m: re.Match[str]) -> str | None:
    for i, b in enumerate(BODIES):
        if m.group(f"b{i}"):
            return b
    return None


def _council(s: str, m: re.Match[str], ref: Reference, ctx: Context, tdate: str | None) -> Cand | None:
    body = _body_of(m)
    if body is None:
        return None
    start = m.start() + (len(m.group("org")) - len(m.group("org").lstrip()))
    if m.group("ord"):
        return _ordinal(s, start, m.end(), body, to_int(m.group("ord")), ref, ctx, tdate)
    return _by_clause(s, start, m.end(), body, ref, ctx, tdate)


def _hog_alias(s: str, m: re.Match[str], ref: Reference, ctx: Context, tdate: str | None) -> Cand | None:
    """成员国总理第九次会议 / 第二十一次总理会议 / 上合组织政府首脑会议: the heads-of-government
    council; without an ordinal only when the SCO or 成员国 is named before it."""
    body = "heads-of-government"
    org = m.group("org")
    written = m.group("ord") or m.group("ord1")
    if written:
        start = m.start() if m.group("ord1") else m.start() + (len(org) - len(org.lstrip()))
        return _ordinal(s, start, m.end(), body, to_int(written), ref, ctx, tdate)
    if not org.strip():
        return None  # 总理会议 alone: a national cabinet as often as the SCO council
    return _by_clause(s, m.start() + (len(org) - len(org.lstrip())), m.end(), body, ref, ctx, tdate)


def _by_clause(s: str, start: int, end: int, body: str, ref: Reference, ctx: Context,
               tdate: str | None) -> Cand | None:
    """A council's meeting named without an ordinal: linked by the years and places of
    its line (its sentence when the line says nothing), else deictic."""
    a, b = _line_bounds(s, start, end)
    pt = place_time(without_titles(s[a:b]), ctx.year, ref)
    found = by_place_time(ref, body, pt, tdate)
    if found is None and not _next_line_is_item(s, end):
        a, b = clause_bounds(s, start, end)
        pt = place_time(without_titles(s[a:b]), ctx.year, ref)
        found = by_place_time(ref, body, pt, tdate)
    if found is not None:
        return Cand(start, end, body, ref=found, dates=pt.dates[0] if pt.dates else None)
    if _next_line_is_item(s, end) and not pt.years:
        return None  # the heading of a list names the series, its items the meetings
    year = pt.years[0] if pt.years else None
    future = bool(FUTURE.search(s[a:start][-15:]) or re.match(r"\s*将\s*(?:于|在)", s[end:]))
    if year is not None:
        return Cand(start, end, body, year=year, city=pt.cities[0] if pt.cities else None,
                    country=pt.countries[0] if pt.countries else None,
                    dates=pt.dates[0] if pt.dates else None, status="scheduled" if future else None)
    return Cand(start, end, body, strength="deictic", deictic="main")


def _ordinal(s: str, start: int, end: int, body: str, n: int | None, ref: Reference, ctx: Context,
             tdate: str | None) -> Cand | None:
    if n is None or n <= 0:
        return None
    by_ord = ref.meeting(body, n)
    a, b = _line_bounds(s, start, end)
    window = without_titles(s[a:b])
    pt = place_time(window, ctx.year, ref)
    # only a venue (在…举行, …峰会) or a written date can contradict an ordinal
    hosted = PlaceTime(pt.years if pt.dates else [], pt.dates, hosted_cities(window, pt.cities), [])
    by_pt = by_place_time(ref, body, hosted, tdate) if (hosted.cities or hosted.dates) else None
    if by_pt is not None and by_pt is not by_ord:
        ord_evidence = by_ord is not None and (by_ord.city in pt.cities or by_ord.year in pt.years)
        if not ord_evidence:
            return Cand(start, end, body, ref=by_pt,
                        conflict=f"text says {n}, reference says {by_pt.ordinal}")
    if by_ord is not None:
        return Cand(start, end, body, ref=by_ord)
    # a meeting the reference does not list: keyed by body and ordinal, with the
    # date and venue its sentence gives (the venue it was held in, if named as one)
    city = (hosted.cities or pt.cities or [None])[0]
    country = ref.country_of(city) if city else (pt.countries[0] if pt.countries else None)
    return Cand(start, end, body, ordinal=n, year=pt.years[0] if pt.years else None,
                city=city, country=country, dates=pt.dates[0] if pt.dates else None)


def _plus(s: str, m: re.Match[str], ref: Reference, ctx: Context) -> Cand:
    a, b = _line_bounds(s, m.start(), m.end())
    pt = place_time(s[a:b], ctx.year, ref)
    if not pt.years and SAME_DAY.search(s[a:m.start()]):
        # 同日首次举行“上海合作组织+”会议: the day of the clause before, on its line
        a = s.rfind("\n", 0, m.start()) + 1
        pt = place_time(without_titles(s[a:b]), ctx.year, ref)
    found = by_place_time(ref, "sco-plus", pt, None)
    if found is not None:
        return Cand(m.start(), m.end(), "sco-plus", ref=found)
    if pt.years:
        return Cand(m.start(), m.end(), "sco-plus", year=pt.years[0], city=pt.cities[0] if pt.cities else None)
    return Cand(m.start(), m.end(), "sco-plus", strength="deictic", deictic="plus")


def _other(s: str, m: re.Match[str], ref: Reference, ctx: Context) -> Cand | None:
    """Another SCO body's meeting (ministers, security council secretaries …): linked by
    year and city only, so only with a year in its sentence."""
    if m.group("name").startswith(("外长", "外交部长")):
        body = "foreign-ministers"
    else:
        body = "other"
    a, b = _line_bounds(s, m.start(), m.end())
    pt = place_time(without_titles(s[a:b]), ctx.year, ref)
    if not pt.years:
        return None
    city = (hosted_cities(s[a:b], pt.cities) or [None])[0]
    # keyed by year and city: ordinals of different ministers' meetings would collide
    return Cand(m.start(), m.end(), body, year=pt.years[0], city=city,
                country=pt.countries[0] if pt.countries else None,
                dates=pt.dates[0] if pt.dates else None, strength="other")


def _city_summit(s: str, m: re.Match[str], ref: Reference, tdate: str | None) -> Cand | None:
    before = s[max(0, m.start() - 12):m.start()]
    if OTHER_SUMMITS.search(before):
        return None
    city = ref.canonical_city(squeeze(m.group("city")))
    if city is None:
        return None
    year = int(m.group("y")) if m.group("y") else None
    found = ref.meeting_at("heads-of-state", city=city, year=year, before=None if year else tdate)
    if found is None:
        if year is None:
            return None
        return Cand(m.start(), m.end(), "heads-of-state", year=year, city=city)
    return Cand(m.start(), m.end(), "heads-of-state", ref=found)


def _bare_summit(s: str, start: int, end: int, ref: Reference, ctx: Context) -> Cand | None:
    a, _ = clause_bounds(s, start, end, reach=20)
    before = s[a:start]
    if OTHER_SUMMITS.search(before):
        return None
    org = re.search(rf"(?:{ORG}{GAP}(?:年度{GAP})?)$", before)
    s0 = start - len(org.group()) if org else start
    if re.search(rf"{NEXT}{GAP}(?:{ORG}{GAP})?$", s[a:s0]):
        nm = re.search(rf"{NEXT}{GAP}(?:{ORG}{GAP})?$", s[a:s0])
        assert nm is not None
        s0 = a + nm.start()
        years = [int(y) for y in _YEAR_NEAR.findall(before[-15:])]
        return Cand(s0, end, "heads-of-state", year=years[-1] if years else None,
                    strength="deictic", deictic="next", status="scheduled")
    later = FUTURE_AFTER.match(s, end)
    if later:
        year = int(later.group("y")) if later.group("y") else None
        return Cand(s0, end, "heads-of-state", year=year, strength="deictic", deictic="next", status="scheduled")
    ym = list(_YEAR_NEAR.finditer(before[-12:]))
    if ym:
        year = int(ym[-1].group(1))
        ms = ref.meetings_in("heads-of-state", year)
        if len(ms) == 1:
            return Cand(s0, end, "heads-of-state", ref=ms[0])
    return Cand(s0, end, "heads-of-state", strength="deictic", deictic="main")


def _next_meeting(s: str, m: re.Match[str], ref: Reference, ctx: Context) -> Cand:
    body = _body_of(m)
    start = m.start()
    if body is None:
        # the council named just before: 元首理事会\n下一次会议将于…
        lead = s[max(0, m.start() - 30):m.start()]
        hit = None
        for hm in re.finditer(BODY_ALT, lead):
            hit = hm
        if hit is not None and not re.search(r"[。！？;；]", lead[hit.end():]):
            body = _body_of(hit)
            org = re.search(rf"{ORG_OPT}$", lead[:hit.start()])
            start = m.start() - len(lead) + hit.start() - (len(org.group()) if org else 0)
        elif m.group().endswith("峰会"):
            body = "heads-of-state"
    if body is None and m.group("hog"):
        body = "heads-of-government"
    a, b = clause_bounds(s, m.start(), m.end())
    after = s[m.end():b]
    year = _scheduled_year(after, s[a:m.start()], ctx)
    pt = place_time(after, None, ctx.ref)
    return Cand(start, m.end(), body or "?", year=year,
                country=pt.countries[0] if pt.countries else None,
                city=pt.cities[0] if pt.cities else None,
                strength="deictic", deictic="next", status="scheduled")


def _scheduled_year(after: str, before: str, ctx: Context) -> int | None:
    """The year a next meeting is announced for: 将于2026年 right after the trigger or
    2026年的 right before it, and only a year close after the text's own."""
    m = SCHEDULED_YEAR.match(squeeze(after)) or YEAR_BEFORE.search(squeeze(before))
    if m is None:
        return None
    year = int(m.group("y"))
    if ctx.year is not None and not (ctx.year - 1 <= year <= ctx.year + MAX_SCHEDULE_AHEAD):
        return None
    return year


# --- the main meeting and deictic mentions ------------------------------------

def _main(cands: list[Cand], ref: Reference, ctx: Context, n: int) -> RefMeeting | Cand | None:
    strong = [c for c in cands if c.strength == "strong" and (c.ref or c.ordinal)]
    if ctx.published:
        # a dated text reports recent meetings: older ones it names are background
        # (时任总理…在2010年的第九次会议上建议…), unless it names nothing recent
        pub_year = int(ctx.published[:4])
        recent = [c for c in strong if (y := (c.ref.year if c.ref else c.year)) is None or y >= pub_year - RECENT_YEARS]
        strong = recent or strong
    lead = max(LEAD_CHARS, int(n * LEAD_SHARE))
    for pool in ([c for c in strong if _status(c.ref, c.year, ctx.published, False) == "held"], strong):
        if not pool:
            continue
        first = pool[0]
        if first.start <= lead:
            return first.ref or first
        counts = Counter(_key(c) for c in pool)
        best = max(counts.values())
        return next(c.ref or c for c in pool if counts[_key(c)] == best)
    if ctx.published and any(c.deictic == "main" for c in cands):
        return _near_summit(ref, ctx.published)
    return None


def _near_summit(ref: Reference, published: str) -> RefMeeting | None:
    pub = date.fromisoformat(published[:10])
    for m in ref.meetings:
        if m.body != "heads-of-state" or not m.start:
            continue
        lo = date.fromisoformat(m.start) - timedelta(days=NEAR_DAYS)
        hi = date.fromisoformat(m.end or m.start) + timedelta(days=NEAR_DAYS)
        if lo <= pub <= hi:
            return m
    return None


def _resolve_deictic(c: Cand, main: RefMeeting | Cand | None, ref: Reference, ctx: Context,
                     cands: list[Cand]) -> bool:
    main_body = main.body if main is not None else None
    main_year = main.year if main is not None else None
    if c.deictic == "main":
        if main is None or (c.body != "?" and c.body != main_body):
            return False
        c.body = main_body or c.body
        if isinstance(main, RefMeeting):
            c.ref = main
        else:
            c.ordinal, c.year, c.city, c.country, c.dates = (main.ordinal, main.year, main.city,
                                                             main.country, main.dates)
            c.ref = main.ref
        return True
    if c.deictic == "plus":
        if main is None or main_year is None:
            return False
        c.ref = ref.meeting_at("sco-plus", year=main_year)
        return c.ref is not None
    if c.deictic == "next":
        body = c.body if c.body != "?" else (main_body or "heads-of-state")
        c.body = body
        n, year = _reported(body, main, cands, ctx.published)
        after = year or main_year or (int(ctx.published[:4]) if ctx.published else ctx.year)
        if c.year is not None:
            ms = ref.meetings_in(body, c.year)
            c.ref = ms[0] if len(ms) == 1 else None
        elif after is not None:
            c.ref = ref.next_meeting(body, after)
        if c.ref is not None and n is not None and c.ref.ordinal is not None and c.ref.ordinal != n + 1:
            c.ref = None  # the reference's next one is not this text's next one
        if c.ref is None and n is not None:
            # the reference does not know it yet: the one after the meeting the text reports
            listed = ref.meeting(body, n + 1)
            if listed is not None and (c.year is None or listed.year == c.year):
                c.ref = listed
            else:
                c.ordinal = n + 1
        return c.ref is not None or c.year is not None or c.ordinal is not None
    return False


def _reported(body: str, main: RefMeeting | Cand | None, cands: list[Cand],
              published: str | None) -> tuple[int | None, int | None]:
    """Ordinal and year of the latest held meeting of ``body`` the text names (its
    main meeting included): the one a 下一次会议 follows."""
    best: tuple[int | None, int | None] = (None, None)
    pool: list[RefMeeting | Cand] = [main] if main is not None else []
    pool += [c for c in cands if not c.deictic]
    for c in pool:
        if c.body != body:
            continue
        if c is main:
            # what the text reports, even where the reference still lists it as to come
            n = c.ordinal if isinstance(c, RefMeeting) else (c.ref.ordinal if c.ref else c.ordinal)
            year, held = c.year, True
        elif isinstance(c, RefMeeting):
            n, year, held = c.ordinal, c.year, _status(c, None, published, False) == "held"
        else:
            n = c.ref.ordinal if c.ref else c.ordinal
            year = c.ref.year if c.ref else c.year
            held = (c.status or _status(c.ref, c.year, published, False)) == "held"
        if held and n is not None and (best[0] is None or n > best[0]):
            best = (n, year)
    return best


def _key(c: Cand) -> str:
    if c.ref is not None:
        return c.ref.key
    return meeting_key(c.body, c.ordinal, c.year, c.city if c.ordinal is None else None)


def _found(view: View, c: Cand, ref: Reference, published: str | None) -> Found:
    """The Found of a linked candidate: record attributes from the reference when
    linked, else from the text; the mention carries what this sentence says."""
    r = c.ref
    status = c.status or _status(r, c.year, published, False)
    if r is not None:
        attrs = r.attrs()
        attrs["status"] = "scheduled" if r.status == "scheduled" else status
    else:
        country = c.country or (ref.country_of(c.city) if c.city else None)
        attrs = {"body": c.body, "ordinal": c.ordinal, "year": c.year, "start": c.dates[0] if c.dates else None,
                 "end": c.dates[1] if c.dates else None, "city": c.city, "country": country, "status": status}
    mention: dict[str, str] = {"status": status}
    if c.conflict:
        mention["conflict"] = c.conflict
    return view.found("meetings", _key(c), attrs, c.start, c.end, mention, NAME)
