"""Extraction of commitments (placeholder until its rules land)."""

from __future__ import annotations

from .base import Context, Found, View

NAME = "rules.commitments.v0"


def extract(view: View, ctx: Context) -> list[Found]:
    return []
