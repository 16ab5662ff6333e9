"""The implementation score: every rule in one place, in code and in words.

The scale follows the G20 Research Group's compliance reports: each outcome
of a meeting gets

- **+1 implemented**: the thing exists or is in use after the meeting;
- **0 in progress**: it was decided and work or talk about it went on;
- **−1 no evidence**: nothing after the meeting shows it moved, or it went
  backwards.

What counts as "after the meeting" is evidence dated more than
:data:`FOLLOW_UP_GRACE_DAYS` after the meeting's last day: reports *of* the
meeting (its texts published the next day, wire stories) are the decision
itself, not its follow-up.

:data:`RULES` states the rule of every record type in plain words; the
reports print it, and :func:`score` applies exactly it. Change both together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..link import STATUS_ORDER

# Reports of a meeting keep appearing for a few days after it (the texts are
# published the next day, weeklies and reposts follow); only evidence later
# than this counts as a follow-up.
FOLLOW_UP_GRACE_DAYS = 7

IMPLEMENTED, IN_PROGRESS, NO_EVIDENCE = 1, 0, -1
SCORE_LABEL = {IMPLEMENTED: "+1 implemented", IN_PROGRESS: "0 in progress", NO_EVIDENCE: "−1 no evidence"}

# Institution stages that mean the thing exists.
DONE_STAGES = ("established", "operating")
# Stages that mean work is under way even without a later date.
WORKING_STAGES = ("preparing",)

# Statuses the report gives to records the tracker has no life-cycle status for.
ADOPTED, CITED = "adopted", "cited later"
MADE, RESTATED = "made", "restated"
PROPOSED = "proposed"

RULES: dict[str, list[tuple[str, str]]] = {
    "institutions": [
        ("+1", "its latest status is established or operating"),
        ("0", "its latest status is preparing, or it was proposed/decided and a later document "
              "mentions it again"),
        ("−1", "proposed/decided with no evidence after the meeting, or a later step of an official "
               "source goes back to an earlier stage (reversed)"),
    ],
    "outcome_documents": [
        ("+1", "adopted at the meeting and cited again later (a later document or meeting uses it)"),
        ("0", "adopted at the meeting, not cited since (the text exists; its use is not yet shown)"),
    ],
    "commitments": [
        ("as its subjects", "it names institutions or initiatives (inside its clause, or as its subject "
                            "record): it scores what they score, and 0 (partly done) when they differ"),
        ("0", "it has no such subject and is restated or followed up in a later document"),
        ("−1", "it has no such subject and nothing after the meeting mentions it"),
    ],
    "initiatives": [
        ("0", "proposed at the meeting and mentioned again later"),
        ("−1", "nothing after the meeting mentions it (the registry records no mechanism that would "
               "show an initiative implemented, so +1 is not given from text alone)"),
    ],
}
RULE_INTRO = ("G20-Research-Group style: +1 implemented, 0 in progress, −1 no evidence after the "
              f"decision or reversed. “Later” means dated more than {FOLLOW_UP_GRACE_DAYS} days after "
              "the meeting's last day; reports of the meeting itself are the decision, not a follow-up.")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The status shown, the score and the rule that gave it."""

    status: str
    score: int
    reason: str


def score_text(score: int) -> str:
    """+1, 0, −1 (with a real minus sign)."""
    return {IMPLEMENTED: "+1", IN_PROGRESS: "0", NO_EVIDENCE: "−1"}[score]


def later_than(meeting_end: str | None) -> str | None:
    """The first ISO date that counts as after a meeting ending on ``meeting_end``."""
    if not meeting_end:
        return None
    try:
        d = date.fromisoformat(meeting_end[:10])
    except ValueError:
        return None
    return (d + timedelta(days=FOLLOW_UP_GRACE_DAYS + 1)).isoformat()


def _stage(status: str | None) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else -1


def score_institution(status: str | None, steps: list[str], has_later: bool) -> Verdict:
    """``steps``: the statuses of the timeline's kept steps, in date order."""
    for prev, nxt in zip(steps, steps[1:], strict=False):
        if _stage(nxt) < _stage(prev):
            return Verdict(status or nxt, NO_EVIDENCE, f"reversed: “{nxt}” after “{prev}”")
    if status in DONE_STAGES:
        return Verdict(status, IMPLEMENTED, f"{status}: the institution exists")
    if status in WORKING_STAGES:
        return Verdict(status, IN_PROGRESS, f"{status}: work under way")
    shown = status or "mentioned"
    if has_later:
        return Verdict(shown, IN_PROGRESS, f"{shown}, and mentioned again after the meeting")
    return Verdict(shown, NO_EVIDENCE, f"{shown}, with no evidence after the meeting")


def score_document(has_later: bool) -> Verdict:
    if has_later:
        return Verdict(CITED, IMPLEMENTED, "adopted and cited again after the meeting")
    return Verdict(ADOPTED, IN_PROGRESS, "adopted; not cited after the meeting yet")


def score_commitment(has_later: bool, subjects: list[tuple[str, str, Verdict]] | None = None) -> Verdict:
    """``subjects``: (record id, name, its verdict) of the records the commitment is about."""
    if subjects:
        scores = {v.score for _, _, v in subjects}
        said = "; ".join(f"{rid} {name}: {v.status} ({score_text(v.score)})" for rid, name, v in subjects)
        if len(scores) == 1:
            statuses = list(dict.fromkeys(v.status for _, _, v in subjects))
            return Verdict(" / ".join(statuses), subjects[0][2].score,
                           f"scored by its subject{'s' if len(subjects) > 1 else ''}: {said}")
        return Verdict("partly", IN_PROGRESS, f"its subjects differ, so partly done: {said}")
    if has_later:
        return Verdict(RESTATED, IN_PROGRESS, "restated or followed up after the meeting")
    return Verdict(MADE, NO_EVIDENCE, "no evidence after the meeting")


def score_initiative(has_later: bool) -> Verdict:
    if has_later:
        return Verdict(RESTATED, IN_PROGRESS, "proposed and mentioned again after the meeting")
    return Verdict(PROPOSED, NO_EVIDENCE, "proposed; no evidence after the meeting")
