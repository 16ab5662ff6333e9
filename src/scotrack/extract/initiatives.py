"""Extraction of named initiatives (…倡议) and who proposed them.

A named initiative is a proper noun ending in 倡议:

- one the gazetteer knows (全球发展倡议, 全球治理倡议, “一带一路”倡议…);
- a 全球…倡议 with its own modifier (全球数据安全倡议) — not 全球倡议 alone
  (四大全球倡议 is a count of them);
- a title in 《》 that ends in 倡议 (《关于…的倡议》);
- a quoted name followed by 倡议 (“X”倡议);
- a name introduced as someone's proposal (…提出的大欧亚伙伴关系倡议).

倡议 as a verb (中国倡议成立…) or as the noun of a proposal for a body
(成立开发银行倡议: that is the bank's *proposed* status) is none of these, and
a project named without 倡议 (共建“一带一路”) is not an initiative either.

The proposer is the leader the sentence names before a proposing verb
(习近平主席郑重提出…, …相继提出A、B和C), else the gazetteer's proposer (a
general fact), else the state the sentence names (中方提出… → 中国).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .base import Context, Found, View, canonical_org, norm_key, to_simplified
from .institutions_lexicon import CJK, Gazetteer, Squeezed, alternation, load, sentence_bounds

NAME = "rules.initiatives.v1"
TYPE = "initiatives"

# Longest own modifier of a 全球…倡议 (全球人工智能治理 is 6) plus slack.
MAX_GLOBAL_MOD = 10
# Longest quoted name before 倡议 and longest bracketed title (chosen from
# SCO declarations' titles; longer spans are quotations, not names).
MAX_QUOTED = 16
MAX_TITLE = 60
# How far back in the sentence a proposer may stand before its verb.
PROPOSER_WINDOW = 60

_STOP = "的了和与及、在是将为等并对向由从把被同也都已这那该此其之"
_PROPOSE_VERB = re.compile(r"(?:郑重|相继|先后|首次|正式|适时|共同)?(?:提出|发起|倡导|宣布)")
_GENERIC = re.compile(
    rf"全球(?P<mod>(?:(?![{_STOP}倡])[{CJK}]){{2,{MAX_GLOBAL_MOD}}}?)倡议")
# An initiative introduced as someone's: …提出的大欧亚伙伴关系倡议. Its modifier
# must name something, not count or describe (一系列倡议, 成立开发银行倡议).
_INTRODUCED = re.compile(
    rf"(?:提出|发起|倡导)的[“\"]?(?P<name>(?:(?![{_STOP}倡])[{CJK}]){{2,{MAX_GLOBAL_MOD + 4}}}?[”\"]?倡议)")
_NOT_A_NAME = re.compile(r"^(?:一系列|系列|多项|各项|这些|相关|重要|合作|新|上述|有关|多个|一些|若干)|"
                         r"成立|设立|建立|组建|加入")
_TITLE = re.compile(rf"《(?P<title>[^《》\n]{{2,{MAX_TITLE}}}?倡议)》")
_QUOTED = re.compile(rf"[“\"「『](?P<q>[^“”\"「」『』\n]{{2,{MAX_QUOTED}}})[”\"」』]\s*倡议")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Known initiative names, leaders, and states (compiled once)."""
    from ..reference import load as load_reference

    gaz = load()
    forms = {f for ini in gaz.initiatives for f in (ini.name, *ini.aliases)}
    known = re.compile(alternation(forms))
    leaders = re.compile(alternation({n for names in gaz.leaders.values() for n in names}))
    states = re.compile(alternation(set(load_reference().all_country_names()) | set(_STATE_SIDE)))
    return known, leaders, states


# "X方" as a sentence's actor: the state it stands for.
_STATE_SIDE = {"中方": "中国", "俄方": "俄罗斯", "哈方": "哈萨克斯坦", "吉方": "吉尔吉斯斯坦", "塔方": "塔吉克斯坦",
               "乌方": "乌兹别克斯坦", "印方": "印度", "巴方": "巴基斯坦", "伊方": "伊朗", "白方": "白俄罗斯"}


def _state(name: str) -> str:
    from ..reference import load as load_reference

    return _STATE_SIDE.get(name) or load_reference().canonical_country(name) or name


def extract(view: View, ctx: Context) -> list[Found]:
    """Grounded initiative mentions of one document."""
    if ctx.language == "en":
        return []
    sq = Squeezed(view.s)
    s = sq.s
    gaz = load()
    spans = _find(s)
    if not spans:
        return []
    sents = sentence_bounds(s)
    out: list[Found] = []
    for start, end, name in spans:
        sent_start = next((a for a, b in sents if a <= start < b), 0)
        proposer = _proposer(s, sent_start, start, gaz, name)
        attrs = {"name": name, "proposer": proposer}
        a, b = sq.to_view(start, end)
        out.append(view.found(TYPE, norm_key(name), attrs, a, b, {}, NAME))
    return out


def _find(s: str) -> list[tuple[int, int, str]]:
    """``(start, end, canonical name)`` of each named initiative in ``s``."""
    known, _, _ = _patterns()
    cands: list[tuple[int, int, str]] = []
    for m in known.finditer(s):
        cands.append((m.start(), m.end(), m.group()))
    for m in _GENERIC.finditer(s):
        cands.append((m.start(), m.end(), m.group()))
    for m in _INTRODUCED.finditer(s):
        if not _NOT_A_NAME.search(m.group("name")):
            cands.append((m.start("name"), m.end("name"), m.group("name")))
    for m in _TITLE.finditer(s):
        cands.append((m.start(), m.end(), m.group("title")))
    for m in _QUOTED.finditer(s):
        cands.append((m.start(), m.end(), m.group("q") + "倡议"))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort()
    return [(a, b, _canonical(name)) for a, b, name in taken]


def _canonical(name: str) -> str:
    """Simplified, no quotes/brackets, the organisation spelled out; a known
    initiative's own name."""
    name = canonical_org(re.sub(r"[《》“”\"「」『』\s]", "", to_simplified(name)))
    ini = load().initiative(name)
    return ini.name if ini else name


def _proposer(s: str, sent_start: int, at: int, gaz: Gazetteer, name: str) -> str | None:
    """Who the sentence says proposed the initiative at ``at``, else who the
    gazetteer says did, else the state the sentence credits."""
    _, leaders, states = _patterns()
    lo = max(sent_start, at - PROPOSER_WINDOW)
    verb = None
    for verb in _PROPOSE_VERB.finditer(s, lo, at):
        pass
    if verb is not None:
        who = None
        for who in leaders.finditer(s, lo, verb.start()):
            pass
        if who is not None:
            return who.group()
    ini = gaz.initiative(name)
    if ini is not None and ini.proposer:
        return ini.proposer
    if verb is not None:
        state = None
        for state in states.finditer(s, lo, verb.start()):
            pass
        if state is not None:
            return _state(state.group())
    return None
