"""The record search index agrees with the plain definition of its ranking.

``RecordIndex.find`` scans one folded string instead of looping over every
string of every record; this checks, on generated records, that it returns
exactly what the definition gives: for each record the best rank over its
strings (label exact 0 / prefix 1 / substring 2; any other string exact 3 /
prefix 4 / substring 5), ordered by (rank, label length, id)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scotrack.web.data import Snapshot
from scotrack.web.views.search import RecordIndex, fold_query

# a small alphabet so queries hit often, with Traditional/Simplified pairs and full-width letters
ALPHABET = "开發发银行會会峰ＡaB 上合"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=6)


def _records(draw_names: list[tuple[str, list[str]]]) -> dict[str, dict[str, Any]]:
    out = {}
    for i, (name, mentions) in enumerate(draw_names):
        rid = f"i{i}"
        out[rid] = {"id": rid, "type": "institutions", "name": name,
                    "mentions": [{"doc": "d1", "start": 0, "end": len(t), "text": t} for t in mentions]}
    return out


def _expected(index: RecordIndex, fq: str, limit: int) -> list[tuple[int, str]]:
    scored = []
    for rec, label, hay in index.records:
        ranks = [(0 if f == fq else 1 if f.startswith(fq) else 2) + (0 if i == 0 else 3)
                 for i, (_o, f) in enumerate(hay) if fq in f]
        if ranks:
            scored.append((min(ranks), len(label), rec["id"]))
    scored.sort()
    return [(r, rid) for r, _n, rid in scored[:limit]]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(words, st.lists(words, max_size=4)), min_size=1, max_size=25), words,
       st.integers(min_value=1, max_value=30))
def test_find_ranks_like_the_definition(names: list[tuple[str, list[str]]], query: str, limit: int) -> None:
    snap = Snapshot(stamp=(), registry={}, by_id=_records(names), timelines={})
    index = RecordIndex.build(snap)
    fq = fold_query(query)
    if not fq:
        return
    got = [(rank, rid) for rank, rid, _rec, _label, _m in index.find(fq, limit)]
    assert got == _expected(index, fq, limit)


def test_traditional_and_full_width_queries_find_the_same_record() -> None:
    snap = Snapshot(stamp=(), registry={}, by_id=_records([("上合组织开发银行", ["開發銀行", "ＳＣＯ银行"])]), timelines={})
    index = RecordIndex.build(snap)
    for q in ("開發銀行", "开发银行", "sco银行", "ＳＣＯ銀行"):
        found = index.find(fold_query(q), 10)
        assert [rid for _r, rid, *_ in found] == ["i0"], q
    assert index.find(fold_query("开发银行"), 10)[0][0] == 2  # inside the label
    assert index.find(fold_query("sco银行"), 10)[0][0] == 3  # exactly a mention's text
    assert index.find(fold_query("农业"), 10) == []
