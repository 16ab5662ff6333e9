"""Reports as JSON (everything, for programs) and CSV (one row per outcome, for spreadsheets)."""

from __future__ import annotations

import csv
import io
import json

from .model import SCHEMA, MeetingReport, rules

CSV_COLUMNS = ("meeting", "meeting_key", "meeting_name", "meeting_dates", "id", "type", "name", "status",
               "score", "reason", "steps", "evidence_docs", "first_date", "last_date", "follow_ups", "flags",
               "notes")
# A spreadsheet runs a cell that starts with one of these as a formula;
# documents are untrusted, so such text cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render_json(reports: list[MeetingReport]) -> str:
    """One JSON object: schema, the scoring rule, and a report per meeting."""
    return json.dumps({"schema": SCHEMA, "scoring": rules(), "meetings": [r.as_dict() for r in reports]},
                      ensure_ascii=False, indent=1) + "\n"


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def render_csv(reports: list[MeetingReport]) -> str:
    """One row per outcome of every meeting, with a header row."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in reports:
        m = r.meeting
        for o in r.outcomes:
            dates = sorted(e.date for e in o.evidence if e.date)
            row = [m.id, m.key, m.name, m.dates, o.id, o.type, o.name, o.status, o.score, o.reason,
                   " → ".join(f"{s['status']} ({s['date'] or '?'})" for s in o.steps),
                   " ".join(dict.fromkeys(e.doc for e in o.evidence)),
                   dates[0] if dates else "", dates[-1] if dates else "",
                   " ".join(f"{f.doc}@{f.date or '?'}" for f in o.follow_ups),
                   " ".join(sorted({f"{f.doc}:{f.kind}" for f in o.flags})),
                   " | ".join(o.notes)]
            w.writerow([_cell(v) for v in row])
    return buf.getvalue()
