"""The overview, meeting and record pages of the dashboard (and their JSON/CSV twins).

A small store is built from three short texts written for these tests; one
test reads the shared corpus (skipped without ../shared)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from scotrack.pipeline import ingest
from scotrack.settings import Settings
from scotrack.store import open_store
from scotrack.web import WebSettings, create_app

from .conftest import SHARED, needs_shared

TEXTS = {
    "a.txt": ("上合组织天津峰会闭幕 成员国决定成立开发银行\n\n"
              "新华社天津9月1日电 上海合作组织成员国元首理事会第二十五次会议9月1日在天津闭幕。"
              "会议发表《上海合作组织成员国元首理事会天津宣言》，"
              "批准《上海合作组织未来10年(2026—2035年)发展战略》。\n\n"
              "成员国元首一致决定成立上海合作组织开发银行。外交部长王毅表示，本届峰会共取得八大成果。\n\n"
              "成员国将加强安全合作，共同打击恐怖主义、分裂主义和极端主义。\n"),
    "b.txt": ("莫斯科会议推进开发银行筹建\n\n"
              "新华社莫斯科11月18日电 上海合作组织成员国政府首脑（总理）理事会第二十四次会议11月18日在莫斯科举行。\n\n"
              "与会各方讨论了上合组织开发银行的筹建事宜，各方同意尽快完成相关准备工作。\n\n"
              "下届元首理事会会议将于2026年在比什凯克举行。\n"),
    "c.txt": ("自媒体：天津峰会观察\n\n"
              "2025年9月2日，有网友回顾了上海合作组织成员国元首理事会第二十四次会议，"
              "称本次天津峰会于2025年9月1日在天津闭幕。\n\n"
              "习近平主席在会上提出全球治理倡议，得到各方积极响应。\n"),
}
MANIFEST = [
    {"file": "a.txt", "published": "2025-09-01", "kind": "news", "title": "天津峰会闭幕"},
    {"file": "b.txt", "published": "2025-11-18", "kind": "official", "title": "莫斯科会议 <script>alert(1)</script>"},
    {"file": "c.txt", "published": "2025-09-02", "kind": "self-media", "title": "天津峰会观察"},
]
XSS = "<script>alert(1)</script>"


def _build(folder: Path, db: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.jsonl").write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in MANIFEST) + "\n",
                                          encoding="utf-8")
    with open_store(db) as store:
        ingest([str(folder)], Settings(db=db, workers=1, progress=False), store)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("web_pages")
    db = str(root / "pages.db")
    _build(root / "corpus", db)
    with TestClient(create_app(WebSettings(db=db))) as c:
        yield c


def _ids(client: TestClient, url: str) -> list[str]:
    return [r["id"] for r in client.get(url).json()["items"]]


def _by_name(client: TestClient, collection: str, needle: str) -> dict[str, Any]:
    items = client.get(f"/api/{collection}").json()["items"]
    return next(r for r in items if needle in str(r["name"]))


def _csv(client: TestClient, url: str) -> list[dict[str, str]]:
    r = client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))


# --- overview ---------------------------------------------------------------------

def test_overview_counts_timeline_latest_and_flags(client: TestClient) -> None:
    api = client.get("/api/overview").json()
    counts = api["counts"]
    assert counts["documents"] == 3 and counts["rejections"] == 0
    assert counts["meetings"] >= 3 and counts["institutions"] >= 1 and counts["initiatives"] >= 1
    assert {"outcome_documents", "commitments", "people", "figures", "open_flags"} <= set(counts)
    years = [y["year"] for y in api["years"]]
    assert years[:2] == ["2026", "2025"]
    sched = [m for y in api["years"] for m in y["meetings"] if m["status"] == "scheduled"]
    assert any(m["city"] == "比什凯克" for m in sched)
    assert [d["id"] for d in api["latest_documents"]] == ["d2", "d3", "d1"]  # by published date
    conflict = [f for f in api["open_flags"] if f["flag"] == "fact-conflict"]
    assert conflict and conflict[0]["doc"] == "d3" and "第二十四次" in conflict[0]["excerpt"]
    assert counts["open_flags"] == len(api["open_flags"])

    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert "总览 Overview" in html and 'class="chip scheduled"' in html and 'class="chip held"' in html
    assert f'href="{conflict[0]["url"]}"' in html and "fact-conflict" in html
    assert 'class="badge self-media"' in html
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # a document title


# --- meetings ---------------------------------------------------------------------

def test_meetings_list_filters_and_csv(client: TestClient) -> None:
    api = client.get("/api/meetings").json()
    assert api["total"] == len(api["items"]) >= 3
    tianjin = next(m for m in api["items"] if m["key"] == "heads-of-state#25")
    assert tianjin["city"] == "天津" and tianjin["status"] == "held" and tianjin["outcomes"] == 2
    assert _ids(client, "/api/meetings?status=scheduled") == [
        m["id"] for m in api["items"] if m["status"] == "scheduled"]
    assert all(m["body"] == "heads-of-government" for m in client.get("/api/meetings?body=heads-of-government")
               .json()["items"])
    assert {m["year"] for m in client.get("/api/meetings?year=2026").json()["items"]} == {2026}
    html = client.get("/meetings?status=scheduled").text
    assert "比什凯克" in html and f'href="/meetings/{tianjin["id"]}"' not in html
    rows = _csv(client, "/meetings?format=csv&body=heads-of-state")
    assert list(rows[0])[:4] == ["id", "name", "key", "body"] and {"status", "outcomes", "mentions"} <= set(rows[0])
    assert [r["id"] for r in rows] == _ids(client, "/api/meetings?body=heads-of-state")
    assert _csv(client, "/api/meetings?format=csv") == _csv(client, "/meetings?format=csv")


def test_meeting_page(client: TestClient) -> None:
    mid = next(m["id"] for m in client.get("/api/meetings").json()["items"] if m["key"] == "heads-of-state#25")
    api = client.get(f"/api/meetings/{mid}").json()
    assert api["record"]["start"] == "2025-08-31" and api["label"].startswith("元首理事会 第25次")
    assert {o["title"] for o in api["outcomes"]} == {"上海合作组织成员国元首理事会天津宣言",
                                                     "上海合作组织未来10年(2026—2035年)发展战略"}
    bank = next(n for n in api["institutions"] if n["name"] == "上海合作组织开发银行")
    assert [s["status"] for s in bank["steps"]] == ["decided"]  # the step at Tianjin, not the later one
    assert {c["area"] for c in api["commitments"]} >= {"security", "economy"}
    assert {m["doc"] for m in api["mentions"]} == {"d1", "d3"}
    m = api["mentions"][0]
    assert m["url"] == f"/documents/{m['doc']}#m-{m['start']}" and m["text"] in m["before"] + m["text"] + m["after"]

    html = client.get(f"/meetings/{mid}").text
    assert "2025-08-31 – 2025-09-01" in html and "天津宣言" in html and "上海合作组织开发银行" in html
    assert "共同打击恐怖主义" in html and f'href="{m["url"]}"' in html
    assert "<mark>上海合作组织成员国元首理事会第二十五次会议</mark>" in html


def test_unknown_meeting_is_404(client: TestClient) -> None:
    r = client.get("/meetings/m99999")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    r = client.get("/api/meetings/m99999")
    assert r.status_code == 404 and r.json()["detail"]
    bank = _by_name(client, "institutions", "开发银行")
    assert client.get(f"/meetings/{bank['id']}").status_code == 404  # an institution is not a meeting


# --- records ------------------------------------------------------------------------

@pytest.mark.parametrize("collection, needle", [
    ("outcomes", "天津宣言"), ("institutions", "上海合作组织开发银行"), ("initiatives", "全球治理倡议"),
    ("commitments", "共同打击恐怖主义"), ("people", "王毅"), ("figures", "成果")])
def test_every_list_page_json_and_csv(client: TestClient, collection: str, needle: str) -> None:
    r = client.get(f"/{collection}")
    assert r.status_code == 200 and needle in r.text
    api = client.get(f"/api/{collection}").json()
    assert api["collection"] == collection and api["total"] == len(api["items"]) >= 1
    rows = _csv(client, f"/{collection}?format=csv")
    assert list(rows[0])[:2] == ["id", "name"] and {"mentions", "documents", "url"} <= set(rows[0])
    assert [r["id"] for r in rows] == [i["id"] for i in api["items"]]
    for item in api["items"]:
        assert f'href="{item["url"]}"' in r.text
    rec = next(i for i in api["items"] if needle in str(i["name"]))
    page = client.get(rec["url"])
    assert page.status_code == 200 and needle in page.text and "<mark>" in page.text
    one = client.get(f"/api{rec['url']}").json()
    assert one["record"]["id"] == rec["id"] and one["url"] == rec["url"]
    assert len(one["mentions"]) == rec["mentions"]
    for m in one["mentions"]:
        assert f'href="{m["url"]}"' in page.text


def test_record_filters(client: TestClient) -> None:
    assert {r["status"] for r in client.get("/api/institutions?status=preparing").json()["items"]} == {"preparing"}
    assert client.get("/api/institutions?status=operating").json()["items"] == []
    assert "Nothing matches" in client.get("/institutions?status=operating").text
    sec = client.get("/api/commitments?area=security").json()["items"]
    assert sec and all(c["area"] == "security" for c in sec)
    m9 = next(m["id"] for m in client.get("/api/meetings").json()["items"] if m["key"] == "heads-of-government#24")
    moscow = client.get(f"/api/commitments?meeting={m9}").json()["items"]
    assert [c["text"] for c in moscow] == ["各方同意尽快完成相关准备工作"]
    assert moscow[0]["meeting_name"].startswith("政府首脑理事会")
    assert {o["type"] for o in client.get("/api/outcomes?type=strategy").json()["items"]} == {"strategy"}
    assert [p["name"] for p in client.get("/api/people?q=王").json()["items"]] == ["王毅"]
    assert _ids(client, "/api/institutions?q=開發銀行") == _ids(client, "/api/institutions?q=开发银行") != []
    html = client.get("/commitments?area=security&q=恐怖").text
    assert "共同打击恐怖主义" in html and "各方同意尽快" not in html
    assert 'href="/commitments?q=%E6%81%90%E6%80%96&amp;area=security&amp;format=csv"' in html
    rows = _csv(client, "/commitments?area=security&format=csv")
    assert [r["id"] for r in rows] == [c["id"] for c in sec] and {r["area"] for r in rows} == {"security"}


def test_record_page_timeline_and_sentences(client: TestClient) -> None:
    bank = _by_name(client, "institutions", "开发银行")
    api = client.get(f"/api/institutions/{bank['id']}").json()
    assert [(s["date"], s["status"]) for s in api["timeline"]["steps"]] == [
        ("2025-09-01", "decided"), ("2025-11-18", "preparing")]
    html = client.get(f"/institutions/{bank['id']}").text
    assert 'class="badge decided"' in html and 'class="badge preparing"' in html
    assert "2025-11-18" in html and 'class="badge official"' in html and 'class="badge news"' in html
    # origin and follow-up meetings are linked
    meetings = {m["key"]: m["id"] for m in client.get("/api/meetings").json()["items"]}
    assert f'href="/meetings/{meetings["heads-of-state#25"]}"' in html
    assert f'href="/meetings/{meetings["heads-of-government#24"]}"' in html
    # the sentence around a mention, cut from the document text
    m = next(x for x in api["mentions"] if x["doc"] == "d2" and x["text"] == "上合组织开发银行")
    assert m["before"] == "与会各方讨论了" and m["after"] == "的筹建事宜，各方同意尽快完成相关准备工作。"
    assert "与会各方讨论了<mark>上合组织开发银行</mark>的筹建事宜" in html
    assert m["attrs"]["status"] == "preparing" and m["published"] == "2025-11-18" and m["kind"] == "official"


def test_unknown_record_is_404(client: TestClient) -> None:
    for url in ("/institutions/n99999", "/outcomes/nope", "/people/m1"):
        r = client.get(url)
        assert r.status_code == 404 and "Not found" in r.text
    r = client.get("/api/figures/f99999")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


def test_record_names_are_escaped(client: TestClient) -> None:
    """A name holding markup (names come from untrusted documents) is shown as text."""
    data = client.app.state.data  # type: ignore[attr-defined]
    snap = data.snapshot()
    person = next(r for r in snap.registry["people"] if r["name"] == "王毅")
    old = person["name"]
    person["name"] = snap.by_id[person["id"]]["name"] = f"王毅{XSS}"
    client.app.state.view_cache = None  # type: ignore[attr-defined]  # list rows are cached per snapshot
    try:
        for url in ("/people", f"/people/{person['id']}", "/people?q=王"):
            html = client.get(url).text
            assert XSS not in html and "王毅&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert client.get(f"/api/people/{person['id']}").json()["record"]["name"] == f"王毅{XSS}"
    finally:
        person["name"] = snap.by_id[person["id"]]["name"] = old
        client.app.state.view_cache = None  # type: ignore[attr-defined]


def test_openapi_lists_the_json_twins(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/overview", "/api/meetings", "/api/meetings/{record_id}", "/api/institutions",
              "/api/institutions/{record_id}", "/api/outcomes", "/api/figures/{record_id}"):
        assert p in paths
    params = {p["name"] for p in paths["/api/commitments"]["get"]["parameters"]}
    assert {"q", "area", "meeting", "format"} <= params


# --- the shared corpus ------------------------------------------------------------

@needs_shared
def test_shared_bank_reads_decided_then_preparing(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")
    with open_store(db) as store:
        ingest([str(SHARED / "corpus")], Settings(db=db, workers=1, progress=False), store)
    with TestClient(create_app(WebSettings(db=db))) as c:
        bank = next(r for r in c.get("/api/institutions?q=开发银行").json()["items"]
                    if r["name"] == "上海合作组织开发银行")
        api = c.get(f"/api/institutions/{bank['id']}").json()
        assert [s["status"] for s in api["timeline"]["steps"]] == ["decided", "preparing"]
        html = c.get(f"/institutions/{bank['id']}").text
        html = html[html.index('<ol class="timeline ladder">'):]
        assert html.index('<span class="badge decided">') < html.index('<span class="badge preparing">')
        assert "2025-09-01" in html and "2025-11-18" in html


def test_lists_are_paged_and_keep_their_filters(client: TestClient) -> None:
    """?page=&per_page= on every list and its JSON twin; CSV stays complete."""
    full = client.get("/api/commitments").json()
    assert full["page"] == 1 and full["per_page"] == 100 and full["total"] == len(full["items"])
    one = client.get("/api/commitments?per_page=1&page=2").json()
    assert one["total"] == full["total"] and one["page"] == 2 and one["per_page"] == 1
    if full["total"] >= 2:
        assert [i["id"] for i in one["items"]] == [full["items"][1]["id"]]
    assert client.get("/api/commitments?per_page=99999").json()["per_page"] == 1000
    assert client.get("/api/commitments?page=x").json()["page"] == 1
    page = client.get("/meetings?per_page=1&body=heads-of-state").text
    assert "showing 1–1 of" in page
    total = client.get("/api/meetings?body=heads-of-state").json()["total"]
    if total > 1:
        assert 'href="/meetings?per_page=1&amp;body=heads-of-state&amp;page=2"' in page
    assert len(_csv(client, "/meetings?format=csv&per_page=1")) == client.get("/api/meetings").json()["total"]
    docs = client.get("/api/documents?per_page=1").json()
    assert len(docs["items"]) == 1 and docs["total"] >= 2
    assert "showing 1–1 of" in client.get("/documents?per_page=1").text


def test_record_mentions_are_paged(client: TestClient) -> None:
    bank = next(r for r in client.get("/api/institutions?q=开发银行").json()["items"])
    api = client.get(f"/api/institutions/{bank['id']}?mentions_per_page=1").json()
    assert api["mentions_total"] == bank["mentions"] and len(api["mentions"]) == 1
    second = client.get(f"/api/institutions/{bank['id']}?mentions_per_page=1&mentions_page=2").json()
    if bank["mentions"] > 1:
        assert second["mentions"][0] != api["mentions"][0]
        assert "mentions_page=2" in client.get(f"/institutions/{bank['id']}?mentions_per_page=1").text
    assert api["timeline"] == second["timeline"]
