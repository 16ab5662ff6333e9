"""PostgreSQL as a store backend: what only a PostgreSQL server can show.

The rest of the suite runs on PostgreSQL too when SCOTRACK_TEST_POSTGRES is
set (scripts/test does; see scotrack.store.pgtest). The tests here open
stores by their ``postgresql://`` URL, each in a database of its own, and
are skipped, with the reason, when no server is configured. The error tests
at the end need no server.
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Float, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from scotrack import pipeline
from scotrack.errors import ConfigError, StoreError
from scotrack.model import Flag
from scotrack.settings import Settings
from scotrack.store import SQLiteStore, Store, TEST_POSTGRES_ENV, open_store
from scotrack.store.migrations import MIGRATIONS
from scotrack.store.pgtest import mapped_store

from .conftest import SHARED, TEST_POSTGRES, needs_shared
from .test_store import BATCH, FLAGS_PER_DOC, SIMP, TRAD, kill_a_writer, make_doc, put

needs_server = pytest.mark.skipif(
    not TEST_POSTGRES,
    reason=f"no PostgreSQL server configured: set {TEST_POSTGRES_ENV}=postgresql://user:pw@host:port/db "
           "(scripts/test does when a server answers)")


def _admin() -> Any:
    """An engine on the configured test database, for CREATE/DROP DATABASE."""
    return create_engine(make_url(TEST_POSTGRES).set(drivername="postgresql+psycopg"), poolclass=NullPool,
                         isolation_level="AUTOCOMMIT")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a new, empty database (UTF8), dropped afterwards."""
    name = f"scotrack_pgt_{uuid.uuid4().hex[:12]}"
    admin = _admin()
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    except Exception as e:  # noqa: BLE001 - any failure means: cannot run these tests here
        admin.dispose()
        pytest.skip(f"cannot create a test database with {TEST_POSTGRES_ENV} ({e}); grant the role CREATEDB")
    try:
        yield make_url(TEST_POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin: Any, name: str) -> None:
    """DROP DATABASE ... WITH (FORCE), which ends our own sessions but may not
    end the server's: an autovacuum worker that has just started on the
    freshly written database refuses ("must be a member of the role..."),
    until it finishes a moment later. So: retry for a while."""
    from sqlalchemy.exc import DBAPIError

    deadline = time.monotonic() + 30
    while True:
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        except DBAPIError as e:
            if "must be a member of the role" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _sql(store: Store, sql: str, **params: Any) -> list[Any]:
    with store._engine.connect() as conn:  # type: ignore[attr-defined]
        return list(conn.execute(text(sql), params).all())


# -- opening and migrations ------------------------------------------------------


@needs_server
def test_open_by_url_migrates_once_and_hides_the_password(pg_url: str) -> None:
    with open_store(pg_url) as s:
        assert s.applied_migrations == [m.version for m in MIGRATIONS]  # type: ignore[attr-defined]
        assert s.schema == "public" and s.url.startswith("postgresql://")  # type: ignore[attr-defined]
        url = make_url(pg_url)
        assert url.password is None or (":***@" in s.url and f":{url.password}@" not in s.url)
        [doc_id] = put(s, [make_doc("/in/a.txt", SIMP)])
    for scheme in ("postgres", "postgresql+psycopg"):
        with open_store(scheme + pg_url[pg_url.index("://"):]) as again:
            assert again.applied_migrations == []  # type: ignore[attr-defined]
            assert [r.id for r in again.list_documents()] == [doc_id]
            rows = _sql(again, "SELECT version, name FROM schema_migrations ORDER BY version")
            assert [tuple(r) for r in rows] == [(m.version, m.name) for m in MIGRATIONS]


@needs_server
def test_search_path_in_the_url_picks_the_schema(pg_url: str) -> None:
    with open_store(pg_url) as public:
        put(public, [make_doc("/in/public.txt", SIMP)])
        with public._engine.begin() as conn:  # type: ignore[attr-defined]
            conn.exec_driver_sql("CREATE SCHEMA other")
    with open_store(pg_url + "?options=-csearch_path%3Dother") as other:
        assert other.schema == "other" and other.counts()["documents"] == 0  # type: ignore[attr-defined]
        put(other, [make_doc("/in/o1.txt", TRAD), make_doc("/in/o2.txt", TRAD + "。")])
    with open_store(pg_url) as public:
        assert public.counts()["documents"] == 1


def _kind(column_type: Any) -> str:
    """A column type's generic kind (DOUBLE PRECISION and FLOAT are both Float)."""
    generic = column_type.as_generic()
    return "Float" if isinstance(generic, Float) else type(generic).__name__


@needs_server
def test_migrations_make_the_tables_and_columns_sqlite_has(pg_url: str, tmp_path: Path) -> None:
    def shape(engine: Any) -> dict[str, Any]:
        insp = inspect(engine)
        out = {}
        for table in insp.get_table_names():
            if table.startswith("versions_fts"):
                continue  # the full-text index: FTS5 shadow tables vs a plain table, compared below
            cols = {c["name"]: (_kind(c["type"]), c["nullable"]) for c in insp.get_columns(table)}
            uniques = sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table))
            uniques += sorted(tuple(i["column_names"]) for i in insp.get_indexes(table) if i["unique"])
            indexes = sorted(i["name"] for i in insp.get_indexes(table) if not i["unique"])
            out[table] = (cols, insp.get_pk_constraint(table)["constrained_columns"], sorted(set(uniques)),
                          indexes, sorted(fk["referred_table"] for fk in insp.get_foreign_keys(table)))
        return out

    lite = SQLiteStore(str(tmp_path / "lite.db"))  # SQLite itself, whatever the run's backend
    with open_store(pg_url) as pg:
        got, want = shape(pg._engine), shape(lite._engine)  # type: ignore[attr-defined]
        assert set(got) == set(want) >= {"sources", "versions", "flags", "rejections", "records", "mentions",
                                         "schema_migrations", "store_changes"}
        for table in want:
            assert got[table] == want[table], table
        fts_cols = [c["name"] for c in inspect(pg._engine).get_columns("versions_fts")]  # type: ignore[attr-defined]
        assert fts_cols == ["rowid", "title", "body"]
    lite.close()


# -- search -------------------------------------------------------------------------


@needs_server
def test_chinese_search_in_both_scripts_uses_the_trigram_index(pg_url: str) -> None:
    with open_store(pg_url) as s:
        trad_id, simp_id = put(s, [make_doc("/in/t.txt", TRAD, script="hant", title="外長會議"),
                                   make_doc("/in/s.txt", SIMP, title="元首会议")])
        put(s, [make_doc(f"/in/filler{i}.txt", f"第{i}份无关的文件。" * 20) for i in range(30)])
        assert {h.doc_id for h in s.search("上海合作組織")} == {trad_id, simp_id}  # Traditional query
        assert [h.doc_id for h in s.search("外交部长王毅")] == [trad_id]  # Simplified finds Traditional
        assert [h.doc_id for h in s.search("王毅")] == [trad_id]  # two characters
        assert [h.doc_id for h in s.search("津")] == [simp_id]  # one character
        [hit] = s.search("組織成員國外長")
        assert hit.start == TRAD.index("組織成員國外長") and "組織成員國外長" in hit.snippet
        assert s.search("100%") == [] and s.search("_") == []  # LIKE wildcards are literal
        with s._engine.connect() as conn:  # type: ignore[attr-defined]
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.execute(
                text("EXPLAIN SELECT rowid FROM versions_fts WHERE body LIKE :p"), {"p": "%上海合作组织%"}))
        assert "ix_versions_fts_body" in plan


# -- several processes ------------------------------------------------------------------


def _corpus_with_overlap(folder: Path) -> list[Path]:
    """The shared corpus plus 40 generated Chinese reports, as one list of files."""
    folder.mkdir()
    for p in sorted((SHARED / "corpus").iterdir()):
        if p.is_file():
            shutil.copy(p, folder / p.name)
    cities = ["天津", "阿斯塔纳", "比什凯克", "杜尚别", "撒马尔罕", "青岛", "塔什干", "莫斯科"]
    for i in range(40):
        city = cities[i % len(cities)]
        body = "".join(f"新华社{city}{i % 12 + 1}月{j + 1}日电 上海合作组织成员国外长理事会会议在{city}举行，"
                       f"各方同意推进第{i * 7 + j}项合作。\n\n" for j in range(12))
        (folder / f"gen{i:03d}.txt").write_text(f"{city}会议报道{i}\n\n{body}", encoding="utf-8")
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt")


def _snapshot(store: Store) -> tuple[dict[str, Any], collections.Counter[Any]]:
    """(abspath -> (version, sha256, flag counts), Counter of (abspath, record type, key, start))."""
    docs = {r.abspath: (r.version, r.sha256, r.flag_counts) for r in store.list_documents()}
    by_ref = {r.ref: r.abspath for r in store.list_documents()}
    mentions = collections.Counter((by_ref[info.ref], f.type, f.key, f.start) for info, f, _ in store.iter_linked())
    return docs, mentions


@needs_server
@needs_shared
def test_two_concurrent_ingests_lose_nothing_and_duplicate_nothing(pg_url: str, tmp_path: Path) -> None:
    files = _corpus_with_overlap(tmp_path / "in")
    third = len(files) // 3
    cmd = [sys.executable, "-m", "scotrack", "ingest", "--db", pg_url, "--no-progress", "--batch-size", "4",
           "--workers", "1"]
    procs = [subprocess.Popen([*cmd, *map(str, part)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for part in (files[:2 * third], files[third:])]  # the middle third is ingested by both
    for p in procs:
        assert p.wait(timeout=600) == 0, p.stderr.read() if p.stderr else ""

    reference = SQLiteStore(str(tmp_path / "one-process.db"))  # the same files, one process, SQLite
    pipeline.ingest([str(f) for f in files], Settings(workers=1, progress=False), reference)
    want = _snapshot(reference)
    reference.close()
    with open_store(pg_url) as s:
        got = _snapshot(s)
        assert got[0] == want[0] and len(got[0]) == len(files)  # every file once, version 1, same flags
        assert got[1] == want[1] and sum(want[1].values()) > 100  # every mention once
        ids = [r.id for r in s.list_documents()]
        assert ids == list(range(1, len(files) + 1))  # dense ids: nothing lost, no gaps
        dup = _sql(s, "SELECT count(*) FROM (SELECT type, key FROM records GROUP BY type, key HAVING count(*) > 1) d")
        assert dup[0][0] == 0
        [(n_records, top)] = _sql(s, "SELECT count(*), max(id) FROM records")
        assert n_records == top  # record ids (m3, n20…) have no gaps either
        stamp = s.change_stamp()
    again = subprocess.run([*cmd, *map(str, files)], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    with open_store(pg_url) as s:
        assert _snapshot(s) == got and s.change_stamp() == stamp  # re-ingest: nothing to write


def _kill_writer_once(url: str) -> bool:
    """Run a writer on ``url``, SIGKILL it after ~0.5 s, check the store is
    consistent; True when the kill landed while a batch was being written."""
    begun = kill_a_writer(url)
    with open_store(url) as s:  # the server rolled back the dead writer's batch and freed its lock
        versions = _sql(s, "SELECT count(*) FROM versions")[0][0]
        assert versions >= BATCH and versions % BATCH == 0  # whole batches only
        wrong_flags = _sql(s, "SELECT count(*) FROM versions v WHERE "
                              "(SELECT count(*) FROM flags f WHERE f.version_id = v.id) != :n", n=FLAGS_PER_DOC)
        assert wrong_flags[0][0] == 0
        indexed = _sql(s, "SELECT rowid FROM versions_fts ORDER BY rowid")
        latest = _sql(s, "SELECT max(id) FROM versions GROUP BY source_id ORDER BY 1")
        assert indexed == latest and len(latest) == BATCH
        assert s.write_batch([make_doc("/in/after.txt", SIMP)])[0] == BATCH + 1
        assert s.counts()["documents"] == BATCH + 1
    return bool(begun.value > versions // BATCH)


@needs_server
def test_killed_writer_leaves_a_consistent_store(pg_url: str) -> None:
    for attempt in range(3):
        url = pg_url + f"?options=-csearch_path%3Dcrash{attempt}"
        with create_engine(make_url(pg_url).set(drivername="postgresql+psycopg"), poolclass=NullPool).begin() as c:
            c.exec_driver_sql(f"CREATE SCHEMA crash{attempt}")
        if _kill_writer_once(url):
            return
    pytest.fail("no kill landed inside a write; the test did not exercise a half-written batch")


# -- the test facility --------------------------------------------------------------------


@needs_server
def test_a_mapped_path_is_fresh_again_once_its_file_is_gone(tmp_path: Path) -> None:
    path = str(tmp_path / "mapped.db")
    with mapped_store(path, TEST_POSTGRES) as s:
        put(s, [make_doc("/in/a.txt", SIMP, clean_flags=(Flag("truncated", 0, 1),))])
    assert os.path.isfile(path)
    with mapped_store(path, TEST_POSTGRES) as s:
        assert s.counts()["documents"] == 1
    os.remove(path)
    with mapped_store(path, TEST_POSTGRES) as s:
        assert s.counts() == {"documents": 0, "versions": 0, "rejections": 0, "flags": 0}


# -- errors (no server needed) ---------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_server_is_one_clear_line() -> None:
    port = _free_port()
    with pytest.raises(StoreError) as err:
        open_store(f"postgresql://someone:secret@127.0.0.1:{port}/sco")
    message = str(err.value)
    assert message.startswith(f"could not connect to PostgreSQL at 127.0.0.1:{port}/sco: ")
    assert message.endswith("; start the server or check --db") and "\n" not in message
    assert "secret" not in message


@needs_server
def test_wrong_password_and_missing_database_say_what_to_fix(pg_url: str) -> None:
    url = make_url(pg_url)
    with pytest.raises(StoreError, match=r"could not connect to PostgreSQL .*; check the user and password in --db$"):
        open_store(url.set(password="not-the-password").render_as_string(hide_password=False))
    with pytest.raises(StoreError, match=r'database "no_such_db_here" does not exist; create it .* or check --db$'):
        open_store(url.set(database="no_such_db_here").render_as_string(hide_password=False))


def test_other_postgres_drivers_and_a_missing_psycopg_are_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="through psycopg 3; write the store URL as postgresql://"):
        open_store("postgresql+psycopg2://localhost/sco")
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    with pytest.raises(ConfigError, match=r"pip install 'scotrack\[postgres\]'"):
        open_store("postgresql://localhost/sco")
