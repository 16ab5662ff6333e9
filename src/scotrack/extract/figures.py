"""Extraction of figures: headline counts and what they count.

Patterns, on the folded view (Simplified, half-width digits):

- a count with a measure word and the noun it counts: 24份成果文件,
  6个务实合作平台, 180多个国家和地区, 八大成果 (N大X), 10个成员国;
- a total under a heading or after a list title: "…工作成果清单 (共313项)",
  "主席国主要活动 共110项", "(一) 峰会成果文件⏎共24份" — what it counts is the
  title's head noun phrase;
- the organisation's membership written compactly: 上合十国 → 10 成员国;
- "N个X组成的Y": the count is the size of Y (26个国家组成的"上合组织大家庭");
- "第N次承办/主办/举办…": the number of times a state has hosted;
- a count without its noun in a change of size (成员国由6个增加为8个, 本组织成员国
  增至10个, …后增加到8个): the noun is the one counted earlier in the sentence,
  else the clause's subject before 由/从 or the verb of change (成员国数量 →
  成员国) — a verb is never what a figure is about;
- sums of money in 亿/万亿 (提供100亿元人民币贷款, 投资存量已超过400亿美元): the
  noun after the amount, else the subject the amount is predicated of, with
  the currency in parentheses (贷款(亿元人民币)).

Not figures: years, dates, ages, anniversaries and durations (no measure word
follows them here, or a time noun does: 3个月), ordinals (第N个), bare "N国"
(中、俄…5国 restates an enumeration of states), 一/两 written in words (一个,
两国 are articles and pairs, not counts), counts that point back to what was
just listed (这五大理念) or that count parts of a discourse (四个维度, 三个方面),
and "在N个国家" qualifying another count in the same clause (在23个国家建成25个工坊
is one headline figure, 25 workshops).

The noun phrase after a measure word is cut with the part-of-speech segmenter
on a short window (nouns and their modifiers, up to the first verb, particle or
punctuation). Figures with the same value in one document where one's noun
contains the other's (6大行动计划 / 6项高质量发展行动计划) are one record, under
the longer noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .base import CN_DIGITS, Context, Found, View, norm_key, to_int

NAME = "rules.figures.v1"

HAN = r"\u4e00-\u9fff"
# Measure words that count things worth a headline: items, documents, units,
# states' leaders, institutions, kinds. 条 (roads, articles), 场 (sessions),
# 批 (batches), 届/次 (ordinal-like) are left out: in SCO texts they count
# side events and routes, not outcomes.
# 场 counts only meetings and events (100多场会议和活动), see EVENT_NOUNS.
UNITS = "个项份名家位座所种件类大场"
_NUM = rf"(?:\d+|[{CN_DIGITS}]+)"
COUNT = re.compile(
    rf"(?<![\d.第每前近约\-—])(?<![{CN_DIGITS}])(?P<num>{_NUM})\s*(?P<approx>多|余)?\s*(?P<unit>[{UNITS}])"
    rf"(?P<rest>[“「\"]?[{HAN}A-Za-z])")
TOTAL = re.compile(rf"[(（]?共(?:计|有)?\s*(?P<num>{_NUM})\s*(?P<approx>多|余)?\s*(?P<unit>[{UNITS}])(?=\s*[)）]?\s*(?:$|\n|[，,。；;]))")
MEMBERS = re.compile(rf"上合(?:组织)?(?P<num>[{CN_DIGITS}]+|\d+)国")
HOSTED = re.compile(rf"第(?P<num>{_NUM})次(?P<verb>承办|主办|举办)(?P<obj>[{HAN}]{{2,12}})")
COMPOSED = re.compile(r"^[\u4e00-\u9fff]{1,6}组成的[“「\"]?(?P<whole>[\u4e00-\u9fff]{2,12})")

# What 场 may count: sessions of meetings and events, not 场所/场合/场景.
EVENT_NOUNS = re.compile(r"^(?:会议|活动|论坛|会谈|会晤|研讨会|展览|对话|演出|比赛|培训|交流)")
# Verbs of a change in size, after which a count stands without its noun
# (增加为8个, 增至9个, 就是9个了); "由/从 N个" before one of them is the old size.
CHANGE = r"(?:增加到|增加至|增加为|增至|增为|增长到|增长至|扩大到|扩大至|扩大为|扩展到|扩展至|扩展为|发展到|发展至|发展为|达到|升至|变为|变成|就是|将是|减少到|减至)"
CHANGE_START = re.compile(r"^(?:增加|增至|增为|增长|扩大|扩展|发展|升至|变为|变成|减少|减至)")
ELLIPTIC = re.compile(
    rf"(?:(?P<src>由|从)(?:最初的?|原来的?|原有的?|此前的?|成立时的?)?|(?P<chg>{CHANGE}))"
    rf"(?P<num>{_NUM})\s*(?P<approx>多|余)?\s*(?P<unit>[个家项名])"
    rf"(?=了|[，,。；;、)）!！?？\s]|$|{CHANGE})")
# Words naming the size of a set rather than the set (成员国数量 → 成员国),
# and the organisation itself before its members (本组织成员国 → 成员国).
SIZE_WORDS = re.compile(r"(?:的)?(?:数量|总数|数目|规模|总量|数)$")
ORG_LEAD = re.compile(r"^(?:上海合作组织|上合组织|本组织|该组织|组织|上合)")
# Sums of money: a number, 亿/万亿 and a currency (sums below 亿 are rarely
# headline figures in SCO texts). The currency is normalised so the same sum
# keys alike: 元/人民币 → 元人民币.
MONEY = re.compile(
    rf"(?<![\d.])(?P<num>\d+(?:\.\d+)?|[{CN_DIGITS}]+)\s*(?P<approx>多|余)?\s*(?P<mag>万亿|亿)"
    r"(?P<cur>元人民币|人民币|元|美元|欧元|卢布)")
CURRENCY = {"元人民币": "元人民币", "人民币": "元人民币", "元": "元人民币", "美元": "美元",
            "欧元": "欧元", "卢布": "卢布"}
# Verbs and adverbs between a subject and the amount predicated of it
# (投资存量已超过400亿美元, 贸易额达到…).
MONEY_PRED = re.compile(r"(?:已经|已|累计|共计|总计|将|约|近|逾|)(?:超过|突破|达到|达|约为|为|增至|增长到|升至|逾|近|约)?$")
# Tags that may not open a counted noun phrase: a particle (了), a
# preposition or conjunction (由, 和) — the count has no noun after it; nor
# may a verb of change (6个增加为…). Other verbs stay: the segmenter tags
# modifiers such as 联合 (联合实验室) as verbs.
NOT_NOUN_START = ("ul", "uj", "uz", "ug", "y", "p", "c", "u")
# Chinese-written values that are articles or pairs (一个新平台, 两国), not counts.
ARTICLE_VALUES = {"一", "两", "二"}
# Nouns after 个 that make a duration or a share, not a count.
TIME_NOUNS = re.compile(r"^(?:月|年|小时|星期|世纪|季度|周|工作日|百分点|多月|半月)")
# "大" as a measure word only before a noun, not in 大会/大学/大国/大使…
BIG_NOT = re.compile(r"^(?:会|学|使|厦|道|型|量|力|规模|幅|批|约|概|小|家|洲|国|多|致|体|部分)")
# Discourse-structure nouns: "四个维度", "三个方面" count parts of an argument.
ABSTRACT = {"方面", "维度", "层面", "领域", "原则", "理念", "角度", "环节", "问题", "特点", "优势",
            "重点", "步骤", "阶段", "意义", "要点", "支柱", "关键", "坚持", "必须", "统筹",
            # headline hooks of a commentary: 三大信号, 五大看点
            "信号", "看点", "亮点", "关键词", "启示", "热点", "焦点", "特征", "趋势", "变化"}
# Words that point back at something just listed: 这五大理念, 上述三项.
ANAPHORA = re.compile(r"(?:这|这些|上述|以上|其|该|此)$")
# Heads that describe people of the counted states (4个观察员国领导人 counts
# states); dropped only when what is left names states (…国).
PEOPLE_TAIL = re.compile(r"(?:领导人|元首|代表|代表团|首脑|外长|外交部长|部长|总理|总统|议长)$")
# Part-of-speech tags kept inside a counted noun phrase: nouns, names,
# verbal nouns, abbreviations/idioms, distinguishing words, adjectives and
# adverbs that modify (务实合作平台, 共同家园); the phrase ends at the last noun.
NOUNISH = ("n", "nr", "ns", "nt", "nz", "ng", "vn", "j", "l", "an", "i")
MODIFIER = ("a", "ad", "b", "d")
CONJ = {"和", "与", "及"}
# Longest noun phrase taken after a measure word, and the longest head of a
# heading title (scorer and readers want a short phrase: 成果清单, 安全中心).
NOUN_MAX = 10
HEAD_MAX = 8
# A line above "共N份" longer than this is a paragraph, not the heading it totals.
TITLE_LINE_MAX = 40
# How far a clause or sentence is looked for around a count (characters).
LOOK_BACK = 300
# A heading title this short is taken whole (主席国主要活动).
TITLE_WHOLE_MAX = 10
_NUMBERING = re.compile(r"^[\s\-–—•●·*]*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.])?\s*")
_QUOTES = re.compile(r"[“”「」\"《》]")


@lru_cache(maxsize=1)
def _pos() -> Any:
    from ..lexicon import pos_tokenizer

    return pos_tokenizer()


_NON_WORD = re.compile(rf"[^{HAN}A-Za-z]")


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((w, f) for w, f in _pos().cut(text, HMM=False))


def noun_after(text: str) -> str:
    """The noun phrase a measure word counts, from the text right after it."""
    window = _QUOTES.sub("", text[:NOUN_MAX + 6])
    # jieba splits at any non-Chinese character anyway: cutting the window
    # there changes no word before it and lets the segmentation cache hit.
    cut = _NON_WORD.search(window)
    words = _words(window[:cut.start()] if cut else window)
    out: list[tuple[str, str]] = []
    for i, (w, f) in enumerate(words):
        if not re.fullmatch(rf"[{HAN}A-Za-z]+", w):
            break
        first = not out
        if first and (f in NOT_NOUN_START or CHANGE_START.match(w) or re.match(CHANGE, w)):
            return ""  # 6个增加为…, 9个了: no noun follows the measure word
        if first or f.startswith(NOUNISH) or f in MODIFIER:
            out.append((w, f))
        elif w in CONJ and i + 1 < len(words) and words[i + 1][1].startswith(NOUNISH + MODIFIER):
            out.append((w, f))
        else:
            break
        if sum(len(x) for x, _ in out) >= NOUN_MAX:
            break
    while len(out) > 1 and not out[-1][1].startswith(NOUNISH):
        out.pop()
    return "".join(w for w, _ in out)[:NOUN_MAX]


def head_of(title: str) -> str:
    """A short head noun phrase of a heading title: the whole title when short,
    else its last words up to HEAD_MAX characters (…轮值主席国工作成果清单 → 工作成果清单)."""
    title = _QUOTES.sub("", _NUMBERING.sub("", title)).strip(" ：:　")
    if len(title) <= TITLE_WHOLE_MAX:
        return title
    words = _words(title)
    out: list[str] = []
    for w, f in reversed(words):
        if not re.fullmatch(rf"[{HAN}]+", w) or sum(map(len, out)) + len(w) > HEAD_MAX:
            break
        out.insert(0, w)
    while out and _words(out[0])[0][1] in ("uj", "p", "f", "c", "ul"):
        out.pop(0)
    return "".join(out)


@dataclass(slots=True)
class _Fig:
    start: int
    end: int
    value: int
    unit: str
    about: str


def _value(num: str) -> int | None:
    if num in ARTICLE_VALUES:
        return None
    return to_int(num)


def _line_bounds(s: str, at: int) -> tuple[int, int]:
    a = s.rfind("\n", 0, at) + 1
    b = s.find("\n", at)
    return a, len(s) if b < 0 else b


def _prev_line(s: str, line_start: int) -> str:
    i = line_start - 1
    while i > 0:
        a = s.rfind("\n", 0, i) + 1
        line = s[a:i].strip()
        if line:
            return line
        i = a - 1
    return ""


def _clause(s: str, at: int) -> tuple[int, int]:
    stops = "，,。；;！？!?\n"
    lo, hi = max(0, at - LOOK_BACK), at + LOOK_BACK
    a = max(max(s.rfind(c, lo, at) for c in stops) + 1, lo)
    ends = [i for i in (s.find(c, at, hi) for c in stops) if i >= 0]
    return a, min(ends) if ends else min(hi, len(s))


def _enrich(s: str, at: int, noun: str) -> str:
    """A short noun named in full earlier in the sentence: 25个工坊 after
    "首个鲁班工坊" counts 鲁班工坊."""
    if len(noun) > 2:
        return noun
    lo = max(0, at - LOOK_BACK)
    sent_start = max(max(s.rfind(c, lo, at) for c in "。！？!?\n") + 1, lo)
    m = re.search(rf"(?:^|(?<=[个的在,，、“「\s]))([{HAN}]{{2}}){re.escape(noun)}", s[sent_start:at])
    if m and not re.search(r"[个的了在和与及是为年月日首其这该各]", m.group(1)):
        return m.group(1) + noun
    return noun


def _span_end(s: str, at: int, n: int) -> int:
    """View offset after ``n`` non-quote characters from ``at`` (the noun as written)."""
    i = at
    while i < len(s) and n > 0:
        if not _QUOTES.match(s[i]):
            n -= 1
        i += 1
    return i


def _counts(s: str) -> list[_Fig]:
    out: list[_Fig] = []
    for m in COUNT.finditer(s):
        value = _value(m.group("num"))
        if value is None or value <= 0:
            continue
        unit, rest_at = m.group("unit"), m.start("rest")
        rest = s[rest_at:rest_at + NOUN_MAX + 8]
        if unit == "个" and TIME_NOUNS.match(rest) or unit == "大" and BIG_NOT.match(rest):
            continue
        if unit == "场" and not EVENT_NOUNS.match(rest):
            continue
        if rest[:1] in CN_DIGITS or ANAPHORA.search(s[max(0, m.start() - 2):m.start()]):
            continue
        composed = COMPOSED.match(rest)
        noun = noun_after(rest)
        if not noun or noun in ABSTRACT:
            continue
        if PEOPLE_TAIL.search(noun) and PEOPLE_TAIL.sub("", noun).endswith("国"):
            noun = PEOPLE_TAIL.sub("", noun)
        a, b = _clause(s, m.start())
        if s[max(a, m.start() - 1):m.start()] == "在" and COUNT.search(s, m.end(), b):
            continue  # "在23个国家建成25个工坊": a qualifier of the next count
        about = composed.group("whole") if composed else _enrich(s, m.start(), noun)
        end = _span_end(s, rest_at, len(noun))
        out.append(_Fig(m.start(), end, value, unit, about))
    for m in TOTAL.finditer(s):
        value = _value(m.group("num"))
        if value is None:
            continue
        a, _ = _line_bounds(s, m.start())
        title = re.split(r"[。！？!?；;，,]", s[a:m.start()])[-1].strip()
        if not re.search(rf"[{HAN}]", title):
            title = _prev_line(s, a)
            if len(title) > TITLE_LINE_MAX or re.search(r"[。！？!?]", title):
                continue  # the line above is body text, not a heading
        about = head_of(title) if title else ""
        if about:
            out.append(_Fig(m.start(), m.end(), value, m.group("unit"), about))
    out += _elliptic(s, out)
    out += _money(s)
    for m in MEMBERS.finditer(s):
        value = _value(m.group("num"))
        if value:
            out.append(_Fig(m.start(), m.end(), value, "国", "成员国"))
    for m in HOSTED.finditer(s):
        value = _value(m.group("num"))
        if value:
            obj = re.sub(r"[\[(（].*$", "", m.group("obj"))
            out.append(_Fig(m.start(), m.end(), value, "次", f"{m.group('verb')}{obj}次数"))
    return out


def _sentence_start(s: str, at: int) -> int:
    lo = max(0, at - LOOK_BACK)
    return max(max(s.rfind(c, lo, at) for c in "。！？!?\n") + 1, lo)


def _trailing_noun(text: str) -> str:
    """The noun phrase that ends ``text`` (the subject before a verb): nouns
    and their modifiers read backwards, up to NOUN_MAX characters."""
    words = _words(text[-(NOUN_MAX + 6):])
    out: list[tuple[str, str]] = []
    before = ""  # tag of the word before the phrase
    for w, f in reversed(words):
        if not re.fullmatch(rf"[{HAN}]+", w) or not (f.startswith(NOUNISH) or f in MODIFIER):
            before = f
            break
        if sum(len(x) for x, _ in out) + len(w) > NOUN_MAX:
            break
        out.insert(0, (w, f))
    if out and len(out[0][0]) == 1 and before in ("m", "r", "q"):
        out.pop(0)  # 两|国|贸易额: a character that belongs with the numeral
    while out and not out[0][1].startswith(NOUNISH):
        out.pop(0)  # a phrase starts with a noun or an adjective, not an adverb
    return "".join(w for w, _ in out)


def _subject(s: str, clause_start: int, at: int) -> str:
    """The counted noun named as the clause's subject before a count without
    its noun: the text before 由/从 or before the verb of change, cut to its
    final noun phrase, without size words or the organisation's own name."""
    head = s[clause_start:at]
    m = re.search(rf"由|从|{CHANGE}|{CHANGE_START.pattern[1:]}", head)
    if m:
        head = head[:m.start()]
    head = re.sub(r"(?:已经|已|将|又|再|就|也|则|目前|现在|至此)+$", "", head)
    noun = SIZE_WORDS.sub("", _trailing_noun(head))
    noun = ORG_LEAD.sub("", noun) or noun
    return noun if len(noun) >= 2 else ""


def _elliptic(s: str, found: list[_Fig]) -> list[_Fig]:
    """Counts that leave their noun to the context (成员国由6个增加为8个,
    …后增加到8个, 就是9个了)."""
    out: list[_Fig] = []
    for m in ELLIPTIC.finditer(s):
        if m.group("src") and not CHANGE_START.match(s[m.end():m.end() + 2]):
            continue  # 由6个国家组成: a count with its noun, or no change of size
        value = _value(m.group("num"))
        if value is None or value <= 0:
            continue
        at = m.start("num")
        sent = _sentence_start(s, at)
        earlier = [f for f in found + out if sent <= f.start < at and f.unit == m.group("unit")]
        if earlier:
            about = earlier[-1].about
        else:
            about = _subject(s, _clause(s, at)[0], m.start())
        if about and about not in ABSTRACT:
            out.append(_Fig(at, m.end(), value, m.group("unit"), about))
    return out


def _money(s: str) -> list[_Fig]:
    """Sums of money in 亿: what they measure is the noun right after the sum
    (100亿元贷款) or the subject the sum is predicated of (存量已超过400亿美元)."""
    out: list[_Fig] = []
    for m in MONEY.finditer(s):
        num = m.group("num")
        value: float | int | None = float(num) if "." in num else _value(num)
        if not value:
            continue
        rest = s[m.end():m.end() + NOUN_MAX + 8]
        noun = noun_after(rest[1:] if rest.startswith("的") else rest)
        if noun in ABSTRACT:
            noun = ""
        if not noun and (not rest or rest[0] in "，,。；;!！?？)）\n"):
            a, _ = _clause(s, m.start())
            head = MONEY_PRED.sub("", s[a:m.start()])
            noun = _trailing_noun(head)
        if len(noun) < 2:
            continue
        unit = m.group("mag") + CURRENCY[m.group("cur")]
        end = m.end() if s[m.end():m.end() + len(noun)] != noun else m.end() + len(noun)
        out.append(_Fig(m.start(), end, value, unit, f"{noun}({unit})"))
    return out


def _merge_keys(figs: list[_Fig]) -> dict[int, str]:
    """Per figure index, the 'about' to key it by: a shorter noun contained in a
    longer one with the same value in this document takes the longer."""
    keys: dict[int, str] = {}
    for i, f in enumerate(figs):
        best = f.about
        for g in figs:
            if g.value == f.value and len(g.about) > len(best) and norm_key(best) in norm_key(g.about):
                best = g.about
        keys[i] = best
    return keys


def extract(view: View, ctx: Context) -> list[Found]:
    """Headline counts of one document (nothing for English-only texts)."""
    if ctx.language == "en":
        return []
    figs = sorted(_counts(view.s), key=lambda f: f.start)
    keys = _merge_keys(figs)
    out: list[Found] = []
    for i, f in enumerate(figs):
        about = keys[i]
        attrs = {"value": f.value, "unit": f.unit, "about": about}
        out.append(view.found("figures", f"{f.value}|{norm_key(about)}", attrs, f.start, f.end))
    return out
