"""Images are read by OCR (RapidOCR, models inside its wheel, no download).

The pages here are drawn at test time with a CJK font (Debian's
fonts-noto-cjk, which .ci/run installs); without the font or the OCR extra
the tests that need them skip, saying why.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from scotrack import pipeline
from scotrack.errors import RejectedInput
from scotrack.export import write_json
from scotrack.model import SourceFile
from scotrack.readers import read
from scotrack.settings import Settings
from scotrack.store import open_store

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LINES = ["上合组织成员国外长在比什凯克举行会议。", "各方同意加强经贸合作并推进开发银行筹建。", "",
         "会议定于明年举行。"]

needs_ocr = pytest.mark.skipif(not FONT.exists(), reason=f"no CJK font at {FONT} (apt install fonts-noto-cjk)")
pytest.importorskip("rapidocr_onnxruntime", reason="the OCR extra is not installed: pip install 'scotrack[ocr]'")


def _page(lines: list[str], fmt: str = "PNG") -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 30)
    img = Image.new("RGB", (900, 70 + 60 * len(lines)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 30 + 60 * i), line, font=font, fill="black")
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


def _src(raw: bytes, name: str) -> SourceFile:
    return SourceFile(path=name, abspath="/" + name, raw=raw, sha256=hashlib.sha256(raw).hexdigest())


@needs_ocr
def test_a_page_image_becomes_its_text_with_paragraphs() -> None:
    loaded = read(_src(_page(LINES), "scan.png"))
    assert loaded.format == "image" and loaded.encoding == "ocr"
    assert loaded.encoding_confidence is not None and loaded.encoding_confidence > 0.9
    # the empty row on the page is a paragraph break in the text
    assert loaded.text == "上合组织成员国外长在比什凯克举行会议。\n各方同意加强经贸合作并推进开发银行筹建。\n\n会议定于明年举行。\n"


@needs_ocr
def test_jpeg_too() -> None:
    assert read(_src(_page(LINES[:1], "JPEG"), "photo.JPG")).text.startswith("上合组织成员国外长")


def test_a_broken_image_is_rejected_with_a_reason() -> None:
    with pytest.raises(RejectedInput) as err:
        read(_src(b"\x89PNG\r\n\x1a\n not really a png", "bad.png"))
    assert err.value.reason == "broken-image" and "bad.png" in str(err.value)


def test_a_blank_page_is_rejected_as_having_no_text() -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, "PNG")
    with pytest.raises(RejectedInput) as err:
        read(_src(out.getvalue(), "blank.png"))
    assert err.value.reason == "no-text"


@needs_ocr
def test_an_ingested_scan_is_searchable_and_its_mentions_grounded(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.png").write_bytes(_page(LINES))
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        summary = pipeline.ingest([str(tmp_path / "in")], Settings.build(db=db, progress=False, workers=1), store)
        assert summary.ingested == 1 and summary.rejected == 0
        [doc] = store.list_documents()
        assert doc.format == "image" and doc.language == "zh"
        assert [h.doc_id for h in store.search("开发银行")] == [doc.id]
        assert store.raw_bytes(doc.id) == (tmp_path / "in" / "page.png").read_bytes()  # nothing lost
        out = io.StringIO()
        write_json(store, out)
    reg = json.loads(out.getvalue())
    text = reg["documents"][0]["text"]
    mentions = [m for t in ("meetings", "institutions", "commitments") for r in reg[t] for m in r["mentions"]]
    assert mentions and all(text[m["start"]:m["end"]] == m["text"] for m in mentions)


@needs_ocr
def test_a_scanned_pdf_is_read_page_by_page_by_ocr() -> None:
    from PIL import Image

    pages = [Image.open(io.BytesIO(_page(lines))).convert("RGB") for lines in (LINES[:2], LINES[3:])]
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:])  # images only: no text layer
    loaded = read(_src(out.getvalue(), "scan.pdf"))
    assert loaded.format == "pdf" and loaded.encoding == "ocr"
    assert loaded.text == "上合组织成员国外长在比什凯克举行会议。\n各方同意加强经贸合作并推进开发银行筹建。\n\n\n会议定于明年举行。\n"
    assert len(loaded.page_starts) == 2 and loaded.text[loaded.page_starts[1]:].startswith("会议定于")
