"""Readers: decoding, HTML extraction, PDF text layers, and clean rejections."""

from __future__ import annotations

import codecs
import hashlib
import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scotrack.errors import RejectedInput
from scotrack.model import ManifestEntry, SourceFile
from scotrack.readers import read
from scotrack.readers.text import decode, sniff_binary

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"

# Sample texts written for these tests (not taken from the corpus).
SIMPLIFIED = (
    "上海合作组织成员国领导人在天津举行会晤，回顾了组织成立以来走过的道路，"
    "一致认为各方应当继续坚持互信、互利、平等、协商的原则，深化在安全、经济和人文领域的合作。"
    "会议批准了今后十年的发展规划，决定筹建开发银行，并同意设立若干新的合作中心。"
    "与会代表还就地区形势和国际问题交换了意见，表示愿意共同应对恐怖主义、毒品走私等威胁，"
    "推动贸易便利化，扩大本币结算，加强青年、教育、旅游和媒体方面的交流。"
)
TRADITIONAL = (
    "上海合作組織成員國領導人在天津舉行會晤，回顧了組織成立以來走過的道路，"
    "一致認為各方應當繼續堅持互信、互利、平等、協商的原則，深化在安全、經濟和人文領域的合作。"
    "會議批准了今後十年的發展規劃，決定籌建開發銀行，並同意設立若干新的合作中心。"
    "與會代表還就地區形勢和國際問題交換了意見，表示願意共同應對恐怖主義、毒品走私等威脅，"
    "推動貿易便利化，擴大本幣結算，加強青年、教育、旅遊和媒體方面的交流。"
)


def src(raw: bytes, name: str = "doc.txt", manifest: ManifestEntry | None = None) -> SourceFile:
    return SourceFile(path=name, abspath="/tmp/" + name, raw=raw, sha256=hashlib.sha256(raw).hexdigest(),
                      manifest=manifest)


def rejection(raw: bytes, name: str = "doc.txt") -> RejectedInput:
    with pytest.raises(RejectedInput) as info:
        read(src(raw, name))
    assert info.value.path == name
    assert str(info.value).strip(), "a rejection must say what to do"
    return info.value


# ------------------------------------------------------------------ text: encodings


def test_sample_texts_are_realistic_length() -> None:
    assert len(SIMPLIFIED) >= 180 and len(TRADITIONAL) >= 180


def test_utf8_without_bom_is_certain() -> None:
    loaded = read(src(SIMPLIFIED.encode("utf-8")))
    assert loaded.text == SIMPLIFIED
    assert (loaded.encoding, loaded.encoding_guessed, loaded.encoding_confidence) == ("utf-8", False, None)
    assert loaded.flags == [] and loaded.format == "txt"


def test_utf8_bom_is_dropped_not_kept_in_text() -> None:
    loaded = read(src(codecs.BOM_UTF8 + "天津峰会\n".encode()))
    assert loaded.text == "天津峰会\n"
    assert "\ufeff" not in loaded.text
    assert loaded.encoding == "utf-8-sig" and not loaded.encoding_guessed


@pytest.mark.parametrize("text", [SIMPLIFIED, "上合组织峰会在天津举行"])
def test_gbk_is_guessed_as_gb18030_with_a_flag(text: str) -> None:
    loaded = read(src(text.encode("gbk")))
    assert loaded.text == text
    assert loaded.encoding == "gb18030" and loaded.encoding_guessed
    assert loaded.encoding_confidence is not None and 0.5 <= loaded.encoding_confidence < 1.0
    [flag] = loaded.flags
    assert (flag.kind, flag.start, flag.end) == ("encoding", 0, 0)
    assert flag.detail == f"decoded as gb18030 (guessed, confidence {loaded.encoding_confidence:.2f})"


def test_guess_confidence_grows_with_length() -> None:
    short = read(src("上合组织峰会".encode("gbk"))).encoding_confidence
    long = read(src(SIMPLIFIED.encode("gbk"))).encoding_confidence
    assert short is not None and long is not None
    assert short < long < 1.0


def test_gb18030_four_byte_characters() -> None:
    text = SIMPLIFIED + "符号€与罕见字𠀀"
    loaded = read(src(text.encode("gb18030")))
    assert loaded.text == text and loaded.encoding == "gb18030"


@pytest.mark.parametrize("text", [TRADITIONAL, "上合組織峰會在天津舉行"])
def test_big5_is_guessed(text: str) -> None:
    loaded = read(src(text.encode("big5")))
    assert loaded.text == text
    assert loaded.encoding in ("big5", "cp950", "big5hkscs")
    assert loaded.encoding_guessed and loaded.flags[0].kind == "encoding"
    if len(text) > 100:  # the Big5 variants agree with each other; that is no doubt
        assert loaded.encoding_confidence is not None and loaded.encoding_confidence > 0.9


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    raw = ("\ufeff" + SIMPLIFIED + "\r\nSCO 2025\r\n").encode(codec)
    loaded = read(src(raw))
    assert loaded.text == SIMPLIFIED + "\nSCO 2025\n"
    assert loaded.encoding == codec and not loaded.encoding_guessed and loaded.flags == []


def test_utf16_without_bom_by_nul_pattern() -> None:
    text = "Shanghai Cooperation Organisation summit notes\n上合组织\n"
    for codec in ("utf-16-le", "utf-16-be"):
        loaded = read(src(text.encode(codec)))
        assert loaded.text == text
        assert loaded.encoding == codec and loaded.encoding_guessed
        assert loaded.flags[0].detail.startswith(f"decoded as {codec} (guessed")


def test_cp1252_western_text() -> None:
    text = "Résumé of the naïve café meeting — “quoted” remarks."
    loaded = read(src(text.encode("cp1252")))
    assert loaded.text == text
    assert loaded.encoding in ("cp1252", "latin-1") and loaded.encoding_guessed


def test_crlf_and_lone_cr_become_lf_and_nothing_else_changes() -> None:
    raw = "  标题  \r\n\r\n第一段\u3000\r第二段\t \r\n".encode("utf-8")
    loaded = read(src(raw))
    assert loaded.text == "  标题  \n\n第一段\u3000\n第二段\t \n"


def test_crlf_in_guessed_encoding_too() -> None:
    loaded = read(src(("第一行\r\n" + SIMPLIFIED).encode("gbk")))
    assert loaded.text == "第一行\n" + SIMPLIFIED


def test_markdown_and_uppercase_suffix() -> None:
    assert read(src(b"# Title\n\ntext", "notes.MD")).format == "md"
    assert read(src(b"plain", "NOTES.TXT")).text == "plain"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\r\n\t"),
               min_size=1))
def test_decode_utf8_roundtrip_property(text: str) -> None:
    decoded, encoding, guessed, _ = decode(text.encode("utf-8"))
    assert decoded == text.replace("\r\n", "\n").replace("\r", "\n")
    assert encoding == "utf-8" and not guessed


# ------------------------------------------------------------------ text: rejections


def test_unsupported_suffix() -> None:
    err = rejection(b"PK\x03\x04...", "report.docx")
    assert err.reason == "unsupported" and ".docx" in str(err)
    assert rejection(b"data", "README").reason == "unsupported"


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n", " \u3000\n".encode("utf-8"), codecs.BOM_UTF8,
                                 codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_and_whitespace_only(raw: bytes) -> None:
    assert rejection(raw).reason == "empty"


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
    b"GIF89a\x01\x00",
    b"PK\x03\x04\x14\x00\x00\x00",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"\x7fELF\x02\x01\x01\x00",
    b"abc\x00\x00\x01\x00\xff\xfe\x00\x00\x10\x00\x03def\x00\x02\x00",
])
def test_binary_content(raw: bytes) -> None:
    err = rejection(raw)
    assert err.reason == "binary"


def test_sniff_binary_names_the_format() -> None:
    assert sniff_binary(b"%PDF-1.4") == "a PDF file"
    assert sniff_binary("上合".encode()) is None


def test_undecodable_bytes() -> None:
    rng = random.Random(7)
    raw = bytes(b or 1 for b in rng.randbytes(4000))
    err = rejection(raw)
    assert err.reason == "undecodable" and "UTF-8" in str(err)


def test_bad_bom_is_undecodable() -> None:
    assert rejection(codecs.BOM_UTF8 + b"\xff\xfe\xfa abc").reason == "undecodable"


def test_third_party_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    import scotrack.readers.text as text_mod

    def boom(source: SourceFile) -> None:
        raise ValueError("library exploded")

    monkeypatch.setattr(text_mod, "read_text", boom)
    err = rejection(b"hello")
    assert err.reason == "undecodable" and isinstance(err.original, ValueError)


# ------------------------------------------------------------------ html

ARTICLE_HTML = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>上合组织峰会在天津闭幕</title>
<meta property="og:site_name" content="示例新闻网">
<meta property="article:published_time" content="2025-09-01T10:00:00+08:00">
<meta name="author" content="Li Ming">
<link rel="canonical" href="https://news.example.cn/2025/09/01/sco.html">
</head><body>
<nav><a href="/">首页</a> <a href="/world">国际</a></nav>
<header>示例新闻网 头部广告</header>
<article><h1>上合组织峰会在天津闭幕</h1>
<p>上海合作组织成员国元首理事会会议在天津闭幕，各国领导人签署并发表了宣言，批准了今后十年的发展规划。</p>
<p>会议决定筹建上海合作组织开发银行，并通过了加强安全、经济和人文合作的一系列文件。</p>
<p>各方一致认为应当继续弘扬互信互利、平等协商的精神，共同维护地区和平稳定与发展繁荣。</p>
<table><tr><td>成果文件</td><td>二十余份</td></tr></table>
</article>
<footer>版权所有 示例新闻网</footer><script>var tracking = "secret-script-text";</script>
</body></html>"""


def test_html_main_text_and_metadata_with_declared_gbk() -> None:
    raw = ARTICLE_HTML.format(charset="gb2312").encode("gbk")
    loaded = read(src(raw, "page.html"))
    assert loaded.format == "html"
    assert loaded.encoding == "gb18030" and not loaded.encoding_guessed
    assert "会议决定筹建上海合作组织开发银行" in loaded.text
    assert "secret-script-text" not in loaded.text and "头部广告" not in loaded.text
    assert "\n" in loaded.text and "\n\n" not in loaded.text
    assert loaded.title == "上合组织峰会在天津闭幕"
    assert loaded.published == "2025-09-01"
    assert loaded.url == "https://news.example.cn/2025/09/01/sco.html"
    assert loaded.site == "示例新闻网"


def test_html_lying_charset_falls_back_to_detection() -> None:
    raw = ARTICLE_HTML.format(charset="utf-8").encode("gbk")
    loaded = read(src(raw, "page.htm"))
    assert "开发银行" in loaded.text
    assert loaded.encoding == "gb18030" and loaded.encoding_guessed
    assert loaded.flags and loaded.flags[0].kind == "encoding"


def test_html_utf8_bom() -> None:
    raw = codecs.BOM_UTF8 + ARTICLE_HTML.format(charset="utf-8").encode("utf-8")
    assert "开发银行" in read(src(raw, "page.html")).text


def test_html_small_page_uses_body_fallback() -> None:
    raw = b"<html><body><nav>Home | World</nav><p>Ministers met in Tianjin.</p>" \
          b"<script>track()</script><footer>Copyright</footer></body></html>"
    loaded = read(src(raw, "small.html"))
    assert "Ministers met in Tianjin." in loaded.text
    assert "track()" not in loaded.text and "Copyright" not in loaded.text


def test_html_fallback_when_trafilatura_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    loaded = read(src(ARTICLE_HTML.format(charset="utf-8").encode("utf-8"), "p.html"))
    assert "开发银行" in loaded.text and "secret-script-text" not in loaded.text
    assert loaded.title is None


def test_broken_html_gives_text_or_clean_rejection() -> None:
    loaded = read(src(b"<div><p>unclosed <b>summit notes from the city\n<p>second paragraph", "b.html"))
    assert "summit notes from the city" in loaded.text and "second paragraph" in loaded.text
    for raw in (b"<<<<>>>>", b"<html><body><script>only()</script><style>p{}</style></body></html>",
                b"<html></html>"):
        err = rejection(raw, "b.html")
        assert err.reason == "no-main-text"


def test_html_binary_and_empty() -> None:
    assert rejection(b"\x89PNG\r\n\x1a\nxxxx", "x.html").reason == "binary"
    assert rejection(b"  \n", "x.html").reason == "empty"


# ------------------------------------------------------------------ pdf


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text line per string, one list per page."""
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    page_ids = [4 + 2 * i for i in range(len(pages))]
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objs[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()
    for pid, lines in zip(page_ids, pages, strict=True):
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1") if lines else b""
        objs[pid] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                     b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (pid + 1))
        objs[pid + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    info_id = None
    if info:
        info_id = max(objs) + 1
        objs[info_id] = ("<< " + " ".join(f"/{k} ({v})" for k, v in info.items()) + " >>").encode("latin-1")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for oid in sorted(objs):
        offsets[oid] = len(out)
        out += b"%d 0 obj\n" % oid + objs[oid] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for oid in range(1, size):
        out += b"%010d 00000 n \n" % offsets[oid]
    trailer = f"<< /Size {size} /Root 1 0 R" + (f" /Info {info_id} 0 R" if info_id else "") + " >>"
    out += b"trailer\n" + trailer.encode() + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


PDF_PAGES = [["Tianjin summit outcomes", "Members agreed to prepare a development bank."],
             ["Second page: the next summit is in Kyrgyzstan."]]


def test_pdf_text_pages_and_metadata() -> None:
    raw = make_pdf(PDF_PAGES, info={"Title": "SCO briefing notes", "Author": "Test Writer",
                                    "CreationDate": "D:20250901120000+08'00'"})
    loaded = read(src(raw, "brief.pdf"))
    assert loaded.format == "pdf"
    assert "Members agreed to prepare a development bank." in loaded.text
    assert len(loaded.page_starts) == 2 and loaded.page_starts[0] == 0
    second = loaded.text[loaded.page_starts[1]:]
    assert second.startswith("Second page: the next summit is in Kyrgyzstan.")
    assert loaded.text[loaded.page_starts[1] - 2:loaded.page_starts[1]] == "\n\n"
    assert "Kyrgyzstan" not in loaded.text[:loaded.page_starts[1]]
    assert (loaded.title, loaded.author, loaded.published) == ("SCO briefing notes", "Test Writer", "2025-09-01")


def test_pdf_without_metadata() -> None:
    loaded = read(src(make_pdf([["Only text"]]), "plain.pdf"))
    assert loaded.text.strip() == "Only text"
    assert loaded.title is None and loaded.published is None


def test_pdf_with_a_bad_creation_date_still_reads() -> None:
    loaded = read(src(make_pdf([["Some text"]], info={"CreationDate": "yesterday"}), "d.pdf"))
    assert loaded.published is None and "Some text" in loaded.text


def test_pdf_without_text_layer() -> None:
    err = rejection(make_pdf([[]]), "scan.pdf")
    # no text layer and no page image to read (with OCR installed or not)
    assert err.reason == "no-text-layer" and "no text layer" in str(err)


@pytest.mark.parametrize("raw,reason", [
    (make_pdf(PDF_PAGES)[:150], "broken-pdf"),
    (b"%PDF-1.4\nthis is not really a pdf at all\n", "broken-pdf"),
    (b"Just some words, not a PDF", "broken-pdf"),
    (b"", "empty"),
])
def test_pdf_broken(raw: bytes, reason: str) -> None:
    assert rejection(raw, "bad.pdf").reason == reason


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PDF_PAGES))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_pdf_encrypted_with_password_is_rejected() -> None:
    err = rejection(_encrypted("hunter2"), "locked.pdf")
    assert err.reason == "encrypted" and "unencrypted copy" in str(err)


def test_pdf_encrypted_with_empty_password_is_read() -> None:
    loaded = read(src(_encrypted(""), "open.pdf"))
    assert "Tianjin summit outcomes" in loaded.text


# ------------------------------------------------------------------ real corpus


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    return CORPUS


def test_every_corpus_file_reads_as_utf8_with_offsets_into_the_file(corpus: Path) -> None:
    files = sorted(corpus.glob("*.txt"))
    assert len(files) >= 10
    for f in files:
        raw = f.read_bytes()
        loaded = read(src(raw, f.name))
        assert loaded.encoding in ("utf-8", "utf-8-sig")
        assert loaded.text == raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
