"""Extraction of meetings (placeholder until its rules land)."""

from __future__ import annotations

from .base import Context, Found, View

NAME = "rules.meetings.v0"


def extract(view: View, ctx: Context) -> list[Found]:
    return []
