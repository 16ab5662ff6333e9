"""Plain-text reader (``.txt``/``.md``) and the byte decoder every reader shares.

``decode`` turns raw bytes into text in this order:

1. a byte-order mark (UTF-8, UTF-32 LE/BE, UTF-16 LE/BE) decides;
2. strict UTF-8 -- unless the bytes hold NULs, which are valid UTF-8 but never
   appear in a text document: then UTF-16 without a BOM (the NUL bytes sit
   on one parity only) or the file is rejected as binary;
3. a guess among encodings that Chinese documents really use: GB18030
   (a superset of GBK and GB2312), Big5/CP950/Big5-HKSCS, then CP1252 and
   Latin-1 last. charset-normalizer proposes candidates and a "chaos"
   measure; every candidate is then scored by how many of its characters are
   common Chinese characters (GB2312 level 1 or Big5 level 1) against how
   many look like mojibake (private-use, kana, C1 controls, box drawing...).

After decoding, ``\\r\\n`` becomes ``\\n`` and a lone ``\\r`` (old Mac line
end) becomes ``\\n`` too; both keep every other character where it was, so
offsets into the text still match the file line by line. Nothing else is
changed: no stripping, no Unicode normalisation. BOM bytes are consumed by
the decoder and never appear in the text.
"""

from __future__ import annotations

import re

import codecs
import unicodedata
from functools import lru_cache

from ..errors import RejectedInput
from ..model import Flag, Loaded, SourceFile

# (magic bytes, what it is) for files that are certainly not text.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"%PDF-", "a PDF file"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Candidates for a guess, in order of preference when scores tie.
GUESS_CANDIDATES: tuple[str, ...] = ("gb18030", "big5", "cp950", "big5hkscs", "cp1252", "latin-1")
_CN_NAMES = {"gb18030": "gb18030", "big5": "big5", "cp950": "cp950", "big5hkscs": "big5hkscs",
             "cp1252": "cp1252", "latin_1": "latin-1", "utf_16": "utf-16"}
_CJK_CANDIDATES = frozenset({"gb18030", "big5", "cp950", "big5hkscs", "utf-16-le", "utf-16-be"})
# Characters scored per candidate decoding: 20,000 characters of Chinese tell
# GB18030 from Big5 from mojibake with a wide margin; scoring more only costs.
_SCORE_SAMPLE = 20_000
_CJK_PUNCT = frozenset("“”‘’—…·")
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")


def sniff_binary(raw: bytes) -> str | None:
    """Say what ``raw`` is if its first bytes are a known non-text magic number."""
    for magic, what in MAGIC:
        if raw.startswith(magic):
            return what
    return None


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` -> ``\\n``, then a lone ``\\r`` -> ``\\n``; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(raw: bytes) -> tuple[str, str, bool, float | None]:
    """Decode ``raw`` to ``(text, encoding, guessed, confidence)``.

    ``text`` already has its line ends normalised (see the module doc).
    ``confidence`` is None when the encoding was certain (BOM or valid UTF-8).
    Raises ``RejectedInput`` with reason ``binary`` or ``undecodable``.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(name) if name == "utf-8-sig" else raw[len(bom):].decode(name)
            except UnicodeDecodeError as exc:
                raise RejectedInput(
                    "undecodable",
                    f"starts with a {name} byte-order mark but is not valid {name}; re-save it as UTF-8",
                    original=exc) from exc
            return normalize_newlines(text), name, False, None
    if b"\x00" not in raw:
        try:
            return normalize_newlines(raw.decode("utf-8")), "utf-8", False, None
        except UnicodeDecodeError:
            pass
    else:  # NULs are valid UTF-8 but never in a text document: UTF-16 or binary
        found = _utf16_without_bom(raw)
        if found is None:
            raise RejectedInput("binary", "contains NUL bytes and is not UTF-16 text; "
                                "it looks like a binary file: convert it to .txt, .html, .pdf or an image")
        text, name, confidence = found
        return normalize_newlines(text), name, True, confidence
    text, name, confidence = _guess(raw)
    return normalize_newlines(text), name, True, confidence


def encoding_flag(encoding: str, confidence: float | None) -> Flag:
    """The document-level flag recording a guessed encoding."""
    conf = "unknown" if confidence is None else f"{confidence:.2f}"
    return Flag(kind="encoding", start=0, end=0, detail=f"decoded as {encoding} (guessed, confidence {conf})")


def read_text(source: SourceFile) -> Loaded:
    """Read a ``.txt``/``.md`` file into ``Loaded`` (raises ``RejectedInput``)."""
    fmt = "md" if source.path.lower().endswith(".md") else "txt"
    raw = source.raw
    if not raw.strip():
        raise RejectedInput("empty", f"{source.path} is empty; remove it or fill it in", path=source.path)
    what = sniff_binary(raw)
    if what is not None:
        raise RejectedInput("binary", f"{source.path} is {what}, not text; convert it or remove it",
                            path=source.path)
    try:
        text, encoding, guessed, confidence = decode(raw)
    except RejectedInput as exc:
        exc.path = source.path
        exc.args = (f"{source.path}: {exc.args[0]}",)
        raise
    check_text(text, source.path)
    flags = [encoding_flag(encoding, confidence)] if guessed else []
    return Loaded(text=text, format=fmt, encoding=encoding, encoding_guessed=guessed,
                  encoding_confidence=confidence, flags=flags)


def check_text(text: str, path: str) -> None:
    """Reject decoded text that is empty or is really binary data."""
    if not text.strip():
        raise RejectedInput("empty", f"{path} holds only whitespace; remove it or fill it in", path=path)
    sample = text[:_SCORE_SAMPLE]
    controls = len(_BAD_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 20):
        raise RejectedInput("binary", f"{path} is mostly control characters, not text; "
                            "convert it to .txt, .html, .pdf or an image", path=path)


# C0 controls other than whitespace/escape, DEL and the C1 block.
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _is_bad_control(ch: str) -> bool:
    o = ord(ch)
    return (o < 32 and ch not in "\t\n\r\f\v\x1b") or 0x7F <= o <= 0x9F


def _utf16_without_bom(raw: bytes) -> tuple[str, str, float] | None:
    """UTF-16 text without a BOM: NUL bytes all on the odd (LE) or even (BE) side."""
    if len(raw) % 2:
        return None
    even = raw[0::2].count(0)
    odd = raw[1::2].count(0)
    if odd >= 9 * even and odd:
        name, share = "utf-16-le", odd / (odd + even)
    elif even >= 9 * odd and even:
        name, share = "utf-16-be", even / (odd + even)
    else:
        return None
    try:
        text = raw.decode(name)
    except UnicodeDecodeError:
        return None
    sample = text[:_SCORE_SAMPLE]
    if len(_BAD_CONTROL.findall(sample)) > len(sample) // 20:
        return None
    quality, _ = _quality(sample, latin=False)
    if quality < 0:
        return None
    return text, name, round(min(1.0, share), 2)


def _guess(raw: bytes) -> tuple[str, str, float]:
    """Pick the best decoding among Chinese-relevant candidates."""
    texts: dict[str, str] = {}
    chaos: dict[str, float] = {}
    try:
        from charset_normalizer import from_bytes

        for match in from_bytes(raw, cp_isolation=list(_CN_NAMES)):
            name = _CN_NAMES.get(match.encoding)
            if name is None or name == "utf-16":
                continue  # utf-16 without a BOM is handled by the NUL heuristic
            chaos[name] = float(match.chaos)
    except Exception:  # noqa: BLE001 - a guesser failure only loses a hint
        chaos = {}
    for name in GUESS_CANDIDATES:
        try:
            texts[name] = raw.decode(name)
        except UnicodeDecodeError:
            continue
    scored: list[tuple[float, int, str, int]] = []  # (score, -rank, name, non-ASCII count)
    for rank, name in enumerate(GUESS_CANDIDATES):
        if name not in texts:
            continue
        sample = texts[name][:_SCORE_SAMPLE]
        quality, _ = _quality(sample, latin=name not in _CJK_CANDIDATES)
        if name in ("cp1252", "latin-1"):
            quality -= 0.05 * (rank - 3)  # latin-1 last
        score = quality * (1.0 - 0.5 * _chaos_of(name, chaos))
        scored.append((score, -rank, name, sum(1 for ch in sample if ord(ch) > 127)))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < 0:
        raise RejectedInput("undecodable", "its encoding could not be recognised (tried UTF-8, UTF-16, "
                            "GB18030, Big5, CP1252, Latin-1); re-save it as UTF-8")
    score, _, name, non_ascii = scored[0]
    # The runner-up is the best candidate that reads differently (big5/cp950 often agree).
    rivals = [s for s, _, other, _ in scored[1:] if texts[other] != texts[name]]
    return texts[name], name, _confidence(score, rivals[0] if rivals else -1.0, non_ascii)


def _confidence(score: float, runner_up: float, non_ascii: int) -> float:
    """A guess's confidence: its score, less for short samples and close runners-up; never 1."""
    length = min(1.0, 0.6 + 0.4 * non_ascii / 200)
    margin = 0.5 + 0.5 * min(1.0, max(0.0, score - runner_up) / 0.3)
    return round(max(0.0, min(0.99, score * length * margin)), 2)


def _chaos_of(name: str, chaos: dict[str, float]) -> float:
    """charset-normalizer's chaos for ``name``; the Big5 variants share their best value."""
    if name in _BIG5_FAMILY:
        known = [chaos[n] for n in _BIG5_FAMILY if n in chaos]
        return min(known) if known else 0.0
    return chaos.get(name, 0.0)


def _quality(text: str, *, latin: bool) -> tuple[float, float]:
    """Score a decoding: (good - 2*bad) / non-ASCII chars, and the common-CJK share.

    Good: common Chinese characters (Simplified or Traditional level 1), CJK
    punctuation, and -- for Latin candidates -- accented letters inside words.
    Bad: controls, private use, kana, box drawing, replacement characters.
    """
    if not latin:
        return _quality_counted(text)
    good = bad = common = total = 0
    prev = ""
    for i, ch in enumerate(text):
        o = ord(ch)
        if o < 128:
            if _is_bad_control(ch):
                bad += 1
                total += 1
            prev = ch
            continue
        total += 1
        kind = _char_class(ch)
        if kind == "common":
            good += 1
            common += 1
        elif kind == "punct":
            good += 1
        elif kind == "bad":
            bad += 1
        elif kind == "letter" and latin:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if (prev.isascii() and prev.isalpha()) or (nxt.isascii() and nxt.isalpha()):
                good += 1
        prev = ch
    if total == 0:
        return 1.0, 0.0
    return (good - 2 * bad) / total, common / total


def _quality_counted(text: str) -> tuple[float, float]:
    """:func:`_quality` for a non-Latin candidate, where no character depends
    on its neighbours: count each distinct character once (C-speed Counter)."""
    from collections import Counter

    good = bad = common = total = 0
    for ch, n in Counter(text).items():
        if ord(ch) < 128:
            if _is_bad_control(ch):
                bad += n
                total += n
            continue
        total += n
        kind = _char_class(ch)
        if kind == "common":
            good += n
            common += n
        elif kind == "punct":
            good += n
        elif kind == "bad":
            bad += n
    if total == 0:
        return 1.0, 0.0
    return (good - 2 * bad) / total, common / total


@lru_cache(maxsize=65536)
def _char_class(ch: str) -> str:
    """Classify one non-ASCII character: common / punct / letter / bad / other."""
    o = ord(ch)
    if 0x80 <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or o == 0xFFFD or o >= 0xF0000:
        return "bad"
    if 0x3040 <= o <= 0x30FF or 0xFF61 <= o <= 0xFF9F or 0x2500 <= o <= 0x259F:
        return "bad"  # kana, half-width katakana, box drawing: mojibake in Chinese text
    if 0x4E00 <= o <= 0x9FFF:
        return "common" if _is_common_han(ch) else "other"
    if 0x3000 <= o <= 0x303F or ch in _CJK_PUNCT or (
            0xFF01 <= o <= 0xFF5E and not unicodedata.category(ch).startswith("L")):
        return "punct"
    if unicodedata.category(ch).startswith("L") and o <= 0x024F:
        return "letter"
    if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"):
        return "bad"
    return "other"


def _is_common_han(ch: str) -> bool:
    """True for GB2312 level-1 (Simplified) or Big5 level-1 (Traditional) characters."""
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= ch.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False
