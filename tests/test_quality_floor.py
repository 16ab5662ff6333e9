"""The quality gate: scores on annotated corpora never fall below their floors.

Floors live in tests/eval_baseline.json and only rise
(scripts/raise_floors.py). Cleaning and grounding must be perfect.
"""
from __future__ import annotations

import json

import pytest

from .quality import BASELINE, CORPORA, scores_of


@pytest.mark.parametrize("name", list(CORPORA))
def test_scores_do_not_fall_below_their_floors(name):
    corpus, gold = CORPORA[name]
    if not corpus.is_dir() or not gold.is_dir():
        pytest.skip(f"{corpus} is not here")
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))[name]
    got = scores_of(corpus, gold)
    assert got["cleaning"] == 1.0, "every cleaning check must pass"
    assert got["grounding"] == 1.0, "every mention must be grounded"
    low = {k: (round(got.get(k, 0.0), 3), v) for k, v in floors.items() if got.get(k, 0.0) + 1e-9 < v}
    assert not low, f"below the floor (got, floor): {low}"


def test_the_shared_gold_meets_the_issue_targets():
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))
    shared = floors.get("shared")
    if shared is None:
        pytest.skip("no shared floors")
    assert shared["micro_f1"] >= 0.85
    assert all(v >= 0.70 for k, v in shared.items() if k.startswith("f1."))
    assert shared["attributes"] >= 0.85
    assert floors["heldout"]["micro_f1"] >= 0.75
