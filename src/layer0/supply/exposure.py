"""Exposure: data-centre demand x each country's share at the bottleneck stage.

The shares are uncertain too: each sample draws them from a Dirichlet around the latest
USGS shares, with the concentration DERIVED from USGS's own year-on-year change
(`concentration.share_concentration`). So P5/P95 of exposed tonnes carry both the demand and
the share uncertainty. The shares stay those of the data year: a decade of structural change
(new mines, new refineries) is a scenario question, not sampling noise.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import cachetools
import numpy as np
import xarray as xr

from layer0.analysis.quantiles import period_index, quantile_record
from layer0.analysis.streaming import ExactStats
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
    basis, param = share_distribution(ref, material, stage, year)
    return replace(basis, values=sample_shares(param, seed, samples, 0, samples))


def share_distribution(ref, material: str, stage: str, year: int
                       ) -> tuple[ShareDraws, Parameter]:
    """The shares' basis (their values: the central shares) and the parameter they are
    drawn from: a Dirichlet around the data year's shares, its random stream keyed by the
    source table, so proxies (neodymium) share rare_earths' draws."""
    src, y, countries, mean, kappa, how = ref.derived(
        ("share_basis", material, stage, year), lambda: _share_basis(ref, material, stage, year))
    dist = Dirichlet(mean, kappa)
    basis = ShareDraws(material, stage, y, countries, mean, np.atleast_2d(dist.central()),
                       kappa, how)
    return basis, Parameter(f"supply_share/{src}/{stage}", "supply shares", dist, "supply.csv")


def sample_shares(param: Parameter, seed: int, samples: int, start: int, stop: int
                  ) -> np.ndarray:
    """Shares [stop - start, K] of samples start .. stop - 1 (central with one sample).
    Read-only: runs of up to CACHED_UP_TO samples share them (see _drawn)."""
    if samples == 1:
        return np.atleast_2d(param.distribution.central())
    dist = param.distribution
    key = None if samples > CACHED_UP_TO else (
        param.name, np.asarray(dist.mean).tobytes(), dist.concentration, seed, samples,
        start, stop)
    if key is not None:
        with _drawn_lock:
            if (found := _drawn.get(key)) is not None:
                return found
    found = dist.ppf(quantiles([param], seed, samples, "mc", start, stop)[param.name])
    found.flags.writeable = False
    if key is not None:
        with _drawn_lock:
            _drawn[key] = found
    return found


# Sampled shares do not depend on the scenario, so a long-running process (the API, the
# dashboard: scenario after scenario with one seed) draws them once. Each is a gamma
# quantile (gammaincinv, ~1.3 us): a run's 25 exposures cost ~0.4 s of CPU per 1,000
# samples, a quarter of the warm run. Larger runs are not kept (each chunk's draws are
# used once; they would only churn the cache), and the memory is bounded: one 5,000-sample
# run's draws are ~16 MB.
CACHED_UP_TO = 5000
_drawn: cachetools.LRUCache = cachetools.LRUCache(48 * 2**20, getsizeof=lambda a: a.nbytes)
_drawn_lock = threading.Lock()


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


@dataclass(frozen=True)
class ExposureSpec:
    """What one material's exposure record needs from the reference data: small, so it
    goes to Dask workers with the chunks, which draw each sample's shares themselves."""

    material: str
    material_index: int
    basis: ShareDraws                 # its values: the central shares (not used per sample)
    param: Parameter                  # the shares' Dirichlet and random stream
    listed: list[int]                 # columns of the countries listed in summary.json
    import_reliance: dict | None      # US net import reliance (latest year) or None

    def shares(self, seed: int, samples: int, start: int, stop: int) -> np.ndarray:
        """Sampled shares [stop - start, K] of samples start .. stop - 1 (as draw_shares)."""
        return sample_shares(self.param, seed, samples, start, stop)


def exposure_specs(ref, year: int, materials: list[str]) -> list[ExposureSpec]:
    """One spec per material with a bottleneck stage in `year`'s concentration table (derived
    once per data set: a run's summary needs them, ~0.1 s of table lookups)."""
    return ref.derived(("exposure_specs", year, tuple(materials)),
                       lambda: _exposure_specs(ref, year, materials))


def _exposure_specs(ref, year: int, materials: list[str]) -> list[ExposureSpec]:
    records = ref.derived(("concentration_table", year), lambda: conc.concentration_table(
        ref["supply"], ref["materials"], year))
    nir = ref["import_reliance"]
    out = []
    for record in records:
        if not record.get("bottleneck"):
            continue
        material, stage = record["material"], record["stage"]
        basis, param = share_distribution(ref, material, stage, year)
        latest = None
        for candidate in (material, conc.source_material(ref["materials"], material)):
            rows = nir[(nir["material"] == candidate) & (nir["country"] == "US")]
            if len(rows):
                row = rows.sort_values("year").iloc[-1]
                latest = {k: row[k].item() if hasattr(row[k], "item") else row[k]
                          for k in ("value_pct", "comparator", "year", "source_id")}
                break
        out.append(ExposureSpec(
            material, materials.index(material), basis, param,
            [basis.countries.index(c) for c in listed_countries(basis)], latest))
    return out


def exposure_cells(specs: list[ExposureSpec], world: np.ndarray, us: np.ndarray | None,
                   years: list[int], seed: int, samples: int, start: int, stop: int,
                   drawn: list[np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Per sample, exposed tonnes of each listed country in the reporting period and summed
    over it, and the US demand: `world`, `us` facility demand [S, Y, M] of samples
    start .. stop - 1. `drawn`: each spec's shares of these samples, if drawn already."""
    clipped = period_index(years)
    if clipped is None:
        return {}
    period = clipped[2]
    out = {}
    for i, spec in enumerate(specs):
        demand = world[:, period, spec.material_index]                      # [S, P]
        shares = (drawn[i] if drawn is not None else
                  spec.shares(seed, samples, start, stop))[:, spec.listed]  # [S, L]
        exposed = demand[:, :, None] * shares[:, None, :]                   # [S, P, L]
        out[f"exposed:{spec.material}"] = exposed
        out[f"exposed_total:{spec.material}"] = exposed.sum(axis=1)
        if spec.import_reliance is not None and us is not None:
            total = us[:, period, spec.material_index].sum(axis=1)
            out[f"us:{spec.material}"] = total
            out[f"us_imported:{spec.material}"] = (
                total * (float(spec.import_reliance["value_pct"]) / 100.0))
    return out


def exposure_from(spec: ExposureSpec, stats, years: list[int]) -> dict:
    """Exposed tonnes per listed country and year (2025-35) and summed over the period."""
    basis = spec.basis
    clipped = period_index(years)
    if clipped is None:
        return {"stage": basis.stage, "data_year": basis.year,
                "missing": "the run has no year in 2025-2035"}
    start, end, period = clipped
    by_year = stats.table(f"exposed:{spec.material}")                         # [P, L, 3]
    total = stats.table(f"exposed_total:{spec.material}")                     # [L, 3]
    countries = [{
        "country": basis.countries[column],
        "share": round(float(basis.mean[column]), 4),
        "exposed_t": [{"year": years[i], **quantile_record(by_year[k, n])}
                      for k, i in enumerate(period)],
        "cumulative_t": {"from": start, "to": end, **quantile_record(total[n])},
    } for n, column in enumerate(spec.listed)]
    record = {"stage": basis.stage, "data_year": basis.year, "unit": "t",
              "share_concentration": round(basis.kappa, 1), "share_concentration_basis":
              basis.how, "countries": countries}
    nir = spec.import_reliance
    if nir is not None and f"us:{spec.material}" in stats:
        record["us_net_import_reliance"] = {
            "value_pct": float(nir["value_pct"]), "comparator": nir["comparator"],
            "year": int(nir["year"]), "source_id": nir["source_id"],
            "us_demand_t": {"from": start, "to": end,
                            **quantile_record(stats.table(f"us:{spec.material}"))},
            "us_demand_imported_t": {"from": start, "to": end, **quantile_record(
                stats.table(f"us_imported:{spec.material}"))},
        }
    return record


def supply_section(ref, ds: xr.Dataset, year: int, seed: int) -> list[StageConcentration]:
    """summary.json's `supply` of a run's Dataset (every sample in memory)."""
    years = [int(y) for y in ds["year"].to_numpy()]
    regions = [str(r) for r in ds["region"].to_numpy()]
    specs = exposure_specs(ref, year, [str(m) for m in ds["material"].to_numpy()])
    facility = ds["demand_by_boundary"].sel(boundary="facility", drop=True).transpose(
        "sample", "year", "region", "material").to_numpy()
    us = facility[:, :, regions.index("US")] if "US" in regions else None
    cells = exposure_cells(specs, facility.sum(axis=2), us, years, seed, ds.sizes["sample"],
                           0, ds.sizes["sample"])
    return supply_records(ref, ExactStats(cells), year, years, specs)


def supply_records(ref, stats, year: int, years: list[int], specs: list[ExposureSpec]
                   ) -> list[StageConcentration]:
    """summary.json's `supply`: concentration per material and stage; the bottleneck stage's
    record carries the exposure (from the statistics of `exposure_cells`)."""
    records = ref.derived(("concentration_table", year), lambda: conc.concentration_table(
        ref["supply"], ref["materials"], year))
    records = [dict(r) for r in records]
    by_material = {spec.material: spec for spec in specs}
    for record in records:
        if not record.get("bottleneck"):
            continue
        material = record["material"]
        record["exposure"] = exposure_from(by_material[material], stats, years)
        r = risk_record(ref, material, year)
        record["risk"] = {"supply_risk": r["supply_risk"], "stage": r.get("stage"),
                          "complete": r["complete"],
                          "missing": sorted(r["missing"]), "index": r["index"]}
    return records
