"""PDF reader (pypdf): the text layer of every page, and the document info.

``text`` is the pages' text joined with a blank line (``"\\n\\n"``);
``Loaded.page_starts[i]`` is the offset where page ``i`` begins. ``\\r\\n``
and lone ``\\r`` inside a page become ``\\n``. A PDF without any text layer
(a scan) is read by OCR from its page images (:mod:`.image`), when the
``ocr`` extra is installed; otherwise it is rejected with that instruction.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any

from ..errors import RejectedInput
from ..model import Loaded, SourceFile
from .text import normalize_newlines

PAGE_SEPARATOR = "\n\n"


def read_pdf(source: SourceFile) -> Loaded:
    """Read a ``.pdf`` file into ``Loaded`` (raises ``RejectedInput``)."""
    path = source.path
    if not source.raw.strip():
        raise RejectedInput("empty", f"{path} is empty; remove it or replace it with the real PDF", path=path)
    if b"%PDF-" not in source.raw[:1024]:
        raise RejectedInput("broken-pdf", f"{path} does not start like a PDF; check the file or rename it "
                            "to its real type", path=path)
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _read(source)
        except RejectedInput:
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on bad files
            raise RejectedInput("broken-pdf", f"{path}: the PDF cannot be parsed ({type(exc).__name__}: "
                                f"{_short(exc)}); re-export or repair it and ingest again",
                                path=path, original=exc) from exc


def _read(source: SourceFile) -> Loaded:
    from pypdf import PdfReader

    path = source.path
    reader = PdfReader(io.BytesIO(source.raw), strict=False)
    if reader.is_encrypted:
        _decrypt(reader, path)
    pages = reader.pages
    if len(pages) == 0:
        raise RejectedInput("empty", f"{path} has no pages; remove it or replace it with the real PDF",
                            path=path)
    texts = [normalize_newlines(page.extract_text() or "") for page in pages]
    encoding, confidence = None, None
    if not any(t.strip() for t in texts):
        texts, confidence = _ocr_pages(pages, path)
        encoding = "ocr"
    page_starts, pos = [], 0
    for t in texts:
        page_starts.append(pos)
        pos += len(t) + len(PAGE_SEPARATOR)
    title, published, author = _info(reader)
    return Loaded(text=PAGE_SEPARATOR.join(texts), format="pdf", encoding=encoding, encoding_confidence=confidence,
                  title=title, published=published, author=author, page_starts=page_starts)


def _ocr_pages(pages: Any, path: str) -> tuple[list[str], float]:
    """A scan: each page's text read by OCR from the images on it (see
    :mod:`.image`), and the mean score. Rejected ``no-text-layer`` when OCR
    is not installed or reads nothing."""
    from .image import ocr_missing, recognise

    why = ocr_missing()
    if why is not None:
        raise RejectedInput("no-text-layer", f"{path} has no text layer (a scan?) and OCR is not enabled: {why}; "
                            "or run OCR on it (e.g. ocrmypdf) and ingest the result", path=path)
    texts, scores = [], []
    for page in pages:
        parts = []
        for image in _page_images(page):
            found = recognise(image, path)
            if found is not None:
                parts.append(found[0])
                scores.append(found[1])
        texts.append("\n".join(parts))
    if not scores:
        raise RejectedInput("no-text-layer", f"{path} has no text layer and OCR found no text in its page images; "
                            "check the scan, or run OCR on it (e.g. ocrmypdf) and ingest the result", path=path)
    return texts, round(sum(scores) / len(scores), 3)


def _page_images(page: Any) -> list[bytes]:
    """The images drawn on a page, as encoded bytes (those pypdf cannot decode are skipped)."""
    out = []
    try:
        images = list(page.images)
    except Exception:  # noqa: BLE001 - an unreadable image list is a page without images
        return out
    for image in images:
        try:
            out.append(bytes(image.data))
        except Exception:  # noqa: BLE001 - e.g. JBIG2 without a decoder
            continue
    return out


def _decrypt(reader: object, path: str) -> None:
    """Open an encrypted PDF with the empty password, else reject it."""
    try:
        ok = reader.decrypt("")  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - e.g. a missing crypto dependency
        raise RejectedInput("encrypted", f"{path} is encrypted and could not be opened ({_short(exc)}); "
                            "save an unencrypted copy and ingest that", path=path, original=exc) from exc
    if not ok:
        raise RejectedInput("encrypted", f"{path} is protected by a password; save an unencrypted copy "
                            "and ingest that", path=path)


def _info(reader: object) -> tuple[str | None, str | None, str | None]:
    """Title, creation date (ISO) and author from the document info, when present."""
    from ..metadata import normalize_date

    try:
        meta = reader.metadata  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a broken info dictionary only loses metadata
        return None, None, None
    if not meta:
        return None, None, None
    title = _clean(meta.get("/Title"))
    author = _clean(meta.get("/Author"))
    published = None
    try:
        published = normalize_date(meta.creation_date)
    except Exception:  # noqa: BLE001 - pypdf fails on malformed dates; try the raw string
        published = None
    if published is None:
        published = normalize_date(_clean(meta.get("/CreationDate")) or "")
    return title, published, author


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _short(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return msg[:120] if msg else "no detail"
