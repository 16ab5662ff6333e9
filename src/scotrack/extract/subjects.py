"""Commitment subjects: what a commitment is about, when the clause names it.

A commitment's ``subject`` (export contract: an institution, outcome
document or initiative id) is the first institution or initiative named
*inside* the commitment's clause in the same document: 成员国决定成立上合组织
开发银行 is about the development bank, 各方同意加强禁毒中心建设 about the
anti-drug centre. An outcome document is the subject only when the clause
names neither: in 《天津宣言》支持……推进开发银行建设 the declaration is where
the pledge is written, the bank what it is about. Where the clause names
none, the subject stays empty. Keys are set
here; the export resolves them to record ids (:func:`scotrack.link.merge`).
"""

from __future__ import annotations

from ..model import Found

SUBJECT_TYPES = ("institutions", "outcome_documents", "initiatives")


def link_subjects(found: list[Found]) -> None:
    """Set ``attrs["subject"]`` of each commitment in ``found`` (one document's
    mentions, offsets into its text) that has none yet."""
    # outcome documents after the others, then by position
    targets = sorted((f.type == "outcome_documents", f.start, f.end, f.key) for f in found if f.type in SUBJECT_TYPES)
    if not targets:
        return
    for c in found:
        if c.type != "commitments" or c.attrs.get("subject"):
            continue
        inside = next((key for _, start, end, key in targets if c.start <= start and end <= c.end), None)
        if inside is not None:
            c.attrs["subject"] = inside
