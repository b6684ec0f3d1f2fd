"""Accepted news facts the model uses: offtakes as supply assets, export controls, and share
observations (shown beside the USGS shares, never replacing them)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from layer0.store.candidates import news_source_id
from layer0.store.registry import now
from layer0.store.schema import ExportControl, ShareObservation, SupplyAsset


def source_of(source: dict) -> str:
    return news_source_id(source["sha256"])


def add_asset(session: Session, row: dict, candidate_id: str) -> None:
    session.merge(SupplyAsset(id=row["id"], row=row, candidate_id=candidate_id, at=now()))


def add_control(session: Session, row: dict, candidate_id: str) -> None:
    session.merge(ExportControl(id=row["id"], row=row, candidate_id=candidate_id, at=now()))


def add_share(session: Session, record: dict) -> None:
    f, source = record["fields"], record["sources"][0]
    session.merge(ShareObservation(
        id=record["id"], material=f.get("material"), stage=f.get("stage"),
        holder=f.get("location") or f.get("actor"), share_pct=f["share_pct"],
        date=f.get("date") or source.get("date"), source_id=source_of(source),
        candidate_id=record["id"]))


def accepted_rows(session: Session) -> tuple[list[dict], list[dict]]:
    """The accepted offtakes (supply_assets.csv rows) and export controls."""
    assets = [dict(a.row) for a in session.scalars(sa.select(SupplyAsset).order_by(
        SupplyAsset.id))]
    controls = [dict(c.row) for c in session.scalars(sa.select(ExportControl).order_by(
        ExportControl.id))]
    return assets, controls


def share_observations(session: Session, material: str | None = None) -> list[dict]:
    query = sa.select(ShareObservation).order_by(ShareObservation.date, ShareObservation.id)
    if material:
        query = query.where(ShareObservation.material == material)
    return [{"id": o.id, "material": o.material, "stage": o.stage, "holder": o.holder,
             "share_pct": o.share_pct, "date": o.date, "source_id": o.source_id}
            for o in session.scalars(query)]
