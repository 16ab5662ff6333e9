"""HTML reader: the page's main text (trafilatura) and what the page says of itself.

The bytes are decoded honouring, in order, a BOM, the ``<meta charset>`` (or
``http-equiv`` content type) declared in the first 4 KB, and otherwise the
same detection as plain text (``text.decode``). trafilatura then extracts
the main text with its metadata (title, date, url, author, site). When it
finds nothing, a plain text dump of ``<body>`` without scripts, styles,
navigation, headers and footers is used before the file is rejected with
``no-main-text``.
"""

from __future__ import annotations

import codecs
import logging
import re
import warnings

from ..errors import RejectedInput
from ..model import Loaded, SourceFile
from .text import check_text, decode, encoding_flag, normalize_newlines, sniff_binary

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
# Declared names that mean a bigger real-world encoding (WHATWG practice).
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "big5": "cp950", "x-big5": "cp950", "big5-hkscs": "big5hkscs",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "utf8": "utf-8",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "select")
_BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table",
               "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "main", "figcaption")
_WS = re.compile(r"[ \t\u00a0\u3000]+")


def declared_charset(raw: bytes) -> str | None:
    """The Python codec for the charset a page declares in its first 4 KB, if any."""
    m = _META_CHARSET.search(raw[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(raw: bytes) -> tuple[str, str, bool, float | None]:
    """Decode HTML bytes: BOM, then declared charset, then ``text.decode``."""
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(raw)
    declared = declared_charset(raw)
    if declared:
        try:
            return normalize_newlines(raw.decode(declared)), declared, False, None
        except UnicodeDecodeError:
            pass  # the declaration lies: detect instead
    return decode(raw)


def read_html(source: SourceFile) -> Loaded:
    """Read an ``.html``/``.htm`` file into ``Loaded`` (raises ``RejectedInput``)."""
    path = source.path
    if not source.raw.strip():
        raise RejectedInput("empty", f"{path} is empty; remove it or fill it in", path=path)
    what = sniff_binary(source.raw)
    if what is not None:
        raise RejectedInput("binary", f"{path} is {what}, not HTML; convert it or remove it", path=path)
    try:
        markup, encoding, guessed, confidence = decode_html(source.raw)
    except RejectedInput as exc:
        exc.path = path
        exc.args = (f"{path}: {exc.args[0]}",)
        raise
    check_text(markup, path)
    loaded = _extract(markup, path, source.manifest.url if source.manifest else None)
    loaded.encoding, loaded.encoding_guessed, loaded.encoding_confidence = encoding, guessed, confidence
    if guessed:
        loaded.flags.append(encoding_flag(encoding, confidence))
    return loaded


def _extract(markup: str, path: str, url: str | None) -> Loaded:
    """Main text and metadata via trafilatura, else the body text, else reject."""
    from ..metadata import normalize_date

    doc = None
    try:
        doc = _trafilatura(markup, url)
    except Exception:  # noqa: BLE001 - any extractor failure falls back to the plain dump
        doc = None
    text = _clean_lines(getattr(doc, "text", None) or "")
    if not text:
        text = _body_text(markup)
    if not any(ch.isalnum() for ch in text):
        raise RejectedInput("no-main-text", f"{path}: no main text found in this HTML; save the article "
                            "as .txt or check that the page is not empty or script-only", path=path)
    return Loaded(
        text=text,
        format="html",
        title=_nonempty(getattr(doc, "title", None)),
        published=normalize_date(getattr(doc, "date", None) or ""),
        url=_nonempty(getattr(doc, "url", None)),
        author=_nonempty(getattr(doc, "author", None)),
        site=_nonempty(getattr(doc, "sitename", None)),
    )


def _trafilatura(markup: str, url: str | None) -> object | None:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_recall=True, include_images=False, include_links=False, deduplicate=False)


def _body_text(markup: str) -> str:
    """Plain text of ``<body>`` without scripts, styles, navigation, headers, footers."""
    try:
        import lxml.html
        from lxml import etree

        root = lxml.html.document_fromstring(markup)
    except Exception:  # noqa: BLE001 - unparsable markup has no main text
        return ""
    body = root.find(".//body")
    if body is None:  # everything sat in <head> (e.g. an unclosed <title>): no article
        return ""
    etree.strip_elements(body, *_DROP_TAGS, with_tail=False)
    etree.strip_elements(body, etree.Comment, with_tail=False)
    for el in body.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return _clean_lines(body.text_content())


def _clean_lines(text: str) -> str:
    """Collapse runs of spaces in each line and drop empty lines."""
    lines = (_WS.sub(" ", line).strip() for line in normalize_newlines(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _nonempty(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
