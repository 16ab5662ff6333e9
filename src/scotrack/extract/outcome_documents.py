"""Extraction of outcome documents (宣言, 声明, 公报, 战略, 协定 …) of SCO meetings.

Rules, in order of precedence (a later rule never claims text an earlier one did):

1. heading lines that are a document's title (a statement's title above its
   text, ``——上海合作组织成员国元首理事会天津宣言`` under a quotation, a title
   broken over two lines) and ``<title>全文如下``;
2. titles in 《》 or quotes that are SCO outcomes: adopted, signed, issued or
   approved in the sentence (签署, 发表, 通过, 批准 …), known to the reference, or
   naming the SCO — not documents merely cited (遵守《联合国宪章》) or still hoped
   for (呼吁早日通过《…公约》). Abbreviations resolve through the adopting
   meeting: 《天津宣言》 → …元首理事会天津宣言, 《联合公报》 → that council's
   communiqué, 《关于…的声明》 → the council's full name + title;
3. untitled references: 发表关于X的声明(、关于Y的声明), and 专题声明 / 以发表声明形式
   with the topic words of a known document of that meeting nearby;
4. names of known documents written without 《》 (未来10年发展战略, 多边经贸合作纲要)
   and 城市+宣言 of a summit the text is about;
5. noun phrases ending in a document suffix after a verb of adoption or
   implementation (完善能源合作路线图, 发布人工智能合作声明).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reference import Reference
from .base import Context, Found, View, to_int
from .meetings import text_date
from .meetings_patterns import GAP, ORG, clause_bounds, names, squeeze
from .outcomes_reference import (
    GENERIC, SUFFIX_ALT, SUFFIX_TYPES, DocIndex, RefDoc, clean_title, council_title, doc_type, has_suffix, index,
)

NAME = "rules.outcome_documents.v1"

# Verbs by which a meeting or its members adopt a document.
ADOPT = r"签署|签订|发表|通过|批准|发布|制定|达成|出台|颁布|核准|见证|审议通过|共同签署"
ADOPT_RE = re.compile(ADOPT)
# Words that make the adoption a wish, not a fact (呼吁早日通过《…公约》).
WISH = re.compile(r"呼吁|早日|尽早|尽快|敦促|争取|期待|希望")
# Words that cite a document rather than adopt it (遵守《联合国宪章》).
CITE = re.compile(r"遵守|遵循|根据|依据|依照|按照|恪守|基于|符合|秉持|秉承|奉行|践行|恪守")
# How far before a title (characters, other titles removed) an adopting verb may stand.
VERB_REACH = 24
# Verbs of adoption or implementation that introduce a document's name (rule 5).
NP_VERB = r"推进|完善|落实|实施|制定|发布|通过|批准|签署|签订|执行|发表|更新|修订|出台"
NP = re.compile(
    rf"(?:{NP_VERB})(?:了|并)?(?P<np>[\u4e00-\u9fff]{{2,24}}?(?:{SUFFIX_ALT}))"
    r"(?=实施|落实|执行|等|和|及|[^\u4e00-\u9fff]|$)"
)
# A noun phrase needs this many characters of topic before its suffix
# (能源合作路线图 yes, 发展战略 / 合作协定 no: those name a kind, not a document).
MIN_TOPIC = 4
NP_BAD_START = re.compile(r"^(?:的|这|该|此|本|其|上述|有关|相关|各项|一系列|一|两|多|新|有|一份|系列)")
# Phrases with these inside are descriptions, not names (…理事会的精神和决议).
NP_BAD_INSIDE = re.compile(r"的|和|与|及|或")

BRACKETED = re.compile(r"《(?P<t>[^《》\n]{2,90})》|[「“\"『](?P<q>[^「」“”\"『』\n]{2,60}?)[」”\"』]")
# A document named after another one in 《》: 《…条约》2023至2027年实施纲要 /
# 《宪章》执行计划 — a year span or an implementing word, then a document suffix.
TITLE_TAIL = re.compile(
    r"[ \t]*(?P<tail>(?:(?:19|20)\d{2}[ \t]*年?[ \t]*(?:至|到|-|—|–|~|－)[ \t]*(?:19|20)\d{2}[ \t]*年[ \t]*(?:的[ \t]*)?)?"
    r"(?:实施|执行|落实)?(?:纲要|行动计划|计划|规划|路线图|方案))"
)
TAIL_NEEDS = re.compile(r"\d|实施|执行|落实")  # 《X》计划 alone is a phrase, not a title
# 就X、Y发表2份声明 / 发表关于X、Y的2份声明 (items in one clause, then a count).
COORD = re.compile(
    r"(?P<open>就|关于)(?P<items>[^。；;！？!?\n《》,，]{4,120}?)(?:等)?(?:问题|议题)?的?[ \t]*"
    rf"(?P<verb>(?:共同|联合|一致|还)?(?:{ADOPT})了?)?[ \t]*"
    r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})[ \t]*[份项个](?P<suf>声明|宣言|决议|决定)"
)
# Words before a verb of adoption that make it a plan (将发表, 拟通过).
PLANNED = re.compile(r"将|拟|即将|计划|准备|有望")
# The verb and scope an item of such a list opens with (维护国际…, 应对…).
ITEM_LEAD = re.compile(
    r"(?:共同)?(?:维护|应对|加强|支持|打击|推动|促进|深化|保障|确保|构建|落实|反对|防止|推进|完善|开展|保护)"
    r"(?:国际|全球|地区|区域|世界)?"
)
ABOUT = re.compile(rf"关于[^。;；,，《》\n]{{2,40}}?的(?:{SUFFIX_ALT})")
GENERIC_REF = re.compile(r"(?P<g>(?:专题|联合|新闻)?(?:声明|宣言|公报))(?:形式|如下|全文)?")
FULL_TEXT = re.compile(
    rf"(?P<t>{ORG}[^\s,，。;；:：、《》“”]{{2,70}}?(?:{SUFFIX_ALT}))(?:\s*[(（][^()（）\n]{{0,30}}[)）])?\s*全文如下"
)
HEAD_STRIP = re.compile(r"^[\s\-—–•●·*>]*(?:正在阅读[:：]\s*)?")
HEAD_TITLE = re.compile(
    rf"^(?P<t>[^\s,，。;；:：!?！？、]{{4,80}}?(?:{SUFFIX_ALT}))(?:\s*[(（][^()（）\n]{{0,30}}[)）])?\s*$"
)
TITLE_SPAN = re.compile(r"《[^《》\n]*》|[「『“][^「」『』“”\n]*[」』”]")
CLAUSE_SEP = re.compile(r"[,，;；:：]")
# Actors whose documents are not the SCO's: one government, or two in a bilateral
# setting (中俄联合声明, 两国签署…, 外交部发表…声明).
NOT_SCO_ACTOR = re.compile(r"双方|两国|中方|外交部|发言人|国务院|政府(?!首脑)")
BILATERAL_TITLE = re.compile(
    r"^(?:中华人民共和国和|中国和|中国与)|^中[俄哈吉塔乌印巴伊白蒙老](?:两国)?(?:关于|联合|[^组]{0,2}合作)|两国"
)
# A draft submitted for adoption is not an outcome: 《天津宣言》草案, 发展战略(草案).
DRAFT = re.compile(r"草案|征求意见稿|送审稿")
DRAFT_AFTER = re.compile(r"[》」”\"』]?\s*[(（]?\s*(?:草案|征求意见稿|送审稿)")
# Members of a council acting together name the council: 外长们发表了新闻公报.
ACTOR_BODIES = ("foreign-ministers", "heads-of-government", "heads-of-state")
ACTOR_VERB = re.compile(
    r"(?:(?P<a0>外长|外交部长)|(?P<a1>总理|政府首脑)|(?P<a2>元首))(?:们)?"
    rf"(?:还|共同|一致|并|随后)?(?:{ADOPT})"
)
ORG_IN = re.compile(r"上海合作组织|上合组织|上合")
SCO_CONTEXT = re.compile(r"上海合作组织|上合|成员国|峰会|理事会|会议|领导人")


@dataclass(slots=True)
class Doc:
    start: int  # view offsets of the mention
    end: int
    title: str
    type: str
    meeting: str | None


class _Run:
    """One document's extraction state: index, meetings, claimed spans."""

    def __init__(self, view: View, ctx: Context):
        self.view, self.ctx, self.s = view, ctx, view.s
        self.ref: Reference = ctx.ref
        self.idx: DocIndex = index(ctx.ref)
        self.tdate = text_date(ctx, view.s)
        self.meetings = {f.key: f.attrs for f in ctx.meetings}
        self.docs: list[Doc] = []
        self.taken: list[tuple[int, int]] = []
        # (view offset, key, body) of each meeting mention the text reports as held
        self.named: list[tuple[int, str, str]] = []
        for f in ctx.meetings:
            at = view.offsets.to_clean(f.start)
            if at is not None and f.mention.get("status") != "scheduled":
                self.named.append((at, f.key, str(f.attrs.get("body"))))
        self.named.sort()

    def free(self, a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in self.taken)

    def add(self, a: int, b: int, title: str, meeting: str | None = None, typ: str | None = None,
            claim: tuple[int, int] | None = None) -> None:
        ca, cb = claim or (a, b)
        if not self.free(ca, cb) or not title or DRAFT.search(title) or DRAFT_AFTER.match(self.s, max(b, cb)):
            return  # a draft (《天津宣言》草案) is not an adopted document
        self.taken.append((ca, cb))
        known = self.idx.lookup(title)
        if known is not None:
            title, typ, meeting = known.title, known.type, known.meeting or meeting
        self.docs.append(Doc(a, b, title, typ or doc_type(title), meeting))

    # --- meetings ---------------------------------------------------------
    def adopting(self, pos: int) -> tuple[str | None, dict | None]:
        """The meeting that adopted a document mentioned at ``pos``: the one whose members
        are the clause's actors (外长们发表…), else the meeting named last before it in
        its paragraph, else the text's main meeting, else the one named last before it."""
        key = self._by_actor(pos) or self._in_paragraph(pos)
        key = key or self.ctx.main_meeting or self.ctx.meeting_near(pos, self.view)
        return key, self.meetings.get(key) if key else None

    def _by_actor(self, pos: int) -> str | None:
        left, _ = clause_bounds(self.s, pos, pos, reach=40)
        hit = None
        for hit in ACTOR_VERB.finditer(self.s, left, pos):
            pass
        if hit is None:
            return None
        body = next(b for i, b in enumerate(ACTOR_BODIES) if hit.group(f"a{i}"))
        of_body = [(at, key) for at, key, b in self.named if b == body]
        before = [key for at, key in of_body if at < pos]
        return before[-1] if before else (of_body[0][1] if of_body else None)

    def _in_paragraph(self, pos: int) -> str | None:
        line_start = self.s.rfind("\n", 0, pos) + 1
        near = [key for at, key, _ in self.named if line_start <= at < pos]
        return near[-1] if near else None

    def summit_in(self, city: str) -> tuple[str | None, dict | None]:
        for key, a in self.meetings.items():
            if a.get("body") == "heads-of-state" and a.get("city") == city:
                return key, a
        m = self.ref.meeting_at("heads-of-state", city=city, before=self.tdate)
        return (m.key, m.attrs()) if m else (None, None)

    # --- resolution -------------------------------------------------------
    def resolve(self, raw: str, pos: int) -> tuple[str, str | None] | None:
        """Canonical title and adopting meeting of a title as written, or None."""
        title = clean_title(raw)
        known = self.idx.lookup(title)
        if known is not None:
            return known.title, known.meeting
        core = title
        for p in ("上海合作组织成员国元首理事会", "上海合作组织成员国", "上海合作组织", "成员国元首理事会"):
            if core.startswith(p):
                core = core[len(p):]
                break
        city_m = re.fullmatch(r"(?P<c>[\u4e00-\u9fff]{2,6})宣言", core)
        if city_m:
            city = self.ref.canonical_city(city_m.group("c"))
            if city:
                key, attrs = self.summit_in(city)
                if key:
                    return self._of_meeting(key, attrs, "declaration",
                                            council_title(self.ref, "heads-of-state", None, f"{city}宣言"))
        if title in GENERIC:
            key, attrs = self.adopting(pos)
            if key and attrs:
                if doc_type(title) == "statement":
                    return None  # which statement, the text does not say
                generic = title
                if title == "宣言" and attrs.get("body") == "heads-of-state" and attrs.get("city"):
                    generic = f"{attrs['city']}宣言"  # a summit's declaration is named by its city
                built = council_title(self.ref, attrs.get("body"), attrs.get("ordinal"), generic)
                return self._of_meeting(key, attrs, doc_type(title), built)
            return None
        if title.startswith("关于") and doc_type(title) in ("statement", "declaration", "decision"):
            key, attrs = self.adopting(pos)
            if key and attrs and attrs.get("body") in self.idx.councils and self._sco_year(attrs):
                built = council_title(self.ref, attrs.get("body"), attrs.get("ordinal"), title)
                if built:
                    hit = self.idx.lookup(built)
                    return (hit.title, hit.meeting) if hit else (built, key)
        return title, None

    def _sco_year(self, attrs: dict) -> bool:
        return not self.tdate or not attrs.get("year") or attrs["year"] <= int(self.tdate[:4]) + 1

    def _of_meeting(self, key: str, attrs: dict | None, typ: str, built: str | None) -> tuple[str, str | None] | None:
        docs = self.idx.of_meeting(key, typ)
        if len(docs) == 1:
            return docs[0].title, key
        if built:
            hit = self.idx.lookup(built)
            return (hit.title, hit.meeting) if hit else (built, key)
        return None

    def actor_not_sco(self, a: int) -> bool:
        """The clause before ``a`` names a non-SCO actor (双方, 外交部 …)."""
        left, _ = clause_bounds(self.s, a, a, reach=60)
        return bool(NOT_SCO_ACTOR.search(TITLE_SPAN.sub("", self.s[left:a])))

    def verb_before(self, a: int) -> tuple[bool, bool, bool]:
        """(adopting verb, wish word, citing verb) in the clause just before ``a``,
        other titles in 《》 removed (签署《A》和《B》: B is signed too)."""
        left, _ = clause_bounds(self.s, a, a, reach=80)
        pre = TITLE_SPAN.sub("", self.s[left:a])
        # the comma-clause of the title; clauses holding only other titles do not count
        segs = [seg for seg in CLAUSE_SEP.split(pre)]
        while len(segs) > 1 and not segs[-1].strip(" \t\n、和及与以及并"):
            segs.pop()
        pre = segs[-1][-VERB_REACH:]
        return bool(ADOPT_RE.search(pre)), bool(WISH.search(pre)), bool(CITE.search(pre[-10:]))


def extract(view: View, ctx: Context) -> list[Found]:
    if ctx.language == "en":
        return []
    run = _Run(view, ctx)
    _headings(run)
    _full_text(run)
    _bracketed(run)
    _coordinated(run)
    _about_chains(run)
    _generic_refs(run)
    _aliases(run)
    _city_declarations(run)
    _noun_phrases(run)
    run.docs.sort(key=lambda d: d.start)
    out = []
    for d in run.docs:
        attrs = {"title": d.title, "type": d.type, "meeting": d.meeting}
        out.append(view.found("outcome_documents", _key(d.title), attrs, d.start, d.end, None, NAME))
    return out


def _key(title: str) -> str:
    from .base import norm_key

    return norm_key(title)


# --- rule 1: headings and 全文如下 ---------------------------------------------

# Verbs of reporting that make a heading a headline about an event; titles of
# outcome documents name a topic (关于…的声明) and carry none of them.
HEADLINE_VERB = re.compile(r"作出|做出|举行|召开|闭幕|开幕|落幕|批准|签署|发表|宣布|接任|成为|迎来|决定成立|同意")

def _headings(run: _Run) -> None:
    lines = run.view.lines
    for i, line in enumerate(lines):
        lead = HEAD_STRIP.match(line.text)
        off = lead.end() if lead else 0
        text = line.text[off:]
        m = HEAD_TITLE.match(text)
        a = line.start + off
        if m is None and i + 1 < len(lines) and ORG_IN.match(text) and not re.search(r"[,，。;；:：]", text):
            # a title broken over two lines: 上海合作组织…会议 / 新闻公报
            nxt = lines[i + 1]
            if nxt.start - line.end <= 2 and len(nxt.text.strip()) <= 8:
                joined = run.s[a:nxt.end]
                m2 = HEAD_TITLE.match(re.sub(r"\s+", "", joined))
                if m2 and ORG_IN.search(joined):
                    _head_title(run, m2.group("t"), a, nxt.end)
            continue
        if m is None or not ORG_IN.search(m.group("t")) or "了" in m.group("t"):
            continue
        if HEADLINE_VERB.search(m.group("t")):
            continue  # a news headline ("…峰会作出…的政治决定"), not a document's title
        _head_title(run, m.group("t"), a, a + m.end("t"))


def _head_title(run: _Run, raw: str, a: int, b: int) -> None:
    title = clean_title(raw)
    if not has_suffix(title) or title in GENERIC:
        return
    got = run.resolve(title, a)
    if got:
        run.add(a, b, got[0], got[1])


def _full_text(run: _Run) -> None:
    for m in FULL_TEXT.finditer(run.s):
        got = run.resolve(m.group("t"), m.start())
        if got:
            run.add(m.start("t"), m.end("t"), got[0], got[1])


# --- rule 2: titles in brackets ----------------------------------------------

def _bracketed(run: _Run) -> None:
    for m in BRACKETED.finditer(run.s):
        grp = "t" if m.group("t") is not None else "q"
        raw = m.group(grp)
        a, b = m.start(grp), m.end(grp)
        end = m.end()
        tail = TITLE_TAIL.match(run.s, m.end()) if grp == "t" else None
        if tail is not None and TAIL_NEEDS.search(tail.group("tail")):
            # 《…条约》2023至2027年实施纲要: the programme of the treaty, not the treaty
            raw, b = raw + tail.group("tail"), tail.end("tail")
            end = b
        title = clean_title(raw)
        if not has_suffix(title):
            continue  # a speech, a newspaper, a slogan
        adopt, wish, cite = run.verb_before(m.start())
        if wish:
            continue
        got = run.resolve(title, a)
        if got is None:
            continue
        canon, meeting = got
        known = run.idx.lookup(canon) is not None or meeting is not None
        named = bool(ORG_IN.search(canon))
        if not known and not named and (BILATERAL_TITLE.search(canon) or run.actor_not_sco(m.start())):
            continue
        if grp == "q" and not (known or adopt):
            continue  # quoted phrases are titles only when we can tell
        if adopt or ((known or named) and not cite):
            run.add(a, b, canon, meeting, claim=(m.start(), end))


# --- rule 3: untitled references ---------------------------------------------

def _coordinated(run: _Run) -> None:
    """就X、Y、Z发表3份声明 / 发表关于X、Y及Z的3份声明: one statement per item, when
    the items add up to the count; an item without its own verb shares the first
    one's (维护国际粮食安全、能源安全 → 维护国际能源安全)."""
    s = run.s
    for m in COORD.finditer(s):
        n = to_int(m.group("n"))
        if n is None or n < 2:
            continue
        if m.group("open") == "就" and not m.group("verb"):
            continue
        if m.group("open") == "关于":
            pre = re.split(r"[。！？!?;；,，\n]", s[max(0, m.start() - 10):m.start()])[-1]
            if m.group("verb") or not ADOPT_RE.search(pre):
                continue
        pre = s[max(0, m.start() - 30):m.start()]
        if WISH.search(pre[-10:]) or NOT_SCO_ACTOR.search(re.split(r"[。！？!?;；\n]", pre)[-1]):
            continue
        verb_at = m.start("verb") if m.group("verb") else m.start()
        if PLANNED.search(s[max(0, verb_at - 6):verb_at]) or PLANNED.search(s[max(0, m.start() - 6):m.start()]):
            continue  # 峰会将发表…5份声明: still to be adopted, and may change
        items = _split_items(s, m.start("items"), m.end("items"), n)
        if items is None:
            continue
        lead_m = ITEM_LEAD.match(s, items[0][0], items[0][1])
        lead = lead_m.group() if lead_m else ""
        suffix = m.group("suf")
        for i, (a, b) in enumerate(items):
            topic = s[a:b]
            if i and lead and not ITEM_LEAD.match(topic):
                topic = lead + topic
            got = run.resolve(clean_title(f"关于{topic}的{suffix}"), a)
            if got is not None and got[1] is not None:
                run.add(a, b, got[0], got[1])


def _split_items(s: str, a: int, b: int, n: int) -> list[tuple[int, int]] | None:
    """View spans of the ``n`` items of a coordination (、, then 和/及 in the last one)."""
    spans = [(a + x.start(), a + x.end()) for x in re.finditer(r"[^、]+", s[a:b])]
    if len(spans) == n - 1:
        la, lb = spans[-1]
        last = list(re.finditer(r"以及|及|和|与", s[la:lb]))
        if last:
            j = last[-1]
            spans[-1:] = [(la, la + j.start()), (la + j.end(), lb)]
    spans = [(x, y) for x, y in spans if y - x >= 2]
    return spans if len(spans) == n else None


def _about_chains(run: _Run) -> None:
    """发表关于X的声明、关于Y的声明: each 关于…的声明 after one adopting verb."""
    s = run.s
    for m in ABOUT.finditer(s):
        if not run.free(m.start(), m.end()):
            continue
        left, _ = clause_bounds(s, m.start(), m.end(), reach=120)
        pre = s[left:m.start()]
        pre = ABOUT.sub("", pre)
        vm = None
        for vm in ADOPT_RE.finditer(pre):
            pass
        if vm is None or not re.fullmatch(r"[\s、,，;；和及与并以还了]*", pre[vm.end():]):
            continue
        if WISH.search(pre[max(0, vm.start() - 8):vm.start()]) or NOT_SCO_ACTOR.search(pre[:vm.start()]):
            continue
        title = clean_title(m.group())
        got = run.resolve(title, m.start())
        if got is None:
            continue
        canon, meeting = got
        if meeting is None and not SCO_CONTEXT.search(s[left:m.start()]):
            continue
        run.add(m.start(), m.end(), canon, meeting)


def _generic_refs(run: _Run) -> None:
    """专题声明 / 以发表声明形式 / 发表宣言如下: a known document of the adopting meeting,
    picked by its topic words in the same sentence (or the only one of its type)."""
    s = run.s
    for m in GENERIC_REF.finditer(s):
        a, b = m.start("g"), m.end("g")
        if not run.free(a, b):
            continue
        pre = re.split(r"[。！？!?;；\n]", s[max(0, a - 8):a])[-1]  # the verb of this sentence
        if not ADOPT_RE.search(pre) or WISH.search(pre):
            continue
        left, right = clause_bounds(s, a, b, reach=200)
        sent = squeeze(s[left:right])
        typ = doc_type(m.group("g"))
        key, _ = run.adopting(a)
        cands = run.idx.of_meeting(key, typ) if key else []
        if not cands and run.ctx.year:
            cands = [d for d in run.idx.docs if d.type == typ and d.keywords
                     and _doc_year(run, d) == run.ctx.year]
        hit = [d for d in cands if any(k in sent for k in d.keywords)]
        if not hit and len(cands) == 1 and not cands[0].keywords:
            hit = cands
        if len(hit) == 1:
            run.add(a, b, hit[0].title, hit[0].meeting)
        elif not cands and typ in ("communique", "declaration") and key:
            # 会议发表联合公报 / 峰会发表宣言: the meeting's own communiqué or declaration
            got = run.resolve(m.group("g").replace("专题", ""), a)
            if got:
                run.add(a, b, got[0], got[1])


def _doc_year(run: _Run, d: RefDoc) -> int | None:
    m = run.ref.meeting(d.body, d.ordinal) if d.body and d.ordinal is not None else None
    return m.year if m else None


# --- rule 4: known names without brackets -------------------------------------

def _aliases(run: _Run) -> None:
    rx = run.idx.alias_re
    if rx is None:
        return
    s = run.s
    for m in rx.finditer(s):
        a, b = m.start(), m.end()
        org = re.search(rf"{ORG}{GAP}(?:成员国{GAP})?$", s[max(0, a - 10):a])
        a0 = a - len(org.group()) if org else a
        got = run.idx.lookup(s[a0:b])
        if got is None:
            got = run.idx.lookup(s[a:b])
        if got is not None:
            run.add(a0, b, got.title, got.meeting)


def _city_declarations(run: _Run) -> None:
    nm = names(run.ref)
    rx = re.compile(rf"(?:{ORG}{GAP}(?:成员国{GAP})?(?:元首理事会{GAP})?)?(?P<city>{nm.city_alt}){GAP}宣言")
    for m in rx.finditer(run.s):
        if not run.free(m.start(), m.end()):
            continue
        city = run.ref.canonical_city(squeeze(m.group("city")))
        if city is None:
            continue
        key, _ = run.summit_in(city)
        if key is None or (key not in run.meetings and not ORG_IN.search(m.group())):
            continue  # only the declaration of a summit the text is about
        got = run.resolve(f"{city}宣言", m.start())
        if got:
            run.add(m.start(), m.end(), got[0], got[1])


# --- rule 5: noun phrases after verbs -----------------------------------------

def _noun_phrases(run: _Run) -> None:
    for m in NP.finditer(run.s):
        np_ = m.group("np")
        a, b = m.start("np"), m.end("np")
        if not run.free(a, b) or NP_BAD_START.search(np_) or NP_BAD_INSIDE.search(np_) or np_ in GENERIC:
            continue
        typ = doc_type(np_)
        suffix_len = next(len(sfx) for sfx, _ in SUFFIX_TYPES if np_.endswith(sfx))
        if len(np_) - suffix_len < MIN_TOPIC:
            continue
        if WISH.search(run.s[max(0, m.start() - 8):m.start()]):
            continue
        known = run.idx.lookup(np_)
        left, right = clause_bounds(run.s, a, b, reach=120)
        sentence = run.s[left:right]
        if known is None and (not SCO_CONTEXT.search(sentence) or NOT_SCO_ACTOR.search(sentence)
                              or BILATERAL_TITLE.search(np_)):
            continue
        if known is not None:
            run.add(a, b, known.title, known.meeting)
            continue
        key, _ = run.adopting(a)
        run.add(a, b, clean_title(np_), key, typ)
