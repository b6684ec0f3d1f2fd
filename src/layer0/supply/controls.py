"""Export controls in force on a date: one row of `export_controls.csv` per measure and material.

Status on a date D (a measure is unknown before it was announced):
- `announced`: announced, not yet effective;
- `in_force`: effective and not suspended or ended;
- `suspended`: inside its suspension window (`suspended_until` is the last day suspended,
  as in "suspended until 27 November 2026");
- `ended`: on or after its end date (`ends` is the first day it no longer applies);
- `proposed`: a contingent measure (announced as possible, not decided), never in force by
  itself: a decision would be a new row.
When a suspension's end has passed and the table records nothing later, the measure is
`in_force` again by its own text, and `suspension_lapsed` says so: an extension the table
does not know about is possible, and the record tells the user to check.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from layer0.supply.answers import ControlRecord

CONTROL_STATUSES = ("announced", "in_force", "suspended", "ended", "proposed")


def status_on(row, day: date) -> str | None:
    if day < row["announced"]:
        return None
    if row.get("contingent"):
        return "proposed"
    if pd.notna(row["ends"]) and day >= row["ends"]:
        return "ended"
    if pd.notna(row["suspended_from"]) and row["suspended_from"] <= day <= row["suspended_until"]:
        return "suspended"
    return "in_force" if day >= row["effective"] else "announced"


def applies_to(row, destination: str | None) -> bool:
    codes = row["destinations"].split()
    return destination is None or "ALL" in codes or destination in codes


def group_of(materials: pd.DataFrame, material: str) -> list[str]:
    """A material and the groups it belongs to (neodymium -> neodymium, rare_earths): a
    measure on the rare-earth group applies to each element in it."""
    row = materials.set_index("id").loc[material]
    groups = [g for g in (row["parent"], row["supply_material"]) if g and g != material]
    return [material, *dict.fromkeys(groups)]


def controls_on(table: pd.DataFrame, sources: pd.DataFrame, day: date,
                material: list[str] | str | None = None, destination: str | None = None,
                include_ended: bool = False) -> list[ControlRecord]:
    """The measures known on `day`, by material and date, with their status and sources.
    `material` may list a material and its groups (see `group_of`)."""
    wanted = [material] if isinstance(material, str) else material
    urls = sources.set_index("id")["url"]
    out = []
    for row in table.to_dict("records"):   # plain dicts: a Series per row costs ~50 us
        status = status_on(row, day)
        if status is None or (status == "ended" and not include_ended):
            continue
        if wanted is not None and row["material"] not in wanted:
            continue
        if not applies_to(row, destination):
            continue
        record = {
            "id": row["id"], "material": row["material"], "issuer": row["issuer"],
            "instrument": row["instrument"], "control": row["control"],
            "kind": row.get("kind") or "export_control",
            "destinations": row["destinations"], "forms": row["forms"], "status": status,
            "announced": row["announced"].isoformat(), "effective": row["effective"].isoformat(),
        }
        for column in ("ends", "suspended_from", "suspended_until"):
            if pd.notna(row[column]):
                record[column] = row[column].isoformat()
        if pd.notna(row.get("rate_pct")):
            record["rate_pct"] = float(row["rate_pct"])
        if (status == "in_force" and pd.notna(row["suspended_until"])
                and day > row["suspended_until"]):
            record["suspension_lapsed"] = (
                f"the suspension ran until {row['suspended_until'].isoformat()}; the data "
                "records no extension: check for one before relying on this")
        record["source"] = {"id": row["source_id"], "url": urls.get(row["source_id"], "")}
        if row["suspension_source_id"]:
            record["suspension_source"] = {"id": row["suspension_source_id"],
                                           "url": urls.get(row["suspension_source_id"], "")}
        out.append(record)
    return sorted(out, key=lambda r: (r["material"], r["announced"], r["id"]))
