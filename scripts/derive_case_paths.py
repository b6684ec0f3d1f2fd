"""Derive the IEA Lift-Off and Headwinds rows of electricity_paths.csv.

Run `python scripts/derive_case_paths.py` after changing an input; a test checks that the
packaged CSV equals this script's output.

The IEA publishes the two cases as world totals only (2030 and 2035); history is shared with
the Base case (the cases diverge after 2024). Regional values are DERIVED: the world value of
the case x the region's share of the Base case in the same year (the IEA gives no regional
split of these cases; the Base split is the best available).

The Base case's own 2035 regional values are DERIVED too (the IEA published a 2030 split, not a
2035 one): the world's growth slows from 2024-30 to 2030-35 (log rates 945/415 over 6 years, then
1,200/945 over 5); each region's 2030-35 log rate is its own 2024-30 rate slowed by the same
ratio, and the regions are renormalised to the world 2035 total. Fast-growing regions stay
faster, slow ones slower, none shrinks. Holding the 2030 shares instead gave every region the
world's 2030-35 growth, so all regions kinked together in 2030.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "layer0" / "data"
FILE = DATA / "electricity_paths.csv"
HISTORY = (2015, 2018, 2022, 2024)

# case -> year -> (world TWh, source_id, quality, note)
CASES = {
    "iea_lift_off": {
        2030: (1264, "hf-forecast-scorecard", "SEC",
               "Lift-Off 2030 as cited from the IEA annex by a third-party scorecard; verify "
               "against the annex"),
        2035: (1720, "iea-energy-ai-2025", "SEC", "IEA Lift-Off case: up to ~1,720 TWh in 2035"),
    },
    "iea_headwinds": {
        2030: (669, "hf-forecast-scorecard", "SEC",
               "Headwinds 2030 as cited from the IEA annex; consistent with \"nearly 30% below\" "
               "the base case"),
        2035: (700, "iea-energy-ai-2025-summary", "SEC",
               "'By 2035, its scenarios range from roughly 700 terawatt-hours in a headwinds case "
               "to more than 1,700' (IEA range as quoted; primary page not read)"),
    },
}


def _base_2035(rows: list[dict]) -> list[dict]:
    """Replace the Base case's regional 2035 rows by the continued 2024-2030 share trend."""
    base = {(r["region"], int(r["year"])): float(r["value"]) for r in rows
            if r["path"] == "iea_base"}
    regions = sorted({region for region, _ in base} - {"WORLD"})
    world = base[("WORLD", 2035)]

    def share(region, year):
        return base[(region, year)] / sum(base[(r, year)] for r in regions)

    def rate(region, y0, y1):
        return math.log(base[(region, y1)] / base[(region, y0)]) / (y1 - y0)

    slowdown = rate("WORLD", 2030, 2035) / rate("WORLD", 2024, 2030)
    trend = {r: base[(r, 2030)] * math.exp(5 * slowdown * rate(r, 2024, 2030)) for r in regions}
    total = sum(trend.values())
    out = []
    for row in rows:
        region = row["region"]
        if row["path"] == "iea_base" and row["year"] == "2035" and region != "WORLD":
            s35 = trend[region] / total
            row = dict(row, value=f"{world * s35:.2f}", quality="DERIVED", note=(
                f"World 2035 ({world:,.0f} TWh) x the region's share ({s35:.3f}) when its "
                f"2024-30 growth ({100 * rate(region, 2024, 2030):.1f}%/yr log) slows as the "
                f"world's does (x{slowdown:.3f}), renormalised; IEA published no 2035 regional "
                "split that we found"))
        out.append(row)
    return out


def derive(source: Path = FILE, target: Path = FILE) -> None:
    """Read the paths, replace the two cases' rows with freshly derived ones, write."""
    with source.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    kept = _base_2035([r for r in rows if r["path"] not in CASES])
    base = {(r["region"], int(r["year"])): float(r["value"]) for r in kept
            if r["path"] == "iea_base"}
    base_rows = {(r["region"], int(r["year"])): r for r in kept if r["path"] == "iea_base"}
    regions = sorted({region for region, _ in base} - {"WORLD"})
    out = list(kept)
    for case, points in CASES.items():
        for year in HISTORY:
            row = dict(base_rows[("WORLD", year)], path=case)
            row["note"] = ("History shared with the Base case (cases diverge after 2024). "
                           + row["note"])
            out.append(row)
            for region in regions:
                out.append(dict(base_rows[(region, year)], path=case))
        for year, (world, source, quality, note) in points.items():
            out.append({"path": case, "region": "WORLD", "year": str(year), "value": str(world),
                        "unit": "TWh", "source_id": source, "quality": quality, "note": note})
            for region in regions:
                share = base[(region, year)] / sum(base[(r, year)] for r in regions)
                out.append({
                    "path": case, "region": region, "year": str(year),
                    "value": f"{world * share:.2f}", "unit": "TWh", "source_id": source,
                    "quality": "DERIVED",
                    "note": f"World {world:,} TWh x the region's share of the Base case in "
                            f"{year} ({share:.4f}); the IEA gives no regional split of this case"})
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)


if __name__ == "__main__":
    derive()
