"""Find input files: walk the paths given, read each file's bytes, attach manifests.

``Discovery`` walks files and folders recursively in sorted name order and
lazily: one folder's names are listed at a time and a file's bytes are read
only when it is yielded. Hidden files and folders (``.name``) inside a
folder are skipped, as are the manifest files themselves. A path named on
the command line is always used, hidden or not.

A ``manifest.jsonl`` (one JSON object per line) or ``manifest.csv`` (header
row) in a folder describes the files of that folder, matched by file name::

    {"file": "000_x.txt", "url": "https://...", "published": "2025-09-01",
     "title": "...", "kind": "news"}

Every field but ``file`` is optional; ``published`` is normalised to an ISO
date. If both manifests exist, the JSONL entry wins for a file named in both.
A file named directly on the command line also gets its folder's manifest.
Broken manifest lines are skipped and described in ``Discovery.warnings``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence

from .errors import ConfigError
from .metadata import DOC_KINDS, normalize_date
from .model import ManifestEntry, Rejection, SourceFile
from .settings import Settings
from .walk_index import WalkIndex

MANIFEST_NAMES: tuple[str, ...] = ("manifest.jsonl", "manifest.csv")
_FIELDS = ("file", "url", "published", "title", "kind")
_MB = 1024 * 1024


def check_paths(paths: Sequence[str]) -> None:
    """Raise ``ConfigError`` for the first path that does not exist."""
    for p in paths:
        if not os.path.exists(p):
            raise ConfigError(f"no such file or folder: {p}")


def count_inputs(paths: Sequence[str]) -> int:
    """How many files ``discover`` would look at, from names only (no reading, no stat of sizes)."""
    total = 0
    for given in paths:
        if os.path.isdir(given):
            total += _count_dir(given, set())
        elif os.path.exists(given) and os.path.basename(given).lower() not in MANIFEST_NAMES:
            total += 1
    return total


def _count_dir(folder: str, visited: set[str]) -> int:
    real = os.path.realpath(folder)
    if real in visited:
        return 0
    visited.add(real)
    total = 0
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if _skipped_name(entry.name):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                total += _count_dir(entry.path, visited) if is_dir else 1
    except OSError:
        return total
    return total


# A folder's own notes are not documents of the corpus (a file named on the
# command line is always read).
_FOLDER_NOTES = re.compile(r"^(readme|license|licence|changelog|copying)(\.[a-z]+)?$", re.I)


def _skipped_name(name: str) -> bool:
    return name.startswith(".") or name.lower() in MANIFEST_NAMES or bool(_FOLDER_NOTES.match(name))


def read_manifest(folder: str) -> tuple[dict[str, ManifestEntry], list[str]]:
    """The manifest entries of ``folder`` by file name, and warnings about bad lines."""
    entries: dict[str, tuple[ManifestEntry, str]] = {}
    warnings: list[str] = []

    def keep(entry: ManifestEntry, manifest: str) -> str | None:
        if entry.file in entries:
            return entries[entry.file][1]
        entries[entry.file] = (entry, manifest)
        return None

    load_manifest(folder, keep, warnings)
    return {name: entry for name, (entry, _) in entries.items()}, warnings


def load_manifest(folder: str, keep: Callable[[ManifestEntry, str], str | None], warnings: list[str]) -> None:
    """Hand each usable entry of ``folder``'s manifests to ``keep(entry, manifest
    path)``, which returns None when it kept the entry, or else the path of the
    manifest the file's kept entry came from. The first entry of a file in
    a manifest wins; manifest.jsonl wins over manifest.csv."""
    for name in MANIFEST_NAMES:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        rows = _jsonl_rows(path, warnings) if name.endswith(".jsonl") else _csv_rows(path, warnings)
        try:
            for where, row in rows:
                entry = _entry(row, where, warnings)
                if entry is None:
                    continue
                kept_from = keep(entry, path)
                if kept_from == path:
                    warnings.append(f"{where}: {entry.file} is listed again; the first entry is kept")
                elif kept_from is not None:  # named in manifest.jsonl already
                    warnings.append(f"{where}: {entry.file} is also in manifest.jsonl, which wins")
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"{path}: cannot be read ({exc}); rest of the manifest ignored")


def _jsonl_rows(path: str, warnings: list[str]) -> Iterator[tuple[str, dict[str, object]]]:
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path} line {n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                warnings.append(f"{where}: not valid JSON ({exc.msg}); line skipped")
                continue
            if not isinstance(row, dict):
                warnings.append(f"{where}: not a JSON object; line skipped")
                continue
            yield where, row


def _csv_rows(path: str, warnings: list[str]) -> Iterator[tuple[str, dict[str, object]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        try:
            header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
            if "file" not in header:
                warnings.append(f"{path}: no 'file' column in the header row; manifest ignored")
                return
            reader.fieldnames = header
            for row in reader:
                yield f"{path} line {reader.line_num}", {k: v for k, v in row.items() if k in _FIELDS}
        except csv.Error as exc:
            warnings.append(f"{path} line {reader.line_num}: {exc}; rest of the manifest ignored")


def _entry(row: dict[str, object], where: str, warnings: list[str]) -> ManifestEntry | None:
    """A ManifestEntry from one manifest row, or None (with a warning) if unusable."""
    name = row.get("file")
    if not isinstance(name, str) or not name.strip():
        warnings.append(f"{where}: no 'file' name; line skipped")
        return None
    name = name.strip()
    while name.startswith("./"):
        name = name[2:]
    if "/" in name or "\\" in name:
        warnings.append(f"{where}: 'file' must be a name in this folder, not {name!r}; line skipped")
        return None
    values: dict[str, str | None] = {}
    for key in ("url", "published", "title", "kind"):
        value = row.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            values[key] = None
        elif isinstance(value, str):
            values[key] = value.strip()
        else:
            warnings.append(f"{where}: '{key}' should be text, not {type(value).__name__}; ignored")
            values[key] = None
    if values["published"] is not None:
        iso = normalize_date(values["published"])
        if iso is None:
            warnings.append(f"{where}: 'published' {values['published']!r} is not a date; ignored")
        values["published"] = iso
    if values["kind"] is not None:
        kind = values["kind"].lower()
        if kind in DOC_KINDS:
            values["kind"] = kind
        else:
            warnings.append(f"{where}: 'kind' {values['kind']!r} is not one of {', '.join(DOC_KINDS)}; ignored")
            values["kind"] = None
    return ManifestEntry(file=name, **values)


class Discovery:
    """The files under ``paths``, as an iterator of ``SourceFile | Rejection``.

    Missing paths raise ``ConfigError`` at construction, before anything is read.
    ``warnings`` collects manifest problems, repeats and the ``max_files`` stop.
    Listings, manifest entries and the paths read so far are kept on disk
    (:mod:`scotrack.walk_index`), so memory does not grow with the corpus;
    :meth:`close` (or ``with``) deletes that file at once, else it goes when
    the object does.
    """

    def __init__(self, paths: Sequence[str], settings: Settings | None = None):
        check_paths(paths)
        self.paths = list(paths)
        self.settings = settings or Settings()
        self.warnings: list[str] = []
        self._index = WalkIndex()
        self._visited_dirs: set[str] = set()
        self._dir_manifests: dict[str, int] = {}  # folder of files named directly -> index folder
        self._files = 0
        self._own_store = _store_files(self.settings.db)
        self._it = self._walk()

    def __iter__(self) -> Discovery:
        return self

    def __next__(self) -> SourceFile | Rejection:
        return next(self._it)

    def __enter__(self) -> Discovery:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the walk and delete its index."""
        self._it.close()
        self._index.close()

    def _walk(self) -> Iterator[SourceFile | Rejection]:
        try:
            for given in self.paths:
                if os.path.isdir(given):
                    yield from self._walk_dir(given)
                elif os.path.basename(given).lower() in MANIFEST_NAMES:
                    self.warnings.append(f"{given}: manifests are read automatically with their folder; "
                                         "not ingested as a document")
                else:
                    folder = os.path.dirname(given) or "."
                    entry = self._index.entry(self._manifest_of(folder), os.path.basename(given), mark_used=False)
                    yield from self._file(given, entry)
        except _Stop:
            return

    def _load_manifest(self, folder: str) -> int:
        """Read ``folder``'s manifests into the index; the index's folder number."""
        number = self._index.new_folder()
        load_manifest(folder, lambda entry, manifest: self._index.add_entry(number, entry, manifest), self.warnings)
        return number

    def _manifest_of(self, folder: str) -> int:
        """The manifest of a folder holding files named directly (read once)."""
        key = os.path.realpath(folder)
        if key not in self._dir_manifests:
            self._dir_manifests[key] = self._load_manifest(folder)
        return self._dir_manifests[key]

    def _walk_dir(self, folder: str) -> Iterator[SourceFile | Rejection]:
        real = os.path.realpath(folder)
        if real in self._visited_dirs:
            return  # a symlink loop or a folder given twice
        self._visited_dirs.add(real)
        listing = self._index.new_folder()
        try:
            try:
                with os.scandir(folder) as it:
                    self._index.add_names(listing, (e.name for e in it if not _skipped_name(e.name)))
            except OSError as exc:
                yield Rejection(path=folder, stage="discover", reason="unreadable",
                                detail=f"folder {folder} cannot be listed ({_why(exc)}); check its permissions")
                return
            manifest = self._load_manifest(folder)
            try:
                for name in self._index.sorted_names(listing):
                    path = os.path.join(folder, name)
                    if os.path.realpath(path) in self._own_store:
                        continue  # the store itself (and its -wal/-shm) when it sits in the folder
                    if os.path.isdir(path):
                        yield from self._walk_dir(path)
                        continue
                    yield from self._file(path, self._index.entry(manifest, name))
                for name in self._index.unused(manifest):
                    self.warnings.append(f"manifest in {folder} names {name}, which is not in that folder")
            finally:
                self._index.forget(manifest)
        finally:
            self._index.forget(listing)

    def _file(self, path: str, entry: ManifestEntry | None) -> Iterator[SourceFile | Rejection]:
        """Stat, size-check and read one file (raises ``_Stop`` past ``max_files``)."""
        if self._files >= self.settings.max_files:
            self.warnings.append(f"stopped after {self.settings.max_files} files (max_files); "
                                 "ingest the rest separately or raise the limit")
            raise _Stop
        real = os.path.realpath(path)
        if not self._index.first_visit(real):
            self.warnings.append(f"{path} was already read under another name; read once")
            return
        self._files += 1
        limit = self.settings.max_bytes
        try:
            st = os.stat(path)
        except OSError as exc:
            yield _unreadable(path, f"{_why(exc)}; check that it exists and that you may read it")
            return
        if not stat.S_ISREG(st.st_mode):
            yield _unreadable(path, "not a regular file; remove it from the input", size=None)
            return
        if st.st_size > limit:
            yield _too_large(path, st.st_size, limit)
            return
        try:
            with open(path, "rb") as fh:
                raw = fh.read(limit + 1)
        except OSError as exc:
            yield _unreadable(path, f"{_why(exc)}; check its permissions", size=st.st_size)
            return
        if len(raw) > limit:  # it grew while we looked
            yield _too_large(path, len(raw), limit)
            return
        yield SourceFile(path=path, abspath=real, raw=raw, sha256=hashlib.sha256(raw).hexdigest(),
                         manifest=entry)


class _Stop(Exception):
    """Internal: the ``max_files`` limit was reached."""


def _store_files(db: str) -> frozenset[str]:
    """Real paths of a SQLite store's files, to keep them out of a walk."""
    if "://" in db and not db.startswith("sqlite:"):
        return frozenset()
    path = os.path.realpath(db.split("sqlite:///", 1)[-1])
    return frozenset(path + suffix for suffix in ("", "-wal", "-shm", "-journal"))


def _why(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def _unreadable(path: str, why: str, size: int | None = None) -> Rejection:
    return Rejection(path=path, stage="discover", reason="unreadable", detail=f"cannot read {path}: {why}",
                     size=size)


def _too_large(path: str, size: int, limit: int) -> Rejection:
    return Rejection(path=path, stage="discover", reason="too-large", size=size,
                     detail=f"{path} is {size / _MB:.1f} MB, over the {limit / _MB:.1f} MB limit; "
                            "split it or raise --max-bytes")


def discover(paths: Sequence[str], settings: Settings | None = None) -> Discovery:
    """Check ``paths`` now (``ConfigError`` if one is missing), then iterate lazily.

    Returns the ``Discovery`` iterator, whose ``warnings`` fill as it runs.
    """
    return Discovery(paths, settings)


__all__ = ["Discovery", "MANIFEST_NAMES", "check_paths", "count_inputs", "discover", "read_manifest"]
