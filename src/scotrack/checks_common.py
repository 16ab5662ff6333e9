"""What the per-document checks share: the text view, sentences and their dates.

Checks read the same normalised view of ``clean_text`` as the extractors
(Simplified script, full-width forms folded, removed boilerplate and repeats
gone), so a flagged span never points into text that cleaning dropped, and
report offsets in ``Document.text``.

A sentence's *date range* decides what was true when it speaks: the years
and dates it writes (2019年… → 2019-01-01..2019-12-31), else the document's
published date. A sentence about 2019 in a 2025 text is judged by 2019.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .extract.base import View, find_dates, split_sentences
from .model import Document, Flag

# Words that put what follows in the past or mark it as former (时任外交部长,
# 前秘书长, 原观察员国): a sentence or title with them is history, not a claim
# about the document's own date.
PAST_MARKERS = re.compile(r"时任|曾任|曾是|曾为|前任|原任|已故|卸任|离任|当时|此前|^前|^原")
# A written year: 2019年, and the first year of a range 2025至2026年(度).
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|(?=[至到\-—–~]\s*(?:19|20)\d{2}\s*年))")

DateRange = tuple[str, str]


@dataclass(slots=True)
class DocText:
    """A document's checkable text: the view and a way back to ``text`` offsets."""

    view: View
    published: str | None
    _sentences: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Document) -> DocText:
        return cls(View(doc.text, doc.clean_text, doc.cleaned.offsets), doc.meta.published)

    @property
    def s(self) -> str:
        return self.view.s

    def flag(self, kind: str, start: int, end: int, detail: str) -> Flag:
        """A flag at view range ``[start, end)``, with offsets into ``text``."""
        a, b, _ = self.view.ground(start, end)
        return Flag(kind, a, b, detail)

    def to_view(self, text_offset: int) -> int | None:
        return self.view.offsets.to_clean(text_offset)

    def sentence_at(self, at: int) -> tuple[int, int]:
        """View bounds of the sentence holding view offset ``at``."""
        if not self._sentences:
            self._sentences = [(x.start, x.end) for x in split_sentences(self.s)]
        i = bisect_right(self._sentences, (at, len(self.s) + 1)) - 1
        if i >= 0 and self._sentences[i][0] <= at < self._sentences[i][1]:
            return self._sentences[i]
        return at, at

    def date_range(self, start: int, end: int) -> DateRange | None:
        """The time a sentence ``s[start:end]`` speaks of (see the module docstring)."""
        return sentence_dates(self.s[start:end], self.published)


def sentence_dates(sentence: str, published: str | None) -> DateRange | None:
    """Earliest and latest day a sentence writes (a year alone covers the year);
    the published date when it writes no year; None when neither is known."""
    year = int(published[:4]) if published else None
    days: list[str] = []
    for d in find_dates(sentence, year):
        if d.year_written:
            days += [d.start, d.end]
    covered = [(d.at, d.until) for d in find_dates(sentence, year)]
    for m in _YEAR.finditer(sentence):
        if not any(a <= m.start() < b for a, b in covered):  # a year alone covers the year
            days += [f"{m.group(1)}-01-01", f"{m.group(1)}-12-31"]
    if days:
        return min(days), max(days)
    if published:
        return published[:10], published[:10]
    return None


def overlaps(a_from: str | None, a_to: str | None, rng: DateRange) -> bool:
    """Whether a term ``[a_from, a_to]`` (open ends allowed) shares a day with ``rng``."""
    return (a_from is None or a_from <= rng[1]) and (a_to is None or rng[0] <= a_to)


def dedupe(flags: list[Flag]) -> list[Flag]:
    """Flags once each, in text order."""
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for f in sorted(flags, key=lambda f: (f.start, f.end, f.kind)):
        k = (f.kind, f.start, f.end, f.detail)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out
