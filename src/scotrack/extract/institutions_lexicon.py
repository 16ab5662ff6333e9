"""The institutions/initiatives gazetteer (``data/institutions.json``) and the
text helpers both extractors share.

The gazetteer holds general SCO knowledge: each institution's canonical name,
the short forms texts use once the organisation has been named, its kind and
whether it is a permanent organ; named initiatives with their proposer; the
leaders who propose things in texts. :class:`Squeezed` gives a version of a
view's text without reading aids that break names apart (pinyin glosses such
as ``地区(qū)``, a line break inside a word) while keeping a map back to view
offsets, so grounding stays exact.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .base import norm_key

ORG_FULL = "上海合作组织"
CJK = r"\u4e00-\u9fff"

# The organisation's own name as a prefix of a body's name: 中国—上合组织 (a
# Chinese body for the SCO) first, then the organisation in full or short.
DASH = r"[-—–‐−－~]"
PREFIX_CN = rf"中国\s*{DASH}\s*(?:上海合作组织|上合组织|上合)"
PREFIX_SCO = r"上海合作组织|上合组织|上合(?!作)"
PREFIX = rf"(?:{PREFIX_CN}|{PREFIX_SCO})"
_PREFIX_CN_RE = re.compile(PREFIX_CN)
_PREFIX_SCO_RE = re.compile(rf"^(?:{PREFIX_SCO})")

# Does the text speak about the SCO at all? Short forms (禁毒中心, 开发银行)
# are read as the SCO's bodies only then.
SCO_CONTEXT = re.compile(r"上海合作组织|上合|SCO|ШОС")

# Pinyin glosses some sites add after a character: 地区(qū), 执(zhí).
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}\)")
# A single line break between two Chinese characters (a word broken by layout).
_BROKEN = re.compile(rf"(?<=[{CJK}])\n(?=[{CJK}])")


@dataclass(frozen=True, slots=True)
class Institution:
    name: str
    kind: str
    aliases: tuple[str, ...]
    permanent: bool = False


@dataclass(frozen=True, slots=True)
class Initiative:
    name: str
    proposer: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, eq=False)  # hashed by identity (lru_cache of its indexes)
class Gazetteer:
    institutions: tuple[Institution, ...]
    initiatives: tuple[Initiative, ...]
    leaders: dict[str, tuple[str, ...]]  # country -> names
    others: frozenset[str] = frozenset()  # norm keys of bodies that are not the SCO's

    def institution(self, name: str) -> Institution | None:
        """The known institution whose canonical name or short form is ``name``
        (with or without the organisation's prefix)."""
        return _institution_index(self).get(norm_key(canonical_prefix(name)))

    def is_other(self, name: str) -> bool:
        """Is ``name`` another organisation's body (欧亚经济联盟, 亚洲开发银行)?"""
        key = norm_key(name)
        return any(key.endswith(o) for o in self.others)

    def initiative(self, name: str) -> Initiative | None:
        return _initiative_index(self).get(norm_key(name))

    def country_of_leader(self, name: str) -> str | None:
        return next((c for c, names in self.leaders.items() if name in names), None)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The packaged gazetteer (parsed once per process)."""
    with resources.files("scotrack").joinpath("data/institutions.json").open("r", encoding="utf-8") as f:
        raw = json.load(f)
    insts = tuple(Institution(r["name"], r["kind"], tuple(r.get("aliases", [])), bool(r.get("permanent")))
                  for r in raw["institutions"])
    inits = tuple(Initiative(r["name"], r.get("proposer"), tuple(r.get("aliases", [])))
                  for r in raw["initiatives"])
    leaders = {c: tuple(v) for c, v in raw.get("leaders", {}).items()}
    others = frozenset(norm_key(n) for n in raw.get("other_organisations", []))
    return Gazetteer(insts, inits, leaders, others)


@lru_cache(maxsize=4)
def _institution_index(g: Gazetteer) -> dict[str, Institution]:
    out: dict[str, Institution] = {}
    for inst in g.institutions:
        for form in (inst.name, *inst.aliases):
            out.setdefault(norm_key(canonical_prefix(form)), inst)
            out.setdefault(norm_key(ORG_FULL + form), inst)
    return out


@lru_cache(maxsize=4)
def _initiative_index(g: Gazetteer) -> dict[str, Initiative]:
    out: dict[str, Initiative] = {}
    for ini in g.initiatives:
        for form in (ini.name, *ini.aliases):
            out.setdefault(norm_key(form), ini)
    return out


def canonical_prefix(name: str) -> str:
    """Spell the organisation out in a body's name and write the China–SCO
    prefix one way: 中国—上合组织X → 中国-上海合作组织X, 上合组织X → 上海合作组织X."""
    name = unicodedata.normalize("NFKC", name).strip()
    m = _PREFIX_CN_RE.match(name)
    if m:
        return f"中国-{ORG_FULL}" + name[m.end():]
    m = _PREFIX_SCO_RE.match(name)
    if m:
        return ORG_FULL + name[m.end():]
    return name


def alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation of literal words, longest first (so the longest wins)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


class Squeezed:
    """``view.s`` without pinyin glosses and layout line breaks inside words.

    ``s`` is the squeezed string; :meth:`to_view` maps a squeezed range back
    to the view range it came from (which then still covers any removed gloss
    in between, so the grounded mention text is the text as written).
    """

    __slots__ = ("s", "_pos", "_n")

    def __init__(self, view_s: str):
        self._n = len(view_s)
        drops = [(m.start(), m.end()) for rx in (_PINYIN, _BROKEN) for m in rx.finditer(view_s)]
        if not drops:
            self.s, self._pos = view_s, None
            return
        drops.sort()
        keep: list[int] = []
        parts: list[str] = []
        at = 0
        for a, b in drops:
            if a < at:
                continue
            parts.append(view_s[at:a])
            keep.extend(range(at, a))
            at = b
        parts.append(view_s[at:])
        keep.extend(range(at, len(view_s)))
        self.s = "".join(parts)
        self._pos: list[int] | None = keep

    def to_view(self, start: int, end: int) -> tuple[int, int]:
        """The view range ``[start, end)`` of squeezed range ``[start, end)``."""
        if self._pos is None:
            return start, end
        if start >= len(self._pos):
            return self._n, self._n
        last = self._pos[end - 1] + 1 if end > start else self._pos[start]
        return self._pos[start], last


_SENT_END = re.compile(r"[。！？!?;；\n]")


def sentence_bounds(s: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``s`` (squeezed text): split at
    sentence-final punctuation and at line breaks (those inside a word are
    already squeezed out)."""
    out, pos = [], 0
    for m in _SENT_END.finditer(s):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(s):
        out.append((pos, len(s)))
    return out
