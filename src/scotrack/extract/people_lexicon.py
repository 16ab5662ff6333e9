"""The people lexicon (``data/people.json``) compiled into regexes, and the
text helper the people extractor needs.

The lexicon is general knowledge of diplomatic Chinese: title head words
(总统, 政府总理, 外交部发言人…), the states and bodies that prefix a title
(俄罗斯联邦, 上合组织, 联合国…), government words kept inside a title
(国务院, 政府, 外交部…), common Chinese surnames, the characters of the
standard transliteration of foreign names, and heads of state/government of
SCO states. :class:`Squeezed` removes pinyin glosses that some converters
put after a character (``總統(tǒng)``) while keeping a map back to view offsets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..reference import load as load_reference

CJK = "\u4e00-\u9fff"

# A pinyin gloss: one syllable in parentheses with a tone-marked vowel (the
# tone mark tells it apart from a real bracketed abbreviation such as "(WL)").
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_GLOSS = re.compile(rf"(?<=[{CJK}])\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")
# A single line break inside a run of Chinese (OCR/copy breaks 托卡\n耶夫);
# a blank line (two breaks) is a paragraph break and is kept.
LINE_BREAK = re.compile(rf"(?<=[{CJK}])\n(?=[{CJK}])")
_SQUEEZE = re.compile(f"{PINYIN_GLOSS.pattern}|{LINE_BREAK.pattern}")


@dataclass(frozen=True, slots=True)
class Squeezed:
    """A view string without pinyin glosses and without line breaks inside a
    run of Chinese; ``pos[i]`` is the view offset of
    character ``i`` of ``s`` (and ``pos[len(s)]`` the end of the view)."""

    s: str
    pos: tuple[int, ...] | None  # None: identical to the view string

    @classmethod
    def of(cls, s: str) -> Squeezed:
        if not _SQUEEZE.search(s):
            return cls(s, None)
        parts: list[str] = []
        pos: list[int] = []
        last = 0
        for m in _SQUEEZE.finditer(s):
            parts.append(s[last:m.start()])
            pos.extend(range(last, m.start()))
            last = m.end()
        parts.append(s[last:])
        pos.extend(range(last, len(s)))
        pos.append(len(s))
        return cls("".join(parts), tuple(pos))

    def start(self, i: int) -> int:
        """View offset of squeezed offset ``i`` as a span start."""
        return i if self.pos is None else self.pos[i]

    def end(self, i: int) -> int:
        """View offset of squeezed offset ``i`` as a span end (just after the
        previous kept character, so a span never ends on a gloss)."""
        if self.pos is None or i == 0:
            return i
        return self.pos[i - 1] + 1


@dataclass(frozen=True)
class Lexicon:
    """The compiled people lexicon."""

    title_chain: re.Pattern[str]  # [prefix]*core(兼?[prefix]*core)*(、…)* before a name
    core_re: re.Pattern[str]  # a title head alone: cheap to find, starts the slow search
    piece: re.Pattern[str]  # one title of a chain (prefixes and heads)
    strip_prefix: re.Pattern[str]  # leading state/organisation names of a unit
    cores: tuple[str, ...]
    known_after: re.Pattern[str]  # a known person directly followed by a title core
    name_title: re.Pattern[str]  # boundary, a candidate name, then a title head
    known: dict[str, dict[str, Any]]  # name (dots as ·) → lexicon row
    aliases: dict[str, str]  # regional spelling (普丁) → mainland name (普京)
    known_re: re.Pattern[str]
    surnames: frozenset[str]
    double_surnames: tuple[str, ...]
    translit: frozenset[str]
    dots: str
    stop_chars: frozenset[str]
    after_words: frozenset[str]  # words that follow a name and are never part of one
    places: frozenset[str]  # countries and cities: never a person's name
    chinese_context: re.Pattern[str]


# How far before a title head its prefixes may begin: the longest chains of
# state, body and party titles joined by 、 (中共中央政治局委员、中央外事工作
# 委员会办公室主任…) stay well under 80 characters.
MAX_CHAIN_LEAD = 80


def title_chains(t: str, lex: Lexicon) -> Iterator[re.Match[str]]:
    """The title chains of ``t`` in order, as ``lex.title_chain.finditer``
    would give them, but searched only near title heads (the full pattern
    with its long prefix alternation is slow to try at every position)."""
    pos = 0
    for c in lex.core_re.finditer(t):
        if c.start() < pos:
            continue
        line_start = t.rfind("\n", 0, c.start()) + 1
        m = lex.title_chain.search(t, max(pos, line_start, c.start() - MAX_CHAIN_LEAD))
        if m is None:
            continue
        yield m
        pos = m.end()


def _alt(words: list[str] | set[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


def _raw() -> dict[str, Any]:
    with resources.files("scotrack").joinpath("data/people.json").open("r", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def dot_name(name: str, dots: str) -> str:
    """A name with every middle-dot variant written as ``·``."""
    return re.sub(f"[{re.escape(dots)}]", "·", name)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = _raw()
    ref = load_reference()
    countries = set(ref.all_country_names()) | set(raw["extra_countries"])
    countries |= {"中国", "中华人民共和国"}
    places = countries | set(ref.all_city_names())
    orgs = set(raw["org_prefixes"])
    gov = set(raw["gov_prefixes"])
    # A state's name, optionally followed by an embassy word: 中国驻俄罗斯, 俄罗斯驻华.
    state = rf"(?:{_alt(countries)})"
    stationed = rf"驻(?:{_alt(countries)}|华|京)"
    strippable = rf"(?:{state}|{_alt(orgs)}|{stationed})"
    # local party and government bodies: 天津市委, 上海市人民政府
    local = rf"(?:{_alt(set(ref.all_city_names()))})(?:市|省)?(?:委|人民政府|政府)?"
    prefix = rf"(?:{strippable}|{_alt(gov)}|{local})"
    cores = list(raw["title_cores"])
    core = rf"(?:{'|'.join(raw['title_patterns'])}|{_alt(cores)})"
    # a piece: prefixes, a head, more heads joined directly or by 兼
    # (总统新闻秘书, 副总理兼外交部长); pieces may follow each other
    # (中共中央政治局委员中国外交部长) and units are joined by 、.
    # 前/时任/新任…: a former, then-serving or newly appointed holder.
    tense = r"(?:前|原|时任|现任|新任|首任|候任)?"
    piece = rf"(?:{prefix}\s?)*{tense}{core}(?:兼(?:{prefix})*{core}|{core})*"
    unit = rf"(?:{piece})+"
    chain = rf"{unit}(?:、(?:{unit}))*"
    dots = raw["name_dots"]
    known: dict[str, dict[str, Any]] = {}
    for row in raw["known_people"]:
        known[dot_name(row["name"], dots)] = row
    aliases: dict[str, str] = {}
    for row in raw["known_people"]:
        for alias in row.get("aliases", []):
            aliases[dot_name(alias, dots)] = dot_name(row["name"], dots)
    for sg in ref.secretaries_general:
        known.setdefault(str(sg["name"]), {"name": sg["name"], "country": sg["country"],
                                           "titles": ["上海合作组织秘书长"]})
    dot_class = f"[{re.escape(dots)}]"
    dots_class = re.escape(dots)
    translit_class = "".join(sorted(set(raw["translit_chars"])))
    known_alts = sorted(set(known) | set(aliases), key=len, reverse=True)
    known_pat = "|".join(re.escape(k).replace("·", dot_class) for k in known_alts)
    short_cores = [c for c in cores if len(c) >= 2]
    return Lexicon(
        title_chain=re.compile(chain),
        core_re=re.compile(core),
        piece=re.compile(piece),
        strip_prefix=re.compile(rf"^(?:{strippable})+"),
        cores=tuple(sorted(cores, key=len, reverse=True)),
        known_after=re.compile(rf"({known_pat})(?:先生)?({_alt(short_cores)})"),
        name_title=re.compile(
            rf"(?:^|(?<=[\s,，、。;；:：“\"(（])|(?<=尊敬的)|(?<=[同与和向对由]))"
            rf"([{translit_class}{dots_class}]{{2,12}}|[{''.join(raw['surnames'])}][{CJK}]{{1,2}})"
            rf"(?:先生)?({_alt(raw['titles_after_names'])})", re.MULTILINE),
        known=known,
        aliases=aliases,
        known_re=re.compile(known_pat),
        surnames=frozenset(raw["surnames"]),
        double_surnames=tuple(raw["double_surnames"]),
        translit=frozenset(raw["translit_chars"]),
        dots=dots,
        stop_chars=frozenset(raw["stop_chars"]),
        after_words=frozenset(raw["words_after_names"]),
        places=frozenset(places),
        chinese_context=re.compile(r"中国|中华人民共和国|中共|国务院|全国人大|全国政协|中央"),
    )
