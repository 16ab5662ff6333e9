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
manifest entry.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import checks, clean, discover, extract, metadata, readers
from .errors import RejectedInput
from .model import Document, Rejection, SourceFile
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
    doc.found = extract.extract_document(doc)
    doc.checks = checks.check(doc.found, meta)
    return doc


def process_or_reject(source: SourceFile) -> Document | Rejection:
    try:
        return process(source)
    except RejectedInput as e:
        return Rejection(source.path, e.stage, e.reason, str(e), source.sha256, source.size)


def ingest(paths: Sequence[str], settings: Settings, store: Store,
           progress: ProgressFn | None = None) -> IngestSummary:
    """Run stages 1–7 over ``paths``; see the module docstring."""
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

    for item in found:
        if isinstance(item, Rejection):
            batch.append(item)
            outcomes.append("rejected")
        else:
            seen = store.seen(item.abspath, item.sha256)
            if seen == "unchanged":
                summary.unchanged += 1
                if progress:
                    progress(item.path, "unchanged")
                continue
            result = process_or_reject(item)
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
