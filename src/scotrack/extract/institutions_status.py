"""What stage of its life cycle a sentence reports for an institution.

An institution (or a list of them, coordinated with 、/及其/以及…) sits in a
sentence between what comes before it (宣布成立…, 决定设立…, 探讨建立…,
推进…) and what follows it (…倡议, …的政治决定, …的筹建事宜, …揭牌, …建设,
…报告了近期工作). The words after the name are read first because they
re-frame the whole phrase (成立开发银行**倡议** is a proposal even though it
contains 成立); then the closest status word before it. A bare creation verb
(成立/设立/建立/组建) takes its status from the closest modal word before it
in the sentence: 将/决定/同意 → decided, 倡议/探讨/建议 → proposed,
宣布/签署 → established.

Statuses: proposed → decided → preparing → established → operating.
"""

from __future__ import annotations

import re

from .base import last_match

# How far around the name to look. Chosen from diplomatic prose: a status
# word sits within a short clause of the name (宣布成立X, 同意设立一家X,
# X的筹建事宜); modal words that govern a later bare verb (成员国将联合组建A,
# 定期举办…, 建立B) reach back over a few clauses of one sentence.
PRE_WINDOW = 16
POST_WINDOW = 24
MODAL_WINDOW = 48

# --- after the name (anchored at the end of the name or list) -------------
_POST_PROPOSED = re.compile(r"的?(?:倡议|建议|提议|想法|构想|设想)")
_POST_DECIDED = re.compile(r"的?(?:政治决定|决定|决议)")
_POST_PREPARING = re.compile(r"的?[^,，。的]{0,4}?(?:筹建|筹备|筹组|组建工作|(?:成立|建立|设立|组建)?(?:相关)?进程)")
# 签署…的协定 founds a body; an agreement only named leaves the other words to decide.
_POST_AGREEMENT = re.compile(r"的?(?:协定|协议)")
_SIGNED = re.compile(r"签署|签订")
_POST_LAUNCH = re.compile(r"[^,，。]{0,8}?(?:揭牌|挂牌|正式成立|宣告成立|落地|启动运行|投入运行)")
_POST_BUILD = re.compile(r"的?(?:建设|运行|运作|能力建设)")
_POST_WORK = re.compile(r"[^。]{0,8}?(?:报告|介绍|通报|汇报|总结|开展)了?[^。]{0,8}?工作"
                        r"|[^,，。]{0,12}?的(?:近期|年度)?工作(?:汇报|报告|情况)"
                        r"|[^,，。]{0,10}?(?:工作计划|工作报告|年度报告|活动报告|预算)")
_POST_HEAD = re.compile(r"(?:执委会|执行委员会|理事会|董事会|秘书处)?"
                        r"(?:主任|副主任|负责人|主席|秘书长|代表|执行主任|行长|总裁|专家)")
_POST_ACTS = re.compile(r"[^,，。]{0,10}?(?:举办|举行|召开|开展|组织|发挥)了?[^。]{0,12}?"
                        r"(?:会议|年会|研讨会|博览会|活动|培训|演习|论坛|作用)"
                        r"|[^,，。]{0,14}?的作用"
                        r"|[^,，。]{0,8}?(?:会议|年会|论坛|活动|演习)[^,，。]{0,8}?(?:举行|召开|举办)"
                        r"|第[^,，。]{1,6}次(?:会议|年会|全体会议)"
                        r"|[^,，。]{0,8}?(?:签署|签订)了?[^,，。]{0,12}?(?:协议|备忘录|合同)")
# "the question of setting up X" (就成立X问题开展工作): still under discussion.
_POST_QUESTION = re.compile(r"的?(?:问题|可能性|可行性|议题)")
_BARE_BEFORE = re.compile(r"(?:成立|设立|建立|组建|创建)$")
# Words that, right before a name, make a launch or a build-up still future.
_PUSH = re.compile(r"(?:推进|推动|加快|促进|尽快|早日|着力|积极)[^,，。]{0,6}$")

# --- before the name -------------------------------------------------------
_PRE = re.compile(
    r"(?P<established>宣布成立|宣告成立|正式成立|揭牌成立|签署[^,，。]{0,8}?协定|已经?成立|建成|揭牌)"
    r"|(?P<decided>政治决定|一致同意|同意|决定|商定|批准)"
    r"|(?P<preparing>筹建|筹备|启动[^,，。]{0,4}进程|推进|推动|加快)"
    r"|(?P<proposed>提出|提议|倡议|建议|探讨|主张|呼吁)"
    r"|(?P<operating>加强|深化|完善|依托|发挥)"
    r"|(?P<bare>成立|设立|建立|组建|创建|创立|设置)"
)
_MODAL = re.compile(
    r"(?P<proposed>提出|提议|倡议|建议|探讨|主张|呼吁|研究)"
    r"|(?P<decided>决定|同意|商定|批准|共识|将)"
    r"|(?P<established>宣布|宣告|正式|签署|已经|已)"
    r"|(?P<preparing>筹|启动|推进|推动|加快|着手)"
)


# "关于X，各方同意加快推进筹建工作": X is the topic, the next clause its status.
_TOPIC_BEFORE = re.compile(r"(?:关于|至于|对于)$")
_CLAUSE_STATUS = (("preparing", re.compile(r"筹建|筹备|筹组|组建工作|进程")),
                  ("established", re.compile(r"揭牌|挂牌|正式成立|宣布成立|已经?成立|落地")),
                  ("decided", re.compile(r"决定|一致同意|同意(?:成立|设立|建立|组建)|政治决定|商定")),
                  ("proposed", re.compile(r"倡议|建议|提议|探讨|研究(?:成立|设立|建立)")),
                  ("operating", re.compile(r"加强[^,，。]{0,10}建设|工作(?:汇报|报告)")))


def _topic_status(clause: str) -> str | None:
    for status, pattern in _CLAUSE_STATUS:
        if pattern.search(clause):
            return status
    return None


def status_of(s: str, sent: tuple[int, int], run: tuple[int, int]) -> str | None:
    """The status that sentence ``sent`` of ``s`` reports for the name (or list
    of names) at ``run``; None when the sentence has no status word for it."""
    sent_start, sent_end = sent
    run_start, run_end = run
    post = s[run_end:min(sent_end, run_end + POST_WINDOW)]
    pre = s[max(sent_start, run_start - PRE_WINDOW):run_start]
    if _TOPIC_BEFORE.search(pre) and post[:1] in (",", "，"):
        topic = _topic_status(s[run_end:sent_end])
        if topic:
            return topic
    if _POST_PROPOSED.match(post):
        return "proposed"
    if _POST_DECIDED.match(post):
        return "decided"
    if _POST_PREPARING.match(post):
        return "preparing"
    if _POST_AGREEMENT.match(post) and _SIGNED.search(pre):
        return "established"
    if _POST_QUESTION.match(post) and _BARE_BEFORE.search(pre):
        return "proposed"
    if _POST_LAUNCH.match(post):
        return "preparing" if _PUSH.search(pre) else "established"
    if _POST_BUILD.match(post):
        return "preparing" if _PUSH.search(pre) else "operating"
    if _POST_WORK.match(post) or _POST_HEAD.match(post) or _POST_ACTS.match(post):
        return "operating"
    last = last_match(_PRE, pre)
    if last is None:
        return None
    kind = last.lastgroup
    if kind != "bare":
        return kind
    verb_at = max(sent_start, run_start - PRE_WINDOW) + last.start()
    return _modal_status(s, max(sent_start, verb_at - MODAL_WINDOW), verb_at,
                         s[verb_at + len(last.group()):verb_at + len(last.group()) + 1])


def _modal_status(s: str, start: int, verb_at: int, after_verb: str) -> str | None:
    """Status of a bare creation verb at ``verb_at`` from the closest modal
    word before it; without one, 成立了X / 成立的X (done) is established."""
    last = last_match(_MODAL, s, start, verb_at)
    if last is not None:
        return last.lastgroup
    return "established" if after_verb in ("了", "的") else None
