"""Extraction quality against gold annotations, by the project's scoring rules.

The rules are those of the shared scorer (``shared/eval/score.py``, format in
``shared/eval/gold-format.md``), re-implemented here so ``scotrack eval``
works from the CLI on the current store; a test checks the two agree on the
shared gold. Per document, gold rows are matched one-to-one (greedy, best
score first) with the registry records that have a mention in that
document; then precision/recall/F1 per type, attribute accuracy, cleaning
checks and grounding.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TYPES = ("meetings", "outcome_documents", "initiatives", "institutions", "people", "commitments", "figures")
ATTRS = {"meetings": ("start", "end", "city", "status", "ordinal"), "outcome_documents": ("type",),
         "initiatives": ("proposer",), "institutions": ("status",), "people": ("title",)}
_IGNORED = set(" \t\r\n\u3000《》〈〉“”‘’\"'「」『』()（）[]【】·•●、,，。.:：;；!！?？-—_/")
_SAME = (("上合组织", "上海合作组织"), ("上合", "上海合作组织"), ("吉尔吉斯共和国", "吉尔吉斯斯坦"),
         ("俄罗斯联邦", "俄罗斯"), ("中华人民共和国", "中国"), ("哈萨克斯坦共和国", "哈萨克斯坦"),
         ("塔吉克斯坦共和国", "塔吉克斯坦"), ("乌兹别克斯坦共和国", "乌兹别克斯坦"), ("比什凯克市", "比什凯克"))
_ORG_PREFIXES = ("上海合作组织成员国元首理事会", "上海合作组织成员国", "上海合作组织")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")


def norm(value: Any) -> str:
    if value is None:
        return ""
    s = "".join(ch for ch in unicodedata.normalize("NFKC", str(value)).lower() if ch not in _IGNORED)
    for a, b in _SAME:
        s = s.replace(a, b)
    return s[:-1] if len(s) > 2 and s.endswith("市") else s


def _forms(value: Any) -> set[str]:
    raw = unicodedata.normalize("NFKC", str(value or ""))
    forms = {norm(raw), norm(_PAREN.sub("", raw))}
    for f in list(forms):
        forms.update(f[len(p):] for p in _ORG_PREFIXES if f.startswith(p) and len(f) > len(p) + 1)
    return {f for f in forms if f}


def _pair_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) / len(long_) >= 0.6:
        return 0.95
    return difflib.SequenceMatcher(None, a, b).ratio()


def similarity(a: Any, b: Any) -> float:
    fa, fb = _forms(a), _forms(b)
    return max((_pair_similarity(x, y) for x in fa for y in fb), default=0.0)


def _year(rec: dict[str, Any]) -> int | None:
    for k in ("year", "start", "end"):
        try:
            return int(str(rec[k])[:4]) if rec.get(k) else None
        except ValueError:
            continue
    return None


def _meeting(g: dict[str, Any], p: dict[str, Any]) -> float:
    if g.get("body") != p.get("body"):
        return 0.0
    if g.get("ordinal") is not None and p.get("ordinal") is not None:
        return float(int(g["ordinal"]) == int(p["ordinal"]))
    gy, py = _year(g), _year(p)
    if gy is None or gy != py:
        return 0.0
    if g.get("city") and p.get("city"):
        return float(similarity(g["city"], p["city"]) >= 0.8)
    return 0.8


def _named(attr: str) -> Callable[[dict[str, Any], dict[str, Any]], float]:
    def match(g: dict[str, Any], p: dict[str, Any]) -> float:
        s = similarity(g.get(attr), p.get(attr))
        return s if s >= 0.8 else 0.0
    return match


def _person(g: dict[str, Any], p: dict[str, Any]) -> float:
    return float(norm(g.get("name")) == norm(p.get("name")))


def _figure(g: dict[str, Any], p: dict[str, Any]) -> float:
    try:
        if float(g.get("value")) != float(p.get("value")):  # type: ignore[arg-type]
            return 0.0
    except (TypeError, ValueError):
        return 0.0
    return 1.0 if not g.get("about") else float(similarity(g["about"], p.get("about")) >= 0.5)


def _commitment(text: str) -> Callable[[dict[str, Any], dict[str, Any]], float]:
    def match(g: dict[str, Any], p: dict[str, Any]) -> float:
        needle = g.get("contains", "")
        at = text.find(needle) if needle else -1
        for m in p.get("_here", []):
            if needle and needle in m.get("text", ""):
                return 1.0
            if at >= 0 and m["start"] < at + len(needle) and at < m["end"]:
                return 1.0
        return 0.0
    return match


_MATCH = {"meetings": _meeting, "outcome_documents": _named("title"), "initiatives": _named("name"),
          "institutions": _named("name"), "people": _person, "figures": _figure}


def _attr_ok(kind: str, attr: str, g: dict[str, Any], p: dict[str, Any]) -> bool:
    gv = g.get(attr)
    if kind == "people" and attr == "title":
        gn = norm(gv)
        return any(similarity(gv, t) >= 0.8 or gn in norm(t) or (len(norm(t)) >= 2 and norm(t) in gn)
                   for t in p.get("titles") or [])
    if kind == "institutions" and attr == "status":
        statuses = [m.get("status") for m in p.get("_here", []) if m.get("status")]
        return gv in (statuses or [p.get("status")])
    pv = p.get(attr)
    if attr in ("start", "end"):
        lo, hi = p.get("start") or p.get("end"), p.get("end") or p.get("start")
        return str(gv) == str(pv) or (lo is not None and str(lo) <= str(gv) <= str(hi))
    if attr in ("city", "proposer"):
        return similarity(gv, pv) >= 0.8
    return str(gv) == str(pv)


def _greedy(gold: list[dict[str, Any]], pred: list[dict[str, Any]],
            match: Callable[[dict[str, Any], dict[str, Any]], float]) -> list[tuple[int, int]]:
    pairs = sorted(((s, gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                    if (s := match(g, p)) > 0), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _s, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


@dataclass
class Scores:
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    attrs: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    clean: list[int] = field(default_factory=lambda: [0, 0])
    grounding: list[int] = field(default_factory=lambda: [0, 0])
    missing: list[str] = field(default_factory=list)

    def micro(self) -> tuple[float, float, float]:
        tp = sum(c[0] for c in self.counts.values())
        return prf(tp, sum(c[1] for c in self.counts.values()), sum(c[2] for c in self.counts.values()))


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
    r = tp / ngold if ngold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold(gold_dir: str) -> dict[str, dict[str, Any]]:
    gold = {}
    for name in sorted(os.listdir(gold_dir)):
        if name.endswith(".json"):
            with open(os.path.join(gold_dir, name), encoding="utf-8") as f:
                g = json.load(f)
            gold[g["doc"]] = g
    return gold


def score(registry: dict[str, Any], gold: dict[str, dict[str, Any]]) -> Scores:
    sc = Scores()
    docs = {os.path.basename(d.get("path", "")): d for d in registry.get("documents", [])}
    texts = {d["id"]: d.get("text", "") for d in registry.get("documents", [])}
    for kind in TYPES:
        for rec in registry.get(kind, []):
            for m in rec.get("mentions", []):
                t = texts.get(m.get("doc"))
                sc.grounding[1] += 1
                sc.grounding[0] += t is not None and t[m.get("start", 0):m.get("end", 0)] == m.get("text")
    for base, g in gold.items():
        d = docs.get(base)
        if d is None:
            sc.missing.append(base)
            for kind in TYPES:
                sc.counts[kind][2] += len(g.get(kind, []))
            continue
        for kind in TYPES:
            gl = g.get(kind, [])
            pl = []
            for rec in registry.get(kind, []):
                here = [m for m in rec.get("mentions", []) if m.get("doc") == d["id"]]
                if here:
                    pl.append(dict(rec, _here=here))
            match = _commitment(d.get("text", "")) if kind == "commitments" else _MATCH[kind]
            pairs = _greedy(gl, pl, match)
            c = sc.counts[kind]
            c[0], c[1], c[2] = c[0] + len(pairs), c[1] + len(pl), c[2] + len(gl)
            for gi, pi in pairs:
                for a in ATTRS.get(kind, ()):
                    if gl[gi].get(a) is not None:
                        sc.attrs[f"{kind}.{a}"][1] += 1
                        sc.attrs[f"{kind}.{a}"][0] += _attr_ok(kind, a, gl[gi], pl[pi])
        _clean_checks(sc, d.get("clean_text", ""), g.get("clean", {}))
    return sc


def _clean_checks(sc: Scores, ct: str, checks: dict[str, list[str]]) -> None:
    for s in checks.get("absent", []):
        sc.clean[0] += s not in ct
        sc.clean[1] += 1
    for s in checks.get("present", []):
        sc.clean[0] += s in ct
        sc.clean[1] += 1
    for s in checks.get("once", []):
        sc.clean[0] += ct.count(s) == 1
        sc.clean[1] += 1


def report_lines(sc: Scores) -> list[str]:
    """The figures, laid out as the shared scorer prints them."""
    lines = [f"{'type':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for kind in TYPES:
        t, n_p, n_g = sc.counts[kind]
        p, r, f1 = prf(t, n_p, n_g)
        lines.append(f"{kind:<18}{p:7.3f}{r:7.3f}{f1:7.3f}{t:6d}{n_p:6d}{n_g:6d}")
    for k, (ok, n) in sorted(sc.attrs.items()):
        lines.append(f"attribute {k:<28} {ok}/{n}")
    if sc.missing:
        lines.append(f"documents missing from the registry: {len(sc.missing)}: {' '.join(sc.missing[:10])}")
    lines.append(f"cleaning checks passed {sc.clean[0]}/{sc.clean[1]}")
    lines.append(f"grounded mentions {sc.grounding[0]}/{sc.grounding[1]}")
    p, r, f1 = sc.micro()
    lines.append(f"extraction micro-F1 = {f1:.3f} (P {p:.3f} R {r:.3f})")
    return lines
