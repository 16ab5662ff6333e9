"""Where institution names stand in a text, and what they canonically are.

Three ways a name is found (all on the :class:`Squeezed` view text):

1. a known body from the gazetteer, in full or by a short form
   (禁毒中心, 开发银行, 地区反恐怖机构), the short forms only in a text that
   speaks about the SCO and only where the word before does not make it
   someone else's (亚洲开发银行, 俄罗斯控制的一家开发银行);
2. an unknown body named with the organisation's prefix
   (上合组织X中心, 中国—上合组织X合作中心);
3. an unknown body introduced by a creation verb (组建X委员会, 建立X合作库).

Then lists: a name followed by 、/及其/以及/和 and another ``…中心`` carries
its prefix over to the next item (上合组织A中心及其B中心 → 上海合作组织B中心).
Descriptive phrases are not names: a head noun with only generic words in
front (安全合作中心, 地区银行, 新平台), venues (会展中心, 新闻中心), and counts
(四个安全中心).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .base import norm_key
from .institutions_lexicon import CJK, PREFIX, Gazetteer, alternation, canonical_prefix, load

# Head nouns of institution names and the kind each gives. Longest first in
# the regex, so 银行联合体 wins over 联合体 and 开发银行 over 银行.
HEADS: dict[str, str] = {
    "银行联合体": "consortium", "联合体": "consortium", "联盟": "consortium",
    "开发银行": "bank", "银行": "bank",
    "中心": "centre", "委员会": "committee",
    "平台": "platform", "示范区": "platform", "基地": "platform",
    "基金": "fund",
    "合作库": "other", "机构": "other", "论坛": "other", "秘书处": "other",
    "俱乐部": "other", "大学": "other", "学院": "other", "研究院": "other",
}
HEAD = f"(?:{alternation(HEADS)})"

# Characters that never occur inside a modifier of a body's name: particles,
# prepositions, conjunctions that coordinate two names, demonstratives.
_STOP_CHARS = "的了和及在是将为等并对向由从把被同也都已这那该此各每其之个于以就"
MOD_CHAR = rf"(?:(?![{_STOP_CHARS}])[{CJK}])"
# Longest modifier between prefix (or verb) and head noun: the longest real
# names (应对安全威胁与挑战综合, 地方经贸合作示范) are 8–10 characters.
MAX_MOD = 14

# Modifier words that only describe (a field, a scope, a demonstrative): a
# head noun with nothing else in front is a phrase, not a name.
_GENERIC = re.compile(
    r"(?:安全|经济|经贸|人文|金融|地区性|区域性|地区|区域|国际|多边|双边|新型|全新|新|务实|综合|重要|"
    r"相关|有关|联合|共同|各类|专门|常设|合作|研究|发展|交流|服务|创新|本|一家|一批|多个|若干|"
    r"各国|国家|成员国|上述|有效|高效)+"
)
# Verbs and clause words inside a would-be modifier show that the "name" is a
# clause running into a head noun (上合组织决定成立开发银行).
_CLAUSE = re.compile(r"成立|设立|建立|组建|筹建|创建|决定|同意|宣布|提出|推进|推动|加强|支持|讨论|呼吁|倡议|建议|"
                     r"表示|认为|强调|一家|一个|成员国?|领导人|元首|总理|主席|部长|秘书长|峰会|会议|举行|召开|"
                     r"作为|成为|打造|搭建|构建|提供|发挥|促进|框架")
# With the organisation's prefix a field word is a name (上合组织经贸学院);
# only these say nothing about which body is meant (上合组织新平台).
_GENERIC_PREFIXED = re.compile(r"(?:新型|全新|新|重要|相关|有关|各类|本|一批|多个|若干|上述|常设|务实|合作)+")
# Places that share the head noun 中心 but are venues of a meeting.
_VENUE = re.compile(r"会展|新闻|媒体|会议|展览|体育|购物|数据|指挥|贸易|商务|文化|城市")
# A forum that is held is an event, not a body (举办上合组织数字经济论坛).
_EVENT_HEADS = ("论坛",)
_HELD_BEFORE = re.compile(r"(?:举办|举行|召开|出席|参加|主办|承办|筹办)了?[^,，。]{0,6}$")
# A count in front: 四个安全中心, 6个务实合作平台, 两家银行.
# (一家/一个 alone is an indefinite article: 同意设立一家开发银行.)
_COUNT = r"(?:\d+|(?!一[个家所座])[一二三四五六七八九十两几多数]+)\s*(?:个|家|大|项|座|所|类|批)"
_COUNT_BEFORE = re.compile(_COUNT + r"[“\"「]?$")
_COUNT_MOD = re.compile("^" + _COUNT)

# Words after which a short form (开发银行) is the SCO's own body: verbs and
# status words, conjunctions and list marks, demonstratives, the organisation.
_LEFT_OK = re.compile(
    r"(?:^|[^" + CJK + r"]|上海合作组织的|上合组织的|本组织的|成立|设立|建立|组建|筹建|创建|加强|深化|完善|推进|推动|"
    r"支持|宣布|揭牌|同意|决定|该|这家|一家|此|及其|其|和|与|及|以及|在|为|向|对|同|由|将|把|了|是|就|关于|"
    r"通过|依托|发挥|见证|包括|参加|出席|邀请|报告|讨论|审议|启动|落实|探讨|倡议|建议|提出|批准|商定|加快|"
    r"借助|利用|根据|按照|即|暨|与会|见证了|共同|同意设立)$"
)
_LEFT_WINDOW = 8  # longest left-context word above (上海合作组织的) plus slack
# ...but a 的-phrase in front makes it someone else's (俄罗斯控制的一家开发银行),
# unless that someone is the organisation itself.
_LEFT_OWNED = re.compile(r"的(?:一家|一个|这家|那家)?$")
_LEFT_SCO_OWNED = re.compile(r"(?:上海合作组织|上合组织|本组织)的(?:一家|一个|这家|那家)?$")

_PREFIX_RE = re.compile(PREFIX)
# The next item of a list of bodies: a separator, an optional prefix, a name.
_SEP = r"\s*(?:、|,|，|及其|以及|及|和|与|,以及|，以及|、以及)\s*[“\"「]?"
_LIST_NEXT = re.compile(rf"{_SEP}(?P<pre>{PREFIX})?(?P<mod>{MOD_CHAR}{{1,{MAX_MOD}}}?)(?P<head>{HEAD})[”\"」]?")
_SEP_ONLY = re.compile(rf"^{_SEP}$")
_PREFIXED = re.compile(rf"(?P<pre>{PREFIX})(?P<mod>{MOD_CHAR}{{1,{MAX_MOD}}}?)(?P<head>{HEAD})")
_VERBED = re.compile(rf"(?:成立|设立|建立|组建|筹建|创建|创立)(?:了|一个|一家)?"
                     rf"(?P<mod>{MOD_CHAR}{{2,{MAX_MOD}}}?)(?P<head>{HEAD})")


@dataclass(slots=True)
class Name:
    """One institution name in the squeezed text."""

    start: int
    end: int
    canonical: str
    kind: str
    known: bool  # from the gazetteer
    permanent: bool = False
    prefix: str = ""  # canonical prefix written with it ("上海合作组织", "中国-上海合作组织")
    real: bool = True  # False: a descriptive list item that only extends a list


@dataclass(slots=True)
class Run:
    """Names coordinated in one phrase (they share the status words around it)."""

    names: list[Name]

    @property
    def start(self) -> int:
        return self.names[0].start

    @property
    def end(self) -> int:
        return self.names[-1].end


class NameFinder:
    """Finds institution names with the compiled gazetteer patterns."""

    def __init__(self, gaz: Gazetteer | None = None):
        self.gaz = gaz or load()
        forms: set[str] = set()
        for inst in self.gaz.institutions:
            for form in (inst.name, *inst.aliases):
                stripped = _PREFIX_RE.sub("", form, count=1) if _PREFIX_RE.match(form) else form
                forms.add(stripped)
        self._known = re.compile(rf"(?P<pre>{PREFIX})?(?P<alias>{alternation(forms)})")

    def find(self, s: str, sco_context: bool) -> list[Run]:
        """Runs of institution names in ``s``, in text order."""
        cands = self._known_names(s, sco_context)
        cands += self._generic(s, _PREFIXED, True)
        if sco_context:
            cands += self._generic(s, _VERBED, False)
        names = _non_overlapping(cands)
        return self._runs(s, names)

    # --- candidates ----------------------------------------------------------
    def _known_names(self, s: str, sco_context: bool) -> list[Name]:
        out = []
        for m in self._known.finditer(s):
            pre = m.group("pre")
            if not pre:
                if not sco_context or not self._left_ok(s, m.start()):
                    continue
            if _COUNT_BEFORE.search(s, max(0, m.start() - 4), m.start()):
                continue
            inst = self.gaz.institution((pre or "") + m.group("alias"))
            if inst is None:
                continue
            out.append(Name(m.start(), m.end(), inst.name, inst.kind, True, inst.permanent,
                            canonical_prefix(pre) if pre else ""))
        return out

    @staticmethod
    def _left_ok(s: str, at: int) -> bool:
        """May a short form at ``at`` stand for the SCO's own body?"""
        lo = max(0, at - _LEFT_WINDOW)
        if _LEFT_OWNED.search(s, lo, at) and not _LEFT_SCO_OWNED.search(s, lo, at):
            return False
        return _LEFT_OK.search(s, lo, at) is not None

    def _generic(self, s: str, rx: re.Pattern[str], prefixed: bool) -> list[Name]:
        out = []
        for m in rx.finditer(s):
            mod, head = m.group("mod"), m.group("head")
            if not _is_name(mod, head, prefixed):
                continue
            start = m.start() if prefixed else m.start("mod")
            if _COUNT_BEFORE.search(s, max(0, start - 4), start):
                continue
            pre = canonical_prefix(m.group("pre")) if prefixed else ""
            if self.gaz.is_other(mod + head):
                continue
            if head in _EVENT_HEADS and _HELD_BEFORE.search(s, max(0, start - 10), start):
                continue
            out.append(self._make(start, m.end(), pre, mod, head))
        return out

    def _make(self, start: int, end: int, pre: str, mod: str, head: str) -> Name:
        canonical = pre + mod + head
        inst = self.gaz.institution(canonical)
        if inst is not None:
            return Name(start, end, inst.name, inst.kind, True, inst.permanent, pre)
        return Name(start, end, canonical, HEADS[head], False, False, pre)

    # --- lists -----------------------------------------------------------------
    def _runs(self, s: str, names: list[Name]) -> list[Run]:
        runs: list[Run] = []
        i = 0
        while i < len(names):
            run = Run([names[i]])
            i += 1
            while True:
                nxt = names[i] if i < len(names) else None
                if nxt is not None and _SEP_ONLY.match(s[run.end:nxt.start]):
                    run.names.append(nxt)
                    i += 1
                    continue
                item = self._list_item(s, run, nxt.start if nxt is not None else len(s))
                if item is None:
                    break
                run.names.append(item)
            runs.append(run)
        return runs

    def _list_item(self, s: str, run: Run, limit: int) -> Name | None:
        """The next list item after ``run`` that none of the patterns found
        (上合组织A中心、B中心): a name with the run's prefix, or a descriptive
        item (安全合作中心) kept only so the list's status words still apply."""
        m = _LIST_NEXT.match(s, run.end)
        if m is None or m.end() > limit:
            return None
        mod, head = m.group("mod"), m.group("head")
        start = m.start("pre") if m.group("pre") else m.start("mod")
        pre = canonical_prefix(m.group("pre")) if m.group("pre") else run.names[0].prefix
        name = self._make(start, m.end("head"), pre, mod, head)
        if (not _is_name(mod, head, bool(m.group("pre"))) or self.gaz.is_other(mod + head)) and not name.known:
            name.real = False
        elif not pre and not name.known:
            name.real = False  # an unknown body with no prefix to carry over
        return name


def _is_name(mod: str, head: str, prefixed: bool = False) -> bool:
    """Is modifier + head a proper name rather than a description?"""
    generic = _GENERIC_PREFIXED if prefixed else _GENERIC
    if generic.fullmatch(mod) or _COUNT_MOD.match(mod) or _CLAUSE.search(mod):
        return False
    if head == "中心" and _VENUE.search(mod):
        return False
    return True


def _non_overlapping(cands: list[Name]) -> list[Name]:
    """Longest candidates first (a known body on a tie), no two overlapping."""
    cands.sort(key=lambda n: (-(n.end - n.start), not n.known, n.start))
    starts: list[int] = []  # taken spans, sorted by start (they never overlap)
    taken: list[Name] = []
    for n in cands:
        i = bisect_left(starts, n.start)
        if i < len(taken) and taken[i].start < n.end:
            continue  # overlaps the next taken span
        if i > 0 and taken[i - 1].end > n.start:
            continue  # overlaps the previous one
        starts.insert(i, n.start)
        taken.insert(i, n)
    return taken


def key_of(name: Name) -> str:
    """The linking key of an institution."""
    return norm_key(name.canonical)


__all__ = ["HEADS", "Name", "NameFinder", "Run", "key_of"]
