"""The ``scotrack`` command: a thin click group over the library.

Every command takes ``--db`` (default ``scotrack.db``, or ``SCOTRACK_DB``)
and ``--debug``. Errors print one line and exit non-zero: 1 for a failed
command or some rejected inputs, 2 for a usage error or nothing usable.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import ConfigError, ScotrackError
from .settings import ENGINES, SETTINGS, Settings

console = Console()
err_console = Console(stderr=True)

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_HELP = {s.name: s.help for s in SETTINGS}


class ScotrackGroup(click.Group):
    """Turns ScotrackError into one line and an exit code (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScotrackError as e:
            if ctx.meta.get("scotrack.debug"):
                raise
            err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
            ctx.exit(2 if isinstance(e, ConfigError) else 1)
        except KeyboardInterrupt:
            err_console.print("interrupted: what was stored so far is kept; run the same command again to finish")
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as e:  # a bug: say so, briefly, unless --debug
            if ctx.meta.get("scotrack.debug"):
                raise
            err_console.print(f"[bold red]internal error:[/] {type(e).__name__}: {e} "
                              "(run again with --debug for the traceback and report it)", highlight=False)
            ctx.exit(1)


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta["scotrack.debug"] = True
    return value


def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --debug, shared by every command."""
    f = click.option("--debug", is_flag=True, default=False, expose_value=False, is_eager=True,
                     callback=_set_debug, help=_HELP["debug"])(f)
    f = click.option("--db", "db", default=None, metavar="PATH|URL",
                     help=_HELP["db"] + " [default: scotrack.db, env SCOTRACK_DB]")(f)
    return f


def engine_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--progress, --workers, --engine and --scheduler: commands that run stages on an engine."""
    f = click.option("--scheduler", default=None, metavar="ADDRESS",
                     help=_HELP["scheduler"] + " [env SCOTRACK_SCHEDULER]")(f)
    f = click.option("--engine", type=click.Choice(ENGINES), default=None,
                     help=_HELP["engine"] + " [default: local, env SCOTRACK_ENGINE]")(f)
    f = click.option("--workers", type=int, default=None, help=_HELP["workers"])(f)
    f = click.option("--progress/--no-progress", default=None, help=_HELP["progress"])(f)
    return f


def settings_from(**given: Any) -> Settings:
    return Settings.build(**given)


def with_store(f: Callable[..., Any]) -> Callable[..., Any]:
    """Open the store named by --db, pass it as ``store``, close it after."""

    @functools.wraps(f)
    def wrapper(db: str | None, **kw: Any) -> Any:
        from .store import open_store

        settings = settings_from(db=db)
        store = open_store(settings.db)
        try:
            return f(store=store, settings=settings, **kw)
        finally:
            store.close()

    return wrapper


@click.group(cls=ScotrackGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="scotrack")
@click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
              help=_HELP["debug"])
def cli() -> None:
    """Turn SCO documents into a grounded, tracked registry.

    \b
    Example:
        scotrack ingest ../shared/corpus
        scotrack list documents
        scotrack show d3
        scotrack search 开发银行
        scotrack export --format json --output registry.json
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@store_options
@click.option("--max-bytes", type=int, default=None, help=_HELP["max_bytes"])
@click.option("--batch-size", type=int, default=None, help=_HELP["batch_size"])
@engine_options
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], db: str | None, max_bytes: int | None,
           batch_size: int | None, progress: bool | None, workers: int | None, engine: str | None,
           scheduler: str | None) -> None:
    """Read files and folders into the store (re-ingest is a no-op).

    Reads .txt/.md (any common encoding), .html/.htm and .pdf, with a
    manifest.jsonl or manifest.csv beside them. Exit 0: all ingested or
    unchanged; 1: some rejected; 2: nothing usable.

    \b
    Example:
        scotrack ingest ../shared/corpus --db corpus.db
        scotrack ingest feeds/ --engine dask --scheduler tcp://sched:8786 --db postgresql://…
    """
    from . import discover, pipeline
    from .store import open_store
    from .views import IngestProgress, print_summary

    settings = settings_from(db=db, max_bytes=max_bytes, batch_size=batch_size, progress=progress,
                             workers=workers, engine=engine, scheduler=scheduler,
                             debug=ctx.meta.get("scotrack.debug") or None)
    discover.check_paths(list(paths))
    store = open_store(settings.db)
    try:
        total = discover.count_inputs(list(paths))
        with IngestProgress(err_console, total, enabled=settings.progress) as bar:
            summary = pipeline.ingest(list(paths), settings, store, progress=bar.advance)
    finally:
        store.close()
    print_summary(err_console, summary, store.url)
    ctx.exit(summary.exit_code)


@cli.group(name="list", cls=ScotrackGroup, context_settings=CONTEXT_SETTINGS)
def list_() -> None:
    """List what the store holds: documents or rejections."""


def output_format(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="Output format.")(f)


@list_.command(name="documents")
@store_options
@output_format
@click.option("--kind", default=None, help="Only this kind (official, news, self-media, reference, unknown).")
@click.option("--language", default=None, help="Only this language (zh, en, mixed).")
@click.option("--flag", "flagged", default=None, help="Only documents with a flag of this kind.")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@with_store
def list_documents(store: Any, settings: Settings, fmt: str, kind: str | None, language: str | None,
                   flagged: str | None, limit: int | None) -> None:
    """Documents: id, title, date, language, script, kind, flags.

    \b
    Example:
        scotrack list documents --kind news --format csv
    """
    from .views import document_rows

    rows = store.list_documents(kind=kind, language=language, flagged=flagged, limit=limit)
    emit(document_rows(rows), fmt, title=f"{len(rows)} documents")


@list_.command(name="rejections")
@store_options
@output_format
@with_store
def list_rejections(store: Any, settings: Settings, fmt: str) -> None:
    """Inputs that could not be ingested, with the reason.

    \b
    Example:
        scotrack list rejections
    """
    rows = [{"path": r.path, "stage": r.stage, "reason": r.reason, "detail": r.detail, "at": r.at}
            for r in store.list_rejections()]
    emit(rows, fmt, title=f"{len(rows)} rejections")


@cli.command()
@click.argument("ref", metavar="ID")
@store_options
@click.option("--clean", "only_clean", is_flag=True, help="Print only the clean text.")
@click.option("--version", "version", type=int, default=None, help="An earlier version of the document.")
@with_store
def show(store: Any, settings: Settings, ref: str, only_clean: bool, version: int | None) -> None:
    """A document (d3) or a registry record (m1, o2, n3, p1, c4, f2, i1).

    A document shows its metadata, flags and text with removed parts marked; a
    record its attributes and every mention with the sentence around it.

    \b
    Example:
        scotrack show d3
        scotrack show n1
    """
    from .views import is_record_ref, parse_doc_ref, show_document, show_record

    if is_record_ref(ref):
        from .export import registry

        show_record(console, store, registry(store), ref)
        return
    row = store.get_document(parse_doc_ref(ref), version=version)
    if row is None:
        raise ConfigError(f"no document {ref} in {store.url}; see `scotrack list documents`")
    show_document(console, row, only_clean=only_clean)


RECORD_COMMANDS = {"meetings": "meetings", "outcomes": "outcome_documents", "initiatives": "initiatives",
                   "institutions": "institutions", "people": "people", "commitments": "commitments",
                   "figures": "figures"}


def _record_list_command(name: str, rtype: str) -> None:
    @list_.command(name=name, help=f"""Registry {rtype.replace('_', ' ')} with their attributes and mention counts.

    \b
    Example:
        scotrack list {name} --format csv
    """)
    @store_options
    @output_format
    @click.option("--doc", "doc_ref", default=None, help="Only records mentioned in this document (e.g. d3).")
    @with_store
    def command(store: Any, settings: Settings, fmt: str, doc_ref: str | None) -> None:
        from .export import registry
        from .views import parse_doc_ref, record_rows

        recs = registry(store)[rtype]
        if doc_ref:
            want = f"d{parse_doc_ref(doc_ref)}"
            recs = [r for r in recs if any(m["doc"] == want for m in r["mentions"])]
        emit(record_rows(rtype, recs), fmt, title=f"{len(recs)} {rtype.replace('_', ' ')}")

    command.__name__ = f"list_{name}"


for _name, _rtype in RECORD_COMMANDS.items():
    _record_list_command(_name, _rtype)


@cli.command()
@store_options
@click.option("--batch-size", type=int, default=None, help=_HELP["batch_size"])
@engine_options
@click.pass_context
def extract(ctx: click.Context, db: str | None, batch_size: int | None, progress: bool | None,
            workers: int | None, engine: str | None, scheduler: str | None) -> None:
    """Re-run extraction over every stored document (after an upgrade).

    Reads the stored text, so the original files are not needed. Runs on
    the same engines as ingest (--workers, --engine dask). A document whose
    extraction fails keeps its earlier mentions.

    \b
    Example:
        scotrack extract --db corpus.db
        scotrack extract --db postgresql://… --engine dask --scheduler tcp://sched:8786
    """
    from .pipeline import reextract
    from .store import open_store
    from .views import IngestProgress

    settings = settings_from(db=db, batch_size=batch_size, progress=progress, workers=workers, engine=engine,
                             scheduler=scheduler, debug=ctx.meta.get("scotrack.debug") or None)
    store = open_store(settings.db)
    try:
        total = len(store.document_ids())
        with IngestProgress(err_console, total, enabled=settings.progress, label="extract") as bar:
            summary = reextract(store, settings, progress=lambda doc_id: bar.advance(f"d{doc_id}", "extracted"))
    finally:
        store.close()
    for problem in summary.warnings:
        err_console.print(Text.assemble(("warning ", "yellow"), problem), highlight=False)
    kept = f"; {summary.kept} kept their earlier mentions" if summary.kept else ""
    err_console.print(f"extracted {summary.mentions} mentions from {summary.documents} documents{kept} "
                      f"in {summary.seconds:.1f} s")


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@store_options
@click.option("--min-f1", type=float, default=None, help="Exit 1 when micro-F1 is below this.")
@click.pass_context
def eval_(ctx: click.Context, gold_dir: str, db: str | None, min_f1: float | None) -> None:
    """Score the store's registry against gold annotations (same figures as score.py).

    \b
    Example:
        scotrack eval ../shared/gold --db corpus.db
    """
    import io

    from .evaluate import load_gold, report_lines, score
    from .export import write_json
    from .store import open_store

    store = open_store(settings_from(db=db).db)
    try:
        buf = io.StringIO()
        write_json(store, buf)
    finally:
        store.close()
    sc = score(json.loads(buf.getvalue()), load_gold(gold_dir))
    for line in report_lines(sc):
        click.echo(line)
    if min_f1 is not None and sc.micro()[2] < min_f1:
        ctx.exit(1)


@cli.command()
@click.argument("query")
@store_options
@output_format
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many hits.")
@with_store
def search(store: Any, settings: Settings, query: str, fmt: str, limit: int) -> None:
    """Full-text search of the clean texts (Simplified or Traditional).

    \b
    Example:
        scotrack search 开发银行
    """
    if not query.strip():
        raise ConfigError("empty query; give a word or phrase, e.g. scotrack search 开发银行")
    hits = store.search(query, limit=limit)
    rows = [{"id": f"d{h.doc_id}", "title": h.title or "", "at": h.start, "snippet": h.snippet,
             "path": h.path} for h in hits]
    emit(rows, fmt, title=f"{len(rows)} documents match “{query}”")


@cli.command()
@store_options
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Export format (contract scotrack.registry/1).")
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - for standard output.")
@click.option("--indent", type=int, default=None, help="Pretty-print with this indent.")
@with_store
def export(store: Any, settings: Settings, fmt: str, output: str, indent: int | None) -> None:
    """Write the whole registry as JSON (contract scotrack.registry/1).

    \b
    Example:
        scotrack export --format json --output registry.json
    """
    from .export import write_json

    if output == "-":
        write_json(store, sys.stdout, indent=indent)
        return
    try:
        with open(output, "w", encoding="utf-8") as out:
            n = write_json(store, out, indent=indent)
    except OSError as e:
        raise ConfigError(f"cannot write {output}: {e.strerror}; check the folder exists") from None
    err_console.print(f"wrote {n} documents to {output}")


@cli.command()
@click.argument("ref", metavar="ID")
@store_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
@with_store
def timeline(store: Any, settings: Settings, ref: str, fmt: str) -> None:
    """A record's timeline: every status signal by event date, and follow-ups.

    For institutions, commitments, outcome documents, initiatives and
    meetings. Steps say what the evidence of each date adds up to; notes say
    where a weaker source moved the status.

    \b
    Example:
        scotrack timeline n20
    """
    from .track import timelines
    from .views import show_timeline

    tls = timelines(store.iter_linked())
    tl = tls.get(ref.strip().lower())
    if tl is None:
        raise ConfigError(f"no timeline for {ref}; ids look like n3 or c12 (see `scotrack list institutions`)")
    if fmt == "json":
        click.echo(json.dumps(tl.as_dict(), ensure_ascii=False, indent=1))
    else:
        show_timeline(console, store, tl)


@cli.command()
@store_options
@output_format
@click.option("--all", "show_all", is_flag=True, help="Also stories of a single document.")
@with_store
def stories(store: Any, settings: Settings, fmt: str, show_all: bool) -> None:
    """Stories: reposts, truncated copies and translations of one text, grouped.

    One row per story of two or more documents (--all: every story): its
    documents (the probable original first), their titles, the earliest
    date and the kinds of source that carried it.

    \b
    Example:
        scotrack stories --db corpus.db --format json
    """
    from .cluster import from_store

    found = from_store(store)
    shown = [s for s in found if show_all or len(s.docs) >= 2]

    def cell(values: list[str], sep: str) -> Any:  # lists in JSON, joined text in a table or CSV
        return values if fmt == "json" else sep.join(values)

    rows = [{"story": s.id, "documents": cell(s.docs, ", "),
             "titles": cell([s.titles[r] for r in s.docs], " | "), "earliest": s.earliest_date or "",
             "kinds": cell([s.kinds[r] for r in s.docs], ", ")} for s in shown]
    emit(rows, fmt, title=f"{len(shown)} stories of {len(found.story_of())} documents")


@cli.command()
@store_options
@output_format
@with_store
def doubts(store: Any, settings: Settings, fmt: str) -> None:
    """Everything flagged as doubtful: facts that contradict the reference data
    or another source, sums that do not add up, outdated titles or statuses,
    one body under two headings.

    \b
    Example:
        scotrack doubts --format csv
    """
    from .checks import registry_conflicts

    rows: list[dict[str, Any]] = []
    for c in registry_conflicts(store.iter_linked()):
        rows.append({"where": c.record_id, "kind": "sources-disagree", "detail": c.detail, "text": ""})
    for listed in store.list_documents(flagged="any"):
        doc = store.get_document(listed.id)
        for f in doc.flags:
            if f["kind"] in ("fact-conflict", "heading-body-mismatch", "suspected-typo"):
                rows.append({"where": doc.ref, "kind": f["kind"], "detail": f["detail"],
                             "text": " ".join(doc.text[int(f["start"]):int(f["end"])].split())[:60]})
    emit(rows, fmt, title=f"{len(rows)} doubts")


@cli.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default is this machine only.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-upload", is_flag=True, help="Allow adding documents from the browser (needs the token "
              "printed at start).")
def serve(db: str | None, host: str, port: int, allow_upload: bool) -> None:
    """The local web dashboard over the store (read-only by default).

    \b
    Example:
        scotrack serve --db corpus.db --port 8000
    """
    import uvicorn

    from .web import WebSettings, create_app

    settings = settings_from(db=db)
    web = WebSettings(db=settings.db, allow_upload=allow_upload, refresh="background")
    app = create_app(web)
    with err_console.status("building the registry from the store…"):
        snap = app.state.data.warm()
    err_console.print(f"registry: {sum(len(r) for r in snap.registry.values()):,} records from "
                      f"{snap.mentions:,} mentions in {len(snap.docs):,} documents ({snap.built_in:.1f} s)")
    err_console.print(f"scotrack dashboard on http://{host}:{port}/  (store: {app.state.data.store.url})")
    if allow_upload:
        err_console.print(f"uploads allowed; token: {web.upload_token}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]warning:[/] listening on {host}: anyone who can reach it can read the store")
    uvicorn.run(app, host=host, port=port, log_level="warning")


_FOLDED_COLUMNS = frozenset({"snippet", "detail"})
_SHRINKING_COLUMNS = frozenset({"title", "path", "flags", "name", "text", "about", "titles"})


@cli.command()
@store_options
@click.option("--meeting", default=None, metavar="ID|KEY",
              help="Only this meeting: its id (m1) or key (heads-of-state#25). Default: every meeting "
                   "with a recorded outcome.")
@click.option("--all", "per_meeting", is_flag=True,
              help="Every meeting, one file each inside --output DIR.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "csv", "json"]), default="md",
              show_default=True, help="md: Markdown; html: one self-contained page with charts; "
                                      "csv: one row per outcome; json: everything.")
@click.option("--output", "-o", default=None, metavar="FILE|DIR",
              help="Where to write (a folder: one file per meeting). Default: standard output.")
@with_store
def report(store: Any, settings: Settings, meeting: str | None, per_meeting: bool, fmt: str,
           output: str | None) -> None:
    """Implementation report per meeting: its outcomes, their status, evidence and score.

    Outcomes are the documents adopted there, institutions and initiatives
    created or proposed there and commitments made there. Each gets its
    current status, the dated evidence (document, source kind, sentence),
    follow-ups, flags on its mentions and a score: +1 implemented, 0 in
    progress, -1 no evidence after the decision (the rule is printed in the
    report).

    \b
    Example:
        scotrack report --meeting heads-of-state#25 --format html -o tianjin.html
        scotrack report --all --format md -o reports/
    """
    from .reports import build_reports, render, write_reports

    if meeting and per_meeting:
        raise ConfigError("give --meeting ID or --all, not both")
    reports = build_reports(store, meeting, skip_empty=not meeting)
    if output in (None, "-"):
        click.echo(render(reports, fmt), nl=False)
        return
    written = write_reports(reports, fmt, output, per_meeting=per_meeting)
    err_console.print(f"wrote {len(reports)} meeting report{'s' if len(reports) != 1 else ''} to "
                      + (str(written[0]) if len(written) == 1 else f"{len(written)} files in {output}"))


def emit(rows: list[dict[str, Any]], fmt: str, *, title: str = "") -> None:
    """Print rows as a table, JSON lines array, or CSV."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        if rows:
            w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    else:
        rows = [_compact(r) for r in rows]
        table = Table(title=title, title_justify="left", show_lines=False)
        cols = list(rows[0]) if rows else ["(none)"]
        widths = {c: max([len(c)] + [len(str(r.get(c) or "")) for r in rows]) for c in cols}
        fixed = sum(min(w, 24) for c, w in widths.items() if c not in _SHRINKING_COLUMNS | _FOLDED_COLUMNS)
        shrinking = [c for c in cols if c in _SHRINKING_COLUMNS]
        room = max(12, (console.width - fixed - 3 * len(cols) - 1) // max(1, len(shrinking)))
        for col in cols:
            if col in _FOLDED_COLUMNS:  # long prose: wrap it
                table.add_column(col, overflow="fold", ratio=1)
            elif col in _SHRINKING_COLUMNS:  # one line each, cut with … to fit the screen
                table.add_column(col, overflow="ellipsis", no_wrap=True, max_width=min(room, 60))
            else:  # short values: never squeeze them
                table.add_column(col, no_wrap=True, min_width=min(widths[col], 24))
        for r in rows:
            table.add_row(*(str(v) if v is not None else "" for v in r.values()))
        console.print(table)


def _compact(row: dict[str, Any]) -> dict[str, Any]:
    """A table row for a terminal: start/end/year become one "dates" column."""
    if "start" not in row or "end" not in row:
        return row
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k == "start":
            start, end = row.get("start") or "", row.get("end") or ""
            out["dates"] = start if start == end else f"{start}–{end[5:] if end[:4] == start[:4] else end}"
            out["dates"] = out["dates"] or str(row.get("year") or "")
        elif k not in ("end", "year"):
            out[k] = v
    return out


def main() -> None:
    cli(prog_name="scotrack")
