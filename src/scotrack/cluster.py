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
2. **Candidates, sub-quadratic.** Every document's shingles get a MinHash;
   a MinHash LSH Ensemble (datasketch) indexed by set size answers "which
   documents contain most of this one?" — containment rather than Jaccard, so
   a short truncated copy of a long original is still a candidate. Only the
   pairs it returns are compared (``Clustering.candidates`` counts them).
3. **Verified by exact containment** ``|A∩B| / min(|A|,|B|)`` ≥
   :data:`CONTAINMENT_MIN` with at least :data:`MIN_SHARED_SHINGLES` shared
   shingles: a prefix of the story, or the story plus a portal's own
   furniture, still joins; the same event written up in other words does not.
4. **Across languages** (a Chinese briefing and its English translation share
   no shingles) a pair is joined only on a conservative second signal:
   published within :data:`DATE_WINDOW_DAYS` of each other AND either the
   registry records both mention overlap strongly (:data:`MIN_SHARED_RECORDS`,
   :data:`RECORD_OVERLAP_MIN`) or — English documents have no mentions yet —
   the multisets of numbers ≥ :data:`NUMBER_MIN` in both texts overlap
   strongly (:data:`MIN_SHARED_NUMBERS`, :data:`NUMBER_OVERLAP_MIN`). A
   document whose passing partners lie in more than one story is *ambiguous*
   and joins none (a number-only match cannot tell two write-ups of the same
   summit apart).
5. Union-find over the verified pairs gives the stories.

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
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

#: Character n-gram length. 5 Chinese characters are about two words: short
#: enough to survive small edits, long enough that unrelated SCO texts share
#: few (domain phrases like 上海合作组织 are 6 characters and spread thin).
SHINGLE_K = 5
#: MinHash permutations: 128 keeps the containment estimate within ~0.1.
NUM_PERM = 128
#: Containment the LSH Ensemble asks for; below CONTAINMENT_MIN so that an
#: estimate a little low still yields the candidate (it is verified exactly).
LSH_THRESHOLD = 0.45
#: Partitions of the LSH Ensemble by set size (datasketch's advice: 8–32).
LSH_PARTITIONS = 8
#: Exact containment that makes two documents one text (see calibration).
CONTAINMENT_MIN = 0.6
#: A tiny fragment contained in a long text is not a repost of it: at least
#: this many shared shingles (≈ two sentences of running text).
MIN_SHARED_SHINGLES = 50
#: Shingle sets kept at once while verifying candidates (the rest are
#: recomputed on demand), so memory does not grow with the corpus.
SHINGLE_CACHE = 256
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


@dataclass
class Story:
    """One text and its copies: documents in date order (undated last)."""

    id: str
    docs: list[str]
    earliest: str  # the probable original: the earliest dated member
    kinds: dict[str, str] = field(default_factory=dict)  # ref -> kind
    titles: dict[str, str] = field(default_factory=dict)  # ref -> title ("" when none)
    published: dict[str, str | None] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    @property
    def earliest_date(self) -> str | None:
        return self.published.get(self.earliest)

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


def normalize(text: str) -> str:
    """Simplified script, lower case, letters and digits only."""
    from .script import fold

    return "".join(ch for ch in fold(text).lower() if ch.isalnum())


def shingles(text: str, k: int = SHINGLE_K) -> set[str]:
    """Character k-grams of :func:`normalize` (a text shorter than k gives one or none)."""
    n = normalize(text)
    if len(n) <= k:
        return {n} if n else set()
    return {n[i:i + k] for i in range(len(n) - k + 1)}


def numbers(text: str) -> Counter[int]:
    """The multiset of whole numbers ≥ NUMBER_MIN written in the text (ASCII digits after folding)."""
    from .script import fold

    return Counter(v for v in (int(x) for x in _NUMBER.findall(fold(text))) if v >= NUMBER_MIN)


def containment(a: set[str], b: set[str]) -> tuple[float, int]:
    """(|A∩B| / min(|A|,|B|), |A∩B|)."""
    if not a or not b:
        return 0.0, 0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    shared = sum(1 for s in small if s in big)
    return shared / len(small), shared


def _overlap(a: Counter[Any] | set[str], b: Counter[Any] | set[str]) -> tuple[float, int]:
    if isinstance(a, Counter) and isinstance(b, Counter):
        shared, na, nb = sum((a & b).values()), sum(a.values()), sum(b.values())
    else:
        shared, na, nb = len(set(a) & set(b)), len(a), len(b)
    return (shared / min(na, nb) if na and nb else 0.0), shared


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


def _candidate_pairs(texts: list[str]) -> set[tuple[int, int]]:
    """Pairs (i < j) the LSH Ensemble says may contain one another. Only the
    MinHash (NUM_PERM numbers) and set size of each document are kept."""
    from datasketch import MinHash, MinHashLSHEnsemble

    hashes: dict[int, tuple[MinHash, int]] = {}
    for i, text in enumerate(texts):
        grams = shingles(text)
        if grams:
            m = MinHash(num_perm=NUM_PERM)
            m.update_batch([g.encode("utf-8") for g in grams])
            hashes[i] = (m, len(grams))
    if len(hashes) < 2:
        return set()
    lsh = MinHashLSHEnsemble(threshold=LSH_THRESHOLD, num_perm=NUM_PERM,
                             num_part=min(LSH_PARTITIONS, len(hashes)))
    lsh.index([(i, m, size) for i, (m, size) in hashes.items()])
    pairs: set[tuple[int, int]] = set()
    for i, (m, size) in hashes.items():  # "who contains me?": the smaller of a pair finds the larger
        for j in lsh.query(m, size):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _cross_language(docs: list[Any], mentions: Mapping[str, set[str]], uf: _UnionFind,
                    refs: list[str]) -> tuple[list[tuple[int, int, Link]], int, dict[str, list[int]]]:
    """Zh–en pairs dated within the window that pass the records or numbers rule.
    Returns (joins, pairs examined, ambiguous ref → rival roots)."""
    by_day: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        day = _day(d.published)
        if day is not None and d.language == "zh":
            by_day[day].append(i)
    nums: dict[int, Counter[int]] = {}
    examined = 0
    joins: list[tuple[int, int, Link]] = []
    ambiguous: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        day = _day(d.published)
        if d.language != "en" or day is None:
            continue
        nums[i] = nums.get(i) or numbers(d.clean_text)
        passing: list[tuple[int, Link]] = []
        for other_day in range(day - DATE_WINDOW_DAYS, day + DATE_WINDOW_DAYS + 1):
            for j in by_day.get(other_day, ()):
                examined += 1
                link = _cross_link(refs[i], refs[j], mentions, nums[i],
                                   nums.setdefault(j, numbers(docs[j].clean_text)))
                if link:
                    passing.append((j, link))
        roots = {uf.find(j) for j, _ in passing}
        if len(roots) > 1:
            ambiguous[refs[i]] = sorted(roots)
        elif passing:
            j, link = max(passing, key=lambda p: p[1].score)
            joins.append((i, j, link))
    return joins, examined, ambiguous


def _cross_link(ref_en: str, ref_zh: str, mentions: Mapping[str, set[str]], nums_en: Counter[int],
                nums_zh: Counter[int]) -> Link | None:
    ra, rb = mentions.get(ref_en, set()), mentions.get(ref_zh, set())
    score, shared = _overlap(ra, rb)
    if shared >= MIN_SHARED_RECORDS and score >= RECORD_OVERLAP_MIN:
        return Link(ref_zh, ref_en, "records", score, shared)
    score, shared = _overlap(nums_en, nums_zh)
    if shared >= MIN_SHARED_NUMBERS and score >= NUMBER_OVERLAP_MIN:
        return Link(ref_zh, ref_en, "numbers", score, shared)
    return None


def stories(docs: Iterable[Any], mentions: Mapping[str, set[str]] | None = None) -> Clustering:
    """Cluster documents into stories (one per text, copies and translations together).

    ``docs``: DocumentRow-like items (id or ref, clean_text, language,
    published, kind, title). ``mentions``: document ref → the registry record
    ids it mentions (:func:`mentions_by_doc`), for the cross-language rule.
    Stories are numbered s1, s2… in the order of their first document in
    ``docs``; every document is in exactly one story (singletons included).
    """
    docs = list(docs)
    mentions = mentions or {}
    refs = [doc_ref(d) for d in docs]
    texts = [d.clean_text or "" for d in docs]
    shingled = lru_cache(maxsize=SHINGLE_CACHE)(lambda i: shingles(texts[i]))
    uf = _UnionFind(len(docs))
    links: list[tuple[int, int, Link]] = []
    candidates = _candidate_pairs(texts)
    for i, j in sorted(candidates):  # sorted: pairs of one document come together, the cache holds it
        score, shared = containment(shingled(i), shingled(j))
        if score >= CONTAINMENT_MIN and shared >= MIN_SHARED_SHINGLES:
            uf.union(i, j)
            links.append((i, j, Link(refs[i], refs[j], "containment", score, shared)))
    cross, examined, ambiguous_roots = _cross_language(docs, mentions, uf, refs)
    for i, j, link in cross:
        uf.union(i, j)
        links.append((i, j, link))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(docs)):
        members[uf.find(i)].append(i)
    out: list[Story] = []
    story_of_root: dict[int, str] = {}
    for root, idx in sorted(members.items(), key=lambda kv: kv[1][0]):
        sid = f"s{len(out) + 1}"
        story_of_root[root] = sid
        out.append(_story(sid, [docs[i] for i in idx], [refs[i] for i in idx],
                          [lk for a, _b, lk in links if uf.find(a) == root]))
    ambiguous = {ref: sorted({story_of_root[uf.find(r)] for r in roots})
                 for ref, roots in ambiguous_roots.items()}
    return Clustering(out, candidates=len(candidates) + examined, documents=len(docs), ambiguous=ambiguous)


def _story(sid: str, docs: list[Any], refs: list[str], links: list[Link]) -> Story:
    order = sorted(range(len(docs)), key=lambda k: (docs[k].published is None, docs[k].published or "", k))
    ordered = [refs[k] for k in order]
    return Story(id=sid, docs=ordered, earliest=ordered[0],
                 kinds={refs[k]: docs[k].kind for k in order},
                 titles={refs[k]: _title(docs[k]) for k in order},
                 published={refs[k]: docs[k].published for k in order},
                 languages={refs[k]: docs[k].language for k in order}, links=links)


def _title(doc: Any) -> str:
    """The document's title, else its file name (as ``list documents`` shows it)."""
    title = getattr(doc, "title", None)
    return str(title) if title else str(getattr(doc, "path", "") or "").replace("\\", "/").rsplit("/", 1)[-1]


def mentions_by_doc(linked: Iterable[tuple[Any, Any, str]]) -> dict[str, set[str]]:
    """{document ref: record ids it mentions} from ``store.iter_linked()``."""
    out: dict[str, set[str]] = defaultdict(set)
    for info, _found, record_id in linked:
        out[info.ref].add(record_id)
    return dict(out)


def from_store(store: Any) -> Clustering:
    """The stories of every document's latest version in ``store``."""
    return stories(store.iter_documents(), mentions_by_doc(store.iter_linked()))


def support(store: Any, clustering: Clustering | None = None) -> dict[str, dict[str, Any]]:
    """How well each record is supported: ``{record_id: {"mentions", "documents",
    "stories", "sources"}}``. Reposts of one text count once in ``stories``;
    ``sources`` lists the independent stories: their id, the documents of it
    that mention the record, and those documents' kinds."""
    linked = list(store.iter_linked())
    if clustering is None:
        clustering = stories(store.iter_documents(), mentions_by_doc(linked))
    story_of = clustering.story_of()
    counts: dict[str, Counter[str]] = defaultdict(Counter)  # record -> doc ref -> mentions
    kinds: dict[str, str] = {}
    for info, _found, record_id in linked:
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
