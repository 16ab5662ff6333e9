"""Upload from the browser: files or a .zip of them, ingested into the store.

Only when the app was started with ``WebSettings(allow_upload=True)``
(``scotrack serve --allow-upload``); otherwise ``/upload`` and
``/api/upload`` do not exist (404). A POST needs the token printed at
start-up, as the form field ``token`` or the header ``X-Scotrack-Token``.

Uploads are untrusted, so:

* the request is limited to ``max_upload_bytes`` — refused up front from
  ``Content-Length`` and counted again while the body streams in (413);
* a zip may hold at most ``max_zip_members`` files whose declared sizes add
  up to at most ``max_unzipped_bytes``, and the bytes are counted again
  while extracting, so a zip bomb stops at the limit (413);
* member names with ``..``, absolute paths, drive letters, and symlinks are
  rejected; every file is written into a fresh temporary folder under a
  generated name (never the member's path); nested zips are not expanded.

The saved files then go through :func:`scotrack.pipeline.ingest` (one
worker) like any folder, and the page lists each file as ingested,
unchanged (the same content is already stored) or rejected, with the reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message

from ...readers import SUPPORTED_SUFFIXES
from ...settings import Settings
from ..app import WebSettings, data, page

router = APIRouter()

ALLOWED = SUPPORTED_SUFFIXES  # what ingest reads (images by OCR)
TOKEN_HEADER = "X-Scotrack-Token"
_CHUNK = 64 * 1024
_INGEST_LOCK = threading.Lock()  # one upload ingests at a time in this process

Outcome = Literal["ingested", "new-version", "unchanged", "rejected"]


class UploadedFile(BaseModel):
    """What became of one uploaded file (or one member of an uploaded zip)."""

    name: str  # as uploaded; zip members as "archive.zip/folder/member.txt"
    outcome: Outcome
    document: str | None = None  # "d12" when stored (ingested, new version or unchanged)
    url: str | None = None  # "/documents/d12"
    title: str | None = None
    reason: str | None = None  # short code when rejected: "unsupported-type", "unsafe-path", "empty", …
    detail: str | None = None  # one line for a person


class UploadSummary(BaseModel):
    """The answer to one upload: counts, then one entry per file."""

    ingested: int
    unchanged: int
    rejected: int
    files: list[UploadedFile]
    seconds: float


class UploadError(Exception):
    """The whole upload is refused with this HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class _Staged:
    """Files written to the staging folder, and the ones refused on the way."""

    folder: Path
    saved: dict[str, tuple[str, str]] = field(default_factory=dict)  # realpath -> (shown name, sha256)
    refused: list[UploadedFile] = field(default_factory=list)
    expanded: int = 0  # bytes written from zips so far (counted, not declared)
    n: int = 0

    def target(self, name: str, ext: str) -> Path:
        """A fresh generated path in the staging folder: ``0001/stem.ext``, where ``stem`` keeps only
        the letters, digits, ``_`` and ``-`` of the name's last part (so lists show a familiar name)."""
        self.n += 1
        stem = re.sub(r"[^\w\-]+", "_", Path(name.replace("\\", "/")).stem)[:60].strip("_") or "file"
        sub = self.folder / f"{self.n:04d}"
        sub.mkdir()
        return sub / f"{stem}{ext}"


# -- routes ---------------------------------------------------------------------------------------

def _allowed(request: Request) -> WebSettings:
    ws: WebSettings = request.app.state.settings
    if not ws.allow_upload:
        raise HTTPException(404, "Uploads are off; start the dashboard with `scotrack serve --allow-upload`.")
    return ws


@router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_form(request: Request) -> HTMLResponse:
    """The upload form."""
    ws = _allowed(request)
    return page(request, "upload.html", _context(ws))


@router.post("/upload", response_class=HTMLResponse, include_in_schema=False)
async def upload_page(request: Request) -> HTMLResponse:
    """Upload from the form; the same page shows what became of each file."""
    ws = _allowed(request)
    try:
        summary = await _handle(request, ws)
    except UploadError as e:
        return page(request, "upload.html", _context(ws, error=e.message), status_code=e.status)
    return page(request, "upload.html", _context(ws, summary=summary))


@router.post("/api/upload", response_model=UploadSummary, tags=["upload"],
             responses={403: {"description": "missing or wrong token"},
                        404: {"description": "uploads are off (start with --allow-upload)"},
                        413: {"description": "request, zip member count or unzipped size over the limit"}})
async def upload_api(request: Request) -> Any:
    """Upload files (multipart/form-data: any file fields; ``.txt .md .html .htm .pdf`` or a ``.zip``
    of them) with the token in ``X-Scotrack-Token`` or a ``token`` field. Returns what became of
    each file."""
    ws = _allowed(request)
    try:
        return await _handle(request, ws)
    except UploadError as e:
        return JSONResponse({"detail": e.message}, status_code=e.status)


def _context(ws: WebSettings, **extra: Any) -> dict[str, Any]:
    return {"title": "上传 Upload", "allowed": ", ".join(ALLOWED + (".zip",)),
            "max_mb": ws.max_upload_bytes / 1024 / 1024, "max_members": ws.max_zip_members,
            "max_unzipped_mb": ws.max_unzipped_bytes / 1024 / 1024, "summary": None, "error": None, **extra}


# -- the request ----------------------------------------------------------------------------------

async def _handle(request: Request, ws: WebSettings) -> UploadSummary:
    """Read the request within the limits, check the token, stage and ingest the files."""
    _check_length(request, ws.max_upload_bytes)
    header_token = request.headers.get(TOKEN_HEADER)
    if header_token is not None and not _token_ok(header_token, ws.upload_token):
        raise UploadError(403, "Wrong upload token.")
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UploadError(400, "Send the files as multipart/form-data.")
    form = await _limited_form(request, ws)
    try:
        if header_token is None:
            field_token = form.get("token")
            if not isinstance(field_token, str) or not _token_ok(field_token, ws.upload_token):
                raise UploadError(403, "Upload token missing or wrong: it is printed when "
                                       "`scotrack serve --allow-upload` starts.")
        uploads = [(v.filename or "upload", v.file) for _k, v in form.multi_items() if isinstance(v, UploadFile)]
        if not uploads:
            raise UploadError(400, "No file in the upload; choose one or more files or a .zip.")
        return await run_in_threadpool(_stage_and_ingest, uploads, ws, data(request).store)
    finally:
        await form.close()


def _check_length(request: Request, limit: int) -> None:
    raw = request.headers.get("content-length")
    if raw is None:
        return  # streamed: counted while reading
    try:
        length = int(raw)
    except ValueError:
        raise UploadError(400, "Bad Content-Length header.") from None
    if length > limit:
        raise UploadError(413, f"The upload is {_mb(length)}, over the {_mb(limit)} limit; "
                               "send fewer files at a time.")


async def _limited_form(request: Request, ws: WebSettings) -> Any:
    """The multipart form, parsed while counting the body: past ``max_upload_bytes`` → 413."""
    seen = 0
    limit = ws.max_upload_bytes

    async def receive() -> Message:
        nonlocal seen
        message = await request.receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise UploadError(413, f"The upload is over the {_mb(limit)} limit; send fewer files at a time.")
        return message

    try:
        return await Request(request.scope, receive).form(max_files=ws.max_zip_members, max_fields=50)
    except UploadError:
        raise
    except StarletteHTTPException as e:  # the multipart parser's own limits and syntax errors
        raise UploadError(e.status_code, f"Could not read the upload: {e.detail}") from e


def _token_ok(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.strip().encode(), expected.encode())


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# -- staging --------------------------------------------------------------------------------------

def _stage_and_ingest(uploads: list[tuple[str, BinaryIO]], ws: WebSettings, store: Any) -> UploadSummary:
    """Write the uploads to a fresh temporary folder, ingest it, summarise, remove the folder."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="scotrack-upload-"))
    try:
        staged = _Staged(folder)
        for name, fh in uploads:
            shown = _basename(name)
            ext = os.path.splitext(shown)[1].lower()
            if ext == ".zip":
                _expand_zip(shown, fh, staged, ws)
            elif ext in ALLOWED:
                _save(fh, staged.target(shown, ext), shown, staged, limit=None)
            else:
                staged.refused.append(_refused(shown, "unsupported-type",
                                               f"{ext or 'no extension'}: upload {', '.join(ALLOWED)} or a .zip"))
        with _INGEST_LOCK:
            files = _ingest(staged, ws, store)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    count = {o: sum(f.outcome == o for f in files) for o in ("ingested", "new-version", "unchanged", "rejected")}
    return UploadSummary(ingested=count["ingested"] + count["new-version"], unchanged=count["unchanged"],
                         rejected=count["rejected"], files=files, seconds=round(time.perf_counter() - started, 3))


def _basename(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"


def _refused(name: str, reason: str, detail: str) -> UploadedFile:
    return UploadedFile(name=name, outcome="rejected", reason=reason, detail=detail)


def _save(src: BinaryIO, target: Path, shown: str, staged: _Staged, limit: int | None) -> None:
    """Copy ``src`` to ``target`` (a new file), hashing it; ``limit`` caps the zip bytes written."""
    digest = hashlib.sha256()
    with open(target, "xb") as out:
        while chunk := src.read(_CHUNK):
            if limit is not None:
                staged.expanded += len(chunk)
                if staged.expanded > limit:
                    raise UploadError(413, f"{shown}: the zip expands past the {_mb(limit)} limit; "
                                           "upload it in parts.")
            digest.update(chunk)
            out.write(chunk)
    staged.saved[os.path.realpath(target)] = (shown, digest.hexdigest())


def _expand_zip(shown: str, fh: BinaryIO, staged: _Staged, ws: WebSettings) -> None:
    """Extract the acceptable members of one zip into the staging folder."""
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        staged.refused.append(_refused(shown, "bad-zip", f"not a readable zip file ({e})"))
        return
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir()]
        if len(members) > ws.max_zip_members:
            raise UploadError(413, f"{shown} holds {len(members)} files, over the limit of "
                                   f"{ws.max_zip_members}; upload it in parts.")
        declared = sum(i.file_size for i in members)
        if staged.expanded + declared > ws.max_unzipped_bytes:
            raise UploadError(413, f"{shown} expands to {_mb(declared)}, over the {_mb(ws.max_unzipped_bytes)} "
                                   "limit; upload it in parts.")
        for info in members:
            member = _member_name(info)
            name = f"{shown}/{member}"
            if _junk(member):
                continue
            problem = _unsafe(info, member)
            if problem:
                staged.refused.append(_refused(name, "unsafe-path", problem))
                continue
            ext = os.path.splitext(member)[1].lower()
            if ext == ".zip":
                staged.refused.append(_refused(name, "nested-zip", "zips inside a zip are not expanded; "
                                                                   "upload it on its own"))
                continue
            if ext not in ALLOWED:
                staged.refused.append(_refused(name, "unsupported-type",
                                               f"{ext or 'no extension'}: only {', '.join(ALLOWED)} are read"))
                continue
            if info.flag_bits & 0x1:
                staged.refused.append(_refused(name, "encrypted", "the member is encrypted; upload it unencrypted"))
                continue
            target = staged.target(member, ext)
            try:
                with zf.open(info) as src:
                    _save(src, target, name, staged, limit=ws.max_unzipped_bytes)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, RuntimeError, OSError) as e:
                target.unlink(missing_ok=True)
                staged.saved.pop(os.path.realpath(target), None)
                staged.refused.append(_refused(name, "bad-member", f"cannot be extracted ({e})"))


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; names without the UTF-8 flag that were written as GBK are read as GBK."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _junk(member: str) -> bool:
    """Archiver leftovers that are not documents: __MACOSX/, .DS_Store, ._resource forks."""
    parts = member.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def _unsafe(info: zipfile.ZipInfo, member: str) -> str | None:
    """Why a member must not be extracted, or None."""
    name = member.replace("\\", "/")
    if name.startswith("/") or info.filename.startswith(("/", "\\")):
        return "absolute path in the zip"
    if re.match(r"^[A-Za-z]:", name):
        return "drive letter in the zip path"
    if ".." in name.split("/"):
        return "'..' in the zip path"
    if "\x00" in name:
        return "NUL in the zip path"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link in the zip"
    return None


# -- ingest ---------------------------------------------------------------------------------------

def _ingest(staged: _Staged, ws: WebSettings, store: Any) -> list[UploadedFile]:
    """Ingest the staged files; content already stored is reported as unchanged, not stored twice."""
    from ...pipeline import ingest

    out: list[UploadedFile] = []
    stored = {d.sha256: d for d in store.list_documents()}
    first_of: dict[str, str] = {}  # sha256 -> the first shown name in this upload
    fresh: dict[str, tuple[str, str]] = {}
    for real, (shown, sha) in staged.saved.items():
        known = stored.get(sha)
        if known is not None:
            out.append(UploadedFile(name=shown, outcome="unchanged", document=known.ref,
                                    url=f"/documents/{known.ref}", title=known.title,
                                    detail="the same content is already stored"))
            os.unlink(real)
        elif sha in first_of:
            out.append(UploadedFile(name=shown, outcome="unchanged", detail=f"the same content as {first_of[sha]}"))
            os.unlink(real)
        else:
            first_of[sha] = shown
            fresh[real] = (shown, sha)
    outcomes: dict[str, str] = {}
    if fresh:
        settings = Settings(db=ws.db, workers=1, progress=False)
        summary = ingest([str(staged.folder)], settings, store,
                         progress=lambda path, outcome: outcomes.__setitem__(os.path.realpath(path), outcome))
        reasons = {os.path.realpath(r.path): r for r in summary.rejections}
        docs = {d.abspath: d for d in store.list_documents()} if any(
            o != "rejected" for o in outcomes.values()) else {}
        for real, (shown, _sha) in fresh.items():
            rej = reasons.get(real)
            doc = docs.get(real)
            if rej is not None or doc is None:
                detail = re.sub(re.escape(str(staged.folder) + os.sep) + r"\d+" + re.escape(os.sep), "",
                                rej.detail) if rej else "not stored"
                out.append(_refused(shown, rej.reason if rej else "not-stored", detail))
            else:
                outcome = outcomes.get(real, "ingested")
                out.append(UploadedFile(name=shown, outcome="new-version" if outcome == "new-version" else
                                        "unchanged" if outcome == "unchanged" else "ingested",
                                        document=doc.ref, url=f"/documents/{doc.ref}", title=doc.title))
    order = {name: i for i, name in enumerate(v[0] for v in staged.saved.values())}
    out.sort(key=lambda f: order.get(f.name, len(order)))
    return staged.refused + out
