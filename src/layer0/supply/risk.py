"""An EU-style supply-risk index, computed only from inputs that exist in the data.

The EU criticality method (EC 2017 guidelines; 2023 study):

    SR = [HHI_WGI,GS x IR/2 + HHI_WGI,EU x (1 - IR/2)] x (1 - EoL_RIR) x SI_SR
    HHI_WGI = sum_c s_c^2 x WGI_c x t_c      (s as fractions, WGI scaled 0 best .. 10 worst)

layer0 has the global supply shares (USGS), governance (WGI), EoL-RIR and SI_SR (EU 2023), but
no table of where EU (or US) buyers source from, and no trade parameters t_c. So it reports
the *global-sourcing* variant, SR_GS = HHI_WGI,GS x (1 - EoL_RIR) x SI_SR (the EU formula with
the sourcing mix taken as the global one, which makes IR drop out, and t_c = 1), names those
two inputs as missing, and prints the EU's own 2023 SR beside it for comparison. A country
without a governance score is left out of the sum and listed: the index is then a lower
bound (`complete: false`). A missing EoL-RIR or SI_SR leaves the index empty.
"""

from __future__ import annotations

from layer0.errors import InputError
from layer0.supply import concentration as conc
from layer0.supply.answers import RiskRecord

ALWAYS_MISSING = {
    "hhi_wgi_eu_sourcing": "no table of EU or US sourcing by country: the global mix stands in",
    "trade_parameter": "export-restriction and trade-agreement factors t_c not in the data "
                       "(taken as 1)",
}


def wgi_scaled(mean: float) -> float:
    """WGI mean (-2.5 worst .. 2.5 best) -> 0 (best) .. 10 (worst), as CritMAT implements it."""
    return (2.5 - mean) * 2.0


def hhi_wgi(share_records: list[dict], governance: dict[str, float]) -> tuple[float, list[dict]]:
    """Governance-weighted HHI over the named countries; the ones without a score listed."""
    total, missing = 0.0, []
    for r in share_records:
        if r["country"] == conc.OTHER:
            continue
        if r["country"] not in governance:
            missing.append({"country": r["country"], "share": r["share"]})
            continue
        total += r["share"] ** 2 * wgi_scaled(governance[r["country"]])
    return total, missing


def _latest_governance(table) -> dict[str, float]:
    latest = table.sort_values("year").groupby("country").tail(1)
    return dict(zip(latest["country"], latest["wgi_mean"], strict=True))


def _eu_row(ref, material: str):
    eu = ref["criticality_eu"]
    for candidate in (material, conc.source_material(ref["materials"], material)):
        rows = eu[eu["material"] == candidate].sort_values("year")
        if len(rows):
            return rows.iloc[-1]
    return None


def _value(row, column):
    if row is None:
        return None
    v = row[column]
    return None if v is None or v != v else float(v)


EU_STAGES = {"extraction": "mining", "processing": "refining"}


def check_year(ref, year: int) -> None:
    first = int(ref["supply"]["year"].min())
    if year < first:
        raise InputError.parameter("year", f"{year} is before the first supply data year {first}")


def risk_record(ref, material: str, year: int) -> RiskRecord:
    """The index at the EU's own stage where layer0 has that stage's shares (so the two
    scores compare like with like), else at layer0's bottleneck stage. Computed once per data
    set, material and year."""
    conc.check_material(ref["materials"], material)
    check_year(ref, year)
    return ref.derived(("risk_record", material, year), lambda: _risk_record(ref, material, year))


def _risk_record(ref, material: str, year: int) -> RiskRecord:
    record = {"material": material, "index": "EU supply risk, global-sourcing variant"}
    missing = dict(ALWAYS_MISSING)
    eu = _eu_row(ref, material)
    stage = conc.bottleneck_stage(ref["supply"], ref["materials"], material, year)
    if eu is not None:
        eu_stage = EU_STAGES[eu["eu_stage"]]
        if conc.stage_record(ref["supply"], ref["materials"], material, eu_stage,
                             year) is not None:
            stage = eu_stage
        else:
            record["stage_differs"] = (f"the EU rates {eu['eu_stage']}; layer0 has no "
                                       f"{eu_stage} shares, so {stage} is used")
    eol, si = _value(eu, "eol_rir_pct"), _value(eu, "si_sr")
    if stage is None:
        missing["supply_shares"] = "no production-by-country table"
        hhi_w, no_wgi = None, []
    else:
        stage_rec = conc.stage_record(ref["supply"], ref["materials"], material, stage, year,
                                      with_shares=True)
        hhi_w, no_wgi = hhi_wgi(stage_rec["shares"], _latest_governance(ref["governance"]))
        record.update({"stage": stage, "data_year": stage_rec["year"]})
    if eol is None:
        missing["eol_rir"] = "no EU end-of-life recycling input rate"
    if si is None:
        missing["si_sr"] = "no EU substitution index for supply risk"
    ir_column = {"extraction": "ir_extraction_pct", "processing": "ir_processing_pct"}
    record["inputs"] = {
        "hhi_wgi_global": None if hhi_w is None else round(hhi_w, 3),
        "countries_without_governance_score": no_wgi,
        "eol_rir_pct": eol, "si_sr": si,
        "eu_import_reliance_pct": _value(eu, ir_column[eu["eu_stage"]]) if eu is not None
        else None,
    }
    ready = hhi_w is not None and eol is not None and si is not None
    record["supply_risk"] = round(hhi_w * (1 - eol / 100) * si, 2) if ready else None
    record["complete"] = ready and not no_wgi
    record["missing"] = missing
    if eu is not None:
        record["eu_2023"] = {"name": eu["eu_name"], "stage": eu["eu_stage"],
                             "supply_risk": _value(eu, "eu_sr"),
                             "economic_importance": _value(eu, "eu_ei"),
                             "critical_thresholds": "SR >= 1.0 and EI >= 2.8"}
    record["sources"] = sorted({"governance.csv", "supply.csv"}
                               | ({eu["source_id"]} if eu is not None else set()))
    return record


def risk_table(ref, year: int) -> list[RiskRecord]:
    return [risk_record(ref, m, year) for m in ref["materials"]["id"]]
