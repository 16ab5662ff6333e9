"""Consistency checks: sums, meetings, statuses, titles, conflicts between sources.

Texts go through the real pipeline (:func:`scotrack.pipeline.process`); the
checks that read sentences are run with the document
(:func:`scotrack.checks.check_document`); the meeting checks, which need only
the mentions, are also asserted on what ``process`` put in ``doc.checks``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scotrack import checks, pipeline
from scotrack.checks_common import sentence_dates
from scotrack.checks_status import verdict
from scotrack.checks_titles import outdated
from scotrack.discover import Discovery
from scotrack.link import DocInfo
from scotrack.model import Document, Flag, ManifestEntry, SourceFile
from scotrack.settings import Settings

from .conftest import SHARED, needs_shared


def run(text: str, published: str | None, name: str = "t.txt") -> Document:
    raw = text.encode("utf-8")
    src = SourceFile(path=name, abspath=f"/x/{name}", raw=raw, sha256=hashlib.sha256(raw).hexdigest(),
                     manifest=ManifestEntry(file=name, published=published))
    return pipeline.process(src)


def flags_of(text: str, published: str | None) -> tuple[Document, list[Flag]]:
    doc = run(text, published)
    return doc, checks.check_document(doc)


def spans(doc: Document, flags: list[Flag]) -> list[str]:
    return [doc.text[f.start:f.end] for f in flags]


# --- 1. counts that add up ------------------------------------------------------

LIST_OK = ("某国担任轮值主席国期间合作成果汇总 (共12项)\n\n"
           "本清单按类别列出主要成果。\n\n"
           "- (一) 部长级会议 共5项\n"
           "(二) 签署的协定\n共4份\n\n"
           "(三) 青年交流项目\n共3项\n\n"
           "以上成果得到各方的高度评价，认为其推动了地区合作的深入发展。\n")


def test_sum_verified_on_the_total_figure() -> None:
    doc, flags = flags_of(LIST_OK, "2024-05-01")
    total = [f for f in doc.found if f.type == "figures" and f.attrs["value"] == 12]
    assert total and total[0].mention["sum_check"] == "12 = 5 + 4 + 3 (verified)"
    assert not [f for f in flags if "add up" in f.detail]


def test_sum_that_does_not_add_up_is_flagged_on_the_total() -> None:
    doc, flags = flags_of(LIST_OK.replace("共12项", "共13项"), "2024-05-01")
    bad = [f for f in flags if "add up" in f.detail]
    assert len(bad) == 1 and bad[0].kind == "fact-conflict"
    assert "13" in doc.text[bad[0].start:bad[0].end]
    assert "add up to 12, not 13" in bad[0].detail


def test_section_totals_are_summed_at_the_top_level() -> None:
    text = ("工作清单 (共20项)\n\n举办活动 共12项\n- 主要活动 共7项\n- 其他活动 共5项\n\n"
            "成果文件 共8份\n- 峰会文件 共3份\n- 部长会议文件 共5份\n\n这是清单之后的一段说明文字，共有很多内容。\n")
    doc, flags = flags_of(text, "2024-05-01")
    total = next(f for f in doc.found if f.type == "figures" and f.attrs["value"] == 20)
    assert total.mention["sum_check"] == "20 = 12 + 8 (verified)"
    assert not [f for f in flags if "add up" in f.detail]


def test_no_sum_from_prose_arithmetic_or_a_single_part() -> None:
    prose = "本组织成员国由6个增至10个，共签署24份文件，其中12份涉及经贸合作、9份涉及人文交流。\n"
    one_part = "成果清单 (共9项)\n\n(一) 峰会文件\n共4份\n\n此后各方继续推进落实工作，并将适时评估进展。\n"
    for text in (prose, one_part):
        doc, flags = flags_of(text, "2024-05-01")
        assert not [f for f in flags if "add up" in f.detail]
        assert not any("sum_check" in f.mention for f in doc.found)


def test_check_is_repeatable() -> None:
    doc = run(LIST_OK.replace("共12项", "共13项"), "2024-05-01")
    first = checks.check_document(doc)
    assert checks.check_document(doc) == first


# --- 2. meetings against the reference ------------------------------------------

def test_meeting_city_that_contradicts_the_reference() -> None:
    text = "2025年9月1日，上海合作组织成员国元首理事会第二十五次会议在北京举行。\n"
    doc = run(text, "2025-09-02")
    said = next(f for f in doc.found if f.type == "meetings").mention["stated"]
    assert said["city"] == "北京"
    bad = [f for f in doc.checks if "held in 北京" in f.detail]  # mention-based: already in the pipeline
    assert len(bad) == 1 and "天津" in bad[0].detail
    assert doc.text[bad[0].start:bad[0].end].endswith("第二十五次会议")


def test_meeting_date_that_contradicts_the_reference() -> None:
    doc, flags = flags_of("2025年10月5日，上海合作组织成员国元首理事会第二十五次会议在天津举行。\n", "2025-10-06")
    assert any("dates it 2025-10-05" in f.detail for f in flags)
    assert not any("held in" in f.detail for f in flags)


def test_meeting_stated_as_the_reference_says_is_not_flagged() -> None:
    doc, flags = flags_of("2025年8月31日至9月1日，上海合作组织成员国元首理事会第二十五次会议在天津举行。\n",
                          "2025-09-02")
    said = next(f for f in doc.found if f.type == "meetings").mention["stated"]
    assert said == {"city": "天津", "country": "中国", "start": "2025-08-31", "end": "2025-09-01"}
    assert not [f for f in flags if f.kind == "fact-conflict"]


def test_a_dateline_is_not_the_meeting_date() -> None:
    doc, flags = flags_of("新华社天津9月3日电 上合组织天津峰会成果丰硕，各方给予积极评价。\n", "2025-09-03")
    assert not any("stated" in f.mention for f in doc.found)
    assert not flags


# --- 3. member / observer / dialogue partner -----------------------------------------

@pytest.mark.parametrize("text, published, expect", [
    ("印度是上合组织观察员国，积极参与各项合作。", "2020-05-10", "member state since 2017-06-09"),
    ("成员国伊朗派出代表团参加了会议。", "2020-05-10", "joined as a member state on 2023-07-04"),
    ("观察员国土耳其也派员出席。", "2020-05-10", "dialogue partner, not an observer"),
    ("对话伙伴国蒙古国也派员出席。", "2020-05-10", "observer, not a dialogue partner"),
    ("观察员国蒙古国派代表出席了会议。", "2025-10-20", "partners, not observers"),
    ("2025年9月2日，观察员国老挝首次派员出席。", None, "not as an observer"),
])
def test_status_that_contradicts_the_reference(text: str, published: str, expect: str) -> None:
    doc, flags = flags_of(text + "\n", published)
    assert [f for f in flags if expect in f.detail], [f.detail for f in flags]


@pytest.mark.parametrize("text, published", [
    ("2025年9月1日，峰会同意接纳老挝为对话伙伴。", None),  # what Tianjin granted Laos
    ("印度是上合组织观察员国，积极参与各项合作。", "2015-05-10"),  # before India joined
    ("观察员国蒙古国派代表出席了会议。", "2025-06-10"),  # before the reform
    ("2019年，观察员国蒙古国总统出席了比什凯克峰会。", "2025-10-20"),  # a sentence about 2019
    ("峰会决定将观察员国和对话伙伴统一为上合组织伙伴国。", "2025-10-20"),  # the reform itself
    ("成员国哈萨克斯坦总统出席了会议。", "2020-05-10"),
    ("对话伙伴国土耳其领导人出席了峰会。", "2025-09-01"),  # the reform's own day
    ("2023年，峰会同意接纳某国为对话伙伴。", "2025-10-20"),
])
def test_status_that_agrees_is_not_flagged(text: str, published: str) -> None:
    doc, flags = flags_of(text + "\n", published)
    assert not [f for f in flags if f.kind == "fact-conflict"], [f.detail for f in flags]


def test_status_verdicts_directly() -> None:
    assert verdict("印度", "observer", ("2020-01-01", "2020-12-31")) is not None
    assert verdict("印度", "observer", ("2017-01-01", "2017-12-31")) is None  # joined within the year
    assert verdict("白俄罗斯", "member state", ("2023-01-01", "2023-12-31")) is not None
    assert verdict("白俄罗斯", "member state", ("2024-07-04", "2024-07-04")) is None


# --- 4. titles on the document's date ---------------------------------------------

def test_outdated_state_councillor_title() -> None:
    doc, flags = flags_of("国务委员兼外交部长王毅在北京会见来访的外宾。\n", "2025-04-10")
    bad = [f for f in flags if "国务委员" in f.detail]
    assert len(bad) == 1 and "王毅" in doc.text[bad[0].start:bad[0].end]
    doc, flags = flags_of("国务委员兼外交部长王毅在北京会见来访的外宾。\n", "2021-04-10")
    assert not flags


def test_secretary_general_after_his_term() -> None:
    doc, flags = flags_of("上合组织秘书长张明出席论坛并致辞。\n", "2025-04-10")
    bad = [f for f in flags if "张明" in f.detail]
    assert len(bad) == 1 and "叶尔梅克巴耶夫" in bad[0].detail
    assert "张明" in spans(doc, bad)[0]


@pytest.mark.parametrize("text", [
    "2023年，上合组织秘书长张明出席论坛并致辞。",  # a sentence about his term
    "时任国务委员兼外交部长王毅出席会议。",  # marked as former
    "前秘书长张明出席论坛。",
    "上合组织秘书长叶尔梅克巴耶夫出席论坛并致辞。",
    "外交部长王毅出席会议。",
])
def test_titles_that_fit_are_not_flagged(text: str) -> None:
    doc, flags = flags_of(text + "\n", "2025-04-10")
    assert not [f for f in flags if "title" in f.detail], [f.detail for f in flags]


def test_title_terms_directly() -> None:
    assert outdated("王毅", "外交部长", ("2023-05-01", "2023-05-01")) is not None  # 秦刚 was minister
    assert outdated("王毅", "外交部长", ("2023-08-01", "2023-08-01")) is None
    assert outdated("李强", "国务院副总理", ("2015-01-01", "2015-01-01")) is None  # not the premier's office
    assert outdated("某人", "外交部长", ("2015-01-01", "2015-01-01")) is None  # unknown: not judged


def test_sentence_dates() -> None:
    assert sentence_dates("2019年6月14日，峰会举行。", "2025-01-01") == ("2019-06-14", "2019-06-14")
    assert sentence_dates("2025至2026年度主席国", None) == ("2025-01-01", "2026-12-31")
    assert sentence_dates("峰会举行。", "2025-01-01") == ("2025-01-01", "2025-01-01")
    assert sentence_dates("峰会举行。", None) is None


# --- conflicts between sources ---------------------------------------------------

def _linked(*docs: Document) -> list[tuple[DocInfo, object, str]]:
    return [(DocInfo(f"d{i}", d.meta.published, d.meta.kind), f, f"m-{f.key}")
            for i, d in enumerate(docs, 1) for f in d.found]


def test_registry_conflicts_between_documents() -> None:
    a = run("2025年9月1日，上海合作组织成员国元首理事会第二十五次会议在天津举行。\n", "2025-09-02", "a.txt")
    b = run("2025年9月1日，上海合作组织成员国元首理事会第二十五次会议在北京举行。\n", "2025-09-02", "b.txt")
    got = checks.registry_conflicts(_linked(a, b))
    assert [(c.key, c.field) for c in got] == [("heads-of-state#25", "city")]
    assert set(got[0].values) == {"天津", "北京"} and "d1" in got[0].detail and "d2" in got[0].detail
    assert got[0].as_dict()["values"]["北京"][0]["doc"] == "d2"


def test_registry_dates_within_one_meeting_do_not_conflict() -> None:
    a = run("2025年8月31日，上海合作组织成员国元首理事会第二十五次会议在天津开幕。\n", "2025-09-02", "a.txt")
    b = run("2025年9月1日，上海合作组织成员国元首理事会第二十五次会议在天津闭幕。\n", "2025-09-02", "b.txt")
    c = run("2025年9月9日，上海合作组织成员国元首理事会第二十五次会议在天津举行。\n", "2025-09-12", "c.txt")
    assert checks.registry_conflicts(_linked(a, b)) == []
    got = checks.registry_conflicts(_linked(a, c))
    assert [x.field for x in got] == ["dates"]


# --- the shared corpus ---------------------------------------------------------------

@needs_shared
def test_corpus_list_total_is_verified_and_no_false_alarm() -> None:
    docs = {Path(s.path).name: pipeline.process(s) for s in Discovery([str(SHARED / "corpus")], Settings())
            if isinstance(s, SourceFile)}
    doc = docs["000_eff580d89c659198.txt"]
    checks.check_document(doc)
    total = [f for f in doc.found if f.type == "figures" and f.attrs["value"] == 313]
    assert total[0].mention["sum_check"] == "313 = 110 + 77 + 24 + 25 + 41 + 23 + 13 (verified)"
    for name, d in docs.items():
        flags = checks.check_document(d)
        assert not [f for f in flags if "add up" in f.detail], name
        assert not [f for f in flags if f.kind != "fact-conflict"], name  # heading-body-mismatch stays cleaning's


def test_admission_procedures_are_not_status_claims() -> None:
    doc, flags = flags_of("2021年9月17日，峰会启动了接收伊朗为成员国的程序。\n", "2021-09-18")
    assert not [f for f in flags if "伊朗" in f.detail]


def test_a_date_written_relative_to_the_text_year_is_not_a_conflict() -> None:
    doc, flags = flags_of("去年7月4日，上海合作组织成员国元首理事会会议在阿斯塔纳举行。\n", "2025-01-20")
    assert not [f for f in flags if "2025-07-04" in f.detail]
