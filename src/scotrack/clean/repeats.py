"""Repeated paragraphs: exact, near, contained; and one body under two headings.

A decision names the unit that stays (``of``) so a flag can say what a
removed paragraph repeats. Rules, in order:

1. exact: the same key as an earlier kept unit → the later one goes.
2. contained: a unit whose text (or every sentence of it) stands inside one
   longer kept unit → the shorter goes, wherever it stands.
3. near: character-trigram Jaccard ≥ NEAR_JACCARD with an earlier kept unit,
   and the same numbers in the same order → the later one goes. Paragraphs
   whose numbers or dates differ (第一次 2001 vs 第六次 2006) never merge.

Then, for every removed body whose heading stayed and differs from the
heading of the body it repeats: ``heading-body-mismatch``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .units import Unit, numbers_of

# Shortest key (chars) that may be removed as a repeat: shorter lines are
# labels ("成果文件", "共24份") that legitimately recur.
MIN_REPEAT_CHARS = 8
# Shortest key that may be removed for standing inside a longer paragraph.
MIN_CONTAINED_CHARS = 20
# Calibrated on flattened newspaper pages: a copy with a prefix such as 据 or
# 目前, added scores 0.87–0.99; two different bodies sharing a long stock
# phrase scored 0.78. 0.85 sits between them.
NEAR_JACCARD = 0.85
# Above this many units, near-duplicate candidates come from MinHash LSH
# instead of all pairs (keeps long documents linear).
PAIRWISE_LIMIT = 400
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")


@dataclass(frozen=True, slots=True)
class Repeat:
    index: int  # the unit removed
    of: int  # the unit it repeats (kept)
    kind: str  # "duplicate" | "near-duplicate"
    how: str  # "exact" | "contained" | "near"
    similarity: float


def _grams(key: str) -> set[str]:
    if len(key) < 3:
        return {key}
    return {key[i:i + 3] for i in range(len(key) - 2)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_repeats(units: list[Unit], skip: set[int]) -> list[Repeat]:
    """Repeats among ``units`` not in ``skip`` (e.g. boilerplate)."""
    live = [u for u in units if u.index not in skip]
    removed: dict[int, Repeat] = {}
    _exact(live, removed)
    _contained(live, removed)
    _near(live, removed)
    return sorted(removed.values(), key=lambda r: r.index)


def _exact(live: list[Unit], removed: dict[int, Repeat]) -> None:
    first: dict[str, int] = {}
    for u in live:
        if len(u.key) < MIN_REPEAT_CHARS:
            continue
        if u.key in first:
            removed[u.index] = Repeat(u.index, first[u.key], "duplicate", "exact", 1.0)
        else:
            first[u.key] = u.index


def _contained(live: list[Unit], removed: dict[int, Repeat]) -> None:
    kept = [u for u in live if u.index not in removed]
    # Longest first, so a container is settled before what it contains.
    by_len = sorted(kept, key=lambda u: -len(u.key))
    sep = "\u0000"
    joined = sep.join(u.key for u in by_len)
    starts, pos = [], 0
    for u in by_len:
        starts.append(pos)
        pos += len(u.key) + 1
    for rank, u in enumerate(by_len):
        if len(u.key) < MIN_CONTAINED_CHARS or u.index in removed:
            continue
        host = _host_of(u, rank, by_len, joined, starts, removed)
        if host is not None:
            removed[u.index] = Repeat(u.index, host.index, "duplicate", "contained", 1.0)


def _host_of(u: Unit, rank: int, by_len: list[Unit], joined: str, starts: list[int],
             removed: dict[int, Repeat]) -> Unit | None:
    """A longer kept unit holding u's whole text, or every sentence of it."""
    from bisect import bisect_right

    sentences = [s for s in _SENTENCE.findall(u.key) if len(s) >= MIN_REPEAT_CHARS] or [u.key]
    probe = max(sentences, key=len)
    at = joined.find(probe)
    while at >= 0:
        j = bisect_right(starts, at) - 1
        host = by_len[j]
        if j != rank and len(host.key) > len(u.key) and host.index not in removed:
            if u.key in host.key or all(s in host.key for s in sentences):
                return host
        at = joined.find(probe, at + 1)
    return None


def _near(live: list[Unit], removed: dict[int, Repeat]) -> None:
    cands = [u for u in live if u.index not in removed and len(u.key) >= MIN_REPEAT_CHARS]
    grams = _Lazy(lambda i: _grams(by_index[i].key))
    nums = _Lazy(lambda i: numbers_of(by_index[i].key))
    by_index = {u.index: u for u in cands}
    for a, b in _candidate_pairs(cands, grams):
        if a.index in removed or b.index in removed:
            continue
        if nums[a.index] != nums[b.index]:
            continue
        sim = jaccard(grams[a.index], grams[b.index])
        if sim >= NEAR_JACCARD:
            removed[b.index] = Repeat(b.index, a.index, "near-duplicate", "near", round(sim, 3))


class _Lazy(dict):  # type: ignore[type-arg]
    """A dict that computes a missing value from its key, once."""

    def __init__(self, make: Any):
        super().__init__()
        self.make = make

    def __missing__(self, key: int) -> Any:
        value = self[key] = self.make(key)
        return value


def _candidate_pairs(cands: list[Unit], grams: Any) -> list[tuple[Unit, Unit]]:
    """Pairs (earlier, later) worth comparing, in document order of the later.

    Only pairs of compatible lengths can reach the Jaccard threshold (the
    shorter must hold NEAR_JACCARD of the longer's grams), so each unit is
    compared with the units in its length window, found by bisection."""
    if len(cands) <= PAIRWISE_LIMIT:
        from bisect import bisect_left, bisect_right

        by_len = sorted((len(u.key), pos) for pos, u in enumerate(cands))
        lengths = [n for n, _ in by_len]
        pairs = []
        for j, b in enumerate(cands):
            lb = len(b.key)
            lo, hi = NEAR_JACCARD * lb - 2, (lb + 2) / NEAR_JACCARD
            for _, pos in by_len[bisect_left(lengths, lo):bisect_right(lengths, hi)]:
                if pos < j:
                    pairs.append((j, pos))
        pairs.sort()
        return [(cands[pos], cands[j]) for j, pos in pairs]
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=NEAR_JACCARD * 0.8, num_perm=64)
    hashes = {}
    for u in cands:
        m = MinHash(num_perm=64)
        m.update_batch([g.encode("utf-8") for g in grams[u.index]])
        hashes[u.index] = m
        lsh.insert(str(u.index), m)
    by_index = {u.index: u for u in cands}
    pairs = set()
    for u in cands:
        for other in lsh.query(hashes[u.index]):
            o = int(other)
            if o != u.index:
                pairs.add((min(o, u.index), max(o, u.index)))
    return [(by_index[a], by_index[b]) for a, b in sorted(pairs, key=lambda p: (p[1], p[0]))]



def heading_mismatches(units: list[Unit], repeats: list[Repeat], removed: set[int]) -> list[tuple[Unit, Unit, Unit]]:
    """(kept heading, removed body, heading of the original body) for every
    body repeated under a different, kept heading."""
    out = []
    for r in repeats:
        if r.index == 0 or r.of == 0:
            continue
        head, orig_head = units[r.index - 1], units[r.of - 1]
        body = units[r.index]
        if head.index in removed or not head.is_heading_like or not orig_head.is_heading_like:
            continue
        if body.is_heading_like or head.key == orig_head.key:
            continue
        out.append((head, body, orig_head))
    return out
