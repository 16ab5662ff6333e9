"""scotrack's exceptions: one root, split by who has to act.

::

    ScotrackError                 anything scotrack raises on purpose
    ├── ConfigError               the user fixes the command line or settings
    ├── SourceError               an input could not be read or decoded
    │   └── RejectedInput         ... with a reason code; becomes a Rejection
    ├── StoreError                the database could not be opened/written
    ├── EngineError               the engine for the per-document stage failed
    └── InternalError             a bug in scotrack: please report it

The library raises; ``cli.py`` turns a ScotrackError into one line and an
exit code. Inside a batch a RejectedInput becomes a stored Rejection and the
batch goes on.
"""

from __future__ import annotations


class ScotrackError(Exception):
    """Root of every error scotrack raises on purpose."""


class ConfigError(ScotrackError):
    """A setting or argument is wrong; the message says which and how to fix it."""


class SourceError(ScotrackError):
    """An input file could not be used."""

    def __init__(self, message: str, *, path: str | None = None, original: BaseException | None = None):
        super().__init__(message)
        self.path = path
        self.original = original


class RejectedInput(SourceError):
    """An input that is rejected with a short reason code (``empty``, ``binary``...)."""

    def __init__(self, reason: str, message: str, *, path: str | None = None, stage: str = "read",
                 original: BaseException | None = None):
        super().__init__(message, path=path, original=original)
        self.reason = reason
        self.stage = stage


class StoreError(ScotrackError):
    """The store could not be opened, migrated or written."""

    def __init__(self, message: str, *, original: BaseException | None = None):
        super().__init__(message)
        self.original = original


class EngineError(ScotrackError):
    """The engine running the per-document stage cannot be used: a Dask
    scheduler unreachable or lost, a cluster without workers or with another
    scotrack. What was stored before it failed is kept."""


class InternalError(ScotrackError):
    """A bug in scotrack. The message should end with how to report it."""


def rejected(reason: str, detail: str, path: str | None = None, stage: str = "read") -> RejectedInput:
    """Build a RejectedInput; ``detail`` is one line ending with what to do next."""
    return RejectedInput(reason, detail, path=path, stage=stage)
