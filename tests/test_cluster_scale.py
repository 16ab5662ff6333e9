"""Same-story clustering at scale: fingerprints, the common-shingle cut and
candidate generation (scotrack.cluster_index), counted rather than timed."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from scotrack import cluster, cluster_index


@dataclass
class Doc:
    """A DocumentRow-like item."""

    id: int
    clean_text: str
    language: str = "zh"
    published: str | None = None
    kind: str = "news"
    title: str | None = None


POOL = [chr(0x4E00 + i) for i in range(3000)]


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(POOL) for _ in range(n))


def test_fingerprint_is_the_shingle_set_hashed() -> None:
    rng = random.Random(1)
    for text in ("", "短", "上海合作", "上海合作组织", _text(rng, 400), "Ａｂ，ｃ。" + _text(rng, 50) * 2):
        assert len(cluster_index.fingerprint(text)) == len(cluster.shingles(text))
    a, b, c = _text(rng, 300), _text(rng, 300), _text(rng, 200)
    with cluster_index.Fingerprints() as prints:
        for t in (a + b, b, c):
            prints.add(cluster_index.fingerprint(t))
        prints.freeze()
        assert len(prints.common) == 0  # three documents: far below COMMON_MIN_DOCS
        assert prints.containment(0, 1) == cluster.containment(cluster.shingles(a + b), cluster.shingles(b))
        assert prints.containment(0, 2) == cluster.containment(cluster.shingles(a + b), cluster.shingles(c))


def _templated(n: int, copies_every: int = 10, seed: int = 5) -> tuple[list[Doc], set[frozenset[str]]]:
    """``n`` documents that each carry the same long furniture and a short body of
    their own; every ``copies_every``-th one is reposted once (with other furniture).
    Returns the documents and the true multi-document stories."""
    rng = random.Random(seed)
    furniture = [_text(rng, 600) for _ in range(3)]
    docs: list[Doc] = []
    truth: set[frozenset[str]] = set()
    for k in range(n):
        body = _text(rng, 300)
        docs.append(Doc(len(docs) + 1, furniture[k % 3] + body))
        if k % copies_every == 0:
            docs.append(Doc(len(docs) + 1, body + furniture[(k + 1) % 3]))
            truth.add(frozenset({f"d{len(docs) - 1}", f"d{len(docs)}"}))
    return docs, truth


def test_shared_furniture_does_not_make_unrelated_documents_one_story() -> None:
    docs, truth = _templated(330)
    # without the cut, two unrelated documents with the same furniture contain each other
    same_furniture = cluster.containment(  # documents 1 and 4 of the loop: furniture[1] both
        cluster.shingles(docs[2].clean_text), cluster.shingles(docs[5].clean_text))
    assert same_furniture[0] >= cluster.CONTAINMENT_MIN
    found = cluster.stories(docs)
    multi = {frozenset(s.docs) for s in found if len(s.docs) > 1}
    assert multi == truth


def test_candidates_per_document_do_not_grow_with_the_corpus() -> None:
    small_docs, small_truth = _templated(300)
    large_docs, large_truth = _templated(1200)
    small, large = cluster.stories(small_docs), cluster.stories(large_docs)
    assert {frozenset(s.docs) for s in large if len(s.docs) > 1} == large_truth
    per_doc = small.candidates / small.documents, large.candidates / large.documents
    assert per_doc[1] <= 1.5 * per_doc[0] + 0.1  # a quadratic method would compare 4x as many per document
    assert large.candidates < len(large_docs) * 3


def test_a_text_copied_past_the_probe_limit_still_forms_one_story() -> None:
    rng = random.Random(11)
    story = _text(rng, 400)
    copies = cluster_index.PROBE_DF_MAX + 20  # its shingles are too frequent to be probes
    docs = [Doc(k + 1, _text(rng, 30) + story) for k in range(copies)]
    docs += [Doc(len(docs) + 1, _text(rng, 400)) for _ in range(20 * copies)]  # under COMMON_SHARE
    found = cluster.stories(docs)
    biggest = max(found, key=lambda s: len(s.docs))
    assert len(biggest.docs) >= 0.95 * copies
    assert set(biggest.docs) <= {f"d{k + 1}" for k in range(copies)}
    assert found.candidates < 3 * len(docs)


def test_common_shingles_are_counted_on_a_bounded_sample() -> None:
    rng = random.Random(3)
    shared = _text(rng, 200)
    texts = [shared + _text(rng, 60) for _ in range(cluster_index.DF_SAMPLE_DOCS * 2)]
    with cluster_index.Fingerprints() as prints:
        for t in texts:
            prints.add(cluster_index.fingerprint(t))
        prints.freeze()
        assert np.array_equal(prints.common, cluster_index.fingerprint(shared))
        own = prints.get(0)  # the first document without the shared part: its body and the seam
        assert len(own) == len(cluster_index.fingerprint(texts[0])) - len(prints.common)
        assert not np.isin(own, prints.common).any()
