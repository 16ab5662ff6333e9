"""Implementation reports: per meeting, its outcomes, their status and evidence, and a score.

``build_reports(store)`` makes the data (:mod:`.model`, rules in
:mod:`.scoring`); :func:`render` turns it into Markdown, HTML (with inline
SVG charts, :mod:`.charts`), CSV or JSON.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ConfigError
from .model import MeetingReport, build_reports, rules

FORMATS = ("md", "html", "csv", "json")
EXTENSIONS = {"md": "md", "html": "html", "csv": "csv", "json": "json"}


def render(reports: list[MeetingReport], fmt: str) -> str:
    """The reports as one text in ``fmt`` (md, html, csv or json)."""
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(reports)
    if fmt == "html":
        from .html import render_html

        return render_html(reports)
    if fmt == "csv":
        from .csv_json import render_csv

        return render_csv(reports)
    if fmt == "json":
        from .csv_json import render_json

        return render_json(reports)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def file_name(report: MeetingReport, fmt: str) -> str:
    """heads-of-state-25.html: the meeting key made safe for a file name."""
    return re.sub(r"[^\w.-]+", "-", report.meeting.key).strip("-") + "." + EXTENSIONS[fmt]


def write_reports(reports: list[MeetingReport], fmt: str, output: str, *, per_meeting: bool) -> list[Path]:
    """Write to ``output``: one file, or (``per_meeting``, or ``output`` is a folder)
    one file per meeting inside it. Returns the files written."""
    out = Path(output)
    to_dir = out.is_dir() or output.endswith(("/", "\\")) or (per_meeting and not out.suffix)
    try:
        if not to_dir:
            out.write_text(render(reports, fmt), encoding="utf-8")
            return [out]
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for r in reports:
            path = out / file_name(r, fmt)
            path.write_text(render([r], fmt), encoding="utf-8")
            written.append(path)
        return written
    except OSError as e:
        raise ConfigError(f"cannot write {output}: {e.strerror}; check the folder exists and is writable") from None


__all__ = ["EXTENSIONS", "FORMATS", "MeetingReport", "build_reports", "file_name", "render", "rules", "write_reports"]
