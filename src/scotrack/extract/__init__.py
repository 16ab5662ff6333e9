"""Extraction: grounded registry mentions from one document, by rules.

Stages (each a module with ``NAME`` and ``extract(view, ctx) -> list[Found]``),
run in this order because later ones read what earlier ones put in the
:class:`~scotrack.extract.base.Context`:

1. meetings           — bodies, ordinals, dates, places, held/scheduled
2. outcome_documents  — 《titles》 and typed references, resolved to full titles
3. initiatives        — named initiatives and their proposer
4. institutions       — centres, banks, committees… with the status a sentence reports
5. people             — names with titles
6. commitments        — clauses binding an actor to future action
7. figures            — headline counts and what they count

then each commitment gets as ``subject`` the institution, outcome document
or initiative its clause names (:mod:`.subjects`).

English-only documents (language ``en``) run :mod:`.english` instead, which
finds meetings, outcome documents, initiatives, institutions, people and
commitments with English rules and keys them as the Chinese extractors do.

``extract_document`` is a pure function of the document's text, clean text,
offsets and date, so it can run anywhere (a worker process, a cluster).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ..model import Document, OffsetMap
from .base import RECORD_TYPES, Context, Found, View
from .subjects import link_subjects

__all__ = ["EXTRACTORS", "Found", "extract_document", "extract_text", "extractor_versions"]

EXTRACTORS: tuple[str, ...] = RECORD_TYPES


def _module(name: str) -> ModuleType:
    return import_module(f"{__name__}.{name}")


def extractor_versions() -> dict[str, str]:
    return {name: _module(name).NAME for name in EXTRACTORS}


def extract_text(text: str, clean_text: str, offsets: OffsetMap, published: str | None,
                 language: str = "zh") -> list[Found]:
    """Run every extractor over one document; every Found is grounded in ``text``.

    English-only documents run the English rules (:mod:`.english`) in place of
    the Chinese chain."""
    view = View(text, clean_text, offsets)
    ctx = Context(published=published, year=_year_of(published, view.s), language=language)
    out: list[Found] = []
    if language == "en":
        out = [f for f in _module("english").extract(view, ctx) if text[f.start:f.end] == f.text and f.text]
        _date_events(out, view, ctx)
        link_subjects(out)
        return out
    for name in EXTRACTORS:
        mod = _module(name)
        for f in mod.extract(view, ctx):
            if text[f.start:f.end] != f.text or not f.text:
                continue  # never store an ungrounded mention
            f.extractor = f.extractor or mod.NAME
            out.append(f)
    _date_events(out, view, ctx)
    link_subjects(out)
    return out


# Mentions whose status or wording is evidence at a point in time.
_DATED = ("institutions", "commitments", "outcome_documents", "initiatives")


def _date_events(found: list[Found], view: View, ctx: Context) -> None:
    """Give dated evidence its event date: the last day of the meeting the
    sentence belongs to (the Moscow meeting of 2025-11-18 for a report of
    it), else the document's date. Timelines and the latest status order by
    it, not by when a file happened to be ingested."""
    meetings = {f.key: f.attrs for f in ctx.meetings if f.mention.get("status") != "scheduled"}
    for f in found:
        if f.type not in _DATED or "event_date" in f.mention:
            continue
        at = view.offsets.to_clean(f.start)
        key = ctx.meeting_near(at, view) if at is not None else ctx.main_meeting
        attrs = meetings.get(key or "", {})
        date = attrs.get("end") or attrs.get("start")
        if date and attrs.get("status", "held") == "held" and (not ctx.published or date <= ctx.published):
            f.mention["event_date"] = date
            f.mention["event_meeting"] = key
        elif ctx.published:
            f.mention["event_date"] = ctx.published


def extract_document(doc: Document) -> list[Found]:
    return extract_text(doc.text, doc.clean_text, doc.cleaned.offsets, doc.meta.published, doc.meta.language)


def _year_of(published: str | None, s: str) -> int | None:
    if published:
        return int(published[:4])
    import re
    from collections import Counter

    years = Counter(int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", s))
    return years.most_common(1)[0][0] if years else None
