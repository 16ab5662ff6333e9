"""Lines of a document as units of cleaning, with their offsets in ``text``.

A unit is one non-blank line. Flattened pages put one paragraph on a line,
OCR'd pages sometimes break a paragraph over several lines; cleaning decides
per unit (boilerplate, repeat) and per line break (OCR join).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Leading list markers that do not change what a paragraph says: bullets,
# circled numbers, "(一)", "1.", "一、". Stripped before comparing units.
_LIST_MARKER = re.compile(
    r"^(?:[●•·▪■□◆◇○◎★☆►▶\-–—*]+|[\u2460-\u2473\u2776-\u277f]|"
    r"[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、](?!\d))\s*"
)
_SPACE = re.compile(r"\s+")
TERMINAL = "。！？!?…；;”」』\"'）)】.:："
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(slots=True)
class Unit:
    index: int
    start: int  # offset of the first non-space character in text
    end: int  # offset after the last non-space character
    line_start: int  # offset of the line's first character
    line_end: int  # offset of the line's "\n" (or len(text))
    text: str  # text[start:end]
    key: str  # normalised for comparison: NFKC, no spaces, no list marker

    @property
    def is_heading_like(self) -> bool:
        """Short and without closing punctuation: a heading, label or title."""
        return len(self.key) <= 40 and not self.key.endswith(tuple("。！？!?；;"))

    @property
    def cjk_count(self) -> int:
        return len(_CJK.findall(self.text))

    @property
    def latin_words(self) -> int:
        return len(_LATIN_WORD.findall(self.text))


def normalise(s: str) -> str:
    """Comparison key: NFKC, whitespace removed, leading list marker removed."""
    # Markers go before NFKC too: NFKC turns ③ into 3, which would then read
    # as a number of the paragraph.
    s = _LIST_MARKER.sub("", s.strip(), count=1)
    s = unicodedata.normalize("NFKC", s).strip()
    s = _LIST_MARKER.sub("", s, count=1)
    return _SPACE.sub("", s)


def split_units(text: str) -> list[Unit]:
    """Every non-blank line of ``text`` as a Unit, in order."""
    units: list[Unit] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        line = text[pos:line_end]
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            end = start + len(stripped)
            units.append(Unit(len(units), start, end, pos, line_end, stripped, normalise(stripped)))
        if nl < 0:
            break
        pos = nl + 1
    return units


def removal_range(text: str, units: list[Unit], i: int) -> tuple[int, int]:
    """The range to delete for ``units[i]``: the line, its newline and the
    blank lines after it (up to the next unit's line), so removing a paragraph
    leaves no hole in clean_text. The last unit keeps the newline before it."""
    u = units[i]
    if i + 1 < len(units):
        return u.line_start, units[i + 1].line_start
    return u.line_start, len(text)


def numbers_of(key: str) -> list[str]:
    """Arabic and Chinese numerals of a key, in order: 2001 vs 2006, 第一次 vs 第六次."""
    return re.findall(r"\d+|[零〇一二三四五六七八九十百千万两]+", key)
