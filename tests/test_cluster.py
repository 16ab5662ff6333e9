"""Same-story clustering: reposts, script variants, truncated copies, translations, support."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from scotrack import cluster
from scotrack.cli import cli
from scotrack.link import DocInfo

from .conftest import SHARED, needs_shared


@dataclass
class Doc:
    """A DocumentRow-like item."""

    id: int
    clean_text: str
    language: str = "zh"
    published: str | None = "2030-04-02"
    kind: str = "news"
    title: str | None = None


# Own-words texts about invented meetings; paragraphs of plain running prose.
STORY = (
    "本报青河4月2日电 4月1日，青河论坛闭幕当天，两位部长在湖畔会议中心共同会见记者，"
    "介绍了论坛达成的五项共识。\n\n"
    "第一项共识是建立沿河城市水资源监测网络，各方同意在三年内共建十二个联合观测站，"
    "数据按月互通，遇到汛情时两小时内通报。\n\n"
    "第二项共识是设立青年交流计划，每年互派四百名大学生到对方城市的农业和水利院校学习一个学期。\n\n"
    "第三项共识是简化边境口岸的通关手续，对鲜活农产品实行绿色通道，争取把平均通关时间缩短一半。\n\n"
    "第四项共识是共同编写一部流域历史地图集，邀请各国档案馆提供旧地图和地方志资料。\n\n"
    "第五项共识是把论坛改为每两年举办一次，下一届由下游的白石市承办，时间初定在秋季。"
)
SITE_TOP = "首页 > 国际 > 正文\n分享到：微信 微博\n"
SITE_BOTTOM = "\n责任编辑：林晓\n相关阅读：白石市启动秋季旅游节 本网记者带您走进湖畔古镇"
UNRELATED = (
    "新华网北京4月3日电 国家图书馆今天发布消息，将于下月起延长周末开放时间，并新增两个古籍修复体验区。"
    "馆方介绍，体验区每天分三场接待读者，每场限额二十人，需要提前在网上预约。"
    "此外，图书馆还与十余所中学合作开设阅读课程，由馆员带领学生查阅地方文献，"
    "学习如何辨别版本和整理目录。工作人员表示，今年计划举办各类讲座一百余场，主题涵盖书法、"
    "印刷史和地方掌故，欢迎市民关注官方账号获取最新安排。"
)


def _s2t(text: str) -> str:
    return opencc.OpenCC("s2t.json").convert(text)


def _corpus() -> list[Doc]:
    return [
        Doc(1, STORY, published="2030-04-02", kind="news", title="青河论坛达成五项共识"),
        Doc(2, SITE_TOP + STORY + SITE_BOTTOM, published="2030-04-02", kind="news"),
        Doc(3, _s2t(STORY), published="2030-04-03", kind="news"),
        Doc(4, STORY[: len(STORY) * 2 // 5], published="2030-04-04", kind="self-media"),
        Doc(5, UNRELATED, published="2030-04-03", kind="official"),
    ]


def test_reposts_traditional_and_truncated_copies_form_one_story() -> None:
    docs = _corpus()
    assert _s2t(STORY) != STORY  # the repost really is in the other script
    found = cluster.stories(docs)
    by_doc = found.story_of()
    assert by_doc["d1"] == by_doc["d2"] == by_doc["d3"] == by_doc["d4"]
    assert by_doc["d5"] != by_doc["d1"]
    main = next(s for s in found if "d1" in s.docs)
    assert main.earliest == "d1" and main.earliest_date == "2030-04-02"
    assert main.docs[-1] == "d4"  # date order
    assert main.kinds["d4"] == "self-media"
    assert {link.how for link in main.links} == {"containment"}
    assert [s.id for s in found] == ["s1", "s2"]


def test_containment_is_high_for_a_prefix_and_low_for_other_texts() -> None:
    whole, prefix = cluster.shingles(STORY), cluster.shingles(STORY[:120])
    score, shared = cluster.containment(whole, prefix)
    assert score == 1.0 and shared == len(prefix)
    assert cluster.containment(whole, cluster.shingles(UNRELATED))[0] < 0.1
    # script and punctuation do not matter
    assert cluster.shingles(_s2t(STORY).replace("，", ",")) == whole


def test_a_tiny_shared_fragment_does_not_join() -> None:
    fragment = "第五项共识是把论坛改为每两年举办一次"  # fully contained, but far below MIN_SHARED_SHINGLES
    found = cluster.stories([Doc(1, STORY), Doc(2, UNRELATED + fragment)])
    assert len(found) == 2


ZH_NUMBERS = ("青河论坛4月1日闭幕，各方同意在2031年至2035年间投入120亿元，建设12个观测站，"
              "培训400名技术人员，目标是把损失降低30%，覆盖75个县和18座城市，首批项目2031年启动。")
EN_NUMBERS = ("The Qinghe Forum closed on April 1. Parties agreed to invest 12 billion yuan (120 units) "
              "between 2031 and 2035, build 12 stations, train 400 technicians, cut losses by 30% and cover "
              "75 counties and 18 cities; the first projects start in 2031.")


def test_a_translation_joins_on_date_and_numbers_only_when_both_agree() -> None:
    zh = Doc(1, ZH_NUMBERS, published="2031-04-01")
    en_next_day = Doc(2, EN_NUMBERS, language="en", published="2031-04-02", kind="official")
    en_too_late = Doc(3, EN_NUMBERS, language="en", published="2031-04-09")
    en_few_numbers = Doc(4, "The forum closed in 2031 after talks on 12 stations.", language="en",
                         published="2031-04-01")
    found = cluster.stories([zh, en_next_day, en_few_numbers])
    by_doc = found.story_of()
    assert by_doc["d1"] == by_doc["d2"] != by_doc["d4"]
    link = next(s for s in found if "d1" in s.docs).links[0]
    assert link.how == "numbers" and link.shared >= cluster.MIN_SHARED_NUMBERS
    # the same translation a week later is not paired (and an identical English
    # copy would join the translation by shingles, so it is tested on its own)
    assert len(cluster.stories([zh, en_too_late])) == 2


def test_a_translation_joins_on_shared_records() -> None:
    zh = Doc(1, STORY, published="2030-04-02")
    en = Doc(2, "The forum agreed on five points.", language="en", published="2030-04-03")
    other = Doc(3, UNRELATED, published="2030-04-02")
    ids = {f"n{i}" for i in range(12)}
    found = cluster.stories([zh, en, other], {"d1": ids, "d2": ids | {"p1"}, "d3": {"n1", "n2"}})
    assert found.story_of()["d2"] == found.story_of()["d1"] != found.story_of()["d3"]
    assert next(s for s in found if "d2" in s.docs).links[0].how == "records"
    # without the records the English note stays alone
    assert len(cluster.stories([zh, en, other])) == 3


def test_a_translation_matching_two_different_stories_joins_neither() -> None:
    first = Doc(1, ZH_NUMBERS, published="2031-04-01")
    second = Doc(2, "另一篇报道：" + "，".join(["2031年", "2035年", "120亿元", "12个", "400名", "30%",
                                         "75个县", "18座城市", "2031年"]) + UNRELATED,
                 published="2031-04-01")
    en = Doc(3, EN_NUMBERS, language="en", published="2031-04-02")
    found = cluster.stories([first, second, en])
    assert len(found) == 3
    assert found.ambiguous == {"d3": ["s1", "s2"]}


class FakeStore:
    """iter_documents and iter_linked, which is all support() reads."""

    def __init__(self, docs: list[Doc], linked: list[tuple[str, str]]) -> None:
        self.docs, self.linked = docs, linked

    def iter_documents(self):
        return iter(self.docs)

    def iter_linked(self):
        kinds = {f"d{d.id}": d for d in self.docs}
        for ref, record_id in self.linked:
            d = kinds[ref]
            yield DocInfo(ref, d.published, d.kind), None, record_id


def test_support_counts_reposts_once_and_independent_sources_apart() -> None:
    docs = _corpus()
    linked = [("d1", "n1"), ("d1", "n1"), ("d2", "n1"), ("d3", "n1"),  # one story, three copies
              ("d1", "n2"), ("d5", "n2"),  # the story and an unrelated official text
              ("d4", "n3")]
    sup = cluster.support(FakeStore(docs, linked))
    assert sup["n1"]["mentions"] == 4 and sup["n1"]["documents"] == 3 and sup["n1"]["stories"] == 1
    assert sup["n2"]["documents"] == 2 and sup["n2"]["stories"] == 2
    assert sorted(k for src in sup["n2"]["sources"] for k in src["kinds"]) == ["news", "official"]
    assert sup["n3"] == {"mentions": 1, "documents": 1, "stories": 1,
                         "sources": [{"story": "s1", "docs": ["d4"], "kinds": ["self-media"]}]}


def _synthetic(n_stories: int, seed: int = 7) -> list[Doc]:
    rng = random.Random(seed)
    pool = [chr(0x4E00 + i) for i in range(3000)]
    docs: list[Doc] = []
    for s in range(n_stories):
        body = "".join(rng.choice(pool) for _ in range(400))
        day = f"2030-{1 + s % 12:02d}-{1 + s % 27:02d}"
        docs += [Doc(len(docs) + 1, body, published=day),
                 Doc(len(docs) + 2, "转载自某网站" + body + "本文仅代表作者观点", published=day),
                 Doc(len(docs) + 3, body[:180], published=day)]
    return docs


def test_many_documents_are_clustered_without_comparing_every_pair() -> None:
    docs = _synthetic(100)
    found = cluster.stories(docs)
    n = len(docs)
    assert n == 300 and found.documents == 300
    assert len(found) == 100 and all(len(s.docs) == 3 for s in found)
    assert found.candidates < n * n / 2 / 20  # far below the 44,850 pairs of a full comparison
    assert found.candidates >= 200  # ... yet every true pair was looked at


def test_numbers_are_a_multiset_of_values_from_ten_up() -> None:
    assert cluster.numbers("２０２５年9月1日，第25次会议，80周年，80个国家") == Counter({2025: 1, 25: 1, 80: 2})


# --- the shared corpus and the command --------------------------------------

@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("stories") / "c.db"
    r = CliRunner().invoke(cli, ["ingest", str(SHARED / "corpus"), "--db", str(db), "--no-progress"],
                           catch_exceptions=False)
    assert r.exit_code in (0, 1), r.output
    return db


def _refs_by_file(db: Path) -> dict[str, str]:
    from scotrack.store import open_store

    with open_store(str(db)) as store:
        return {d.path.replace("\\", "/").rsplit("/", 1)[-1][:3]: d.ref for d in store.list_documents()}


@needs_shared
def test_shared_corpus_briefing_and_its_traditional_report_are_one_story(corpus_db: Path) -> None:
    from scotrack.store import open_store

    refs = _refs_by_file(corpus_db)
    with open_store(str(corpus_db)) as store:
        found = cluster.from_store(store)
        sup = cluster.support(store, found)
    by_doc = found.story_of()
    assert by_doc[refs["000"]] == by_doc[refs["08_"]]
    assert by_doc[refs["003"]] != by_doc[refs["000"]]  # the Moscow meeting, another event
    assert by_doc[refs["003"]] != by_doc[refs["35_"]]  # same meeting, a different text
    assert found.candidates < len(by_doc) * (len(by_doc) - 1) / 2
    shared_only = [r for r, v in sup.items()
                   if {s["story"] for s in v["sources"]} == {by_doc[refs["000"]]} and v["documents"] == 2]
    assert shared_only and all(sup[r]["stories"] == 1 for r in shared_only)


@needs_shared
def test_stories_command_lists_the_multi_document_stories(corpus_db: Path) -> None:
    import json

    refs = _refs_by_file(corpus_db)
    r = CliRunner().invoke(cli, ["stories", "--db", str(corpus_db), "--format", "json"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert any({refs["000"], refs["08_"]} <= set(row["documents"]) for row in rows)
    assert all(len(row["documents"]) >= 2 for row in rows)
    everything = CliRunner().invoke(cli, ["stories", "--all", "--db", str(corpus_db), "--format", "csv"],
                                    catch_exceptions=False)
    assert everything.output.count("\n") - 1 > len(rows)
