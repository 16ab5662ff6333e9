"""Document metadata: language, script, kind, publication date and title.

``infer_meta`` combines, strongest first, the manifest entry beside the file,
what the file itself said (``Loaded``: HTML/PDF metadata) and signs in the
cleaned text (datelines, bylines, site boilerplate). Everything here is
cheap rules; OpenCC is loaded lazily the first time a script is needed.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from urllib.parse import urlsplit

from .model import DocumentMeta, Loaded, SourceFile

DOC_KINDS = ("official", "news", "self-media", "reference", "unknown")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD_WEIGHT = 1.6  # one English word carries about as much as 1.6 Chinese characters

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"

# ---------------------------------------------------------------- dates


def normalize_date(value: object) -> str | None:
    """An ISO ``YYYY-MM-DD`` for a date-like value, else None.

    Accepts ``date``/``datetime``, ISO dates and timestamps, ``2025/9/1``,
    ``2025.09.01``, ``20250901``, ``2025年9月1日``, ``D:20250901...`` (PDF) and
    ``September 1, 2025`` / ``1 September 2025``. Ambiguous ``01/09/2025``
    is not accepted here (see ``infer_meta`` for the byline rule).
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    s = value.strip()
    if s.startswith("D:"):
        s = s[2:]
    m = (re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])", s)
         or re.match(r"^(\d{4})(\d{2})(\d{2})(?:$|\d|[T\s+\-Z'])", s)
         or re.match(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", s))
    if m:
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(rf"^{_MONTH_RE}\s+(\d{{1,2}}),?\s+(\d{{4}})$", s, re.IGNORECASE)
    if m:
        return _ymd(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = re.match(rf"^(\d{{1,2}})\s+{_MONTH_RE},?\s+(\d{{4}})$", s, re.IGNORECASE)
    if m:
        return _ymd(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def _ymd(y: int, m: int, d: int) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- language and script


def infer_language(text: str) -> str:
    """``zh``, ``en`` or ``mixed`` from CJK characters against Latin words.

    A document is ``mixed`` when neither side has 80 % of the weighted content
    AND each language fills at least two paragraphs (so a Chinese text with
    one stray English paragraph stays ``zh``). No CJK at all is ``en``.
    """
    text = _URLISH.sub(" ", text)
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(text))
    if cjk == 0:
        return "en"
    if words == 0:
        return "zh"
    share = cjk / (cjk + _WORD_WEIGHT * words)
    if share >= 0.8:
        return "zh"
    if share <= 0.2:
        return "en"
    zh_paras = en_paras = 0
    for para in text.split("\n"):
        c, w = len(_CJK.findall(para)), len(_WORD.findall(para))
        if c + w < 4:
            continue
        if c >= _WORD_WEIGHT * w:
            zh_paras += 1
        else:
            en_paras += 1
    if zh_paras >= 2 and en_paras >= 2:
        return "mixed"
    return "zh" if share >= 0.5 else "en"


_converters: dict[str, object] = {}


def _converter(config: str) -> object:
    """A cached OpenCC converter (``t2s`` or ``s2t``)."""
    conv = _converters.get(config)
    if conv is None:
        import opencc

        conv = _converters[config] = opencc.OpenCC(f"{config}.json")
    return conv


# char -> (is Traditional-only, is Simplified-only), learnt once per process
_SCRIPT_OF: dict[str, tuple[bool, bool]] = {}


def infer_script(text: str) -> str | None:
    """``hans``/``hant`` by the majority of characters that tell the scripts apart.

    A character counts for Traditional when OpenCC's t2s changes it and for
    Simplified when s2t changes it; each occurrence counts. None without CJK;
    ``hans`` when no character distinguishes the two.
    """
    counts = Counter(_CJK.findall(text))
    if not counts:
        return None
    new = [c for c in counts if c not in _SCRIPT_OF]
    if new:
        joined = "\n".join(new)
        to_simp = _converter("t2s").convert(joined).split("\n")  # type: ignore[attr-defined]
        to_trad = _converter("s2t").convert(joined).split("\n")  # type: ignore[attr-defined]
        if len(to_simp) != len(new) or len(to_trad) != len(new):  # pragma: no cover - defensive
            return None
        for c, simp_c, trad_c in zip(new, to_simp, to_trad, strict=True):
            _SCRIPT_OF[c] = (simp_c != c, trad_c != c)
    trad = sum(n for c, n in counts.items() if _SCRIPT_OF[c][0])
    simp = sum(n for c, n in counts.items() if _SCRIPT_OF[c][1])
    return "hant" if trad > simp else "hans"


# ---------------------------------------------------------------- kind

_SELF_MEDIA_URL = (
    (re.compile(r"(^|\.)163\.com$"), re.compile(r"^/dy/")),
    (re.compile(r"(^|\.)sohu\.com$"), re.compile(r"^/a/")),
    (re.compile(r"^baijiahao\.baidu\.com$"), None),
    (re.compile(r"(^|\.)toutiao\.com$"), None),
    (re.compile(r"(^|\.)weixin\.qq\.com$|^mp\.weixin"), None),
    (re.compile(r"(^|\.)zhihu\.com$"), None),
    (re.compile(r"(^|\.)(xueqiu\.com|douyin\.com|bilibili\.com|weibo\.com|weibo\.cn)$"), None),
)
_REFERENCE_URL = re.compile(r"wiki|baike|britannica|(^|\.)hudong\.com$")
_OFFICIAL_URL = re.compile(
    r"(^|\.)gov\.cn$|(^|\.)gov(\.[a-z]{2,3})?$|\.gov\.|(^|\.)gc\.ca$|(^|\.)mil\.cn$"
    r"|(^|\.)(mfa|mea|mid|fmprc)\.|(^|\.)fmprc\.|sectsco\.org$|(^|\.)kremlin\.ru$|(^|\.)un\.org$"
    r"|(^|\.)president\.|(^|\.)akorda\.kz$")
_NEWS_URL = re.compile(
    r"xinhua|(^|\.)news\.cn$|people\.com\.cn|chinadaily|(^|\.)tass\.(com|ru)$|(^|\.)24\.kg$|cctv|cntv"
    r"|(^|\.)gmw\.cn$|china\.com\.cn|(^|\.)hk01\.com$|crntt|etnet|aastocks|chinanews|thepaper"
    r"|(^|\.)ifeng\.com$|scmp|reuters|apnews|bbc\.|cgtn|globaltimes|(^|\.)cnr\.cn$|(^|\.)ce\.cn$"
    r"|(^|\.)youth\.cn$|(^|\.)stdaily|(^|\.)cankaoxiaoxi|(^|\.)zaobao|(^|\.)rfi\.|(^|\.)dw\.com$"
    r"|(^|\.)ria\.ru$|(^|\.)sputnik|(^|\.)kabar\.kg$|(^|\.)akipress|(^|\.)news\.|^news\.")
_NEWS_PATH = re.compile(r"news|/c_\d+\.htm|/content_\d+\.htm|/article/|/doc/\d", re.IGNORECASE)

_SELF_MEDIA_TEXT = re.compile(r"网易号|百家号|本平台仅提供信息存储服务|頭條號|头条号|搜狐号|企鹅号|大鱼号")
_SELF_MEDIA_EDGE = re.compile(r"自媒体|自媒體|个人原创|個人原創|申请入驻|作者原创")
_REFERENCE_TEXT = re.compile(r"维基百科|維基百科|百度百科|互动百科|自由的百科全书|自由的百科全書|Wikipedia")
_NEWS_TEXT = re.compile(
    r"(?:新华社|新華社|中新社|中评社|中評社|人民网|人民網|央视网|央視網|国际在线|國際在線|法新社|路透社|塔斯社)"
    r"[^\n。]{0,12}?(?:\d{1,2}月\d{1,2}日)?[电電]"
    r"|[（(]?记者[^\n]{0,12}[）)]|[（(]?記者[^\n]{0,12}[）)]|来源[:：]\s*(?:新华网|新华社|人民网|央视)"
    r"|來源[:：]\s*(?:新華網|新華社)|/TASS/|\(Xinhua\)|<匯港通訊>|责任编辑|責任編輯")


def _signs_text(loaded: Loaded, clean_text: str) -> str:
    """Where to look for site signs and bylines: the full text, since cleaning
    removes exactly the boilerplate (网易号 bars, 发布时间 lines) that tells them."""
    return loaded.text if loaded.text.strip() else clean_text


def infer_kind(source: SourceFile, loaded: Loaded, clean_text: str) -> tuple[str, str]:
    """``(kind, reason)``, first that applies: the manifest's kind; a self-media URL;
    a self-media sign in the text (beats a news URL, not an official or reference
    one); the URL's site; reference or news signs in the text; else unknown.
    Text signs are read in ``loaded.text`` (boilerplate included) when there is one.
    """
    text = _signs_text(loaded, clean_text)
    entry = source.manifest
    if entry and entry.kind and entry.kind.strip().lower() in DOC_KINDS:
        return entry.kind.strip().lower(), "manifest"
    url = (entry.url if entry and entry.url else None) or loaded.url
    url_kind, url_reason = _kind_from_url(url) if url else (None, "")
    if url_kind == "self-media":
        return url_kind, url_reason
    head = text[:1500]
    m = _SELF_MEDIA_TEXT.search(text) or _edge_sign(text)
    if m and url_kind not in ("official", "reference"):
        return "self-media", f"text says {m.group(0)!r}"
    if url_kind:
        return url_kind, url_reason
    m = _REFERENCE_TEXT.search(head)
    if m:
        return "reference", f"text says {m.group(0)!r}"
    m = _NEWS_TEXT.search(text[:5000])
    if m:
        return "news", f"text has {m.group(0).strip()!r}"
    return "unknown", "no manifest kind, known site or sign in the text"


def _edge_sign(text: str) -> re.Match[str] | None:
    """A weak self-media sign (自媒体, 个人原创...) in a short boilerplate-like line at either end.

    Body sentences that merely talk about self-media do not count.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    for line in lines[:15] + lines[-15:]:
        if len(line.strip()) <= 60:
            m = _SELF_MEDIA_EDGE.search(line)
            if m:
                return m
    return None


def _kind_from_url(url: str) -> tuple[str | None, str]:
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None, ""
    if host.startswith("www."):
        host = host[4:]
    path = parts.path or "/"
    for host_re, path_re in _SELF_MEDIA_URL:
        if host_re.search(host) and (path_re is None or path_re.search(path)):
            return "self-media", f"url {host}{path_re.pattern.strip('^') if path_re else ''}"
    if _REFERENCE_URL.search(host) or path.startswith("/wiki/"):
        return "reference", f"url {host} is a reference work"
    if _OFFICIAL_URL.search(host):
        return "official", f"url {host} is a government or SCO site"
    if _NEWS_URL.search(host):
        return "news", f"url {host} is a news site"
    if _NEWS_PATH.search(path):
        return "news", f"url path of {host} looks like a news article"
    return None, ""


# ---------------------------------------------------------------- published

_DATELINE_ZH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日\s*[电電]")
_DATELINE_EN = re.compile(rf"(?m)^\s*[A-Z][A-Z .'\-]{{1,30}},\s+{_MONTH_RE}\s+(\d{{1,2}})\b")
_FULL_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FULL_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_FULL_EN = re.compile(rf"{_MONTH_RE}\s+(\d{{1,2}}),?\s+(\d{{4}})", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(199\d|20\d\d|2100)(?!\d)")
_BYLINE = re.compile(
    r"(?:(?:发布|發布|發佈|发表|發表|更新)(?:时间|時間|日期)|来源|來源|Published|Posted|Updated"
    r"|(?:日期|时间|時間)\s*[:：])[^\n\d]{0,20}?(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", re.IGNORECASE)
_STANDALONE_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_STANDALONE = re.compile(
    rf"^\s*(?:(\d{{4}})[-/.年](\d{{1,2}})[-/.月](\d{{1,2}})日?|{_MONTH_RE}\s+(\d{{1,2}}),?\s+(\d{{4}}))"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$", re.IGNORECASE)
_TOP_LINES = 20


def infer_published(source: SourceFile, loaded: Loaded, clean_text: str) -> tuple[str | None, str | None]:
    """``(ISO date, source)``: manifest, file metadata, byline near the top, then dateline.

    Bylines and datelines are read in ``loaded.text`` when there is one (cleaning may
    remove a "发布时间" line as boilerplate).
    """
    entry = source.manifest
    if entry and entry.published:
        iso = normalize_date(entry.published)
        if iso:
            return iso, "manifest"
    if loaded.published:
        iso = normalize_date(loaded.published)
        if iso:
            return iso, loaded.format if loaded.format in ("html", "pdf") else "file"
    text = _signs_text(loaded, clean_text)
    iso = _byline_date(text)
    if iso:
        return iso, "byline"
    iso = _dateline_date(text)
    if iso:
        return iso, "dateline"
    return None, None


def _top_lines(text: str, n: int = _TOP_LINES) -> list[str]:
    lines = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
            if len(lines) >= n:
                break
    return lines


def _byline_date(text: str) -> str | None:
    for line in _top_lines(text):
        m = _BYLINE.search(line)
        if m:
            iso = _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
        m = _STANDALONE_DMY.match(line)
        if m:  # Hong Kong sites: day/month/year (month/day/year only when that is the sole reading)
            day, month = int(m.group(1)), int(m.group(2))
            if month > 12 >= day:
                day, month = month, day
            iso = _ymd(int(m.group(3)), month, day)
            if iso:
                return iso
        m = _STANDALONE.match(line)
        if m:
            if m.group(1):
                iso = _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            else:
                iso = _ymd(int(m.group(6)), _MONTHS[m.group(4).lower().rstrip(".")], int(m.group(5)))
            if iso:
                return iso
    return None


def _dateline_date(text: str) -> str | None:
    m = _DATELINE_ZH.search(text)
    if m:
        month, day = int(m.group(2)), int(m.group(3))
        year = int(m.group(1)) if m.group(1) else _infer_year(text, month, day)
    else:
        m = _DATELINE_EN.search(text[:3000])
        if not m:
            return None
        month, day = _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))
        year = _infer_year(text, month, day)
    return _ymd(year, month, day) if year else None


def _infer_year(text: str, month: int, day: int) -> int | None:
    """The year of a full date with this month/day, else the commonest year in the first half."""
    for m in _FULL_ZH.finditer(text):
        if (int(m.group(2)), int(m.group(3))) == (month, day):
            return int(m.group(1))
    for m in _FULL_ISO.finditer(text):
        if (int(m.group(2)), int(m.group(3))) == (month, day) and 1990 <= int(m.group(1)) <= 2100:
            return int(m.group(1))
    for m in _FULL_EN.finditer(text):
        if (_MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))) == (month, day):
            return int(m.group(3))
    years = Counter(int(y) for y in _YEAR.findall(text[: max(1, len(text) // 2)]))
    if not years:
        return None
    first_seen = {y: i for i, y in reversed(list(enumerate(int(v) for v in _YEAR.findall(text))))}
    return max(years, key=lambda y: (years[y], -first_seen.get(y, 0)))


# ---------------------------------------------------------------- title

_NAV = re.compile(r" > |>>|»|首页|首頁|跳转|跳轉|点击|點擊|分享|朋友圈|登录|登錄|注册|註冊|扫一扫|掃一掃|"
                  r"打开App|打開App|返回|菜单|菜單|申请入驻|订阅|訂閱|正在阅读|正在閱讀|来源|來源|责任编辑|責任編輯|"
                  r"作者[:：]|Skip to|Menu|Sign in|Log in",
                  re.IGNORECASE)
_SENTENCE_END = ("。", "；", "，", ";", ",", "：", ":", "！", "？")
_BARE_DATE = re.compile(r"^[\d\s:/.\-年月日号時时分秒()（）]+$")
_LETTERS = re.compile(r"[A-Za-z\u3400-\u9fff]")


def infer_title(source: SourceFile, loaded: Loaded, clean_text: str) -> str | None:
    """Manifest title, file title, else the first short heading-like line among the
    first 10 non-empty lines of ``clean_text`` (then of ``loaded.text``)."""
    if source.manifest and source.manifest.title and source.manifest.title.strip():
        return source.manifest.title.strip()
    if loaded.title:
        return loaded.title.strip() or None
    for text in (clean_text, loaded.text):
        for line in _top_lines(text, 10):
            cand = line.strip().strip("•●·*#").strip()
            if _is_title_like(cand):
                return cand
    return None


def _is_title_like(line: str) -> bool:
    has_cjk = bool(_CJK.search(line))
    limit = 60 if has_cjk else 100  # Latin titles spend more characters per word
    if not 5 <= len(line) <= limit or len(_LETTERS.findall(line)) < 4:
        return False
    if line.endswith(_SENTENCE_END) or (not has_cjk and line.endswith(".")):
        return False
    if not has_cjk and len(_WORD.findall(line)) < 3:
        return False  # "Media Center", "Home"
    return not (_NAV.search(line) or _BARE_DATE.match(line))


# ---------------------------------------------------------------- all together


def infer_meta(source: SourceFile, loaded: Loaded, clean_text: str) -> DocumentMeta:
    """All metadata for one document (see each ``infer_*`` for the rules)."""
    published, published_source = infer_published(source, loaded, clean_text)
    kind, kind_reason = infer_kind(source, loaded, clean_text)
    return DocumentMeta(
        title=infer_title(source, loaded, clean_text),
        published=published,
        published_source=published_source,
        language=infer_language(clean_text if clean_text.strip() else loaded.text),
        script=infer_script(clean_text if clean_text.strip() else loaded.text),
        kind=kind,
        kind_reason=kind_reason,
    )
