"""Reports as Markdown: a header, the scoring rule, a summary, a table, then the evidence.

Every piece of document text is escaped: Markdown punctuation gets a
backslash and ``<``/``>``/``&`` become entities, so a title holding
``<script>`` or ``**`` shows as written and never as markup.
"""

from __future__ import annotations

import re

from . import scoring
from .model import TYPE_LABEL, TYPES, MeetingReport, Outcome, rules

# Characters that make markup anywhere in a line (the text never starts a line,
# so line-start markers such as # - + 1. need no escape).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def esc(text: object) -> str:
    """``text`` as literal Markdown on one line."""
    s = str(text if text is not None else "")
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(_MD_SPECIAL.sub(r"\\\1", s).split())


def render_markdown(reports: list[MeetingReport]) -> str:
    parts = [_meeting(r) for r in reports] or ["No meetings in the store.\n"]
    return "\n---\n\n".join(parts)


def _rules() -> list[str]:
    r = rules()
    out = ["### How the score works", "", esc(r["intro"]), ""]
    for t in TYPES:
        out.append(f"- **{TYPE_LABEL[t]}s**: " + "; ".join(f"{esc(x['score'])} when {esc(x['when'])}"
                                                          for x in r["types"][t]))
    return out + [""]


def _meeting(r: MeetingReport) -> str:
    m, s = r.meeting, r.summary
    out = [f"# {esc(m.name)}", "",
           f"**{esc(m.key)}** ({esc(m.id)}) · {esc(m.dates)} · {esc(m.city or '?')}, {esc(m.country or '?')}"
           f" · {esc(m.status or '?')}", ""]
    out += _rules()
    out += ["## Summary", ""]
    avg = "n/a" if s.average is None else f"{s.average:+.2f}".replace("-", "−")
    out.append(f"{s.outcomes} outcomes · average score **{esc(avg)}** · "
               f"+1: {s.by_score['+1']}, 0: {s.by_score['0']}, −1: {s.by_score['-1']}")
    out.append("")
    if s.by_status:
        out += ["| status | outcomes |", "| --- | ---: |"]
        out += [f"| {esc(k)} | {v} |" for k, v in sorted(s.by_status.items(), key=lambda kv: -kv[1])]
        out.append("")
    if not r.outcomes:
        return "\n".join(out + ["No outcome of this meeting is recorded in the store.", ""])
    out += ["## Outcomes", "", "| id | type | outcome | status | score | evidence | follow-ups | flags |",
            "| --- | --- | --- | --- | ---: | --- | --- | --- |"]
    for o in r.outcomes:
        docs = " ".join(dict.fromkeys(e.doc for e in o.evidence))
        out.append(f"| {esc(o.id)} | {TYPE_LABEL[o.type]} | {esc(o.name)} | {esc(o.status)} | "
                   f"{scoring.score_text(o.score)} | {esc(docs)} | "
                   f"{esc(' '.join(dict.fromkeys(f.doc for f in o.follow_ups)))} | "
                   f"{esc(' '.join(sorted({f.kind for f in o.flags})))} |")
    out += ["", "## Evidence", ""]
    for o in r.outcomes:
        out += _outcome(o)
    return "\n".join(out)


def _outcome(o: Outcome) -> list[str]:
    out = [f"### {esc(o.id)} {esc(o.name)}", "",
           f"{TYPE_LABEL[o.type]} · status **{esc(o.status)}** · score **{scoring.score_text(o.score)}** — "
           f"{esc(o.reason)}", ""]
    if o.steps:
        out += ["Steps: " + " → ".join(f"{esc(s['status'])} ({esc(s['date'] or '?')}, {esc(', '.join(s['docs']))})"
                                       for s in o.steps), ""]
    for e in o.evidence:
        said = f" · says *{esc(e.status)}*" if e.status else ""
        times = f" (×{e.count})" if e.count > 1 else ""
        later = " · **follow-up**" if e.later else ""
        out.append(f"- {esc(e.date or 'undated')} · {esc(e.doc)} “{esc(e.title)}” ({esc(e.kind)}){said}{later}"
                   f"{times}: {esc(e.before)}**{esc(e.mention)}**{esc(e.after)}")
    if o.follow_ups:
        out += ["", "Follow-ups: " + "; ".join(
            f"{esc(f.date or '?')} {esc(f.doc)} “{esc(f.title)}” ({esc(f.kind)})"
            + (f" at {esc(f.meeting)}" if f.meeting else "") for f in o.follow_ups)]
    if o.flags:
        out += ["", "Flags: " + "; ".join(f"{esc(f.kind)} in {esc(f.doc)} — {esc(f.detail)}" for f in o.flags)]
    if o.notes:
        out += ["", "Notes: " + "; ".join(esc(n) for n in o.notes)]
    return out + [""]
