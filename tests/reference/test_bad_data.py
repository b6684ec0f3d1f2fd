"""Bad reference data: every rule refuses the whole data set, names the file, line and
field of each problem (all of them at once), and the command line exits 2 with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import edit_csv, refused
from layer0 import reference
from layer0.errors import InputError


def _edit(path: Path, match: dict, changes: dict, duplicate: bool = False) -> int:
    """Change the first row matching `match`; return its line number."""
    return edit_csv(path, changes, match=match, duplicate=duplicate)


CU_ROW = {"material": "copper", "component": "cooling", "archetype": "hyperscale_ai"}
REFERENCE_CASES = {
    "unknown_material": ("intensities.csv", CU_ROW, {"material": "unobtainium"}, "material:"),
    "unknown_component": ("intensities.csv", CU_ROW, {"component": "flux_capacitor"},
                          "component:"),
    "unconvertible_unit": ("intensities.csv", CU_ROW, {"unit": "furlong"}, "unit:"),
    "low_above_high": ("intensities.csv", CU_ROW, {"low": "99"}, "low/mode/high:"),
    "duplicate_row": ("intensities.csv", CU_ROW, {}, "duplicate"),
    "share_above_one": ("supply.csv", {"material": "copper", "stage": "refining",
                                       "country": "CN", "year": "2024"},
                        {"value": "40000"}, "value:"),
    "unknown_source": ("projects.csv", {"id": "stargate-abilene"}, {"source_id": "nowhere"},
                       "source_id:"),
    "mix_not_one": ("archetype_mix.csv", {"year": "2030", "archetype": "enterprise"},
                    {"share": "0.5"}, "share:"),
    "not_iso_country": ("supply.csv", {"material": "tin", "country": "CN", "year": "2024"},
                        {"country": "China"}, "country:"),
    "assumed_without_reason": ("lifetimes.csv", {"component": "ups_storage"}, {"note": ""},
                               "note:"),
    "unknown_lifetime_family": ("lifetimes.csv", {"component": "generators"},
                                {"family": "gamma"}, "family:"),
    "fixed_lifetime_with_spread": ("lifetimes.csv", {"component": "generators"},
                                   {"family": "fixed"}, "t90_ratio:"),
    "lifetime_below_a_year": ("lifetimes.csv", {"component": "generators"},
                              {"low": "0.5"}, "low:"),
    "recycling_rate_above_one": ("recycling.csv", {"material": "copper", "parameter": "recovery",
                                                   "equipment_class": "any"},
                                 {"high": "1.2"}, "high:"),
    "recycling_unknown_material": ("recycling.csv", {"material": "copper",
                                                     "parameter": "recovery",
                                                     "equipment_class": "any"},
                                   {"material": "copperr"}, "material:"),
    "pue_below_one": ("conversion_paths.csv", {"name": "pue", "applies_to": "any",
                                               "year": "2030"},
                      {"low": "0.17", "mode": "0.23", "high": "0.45"}, "low:"),
    "lead_time_of_decades": ("lead_times.csv", {"component": "transformers"},
                             {"high": "60"}, "high:"),
    "published_total_scales_a_typo": ("facility_totals.csv", {"archetype": "hyperscale_ai"},
                                      {"scales": "transformer cooling"}, "scales:"),
    "onsite_plant_of_no_project": ("project_onsite.csv", {"project_id": "meta-hyperion"},
                                   {"project_id": "meta-hyperionn"}, "project_id:"),
    "manufacturing_input_below_embedded": ("manufacturing_input.csv", {"material": "silicon"},
                                           {"low": "0.5"}, "low:"),
}


def _problems(directory: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        reference.load(directory)
    return [f"{p.where}: {p.field}: {p.message}" for p in caught.value.problems]


@pytest.mark.parametrize("case", sorted(REFERENCE_CASES))
def test_bad_reference_data_is_refused(case, data_copy, tmp_path, cli):
    name, match, changes, needle = REFERENCE_CASES[case]
    line = _edit(data_copy / name, match, changes, duplicate=case == "duplicate_row")
    found = _problems(data_copy)
    assert any(p.startswith(f"{data_copy / name}:") and needle in p for p in found), found
    result = cli("data", "check", "--data-dir", str(data_copy))
    refused(result, f"{data_copy / name}:", needle)
    out = tmp_path / "o"
    run = cli("run", "--samples", "1", "--data-dir", str(data_copy), "--out", str(out))
    refused(run, needle)
    assert not out.exists()
    if case not in ("share_above_one", "mix_not_one"):  # group checks name the group's row
        assert f"{data_copy / name}:{line}:" in result.stderr


def test_loader_reports_all_problems_at_once(data_copy):
    _edit(data_copy / "intensities.csv", CU_ROW, {"unit": "furlong"})
    _edit(data_copy / "projects.csv", {"id": "stargate-abilene"}, {"archetype": "mine"})
    with pytest.raises(InputError) as caught:
        reference.load(data_copy)
    assert len(str(caught.value).splitlines()) >= 2


SUPPLY_DATA_CASES = {
    "control_effective_before_announced": (
        "export_controls.csv", {"id": "cn-2023-graphite"}, {"effective": "2023-01-01"},
        "effective:"),
    "control_unknown_material": ("export_controls.csv", {"id": "cn-2023-graphite"},
                                 {"material": "graphene"}, "material:"),
    "control_bad_destination": ("export_controls.csv", {"id": "cn-2024-46-us-gallium"},
                                {"destinations": "USA"}, "destinations:"),
    "control_suspension_without_source": ("export_controls.csv", {"id": "cn-2024-46-us-gallium"},
                                          {"suspension_source_id": ""},
                                          "suspension_source_id:"),
    "governance_out_of_range": ("governance.csv", {"country": "CN"}, {"wgi_mean": "3.1"},
                                "wgi_mean:"),
    "criticality_rate_above_100": ("criticality_eu.csv", {"material": "copper"},
                                   {"eol_rir_pct": "155"}, "eol_rir_pct:"),
}


@pytest.mark.parametrize("case", sorted(SUPPLY_DATA_CASES))
def test_bad_supply_reference_data_is_refused(case, data_copy, cli):
    name, match, changes, needle = SUPPLY_DATA_CASES[case]
    line = _edit(data_copy / name, match, changes)
    assert any(p.startswith(f"{data_copy / name}:{line}: {needle}")
               for p in _problems(data_copy))
    result = cli("supply", "--material", "copper", "--data-dir", str(data_copy))
    refused(result, f"{data_copy / name}:{line}:", needle)




def test_a_cached_data_set_is_read_once_and_again_when_a_file_changes(data_copy, monkeypatch):
    from layer0.reference import loading

    reads, original = [], loading.load
    monkeypatch.setattr(loading, "load", lambda d: reads.append(d) or original(d))
    first = reference.load_cached(data_copy)
    assert reference.load_cached(data_copy).version == first.version and len(reads) == 1
    _edit(data_copy / "parameters.csv", {"name": "pue", "applies_to": "any"},
          {"note": "edited: the same figure, a new note"})
    again = reference.load_cached(data_copy)
    assert again.version != first.version and len(reads) == 2


def test_a_caller_changing_its_tables_changes_no_one_elses(ref):
    mine = reference.load_cached()
    mine["projects"]["capacity_mw"] *= 10
    assert reference.load_cached()["projects"]["capacity_mw"].max() == \
        ref["projects"]["capacity_mw"].max() < mine["projects"]["capacity_mw"].max()


def test_a_changed_copy_computes_its_own_derived_values(ref):
    import copy

    from layer0.supply.risk import risk_record

    before = risk_record(ref, "gallium", 2024)["supply_risk"]
    changed = copy.copy(ref)
    changed.tables["governance"] = ref["governance"].assign(wgi_mean=2.5)  # best everywhere
    assert risk_record(changed, "gallium", 2024)["supply_risk"] == 0.0 < before


def test_a_data_dir_that_is_not_a_folder_is_a_parameter_problem(tmp_path):
    with pytest.raises(InputError) as caught:
        reference.load_cached(tmp_path / "nowhere")
    [problem] = caught.value.problems
    assert problem.param and problem.field == "data_dir" and problem.where.endswith(":0")
