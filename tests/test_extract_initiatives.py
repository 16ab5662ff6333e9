"""Initiatives: named …倡议 and their proposers; what is not an initiative.

Test sentences are written for these tests (not taken from the corpus).
"""

from __future__ import annotations


import pytest

from scotrack.extract import initiatives
from scotrack.extract.base import Context, Found, View, norm_key
from scotrack.model import OffsetMap

from .conftest import needs_shared


def run(text: str, language: str = "zh") -> list[Found]:
    offsets = OffsetMap.from_removed(len(text), [])
    view = View(text, text, offsets)
    return initiatives.extract(view, Context(published="2025-10-01", year=2025, language=language))


def named(found: list[Found]) -> dict[str, str | None]:
    return {f.key: f.attrs["proposer"] for f in found}


def test_leader_named_before_the_verb_proposes_every_listed_initiative() -> None:
    text = "多年来,习近平主席先后提出全球发展倡议、全球安全倡议和全球文明倡议,今年又提出全球治理倡议。"
    assert named(run(text)) == {"全球发展倡议": "习近平", "全球安全倡议": "习近平",
                                "全球文明倡议": "习近平", "全球治理倡议": "习近平"}


def test_known_initiative_without_a_proposer_in_the_text() -> None:
    # The proposer is a general fact from the gazetteer; the speaker is not it.
    assert named(run("王毅表示,全球治理倡议恰逢其时。")) == {"全球治理倡议": "习近平"}


def test_traditional_script() -> None:
    found = run("與會各方歡迎全球文明倡議。")
    assert named(found) == {"全球文明倡议": "习近平"}
    assert found[0].text == "全球文明倡議"


@pytest.mark.parametrize("sentence, key, proposer", [
    ("成员国支持哈萨克斯坦提出的“上合组织和平共处”倡议。", "上海合作组织和平共处倡议", "哈萨克斯坦"),
    ("中方提出《关于深化上合组织绿色合作的倡议》。", "关于深化上海合作组织绿色合作的倡议", "中国"),
    ("普京总统提出的大欧亚伙伴关系倡议受到关注。", "大欧亚伙伴关系倡议", "普京"),
    ("各方赞赏全球数据安全倡议。", "全球数据安全倡议", "王毅"),
    ("中方提出的“一带一路”倡议得到成员国支持。", "一带一路倡议", "习近平"),
])
def test_named_initiatives(sentence: str, key: str, proposer: str) -> None:
    assert named(run(sentence)) == {norm_key(key): proposer}


@pytest.mark.parametrize("sentence", [
    "中方十多年前提出成立开发银行倡议,如今终于实现。",  # a proposal for a body
    "中国倡议成立一个新的合作中心。",                    # 倡议 as a verb
    "四大全球倡议相互补充。",                            # a count
    "中方提出的一系列倡议得到积极响应。",                # not a name
    "各方同意共建“一带一路”,推动互联互通。",            # a project, not …倡议
    "中方在峰会上提出多项合作倡议。",
])
def test_not_initiatives(sentence: str) -> None:
    assert run(sentence) == []


def test_english_documents_are_skipped() -> None:
    assert run("Xi Jinping put forward the Global Governance Initiative.", language="en") == []


@needs_shared
def test_corpus_initiatives_against_gold() -> None:
    from .conftest import gold_documents

    tp = n_pred = n_gold = 0
    for rows, view, ctx in gold_documents("initiatives"):
        got = named(initiatives.extract(view, ctx))
        n_pred += len(got)
        n_gold += len(rows)
        for row in rows:
            if norm_key(row["name"]) in got:
                tp += 1
                if row.get("proposer"):
                    assert got[norm_key(row["name"])] == row["proposer"]
    assert n_gold and tp / n_gold >= 0.8 and tp / max(n_pred, 1) >= 0.8
