"""English commitments (v1): which English clauses bind an SCO actor, and how
they are cut, keyed and described as the Chinese commitments are.

Unit-test sentences are written for these tests (not taken from the corpus);
the corpus test reads the English documents from ../shared/corpus and checks
them with short fragments only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scotrack import clean
from scotrack.extract import english_commitments, extract_text
from scotrack.extract.base import Context, Found, View, norm_key
from scotrack.extract.english_commitments import area_en, canonical_actor_en
from scotrack.model import OffsetMap

from .conftest import SHARED, ingest_and_export, needs_shared


def run(text: str, published: str | None = "2025-09-05") -> list[Found]:
    """Commitments of ``text`` (its own clean text) through ``extract_text``."""
    found = extract_text(text, text, OffsetMap([(0, len(text))]), published, "en")
    return [f for f in found if f.type == "commitments"]


def texts(text: str) -> list[str]:
    return [f.text for f in run(text)]


# --- what is a commitment ------------------------------------------------------------

@pytest.mark.parametrize("sentence, clause, actor, area", [
    ("The member states agreed to set up a joint fund for youth startups, officials said.",
     "The member states agreed to set up a joint fund for youth startups", "成员国", "culture"),
    ("All parties will deepen cooperation in trade and investment.",
     "All parties will deepen cooperation in trade and investment", "各方", "economy"),
    ("The leaders pledged to step up the fight against terrorism and drug trafficking.",
     "The leaders pledged to step up the fight against terrorism and drug trafficking", "成员国", "security"),
    ("Kazakhstan will take over the rotating chairmanship next year.",
     "Kazakhstan will take over the rotating chairmanship next year", "哈萨克斯坦", "institutional"),
    ("The Chinese side stands ready to train more doctors and nurses for the health sector.",
     "The Chinese side stands ready to train more doctors and nurses for the health sector", "中方", "culture"),
    ("According to the communique, the SCO will uphold the role of the United Nations in global governance.",
     "the SCO will uphold the role of the United Nations in global governance", "上海合作组织", "politics"),
    ("The meeting approved the annual budget of the organisation and heard a report on tourism.",
     "The meeting approved the annual budget of the organisation", "会议", "institutional"),
    ("Russia said it will host a forum on education exchanges in the autumn.",
     "Russia said it will host a forum on education exchanges in the autumn", "俄罗斯", "culture"),
    ("The parties signed a memorandum and will open a logistics hub in 2027.",
     "The parties signed a memorandum and will open a logistics hub in 2027", "各方", "economy"),
    ("Xi Jinping pledged to expand loans to partner countries in Central Asia.",
     "Xi Jinping pledged to expand loans to partner countries in Central Asia", "习近平", "economy"),
    ("The member states would like to reiterate their strong commitment to the UN Charter.",
     "The member states would like to reiterate their strong commitment to the UN Charter", "成员国", "politics"),
    ("The Council of Foreign Ministers instructed the secretariat to draft a reform plan.",
     "The Council of Foreign Ministers instructed the secretariat to draft a reform plan", "理事会", "institutional"),
    ("Members of the SCO have also decided to hold joint counter-terrorism drills in 2027; the host was not named.",
     "Members of the SCO have also decided to hold joint counter-terrorism drills in 2027", "成员国", "security"),
    ("Uzbekistan, as the incoming chair, will organise a summit on tourism, delegates at the talks said.",
     "Uzbekistan, as the incoming chair, will organise a summit on tourism", "乌兹别克斯坦", "culture"),
])
def test_pledges_and_decisions_are_found(sentence: str, clause: str, actor: str, area: str) -> None:
    [f] = run(sentence)
    assert (f.text, f.attrs["actor"], f.attrs["area"]) == (clause, actor, area)


@pytest.mark.parametrize("sentence", [
    # reports of past action without a pledge
    "The ministers discussed regional security and exchanged views on trade.",
    "The member states held talks on energy and signed four documents.",
    # calls on others, hopes
    "The summit called on all nations to fight terrorism together.",
    "The leaders urged all parties to commit to a lasting ceasefire.",
    "Delegates asked the member states to agree on a common transport plan.",
    "China hopes the member states will expand trade in local currencies.",
    # hypotheticals
    "The member states could agree to a new fund next year.",
    "If the parties agree to cut tariffs, trade is expected to grow.",
    "The members would decide on the bank at a later stage.",
    # negations
    "The member states did not agree on the location of the new bank.",
    "China will not join the proposed body.",
    # actors that are not SCO members or bodies
    "The United States will impose new tariffs on steel.",
    "The European Union agreed to extend its sanctions.",
    "The UN Security Council will meet again on Friday.",
    "China and Russia will hold a bilateral naval exercise.",  # two states, not one actor's pledge
    "Vladimir Putin agreed to meet the visiting delegation in Moscow.",  # a person: only explicit pledges
    '"We will respond firmly," a spokesman for the alliance said.',
    "Security officials discussed intelligence sharing and agreed to hold drills.",
    # speculation by analysts
    "Analysts say the member states will struggle to agree on a bank.",
    "The SCO will expand further, experts predicted.",
    # forecasts, scheduling, adopting a document
    "The summit will be held in Bishkek in 2026.",
    "The organisation will become more influential in the coming decade.",
    "The next meeting will review the plan.",
    "The leaders approved the development strategy until 2035.",
    "The heads of state approved the Tianjin Declaration on Monday.",
])
def test_non_commitments_are_left_out(sentence: str) -> None:
    assert texts(sentence) == []


def test_headlines_are_skipped() -> None:
    text = "SCO members agree to build a new railway\n\nThe member states will build a railway to the coast.\n"
    assert texts(text) == ["The member states will build a railway to the coast"]


def test_two_decisions_in_one_sentence_are_two_mentions() -> None:
    found = run("The member states agreed to open a trade office and decided to hold a youth festival.")
    assert [(f.text, f.attrs["actor"]) for f in found] == [
        ("The member states agreed to open a trade office", "成员国"),
        ("decided to hold a youth festival", "成员国"),
    ]


def test_they_takes_the_actor_of_the_previous_sentence() -> None:
    [f] = run("The Member States value dialogue. They reiterate their firm commitment to settling disputes by talks.")
    assert f.text == "They reiterate their firm commitment to settling disputes by talks"
    assert f.attrs["actor"] == "成员国" and f.attrs["area"] == "security"
    # across a paragraph break "they" has no antecedent
    assert texts("The Member States value dialogue.\n\nThey reiterate their firm commitment to peace talks.") == []


def test_passive_decisions_have_no_actor() -> None:
    found = run('The minister said: "A decision has been taken to merge the two partner categories. '
                'We also decided to admit one more partner, which widens the family."')
    assert [(f.text, f.attrs["actor"]) for f in found] == [
        ("A decision has been taken to merge the two partner categories", None),
        ("We also decided to admit one more partner, which widens the family", "我们"),
    ]


def test_a_new_independent_clause_ends_the_commitment() -> None:
    assert texts("India will chair the forum in 2026, and the next talks are due in Delhi.") == [
        "India will chair the forum in 2026"]


def test_record_shape_mirrors_the_chinese_commitments() -> None:
    text = "The SCO summit held in Tianjin on 1 September 2025 ended. The member states will deepen energy cooperation."
    [f] = run(text)
    assert text[f.start:f.end] == f.text
    assert f.key == norm_key(f.text)
    assert set(f.attrs) == {"text", "actor", "area", "meeting", "subject"}
    assert f.attrs["actor"] == "成员国" and f.attrs["area"] == "economy"
    assert f.attrs["meeting"] == "heads-of-state#25"
    assert f.attrs["subject"] is None


def test_the_subject_is_the_institution_named_in_the_clause() -> None:
    [f] = run("Member states decided to establish the SCO Development Bank.")
    assert f.attrs["subject"] == "上海合作组织开发银行"


def test_area_and_actor_helpers() -> None:
    assert area_en("step up counter-terrorism cooperation") == "security"
    assert area_en("expand trade and investment") == "economy"
    assert area_en("defend the international system with the United Nations at its core") == "politics"
    assert area_en("deepen youth and education exchanges") == "culture"
    assert area_en("reform the working mechanisms of the secretariat") == "institutional"
    assert area_en("strengthen the unity of the SCO") == "other"
    assert canonical_actor_en("the SCO member states") == ("成员国", False)
    assert canonical_actor_en("the leaders of the member states") == ("成员国", False)
    assert canonical_actor_en("all sides") == ("各方", False)
    assert canonical_actor_en("the two sides") == ("双方", False)
    assert canonical_actor_en("the Organization") == ("上海合作组织", False)
    assert canonical_actor_en("the SCO") == ("上海合作组织", False)
    assert canonical_actor_en("China") == ("中国", False)
    assert canonical_actor_en("the Chinese side") == ("中方", False)
    assert canonical_actor_en("the Kyrgyz side") == ("吉尔吉斯斯坦", False)
    assert canonical_actor_en("Russian Federation") == ("俄罗斯", False)
    assert canonical_actor_en("Vladimir Putin") == ("普京", True)
    assert canonical_actor_en("the United States") is None
    assert canonical_actor_en("Antonio Guterres") is None  # not from a member state


def test_chinese_documents_do_not_run_the_english_rules() -> None:
    text = "The member states will deepen energy cooperation."
    assert extract_text(text, text, OffsetMap([(0, len(text))]), "2025-09-05", "zh") == []


# --- the English corpus documents ----------------------------------------------------

def corpus_commitments(prefix: str) -> list[Found]:
    from scotrack import pipeline
    from scotrack.discover import Discovery
    from scotrack.settings import Settings

    [path] = [p for p in (SHARED / "corpus").iterdir() if p.name.startswith(prefix)]
    [item] = list(Discovery([str(path)], Settings()))
    doc = pipeline.process(item)
    assert doc.meta.language == "en"
    for f in doc.found:
        assert f.text and doc.text[f.start:f.end] == f.text  # every mention grounded
    return [f for f in doc.found if f.type == "commitments"]


@needs_shared
def test_corpus_english_documents() -> None:
    # a list of signed documents and a report of the next summit: no pledge
    assert corpus_commitments("15_") == []
    assert corpus_commitments("21_") == []
    # a press conference: a decision stated in the passive, and one by "we"
    passive, welcomed = corpus_commitments("20_")
    assert passive.attrs["actor"] is None and passive.text.startswith("A decision was made")
    assert welcomed.attrs["actor"] == "我们" and "Laos" in welcomed.text
    assert {passive.attrs["area"], welcomed.attrs["area"]} == {"institutional"}
    assert welcomed.attrs["meeting"] == "heads-of-state#25"
    # a declaration: "They" after a sentence opened by the member states
    [reaffirmed] = corpus_commitments("40_")
    assert reaffirmed.attrs["actor"] == "成员国" and reaffirmed.text.startswith("They reaffirm")
    assert reaffirmed.attrs["meeting"] == "heads-of-state#24"
    # the foreign minister's briefing: the strategy's pledge and the statement's
    members, sco = corpus_commitments("64_")
    assert members.attrs["actor"] == "成员国" and members.text.startswith("member states will")
    assert "multipolar" in members.text and members.attrs["area"] == "politics"
    assert sco.attrs["actor"] == "上海合作组织" and sco.text.startswith("the SCO will stand")
    assert sco.attrs["area"] == "politics"
    for f in (passive, welcomed, reaffirmed, members, sco):
        assert f.key == norm_key(f.text)


# --- grounding -----------------------------------------------------------------------

PIECES = st.sampled_from([
    "The member states", " agreed to ", " will ", "They ", " renew their commitment to ", "China", " said it ",
    "Analysts say ", " and decided to ", "set up the SCO Development Bank", ", officials said", "If ", " not ",
    "A decision has been made to ", "It was agreed that ", "All parties", " approved the budget", "; ", ". ", "\n",
    "\n\n", "“", "”", "\"", "　", "Ｔｈｅ ｍｅｍｂｅｒ ｓｔａｔｅｓ", "ready to ", "the Chinese side is ",
    ", as the chair,", "Xi Jinping pledged ", "Tianjin summit", "  ", "。",
])


@st.composite
def english_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(PIECES, st.text(max_size=10)), max_size=25))
    return "".join(parts)


@given(english_texts())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_english_commitments_are_grounded_on_arbitrary_text(text: str) -> None:
    cleaned = clean.clean(text)
    view = View(text, cleaned.clean_text, cleaned.offsets)
    ctx = Context(published="2025-09-05", year=2025, language="en")
    for f in english_commitments.extract(view, ctx):  # straight from the rules, before any filtering
        assert f.text and text[f.start:f.end] == f.text
        assert f.key and f.attrs["text"] == f.text
        assert f.attrs["area"] in ("security", "economy", "politics", "culture", "institutional", "other")


# --- end to end ----------------------------------------------------------------------

def test_a_commitment_names_its_subject_and_the_export_links_it(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "Member states decided to establish the SCO Development Bank. "
        "The member states will deepen cooperation in culture and education.\n", encoding="utf-8")
    reg = ingest_and_export(src, tmp_path / "s.db")
    assert [d["language"] for d in reg["documents"]] == ["en"]
    institutions = {r["id"]: r["key"] for r in reg["institutions"]}
    subjects = {c["text"]: c["subject"] for c in reg["commitments"]}
    bank_clause = "Member states decided to establish the SCO Development Bank"
    assert institutions[subjects[bank_clause]] == "上海合作组织开发银行"
    assert subjects["The member states will deepen cooperation in culture and education"] is None
    [bank] = [c for c in reg["commitments"] if c["subject"]]
    assert bank["actor"] == "成员国" and bank["area"] == "economy"
