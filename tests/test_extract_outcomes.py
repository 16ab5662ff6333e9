"""Outcome documents: titles, abbreviations and untitled references, resolved.

Test sentences are written for these tests (not taken from the corpus).
"""

from __future__ import annotations

import pytest

from scotrack.extract import meetings, outcome_documents
from scotrack.extract.base import Context, View
from scotrack.extract.outcomes_reference import clean_title, doc_type
from scotrack.model import OffsetMap


def run(text: str, published: str | None = "2025-09-02") -> dict[str, tuple[str, str | None]]:
    view = View(text, text, OffsetMap([(0, len(text))]))
    ctx = Context(published=published, year=int(published[:4]) if published else None)
    meetings.extract(view, ctx)
    found = outcome_documents.extract(view, ctx)
    assert all(text[f.start:f.end] == f.text for f in found)
    return {f.attrs["title"]: (f.attrs["type"], f.attrs["meeting"]) for f in found}


TIANJIN = "上海合作组织成员国元首理事会天津宣言"
STRATEGY = "上海合作组织未来10年(2026—2035年)发展战略"
HOS = "上海合作组织成员国元首理事会"
WW2 = HOS + "关于第二次世界大战胜利和联合国成立80周年的声明"
TRADE = HOS + "关于支持多边贸易体制的声明"
HOG24_COMMUNIQUE = "上海合作组织成员国政府首脑(总理)理事会" + "第二十四次会议联合公报"


@pytest.mark.parametrize("text", [
    "上合组织天津峰会闭幕，领导人签署《天津宣言》。",
    "元首理事會第二十五次會議在天津舉行，並發表「天津宣言」。",
    "上合组织成员国领导人签署并发表《上合组织成员国元首理事会天津宣言》。",
])
def test_declaration_abbreviations_resolve_to_the_full_title(text: str) -> None:
    assert run(text) == {TIANJIN: ("declaration", "heads-of-state#25")}


def test_strategy_written_many_ways() -> None:
    for text in ("峰会批准《上合组织未来 10 年(2026-2035 年)发展战略》。",
                 "会上通过《2026—2035年發展戰略》。",
                 "王毅说，峰会制定了上合组织未来10年发展策略。"):
        assert list(run(text)) == [STRATEGY], text


def test_untitled_statements_after_one_verb() -> None:
    text = "上合组织天津峰会发表关于第二次世界大战胜利和联合国成立80周年的声明、关于支持多边贸易体制的声明。"
    assert set(run(text)) == {WW2, TRADE}


def test_topic_statements_identified_by_their_keywords() -> None:
    text = ("上合组织天津峰会闭幕。值此第二次世界大战胜利和联合国成立80周年之际，峰会发表专题声明。"
            "峰会还以发表声明形式支持多边贸易体制。")
    assert set(run(text)) == {WW2, TRADE}


def test_communique_of_the_heads_of_government_council() -> None:
    text = "2023年10月26日，上合组织成员国政府首脑(总理)理事会第二十二次会议在比什凯克举行，会议通过《联合公报》。"
    assert run(text, "2023-10-27") == {
        "上海合作组织成员国政府首脑(总理)理事会第二十二次会议联合公报": ("communique", "heads-of-government#22")}


def test_heading_titles_including_one_broken_over_two_lines() -> None:
    text = "上海合作组织成员国元首理事会会议\n新闻公报\n(2019年6月13日至14日,比什凯克)\n正文。"
    assert list(run(text, "2019-06-15")) == ["上海合作组织成员国元首理事会会议新闻公报"]
    text = "——上海合作组织成员国元首理事会青岛宣言\n"
    assert list(run(text, "2018-06-11")) == ["上海合作组织成员国元首理事会青岛宣言"]
    text = "中国担任上海合作组织2024—2025年轮值主席国工作成果清单 (共313项)\n下文列出各项成果。"
    assert run(text) == {"中国担任上海合作组织2024—2025年轮值主席国工作成果清单": ("list", None)}


def test_noun_phrases_after_verbs_of_adoption_or_implementation() -> None:
    text = "会议商定推进多边经贸合作纲要实施、完善交通走廊合作路线图、发布数字经济合作声明。"
    got = run(text, "2025-11-19")
    assert set(got) == {"上海合作组织成员国多边经贸合作纲要", "交通走廊合作路线图", "数字经济合作声明"}
    assert got["交通走廊合作路线图"][0] == "roadmap"


def test_signed_titles_in_a_coordination() -> None:
    text = "1996年和1997年，五国元首先后签署《关于在边境地区加强军事领域信任的协定》和《关于在边境地区相互裁减军事力量的协定》。"
    assert run(text, None) == {"关于在边境地区加强军事领域信任的协定": ("agreement", None),
                               "关于在边境地区相互裁减军事力量的协定": ("agreement", None)}


@pytest.mark.parametrize("text", [
    "各方将严格遵守《联合国宪章》宗旨和原则。",
    "成员国重申以《联合国宪章》为核心的国际秩序。",
    "成员国呼吁早日通过《打击国际恐怖主义全面公约》。",
    "习近平主持会议并发表题为《携手同行 共创未来》的重要讲话。",
    "据《彭博》报道，会议成果丰硕。",
    "峰会将发表关于能源、数字经济、人工智能合作5份声明。",
    "我们正努力推动一项面向中小企业的贸易便利化行动计划。",
    "峰会期间，中俄双方签署《中华人民共和国和俄罗斯联邦关于深化合作的联合声明》。",
    "外交部发表关于地区局势的声明。",
    "总理会议的职能在于贯彻和落实成员国元首理事会的精神和决议。",
])
def test_not_sco_outcome_documents(text: str) -> None:
    assert run(text) == {}


def test_types_by_suffix_and_title_cleaning() -> None:
    assert doc_type("上海合作组织宪章") == "charter"
    assert doc_type("某某实施纲要(2018—2022年)") == "programme"
    assert doc_type("联合公报") == "communique"
    assert doc_type("成果清单") == "list"
    assert clean_title("《上合組織未來 10 年(2026-2035 年)發展戰略》") == STRATEGY


def test_untitled_communique_named_after_its_council_meeting() -> None:
    text = "上合组织成员国政府首脑(总理)理事会第二十三次会议于2024年10月16日在伊斯兰堡举行。会议发表联合公报。"
    assert run(text, "2024-10-17") == {
        "上海合作组织成员国政府首脑(总理)理事会第二十三次会议联合公报": ("communique", "heads-of-government#23")}


def test_a_news_headline_ending_in_decision_is_not_a_document_title():
    from scotrack.clean import clean
    from scotrack.extract import extract_text

    text = "上合组织峰会作出建立新基金的政治决定\n\n本网讯 成员国领导人在峰会上就建立新基金作出决定。\n"
    c = clean(text)
    titles = [f.attrs.get("title") for f in extract_text(text, c.clean_text, c.offsets, "2025-09-01")
              if f.type == "outcome_documents"]
    assert not any("政治决定" in (t or "") for t in titles)


@pytest.mark.parametrize("text", [
    "与会外长审议了拟提交峰会的《天津宣言》草案。",
    "外长们讨论了上合组织未来10年发展战略草案。",
    "会议审议了《上海合作组织成员国关于数字合作的声明（草案）》。",
])
def test_drafts_are_not_adopted_documents(text: str) -> None:
    assert run(text, "2025-07-16") == {}


def test_communique_of_a_foreign_ministers_meeting_in_a_summit_year() -> None:
    text = ("上海合作组织成员国元首理事会第二十五次会议将于8月31日至9月1日在天津举行。\n"
            "2025年7月15日，上海合作组织成员国外长理事会会议在天津举行。\n"
            "会议结束时，外长们发表了新闻公报。公报说，各方支持办好峰会。")
    got = run(text, "2025-07-16")
    assert list(got) == ["上海合作组织成员国外长理事会会议新闻公报"]
    assert got["上海合作组织成员国外长理事会会议新闻公报"] == ("communique", "foreign-ministers@2025:天津")


def test_abbreviated_title_resolves_to_the_meeting_named_in_its_paragraph() -> None:
    text = ("9月1日，上海合作组织成员国元首理事会第二十五次会议在天津闭幕。\n"
            "11月18日，成员国政府首脑（总理）理事会第二十四次会议在莫斯科举行。会议通过的《联合公报》提出加快筹建工作。")
    got = run(text, "2025-11-20")
    assert got == {HOG24_COMMUNIQUE: ("communique", "heads-of-government#24")}


def test_a_coordinated_list_of_statements_gives_one_statement_each() -> None:
    prefix = "上海合作组织成员国元首理事会关于"
    lead = "2022年9月16日，上海合作组织成员国元首理事会第二十二次会议在撒马尔罕闭幕。"
    text = lead + "与会领导人发表关于维护国际粮食安全、能源安全及应对气候变化的3份声明。"
    assert run(text, "2022-09-17") == {
        prefix + "维护国际粮食安全的声明": ("statement", "heads-of-state#22"),
        prefix + "维护国际能源安全的声明": ("statement", "heads-of-state#22"),
        prefix + "应对气候变化的声明": ("statement", "heads-of-state#22")}
    text = lead + "领导人还就加强数据安全、打击跨国犯罪发表两份声明。"
    assert set(run(text, "2022-09-17")) == {prefix + "加强数据安全的声明", prefix + "打击跨国犯罪的声明"}


@pytest.mark.parametrize("tail", [
    "领导人就加强数据安全、打击跨国犯罪发表3份声明。",  # the items do not add up to the count
    "领导人将就加强数据安全、打击跨国犯罪发表两份声明。",  # still to be adopted
])
def test_coordinated_lists_that_cannot_be_resolved(tail: str) -> None:
    lead = "2022年9月16日，上海合作组织成员国元首理事会第二十二次会议在撒马尔罕闭幕。"
    assert run(lead + tail, "2022-09-17") == {}


def test_a_programme_named_after_a_treaty_keeps_its_whole_title() -> None:
    title = "上海合作组织成员国长期睦邻友好合作条约2028—2032年实施纲要"
    for text in ("会议批准了《上海合作组织成员国长期睦邻友好合作条约》2028至2032年实施纲要。",
                 "会议批准了《上海合作组织成员国长期睦邻友好合作条约2028—2032年实施纲要》。"):
        assert run(text, "2027-06-11") == {title: ("programme", None)}, text


def test_a_full_title_without_the_council_keeps_its_wording() -> None:
    title = "上海合作组织成员国元首关于共同应对网络犯罪的声明"
    text = "2016年6月24日，元首理事会会议在塔什干举行，成员国签署《上海合作组织成员国元首关于共同应对网络犯罪的声明》。"
    assert list(run(text, "2016-06-25")) == [title]


def test_conventions_treaties_and_memoranda_are_agreements() -> None:
    assert doc_type("上海合作组织反极端主义公约") == "agreement"
    assert doc_type("关于某国加入上海合作组织义务的备忘录") == "agreement"
    assert clean_title("《某某合作纲要(2025至2027年)》") == "某某合作纲要(2025—2027年)"
