"""Deterministic generator of a synthetic SCO corpus for the ingest benchmark.

``generate(out_dir, docs, seed)`` writes ``docs`` files plus a
``manifest.jsonl`` and returns a catalogue of what it wrote;
``iter_generate`` does the same one file at a time, keeping nothing, so the
command line (which only counts, :class:`Tally`) writes 100,000 files in
the memory of one. The same ``(docs, seed)`` always gives byte-identical
files. Documents come in six kinds, laid out by a fixed 20-slot pattern so
every kind appears in any corpus of 20 files or more:

* ``portal``  — flattened Chinese portal page (UTF-8 .txt): navigation,
  share bar, article, editor line, "related" links, disclaimer, footer; the
  article carries planted defects: an exact repeated paragraph, a
  near-repeat with a prefix word, a one-character variant and a line break
  inside a word;
* ``html``    — small UTF-8 HTML page with nav/aside/footer around an ``<article>``;
* ``hant``    — Traditional-script repost (UTF-8), often of an earlier portal story;
* ``en``      — English wire-style report (UTF-8);
* ``gb18030`` — portal page encoded in GB18030, half with CRLF line ends;
* ``big5``    — Traditional repost encoded in Big5.

Run ``python benchmarks/synth.py --docs 100 --seed 1 --out DIR``: it prints
one JSON line (counts, chars, seconds, peak RSS of the generator).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_text as T  # noqa: E402  (sibling module; benchmarks/ is not a package)

KINDS: tuple[str, ...] = ("portal", "html", "hant", "en", "gb18030", "big5")
# 20 slots: 35% portal, 15% html, 15% hant, 25% en, 5% gb18030, 5% big5.
LAYOUT: tuple[str, ...] = (
    "portal", "en", "html", "portal", "hant", "en", "portal", "gb18030", "html", "en",
    "portal", "hant", "portal", "en", "big5", "html", "portal", "hant", "en", "portal",
)
ENCODING = {"portal": "utf-8", "html": "utf-8", "hant": "utf-8", "en": "utf-8",
            "gb18030": "gb18030", "big5": "big5"}
EXTENSION = {"html": "html"}  # everything else is .txt
MANIFEST_SHARE = 0.4  # part of the files get a manifest line with url + published
ZH_NUMERALS = "零一二三四五六七八九"


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    """One file the generator wrote, as the test and the benchmark see it."""

    name: str
    kind: str
    encoding: str
    chars: int  # characters of the text before encoding
    bytes: int
    in_manifest: bool
    planted: dict[str, int] = field(default_factory=dict)  # defect kind -> count


@dataclass(slots=True)
class Tally:
    """``Corpus.summary()`` counted on the fly, for corpora too large to list."""

    docs: int = 0
    chars: int = 0
    bytes: int = 0
    manifest_lines: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    encodings: Counter[str] = field(default_factory=Counter)
    planted: Counter[str] = field(default_factory=Counter)

    def add(self, f: GeneratedFile) -> None:
        self.docs += 1
        self.chars += f.chars
        self.bytes += f.bytes
        self.manifest_lines += f.in_manifest
        self.kinds[f.kind] += 1
        self.encodings[f.encoding] += 1
        self.planted.update(f.planted)

    def summary(self) -> dict[str, Any]:
        return {"docs": self.docs, "chars": self.chars, "bytes": self.bytes,
                "manifest_lines": self.manifest_lines, "kinds": dict(self.kinds),
                "encodings": dict(self.encodings), "planted": dict(self.planted)}


@dataclass(slots=True)
class Corpus:
    """What ``generate`` wrote into ``root``."""

    root: Path
    files: list[GeneratedFile]
    manifest_lines: int

    @property
    def chars(self) -> int:
        return sum(f.chars for f in self.files)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    def summary(self) -> dict[str, Any]:
        """Counts by kind, encoding and planted defect, as plain JSON data."""
        tally = Tally()
        for f in self.files:
            tally.add(f)
        return tally.summary()


@dataclass(frozen=True, slots=True)
class Story:
    """The facts that keep one document coherent: where, when, which body."""

    city: tuple[str, str]
    body: tuple[str, str, str]
    ordinal: int
    year: int
    month: int
    day: int
    host: tuple[str, str]
    next_host: tuple[str, str]
    next_city: tuple[str, str]
    inst: tuple[str, str]
    agency: str


def doc_rng(seed: int, index: int, part: str) -> random.Random:
    """An independent, reproducible stream for one part of one document."""
    return random.Random(f"scotrack-synth:{seed}:{index}:{part}")


def zh_number(n: int) -> str:
    """1..99 in Chinese numerals (二十五, 十一, 九)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return ZH_NUMERALS[ones]
    head = "" if tens == 1 else ZH_NUMERALS[tens]
    return head + "十" + (ZH_NUMERALS[ones] if ones else "")


def en_ordinal(n: int) -> str:
    """``first`` .. ``tenth``, then ``11th``, ``22nd`` ..."""
    if n <= len(T.EN_ORDINALS):
        return T.EN_ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def make_story(seed: int, index: int) -> Story:
    """The story of document ``index``; a repost rebuilds it from the same pair."""
    rng = doc_rng(seed, index, "story")
    year = rng.choice(range(2001, 2027)) if rng.random() < 0.4 else rng.choice(range(2017, 2027))
    body = rng.choice(T.BODIES)
    if body is T.BODIES[0]:
        ordinal = year - 2000
    elif body is T.BODIES[1]:
        ordinal = max(1, year - 2001)
    else:
        ordinal = rng.randint(1, year - 2000)
    host, next_host = rng.sample(T.MEMBERS, 2)
    return Story(city=rng.choice(T.CITIES), body=body, ordinal=ordinal, year=year,
                 month=rng.randint(1, 12), day=rng.randint(1, 28), host=host,
                 next_host=next_host, next_city=rng.choice(T.CITIES), inst=rng.choice(T.INSTITUTIONS),
                 agency=rng.choice(T.AGENCIES_ZH))


class Slots(dict[str, str]):
    """Template slot values, made on first use and fixed within one sentence."""

    def __init__(self, rng: random.Random, story: Story) -> None:
        super().__init__()
        self.rng = rng
        self.s = story

    def __missing__(self, key: str) -> str:
        value = self._make(key)
        self[key] = value
        return value

    def _make(self, key: str) -> str:  # noqa: C901, PLR0911, PLR0912 — one flat lookup table
        rng, s = self.rng, self.s
        if key in STORY_SLOTS:
            return STORY_SLOTS[key](s)
        if key.startswith("area"):
            picks = rng.sample(T.AREAS, 3)
            for i, (zh, en) in enumerate(picks):
                n = "" if i == 0 else str(i + 1)
                self[f"area{n}"], self[f"area{n}_en"] = zh, en
            return self[key]
        if key in ("member", "member_en", "member2", "member2_en", "member_adj"):
            (a, a_en), (b, b_en) = rng.sample(T.MEMBERS, 2)
            self.update(member=a, member_en=a_en, member2=b, member2_en=b_en, member_adj=T.EN_ADJ[a_en])
            return self[key]
        if key in ("inst", "inst_en", "inst_status", "inst_status_en", "stage"):
            zh, en = s.inst if rng.random() < 0.6 else rng.choice(T.INSTITUTIONS)
            st_zh, st_en, stage = rng.choice(T.INST_STATUS)
            self.update(inst=zh, inst_en=en, inst_status=st_zh.format(inst=zh),
                        inst_status_en=st_en.format(inst=en), stage=stage)
            return self[key]
        if key in ("topic", "topic_en"):
            self["topic"], self["topic_en"] = rng.choice(T.DOC_TOPICS)
            return self[key]
        if key in ("start", "end"):
            start = s.year + rng.randint(0, 2)
            self.update(start=str(start), end=str(start + rng.choice((2, 3, 4, 5, 9))))
            return self[key]
        if key in CHOICE_SLOTS:
            return rng.choice(CHOICE_SLOTS[key])
        if key == "actor":
            return rng.choice(T.ACTORS_ZH)
        if key == "person":
            if rng.random() < 0.5:
                return f"{rng.choice(T.ROLES_ZH)}{person_name(rng)}"
            return f"{rng.choice(T.MEMBERS)[0]}{rng.choice(T.ROLES_ZH)}"
        if key in ("city2", "city2_en"):
            self["city2"], self["city2_en"] = rng.choice(T.CITIES)
            return self[key]
        numbers = {"n": lambda: f"{rng.randint(12, 2400)}" if rng.random() < 0.5
                   else f"{rng.randint(12, 900)}.{rng.randint(1, 9)}",
                   "p": lambda: f"{rng.randint(1, 38)}.{rng.randint(0, 9)}",
                   "k": lambda: str(rng.randint(3, 40)), "k2": lambda: str(rng.randint(5, 160)),
                   "k_small": lambda: str(rng.randint(2, 9)), "n2": lambda: str(100 * rng.randint(3, 60)),
                   "n3": lambda: str(rng.randint(150, 3200)), "month2": lambda: str(rng.randint(1, 12)),
                   "ordinal_small": lambda: zh_number(rng.randint(1, max(1, min(s.ordinal, 6)))),
                   "year0": lambda: str(rng.randint(min(2005, s.year), s.year))}
        if key in numbers:
            return str(numbers[key]())
        raise KeyError(key)


# Slots drawn straight from one vocabulary list.
CHOICE_SLOTS: dict[str, tuple[str, ...]] = {
    "dockind": T.DOC_KINDS_ZH, "threat": T.THREATS_ZH, "project": T.PROJECTS_ZH,
    "project_en": T.EN_PROJECTS, "oppose": T.OPPOSE_ZH, "oppose_en": T.EN_OPPOSE,
    "noun": T.NOUNS_ZH, "partner": T.PARTNERS_ZH, "partner_en": T.EN_PARTNERS,
}
STORY_SLOTS: dict[str, Any] = {
    "city": lambda s: s.city[0], "city_en": lambda s: s.city[1], "CITY": lambda s: s.city[1].upper(),
    "body": lambda s: s.body[0], "body_short": lambda s: s.body[1], "body_en": lambda s: s.body[2],
    "ordinal": lambda s: zh_number(s.ordinal), "ordinal_en": lambda s: en_ordinal(s.ordinal),
    "year": lambda s: str(s.year), "year1": lambda s: str(s.year + 1), "month": lambda s: str(s.month),
    "day": lambda s: str(s.day), "Month": lambda s: T.EN_MONTHS[s.month - 1],
    "weekday": lambda s: T.WEEKDAYS[(s.year * 7 + s.month * 3 + s.day) % 7],
    "host": lambda s: s.host[0], "next_host": lambda s: s.next_host[0],
    "next_host_en": lambda s: s.next_host[1], "next_city": lambda s: s.next_city[0],
    "next_city_en": lambda s: s.next_city[1], "age": lambda s: zh_number(max(1, s.year - 2001)),
    "dateline": lambda s: (f"{s.agency}{s.city[0]}{s.month}月{s.day}日电" if s.agency != "本报"
                           else f"本报{s.city[0]}{s.month}月{s.day}日电"),
}


def person_name(rng: random.Random) -> str:
    """An invented two- or three-character Chinese name."""
    return rng.choice(T.SURNAMES) + rng.choice(T.GIVEN)[: rng.choice((1, 2))]


def fill(template: str, rng: random.Random, story: Story, **given: str) -> str:
    """``template`` with its slots filled for ``story``; ``given`` slots are fixed."""
    slots = Slots(rng, story)
    slots.update(given)
    return template.format_map(slots)


# Slots with many values: a template holding one of them may be reused in a
# document without producing a second, identical sentence.
_HIGH_ENTROPY = ("{n}", "{p}", "{k}", "{k2}", "{n2}", "{n3}", "{start}")
ZH_REUSABLE: tuple[str, ...] = tuple(t for t in T.ZH_SENTENCES if any(s in t for s in _HIGH_ENTROPY))


def zh_paragraphs(rng: random.Random, story: Story, count: int) -> list[str]:
    """``count`` Chinese paragraphs: an opener with dateline, then 2–4 sentences each.

    Every template is used once before any is reused, and only templates with
    a numeric slot are reused, so a document has no accidental repeats.
    """
    deck = rng.sample(T.ZH_SENTENCES, len(T.ZH_SENTENCES))

    def draw() -> str:
        if not deck:
            deck.extend(rng.sample(ZH_REUSABLE, len(ZH_REUSABLE)))
        return fill(deck.pop(), rng, story)

    paras = [fill(rng.choice(T.ZH_OPENERS), rng, story) + draw()]
    for _ in range(count - 1):
        paras.append("".join(draw() for _ in range(rng.randint(2, 4))))
    return paras


def en_paragraphs(rng: random.Random, story: Story, count: int, wire: str) -> list[str]:
    """Up to ``count`` English wire paragraphs of one or two sentences.

    English paragraphs are short, so a reused template would read as a
    repeat: each template is used at most once and the text ends when the
    templates run out.
    """
    deck = rng.sample(T.EN_SENTENCES, len(T.EN_SENTENCES))
    paras = [fill(rng.choice(T.EN_OPENERS), rng, story, wire=wire)]
    while deck and len(paras) < count:
        take = min(len(deck), rng.randint(1, 2))
        paras.append(" ".join(fill(deck.pop(), rng, story) for _ in range(take)))
    return paras


def plant_defects(rng: random.Random, paras: list[str]) -> tuple[list[str], dict[str, int]]:
    """Copy ``paras`` with the defects of flattened pages planted; say which.

    Each repeat is a copy of a different body paragraph placed somewhere after
    it; the broken word goes into a paragraph that is neither copied nor a
    copy, so each planted defect is one thing for the cleaner to find.
    """
    out = list(paras)
    planted: Counter[str] = Counter()
    sources = rng.sample(range(1, len(paras)), min(3, len(paras) - 1)) if len(paras) > 3 else []
    copies: list[str] = []

    def place(j: int, copy: str, kind: str) -> None:
        out.insert(rng.randint(out.index(paras[j]) + 1, len(out)), copy)
        copies.append(copy)
        planted[kind] += 1

    if sources and rng.random() < 0.5:
        place(sources[0], paras[sources[0]], "exact-repeat")
    if sources and rng.random() < 0.5:
        place(sources[1], rng.choice(T.NEAR_REPEAT_PREFIXES) + paras[sources[1]], "prefix-repeat")
    if sources and rng.random() < 0.25:
        src = paras[sources[2]]
        # An OCR-style slip on a Chinese character in the middle of the paragraph.
        pos = rng.choice([i for i in range(len(src) // 4, 3 * len(src) // 4) if "\u4e00" <= src[i] <= "\u9fff"])
        swap = {"的": "地", "在": "再", "和": "与", "了": "着", "之": "乃"}.get(src[pos], "之")
        place(sources[2], src[:pos] + swap + src[pos + 1:], "one-char-variant")
    if rng.random() < 0.6:
        touched = {paras[j] for j in sources} | set(copies)
        candidates = [(i, w) for i, p in enumerate(out) if p not in touched for w in T.BREAKABLE_WORDS if w in p]
        if candidates:
            i, word = rng.choice(candidates)
            at = out[i].index(word) + rng.randint(1, len(word) - 1)
            out[i] = out[i][:at] + "\n" + out[i][at:]
            planted["broken-word"] += 1
    return out, dict(planted)


def render_portal(rng: random.Random, seed: int, index: int) -> tuple[str, dict[str, int], str]:
    """A flattened portal page; returns (text, planted defects, url)."""
    story = make_story(seed, index)
    site, domain, province = rng.choice(T.PORTALS)
    body = zh_paragraphs(doc_rng(seed, index, "body"), story, rng.randint(14, 20))
    paras, planted = plant_defects(rng, body)
    nav = " | ".join(rng.sample(T.NAV_ITEMS_ZH, rng.randint(6, 10)))
    title, *others = rng.sample(T.ZH_HEADLINES, rng.randint(4, 6))
    head = [f"{site}首页 > {rng.choice(T.SECTIONS_ZH)} > 正文", nav,
            fill(title, rng, story),
            f"{story.year}-{story.month:02d}-{story.day:02d} {rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}"
            f"　来源：{story.agency if story.agency != '本报' else site}　作者：{person_name(rng)}",
            rng.choice(T.SHARE_BARS_ZH)]
    related = [f"· {fill(h, rng, make_story(seed, index + 7919 * k))}"
               for k, h in enumerate(others, start=1)]
    tail = [f"（责任编辑：{person_name(rng)}）", rng.choice(T.READ_MORE_ZH), *related,
            rng.choice(T.DISCLAIMERS_ZH),
            rng.choice(T.FOOTERS_ZH).format(site=site, phone=rng.randint(10_000_000, 99_999_999)),
            f"Copyright © 2008-{story.year} {site} 版权所有　{province}ICP备{rng.randint(10**7, 10**8)}号"]
    sep = rng.choice(("\n\n", "\n", "\n\n\n"))
    text = "\n".join(head) + "\n\n" + sep.join(paras) + "\n\n" + "\n".join(tail) + "\n"
    url = f"https://{domain}/{story.year}-{story.month:02d}/{story.day:02d}/content_{rng.randint(10**7, 10**8)}.htm"
    return text, planted, url


def render_html(rng: random.Random, seed: int, index: int) -> tuple[str, dict[str, int], str]:
    """A small HTML page: the story in ``<article>``, site chrome around it."""
    story = make_story(seed, index)
    site, domain, _ = rng.choice(T.PORTALS)
    paras = zh_paragraphs(doc_rng(seed, index, "body"), story, rng.randint(12, 17))
    title_template, *others = rng.sample(T.ZH_HEADLINES, rng.randint(4, 6))
    title = fill(title_template, rng, story)
    iso = f"{story.year}-{story.month:02d}-{story.day:02d}"
    url = f"https://{domain}/news/{iso.replace('-', '')}/{rng.randint(10**5, 10**6)}.html"
    e = html.escape
    nav = "".join(f'<li><a href="/{i}">{e(n)}</a></li>' for i, n in enumerate(rng.sample(T.NAV_ITEMS_ZH, 7)))
    related = "".join(f'<li><a href="/r/{k}">{e(fill(h, rng, make_story(seed, index + 7919 * k)))}</a></li>'
                      for k, h in enumerate(others, start=1))
    body = "\n".join(f"<p>{e(p)}</p>" for p in paras)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}_{e(site)}</title>
<meta property="og:title" content="{e(title)}"><meta property="og:url" content="{url}">
<meta name="publishdate" content="{iso}">
<script>window.__cfg = {{"channel": "world", "id": {index}}};</script>
<style>body {{ font-family: sans-serif; }}</style></head>
<body><header><div class="logo">{e(site)}</div><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{e(title)}</h1>
<div class="info"><time datetime="{iso}">{iso}</time> 来源：{e(story.agency)}</div>
<div class="share">{e(rng.choice(T.SHARE_BARS_ZH))}</div>
{body}
<p class="editor">责任编辑：{e(person_name(rng))}</p></article>
<aside><h3>{e(rng.choice(T.READ_MORE_ZH))}</h3><ul>{related}</ul></aside></main>
<footer><p>{e(rng.choice(T.DISCLAIMERS_ZH))}</p><p>Copyright © {story.year} {e(site)}</p></footer>
</body></html>
"""
    return page, {}, url


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    import opencc  # a scotrack dependency; imported lazily so the test can skip cleanly

    return opencc.OpenCC(config)


def render_hant(rng: random.Random, seed: int, index: int, *, big5: bool = False) -> tuple[str, dict[str, int], str]:
    """A Traditional-script repost, usually of an earlier portal story (a cross-file duplicate)."""
    source = index
    portal_slots = [k for k, kind in enumerate(LAYOUT) if kind == "portal"]
    if index >= 20 and rng.random() < 0.7:
        source = 20 * rng.randrange(index // 20) + rng.choice(portal_slots)
    story = make_story(seed, source)
    paras = zh_paragraphs(doc_rng(seed, source, "body"), story, rng.randint(14, 20))
    paras = paras[: max(6, len(paras) - rng.randint(0, 3))]  # reposts often trim the end
    site, domain = rng.choice(T.HANT_SITES)
    title, *others = rng.sample(T.ZH_HEADLINES, 4)
    head = [rng.choice(T.HANT_HEADERS).format(site=site, agency=story.agency),
            fill(title, rng, story), rng.choice(T.HANT_SHARE)]
    related = (fill(h, rng, make_story(seed, index + 7919 * k))
               for k, h in enumerate(others, start=1))
    tail = ["延伸阅读", *(f"▶ {h}" for h in related),
            rng.choice(T.HANT_TAILS)]
    simplified = "\n".join(head) + "\n\n" + "\n\n".join(paras) + "\n\n" + "\n".join(tail) + "\n"
    text = _converter("s2tw" if big5 else rng.choice(("s2hk", "s2tw"))).convert(simplified)
    planted = {"cross-file-repost": 1} if source != index else {}
    url = f"https://{domain}/article/{rng.randint(10**6, 10**7)}"
    return text, planted, url


def render_en(rng: random.Random, seed: int, index: int) -> tuple[str, dict[str, int], str]:
    """An English wire-style report with a little page furniture."""
    story = make_story(seed, index)
    wire, domain = rng.choice(T.WIRES)
    paras = en_paragraphs(doc_rng(seed, index, "body"), story, rng.randint(14, 20), wire)
    planted: dict[str, int] = {}
    if rng.random() < 0.2:  # syndication glitch: a paragraph printed twice
        j = rng.randrange(1, len(paras))
        paras.insert(rng.randint(j + 1, len(paras)), paras[j])
        planted["exact-repeat"] = 1
    above, below = rng.sample(T.EN_FURNITURE, 2)
    head = [above, fill(rng.choice(T.EN_HEADLINES), rng, story), f"By {rng.choice(T.EN_NAMES)}",
            f"{T.EN_MONTHS[story.month - 1]} {story.day}, {story.year} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} GMT",
            below]
    a, b = rng.sample(T.EN_NAMES, 2)
    tail = [f"Reporting by {a}; editing by {b}", "Related coverage",
            *(fill(h, rng, make_story(seed, index + 104729 * k))
              for k, h in enumerate(rng.sample(T.EN_HEADLINES, 3), start=1)),
            "Our newsroom follows a published code of editorial standards."]
    text = "\n".join(head) + "\n\n" + "\n\n".join(paras) + "\n\n" + "\n".join(tail) + "\n"
    words = fill(rng.choice(T.EN_HEADLINES), rng, story).lower().split()[:6]
    slug = "-".join("".join(c for c in w if c.isalnum()) for w in words)
    return text, planted, f"https://{domain}/world/{story.year}/{story.month:02d}/{slug}"


def encode_big5(text: str) -> bytes:
    """Big5 bytes for ``text``; a character Big5 lacks is dropped, as old pages did."""
    try:
        return text.encode("big5")
    except UnicodeEncodeError:
        return "".join(ch for ch in text if _in_big5(ch)).encode("big5")


@lru_cache(maxsize=4096)
def _in_big5(ch: str) -> bool:
    try:
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def render(seed: int, index: int) -> tuple[str, bytes, str, dict[str, int], str, str]:
    """Document ``index``: (kind, file bytes, encoding, planted, url, published)."""
    kind = LAYOUT[index % len(LAYOUT)]
    rng = doc_rng(seed, index, "page")
    if kind in ("portal", "gb18030"):
        text, planted, url = render_portal(rng, seed, index)
    elif kind == "html":
        text, planted, url = render_html(rng, seed, index)
    elif kind in ("hant", "big5"):
        text, planted, url = render_hant(rng, seed, index, big5=kind == "big5")
    else:
        text, planted, url = render_en(rng, seed, index)
    story = make_story(seed, index)
    published = f"{story.year}-{story.month:02d}-{story.day:02d}"
    if kind == "gb18030":
        if rng.random() < 0.5:
            text = text.replace("\n", "\r\n")
        data = text.encode("gb18030")
    elif kind == "big5":
        data = encode_big5(text)
    else:
        data = text.encode("utf-8")
    return kind, data, text, planted, url, published


def iter_generate(out_dir: Path, docs: int, seed: int = 0) -> Iterator[GeneratedFile]:
    """Write ``docs`` files and a ``manifest.jsonl`` into ``out_dir``, yielding each
    file's description as it is written.

    Nothing is kept between files (the manifest is appended line by line), so
    a corpus of 100,000 files takes the memory of one."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for i in range(docs):
            kind, data, text, planted, url, published = render(seed, i)
            name = f"{i:05d}_{kind}.{EXTENSION.get(kind, 'txt')}"
            (out_dir / name).write_bytes(data)
            listed = doc_rng(seed, i, "manifest").random() < MANIFEST_SHARE
            if listed:
                line = json.dumps({"file": name, "url": url, "published": published}, ensure_ascii=False)
                manifest.write(line + "\n")
            yield GeneratedFile(name, kind, ENCODING[kind], len(text), len(data), listed, planted)


def generate(out_dir: Path, docs: int, seed: int = 0) -> Corpus:
    """Write ``docs`` files and a ``manifest.jsonl`` into ``out_dir``; the catalogue of all of them."""
    files = list(iter_generate(out_dir, docs, seed))
    return Corpus(out_dir, files, sum(f.in_manifest for f in files))


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB (Linux reports KiB)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main(argv: list[str] | None = None) -> int:
    """CLI: generate a corpus and print one JSON line describing it."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    tally = Tally()
    for f in iter_generate(args.out, args.docs, args.seed):
        tally.add(f)
    info = tally.summary() | {"seconds": round(time.perf_counter() - started, 3), "peak_rss_kb": peak_rss_kb()}
    print(json.dumps(info, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
