"""Vocabulary for the commitments extractor: actors, triggers, areas.

Kept apart from :mod:`scotrack.extract.commitments` so the clause logic stays
short. Everything here is general diplomatic Chinese (the way communiqués,
declarations and briefings phrase who binds itself to what), not wording of
any one document. Patterns run on the folded view (Simplified, half-width
ASCII), so Traditional reposts need no rules of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..reference import load

HAN = r"\u4e00-\u9fff"

# Who can bind itself. The organisation, its members collectively, "all
# parties", China ("中方/中国/我国/我们" in Chinese briefings), a meeting or the
# chair speaking for the members, "X方" for a named side (俄方, 哈方), and any
# state the reference data knows (filled in by actor_regex()).
_ACTOR_CORE = (
    r"(?:上海合作组织|上合组织|上合|本组织)?(?:各)?成员国(?:领导人|元首|代表|政府)?"
    r"|(?:上海合作组织|上合组织)成员"
    r"|与会各方|各方|双方|与会各国领导人|各国领导人"
    r"|中方|中国|我国|我们|我方"
    r"|上海合作组织|上合组织|本组织"
    r"|秘书处|秘书长|执委会|委员会|常设机构"
    r"|(?:本届|下届|下一届|本次|下次|下一次|此次|这次)?(?:会议|峰会|理事会)"
    r"|(?:下届|下任|新任|本届|轮值)?主席国"
    r"|[" + HAN + r"]方(?=[还也均都将愿同决承致重表强宣声认一支])"
    # an agreed plan or project stating what it will do (首批合作项目将聚焦…)
    r"|[" + HAN + r"]{0,6}(?:项目|计划)"
)

# An outcome document speaking for its signatories: 「天津宣言」支持…, 公报…
DOC_ACTOR = r"[「《“\"]?[" + HAN + r"\d—\-]{0,24}(?:宣言|公报|声明)[」》”\"]?"

# Adverbs that may stand between an actor and its trigger (中方还将, 各方一致同意,
# 会议审议批准); a closed list of the ones briefings actually use there.
ADVERBS = (r"(?:还|也|均|都|亦|则|同时|一致|共同|正式|审议|继续|仍|已|已经|进一步|再次|郑重"
           r"|一道|坚定|明确|特别|均已|此前|随后|今后|将来|当天|此外)")

# Verbs of saying between an actor and its modal (成员国重申将…, 俄方表示将…,
# 中方宣布将…): the actor still binds itself.
SAYING = r"(?:重申|表示|强调|宣布|声明|表明|承诺|同意|决定|认为)"

# Meeting subjects: "会议将于…举行" schedules a meeting (a meetings record),
# it does not bind an actor.
MEETING_ACTOR = re.compile(r"(?:会议|峰会|理事会)$")
SCHEDULING = re.compile(r"^将(?:于|在)[^，,。；;]*?(?:举行|召开|举办)")
# The preposition 将 (= 把): "将议题拓展至…", "将X列为Y" describes handling an
# object, not a pledge by the subject.
PREPOSITIONAL = re.compile(
    r"^将(?!继续|进一步|积极|共同)[^，,。；;]{1,15}?(?:拓展|扩展|扩大|提升|提高|延长|推向|转化|改|视|列|纳)(?:至|到|为|入)")


@lru_cache(maxsize=1)
def actor_regex() -> str:
    """The actor alternation, with every state name the reference data knows."""
    names = "|".join(re.escape(n) for n in load().all_country_names())
    return f"(?:{_ACTOR_CORE}|{names})"


# Strong triggers: a decision or pledge is stated whoever the subject is.
#  同意/一致同意 (not 同意见), 决定 (not 决定性/决定因素), 承诺, 致力于,
#  商定/议定 (agreed), 责成 (instructs a body: a decision),
#  宣布 only where the clause goes on to found something, 批准 (not the
#  attributive 批准的, and not 批准《…》, which is adopting a document: that is
#  an outcome_documents record).
STRONG = (
    r"一致同意|同意(?!见)"
    # 决定 after 作出/政治/重大/的 is a noun (作出…决定 is DECISION_NOUN's job)
    r"|(?<![一该此项出治要大的])决定(?!性|因素|作用|权|了?的)"
    r"|承诺(?!书)"
    r"|商定|议定|责成"
    r"|致力于"
    r"|宣布(?=[^，,。；;！？\n]{0,24}?(?:成立|建立|设立|启动|组建))"
    r"|批准(?!了?[的《“「])"
)

# Acts that state a decision only with a named actor right before them
# (会议任命X为秘书长, 会议正式接收伊朗为成员国); without
# one they are reports (他被任命为…, 启动接收…的程序 is 决定's object).
ACTED = (
    r"任命(?=[^，,。；;]{1,40}?为)"
    r"|接收(?=[^，,。；;]{1,30}?为[^，,。；;]{0,12}(?:成员国|观察员国|对话伙伴|伙伴国))"
    r"|给予(?=[^，,。；;]{1,30}?(?:成员国|观察员国|对话伙伴|伙伴)地位)"
)
# A decision announced before its content: "会议决定，…" / "元首们决定：…".
DECISION_COLON = re.compile(r"^决定[，,：:]")
# 批准 + the title of a document ending the clause adopts that document: an
# outcome_documents record (批准未来10年发展战略), not a commitment.
APPROVED_DOCUMENT = re.compile(
    r"^(?:审议)?批准了?[^，,。；;、]{0,16}?(?:宣言|声明|公报|战略|协定|行动计划|纲要|路线图|宪章|规划|构想|公约)"
    r"(?:草案)?(?=$|[，,。；;、])")

# "作出/做出…(政治)决定": a decision stated as a noun phrase.
DECISION_NOUN = re.compile(r"(?:作出|做出)了?(?P<obj>[^，,。；;！？\n]{2,30}?)的?(?:政治|重要|重大)?决定(?!性)")

# Negation right before a trigger undoes it.
NEGATION = re.compile(r"(?:不|未|没有|尚未|并未|无法|不能)$")

# The modal 将 not in 将近/将军/将领/即将/必将/终将, and not before a verb of
# prediction or a passive (将迎来, 将成为, 将得到, 将被): forecasts, not pledges.
MODAL = (r"(?<![即必终])将(?![近军领士])"
         r"(?!会|可能|有望|不会|永远)"
         r"(?!(?:于[^，,。；;]{0,14}?)?(?:迎来|成为|面临|达到|超过|得到|受到|被|产生|持续到))")
WILLING = r"(?<![意心])(?:愿(?![望景])|决心(?=[\u4e00-\u9fff]))"

# Subject-less clause openers that continue a commitment after "；" (…；在X领域
# 推进Y): an adverbial or a verb of action, not a new subject.
CONTINUATION = re.compile(
    r"^(?:在|并|将|还|同时|进一步|继续|加强|推进|推动|深化|扩大|完善|支持|开展|建立|促进|共同)")

# Verbs that, after an outcome document as subject, state what its signatories
# will do (「天津宣言」支持…, 推进…).
DOC_VERBS = r"(?:支持|推进|推动|决定|同意)"

# --- areas -------------------------------------------------------------------
# Keyword lists per area (the vocabulary of SCO texts for each field); a clause
# goes to the area with most hits, ties in this order.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("security", ("安全", "反恐", "三股势力", "恐怖", "禁毒", "毒品", "犯罪", "边防", "极端主义", "分裂主义",
                  "军事", "防务", "停火", "冲突", "网络安全", "信息安全")),
    ("economy", ("经济", "经贸", "贸易", "投资", "金融", "银行", "能源", "基础设施", "互联互通",
                 "产业链", "供应链", "本币", "结算", "贷款", "交通", "物流", "海关", "农业", "粮食",
                 "数字经济", "绿色产业", "工业", "市场")),
    ("politics", ("联合国", "多边主义", "国际秩序", "全球治理", "国际关系", "国际法", "多极",
                  "主权", "历史正确", "霸权", "集团对抗", "国际体系", "话语权")),
    ("culture", ("人文", "文化", "教育", "青年", "旅游", "卫生", "医学", "医疗", "体育", "媒体",
                 "民间", "文明", "友好交流", "科技园区")),
    ("institutional", ("组织运行", "机制", "预算", "秘书处", "主席国", "伙伴", "观察员", "改革",
                       "扩员", "常设机构", "委员会", "接任", "组织建设")),
)
# The organisation's own name says nothing about the area of a clause.
ORG_NAMES = re.compile(r"上海合作组织|上合组织|国际组织|上合")


def area_of(clause: str) -> str:
    """The policy area of a clause by keyword counts (``other`` when none hit)."""
    text = ORG_NAMES.sub("", clause)
    best, best_n = "other", 0
    for area, words in AREAS:
        n = sum(text.count(w) for w in words)
        if n > best_n:
            best, best_n = area, n
    return best


# --- actor names -------------------------------------------------------------
_MEMBERS = re.compile(r"^(?:上海合作组织|上合组织|上合|本组织)?(?:各)?成员国?(?:领导人|元首|代表|政府)?$")
_ORG = re.compile(r"^(?:上海合作组织|上合组织|本组织)$")


def canonical_actor(raw: str | None) -> str | None:
    """A stable actor name: 各成员国/成员国领导人 → 成员国, 上合组织 → 上海合作组织,
    a state by its reference name; meetings and documents as written."""
    if not raw:
        return None
    raw = re.sub(r"^[「《“\"]|[」》”\"]$", "", raw)
    if _MEMBERS.match(raw):
        return "成员国"
    if _ORG.match(raw):
        return "上海合作组织"
    if raw in ("与会各方", "各方"):
        return "各方"
    country = load().canonical_country(raw)
    if country and raw not in ("中方", "中国"):
        return country
    return raw
