"""Patterns for meetings of SCO bodies, and what a clause says about time and place.

Everything here works on a :class:`~scotrack.extract.base.View`'s ``s`` (Simplified,
full-width folded). Names of cities and countries come from the packaged reference
data, so a new summit city only needs a line there. Texts flattened from newspaper
pages break words across lines (``吉\\n尔吉斯``), so names tolerate one line break
between any two characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reference import Reference, load
from .base import NUMBER, find_dates

# Blanks inside a name: spaces and at most one line break (OCR and copy breaks).
GAP = r"[ \t\u3000]*(?:\n[ \t\u3000]*)?"

ORG = r"(?:上海合作组织|上合组织|上合)"
ORG_OPT = rf"(?:{ORG}{GAP}(?:成员国)?{GAP})?(?:成员国{GAP})?"

# The councils, as their Chinese names are written (registry body values).
BODY_PATTERNS: dict[str, str] = {
    "heads-of-state": r"元首理事会",
    "heads-of-government": r"政府首脑\s*(?:[(（]\s*总理\s*[)）])?\s*理事会|总理理事会",
    "foreign-ministers": r"外(?:交部)?长理事会",
}
BODY_ALT = "|".join(f"(?P<b{i}>{p})" for i, p in enumerate(BODY_PATTERNS.values()))
BODIES = list(BODY_PATTERNS)

# 上海合作组织成员国元首理事会第二十五次会议 / 元首理事会第25次会议 / 元首理事会会议
COUNCIL = re.compile(
    rf"(?P<org>{ORG_OPT})(?:{BODY_ALT}){GAP}(?:第{GAP}(?P<ord>{NUMBER}){GAP}[次届]{GAP})?(?:会议|峰会)"
)
# The heads-of-government council named by its members rather than as a council:
# 成员国总理第九次会议, 第二十一次总理会议, 上合组织政府首脑会议. Bare 总理 is also a
# national title (国务院总理), so a match needs an ordinal or the SCO/成员国 before it
# (checked by the caller).
HOG_ALIAS = r"政府首脑\s*(?:[(（]\s*总理\s*[)）])?|总理"
HOG_MEETING = re.compile(
    rf"(?:第{GAP}(?P<ord1>{NUMBER}){GAP}[次届]{GAP})?(?P<org>{ORG_OPT})(?:{HOG_ALIAS}){GAP}"
    rf"(?:第{GAP}(?P<ord>{NUMBER}){GAP}[次届]{GAP})?会议"
)
# 上合组织第二十五次峰会 / 上海合作组织第25届峰会 (a summit is the heads-of-state council)
SUMMIT_ORDINAL = re.compile(rf"{ORG}{GAP}第{GAP}(?P<ord>{NUMBER}){GAP}[次届]{GAP}(?:元首)?峰会")
# Other SCO meetings: 上合组织成员国国防部长会议, 上合组织安全会议秘书会议 … (the SCO named
# first, so a national ministers' meeting is not taken for one).
OTHER_MEETING = re.compile(
    rf"{ORG}{GAP}(?:成员国{GAP})?(?:第{GAP}(?P<ord>{NUMBER}){GAP}[次届]{GAP})?"
    r"(?P<name>[\u4e00-\u9fff]{0,10}?(?:部长|秘书|领导人|行长|院长|议长|检察长|负责人))(?:第(?P<ord2>[\d一二三四五六七八九十]+)次)?会议"
)
# “上海合作组织+”会议
PLUS = re.compile(rf"[“\"「『]?{ORG}{GAP}[+＋]{GAP}[”\"」』]?{GAP}(?:会议|峰会)")

# Words that make a 峰会 somebody else's summit (BRICS, G20, a forum …) when they
# stand in the few characters before it; chosen from the summit series a
# Chinese diplomatic text names beside the SCO's.
OTHER_SUMMITS = re.compile(
    r"(?:金砖|二十国集团|G20|G7|七国集团|东盟|东亚|亚信|亚太经合|APEC|中非|中阿|中拉|中国—中亚|中国-中亚|"
    r"中亚|北约|欧盟|论坛|联合国|气候|核安全|集体安全条约|独联体|欧亚经济|阿盟|非盟|一带一路)[^,。;!?\n]{0,6}$"
)

# 上海合作组织, 上海精神, 上海五国: the city's name inside another name.
NOT_CITY = r"合作|精神|五国|公约"

DEICTIC = r"(?:本届|此次|这次|本次|这届|今年的?|当年的?|该次|该届)"
NEXT = r"(?:下一?[次届]|明年的?)"


@dataclass(frozen=True, slots=True)
class Names:
    """Compiled alternations of the reference's city and country names."""

    city: re.Pattern[str]
    country: re.Pattern[str]
    city_summit: re.Pattern[str]
    city_alt: str  # the city alternation without a group, for composing


def loose(word: str) -> str:
    """A regex for ``word`` that tolerates a line break between characters."""
    return GAP.join(re.escape(ch) for ch in word)


_NAMES: dict[int, Names] = {}


def names(ref: Reference | None = None) -> Names:
    """The compiled name patterns of ``ref`` (built once per reference object)."""
    ref = ref or load()
    hit = _NAMES.get(id(ref))
    if hit is None:
        hit = _NAMES[id(ref)] = _compile_names(ref)
    return hit


def _compile_names(ref: Reference) -> Names:
    cities = "|".join(loose(c) for c in ref.all_city_names())
    cities = f"(?:{cities})(?!{NOT_CITY})"
    countries = "|".join(loose(c) for c in ref.all_country_names())
    city = re.compile(rf"(?P<city>{cities})(?:市)?")
    country = re.compile(rf"(?P<country>{countries})")
    # 天津峰会 / 2018年青岛峰会 / 上合组织天津峰会 / 上合天津峰会
    city_summit = re.compile(
        rf"(?:(?P<y>(?:19|20)\d{{2}}){GAP}年{GAP})?(?:{ORG}{GAP})?(?P<city>{cities}){GAP}(?:市{GAP})?峰会"
    )
    return Names(city, country, city_summit, cities)


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@dataclass(slots=True)
class PlaceTime:
    """What a clause says about when and where: explicit years, dates, places."""

    years: list[int]
    dates: list[tuple[str, str]]  # (start, end) ISO
    cities: list[str]
    countries: list[str]


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def place_time(s: str, default_year: int | None, ref: Reference) -> PlaceTime:
    """Years, dates, cities and countries named in ``s`` (a clause or sentence)."""
    nm = names(ref)
    dates = [(d.start, d.end) for d in find_dates(s, default_year)]  # relative years (去年…) handled there
    years = [int(y) for y in _YEAR.findall(s)]
    years += [int(a[:4]) for a, _ in dates if int(a[:4]) not in years]
    cities = []
    for m in nm.city.finditer(s):
        c = ref.canonical_city(squeeze(m.group("city")))
        if c and c not in cities:
            cities.append(c)
    countries = []
    for m in nm.country.finditer(s):
        c = ref.canonical_country(squeeze(m.group("country")))
        if c and c not in countries:
            countries.append(c)
    return PlaceTime(years, dates, cities, countries)


# A sentence for linking: up to 。！？; or a blank line, not across single line
# breaks (headings above a dateline still belong to it).
_STOP = re.compile(r"[。！？!?;；]|\n[ \t\u3000]*\n")


def clause_bounds(s: str, start: int, end: int, reach: int = 160) -> tuple[int, int]:
    """View offsets of the sentence around ``[start, end)``, at most ``reach`` each side."""
    lo = max(0, start - reach)
    left = lo
    for m in _STOP.finditer(s, lo, start):
        left = m.end()
    m = _STOP.search(s, end, min(len(s), end + reach))
    right = m.start() if m else min(len(s), end + reach)
    return left, right


FUTURE = re.compile(r"将|拟|计划|预计|即将|下一?[次届]|明年|筹备|定于")


_TITLES = re.compile(r"《[^《》\n]*》")


def without_titles(s: str) -> str:
    """``s`` with titles in 《》 blanked (same length): a city in 《莫斯科宣言》 is
    not where the meeting in the sentence took place."""
    return _TITLES.sub(lambda m: " " * len(m.group()), s)


def hosted_cities(s: str, cities: list[str]) -> list[str]:
    """The cities of ``cities`` that ``s`` names as a venue: 在(中国)青岛举行, 天津峰会."""
    out = []
    for c in cities:
        lc = loose(c)
        if re.search(rf"在[^,，。;；]{{0,10}}?{lc}|{lc}(?:市)?[^,，。;；]{{0,6}}?(?:举行|召开|举办|开幕|闭幕|峰会)", s):
            out.append(c)
    return out
