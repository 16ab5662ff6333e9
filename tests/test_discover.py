"""discover: walking inputs lazily, size limits, unreadable files and manifests."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import scotrack.discover as discover_mod
from scotrack.discover import Discovery, check_paths, count_inputs, discover, read_manifest
from scotrack.errors import ConfigError
from scotrack.model import Rejection, SourceFile
from scotrack.settings import Settings

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    write(root / "b.txt", "second file")
    write(root / "a.txt", "first file")
    write(root / "sub" / "c.md", "# nested")
    write(root / ".hidden.txt", "hidden")
    write(root / ".git" / "config.txt", "hidden dir")
    write(root / "manifest.jsonl", json.dumps({"file": "a.txt", "url": "https://tass.com/x",
                                               "published": "2025/9/1", "title": "A", "kind": "News"}) + "\n")
    write(root / "manifest.csv", "file,title\nb.txt,Bee\n")
    return root


def paths_of(items: list[SourceFile | Rejection]) -> list[str]:
    return [item.path for item in items]


def test_walks_sorted_recursive_skipping_hidden_and_manifests(tree: Path) -> None:
    items = list(discover([str(tree)], Settings()))
    assert paths_of(items) == [os.path.join(str(tree), "a.txt"), os.path.join(str(tree), "b.txt"),
                               os.path.join(str(tree), "sub", "c.md")]
    assert all(isinstance(i, SourceFile) for i in items)


def test_source_file_fields(tree: Path) -> None:
    first = next(iter(discover([str(tree)])))
    assert isinstance(first, SourceFile)
    assert first.raw == b"first file"
    assert first.sha256 == hashlib.sha256(b"first file").hexdigest()
    assert first.abspath == os.path.realpath(tree / "a.txt")


def test_path_is_the_given_path_joined_with_the_relative_path(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "sub")
    items = list(discover(["../"]))
    assert paths_of(items) == ["../a.txt", "../b.txt", "../sub/c.md"]
    assert items[2].abspath == os.path.realpath(tree / "sub" / "c.md")


def test_manifests_apply_by_file_name(tree: Path) -> None:
    by_name = {os.path.basename(i.path): i for i in discover([str(tree)])}
    a = by_name["a.txt"].manifest
    assert a is not None and (a.url, a.published, a.title, a.kind) == ("https://tass.com/x", "2025-09-01",
                                                                       "A", "news")
    b = by_name["b.txt"].manifest
    assert b is not None and b.title == "Bee" and b.url is None and b.published is None
    assert by_name["c.md"].manifest is None  # the root manifest does not reach into sub/


def test_missing_path_raises_before_anything_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "x.txt", "x")
    opened: list[str] = []
    monkeypatch.setattr(discover_mod, "open", lambda *a, **k: opened.append(a[0]), raising=False)
    with pytest.raises(ConfigError, match="no such file or folder: .*nope"):
        discover([str(tmp_path / "x.txt"), str(tmp_path / "nope")])
    assert opened == []
    with pytest.raises(ConfigError):
        check_paths(["/definitely/not/here"])
    check_paths([str(tmp_path)])  # no error


def test_reads_lazily_one_file_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(50):
        write(tmp_path / f"{i:03}.txt", f"file {i}")
    opened: list[str] = []
    real_open = open

    def spy(path: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(discover_mod, "open", spy, raising=False)
    it = discover([str(tmp_path)])
    assert opened == []
    first = next(it)
    assert isinstance(first, SourceFile) and first.raw == b"file 0"
    assert [os.path.basename(p) for p in opened] == ["000.txt"]
    next(it)
    assert len(opened) == 2


def test_too_large_file_is_rejected_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    write(tmp_path / "small.txt", "ok")
    opened: list[str] = []
    real_open = open

    def spy(path: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(os.path.basename(str(path)))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(discover_mod, "open", spy, raising=False)
    items = list(discover([str(tmp_path)], Settings()))
    rej = items[0]
    assert isinstance(rej, Rejection)
    assert (rej.stage, rej.reason, rej.size) == ("discover", "too-large", 200 * 1024 * 1024)
    assert rej.detail.endswith("is 200.0 MB, over the 50.0 MB limit; split it or raise --max-bytes")
    assert "big.txt" not in opened and "small.txt" in opened
    assert isinstance(items[1], SourceFile)


def test_max_bytes_setting_is_honoured(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "x" * 100)
    [rej] = list(discover([str(tmp_path)], Settings(max_bytes=99)))
    assert isinstance(rej, Rejection) and rej.reason == "too-large"
    [ok] = list(discover([str(tmp_path)], Settings(max_bytes=100)))
    assert isinstance(ok, SourceFile)


def test_unreadable_files_become_rejections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a.txt", "fine")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    write(tmp_path / "locked.txt", "secret")
    real_open = open

    def deny(path: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(discover_mod, "open", deny, raising=False)
    items = {os.path.basename(i.path): i for i in discover([str(tmp_path)])}
    assert isinstance(items["a.txt"], SourceFile)
    for name in ("broken.txt", "locked.txt"):
        rej = items[name]
        assert isinstance(rej, Rejection) and (rej.stage, rej.reason) == ("discover", "unreadable")
    assert "permission denied" in items["locked.txt"].detail  # type: ignore[union-attr]


def test_special_files_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    [rej] = list(discover([str(tmp_path)]))
    assert isinstance(rej, Rejection) and rej.reason == "unreadable" and "regular file" in rej.detail


def test_count_inputs_matches_walk(tree: Path) -> None:
    assert count_inputs([str(tree)]) == 3
    assert count_inputs([str(tree), str(tree / "a.txt")]) == 4
    assert count_inputs([str(tree / "manifest.jsonl")]) == 0


def test_files_given_directly_keep_their_path_and_get_the_folder_manifest(tree: Path) -> None:
    given = str(tree / "a.txt")
    [item] = list(discover([given]))
    assert isinstance(item, SourceFile) and item.path == given
    assert item.manifest is not None and item.manifest.title == "A"


def test_hidden_file_named_explicitly_is_read(tree: Path) -> None:
    [item] = list(discover([str(tree / ".hidden.txt")]))
    assert isinstance(item, SourceFile) and item.raw == b"hidden"


def test_manifest_given_as_input_is_skipped_with_warning(tree: Path) -> None:
    d = discover([str(tree / "manifest.jsonl")])
    assert list(d) == []
    assert any("manifests are read automatically" in w for w in d.warnings)


def test_same_file_twice_is_read_once(tree: Path) -> None:
    d = discover([str(tree), str(tree / "a.txt")])
    items = list(d)
    assert len(items) == 3
    assert any("already read" in w for w in d.warnings)


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    write(tmp_path / "d" / "x.txt", "x")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    items = list(discover([str(tmp_path / "d")]))
    assert paths_of(items) == [str(tmp_path / "d" / "x.txt")]


def test_max_files_stops_with_a_warning(tmp_path: Path) -> None:
    for i in range(5):
        write(tmp_path / f"{i}.txt", str(i))
    d = Discovery([str(tmp_path)], Settings(max_files=2))
    assert len(list(d)) == 2
    assert any("stopped after 2 files" in w for w in d.warnings)


def test_broken_manifest_lines_are_warnings(tmp_path: Path) -> None:
    lines = [
        json.dumps({"file": "a.txt", "published": "2025-09-02T08:00:00Z"}),
        "{not json",
        "[1, 2]",
        json.dumps({"url": "https://x"}),
        json.dumps({"file": "b.txt", "published": "someday", "kind": "blog", "title": 7}),
        "",
        json.dumps({"file": "sub/c.txt"}),
        json.dumps({"file": "a.txt", "title": "again"}),
        json.dumps({"file": "ghost.txt"}),
    ]
    write(tmp_path / "manifest.jsonl", "\n".join(lines) + "\n")
    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.txt", "b")
    d = discover([str(tmp_path)])
    items = {os.path.basename(i.path): i for i in d}
    a, b = items["a.txt"].manifest, items["b.txt"].manifest  # type: ignore[union-attr]
    assert a is not None and a.published == "2025-09-02" and a.title is None
    assert b is not None and (b.published, b.kind, b.title) == (None, None, None)
    text = "\n".join(d.warnings)
    for needle in ("line 2: not valid JSON", "line 3: not a JSON object", "line 4: no 'file' name",
                   "'published' 'someday' is not a date", "'kind' 'blog' is not one of",
                   "'title' should be text", "line 7: 'file' must be a name in this folder",
                   "line 8: a.txt is listed again", "names ghost.txt, which is not in that folder"):
        assert needle in text, needle


def test_csv_manifest_and_jsonl_precedence(tmp_path: Path) -> None:
    write(tmp_path / "manifest.jsonl", json.dumps({"file": "a.txt", "title": "from jsonl"}) + "\n")
    write(tmp_path / "manifest.csv", "\ufeffFile,Title,Published,URL\n"
                                     "a.txt,from csv,,\n"
                                     "b.txt,\"Comma, in title\",2024年7月10日,https://www.mfa.gov.cn/x\n")
    entries, warnings = read_manifest(str(tmp_path))
    assert entries["a.txt"].title == "from jsonl"
    assert (entries["b.txt"].title, entries["b.txt"].published, entries["b.txt"].url) == (
        "Comma, in title", "2024-07-10", "https://www.mfa.gov.cn/x")
    assert any("manifest.jsonl, which wins" in w for w in warnings)


def test_csv_without_file_column_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "manifest.csv", "name,title\na.txt,x\n")
    entries, warnings = read_manifest(str(tmp_path))
    assert entries == {} and "no 'file' column" in warnings[0]


# ------------------------------------------------------------------ real corpus


def test_real_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    given = str(CORPUS)
    d = discover([given])
    items = list(d)
    assert all(isinstance(i, SourceFile) for i in items)
    names = [os.path.basename(i.path) for i in items]
    assert names == sorted(names) and "manifest.jsonl" not in names
    assert len(items) == count_inputs([given]) == len(list(CORPUS.glob("*.txt")))
    by_name = {os.path.basename(i.path): i for i in items}
    hk01 = by_name["02_tianjin-declaration-hk01-zh.txt"]
    assert hk01.path == os.path.join(given, "02_tianjin-declaration-hk01-zh.txt")
    assert hk01.manifest is not None and hk01.manifest.published == "2025-09-01"
    assert "hk01.com" in (hk01.manifest.url or "")
    assert by_name["000_eff580d89c659198.txt"].manifest is None
    wiki = by_name["62_wiki-2025-tianjin-summit-zh.txt"].manifest
    assert wiki is not None and wiki.published is None
    assert d.warnings == []


# -- the walk's on-disk index ------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scotrack import walk_index  # noqa: E402
from scotrack.walk_index import WalkIndex  # noqa: E402

_names = st.text(st.characters(blacklist_characters="\x00/", blacklist_categories=("Cs",)), min_size=1, max_size=12)


@given(st.lists(_names, max_size=40), st.lists(_names, max_size=5))
def test_walk_index_lists_names_in_sorted_order(names: list[str], other: list[str]) -> None:
    index = WalkIndex()
    try:
        a, b = index.new_folder(), index.new_folder()
        index.add_names(a, names)
        index.add_names(b, other)
        assert list(index.sorted_names(a)) == sorted(set(names))  # Python's order, each once
        index.forget(a)
        assert list(index.sorted_names(a)) == [] and list(index.sorted_names(b)) == sorted(set(other))
    finally:
        index.close()


def test_walk_index_pages_through_large_folders_and_remembers_paths() -> None:
    index = WalkIndex()
    folder = index.new_folder()
    names = [f"{i:05d}.txt" for i in range(walk_index.PAGE * 2 + 7)][::-1]
    index.add_names(folder, names + ["caf\udcc3.txt"])  # an undecodable byte, as os.scandir gives it
    assert list(index.sorted_names(folder)) == sorted(names + ["caf\udcc3.txt"])
    assert index.first_visit("/a/b") and not index.first_visit("/a/b") and index.first_visit("/a/c")
    path = index._db.execute("PRAGMA database_list").fetchone()[2]
    assert os.path.exists(path)
    index.close()
    assert not os.path.exists(path)  # the temporary file goes with the index


def test_walk_index_keeps_the_first_entry_and_marks_used_ones() -> None:
    from scotrack.model import ManifestEntry

    index = WalkIndex()
    folder = index.new_folder()
    first = ManifestEntry(file="a.txt", url="https://example.org/a", published="2025-09-01")
    assert index.add_entry(folder, first, "m.jsonl") is None
    assert index.add_entry(folder, ManifestEntry(file="a.txt", url="https://x"), "m.csv") == "m.jsonl"
    assert index.add_entry(folder, ManifestEntry(file="b.txt"), "m.jsonl") is None
    assert index.entry(folder, "a.txt") == first
    assert index.entry(folder, "zzz.txt") is None
    assert index.unused(folder) == ["b.txt"]
    index.close()
