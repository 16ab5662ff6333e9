"""Institutions: names, short forms, lists, statuses, and what is not one.

Test sentences are written for these tests (not taken from the corpus).
"""

from __future__ import annotations


import pytest

from scotrack.extract import institutions
from scotrack.extract.base import Context, Found, View
from scotrack.extract.institutions_lexicon import Squeezed, canonical_prefix, load
from scotrack.model import OffsetMap

from .conftest import needs_shared


def run(text: str, *, removed: list[tuple[int, int]] | None = None, language: str = "zh",
        published: str | None = "2025-10-01") -> list[Found]:
    """Extract from ``text`` (with ``removed`` spans cut out by "cleaning")."""
    offsets = OffsetMap.from_removed(len(text), removed or [])
    clean = offsets.apply(text)
    view = View(text, clean, offsets)
    ctx = Context(published=published, year=int(published[:4]) if published else None, language=language)
    return institutions.extract(view, ctx)


def statuses(found: list[Found]) -> dict[str, set[str | None]]:
    out: dict[str, set[str | None]] = {}
    for f in found:
        out.setdefault(f.key, set()).add(f.mention.get("status"))
    return out


def test_coordinated_list_carries_prefix_and_status() -> None:
    text = "上合组织成员国元首今天宣布成立上合组织应对安全威胁与挑战综合中心及其信息安全中心、打击跨国有组织犯罪中心。"
    got = statuses(run(text))
    assert got == {
        "上海合作组织应对安全威胁与挑战综合中心": {"established"},
        "上海合作组织信息安全中心": {"established"},
        "上海合作组织打击跨国有组织犯罪中心": {"established"},
    }


def test_unknown_list_item_gets_the_prefix_of_the_first() -> None:
    got = statuses(run("成员国将共同组建上合组织绿色发展研究中心和数字经济合作平台。"))
    assert got == {"上海合作组织绿色发展研究中心": {"decided"}, "上海合作组织数字经济合作平台": {"decided"}}


@pytest.mark.parametrize("sentence, key, status", [
    ("中方早在多年前就提出了成立上合组织开发银行的倡议。", "上海合作组织开发银行", "proposed"),
    ("中国倡议成立上合组织数字经济合作中心。", "上海合作组织数字经济合作中心", "proposed"),
    ("与会者同意探讨建立上合组织粮食安全研究中心。", "上海合作组织粮食安全研究中心", "proposed"),
    ("元首们做出了成立上合组织开发银行的政治决定。", "上海合作组织开发银行", "decided"),
    ("上合组织成员同意设立一家开发银行。", "上海合作组织开发银行", "decided"),
    ("上合组织宣言提出,将在安全领域设立禁毒中心。", "上海合作组织禁毒中心", "decided"),
    ("会议深入讨论了上合组织开发银行的筹建安排。", "上海合作组织开发银行", "preparing"),
    ("各方表示将推动上合组织开发银行尽早落地。", "上海合作组织开发银行", "preparing"),
    ("上合组织禁毒中心昨天在杜尚别正式揭牌。", "上海合作组织禁毒中心", "established"),
    ("各方同意加强上合组织禁毒中心建设。", "上海合作组织禁毒中心", "operating"),
    ("上合组织实业家委员会向会议报告了本年度工作。", "上海合作组织实业家委员会", "operating"),
    ("上合组织银行联合体理事会主席出席了会议。", "上海合作组织银行联合体", "operating"),
    ("各方肯定上合组织实业家委员会在促进投资中的作用。", "上海合作组织实业家委员会", "operating"),
    ("成员国将继续就成立上合组织发展基金问题进行磋商。", "上海合作组织发展基金", "proposed"),
    ("成员国签署了关于建立上合组织开发银行的协定。", "上海合作组织开发银行", "established"),
    ("2004年成立的上合组织睦邻友好合作委员会举办了年会。", "上海合作组织睦邻友好合作委员会", "operating"),
])
def test_status_words(sentence: str, key: str, status: str) -> None:
    assert statuses(run(sentence)).get(key) == {status}


def test_proposal_for_a_body_is_not_its_founding() -> None:
    # 成立 inside "成立…倡议" is what is proposed, not a founding.
    got = statuses(run("上合组织峰会上,中方重申了成立开发银行倡议。"))
    assert got == {"上海合作组织开发银行": {"proposed"}}


def test_short_forms_and_regional_spellings() -> None:
    text = "上合組織成員國領導人見證了綜合安全中心、訊息安全中心、禁毒中心揭牌。"
    got = statuses(run(text))
    assert got == {
        "上海合作组织应对安全威胁与挑战综合中心": {"established"},
        "上海合作组织信息安全中心": {"established"},
        "上海合作组织禁毒中心": {"established"},
    }


def test_china_sco_prefix_is_written_one_way() -> None:
    found = run("中方倡议成立中国—上合组织传统医学合作中心。")
    assert [f.key for f in found] == ["中国-上海合作组织传统医学合作中心"]
    assert found[0].attrs["kind"] == "centre"
    assert canonical_prefix("中国-上合组织X中心") == canonical_prefix("中国—上海合作组织X中心")


def test_new_body_keeps_its_written_name() -> None:
    got = statuses(run("根据会议共识,上合组织成员国将联合组建青年创新委员会,并建立人才交流合作库。"))
    assert got == {"青年创新委员会": {"decided"}, "人才交流合作库": {"decided"}}


@pytest.mark.parametrize("sentence", [
    "上合组织峰会在梅江会展中心开幕,记者云集峰会新闻中心。",   # venues
    "目前四个安全中心已经全部投入使用,上合组织表示满意。",      # a count
    "上合组织是一个重要的合作平台,欧亚地区将多一个新平台。",   # bare 平台 in prose
    "上合组织各方同意加强安全合作中心建设。",                   # a description, not a name
    "亚洲开发银行和国家开发银行的代表出席了上合组织论坛的晚宴。",  # other banks
    "俄方曾建议上合组织国家加入俄罗斯控制的一家开发银行。",     # someone else's bank
    "独立国家联合体和欧亚经济联盟的负责人也参加了上合组织会议。",  # other organisations
    "各国领导人欢迎成立欧亚经济联盟,上合组织表示祝贺。",
    "上合组织常设机构负责人出席会议。",
    "中方倡议明年举办上合组织数字合作论坛。",                    # a forum that is held: an event
])
def test_not_institutions(sentence: str) -> None:
    keys = {f.key for f in run(sentence)}
    assert not keys - {"上海合作组织论坛"}, keys


def test_short_forms_need_an_sco_text() -> None:
    assert run("该市的禁毒中心今天开放。") == []


def test_permanent_organ_is_operating_without_status_word() -> None:
    got = statuses(run("出席会议的有上合组织秘书长和上合组织地区反恐怖机构的官员。"))
    assert got == {"上海合作组织地区反恐怖机构": {"operating"}}


def test_pinyin_glosses_and_broken_lines_are_grounded() -> None:
    text = "上合组织秘书长、地区(qū)反恐怖机构执(zhí)委会主任出席。各方欢迎设立上合组织禁毒\n中心。"
    found = run(text)
    for f in found:
        assert text[f.start:f.end] == f.text
    texts = {f.key: f.text for f in found}
    assert texts["上海合作组织地区反恐怖机构"] == "地区(qū)反恐怖机构"
    assert texts["上海合作组织禁毒中心"] == "上合组织禁毒\n中心"
    assert Squeezed("地区(qū)反恐").s == "地区反恐"


def test_grounding_through_cleaning_offsets() -> None:
    junk = "首页 > 新闻 > 国际\n"
    text = junk + "各方同意推进上合组织开发银行的筹建工作。"
    found = run(text, removed=[(0, len(junk))])
    assert [(f.text, f.mention.get("status")) for f in found] == [("上合组织开发银行", "preparing")]
    assert text[found[0].start:found[0].end] == "上合组织开发银行"


def test_english_documents_are_skipped() -> None:
    assert run("The SCO decided to set up a development bank.", language="en") == []


def test_gazetteer_is_general_and_consistent() -> None:
    gaz = load()
    assert gaz.institution("开发银行").name == "上海合作组织开发银行"
    assert gaz.institution("上合组织禁毒中心").name == "上海合作组织禁毒中心"
    assert gaz.is_other("欧亚经济联盟")
    kinds = {"centre", "bank", "committee", "platform", "fund", "consortium", "other"}
    assert all(i.kind in kinds for i in gaz.institutions)


@needs_shared
def test_corpus_institutions_against_gold() -> None:
    """Every gold institution is found with an accepted status; few extras."""
    from .conftest import gold_documents

    tp = n_pred = n_gold = ok = 0
    for rows, view, ctx in gold_documents("institutions"):
        got = statuses(institutions.extract(view, ctx))
        n_pred += len(got)
        n_gold += len(rows)
        for row in rows:
            key = canonical_prefix(row["name"])
            if key in got:
                tp += 1
                ok += row["status"] in got[key]
    assert n_gold and tp / n_gold >= 0.85
    assert tp / n_pred >= 0.85
    assert ok / max(tp, 1) >= 0.85


def test_topic_clause_and_work_report_statuses():
    from scotrack.clean import clean
    from scotrack.extract import extract_text

    text = ("关于上合组织开发银行，与会各方同意加快推进筹建工作。\n"
            "会议还听取了上合组织实业家委员会和银行联合体的工作汇报。\n")
    c = clean(text)
    got = {f.attrs["name"]: f.mention.get("status")
           for f in extract_text(text, c.clean_text, c.offsets, "2025-11-18") if f.type == "institutions"}
    assert got["上海合作组织开发银行"] == "preparing"
    assert got["上海合作组织实业家委员会"] == "operating"
    assert got["上海合作组织银行联合体"] == "operating"
