"""Reports as one self-contained HTML page: inline CSS, inline SVG charts, no
external fonts, scripts or links.

Documents are untrusted: every piece of their text (titles, sentences, flag
details, names) goes through :func:`esc`, so a title holding ``<script>``
shows as text. The page has no script of its own.
"""

from __future__ import annotations

from html import escape

from . import charts, scoring
from .model import TYPE_LABEL, TYPES, MeetingReport, Outcome, rules

TYPE_ZH = {"outcome_documents": "文件", "institutions": "机构", "initiatives": "倡议", "commitments": "承诺"}
SCORE_WORD = {1: "implemented", 0: "in progress", -1: "no evidence"}
KIND_COLOUR = {"official": "#1f6b3b", "news": "#2f6fa3", "reference": "#6b6f76", "self-media": "#b5582b",
               "unknown": "#8c8c8c"}

CSS = """
:root{--ink:#1d2430;--muted:#5f6b7a;--line:#e3e7ed;--bg:#f6f7f9;--card:#fff;--accent:#2f6fa3}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
 font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB",
 "Microsoft YaHei","WenQuanYi Micro Hei",system-ui,-apple-system,"Segoe UI",sans-serif;
 font-size:15px;line-height:1.7;-webkit-font-smoothing:antialiased}
main{max-width:1180px;margin:0 auto;padding:28px 28px 60px}
h1{font-size:26px;line-height:1.35;margin:4px 0 6px;font-weight:700;letter-spacing:.02em}
h2{font-size:18px;margin:34px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:0 0 6px;line-height:1.5}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.eyebrow{margin:0;color:var(--muted);font-size:13px;letter-spacing:.04em;text-transform:uppercase}
.meta{margin:0;color:var(--muted)}
article.meeting{background:var(--card);border:1px solid var(--line);border-radius:10px;
 padding:26px 30px;margin:0 0 34px;box-shadow:0 1px 2px rgba(20,30,50,.04)}
.cards{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start;margin-top:18px}
.card{flex:1 1 150px;border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:#fbfcfd}
.card .n{font-size:28px;font-weight:700;line-height:1.2}.card .l{color:var(--muted);font-size:13px}
.card.chart-card{flex:2 1 340px}
.rules{margin-top:18px;background:#f8fafc;border:1px solid var(--line);border-radius:8px;padding:10px 16px}
.rules summary{cursor:pointer;font-weight:600}.rules p{margin:6px 0}.rules ul{margin:4px 0 6px;padding-left:20px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em;
 background:#fafbfc;position:sticky;top:0}
tbody tr:nth-child(even){background:#fbfcfd}tbody tr:hover{background:#f1f5fa}
td.num{text-align:right;white-space:nowrap}td.id{white-space:nowrap;color:var(--muted);font-size:13px}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12.5px;line-height:1.6;
 color:#fff;white-space:nowrap;font-weight:600}
.tag{display:inline-block;padding:0 7px;border-radius:4px;font-size:12px;border:1px solid var(--line);
 color:var(--muted);white-space:nowrap;background:#fff}
.tag.kind{color:#fff;border:0}.tag.flag{color:#9a3412;border-color:#fed7aa;background:#fff7ed}
.tag.later{color:#8a5a00;border-color:#f5d98b;background:#fffaeb}
.outcome{border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0;background:#fff}
.outcome .why{color:var(--muted);margin:2px 0 8px}
.steps{margin:6px 0 10px}.steps .arrow{color:var(--muted);margin:0 6px}
.sentence{font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",serif;font-size:15px}
mark{background:#fff1a8;padding:0 1px;border-radius:2px}
.src{font-size:13px}.src .t{display:block;color:var(--ink)}
.chart{width:100%;height:auto;display:block;margin:6px 0}
.note{color:var(--muted);font-size:13px}
nav.toc{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 22px;margin-bottom:24px}
nav.toc ol{margin:6px 0;padding-left:22px}
footer{color:var(--muted);font-size:12.5px;text-align:center;margin-top:20px}
"""


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return escape(str(value if value is not None else ""), quote=True)


def badge(status: str) -> str:
    return f'<span class="badge" style="background:{charts.colour(status)}">{esc(status)}</span>'


def score_badge(score: int) -> str:
    return (f'<span class="badge" style="background:{charts.SCORE_COLOUR[score]}">'
            f"{scoring.score_text(score)} {SCORE_WORD[score]}</span>")


def kind_tag(kind: str) -> str:
    return f'<span class="tag kind" style="background:{KIND_COLOUR.get(kind, "#8c8c8c")}">{esc(kind)}</span>'


def render_html(reports: list[MeetingReport]) -> str:
    title = reports[0].meeting.name if len(reports) == 1 else "SCO implementation reports"
    body = [f'<p class="eyebrow">scotrack · implementation report{"s" if len(reports) != 1 else ""}</p>']
    if len(reports) > 1:
        body.append('<nav class="toc"><strong>Meetings</strong><ol>' + "".join(
            f'<li><a href="#{esc(r.meeting.id)}">{esc(r.meeting.name)}</a> '
            f'<span class="note">{esc(r.meeting.dates)} · {r.summary.outcomes} outcomes</span></li>'
            for r in reports) + "</ol></nav>")
    body += [_meeting(r) for r in reports] or ["<p>No meetings in the store.</p>"]
    if charts.cjk_font() is None:
        body.append('<p class="note">No CJK font was found on the machine that made this page '
                    "(install fonts-noto-cjk): chart labels show record ids.</p>")
    body.append("<footer>Made by scotrack from the documents in its store; quotations are as stored, "
                "scores follow the rule stated in each report.</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _rules_box() -> str:
    r = rules()
    items = "".join(
        f"<li><strong>{TYPE_LABEL[t]}s</strong> ({TYPE_ZH[t]}): "
        + "; ".join(f"<strong>{esc(x['score'])}</strong> when {esc(x['when'])}" for x in r["types"][t]) + "</li>"
        for t in TYPES)
    return (f'<details class="rules" open><summary>How the score works</summary><p>{esc(r["intro"])}</p>'
            f"<ul>{items}</ul></details>")


def _meeting(r: MeetingReport) -> str:
    m, s = r.meeting, r.summary
    avg = "n/a" if s.average is None else f"{s.average:+.2f}".replace("-", "−")
    out = [f'<article class="meeting" id="{esc(m.id)}">',
           f'<header><p class="eyebrow">{esc(m.key)} · {esc(m.id)}</p><h1>{esc(m.name)}</h1>'
           f'<p class="meta">{esc(m.dates)} · {esc(m.city or "?")}，{esc(m.country or "?")} · '
           f"{badge(m.status or 'unknown')}</p></header>"]
    cards = [f'<div class="card"><div class="n">{s.outcomes}</div><div class="l">outcomes</div></div>',
             f'<div class="card"><div class="n">{esc(avg)}</div><div class="l">average score (−1 … +1)</div></div>',
             '<div class="card">' + "<br>".join(
                 f'{score_badge(k)} <strong>{s.by_score[{1: "+1", 0: "0", -1: "-1"}[k]]}</strong>'
                 for k in (1, 0, -1)) + "</div>"]
    status_chart = charts.status_svg(r)
    if status_chart:
        cards.append(f'<div class="card chart-card">{status_chart}</div>')
    out.append('<section class="cards">' + "".join(cards) + "</section>")
    out.append(_rules_box())
    if not r.outcomes:
        out.append('<p class="note">No outcome of this meeting is recorded in the store.</p></article>')
        return "\n".join(out)
    out += ["<h2>Outcomes</h2>", _table(r)]
    timeline = charts.timeline_svg(r)
    if timeline:
        out += ["<h2>Evidence over time</h2>", '<p class="note">Outcomes with a status step or a follow-up; '
                "big dots: the status the evidence of that date adds up to; diamonds: evidence after the "
                "meeting. Outcomes known only from reports of the meeting itself are in the table above.</p>",
                timeline]
    out.append("<h2>Evidence</h2>")
    out += [_outcome(m.id, o) for o in r.outcomes]
    out.append("</article>")
    return "\n".join(out)


def _table(r: MeetingReport) -> str:
    rows = []
    for o in r.outcomes:
        dates = sorted(e.date for e in o.evidence if e.date)
        span = f"{dates[0]} – {dates[-1]}" if dates and dates[0] != dates[-1] else (dates[0] if dates else "")
        docs = len({e.doc for e in o.evidence})
        flags = "".join(f'<span class="tag flag">{esc(k)}</span> ' for k in sorted({f.kind for f in o.flags}))
        rows.append(f'<tr><td class="id"><a href="#{esc(r.meeting.id)}-{esc(o.id)}">{esc(o.id)}</a></td>'
                    f"<td>{TYPE_ZH[o.type]}<br><span class=\"note\">{TYPE_LABEL[o.type]}</span></td>"
                    f"<td>{esc(o.name)}</td><td>{badge(o.status)}</td><td>{score_badge(o.score)}</td>"
                    f'<td class="num">{docs} doc{"s" if docs != 1 else ""}<br><span class="note">{esc(span)}</span></td>'
                    f"<td>{len({f.doc for f in o.follow_ups}) or ''}</td><td>{flags}</td></tr>")
    return ("<table><thead><tr><th>id</th><th>type</th><th>outcome</th><th>status</th><th>score</th>"
            "<th>evidence</th><th>follow-ups</th><th>flags</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _outcome(meeting_id: str, o: Outcome) -> str:
    out = [f'<div class="outcome" id="{esc(meeting_id)}-{esc(o.id)}">',
           f'<h3>{esc(o.name)} <span class="note">{esc(o.id)} · {TYPE_ZH[o.type]}</span></h3>',
           f'<div>{badge(o.status)} {score_badge(o.score)}</div><p class="why">{esc(o.reason)}</p>']
    if o.steps:
        out.append('<div class="steps">' + '<span class="arrow">→</span>'.join(
            f'{badge(st["status"])} <span class="note">{esc(st["date"] or "?")} · {esc(", ".join(st["docs"]))}</span>'
            for st in o.steps) + "</div>")
    rows = []
    for e in o.evidence:
        says = badge(e.status) if e.status else ""
        later = ' <span class="tag later">follow-up</span>' if e.later else ""
        times = f' <span class="note">×{e.count}</span>' if e.count > 1 else ""
        rows.append(f'<tr><td class="id">{esc(e.date or "undated")}{later}</td>'
                    f'<td class="src"><span class="t">{esc(e.title)}</span>{esc(e.doc)} {kind_tag(e.kind)}</td>'
                    f"<td>{says}</td><td class=\"sentence\">{esc(e.before)}<mark>{esc(e.mention)}</mark>"
                    f"{esc(e.after)}{times}</td></tr>")
    if rows:
        out.append("<table><thead><tr><th>date</th><th>source</th><th>says</th><th>sentence</th></tr></thead>"
                   "<tbody>" + "".join(rows) + "</tbody></table>")
    if o.follow_ups:
        out.append('<p><strong>Follow-ups:</strong> ' + "; ".join(
            f'{esc(f.date or "?")} {esc(f.doc)} “{esc(f.title)}” {kind_tag(f.kind)}'
            + (f" at {esc(f.meeting)}" if f.meeting else "") for f in o.follow_ups) + "</p>")
    if o.flags:
        out.append('<p><strong>Flags on these mentions:</strong> ' + "; ".join(
            f'<span class="tag flag">{esc(f.kind)}</span> {esc(f.doc)}: {esc(f.detail)}' for f in o.flags) + "</p>")
    for n in o.notes:
        out.append(f'<p class="note">⚠ {esc(n)}</p>')
    out.append("</div>")
    return "\n".join(out)
