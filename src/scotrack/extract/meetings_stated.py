"""What a sentence itself says about a meeting's venue and dates.

Meeting mentions linked to the reference take their record attributes from
it, so the text's own words would be lost. ``stated`` keeps them on the
mention (``mention["stated"] = {"city": …, "country": …, "start": …, "end": …}``)
for :mod:`scotrack.checks` to compare a text with the reference and texts
with each other.

Only a predicate bound to the meeting's name counts, so a dateline or a
side event in the same sentence is never taken for the meeting's own date:

- after the name: …会议在天津举行 / …会议于2025年9月1日在天津召开 / …峰会8月31日在天津开幕;
- the date just before the name, when such a predicate follows it:
  2025年8月31日至9月1日，…元首理事会第二十五次会议在天津举行.
"""

from __future__ import annotations

import re
from typing import Any

from ..reference import Reference
from .base import find_dates
from .meetings_patterns import names, squeeze

# Verbs that make a sentence say where/when the meeting itself took place.
HELD = r"(?:隆重|成功|顺利)?\s*(?:举行|召开|举办|开幕|闭幕)"
# After the name: optional 于<date>, optional 在<place>, then a verb of holding.
AFTER = re.compile(
    rf"\s*(?:(?:于|将于)?\s*(?P<date>(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"
    rf"(?:\s*(?:至|到|-|—|–|~)\s*(?:\d{{4}}\s*年\s*)?(?:\d{{1,2}}\s*月\s*)?\d{{1,2}}\s*日)?))?"
    rf"\s*(?:在\s*(?P<place>[^，,。；;、\n]{{1,16}}?)\s*)?{HELD}"
)
# A date written right before the name (only blanks or a comma between).
DATE_BEFORE = re.compile(
    r"(?P<date>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"(?:\s*(?:至|到|-|—|–|~)\s*(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日)?)\s*[,，]?\s*$"
)
# How far before the name a date is looked for (characters).
BEFORE_REACH = 30


def stated(s: str, start: int, end: int, year: int | None, ref: Reference) -> dict[str, Any]:
    """Venue and dates the text states for the meeting named at view ``[start, end)``
    (empty when the sentence does not say where or when it was held)."""
    m = AFTER.match(s, end)
    if m is None:
        return {}
    out: dict[str, Any] = {}
    place = m.group("place")
    if place:
        nm = names(ref)
        cm = nm.city.search(place)
        city = ref.canonical_city(squeeze(cm.group("city"))) if cm else None
        if city:
            out["city"] = city
            out["country"] = ref.country_of(city)
        else:
            km = nm.country.search(place)
            country = ref.canonical_country(squeeze(km.group("country"))) if km else None
            if country:
                out["country"] = country
    written, at = m.group("date"), m.start("date")
    if not written:
        lo = max(0, start - BEFORE_REACH)
        bm = DATE_BEFORE.search(s[lo:start])
        written, at = (bm.group("date"), lo + bm.start("date")) if bm else (None, 0)
    if written:
        # with the few characters before it, so 去年/明年 shift the year
        dates = find_dates(s[max(0, at - 3):at] + written, year)
        if dates:
            out["start"], out["end"] = dates[0].start, dates[0].end
    return out
