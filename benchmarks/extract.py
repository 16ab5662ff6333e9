"""Extraction throughput: characters per second of the extract stage alone.

usage: python benchmarks/extract.py [--docs 300] [--seed 0] [--repeat 3]

Generates the synthetic corpus (benchmarks/synth.py), reads and cleans every
document once, then times only ``extract_document`` over all of them (and
the shared corpus too when ../shared is beside the checkout). Prints chars/s
per corpus and the share of time per extractor.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

from scotrack import extract, pipeline  # noqa: E402
from scotrack.discover import Discovery  # noqa: E402
from scotrack.extract.base import Context, View  # noqa: E402
from scotrack.model import Document  # noqa: E402
from scotrack.settings import Settings  # noqa: E402


def load(folder: Path) -> list[Document]:
    docs = []
    for src in Discovery([str(folder)], Settings()):
        d = pipeline.process_or_reject(src) if not hasattr(src, "reason") else src
        if isinstance(d, Document):
            docs.append(d)
    return docs


def time_extract(docs: list[Document], repeat: int) -> dict[str, object]:
    chars = sum(len(d.text) for d in docs if d.meta.language != "en")
    per: dict[str, float] = defaultdict(float)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            if d.meta.language == "en":
                continue
            t = time.perf_counter()
            view = View(d.text, d.clean_text, d.cleaned.offsets)
            per["view (script folding)"] += time.perf_counter() - t
            ctx = Context(published=d.meta.published, year=int(d.meta.published[:4]) if d.meta.published else None)
            for name in extract.EXTRACTORS:
                t = time.perf_counter()
                extract._module(name).extract(view, ctx)
                per[name] += time.perf_counter() - t
        best = min(best, time.perf_counter() - t0)
    total = sum(per.values()) or 1.0
    return {"docs": len(docs), "zh_chars": chars, "seconds": round(best, 3),
            "chars_per_s": round(chars / best) if best else None,
            "share": {k: round(v / total, 3) for k, v in per.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), a.docs, a.seed)
        results["synthetic"] = time_extract(load(Path(tmp)), a.repeat)
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if shared.is_dir():
        results["shared corpus"] = time_extract(load(shared), a.repeat)
    for name, r in results.items():
        print(f"{name:>14}: {r['docs']} docs, {r['zh_chars']:,} Chinese chars, "
              f"{r['chars_per_s']:,} chars/s  (time by extractor: {r['share']})")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
