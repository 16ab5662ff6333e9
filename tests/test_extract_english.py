"""English extraction (v1): English mentions keyed as the Chinese rules key them.

Unit-test sentences are written for these tests (not taken from the corpus);
the corpus tests read the English documents from ../shared/corpus.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scotrack import clean
from scotrack.extract import english, extract_text
from scotrack.extract.base import Context, Found, View, norm_key
from scotrack.extract.outcomes_reference import index
from scotrack.model import OffsetMap
from scotrack.reference import load

from .conftest import SHARED, needs_shared

TIANJIN_DECLARATION = norm_key("上海合作组织成员国元首理事会天津宣言")
STRATEGY_2035 = norm_key("上海合作组织未来10年(2026—2035年)发展战略")


def statement_of_tianjin(topic: str) -> str:
    """Key of the Tianjin summit's statement whose reference title names ``topic``."""
    [doc] = [d for d in index(load()).of_meeting("heads-of-state#25", "statement") if topic in d.title]
    return norm_key(doc.title)


def run(text: str, published: str | None = "2025-09-05") -> list[Found]:
    """English extraction over ``text`` as its own clean text, through ``extract_text``."""
    return extract_text(text, text, OffsetMap([(0, len(text))]), published, "en")


def of(found: list[Found], type_: str) -> list[Found]:
    return [f for f in found if f.type == type_]


def keys(found: list[Found], type_: str) -> set[str]:
    return {f.key for f in of(found, type_)}


# --- the English corpus documents ----------------------------------------------

def corpus_found(prefix: str) -> list[Found]:
    """Found items of one corpus document, read, cleaned and dated by the real stages."""
    from scotrack import metadata, readers
    from scotrack.discover import Discovery
    from scotrack.settings import Settings

    for src in Discovery([str(SHARED / "corpus")], Settings()):
        if src.path.rsplit("/", 1)[-1].startswith(prefix):
            loaded = readers.read(src)
            cleaned = clean.clean(loaded.text)
            meta = metadata.infer_meta(src, loaded, cleaned.clean_text)
            return extract_text(loaded.text, cleaned.clean_text, cleaned.offsets, meta.published, meta.language)
    raise AssertionError(f"no corpus document {prefix}")


@needs_shared
def test_corpus_24kg_list_of_tianjin_documents() -> None:
    found = corpus_found("15_")
    assert keys(found, "meetings") == {"heads-of-state#25"}
    assert {TIANJIN_DECLARATION, STRATEGY_2035} <= keys(found, "outcome_documents")
    assert all(f.attrs["meeting"] == "heads-of-state#25" for f in of(found, "outcome_documents"))
    [secretariat] = keys(found, "institutions")
    assert secretariat == norm_key("上海合作组织秘书处")
    assert all(f.mention["status"] == "operating" for f in of(found, "institutions"))
    [japarov] = of(found, "people")
    assert japarov.key == "扎帕罗夫" and "总统" in japarov.attrs["titles"]


@needs_shared
def test_corpus_tass_partner_reform_names_the_tianjin_summit_and_people() -> None:
    found = corpus_found("20_")
    meetings = of(found, "meetings")
    assert {f.key for f in meetings} == {"heads-of-state#25"}
    assert all(f.mention["status"] == "held" and f.attrs["city"] == "天津" for f in meetings)
    assert keys(found, "people") == {"王毅", "普京"}
    assert keys(found, "outcome_documents") == set() and keys(found, "institutions") == set()


@needs_shared
def test_corpus_tass_next_summit_is_scheduled_in_kyrgyzstan() -> None:
    found = corpus_found("21_")
    by_key = {f.key: f for f in of(found, "meetings")}
    assert set(by_key) == {"heads-of-state#25", "heads-of-state#26"}
    assert by_key["heads-of-state#26"].mention["status"] == "scheduled"
    assert by_key["heads-of-state#26"].attrs["country"] == "吉尔吉斯斯坦"
    assert keys(found, "outcome_documents") == {TIANJIN_DECLARATION}


@needs_shared
def test_corpus_mea_astana_declaration_2024() -> None:
    found = corpus_found("40_")
    [meeting] = of(found, "meetings")
    assert meeting.key == "heads-of-state#24" and meeting.attrs["start"] == "2024-07-04"
    [decl] = of(found, "outcome_documents")
    assert decl.key == norm_key("上海合作组织成员国元首理事会阿斯塔纳宣言")
    assert decl.attrs == {"title": "上海合作组织成员国元首理事会阿斯塔纳宣言", "type": "declaration",
                          "meeting": "heads-of-state#24"}


@needs_shared
def test_corpus_mfa_eight_outcomes_statements_and_people() -> None:
    found = corpus_found("64_")
    assert keys(found, "meetings") == {"heads-of-state#25"}
    assert keys(found, "outcome_documents") == {
        STRATEGY_2035,
        statement_of_tianjin("世界大战"),
        statement_of_tianjin("多边贸易"),
    }
    people = {f.key: f for f in of(found, "people") if f.attrs["titles"]}
    assert set(people) == {"王毅", "叶尔梅克巴耶夫"}
    assert people["叶尔梅克巴耶夫"].attrs["titles"] == ["上海合作组织秘书长", "秘书长"]
    # the dated evidence carries the summit's last day
    assert {f.mention.get("event_date") for f in of(found, "outcome_documents")} == {"2025-09-01"}


@needs_shared
def test_tianjin_declaration_key_is_the_one_the_chinese_documents_give() -> None:
    zh = keys(corpus_found("02_"), "outcome_documents")
    en = keys(corpus_found("15_"), "outcome_documents") & keys(corpus_found("21_"), "outcome_documents")
    assert TIANJIN_DECLARATION in zh and en == {TIANJIN_DECLARATION}


@needs_shared
def test_chinese_and_english_reports_of_one_summit_link_to_one_record(tmp_path: Path) -> None:
    from scotrack import pipeline
    from scotrack.export import write_json
    from scotrack.settings import Settings
    from scotrack.store import open_store

    corpus = SHARED / "corpus"
    zh = corpus / "02_tianjin-declaration-hk01-zh.txt"
    en = corpus / "21_kyrgyz-chairmanship-next-summit-tass-en.txt"
    db = str(tmp_path / "x.db")
    store = open_store(db)
    try:
        pipeline.ingest([str(zh), str(en)], Settings.build(db=db, progress=False, workers=1), store)
        buf = io.StringIO()
        write_json(store, buf)
    finally:
        store.close()
    reg = json.loads(buf.getvalue())
    lang = {d["id"]: d["language"] for d in reg["documents"]}
    assert sorted(lang.values()) == ["en", "zh"]

    def languages(type_: str, key: str) -> set[str]:
        [rec] = [r for r in reg[type_] if r["key"] == key]
        return {lang[m["doc"]] for m in rec["mentions"]}

    assert languages("meetings", "heads-of-state#25") == {"zh", "en"}
    assert languages("meetings", "heads-of-state#26") == {"zh", "en"}
    assert languages("outcome_documents", TIANJIN_DECLARATION) == {"zh", "en"}
    [summit] = [r for r in reg["meetings"] if r["key"] == "heads-of-state#25"]
    assert summit["city"] == "天津" and summit["status"] == "held"


# --- meetings --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Leaders gathered for the 25th session of the Council of the Heads of State, an SCO body.",
    "The twenty-fifth session of the heads of state council of the SCO opened on Sunday.",
    "Delegations arrived ahead of the Tianjin summit of the bloc's leaders, an SCO event.",
    "Reporters covered the SCO summit at Tianjin, where twenty leaders met.",
])
def test_the_tianjin_summit_named_in_english(text: str) -> None:
    [m] = of(run(text), "meetings")
    assert m.key == "heads-of-state#25"
    assert m.attrs["city"] == "天津" and m.attrs["start"] == "2025-08-31" and m.attrs["end"] == "2025-09-01"
    assert m.mention["status"] == "held"


def test_a_meeting_linked_by_city_and_date_in_its_sentence() -> None:
    [m] = of(run("After the Qingdao session of the Council of the Heads of State on 10 June 2018, "
                 "ministers met again.", published="2018-06-12"), "meetings")
    assert m.key == "heads-of-state#18" and m.mention["status"] == "held"


def test_next_meeting_is_scheduled_with_its_year() -> None:
    found = run("Officials said the next SCO heads of state summit will take place in 2026 in Kyrgyzstan.",
                published="2025-09-02")
    [m] = of(found, "meetings")
    assert m.key == "heads-of-state#26" and m.mention["status"] == "scheduled"
    assert m.attrs["status"] == "scheduled"


def test_next_meeting_of_heads_of_state_in_an_sco_text() -> None:
    text = "Kyrgyzstan now chairs the SCO. The group's next meeting of heads of state is due in 2026."
    [m] = of(run(text, published="2025-09-02"), "meetings")
    assert m.key == "heads-of-state#26" and m.mention["status"] == "scheduled"
    other = "Kyrgyzstan now chairs the SCO. The next meeting of heads of state of the G20 is in Delhi."
    assert of(run(other, published="2025-09-02"), "meetings") == []


def test_city_and_year_of_a_listed_summit() -> None:
    [m] = of(run("SCO delegations are already booking hotels for Bishkek 2026.", published="2025-10-01"), "meetings")
    assert m.key == "heads-of-state#26" and m.mention["status"] == "scheduled"


def test_heads_of_government_council() -> None:
    found = run("Prime ministers attended the 24th session of the Council of the Heads of Government in Moscow.",
                published="2025-11-19")
    [m] = of(found, "meetings")
    assert m.key == "heads-of-government#24" and m.attrs["city"] == "莫斯科"


def test_shanghai_in_the_organisations_name_is_no_venue() -> None:
    found = run("Ministers prepared the session of the Council of the Heads of State, a body of the Shanghai  "
                "Cooperation  Organisation, the host city being announced later.", published="2025-09-03")
    assert keys(found, "meetings") == {"heads-of-state#25"}  # the summit around the text's date


def test_hypothetical_meeting_is_not_held() -> None:
    found = run("Diplomats suggested a session of the Council of the Heads of State could be held in Minsk "
                "in 2027.", published="2025-09-03")
    assert all(f.mention["status"] != "held" for f in of(found, "meetings"))
    assert [f.key for f in of(found, "meetings")] == ["heads-of-state@2027:明斯克"]


def test_undated_hypothetical_council_meeting_gives_nothing() -> None:
    assert of(run("A session of the Council of the Heads of State might be convened at some point.", None),
              "meetings") == []


@pytest.mark.parametrize("text", [
    "The weather in the capital was mild on Tuesday and markets closed higher.",
    "The G20 summit in Rome ended with a joint communique on climate.",
    "Officials discussed the summit schedule of another bloc entirely.",  # no SCO, no summit to point at
])
def test_no_meeting_in_unrelated_sentences(text: str) -> None:
    assert of(run(text), "meetings") == []


def test_another_bodys_summit_is_not_the_sco_one() -> None:
    text = ("The SCO talks ended on Monday. Weeks later the BRICS leaders met and the summit "
            "lasted two days.")
    assert of(run(text, published="2025-09-03"), "meetings") == []


def test_a_past_summit_is_not_the_one_reported() -> None:
    found = run("Unlike last year's SCO summit, the talks were short.", published="2025-09-03")
    assert of(found, "meetings") == []


# --- outcome documents -----------------------------------------------------------

def test_city_declaration_resolves_through_the_summit_held_there() -> None:
    found = run("Leaders signed the Tianjin Declaration at the end of the SCO talks.")
    [d] = of(found, "outcome_documents")
    assert d.key == TIANJIN_DECLARATION and d.attrs["type"] == "declaration"
    assert d.attrs["meeting"] == "heads-of-state#25"


def test_declaration_of_a_named_summit() -> None:
    found = run("Analysts read the declaration adopted at the 2025 Tianjin summit closely.")
    [d] = of(found, "outcome_documents")
    assert d.key == TIANJIN_DECLARATION and d.text == "declaration"


def test_strategy_by_english_alias() -> None:
    [d] = of(run("Members adopted the development strategy of the SCO up to 2035 by consensus."),
             "outcome_documents")
    assert d.key == STRATEGY_2035 and d.attrs["type"] == "strategy"


def test_a_draft_is_not_an_outcome() -> None:
    found = run("Experts reviewed the draft of the Tianjin Declaration before the SCO meeting.")
    assert of(found, "outcome_documents") == []


def test_statement_needs_an_adopting_verb_and_one_topic() -> None:
    adopted = run("At the Tianjin summit the SCO leaders issued a statement backing multilateral trading rules.")
    assert keys(adopted, "outcome_documents") == {statement_of_tianjin("多边贸易")}
    mentioned = run("At the Tianjin summit a spokesman said the statement was about multilateral trading rules.")
    assert of(mentioned, "outcome_documents") == []
    ministry = run("The SCO summit closed. A ministry issued a statement backing multilateral trading rules.")
    assert of(ministry, "outcome_documents") == []


# --- institutions ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "status"), [
    ("Leaders took a decision to set up the SCO Development Bank.", "decided"),
    ("Members agreed to speed up preparations for the SCO Development Bank.", "preparing"),
    ("Kazakhstan proposed creating an SCO development bank years ago.", "proposed"),
    ("The SCO Development Bank was formally launched last week.", "established"),
    ("Ministers will work to strengthen the SCO Anti-Drug Centre.", "operating"),
])
def test_institution_status_words(text: str, status: str) -> None:
    [f] = of(run(text), "institutions")
    assert f.mention["status"] == status and f.attrs["status"] == status


def test_institution_keys_and_kinds() -> None:
    found = run("The SCO Development Bank and the Development Bank of the Shanghai  Cooperation  Organization "
                "are one.")
    assert {f.key for f in of(found, "institutions")} == {norm_key("上海合作组织开发银行")}
    assert {f.attrs["kind"] for f in of(found, "institutions")} == {"bank"}


def test_negated_decision_gives_no_status_and_permanent_organs_operate() -> None:
    [bank] = of(run("Members did not decide to set up the SCO Development Bank."), "institutions")
    assert "status" not in bank.mention
    [sec] = of(run("A letter reached the SCO Secretariat on Monday."), "institutions")
    assert sec.mention["status"] == "operating"


def test_an_unknown_bank_is_not_an_sco_institution() -> None:
    assert of(run("The Asian Development Bank decided to open an office."), "institutions") == []


# --- people and initiatives --------------------------------------------------------

def test_people_need_a_title_before_bare_names_count() -> None:
    found = run("The Russian President, Vladimir Putin, arrived on Sunday. Later Putin met reporters.")
    people = of(found, "people")
    assert [f.key for f in people] == ["普京", "普京"]
    assert people[0].attrs["titles"] == ["俄罗斯总统", "总统"] and people[1].attrs["titles"] == []
    assert of(run("Putin met reporters on Monday."), "people") == []


def test_secretary_general_and_chinese_head_of_state() -> None:
    found = run("SCO Secretary-General Zhang Ming greeted President Xi Jinping.")
    by_key = {f.key: f.attrs["titles"] for f in of(found, "people")}
    assert by_key == {"张明": ["上海合作组织秘书长", "秘书长"], "习近平": ["国家主席"]}
    [han] = of(run("Vice President Han Zheng spoke first."), "people")
    assert han.key == "韩正" and han.attrs["titles"] == ["国家副主席"]


def test_initiatives_with_their_proposer() -> None:
    [f] = of(run("Several members welcomed the Global Governance Initiative this autumn."), "initiatives")
    assert f.key == "全球治理倡议" and f.attrs == {"name": "全球治理倡议", "proposer": "习近平"}


def test_chinese_documents_do_not_run_the_english_rules() -> None:
    text = "The SCO Development Bank was formally launched last week."
    assert extract_text(text, text, OffsetMap([(0, len(text))]), "2025-09-05", "zh") == []


# --- grounding ---------------------------------------------------------------------

PIECES = st.sampled_from([
    "Tianjin summit", "the 25th session of the Council of the Heads of State", " SCO ", "Shanghai Cooperation",
    " Organization", "Foreign Minister, Wang Yi", "Putin", "SCO Development Bank", "decided to set up",
    "Tianjin Declaration", "statement on multilateral trading was issued", "next summit", "Bishkek 2026",
    "July 4, 2024", "Secretary-General Yermekbayev", "天津峰会", "\n", "\n\n", "。", ". ", "“", "”", "　", "Ｓｕｍｍｉｔ",
    "Global Governance Initiative", "draft", "will be held in 2026", "ＳＣＯ", "Astana", "  ",
])


@st.composite
def english_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=25))
    return "".join(parts)


@given(english_texts(), st.sampled_from([None, "2024-07-10", "2025-09-02", "2026-05-01"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_english_extraction_is_grounded_on_arbitrary_mixes(text: str, published: str | None) -> None:
    cleaned = clean.clean(text)
    view = View(text, cleaned.clean_text, cleaned.offsets)
    ctx = Context(published=published, year=int(published[:4]) if published else None, language="en")
    for f in english.extract(view, ctx):  # straight from the rules, before any filtering
        assert f.text and text[f.start:f.end] == f.text
