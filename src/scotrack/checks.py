"""Checks on extracted facts: each doubt becomes a flag with offsets and a reason.

Runs after extraction on one document (a pure function of its mentions and
metadata). For now: a mention whose extractor saw the text contradict the
reference data (a wrong meeting ordinal, date or city) → ``fact-conflict``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import DocumentMeta, Flag, Found

CHECKS_VERSION = "checks.v1"


def check(found: Sequence[Found], meta: DocumentMeta | None = None) -> list[Flag]:
    """Flags for one document's extracted facts."""
    out = []
    for f in found:
        conflict = f.mention.get("conflict")
        if conflict:
            out.append(Flag("fact-conflict", f.start, f.end, f"{f.type[:-1] if f.type.endswith('s') else f.type}"
                            f" “{f.text}”: {conflict}"))
    return out
