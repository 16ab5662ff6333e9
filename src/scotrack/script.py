"""Script and width folding shared by cleaning, extraction and search.

Both functions keep the length of the string, one character for one
character, so offsets computed on the folded string are offsets into the
original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(s: str) -> str:
    """Traditional → Simplified, one character for one character."""
    out = _t2s().convert(s)
    if len(out) == len(s):
        return out
    conv = _t2s().convert
    return "".join(c if len(c) == 1 else ch for ch, c in ((ch, conv(ch)) for ch in s))


_FOLD_TABLE: dict[int, str] = {}
for _cp in list(range(0xFF01, 0xFF5F)) + [0x3000]:
    _ch = unicodedata.normalize("NFKC", chr(_cp))
    if len(_ch) == 1:
        _FOLD_TABLE[_cp] = _ch


def fold(s: str) -> str:
    """Simplified script with full-width ASCII folded (length-preserving)."""
    return to_simplified(s).translate(_FOLD_TABLE)
