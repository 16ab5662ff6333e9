"""The SQL store: everything SQLite and PostgreSQL stores do the same way.

:class:`SQLStore` implements the :class:`~scotrack.store.base.Store`
protocol over SQLAlchemy Core. A backend subclass (:mod:`.sqlite`,
:mod:`.postgres`) makes the engine — connection settings and how a write
transaction takes the store's write lock — and runs the full-text queries,
the one part whose SQL differs. Writes from several processes are
serialised by that lock, so the version numbering below never races.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, exists, func, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from ..errors import InternalError, StoreError
from ..link import DocInfo
from ..model import Document, Flag, Found, Rejection, SourceFile
from . import registry, rows
from . import search as fts
from .base import DocumentRow, RejectionRow, SearchHit, SeenStatus
from .migrations import WRITE_LOCK, first_line, migrate, utc_now
from .schema import FTS_TABLE, flags, rejections, sources, store_changes, versions

ITER_CHUNK = 200  # documents per query while streaming (keeps export memory flat)
# Record ids remembered between batches (meetings, people… recur; most
# commitments do not); past this many the memory is given back.
RECORD_ID_CACHE = 10_000
_VERSION_RETRIES = 5  # attempts to claim a version number another writer took first

s, v, f = sources, versions, flags

# Write statements built once. SQLAlchemy cannot cache the compiled form of
# its INSERT ... ON CONFLICT constructs, which made writes 40% slower, so the
# two upserts are spelled as text (valid on SQLite and PostgreSQL) with
# parameters typed like their columns (JSON, NUL-safe text).
#
# Ids users see (d3, m12, rejection ids) are given as max(id) + 1, which is
# what SQLite does by itself: a PostgreSQL sequence would also count the
# upserts that found their row and the batches rolled back, leaving gaps.
# Writers hold the store's write lock, so two cannot pick the same id.
_UPSERT_SOURCE = text(
    "INSERT INTO sources (id, abspath, path, first_seen) "
    "SELECT coalesce(max(id), 0) + 1, :abspath, :path, :first_seen FROM sources WHERE true "
    "ON CONFLICT (abspath) DO UPDATE SET path = excluded.path RETURNING id"
).bindparams(bindparam("abspath", type_=s.c.abspath.type), bindparam("path", type_=s.c.path.type))
_NEXT_REJECTION_ID = select(func.coalesce(func.max(rejections.c.id), 0) + 1).scalar_subquery()
_VERSION_COLS = [c for c in v.c if c.name != "id"]
_VERSION_NAMES = ", ".join('"' + c.name + '"' for c in _VERSION_COLS)
_VERSION_PARAMS = ", ".join(":" + c.name for c in _VERSION_COLS)
_INSERT_VERSION = text(
    f"INSERT INTO versions ({_VERSION_NAMES}) VALUES ({_VERSION_PARAMS}) "
    "ON CONFLICT (source_id, version) DO NOTHING RETURNING id"
).bindparams(*(bindparam(c.name, type_=c.type) for c in _VERSION_COLS))
_LATEST_OF_SOURCE = (
    select(v.c.id, v.c.version, v.c.sha256)
    .where(v.c.source_id == bindparam("source_id")).order_by(v.c.version.desc()).limit(1)
)
_FTS_DELETE = text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id")
_FTS_INSERT = text(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (:id, :title, :body)")
_BUMP = update(store_changes).where(store_changes.c.id == 1).values(counter=store_changes.c.counter + 1)
_STAMP = select(
    store_changes.c.counter,
    select(func.coalesce(func.max(v.c.id), 0)).scalar_subquery(),
    select(func.count()).select_from(rejections).scalar_subquery(),
).where(store_changes.c.id == 1)


class SQLStore:
    """A :class:`~scotrack.store.base.Store` in a SQL database (see the module docstring).

    Subclasses set ``url`` and call :meth:`_start` with their engine. Usable
    as a context manager (closes on exit). One instance per process.
    """

    url: str
    dialect: str  # "sqlite" | "postgresql"
    _engine: Engine

    def _start(self, engine: Engine) -> None:
        """Adopt ``engine`` (already checked to connect) and migrate the store."""
        self._engine = engine
        self.dialect = engine.dialect.name
        # (type, key) -> record id, for ids committed by this store object
        self._record_ids: dict[tuple[str, str], int] = {}
        try:
            self.applied_migrations = migrate(engine, self.url)
        except BaseException:
            engine.dispose()
            raise

    # -- backend hooks ----------------------------------------------------------

    def _write_hint(self, message: str) -> str:
        """What to do next after a write failed with ``message``."""
        return "retry; if it keeps failing, pass --db with a new store"

    def _read_hint(self) -> str:
        return "check the store or pass --db"

    def _matches(self, conn: Connection, q: str, limit: int) -> list[Any]:
        """Full-text rows (vid, body, score) for the normalised query ``q``, best first."""
        raise NotImplementedError

    # -- plumbing -------------------------------------------------------------

    def close(self) -> None:
        """Release every connection (the store stays consistent either way)."""
        self._engine.dispose()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    @contextmanager
    def _writing(self, what: str) -> Iterator[Connection]:
        """One write transaction holding the store's write lock; any failure
        rolls all of it back. Bumps the change counter."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{WRITE_LOCK: True})
                with conn.begin():
                    conn.execute(_BUMP)
                    yield conn
        except SQLAlchemyError as e:
            msg = first_line(e)
            raise StoreError(
                f"could not write {what} to store {self.url}: {msg}; nothing of it was stored, "
                + self._write_hint(msg),
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
                f"could not read store {self.url}: {first_line(e)}; {self._read_hint()}", original=e
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
            version_id = conn.execute(_INSERT_VERSION, rows.version_values(doc, source_id, number, now)).scalar()
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
        values = [
            {"version_id": version_id, "origin": origin, "kind": fl.kind, "start": fl.start,
             "end_": fl.end, "detail": fl.detail}
            for origin, group in (("loaded", doc.loaded.flags), ("cleaned", doc.cleaned.flags),
                                  ("checked", doc.checks))
            for fl in group
        ]
        if values:
            conn.execute(f.insert(), values)

    def _index(self, conn: Connection, version_id: int, doc: Document, previous_id: int | None) -> None:
        """Make ``version_id`` the one indexed version of its document."""
        if previous_id is not None:
            conn.execute(_FTS_DELETE, {"id": previous_id})
        conn.execute(
            _FTS_INSERT,
            {"id": version_id, "title": fts.index_copy(doc.meta.title or "", self.dialect),
             "body": fts.index_copy(doc.clean_text, self.dialect)},
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
            conn.execute(r.insert().values(id=_NEXT_REJECTION_ID, path=rej.path, stage=rej.stage,
                                           reason=rej.reason, sha256=rej.sha256, **values))
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
                found = conn.execute(
                    select(s.c.abspath, v.c.sha256, v.c.version).join(v, s.c.id == v.c.source_id)
                    .where(s.c.abspath.in_(paths[i:i + 500])).order_by(s.c.abspath, v.c.version))
                latest.update({r.abspath: r.sha256 for r in found})  # the highest version wins
        return ["new" if p not in latest else "unchanged" if latest[p] == h else "changed" for p, h in items]

    def list_documents(self, *, kind: str | None = None, language: str | None = None,
                       flagged: str | None = None, limit: int | None = None) -> list[DocumentRow]:
        """Latest versions by id, without text, clean text, offsets or flags."""
        stmt = rows.latest(rows.LIGHT_COLS)
        if kind is not None:
            stmt = stmt.where(v.c.kind == kind)
        if language is not None:
            stmt = stmt.where(v.c.language == language)
        if flagged is not None:
            cond = f.c.version_id == v.c.id
            if flagged != "any":
                cond = cond & (f.c.kind == flagged)
            stmt = stmt.where(exists(select(f.c.id).where(cond)))
        stmt = stmt.order_by(s.c.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._reading() as conn:
            found = conn.execute(stmt).all()
            out = [rows.to_row(r, [], light=True) for r in found]
            rows.fill_flag_counts(conn, out, [r.id for r in found])
            return out

    def get_document(self, doc_id: int, version: int | None = None) -> DocumentRow | None:
        """One document with text and flags: its latest version, or ``version``."""
        with self._reading() as conn:
            row = conn.execute(rows.one_version(rows.FULL_COLS, doc_id, version)).first()
            if row is None:
                return None
            return rows.to_row(row, rows.flags_of(conn, [row.id])[row.id])

    def load_document(self, doc_id: int, version: int | None = None) -> Document | None:
        """The stored version as the model ``Document`` that was written."""
        with self._reading() as conn:
            row = conn.execute(rows.one_version(list(v.c), doc_id, version)).first()
            if row is None:
                return None
            flag_rows = conn.execute(
                select(f.c.origin, f.c.kind, f.c.start, f.c.end_, f.c.detail)
                .where(f.c.version_id == row.id).order_by(f.c.id)
            ).all()
        return rows.to_document(row, flag_rows)

    def iter_documents(self) -> Iterator[DocumentRow]:
        """Every latest version with text and flags, by id, ``ITER_CHUNK`` at a time,
        all from one consistent snapshot of the store."""
        with self._reading() as conn:
            last = 0
            while True:
                chunk = conn.execute(
                    rows.latest_page(rows.FULL_COLS, last, ITER_CHUNK)
                ).all()
                if not chunk:
                    return
                by_version = rows.flags_of(conn, [r.id for r in chunk])
                for r in chunk:
                    yield rows.to_row(r, by_version[r.id])
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
            raw = conn.execute(rows.one_version([v.c.raw], doc_id, version)).scalar()
        return None if raw is None else bytes(raw)

    def list_rejections(self) -> list[RejectionRow]:
        """Every recorded rejection, oldest first."""
        r = rejections
        with self._reading() as conn:
            found = conn.execute(select(r).order_by(r.c.id)).all()
        return [RejectionRow(id=x.id, path=x.path, stage=x.stage, reason=x.reason, detail=x.detail,
                             sha256=x.sha256, size=x.size, at=x.at) for x in found]

    def counts(self) -> dict[str, int]:
        """Numbers of documents, versions, rejections and flags (of latest versions)."""
        latest_ids = rows.latest([v.c.id], with_source=False).scalar_subquery()
        with self._reading() as conn:
            return {
                "documents": conn.execute(select(func.count()).select_from(s)).scalar_one(),
                "versions": conn.execute(select(func.count()).select_from(v)).scalar_one(),
                "rejections": conn.execute(select(func.count()).select_from(rejections)).scalar_one(),
                "flags": conn.execute(
                    select(func.count()).select_from(f).where(f.c.version_id.in_(latest_ids))
                ).scalar_one(),
            }

    def change_stamp(self) -> tuple[int, int, int]:
        """(writes so far, highest version id, rejections): changes whenever
        anything is written, costs one small query."""
        with self._reading() as conn:
            row = conn.execute(_STAMP).one()
        return int(row[0]), int(row[1]), int(row[2])

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Latest versions whose title or clean text contains ``query``.

        Script, width and case do not matter (both sides are normalised, see
        :mod:`.search`); queries of any length work. Ranking is the backend's.
        """
        q = fts.normalise_query(query)
        if not q or limit <= 0:
            return []
        with self._reading() as conn:
            matches = self._matches(conn, q, limit)
            if not matches:
                return []
            info = {r.id: r for r in conn.execute(
                select(v.c.id, v.c.source_id, v.c.title, v.c.clean_text, s.c.path)
                .join(s, s.c.id == v.c.source_id).where(v.c.id.in_([m.vid for m in matches]))
            )}
        return [rows.hit(info[m.vid], m.body, q, float(m.score)) for m in matches if m.vid in info]
