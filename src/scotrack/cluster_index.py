"""The shingle index behind same-story clustering: fingerprints, the
common-shingle cut and candidate pairs, in memory that does not hold texts.

:mod:`scotrack.cluster` asks two things of this module: which document pairs
are worth comparing (:func:`candidate_pairs`), and how much of one document's
wording the other contains (:meth:`Fingerprints.containment`). Both must stay
sub-quadratic and bounded on a store of 100,000 documents, whose texts do not
fit in memory together and whose wording shares a lot of furniture.

Fingerprints
    A document's character 5-grams (of the :func:`normalize` form of the text) hashed to
    64 bits, sorted and unique — the same sets :func:`scotrack.cluster.shingles`
    spells as strings, up to 64-bit collisions. They are written to a
    temporary file as documents stream past, and read back one at a time.

The common-shingle cut
    Shingles found in more than :data:`COMMON_SHARE` of all documents (and in
    at least :data:`COMMON_MIN_DOCS`) are a site's or a genre's furniture:
    they say nothing about two documents being one text, and on a templated
    corpus they made every pair of unrelated documents look ≥ 60 % alike
    (2,000 synthetic documents: 4 % of random pairs). They are left out of
    candidates and of the containment check. Their document frequency is
    counted on a fixed-size random sample of documents (:data:`DF_SAMPLE_DOCS`,
    every document when there are fewer), so memory does not grow with the
    store. A small corpus (19 documents) never reaches COMMON_MIN_DOCS: its
    containment figures are exactly those of the whole shingle sets.

Candidates
    Consistent sampling: a shingle is *sampled* when its hash has its low
    bits zero (one in :data:`SAMPLE_EVERY`); a document that contains most of
    another contains most of its sampled shingles too, whatever their lengths.
    An inverted index from sampled shingle to documents (two ``uint32`` per
    entry) gives each shingle's document frequency. Each document is then
    *probed* with its :data:`PROBES` rarest sampled shingles held by at least
    one other document (and by at most :data:`PROBE_DF_MAX`): a copy or the
    original holds nearly all of them, an unrelated document one at most, so
    a pair is screened when it shares :data:`PROBE_SHARE` of the
    probes. "Rarest" is relative: on a templated corpus where every shingle's
    frequency grows with the corpus, a fixed "rare" cut-off found 2 % of the
    true pairs at 20,000 documents; the rarest-first probes find them all.
    Work per document is at most PROBES × PROBE_DF_MAX index entries.
    As the corpus grows, fewer shingles stay under PROBE_DF_MAX and
    look-alike texts (same city, body and year) start to share a few probes,
    so every pair found is screened by all its sampled shingles before it is
    checked exactly (:data:`CANDIDATE_SHARE` of the smaller's samples; copies
    score ≥ 0.75, everything else ≤ 0.34 on 10,000 synthetic documents):
    pairs found per document 2.0 at 10,000 documents and 2.7 at 100,000,
    kept 0.20 at both.
    A text copied into more documents than PROBE_DF_MAX has no probes left
    that tell its copies apart, so documents are also sorted by their
    smallest sampled shingle (a one-value MinHash, two hash orders) and
    neighbours with the same one become candidates: copies often share it,
    and sorting is linear-logarithmic work. It is the weaker net: on 100,000
    synthetic documents 0.3 % of the true pairs (copies of texts reposted
    hundreds of times) are still missed; none are at 10,000 or 20,000.
    Every candidate is checked exactly by :mod:`scotrack.cluster`.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np

#: Character n-gram length (see :mod:`scotrack.cluster`).
SHINGLE_K = 5
#: A shingle in more than this share of the documents is furniture...
COMMON_SHARE = 0.05
#: ... provided it is in more than this many documents (small corpora keep every shingle).
COMMON_MIN_DOCS = 50
#: Documents whose shingles are counted to find the common ones (a seeded reservoir sample).
DF_SAMPLE_DOCS = 1000
#: One shingle in this many (by hash) goes into the candidate index.
SAMPLE_EVERY = 8
#: Each document is probed with this many of its rarest shared sampled shingles...
PROBES = 8
#: ... among those held by at most this many documents (a text copied more often
#: than this is found by its signature only; 128 lost 4 % of the true pairs on
#: 100,000 synthetic documents, whose early stories are reposted hundreds of times).
PROBE_DF_MAX = 256
#: Share of a document's probes the other document must hold to be screened...
PROBE_SHARE = 0.45
#: ... and at least this many probes.
MIN_SHARED_SAMPLES = 2
#: Share of the smaller document's sampled shingles the other must hold to be a
#: candidate; below :data:`scotrack.cluster.CONTAINMENT_MIN` so a low estimate
#: still yields the pair (it is checked exactly).
CANDIDATE_SHARE = 0.45
#: Below this many sampled shingles a document's share is not estimated: its pairs are checked.
FEW_SAMPLES = 8
#: Fingerprints kept in memory while verifying candidate pairs.
FINGERPRINT_CACHE = 256

_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus "_"
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.zeros(0, dtype=np.uint64)


def normalize(text: str) -> str:
    """Simplified script, lower case, letters and digits only."""
    from .script import fold

    return normalize_folded(fold(text))


def normalize_folded(folded: str) -> str:
    """:func:`normalize` of a text already folded (:func:`scotrack.script.fold`)."""
    return _NOT_ALNUM.sub("", folded.lower())


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    out: np.ndarray = x ^ (x >> np.uint64(31))
    return out


def fingerprint(text: str, k: int = SHINGLE_K) -> np.ndarray:
    """Sorted unique 64-bit hashes of the k-grams of ``text`` in its :func:`normalize` form
    (a text shorter than k is one "shingle" of its own, an empty one none)."""
    return fingerprint_normalized(normalize(text), k)


def fingerprint_normalized(n: str, k: int = SHINGLE_K) -> np.ndarray:
    """:func:`fingerprint` of a text already in its :func:`normalize` form."""
    if not n:
        return _EMPTY
    codes = np.frombuffer(n.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])  # code point 0 never occurs
    m = len(codes) - k + 1
    with np.errstate(over="ignore"):
        # code points are < 2^21: three fit exactly in 63 bits, the rest in a second word
        h = np.zeros(m, dtype=np.uint64)
        for j in range(min(k, 3)):
            h = (h << np.uint64(21)) | codes[j:j + m]
        rest = np.zeros(m, dtype=np.uint64)
        for j in range(3, k):
            rest = (rest << np.uint64(21)) | codes[j:j + m]
        hashes = _mix(h) ^ _mix(rest + _GOLDEN)
    hashes.sort()
    keep = np.empty(len(hashes), dtype=bool)
    keep[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=keep[1:])
    unique: np.ndarray = hashes[keep]  # sort-based: numpy's hash-based unique is ~40x slower on these
    return unique


class Fingerprints:
    """Every document's fingerprint, in a temporary file, read back on demand.

    ``add`` streams them in (document index = order of adding) while a
    seeded reservoir sample counts how common each shingle is; ``freeze``
    settles the common shingles; ``get`` returns a fingerprint without them.
    Use as a context manager (the file is removed on exit)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="scotrack-shingles-", buffering=0)
        self._spans: list[tuple[int, int]] = []  # (offset, length) per document
        self._end = 0
        self._sample: list[np.ndarray] = []
        self._rng = random.Random(0)
        self.common: np.ndarray = _EMPTY
        self._cached = lru_cache(maxsize=FINGERPRINT_CACHE)(self._read)

    def __enter__(self) -> Fingerprints:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self._spans)

    def add(self, fp: np.ndarray) -> None:
        """Append one document's fingerprint (from :func:`fingerprint`)."""
        n = len(self._spans)
        self._file.write(fp.tobytes())  # appends: reads use pread and leave the position alone
        self._spans.append((self._end, len(fp)))
        self._end += fp.nbytes
        if n < DF_SAMPLE_DOCS:  # reservoir sampling (Vitter's algorithm R), seeded
            self._sample.append(fp)
        else:
            slot = self._rng.randrange(n + 1)
            if slot < DF_SAMPLE_DOCS:
                self._sample[slot] = fp

    def freeze(self) -> None:
        """Settle the common shingles (see the module docstring); call once all are added."""
        total, sampled = len(self._spans), len(self._sample)
        sample = [fp for fp in self._sample if len(fp)]
        self._sample = []
        if not sample:
            return
        values, counts = np.unique(np.concatenate(sample), return_counts=True)
        # a shingle in `count` of `sampled` documents is in about count * total / sampled of all
        limit = max(COMMON_MIN_DOCS, COMMON_SHARE * total) * sampled / total
        self.common = values[counts > limit]

    def _read(self, i: int) -> np.ndarray:
        offset, length = self._spans[i]
        fp = np.frombuffer(os.pread(self._file.fileno(), length * 8, offset), dtype=np.uint64)
        return fp[~np.isin(fp, self.common, assume_unique=True)] if len(self.common) else fp

    def get(self, i: int) -> np.ndarray:
        """Document ``i``'s fingerprint without the common shingles (a few kept in a cache)."""
        out: np.ndarray = self._cached(i)
        return out

    def containment(self, i: int, j: int) -> tuple[float, int]:
        """(|A∩B| / min(|A|,|B|), |A∩B|) of two documents' fingerprints."""
        a, b = self.get(i), self.get(j)
        if not len(a) or not len(b):
            return 0.0, 0
        if len(a) > len(b):
            a, b = b, a
        at = np.searchsorted(b, a)  # both sorted and unique: look each of the smaller up in the larger
        at[at == len(b)] = 0
        shared = int(np.count_nonzero(b[at] == a))
        return shared / len(a), shared

    def sampled(self) -> Iterator[np.ndarray]:
        """Each document's sampled shingles (see :data:`SAMPLE_EVERY`), as ``uint32`` keys, in order."""
        mask = np.uint64(SAMPLE_EVERY - 1)
        for i in range(len(self._spans)):
            fp = self._read(i)
            yield (fp[(fp & mask) == 0] >> np.uint64(32)).astype(np.uint32)


def candidate_pairs(prints: Fingerprints) -> list[tuple[int, int]]:
    """Document pairs (i < j), sorted, worth checking exactly; see the module docstring."""
    n = len(prints)
    parts = list(prints.sampled())
    counts = np.array([len(k) for k in parts], dtype=np.int64)
    if not counts.sum():
        return []
    by_doc = np.concatenate(parts)  # each document's sampled keys, ascending, documents in order
    del parts
    owner = np.repeat(np.arange(n, dtype=np.uint32), counts)
    order = np.argsort(by_doc, kind="stable")  # buckets of one key, documents ascending within each
    keys, docs = by_doc[order], owner[order]
    del order, owner
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    bucket = np.repeat(np.arange(len(starts), dtype=np.int32), sizes)  # bucket of each index entry
    df = sizes.astype(np.int32)[bucket]
    pairs = _probe_pairs(docs, df, bucket, starts, sizes, n) | _signature_pairs(keys, docs, df, n)
    del keys, docs, bucket, df
    return _likely(sorted(pairs), by_doc, counts)


def _likely(pairs: list[tuple[int, int]], by_doc: np.ndarray, counts: np.ndarray) -> list[tuple[int, int]]:
    """The pairs whose sampled shingles say the smaller may be contained in the
    other: shared samples ≥ CANDIDATE_SHARE of the smaller's (with about 60
    samples a document, 10,000 synthetic documents: copies ≥ 0.75, every other
    candidate ≤ 0.34). Pairs with fewer than FEW_SAMPLES samples on a side are
    kept: too few to tell."""
    if not pairs:
        return []
    offsets = np.r_[0, np.cumsum(counts)]
    owner = np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    tagged = (owner << np.uint64(32)) | by_doc.astype(np.uint64)  # (document, key), ascending
    del owner
    out: list[tuple[int, int]] = []
    for lo in range(0, len(pairs), _ESTIMATE_CHUNK):
        chunk = np.array(pairs[lo:lo + _ESTIMATE_CHUNK], dtype=np.int64)
        a, b = chunk[:, 0], chunk[:, 1]
        small = np.where(counts[a] <= counts[b], a, b)  # look the smaller one's samples up in the other
        large = np.where(counts[a] <= counts[b], b, a)
        lens = counts[small]
        total = int(lens.sum())
        at = np.repeat(offsets[small] - np.r_[0, np.cumsum(lens)[:-1]], lens) + np.arange(total)
        probe = (np.repeat(large.astype(np.uint64), lens) << np.uint64(32)) | by_doc[at].astype(np.uint64)
        found = np.searchsorted(tagged, probe)
        found[found == len(tagged)] = 0
        hit = (tagged[found] == probe).astype(np.int64)
        shared = np.bincount(np.repeat(np.arange(len(chunk)), lens), weights=hit, minlength=len(chunk))
        keep = (lens < FEW_SAMPLES) | (shared >= CANDIDATE_SHARE * lens)
        out.extend(zip(a[keep].tolist(), b[keep].tolist()))
    return out


_ESTIMATE_CHUNK = 20_000  # pairs estimated at once


def _probe_pairs(docs: np.ndarray, df: np.ndarray, bucket: np.ndarray, starts: np.ndarray,
                 sizes: np.ndarray, n: int) -> set[tuple[int, int]]:
    """Pairs (A, B) where B holds at least PROBE_SHARE of A's probes (its
    PROBES rarest shared sampled shingles, each held by at most PROBE_DF_MAX
    documents)."""
    at = np.flatnonzero((df >= 2) & (df <= PROBE_DF_MAX))
    at = at[np.lexsort((bucket[at], df[at], docs[at]))]  # by document, rarest first
    owner = docs[at]
    first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    counts = np.diff(np.r_[first, len(at)])
    rank = np.arange(len(at)) - np.repeat(first, counts)
    probes = at[rank < PROBES]
    if not len(probes):
        return set()
    owner = docs[probes]
    n_probes = np.bincount(owner, minlength=n)
    need = np.maximum(MIN_SHARED_SAMPLES, np.ceil(PROBE_SHARE * n_probes)).astype(np.int64)
    width = sizes[bucket[probes]]  # index entries each probe's bucket lists (the owner included)
    out: set[tuple[int, int]] = set()
    # chunks end where an owner's probes end, so each (A, B) is counted whole in one chunk
    ends = np.r_[np.flatnonzero(owner[1:] != owner[:-1]) + 1, len(probes)]
    reach = np.cumsum(width)  # instances up to and including each probe
    reach_at_end = reach[ends - 1]
    lo = done = 0
    while lo < len(probes):
        nxt = int(np.searchsorted(ends, lo, side="right"))  # the end of the next owner's probes
        fits = int(np.searchsorted(reach_at_end, done + _PAIR_CHUNK, side="right")) - 1
        hi = int(ends[max(nxt, fits)])
        done = int(reach[hi - 1])
        a = np.repeat(owner[lo:hi].astype(np.int64), width[lo:hi])
        offsets = np.repeat(starts[bucket[probes[lo:hi]]] - np.r_[0, np.cumsum(width[lo:hi])[:-1]],
                            width[lo:hi])
        b = docs[offsets + np.arange(len(offsets))].astype(np.int64)
        keep = a != b
        key, hits = np.unique(a[keep] * n + b[keep], return_counts=True)
        src, dst = key // n, key % n
        ok = hits >= need[src]
        out.update(zip(np.minimum(src[ok], dst[ok]).tolist(), np.maximum(src[ok], dst[ok]).tolist()))
        lo = hi
    return out


def _signature_pairs(keys: np.ndarray, docs: np.ndarray, df: np.ndarray, n: int) -> set[tuple[int, int]]:
    """Neighbours among documents with the same smallest shared sampled shingle
    (two hash orders): copies of a text held by too many documents for its
    shingles to be probes still meet here, in linear work."""
    shared = df >= 2
    out: set[tuple[int, int]] = set()
    for salt in _SIGNATURE_SALTS:
        with np.errstate(over="ignore"):
            ranked = keys[shared] * np.uint32(salt)  # another order of the same keys
        owner = docs[shared]
        sig = np.full(n, np.iinfo(np.uint32).max, dtype=np.uint32)
        np.minimum.at(sig, owner, ranked)
        has = np.zeros(n, dtype=bool)
        has[owner] = True
        ids = np.flatnonzero(has)
        ids = ids[np.argsort(sig[ids], kind="stable")]
        same = sig[ids[1:]] == sig[ids[:-1]]
        a, b = ids[:-1][same], ids[1:][same]
        out.update(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist()))
    return out


_PAIR_CHUNK = 500_000  # (probe, document) instances counted at once
_SIGNATURE_SALTS = (1, 0x9E3779B1)  # odd multipliers: two orders of the uint32 keys


__all__: list[Any] = ["Fingerprints", "candidate_pairs", "fingerprint", "normalize"]
