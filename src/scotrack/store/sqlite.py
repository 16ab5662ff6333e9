"""The SQLite backend: one file, WAL mode, FTS5 trigram index.

Every connection gets ``journal_mode=WAL``, ``synchronous=NORMAL``,
``foreign_keys=ON`` and ``busy_timeout=30000``. pysqlite's own implicit
transactions are switched off and the engine emits ``BEGIN`` itself, so a
write can start with ``BEGIN IMMEDIATE``: two ingest processes on one store
take turns instead of failing with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Row, and_, bindparam, create_engine, event, exists, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import InternalError, StoreError
from ..model import (
    Cleaned,
    Document,
    DocumentMeta,
    Flag,
    Found,
    Loaded,
    ManifestEntry,
    OffsetMap,
    Rejection,
    SourceFile,
)
from ..link import DocInfo
from . import registry
from . import search as fts
from .base import DocumentRow, RejectionRow, SearchHit, SeenStatus
from .migrations import WRITE_LOCK, first_line, migrate, utc_now
from .schema import FTS_TABLE, flags, rejections, sources, versions

ITER_CHUNK = 200  # documents per query while streaming (keeps export memory flat)
# Record ids remembered between batches (meetings, people… recur; most
# commitments do not); past this many the memory is given back.
RECORD_ID_CACHE = 50_000
BUSY_TIMEOUT_MS = 30_000
_VERSION_RETRIES = 5  # attempts to claim a version number another writer took first

s, v, f = sources, versions, flags
# versions columns that hold the bulk of a row; left out of list views
_HEAVY = {"raw", "text", "clean_text", "offsets"}
_LIGHT_COLS = [c for c in v.c if c.name not in _HEAVY]
_FULL_COLS = [c for c in v.c if c.name != "raw"]

# Write statements built once. SQLAlchemy cannot cache the compiled form of
# its SQLite INSERT ... ON CONFLICT construct, which made writes 40% slower,
# so the two upserts are spelled as text with typed (JSON) parameters.
_UPSERT_SOURCE = text(
    "INSERT INTO sources (abspath, path, first_seen) VALUES (:abspath, :path, :first_seen) "
    "ON CONFLICT (abspath) DO UPDATE SET path = excluded.path RETURNING id"
)
_VERSION_COLS = [c for c in v.c if c.name != "id"]
_VERSION_NAMES = ", ".join('"' + c.name + '"' for c in _VERSION_COLS)
_VERSION_PARAMS = ", ".join(":" + c.name for c in _VERSION_COLS)
_INSERT_VERSION = text(
    f"INSERT INTO versions ({_VERSION_NAMES}) VALUES ({_VERSION_PARAMS}) "
    "ON CONFLICT (source_id, version) DO NOTHING RETURNING id"
).bindparams(*(bindparam(c.name, type_=c.type) for c in _VERSION_COLS if isinstance(c.type, JSON)))
_LATEST_OF_SOURCE = (
    select(v.c.id, v.c.version, v.c.sha256)
    .where(v.c.source_id == bindparam("source_id")).order_by(v.c.version.desc()).limit(1)
)
_FTS_DELETE = text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id")
_FTS_INSERT = text(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (:id, :title, :body)")


def _write_hint(message: str) -> str:
    low = message.lower()
    if "locked" in low or "busy" in low:
        return "another process held the store for over 30 s; retry when it has finished"
    if "full" in low:
        return "free some disk space and retry"
    if "i/o" in low:
        return "check the disk the store is on, then retry"
    if "readonly" in low or "read-only" in low:
        return "make the store file and its folder writable, or pass --db"
    return "retry; if it keeps failing, pass --db with a new store"


def _set_wal(cur: sqlite3.Cursor) -> None:
    """Switch to WAL mode, retrying while another process holds the file.

    On a fresh file two processes may both try to switch; SQLite then answers
    "database is locked" at once instead of waiting (busy_timeout does not
    apply, to avoid a deadlock), so we wait here for up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as e:
            transient = "locked" in str(e) or "busy" in str(e)
            if not transient or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _make_engine(path: str) -> Engine:
    """An engine for the SQLite file at ``path`` (``:memory:`` for a private one)."""
    if path == ":memory:":
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _set_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_LOCK, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _check_path(path: str) -> None:
    """Fail early, with a useful message, when SQLite could not use ``path``."""
    if path == ":memory:":
        return
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise StoreError(f"cannot open store {path}: it is a folder; pass --db with a file path")
    if not os.path.isdir(folder):
        raise StoreError(f"cannot open store {path}: folder {folder} does not exist; check the path or pass --db")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"cannot open store {path}: folder {folder} is not writable; check the path or pass --db")


class SQLiteStore:
    """A :class:`~scotrack.store.base.Store` in one SQLite file.

    Open with :func:`scotrack.store.open_store`; the schema is migrated on open.
    Usable as a context manager (closes on exit). One instance per process.
    """

    def __init__(self, path: str):
        self.path = path if path == ":memory:" else os.path.abspath(path)
        self.url = "sqlite://" if path == ":memory:" else f"sqlite:///{self.path}"
        # (type, key) -> record id, for ids committed by this store object
        self._record_ids: dict[tuple[str, str], int] = {}
        _check_path(path)
        self._engine = _make_engine(self.path)
        try:
            with self._engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except SQLAlchemyError as e:
            self._engine.dispose()
            msg = first_line(e)
            if "not a database" in msg:
                raise StoreError(
                    f"{path} is not a SQLite database; pass --db with a scotrack store or a new file name",
                    original=e,
                ) from e
            raise StoreError(f"cannot open store {path}: {msg}; check the path or pass --db", original=e) from e
        try:
            self.applied_migrations = migrate(self._engine, self.url)
        except BaseException:
            self._engine.dispose()
            raise

    # -- plumbing -------------------------------------------------------------

    def close(self) -> None:
        """Release every connection (the file stays consistent either way)."""
        self._engine.dispose()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.url!r})"

    @contextmanager
    def _writing(self, what: str) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE); any failure rolls all of it back."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{WRITE_LOCK: True})
                with conn.begin():
                    yield conn
        except SQLAlchemyError as e:
            msg = first_line(e)
            raise StoreError(
                f"could not write {what} to store {self.url}: {msg}; nothing of it was stored, "
                + _write_hint(msg),
                original=e,
            ) from e

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """One read transaction: a consistent snapshot while it lasts."""
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as e:
            raise StoreError(
                f"could not read store {self.url}: {first_line(e)}; check the file or pass --db", original=e
            ) from e

    # -- writing --------------------------------------------------------------

    def write_batch(self, items: Sequence[Document | Rejection]) -> list[int | None]:
        """See :meth:`Store.write_batch`; all items land in one transaction or none do."""
        if not items:
            return []
        now = utc_now()
        out: list[int | None] = []
        learnt: dict[tuple[str, str], int] = {}
        with self._writing(f"a batch of {len(items)} items") as conn:
            for item in items:
                if isinstance(item, Document):
                    out.append(self._put_document(conn, item, now, learnt))
                elif isinstance(item, Rejection):
                    self._put_rejection(conn, item, now)
                    out.append(None)
                else:
                    raise InternalError(
                        f"write_batch got a {type(item).__name__}, not a Document or Rejection; "
                        "this is a bug in scotrack, please report it"
                    )
        if len(self._record_ids) + len(learnt) > RECORD_ID_CACHE:
            self._record_ids.clear()  # keep memory flat on very large ingests
        self._record_ids.update(learnt)  # committed: safe to remember
        return out

    def _source_id(self, conn: Connection, src: SourceFile, now: str) -> int:
        """The id of the source at ``src.abspath``, made if new; its path is updated."""
        params = {"abspath": src.abspath, "path": src.path, "first_seen": now}
        return int(conn.execute(_UPSERT_SOURCE, params).scalar_one())

    def _put_document(self, conn: Connection, doc: Document, now: str,
                      learnt: dict[tuple[str, str], int]) -> int:
        source_id = self._source_id(conn, doc.source, now)
        for _ in range(_VERSION_RETRIES):
            latest = conn.execute(_LATEST_OF_SOURCE, {"source_id": source_id}).first()
            if latest is not None and latest.sha256 == doc.source.sha256:
                return source_id  # unchanged: nothing to do
            number = 1 if latest is None else latest.version + 1
            version_id = conn.execute(_INSERT_VERSION, _version_values(doc, source_id, number, now)).scalar()
            if version_id is None:
                continue  # another writer claimed this number first: look again
            self._put_flags(conn, version_id, doc)
            registry.put_found(conn, version_id, doc.found, now, self._record_ids, learnt)
            self._index(conn, version_id, doc, None if latest is None else latest.id)
            return source_id
        raise StoreError(
            f"could not add a version of {doc.source.path}: other writers kept taking the number; retry"
        )

    def _put_flags(self, conn: Connection, version_id: int, doc: Document) -> None:
        rows = [
            {"version_id": version_id, "origin": origin, "kind": fl.kind, "start": fl.start,
             "end_": fl.end, "detail": fl.detail}
            for origin, group in (("loaded", doc.loaded.flags), ("cleaned", doc.cleaned.flags),
                                  ("checked", doc.checks))
            for fl in group
        ]
        if rows:
            conn.execute(f.insert(), rows)

    def _index(self, conn: Connection, version_id: int, doc: Document, previous_id: int | None) -> None:
        """Make ``version_id`` the one indexed version of its document."""
        if previous_id is not None:
            conn.execute(_FTS_DELETE, {"id": previous_id})
        conn.execute(
            _FTS_INSERT,
            {"id": version_id, "title": fts.normalise_text(doc.meta.title or ""),
             "body": fts.normalise_text(doc.clean_text)},
        )

    def _put_rejection(self, conn: Connection, rej: Rejection, now: str) -> None:
        """Record a rejection; the same (path, stage, reason, sha256) again only updates it."""
        r = rejections
        same = conn.execute(
            select(r.c.id).where(
                r.c.path == rej.path, r.c.stage == rej.stage, r.c.reason == rej.reason,
                r.c.sha256.is_not_distinct_from(rej.sha256),
            )
        ).scalar()
        values = {"detail": rej.detail, "size": rej.size, "at": now}
        if same is None:
            conn.execute(r.insert().values(path=rej.path, stage=rej.stage, reason=rej.reason,
                                           sha256=rej.sha256, **values))
        else:
            conn.execute(r.update().where(r.c.id == same).values(**values))

    # -- reading --------------------------------------------------------------

    def seen(self, abspath: str, sha256: str) -> SeenStatus:
        """new / unchanged / changed, comparing with the latest version at ``abspath``."""
        with self._reading() as conn:
            latest = conn.execute(
                select(v.c.sha256).join(s, s.c.id == v.c.source_id)
                .where(s.c.abspath == abspath).order_by(v.c.version.desc()).limit(1)
            ).scalar()
        if latest is None:
            return "new"
        return "unchanged" if latest == sha256 else "changed"

    def seen_many(self, items: Sequence[tuple[str, str]]) -> list[SeenStatus]:
        """:meth:`seen` for many (abspath, sha256) pairs in one query."""
        if not items:
            return []
        paths = list(dict.fromkeys(p for p, _ in items))
        latest: dict[str, str] = {}
        with self._reading() as conn:
            for i in range(0, len(paths), 500):
                rows = conn.execute(
                    select(s.c.abspath, v.c.sha256, v.c.version).join(v, s.c.id == v.c.source_id)
                    .where(s.c.abspath.in_(paths[i:i + 500])).order_by(s.c.abspath, v.c.version))
                latest.update({r.abspath: r.sha256 for r in rows})  # the highest version wins
        return ["new" if p not in latest else "unchanged" if latest[p] == h else "changed" for p, h in items]

    def list_documents(self, *, kind: str | None = None, language: str | None = None,
                       flagged: str | None = None, limit: int | None = None) -> list[DocumentRow]:
        """Latest versions by id, without text, clean text, offsets or flags."""
        stmt = _latest(_LIGHT_COLS)
        if kind is not None:
            stmt = stmt.where(v.c.kind == kind)
        if language is not None:
            stmt = stmt.where(v.c.language == language)
        if flagged is not None:
            cond = f.c.version_id == v.c.id
            if flagged != "any":
                cond = and_(cond, f.c.kind == flagged)
            stmt = stmt.where(exists(select(f.c.id).where(cond)))
        stmt = stmt.order_by(s.c.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._reading() as conn:
            found = conn.execute(stmt).all()
            out = [_to_row(r, [], light=True) for r in found]
            _fill_flag_counts(conn, out, [r.id for r in found])
            return out

    def get_document(self, doc_id: int, version: int | None = None) -> DocumentRow | None:
        """One document with text and flags: its latest version, or ``version``."""
        with self._reading() as conn:
            row = conn.execute(_one_version(_FULL_COLS, doc_id, version)).first()
            if row is None:
                return None
            return _to_row(row, _flags_of(conn, [row.id])[row.id])

    def load_document(self, doc_id: int, version: int | None = None) -> Document | None:
        """The stored version as the model ``Document`` that was written."""
        with self._reading() as conn:
            row = conn.execute(_one_version(list(v.c), doc_id, version)).first()
            if row is None:
                return None
            flag_rows = conn.execute(
                select(f.c.origin, f.c.kind, f.c.start, f.c.end_, f.c.detail)
                .where(f.c.version_id == row.id).order_by(f.c.id)
            ).all()
        return _to_document(row, flag_rows)

    def iter_documents(self) -> Iterator[DocumentRow]:
        """Every latest version with text and flags, by id, ``ITER_CHUNK`` at a time,
        all from one consistent snapshot of the store."""
        with self._reading() as conn:
            last = 0
            while True:
                chunk = conn.execute(
                    _latest(_FULL_COLS).where(s.c.id > last).order_by(s.c.id).limit(ITER_CHUNK)
                ).all()
                if not chunk:
                    return
                by_version = _flags_of(conn, [r.id for r in chunk])
                for r in chunk:
                    yield _to_row(r, by_version[r.id])
                last = chunk[-1].source_id

    # -- the registry -------------------------------------------------------

    def iter_linked(self) -> Iterator[tuple[DocInfo, Found, str]]:
        """Every mention of the latest versions, with its document and record id."""
        with self._reading() as conn:
            yield from registry.linked(conn)

    def replace_mentions(self, items: Sequence[tuple[int, list[Found], list[Flag]]]) -> None:
        """Re-extraction: replace the mentions and check flags of these documents'
        latest versions, all in one transaction. ``items`` are (document id,
        found, checks)."""
        now = utc_now()
        with self._writing(f"mentions of {len(items)} documents") as conn:
            latest = dict(registry.latest_version_ids(conn))
            for doc_id, found, checks in items:
                if doc_id in latest:
                    registry.replace_found(conn, latest[doc_id], found, now)
                    registry.replace_checks(conn, latest[doc_id], checks)

    def document_ids(self) -> list[int]:
        with self._reading() as conn:
            return [d for d, _ in registry.latest_version_ids(conn)]

    def record_counts(self) -> dict[str, int]:
        with self._reading() as conn:
            return registry.record_counts(conn)

    def raw_bytes(self, doc_id: int, version: int | None = None) -> bytes | None:
        """The input file's bytes as stored for that version (latest by default)."""
        with self._reading() as conn:
            raw = conn.execute(_one_version([v.c.raw], doc_id, version)).scalar()
        return None if raw is None else bytes(raw)

    def list_rejections(self) -> list[RejectionRow]:
        """Every recorded rejection, oldest first."""
        r = rejections
        with self._reading() as conn:
            rows = conn.execute(select(r).order_by(r.c.id)).all()
        return [RejectionRow(id=x.id, path=x.path, stage=x.stage, reason=x.reason, detail=x.detail,
                             sha256=x.sha256, size=x.size, at=x.at) for x in rows]

    def counts(self) -> dict[str, int]:
        """Numbers of documents, versions, rejections and flags (of latest versions)."""
        latest_ids = _latest([v.c.id], with_source=False).scalar_subquery()
        with self._reading() as conn:
            return {
                "documents": conn.execute(select(func.count()).select_from(s)).scalar_one(),
                "versions": conn.execute(select(func.count()).select_from(v)).scalar_one(),
                "rejections": conn.execute(select(func.count()).select_from(rejections)).scalar_one(),
                "flags": conn.execute(
                    select(func.count()).select_from(f).where(f.c.version_id.in_(latest_ids))
                ).scalar_one(),
            }

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Latest versions whose title or clean text contains ``query``.

        Script, width and case do not matter. Queries of 3+ characters use the
        FTS5 trigram index ranked by bm25; shorter ones scan the indexed copy
        and rank by number of occurrences.
        """
        q = fts.normalise_query(query)
        if not q or limit <= 0:
            return []
        if len(q) >= fts.MIN_INDEXED_CHARS:
            sql = text(f"SELECT rowid AS vid, -bm25({FTS_TABLE}) AS score, body FROM {FTS_TABLE} "
                       f"WHERE {FTS_TABLE} MATCH :m ORDER BY bm25({FTS_TABLE}), rowid LIMIT :n")
            params: dict[str, Any] = {"m": fts.fts_phrase(q), "n": limit}
        else:
            sql = text(
                "SELECT rowid AS vid, body, "
                "((length(body) - length(replace(body, :q, ''))) + "
                "(length(title) - length(replace(title, :q, '')))) / (length(:q) * 1.0) AS score "
                f"FROM {FTS_TABLE} WHERE instr(body, :q) > 0 OR instr(title, :q) > 0 "
                "ORDER BY score DESC, rowid LIMIT :n"
            )
            params = {"q": q, "n": limit}
        with self._reading() as conn:
            matches = conn.execute(sql, params).all()
            if not matches:
                return []
            info = {r.id: r for r in conn.execute(
                select(v.c.id, v.c.source_id, v.c.title, v.c.clean_text, s.c.path)
                .join(s, s.c.id == v.c.source_id).where(v.c.id.in_([m.vid for m in matches]))
            )}
        return [_hit(info[m.vid], m.body, q, float(m.score)) for m in matches if m.vid in info]


# -- query builders and row conversion -------------------------------------------


def _latest(cols: Sequence[Any], with_source: bool = True) -> Any:
    """SELECT ``cols`` (+ source path/abspath) of every document's latest version."""
    newest = (
        select(v.c.source_id, func.max(v.c.version).label("version"))
        .group_by(v.c.source_id).subquery("newest")
    )
    return (
        select(*cols, *((s.c.path, s.c.abspath) if with_source else ()))
        .select_from(s.join(v, v.c.source_id == s.c.id)
                     .join(newest, and_(newest.c.source_id == v.c.source_id, newest.c.version == v.c.version)))
    )


def _one_version(cols: Sequence[Any], doc_id: int, version: int | None) -> Any:
    stmt = select(*cols, s.c.path, s.c.abspath).join(s, s.c.id == v.c.source_id).where(s.c.id == doc_id)
    if version is not None:
        return stmt.where(v.c.version == version)
    return stmt.order_by(v.c.version.desc()).limit(1)


def _fill_flag_counts(conn: Connection, rows: list[DocumentRow], version_ids: list[int]) -> None:
    """Set ``flag_counts`` (kind -> n) on list rows, one grouped query per 500."""
    for i in range(0, len(version_ids), 500):
        chunk = version_ids[i:i + 500]
        by_version: dict[int, dict[str, int]] = {vid: {} for vid in chunk}
        for r in conn.execute(select(f.c.version_id, f.c.kind, func.count())
                              .where(f.c.version_id.in_(chunk)).group_by(f.c.version_id, f.c.kind)):
            by_version[r[0]][r[1]] = r[2]
        for row, vid in zip(rows[i:i + 500], chunk):
            row.flag_counts = by_version[vid]


def _flags_of(conn: Connection, version_ids: list[int]) -> dict[int, list[dict[str, object]]]:
    """Flags of each version, as Document.flags orders them (start, end, kind)."""
    out: dict[int, list[dict[str, object]]] = {vid: [] for vid in version_ids}
    rows = conn.execute(
        select(f.c.version_id, f.c.kind, f.c.start, f.c.end_, f.c.detail)
        .where(f.c.version_id.in_(version_ids))
        .order_by(f.c.version_id, f.c.start, f.c.end_, f.c.kind, f.c.id)
    )
    for r in rows:
        out[r.version_id].append({"kind": r.kind, "start": r.start, "end": r.end_, "detail": r.detail})
    return out


def _version_values(doc: Document, source_id: int, number: int, now: str) -> dict[str, Any]:
    src, ld, meta = doc.source, doc.loaded, doc.meta
    return {
        "source_id": source_id, "version": number, "sha256": src.sha256, "size": src.size,
        "raw": src.raw, "manifest": asdict(src.manifest) if src.manifest is not None else None,
        "format": ld.format, "encoding": ld.encoding, "encoding_guessed": ld.encoding_guessed,
        "encoding_confidence": ld.encoding_confidence, "loaded_title": ld.title,
        "loaded_published": ld.published, "url": ld.url, "author": ld.author, "site": ld.site,
        "page_starts": list(ld.page_starts),
        "title": meta.title, "published": meta.published, "published_source": meta.published_source,
        "language": meta.language, "script": meta.script, "kind": meta.kind, "kind_reason": meta.kind_reason,
        "text": ld.text, "clean_text": doc.clean_text, "offsets": doc.cleaned.offsets.as_list(),
        "ingested_at": now,
    }


def _to_row(r: Row[Any], flag_dicts: list[dict[str, object]], *, light: bool = False) -> DocumentRow:
    """A DocumentRow from a versions row (+ path, abspath); ``light`` rows have no text."""
    manifest = r.manifest or {}
    return DocumentRow(
        id=r.source_id, path=r.path, abspath=r.abspath, sha256=r.sha256, version=r.version,
        format=r.format, title=r.title, published=r.published, published_source=r.published_source,
        language=r.language, script=r.script, kind=r.kind, kind_reason=r.kind_reason,
        url=r.url or manifest.get("url"), encoding=r.encoding, size=r.size,
        text="" if light else r.text, clean_text="" if light else r.clean_text,
        offsets=[] if light else r.offsets,
        page_starts=r.page_starts, flags=flag_dicts, ingested_at=r.ingested_at,
    )


def _to_document(r: Row[Any], flag_rows: Sequence[Row[Any]]) -> Document:
    by_origin: dict[str, list[Flag]] = {"loaded": [], "cleaned": [], "checked": []}
    for fr in flag_rows:
        by_origin[fr.origin].append(Flag(fr.kind, fr.start, fr.end_, fr.detail))
    source = SourceFile(path=r.path, abspath=r.abspath, raw=bytes(r.raw), sha256=r.sha256,
                        manifest=ManifestEntry(**r.manifest) if r.manifest else None)
    loaded = Loaded(text=r.text, format=r.format, encoding=r.encoding, encoding_guessed=r.encoding_guessed,
                    encoding_confidence=r.encoding_confidence, title=r.loaded_title,
                    published=r.loaded_published, url=r.url, author=r.author, site=r.site,
                    page_starts=list(r.page_starts), flags=by_origin["loaded"])
    meta = DocumentMeta(title=r.title, published=r.published, published_source=r.published_source,
                        language=r.language, script=r.script, kind=r.kind, kind_reason=r.kind_reason)
    cleaned = Cleaned(clean_text=r.clean_text, offsets=OffsetMap([(a, b) for a, b in r.offsets]),
                      flags=by_origin["cleaned"])
    return Document(source=source, loaded=loaded, meta=meta, cleaned=cleaned, checks=by_origin["checked"])


def _hit(info: Row[Any], body: str, q: str, score: float) -> SearchHit:
    start = fts.locate(info.clean_text, body, q)
    if start is None:  # matched the title only
        return SearchHit(doc_id=info.source_id, path=info.path, title=info.title, snippet=info.title or "",
                         start=0, score=score, in_title=True)
    return SearchHit(doc_id=info.source_id, path=info.path, title=info.title,
                     snippet=fts.snippet(info.clean_text, start, len(q)), start=start, score=score)
