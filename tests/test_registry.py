"""Linking, storing and exporting registry records; `scotrack eval` agrees with score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from scotrack.cli import cli
from scotrack.extract import extract_text
from scotrack.extract.base import View, find_dates, fold, to_int
from scotrack.link import DocInfo, registry_records
from scotrack.model import Found, OffsetMap

from .conftest import SHARED, needs_shared


def found(type_, key, start, text, **attrs):
    mention = attrs.pop("mention", {})
    return Found(type_, key, attrs, start, start + len(text), text, mention)


def test_mentions_with_one_key_become_one_record_across_documents():
    a, b = DocInfo("d1", "2025-09-01", "official"), DocInfo("d2", "2025-11-18", "self-media")
    recs = registry_records([
        (a, found("institutions", "上海合作组织开发银行", 5, "开发银行", name="上海合作组织开发银行",
                  kind="bank", mention={"status": "decided"})),
        (b, found("institutions", "上海合作组织开发银行", 9, "開發銀行", name="上海合作组织开发银行",
                  kind="bank", mention={"status": "preparing"})),
        (b, found("people", "王毅", 0, "王毅", name="王毅", titles=["外交部长"])),
    ])
    bank, = recs["institutions"]
    assert [m["doc"] for m in bank["mentions"]] == ["d1", "d2"]
    assert bank["status"] == "preparing"  # the later document's report
    assert bank["mentions"][0]["status"] == "decided"
    assert recs["people"][0]["titles"] == ["外交部长"]
    assert recs["meetings"] == []


def test_latest_status_is_by_event_date_not_order_and_official_wins_a_tie():
    late, early = DocInfo("d1", "2025-11-18", "news"), DocInfo("d2", "2025-09-01", "official")
    same_day_weak = DocInfo("d3", "2025-11-18", "self-media")
    recs = registry_records([
        (late, found("institutions", "k", 0, "x", name="k", mention={"status": "preparing"})),
        (early, found("institutions", "k", 0, "x", name="k", mention={"status": "decided"})),
        (same_day_weak, found("institutions", "k", 0, "x", name="k", mention={"status": "operating"})),
    ])
    assert recs["institutions"][0]["status"] == "preparing"


def test_meeting_links_resolve_to_record_ids():
    d = DocInfo("d1", "2025-09-01", "news")
    recs = registry_records([
        (d, found("meetings", "heads-of-state#25", 0, "天津峰会", body="heads-of-state", ordinal=25)),
        (d, found("outcome_documents", "天津宣言", 10, "天津宣言", title="上海合作组织成员国元首理事会天津宣言",
                  type="declaration", meeting="heads-of-state#25")),
    ])
    assert recs["outcome_documents"][0]["meeting"] == recs["meetings"][0]["id"] == "m1"


# --- base helpers -------------------------------------------------------------

def test_numerals_and_dates():
    assert to_int("二十五") == 25 and to_int("25") == 25 and to_int("十八") == 18
    r, = find_dates("会议于2025年11月17日至18日在莫斯科举行", None)
    assert (r.start, r.end) == ("2025-11-17", "2025-11-18")
    r, = find_dates("9月1日上午", 2025)
    assert r.start == "2025-09-01" and not r.year_written
    assert find_dates("13月45日", 2025) == []


def test_fold_keeps_length_and_simplifies():
    s = "上海合作組織（SCO）：開發銀行，２０２５年"
    f = fold(s)
    assert len(f) == len(s)
    assert f.startswith("上海合作组织(SCO):开发银行,2025年")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="上合組織开发银行峰會天津宣言。\n 0123456789年月日", max_size=80),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 10)), max_size=5))
def test_view_grounding_points_at_the_same_characters(text, cuts):
    removed = [(min(a, len(text)), min(a + n, len(text))) for a, n in cuts]
    m = OffsetMap.from_removed(len(text), removed)
    view = View(text, m.apply(text), m)
    for i in range(len(view.s)):
        for j in (i + 1, min(len(view.s), i + 4)):
            s, e, t = view.ground(i, j)
            assert text[s:e] == t
            assert fold(view.clean_text[i]) == view.s[i]


# --- whole-corpus properties ------------------------------------------------------

_SENTENCES = [
    "上海合作组织成员国元首理事会第二十五次会议在天津举行。", "上合組織開發銀行的籌建工作正在推進。",
    "成员国将加强安全合作。", "分享至", "外交部长王毅介绍了峰会成果。", "会议批准了《上海合作组织未来10年发展战略》。",
    "中方将成立3个合作平台。", "2025年11月17日至18日,政府首脑理事会第二十四次会议在莫斯科举行。",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=12))
def test_every_extracted_mention_is_grounded(parts):
    from scotrack.clean import clean

    text = "\n".join(parts) + "\n"
    c = clean(text)
    for f in extract_text(text, c.clean_text, c.offsets, "2025-12-01"):
        assert text[f.start:f.end] == f.text and f.text
        assert f.key and f.type
        json.dumps(f.attrs, ensure_ascii=False)


# --- the store and the CLI ------------------------------------------------------

@needs_shared
def test_eval_prints_the_same_figures_as_the_shared_scorer(tmp_path):
    db, out = tmp_path / "c.db", tmp_path / "r.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(SHARED / "corpus"), "--db", str(db), "--no-progress"]).exit_code == 0
    assert runner.invoke(cli, ["export", "--db", str(db), "--output", str(out)]).exit_code == 0
    ours = runner.invoke(cli, ["eval", str(SHARED / "gold"), "--db", str(db)])
    theirs = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(out), str(SHARED / "gold")],
                            capture_output=True, text=True, timeout=120)
    assert ours.exit_code == 0
    assert ours.output.strip().splitlines() == theirs.stdout.strip().splitlines()
    reg = json.loads(out.read_text(encoding="utf-8"))
    # every record's mentions point at real characters of their documents
    texts = {d["id"]: d["text"] for d in reg["documents"]}
    n = 0
    for kind in ("meetings", "outcome_documents", "initiatives", "institutions", "people", "commitments", "figures"):
        for rec in reg[kind]:
            for m in rec["mentions"]:
                assert texts[m["doc"]][m["start"]:m["end"]] == m["text"]
                n += 1
    assert n > 0


@needs_shared
def test_reextract_keeps_record_ids_and_list_show_records(tmp_path):
    db = tmp_path / "c.db"
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(SHARED / "corpus"), "--db", str(db), "--no-progress"])
    before = json.loads(runner.invoke(cli, ["list", "meetings", "--db", str(db), "--format", "json"]).output)
    assert runner.invoke(cli, ["extract", "--db", str(db)]).exit_code == 0
    after = json.loads(runner.invoke(cli, ["list", "meetings", "--db", str(db), "--format", "json"]).output)
    assert before == after and before
    first = before[0]["id"]
    shown = runner.invoke(cli, ["show", first, "--db", str(db)])
    assert shown.exit_code == 0 and "mentions" in shown.output
    assert runner.invoke(cli, ["show", "m99999", "--db", str(db)]).exit_code == 2


def test_list_records_on_an_empty_store(tmp_path: Path):
    res = CliRunner().invoke(cli, ["list", "people", "--db", str(tmp_path / "e.db"), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output) == []


def test_a_failing_extractor_costs_neither_the_document_nor_the_batch(tmp_path, monkeypatch):
    from scotrack import extract, pipeline
    from scotrack.settings import Settings
    from scotrack.store import open_store

    (tmp_path / "a.txt").write_text("上海合作组织成员国元首理事会第二十五次会议在天津举行。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("成员国将加强安全合作。\n", encoding="utf-8")

    def broken(doc):
        if doc.source.path.endswith("a.txt"):
            raise TypeError("a bug in a rule")
        return real(doc)

    real = extract.extract_document
    monkeypatch.setattr(extract, "extract_document", broken)
    db = str(tmp_path / "s.db")
    store = open_store(db)
    try:
        summary = pipeline.ingest([str(tmp_path)], Settings.build(db=db, progress=False, workers=1), store)
        assert summary.ingested == 2 and summary.rejected == 0
        assert any("a.txt" in w and "extraction failed" in w for w in summary.warnings)
        assert len(store.list_documents()) == 2
        assert any(f.type == "commitments" for _, f, _ in store.iter_linked())
    finally:
        store.close()


def test_a_wrong_ordinal_is_linked_to_the_meeting_meant_and_flagged(tmp_path):
    from scotrack import pipeline
    from scotrack.settings import Settings
    from scotrack.store import open_store

    (tmp_path / "c.txt").write_text(
        "评论：2025年9月1日，上海合作组织成员国元首理事会第二十四次会议在天津举行，会议发表了天津宣言。\n",
        encoding="utf-8")
    db = str(tmp_path / "s.db")
    store = open_store(db)
    try:
        pipeline.ingest([str(tmp_path)], Settings.build(db=db, progress=False, workers=1), store)
        keys = {f.key for _, f, _ in store.iter_linked() if f.type == "meetings"}
        assert "heads-of-state#25" in keys and "heads-of-state#24" not in keys
        doc = store.get_document(store.document_ids()[0])
        conflicts = [f for f in doc.flags if f["kind"] == "fact-conflict"]
        assert conflicts and "24" in str(conflicts[0]["detail"]) and "25" in str(conflicts[0]["detail"])
        assert "第二十四次" in doc.text[int(conflicts[0]["start"]):int(conflicts[0]["end"])]
    finally:
        store.close()


def test_reextraction_that_fails_keeps_a_documents_earlier_mentions(tmp_path, monkeypatch):
    from scotrack import extract, pipeline
    from scotrack.settings import Settings
    from scotrack.store import open_store

    (tmp_path / "a.txt").write_text("上海合作组织成员国元首理事会第二十五次会议在天津举行。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("成员国将加强安全合作，上合组织秘书处将跟进。\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    settings = Settings.build(db=db, progress=False, workers=1)
    with open_store(db) as store:
        pipeline.ingest([str(tmp_path)], settings, store)
        before = sorted((doc.ref, f.type, f.key) for doc, f, _ in store.iter_linked())
        assert {ref for ref, _, _ in before} == {"d1", "d2"}  # a.txt is d1 (names in order)
        assert any(m[0] == "d2" and m[1] == "institutions" for m in before)

        real = extract.extract_document

        def broken(doc):
            if doc.source.path.endswith("a.txt"):
                raise TypeError("a bug in a new rule")
            return [f for f in real(doc) if f.type != "institutions"]  # the new rules drop a family

        monkeypatch.setattr(extract, "extract_document", broken)
        summary = pipeline.reextract(store, settings)
        after = sorted((doc.ref, f.type, f.key) for doc, f, _ in store.iter_linked())
    assert summary.documents == 2 and summary.kept == 1
    assert any("a.txt" in w and "extraction failed" in w for w in summary.warnings)
    assert [m for m in after if m[0] == "d1"] == [m for m in before if m[0] == "d1"]
    assert [m for m in after if m[0] == "d2"] == [m for m in before if m[0] == "d2" and m[1] != "institutions"]
