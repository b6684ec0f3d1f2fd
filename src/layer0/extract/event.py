"""The event: one fact read from a sentence, with its evidence and span."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

EventType = Literal["investment", "capacity", "offtake", "production", "export_control",
                    "market_share", "financing", "forecast"]
EVENT_TYPES: tuple[str, ...] = EventType.__args__
NUMERIC_FIELDS = ("amount_usd", "capacity_mw", "quantity_t", "share_pct", "period_years")


class Event(BaseModel):
    """Fields the text does not state are None. Money: `amount` and `currency` as written,
    `amount_usd` converted with the dated rate in `fx` (None when no rate is known)."""

    model_config = ConfigDict(extra="forbid")

    type: EventType
    actor: str | None = None
    counterparty: str | None = None
    amount_usd: float | None = None
    amount: float | None = None
    currency: str | None = None
    fx: dict | None = None
    capacity_mw: float | None = None
    quantity_t: float | None = None
    material: str | None = None
    location: str | None = None
    share_pct: float | None = None
    stage: str | None = None
    measure: str | None = None       # of an export control: ban, licensing, suspension ...
    period_years: float | None = None
    date: str | None = None
    ranges: dict[str, tuple[float, float]] | None = None
    qualifiers: dict[str, str] | None = None
    evidence: str
    span: tuple[int, int]
    confidence: float

    def numbers(self) -> dict[str, float]:
        return {f: getattr(self, f) for f in NUMERIC_FIELDS if getattr(self, f) is not None}


TOLERANCE = 0.02   # two reports of one fact round differently ("$11 billion", "11,2 Mrd.")


def same_fact(a: dict, b: dict) -> bool:
    """Same actor, material, stage and measure; places that do not contradict (US-AZ within US); at
    least one number in common when both state numbers, and no number that disagrees."""
    if any(a.get(f) != b.get(f) for f in ("actor", "material", "stage")) \
            or not _same_measure(a.get("measure"), b.get("measure")):
        return False
    da, db = a.get("date"), b.get("date")
    if da and db and da[:4] != db[:4]:       # a ban of 2022 and one from 2027: two measures
        return False
    la, lb = a.get("location"), b.get("location")
    if la and lb and not (la.startswith(lb) or lb.startswith(la)):
        return False
    shared = [f for f in NUMERIC_FIELDS if a.get(f) is not None and b.get(f) is not None]
    # sums not converted to USD (no rate for their month) compare as written, in one currency
    if "amount_usd" not in shared and a.get("amount") is not None \
            and b.get("amount") is not None and a.get("currency") == b.get("currency"):
        shared.append("amount")
    for name in shared:
        x, y = a[name], b[name]
        if abs(x - y) > TOLERANCE * max(abs(x), abs(y)):
            return False
    stated_a = any(a.get(f) is not None for f in (*NUMERIC_FIELDS, "amount"))
    stated_b = any(b.get(f) is not None for f in (*NUMERIC_FIELDS, "amount"))
    return bool(shared) or not (stated_a and stated_b)


# "verschärft die Exportkontrollen" and "beschränkt die Ausfuhr" tell one tightening
_TIGHTER = {"restriction", "stricter control"}


def _same_measure(a: str | None, b: str | None) -> bool:
    return a == b or {a, b} <= _TIGHTER
