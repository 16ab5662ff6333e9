"""People listed under a heading that names their post.

Reference pages and briefings list the holders of one post, one per line,
under a heading such as ``历任秘书长`` / ``秘书长名单`` / ``附：历届执行主任``::

    历任秘书长
    甲某（中国）2004—2006年
    乙某某耶夫（哈萨克斯坦）2007—2009年

Each line is a name, the holder's state in parentheses and the years of the
term; every holder gets the heading's post as title (the organisation spelled
out, or the title the lexicon knows for that person when it ends with the
heading's post: 秘书长 → 上海合作组织秘书长). Only lines of exactly that shape
directly under the heading count, and the state must be a known state, so a
prose paragraph after a heading never yields a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .base import canonical_org
from .people_lexicon import CJK, Lexicon
from .people_names import chinese_name, is_place

# A heading that announces a list of the holders of a post: a marker of
# succession (历任/历届) or of a list (名单/一览/列表) around a title head.
_HEADING_LEAD = r"^[\s　]*(?:附[:：]?\s*)?(?:[一二三四五六七八九十\d]+[、.]\s*)?"
_LIST_WORDS = r"(?:名单|一览表?|列表)"
# One holder: a name, the state in parentheses, the first year of the term.
_HOLDER = re.compile(
    rf"^[\s　]*(?P<name>[{CJK}·•‧・]{{2,14}})\s*[(（](?P<state>[{CJK}]{{2,12}})[)）]\s*"
    r"(?P<y1>(?:19|20)\d{2})\s*年?\s*(?:[—–\-~至到]+\s*(?:(?:19|20)\d{2})?\s*年?|起|至今)?\s*$")


@dataclass(frozen=True, slots=True)
class Holder:
    start: int  # offsets of the name in the searched string
    end: int
    name: str  # as written
    titles: tuple[str, ...]


def _heading(lex: Lexicon) -> re.Pattern[str]:
    core = lex.core_re.pattern
    prefix = r"(?:上海合作组织|上合组织|本组织)?"
    return re.compile(
        rf"{_HEADING_LEAD}(?:(?:历任|历届){prefix}(?P<t1>{core}){_LIST_WORDS}?"
        rf"|{prefix}(?P<t2>{core}){_LIST_WORDS})\s*[:：]?\s*$")


# Characters outside the transliteration table a listed foreign name may
# have (梅津采夫: 津): the line's shape already says it is a name.
MAX_RARE = 1


def _is_name(name: str, lex: Lexicon, key: str) -> bool:
    """A known person, a transliterated or a Chinese personal name; not a place."""
    if is_place(name, lex):
        return False
    if key in lex.known:
        return True
    rare = sum(1 for c in name if c not in lex.translit and c not in lex.dots)
    if len(name) >= 3 and rare <= MAX_RARE:
        return True
    return chinese_name(name + "。", lex) == len(name)


def holders(s: str, lex: Lexicon, canonical: Callable[[str], str] = str) -> Iterator[Holder]:
    """The holders listed under post headings in ``s`` (one per line).

    ``canonical`` maps a written name to its record name, to look up the
    title the lexicon knows for that person."""
    heading = _heading(lex)
    lines = s.split("\n")
    pos, title = 0, None
    for line in lines:
        end = pos + len(line)
        m = heading.match(line)
        if m:
            title = canonical_org(m.group("t1") or m.group("t2"))
        elif title is not None:
            h = _HOLDER.match(line)
            if h and is_place(h.group("state"), lex):
                name = h.group("name")
                key = canonical(name)
                if not _is_name(name, lex, key):
                    pos = end + 1
                    continue
                known = [t for t in lex.known.get(key, {}).get("titles", []) if t.endswith(title)]
                yield Holder(pos + h.start("name"), pos + h.end("name"), name, tuple(known + [title]))
            elif line.strip():
                title = None  # the list ended: prose or another heading
        pos = end + 1
