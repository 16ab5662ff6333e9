"""The ingest pipeline: stage order only, no stage logic.

For each input:

1. discover — walk the paths, read bytes, sha256, manifest entry
   (:mod:`scotrack.discover`); too-large/unreadable files become rejections;
2. skip — an input whose (path, sha256) is already stored is unchanged;
3. read — decode to ``text`` (:mod:`scotrack.readers`);
4. clean — ``clean_text``, offset map and flags (:mod:`scotrack.clean`);
5. describe — language, script, kind, date, title (:mod:`scotrack.metadata`);
6. extract — grounded registry mentions (:mod:`scotrack.extract`), and
   checks on them that become flags (:mod:`scotrack.checks`);
7. store — documents, mentions and rejections, written in atomic batches
   (:mod:`scotrack.store`), so a crash leaves whole batches only and the
   next run finishes the job.

Steps 3–6 are :func:`process`, a pure function of the input's bytes and
manifest entry, so they run wherever the engine says (:mod:`scotrack.engines`:
this machine's processes or a Dask cluster); step 7 stays in this process.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import checks, clean, discover, engines, extract, metadata, readers
from .errors import RejectedInput
from .model import Document, Flag, Found, Rejection, SourceFile
from .settings import Settings
from .store.base import Store

Outcome = str  # "ingested" | "new-version" | "unchanged" | "rejected"
ProgressFn = Callable[[str, Outcome], None]


@dataclass(slots=True)
class IngestSummary:
    ingested: int = 0
    new_versions: int = 0
    unchanged: int = 0
    rejected: int = 0
    chars: int = 0
    flags: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def usable(self) -> int:
        return self.ingested + self.new_versions + self.unchanged

    @property
    def exit_code(self) -> int:
        """0 all ok, 1 some rejected, 2 nothing usable."""
        if self.rejected and not self.usable:
            return 2
        return 1 if self.rejected else 0


def process(source: SourceFile) -> Document:
    """Stages 3–6 for one input. Raises RejectedInput when it cannot be used."""
    loaded = readers.read(source)
    cleaned = clean.clean(loaded.text)
    meta = metadata.infer_meta(source, loaded, cleaned.clean_text)
    doc = Document(source, loaded, meta, cleaned)
    extract_and_check(doc)
    return doc


def extract_and_check(doc: Document) -> None:
    """Stage 6 on one document: ``found`` and ``checks``. A bug in a rule
    costs neither the document nor the batch: it is noted in ``problems``."""
    try:
        doc.found = extract.extract_document(doc)
        doc.checks = checks.check(doc.found, doc.meta, doc)
    except Exception as e:
        doc.found, doc.checks = [], []
        doc.problems.append(f"{doc.source.path}: extraction failed ({type(e).__name__}: {e}); the document "
                            "is stored without registry records — run `scotrack extract` after upgrading")


def process_or_reject(source: SourceFile) -> Document | Rejection:
    try:
        return process(source)
    except RejectedInput as e:
        return Rejection(source.path, e.stage, e.reason, str(e), source.sha256, source.size)


def ingest(paths: Sequence[str], settings: Settings, store: Store,
           progress: ProgressFn | None = None) -> IngestSummary:
    """Run stages 1–7 over ``paths``; see the module docstring.

    Stages 3–6 run on the engine ``settings.engine`` names (local processes
    or a Dask cluster); results come back in input order and are written by
    this process alone, so the store sees the same writes whatever the engine
    and the number of workers."""
    started = time.perf_counter()
    summary = IngestSummary()
    found = discover.Discovery(paths, settings)
    batch: list[Document | Rejection] = []
    outcomes: list[str] = []

    def flush() -> None:
        store.write_batch(batch)
        for item, outcome in zip(batch, outcomes):
            _count(summary, item, outcome)
            if progress:
                progress(item.source.path if isinstance(item, Document) else item.path, outcome)
        batch.clear()
        outcomes.clear()

    def to_process() -> Iterator[tuple[SourceFile | Rejection, str]]:
        """Discovered inputs that need work, with new/changed; the store is
        asked about a chunk of inputs at a time, not one by one."""
        for chunk in _chunks(found, SEEN_CHUNK):
            files = [i for i in chunk if isinstance(i, SourceFile)]
            status = dict(zip(map(id, files), store.seen_many([(f.abspath, f.sha256) for f in files])))
            for item in chunk:
                if isinstance(item, Rejection):
                    yield item, "rejected"
                elif status[id(item)] == "unchanged":
                    summary.unchanged += 1
                    if progress:
                        progress(item.path, "unchanged")
                else:
                    yield item, status[id(item)]

    with found, engines.open_engine(settings, discover.count_inputs(list(paths))) as engine:
        for item, seen, result in engine.map(_stage_stripped, to_process(), lost=_lost, weight=_weight):
            result = _restored(result, item)
            batch.append(result)
            outcomes.append("rejected" if isinstance(result, Rejection) else
                            "new-version" if seen == "changed" else "ingested")
            if len(batch) >= settings.batch_size:
                flush()
    if batch:
        flush()
    summary.warnings.extend(found.warnings)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    mentions: int = 0
    kept: int = 0  # documents whose mentions were left as they were (see reextract)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


# What re-extraction sends back for one document: (found, checks, problems),
# or None when the engine got no result for it.
Reextracted = tuple[list[Found], list[Flag], list[str]] | None


def reextract(store: Store, settings: Settings, progress: Callable[[int], None] | None = None) -> ExtractSummary:
    """Stage 6 again over every stored document (after a rules upgrade), on the
    engine ``settings.engine`` names, from the stored text: the original
    files are not needed. Mentions and check flags of each document's latest
    version are replaced in batches; a document whose extraction failed, or
    whose worker died, keeps what it had, with a warning. ``progress`` gets
    each document's id as it is written."""
    started = time.perf_counter()
    summary = ExtractSummary()
    ids = store.document_ids()
    batch: list[tuple[int, list[Found], list[Flag]]] = []
    done: list[int] = []

    def flush() -> None:
        store.replace_mentions(batch)
        for doc_id in done:
            if progress:
                progress(doc_id)
        batch.clear()
        done.clear()

    def stored() -> Iterator[tuple[Document, int]]:
        for doc_id in ids:
            doc = store.load_document(doc_id)
            if doc is not None:
                doc.source = replace(doc.source, raw=b"")  # workers need the text, not the file
                yield doc, doc_id

    with engines.open_engine(settings, len(ids)) as engine:
        for doc, doc_id, result in engine.map(_reextract_stage, stored(), lost=_lost_extraction,
                                              weight=lambda d: 3 * len(d.text)):
            summary.documents += 1
            if result is None:
                summary.kept += 1
                summary.warnings.append(f"{doc.source.path}: no result from the engine; its mentions are kept")
            elif result[2] and not result[0]:  # extraction failed
                summary.kept += 1
                summary.warnings.extend(result[2])
                summary.warnings.append(f"{doc.source.path}: its earlier mentions are kept")
            else:
                found, checks, problems = result
                summary.warnings.extend(problems)
                batch.append((doc_id, found, checks))
                summary.mentions += len(found)
            done.append(doc_id)
            if len(done) >= settings.batch_size:
                flush()
    if done:
        flush()
    summary.seconds = time.perf_counter() - started
    return summary


def _reextract_stage(doc: Document) -> Reextracted:
    extract_and_check(doc)
    return doc.found, doc.checks, doc.problems


def _lost_extraction(doc: Document, why: str) -> Reextracted:
    return None


# Inputs looked up in the store at once before processing (see ingest).
SEEN_CHUNK = 32


def _chunks(items: Iterator[Any] | discover.Discovery, n: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stage(item: SourceFile | Rejection) -> Document | Rejection:
    return item if isinstance(item, Rejection) else process_or_reject(item)


def _stage_stripped(item: SourceFile | Rejection) -> Document | Rejection:
    """:func:`_stage` as engines run it: the raw bytes are not sent back (this
    process has them, see :func:`_restored`), which halves what crosses the
    process or network boundary."""
    out = _stage(item)
    if isinstance(out, Document):
        out.source = replace(out.source, raw=b"")
    return out


def _restored(out: Document | Rejection, item: SourceFile | Rejection) -> Document | Rejection:
    if isinstance(out, Document) and isinstance(item, SourceFile):
        out.source = item  # the raw bytes, as read here
    return out


def _weight(item: SourceFile | Rejection) -> int:
    return item.size if isinstance(item, SourceFile) else 0


def _lost(item: SourceFile | Rejection, why: str) -> Rejection:
    """An input the engine got no result for (its worker died on every try):
    stored as a rejection, so the batch goes on and the next run tries again."""
    if isinstance(item, Rejection):
        return item
    return Rejection(item.path, "process", "worker-died", f"{item.path}: {why}", item.sha256, item.size)


def _count(summary: IngestSummary, item: Document | Rejection, outcome: str) -> None:
    if isinstance(item, Rejection):
        summary.rejected += 1
        summary.rejections.append(item)
        return
    if outcome == "new-version":
        summary.new_versions += 1
    else:
        summary.ingested += 1
    summary.chars += len(item.text)
    summary.flags.update(f.kind for f in item.flags)
    summary.warnings.extend(item.problems)
