"""Image reader: scanned or photographed pages, read by OCR (RapidOCR).

RapidOCR runs the PP-OCR detection and recognition models on ONNX Runtime,
with the model files inside its wheel: nothing is downloaded, and the CPU
is enough (a page takes a second or a few). It is an optional dependency:
``pip install 'scotrack[ocr]'``; without it an image is rejected with that
instruction.

``text`` is the recognised lines in reading order (RapidOCR's: top to
bottom, left to right), one per line, with a blank line where the vertical
gap between two lines is larger than :data:`PARAGRAPH_GAP` line heights, so
the cleaner sees paragraphs. Offsets point into that text — the only text
an image has. ``encoding`` is ``"ocr"`` and ``encoding_confidence`` the mean
recognition score; lines scored under :data:`MIN_SCORE` are dropped as noise.
The raw image bytes are kept in the store like any input's.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from ..errors import RejectedInput
from ..model import Loaded, SourceFile

IMAGE_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
MIN_SCORE = 0.5  # recognised lines below this score are dropped
PARAGRAPH_GAP = 1.5  # a gap of this many line heights starts a new paragraph
MAX_PIXELS = 60_000_000  # larger images are rejected (decompression bombs, hours of OCR)

_lock = threading.Lock()
_engine: Any = None


def _ocr() -> Any:
    """The shared RapidOCR engine (loaded once; about half a second)."""
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR()
        return _engine


def read_image(source: SourceFile) -> Loaded:
    """OCR an image file into ``Loaded`` (raises ``RejectedInput``)."""
    path = source.path
    if not source.raw:
        raise RejectedInput("empty", f"{path} is empty; remove it or replace it with the real image", path=path)
    require_ocr(path)
    _check_image(source.raw, path)
    found = recognise(source.raw, path)
    if found is None:
        raise RejectedInput("no-text", f"{path}: no text was recognised in the image; check that it is a page "
                            "of text, the right way up, at a readable resolution", path=path)
    text, score = found
    return Loaded(text=text, format="image", encoding="ocr", encoding_confidence=score)


def require_ocr(path: str) -> None:
    """Raise ``RejectedInput`` (``unsupported``) when OCR cannot run here."""
    why = ocr_missing()
    if why is not None:
        raise RejectedInput("unsupported", f"{path}: {why}, and ingest again", path=path)


def ocr_missing() -> str | None:
    """Why OCR cannot run here, and what to do (None when it can)."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError as exc:
        if getattr(exc, "name", None) == "rapidocr_onnxruntime":
            return "images are read by OCR, which is not installed; pip install 'scotrack[ocr]'"
        # installed, but a library it needs is missing (OpenCV's libGL on minimal systems)
        return f"OCR could not be loaded ({exc}); on Debian/Ubuntu: apt install libgl1 libglib2.0-0"
    return None


def recognise(raw: bytes, path: str) -> tuple[str, float] | None:
    """The text OCR reads in image bytes (laid out, see the module docstring)
    and its mean score, or None when no line is recognised."""
    try:
        result, _ = _ocr()(raw)
    except Exception as exc:  # noqa: BLE001 - OCR failures come in many kinds
        raise RejectedInput("broken-image", f"{path}: OCR failed ({type(exc).__name__}); check the image, "
                            "or convert it to PNG and ingest again", path=path, original=exc) from exc
    lines = [(box, text.strip(), float(score)) for box, text, score in (result or [])
             if text.strip() and float(score) >= MIN_SCORE]
    if not lines:
        return None
    return _layout(lines), round(sum(s for _, _, s in lines) / len(lines), 3)


def _check_image(raw: bytes, path: str) -> None:
    """Reject what Pillow cannot open, and images too large to OCR."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(raw)) as img:
            width, height = img.size
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on bad files
        raise RejectedInput("broken-image", f"{path} cannot be opened as an image ({type(exc).__name__}); "
                            "check the file or rename it to its real type", path=path, original=exc) from exc
    if width * height > MAX_PIXELS:
        raise RejectedInput("too-large", f"{path} is {width}×{height} pixels, over the "
                            f"{MAX_PIXELS // 1_000_000}-megapixel limit; scale it down and ingest again", path=path)


def _layout(lines: list[tuple[Any, str, float]]) -> str:
    """Lines in order, a blank line between paragraphs (see the module docstring)."""
    out: list[str] = []
    prev_bottom: float | None = None
    for box, text, _ in lines:
        top = min(p[1] for p in box)
        bottom = max(p[1] for p in box)
        height = max(bottom - top, 1.0)
        if prev_bottom is not None and top - prev_bottom > PARAGRAPH_GAP * height:
            out.append("")
        out.append(text)
        prev_bottom = bottom
    return "\n".join(out) + "\n"
