"""How the dashboard's registry snapshot follows the store.

``sync`` (the default, used by the other web tests) rebuilds before a
request that sees a change; ``background`` (``scotrack serve``) keeps
answering from the previous snapshot while one thread rebuilds, and says so
on the page. The build is held on an event here so the "updating" state is
observed deterministically, not by timing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from scotrack.pipeline import ingest
from scotrack.settings import Settings
from scotrack.store import open_store
from scotrack.web import WebSettings, create_app
from scotrack.web import data as web_data

FIRST = ("上合组织天津峰会闭幕\n\n上海合作组织成员国元首理事会第二十五次会议9月1日在天津闭幕。"
         "成员国元首一致决定成立上海合作组织开发银行。\n")
SECOND = ("莫斯科总理会议\n\n上海合作组织成员国政府首脑（总理）理事会第二十四次会议11月18日在莫斯科举行。"
          "各方讨论了上合组织开发银行的筹建事宜。\n")


def _ingest(folder: Path, db: str, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    with open_store(db) as store:
        ingest([str(folder / name)], Settings(db=db, workers=1, progress=False), store)


def _meeting_keys(snap: web_data.Snapshot) -> set[str]:
    return {r["key"] for r in snap.registry["meetings"]}


def test_sync_snapshot_sees_a_new_document_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    _ingest(tmp_path / "in", db, "a.txt", FIRST)
    wd = web_data.WebData(db)
    try:
        first = wd.snapshot()
        assert wd.snapshot() is first  # unchanged store: the same cached object
        assert _meeting_keys(first) == {"heads-of-state#25"}
        _ingest(tmp_path / "in", db, "b.txt", SECOND)
        second = wd.snapshot()
        assert second is not first
        assert _meeting_keys(second) == {"heads-of-state#25", "heads-of-government#24"}
        assert second.mentions > first.mentions and len(second.docs) == 2
    finally:
        wd.close()


def test_background_refresh_serves_the_previous_snapshot_until_the_new_one_is_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "b.db")
    _ingest(tmp_path / "in", db, "a.txt", FIRST)
    release, started = threading.Event(), threading.Event()
    real_build = web_data.build_snapshot

    def held_build(*args: Any, **kwargs: Any) -> web_data.Snapshot:
        if release_needed[0]:
            started.set()
            assert release.wait(30), "the test never released the build"
        return real_build(*args, **kwargs)

    release_needed = [False]
    monkeypatch.setattr(web_data, "build_snapshot", held_build)
    monkeypatch.setitem(web_data.STAMP_TTL, "background", 0.0)
    app = create_app(WebSettings(db=db, refresh="background"))
    wd: web_data.WebData = app.state.data
    old = wd.warm()
    with TestClient(app) as client:
        release_needed[0] = True
        _ingest(tmp_path / "in", db, "b.txt", SECOND)
        page = client.get("/meetings")
        assert started.wait(30) and wd.updating
        # the previous registry, and a notice saying a newer one is on its way
        assert page.status_code == 200 and "heads-of-government" not in client.get("/api/meetings").text
        assert "registry is being updated" in page.text
        assert wd.snapshot() is old
        release.set()
        assert wd._rebuilding is not None
        wd._rebuilding.join(30)
        assert not wd.updating
        new = wd.snapshot()
        assert new is not old and "heads-of-government#24" in _meeting_keys(new)
        page = client.get("/meetings")
        assert "registry is being updated" not in page.text
        assert "heads-of-government" in client.get("/api/meetings").text


def test_a_failed_background_rebuild_keeps_the_previous_snapshot_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "f.db")
    _ingest(tmp_path / "in", db, "a.txt", FIRST)
    app = create_app(WebSettings(db=db, refresh="background"))
    wd: web_data.WebData = app.state.data
    old = wd.warm()

    def broken(*_a: Any, **_k: Any) -> web_data.Snapshot:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(web_data, "build_snapshot", broken)
    monkeypatch.setitem(web_data.STAMP_TTL, "background", 0.0)
    with TestClient(app) as client:
        _ingest(tmp_path / "in", db, "b.txt", SECOND)
        assert wd.snapshot() is old
        assert wd._rebuilding is not None
        wd._rebuilding.join(30)
        assert wd.last_error == "RuntimeError: disk went away"
        page = client.get("/")
        assert page.status_code == 200 and "could not be updated" in page.text and "disk went away" in page.text
