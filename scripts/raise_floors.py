"""Raise the quality floors in tests/eval_baseline.json to what the pipeline scores now.

usage: python scripts/raise_floors.py [--allow-regression]

Floors only rise: a score below its floor is an error unless
--allow-regression is given (say why in the commit message). The floor
stored is the current score minus EPSILON, so a harmless change in the
last digit does not fail the gate.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.quality import BASELINE, EPSILON, current_scores  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--allow-regression", action="store_true")
    a = ap.parse_args()
    old = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    new = {}
    failed = False
    for corpus, scores in current_scores().items():
        floors = old.get(corpus, {})
        new[corpus] = {}
        for name, value in scores.items():
            floor = floors.get(name, 0.0)
            if value + 1e-9 < floor and not a.allow_regression:
                print(f"REGRESSION {corpus} {name}: {value:.3f} < floor {floor:.3f}")
                failed = True
            new[corpus][name] = max(floor, round(value - EPSILON, 3)) if not a.allow_regression else round(value - EPSILON, 3)
    if failed:
        return 1
    BASELINE.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(new, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
