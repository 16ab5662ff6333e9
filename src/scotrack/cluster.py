"""Same-story clustering: reposts, truncated copies and translations of one text.

A *story* is one text as it travels: the wire original, the same briefing on
three portals, a Traditional-script repost, a copy cut off after two
paragraphs, and — when it can be told safely — its translation. Counting
stories instead of documents tells a fact confirmed by several independent
sources from one source repeated (:func:`support`).

How two documents are found to be the same text
-----------------------------------------------
1. **Same script, shared wording.** ``clean_text`` is folded to Simplified
   script with full-width ASCII folded (:func:`scotrack.script.fold`, one
   character for one), lower-cased, and stripped of everything that is not a
   letter or digit, so punctuation, spacing and script differences vanish.
   The result is cut into character 5-grams (:data:`SHINGLE_K`).
2. **Candidates, sub-quadratic.** Shingles are hashed to 64-bit
   fingerprints (:mod:`scotrack.cluster_index`); shingles found in more than
   5 % of a large corpus are furniture and left out; an inverted index over
   one shingle in eight (by hash: consistent sampling, so a copy keeps the
   sample of its original) finds the documents that hold a document's
   rarest shingles, and the pairs whose samples say the smaller may be
   contained in the other — containment rather than Jaccard, so a short
   truncated copy of a long original is still a candidate. Only those pairs
   are compared (``Clustering.candidates`` counts them); the work grows with
   the number of documents, not with its square.
3. **Verified by exact containment** ``|A∩B| / min(|A|,|B|)`` (common
   shingles aside) ≥ :data:`CONTAINMENT_MIN` with at least
   :data:`MIN_SHARED_SHINGLES` shared shingles: a prefix of the story, or the story plus a portal's own
   furniture, still joins; the same event written up in other words does not.
4. **Across languages** (a Chinese briefing and its English translation share
   no shingles) a pair is joined only on a conservative second signal:
   published within :data:`DATE_WINDOW_DAYS` of each other AND either the
   registry records both mention overlap strongly (:data:`MIN_SHARED_RECORDS`,
   :data:`RECORD_OVERLAP_MIN`) or — English documents have no mentions yet —
   the multisets of numbers ≥ :data:`NUMBER_MIN` in both texts overlap
   strongly (:data:`MIN_SHARED_NUMBERS`, :data:`NUMBER_OVERLAP_MIN`). Only
   pairs that could reach those overlaps are examined (prefix filtering on
   the rarest numbers or records, :func:`_overlap_partners`), not every pair
   in the window. A document whose passing partners lie in more than one
   story is *ambiguous* and joins none (a number-only match cannot tell two
   write-ups of the same summit apart).
5. Union-find over the verified pairs gives the stories.

Memory: texts are read once, as they stream past; what stays is, per
document, its ref, date, kind, language, title and (for dated Chinese and
English documents, until the cross-language rule has run) its numbers —
fingerprints wait in a temporary file (8 bytes per letter or digit of text).
On 100,000 synthetic documents the whole run peaks near 0.6 GB (see
``benchmarks/scale.py``).

Calibration (../shared/corpus, 19 documents, all 171 pairs measured)
--------------------------------------------------------------------
- Containment: the Wang Yi briefing (000_) and its Traditional-script
  report (08_) score 0.87 although the repost rewrites the headings
  (● 成果一 → 一是) and a word here and there; every other pair scores ≤ 0.34
  (two TASS reports on 2025-09-01: 0.34; two different summaries of the
  Tianjin summit: 0.31; the self-media write-up of the Moscow meeting (003_)
  against the Moscow communiqué (35_): < 0.05 — a different text about the
  same event, so a different story). 0.6 sits between with room either side.
- Numbers: different texts about one summit share many numbers — 2024,
  2025, 2026, 10 (the ten-year strategy), 25 (the 25th summit) — e.g. a TASS
  report and the (undated) wiki page share 6 of 7 (0.86); among pairs dated
  within two days the most is the TASS report on the Kyrgyz chairmanship
  against the Wang Yi briefing, 5 of 7 (0.71); hence ≥ 7 at ≥ 0.8, which a
  full translation of a number-rich text passes. The English MFA version
  (64_) is cut after ~2,000 characters and has only 10, 80 and 2025,
  which it shares as fully with a different summary of the summit (24_) as
  with the briefing: no number rule can join it safely, so it stays a story
  of its own.
- Records: reposts of one Chinese text share ≥ 14 records at ≥ 0.9; two
  different Chinese texts about the Tianjin summit share up to 9 at 0.75.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any, Protocol

import numpy as np

from . import cluster_index
from .script import fold

#: Character n-gram length. 5 Chinese characters are about two words: short
#: enough to survive small edits, long enough that unrelated SCO texts share
#: few (domain phrases like 上海合作组织 are 6 characters and spread thin).
SHINGLE_K = cluster_index.SHINGLE_K
#: Exact containment that makes two documents one text (see calibration).
CONTAINMENT_MIN = 0.6
#: A tiny fragment contained in a long text is not a repost of it: at least
#: this many shared shingles (≈ two sentences of running text).
MIN_SHARED_SHINGLES = 50
#: Cross-language pairs: published at most this many days apart.
DATE_WINDOW_DAYS = 2
#: Cross-language by records: shared record ids and their overlap
#: |A∩B|/min(|A|,|B|) (reposts: ≥ 14 at ≥ 0.9; different texts: ≤ 9 at ≤ 0.75).
MIN_SHARED_RECORDS = 10
RECORD_OVERLAP_MIN = 0.85
#: Cross-language by numbers: only numbers from this value up (dates' days
#: and months, small ordinals say nothing), counted as a multiset.
NUMBER_MIN = 10
#: Shared numbers and overlap |A∩B|/min(|A|,|B|) of the two multisets
#: (different texts dated within two days share ≤ 5 at ≤ 0.71; undated ones up to 6).
MIN_SHARED_NUMBERS = 7
NUMBER_OVERLAP_MIN = 0.8

_NUMBER = re.compile(r"\d+")
_INT64_MAX = 2**63 - 1  # longer digit runs are noise; they are kept as this one value


class DocLike(Protocol):
    """What clustering reads from a document (``DocumentRow`` has it all)."""

    id: int
    clean_text: str
    language: str
    published: str | None
    kind: str
    title: str | None


@dataclass(slots=True)
class Link:
    """One verified pair and why it was joined."""

    a: str
    b: str
    how: str  # "containment", "records" or "numbers"
    score: float
    shared: int


@dataclass(slots=True)
class _Facts:
    """What clustering keeps of a document once its text has gone by."""

    ref: str
    language: str
    published: str | None
    kind: str
    title: str
    day: int | None
    numbers: array[int]  # sorted; only for dated Chinese and English documents (8 bytes each)


@dataclass(slots=True)
class Story:
    """One text and its copies: documents in date order (undated last).

    ``kinds``, ``titles``, ``published`` and ``languages`` (ref → value) are
    made from the members when asked: a store of 100,000 documents has about
    as many stories, most of one document, and four dicts each would be most
    of the clustering's memory."""

    id: str
    docs: list[str]
    earliest: str  # the probable original: the earliest dated member
    links: list[Link] = field(default_factory=list)
    members: list[_Facts] = field(default_factory=list, repr=False)  # in the order of docs

    @property
    def kinds(self) -> dict[str, str]:
        return {m.ref: m.kind for m in self.members}

    @property
    def titles(self) -> dict[str, str]:
        """ref → title ("" when none: the file name stands in, as ``list documents`` shows it)."""
        return {m.ref: m.title for m in self.members}

    @property
    def published(self) -> dict[str, str | None]:
        return {m.ref: m.published for m in self.members}

    @property
    def languages(self) -> dict[str, str]:
        return {m.ref: m.language for m in self.members}

    @property
    def earliest_date(self) -> str | None:
        return self.members[0].published if self.members else None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "docs": self.docs, "earliest": self.earliest,
                "earliest_date": self.earliest_date, "kinds": self.kinds, "titles": self.titles,
                "published": self.published, "languages": self.languages,
                "links": [{"a": k.a, "b": k.b, "how": k.how, "score": round(k.score, 3),
                           "shared": k.shared} for k in self.links]}


class Clustering(list[Story]):
    """The stories, with how much work finding them took and what was left out."""

    def __init__(self, stories: Iterable[Story] = (), *, candidates: int = 0, documents: int = 0,
                 ambiguous: dict[str, list[str]] | None = None) -> None:
        super().__init__(stories)
        self.candidates = candidates  # document pairs compared exactly (same- and cross-language)
        self.documents = documents
        self.ambiguous = ambiguous or {}  # ref -> stories it matched equally (joined none)

    def story_of(self) -> dict[str, str]:
        """Document ref → story id."""
        return {ref: s.id for s in self for ref in s.docs}


def doc_ref(doc: Any) -> str:
    """``d3`` for a DocumentRow, else the item's ``ref`` or ``id`` as text."""
    ref = getattr(doc, "ref", None)
    return str(ref) if ref else f"d{doc.id}" if isinstance(getattr(doc, "id", None), int) else str(doc.id)


normalize = cluster_index.normalize


def shingles(text: str, k: int = SHINGLE_K) -> set[str]:
    """Character k-grams of :func:`normalize` (a text shorter than k gives one or none)."""
    n = normalize(text)
    if len(n) <= k:
        return {n} if n else set()
    return {n[i:i + k] for i in range(len(n) - k + 1)}


def numbers(text: str) -> Counter[int]:
    """The multiset of whole numbers ≥ NUMBER_MIN written in the text (ASCII digits after folding)."""
    return _numbers_folded(fold(text))


def _numbers_folded(folded: str) -> Counter[int]:
    return Counter(v for v in (int(x) for x in _NUMBER.findall(folded)) if v >= NUMBER_MIN)


def containment(a: set[str], b: set[str]) -> tuple[float, int]:
    """(|A∩B| / min(|A|,|B|), |A∩B|)."""
    if not a or not b:
        return 0.0, 0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(1 for s in small if s in big)
    return shared / len(small), shared


def _overlap(a: Collection[Any], b: Collection[Any]) -> tuple[float, int]:
    """(|A∩B| / min(|A|,|B|), |A∩B|) of two sets of record ids."""
    sa, sb = set(a), set(b)
    shared = len(sa & sb)
    return (shared / min(len(sa), len(sb)) if sa and sb else 0.0), shared


def _multiset_overlap(a: Sequence[int], b: Sequence[int]) -> tuple[float, int]:
    """:func:`_overlap` of two multisets given as sorted sequences (a merge, no Counter)."""
    i = j = shared = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            shared, i, j = shared + 1, i + 1, j + 1
        elif a[i] < b[j]:
            i += 1
        else:
            j += 1
    return (shared / min(len(a), len(b)) if a and b else 0.0), shared


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _facts(doc: Any, folded: str) -> _Facts:
    """``doc``'s facts; ``folded`` is its clean text through :func:`scotrack.script.fold`."""
    intern = sys.intern  # a few distinct values, repeated for every document
    day = _day(doc.published)
    language = intern(doc.language or "")
    nums = array("q", sorted(min(v, _INT64_MAX) for v in _numbers_folded(folded).elements())) \
        if day is not None and language in ("zh", "en") else array("q")
    return _Facts(doc_ref(doc), language, intern(doc.published) if doc.published else None,
                  intern(doc.kind or ""), _title(doc), day, nums)


def _cross_language(docs: list[_Facts], mentions: Mapping[str, Collection[str]], uf: _UnionFind
                    ) -> tuple[list[tuple[int, int, Link]], int, dict[str, list[int]]]:
    """Zh–en pairs dated within the window that pass the records or numbers rule.
    Returns (joins, pairs examined, ambiguous ref → rival roots). Only pairs
    that :func:`_overlap_partners` finds can pass, so only those are examined."""
    en = [i for i, d in enumerate(docs) if d.language == "en" and d.day is not None]
    zh = [i for i, d in enumerate(docs) if d.language == "zh" and d.day is not None]
    partners = _overlap_partners(docs, en, zh, _number_tokens, MIN_SHARED_NUMBERS, NUMBER_OVERLAP_MIN)
    by_records = _overlap_partners(docs, en, zh, lambda d: [hash(r) for r in mentions.get(d.ref, ())],
                                   MIN_SHARED_RECORDS, RECORD_OVERLAP_MIN)
    for i, js in by_records.items():
        partners[i] = sorted(set(partners.get(i, [])) | set(js))
    examined = 0
    joins: list[tuple[int, int, Link]] = []
    ambiguous: dict[str, list[int]] = {}
    for i in en:
        passing: list[tuple[int, Link]] = []
        for j in sorted(partners.get(i, ()), key=lambda j: (docs[j].day, j)):  # the window's order
            examined += 1
            link = _cross_link(docs[i], docs[j], mentions)
            if link:
                passing.append((j, link))
        roots = {uf.find(j) for j, _ in passing}
        if len(roots) > 1:
            ambiguous[docs[i].ref] = sorted(roots)
        elif passing:
            j, link = max(passing, key=lambda p: p[1].score)
            joins.append((i, j, link))
    return joins, examined, ambiguous


def _number_tokens(doc: _Facts) -> list[int]:
    """A document's numbers as distinct tokens (value, occurrence), so that set
    intersection counts the multiset overlap: 80, 80 → (80, 0), (80, 1).
    Hashes of int tuples are the same in every run."""
    out, prev, k = [], None, 0
    for v in doc.numbers:  # sorted
        k = k + 1 if v == prev else 0
        prev = v
        out.append(hash((v, k)))
    return out


def _overlap_partners(docs: list[_Facts], queries: list[int], targets: list[int],
                      tokens_of: Callable[[_Facts], list[int]], min_shared: int, share: float
                      ) -> dict[int, list[int]]:
    """For each query document, the target documents dated within
    DATE_WINDOW_DAYS that may share ``max(min_shared, share × the smaller)`` of
    their (integer) tokens — prefix filtering, exact (no pair that could pass
    is missed): tokens are ranked rarest first; when A is the smaller, B holds
    one of A's ``|A| − need + 1`` rarest tokens, and the other way round. A
    sorted index of (token, day) over the targets' tokens and one over their
    prefixes answer both cases, so the work follows the rare tokens, not the
    number of documents a day holds; everything is held in flat arrays."""
    tok, owner, asking = array("q"), array("i"), array("b")
    for side, docs_ in ((1, queries), (0, targets)):
        for i in docs_:
            t = tokens_of(docs[i])
            if len(t) >= min_shared:
                tok.extend(t)
                owner.extend([i] * len(t))
                asking.extend([side] * len(t))
    if not any(asking):
        return {}  # e.g. English documents without registry mentions: no record can be shared
    tokens, owners, asks = (np.frombuffer(a, dtype=d) for a, d in ((tok, np.int64), (owner, np.int32),
                                                                   (asking, np.int8)))
    uniq, uid, freq = np.unique(tokens, return_inverse=True, return_counts=True)
    rank_of = np.empty(len(uniq), dtype=np.int64)  # int64: rank × span + day below must not overflow
    rank_of[np.lexsort((uniq, freq))] = np.arange(len(uniq))  # rarest first, ties by token
    ranks = rank_of[uid]
    del tokens, tok, uniq, uid, freq, rank_of
    wanted = np.zeros(int(ranks.max()) + 1, dtype=bool)
    wanted[ranks[asks == 1]] = True  # a target token no query holds cannot match
    order = np.lexsort((ranks, owners))  # each document's tokens, rarest first
    ranks, owners, asks = ranks[order], owners[order], asks[order]
    first = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    count = np.diff(np.r_[first, len(owners)])
    need = np.maximum(min_shared, np.ceil(share * count)).astype(np.int64)
    in_prefix = (np.arange(len(owners)) - np.repeat(first, count)) < np.repeat(count - need + 1, count)
    day_of = np.array([d.day or 0 for d in docs], dtype=np.int64)
    day = day_of[owners]
    span = int(day.max() - day.min()) + 2 * DATE_WINDOW_DAYS + 1
    keys = ranks * span + (day - int(day.min()) + DATE_WINDOW_DAYS)
    del day, day_of

    def index(pick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        at = np.flatnonzero(pick & (asks == 0) & wanted[ranks])
        at = at[np.argsort(keys[at], kind="stable")]
        return keys[at], owners[at]

    n = len(docs)
    pairs: list[np.ndarray] = []
    # A the smaller: A's prefix among every target token; B the smaller: every token of A among B's prefixes
    for (index_keys, index_owners), probe in ((index(np.ones(len(keys), dtype=bool)), in_prefix & (asks == 1)),
                                              (index(in_prefix), asks == 1)):
        at = np.flatnonzero(probe)
        lo = np.searchsorted(index_keys, keys[at] - DATE_WINDOW_DAYS)
        hi = np.searchsorted(index_keys, keys[at] + DATE_WINDOW_DAYS, side="right")
        width = hi - lo
        asker = np.repeat(owners[at].astype(np.int64), width)
        found = index_owners[np.repeat(lo - np.r_[0, np.cumsum(width)[:-1]], width) + np.arange(int(width.sum()))]
        pairs.append(np.unique(asker * n + found))
    both = np.unique(np.concatenate(pairs))
    out: dict[int, list[int]] = defaultdict(list)
    for i, j in zip((both // n).tolist(), (both % n).tolist()):
        out[i].append(j)
    return dict(out)


def _cross_link(en: _Facts, zh: _Facts, mentions: Mapping[str, Collection[str]]) -> Link | None:
    ra, rb = mentions.get(en.ref, ()), mentions.get(zh.ref, ())
    if len(ra) >= MIN_SHARED_RECORDS and len(rb) >= MIN_SHARED_RECORDS:
        score, shared = _overlap(ra, rb)
        if shared >= MIN_SHARED_RECORDS and score >= RECORD_OVERLAP_MIN:
            return Link(zh.ref, en.ref, "records", score, shared)
    score, shared = _multiset_overlap(en.numbers, zh.numbers)
    if shared >= MIN_SHARED_NUMBERS and score >= NUMBER_OVERLAP_MIN:
        return Link(zh.ref, en.ref, "numbers", score, shared)
    return None


def stories(docs: Iterable[Any], mentions: Mapping[str, Collection[str]] | None = None) -> Clustering:
    """Cluster documents into stories (one per text, copies and translations together).

    ``docs``: DocumentRow-like items (id or ref, clean_text, language,
    published, kind, title), read once as they stream (a store's
    ``iter_documents()`` is never held in memory). ``mentions``: document ref
    → the registry record ids it mentions (:func:`mentions_by_doc`), for the
    cross-language rule. Stories are numbered s1, s2… in the order of their
    first document in ``docs``; every document is in exactly one story
    (singletons included).
    """
    mentions = mentions or {}
    facts: list[_Facts] = []
    links: list[tuple[int, int, Link]] = []
    with cluster_index.Fingerprints() as prints:
        for doc in docs:
            folded = fold(doc.clean_text or "")  # once for both the shingles and the numbers
            facts.append(_facts(doc, folded))
            prints.add(cluster_index.fingerprint_normalized(cluster_index.normalize_folded(folded)))
        prints.freeze()
        candidates = cluster_index.candidate_pairs(prints)
        uf = _UnionFind(len(facts))
        for i, j in _by_component(candidates, len(facts)):
            score, shared = prints.containment(i, j)
            if score >= CONTAINMENT_MIN and shared >= MIN_SHARED_SHINGLES:
                uf.union(i, j)
                links.append((i, j, Link(facts[i].ref, facts[j].ref, "containment", score, shared)))
    cross, examined, ambiguous_roots = _cross_language(facts, mentions, uf)
    for f in facts:
        f.numbers = array("q")  # used; the stories keep the rest of each document's facts
    for i, j, link in cross:
        uf.union(i, j)
        links.append((i, j, link))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(facts)):
        members[uf.find(i)].append(i)
    links_of: dict[int, list[Link]] = defaultdict(list)
    for a, _b, lk in links:
        links_of[uf.find(a)].append(lk)
    out: list[Story] = []
    story_of_root: dict[int, str] = {}
    for root, idx in sorted(members.items(), key=lambda kv: kv[1][0]):
        sid = f"s{len(out) + 1}"
        story_of_root[root] = sid
        out.append(_story(sid, [facts[i] for i in idx], links_of.get(root, [])))
    ambiguous = {ref: sorted({story_of_root[uf.find(r)] for r in roots})
                 for ref, roots in ambiguous_roots.items()}
    return Clustering(out, candidates=len(candidates) + examined, documents=len(facts), ambiguous=ambiguous)


def _by_component(pairs: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """``pairs`` grouped by connected component, so the fingerprints of one
    component are read from disk once and meet again in the cache."""
    uf = _UnionFind(n)
    for i, j in pairs:
        uf.union(i, j)
    return sorted(pairs, key=lambda p: (uf.find(p[0]), p))


def _story(sid: str, docs: list[_Facts], links: list[Link]) -> Story:
    order = sorted(range(len(docs)), key=lambda k: (docs[k].published is None, docs[k].published or "", k))
    ordered = [docs[k] for k in order]
    return Story(id=sid, docs=[d.ref for d in ordered], earliest=ordered[0].ref, links=links, members=ordered)


def _title(doc: Any) -> str:
    """The document's title, else its file name (as ``list documents`` shows it)."""
    title = getattr(doc, "title", None)
    return str(title) if title else str(getattr(doc, "path", "") or "").replace("\\", "/").rsplit("/", 1)[-1]


def mentions_by_doc(linked: Iterable[tuple[Any, Any, str]]) -> dict[str, tuple[str, ...]]:
    """{document ref: the record ids it mentions, each once} from ``store.iter_linked()``
    (in document order, so one document's set is built at a time; ids are
    interned, so a record mentioned in many documents is one string)."""
    out: dict[str, tuple[str, ...]] = {}
    ref: str | None = None
    ids: dict[str, None] = {}
    for info, _found, record_id in chain(linked, [(None, None, "")]):  # a sentinel closes the last document
        if info is None or info.ref != ref:
            if ref is not None:
                out[ref] = tuple(dict.fromkeys((*out.get(ref, ()), *ids)))
            if info is None:
                break
            ref, ids = info.ref, {}
        ids[sys.intern(record_id)] = None
    return out


def from_store(store: Any) -> Clustering:
    """The stories of every document's latest version in ``store``."""
    return stories(store.iter_documents(), mentions_by_doc(store.iter_linked()))


def support(store: Any, clustering: Clustering | None = None) -> dict[str, dict[str, Any]]:
    """How well each record is supported: ``{record_id: {"mentions", "documents",
    "stories", "sources"}}``. Reposts of one text count once in ``stories``;
    ``sources`` lists the independent stories: their id, the documents of it
    that mention the record, and those documents' kinds. The store's mentions
    are streamed (twice when ``clustering`` is not given), never listed."""
    if clustering is None:
        clustering = from_store(store)
    story_of = clustering.story_of()
    counts: dict[str, Counter[str]] = defaultdict(Counter)  # record -> doc ref -> mentions
    kinds: dict[str, str] = {}
    for info, _found, record_id in store.iter_linked():
        counts[record_id][info.ref] += 1
        kinds[info.ref] = info.kind
    out: dict[str, dict[str, Any]] = {}
    for record_id, per_doc in counts.items():
        by_story: dict[str, list[str]] = defaultdict(list)
        for ref in per_doc:
            by_story[story_of.get(ref, ref)].append(ref)
        sources = [{"story": sid, "docs": refs, "kinds": sorted({kinds[r] for r in refs})}
                   for sid, refs in by_story.items()]
        out[record_id] = {"mentions": sum(per_doc.values()), "documents": len(per_doc),
                          "stories": len(by_story), "sources": sources}
    return out
