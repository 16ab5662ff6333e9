"""The application factory: settings, shared state, routers, error pages.

Routers live one per page family in ``views/`` (overview, meetings, records,
documents, search, upload) and are included here in a fixed order.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .data import Refresh, WebData

HERE = Path(__file__).parent
# Page families, in the order their routes are added.
VIEWS = ("overview", "meetings", "records", "documents", "search", "upload")


@dataclass(frozen=True)
class WebSettings:
    """What ``scotrack serve`` was started with."""

    db: str
    allow_upload: bool = False
    upload_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    max_upload_bytes: int = 50 * 1024 * 1024  # one upload request, zip included
    max_unzipped_bytes: int = 200 * 1024 * 1024  # all members of one zip, expanded
    max_zip_members: int = 2000
    refresh: Refresh = "sync"  # "background": rebuild the registry off the request path (serve)


def create_app(settings: WebSettings) -> FastAPI:
    """A dashboard over the store at ``settings.db``."""
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        _app.state.data.close()

    app = FastAPI(title="scotrack", version=_version(), lifespan=lifespan,
                  description="The SCO registry: meetings, outcome documents, initiatives, institutions, "
                              "people, commitments, figures and the documents they come from.")
    app.state.settings = settings
    app.state.data = web_data = WebData(settings.db, settings.refresh)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["allow_upload"] = settings.allow_upload
    templates.env.globals["registry_updating"] = lambda: web_data.updating
    templates.env.globals["registry_error"] = lambda: web_data.last_error
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for name in VIEWS:
        module = _view(name)
        if module is not None:
            app.include_router(module.router)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Any) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": getattr(exc, "detail", "not found")}, status_code=404)
        return templates.TemplateResponse(request, "error.html", {"title": "Not found",
                                          "message": getattr(exc, "detail", "Nothing here.")}, status_code=404)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        # documents are untrusted: no inline script may run, nothing loads from elsewhere
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return app


def _view(name: str) -> Any:
    try:
        return import_module(f"{__package__}.views.{name}")
    except ModuleNotFoundError as e:
        if e.name == f"{__package__}.views.{name}":
            return None  # a page family not built yet
        raise


def _version() -> str:
    from .. import __version__

    return __version__


def page(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render ``template`` with ``context`` (plus the request)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def data(request: Request) -> WebData:
    return request.app.state.data  # type: ignore[no-any-return]
