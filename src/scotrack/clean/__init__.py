"""Cleaning: ``text`` → ``clean_text`` plus flags, never editing ``text``.

Stages, in order:

1. split ``text`` into line units with offsets (``units``);
2. boilerplate: site furniture lines (``boilerplate``);
3. repeats: exact, contained and near-duplicate paragraphs (``repeats``);
4. heading-body mismatch: one body under two different headings;
5. OCR joins: line breaks inside a word are deleted (``ocr``);
6. truncation: a text that stops mid-sentence is flagged;
7. suspected typos: known misspellings in the kept text are flagged (``typos``).

``clean_text`` is ``text`` minus the removed ranges and nothing else, so an
:class:`~scotrack.model.OffsetMap` maps every offset both ways.
"""

from __future__ import annotations

from ..model import Cleaned, Flag, OffsetMap
from . import boilerplate, ocr, repeats, typos
from .units import Unit, removal_range, split_units

__all__ = ["clean", "CLEANER_VERSION"]

CLEANER_VERSION = "clean.v1"
# The last paragraph of a complete text ends with one of these.
_CLOSERS = tuple("。！？!?…”」』\"')）】.;；:：>") + ("——",)
# A last line shorter than this may be a heading or sign-off, not a cut.
_TRUNCATION_MIN_CHARS = 16


def clean(text: str) -> Cleaned:
    """Clean ``text``; see the module docstring for the stages."""
    units = split_units(text)
    flags: list[Flag] = []
    removed_ranges: list[tuple[int, int]] = []

    bp = boilerplate.classify(units, text)
    for s, e in boilerplate.site_suffixes(units, bp):
        removed_ranges.append((s, e))
        flags.append(Flag("boilerplate", s, e, "site name in the title bar"))
    for i in sorted(bp):
        s, e = removal_range(text, units, i)
        removed_ranges.append((s, e))
        flags.append(Flag("boilerplate", units[i].start, units[i].end, bp[i]))

    reps = repeats.find_repeats(units, skip=set(bp))
    for r in reps:
        s, e = removal_range(text, units, r.index)
        removed_ranges.append((s, e))
        of = units[r.of]
        detail = f"{r.how} repeat of the paragraph at {of.start}"
        if r.how == "near":
            detail += f" (similarity {r.similarity:.2f})"
        flags.append(Flag(r.kind, units[r.index].start, units[r.index].end, detail))

    gone = set(bp) | {r.index for r in reps}
    for head, body, orig in repeats.heading_mismatches(units, reps, gone):
        flags.append(Flag("heading-body-mismatch", head.start, body.end,
                          f"the body under “{_short(head)}” repeats the body under “{_short(orig)}”"))

    removed_ranges.extend(ocr.joins(text, units, gone))
    _flag_truncation(units, gone, flags)
    flags.extend(typos.find_typos(text, removed_ranges))

    offsets = OffsetMap.from_removed(len(text), _leading_blank(text, removed_ranges))
    return Cleaned(offsets.apply(text), offsets, flags)


def _short(u: Unit, n: int = 24) -> str:
    return u.text if len(u.text) <= n else u.text[:n] + "…"


def _flag_truncation(units: list[Unit], gone: set[int], flags: list[Flag]) -> None:
    kept = [u for u in units if u.index not in gone]
    if not kept:
        return
    last = kept[-1]
    cut_at_comma = last.text.endswith(("，", ",", "、"))
    if cut_at_comma or (len(last.key) >= _TRUNCATION_MIN_CHARS and not last.text.endswith(_CLOSERS)):
        flags.append(Flag("truncated", last.end, last.end,
                          f"the text stops mid-sentence: “…{last.text[-12:]}”"))


def _leading_blank(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Also drop blank lines before the first kept character."""
    stripped = len(text) - len(text.lstrip())
    if stripped:
        ranges = ranges + [(0, stripped)]
    return ranges
