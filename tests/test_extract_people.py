"""People extraction: names after titles, where a name ends, what is not a person."""

from __future__ import annotations

import json

import pytest

from scotrack.extract import people
from scotrack.extract.base import Context, View
from scotrack.extract.people_lexicon import Squeezed, lexicon
from scotrack.extract.people_names import name_end
from scotrack.model import OffsetMap

from .conftest import SHARED, needs_shared


def run(text: str, language: str = "zh") -> list:
    view = View(text, text, OffsetMap([(0, len(text))]))
    return people.extract(view, Context(published="2025-06-01", year=2025, language=language))


def by_name(text: str, language: str = "zh") -> dict[str, list[str]]:
    """name → titles of the titled mentions (bare mentions add no titles)."""
    out: dict[str, list[str]] = {}
    for f in run(text, language):
        out.setdefault(f.key, [])
        out[f.key] += [t for t in f.attrs["titles"] if t not in out[f.key]]
    return out


# --- [state/body][title][name] ----------------------------------------------

def test_foreign_name_after_state_and_title_ends_before_verb():
    got = by_name("当天,哈萨克斯坦共和国外交部长努尔别科夫主持了部长级磋商。")
    assert got == {"努尔别科夫": ["哈萨克斯坦共和国外交部长", "外交部长"]}


def test_government_words_stay_in_the_bare_title():
    got = by_name("论坛开幕前,俄罗斯联邦政府总理米舒斯京会见了各国代表。")
    assert "政府总理" in got["米舒斯京"]
    assert "俄罗斯联邦政府总理" in got["米舒斯京"]


def test_organisation_prefix_is_spelled_out():
    got = by_name("上合组织副秘书长扎里波夫出席开幕式。")
    assert got["扎里波夫"][0] == "上海合作组织副秘书长"
    assert "副秘书长" in got["扎里波夫"]


def test_long_assistant_title_is_kept_whole():
    got = by_name("联合国秘书长中亚问题特别代表伊萨科娃女士也发了言。")
    assert got["伊萨科娃"][0] == "联合国秘书长中亚问题特别代表"


def test_list_of_leaders_separated_by_pause_marks():
    text = "晚宴上,白俄罗斯总统卢卡申科、印度总理莫迪、伊朗第一副总统阿雷夫和蒙古国总统呼日勒苏赫先后举杯。"
    got = by_name(text)
    assert set(got) == {"卢卡申科", "莫迪", "阿雷夫", "呼日勒苏赫"}
    assert "第一副总统" in got["阿雷夫"]


def test_joined_titles_keep_both_and_combined_title():
    got = by_name("中共中央政治局常委、国务院总理李强在欢迎宴会上致辞。")
    assert got["李强"][0] == "国务院总理"
    assert "中共中央政治局常委" in got["李强"]
    got = by_name("巴基斯坦伊斯兰共和国副总理兼外交部长达尔随后发言。")
    assert "副总理兼外交部长" in got["达尔"]


def test_chinese_name_after_title_without_pause():
    got = by_name("外交部发言人林剑昨日在例行记者会上回答提问。")
    assert got == {"林剑": ["外交部发言人"]}
    got = by_name("商务部部长王文涛同与会代表交流。")
    assert list(got) == ["王文涛"]


def test_unknown_chinese_name_is_split_from_the_next_word():
    got = by_name("中国驻吉尔吉斯斯坦大使刘江平表示,双方合作前景广阔。")
    assert list(got) == ["刘江平"]
    assert "大使" in got["刘江平"]


def test_rare_final_character_is_kept_in_a_foreign_name():
    # 相 is outside the transliteration table but ends the name before a verb
    got = by_name("欧亚经济委员会执委会主席萨尔基相出席会议。")
    assert list(got) == ["萨尔基相"]


def test_word_straddling_the_name_end_is_cut_off():
    got = by_name("俄罗斯总统普京提出新的合作倡议。")
    assert list(got) == ["普京"]
    got = by_name("塔吉克斯坦总统拉赫蒙指出,各方应加强协调。")
    assert list(got) == ["拉赫蒙"]


def test_loose_character_after_a_surname_like_start_makes_a_foreign_name():
    # 马克 could be a Chinese name, but 龙 is left loose before the verb
    got = by_name("法国总统马克龙此前访问了北京。")
    assert list(got) == ["马克龙"]


def test_former_holder_of_a_title():
    got = by_name("上合组织前秘书长阿利莫夫出席了研讨会。")
    assert "上海合作组织前秘书长" in got["阿利莫夫"]


def test_known_name_that_starts_a_longer_transliteration_is_not_cut():
    got = by_name("白俄罗斯总统卢卡申科夫人也参加了晚宴。")
    assert list(got) == ["卢卡申科"]
    got = by_name("伊朗总统莱希德里亚出席了会议。")  # an invented longer name
    assert list(got) == ["莱希德里亚"]


# --- [known person][title] --------------------------------------------------

def test_known_leader_followed_by_title():
    got = by_name("习近平主席在开幕式上宣布了多项举措。")
    assert got == {"习近平": ["主席"]}


def test_unknown_name_before_a_title_after_a_clear_boundary():
    got = by_name("宴会上,尊敬的扎帕罗夫总统首先致祝酒辞;随后,张明秘书长发言。")
    assert got == {"扎帕罗夫": ["总统"], "张明": ["秘书长"]}


@pytest.mark.parametrize("text", [
    "会后,塔吉克总统府发布了消息。",
    "据报道,马里总统和尼日尔总统通了电话。",
    "他说,曾任总理的这位政治家仍有影响力。",
    "各方同意,维护总统选举的公正。",
])
def test_places_and_words_before_a_title_are_not_names(text):
    assert run(text) == []


def test_bare_mentions_only_for_people_introduced_with_a_title():
    found = run("外交部发言人林剑主持记者会。林剑说,中方愿加强合作。")
    assert [f.key for f in found] == ["林剑", "林剑"]
    assert found[1].attrs["titles"] == []
    assert run("习近平同与会领导人合影。") == []


# --- names in other scripts and forms ---------------------------------------

def test_middle_dot_variants_give_one_key():
    a = by_name("巴基斯坦总理夏巴兹・谢里夫出席会议。")
    b = by_name("巴基斯坦总理夏巴兹‧谢里夫出席会议。")
    assert list(a) == list(b) == ["夏巴兹·谢里夫"]


def test_full_name_of_a_known_person_links_to_the_short_form():
    got = by_name("上合组织秘书长努尔兰·叶尔梅克巴耶夫表示,开发银行筹建工作顺利。")
    assert list(got) == ["叶尔梅克巴耶夫"]


def test_traditional_script_and_pinyin_gloss():
    text = "會議期間,吉爾吉斯共和國總統(tǒng)扎帕羅夫主持了大範圍會談。"
    found = run(text)
    assert [f.key for f in found] == ["扎帕罗夫"]
    f = found[0]
    assert text[f.start:f.end] == f.text
    assert "(tǒng)" in f.text  # the mention spans the gloss
    assert all("(" not in t for t in f.attrs["titles"])
    assert "吉尔吉斯共和国总统" in f.attrs["titles"]


def test_name_broken_across_lines_is_joined():
    text = "哈萨克斯坦总统托卡\n耶夫出席了论坛。"
    found = run(text)
    assert [f.key for f in found] == ["托卡耶夫"]
    assert text[found[0].start:found[0].end] == found[0].text


def test_squeezed_offsets_map_back():
    s = "总统(tǒng)普京"
    sq = Squeezed.of(s)
    assert sq.s == "总统普京"
    assert s[sq.start(0):sq.end(len(sq.s))] == s
    assert s[sq.start(2):sq.end(4)] == "普京"


# --- what is not a person ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "外交部发言人表示,中方支持主席国的工作。",
    "新华社北京5月20日电(记者张三、李四)峰会筹备工作进入最后阶段。",
    "秘书长任期内,组织完成了多项改革。",
    "外交部长高度评价两国关系。",
    "总理会议每年举行一次,部长级会议也定期举行。",
    "轮值主席国乌兹别克斯坦将承办下届峰会。",
    "总统夫人参观了博物馆。",
    "联合国秘书长特别代表随后发言。",
])
def test_no_false_people(text):
    assert run(text) == []


def test_english_documents_are_out_of_scope():
    assert run("俄罗斯总统普京出席会议。", language="en") == []


def test_name_end_rejects_place_names():
    lex = lexicon()
    t = "总统阿塞拜疆"
    assert name_end(t, 2, "总统", lex) is None


# --- the shared corpus ------------------------------------------------------

@needs_shared
def test_corpus_people_recall_and_precision():
    """On the annotated Chinese documents, nearly every gold person is found
    and nearly every found person is in the gold."""
    from scotrack import clean

    tp = n_pred = n_gold = 0
    for g in sorted((SHARED / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        path = SHARED / "corpus" / gold["doc"]
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        cleaned = clean.clean(text)
        view = View(text, cleaned.clean_text, cleaned.offsets)
        found = people.extract(view, Context(published=None, year=2025))
        for f in found:
            assert text[f.start:f.end] == f.text
        pred = {f.key.replace("·", "") for f in found}
        want = {p["name"].replace("·", "") for p in gold.get("people", [])}
        tp += len(pred & want)
        n_pred += len(pred)
        n_gold += len(want)
    assert n_gold > 0
    assert tp / n_gold >= 0.9
    assert tp / max(n_pred, 1) >= 0.9


def test_title_chains_search_near_heads_equals_a_full_scan():
    from scotrack.extract.people_lexicon import title_chains

    lex = lexicon()
    text = ("会议由轮值主席国俄罗斯联邦政府总理主持。中共中央政治局委员、中央外办主任出席。\n"
            "联合国秘书长中亚问题特别代表和上合组织秘书处官员、各国外长参加。总统府发言人表示。") * 3
    assert [m.span() for m in title_chains(text, lex)] == [m.span() for m in lex.title_chain.finditer(text)]


def test_regional_spelling_links_to_the_mainland_name() -> None:
    got = by_name("俄羅斯總統普丁出席了會議。普丁表示支持。")
    assert list(got) == ["普京"]
    mentions = [f for f in run("俄羅斯總統普丁出席了會議。普丁表示支持。")]
    assert len(mentions) == 2 and all(f.key == "普京" for f in mentions)


@pytest.mark.parametrize("text", ["俄罗斯总统普京因日程原因未能出席。", "俄罗斯总统普京因故缺席，普京因此致信祝贺。"])
def test_known_name_does_not_swallow_a_function_word(text: str) -> None:
    assert list(by_name(text)) == ["普京"]


def test_holders_listed_under_a_post_heading() -> None:
    text = ("说明如下。\n\n历任秘书长\n李德文（中国）2001—2003年\n"
            "卡尔巴耶夫（哈萨克斯坦）2004—2006年\n\n另：本表仅供参考（2024年）\n")
    got = by_name(text)
    assert set(got) == {"李德文", "卡尔巴耶夫"}
    assert "秘书长" in got["卡尔巴耶夫"]


def test_parenthesised_line_without_post_heading_is_no_person() -> None:
    assert not by_name("会议纪要\n卡尔巴耶夫（哈萨克斯坦）2004—2006年\n")
