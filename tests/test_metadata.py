"""metadata: language, script, kind, publication date and title."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from scotrack.metadata import (
    infer_kind,
    infer_language,
    infer_meta,
    infer_published,
    infer_script,
    infer_title,
    normalize_date,
)
from scotrack.model import Loaded, ManifestEntry, SourceFile

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"

# Sample texts written for these tests.
ZH_PARA = "上海合作组织成员国领导人在会议上回顾了过去一年的合作成果，并就下一阶段的工作交换了意见。"
EN_PARA = "Leaders of the member states reviewed the results of cooperation over the past year and exchanged views."
HANT_PARA = "上海合作組織成員國領導人在會議上回顧了過去一年的合作成果，並就下一階段的工作交換了意見。"


def src(manifest: ManifestEntry | None = None, name: str = "doc.txt") -> SourceFile:
    return SourceFile(path=name, abspath="/x/" + name, raw=b"", sha256=hashlib.sha256(b"").hexdigest(),
                      manifest=manifest)


def loaded(text: str = "", **kw: object) -> Loaded:
    return Loaded(text=text, format=str(kw.pop("format", "txt")), **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("value,expected", [
    ("2025-09-01", "2025-09-01"),
    ("2025/9/1", "2025-09-01"),
    ("2025.09.01", "2025-09-01"),
    ("20250901", "2025-09-01"),
    ("2025-09-02T07:30:00+08:00", "2025-09-02"),
    ("2025-09-02 21:45:10", "2025-09-02"),
    ("2025年9月1日", "2025-09-01"),
    ("D:20250901120000+08'00'", "2025-09-01"),
    ("September 1, 2025", "2025-09-01"),
    ("1 Sept 2025", "2025-09-01"),
    ("Jul. 10, 2024", "2024-07-10"),
    (date(2024, 7, 10), "2024-07-10"),
    (datetime(2024, 7, 10, 23, 59), "2024-07-10"),
    ("2025-02-30", None),
    ("01/09/2025", None),
    ("next week", None),
    ("", None),
    (None, None),
    (20250901, None),
])
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


# ------------------------------------------------------------------ language


def test_language_zh_en_mixed() -> None:
    assert infer_language(ZH_PARA * 5) == "zh"
    assert infer_language(EN_PARA * 5) == "en"
    bilingual = "\n".join([ZH_PARA, EN_PARA] * 4)
    assert infer_language(bilingual) == "mixed"


def test_language_one_stray_english_line_stays_zh() -> None:
    text = EN_PARA + "\n" + "\n".join([ZH_PARA] * 3)
    assert infer_language(text) == "zh"


def test_language_ignores_urls_and_handles_no_letters() -> None:
    text = ZH_PARA + "\n原文链接 https://www.example.com/some/long/english/looking/path/words/here"
    assert infer_language(text) == "zh"
    assert infer_language("2025 - 09 - 01") == "en"


# ------------------------------------------------------------------ script


def test_script() -> None:
    assert infer_script(ZH_PARA) == "hans"
    assert infer_script(HANT_PARA) == "hant"
    assert infer_script(EN_PARA) is None
    assert infer_script("") is None
    # a few simplified-only characters in a traditional text do not flip it
    assert infer_script(HANT_PARA * 3 + "这个") == "hant"


# ------------------------------------------------------------------ kind


@pytest.mark.parametrize("url,kind", [
    ("https://www.mfa.gov.cn/eng/example/t0001.html", "official"),
    ("http://www.gov.cn/xinwen/2025-09/01/content_1.htm", "official"),
    ("https://www.mea.gov.in/documents.htm?dtl/1", "official"),
    ("https://www.fmprc.gov.cn/web/x.shtml", "official"),
    ("http://eng.sectsco.org/news/20250901/1.html", "official"),
    ("https://www.whitehouse.gov/briefing/", "official"),
    ("http://www.news.cn/politics/2025-09/01/c_1.htm", "news"),
    ("https://tass.com/world/1000001", "news"),
    ("https://24.kg/english/100001_example/", "news"),
    ("http://paper.people.com.cn/rmrb/html/2025-09/02/nw.htm", "news"),
    ("https://www.hk01.com/x/10000001/y", "news"),
    ("https://hk.crntt.com/doc/1000/2/3/4/100023456.html", "news"),
    ("http://aastocks.com.hk/tc/stocks/analysis/x.aspx", "news"),
    ("https://www.etnet.com.hk/www/tc/news/x.php", "news"),
    ("https://world.gmw.cn/2025-01/02/content_1234567.htm", "news"),
    ("http://m.example-mirror.cn/world/2019-01/15/c_1000000001.htm", "news"),
    ("https://zh.wikipedia.org/wiki/SCO", "reference"),
    ("https://baike.baidu.com/item/x", "reference"),
    ("https://www.163.com/dy/article/ABC.html", "self-media"),
    ("https://www.sohu.com/a/12345_678", "self-media"),
    ("https://baijiahao.baidu.com/s?id=1", "self-media"),
    ("https://mp.weixin.qq.com/s/abc", "self-media"),
    ("https://zhuanlan.zhihu.com/p/1", "self-media"),
    ("https://www.toutiao.com/article/1/", "self-media"),
])
def test_kind_from_url(url: str, kind: str) -> None:
    got, reason = infer_kind(src(ManifestEntry(file="doc.txt", url=url)), loaded(), ZH_PARA)
    assert got == kind and reason


def test_news_163_is_news_but_dy_is_self_media() -> None:
    assert infer_kind(src(ManifestEntry("d", url="https://news.163.com/25/0901/a.html")), loaded(), "")[0] == "news"


def test_manifest_kind_wins() -> None:
    entry = ManifestEntry(file="doc.txt", url="https://tass.com/x", kind="official")
    assert infer_kind(src(entry), loaded(), "网易号 自媒体") == ("official", "manifest")


def test_loaded_url_used_without_manifest() -> None:
    assert infer_kind(src(), loaded(url="https://www.mfa.gov.cn/x"), ZH_PARA)[0] == "official"


def test_self_media_text_beats_news_url() -> None:
    text = "某某号 > 网易号 > 正文\n据新华社北京9月1日电 " + ZH_PARA + "\n本平台仅提供信息存储服务。"
    kind, reason = infer_kind(src(ManifestEntry("d", url="https://tass.com/x")), loaded(), text)
    assert kind == "self-media" and "网易号" in reason


def test_kind_from_text_signs() -> None:
    assert infer_kind(src(), loaded(), "百家号 作者原创\n" + ZH_PARA)[0] == "self-media"
    assert infer_kind(src(), loaded(), "维基百科，自由的百科全书\n" + ZH_PARA)[0] == "reference"
    assert infer_kind(src(), loaded(), "新华社北京9月1日电 " + ZH_PARA)[0] == "news"
    assert infer_kind(src(), loaded(), "中評社香港9月2日電（記者 王某）" + HANT_PARA)[0] == "news"
    assert infer_kind(src(), loaded(), "来源:新华网\n" + ZH_PARA)[0] == "news"
    assert infer_kind(src(), loaded(), "BEIJING, Sept. 1 (Xinhua) -- " + EN_PARA)[0] == "news"


def test_body_talk_about_self_media_is_not_a_sign() -> None:
    text = "新华社北京9月1日电 有关部门近日发布通知，要求各地加强对自媒体账号的管理，" + ZH_PARA * 2
    assert infer_kind(src(), loaded(), text)[0] == "news"
    assert infer_kind(src(), loaded(), ZH_PARA + "\n本文为作者原创，未经授权禁止转载")[0] == "self-media"


def test_statement_words_alone_are_not_official() -> None:
    kind, reason = infer_kind(src(), loaded(), "联合声明全文如下：\n" + ZH_PARA + "\n声明如下")
    assert kind == "unknown" and reason


# ------------------------------------------------------------------ published


def test_published_precedence() -> None:
    text = "发布时间:2025-09-03 08:00\n新华社天津9月1日电 " + ZH_PARA
    m = ManifestEntry("d", published="2025-09-05")
    assert infer_published(src(m), loaded(published="2025-09-04", format="html"), text) == ("2025-09-05", "manifest")
    assert infer_published(src(), loaded(published="2025-09-04", format="html"), text) == ("2025-09-04", "html")
    assert infer_published(src(), loaded(published="2025-09-04", format="pdf"), text) == ("2025-09-04", "pdf")
    assert infer_published(src(), loaded(), text) == ("2025-09-03", "byline")
    assert infer_published(src(), loaded(), text.split("\n", 1)[1]) == (None, None)  # no year anywhere


@pytest.mark.parametrize("text,expected", [
    ("标题\n发布时间:2025-09-02 11:20:05 | 来源:示例网\n" + ZH_PARA, "2025-09-02"),
    ("标题\n来源:新华社2025-09-02 17:45\n" + ZH_PARA, "2025-09-02"),
    ("  • 登入\n標題\n\n02/09/2025\n\n" + HANT_PARA, "2025-09-02"),
    ("Media Center\nSome Declaration Title\nJuly 10, 2024\n" + EN_PARA, "2024-07-10"),
    ("日期：2024年6月15日\n" + ZH_PARA, "2024-06-15"),
    ("Title line here\n09/25/2025\n" + EN_PARA, "2025-09-25"),  # only month/day/year fits
])
def test_byline_dates(text: str, expected: str) -> None:
    assert infer_published(src(), loaded(), text) == (expected, "byline")


def test_infobox_date_without_colon_is_not_a_byline() -> None:
    assert infer_published(src(), loaded(), "日期2025年8月31日-9月1日\n" + ZH_PARA) == (None, None)


@pytest.mark.parametrize("text,expected", [
    # the year of a full date with the same month/day
    ("据新华社天津9月1日电 " + ZH_PARA * 3 + "任期从2024年6月到2025年9月1日结束", "2025-09-01"),
    # the year in the dateline itself
    ("2025年9月1日电 " + ZH_PARA, "2025-09-01"),
    # traditional dateline, year from the most frequent year in the first half
    ("新華社某城6月14日電 會議於2019年夏季舉行，2019年 " + HANT_PARA * 4 + " 2030年 2031年 2032年",
     "2019-06-14"),
    ("中评社天津9月2日电 2025年的峰会 " + ZH_PARA, "2025-09-02"),
    ("ASTANA, July 4. /TASS/. The 2024 meeting went on. " + EN_PARA, "2024-07-04"),
])
def test_dateline_dates(text: str, expected: str) -> None:
    assert infer_published(src(), loaded(), text) == (expected, "dateline")


def test_bad_manifest_date_falls_through() -> None:
    m = ManifestEntry("d", published="soon")
    assert infer_published(src(m), loaded(), "2025年9月1日电 ") == ("2025-09-01", "dateline")


# ------------------------------------------------------------------ title


def test_title_precedence() -> None:
    text = "正文标题在这里出现\n" + ZH_PARA
    assert infer_title(src(ManifestEntry("d", title=" 清单标题 ")), loaded(title="网页标题"), text) == "清单标题"
    assert infer_title(src(), loaded(title="网页标题"), text) == "网页标题"
    assert infer_title(src(), loaded(), text) == "正文标题在这里出现"


def test_title_skips_navigation_dates_and_sentences() -> None:
    text = "\n".join([
        "跳转至正文", "首页 > 频道 > 正文", "分享至", "2025-09-01", "02/09/2025",
        "点击这里分享给好友", "正在阅读:某某声明", ZH_PARA, "这是一个以逗号结尾的短行，",
        "上合组织会议在莫斯科闭幕",
    ])
    assert infer_title(src(), loaded(), text) == "上合组织会议在莫斯科闭幕"


def test_title_none_when_nothing_fits() -> None:
    assert infer_title(src(), loaded(), ZH_PARA * 2) is None
    assert infer_title(src(), loaded(), "Media Center\n" + EN_PARA) is None
    assert infer_title(src(), loaded(), "") is None


def test_title_only_from_first_ten_lines() -> None:
    text = "\n".join([ZH_PARA] * 10 + ["迟到的标题行"])
    assert infer_title(src(), loaded(), text) is None


def test_signs_removed_by_cleaning_still_count() -> None:
    full = "首页 > 网易号 > 正文页\n会议标题在此\n发布时间:2025-11-19 10:00\n" + ZH_PARA
    clean = "会议标题在此\n" + ZH_PARA  # what cleaning kept
    meta = infer_meta(src(), loaded(full), clean)
    assert meta.kind == "self-media"
    assert (meta.published, meta.published_source) == ("2025-11-19", "byline")
    assert meta.title == "会议标题在此"


def test_infer_meta_combines_everything() -> None:
    text = "天津峰会闭幕\n新华社天津9月1日电 2025年9月1日，" + ZH_PARA
    meta = infer_meta(src(), loaded(text), text)
    assert (meta.title, meta.published, meta.published_source) == ("天津峰会闭幕", "2025-09-01", "dateline")
    assert (meta.language, meta.script, meta.kind) == ("zh", "hans", "news")
    assert meta.kind_reason


# ------------------------------------------------------------------ real corpus


@pytest.fixture(scope="module")
def corpus_meta() -> dict[str, object]:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    manifest: dict[str, ManifestEntry] = {}
    for line in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            manifest[row["file"]] = ManifestEntry(file=row["file"], url=row.get("url"),
                                                  published=row.get("published"))
    out = {}
    for f in sorted(CORPUS.glob("*.txt")):
        text = f.read_text(encoding="utf-8").replace("\r\n", "\n")
        source = SourceFile(path=f.name, abspath=str(f), raw=b"", sha256="", manifest=manifest.get(f.name))
        out[f.name] = infer_meta(source, Loaded(text=text, format="txt"), text)
    return out


def _meta(corpus_meta: dict[str, object], prefix: str):  # type: ignore[no-untyped-def]
    [name] = [n for n in corpus_meta if n.startswith(prefix)]
    return corpus_meta[name]


def test_corpus_script(corpus_meta: dict[str, object]) -> None:
    assert _meta(corpus_meta, "25_").script == "hant"
    assert _meta(corpus_meta, "08_").script == "hant"
    assert _meta(corpus_meta, "000_").script == "hans"
    assert _meta(corpus_meta, "15_").script is None


def test_corpus_language(corpus_meta: dict[str, object]) -> None:
    assert _meta(corpus_meta, "35_").language == "mixed"
    assert _meta(corpus_meta, "47_").language == "mixed"
    assert _meta(corpus_meta, "15_").language == "en"
    assert _meta(corpus_meta, "11_").language == "zh"  # one English paragraph on top
    assert _meta(corpus_meta, "000_").language == "zh"


def test_corpus_kind(corpus_meta: dict[str, object]) -> None:
    m003 = _meta(corpus_meta, "003_")
    assert m003.kind == "self-media" and "网易号" in m003.kind_reason
    assert _meta(corpus_meta, "000_").kind == "news"
    assert _meta(corpus_meta, "64_").kind == "official"
    assert _meta(corpus_meta, "40_").kind == "official"
    assert _meta(corpus_meta, "62_").kind == "reference"
    assert _meta(corpus_meta, "20_").kind == "news"


def test_corpus_published(corpus_meta: dict[str, object]) -> None:
    m000 = _meta(corpus_meta, "000_")
    assert (m000.published, m000.published_source) == ("2025-09-01", "dateline")
    m02 = _meta(corpus_meta, "02_")
    assert (m02.published, m02.published_source) == ("2025-09-01", "manifest")
    assert _meta(corpus_meta, "62_").published is None  # the infobox date is not a publication date
    assert _meta(corpus_meta, "003_").published is None


def _lines(prefix: str) -> list[str]:
    [f] = list(CORPUS.glob(prefix + "*.txt"))
    return [line.strip() for line in f.read_text(encoding="utf-8").split("\n") if line.strip()]


def test_corpus_titles(corpus_meta: dict[str, object]) -> None:
    # compared with the file's own lines, read at run time
    assert _meta(corpus_meta, "000_").title == _lines("000_")[0]
    assert _meta(corpus_meta, "003_").title == _lines("003_")[1]  # line 1 is site navigation
    assert _meta(corpus_meta, "62_").title == _lines("62_")[1]  # line 1 is a skip link
    assert _meta(corpus_meta, "05_").title == _lines("05_")[5]  # after share prompts and breadcrumbs
    assert _meta(corpus_meta, "15_").title is None  # only sentences near the top


def test_corpus_bylines_without_manifest(corpus_meta: dict[str, object]) -> None:
    # what the text alone says, checked against the manifest's dates
    for prefix, expected, how in (("11_", "2025-09-02", "byline"), ("25_", "2025-09-02", "byline"),
                                  ("05_", "2025-09-02", "byline"), ("08_", "2025-09-02", "dateline"),
                                  ("55_", "2019-06-14", "dateline")):
        [f] = list(CORPUS.glob(prefix + "*.txt"))
        text = f.read_text(encoding="utf-8")
        assert infer_published(src(), loaded(text), text) == (expected, how), prefix
