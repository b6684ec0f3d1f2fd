"""The reference data with the registry's changes laid over it: built-in projects the user
edited or retired, supply assets and export controls accepted from the news, and the sources
they cite. Rows are validated as the packaged tables' rows are (same models, same checks); a
changed data set gets its own version (`<data version>+<hash of the changes>`), so an output
never claims the packaged data when it used the user's edits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pandas as pd

from layer0.errors import InputError, Problem
from layer0.reference import schema
from layer0.reference.checks import check_projects, with_capex_usd
from layer0.reference.geography import is_iso_country, is_iso_region
from layer0.reference.tables import WHERE, validate_rows


@dataclasses.dataclass
class Overlay:
    edited: list[dict] = dataclasses.field(default_factory=list)     # projects.csv rows
    retired: set[str] = dataclasses.field(default_factory=set)
    assets: list[dict] = dataclasses.field(default_factory=list)     # supply_assets.csv rows
    controls: list[dict] = dataclasses.field(default_factory=list)   # export_controls.csv rows
    sources: list[dict] = dataclasses.field(default_factory=list)    # sources.csv rows

    def __bool__(self) -> bool:
        return bool(self.edited or self.retired or self.assets or self.controls)

    def digest(self) -> str:
        body = json.dumps([self.edited, sorted(self.retired), self.assets, self.controls],
                          sort_keys=True, default=str)
        return hashlib.sha256(body.encode()).hexdigest()[:8]


def _validated(table: str, rows: list[tuple[str, dict]], problems: list[Problem]
               ) -> pd.DataFrame:
    model, key = schema.TABLES[table]
    return validate_rows(rows, model, key, problems)


def asset_problems(frame: pd.DataFrame) -> list[Problem]:
    problems = []
    for row in frame.to_dict("records"):
        if not is_iso_country(row["country"]):
            problems.append(Problem(row["_where"], "country", f"'{row['country']}' is not ISO "
                                    "3166-1 alpha-2"))
        if row["region"] and not is_iso_region(row["region"]):
            problems.append(Problem(row["_where"], "region", f"'{row['region']}' is not an ISO "
                                    "3166 code"))
    return problems


def control_problems(frame: pd.DataFrame) -> list[Problem]:
    return [Problem(row["_where"], "issuer", f"'{row['issuer']}' is not ISO 3166-1 alpha-2")
            for row in frame.to_dict("records") if not is_iso_country(row["issuer"])]


def check_assets(rows: list[tuple[str, dict]]) -> list[Problem]:
    problems: list[Problem] = []
    frame = _validated("supply_assets.csv", rows, problems)
    return problems + asset_problems(frame)


def check_controls(rows: list[tuple[str, dict]]) -> list[Problem]:
    problems: list[Problem] = []
    frame = _validated("export_controls.csv", rows, problems)
    return problems + control_problems(frame)


def apply(ref, overlay: Overlay):
    """A copy of `ref` with the overlay applied (`ref` itself if the overlay is empty)."""
    if not overlay:
        return ref
    problems: list[Problem] = []
    tables = dict(ref.tables)
    known_sources = set(ref["sources"]["id"])
    new_sources = [(f"registry source {s['id']}", s) for s in overlay.sources
                   if s["id"] not in known_sources]
    if new_sources:   # ids are URLs or news:HASH, not slugs: rows as the registry made them
        extra = pd.DataFrame([{**row, WHERE: where} for where, row in new_sources],
                             columns=ref["sources"].columns)
        tables["sources"] = pd.concat([ref["sources"], extra], ignore_index=True)
    if overlay.edited or overlay.retired:
        edited = _validated("projects.csv", [(f"registry project {r['id']}", r)
                                             for r in overlay.edited], problems)
        check_projects(edited, ref, problems, user_rows=True)
        drop = overlay.retired | set(edited["id"])
        kept = ref["projects"][~ref["projects"]["id"].isin(drop)]
        tables["projects"] = pd.concat([kept, with_capex_usd(edited, ref["fx_rates"])],
                                       ignore_index=True) if len(edited) else kept
    if overlay.assets:
        assets = _validated("supply_assets.csv", [(f"accepted offtake {r['id']}", r)
                                                  for r in overlay.assets], problems)
        problems += asset_problems(assets)
        assets["tonnes"] = [v if u == "t" and pd.notna(v) else None
                            for v, u in zip(assets["value"], assets["unit"], strict=True)]
        tables["supply_assets"] = pd.concat([ref["supply_assets"], assets], ignore_index=True)
    if overlay.controls:
        controls = _validated("export_controls.csv", [(f"accepted export control {r['id']}", r)
                                                      for r in overlay.controls], problems)
        problems += control_problems(controls)
        tables["export_controls"] = pd.concat([ref["export_controls"], controls],
                                              ignore_index=True)
    if problems:
        raise InputError(problems)
    return dataclasses.replace(ref, tables=tables, version=f"{ref.version}+{overlay.digest()}")
