"""The documents and search pages of the dashboard, on a small store of texts
written for these tests (not taken from any site)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from scotrack.pipeline import ingest
from scotrack.settings import Settings
from scotrack.store import open_store
from scotrack.web import WebSettings, create_app
from scotrack.web.views.documents import build_segments, safe_url

BANK = """首页 > 新闻中心 > 国际
分享到：微信 微博

新华社天津9月2日电 上海合作组织开发银行筹建工作正在加快推进。外交部长王毅表示，上合组织天津峰会决定成立上海合作组织开发银行，各方将共同推动银行尽早运营。

成员国将继续深化安全合作，共同打击恐怖主义、分裂主义和极端主义。

成员国将继续深化安全合作，共同打击恐怖主义、分裂主义和极端主义。

责任编辑：张三
"""
TRAD = """上合組織開發銀行進展

香港9月3日消息，上海合作組織開發銀行的籌建進入新階段。外交部長王毅稱，各成員國已就銀行章程草案交換意見。
"""
EVIL = """自媒体观察：上合组织峰会花絮

作者写道<script>alert(1)</script>，并附上链接javascript:alert(1)供读者点击。上海合作组织开发银行成为网友热议话题。
"""
ORDINAL = """峰会侧记

新华社天津9月1日电 上海合作组织成员国元首理事会第二十次会议于8月31日至9月1日在天津举行，与会领导人讨论了区域安全与互联互通。
"""
MANIFEST = [
    {"file": "a_bank.txt", "url": "https://news.example.org/2025/bank.html", "published": "2025-09-02",
     "kind": "news"},
    {"file": "b_trad.txt", "url": "http://hk.example.org/b", "published": "2025-09-03"},
    {"file": "c_evil.txt", "url": "javascript:alert(1)", "published": "2025-09-04", "kind": "self-media"},
    {"file": "d_ordinal.txt", "published": "2025-09-01", "kind": "news"},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("docs")
    for name, text in (("a_bank.txt", BANK), ("b_trad.txt", TRAD), ("c_evil.txt", EVIL),
                       ("d_ordinal.txt", ORDINAL)):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "manifest.jsonl").write_text(
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in MANIFEST), encoding="utf-8")
    db = str(folder / "web.db")
    with open_store(db) as store:
        ingest([str(folder)], Settings(db=db, workers=1, progress=False), store)
    with TestClient(create_app(WebSettings(db=db))) as c:
        yield c


def _ref(client: TestClient, filename: str) -> str:
    return next(d["id"] for d in client.get("/api/documents").json()["items"] if d["path"].endswith(filename))


def _doctext(page: str) -> str:
    start = page.index('<div class="doctext"')
    return page[start:page.index("</div>", start)]


def test_document_page_marks_removed_text_mentions_and_flags(client: TestClient) -> None:
    ref = _ref(client, "a_bank.txt")
    page = client.get(f"/documents/{ref}")
    assert page.status_code == 200
    body = _doctext(page.text)
    # boilerplate is shown greyed, with why it was removed
    removed = re.search(r'<span class="removed" title="([^"]*)">分享到：微信 微博</span>', body)
    assert removed and "boilerplate" in removed.group(1) and "share bar" in removed.group(1)
    # the repeated paragraph too
    assert re.search(r'<span class="removed" title="[^"]*duplicate[^"]*">成员国将继续', body)
    # the bank is a highlighted mention linking to its record, with its type and name
    api = client.get(f"/api/documents/{ref}").json()
    bank = next(m for m in api["mention_list"] if m["type"] == "institutions")
    assert bank["url"] == f"/institutions/{bank['record']}"
    mark = re.search(rf'<mark id="m-{bank["start"]}" class="[^"]*institutions[^"]*" title="([^"]*)">'
                     rf'<a href="{bank["url"]}">', body)
    assert mark and "上海合作组织开发银行" in html.unescape(mark.group(1))
    # the text as shown is exactly the stored text, segment by segment
    shown = html.unescape(re.sub(r"<[^>]+>", "", body.split(">", 1)[1]))
    assert shown == api["text"]
    assert 'rel="noopener noreferrer"' in page.text and 'href="https://news.example.org/2025/bank.html"' in page.text


def test_fact_conflict_is_flagged_in_the_text(client: TestClient) -> None:
    ref = _ref(client, "d_ordinal.txt")
    api = client.get(f"/api/documents/{ref}").json()
    conflict = next(f for f in api["flag_list"] if f["kind"] == "fact-conflict")
    body = _doctext(client.get(f"/documents/{ref}").text)
    flagged = re.search(r'<span class="flagged" title="([^"]*)">', body)
    assert flagged and "fact-conflict" in flagged.group(1)
    assert f'id="f-{conflict["start"]}"' in body


def test_untrusted_text_and_url_are_inert(client: TestClient) -> None:
    ref = _ref(client, "c_evil.txt")
    page = client.get(f"/documents/{ref}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r'href="\s*javascript:', page, re.IGNORECASE)
    assert "javascript:alert(1)" in page  # shown, as text
    assert safe_url("javascript:alert(1)") is None and safe_url(" JavaScript:x") is None
    assert safe_url("https://a.example/x") == "https://a.example/x"
    hits = client.get("/search", params={"q": "<script>"}).text
    assert "<script>" not in hits.split("<main>", 1)[1]


def test_search_folds_scripts_both_ways(client: TestClient) -> None:
    trad, simp = _ref(client, "b_trad.txt"), _ref(client, "a_bank.txt")
    for q in ("开发银行", "開發銀行"):
        res = client.get("/api/search", params={"q": q}).json()
        docs = [d["id"] for d in res["documents"]]
        assert trad in docs and simp in docs
        assert any(r["type"] == "institutions" and r["label"] == "上海合作组织开发银行" for r in res["records"])
        assert any(p["match"] for d in res["documents"] for p in d["snippet"])
    page = client.get("/search", params={"q": "開發銀行"}).text
    main = page.split("<main>", 1)[1]
    assert main.index("<h2>Records") < main.index("<h2>Documents")
    assert f'href="/documents/{simp}?q=' in main and "<mark>开发银行</mark>" in main
    assert "<mark>開發銀行</mark>" in main


def test_empty_search_shows_the_form_with_a_hint(client: TestClient) -> None:
    page = client.get("/search")
    assert page.status_code == 200 and 'class="card hint"' in page.text
    assert client.get("/api/search").json() == {"query": "", "records": [], "documents": []}


def test_document_list_filters_csv_and_json(client: TestClient) -> None:
    page = client.get("/documents").text
    assert '<span class="badge self-media">self-media</span>' in page
    listing = client.get("/api/documents").json()
    assert (listing["total"], listing["page"], listing["per_page"]) == (4, 1, 100)
    docs = listing["items"]
    assert len(docs) == 4 and all(d["id"].startswith("d") for d in docs)
    bank = next(d for d in docs if d["path"].endswith("a_bank.txt"))
    assert bank["flags"]["boilerplate"] >= 2 and bank["mentions"] > 0
    assert [d["path"][-10:] for d in client.get("/api/documents?kind=self-media").json()["items"]] == ["c_evil.txt"]
    ranged = client.get("/api/documents", params={"from": "2025-09-02", "to": "2025-09-03"}).json()["items"]
    assert sorted(d["path"].rsplit("/", 1)[-1] for d in ranged) == ["a_bank.txt", "b_trad.txt"]
    flagged = client.get("/api/documents", params={"flag": "fact-conflict"}).json()["items"]
    assert [d["path"].rsplit("/", 1)[-1] for d in flagged] == ["d_ordinal.txt"]
    r = client.get("/documents", params={"kind": "news", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert {row["kind"] for row in rows} == {"news"} and len(rows) == 2
    assert "/api/documents" in client.get("/openapi.json").json()["paths"]


def test_rejections(client: TestClient) -> None:
    rej = client.get("/api/rejections").json()["items"]
    assert len(rej) == 1 and rej[0]["reason"] == "empty"
    assert "empty.txt" in client.get("/rejections").text
    r = client.get("/rejections?format=csv")
    assert "attachment" in r.headers["content-disposition"] and "empty.txt" in r.text


def test_raw_download_is_an_attachment(client: TestClient) -> None:
    ref = _ref(client, "c_evil.txt")
    r = client.get(f"/documents/{ref}/raw")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment;") and "c_evil.txt" in r.headers["content-disposition"]
    assert r.content == EVIL.encode("utf-8")


def test_unknown_refs_are_404(client: TestClient) -> None:
    for url in ("/documents/d999", "/documents/x1", "/api/documents/d999", "/documents/d999/raw",
                "/documents/3"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/documents/d999").json()["detail"]


def test_segments_nest_overlapping_spans() -> None:
    text = "abcdefghij"
    flags = [{"kind": "boilerplate", "start": 0, "end": 2, "detail": "navigation"},
             {"kind": "truncated", "start": 10, "end": 10, "detail": "stops"},
             {"kind": "fact-conflict", "start": 4, "end": 8, "detail": "wrong"}]
    mentions = [{"record": "c1", "type": "commitments", "label": "C", "start": 3, "end": 9, "url": "/c/c1"},
                {"record": "n1", "type": "institutions", "label": "N", "start": 5, "end": 7, "url": "/n/n1"}]
    segs = build_segments(text, [[2, 10]], flags, mentions)
    assert "".join(s.text for s in segs if not s.point) == text
    assert [(s.start, s.end) for s in segs if not s.point] == [(0, 2), (2, 3), (3, 4), (4, 5), (5, 7), (7, 8),
                                                               (8, 9), (9, 10)]
    inner = next(s for s in segs if s.start == 5)
    assert inner.link and inner.link["record"] == "n1" and inner.flags and inner.mark_id == "m-5"
    assert segs[0].removed.startswith("removed — boilerplate")
    assert segs[-1].point and segs[-1].flags[0]["kind"] == "truncated"
