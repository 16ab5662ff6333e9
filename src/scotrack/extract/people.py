"""Extraction of people: named persons with the titles a text gives them.

Rules (lexicon in ``data/people.json``, see :mod:`.people_lexicon`):

1. ``[state or body][title][name]``: a title chain — state/organisation
   prefixes, government words, a title head, joined by 兼 or 、 —
   followed by a name (俄罗斯联邦政府总理米舒斯京, 中共中央政治局委员、外交部长
   王毅, 联合国秘书长…事务助理哈利科夫). Where the name ends is decided by
   :mod:`.people_names`.
2. ``[name][title]``: heads of state/government and ministers of SCO
   states and the secretaries-general (general knowledge) followed by a
   title head (习近平主席宣布, 普京总统); any other name after a clear left
   boundary (punctuation, 尊敬的, 同/与/和…) when the whole span between the
   boundary and a head of state/government title is a name (，托卡耶夫总统说).
3. Once a person is named with a title, the document's other occurrences of
   the same name (or of a regional spelling of it: 普丁 for 普京) are further
   mentions (毛宁表示…).
4. Holders of a post listed one per line under a heading naming the post
   (历任秘书长 ⏎ 某某（国名）2019—2021年), see :mod:`.people_lists`.

Regional transliterations of well-known leaders (Taiwan/Hong Kong 普丁,
纳札尔巴耶夫…) are keyed by the mainland Simplified name (lexicon aliases).

A title without a name (外交部发言人表示), a journalist's credit (记者 is no
title here) or a bare name never introduced with a title gives nothing.
Pinyin glosses inside a title (總統(tǒng)) are skipped: the mention spans
them, the title attribute does not contain them. The record key is the name
in Simplified script with middle dots written ``·`` (伊姆兰·汗).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from .base import Context, Found, View, canonical_org
from .people_lexicon import Lexicon, Squeezed, dot_name, lexicon, title_chains
from .people_lists import holders
from .people_names import name_before_title, name_end

NAME = "rules.people.v1"


@dataclass
class _Hit:
    start: int  # squeezed offsets
    end: int
    name: str
    titles: list[str] = field(default_factory=list)


def extract(view: View, ctx: Context) -> list[Found]:
    """People in the document's Chinese text, each mention grounded; titled
    mentions carry ``titles`` (and the nearest one as the mention's ``title``)."""
    if ctx.language == "en":
        return []
    lex = lexicon()
    sq = Squeezed.of(view.s)
    listed = listed_hits(view.s, sq, lex)
    spans = [(x.start, x.end) for x in listed]
    hits = [h for h in titled_hits(sq.s, lex) if not _overlaps(h.start, h.end, spans)]
    hits += listed
    hits += bare_hits(sq.s, hits, lex)
    out = []
    for h in sorted(hits, key=lambda h: h.start):
        attrs = {"name": h.name, "titles": list(h.titles)}
        mention = {"title": h.titles[0]} if h.titles else {}
        out.append(view.found("people", h.name, attrs, sq.start(h.start), sq.end(h.end), mention))
    return out


def titled_hits(t: str, lex: Lexicon) -> list[_Hit]:
    """Names introduced with a title, before (rule 1) or after (rule 2) it."""
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for m in title_chains(t, lex):
        end = name_end(t, m.end(), m.group(), lex)
        if end is None:
            continue
        name = canonical_name(t[m.end():end])
        hits.append(_Hit(m.start(), end, name, titles_of(m.group(), lex)))
        taken.append((m.start(), end))
    for m in lex.known_after.finditer(t):
        if _overlaps(m.start(), m.end(), taken):
            continue
        name = canonical_name(m.group(1))
        hits.append(_Hit(m.start(), m.end(), name, [m.group(2)]))
        taken.append((m.start(), m.end()))
    for m in lex.name_title.finditer(t):
        if _overlaps(m.start(1), m.end(), taken) or not name_before_title(m.group(1), lex):
            continue
        hits.append(_Hit(m.start(1), m.end(), canonical_name(m.group(1)), [m.group(2)]))
        taken.append((m.start(1), m.end()))
    return hits


def listed_hits(s: str, sq: Squeezed, lex: Lexicon) -> list[_Hit]:
    """Holders of a post listed one per line under a heading naming the post
    (rule 4, :mod:`.people_lists`); found on the view string, whose line
    breaks the squeezed string joins, and returned in squeezed offsets."""
    out = []
    for h in holders(s, lex, canonical_name):
        start, end = _to_squeezed(sq, h.start), _to_squeezed(sq, h.end)
        out.append(_Hit(start, end, canonical_name(h.name), list(h.titles)))
    return out


def _to_squeezed(sq: Squeezed, at: int) -> int:
    """Squeezed offset of view offset ``at`` (a kept character's position)."""
    return at if sq.pos is None else bisect_left(sq.pos, at)


def bare_hits(t: str, hits: list[_Hit], lex: Lexicon) -> list[_Hit]:
    """Other occurrences of the names already introduced with a title."""
    taken = [(h.start, h.end) for h in hits]
    out: list[_Hit] = []
    forms = {h.name: h.name for h in hits}
    forms.update({a: c for a, c in lex.aliases.items() if c in forms})
    for form in sorted(forms, key=len, reverse=True):
        name = forms[form]
        at = 0
        while True:
            i = t.find(form, at)
            if i < 0:
                break
            j = i + len(form)
            at = j
            if not _stands_alone(t, i, j, lex):
                continue
            if not _overlaps(i, j, taken):
                out.append(_Hit(i, j, name))
                taken.append((i, j))
    return out


def _stands_alone(t: str, i: int, j: int, lex: Lexicon) -> bool:
    """An occurrence of a name is not part of a longer transliterated name
    (达尔 in 达尔文): no name character or middle dot right before or after."""
    near = (t[i - 1] if i > 0 else "") + (t[j] if j < len(t) else "")
    return not any((c in lex.translit or c in lex.dots) and c not in lex.stop_chars for c in near)


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def canonical_name(name: str) -> str:
    """NFKC, no spaces, middle dots written ``·``; a given name before a
    known person's surname is dropped so that both forms are one record."""
    lex = lexicon()
    name = dot_name(unicodedata.normalize("NFKC", name).replace(" ", ""), lex.dots)
    name = lex.aliases.get(name, name)  # 普丁 → 普京
    if "·" in name and name not in lex.known:
        # 努尔兰·叶尔梅克巴耶夫: a full name whose surname is a well-known short form
        short = name.rsplit("·", 1)[1]
        if short in lex.known:
            return short
    return name


def titles_of(chain: str, lex: Lexicon) -> list[str]:
    """The titles of a chain, nearest the name first: each as written (with
    the organisation spelled out) and without its state/organisation prefix."""
    out: list[str] = []
    pieces = [p.group() for p in lex.piece.finditer(chain.replace(" ", ""))]
    for piece in reversed(pieces):
        written = canonical_org(piece)
        bare = lex.strip_prefix.sub("", written)
        for title in (written, bare):
            if title and title not in out:
                out.append(title)
    return out
