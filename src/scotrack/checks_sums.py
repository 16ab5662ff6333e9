"""Counts that must add up: a list's total and the sub-totals of its sections.

A *total* is a count at the end of a line: ``…工作成果清单 (共313项)``,
``主席国主要活动 共110项``, a line ``共24份`` under a heading, or ``…清单：313项``
after a list title. Its *block* is the lines below it, up to the first prose
paragraph once sub-totals have started (or a count at least as large as the
total, or a count of another kind of thing); its *parts* are the line-final
counts in the block whose measure word counts the same family of things
(项/份/个/件 are all "items"). A total needs at least two parts.

Verdicts:

- the parts add up → the total's figure mention gets
  ``mention["sum_check"] = "313 = 110 + 77 + … (verified)"``;
- a part that is the sum of the parts right after it is a section total
  (举办活动 共187项 over 110 + 77): only the top level is summed; a block that
  runs past the list (its first parts already add up) is cut there;
- otherwise a ``fact-conflict`` flag spans the total: "the parts add up to
  310, not 313", and the mention gets ``sum_check`` "313 ≠ … = 310".

Only line-final counts take part, so prose arithmetic (成员国由6个增至10个,
共签署24份文件，其中…) is never read as a list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .checks_common import DocText
from .extract.base import CN_DIGITS, to_int
from .model import Flag, Found

# Measure words and the family of things each counts: items of a list
# (项 activities, 份 documents, 个/件/种/类) add up with each other; people,
# bodies and events only with their own kind.
UNIT_FAMILY = {"项": "items", "份": "items", "个": "items", "件": "items", "种": "items", "类": "items",
               "名": "people", "位": "people", "人": "people",
               "家": "bodies", "所": "bodies", "座": "bodies", "场": "events", "次": "events"}
_UNITS = "".join(UNIT_FAMILY)
_NUM = rf"(?:\d+|[{CN_DIGITS}]+)"
LINE_TOTAL = re.compile(rf"[(（]?\s*共\s*(?:计|有)?\s*(?P<num>{_NUM})\s*(?P<unit>[{_UNITS}])\s*[)）]?\s*$")
# "N项 after a list title": …清单 (313项) / …一览：313项.
LIST_TOTAL = re.compile(
    rf"(?:清单|一览|目录|汇总|列表|名录)\s*[(（:：]\s*(?P<num>\d+)\s*(?P<unit>[{_UNITS}])\s*[)）]?\s*$")
# A line longer than this, or with a full stop, is prose, not a heading or list item.
TITLE_LINE_MAX = 40
_SENTENCE_END = re.compile(r"[。！？!?]")
# Prose lines allowed between a total and its first part (an introductory paragraph).
PROSE_BEFORE_PARTS = 2
# A gap wider than this share of the total means the block was misread (nested
# levels, a neighbouring list), not that the text miscounted: not flagged.
CONFLICT_MAX_SHARE = 0.5


@dataclass(slots=True)
class Count:
    line: int
    value: int
    unit: str
    start: int  # view offsets of the count ("共313项")
    end: int

    @property
    def family(self) -> str:
        return UNIT_FAMILY[self.unit]


@dataclass(slots=True)
class SumResult:
    total: Count
    parts: list[Count]
    ok: bool

    @property
    def added(self) -> int:
        return sum(p.value for p in self.parts)

    def expression(self) -> str:
        terms = " + ".join(str(p.value) for p in self.parts)
        if self.ok:
            return f"{self.total.value} = {terms} (verified)"
        return f"{self.total.value} ≠ {terms} = {self.added}"


def _lines(s: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in s.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _count(s: str, i: int, a: int, b: int) -> Count | None:
    line = s[a:b]
    m = LINE_TOTAL.search(line) or LIST_TOTAL.search(line)
    if m is None:
        return None
    value = to_int(m.group("num"))
    if not value:
        return None
    lead = len(m.group()) - len(m.group().lstrip())
    return Count(i, value, m.group("unit"), a + m.start() + lead, a + len(line.rstrip()))


def _is_prose(line: str) -> bool:
    t = line.strip()
    return len(t) > TITLE_LINE_MAX or bool(_SENTENCE_END.search(t))


def _block(s: str, lines: list[tuple[int, int]], counts: dict[int, Count], total: Count) -> list[Count]:
    parts: list[Count] = []
    prose = 0
    for j in range(total.line + 1, len(lines)):
        a, b = lines[j]
        c = counts.get(j)
        if c is not None:
            if c.family != total.family or c.value >= total.value:
                break
            parts.append(c)
            continue
        if _is_prose(s[a:b]):
            prose += 1
            if parts or prose > PROSE_BEFORE_PARTS:
                break
    return parts


def _top_level(parts: list[Count]) -> list[Count]:
    """Parts without the children of section totals (a part equal to the sum of
    two or more parts right after it)."""
    out, i = [], 0
    while i < len(parts):
        p, acc, nxt = parts[i], 0, i + 1
        for j in range(i + 1, len(parts)):
            acc += parts[j].value
            if acc == p.value and j - i >= 2:
                nxt = j + 1
                break
            if acc > p.value:
                break
        out.append(p)
        i = nxt
    return out


def _judge(total: Count, parts: list[Count]) -> SumResult | None:
    if len(parts) < 2:
        return None
    for cand in (parts, _top_level(parts)):
        if sum(p.value for p in cand) == total.value:
            return SumResult(total, cand, True)
        run = 0
        for k, p in enumerate(cand):
            run += p.value
            if run == total.value and k >= 1:
                return SumResult(total, cand[:k + 1], True)
    return SumResult(total, _top_level(parts), False)


def sums(dt: DocText) -> list[SumResult]:
    """Every total with at least two parts in its block, verified or not.

    A count that is itself a part of a larger total's block (a section's
    sub-total) is kept only when its own parts add up: its block also holds
    its siblings, so a mismatch says nothing."""
    s = dt.s
    lines = _lines(s)
    counts = {i: c for i, (a, b) in enumerate(lines) if (c := _count(s, i, a, b)) is not None}
    blocks = {i: _block(s, lines, counts, c) for i, c in counts.items()}
    inner = {p.line for parts in blocks.values() if len(parts) >= 2 for p in parts}
    out = []
    for i, c in counts.items():
        r = _judge(c, blocks[i])
        if r is not None and (r.ok or i not in inner):
            out.append(r)
    return out


def check_sums(dt: DocText, found: Sequence[Found]) -> list[Flag]:
    """Flags for totals whose parts do not add up; writes ``sum_check`` on the
    total's figure mention either way (see the module docstring)."""
    figures = [f for f in found if f.type == "figures"]
    flags: list[Flag] = []
    for r in sums(dt):
        # a gap this wide means the block was misread, not that the text miscounted
        if not r.ok and abs(r.added - r.total.value) > CONFLICT_MAX_SHARE * r.total.value:
            continue
        for f in figures:
            at = dt.to_view(f.start)
            if at is not None and r.total.start <= at < r.total.end + 1 and f.attrs.get("value") == r.total.value:
                f.mention["sum_check"] = r.expression()
        if not r.ok:
            flags.append(dt.flag("fact-conflict", r.total.start, r.total.end,
                                 f"Count that does not add up: the parts listed below it add up to {r.added}, "
                                 f"not {r.total.value} ({r.expression()})."))
    return flags
