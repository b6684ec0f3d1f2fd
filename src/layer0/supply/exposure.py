"""Exposure: data-centre demand x each country's share at the bottleneck stage.

The shares are uncertain too: each sample draws them from a Dirichlet around the latest
USGS shares, with the concentration DERIVED from USGS's own year-on-year change
(`concentration.share_concentration`). So P5/P95 of exposed tonnes carry both the demand and
the share uncertainty. The shares stay those of the data year: a decade of structural change
(new mines, new refineries) is a scenario question, not sampling noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from layer0.analysis.quantiles import period_index, quantile_record, quantile_table, quantiles_of
from layer0.errors import InputError, Problem
from layer0.model.sampling import Dirichlet, Parameter, quantiles
from layer0.supply import concentration as conc
from layer0.supply.answers import StageConcentration
from layer0.supply.risk import risk_record

LISTED_SHARE = 0.05  # countries listed in summary.json: at least 5% of the stage, and China


@dataclass(frozen=True)
class ShareDraws:
    material: str
    stage: str
    year: int                 # data year of the shares
    countries: list[str]      # includes OTHER
    mean: np.ndarray          # [K] USGS shares
    values: np.ndarray        # [S, K] sampled shares
    kappa: float
    how: str

    def of(self, country: str) -> np.ndarray:
        """[S] sampled share of one country (zero where it has none)."""
        if country not in self.countries:
            return np.zeros(len(self.values))
        return self.values[:, self.countries.index(country)]


def draw_shares(ref, material: str, stage: str, year: int, samples: int, seed: int
                ) -> ShareDraws:
    """Sampled shares of one material and stage (around the latest data year <= `year`)."""
    src, y, countries, mean, kappa, how = ref.derived(
        ("share_basis", material, stage, year), lambda: _share_basis(ref, material, stage, year))
    dist = Dirichlet(mean, kappa)
    if samples == 1:
        values = dist.central()
    else:  # streams keyed by the source table, so proxies (neodymium) share rare_earths' draws
        param = Parameter(f"supply_share/{src}/{stage}", "supply shares", dist, "supply.csv")
        values = dist.ppf(quantiles([param], seed, samples)[param.name])
    return ShareDraws(material, stage, y, countries, mean, values, kappa, how)


def _share_basis(ref, material: str, stage: str, year: int):
    """What the draws of one material and stage stand on: the source table, its data year,
    the countries, their shares and the Dirichlet concentration (and how it was made)."""
    supply, materials = ref["supply"], ref["materials"]
    src = conc.source_material(materials, material)
    y = conc.latest_year(supply, src, stage, year) if stage in conc.STAGES else None
    if y is None:
        raise InputError.parameter("stage", f"no {stage} data for {material} in or before {year} "
                                   f"(data: {conc.data_years_text(supply, src)})")
    share = conc.shares(conc.production_array(supply, src, stage, y))
    kappas = ref.derived(("kappa_table", year), lambda: conc.kappa_table(supply, year))
    kappa, how = conc.share_concentration(supply, materials, material, stage, year, kappas)
    return src, y, [str(c) for c in share["country"].to_numpy()], share.to_numpy(), kappa, how


def region_problem(region: str | None, regions: list[str]) -> Problem | None:
    """The problem with a region that is not a model region, or None."""
    if region is None or region in regions:
        return None
    return Problem.parameter("region", f"unknown '{region}' (model regions: "
                             f"{', '.join(regions)})")


FLOWS = ("embedded", "manufacturing_input")


def world_demand(ds: xr.Dataset, material: str, region: str | None = None,
                 flow: str = "embedded") -> np.ndarray:
    """Data-centre demand [S, Y] of one material, world or one model region: the metal
    embedded in what is built inside the fence, or the metal consumed making it
    (`manufacturing_input`: fab, epitaxy and wafer losses included)."""
    if flow not in FLOWS:
        raise InputError.parameter("flow", f"unknown '{flow}' (allowed: {', '.join(FLOWS)})")
    da = (ds["manufacturing_input"] if flow == "manufacturing_input"
          else ds["demand_by_boundary"].sel(boundary="facility", drop=True))
    da = da.sel(material=material)
    if region is not None:
        da = da.sel(region=region)
    da = da.sum([d for d in da.dims if d not in ("sample", "year")])
    return da.transpose("sample", "year").to_numpy()


def exposure_array(ref, ds: xr.Dataset, material: str, stage: str | None = None,
                   year: int = 2024, seed: int = 0, flow: str = "embedded") -> xr.DataArray:
    """Exposed tonnes [sample, year, country] (OTHER included, so they add up to demand)."""
    conc.check_material(ref["materials"], material)
    stage = stage or conc.bottleneck_stage(ref["supply"], ref["materials"], material, year)
    if stage is None:
        raise InputError.parameter("material", f"no production table for {material}")
    draws = draw_shares(ref, material, stage, year, ds.sizes["sample"], seed)
    values = world_demand(ds, material, flow=flow)[:, :, None] * draws.values[:, None, :]
    return xr.DataArray(values, dims=("sample", "year", "country"),
                        coords={"sample": ds["sample"], "year": ds["year"],
                                "country": draws.countries},
                        attrs={"units": "t", "material": material, "stage": stage, "flow": flow,
                               "data_year": draws.year, "share_concentration": draws.kappa})


def listed_countries(draws: ShareDraws) -> list[str]:
    named = [c for c, s in zip(draws.countries, draws.mean, strict=True)
             if c != conc.OTHER and s >= LISTED_SHARE]
    if "CN" in draws.countries and "CN" not in named:
        named.append("CN")
    return sorted(named, key=lambda c: -draws.mean[draws.countries.index(c)])


def exposure_record(ds: xr.Dataset, draws: ShareDraws, import_reliance=None) -> dict:
    """Exposed tonnes per listed country and year (2025-35) and summed over the period."""
    years = [int(y) for y in ds["year"].to_numpy()]
    clipped = period_index(years)
    if clipped is None:
        return {"stage": draws.stage, "data_year": draws.year,
                "missing": "the run has no year in 2025-2035"}
    start, end, period = clipped
    demand = world_demand(ds, draws.material)[:, period]            # [S, P]
    countries = []
    for country in listed_countries(draws):
        exposed = demand * draws.of(country)[:, None]               # [S, P]
        by_year = quantile_table(exposed.T)
        countries.append({
            "country": country,
            "share": round(float(draws.mean[draws.countries.index(country)]), 4),
            "exposed_t": [{"year": years[i], **quantile_record(by_year[k])}
                          for k, i in enumerate(period)],
            "cumulative_t": {"from": start, "to": end, **quantiles_of(exposed.sum(axis=1))},
        })
    record = {"stage": draws.stage, "data_year": draws.year, "unit": "t",
              "share_concentration": round(draws.kappa, 1), "share_concentration_basis":
              draws.how, "countries": countries}
    if import_reliance is not None and "US" in ds["region"].to_numpy():
        us = world_demand(ds, draws.material, "US")[:, period]
        nir = float(import_reliance["value_pct"]) / 100.0
        record["us_net_import_reliance"] = {
            "value_pct": float(import_reliance["value_pct"]),
            "comparator": import_reliance["comparator"], "year": int(import_reliance["year"]),
            "source_id": import_reliance["source_id"],
            "us_demand_t": {"from": start, "to": end, **quantiles_of(us.sum(axis=1))},
            "us_demand_imported_t": {"from": start, "to": end,
                                     **quantiles_of(us.sum(axis=1) * nir)},
        }
    return record


def supply_section(ref, ds: xr.Dataset, year: int, seed: int) -> list[StageConcentration]:
    """summary.json's `supply`: concentration per material and stage; the bottleneck stage's
    record carries the exposure."""
    records = ref.derived(("concentration_table", year), lambda: conc.concentration_table(
        ref["supply"], ref["materials"], year))
    nir = ref["import_reliance"]
    samples = ds.sizes["sample"]
    for record in records:
        if not record.get("bottleneck"):
            continue
        material = record["material"]
        draws = draw_shares(ref, material, record["stage"], year, samples, seed)
        latest = None
        for candidate in (material, conc.source_material(ref["materials"], material)):
            rows = nir[(nir["material"] == candidate) & (nir["country"] == "US")]
            if len(rows):
                latest = rows.sort_values("year").iloc[-1]
                break
        record["exposure"] = exposure_record(ds, draws, latest)
        r = risk_record(ref, material, year)
        record["risk"] = {"supply_risk": r["supply_risk"], "stage": r.get("stage"),
                          "complete": r["complete"],
                          "missing": sorted(r["missing"]), "index": r["index"]}
    return records
