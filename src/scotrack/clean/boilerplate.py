"""Site boilerplate in flattened page text: which lines are not the article.

Rules are about the *shape* of portal furniture, not about any one site:
breadcrumbs (``A > B > 正文``), share bars (分享至, 朋友圈), bylines and
editor lines (责任编辑:, 来源:… | 作者:), disclaimers (特别声明, 免责声明,
版权所有, "The content above…"), author boxes (N文章数 N关注度), lists of
recommended links after a 推荐/往期回顾 header, accessibility and
script-switch links (无障碍, 关怀版, 跳转到内容), photo credits (记者 X 摄),
wiki chrome ([编辑]), and foreign-language residue before the first line of
a Chinese article. Short lines next to such furniture (a share count "0",
an author name shown twice) go with it; after a closing marker (disclaimer,
editor line, recommendations) in the second half of a page, the short lines
that follow are furniture too.

Every decision returns a reason, which becomes the flag's ``detail``.
"""

from __future__ import annotations

import re

from ..script import to_simplified
from .units import Unit

# --- cue patterns --------------------------------------------------------
# Each is matched against the stripped line (NFKC not applied: full-width
# colons and Traditional characters are written out in the classes).
_C = "[:：]"

BREADCRUMB = re.compile(
    r"^(?:[^>›»\n]{1,16}\s*[>›»]\s*){2,}[^>›»\n]{0,24}$"  # A > B > C
    r"|(?:首页|首頁|主页|Home)\s*[>›»/]"
)
NAV_WORDS = re.compile(
    r"^[•·\-*|\s]*(?:會員|会员|登录|登入|登錄|注册|註冊|订阅|訂閱|客户端|下载|下載|APP|"
    r"English|繁體|繁体|简体|簡體|首页|首頁|返回顶部|返回首页|设为首页|加入收藏|网站地图|"
    r"手机版|手機版|电子报|電子報|搜索|搜尋)(?:\s*[|/·]\s*\S{1,8})*\s*$"
)
ACCESSIBILITY = re.compile(
    r"无障碍|無障礙|关怀版|關懷版|长者模式|長者模式|适老化|跳转到|跳轉到|跳到主要内容|跳至|"
    r"Skip to (?:main )?content|本页使用了|本頁使用了|手工转换|手工轉換",
    re.I,
)
WIKI_CHROME = re.compile(
    r"^\[(?:编辑|編輯|edit|编辑源代码)\]$|维基百科[,，]自由的百科全书|維基百科[,，]自由的百科全書|"
    r"^出自维基百科|^维基百科|^維基百科",
    re.I,
)
SHARE = re.compile(
    r"分享至|分享到|分享：|分享:|转发到|轉發到|微信好友|朋友圈|QQ空间|QQ空間|复制链接|複製鏈接|"
    r"扫一扫|掃一掃|浏览器分享|瀏覽器分享|点击右上角|點擊右上角|二维码|二維碼|"
    r"^(?:微信|微博|QQ|打印|收藏|点赞|點讚|评论|評論|关闭窗口|關閉窗口|字号|字號)(?:\s*[|/]\s*\S{1,6})*$"
)
BYLINE = re.compile(
    rf"^(?:[【（(\[]\s*)?(?:发布时间|發布時間|发布日期|發布日期|发表时间|来源|來源|新闻来源|新聞來源|作者|本版责编|责编|"
    rf"责任编辑|責任編輯|编辑|編輯|撰文|审核|審核|校对|校對|浏览次数|瀏覽次數|点击数|點擊數|"
    rf"阅读量|閱讀量|Source|Editor|Author)\s*(?:\([^)]{{0,20}}\)|（[^）]{{0,20}}）)?\s*{_C}"
    rf"|(?:\||｜)\s*(?:来源|來源|作者|责任编辑|責任編輯)\s*{_C}",
    re.I,
)
# Several "field:" labels on one short line, or one beside a date-time: a
# byline row such as "2025-09-01 21:40 来源:某网 编辑:某人".
META_FIELD = re.compile(r"(?:来源|作者|编辑|责任编辑|责编|版式设计|美编|校对|记者|发布时间|发布|时间|浏览|点击)\s*[:：]")
DATE_TIME = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}")
# A row of page tools in brackets: 【字号 大 中 小】【打印】【关闭】
PAGE_TOOLS = re.compile(r"^(?:\s*[【\[][^】\]]{1,12}[】\]])+\s*$")
READING_NOW = re.compile(r"^(?:正在阅读|正在閱讀|当前位置|當前位置|您的位置|你的位置|您现在的位置)\s*[:：]?")
DISCLAIMER = re.compile(
    r"特别声明|特別聲明|免责声明|免責聲明|版权声明|版權聲明|版权所有|版權所有|"
    r"未经授权|未經授權|不得转载|不得轉載|禁止转载|禁止轉載|转载请注明|轉載請註明|"
    r"仅提供信息存储服务|僅提供信息存儲服務|The content above|information storage services|"
    r"All rights reserved|Copyright\s|©|^声明\s*[:：]|^聲明\s*[:：]",
    re.I,
)
AUTHOR_BOX = re.compile(
    r"\d+\s*(?:文章数|文章數|关注度|關注度|粉丝|粉絲|获赞|獲讚)|感谢关注|感謝關注|关注我们|關注我們|"
    r"扫码关注|掃碼關注|关注公众号|關注公眾號|作者简介|作者簡介|\+\s*关注|\+\s*關注"
)
RECOMMEND = re.compile(
    r"^[【\[▶►·•]?\s*(?:往期回顾|往期回顧|专题推荐|專題推薦|相关阅读|相關閱讀|推荐阅读|推薦閱讀|相关新闻|相關新聞|"
    r"相关推荐|相關推薦|热门推荐|熱門推薦|猜你喜欢|猜你喜歡|精彩推荐|精彩推薦|延伸阅读|延伸閱讀|"
    r"热点新闻|熱點新聞|更多新闻|更多新聞|热门文章|熱門文章|上一篇|下一篇|查看更多|更多>>|"
    r"Related|Read more|Recommended|More from)"
)
# Rows of short fields between | or ｜: site sections, dates, sources
# (国际 | 2022-09-16 21:48, 首页 | 时政 | 国际 | 财经).
FIELD_ROW = re.compile(r"^[^|｜]{1,14}(?:[|｜][^|｜]{1,20}){2,}$")
# Reader tools: font size, print, forward, comment counters.
READER_TOOLS = re.compile(
    r"字[体號号级級]\s*[:：]?\s*(?:[大中小]\s*){2,}|A-\s*A\+|[【\[]\s*[大中小](?:\s+[大中小]){1,2}\s*[】\]]"
    r"|打印本页|关闭窗口|列印|转寄|我要评论|网友评论\s*\d+|查看全部评论|(?:^|\s)收藏\s+留言"
)
TAGS = re.compile(r"^[【\[]?(?:相关)?(?:标签|关键词|關鍵詞)\s*[】\]]?\s*[:：]")
# A newspaper page header: a date with its weekday, often a section and page number.
PAGE_HEADER = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*星期[一二三四五六日天]")
PAGE_TURN = re.compile(r"^[（(]?\s*(?:下转|上接|转第|接第|转\d|接\d)第?\s*\S{1,4}\s*版\s*[)）]?$")
SITE_FOOTER = re.compile(r"主办单位|承办单位|网站标识码|ICP备|ICP证|公网安备|备案号|技术支持\s*[:：]")
PHOTO_CREDIT = re.compile(
    r"(?:记者|記者|摄影|攝影|图|圖)\s*[\u4e00-\u9fff·]{2,5}(?:[、，,\s]+[\u4e00-\u9fff·]{2,5})*\s*[摄攝][)）]?\s*$"
    r"|[(（](?:摄影|攝影|图|圖)\s*[:：]?\s*[\u4e00-\u9fff·]{2,5}[)）]\s*$"
)
DIGITS_ONLY = re.compile(r"^\d{1,6}$")

# Rules in order; the first that matches gives the reason.
LINE_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    # (reason, pattern, longest line it may judge)
    ("recommendations", RECOMMEND, 30),
    ("navigation", BREADCRUMB, 80),
    ("navigation", NAV_WORDS, 40),
    ("navigation", READING_NOW, 120),
    ("accessibility", ACCESSIBILITY, 40),
    ("wiki chrome", WIKI_CHROME, 40),
    ("share bar", SHARE, 40),
    ("page tools", PAGE_TOOLS, 60),
    ("page tools", READER_TOOLS, 60),
    ("navigation", FIELD_ROW, 80),
    ("tags", TAGS, 80),
    ("page header", PAGE_HEADER, 60),
    ("page turn", PAGE_TURN, 16),
    ("site footer", SITE_FOOTER, 120),
    ("byline", BYLINE, 120),
    ("disclaimer", DISCLAIMER, 400),
    ("author box", AUTHOR_BOX, 40),
    ("photo caption", PHOTO_CREDIT, 400),
)
# Reasons after which, in the second half of a page, short lines are furniture.
CLOSING_REASONS = frozenset({"disclaimer", "author box", "recommendations", "byline"})
# A "short line" after a closing marker: link titles, names, counters.
SHORT_TAIL_LINE = 60
# A foreign-language line counts as residue only while such lines stay rare:
# a bilingual page (every other line English) keeps them.
FOREIGN_RESIDUE_MAX_SHARE = 0.15


def line_reason(unit: Unit, simplified: str | None = None) -> str | None:
    """Why this line on its own is boilerplate, or None. Matched in Simplified
    script, so Traditional and Hong Kong variants (延伸閲讀) need no patterns.
    ``simplified`` is the line already converted, when the caller has it."""
    s = simplified if simplified is not None else to_simplified(unit.text)
    for reason, pattern, longest in LINE_RULES:
        if len(s) <= longest and pattern.search(s):
            return reason
    if len(s) <= 100:
        fields = len(META_FIELD.findall(s))
        if fields >= 2 or (fields == 1 and DATE_TIME.search(s)):
            return "byline"
    return None


# "<headline> - <site name>": a browser title bar flattened into the text.
TITLE_BAR = re.compile(r"^(?P<title>.{6,}?)\s*[-–—_|｜]\s*(?P<site>[^-–—_|｜\s]{2,16}"
                       r"(?:网|報|报|台|社|新闻|新聞|频道|頻道|在线|日报|时报|周刊|News|\.com|\.cn))$")
TITLE_BAR_LINES = 3  # only the first lines of a page carry one


def site_suffixes(units: list[Unit], reasons: dict[int, str]) -> list[tuple[int, int]]:
    """Site names after a headline in the first lines (``标题 - 某某网``).

    When the headline stands again later, the whole line is furniture (added
    to ``reasons``); otherwise only the `` - 某某网`` part is, and its text
    range is returned."""
    out = []
    keys = {u.key for u in units}
    for u in units[:TITLE_BAR_LINES]:
        m = TITLE_BAR.match(to_simplified(u.text))
        if not m or u.index in reasons:
            continue
        from .units import normalise

        if normalise(u.text[:m.end("title")]) in keys:
            reasons[u.index] = "page title bar"
        else:
            out.append((u.start + m.end("title"), u.end))
    return out


def classify(units: list[Unit], text: str | None = None) -> dict[int, str]:
    """Map unit index -> reason for every boilerplate unit. With ``text`` (the
    document), the script conversion runs once for all lines."""
    reasons: dict[int, str] = {}
    simple = to_simplified(text) if text is not None else None
    for u in units:
        r = line_reason(u, simple[u.start:u.end] if simple is not None else None)
        if r:
            reasons[u.index] = r
    _foreign_residue(units, reasons)
    _tail_after_closing(units, reasons)
    _neighbours(units, reasons)
    return reasons


def _foreign_residue(units: list[Unit], reasons: dict[int, str]) -> None:
    """Latin-script lines before the first / after the last Chinese line of a
    Chinese page, when such lines are rare in the page."""
    cjk = [u.index for u in units if u.cjk_count >= 4]
    if not cjk:
        return
    foreign = [u for u in units if u.cjk_count == 0 and u.latin_words >= 3]
    first, last = cjk[0], cjk[-1]
    inside = [u for u in foreign if first < u.index < last]
    if len(inside) > FOREIGN_RESIDUE_MAX_SHARE * len(units):
        return  # a bilingual page: its English lines are content
    for u in foreign:
        if u.index < first or u.index > last:
            reasons.setdefault(u.index, "foreign-language residue")


def _tail_after_closing(units: list[Unit], reasons: dict[int, str]) -> None:
    # An editor/source line closes an article only near its end; a disclaimer,
    # author box or recommendation header anywhere in the second half does.
    half, last_third = len(units) // 2, (2 * len(units)) // 3
    closing = [i for i, r in reasons.items()
               if r in CLOSING_REASONS and i >= (last_third if r == "byline" else half)]
    if not closing:
        return
    for u in units[min(closing) + 1:]:
        if u.index not in reasons and (len(u.text) <= SHORT_TAIL_LINE and not u.key.endswith(("。", "！", "？"))):
            reasons[u.index] = "after end of article"


def _neighbours(units: list[Unit], reasons: dict[int, str]) -> None:
    """A bare counter next to a share bar or breadcrumb; a tiny line between
    two boilerplate lines; the same short line twice in a row inside the
    furniture at the end of a page (an author's name in a box). At the top,
    a doubled short line is a headline printed twice: repeats handle it."""
    changed = True
    while changed:
        changed = False
        for u in units:
            if u.index in reasons:
                continue
            prev_bp = u.index - 1 in reasons
            next_bp = u.index + 1 in reasons
            if DIGITS_ONLY.match(u.key) and (prev_bp or next_bp):
                reasons[u.index] = "counter"
                changed = True
            elif len(u.key) <= 8 and prev_bp and next_bp and not u.key.endswith("。"):
                reasons[u.index] = "between boilerplate lines"
                changed = True
            elif (len(u.key) <= 20 and (prev_bp or next_bp) and u.index + 1 < len(units)
                  and u.index >= len(units) // 2 and units[u.index + 1].key == u.key):
                reasons[u.index] = reasons[u.index + 1] = "repeated short line in furniture"
                changed = True
