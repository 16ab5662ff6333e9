"""Readers: raw bytes of a ``SourceFile`` -> ``Loaded`` text, or a ``RejectedInput``.

``read`` picks a reader by suffix. Every failure comes out as
``errors.RejectedInput`` with a short reason code and one line saying what
to do next; exceptions of third-party libraries never escape.

Reason codes: ``unsupported``, ``empty``, ``binary``, ``undecodable``,
``no-main-text`` (HTML), ``broken-pdf``, ``no-text-layer``, ``encrypted`` (PDF),
``broken-image``, ``no-text``, ``too-large`` (images, read by OCR).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..errors import RejectedInput, ScotrackError
from ..model import Loaded, SourceFile
from .image import IMAGE_SUFFIXES

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", *IMAGE_SUFFIXES)
# What a reader's unexpected failure is called, by suffix.
_FALLBACK_REASON = {".txt": "undecodable", ".md": "undecodable", ".html": "no-main-text",
                    ".htm": "no-main-text", ".pdf": "broken-pdf", **{s: "broken-image" for s in IMAGE_SUFFIXES}}


def _reader_for(suffix: str) -> Callable[[SourceFile], Loaded] | None:
    if suffix in (".txt", ".md"):
        from .text import read_text

        return read_text
    if suffix in (".html", ".htm"):
        from .html import read_html

        return read_html
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf
    if suffix in IMAGE_SUFFIXES:
        from .image import read_image

        return read_image
    return None


def read(source: SourceFile) -> Loaded:
    """Decode ``source`` with the reader for its suffix (case-insensitive).

    Raises ``RejectedInput`` (stage ``read``) for anything that cannot become text.
    """
    suffix = os.path.splitext(source.path)[1].lower()
    reader = _reader_for(suffix)
    if reader is None:
        shown = suffix or "(no suffix)"
        raise RejectedInput("unsupported", f"{source.path}: unsupported file type {shown}; convert it to "
                            ".txt, .md, .html, .pdf or an image (.png, .jpg)", path=source.path)
    try:
        return reader(source)
    except ScotrackError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract: wrap every third-party failure
        reason = _FALLBACK_REASON[suffix]
        raise RejectedInput(reason, f"{source.path}: could not be read ({type(exc).__name__}); "
                            "check the file, or report it if it opens fine elsewhere",
                            path=source.path, original=exc) from exc


__all__ = ["SUPPORTED_SUFFIXES", "read"]
