"""Quality of the whole pipeline on annotated corpora, for the floor gate.

Corpora: the shared gold (../shared), the bundled examples (tests/data/examples_gold,
annotated by the team) and a held-out set written and annotated
independently of the rules (tests/data/heldout). Each is ingested in
process, exported and scored with :mod:`scotrack.evaluate` (the same rules
as ../shared/eval/score.py).
"""
from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
BASELINE = ROOT / "tests" / "eval_baseline.json"
# Floors sit this far under the measured score (see scripts/raise_floors.py).
EPSILON = 0.005

CORPORA = {
    "shared": (SHARED / "corpus", SHARED / "gold"),
    "examples": (ROOT / "examples", ROOT / "tests" / "data" / "examples_gold"),
    "heldout": (ROOT / "tests" / "data" / "heldout", ROOT / "tests" / "data" / "heldout" / "gold"),
}


def registry_for(corpus: Path) -> dict:
    from scotrack import pipeline
    from scotrack.export import write_json
    from scotrack.settings import Settings
    from scotrack.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "q.db")
        store = open_store(db)
        try:
            pipeline.ingest([str(corpus)], Settings.build(db=db, progress=False, workers=1), store)
            buf = io.StringIO()
            write_json(store, buf)
        finally:
            store.close()
    return json.loads(buf.getvalue())


def scores_of(corpus: Path, gold: Path) -> dict[str, float]:
    from scotrack.evaluate import TYPES, load_gold, prf, score

    sc = score(registry_for(corpus), load_gold(str(gold)))
    out = {"micro_f1": sc.micro()[2]}
    for t in TYPES:
        tp, npred, ngold = sc.counts[t]
        if ngold or npred:
            out[f"f1.{t}"] = prf(tp, npred, ngold)[2]
    ok = sum(v[0] for v in sc.attrs.values())
    n = sum(v[1] for v in sc.attrs.values())
    if n:
        out["attributes"] = ok / n
    out["cleaning"] = sc.clean[0] / sc.clean[1] if sc.clean[1] else 1.0
    out["grounding"] = sc.grounding[0] / sc.grounding[1] if sc.grounding[1] else 1.0
    return out


def current_scores() -> dict[str, dict[str, float]]:
    return {name: scores_of(c, g) for name, (c, g) in CORPORA.items() if c.is_dir() and g.is_dir()}
