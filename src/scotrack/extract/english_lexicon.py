"""English names of SCO records, compiled from the package's data, and the
text helpers English extraction shares.

English extraction keys every record exactly as the Chinese rules do, so the
English names live beside the Chinese ones in the same data files:

- ``sco_reference.json``: ``city_names_en`` and ``country_names_en`` (canonical
  Simplified name → English spellings), ``councils_en`` (how English texts name
  each council), ``en_aliases`` / ``en_keywords`` on outcome documents, ``en``
  on secretaries-general;
- ``institutions.json``: ``en_aliases`` on institutions and initiatives;
- ``people.json``: ``en`` on known people, ``titles_en`` (English title →
  the Chinese title head).

Names are matched as whole words, case-insensitively for multi-word names,
with any run of blanks between words, either dash in hyphenated words, and
"SCO" standing also for the organisation's full name (Organization or
Organisation). :func:`sentences` splits English prose at sentence ends and
line breaks; :func:`place_time` reads the years, dates, cities and countries
of a sentence in the form the Chinese meeting rules link with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Generic, TypeVar

from ..reference import Reference
from ..reference import load as load_reference
from .base import Sentence
from .institutions_lexicon import load as load_gazetteer
from .meetings_patterns import PlaceTime
from .outcomes_reference import RefDoc, index

ORG_EN = r"(?:SCO|Shanghai\s+Cooperation\s+Organi[sz]ation(?:\s*\(SCO\))?)"
V = TypeVar("V")
ORG_FULL_EN = re.compile(r"Shanghai\s+Cooperation\s+Organi[sz]ation", re.I)
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# June 9, 2018 / June 9 to 10 / 9 June 2018
DATE_EN = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*(?:-|–|—|to|and)\s*(?:(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
    r"(?:,?\s+(?P<y>(?:19|20)\d{2}))?\b"
    rf"|\b(?P<dd>\d{{1,2}})\s+(?P<mm>{_MONTH})(?:\s+(?P<yy>(?:19|20)\d{{2}}))?\b"
)
# A year that dates something: not one end of a span (2026-2030) and not a
# horizon (until 2035, by 2030).
YEAR_EN = re.compile(r"(?<![\d\-–—/])(?<!until )(?<!till )(?<!by )(?<!to )(?<!through )(?<!towards )"
                     r"((?:19|20)\d{2})(?![\d\-–—/])(?!\s*(?:-|–|—|to)\s*(?:19|20)\d{2})")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’»)]*\s+(?=[\"“«(]?[A-Z0-9])|\n+")

_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                  "eighteenth", "nineteenth", "twentieth")
_TENS = {20: "twenty", 30: "thirty"}
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ORDINAL_WORDS, 1)}
ORDINAL_WORDS.update({f"{_TENS[20]}-{w}": 20 + i for i, w in enumerate(_ORDINAL_WORDS[:9], 1)})
ORDINAL_WORDS["thirtieth"] = 30
ORDINAL = (r"(?:(?P<ordn>\d{1,2})(?:st|nd|rd|th)|(?P<ordw>"
           + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + r"))")


def ordinal_value(m: re.Match[str]) -> int | None:
    if m.group("ordn"):
        return int(m.group("ordn"))
    if m.group("ordw"):
        return ORDINAL_WORDS[m.group("ordw").lower()]
    return None


_CHAR = {"-": "[-‐–]", "‐": "[-‐–]", "'": "['’]", "’": "['’]"}
_TOKEN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|[^\s()\[\]]+|\s+")


def _word(word: str) -> str:
    if word == "SCO":
        return ORG_EN
    w = "".join(_CHAR.get(ch, re.escape(ch)) for ch in word)
    w = re.sub(r"Organi[sz]ation", "Organi[sz]ation", w)
    return re.sub(r"(Cent)(?:re|er)", r"\1(?:re|er)", w)


def _words(phrase: str) -> str:
    return r"\s+".join(_word(w) for w in phrase.split())


def loose(name: str) -> str:
    """A regex for an English name in the data's notation, as texts write it: any
    blanks between words, either dash or apostrophe, SCO for the organisation's
    full name too, Centre or Center; ``(x)`` is optional (``Council of (the) Heads
    of (Member) State(s)``), ``[a|b]`` one of its choices (``[until|up to] 2035``)."""
    toks = _TOKEN.findall(name.strip())
    out = []
    alone = False  # the last token was an optional word standing alone (it carries its blank)
    for i, tok in enumerate(toks):
        before = toks[i - 1] if i else " "
        after = toks[i + 1] if i + 1 < len(toks) else ""
        if tok.isspace():
            if not alone:
                out.append(r"\s+")
            alone = False
            continue
        alone = tok.startswith("(") and before.isspace() and after.isspace()
        if tok.startswith("("):
            inner = _words(tok[1:-1])
            out.append(rf"(?:{inner}\s+)?" if alone else f"(?:{inner})?")
        elif tok.startswith("["):
            out.append("(?:" + "|".join(_words(a) for a in tok[1:-1].split("|")) + ")")
        else:
            out.append(_word(tok))
    return "".join(out)


def alternation(names: list[str] | set[str]) -> str:
    """Loose regexes of ``names``, longest first, as whole words."""
    alts = [loose(n) for n in sorted(set(names), key=len, reverse=True) if n]
    return r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])"


class NameTable(Generic[V]):
    """English names of one kind of record, each with its value: one regex finds
    them all, then the name that matches the whole hit gives the value."""

    def __init__(self, rows: list[tuple[str, V]], flags: int = 0):
        rows = sorted(rows, key=lambda r: len(r[0]), reverse=True)
        self.entries = [(re.compile(loose(n), flags), v) for n, v in rows]
        self.pattern = re.compile(alternation([n for n, _ in rows]), flags)

    def value(self, text: str) -> V | None:
        return next((v for rx, v in self.entries if rx.fullmatch(text)), None)

    def finditer(self, s: str) -> Iterator[tuple[re.Match[str], V]]:
        for m in self.pattern.finditer(s):
            v = self.value(m.group())
            if v is not None:
                yield m, v


def sentences(s: str) -> list[Sentence]:
    """English sentences of ``s`` (view offsets): split after . ! ? before a capital
    or a digit, and at line breaks."""
    out, pos = [], 0
    for m in _SENT_END.finditer(s):
        if s[pos:m.start()].strip():
            out.append(Sentence(pos, m.start(), s[pos:m.start()]))
        pos = m.end()
    if s[pos:].strip():
        out.append(Sentence(pos, len(s), s[pos:]))
    return out


def sentence_at(sents: list[Sentence], pos: int) -> Sentence:
    for sent in sents:
        if sent.start <= pos < sent.end:
            return sent
    return Sentence(pos, pos, "")


@dataclass(frozen=True)
class EnglishNames:
    """Compiled English names (one per process)."""

    city: NameTable[str]  # canonical city
    country: NameTable[str]  # canonical country
    council: NameTable[str]  # body
    docs: tuple[tuple[RefDoc, tuple[str, ...]], ...]  # (reference document, English topic words)
    doc: NameTable[RefDoc]
    institution: NameTable[tuple[str, str, bool]]  # (canonical, kind, permanent)
    initiative: NameTable[tuple[str, str | None]]  # (canonical, proposer)
    person: NameTable[tuple[str, tuple[str, ...]]]  # (canonical, Chinese titles known)
    title: NameTable[str]  # Chinese title head


@lru_cache(maxsize=1)
def names() -> EnglishNames:
    ref = load_reference()
    raw = ref.raw
    idx = index(ref)
    rows = list(zip(idx.docs, raw.get("outcome_documents", []), strict=True))
    gaz_raw = _raw("institutions.json")
    gaz = load_gazetteer()
    people_raw = _raw("people.json")
    people = [(e, (r["name"], tuple(r.get("titles", ())))) for r in people_raw["known_people"] for e in r.get("en", ())]
    people += [(e, (sg["name"], ("秘书长",))) for sg in ref.secretaries_general for e in sg.get("en", ())]
    return EnglishNames(
        city=NameTable([(e, c) for c, ens in raw.get("city_names_en", {}).items() for e in ens]),
        country=NameTable([(e, c) for c, ens in raw.get("country_names_en", {}).items() for e in ens]),
        council=NameTable([(e, b) for b, ens in raw.get("councils_en", {}).items() for e in ens], re.I),
        docs=tuple((d, tuple(r.get("en_keywords", ()))) for d, r in rows),
        doc=NameTable([(e, d) for d, r in rows for e in r.get("en_aliases", ())], re.I),
        institution=NameTable([(e, (inst.name, inst.kind, inst.permanent))
                               for r, inst in zip(gaz_raw["institutions"], gaz.institutions, strict=True)
                               for e in r.get("en_aliases", ())], re.I),
        initiative=NameTable([(e, (r["name"], r.get("proposer"))) for r in gaz_raw["initiatives"]
                              for e in r.get("en_aliases", ())], re.I),
        person=NameTable(people),
        title=NameTable(list(people_raw.get("titles_en", {}).items()), re.I),
    )


def _raw(name: str) -> dict:
    with resources.files("scotrack").joinpath(f"data/{name}").open("r", encoding="utf-8") as f:
        return json.load(f)


def find_dates(s: str, default_year: int | None) -> list[tuple[str, str, bool]]:
    """(start, end, year written) of the English dates in ``s``; a missing year is
    ``default_year``; impossible dates are skipped."""
    out = []
    for m in DATE_EN.finditer(s):
        if m.group("mm"):
            mo, d, y = _month(m.group("mm")), int(m.group("dd")), m.group("yy")
            mo2, d2 = mo, d
        else:
            mo, d, y = _month(m.group("m")), int(m.group("d")), m.group("y")
            mo2 = _month(m.group("m2")) if m.group("m2") else mo
            d2 = int(m.group("d2")) if m.group("d2") else d
        year = int(y) if y else default_year
        if year is None or not (1 <= d <= 31 and 1 <= d2 <= 31):
            continue
        out.append((f"{year:04d}-{mo:02d}-{d:02d}", f"{year:04d}-{mo2:02d}-{d2:02d}", bool(y)))
    return out


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    return next(i for i, name in enumerate(MONTHS, 1) if name.startswith(w[:3]))


def place_time(s: str, default_year: int | None, ref: Reference) -> PlaceTime:
    """Years, dates, cities and countries an English sentence names."""
    nm = names()
    s = ORG_FULL_EN.sub(lambda m: " " * len(m.group()), s)  # Shanghai in the organisation's name is no venue
    dates = [(a, b) for a, b, _ in find_dates(s, default_year)]
    years = [int(y) for y in YEAR_EN.findall(s)]
    years += [int(a[:4]) for a, _ in dates if int(a[:4]) not in years]
    cities: list[str] = []
    for _, city in nm.city.finditer(s):
        c = ref.canonical_city(city)
        if c and c not in cities:
            cities.append(c)
    countries: list[str] = []
    for _, c in nm.country.finditer(s):
        if c not in countries:
            countries.append(c)
    return PlaceTime(years, dates, cities, countries)
