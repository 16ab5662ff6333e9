"""The local web dashboard: ``scotrack serve``.

FastAPI with server-rendered Jinja2 templates; every asset is served from
the package (no CDN). Each page has a JSON twin under ``/api/...``
(documented by FastAPI's OpenAPI at ``/docs``) and lists download as CSV.
Read-only unless started with ``--allow-upload``, and then uploads need the
token printed at start.
"""

from .app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
