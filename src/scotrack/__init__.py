"""scotrack: SCO documents in, a grounded and tracked registry out."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import ConfigError, InternalError, RejectedInput, ScotrackError, SourceError, StoreError
from .model import Cleaned, Document, Flag, Loaded, OffsetMap, Rejection, SourceFile, Span
from .settings import Settings

__all__ = [
    "__version__",
    "Cleaned",
    "ConfigError",
    "Document",
    "Flag",
    "InternalError",
    "Loaded",
    "OffsetMap",
    "RejectedInput",
    "Rejection",
    "ScotrackError",
    "Settings",
    "SourceError",
    "SourceFile",
    "Span",
    "StoreError",
]
