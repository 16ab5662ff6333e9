"""Figures extractor: headline counts, their values and what they count."""

from __future__ import annotations

import json

import pytest

from scotrack.extract import figures
from scotrack.extract.base import Context, Found, View
from scotrack.model import OffsetMap

from .conftest import SHARED, needs_shared


def run(text: str, language: str = "zh") -> list[Found]:
    view = View(text, text, OffsetMap([(0, len(text))]))
    return figures.extract(view, Context(published="2025-09-01", year=2025, language=language))


def pairs(text: str) -> set[tuple[int, str]]:
    return {(f.attrs["value"], f.attrs["about"]) for f in run(text)}


@pytest.mark.parametrize("sentence, value, about", [
    ("会议期间共签署了17份合作文件。", 17, "合作文件"),
    ("该组织目前有9个成员国。", 9, "成员国"),
    ("主席国任期内举办了一百二十多项活动。", 120, "活动"),
    ("峰会取得了七大成果。", 7, "成果"),
    ("沿线已建成300多个物流园区和仓储中心。", 300, "物流园区和仓储中心"),
    ("各方决定设立3个联合实验室,推进科研合作。", 3, "联合实验室"),
    ("上合九国领导人出席了会议。", 9, "成员国"),
    ("这是该市第3次主办上合组织外长会议。", 3, "主办上合组织外长会议次数"),
    ("联盟由最初的5个国家组成的“创始团队”发展而来。", 5, "创始团队"),
])
def test_counts_and_what_they_count(sentence: str, value: int, about: str) -> None:
    assert (value, about) in pairs(sentence)


def test_total_after_a_list_title_takes_the_title_head() -> None:
    text = "二〇二五年度主席国在能源与交通领域合作成果汇总表 (共58项)\n"
    ((value, about),) = pairs(text)
    assert value == 58
    assert about.endswith("成果汇总表") and len(about) <= 8


def test_total_on_the_line_under_a_heading() -> None:
    text = "合作文件\n(一) 部长级会议成果文件\n共19份\n(二) 其他文件\n共6份\n"
    assert pairs(text) == {(19, "部长级会议成果文件"), (6, "其他文件")}


def test_total_after_a_title_on_the_same_line() -> None:
    assert pairs("- (二) 各地举办的交流活动 共45项\n") == {(45, "各地举办的交流活动")}
    ((value, about),) = pairs("(三) 成员国地方政府举办的交流活动 共45项\n")  # long title: its head
    assert value == 45 and about.endswith("交流活动") and len(about) <= 8


@pytest.mark.parametrize("sentence", [
    "本组织成立于2001年,已走过24年。",      # years and durations
    "今年是联合国成立80周年。",               # anniversaries
    "这是第二十五次元首理事会会议。",         # ordinals
    "两国元首举行了会谈。",                   # 两国
    "欧亚地区将增加一个新平台。",             # 一个 is an article
    "中、俄、哈、吉、塔5国元首在上海会晤。",  # bare N国 restates an enumeration
    "这五大理念阐明了改革的路径。",           # anaphora: counts what was just listed
    "报告从经济、安全、人文三个方面展开。",   # discourse structure, not a count
    "项目预计在3个月内完工。",                # duration
    "出口增长了15%。",                        # percentages
    "举行了10多场双边会见。",                 # side events are not headline counts
])
def test_non_figures(sentence: str) -> None:
    assert run(sentence) == []


def test_locative_qualifier_is_not_a_second_figure() -> None:
    text = "自首个丝路学院落成以来,已在12个国家建成20个学院。"
    assert pairs(text) == {(20, "丝路学院")}


def test_same_value_nouns_merge_to_the_longer_one() -> None:
    found = run("峰会制定了4项绿色发展行动计划。4大行动计划各有侧重。")
    assert {f.key for f in found} == {"4|绿色发展行动计划"}
    assert len(found) == 2


def test_observer_leaders_count_states() -> None:
    assert (3, "观察员国") in pairs("7个成员国、3个观察员国领导人出席。")


def test_traditional_and_grounding() -> None:
    text = "會議見證了「五個聯合中心」揭牌。"
    (f,) = run(text)
    assert f.attrs["value"] == 5 and f.attrs["about"] == "联合中心"
    assert text[f.start:f.end] == f.text and f.text.startswith("五個")
    assert f.key == "5|联合中心"


def test_english_documents_yield_nothing() -> None:
    assert run("The SCO has 10 member states.", language="en") == []


@needs_shared
def test_gold_figures_are_reached_on_the_corpus() -> None:
    """Values of the annotated figures are found (raw text, boilerplate included)."""
    hit = total = 0
    for gold_file in sorted((SHARED / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        rows = gold.get("figures", [])
        if not rows or gold["doc"].endswith("-en.txt"):
            continue
        text = (SHARED / "corpus" / gold["doc"]).read_text(encoding="utf-8").replace("\r\n", "\n")
        values = {f.attrs["value"] for f in run(text)}
        total += len(rows)
        hit += sum(row["value"] in values for row in rows)
    assert total and hit / total >= 0.9


@pytest.mark.parametrize("sentence, expected", [
    ("联盟的成员国由5个增加为7个。", {(5, "成员国"), (7, "成员国")}),
    ("经过这次扩员,观察员国数量由3个增至4个。", {(3, "观察员国"), (4, "观察员国")}),
    ("至此,本组织伙伴国增至12个。", {(12, "伙伴国")}),
    ("论坛创办时只有4个成员国,后来增加到6个,明年就是7个了。", {(4, "成员国"), (6, "成员国"), (7, "成员国")}),
])
def test_count_without_noun_takes_the_counted_noun_from_context(sentence: str, expected: set) -> None:
    got = pairs(sentence)
    assert expected <= got
    assert not any(about in ("增加", "增至", "了") for _, about in got)


def test_sessions_count_only_meetings_and_events() -> None:
    assert (60, "会议和活动") in pairs("主席国年内计划举办60多场会议和活动。")
    assert not pairs("两场所之间相距很远,共有3场合。")


def test_sums_of_money_in_yi() -> None:
    got = pairs("中方将提供50亿元人民币专项贷款,两国贸易额已超过300亿美元。")
    assert (50, "专项贷款(亿元人民币)") in got
    assert (300, "贸易额(亿美元)") in got


def test_role_word_after_states_is_cut_and_discourse_counts_dropped() -> None:
    assert (7, "成员国") in pairs("会上,七个成员国外长签署了联合声明。")
    assert not pairs("本届峰会释放出五大信号。")
