"""Known SCO outcome documents (reference data) and how titles are normalised.

The packaged reference lists outcome documents of SCO meetings with their
official Chinese title, type, adopting meeting, short names and topic keywords.
This module indexes them so that an abbreviated or differently written title
(《上合组织未来10年(2026-2035年)发展战略》, 《2026—2035年发展战略》, 發展策略 in a Hong
Kong repost) resolves to one canonical title, and builds the titles the
reference does not list from the councils' full names (城市+宣言, 联合公报).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..reference import Reference, meeting_key
from .base import canonical_org, fold

# Outcome-document suffixes and their registry types, longest first so that
# 联合公报 wins over 公报 and 行动计划 over 计划.
SUFFIX_TYPES: tuple[tuple[str, str], ...] = (
    ("联合公报", "communique"), ("新闻公报", "communique"), ("公报", "communique"),
    ("宣言", "declaration"), ("声明", "statement"),
    ("发展战略", "strategy"), ("战略", "strategy"),
    ("协定", "agreement"), ("协议", "agreement"),
    ("行动计划", "action-plan"), ("纲要", "programme"), ("规划", "programme"),
    ("路线图", "roadmap"), ("宪章", "charter"),
    ("决议", "decision"), ("决定", "decision"), ("清单", "list"),
    # treaties, conventions, protocols and memoranda bind states as agreements do
    ("公约", "agreement"), ("条约", "agreement"), ("议定书", "agreement"), ("备忘录", "agreement"),
    ("章程", "other"), ("计划", "other"), ("方案", "other"),
)
SUFFIX_ALT = "|".join(sorted({re.escape(s) for s, _ in SUFFIX_TYPES}, key=len, reverse=True))
# Titles that name a kind of document, not one document: resolved through the
# meeting that adopted them.
GENERIC = frozenset({"联合公报", "新闻公报", "公报", "宣言", "声明", "联合声明", "专题声明", "决议", "决定",
                     "发展战略", "战略", "行动计划", "路线图"})

_TRAIL_PARENS = re.compile(r"\s*[(（][^()（）]{0,30}[)）]\s*$")
_DASH = re.compile(r"\s*[-–—~－〜]+\s*")
_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[《》〈〉“”‘’\"'「」『』]")


def doc_type(title: str) -> str:
    """The registry type of a title, by its suffix (a trailing (2018—2022年) ignored)."""
    t = _TRAIL_PARENS.sub("", title)
    for suffix, typ in SUFFIX_TYPES:
        if t.endswith(suffix):
            return typ
    return "other"


def has_suffix(title: str) -> bool:
    t = _TRAIL_PARENS.sub("", title)
    return any(t.endswith(s) for s, _ in SUFFIX_TYPES)


def clean_title(title: str) -> str:
    """Canonical spelling of a title: Simplified, NFKC, no brackets/quotes or blanks,
    the organisation spelled out, year ranges with an em dash (2026—2035年, also for
    2026至2035年)."""
    t = fold(unicodedata.normalize("NFKC", title))
    t = _QUOTES.sub("", t)
    t = _SPACE.sub("", t)
    t = re.sub(r"(\d{4})年?(?:[-–—~－〜]+|至|到)(\d{4})", r"\1—\2", t)
    return canonical_org(t)


def dnorm(title: str) -> str:
    """A matching key for titles: the clean title with 策略 read as 战略 (Hong Kong usage)
    and every dash the same."""
    t = clean_title(title).replace("策略", "战略")
    return _DASH.sub("—", t)


@dataclass(frozen=True, slots=True)
class RefDoc:
    title: str
    type: str
    meeting: str | None  # key of the adopting meeting
    body: str | None
    ordinal: int | None
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass
class DocIndex:
    docs: list[RefDoc]
    councils: dict[str, str]
    by_norm: dict[str, RefDoc] = field(default_factory=dict)
    alias_re: re.Pattern[str] | None = None

    def lookup(self, title: str) -> RefDoc | None:
        n = dnorm(title)
        hit = self.by_norm.get(n)
        if hit is None:
            hit = self.by_norm.get(dnorm(_PARENS_ANY.sub("", n)))
        return hit

    def of_meeting(self, key: str | None, typ: str | None = None) -> list[RefDoc]:
        return [d for d in self.docs if key and d.meeting == key and (typ is None or d.type == typ)]


_PARENS_ANY = re.compile(r"[(（][^()（）]*[)）]")
ORG_PREFIXES = ("上海合作组织成员国元首理事会", "上海合作组织成员国", "上海合作组织")
# Aliases shorter than this are matched only inside 《》 (上海公约 is also a phrase).
MIN_FREE_ALIAS = 6

_INDEX: dict[int, DocIndex] = {}


def index(ref: Reference) -> DocIndex:
    """The outcome-document index of ``ref`` (built once per reference object)."""
    hit = _INDEX.get(id(ref))
    if hit is None:
        hit = _INDEX[id(ref)] = _build(ref)
    return hit


_COUNCIL_REF = re.compile(r"\{council:([a-z-]+)\}")


def _build(ref: Reference) -> DocIndex:
    raw = ref.raw
    councils = dict(raw.get("councils", {}))
    docs = []
    for r in raw.get("outcome_documents", []):
        # titles may name their council as "{council:heads-of-state}": the data
        # file states each council's full name once
        r = dict(r, title=_COUNCIL_REF.sub(lambda m: councils.get(m.group(1), m.group(0)), r["title"]))
        body, ordinal = (r["meeting"] + [None])[:2] if r.get("meeting") else (None, None)
        key = None
        if body is not None:
            m = ref.meeting(body, ordinal) if ordinal is not None else None
            key = m.key if m else meeting_key(body, ordinal)
        typ = r.get("type") or "other"
        if typ == "other":
            typ = doc_type(r["title"])  # unclassified in the reference: its suffix decides
        docs.append(RefDoc(clean_title(r["title"]), typ, key, body, ordinal,
                           tuple(r.get("aliases", ())), tuple(r.get("keywords", ()))))
    idx = DocIndex(docs, dict(raw.get("councils", {})))
    free: list[str] = []
    for d in docs:
        names = [d.title, *d.aliases]
        for n in names:
            for v in _variants(n):
                idx.by_norm.setdefault(v, d)
            core = _strip_org(dnorm(n))
            if len(core) >= MIN_FREE_ALIAS:
                free.append(core)
    free = sorted(set(free), key=len, reverse=True)
    if free:
        idx.alias_re = re.compile("|".join(_loose_title(a) for a in free))
    return idx


def _strip_org(t: str) -> str:
    for p in ORG_PREFIXES:
        if t.startswith(p) and len(t) > len(p) + 1:
            return t[len(p):]
    return t


def _variants(name: str) -> set[str]:
    n = dnorm(name)
    out = {n, _strip_org(n), dnorm(_PARENS_ANY.sub("", n))}
    out |= {"上海合作组织" + v for v in list(out) if not v.startswith("上海合作组织")}
    return out


def _loose_title(t: str) -> str:
    """A regex for a normalised title as texts write it: blanks anywhere, any dash,
    full- or half-width parentheses, 策略 for 战略."""
    parts = []
    i = 0
    while i < len(t):
        if t.startswith("战略", i):
            parts.append("(?:战略|策略)")
            i += 2
            continue
        ch = t[i]
        if ch == "—":
            parts.append("[-–—~－〜]")
        elif ch in "(（":
            parts.append("[(（]")
        elif ch in ")）":
            parts.append("[)）]")
        else:
            parts.append(re.escape(ch))
        i += 1
    return r"\s*".join(parts)


def council_title(ref: Reference, body: str | None, ordinal: int | None, generic: str) -> str | None:
    """A title built from the council's full name: 联合公报 of heads-of-government no. 24 →
    上海合作组织成员国政府首脑(总理)理事会第二十四次会议联合公报; the heads-of-state
    council's communiqués are titled …元首理事会会议新闻公报 without the ordinal."""
    councils = index(ref).councils
    name = councils.get(body or "")
    if not name:
        return None
    if generic.startswith("关于"):
        return name + generic
    if body == "heads-of-state" or ordinal is None:
        return f"{name}会议{generic}" if generic.endswith("公报") else name + generic
    import cn2an

    return f"{name}第{cn2an.an2cn(ordinal)}次会议{generic}"
