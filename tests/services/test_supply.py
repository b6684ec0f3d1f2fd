"""The supply questions as use cases: their answers' shapes, and bad requests refused with the
field they are about, before any model runs."""

from __future__ import annotations

import pytest

from layer0.errors import InputError
from layer0.services import supply as services


def test_the_four_questions_answer_in_the_documented_shapes():
    one = services.concentration("copper", "refining")
    assert {"material", "stage", "year", "hhi", "top_country", "top_share", "china_share",
            "shares"} <= set(one)
    assert sum(s["share"] for s in one["shares"]) == pytest.approx(1.0, abs=1e-3)
    assert isinstance(services.concentration("copper"), list)
    controls = services.controls("2026-06-01", "gallium")
    assert {r["status"] for r in controls["controls"]} == {"in_force", "suspended", "proposed"}
    stop = services.disrupt("gallium", "CN", "refining", 2026, 2027, samples=50)
    assert {"material", "country", "stage", "from", "to", "unmet_t", "unmet_share",
            "by_year"} <= set(stop)
    assert set(stop["unmet_t"]) == {"p5", "p50", "p95"}
    cover = services.coverage("copper", asset="nuton-johnson-camp-heap-leach",
                              capacity_mw=1000, archetype="hyperscale_ai", samples=50)
    assert {"material", "supply_t", "facility_demand_t", "covered_share",
            "covered_mw"} <= set(cover)
    assert cover["covered_share"]["p5"] < 0.5 < cover["covered_share"]["p95"]  # both families
    us = services.new_supply("copper", "US", samples=50)
    first = us["by_year"][0]
    assert first["year"] == 2025 and first["new_supply_t"] == pytest.approx(11_339.8, rel=1e-3)
    assert {a["id"] for a in us["counted_assets"]} == {
        "johnson-camp-nameplate", "florence-copper-nameplate", "gunnison-project-planned"}
    europe = services.new_supply("copper", "IEA_EUROPE", samples=20)
    assert europe["cumulative"]["new_supply_t"] == 0.0   # no European asset in the table


# question -> (arguments, the field the first problem names)
BAD = {
    "unknown material": (services.concentration, {"material": "unobtainium"}, "material"),
    "unknown stage": (services.concentration, {"material": "copper", "stage": "smelting"},
                      "stage"),
    "no data that year": (services.concentration, {"material": "copper", "year": 1990}, "year"),
    "bad date": (services.controls, {"day": "21.11.2026"}, "date"),
    "bad destination": (services.controls, {"destination": "USA"}, "destination"),
    "risk before the data": (services.risk, {"year": 1990}, "year"),
    "country not ISO": (services.disrupt, {"material": "gallium", "country": "China",
                                           "stage": "refining", "start": 2026, "end": 2028,
                                           "samples": 2}, "country"),
    "to before from": (services.disrupt, {"material": "gallium", "country": "CN",
                                          "stage": "refining", "start": 2030, "end": 2027,
                                          "samples": 2}, "end"),
    "too many samples": (services.disrupt, {"material": "gallium", "country": "CN",
                                            "stage": "refining", "start": 2026, "end": 2028,
                                            "samples": 10**9}, "samples"),
    "nan tonnes": (services.coverage, {"material": "copper", "quantity_t": float("nan"),
                                       "years": 4, "capacity_mw": 1000,
                                       "archetype": "hyperscale_ai", "samples": 2},
                   "quantity_t"),
    "two supplies": (services.coverage, {"material": "copper", "quantity_t": 1.0,
                                         "asset": "johnson-camp-nameplate", "capacity_mw": 1,
                                         "archetype": "hyperscale_ai", "samples": 2}, "asset"),
    "region not modelled": (services.new_supply, {"region": "Atlantis", "samples": 2},
                            "region"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_requests_name_the_field_not_an_option(case):
    question, arguments, field = BAD[case]
    with pytest.raises(InputError) as caught:
        question(**arguments)
    problem = caught.value.problems[0]
    assert problem.param and problem.field == field, caught.value.problems
    assert "--" not in str(problem), str(problem)   # fields by name, never as CLI options


def test_a_field_named_inside_a_message_is_shown_per_front_end(cli):
    with pytest.raises(InputError) as caught:
        services.coverage("copper", quantity_t=1.0, asset="johnson-camp-nameplate",
                          capacity_mw=1, archetype="hyperscale_ai", samples=2)
    [problem] = caught.value.problems
    assert str(problem) == "asset: give asset ID or quantity_t T (with years N), one of them"
    done = cli("coverage", "--material", "copper", "--quantity-t", "1", "--asset",
               "johnson-camp-nameplate", "--capacity-mw", "1", "--archetype", "hyperscale_ai",
               "--samples", "2")
    assert "--asset: field: give --asset ID or --quantity-t T (with --years N), one of them" \
        in done.stderr


def test_disrupt_on_the_manufacturing_input_asks_about_the_supply_chain_behind_the_parts():
    args = ("gallium", "CN", "refining", 2027, 2028)
    embedded = services.disrupt(*args, samples=50)
    made = services.disrupt(*args, samples=50, flow="manufacturing_input")
    assert (embedded["flow"], made["flow"]) == ("embedded", "manufacturing_input")
    assert made["demand_t"]["p50"] > 1.5 * embedded["demand_t"]["p50"]
    with pytest.raises(InputError) as error:
        services.disrupt(*args, samples=50, flow="fab")
    assert "flow" in str(error.value) and "manufacturing_input" in str(error.value)
