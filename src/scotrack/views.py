"""Terminal views for the CLI: progress, summaries, document display."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .errors import ConfigError
from .model import REMOVING_FLAGS
from .pipeline import IngestSummary
from .store.base import DocumentRow

_STYLE = {"ingested": "green", "new-version": "cyan", "unchanged": "dim", "rejected": "red"}


class IngestProgress:
    """A rich progress bar fed by ``pipeline.ingest``'s progress callback."""

    def __init__(self, console: Console, total: int, enabled: bool = True, label: str = "ingest"):
        self.progress = Progress(
            TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[last]}", style="dim"), TimeRemainingColumn(),
            console=console, disable=not enabled, transient=False,
        )
        self.task = self.progress.add_task("ingest", total=total or None, last="")

    def __enter__(self) -> IngestProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, path: str, outcome: str) -> None:
        name = path.rsplit("/", 1)[-1][:40]
        self.progress.update(self.task, advance=1, last=f"{outcome}: {name}")


def print_summary(console: Console, s: IngestSummary, db: str) -> None:
    table = Table(title=f"ingest summary ({db})", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    for label, n in (("ingested", s.ingested), ("new versions", s.new_versions),
                     ("unchanged", s.unchanged), ("rejected", s.rejected)):
        table.add_row(Text(label, style=_STYLE.get(label.replace(" ", "-").rstrip("s"), "")), str(n))
    rate = s.chars / s.seconds if s.seconds else 0.0
    table.add_row("characters", f"{s.chars:,}")
    table.add_row("time", f"{s.seconds:.2f} s ({rate:,.0f} chars/s)")
    for kind, n in sorted(s.flags.items()):
        table.add_row(f"flags: {kind}", str(n))
    console.print(table)
    for r in s.rejections[:20]:
        detail = r.detail if r.detail.startswith(r.path) else f"{r.path}: {r.detail}"
        console.print(Text.assemble(("rejected ", "red"), detail), highlight=False, soft_wrap=True)
    if len(s.rejections) > 20:
        console.print(f"... and {len(s.rejections) - 20} more: scotrack list rejections --db {db}")
    for w in s.warnings[:10]:
        console.print(Text.assemble(("warning ", "yellow"), w), highlight=False, soft_wrap=True)


def document_rows(rows: list[DocumentRow]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        counts = r.flag_counts or {}
        if not counts:
            for f in r.flags:
                counts[str(f["kind"])] = counts.get(str(f["kind"]), 0) + 1
        kinds = [f"{k}×{n}" if n > 1 else k for k, n in sorted(counts.items())]
        out.append({"id": r.ref, "title": r.title or r.path.rsplit("/", 1)[-1], "date": r.published or "",
                    "language": r.language, "script": r.script or "", "kind": r.kind,
                    "flags": ", ".join(kinds), "version": r.version})
    return out


def parse_doc_ref(ref: str) -> int:
    m = re.fullmatch(r"[dD]?(\d+)", ref.strip())
    if not m:
        raise ConfigError(f"{ref!r} is not a document id; ids look like d3 (see `scotrack list documents`)")
    return int(m.group(1))


def show_document(console: Console, row: DocumentRow, *, only_clean: bool = False) -> None:
    if only_clean:
        console.print(row.clean_text, highlight=False, markup=False)
        return
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    for label, value in (("id", f"{row.ref} (version {row.version})"), ("path", row.path),
                         ("title", row.title), ("published", f"{row.published or '?'} ({row.published_source or 'unknown'})"),
                         ("language", f"{row.language} / {row.script or '-'}"),
                         ("kind", f"{row.kind} ({row.kind_reason})"), ("url", row.url),
                         ("format", f"{row.format}, {row.encoding or '-'}, {row.size:,} bytes"),
                         ("sha256", row.sha256)):
        meta.add_row(label, Text(str(value or "")))
    console.print(Panel(meta, title="document", title_align="left"))
    if row.flags:
        flags = Table(title="flags", title_justify="left")
        for col in ("kind", "start", "end", "detail"):
            flags.add_column(col, overflow="fold")
        for f in row.flags:
            flags.add_row(str(f["kind"]), str(f["start"]), str(f["end"]), Text(str(f["detail"])))
        console.print(flags)
    console.print(Text("text (removed parts in ⟦grey⟧):", style="bold"))
    console.print(marked_text(row))


def marked_text(row: DocumentRow) -> Text:
    """The full text, with what cleaning removed wrapped in ⟦…⟧ and greyed."""
    out = Text()
    pos = 0
    removed_reason = _removed_reasons(row)
    for start, end in row.offsets:
        if start > pos:
            out.append(_removed_piece(row.text[pos:start], removed_reason(pos)))
        out.append(row.text[start:end])
        pos = end
    if pos < len(row.text):
        out.append(_removed_piece(row.text[pos:], removed_reason(pos)))
    return out


def _removed_piece(piece: str, reason: str) -> Text:
    if not piece.strip():
        return Text(piece)
    label = f"⟦{reason}: " if reason else "⟦"
    return Text(label + piece.rstrip("\n") + "⟧" + "\n" * (len(piece) - len(piece.rstrip("\n"))),
                style="dim strike")


def _removed_reasons(row: DocumentRow) -> Any:
    spans = [(int(f["start"]), int(f["end"]), str(f["kind"])) for f in row.flags
             if f["kind"] in REMOVING_FLAGS]

    def reason(at: int) -> str:
        for s, e, kind in spans:
            if s <= at + 2 and at <= e:
                return kind
        for s, e, kind in spans:
            if at <= s < at + 200:
                return kind
        return ""

    return reason


# --- registry records -------------------------------------------------------

_RECORD_REF = re.compile(r"([monipcf])(\d+)")
_RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "meetings": ("body", "ordinal", "start", "end", "year", "city", "country", "status"),
    "outcome_documents": ("title", "type", "meeting"),
    "initiatives": ("name", "proposer"),
    "institutions": ("name", "kind", "status"),
    "people": ("name", "titles"),
    "commitments": ("text", "actor", "area", "meeting"),
    "figures": ("value", "unit", "about"),
}
_TYPE_OF_PREFIX = {"m": "meetings", "o": "outcome_documents", "i": "initiatives", "n": "institutions",
                   "p": "people", "c": "commitments", "f": "figures"}


def is_record_ref(ref: str) -> bool:
    return bool(_RECORD_REF.fullmatch(ref.strip().lower()))


def record_rows(rtype: str, recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in recs:
        row: dict[str, Any] = {"id": r["id"]}
        for col in _RECORD_COLUMNS[rtype]:
            v = r.get(col)
            row[col] = "; ".join(v) if isinstance(v, list) else v
        row["mentions"] = len(r["mentions"])
        row["documents"] = len({m["doc"] for m in r["mentions"]})
        rows.append(row)
    return rows


def show_record(console: Console, store: Any, registry: dict[str, list[dict[str, Any]]], ref: str) -> None:
    ref = ref.strip().lower()
    rtype = _TYPE_OF_PREFIX[ref[0]]
    rec = next((r for r in registry[rtype] if r["id"] == ref), None)
    if rec is None:
        raise ConfigError(f"no record {ref}; see `scotrack list {rtype.replace('outcome_documents', 'outcomes')}`")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for k, v in rec.items():
        if k in ("mentions", "id"):
            continue
        grid.add_row(k, Text("; ".join(map(str, v)) if isinstance(v, list) else str(v if v is not None else "")))
    from .cluster import support

    sup = support(store).get(rec["id"])
    if sup:
        grid.add_row("support", Text(f"{sup['stories']} independent stories in {sup['documents']} documents "
                                     f"({sup['mentions']} mentions)"))
    console.print(Panel(grid, title=f"{rec['id']} ({rtype.replace('_', ' ')})", title_align="left"))
    docs: dict[str, DocumentRow | None] = {}
    table = Table(title=f"{len(rec['mentions'])} mentions", title_justify="left", show_lines=True)
    for col in ("document", "date", "says", "sentence"):
        table.add_column(col, overflow="fold", ratio=3 if col == "sentence" else None)
    for m in rec["mentions"]:
        if m["doc"] not in docs:
            docs[m["doc"]] = store.get_document(parse_doc_ref(m["doc"]))
        doc = docs[m["doc"]]
        says = ", ".join(f"{k}={v}" for k, v in m.items() if k not in ("doc", "start", "end", "text"))
        table.add_row(f"{m['doc']} {(doc.title or '')[:20] if doc else ''}", (doc.published or "") if doc else "",
                      says, sentence_around(doc.text, m["start"], m["end"]) if doc else Text(m["text"]))
    console.print(table)


def sentence_around(text: str, start: int, end: int, reach: int = 120) -> Text:
    """The sentence holding ``text[start:end]``, with the mention highlighted."""
    lo = start
    while lo > 0 and start - lo < reach and text[lo - 1] not in "。！？!?\n":
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < reach and text[hi] not in "。！？!?\n":
        hi += 1
    if hi < len(text) and text[hi] in "。！？!?":
        hi += 1
    out = Text(text[lo:start].lstrip())
    out.append(text[start:end], style="bold reverse")
    out.append(text[end:hi])
    return out


# --- timelines ----------------------------------------------------------------

_STATUS_STYLE = {"proposed": "blue", "decided": "cyan", "preparing": "yellow", "established": "green",
                 "operating": "bold green", "held": "green", "scheduled": "yellow"}


def show_timeline(console: Console, store: Any, tl: Any) -> None:
    """Steps, then every signal with its sentence, then notes and follow-ups."""
    docs: dict[str, DocumentRow | None] = {}

    def doc(ref: str) -> DocumentRow | None:
        if ref not in docs:
            docs[ref] = store.get_document(parse_doc_ref(ref))
        return docs[ref]

    head = Text.assemble((f"{tl.record_id} ", "bold"), (tl.key, "bold"), f"  ({tl.type.replace('_', ' ')})")
    if tl.status:
        head.append("  now: ")
        head.append(tl.status, style=_STATUS_STYLE.get(tl.status, ""))
    console.print(head)
    if tl.steps:
        path = Text()
        for i, st in enumerate(tl.steps):
            if i:
                path.append("  →  ")
            path.append(st.status, style=_STATUS_STYLE.get(st.status, ""))
            path.append(f" ({st.date or '?'}, {', '.join(st.docs)})", style="dim")
        console.print(path)
    table = Table(title=f"{len(tl.signals)} signals, by event date", title_justify="left", show_lines=True)
    for col in ("date", "document", "source", "says", "sentence"):
        table.add_column(col, overflow="fold", ratio=3 if col == "sentence" else None)
    for s in tl.signals:
        d = doc(s.doc)
        table.add_row(s.date or "?", f"{s.doc} {(d.title or '')[:18] if d else ''}", s.kind,
                      Text(s.status or "", style=_STATUS_STYLE.get(s.status or "", "")),
                      sentence_around(d.text, s.start, s.end) if d else Text(s.text))
    console.print(table)
    for note in tl.notes:
        console.print(Text.assemble(("note ", "yellow"), note), highlight=False)
    if tl.origin:
        console.print(Text.assemble(("made at ", "bold"), tl.origin))
    for fu in tl.follow_ups:
        console.print(Text.assemble(("followed up ", "bold"), f"{fu['meeting']} ({fu['date'] or '?'}) in "
                                    f"{', '.join(fu['docs'])}"))
