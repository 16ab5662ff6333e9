"""Developer aid: run cleaning over ../shared/corpus and print the gold clean checks."""
import json, sys
from pathlib import Path
from scotrack.clean import clean

shared = Path(__file__).resolve().parents[1].parent / "shared"
verbose = "-v" in sys.argv
ok = total = 0
for g in sorted((shared / "gold").glob("*.json")):
    gold = json.loads(g.read_text())
    text = (shared / "corpus" / gold["doc"]).read_text(encoding="utf-8").replace("\r\n", "\n")
    c = clean(text)
    ct = c.clean_text
    for kind, items in gold["clean"].items():
        for s in items:
            good = (s not in ct) if kind == "absent" else (s in ct) if kind == "present" else ct.count(s) == 1
            total += 1; ok += good
            if not good:
                print(f"FAIL {gold['doc']} {kind}: {s!r} (count {ct.count(s)})")
    if verbose:
        print("=" * 30, gold["doc"])
        for f in c.flags:
            print(" ", f.kind, f.start, f.end, f.detail, repr(text[f.start:f.end][:50]))
print(f"{ok}/{total}")
