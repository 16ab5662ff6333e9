"""The benchmark's synthetic corpus generator (benchmarks/synth.py).

The generator is not part of the package; it is loaded from its file. These
tests pin what the benchmark relies on: determinism for a seed, the file
count, the encodings each file claims, and a parseable manifest.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
DOCS = 45  # more than two 20-slot layouts, so every kind appears at least twice


def _load_synth() -> ModuleType:
    sys.path.insert(0, str(BENCH))  # synth.py imports its sibling synth_text
    spec = importlib.util.spec_from_file_location("scotrack_bench_synth", BENCH / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return synth.generate(tmp_path_factory.mktemp("synth") / "c", DOCS, seed=7)


def test_same_seed_gives_identical_bytes(corpus: Any, tmp_path: Path) -> None:
    again = synth.generate(tmp_path / "again", DOCS, seed=7)
    assert _digest(again.root) == _digest(corpus.root)


def test_other_seed_gives_other_text(corpus: Any, tmp_path: Path) -> None:
    other = synth.generate(tmp_path / "other", DOCS, seed=8)
    mine, theirs = _digest(corpus.root), _digest(other.root)
    assert mine.keys() == theirs.keys()  # names follow the layout, not the seed
    changed = [name for name in mine if name != "manifest.jsonl" and mine[name] != theirs[name]]
    assert len(changed) == DOCS


def test_writes_requested_number_of_files_plus_manifest(corpus: Any) -> None:
    root: Path = corpus.root
    names = sorted(p.name for p in root.iterdir())
    assert "manifest.jsonl" in names
    assert len(names) == DOCS + 1
    assert len(corpus.files) == DOCS
    assert {f.kind for f in corpus.files} == set(synth.KINDS)


def test_zero_documents_writes_only_an_empty_manifest(tmp_path: Path) -> None:
    c = synth.generate(tmp_path / "empty", 0, seed=1)
    assert [p.name for p in c.root.iterdir()] == ["manifest.jsonl"]
    assert (c.root / "manifest.jsonl").read_text(encoding="utf-8") == ""


def test_gb18030_files_are_gb18030_and_not_utf8(corpus: Any) -> None:
    gb = [f for f in corpus.files if f.encoding == "gb18030"]
    assert len(gb) >= 2
    for f in gb:
        raw = (corpus.root / f.name).read_bytes()
        text = raw.decode("gb18030")
        assert "上海合作组织" in text or "上合组织" in text
        assert len(text) == f.chars
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_big5_files_are_traditional_big5_and_not_utf8(corpus: Any) -> None:
    big5 = [f for f in corpus.files if f.encoding == "big5"]
    assert len(big5) >= 2
    for f in big5:
        raw = (corpus.root / f.name).read_bytes()
        text = raw.decode("big5")
        assert "組織" in text and "组织" not in text  # Traditional, not Simplified
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_utf8_files_decode_and_hant_files_are_traditional(corpus: Any) -> None:
    for f in corpus.files:
        if f.encoding != "utf-8":
            continue
        text = (corpus.root / f.name).read_bytes().decode("utf-8")
        if f.kind == "hant":
            assert "組織" in text and "组织" not in text
        if f.kind == "html":
            assert f.name.endswith(".html") and "<article>" in text and "<nav>" in text
        if f.kind == "en":
            assert "Shanghai Cooperation Organisation" in text


def test_manifest_lines_parse_and_name_real_files(corpus: Any) -> None:
    root: Path = corpus.root
    lines = (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < DOCS  # "part of them"
    assert len(lines) == corpus.manifest_lines
    listed = {f.name for f in corpus.files if f.in_manifest}
    seen = set()
    for line in lines:
        entry = json.loads(line)
        assert set(entry) == {"file", "url", "published"}
        assert (root / entry["file"]).is_file()
        assert entry["url"].startswith("https://")
        year, month, day = (int(x) for x in entry["published"].split("-"))
        assert 2001 <= year <= 2026 and 1 <= month <= 12 and 1 <= day <= 28
        seen.add(entry["file"])
    assert seen == listed


def test_portal_pages_carry_the_defects_they_claim(corpus: Any) -> None:
    planted = [f for f in corpus.files if f.kind == "portal" and f.planted.get("exact-repeat")]
    assert planted, "45 documents should plant at least one exact repeat"
    for f in planted:
        text = (corpus.root / f.name).read_text(encoding="utf-8")
        paras = [p for p in text.split("\n") if len(p) > 60]
        assert len(paras) > len(set(paras))  # some long paragraph occurs twice


def test_average_length_is_in_the_requested_band(corpus: Any) -> None:
    mean = corpus.chars / len(corpus.files)
    assert 2000 <= mean <= 4000


def test_zh_number() -> None:
    assert [synth.zh_number(n) for n in (1, 10, 11, 20, 25, 99)] == ["一", "十", "十一", "二十", "二十五", "九十九"]


def test_streamed_generation_counts_what_the_catalogue_holds(corpus: Any, tmp_path: Path) -> None:
    tally = synth.Tally()
    for f in synth.iter_generate(tmp_path / "streamed", DOCS, seed=7):
        tally.add(f)
    assert tally.summary() == corpus.summary()
    assert tally.docs == DOCS and tally.manifest_lines == corpus.manifest_lines
    assert _digest(tmp_path / "streamed") == _digest(corpus.root)  # same files, manifest included
