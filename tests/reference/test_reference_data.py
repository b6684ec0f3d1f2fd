"""The packaged reference data: schemas, provenance, coverage and internal consistency."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from layer0 import reference
from layer0.reference import schema

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_MATERIALS = {"copper", "aluminium", "steel", "electrical_steel", "concrete", "lithium",
                      "cobalt", "nickel", "lead", "graphite", "rare_earths", "gallium",
                      "germanium", "silver", "tin", "gold", "tantalum", "silicon"}


def test_every_table_loads_and_every_row_is_sourced(ref):
    sources = ref.ids("sources")
    for name, frame in ref.tables.items():
        if name == "sources":
            continue
        assert len(frame) > 0, name
        assert frame["source_id"].isin(sources).all(), name
        assert frame["quality"].isin(["SRC", "SEC", "DERIVED", "ASSUMED"]).all(), name
        reasoned = frame[frame["quality"].isin(["DERIVED", "ASSUMED"])]
        assert (reasoned["note"].str.len() >= 10).all(), name


def test_data_version_names_the_bytes(data_copy):
    before = reference.data_version(data_copy)
    path = data_copy / "parameters.csv"
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    assert reference.data_version(data_copy) != before


def test_intensities_cover_the_required_materials_for_every_archetype(ref):
    table = ref["intensities"]
    for archetype in ref.ids("archetypes"):
        rows = table[table["archetype"].isin([archetype, "any"])]
        assert REQUIRED_MATERIALS <= set(rows["material"]), archetype


def _inside_fence_sum(ref, material, archetype, column):
    table, comps = ref["intensities"], ref["components"]
    inside = set(comps[comps["scope"] == "inside_fence"]["id"])
    rows = table[(table["material"] == material) & table["archetype"].isin([archetype, "any"])
                 & (table["architecture"] == "any") & table["component"].isin(inside)]
    return rows[column].sum()


def test_bottom_up_copper_sits_where_the_engineering_evidence_does(ref):
    # the component rows are the engineering bottom-up (~14-17 t/MW, like the German 2008
    # inventory's ~15 t/MW IT); the published totals (facility_totals.csv) are another family
    ai = _inside_fence_sum(ref, "copper", "hyperscale_ai", "mode")
    assert 10 <= ai <= 20
    for archetype in ("hyperscale_cloud", "colocation", "enterprise"):
        assert 10 <= _inside_fence_sum(ref, "copper", archetype, "mode") <= 20


def test_published_totals_name_the_components_they_rescale(ref):
    components = set(ref.ids("components"))
    totals = ref["facility_totals"]
    assert set(totals["archetype"]) >= {"hyperscale_ai", "hyperscale_cloud"}
    for _, total in totals.iterrows():
        scaled = set(total["scales"].split())
        assert scaled and scaled <= components
        assert total["mode"] > 1.5 * _inside_fence_sum(ref, total["material"],
                                                       total["archetype"], "mode")
    # S&P Global: 30-47 t/MW for AI capacity; CDA: 27 t/MW (20-40)
    ai = totals.set_index("archetype").loc["hyperscale_ai"]
    assert (ai["low"], ai["high"]) == (30, 47)
    # Microsoft Chicago: 2,400 short tons on 60 MW critical is ~36 t/MW: inside the CDA range
    chicago = 2400 * 0.90718474 / 60
    assert totals.set_index("archetype").loc["colocation", "low"] <= chicago <= \
        totals.set_index("archetype").loc["colocation", "high"]


def test_rack_busbar_copper_is_at_least_nvidias_200_kg_per_mw(ref):
    t = ref["intensities"]
    row = t[(t["material"] == "copper") & (t["component"] == "rack_power")
            & (t["archetype"] == "hyperscale_ai") & (t["architecture"] == "any")].iloc[0]
    assert row["low"] >= 0.2
    dc = t[(t["material"] == "copper") & (t["component"] == "rack_power")
           & (t["architecture"] == "dc_800v")].iloc[0]
    assert dc["mode"] < row["mode"]


def test_intensity_csvs_equal_the_derivation_script(tmp_path):
    spec = importlib.util.spec_from_file_location("derive", ROOT / "scripts" /
                                                  "derive_intensities.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    for name, rows in (("intensities.csv", derive.intensity_rows()),
                       ("facility_totals.csv", derive.total_rows())):
        derive.write(tmp_path / name, rows)
        assert (tmp_path / name).read_text() == (reference.data_dir() / name).read_text(), name


def test_case_paths_equal_the_derivation_script(tmp_path):
    spec = importlib.util.spec_from_file_location("cases", ROOT / "scripts" /
                                                  "derive_case_paths.py")
    cases = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cases)
    packaged = reference.data_dir() / "electricity_paths.csv"
    cases.derive(packaged, tmp_path / "paths.csv")
    assert (tmp_path / "paths.csv").read_text() == packaged.read_text()


def test_case_paths_keep_the_world_totals_and_the_ordering(ref):
    paths = ref["electricity_paths"]
    for year in (2030, 2035):
        world = {p: float(paths.query(f"path == '{p}' and region == 'WORLD' and year == {year}")
                          ["value"].iloc[0]) for p in ("iea_lift_off", "iea_base",
                                                       "iea_headwinds")}
        assert world["iea_lift_off"] > world["iea_base"] > world["iea_headwinds"]
        for case in ("iea_lift_off", "iea_headwinds"):
            regions = paths.query(f"path == '{case}' and region != 'WORLD' and year == {year}")
            assert regions["value"].sum() == pytest.approx(world[case], rel=1e-3)


def test_projects_include_the_announcements_in_the_press(ref):
    projects = ref["projects"]
    assert len(projects) >= 25
    names = " ".join(projects["name"]).lower()
    for needle in ("rainier", "abilene", "hyperion", "prometheus", "fairwater", "colossus"):
        assert needle in names, needle
    gov = projects.set_index("id").loc["aws-us-gov-ai-regions"]
    assert gov["announced_date"] == "2025-11-24" and gov["capex"] == 50e9
    assert gov["capacity_mw"] == pytest.approx(1300)
    aws = projects[projects["operator"].str.contains("Amazon")]
    assert {10e9, 11e9} <= set(aws["capex"].dropna())


def test_electricity_path_has_the_iea_base_case(ref):
    p = ref["electricity_paths"]
    world = p[(p["path"] == "iea_base") & (p["region"] == "WORLD")].set_index("year")["value"]
    assert world[2024] == 415 and world[2030] == 945 and world[2035] == 1200
    regions = p[(p["path"] == "iea_base") & (p["region"] != "WORLD") & (p["year"] == 2030)]
    assert regions["value"].sum() == pytest.approx(945, abs=2)


def test_nuton_assets_convert_pounds_to_tonnes(ref):
    assets = ref["supply_assets"].set_index("id")
    nameplate = assets[assets["unit"] == "lb"]
    assert len(nameplate) >= 1
    johnson = [i for i in assets.index if "johnson" in i]
    assert any(abs(assets.loc[i, "tonnes"] - 25e6 * 0.45359237e-3) < 1 for i in johnson)


def test_every_table_has_a_schema():
    files = {p.name for p in reference.data_dir().glob("*.csv")}
    assert files == set(schema.TABLES)


def test_lifetimes_cover_every_component_with_plausible_medians(ref):
    table = ref["lifetimes"]
    anys = table[table["archetype"] == "any"].set_index("component")
    assert set(anys.index) == set(ref["components"]["id"])
    assert 3 <= anys.loc["it_compute", "mode"] <= 7       # servers: 4-6 year refreshes
    assert 20 <= anys.loc["transformers", "mode"] <= 40   # electrical gear 20-30+
    assert anys.loc["building", "mode"] >= 30             # buildings ~40
    assert (table["family"] != "fixed").all() or (table["t90_ratio"] == 1).all()


def test_recycling_rates_resolve_for_every_material_and_class(ref):
    from layer0.model.recycling import CLASSES, resolve_rates

    materials = list(ref["materials"]["id"])
    for parameter in ("collection", "recovery"):
        rates = resolve_rates(ref["recycling"], materials, parameter)
        assert rates["mode"].shape == (len(materials), len(CLASSES))
        assert (rates["high"] <= 1).all() and (rates["low"] >= 0).all()
    recovery = resolve_rates(ref["recycling"], materials, "recovery")["mode"]
    # UNEP 2011: gallium and the rare earths are recycled at under 1% at end of life
    assert recovery[materials.index("gallium")].max() <= 0.01
    assert recovery[materials.index("copper")].min() >= 0.8


def test_compute_deals_are_a_cross_check_never_sites(ref):
    deals, projects = ref["compute_deals"], ref["projects"]
    assert {"openai-nvidia-10gw", "openai-amd-6gw"} <= set(deals["id"])
    assert not set(deals["id"]) & set(projects["id"])
    assert (deals["capacity_gw"] >= 0.5).all()


def test_on_site_plants_belong_to_registry_projects_in_their_own_units(ref):
    onsite = ref["project_onsite"]
    assert set(onsite["project_id"]) <= set(ref["projects"]["id"])
    assert {"meta-hyperion", "xai-colossus-2"} <= set(onsite["project_id"])
    assert set(onsite[onsite["kind"] == "campus_battery"]["unit"]) == {"MWh"}


def test_the_registry_is_current_to_december_2026(ref):
    projects = ref["projects"]
    assert len(projects) >= 45 and projects["source_id"].astype(bool).all()
    for pid in ("meta-hyperion", "xai-colossus-2", "xai-colossus-3-southaven",
                "stargate-port-washington", "aws-northern-indiana", "humain-ksa-programme"):
        assert pid in set(projects["id"]), pid
