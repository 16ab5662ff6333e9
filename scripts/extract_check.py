"""Developer loop for extraction: corpus → extract → link → score, no store.

usage: python scripts/extract_check.py [--type meetings] [--doc 003] [--out /tmp/reg.json]

Prints the shared scorer's table, then for --type a per-document diff of gold
rows against predicted records (what is missing, what is extra).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from scotrack import pipeline
from scotrack.discover import Discovery
from scotrack.extract import extract_document
from scotrack.link import DocInfo, registry_records
from scotrack.model import Document
from scotrack.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def build(corpus: Path) -> dict:
    docs, found = [], []
    for i, src in enumerate(Discovery([str(corpus)], Settings()), 1):
        doc = pipeline.process_or_reject(src)
        if not isinstance(doc, Document):
            continue
        info = DocInfo(f"d{i}", doc.meta.published, doc.meta.kind)
        docs.append({"id": info.ref, "path": doc.source.path, "text": doc.text, "clean_text": doc.clean_text,
                     "published": doc.meta.published, "kind": doc.meta.kind})
        found.extend((info, f) for f in extract_document(doc))
    reg = {"schema": "scotrack.registry/1", "documents": docs}
    reg.update(registry_records(found))
    return reg


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--type")
    ap.add_argument("--doc", default="")
    ap.add_argument("--out", default="/tmp/extract_check.json")
    ap.add_argument("--corpus", default=str(SHARED / "corpus"))
    ap.add_argument("--gold", default=str(SHARED / "gold"))
    a = ap.parse_args()
    reg = build(Path(a.corpus))
    Path(a.out).write_text(json.dumps(reg, ensure_ascii=False, indent=1), encoding="utf-8")
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), a.out, a.gold])
    if not a.type:
        return
    for g in sorted(Path(a.gold).glob("*.json")):
        gold = json.loads(g.read_text())
        if a.doc and not gold["doc"].startswith(a.doc):
            continue
        d = next((d for d in reg["documents"] if d["path"].endswith(gold["doc"])), None)
        if d is None:
            continue
        print(f"\n=== {gold['doc']} ({d['id']})")
        for row in gold.get(a.type, []):
            print("  gold ", json.dumps(row, ensure_ascii=False))
        for rec in reg[a.type]:
            here = [m for m in rec["mentions"] if m["doc"] == d["id"]]
            if here:
                shown = {k: v for k, v in rec.items() if k not in ("mentions", "id")}
                print("  pred ", json.dumps(shown, ensure_ascii=False), "|", " / ".join(
                    f"{m['text']}{'(' + m['status'] + ')' if m.get('status') else ''}" for m in here[:4]))


if __name__ == "__main__":
    main()
