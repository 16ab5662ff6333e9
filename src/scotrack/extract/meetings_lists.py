"""Meetings named in lists and enumerations rather than in sentences.

- numbered or bulleted lists under a heading about summits or a council::

      A、上合组织峰会(上海合作组织成员国元首理事会会议)
      1.2001年6月,中国上海
      2.2002年6月,俄罗斯圣彼得堡

- enumerations of years and host cities in a sentence about summits::

      这是继2001年、2006年上海、2012年北京、2018年青岛之后,中国第5次承办…峰会

Each item is linked to the reference meeting of that year (and city); a list item
without a year is linked by its number when the reference meeting with that
ordinal was held in the place the item names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..reference import Reference, RefMeeting
from .base import NUMBER, View, find_dates, to_int
from .meetings_patterns import clause_bounds, names, squeeze, without_titles

if TYPE_CHECKING:
    from .meetings import Cand

# A list heading names what the list is about; the council decides the body.
HEADING_BODY: tuple[tuple[str, str], ...] = (
    (r"政府首脑|总理", "heads-of-government"),
    (r"外长|外交部长", "foreign-ministers"),
    (r"峰会|元首理事会|元首会议", "heads-of-state"),
)
# Headings are short lines; longer ones are body text that happens to mention a summit.
MAX_HEADING = 60

LIST_ITEM = re.compile(
    r"^[ \t\u3000]*(?:(?P<num>\d{1,2})[ \t]*[.、．)][ \t]*|[-•●·*][ \t]*|[(（](?P<pnum>\d{1,2})[)）][ \t]*)?"
    r"(?:(?P<y>(?:19|20)\d{2})[ \t]*年)?[ \t]*(?:(?P<m>\d{1,2})[ \t]*月)?(?:(?P<d>\d{1,2})[ \t]*日)?"
    r"[ \t]*[,，、:：]?[ \t]*(?P<place>[^\n]{0,40}?)[ \t]*$"
)
# 第十四次　2014年9月11日至12日　塔吉克斯坦杜尚别 / 第17届 2017年6月 阿斯塔纳: a session
# numbered by its ordinal, then (optionally) its date or year, then its venue.
SESSION_ITEM = re.compile(
    rf"^[ \t\u3000]*第[ \t]*(?P<ord>{NUMBER})[ \t]*[次届](?:会议|峰会)?[ \t\u3000]*[,，、:：]?[ \t\u3000]*"
    r"(?P<when>(?:(?:19|20)\d{2}[ \t]*年)?(?:[ \t]*\d{1,2}[ \t]*月)?(?:[ \t]*\d{1,2}[ \t]*日)?"
    r"(?:[ \t]*(?:至|到|-|—|–|~)[ \t]*(?:(?:19|20)\d{2}[ \t]*年)?(?:\d{1,2}[ \t]*月)?\d{1,2}[ \t]*日)?)"
    r"[ \t\u3000]*(?:[(（][^()（）\n]{0,8}[)）])?[ \t\u3000]*[,，、:：]?[ \t\u3000]*(?P<place>[^\n]{0,40})"
)
# A list's heading may be followed by a dateline or an editor's note before the
# first item: its body holds over this many non-item lines (a heading, a source
# line and one note paragraph is the usual shape of a reference page).
HEADING_REACH = 3
# Words that make an enumeration of years one about summits or their hosts.
SUMMIT_CONTEXT = re.compile(r"峰会|元首理事会|承办|主办|举办")
SEP = r"[ \t]*[、,，和及与][ \t]*"


def _heading_body(line: str) -> str | None:
    if len(line.strip()) > MAX_HEADING:
        return None
    for pat, body in HEADING_BODY:
        if re.search(pat, line):
            return body
    return None


def list_items(view: View, ref: Reference) -> Iterator[Cand]:
    """Items of numbered or bulleted lists of meetings under a heading naming their body."""
    from .meetings import Cand

    nm = names(ref)
    body: str | None = None  # of the line just before (dated items follow their heading)
    session_body: str | None = None  # of a recent heading (session lists may have a note first)
    since = 0  # non-item lines since that heading
    for line in view.lines:
        sm = SESSION_ITEM.match(line.text)
        if session_body is not None and sm is not None:
            c = _session(ref, session_body, line.start, sm)
            if c is not None:
                since = 0
                yield c
                continue
        m = LIST_ITEM.match(line.text)
        is_item = bool(m and (m.group("y") or ((m.group("num") or m.group("pnum")) and m.group("m"))))
        if not is_item:
            body = _heading_body(line.text)
            since += 1
            if body is not None or since > HEADING_REACH:
                session_body, since = body, 0
            continue
        since = 0
        if body is None or m is None:
            continue
        place = m.group("place")
        city_m = nm.city.search(place)
        country_m = nm.country.search(place)
        city = ref.canonical_city(squeeze(city_m.group("city"))) if city_m else None
        country = ref.canonical_country(squeeze(country_m.group("country"))) if country_m else None
        if city is None and country is None:
            continue
        found = _resolve_item(ref, body, m, city, country)
        if found is None:
            continue
        a = line.start + (m.start("y") if m.group("y") else m.start("m"))
        b = line.start + m.end("place")
        yield Cand(a, b, body, ref=found, strength="list")


def _session(ref: Reference, body: str, at: int, m: re.Match[str]) -> Cand | None:
    """One line of a list of sessions: linked to the reference meeting of that ordinal
    (or of its year and venue when the ordinal disagrees with both), else kept with
    the ordinal, date and venue the line gives."""
    from .meetings import Cand

    n = to_int(m.group("ord"))
    when = m.group("when")
    # the venue column: titles blanked (《莫斯科宣言》 names no venue), up to the clause's end
    place = re.split(r"[。;；]", without_titles(m.group("place")))[0]
    if n is None or n <= 0 or not (when.strip() or place.strip()):
        return None
    nm = names(ref)
    ym = re.search(r"(?:19|20)\d{2}", when)
    year = int(ym.group()) if ym else None
    dates = find_dates(when, year)
    city_m = nm.city.search(place)
    country_m = nm.country.search(place)
    city = ref.canonical_city(squeeze(city_m.group("city"))) if city_m else None
    country = ref.canonical_country(squeeze(country_m.group("country"))) if country_m else None
    if year is None and city is None and country is None:
        return None  # 第三次 followed by prose, not a session's date or venue
    a = at + m.start()
    ends = [x.end() for x in (city_m, country_m) if x is not None]
    b = at + (m.start("place") + max(ends) if ends else m.end("when"))
    hit = ref.meeting(body, n)
    if hit is not None and year is not None and hit.year != year:
        other = ref.meeting_at(body, city=city, year=year) if city else None
        if other is None:
            ms = ref.meetings_in(body, year)
            other = ms[0] if len(ms) == 1 else None
        if other is not None:
            return Cand(a, b, body, ref=other, strength="list", conflict=f"text says {n}, reference says {other.ordinal}")
    if hit is not None:
        return Cand(a, b, body, ref=hit, strength="list")
    return Cand(a, b, body, ordinal=n, year=year, city=city, country=country or (ref.country_of(city) if city else None),
                dates=(dates[0].start, dates[0].end) if dates else None, strength="list")


def _resolve_item(ref: Reference, body: str, m: re.Match[str], city: str | None,
                  country: str | None) -> RefMeeting | None:
    if m.group("y"):
        year = int(m.group("y"))
        if city:
            hit = ref.meeting_at(body, city=city, year=year)
            if hit:
                return hit
        ms = ref.meetings_in(body, year)
        if len(ms) == 1 and (country is None or ms[0].country in (None, country)):
            return ms[0]
        return None
    num = m.group("num") or m.group("pnum")
    hit = ref.meeting(body, int(num)) if num else None
    if hit and ((city and hit.city == city) or (not city and country and hit.country == country)):
        return hit
    return None


def enumerations(s: str, ref: Reference) -> Iterator[Cand]:
    """Year(+city) enumerations in a sentence about summits: 继2001年、2006年上海…之后."""
    from .meetings import Cand

    nm = names(ref)
    item = rf"(?:19|20)\d{{2}}[ \t]*年(?:[ \t]*(?:{nm.city_alt}))?"
    run = re.compile(rf"{item}(?:{SEP}{item})+")
    one = re.compile(rf"(?P<y>(?:19|20)\d{{2}})[ \t]*年(?:[ \t]*(?:{nm.city.pattern}))?")
    for rm in run.finditer(s):
        a, b = clause_bounds(s, rm.start(), rm.end())
        if not SUMMIT_CONTEXT.search(s[a:b]):
            continue
        items = list(one.finditer(s, rm.start(), rm.end()))
        cities = [ref.canonical_city(squeeze(i.group("city"))) if i.group("city") else None for i in items]
        if not any(cities):
            continue
        # a city closes a group of years: 2001年、2006年上海 → both in Shanghai
        for i in range(len(items) - 2, -1, -1):
            if cities[i] is None:
                cities[i] = cities[i + 1]
        for it, city in zip(items, cities):
            year = int(it.group("y"))
            found = ref.meeting_at("heads-of-state", city=city, year=year) if city else None
            if found is None:
                ms = ref.meetings_in("heads-of-state", year)
                found = ms[0] if len(ms) == 1 else None
            if found is not None:
                yield Cand(it.start(), it.end(), "heads-of-state", ref=found, strength="list")
