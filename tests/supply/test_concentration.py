"""HHI known answers and share invariants, then the USGS facts."""

from __future__ import annotations

import pytest
import xarray as xr

from layer0.supply.concentration import concentration_table, hhi, production_array, shares


def _prod(values: dict) -> xr.DataArray:
    return xr.DataArray(list(values.values()), dims="country", coords={"country": list(values)})


def test_one_country_has_hhi_10000():
    assert hhi(shares(_prod({"CN": 5.0, "WORLD": 5.0}))) == pytest.approx(10_000)


@pytest.mark.parametrize("n", [2, 4, 5, 10])
def test_n_equal_countries_have_hhi_10000_over_n(n):
    codes = ["CL", "PE", "CN", "US", "AU", "ID", "RU", "MX", "ZM", "CA"][:n]
    prod = _prod({**{c: 1.0 for c in codes}, "WORLD": float(n)})
    assert hhi(shares(prod)) == pytest.approx(10_000 / n)


def test_remainder_becomes_other_and_shares_sum_to_one():
    s = shares(_prod({"CN": 6.0, "CL": 2.0, "WORLD": 10.0}))
    assert float(s.sel(country="OTHER")) == pytest.approx(0.2)
    assert float(s.sum()) == pytest.approx(1.0)


def test_every_packaged_group_keeps_its_remainder_as_other(ref):
    supply = ref["supply"]
    for (material, stage, year), group in supply.groupby(["material", "stage", "year"]):
        s = shares(production_array(supply, material, stage, year))
        world = float(group.loc[group["country"] == "WORLD", "value"].iloc[0])
        parts = group[group["country"] != "WORLD"]
        denominator = max(world, float(parts["value"].sum()))
        named = parts[parts["country"] != "OTHER"]
        for _, row in named.iterrows():                      # a named share: value / total
            assert float(s.sel(country=row["country"])) == pytest.approx(
                row["value"] / denominator), (material, stage, year, row["country"])
        if world > parts["value"].sum():                     # what is left is OTHER
            assert float(s.sel(country="OTHER")) == pytest.approx(
                1 - named["value"].sum() / world), (material, stage, year)


def test_china_refines_about_44_percent_of_copper(ref):
    table = concentration_table(ref["supply"], ref["materials"], 2024)
    cu = next(r for r in table if r["material"] == "copper" and r["stage"] == "refining")
    assert cu["top_country"] == "CN"
    assert cu["china_share"] == pytest.approx(12_000 / 27_000, abs=0.01)
    assert 2_000 < cu["hhi"] < 2_400


def test_gallium_is_almost_entirely_chinese(ref):
    table = concentration_table(ref["supply"], ref["materials"], 2024)
    ga = next(r for r in table if r["material"] == "gallium")
    assert ga["china_share"] > 0.97 and ga["hhi"] > 9_000
