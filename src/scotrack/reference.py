"""scotrack's own SCO reference data (``data/sco_reference.json``), with lookups.

Facts carried over from public sources in the project's own format: meetings
of each body with ordinal, dates and place; member states, observers and
dialogue partners; secretaries-general with their terms; cities and the
country each lies in; name aliases. Extraction links mentions to these
records (天津峰会 in a 2025 text is heads-of-state no. 25); checks compare
texts against them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class RefMeeting:
    body: str
    ordinal: int | None
    year: int
    start: str | None
    end: str | None
    city: str | None
    country: str | None
    status: str = "held"

    @property
    def key(self) -> str:
        return meeting_key(self.body, self.ordinal, self.year)

    def attrs(self) -> dict[str, Any]:
        return {"body": self.body, "ordinal": self.ordinal, "year": self.year, "start": self.start,
                "end": self.end, "city": self.city, "country": self.country, "status": self.status}


def meeting_key(body: str, ordinal: int | None, year: int | None = None, place: str | None = None) -> str:
    """The linking key of a meeting: by ordinal when known, else by year and place."""
    if ordinal is not None:
        return f"{body}#{ordinal}"
    return f"{body}@{year or '?'}" + (f":{place}" if place else "")


@dataclass
class Reference:
    meetings: list[RefMeeting]
    member_states: list[dict[str, Any]]
    observers: list[str]
    dialogue_partners: list[str]
    secretaries_general: list[dict[str, Any]]
    cities: dict[str, str]
    country_aliases: dict[str, list[str]]
    city_aliases: dict[str, list[str]]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    # --- meetings -------------------------------------------------------
    def meeting(self, body: str, ordinal: int) -> RefMeeting | None:
        return next((m for m in self.meetings if m.body == body and m.ordinal == ordinal), None)

    def meetings_in(self, body: str, year: int) -> list[RefMeeting]:
        return [m for m in self.meetings if m.body == body and m.year == year]

    def meeting_at(self, body: str, city: str | None = None, year: int | None = None,
                   before: str | None = None) -> RefMeeting | None:
        """The meeting of ``body`` in ``city`` and/or ``year``; with only a city,
        the latest one on or before the date ``before`` (a text's date)."""
        cands = [m for m in self.meetings if m.body == body]
        if city:
            cands = [m for m in cands if m.city == city]
        if year:
            cands = [m for m in cands if m.year == year]
        if not cands:
            return None
        if year or len(cands) == 1:
            return cands[0] if len(cands) == 1 else None
        if before:
            past = [m for m in cands if (m.start or f"{m.year}") <= before]
            if past:
                return max(past, key=lambda m: m.year)
        return None

    def next_meeting(self, body: str, after_year: int) -> RefMeeting | None:
        later = [m for m in self.meetings if m.body == body and m.year > after_year]
        return min(later, key=lambda m: m.year) if later else None

    # --- places and states ---------------------------------------------
    def country_of(self, city: str) -> str | None:
        return self.cities.get(city)

    def canonical_country(self, name: str) -> str | None:
        for canon, aliases in self.country_aliases.items():
            if name == canon or name in aliases:
                return canon
        names = {m["name"] for m in self.member_states} | set(self.observers) | set(self.dialogue_partners)
        return name if name in names else None

    def canonical_city(self, name: str) -> str | None:
        if name in self.cities:
            return name
        for canon, aliases in self.city_aliases.items():
            if name in aliases:
                return canon
        return None

    def member_on(self, country: str, date: str) -> bool:
        return any(m["name"] == country and m["joined"] <= date for m in self.member_states)

    def secretary_general_on(self, date: str) -> str | None:
        for sg in self.secretaries_general:
            if sg["from"] <= date <= sg["to"]:
                return str(sg["name"])
        return None

    def all_country_names(self) -> list[str]:
        """Every country name and alias, longest first (for regex alternations)."""
        names = set(self.country_aliases) | {a for al in self.country_aliases.values() for a in al}
        names |= {m["name"] for m in self.member_states} | {m["full"] for m in self.member_states}
        names |= set(self.observers) | set(self.dialogue_partners)
        names.discard("中方")
        names.discard("俄方")
        return sorted(names, key=len, reverse=True)

    def all_city_names(self) -> list[str]:
        names = set(self.cities) | {a for al in self.city_aliases.values() for a in al}
        return sorted(names, key=len, reverse=True)


@lru_cache(maxsize=1)
def load() -> Reference:
    """The packaged reference data (parsed once per process)."""
    with resources.files("scotrack").joinpath("data/sco_reference.json").open("r", encoding="utf-8") as f:
        raw = json.load(f)
    meetings = []
    for body, rows in raw["meetings"].items():
        for r in rows:
            year = int(r.get("year") or str(r.get("start"))[:4])
            meetings.append(RefMeeting(body, r.get("ordinal"), year, r.get("start"), r.get("end"),
                                       r.get("city"), r.get("country"), r.get("status", "held")))
    return Reference(
        meetings=meetings,
        member_states=raw["member_states"],
        observers=raw["observers_until_2025_09_01"],
        dialogue_partners=raw["dialogue_partners_until_2025_09_01"],
        secretaries_general=raw["secretaries_general"],
        cities=raw["cities"],
        country_aliases=raw["country_aliases"],
        city_aliases=raw.get("city_aliases", {}),
        raw=raw,
    )
