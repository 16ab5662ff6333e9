"""A state called member, observer or dialogue partner against the reference.

Labels are read where a sentence ties one to named states:

- the label before a list of states: 观察员国蒙古国、阿富汗 / 成员国伊朗;
- a state and the label as its predicate: 印度是上合组织观察员国 / 蒙古国作为观察员国….

Each is judged on the time the sentence speaks of (its written years and
dates, else the document's date — :mod:`scotrack.checks_common`):

- a member state (joined on or before that time) called an observer or a
  dialogue partner → ``fact-conflict`` (India, a member since 2017-06-09,
  called an observer in 2020);
- a state called a member before it joined, or one the reference lists only
  as an observer or dialogue partner → ``fact-conflict``;
- an observer called a dialogue partner or the other way round → ``fact-conflict``
  (the reference lists the states in each group until the reform; none of
  them moved between the two);
- the state admitted at the reform (老挝) called an *observer* → ``fact-conflict``
  (Laos was granted dialogue-partner status at Tianjin on the day the two
  categories were merged, so "dialogue partner" is right for it);
- from 2025-09-01 the SCO has *partners*: 观察员国/对话伙伴 used of the present in
  a text dated after that day is flagged as outdated — but not a sentence about
  an earlier year, about the reform itself (合并/统一为伙伴国), nor a former status
  (原观察员国, 时任).

A state that joined within the time a sentence speaks of is not judged (the
sentence may describe the change).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .checks_common import PAST_MARKERS, DocText, DateRange
from .extract.meetings_patterns import names
from .model import Flag
from .reference import Reference, load

OBSERVER, PARTNER, MEMBER = "observer", "dialogue partner", "member state"
LABELS = {"观察员国": OBSERVER, "观察员": OBSERVER, "对话伙伴国": PARTNER, "对话伙伴": PARTNER, "成员国": MEMBER}
_LABEL = "|".join(sorted(LABELS, key=len, reverse=True))
_ORG = r"(?:上海合作组织|上合组织|上合)?\s*的?\s*"
# Words joining the states of a list.
_JOIN = r"\s*(?:[、,，]|和|及|与|以及)\s*"
# A sentence about the 2025 reform itself (observers and dialogue partners
# merged into partners) uses the old labels correctly.
REFORM_WORDS = re.compile(r"合并|合併|统一|整合|(?<!对话)伙伴国|上合伙伴|上合组织伙伴|改为|更名|改革|调整为|取代")
# The old labels in a present-tense use (the outdated check).
# Words before "X为成员国/观察员国" that make it an admission still under way or
# being granted, not a status the state holds.
ADMISSION = re.compile(r"(?:接收|接纳|吸收|给予|授予|批准|同意|申请|启动|接受)[^，,。；;]{0,4}$")
OLD_LABEL = re.compile(r"观察员国|对话伙伴国?")


@dataclass(slots=True)
class Claim:
    state: str
    label: str
    start: int  # view span of the label and the state
    end: int


def _patterns(ref: Reference) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    country = names(ref).country.pattern.replace("(?P<country>", "(?:")
    listed = re.compile(rf"(?P<label>{_LABEL})\s*(?:有|包括|为|是)?\s*[:：]?\s*(?P<list>{country}(?:{_JOIN}{country})*)")
    predicate = re.compile(rf"(?P<state>{country})\s*(?:是|为|系|作为|成为)\s*{_ORG}(?P<label>{_LABEL})")
    return listed, predicate, re.compile(country)


def claims(s: str, ref: Reference | None = None) -> list[Claim]:
    """Every (state, label) a text asserts, with view offsets."""
    ref = ref or load()
    listed, predicate, country = _patterns(ref)
    out: list[Claim] = []
    for m in listed.finditer(s):
        label = LABELS[m.group("label")]
        for c in country.finditer(m.group("list")):
            state = ref.canonical_country(re.sub(r"\s+", "", c.group()))
            if state:
                out.append(Claim(state, label, m.start(), m.start("list") + c.end()))
    for m in predicate.finditer(s):
        state = ref.canonical_country(re.sub(r"\s+", "", m.group("state")))
        if state:
            out.append(Claim(state, LABELS[m.group("label")], m.start(), m.end()))
    return out


def _joined(ref: Reference, state: str) -> str | None:
    return next((m["joined"] for m in ref.member_states if m["name"] == state), None)


def verdict(state: str, label: str, rng: DateRange, ref: Reference | None = None) -> str | None:
    """Why calling ``state`` a ``label`` in the time ``rng`` is wrong, or None."""
    ref = ref or load()
    reform = ref.raw["partner_reform"]["date"]
    joined = _joined(ref, state)
    if label == OBSERVER and state == ref.raw["partner_reform"].get("new_partner") and rng[1] >= reform:
        return f"{state} was admitted as a dialogue partner (an SCO partner) at the {reform} meeting, not as an observer"
    if label in (OBSERVER, PARTNER):
        if joined and joined <= rng[0]:
            return f"{state} has been a member state since {joined}, not a {label}"
        if rng[1] < reform and joined is None:
            if label == OBSERVER and state in ref.dialogue_partners:
                return f"{state} was a dialogue partner, not an observer"
            if label == PARTNER and state in ref.observers:
                return f"{state} was an observer, not a dialogue partner"
        return None
    if joined:
        return f"{state} joined as a member state on {joined}" if joined > rng[1] else None
    if state in ref.observers:
        return f"{state} is not a member state (it was an observer)"
    if state in ref.dialogue_partners:
        return f"{state} is not a member state (it was a dialogue partner)"
    return None


def _when(rng: DateRange) -> str:
    """A date range as a reader says it: 2020-05-10, 2019, 2025–2026."""
    if rng[0] == rng[1]:
        return rng[0]
    if rng[0].endswith("-01-01") and rng[1].endswith("-12-31"):
        return rng[0][:4] if rng[0][:4] == rng[1][:4] else f"{rng[0][:4]}–{rng[1][:4]}"
    return f"{rng[0]}–{rng[1]}"


def check_status(dt: DocText, ref: Reference | None = None) -> list[Flag]:
    """Flags for states given a status the reference contradicts, and for the
    old labels used of the present after the 2025 reform."""
    ref = ref or load()
    reform = ref.raw["partner_reform"]["date"]
    s = dt.s
    flags: list[Flag] = []
    for c in claims(s, ref):
        a, b = dt.sentence_at(c.start)
        if PAST_MARKERS.search(s[max(a, c.start - 4):c.start]) or REFORM_WORDS.search(s[a:b]):
            continue
        if ADMISSION.search(s[max(a, c.start - 6):c.start]):
            continue  # 接收伊朗为成员国的程序: a procedure to admit, not a status held
        rng = dt.date_range(a, b)
        if rng is None:
            continue
        why = verdict(c.state, c.label, rng, ref)
        if why:
            flags.append(dt.flag("fact-conflict", c.start, c.end,
                                 f"Status that contradicts the SCO reference: {why} (text speaks of {_when(rng)})."))
    flagged_sentences: set[int] = set()
    for m in OLD_LABEL.finditer(s):
        a, b = dt.sentence_at(m.start())
        former = PAST_MARKERS.search(s[max(a, m.start() - 4):m.start()])
        if a in flagged_sentences or former or REFORM_WORDS.search(s[a:b]):
            continue
        rng = dt.date_range(a, b)
        if rng is None or rng[0] <= reform:  # the reform's own day still reports the old groups
            continue
        flagged_sentences.add(a)
        flags.append(dt.flag("fact-conflict", m.start(), m.end(),
                             f"Outdated status: since {reform} the SCO has partners, not observers or dialogue "
                             f"partners (text speaks of {_when(rng)})."))
    return flags
