"""Meetings: linking mentions of SCO councils to the reference list of meetings.

Test sentences are written for these tests (not taken from the corpus).
"""

from __future__ import annotations

import pytest

from scotrack.extract import meetings
from scotrack.extract.base import Context, View
from scotrack.model import OffsetMap


def run(text: str, published: str | None = "2025-09-02", language: str = "zh") -> tuple[list, Context]:
    view = View(text, text, OffsetMap([(0, len(text))]))
    year = int(published[:4]) if published else None
    ctx = Context(published=published, year=year, language=language)
    return meetings.extract(view, ctx), ctx


def keys(found: list) -> list[str]:
    return [f.key for f in found]


@pytest.mark.parametrize("text", [
    "周一，上合组织成员国元首理事会第二十五次会议在天津开幕。",
    "上海合作組織成員國元首理事會第25次會議今天在天津舉行。",
])
def test_ordinal_in_chinese_or_arabic_numerals_and_traditional_script(text: str) -> None:
    found, ctx = run(text)
    assert keys(found) == ["heads-of-state#25"]
    f = found[0]
    assert f.attrs["city"] == "天津" and f.attrs["start"] == "2025-08-31" and f.attrs["end"] == "2025-09-01"
    assert f.mention["status"] == "held"
    assert text[f.start:f.end].endswith(("会议", "會議"))
    assert ctx.main_meeting == "heads-of-state#25"


def test_heads_of_government_and_its_next_meeting() -> None:
    text = ("上合组织成员国政府首脑(总理)理事会第二十四次会议在莫斯科闭幕。"
            "下一届政府首脑(总理)理事会会议将于2026年在吉尔吉斯斯坦举行。")
    found, ctx = run(text, "2025-11-20")
    assert keys(found) == ["heads-of-government#24", "heads-of-government#25"]
    assert found[1].mention["status"] == "scheduled"
    assert found[1].attrs["country"] == "吉尔吉斯斯坦"
    assert ctx.main_meeting == "heads-of-government#24"


def test_city_summit_picks_the_latest_one_in_that_city_before_the_text() -> None:
    found, _ = run("阿斯塔纳峰会结束后，中国接任轮值主席国。", "2024-07-20")
    assert keys(found) == ["heads-of-state#24"]
    found, _ = run("阿斯塔纳峰会结束后，印度和巴基斯坦成为成员国。", "2017-06-12")
    assert keys(found) == ["heads-of-state#17"]


def test_deictic_summits_follow_the_main_meeting() -> None:
    text = "上合组织青岛峰会今天闭幕。本届峰会发表了宣言。与会领导人在峰会期间举行双边会见。"
    found, ctx = run(text, "2018-06-11")
    assert set(keys(found)) == {"heads-of-state#18"}
    assert len(found) == 3
    assert ctx.main_meeting == "heads-of-state#18"


def test_deictic_summit_without_a_named_one_uses_the_publication_date() -> None:
    found, ctx = run("为期两天的上合组织峰会昨日落幕，本届峰会成果丰硕。", "2025-09-02")
    assert set(keys(found)) == {"heads-of-state#25"}
    found, _ = run("本届峰会成果丰硕。", "2021-01-15")
    assert found == []


def test_next_meeting_with_body_on_the_line_before() -> None:
    text = "上合组织成员国元首理事会\n下一次会议将于\n2026年在吉\n尔吉斯共和国举行。"
    found, _ = run(text)
    assert keys(found) == ["heads-of-state#26"]
    assert found[0].mention["status"] == "scheduled"


def test_next_summit_announced_for_next_year() -> None:
    found, _ = run("上合組織峰會將於明年在吉爾吉斯舉行。")
    assert keys(found) == ["heads-of-state#26"]
    found, _ = run("天津峰会闭幕，并于2026年举行下次峰会。")
    assert keys(found) == ["heads-of-state#25", "heads-of-state#26"]


def test_meeting_described_by_date_and_place() -> None:
    text = "2019年6月13日至14日，上海合作组织成员国元首理事会会议在吉尔吉斯共和国比什凯克举行。"
    found, _ = run(text, "2019-06-15")
    assert keys(found) == ["heads-of-state#19"]


def test_wrong_ordinal_links_by_venue_and_flags_the_conflict() -> None:
    found, _ = run("评论：上合组织第二十四次峰会在天津举行，规模空前。", "2025-09-03")
    assert keys(found)[0] == "heads-of-state#25"
    assert found[0].mention["conflict"] == "text says 24, reference says 25"


def test_city_inside_a_document_title_is_not_a_venue() -> None:
    text = "元首理事会第二十次会议以视频方式举行，领导人发表《上海合作组织成员国元首理事会莫斯科宣言》。"
    found, _ = run(text, "2020-11-11")
    assert keys(found) == ["heads-of-state#20"]
    assert "conflict" not in found[0].mention


def test_summit_lists_and_enumerations() -> None:
    text = ("历届元首理事会会议一览\n1.2001年6月,中国上海\n2.2002年6月,俄罗斯圣彼得堡\n3.5月,俄罗斯首都莫斯科\n"
            "正文继续。")
    found, _ = run(text, None)
    assert keys(found) == ["heads-of-state#1", "heads-of-state#2", "heads-of-state#3"]
    text = "天津是继2001年、2006年上海、2012年北京、2018年青岛之后第五次承办上合组织峰会的中国城市。"
    found, _ = run(text, "2025-09-01")
    assert [k for k in keys(found) if k != "heads-of-state#25"] == [
        "heads-of-state#1", "heads-of-state#6", "heads-of-state#12", "heads-of-state#18"]


def test_scheduled_when_the_text_predates_the_meeting() -> None:
    found, _ = run("中方将按惯例于2025年主办峰会。", "2024-07-22")
    assert keys(found) == ["heads-of-state#25"]
    assert found[0].mention["status"] == "scheduled"


def test_sco_plus_and_foreign_ministers() -> None:
    text = "2025年9月1日，“上海合作组织+”会议在天津举行。上合组织外长理事会会议于2025年7月15日在天津举行。"
    found, _ = run(text)
    assert keys(found) == ["sco-plus@2025", "foreign-ministers@2025:天津"]


@pytest.mark.parametrize("text", [
    "金砖国家领导人第十七次会晤在里约热内卢举行。二十国集团峰会将于11月举行。",
    "中非合作论坛北京峰会开幕，中国—中亚峰会在西安举行。",
    "外交部发言人在例行记者会上答问。",
    "上合组织成员国元首理事会首次会议筹备工作启动。",
])
def test_not_sco_meetings(text: str) -> None:
    found, _ = run(text, "2024-09-05")
    assert found == []


def test_english_documents_are_skipped() -> None:
    found, ctx = run("The 25th meeting of the SCO Heads of State Council was held in Tianjin.", language="en")
    assert found == [] and ctx.main_meeting is None


def test_mentions_are_grounded_in_the_document_text() -> None:
    text = "  上合组织天津峰会闭幕。  "
    found, _ = run(text)
    assert all(text[f.start:f.end] == f.text for f in found)


def test_other_sco_bodies_need_a_year() -> None:
    found, _ = run("2025年6月，上合组织成员国国防部长会议在青岛举行。", "2025-06-27")
    assert keys(found) == ["other@2025:青岛"]
    found, _ = run("上合组织成员国国防部长会议将择期举行。", None)
    assert found == []


def test_unlisted_ordinal_keeps_what_the_text_says() -> None:
    found, ctx = run("上合组织成员国政府首脑(总理)理事会第二十三次会议于2024年10月16日在伊斯兰堡举行。", "2024-10-17")
    assert keys(found) == ["heads-of-government#23"]
    assert found[0].attrs["start"] == "2024-10-16" and found[0].attrs["city"] == "伊斯兰堡"
    assert ctx.main_meeting == "heads-of-government#23"


def test_numbered_session_list_under_a_heading_with_a_note_between() -> None:
    text = ("上合组织元首理事会历届会议简表\n"
            "整理：资料室　2025年9月\n"
            "说明：本表按会议届次排列，日期为会议举行日期，地点为主办城市。\n"
            "第十三次　2013年9月13日　吉尔吉斯斯坦比什凯克\n"
            "第16次　2016年6月23日至24日　乌兹别克斯坦塔什干　纪念成立十五周年\n"
            "第二十次　2020年11月10日　视频方式（俄罗斯主持）　发表《莫斯科宣言》\n"
            "第二十六次　2026年（计划）　吉尔吉斯斯坦\n")
    found, _ = run(text, "2025-09-05")
    assert keys(found) == ["heads-of-state#13", "heads-of-state#16", "heads-of-state#20", "heads-of-state#26"]
    assert all(f.mention["status"] == ("scheduled" if f.key.endswith("26") else "held") for f in found)
    assert all(text[f.start:f.end].startswith("第") for f in found)


def test_numbered_session_list_keeps_sessions_the_reference_lacks() -> None:
    text = ("上合组织政府首脑（总理）理事会历次会议\n"
            "第十次　2011年11月7日　俄罗斯圣彼得堡\n"
            "第十二次　2013年11月29日　乌兹别克斯坦塔什干\n")
    found, _ = run(text, "2025-01-01")
    assert keys(found) == ["heads-of-government#10", "heads-of-government#12"]
    first = found[0].attrs
    assert (first["start"], first["city"], first["country"]) == ("2011-11-07", "圣彼得堡", "俄罗斯")


def test_session_lines_need_a_heading_naming_the_council() -> None:
    found, _ = run("第十次　2011年11月7日　俄罗斯圣彼得堡\n", "2025-01-01")
    assert found == []


@pytest.mark.parametrize("text, key", [
    ("2022年11月1日，中方以视频方式主持第二十一次总理会议。", "heads-of-government#21"),
    ("2020年11月30日，上合组织成员国总理第十九次会议以视频方式举行。", "heads-of-government#19"),
    ("2022年11月1日，上合组织政府首脑会议以视频方式举行。", "heads-of-government#21"),
    ("上海合作组织成员国总理理事会第二十二次会议在比什凯克开幕。", "heads-of-government#22"),
])
def test_heads_of_government_aliases(text: str, key: str) -> None:
    found, _ = run(text, "2023-12-01")
    assert keys(found) == [key]


def test_bare_premiers_meeting_is_not_linked() -> None:
    found, _ = run("两国总理会议期间还举行了企业家座谈。", "2023-12-01")
    assert found == []


def test_unlisted_early_meeting_by_alias_keeps_its_date_and_venue() -> None:
    text = "回顾历史，2012年12月5日在吉尔吉斯斯坦比什凯克举行的上合组织成员国总理第十一次会议上，各方讨论了融资问题。"
    found, _ = run(text, "2025-11-20")
    assert keys(found) == ["heads-of-government#11"]
    a = found[0].attrs
    assert (a["start"], a["city"], a["country"], a["status"]) == ("2012-12-05", "比什凯克", "吉尔吉斯斯坦", "held")


def test_next_meeting_not_in_the_reference_follows_the_reported_one() -> None:
    text = ("2027年6月10日，上海合作组织成员国元首理事会第二十七次会议在塔吉克斯坦杜尚别举行。"
            "会议决定，下一次元首理事会会议将于2028年在哈萨克斯坦举行。")
    found, ctx = run(text, "2027-06-11")
    assert keys(found) == ["heads-of-state#27", "heads-of-state#28"]
    nxt = found[1]
    assert (nxt.attrs["year"], nxt.attrs["country"], nxt.mention["status"]) == (2028, "哈萨克斯坦", "scheduled")
    assert ctx.main_meeting == "heads-of-state#27"


def test_next_meeting_year_is_the_announced_one_not_a_plans_horizon() -> None:
    text = ("2024年7月4日，上海合作组织成员国元首理事会会议在阿斯塔纳举行。"
            "元首们责成秘书处拟订2035年前合作规划草案，提交下一次元首理事会会议审议。")
    found, _ = run(text, "2024-07-05")
    assert keys(found) == ["heads-of-state#24", "heads-of-state#25"]
    found, _ = run("下一次元首理事会会议将于2040年举行。", "2024-07-05")
    assert all(f.attrs["year"] != 2040 for f in found)


def test_same_day_dates_a_clause_from_the_one_before() -> None:
    text = ("上合组织元首理事会会议一览\n"
            "第二十四次　2024年7月4日　哈萨克斯坦阿斯塔纳　白俄罗斯加入；同日举行“上海合作组织+”会议\n")
    found, _ = run(text, "2025-09-05")
    assert keys(found) == ["heads-of-state#24", "sco-plus@2024"]


def test_relative_year_before_a_date() -> None:
    found, _ = run("去年7月4日，上海合作组织成员国元首理事会会议在阿斯塔纳举行。", "2025-01-03")
    assert keys(found) == ["heads-of-state#24"]
