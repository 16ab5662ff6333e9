"""Timelines: signals by event date, steps, weaker-source notes, follow-ups."""

from __future__ import annotations

import json

from click.testing import CliRunner

from scotrack.cli import cli
from scotrack.link import DocInfo
from scotrack.model import Found
from scotrack.track import timelines

from .conftest import SHARED, needs_shared


def mention(status, event_date, start=0, meeting=None, event_meeting=None):
    m = {"status": status, "event_date": event_date}
    if event_meeting:
        m["event_meeting"] = event_meeting
    attrs = {"name": "某合作基金"} | ({"meeting": meeting} if meeting else {})
    return Found("institutions", "某合作基金", attrs, start, start + 4, "合作基金", m)


def test_signals_are_ordered_by_event_date_not_by_ingest_order():
    late = (DocInfo("d1", "2025-11-20", "official"), mention("preparing", "2025-11-18"), "n1")
    early = (DocInfo("d2", "2025-09-02", "official"), mention("decided", "2025-09-01"), "n1")
    tl = timelines([late, early])["n1"]
    assert [s.doc for s in tl.signals] == ["d2", "d1"]
    assert [(st.date, st.status) for st in tl.steps] == [("2025-09-01", "decided"), ("2025-11-18", "preparing")]
    assert tl.status == "preparing" and tl.notes == []


def test_a_weaker_later_source_moving_back_is_not_taken_and_is_noted():
    official = (DocInfo("d1", "2025-09-02", "official"), mention("established", "2025-09-01"), "n1")
    rumour = (DocInfo("d2", "2025-10-01", "self-media"), mention("proposed", "2025-10-01"), "n1")
    tl = timelines([official, rumour])["n1"]
    assert tl.status == "established"
    assert len(tl.notes) == 1 and "not taken" in tl.notes[0] and "d2" in tl.notes[0]


def test_a_weaker_later_source_moving_forward_is_taken_with_a_note():
    official = (DocInfo("d1", "2025-09-02", "official"), mention("decided", "2025-09-01"), "n1")
    post = (DocInfo("d2", None, "self-media"), mention("preparing", "2025-11-18"), "n1")
    tl = timelines([official, post])["n1"]
    assert tl.status == "preparing" and "to be confirmed" in tl.notes[0]


def test_on_one_date_the_status_most_documents_report_wins():
    a = (DocInfo("d1", "2025-09-01", "news"), mention("decided", "2025-09-01"), "n1")
    b = (DocInfo("d2", "2025-09-01", "news"), mention("decided", "2025-09-01", start=9), "n1")
    c = (DocInfo("d3", "2025-09-01", "news"), mention("proposed", "2025-09-01"), "n1")
    tl = timelines([c, a, b])["n1"]
    assert [(st.status, st.docs) for st in tl.steps] == [("decided", ["d1", "d2"])]


def test_follow_up_meetings_after_the_origin():
    made = (DocInfo("d1", "2025-09-01", "news"),
            mention("decided", "2025-09-01", meeting="heads-of-state#25", event_meeting="heads-of-state#25"), "n1")
    later = (DocInfo("d2", "2025-11-19", "news"),
             mention("preparing", "2025-11-18", event_meeting="heads-of-government#24"), "n1")
    tl = timelines([made, later])["n1"]
    assert tl.origin == "heads-of-state#25"
    assert tl.follow_ups == [{"meeting": "heads-of-government#24", "date": "2025-11-18", "docs": ["d2"]}]


@needs_shared
def test_the_development_bank_reads_decided_then_preparing(tmp_path):
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(SHARED / "corpus"), "--db", db, "--no-progress"]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["list", "institutions", "--db", db, "--format", "json"]).output)
    bank = next(r for r in rows if r["name"] == "上海合作组织开发银行")
    out = runner.invoke(cli, ["timeline", bank["id"], "--db", db, "--format", "json"])
    tl = json.loads(out.output)
    steps = [(s["date"], s["status"]) for s in tl["steps"]]
    assert steps == [("2025-09-01", "decided"), ("2025-11-18", "preparing")]
    assert tl["status"] == "preparing"
    docs = json.loads(runner.invoke(cli, ["list", "documents", "--db", db, "--format", "json"]).output)
    by_id = {d["id"]: d for d in docs}
    assert by_id[tl["steps"][1]["docs"][0]]["kind"] == "self-media"
    assert any("weaker source" in n for n in tl["notes"])
    # the strategy approved at Tianjin is followed up at the Moscow heads-of-government meeting
    outs = json.loads(runner.invoke(cli, ["list", "outcomes", "--db", db, "--format", "json"]).output)
    strategy = next(r for r in outs if "发展战略" in r["title"] and "2035" in r["title"])
    tl2 = json.loads(runner.invoke(cli, ["timeline", strategy["id"], "--db", db, "--format", "json"]).output)
    assert tl2["origin"] == "heads-of-state#25"
    assert any(f["meeting"] == "heads-of-government#24" for f in tl2["follow_ups"])
    shown = runner.invoke(cli, ["timeline", bank["id"], "--db", db])
    assert shown.exit_code == 0 and "decided" in shown.output and "preparing" in shown.output
    assert runner.invoke(cli, ["timeline", "n999999", "--db", db]).exit_code == 2
