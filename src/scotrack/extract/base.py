"""What every extractor shares: the text view, grounding, context, numerals.

Extractors read a *view* of a document: its ``clean_text`` in Simplified
script with full-width forms folded (one character for one character, so
view offsets are clean_text offsets), and they report :class:`Found` items
whose offsets are already mapped back into ``Document.text``. The rule
``text[start:end] == found.text`` holds for every item by construction:
``View.ground`` is the only way to make one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Found, OffsetMap
from ..script import fold, to_simplified
from ..reference import Reference, load

__all__ = ["Context", "Found", "Sentence", "View", "RECORD_TYPES"]

RECORD_TYPES = ("meetings", "outcome_documents", "initiatives", "institutions",
                "people", "commitments", "figures")


@dataclass(slots=True)
class Sentence:
    start: int  # view offsets
    end: int
    text: str


class View:
    """A document's clean text, normalised for matching, with grounding."""

    def __init__(self, text: str, clean_text: str, offsets: OffsetMap):
        self.text = text
        self.clean_text = clean_text
        self.offsets = offsets
        self.s = fold(clean_text)

    def ground(self, start: int, end: int) -> tuple[int, int, str]:
        """Map a view range to ``(start, end, text[start:end])`` in the document text."""
        span = self.offsets.to_text_span(start, end)
        return span.start, span.end, self.text[span.start:span.end]

    def found(self, type_: str, key: str, attrs: dict[str, Any], start: int, end: int,
              mention: dict[str, Any] | None = None, extractor: str = "") -> Found:
        """A Found grounded at view range ``[start, end)``."""
        s, e, t = self.ground(start, end)
        return Found(type_, key, attrs, s, e, t, dict(mention or {}), extractor)

    @property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.s)

    @property
    def lines(self) -> list[Sentence]:
        out, pos = [], 0
        for line in self.s.split("\n"):
            if line.strip():
                out.append(Sentence(pos, pos + len(line), line))
            pos += len(line) + 1
        return out


@dataclass
class Context:
    """What extractors learn about a document and share with each other."""

    published: str | None  # ISO date of the document, if known
    year: int | None  # the document's year (published, else inferred from the text)
    language: str = "zh"
    ref: Reference = field(default_factory=load)
    # filled by the meetings extractor, read by later ones:
    meetings: list[Found] = field(default_factory=list)
    main_meeting: str | None = None  # key of the meeting the text is mostly about

    def meeting_near(self, view_pos: int, view: View) -> str | None:
        """Key of the meeting mentioned closest before ``view_pos`` in the same
        paragraph, else the document's main meeting."""
        para_start = view.s.rfind("\n", 0, view_pos) + 1
        best = None
        for f in self.meetings:
            at = view.offsets.to_clean(f.start)
            if at is not None and para_start <= at <= view_pos:
                best = f
        return best.key if best else self.main_meeting


# --- normalisation ---------------------------------------------------------

_SENT_END = re.compile(r"[。！？!?；;]+[”」』’\"]?|\n+")


def split_sentences(s: str) -> list[Sentence]:
    out, pos = [], 0
    for m in _SENT_END.finditer(s):
        end = m.end() if not m.group().startswith("\n") else m.start()
        if s[pos:end].strip():
            out.append(Sentence(pos, end, s[pos:end]))
        pos = m.end()
    if s[pos:].strip():
        out.append(Sentence(pos, len(s), s[pos:]))
    return out


def last_match(pattern: re.Pattern[str], s: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``s[start:end]`` (the closest one before ``end``)."""
    last = None
    for last in pattern.finditer(s, start, len(s) if end is None else end):
        pass
    return last


# --- numerals and dates -----------------------------------------------------

CN_DIGITS = "零〇一二三四五六七八九十百千万两"
NUMBER = rf"(?:\d+|[{CN_DIGITS}]+)"


@lru_cache(maxsize=4096)
def to_int(s: str) -> int | None:
    """Arabic or Chinese numerals to an int (二十五 → 25, 25 → 25)."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    try:
        import cn2an

        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?:至|到|-|—|–|~)\s*(?:(?P<y2>\d{4})\s*年\s*)?(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*日)?"
)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: str
    end: str
    at: int  # view offset of the match
    until: int
    year_written: bool


# 去年7月4日 / 明年6月1日: a month and day dated relative to the text's year.
RELATIVE_YEAR = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "当年": 0, "明年": 1, "来年": 1}
_RELATIVE_BEFORE = re.compile(rf"(?:{'|'.join(RELATIVE_YEAR)})\s*$")


def find_dates(s: str, default_year: int | None) -> list[DateRange]:
    """Dates and ranges such as 2025年11月17日至18日 or 9月1日; a missing year is
    ``default_year`` (the text's year), shifted by a relative word written
    just before the date (去年7月4日 in a 2025 text is 2024-07-04).
    Impossible dates are skipped."""
    out = []
    for m in _DATE.finditer(s):
        year = int(m.group("y")) if m.group("y") else default_year
        if year is None:
            continue
        if not m.group("y"):
            rel = _RELATIVE_BEFORE.search(s, max(0, m.start() - 3), m.start())
            year += RELATIVE_YEAR[rel.group().strip()] if rel else 0
        mo, d = int(m.group("m")), int(m.group("d"))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        start = f"{year:04d}-{mo:02d}-{d:02d}"
        end = start
        if m.group("d2"):
            y2 = int(m.group("y2")) if m.group("y2") else year
            m2 = int(m.group("m2")) if m.group("m2") else mo
            d2 = int(m.group("d2"))
            if 1 <= m2 <= 12 and 1 <= d2 <= 31:
                end = f"{y2:04d}-{m2:02d}-{d2:02d}"
        out.append(DateRange(start, end, m.start(), m.end(), bool(m.group("y"))))
    return out


# --- names ------------------------------------------------------------------

ORG_SHORT = re.compile(r"上合组织|上合(?=[^\u4e00-\u9fff]|峰会|国家|成员国|大家庭|伙伴|框架|秘书长|秘书处|开发银行|银行|地区|实业家|合作|$)")


def canonical_org(name: str) -> str:
    """Spell the organisation out in full: 上合组织开发银行 → 上海合作组织开发银行."""
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(r"^[《〈“\"'「『]+|[》〉”\"'」』]+$", "", name.strip())
    return ORG_SHORT.sub("上海合作组织", name)


@lru_cache(maxsize=16384)
def norm_key(s: str) -> str:
    """A key for linking names: NFKC, Simplified, no spaces or quotes/brackets."""
    s = fold(unicodedata.normalize("NFKC", s))
    return re.sub(r"[\s《》〈〉“”‘’\"'「」『』·•]", "", s)
