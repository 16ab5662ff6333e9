"""Line breaks that an OCR or a copy put inside a word (吉\\n尔吉斯).

A break is joined only when a dictionary word (jieba's dictionary plus
scotrack's own) spans it: 吉|尔吉斯共和国 is one word, 理事会|下一次 is not,
so a poster's short lines stay lines unless a word was cut in two.
"""

from __future__ import annotations

import re

from .units import Unit

_CJK = re.compile(r"[\u3400-\u9fff]")
# How many characters either side of the break the segmenter sees.
WINDOW = 6
_OPEN_PUNCT = "。！？!?；;：:，,、”」』）)】"


def break_candidates(text: str, units: list[Unit], skip: set[int]) -> list[tuple[Unit, Unit]]:
    """Adjacent lines (one newline apart) with CJK on both sides of the break."""
    out = []
    for a, b in zip(units, units[1:]):
        if a.index in skip or b.index in skip:
            continue
        if text[a.end:b.start].count("\n") != 1:
            continue
        if a.text[-1] in _OPEN_PUNCT or not _CJK.match(a.text[-1]) or not _CJK.match(b.text[0]):
            continue
        out.append((a, b))
    return out


def word_spans_break(left: str, right: str) -> bool:
    """True when the segmenter puts one word across ``left|right``."""
    from ..lexicon import cut

    window = left[-WINDOW:] + right[:WINDOW]
    cut_at = len(left[-WINDOW:])
    pos = 0
    for token in cut(window):
        end = pos + len(token)
        if pos < cut_at < end and len(token) >= 2:
            return True
        if pos >= cut_at:
            return False
        pos = end
    return False


def joins(text: str, units: list[Unit], skip: set[int]) -> list[tuple[int, int]]:
    """Ranges of ``text`` (the newline and spaces around it) to delete."""
    return [(a.end, b.start) for a, b in break_candidates(text, units, skip)
            if word_spans_break(a.text, b.text)]
