"""The event: one fact read from a sentence, with its evidence and span."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

EventType = Literal["investment", "capacity", "offtake", "production", "export_control",
                    "market_share"]
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
    period_years: float | None = None
    date: str | None = None
    ranges: dict[str, tuple[float, float]] | None = None
    qualifiers: dict[str, str] | None = None
    evidence: str
    span: tuple[int, int]
    confidence: float

    def numbers(self) -> dict[str, float]:
        return {f: getattr(self, f) for f in NUMERIC_FIELDS if getattr(self, f) is not None}
