"""Helpers every page family shares: CSV downloads, badges, record links."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from fastapi.responses import Response

# record-id prefix -> (record type, URL collection)
COLLECTIONS = {"m": ("meetings", "meetings"), "o": ("outcome_documents", "outcomes"),
               "i": ("initiatives", "initiatives"), "n": ("institutions", "institutions"),
               "p": ("people", "people"), "c": ("commitments", "commitments"), "f": ("figures", "figures")}
TYPE_TO_COLLECTION = {t: c for t, c in COLLECTIONS.values()}


def record_url(record_id: str) -> str:
    """The page of a record: /institutions/n20, /meetings/m1…"""
    _t, collection = COLLECTIONS.get(record_id[:1], ("", "records"))
    return f"/{collection}/{record_id}"


def csv_response(rows: Iterable[dict[str, Any]], filename: str) -> Response:
    """Rows as a CSV download. Cells that a spreadsheet would run as a formula
    (=, +, -, @ at the start) are prefixed with ' — document text is untrusted."""
    rows = list(rows)
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _safe_cell(v) for k, v in r.items()})
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _safe_cell(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        v = "; ".join(map(str, v))
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v
