"""The local engine: chunks, order, and the fork server's warm-up."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from scotrack.engines import local
from scotrack.engines.local import CHUNK_BYTES, CHUNK_INPUTS, LocalEngine


@given(st.lists(st.integers(min_value=0, max_value=CHUNK_BYTES), max_size=60))
@settings(max_examples=200)
def test_chunks_keep_order_and_stay_small(sizes: list[int]) -> None:
    pairs = [(size, i) for i, size in enumerate(sizes)]
    chunks = list(local._chunked(pairs, weight=lambda size: size))
    assert [p for c in chunks for p in c] == pairs  # nothing lost, nothing reordered
    for c in chunks:
        assert 1 <= len(c) <= CHUNK_INPUTS
        # a chunk closes as soon as it is full or heavy, not later
        assert sum(size for size, _ in c[:-1]) < CHUNK_BYTES
    for c in chunks[:-1]:
        assert len(c) == CHUNK_INPUTS or sum(size for size, _ in c) >= CHUNK_BYTES


def test_pool_returns_results_in_input_order() -> None:
    words = [f"word{i}" * (1 + i % 7) for i in range(50)]
    with LocalEngine(workers=2) as engine:
        assert engine._pool is not None  # really in worker processes
        got = list(engine.map(str.upper, ((w, i) for i, w in enumerate(words)),
                              lost=lambda w, why: "", weight=lambda w: len(w) * 40_000))
    assert [(w, i) for w, i, _ in got] == [(w, i) for i, w in enumerate(words)]
    assert [out for _, _, out in got] == [w.upper() for w in words]


def test_importing_the_warm_up_loads_the_segmenter_and_tables() -> None:
    code = ("import scotrack.engines.warm\n"
            "from scotrack import lexicon\n"
            "print(lexicon._pos_tokenizer is not None)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "True"
