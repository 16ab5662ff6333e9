"""Commitments extractor: which clauses bind an actor, and how they are cut."""

from __future__ import annotations

import json

import pytest

from scotrack.extract import commitments
from scotrack.extract.base import Context, Found, View, norm_key
from scotrack.extract.commitments_rules import area_of, canonical_actor
from scotrack.model import OffsetMap

from .conftest import SHARED, needs_shared


def run(text: str, language: str = "zh") -> list[Found]:
    view = View(text, text, OffsetMap([(0, len(text))]))
    return commitments.extract(view, Context(published="2025-09-01", year=2025, language=language))


def texts(text: str) -> list[str]:
    return [f.text for f in run(text)]


@pytest.mark.parametrize("sentence, expected", [
    ("成员国将在打击毒品走私方面开展联合行动。", "成员国将在打击毒品走私方面开展联合行动"),
    ("与会各方一致同意扩大本币结算的规模。", "与会各方一致同意扩大本币结算的规模"),
    ("会议决定设立上合组织青年创业基金。", "会议决定设立上合组织青年创业基金"),
    ("中方愿与成员国分享减贫经验。", "中方愿与成员国分享减贫经验"),
    ("塔吉克斯坦承诺为下届论坛提供场地。", "塔吉克斯坦承诺为下届论坛提供场地"),
    ("外长们审议批准了秘书处年度工作报告。", "批准了秘书处年度工作报告"),
    ("俄方表示将全力配合主席国的工作。", "俄方表示将全力配合主席国的工作"),
    ("成员国商定继续在联合国框架内协调立场。", "成员国商定继续在联合国框架内协调立场"),
])
def test_pledges_and_decisions_are_found(sentence: str, expected: str) -> None:
    assert any(expected in t for t in texts(sentence))


@pytest.mark.parametrize("sentence", [
    "会议分为开幕式和全体会议两个部分。",                     # a description of the past
    "这一平台将有力带动区域经济发展。",                       # a forecast by a non-actor
    "下一次元首理事会会议将于2027年在明斯克举行。",           # scheduling is a meeting record
    "公报内容涵盖政治、安全、经济等多个领域。",               # what a document covers
    "元首们批准了《上合组织反恐合作纲要》。",                 # adopting a titled document
    "上合组织将于明年迎来成立二十五周年。",                   # a prediction
    "成员国不同意在本组织框架内讨论双边争端。",               # negated
    "会议则将讨论范围拓展至卫生和旅游领域。",                 # prepositional 将 (= 把)
    "天津峰会批准的发展战略为合作指明了方向。",               # attributive 批准的
])
def test_non_commitments_are_left_out(sentence: str) -> None:
    assert texts(sentence) == []


def test_two_decisions_in_one_sentence_are_two_mentions() -> None:
    found = texts("理事会一致同意吸收新的伙伴国、决定由白俄罗斯承办下届会议。")
    assert len(found) == 2
    assert found[0].startswith("理事会一致同意") and not found[0].endswith("、")
    assert found[1].startswith("决定由白俄罗斯")


def test_subjectless_clause_inherits_the_actor() -> None:
    found = run("中方高度重视主席国工作,已着手筹备,将在未来一年同各方加强合作。")
    assert [f.text for f in found] == ["将在未来一年同各方加强合作"]
    assert found[0].attrs["actor"] == "中方"


def test_subjectless_clause_after_a_forecast_is_not_inherited() -> None:
    assert texts("这是合作的新进展,将显著改善地区物流条件。") == []


def test_continuation_after_semicolon_is_its_own_commitment() -> None:
    found = texts("各方将扩大农产品贸易;在卫生领域推进传统医学合作。")
    assert found == ["各方将扩大农产品贸易", "在卫生领域推进传统医学合作"]


def test_headlines_are_skipped_but_list_items_kept() -> None:
    text = "中方承诺扩大对伙伴国的进口\n据报道,中方承诺扩大对伙伴国的进口规模。\n● 成果三 作出了成立联合研究院的政治决定\n"
    found = texts(text)
    assert "中方承诺扩大对伙伴国的进口" not in found
    assert any(t.startswith("中方承诺扩大对伙伴国的进口规模") for t in found)
    assert any(t.endswith("成立联合研究院的政治决定") and not t.startswith("●") for t in found), found


def test_enumerated_attributive_trigger_is_not_a_commitment() -> None:
    assert texts("会议发出了反对保护主义、致力于维护自由贸易的共同呼声。") == []


def test_traditional_script_links_to_the_simplified_record() -> None:
    simp = run("成员国将加强网络安全领域的合作。")
    trad = run("成員國將加強網絡安全領域的合作。")
    assert simp and trad and simp[0].key == trad[0].key
    assert trad[0].text == "成員國將加強網絡安全領域的合作"  # the clause as written
    assert trad[0].attrs["actor"] == "成员国"


def test_mentions_are_grounded_and_attributes_filled() -> None:
    text = "新闻稿。各成员国将完善上合组织秘书处的预算机制。"
    (f,) = run(text)
    assert text[f.start:f.end] == f.text
    assert f.key == norm_key(f.text)
    assert f.attrs["actor"] == "成员国"
    assert f.attrs["area"] == "institutional"


def test_english_documents_yield_nothing() -> None:
    assert run("Member states will strengthen cooperation.", language="en") == []


def test_area_and_actor_helpers() -> None:
    assert area_of("加强反恐和禁毒合作") == "security"
    assert area_of("扩大贸易和投资") == "economy"
    assert area_of("维护以联合国为核心的国际体系") == "politics"
    assert area_of("深化教育和青年交流") == "culture"
    assert area_of("上海合作组织加强团结") == "other"
    assert canonical_actor("上合组织") == "上海合作组织"
    assert canonical_actor("各成员国领导人") == "成员国"
    assert canonical_actor("吉尔吉斯共和国") == "吉尔吉斯斯坦"
    assert canonical_actor(None) is None


@needs_shared
def test_gold_commitments_are_reached_on_the_corpus() -> None:
    """Recall on the annotated corpus (raw text, so boilerplate is included)."""
    hit = total = 0
    for gold_file in sorted((SHARED / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        rows = gold.get("commitments", [])
        if not rows:
            continue
        text = (SHARED / "corpus" / gold["doc"]).read_text(encoding="utf-8").replace("\r\n", "\n")
        found = run(text)
        for row in rows:
            total += 1
            at = text.find(row["contains"])
            hit += any(row["contains"] in f.text or (at >= 0 and f.start < at + len(row["contains"]) and at < f.end)
                       for f in found)
    assert total and hit / total >= 0.9


def test_decision_as_a_noun_is_one_clause_from_its_subject():
    from scotrack.clean import clean
    from scotrack.extract import extract_text

    text = ("会议期间，成员国领导人就成立新的合作基金作出政治决定，这一设想讨论多年。\n"
            "从提出设想到作出决定经历了较长的过程。\n")
    c = clean(text)
    got = [f.text for f in extract_text(text, c.clean_text, c.offsets, "2025-09-01") if f.type == "commitments"]
    assert any(t.startswith("成员国领导人就成立新的合作基金") for t in got), got
    assert not any("经历了" in t for t in got), got


@pytest.mark.parametrize("sentence, expected", [
    ("理事会决定，下一次会议在比什凯克举行。", "理事会决定，下一次会议在比什凯克举行"),
    ("会议任命某某为2030年至2032年秘书长。", "会议任命某某为2030年至2032年秘书长"),
    ("峰会正式接收老挝为上合组织观察员国。", "峰会正式接收老挝为上合组织观察员国"),
])
def test_decisions_by_a_meeting_or_council(sentence: str, expected: str) -> None:
    assert expected in texts(sentence)


def test_appointment_without_an_actor_is_a_report() -> None:
    assert texts("他去年被任命为驻华大使。") == []


def test_named_side_supporting_then_willing_inherits_the_actor() -> None:
    got = run("哈方支持中方的提议，愿同各方一道推进交通合作。")
    assert any("愿同各方一道推进交通合作" in f.text and f.attrs["actor"] == "哈方" for f in got)


def test_approving_a_titled_document_is_not_a_commitment() -> None:
    assert texts("峰会批准未来五年合作纲要。") == []


def test_a_commitment_names_its_subject_and_the_export_links_it(tmp_path) -> None:
    from .conftest import ingest_and_export

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "2025年9月1日，上合组织成员国元首理事会第二十五次会议在天津举行。成员国决定成立上合组织开发银行。"
        "各方同意加强禁毒中心建设。成员国将深化经贸合作。\n", encoding="utf-8")
    reg = ingest_and_export(tmp_path / "in", tmp_path / "s.db")
    institutions = {r["id"]: r["key"] for r in reg["institutions"]}
    subjects = {c["text"]: c["subject"] for c in reg["commitments"]}
    assert institutions[subjects["成员国决定成立上合组织开发银行"]] == "上海合作组织开发银行"
    assert institutions[subjects["各方同意加强禁毒中心建设"]] == "上海合作组织禁毒中心"
    assert subjects["成员国将深化经贸合作"] is None  # the clause names no institution, document or initiative


def test_an_outcome_document_is_the_subject_only_when_no_institution_is_named() -> None:
    from scotrack.extract import extract_text
    from scotrack.model import OffsetMap

    text = ("2025年9月1日，上合组织成员国元首理事会第二十五次会议在天津举行，发表《天津宣言》。"
            "《天津宣言》提出，成员国将推进上合组织开发银行建设。成员国将落实《天津宣言》。\n")
    found = extract_text(text, text, OffsetMap([(0, len(text))]), "2025-09-01")
    subjects = {f.attrs["text"]: f.attrs["subject"] for f in found if f.type == "commitments"}
    assert subjects["成员国将推进上合组织开发银行建设"] == "上海合作组织开发银行"
    assert subjects["成员国将落实《天津宣言》"] == "上海合作组织成员国元首理事会天津宣言"
