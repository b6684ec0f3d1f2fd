"""Export controls on a date, the supply-risk index, and share sampling: known answers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from layer0.errors import InputError
from layer0.supply import concentration as conc
from layer0.supply.controls import controls_on
from layer0.supply.exposure import draw_shares
from layer0.supply.risk import hhi_wgi, risk_record, wgi_scaled


def _on(ref, day, **kw):
    return {r["id"]: r for r in controls_on(ref["export_controls"], ref["sources"],
                                             date.fromisoformat(day), **kw)}


def test_a_control_is_unknown_before_announcement_then_announced_then_in_force(ref):
    assert "cn-2023-23-gallium" not in _on(ref, "2023-07-02")
    assert _on(ref, "2023-07-15")["cn-2023-23-gallium"]["status"] == "announced"
    assert _on(ref, "2023-08-01")["cn-2023-23-gallium"]["status"] == "in_force"


def test_the_us_gallium_ban_is_suspended_then_lapses_with_a_warning(ref):
    assert _on(ref, "2025-01-10")["cn-2024-46-us-gallium"]["status"] == "in_force"
    suspended = _on(ref, "2026-06-01")["cn-2024-46-us-gallium"]
    assert suspended["status"] == "suspended" and suspended["suspended_until"] == "2026-11-27"
    assert _on(ref, "2026-11-27")["cn-2024-46-us-gallium"]["status"] == "suspended"  # last day
    lapsed = _on(ref, "2026-11-28")["cn-2024-46-us-gallium"]
    assert lapsed["status"] == "in_force" and "no extension" in lapsed["suspension_lapsed"]


def test_ended_measures_drop_out_and_destinations_filter(ref):
    assert _on(ref, "2025-06-01")["cd-2025-cobalt-suspension"]["status"] == "in_force"
    assert "cd-2025-cobalt-suspension" not in _on(ref, "2025-11-01")
    to_japan = _on(ref, "2026-02-01", destination="JP")
    assert "cn-2026-1-japan-rare-earths" in to_japan and "cn-2024-46-us-gallium" not in to_japan
    assert all(r["material"] == "gallium" for r in _on(ref, "2026-02-01",
                                                       material="gallium").values())
    assert "cn-2024-46-us-gallium" in _on(ref, "2025-06-01", destination="US")


def test_an_element_sees_the_measures_on_its_group(ref):
    from layer0.supply.controls import group_of

    neodymium = group_of(ref["materials"], "neodymium")
    assert neodymium == ["neodymium", "rare_earths"]
    assert "cn-2025-18-rare-earths" in _on(ref, "2025-12-15", material=neodymium)
    assert not _on(ref, "2025-12-15", material="neodymium")   # no measure names Nd alone


def test_every_control_names_a_packaged_material_and_a_source_url(ref):
    rows = controls_on(ref["export_controls"], ref["sources"], date(2030, 1, 1),
                       include_ended=True)
    assert len(rows) == len(ref["export_controls"])
    assert all(r["source"]["url"].startswith("http") for r in rows)
    assert {r["material"] for r in rows} <= set(ref["materials"]["id"])


def test_governance_weighted_hhi_known_answers():
    one = [{"country": "AA", "share": 1.0}]
    assert hhi_wgi(one, {"AA": -2.5})[0] == pytest.approx(10.0)
    assert hhi_wgi(one, {"AA": 2.5})[0] == pytest.approx(0.0)
    two = [{"country": "AA", "share": 0.5}, {"country": "BB", "share": 0.5},
           {"country": conc.OTHER, "share": 0.0}]
    value, missing = hhi_wgi(two, {"AA": 0.0})
    assert value == pytest.approx(0.25 * wgi_scaled(0.0)) and missing == [
        {"country": "BB", "share": 0.5}]


def test_risk_is_computed_at_the_eus_stage_where_the_shares_exist(ref):
    copper = risk_record(ref, "copper", 2024)            # EU: extraction
    assert copper["stage"] == "mining" and "stage_differs" not in copper
    lithium = risk_record(ref, "lithium", 2024)          # EU: processing, no refining table
    assert lithium["stage"] == "mining" and "stage_differs" in lithium
    with pytest.raises(InputError) as caught:
        risk_record(ref, "copper", 1990)
    assert caught.value.problems[0].field == "year"


def test_risk_index_reports_a_missing_input_instead_of_guessing(ref):
    rare = risk_record(ref, "rare_earths", 2024)       # the EU gives the group no SI_SR
    assert rare["supply_risk"] is None and "si_sr" in rare["missing"]
    concrete = risk_record(ref, "concrete", 2024)
    assert concrete["supply_risk"] is None and "supply_shares" in concrete["missing"]
    gallium = risk_record(ref, "gallium", 2024)
    expected = gallium["inputs"]["hhi_wgi_global"] * (1 - 0.0) * 0.98
    assert gallium["supply_risk"] == pytest.approx(expected, abs=0.01)
    assert gallium["complete"] and gallium["eu_2023"]["supply_risk"] == 3.9


def test_share_concentration_matches_the_observed_change(ref):
    supply = pd.DataFrame({
        "material": ["copper"] * 6, "stage": ["mining"] * 6,
        "country": ["CL", "PE", "WORLD"] * 2, "year": [2023] * 3 + [2024] * 3,
        "value": [50.0, 50.0, 100.0, 60.0, 40.0, 100.0]})
    kappa, how = conc.share_concentration(supply, pd.DataFrame(
        {"id": ["copper"], "supply_material": [""]}), "copper", "mining", 2024)
    # shares (0.6, 0.4): 1 - sum s^2 = 0.48; change 0.1^2 + 0.1^2 = 0.02 -> kappa = 23
    assert kappa == pytest.approx(0.48 / 0.02 - 1)
    assert "observed change" in how


def test_sampled_shares_sum_to_one_and_centre_on_usgs(ref):
    draws = draw_shares(ref, "copper", "refining", 2024, 4000, 7)
    assert np.allclose(draws.values.sum(axis=1), 1.0)
    assert draws.values.mean(axis=0) == pytest.approx(draws.mean, abs=0.005)
    again = draw_shares(ref, "copper", "refining", 2024, 4000, 7)
    assert np.array_equal(draws.values, again.values)
    single = draw_shares(ref, "copper", "refining", 2024, 1, 7)
    assert np.allclose(single.values[0], single.mean)


def test_controls_of_mid_2026_list_the_steel_licences_and_the_june_entity_listing(ref):
    listed = {r["id"]: r for r in controls_on(ref["export_controls"], ref["sources"],
                                                date(2026, 6, 30))}
    steel = listed["cn-2025-79-steel"]   # MOFCOM/GAC No. 79 of 2025, from 1 Jan 2026
    assert (steel["control"], steel["status"], steel["material"]) == ("licence", "in_force",
                                                                      "steel")
    assert listed["cn-2025-79-electrical-steel"]["material"] == "electrical_steel"
    entities = listed["cn-2026-us-entities-rare-earths"]   # 22 Jun 2026, MP Materials et al.
    assert (entities["control"], entities["destinations"], entities["status"]) == (
        "ban", "US", "in_force")
    assert "cn-2026-us-entities-rare-earths" not in {r["id"] for r in controls_on(
        ref["export_controls"], ref["sources"], date(2026, 6, 21))}


def test_trade_measures_sit_beside_controls_and_contingent_ones_never_enter_into_force(ref):
    for day in (date(2026, 6, 30), date(2029, 1, 1)):
        listed = {r["id"]: r for r in controls_on(ref["export_controls"], ref["sources"], day)}
        semis = listed["us-2025-232-copper-semis"]
        assert (semis["kind"], semis["status"], semis["rate_pct"]) == ("trade_measure",
                                                                       "in_force", 50.0)
        # refined cathode 15 % (2027) and 30 % (2028): proposed, not decided
        assert listed["us-2028-232-refined-copper-30"]["status"] == "proposed"
    assert listed["cn-2023-23-gallium"]["kind"] == "export_control"
