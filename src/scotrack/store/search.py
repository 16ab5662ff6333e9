"""Text normalisation for the full-text index and the queries run against it.

The index holds a *normalised copy* of each document's title and clean text:
compatibility/width forms folded (``ＳＣＯ`` -> ``sco``), lower-cased, and
converted to Simplified script with OpenCC ``t2s``. Queries go through the
same function, so a Traditional query finds a Simplified document and the
other way round. Every step maps one character to one character for almost
all text, so an offset in the copy is the same offset in ``clean_text``;
:func:`locate` handles the rare text where a conversion changes the length.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

# Characters either side of the match in a search snippet.
SNIPPET_CONTEXT = 40
# Trigram indexes (SQLite FTS5 trigram, PostgreSQL pg_trgm) can only narrow
# down queries of at least 3 characters; shorter ones (王毅, 上合) are a
# substring scan of the copy.
MIN_INDEXED_CHARS = 3

_SPACES = re.compile(r"\s+")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


@cache
def _fold_table() -> dict[int, str]:
    """Characters whose NFKC + lower-case form is one *different* character.

    Built once per process (~70 ms) over the BMP and the supplementary
    ideograph/symbol planes; characters that would expand (``ﬁ``, ``İ``) are
    left alone so the fold never changes the length.
    """
    table: dict[int, str] = {}
    for cp in range(0x30000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch).lower()
        if len(folded) == 1 and folded != ch:
            table[cp] = folded
    return table


def normalise_text(s: str) -> str:
    """The normalised copy of ``s`` that the full-text index stores."""
    if not s:
        return ""
    return str(_t2s().convert(s.translate(_fold_table())))


def index_copy(s: str, dialect: str) -> str:
    """What the full-text index of a ``dialect`` store holds for ``s``:
    :func:`normalise_text`, with NUL made a space on PostgreSQL (its text
    cannot hold NUL; same length, so offsets still hold, and queries never
    contain control characters)."""
    copy = normalise_text(s)
    return copy.replace("\x00", " ") if dialect == "postgresql" and "\x00" in copy else copy


def normalise_query(query: str) -> str:
    """A query as it is matched: trimmed, inner whitespace runs made one space,
    control characters dropped, then :func:`normalise_text`."""
    cleaned = "".join(ch for ch in query if ch in " \t\n" or unicodedata.category(ch)[0] != "C")
    return normalise_text(_SPACES.sub(" ", cleaned).strip())


def fts_phrase(query: str) -> str:
    """An FTS5 MATCH expression that matches ``query`` as one literal phrase."""
    return '"' + query.replace('"', '""') + '"'


def like_pattern(query: str) -> str:
    """A ``LIKE`` pattern (escape character ``\\``) matching ``query`` anywhere."""
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def locate(clean_text: str, copy: str, query: str) -> int | None:
    """Offset in ``clean_text`` of the first match of the normalised ``query``.

    ``copy`` is the indexed normalised copy of ``clean_text``. When both have
    the same length (nearly always) the offset is exact. Otherwise the text is
    normalised line by line and the offset is exact on every line whose
    length did not change, and the nearest offset within the line if it did.
    None when the copy does not contain the query.
    """
    pos = copy.find(query)
    if pos < 0:
        return None
    if len(copy) == len(clean_text):
        return pos
    line_start = 0
    for line in clean_text.splitlines(keepends=True):
        found = normalise_text(line).find(query)
        if found >= 0:
            return line_start + min(found, max(len(line) - 1, 0))
        line_start += len(line)
    return min(pos, max(len(clean_text) - 1, 0))


def snippet(text: str, start: int, length: int, context: int = SNIPPET_CONTEXT) -> str:
    """``text`` around ``[start, start + length)`` with ``context`` characters either side."""
    return text[max(0, start - context): start + length + context]
