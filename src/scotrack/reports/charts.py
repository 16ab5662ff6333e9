"""Charts for the HTML report, drawn with matplotlib to inline SVG.

Text is drawn as paths (``svg.fonttype = path``), so the SVG needs no font
on the reader's machine; the font must be on *this* machine instead. Chinese
labels need a CJK font (Debian: fonts-noto-cjk): :func:`cjk_font` finds one
that matplotlib knows, or registers one from the usual font folders (a font
installed after matplotlib built its cache). Without one, labels fall back to
record ids, never to boxes.
"""

from __future__ import annotations

import io
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import MeetingReport, Outcome

# Preferred faces first: Simplified Chinese forms, then any CJK face.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK JP", "Noto Sans CJK TC",
                "Droid Sans Fallback", "AR PL UMing CN")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".local/share/fonts"),
             str(Path.home() / ".fonts"))
FONT_FILE_HINTS = ("cjk", "wqy", "sourcehansans", "droidsansfallback", "uming", "notosanssc")

STATUS_COLOUR = {
    "proposed": "#5b7fb8", "decided": "#1597a8", "preparing": "#e08e0b", "established": "#3a9a5b",
    "operating": "#1f6b3b", "adopted": "#4f6fb0", "cited later": "#2e8b57", "made": "#7d8591",
    "restated": "#b07d2b", "partly": "#9b6bb3", "reported": "#9aa3ad", "follow-up": "#8e6bbf",
    "held": "#3a9a5b", "scheduled": "#e08e0b",
}
SCORE_COLOUR = {1: "#2e8b57", 0: "#d39e00", -1: "#c0392b"}
DEFAULT_COLOUR = "#8c8c8c"
# More rows than this make an unreadable chart; the table below it lists them all.
MAX_ROWS = 40
# Characters of an outcome's name on a chart row (the table has the full name).
LABEL_CHARS = 16
WIDTH_IN = 9.5
ROW_IN = 0.3


def colour(status: str | None) -> str:
    """The colour of a status (the first one of a "a / b" status)."""
    return STATUS_COLOUR.get((status or "").split(" / ")[0], DEFAULT_COLOUR)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of a CJK font matplotlib can draw with, or None."""
    from matplotlib import font_manager as fm

    def known() -> str | None:
        names = {f.name for f in fm.fontManager.ttflist}
        return next((n for n in CJK_FAMILIES if n in names), None)

    found = known()
    if found:
        return found
    for folder in FONT_DIRS:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            low = path.name.lower().replace("-", "").replace("_", "")
            if path.suffix.lower() in (".ttf", ".otf", ".ttc") and any(h in low for h in FONT_FILE_HINTS):
                try:
                    fm.fontManager.addfont(str(path))
                except (OSError, RuntimeError, ValueError):
                    continue
    return known()


def _rc() -> dict[str, Any]:
    font = cjk_font()
    return {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "font.size": 9,
            "svg.fonttype": "path", "axes.unicode_minus": False, "text.parse_math": False,
            "axes.spines.top": False, "axes.spines.right": False}


def _svg(fig: Any, label: str, salt: str) -> str:
    """The figure as an inline <svg> element that scales with the page."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)  # RDF about matplotlib, not the chart
    m = re.match(r'<svg([^>]*?) width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if m:
        width = m.group(2)
        svg = (f'<svg{m.group(1)} class="chart" role="img" aria-label="{label}" '
               f'style="max-width:{width}pt"' + svg[m.end():])
    return svg


def _label(o: Outcome, cjk: bool) -> str:
    if not cjk and any(ord(c) > 0x2FFF for c in o.name):
        return o.id
    name = o.name if len(o.name) <= LABEL_CHARS else o.name[:LABEL_CHARS - 1] + "…"
    return f"{o.id} {name}"


def _day(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def timeline_svg(report: MeetingReport) -> str | None:
    """Each outcome a row; each dated piece of evidence a dot coloured by the status it
    reports (follow-ups as diamonds); the meeting's dates shaded. None: nothing dated."""
    from matplotlib import dates as mdates
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    rows = [o for o in report.outcomes if o.steps or any(e.later and _day(e.date) for e in o.evidence)][:MAX_ROWS]
    if not rows:
        return None
    cjk = cjk_font() is not None
    with rc_context(_rc()):
        fig = Figure(figsize=(WIDTH_IN, 0.9 + ROW_IN * len(rows)))
        ax = fig.add_subplot()
        seen: dict[str, str] = {}
        for y, o in enumerate(reversed(rows)):
            days = [d for d in (_day(e.date) for e in o.evidence) if d]
            ax.plot([min(days), max(days)], [y, y], color="#c9ced6", lw=1.2, zorder=1)
            for e in o.evidence:
                d = _day(e.date)
                if d is None:
                    continue
                kind = e.status or ("follow-up" if e.later else "reported")
                seen.setdefault(kind, colour(kind))
                ax.scatter([d], [y], s=22, color=colour(kind), zorder=2, marker="D" if e.later else "o",
                           edgecolors="white", linewidths=0.5)
            for st in o.steps:  # the status the evidence of a date adds up to: big, labelled
                d = _day(st["date"])
                if d is None:
                    continue
                seen.setdefault(st["status"], colour(st["status"]))
                ax.scatter([d], [y], s=70, color=colour(st["status"]), zorder=3, edgecolors="white", linewidths=0.8)
                ax.annotate(st["status"], (mdates.date2num(d), y), xytext=(6, 4), textcoords="offset points",
                            fontsize=7.5, color=colour(st["status"]), zorder=4)
        start, end = _day(report.meeting.start), _day(report.meeting.end or report.meeting.start)
        if start and end:
            ax.axvspan(mdates.date2num(start) - 0.5, mdates.date2num(end) + 0.5, color="#eef2f7", zorder=0)
        ax.set_yticks(range(len(rows)), [_label(o, cjk) for o in reversed(rows)])
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
        ax.margins(x=0.08)
        ax.grid(axis="x", color="#eceff3", lw=0.8)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        handles = [Line2D([], [], marker="D" if k == "follow-up" else "o", ls="", color=c, label=k)
                   for k, c in seen.items()]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(8, len(handles)),
                  frameon=False, handletextpad=0.2, columnspacing=1.0)
        return _svg(fig, "evidence timeline", f"{report.meeting.key}-timeline")


def status_svg(report: MeetingReport) -> str | None:
    """A horizontal bar per status: how many outcomes are there now. None: no outcomes."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    items = sorted(report.summary.by_status.items(), key=lambda kv: (-kv[1], kv[0]))
    if not items:
        return None
    with rc_context(_rc()):
        fig = Figure(figsize=(3.6, 0.4 + 0.24 * len(items)))
        ax = fig.add_subplot()
        labels = [k for k, _ in reversed(items)]
        values = [v for _, v in reversed(items)]
        bars = ax.barh(labels, values, color=[colour(k) for k in labels], height=0.62)
        ax.bar_label(bars, padding=3, fontsize=8)
        ax.set_xlim(0, max(values) * 1.15 + 0.5)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        return _svg(fig, "outcomes by status", f"{report.meeting.key}-status")
