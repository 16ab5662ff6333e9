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


# --- pagination (every list page, its JSON twin, and the mentions of a record) -----

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000
MENTIONS_PER_PAGE = 50


def _int_param(raw: str | None, default: int, lo: int, hi: int | None = None) -> int:
    try:
        n = int(str(raw).strip()) if raw not in (None, "") else default
    except ValueError:
        n = default
    n = max(lo, n)
    return min(n, hi) if hi is not None else n


class Pager:
    """One page of a list: which rows (``page`` counted from 1, ``per_page`` of them),
    how many there are in all, and links to the neighbouring pages that keep every
    other query parameter (the filters) as they are."""

    def __init__(self, request: Any, total: int, param: str = "page", per_param: str = "per_page",
                 default: int = DEFAULT_PER_PAGE, anchor: str = ""):
        qp = request.query_params
        self.param, self.per_param, self.anchor = param, per_param, anchor
        self.total = max(0, int(total))
        self.per_page = _int_param(qp.get(per_param), default, 1, MAX_PER_PAGE)
        self.pages = max(1, -(-self.total // self.per_page))
        self.page = min(_int_param(qp.get(param), 1, 1), self.pages)
        self.start = (self.page - 1) * self.per_page  # index of the first row shown
        self.end = min(self.start + self.per_page, self.total)
        self._path = request.url.path
        self._params = [(k, v) for k, v in qp.multi_items() if k != param]

    def slice(self, rows: list[Any]) -> list[Any]:
        """The rows of this page."""
        return rows[self.start:self.end]

    def url(self, page: int) -> str:
        """This list at ``page`` (same filters)."""
        from urllib.parse import urlencode

        params = self._params + ([(self.param, str(page))] if page > 1 else [])
        qs = urlencode(params)
        return self._path + (f"?{qs}" if qs else "") + (f"#{self.anchor}" if self.anchor else "")

    @property
    def prev_url(self) -> str | None:
        return self.url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.page + 1) if self.page < self.pages else None

    @property
    def showing(self) -> str:
        """"showing 1–100 of 20,345" ("none" when empty)."""
        if not self.total:
            return "showing 0 of 0"
        return f"showing {self.start + 1:,}–{self.end:,} of {self.total:,}"

    def meta(self) -> dict[str, int]:
        """The paging fields of a JSON twin: total, page, per_page."""
        return {"total": self.total, "page": self.page, "per_page": self.per_page}


PAGE_PARAMS_DOC = [
    {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "default": 1},
     "description": "the page (from 1)"},
    {"name": "per_page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
     "description": f"rows per page (at most {MAX_PER_PAGE}); CSV downloads always hold every row"},
]
