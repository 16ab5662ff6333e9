"""End to end: the real server (uvicorn on 127.0.0.1) driven by headless Chromium.

Needs Debian's chromium at /usr/bin/chromium and the ``playwright`` package
(no browser download: playwright drives the system chromium). The store is
built from ../shared/corpus. Screenshots go to tests/artifacts/web-*.png.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scotrack.pipeline import ingest
from scotrack.settings import Settings
from scotrack.store import open_store
from scotrack.web import WebSettings, create_app

from .conftest import SHARED

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
TOKEN = "e2e-token-0123456789"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
               "--no-first-run", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not beside the checkout"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

# A short text in our own words, uploaded through the browser.
UPLOAD_TEXT = ("上海合作组织成员国的图书馆员在一次线上会议中交换了古籍修复的经验。\n\n"
               "与会者商定每年轮流举办一次修复技术讲习班，并建立共享的术语表。\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over a store of the shared corpus, uploads on; yields its base URL."""
    import uvicorn

    db = str(tmp_path_factory.mktemp("e2e") / "e2e.db")
    with open_store(db) as store:
        ingest([str(SHARED / "corpus")], Settings(db=db, workers=1, progress=False), store)
    app = create_app(WebSettings(db=db, allow_upload=True, upload_token=TOKEN))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; console errors (a CSP violation, a failed load) and page errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    problems: list[str] = []
    def on_console(m: Any) -> None:
        if m.type == "error" and not m.text.startswith("Failed to load resource"):  # those: on_response
            problems.append(f"console {m.type}: {m.text}")

    def on_response(r: Any) -> None:
        if r.status >= 400 and not r.url.endswith("/favicon.ico") and r.status != 403:  # 403: wrong-token step
            problems.append(f"{r.status} for {r.url}")

    pg.on("console", on_console)
    pg.on("response", on_response)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    assert not problems, problems


def shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_browse_meeting_document_and_search(server: str, page: Any) -> None:
    expect = sync_api.expect
    response = page.goto(server + "/")
    assert response is not None and response.status == 200
    expect(page.locator("header.top")).to_be_visible()
    shot(page, "overview")

    # follow a meeting: the Tianjin summit if the overview lists it, else the first one
    meetings = page.locator("main a[href^='/meetings/m']")
    tianjin = meetings.filter(has_text="天津")
    (tianjin if tianjin.count() else meetings).first.click()
    page.wait_for_url("**/meetings/m*")
    expect(page.locator("h1")).to_be_visible()
    shot(page, "meeting")

    # open a document that mentions it, and see a highlighted mention
    page.locator("main a[href^='/documents/d']").first.click()
    page.wait_for_url("**/documents/d*")
    expect(page.locator("main mark").first).to_be_visible()
    shot(page, "document")

    # search in Chinese from the header box
    box = page.locator("form.search input[name=q]")
    box.fill("开发银行")
    box.press("Enter")
    page.wait_for_url("**/search?*")
    results = page.locator("main a[href^='/documents/d']")
    expect(results.first).to_be_visible()
    assert results.count() >= 2
    expect(page.locator("main")).to_contain_text("开发银行")
    shot(page, "search")


def test_upload_then_listed(server: str, page: Any, tmp_path: Path) -> None:
    expect = sync_api.expect
    page.goto(server + "/")
    page.locator("nav a[href='/upload']").click()
    page.wait_for_url("**/upload")
    upload = tmp_path / "guji-xiufu.txt"
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")
    page.set_input_files("input[type=file]", str(upload))
    page.fill("input[name=token]", TOKEN)
    page.locator("form.upload-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("table.upload-result")).to_contain_text("guji-xiufu.txt")
    expect(page.locator("table.upload-result")).to_contain_text("ingested")
    link = page.locator("table.upload-result a[href^='/documents/d']").first
    ref = link.inner_text().strip()
    shot(page, "upload")

    page.locator("a[href='/documents']").last.click()
    page.wait_for_url("**/documents")
    expect(page.locator(f"main a[href='/documents/{ref}']").first).to_be_visible()
    shot(page, "documents")

    page.locator(f"main a[href='/documents/{ref}']").first.click()
    expect(page.locator("main")).to_contain_text("古籍修复")

    # a wrong token is refused, and the page says so
    page.goto(server + "/upload")
    page.set_input_files("input[type=file]", str(upload))
    page.fill("input[name=token]", "not-the-token")
    page.locator("form.upload-form button[type=submit]").click()
    expect(page.locator(".upload-error")).to_be_visible()
