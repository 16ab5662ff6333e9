"""People's titles against the time a sentence speaks of.

A person mention carries the title written before the name
(``mention["title"]``, e.g. 国务委员兼外交部长). A title is outdated when the
person held none of its offices at any time the sentence speaks of (its
written years, else the document's date): a 2025 text calling 王毅
"国务委员" (he left that office in March 2023), or calling 张明 "上合组织秘书长"
(his term ended 2024-12-31; the reference's secretaries-general).

Only offices listed in :data:`TITLE_TERMS` (or the reference's
secretaries-general) are judged, and only when the person is listed for that
office: everything else is "unsure" and not flagged. Titles marked as former
(时任, 前, 原, 曾任) are history and always fine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .checks_common import PAST_MARKERS, DocText, DateRange, overlaps
from .model import Flag, Found
from .reference import Reference, load

Term = tuple[str, str | None, str | None]  # office, from, to (ISO; None = open)

# Terms of office of people SCO texts name most, from general public record
# (official biographies on gov.cn / kremlin.ru / akorda.kz and the national
# legislatures' appointment notices). Every term a person held in an office is
# listed, so a date outside all of them is outside the office. The office is
# matched inside the written title (国务院总理 matches 总理) but not as part of a
# deputy's or assistant's title (副总理, 外交部长助理).
TITLE_TERMS: dict[str, list[Term]] = {
    # NPC sessions of March 2018 and March 2023; Qin Gang FM 2022-12-30..2023-07-25
    "王毅": [("国务委员", "2018-03-19", "2023-03-12"),
           ("外交部长", "2013-03-16", "2022-12-30"), ("外交部长", "2023-07-25", None)],
    "秦刚": [("外交部长", "2022-12-30", "2023-07-25"), ("国务委员", "2023-03-12", "2023-10-24")],
    # Premiers: NPC votes of March 2003, 2013 and 2023
    "温家宝": [("总理", "2003-03-16", "2013-03-15")],
    "李克强": [("总理", "2013-03-15", "2023-03-11")],
    "李强": [("总理", "2023-03-11", None)],
    # Presidents of the PRC: NPC votes of March 2003 and 2013
    "胡锦涛": [("国家主席", "2003-03-15", "2013-03-14")],
    "习近平": [("国家副主席", "2008-03-15", "2013-03-14"), ("国家主席", "2013-03-14", None)],
    # Russia: inaugurations of 2000, 2008, 2012; prime ministers' appointments
    "普京": [("总统", "2000-05-07", "2008-05-07"), ("总理", "2008-05-08", "2012-05-07"),
           ("总统", "2012-05-07", None)],
    "梅德韦杰夫": [("总统", "2008-05-07", "2012-05-07"), ("总理", "2012-05-08", "2020-01-15")],
    "米舒斯京": [("总理", "2020-01-16", None)],
    # Kazakhstan: Nazarbayev resigned 2019-03-19, Tokayev sworn in 2019-03-20
    "纳扎尔巴耶夫": [("总统", "1990-04-24", "2019-03-19")],
    "托卡耶夫": [("总统", "2019-03-20", None)],
    # Uzbekistan: Karimov died 2016-09-02; Mirziyoyev acting from 2016-09-08
    "米尔济约耶夫": [("总统", "2016-09-08", None)],
    # India: Modi sworn in 2014-05-26
    "莫迪": [("总理", "2014-05-26", None)],
    # Pakistan: Imran Khan 2018-08-18..2022-04-10
    "伊姆兰·汗": [("总理", "2018-08-18", "2022-04-10")],
    # Iran: Rouhani 2013-08-03..2021-08-03, Raisi 2021-08-03..2024-05-19, Pezeshkian from 2024-07-28
    "鲁哈尼": [("总统", "2013-08-03", "2021-08-03")],
    "莱希": [("总统", "2021-08-03", "2024-05-19")],
    "佩泽希齐扬": [("总统", "2024-07-28", None)],
    # Kyrgyzstan: Atambayev 2011-12-01..2017-11-24, Jeenbekov ..2020-10-15, Japarov from 2021-01-28
    "阿坦巴耶夫": [("总统", "2011-12-01", "2017-11-24")],
    "热恩别科夫": [("总统", "2017-11-24", "2020-10-15")],
    "扎帕罗夫": [("总统", "2021-01-28", None)],
}
SG_OFFICE = "上海合作组织秘书长"
# A written title naming the SCO's secretary-general (not a deputy or another body's).
SG_TITLE = re.compile(r"^(?:上海合作组织|上合组织|上合)?秘书长$")
# Characters before an office inside a title that make it another office.
_NOT_BEFORE = "副代"
_NOT_AFTER = ("助理", "特使", "特别代表", "顾问")


def _holds(title: str, office: str) -> bool:
    """Whether the written ``title`` names ``office`` itself (not its deputy)."""
    for m in re.finditer(re.escape(office), title):
        before = title[max(0, m.start() - 1):m.start()]
        after = title[m.end():]
        if before and before in _NOT_BEFORE or after.startswith(_NOT_AFTER):
            continue
        return True
    return False


def terms_of(name: str, ref: Reference | None = None) -> list[Term]:
    """Every known term of office of ``name`` (listed titles and SCO secretary-general)."""
    ref = ref or load()
    out = list(TITLE_TERMS.get(name, []))
    out += [(SG_OFFICE, sg["from"], sg["to"]) for sg in ref.secretaries_general if sg["name"] == name]
    return out


def outdated(name: str, title: str, rng: DateRange, ref: Reference | None = None) -> str | None:
    """Why ``name`` could not be called ``title`` in the time ``rng``, or None."""
    ref = ref or load()
    if not title or PAST_MARKERS.search(title):
        return None
    terms = terms_of(name, ref)
    offices = {o for o, _, _ in terms}
    for office in sorted(offices):
        named = SG_TITLE.match(title) is not None if office == SG_OFFICE else _holds(title, office)
        if not named or any(overlaps(a, b, rng) for o, a, b in terms if o == office):
            continue
        spans = ", ".join(f"{a}–{b or 'now'}" for o, a, b in terms if o == office)
        who = ""
        if office == SG_OFFICE:
            holder = ref.secretary_general_on(rng[1])
            who = f"; the secretary-general then was {holder}" if holder and holder != name else ""
        return f"{name} held the office {office} only {spans}{who}"
    return None


def check_titles(dt: DocText, found: Sequence[Found], ref: Reference | None = None) -> list[Flag]:
    """Flags for person mentions whose written title was not theirs at the time
    their sentence speaks of."""
    ref = ref or load()
    flags: list[Flag] = []
    for f in found:
        if f.type != "people" or not f.mention.get("title"):
            continue
        name, title = f.attrs.get("name") or f.key, f.mention["title"]
        at = dt.to_view(f.start)
        if at is None:
            continue
        a, b = dt.sentence_at(at)
        if PAST_MARKERS.search(dt.s[max(a, at - 4):at]):
            continue
        rng = dt.date_range(a, b)
        if rng is None:
            continue
        why = outdated(name, title, rng, ref)
        if why:
            when = rng[0] if rng[0] == rng[1] else f"{rng[0]}–{rng[1]}"
            flags.append(Flag("fact-conflict", f.start, f.end,
                              f"Outdated title: the text calls {name} “{title}” for {when}, but {why}."))
    return flags
