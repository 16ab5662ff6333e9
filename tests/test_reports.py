"""`scotrack report`: the report data on a small corpus of our own, every format,
escaping of untrusted document text, the Tianjin report on the shared corpus,
and a screenshot of the HTML page in Debian's chromium."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from scotrack.cli import cli
from scotrack.reports import build_reports, charts, render, scoring
from scotrack.reports.model import summarise
from scotrack.store import open_store

from .conftest import ROOT, SHARED, needs_shared

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
HOSTILE_TITLE = "<script>window.__pwned=1</script> 峰会*要闻* | [链接](x)"

# Our own sentences: a summit that adopts two documents, decides a bank and
# opens a centre; a commentary two days later (inside the grace period, cut
# off mid-sentence); a meeting eleven weeks later that follows two of them up.
SUMMIT = ("上合组织天津峰会举行\n\n"
          "新华社天津9月1日电 上海合作组织成员国元首理事会第二十五次会议9月1日在天津举行。"
          "会议发表《上海合作组织成员国元首理事会天津宣言》，批准《上海合作组织未来10年(2026—2035年)发展战略》。\n\n"
          "各方决定成立上合组织开发银行。会议宣布成立上合组织禁毒中心。\n\n"
          "成员国将在数字经济领域深化务实合作。\n")
COMMENT = ("峰会闭幕后的评论\n\n"
           "多家媒体9月3日援引《上海合作组织成员国元首理事会天津宣言》指出，与会各方对会议成果给予积极评价，"
           "并关注上合组织禁毒中心\n")
LATER = ("上合组织政府首脑理事会在莫斯科举行\n\n"
         "新华社莫斯科11月18日电 上合组织政府首脑(总理)理事会第二十四次会议当天在俄罗斯首都莫斯科举行。\n\n"
         "会议指出，上合组织开发银行筹建工作正在积极推进。各方表示，将落实好《上海合作组织未来10年(2026—2035年)发展战略》。\n")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def own_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small corpus, ingested through the CLI."""
    folder = tmp_path_factory.mktemp("own")
    (folder / "summit.txt").write_text(SUMMIT, encoding="utf-8")
    (folder / "comment.txt").write_text(COMMENT, encoding="utf-8")
    (folder / "later.txt").write_text(LATER, encoding="utf-8")
    rows = [{"file": "summit.txt", "published": "2025-09-01", "kind": "news", "title": HOSTILE_TITLE},
            {"file": "comment.txt", "published": "2025-09-03", "kind": "self-media"},
            {"file": "later.txt", "published": "2025-11-18", "kind": "news"}]
    (folder / "manifest.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                           encoding="utf-8")
    db = folder / "own.db"
    r = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--no-progress"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return db


@pytest.fixture(scope="module")
def refs(own_db: Path) -> dict[str, str]:
    """Document ref by file name: summit / comment / later."""
    with open_store(str(own_db)) as store:
        return {row.path.rsplit("/", 1)[-1].split(".")[0]: row.ref for row in store.list_documents()}


@pytest.fixture(scope="module")
def own_reports(own_db: Path):
    with open_store(str(own_db)) as store:
        return build_reports(store, skip_empty=True)


def by_name(report, fragment: str):
    """The outcome named ``fragment`` exactly, else the one whose name holds it."""
    hits = [o for o in report.outcomes if o.name == fragment] or [o for o in report.outcomes if fragment in o.name]
    assert len(hits) == 1, [o.name for o in report.outcomes]
    return hits[0]


# --- the report data ---------------------------------------------------------

def test_summit_outcomes_statuses_and_scores(own_reports, refs: dict[str, str]) -> None:
    summit = next(r for r in own_reports if r.meeting.key == "heads-of-state#25")
    assert summit.meeting.name == "上海合作组织成员国元首理事会第二十五次会议"
    assert (summit.meeting.start, summit.meeting.end, summit.meeting.city) == ("2025-08-31", "2025-09-01", "天津")
    got = {(o.type, o.status, o.score) for o in summit.outcomes}
    declaration, strategy = by_name(summit, "天津宣言"), by_name(summit, "发展战略")
    bank, centre = by_name(summit, "上海合作组织开发银行"), by_name(summit, "上海合作组织禁毒中心")
    pledge = by_name(summit, "数字经济")
    # cited two days later only: a report of the meeting, not a follow-up
    assert (declaration.status, declaration.score) == (scoring.ADOPTED, 0)
    assert declaration.follow_ups == []
    # cited eleven weeks later at another meeting: in use
    assert (strategy.status, strategy.score) == (scoring.CITED, 1)
    assert [f.doc for f in strategy.follow_ups] == [refs["later"]]
    assert strategy.follow_ups[0].meeting == "上海合作组织成员国政府首脑（总理）理事会第二十四次会议"
    # decided at the summit, preparing later
    assert [s["status"] for s in bank.steps] == ["decided", "preparing"]
    assert (bank.status, bank.score) == ("preparing", 0)
    assert (centre.status, centre.score) == ("established", 1)
    assert (pledge.type, pledge.status, pledge.score) == ("commitments", scoring.MADE, -1)
    # commitments that name an institution score what it scores
    decided = by_name(summit, "决定成立")
    assert (decided.status, decided.score) == ("preparing", 0) and "n" in decided.reason
    assert ("commitments", "established", 1) in got
    # the later meeting's pledge is not this meeting's outcome
    assert all("将落实好" not in o.name for o in summit.outcomes)


def test_evidence_sentences_flags_and_summary(own_reports, refs: dict[str, str]) -> None:
    summit = next(r for r in own_reports if r.meeting.key == "heads-of-state#25")
    bank = by_name(summit, "上海合作组织开发银行")
    first, last = bank.evidence[0], bank.evidence[-1]
    assert (first.date, first.doc, first.kind, first.title) == ("2025-09-01", refs["summit"], "news", HOSTILE_TITLE)
    assert first.mention in first.sentence and first.sentence.startswith("各方决定成立")
    assert first.sentence.endswith("。") and "禁毒中心" not in first.sentence
    assert (last.date, last.status, last.later) == ("2025-11-18", "preparing", True)
    # the commentary stops mid-sentence right after the centre's name
    centre = by_name(summit, "上海合作组织禁毒中心")
    assert [(f.doc, f.kind) for f in centre.flags] == [(refs["comment"], "truncated")]
    assert by_name(summit, "上海合作组织开发银行").flags == []
    s = summit.summary
    assert s.outcomes == len(summit.outcomes) == sum(s.by_status.values())
    assert s.by_score == {"+1": 3, "0": 3, "-1": 1}
    assert s.average == round((3 - 1) / 7, 2)


def test_meeting_choice_by_id_or_key_and_unknown(own_db: Path) -> None:
    with open_store(str(own_db)) as store:
        by_key = build_reports(store, "heads-of-government#24")
        assert len(by_key) == 1 and build_reports(store, by_key[0].meeting.id)[0].meeting.key == "heads-of-government#24"
        assert [o.name for o in by_key[0].outcomes][0].startswith("将落实好")
    r = CliRunner().invoke(cli, ["report", "--db", str(own_db), "--meeting", "nowhere#1"])
    assert r.exit_code == 2 and "no meeting 'nowhere#1'" in r.output


def test_scoring_rules() -> None:
    assert scoring.score_institution("decided", ["proposed", "decided"], has_later=False).score == -1
    assert scoring.score_institution("decided", ["decided"], has_later=True).score == 0
    back = scoring.score_institution("decided", ["established", "decided"], has_later=True)
    assert back.score == -1 and back.reason.startswith("reversed")
    assert scoring.score_institution("operating", ["established", "operating"], has_later=True).score == 1
    done, doing = scoring.Verdict("established", 1, ""), scoring.Verdict("preparing", 0, "")
    mixed = scoring.score_commitment(False, [("n1", "甲中心", done), ("n2", "乙银行", doing)])
    assert (mixed.status, mixed.score) == ("partly", 0)
    assert scoring.later_than("2025-09-01") == "2025-09-09"
    assert summarise([]).average is None


# --- formats -----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_every_format_renders_and_escapes(own_db: Path, fmt: str) -> None:
    r = invoke("report", "--db", str(own_db), "--meeting", "heads-of-state#25", "--format", fmt)
    assert r.exit_code == 0
    out = r.output
    assert "<script>" not in out or fmt in ("csv", "json")
    if fmt == "md":
        assert "&lt;script&gt;" in out and r"\*要闻\*" in out and r"\| \[链接\](x)" in out
        assert "## Outcomes" in out and "How the score works" in out
        assert "| n" in out and "上海合作组织开发银行" in out
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in out
        assert "<svg" in out and "http://" not in out.replace("http://www.w3.org/", "")
        assert "https://" not in out and "<link" not in out and "@import" not in out
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {r["meeting_key"] for r in rows} == {"heads-of-state#25"}
        bank = next(r for r in rows if r["name"] == "上海合作组织开发银行")
        assert (bank["status"], bank["score"], bank["steps"]) == ("preparing", "0",
                                                                  "decided (2025-09-01) → preparing (2025-11-18)")
    else:
        data = json.loads(out)
        assert data["schema"] == "scotrack.report/1" and data["scoring"]["grace_days"] == 7
        (m,) = data["meetings"]
        ev = next(o for o in m["outcomes"] if o["name"] == "上海合作组织开发银行")["evidence"][0]
        assert ev["title"] == HOSTILE_TITLE and ev["sentence"].startswith("各方决定成立")


def test_csv_cells_never_start_a_formula() -> None:
    from scotrack.reports.csv_json import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell(-1) == -1 and _cell("上合") == "上合"


def test_output_file_and_folder(own_db: Path, tmp_path: Path) -> None:
    one = tmp_path / "tianjin.html"
    assert invoke("report", "--db", str(own_db), "--meeting", "m1", "--format", "html", "-o", str(one)).exit_code == 0
    assert one.read_text(encoding="utf-8").count('<article class="meeting"') == 1
    folder = tmp_path / "reports"
    r = invoke("report", "--db", str(own_db), "--all", "--format", "md", "-o", str(folder))
    assert r.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["heads-of-government-24.md", "heads-of-state-25.md"]
    both = invoke("report", "--db", str(own_db), "--format", "json").output
    assert [m["meeting"]["key"] for m in json.loads(both)["meetings"]] == ["heads-of-state#25",
                                                                          "heads-of-government#24"]


# --- charts ------------------------------------------------------------------

def test_charts_draw_chinese_with_a_cjk_font(own_reports) -> None:
    font = charts.cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk)")
    summit = next(r for r in own_reports if r.meeting.key == "heads-of-state#25")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" would fail here
        svg = charts.timeline_svg(summit)
    assert svg is not None and svg.startswith("<svg") and 'class="chart"' in svg
    assert font.replace(" ", "").lower() in svg.lower()  # glyph ids name the CJK font: no boxes


def test_charts_without_cjk_font_use_ids(own_reports, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    summit = next(r for r in own_reports if r.meeting.key == "heads-of-state#25")
    bank = by_name(summit, "上海合作组织开发银行")
    assert charts._label(bank, cjk=False) == bank.id
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert charts.timeline_svg(summit) is not None
    assert "chart labels show record ids" in render([summit], "html")


# --- the shared corpus -------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    r = CliRunner().invoke(cli, ["ingest", str(SHARED / "corpus"), "--db", str(db), "--no-progress"],
                           catch_exceptions=False)
    assert r.exit_code in (0, 1), r.output
    return db


@needs_shared
def test_tianjin_report_lists_its_outcomes(corpus_db: Path) -> None:
    data = json.loads(invoke("report", "--db", str(corpus_db), "--meeting", "heads-of-state#25",
                             "--format", "json").output)
    (m,) = data["meetings"]
    assert (m["meeting"]["city"], m["meeting"]["start"], m["meeting"]["end"]) == ("天津", "2025-08-31", "2025-09-01")
    outcomes = {o["name"]: o for o in m["outcomes"]}
    hos = "上海合作组织成员国元首理事会"
    for title in (hos + "天津宣言", "上海合作组织未来10年(2026—2035年)发展战略",
                  hos + "关于第二次世界大战胜利和联合国成立80周年的声明", hos + "关于支持多边贸易体制的声明"):
        assert outcomes[title]["type"] == "outcome_documents" and outcomes[title]["evidence"], title
    for centre in ("上海合作组织应对安全威胁与挑战综合中心", "上海合作组织信息安全中心",
                   "上海合作组织打击跨国有组织犯罪中心", "上海合作组织禁毒中心"):
        o = outcomes[centre]
        assert o["status"] in ("established", "operating") and o["score"] == 1, centre
    bank = outcomes["上海合作组织开发银行"]
    assert [s["status"] for s in bank["steps"]] == ["decided", "preparing"]
    assert (bank["status"], bank["score"]) == ("preparing", 0)
    assert all(e["sentence"] and e["doc"] and e["kind"] for e in bank["evidence"])
    assert any(e["later"] and e["status"] == "preparing" for e in bank["evidence"])
    assert m["summary"]["outcomes"] == len(m["outcomes"]) and m["summary"]["average"] is not None


# --- the page, as a person sees it -------------------------------------------

@pytest.mark.skipif(not Path(CHROMIUM).exists(),
                    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
def test_html_screenshot(own_db: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    pages = {"own": (own_db, "heads-of-state#25")}
    if (SHARED / "corpus").is_dir():
        pages["tianjin"] = (request.getfixturevalue("corpus_db"), "heads-of-state#25")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, (db, meeting) in pages.items():
                page_file = tmp_path / f"{name}.html"
                invoke("report", "--db", str(db), "--meeting", meeting, "--format", "html", "-o", str(page_file))
                page = browser.new_page(viewport={"width": 1280, "height": 1400})
                requests: list[str] = []
                page.on("request", lambda req, seen=requests: seen.append(req.url))
                page.goto(page_file.as_uri())
                shot = ARTIFACTS / f"report-{name}.png"
                page.screenshot(path=str(shot), full_page=False)
                assert shot.stat().st_size > 20_000
                assert page.evaluate("window.__pwned") is None  # the hostile title did not run
                assert all(u.startswith(("file:", "data:")) for u in requests), requests  # nothing fetched
                text = page.inner_text("body")
                assert "上海合作组织成员国元首理事会第二十五次会议" in text and "上海合作组织开发银行" in text
                assert page.locator("svg.chart").count() == 2
                page.close()
        finally:
            browser.close()
