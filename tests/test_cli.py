"""The command line end to end: ingest, list, show, search, export, bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scotrack.cli import cli

from .conftest import ROOT, SHARED, needs_shared


def run(*args: str, db: Path | None = None):
    argv = list(args) + (["--db", str(db)] if db else [])
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def scotrack_proc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scotrack", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def write(p: Path, data: bytes | str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    p.write_bytes(data)
    return p


ARTICLE = "新华社北京5月6日电 上海合作组织成员国外长理事会会议今天在北京举行,各方同意加强合作。\n\n会议通过了联合公报。\n"


# --- the shared corpus -------------------------------------------------

@pytest.fixture(scope="module")
def corpus_export(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    db = tmp / "c.db"
    r = CliRunner().invoke(cli, ["ingest", str(SHARED / "corpus"), "--db", str(db), "--no-progress"],
                           catch_exceptions=False)
    out = tmp / "registry.json"
    e = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "json", "--output", str(out)],
                           catch_exceptions=False)
    return r, e, db, json.loads(out.read_text(encoding="utf-8")), out


@needs_shared
def test_corpus_ingests_every_document(corpus_export):
    r, e, _db, reg, _ = corpus_export
    assert r.exit_code == 0, r.output
    assert e.exit_code == 0
    names = {os.path.basename(d["path"]) for d in reg["documents"]}
    expected = {p.name for p in (SHARED / "corpus").iterdir() if p.suffix == ".txt"}
    assert names == expected
    assert reg["schema"] == "scotrack.registry/1"
    for kind in ("meetings", "outcome_documents", "initiatives", "institutions", "people",
                 "commitments", "figures"):
        assert isinstance(reg[kind], list)


@needs_shared
def test_export_keeps_txt_text_exact_and_metadata(corpus_export):
    *_, reg, _ = corpus_export
    by = {os.path.basename(d["path"]): d for d in reg["documents"]}
    for name, d in by.items():
        raw = (SHARED / "corpus" / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        assert d["text"] == raw
        assert d["sha256"] and len(d["sha256"]) == 64
        for f in d["flags"]:
            assert 0 <= f["start"] <= f["end"] <= len(d["text"])
    assert by["25_dev-bank-decision-etnet-zh.txt"]["script"] == "hant"
    assert by["003_45df6687c3f704f3.txt"]["kind"] == "self-media"
    assert by["000_eff580d89c659198.txt"]["published"] == "2025-09-01"
    assert by["15_tianjin-documents-signed-24kg-en.txt"]["language"] == "en"
    assert by["05_statement-wwii-un80-xinhua-gmw-zh.txt"]["published"] == "2025-09-02"


@needs_shared
def test_shared_scorer_passes_every_cleaning_check(corpus_export):
    *_, out = corpus_export
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(out), str(SHARED / "gold")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("cleaning checks passed"))
    ok, total = line.rsplit(" ", 1)[1].split("/")
    assert int(total) > 0 and ok == total, res.stdout
    assert "documents missing" not in res.stdout


@needs_shared
def test_reingest_is_a_no_op(corpus_export, tmp_path):
    _r, _e, db, _reg, _ = corpus_export
    before = db.stat().st_size
    again = run("ingest", str(SHARED / "corpus"), "--no-progress", db=db)
    assert again.exit_code == 0
    assert "unchanged" in again.output
    listing = run("list", "documents", "--format", "json", db=db)
    rows = json.loads(listing.output)
    assert len(rows) == len([p for p in (SHARED / "corpus").iterdir() if p.suffix == ".txt"])
    assert all(r["version"] == 1 for r in rows)
    assert db.stat().st_size <= before + 64 * 1024


@needs_shared
def test_list_show_and_search(corpus_export):
    _r, _e, db, reg, _ = corpus_export
    listing = json.loads(run("list", "documents", "--format", "json", db=db).output)
    assert {"id", "title", "date", "language", "script", "kind", "flags"} <= set(listing[0])
    seed = next(d for d in reg["documents"] if d["path"].endswith("003_45df6687c3f704f3.txt"))
    shown = run("show", seed["id"], db=db)
    assert shown.exit_code == 0
    assert "self-media" in shown.output and "⟦" in shown.output  # removed parts are marked
    hits = json.loads(run("search", "开发银行", "--format", "json", db=db).output)
    hit_paths = {h["path"].rsplit("/", 1)[-1] for h in hits}
    assert "25_dev-bank-decision-etnet-zh.txt" in hit_paths  # Traditional text, Simplified query
    assert "003_45df6687c3f704f3.txt" in hit_paths
    trad = json.loads(run("search", "開發銀行", "--format", "json", db=db).output)
    assert {h["id"] for h in trad} == {h["id"] for h in hits}


# --- bad input -----------------------------------------------------------

def test_missing_path_is_one_line_and_exit_2(tmp_path):
    res = scotrack_proc("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "nope" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_bad_files_in_a_batch_are_stored_rejections_and_the_batch_goes_on(tmp_path):
    d = tmp_path / "in"
    write(d / "good.txt", ARTICLE)
    write(d / "empty.txt", b"")
    write(d / "blank.md", "  \n\n ")
    write(d / "binary.txt", bytes(range(256)) * 8)
    write(d / "image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    write(d / "broken.html", b"<html><head><title>x</ti")
    write(d / "notes.xyz", "some text")
    db = tmp_path / "s.db"
    res = run("ingest", str(d), "--no-progress", db=db)
    assert res.exit_code == 1, res.output
    rej = json.loads(run("list", "rejections", "--format", "json", db=db).output)
    reasons = {Path(r["path"]).name: r["reason"] for r in rej}
    assert reasons["empty.txt"] == "empty" and reasons["blank.md"] == "empty"
    assert reasons["binary.txt"] == "binary" and reasons["image.txt"] == "binary"
    assert "broken.html" in reasons and "notes.xyz" in reasons
    assert "good.txt" not in reasons
    docs = json.loads(run("list", "documents", "--format", "json", db=db).output)
    assert len(docs) == 1


def test_nothing_usable_exits_2(tmp_path):
    write(tmp_path / "empty.txt", b"")
    res = scotrack_proc("ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "x.db"), "--no-progress")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "empty" in res.stderr


def test_a_file_over_the_limit_is_rejected_without_being_read(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * 1024 * 1024)
    write(tmp_path / "ok.txt", ARTICLE)
    res = run("ingest", str(tmp_path), "--no-progress", db=tmp_path / "x.db")
    assert res.exit_code == 1
    rej = json.loads(run("list", "rejections", "--format", "json", db=tmp_path / "x.db").output)
    assert [r["reason"] for r in rej] == ["too-large"]
    assert "--max-bytes" in rej[0]["detail"]


def test_undecodable_store_path_is_a_one_line_error(tmp_path):
    write(tmp_path / "ok.txt", ARTICLE)
    res = scotrack_proc("ingest", str(tmp_path / "ok.txt"), "--db", str(tmp_path / "no" / "such" / "dir" / "x.db"))
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_unknown_document_id(tmp_path):
    res = scotrack_proc("show", "d999", "--db", str(tmp_path / "x.db"))
    assert res.returncode == 2 and "d999" in res.stderr and "Traceback" not in res.stderr


# --- versions, crash, concurrency ----------------------------------------

def test_changed_file_becomes_a_new_version(tmp_path):
    f = write(tmp_path / "in" / "a.txt", ARTICLE)
    db = tmp_path / "s.db"
    assert run("ingest", str(f), "--no-progress", db=db).exit_code == 0
    write(f, ARTICLE + "\n会议决定下一次会议在阿斯塔纳举行。\n")
    res = run("ingest", str(f), "--no-progress", db=db)
    assert res.exit_code == 0 and "new versions" in res.output
    rows = json.loads(run("list", "documents", "--format", "json", db=db).output)
    assert len(rows) == 1 and rows[0]["version"] == 2
    old = run("show", rows[0]["id"], "--version", "1", "--clean", db=db)
    assert "阿斯塔纳" not in old.output and "外长理事会" in old.output


def _make_batch(folder: Path, n: int) -> None:
    for i in range(n):
        body = "".join(f"第{i}号文件的第{j}段:成员国代表讨论了第{i * 7 + j}项合作议题,同意继续推进。\n\n"
                       for j in range(30))
        write(folder / f"doc{i:05d}.txt", f"标题{i}\n\n{body}")


def _descendants(pid: int) -> list[int]:
    """Live descendants of ``pid`` (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as fh:
                    kids = [int(x) for x in fh.read().split()]
            except OSError:
                continue
            out.extend(kids)
            todo.extend(kids)
    return out


@pytest.mark.sqlite_only  # waits on the SQLite file growing; test_postgres.py kills a PostgreSQL writer
def test_kill_9_mid_batch_leaves_a_consistent_store_and_the_next_run_finishes(tmp_path):
    src = tmp_path / "in"
    _make_batch(src, 400)
    db = tmp_path / "s.db"
    proc = subprocess.Popen([sys.executable, "-m", "scotrack", "ingest", str(src), "--db", str(db),
                             "--no-progress", "--batch-size", "8"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not (db.exists() and db.stat().st_size > 200_000):
        time.sleep(0.05)
    helpers = _descendants(proc.pid)  # the pool's fork server and its workers
    assert helpers, "the ingest should have started worker processes (400 inputs, 2 cores)"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # the workers notice their parent is gone and end, and the fork server with them
    deadline = time.time() + 20
    while time.time() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in helpers):
        time.sleep(0.1)
    assert not [pid for pid in helpers if os.path.exists(f"/proc/{pid}")]
    import sqlite3

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    res = scotrack_proc("ingest", str(src), "--db", str(db), "--no-progress")
    assert res.returncode == 0, res.stderr
    rows = json.loads(scotrack_proc("list", "documents", "--format", "json", "--db", str(db)).stdout)
    assert len(rows) == 400
    assert len({r["id"] for r in rows}) == 400


def test_two_concurrent_ingests_do_not_corrupt_or_duplicate(tmp_path):
    src = tmp_path / "in"
    _make_batch(src, 120)
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "scotrack", "ingest", str(src), "--db", str(db), "--no-progress",
           "--batch-size", "4"]
    a = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    b = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert a.wait(timeout=300) == 0, a.stderr.read()
    assert b.wait(timeout=300) == 0, b.stderr.read()
    rows = json.loads(scotrack_proc("list", "documents", "--format", "json", "--db", str(db)).stdout)
    assert len(rows) == 120 and all(r["version"] == 1 for r in rows)


def test_python_dash_m_and_help(tmp_path):
    res = scotrack_proc("--help")
    assert res.returncode == 0
    for cmd in ("ingest", "list", "show", "search", "export"):
        assert cmd in res.stdout
        sub = scotrack_proc(*(["list", "documents"] if cmd == "list" else [cmd]), "--help")
        assert sub.returncode == 0 and "Example" in sub.stdout


def test_readme_commands_name_real_commands():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [m.group(1) for line in readme[:8] for m in [re.fullmatch(r"`(.+)`", line.strip())] if m]
    assert len(commands) == 2
    assert "scotrack ingest examples" in commands[0]
    assert "pytest" in commands[1] or "scripts/test" in commands[1]  # scripts/test runs pytest
    # CI runs exactly the README's test command
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert any(p.suffix in {".txt", ".md", ".html"} for p in (ROOT / "examples").iterdir())


def test_doubts_lists_sum_and_title_conflicts(tmp_path):
    write(tmp_path / "in" / "list.txt",
          "某合作机制年度成果清单（共13项）\n\n（一）会议活动\n共5项\n\n（二）合作文件\n共4项\n\n（三）倡议\n共3项\n\n"
          "2025年3月，国务委员兼外交部长王毅会见上合组织秘书长。\n")
    db = tmp_path / "s.db"
    assert run("ingest", str(tmp_path / "in"), "--no-progress", db=db).exit_code == 0
    rows = json.loads(run("doubts", "--format", "json", db=db).output)
    details = " ".join(r["detail"] for r in rows)
    assert "13" in details and "12" in details  # 5 + 4 + 3 = 12, not 13
    assert "王毅" in details or "国务委员" in details
    assert all(r["kind"] == "fact-conflict" for r in rows)


def test_show_record_states_its_support(tmp_path):
    write(tmp_path / "in" / "a.txt", "上合组织开发银行的筹建工作正在推进。\n")
    write(tmp_path / "in" / "b.txt", "各方同意加快上合组织开发银行的筹建进程，并将继续磋商章程草案。\n")
    db = tmp_path / "s.db"
    run("ingest", str(tmp_path / "in"), "--no-progress", db=db)
    rows = json.loads(run("list", "institutions", "--format", "json", db=db).output)
    shown = run("show", rows[0]["id"], db=db)
    assert "2 independent stories in 2 documents" in shown.output


def test_meeting_tables_fold_dates_into_one_column():
    from scotrack.cli import _compact

    row = {"id": "m2", "body": "heads-of-state", "start": "2025-08-31", "end": "2025-09-01", "year": 2025}
    assert _compact(row) == {"id": "m2", "body": "heads-of-state", "dates": "2025-08-31–09-01"}
    assert _compact({"id": "m9", "start": None, "end": None, "year": 2026})["dates"] == "2026"
    assert _compact({"id": "d1", "title": "x"}) == {"id": "d1", "title": "x"}
