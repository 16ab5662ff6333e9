"""Suspected typos: known misspellings, flagged and never corrected.

A misspelling from ``data/typos.tsv`` (路劲 for 路径, 再接再励 for 再接再厉)
is flagged ``suspected-typo`` where it stands as words of its own. Where the
segmenter puts its characters into longer words that reach past it, it is
two real words side by side, not a typo: 出路劲头 is 出路 + 劲头, 以经济 is
以 + 经济, 在次日 is 在 + 次日. The text is never changed (offsets must stay
true); the flag's detail names the word meant, for a reader to judge.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..model import Flag

# Characters of context segmented on each side of a match.
CONTEXT = 6


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], re.Pattern[str] | None]:
    pairs: dict[str, str] = {}
    with resources.files("scotrack").joinpath("data/typos.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                wrong, meant = line.rstrip("\n").split("\t")
                pairs[wrong] = meant
    if not pairs:
        return pairs, None
    return pairs, re.compile("|".join(map(re.escape, sorted(pairs, key=len, reverse=True))))


def find_typos(text: str, skip: list[tuple[int, int]] | None = None) -> list[Flag]:
    """``suspected-typo`` flags over ``text``, outside the ``skip`` ranges
    (parts the cleaner removes)."""
    pairs, pattern = _table()
    if pattern is None:
        return []
    flags = []
    for m in pattern.finditer(text):
        if skip and any(s <= m.start() < e for s, e in skip):
            continue
        if _inside_longer_words(text, m.start(), m.end()):
            continue
        flags.append(Flag("suspected-typo", m.start(), m.end(), f"{m.group()} → {pairs[m.group()]}?"))
    return flags


def _inside_longer_words(text: str, start: int, end: int) -> bool:
    """Whether a word of two or more characters crosses the edge of ``[start, end)``."""
    from ..lexicon import cut

    left = max(0, start - CONTEXT)
    pos = left
    for word in cut(text[left:end + CONTEXT]):
        w_start, w_end = pos, pos + len(word)
        pos = w_end
        if len(word) >= 2 and w_start < end and w_end > start and (w_start < start or w_end > end):
            return True
    return False
