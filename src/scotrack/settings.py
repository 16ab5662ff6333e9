"""Every setting, declared once: name, default, environment variable, help.

Layers, lowest priority first: these defaults -> environment (``SCOTRACK_*``)
-> command-line flags. ``Settings`` is built once at the edge (``cli.py``)
and passed down explicitly; no module reads the environment itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError

# Where the per-document stage can run (see scotrack.engines).
ENGINES: tuple[str, ...] = ("local", "dask")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    env: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "scotrack.db", "Store: a SQLite file path or a database URL.", env="SCOTRACK_DB"),
    Setting("max_bytes", 50 * 1024 * 1024,
            "Largest input file accepted, in bytes; larger files are rejected.", env="SCOTRACK_MAX_BYTES"),
    Setting("batch_size", 64, "Documents written per store transaction during ingest."),
    Setting("max_files", 1_000_000, "Most files one ingest will walk before stopping."),
    Setting("workers", 0, "Worker processes for reading, cleaning and extraction; 0 = one per CPU core.",
            env="SCOTRACK_WORKERS"),
    Setting("engine", "local",
            "Where reading, cleaning and extraction run: local (this machine, --workers processes) or dask "
            "(a Dask cluster: --scheduler, or a local one of --workers processes).", env="SCOTRACK_ENGINE"),
    Setting("scheduler", "",
            "Dask scheduler address for --engine dask, e.g. tcp://host:8786; without it a local cluster "
            "is started for the run.", env="SCOTRACK_SCHEDULER"),
    Setting("debug", False, "Show tracebacks instead of one-line errors.", env="SCOTRACK_DEBUG"),
    Setting("progress", True, "Show a progress bar on long work."),
)


@dataclass(frozen=True)
class Settings:
    db: str = "scotrack.db"
    max_bytes: int = 50 * 1024 * 1024
    batch_size: int = 64
    max_files: int = 1_000_000
    workers: int = 0
    engine: str = "local"
    scheduler: str = ""
    debug: bool = False
    progress: bool = True

    @classmethod
    def build(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, overlaid by ``SCOTRACK_*`` environment, overlaid by ``overrides``
        (None values in overrides mean "not given")."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for s in SETTINGS:
            if s.env and s.env in environ:
                values[s.name] = _coerce(s, environ[s.env])
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError("max_bytes must be positive; pass e.g. --max-bytes 52428800")
        if self.workers < 0:
            raise ConfigError("workers must be 0 (one per core) or more; pass e.g. --workers 2")
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}; pass --engine local or --engine dask")
        if self.scheduler and self.engine != "dask":
            raise ConfigError("a Dask scheduler is given but the engine is local; "
                              "add --engine dask, or drop --scheduler / SCOTRACK_SCHEDULER")
        if self.batch_size <= 0:
            raise ConfigError("batch_size must be positive")
        if not self.db:
            raise ConfigError("no store given; pass --db PATH or set SCOTRACK_DB")


def _coerce(setting: Setting, raw: str) -> Any:
    if isinstance(setting.default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(setting.default, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{setting.env}={raw!r} is not a whole number") from None
    return raw


def effective_workers(settings: Settings) -> int:
    """The number of worker processes ``settings.workers`` asks for."""
    return settings.workers or max(1, os.cpu_count() or 1)


def declared_names() -> set[str]:
    return {f.name for f in fields(Settings)}
