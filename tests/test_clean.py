"""Cleaning: boilerplate, repeats, OCR joins, truncation, and its invariants."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scotrack.clean import clean
from scotrack.clean.units import normalise, split_units
from scotrack.model import REMOVING_FLAGS, OffsetMap

from .conftest import SHARED, needs_shared


def kinds(c):
    return [f.kind for f in c.flags]


# --- boilerplate -----------------------------------------------------------

PORTAL_PAGE = """频道首页 > 国际 > 正文

峰会闭幕后双方发表联合声明

12
分享到
微信
微博

会议期间,各方就区域互联互通交换了意见,并同意在明年举行下一次会晤。

与会代表一致认为,应当继续扩大本币结算规模。

免责声明:本文仅代表作者观点,与本站立场无关。
相关阅读
某地举办灯会 市民夜游热情高
另一条推荐新闻的标题
"""


def test_portal_furniture_is_removed_and_the_article_kept():
    c = clean(PORTAL_PAGE)
    for junk in ("频道首页 > 国际", "分享到", "微博", "免责声明", "相关阅读", "某地举办灯会", "另一条推荐新闻", "\n12\n"):
        assert junk not in c.clean_text, junk
    for body in ("峰会闭幕后双方发表联合声明", "会议期间,各方就区域互联互通交换了意见", "应当继续扩大本币结算规模"):
        assert body in c.clean_text
    assert kinds(c).count("boilerplate") >= 8


def test_byline_and_photo_credit_lines():
    text = ("部长会议在首都开幕\n发布时间:2024-05-06 10:00 | 来源:某某网 | 责任编辑:李某\n"
            "与会部长合影留念。本报记者 王小明 摄\n"
            "部长会议今天在首都开幕,来自十个国家的代表出席会议并讨论了能源合作。\n")
    c = clean(text)
    assert "责任编辑" not in c.clean_text and "王小明 摄" not in c.clean_text
    assert "来自十个国家的代表出席会议" in c.clean_text
    reasons = {f.detail for f in c.flags if f.kind == "boilerplate"}
    assert {"byline", "photo caption"} <= reasons


def test_foreign_residue_before_a_chinese_article_goes_but_a_bilingual_page_keeps_english():
    residue = "This line is left over from another page of the site and has nothing to do.\n" \
              "部长会议今天在首都开幕,来自十个国家的代表出席会议并讨论了能源合作。\n" \
              "会议还通过了关于加强人文交流的决定,各方将于明年继续磋商。\n"
    assert "left over" not in clean(residue).clean_text
    bilingual = "".join(
        f"第{n}段中文内容,说明会议讨论了合作事项和下一步安排。\nParagraph {n} in English says the same thing about it.\n"
        for n in "一二三四")
    c = clean(bilingual)
    assert c.clean_text.count("in English says") == 4


def test_a_body_sentence_with_a_cue_word_is_not_boilerplate():
    text = "各方同意加强在分享发展经验方面的合作,并将定期举行专家会议,交流各自在数字经济领域的做法。\n"
    c = clean(text)
    assert c.clean_text == text


# --- repeats ---------------------------------------------------------------

def test_exact_repeat_kept_once_and_flagged():
    para = "各成员国代表在会上介绍了本国在交通走廊建设方面取得的进展。"
    text = f"标题行\n\n{para}\n\n另一段完全不同的内容,讲的是文化交流。\n\n{para}\n"
    c = clean(text)
    assert c.clean_text.count(para) == 1
    dup = [f for f in c.flags if f.kind == "duplicate"]
    assert len(dup) == 1 and text[dup[0].start:dup[0].end] == para and dup[0].start > text.find(para)


def test_near_repeat_with_prefix_is_merged():
    a = "会议主场馆经过改造后,整体功能和展示效果都得到了提升。"
    text = f"① {a}\n\n另外一条无关的消息,讲的是港口吞吐量增长。\n\n③ 此外,{a}\n"
    c = clean(text)
    assert c.clean_text.count("整体功能和展示效果") == 1
    assert {"duplicate", "near-duplicate"} & set(kinds(c))


def test_paragraphs_differing_only_in_numbers_are_never_merged():
    text = ("- 2003年5月29日 元首理事会第三次会议\n- 2008年5月29日 元首理事会第八次会议\n"
            "- 2003年5月29日 元首理事会第三次会议在某地举行\n")
    c = clean(text)
    assert "第三次会议" in c.clean_text and "第八次会议" in c.clean_text
    assert "2008年5月29日" in c.clean_text


def test_short_paragraph_contained_in_a_longer_one_is_removed_wherever_it_stands():
    short = "今年是一个特殊的年份。在这个年份里,各国领导人提出了新的合作设想,得到广泛支持。"
    long = f"记者问及合作前景时,发言人说,{short}他还介绍了会议的其他成果。"
    text = f"小标题\n\n{short}\n\n{long}\n"
    c = clean(text)
    assert c.clean_text.count("得到广泛支持") == 1
    assert "记者问及合作前景时" in c.clean_text


def test_same_body_under_two_headings_is_flagged_and_the_heading_kept():
    body = "各方将发表关于能源、数字经济和绿色产业合作的三份声明,并推进相关行动计划的落实。"
    other = "成员国同意设立新的合作平台,以促进中小企业之间的交流。"
    text = f"● 成果一 发表三份声明\n\n{body}\n\n● 成果二 设立合作平台\n\n{other}\n\n● 成果三 推进组织改革\n\n{body}\n"
    c = clean(text)
    assert "● 成果三 推进组织改革" in c.clean_text
    assert c.clean_text.count(body) == 1
    mm = [f for f in c.flags if f.kind == "heading-body-mismatch"]
    assert len(mm) == 1
    assert text[mm[0].start:mm[0].end].startswith("● 成果三")
    assert "成果一" in mm[0].detail


def test_whole_section_repeated_is_a_duplicate_not_a_mismatch():
    body = "中方宣布将设立面向成员国的奖学金项目,每年资助一批青年学者来华交流。"
    text = f"● 成果五 设立奖学金\n\n{body}\n\n其他内容写在这里,与前文无关。\n\n● 成果五 设立奖学金\n\n{body}\n"
    c = clean(text)
    assert c.clean_text.count("● 成果五 设立奖学金") == 1
    assert "heading-body-mismatch" not in kinds(c)


# --- OCR joins and truncation ---------------------------------------------

def test_line_break_inside_a_word_is_joined_but_poster_lines_stay():
    text = "下一次会议将于\n2027年在哈萨\n克斯坦举行。\n"
    c = clean(text)
    assert "哈萨克斯坦" in c.clean_text
    assert "将于\n2027年" in c.clean_text  # not a word: the line break stays


def test_truncated_text_is_flagged_and_complete_text_is_not():
    cut = "会议通过了宣言。\n\n各方强调,应当在平等互利的基础上进一步深化在能源、交通和"
    c = clean(cut)
    assert "truncated" in kinds(c)
    assert "truncated" not in kinds(clean("会议通过了宣言。\n\n各方强调,应当在平等互利的基础上进一步深化合作。\n"))


def test_list_markers_do_not_count_as_numbers():
    assert normalise("③ 天津港口") == normalise("⑤ 天津港口") == "天津港口"


# --- invariants -----------------------------------------------------------

_pieces = st.sampled_from([
    "各方同意加强合作。", "首页 > 新闻 > 正文", "分享至", "0", "成员国将遵循上海精神,深化合作。",
    "2001年6月15日 第一次会议", "2006年6月15日 第六次会议", "吉", "尔吉斯斯坦", "特别声明:本文仅供参考",
    "● 成果一", "  ", "", "The content above is uploaded by a user.", "上合组织秘书长", "\r", "。",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_pieces, st.sampled_from(["\n", "\n\n", " ", ""])), max_size=30))
def test_clean_text_is_text_minus_removed_ranges(parts):
    text = "".join(p + sep for p, sep in parts)
    c = clean(text)
    assert c.offsets.apply(text) == c.clean_text
    for f in c.flags:
        assert 0 <= f.start <= f.end <= len(text)
    # every kept character maps back to itself
    for i, ch in enumerate(c.clean_text):
        assert text[c.offsets.to_text(i)] == ch
    # removed flags point at text that is really gone or kept once elsewhere
    for f in c.flags:
        if f.kind in REMOVING_FLAGS and f.end > f.start:
            assert c.offsets.to_clean(f.start) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_pieces, st.sampled_from(["\n", "\n\n"])), max_size=25))
def test_cleaning_is_idempotent_on_repeats(parts):
    text = "".join(p + sep for p, sep in parts)
    once = clean(text).clean_text
    again = clean(once)
    assert not [f for f in again.flags if f.kind in ("duplicate", "near-duplicate")]


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 50)), max_size=8))
def test_offset_map_round_trips(text, cuts):
    removed = [(min(s, len(text)), min(s + n, len(text))) for s, n in cuts]
    m = OffsetMap.from_removed(len(text), removed)
    out = m.apply(text)
    gone = set()
    for s, e in removed:
        gone.update(range(s, e))
    assert out == "".join(ch for i, ch in enumerate(text) if i not in gone)
    for i in range(len(out)):
        t = m.to_text(i)
        assert m.to_clean(t) == i
    span = m.to_text_span(0, len(out)) if out else None
    if span:
        assert text[span.start] == out[0] and text[span.end - 1] == out[-1]


def test_split_units_offsets_are_exact():
    text = "  甲乙丙  \n\n丁戊\n己"
    for u in split_units(text):
        assert text[u.start:u.end] == u.text == u.text.strip()


# --- the shared gold ------------------------------------------------------

@needs_shared
@pytest.mark.parametrize("gold_file", sorted((SHARED / "gold").glob("*.json")) if SHARED.exists() else [],
                         ids=lambda p: p.name[:12])
def test_gold_cleaning_checks(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = (SHARED / "corpus" / gold["doc"]).read_text(encoding="utf-8").replace("\r\n", "\n")
    ct = clean(text).clean_text
    for s in gold["clean"].get("absent", []):
        assert s not in ct, f"should be removed: {s!r}"
    for s in gold["clean"].get("present", []):
        assert s in ct, f"should be kept: {s!r}"
    for s in gold["clean"].get("once", []):
        assert ct.count(s) == 1, f"should stand once: {s!r} (x{ct.count(s)})"


@needs_shared
def test_seed_document_flags_the_mismatch_and_joins_the_broken_country_name():
    text = (SHARED / "corpus" / "000_eff580d89c659198.txt").read_text(encoding="utf-8")
    c = clean(text)
    assert "heading-body-mismatch" in kinds(c)
    assert "吉尔吉斯共和国" in c.clean_text and "吉尔吉斯共和国" not in text


def test_a_text_ending_on_a_comma_is_truncated_however_short_its_last_line():
    c = clean("会议发表了宣言。\n\n与此同时，")
    assert [f.kind for f in c.flags] == ["truncated"]


def test_byline_rows_page_tools_and_bracketed_editor_lines():
    text = ("某地召开合作论坛\n2024-03-02 08:15　来源：某某资讯网　编辑：张三\n【字号 大 中 小】【打印】【关闭】\n"
            "论坛今天在某地召开,来自多个国家的代表就数字经济合作交换了意见,并同意建立定期磋商机制。\n（责任编辑：李四）\n")
    c = clean(text)
    for junk in ("来源：某某资讯网", "字号", "责任编辑"):
        assert junk not in c.clean_text
    assert "并同意建立定期磋商机制" in c.clean_text and "某地召开合作论坛" in c.clean_text


# -- suspected typos ---------------------------------------------------------


def _typos(text: str) -> list[tuple[str, str]]:
    return [(text[f.start:f.end], f.detail) for f in clean(text).flags if f.kind == "suspected-typo"]


def test_known_misspellings_are_flagged_and_the_text_is_kept() -> None:
    text = "各方将再接再励，推动上海合做组织走稳发展路劲。\n"
    assert _typos(text) == [("再接再励", "再接再励 → 再接再厉?"), ("合做", "合做 → 合作?"), ("路劲", "路劲 → 路径?")]
    assert clean(text).clean_text == text  # flagged, never corrected


@pytest.mark.parametrize("text", [
    "他们找到了出路劲头十足。\n",  # 出路 + 劲头
    "以经济手段推动合作。\n",  # 以 + 经济
    "代表团在次日抵达。\n",  # 在 + 次日
    "两国结合做好安全工作。\n",  # 结合 + 做好
])
def test_two_real_words_side_by_side_are_not_typos(text: str) -> None:
    assert _typos(text) == []


def test_a_typo_in_a_removed_paragraph_is_not_flagged() -> None:
    para = "成员国同意加强合作，共同走好这条发展路劲，造福各国人民。"
    flags = [f for f in clean(f"{para}\n\n{para}\n").flags if f.kind == "suspected-typo"]
    assert len(flags) == 1 and flags[0].start < len(para)  # the first copy only; the repeat is removed


@needs_shared
def test_the_seed_document_typo_is_flagged() -> None:
    text = (SHARED / "corpus" / "000_eff580d89c659198.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
    assert [t for t, _ in _typos(text)] == ["路劲"]
