"""Upload from the browser: /upload and /api/upload (scotrack.web.views.upload)."""

from __future__ import annotations

import io
import os
import stat
import tempfile
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scotrack.pipeline import ingest
from scotrack.settings import Settings
from scotrack.store import open_store
from scotrack.web import WebSettings, create_app

TOKEN = "test-token-123"

# Two short texts in our own words (not from any source).
ORCHARD = ("上合组织成员国在果园里讨论了苹果的收成。\n\n"
           "各方同意明年继续交流种植经验，并在秋天举办一次展览。\n")
RIVER = ("Delegates from several member states spent an afternoon discussing river cleanup plans. "
         "They agreed to share water quality data every quarter and to meet again next spring.\n")


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store holding one document, so the store is not empty."""
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "seed.txt").write_text("这是一份关于山区道路维护的简短说明，用于测试上传功能。\n",
                                   encoding="utf-8")
    path = str(tmp_path / "web.db")
    with open_store(path) as store:
        ingest([str(seed)], Settings(db=path, workers=1, progress=False), store)
    return path


def client(db: str, **kw: object) -> TestClient:
    allow = bool(kw.pop("allow_upload", True))
    settings = WebSettings(db=db, allow_upload=allow, upload_token=TOKEN,
                           **kw)  # type: ignore[arg-type]
    return TestClient(create_app(settings))


def zip_bytes(members: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, content)
    return buf.getvalue()


def doc_count(db: str) -> int:
    with open_store(db) as store:
        return len(store.list_documents())


def test_upload_is_off_by_default(db: str) -> None:
    c = client(db, allow_upload=False)
    assert c.get("/upload").status_code == 404
    r = c.post("/upload", files={"files": ("a.txt", ORCHARD.encode())}, data={"token": TOKEN})
    assert r.status_code == 404
    r = c.post("/api/upload", files={"files": ("a.txt", ORCHARD.encode())}, headers={"X-Scotrack-Token": TOKEN})
    assert r.status_code == 404 and r.json()["detail"]
    assert 'href="/upload"' not in c.get("/documents").text  # no nav link either
    assert doc_count(db) == 1


def test_upload_form_when_allowed(db: str) -> None:
    r = client(db).get("/upload")
    assert r.status_code == 200
    assert 'enctype="multipart/form-data"' in r.text and 'name="token"' in r.text
    assert TOKEN not in r.text  # the form never gives the token away
    assert 'href="/upload"' in r.text  # the nav link shows when uploads are on


def test_token_required(db: str) -> None:
    c = client(db)
    files = {"files": ("orchard.txt", ORCHARD.encode())}
    assert c.post("/upload", files=files).status_code == 403
    assert c.post("/upload", files=files, data={"token": "wrong"}).status_code == 403
    assert c.post("/api/upload", files=files, headers={"X-Scotrack-Token": "wrong"}).status_code == 403
    assert c.post("/api/upload", files=files, headers={"X-Scotrack-Token": "tést".encode()}).status_code == 403
    assert doc_count(db) == 1
    assert c.post("/api/upload", files=files, headers={"X-Scotrack-Token": TOKEN}).status_code == 200
    assert doc_count(db) == 2


def test_size_limit(db: str) -> None:
    c = client(db, max_upload_bytes=10_000)
    big = ("上合组织" * 5000).encode()
    r = c.post("/api/upload", files={"files": ("big.txt", big)}, headers={"X-Scotrack-Token": TOKEN})
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    r = c.post("/upload", files={"files": ("big.txt", big)}, data={"token": TOKEN})
    assert r.status_code == 413 and "limit" in r.text
    # without Content-Length (chunked), the body is counted while it streams in
    def chunks():  # type: ignore[no-untyped-def]
        yield b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(20):
            yield b"x" * 1000
        yield b"\r\n--b--\r\n"
    r = c.post("/api/upload", content=chunks(), headers={"X-Scotrack-Token": TOKEN,
                                                         "Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413
    assert doc_count(db) == 1


def test_zip_with_traversal_member(db: str, tmp_path: Path) -> None:
    data = zip_bytes({"../../escape.txt": RIVER.encode(), "/abs.txt": RIVER.encode(),
                      "C:/win.txt": RIVER.encode(), "link.txt": b"/etc/passwd",
                      "inner.zip": zip_bytes({"x.txt": b"x"}), "ok/orchard.txt": ORCHARD.encode()},
                     symlinks=("link.txt",))
    r = client(db).post("/api/upload", files={"files": ("set.zip", data)}, headers={"X-Scotrack-Token": TOKEN})
    assert r.status_code == 200, r.text
    out = {f["name"]: f for f in r.json()["files"]}
    for bad in ("../../escape.txt", "/abs.txt", "C:/win.txt", "link.txt"):
        assert out[f"set.zip/{bad}"]["outcome"] == "rejected"
        assert out[f"set.zip/{bad}"]["reason"] == "unsafe-path"
    assert out["set.zip/inner.zip"]["reason"] == "nested-zip"
    assert out["set.zip/ok/orchard.txt"]["outcome"] == "ingested"
    tmp = Path(tempfile.gettempdir())
    assert not (tmp / "escape.txt").exists() and not (tmp.parent / "escape.txt").exists()
    assert doc_count(db) == 2


def test_zip_bomb(db: str) -> None:
    c = client(db, max_unzipped_bytes=1_000_000)
    zeros = b"0" * 5_000_000  # compresses to a few kB
    bomb = zip_bytes({"zeros.txt": zeros})
    assert len(bomb) < 50_000
    r = c.post("/api/upload", files={"files": ("bomb.zip", bomb)}, headers={"X-Scotrack-Token": TOKEN})
    assert r.status_code == 413 and "expands" in r.json()["detail"]
    # many members, each small but together past the limit
    many = zip_bytes({f"z{i}.txt": b"0" * 300_000 for i in range(5)})
    r = c.post("/api/upload", files={"files": ("many.zip", many)}, headers={"X-Scotrack-Token": TOKEN})
    assert r.status_code == 413
    # a member that lies about its size is cut at the declared size and refused
    liar = _lie_about_size(bomb, 100)
    r = c.post("/api/upload", files={"files": ("liar.zip", liar)}, headers={"X-Scotrack-Token": TOKEN})
    assert r.status_code == 200
    assert r.json()["files"][0]["outcome"] == "rejected"
    assert r.json()["files"][0]["reason"] == "bad-member"
    # too many members
    r = client(db, max_zip_members=3).post(
        "/api/upload", files={"files": ("n.zip", zip_bytes({f"n{i}.txt": b"n" for i in range(5)}))},
        headers={"X-Scotrack-Token": TOKEN})
    assert r.status_code == 413
    assert doc_count(db) == 1


def _lie_about_size(data: bytes, size: int) -> bytes:
    """The zip with its one member's uncompressed size rewritten (local header and central directory)."""
    buf = bytearray(data)
    local = buf.index(b"PK\x03\x04")
    buf[local + 22:local + 26] = size.to_bytes(4, "little")
    central = buf.index(b"PK\x01\x02")
    buf[central + 24:central + 28] = size.to_bytes(4, "little")
    return bytes(buf)


def test_zip_of_two_files_is_ingested_and_listed(db: str) -> None:
    c = client(db)
    data = zip_bytes({"notes/orchard.txt": ORCHARD.encode(), "notes/river.md": RIVER.encode(),
                      "__MACOSX/._orchard.txt": b"\x00\x05junk", "notes/picture.psd": b"8BPS"})
    r = c.post("/upload", files={"files": ("notes.zip", data)}, data={"token": TOKEN})
    assert r.status_code == 200, r.text
    assert "orchard.txt" in r.text and "river.md" in r.text and "ingested" in r.text
    api = c.post("/api/upload", files={"files": ("notes.zip", data)}, headers={"X-Scotrack-Token": TOKEN}).json()
    by_name = {f["name"]: f for f in api["files"]}
    assert by_name["notes.zip/notes/orchard.txt"]["outcome"] == "unchanged"  # the same content again
    assert by_name["notes.zip/notes/picture.psd"]["reason"] == "unsupported-type"
    assert "notes.zip/__MACOSX/._orchard.txt" not in by_name
    assert api["ingested"] == 0 and api["unchanged"] == 2
    refs = [by_name[f"notes.zip/notes/{n}"]["document"] for n in ("orchard.txt", "river.md")]
    assert all(ref and ref.startswith("d") for ref in refs)
    assert doc_count(db) == 3
    with open_store(db) as store:
        texts = {store.get_document(int(ref[1:])).text for ref in refs}  # type: ignore[union-attr]
    assert texts == {ORCHARD, RIVER}
    listing = c.get("/documents")
    if listing.status_code == 200:  # the documents page (another page family)
        for ref in refs:
            assert f"/documents/{ref}" in listing.text
        for ref in refs:
            assert c.get(f"/documents/{ref}").status_code == 200
    else:
        pytest.fail("/documents is not there yet")


def test_plain_files_and_rejections(db: str) -> None:
    c = client(db)
    r = c.post("/api/upload", headers={"X-Scotrack-Token": TOKEN},
               files=[("files", ("river.txt", RIVER.encode())), ("files", ("empty.txt", b"")),
                      ("files", ("tool.exe", b"MZ\x90\x00")), ("files", ("../../up.txt", ORCHARD.encode()))])
    assert r.status_code == 200
    out = {f["name"]: f for f in r.json()["files"]}
    assert out["river.txt"]["outcome"] == "ingested"
    assert out["empty.txt"]["outcome"] == "rejected" and out["empty.txt"]["reason"]
    assert out["tool.exe"]["reason"] == "unsupported-type"
    assert out["up.txt"]["outcome"] == "ingested"  # only the base name of an uploaded file is used
    assert doc_count(db) == 3
    assert "/api/upload" in c.get("/openapi.json").json()["paths"]


def test_no_body_or_not_multipart(db: str) -> None:
    c = client(db)
    assert c.post("/api/upload", headers={"X-Scotrack-Token": TOKEN}, content=b"x").status_code == 400
    r = c.post("/api/upload", headers={"X-Scotrack-Token": TOKEN}, data={"token": TOKEN}, files={})
    assert r.status_code in (400, 403)
    assert not [p for p in os.listdir(os.path.dirname(db)) if p.startswith("scotrack-upload-")]
