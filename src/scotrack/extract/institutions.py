"""Extraction of SCO institutions with the life-cycle status each sentence reports.

Names come from :mod:`.institutions_names` (gazetteer short forms, prefixed
names, names introduced by a creation verb, coordinated lists), statuses from
:mod:`.institutions_status`. Every mention carries the status of its own
sentence (``mention["status"]``), left out when the sentence has no status
word; the record's status is then the latest one the linker sees.

Known bodies are reported whenever they are named; a body the gazetteer does
not know is reported only with a status word (a name in passing, with no
life-cycle event, is too weak a signal to create a record from). The SCO's
permanent organs (秘书处, 地区反恐怖机构) are operating by definition where the
sentence says nothing else.
"""

from __future__ import annotations

from bisect import bisect_right

from .base import Context, Found, View
from .institutions_lexicon import SCO_CONTEXT, Squeezed, sentence_bounds
from .institutions_names import NameFinder, key_of
from .institutions_status import status_of

NAME = "rules.institutions.v1"
TYPE = "institutions"

_finder: NameFinder | None = None


def _names() -> NameFinder:
    global _finder
    if _finder is None:
        _finder = NameFinder()
    return _finder


def extract(view: View, ctx: Context) -> list[Found]:
    """Grounded institution mentions of one document."""
    if ctx.language == "en":
        return []
    sq = Squeezed(view.s)
    s = sq.s
    sco = bool(SCO_CONTEXT.search(s))
    sents = sentence_bounds(s)
    starts = [a for a, _ in sents]
    out: list[Found] = []
    for run in _names().find(s, sco):
        idx = bisect_right(starts, run.start) - 1
        if idx < 0:
            continue
        sent = sents[idx]
        status = status_of(s, sent, (run.start, run.end))
        for name in run.names:
            if not name.real:
                continue
            st = status or ("operating" if name.permanent else None)
            if st is None and not name.known:
                continue
            attrs = {"name": name.canonical, "kind": name.kind}
            mention = {}
            if st:
                attrs["status"] = st
                mention["status"] = st
            a, b = sq.to_view(name.start, name.end)
            out.append(view.found(TYPE, key_of(name), attrs, a, b, mention, NAME))
    return out
