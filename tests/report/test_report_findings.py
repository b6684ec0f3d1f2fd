"""Key findings are sentences built from the numbers: change a number and the sentence
changes with it; take the data away and the sentence is left out, never made up."""

from __future__ import annotations

import copy
import dataclasses

from layer0.report import findings
from layer0.report.numbers import percent_q, signed_tonnes_q, tonnes_q


def _with_summary(data, summary):
    return dataclasses.replace(data, summary=summary)


def test_copper_total_comes_from_cumulative_demand(report_data, summary):
    copper = next(r for r in summary["cumulative_demand"] if r["material"] == "copper")
    sentence = findings.lead_cumulative(report_data)
    assert tonnes_q(copper) in sentence
    changed = copy.deepcopy(summary)
    row = next(r for r in changed["cumulative_demand"] if r["material"] == "copper")
    row.update(p5=1.0e6, p50=2.5e6, p95=4.0e6)
    assert "2.50 Mt (1.00\u20134.00)" in findings.lead_cumulative(
        _with_summary(report_data, changed))


def test_numbers_formatted_deterministically():
    assert tonnes_q({"p5": 4463870.0, "p50": 5845020.0, "p95": 7630830.0}) == \
        "5.85 Mt (4.46\u20137.63)"
    assert tonnes_q({"p5": 629_000.0, "p50": 818_000.0, "p95": 1_068_000.0}) == \
        "818 kt (629\u20131,068)"
    assert signed_tonnes_q({"p5": -6.36e6, "p50": -4.65e6, "p95": -3.54e6}) == \
        "-4.65 Mt (-6.36 to -3.54)"
    assert percent_q({"p5": 0.3138, "p50": 0.3653, "p95": 0.4324}) == \
        "36.5% (31.4%\u201343.2%)"


def test_most_concentrated_material_is_found_not_assumed(report_data, summary):
    top = findings.most_concentrated(report_data)
    bottlenecks = [r for r in summary["supply"] if r.get("bottleneck") and not r.get("proxy")
                   and r.get("hhi") is not None]
    assert top["hhi"] == max(r["hhi"] for r in bottlenecks) and top.get("bottleneck")
    assert f"HHI {top['hhi']:,.0f}" in findings.concentration(report_data)
    assert "is exposed to it" in findings.concentration(report_data)   # the bottleneck's
    # make copper's refining (its bottleneck) the most concentrated: the sentence follows
    changed = copy.deepcopy(summary)
    for r in changed["supply"]:
        if r["material"] == "copper" and r["stage"] == "refining":
            assert r["bottleneck"]
            r.update(hhi=9999.0, china_share=0.99)
    # a proxy row, however concentrated, is not the answer
    for r in changed["supply"]:
        if r["material"] == "steel":
            r.update(hhi=10_000.0, china_share=1.0, proxy=True, bottleneck=True)
    assert "concentrated for copper: China refines 99%" in findings.concentration(
        _with_summary(report_data, changed))


def test_offtake_sentence_uses_the_coverage_answers(report_data):
    sentence = findings.offtake(report_data)
    first, aws = report_data.coverage
    assert "14,000 t of copper over 4 years" in sentence
    assert percent_q(first.answer["covered_share"]) in sentence
    assert percent_q(aws.answer["covered_share"]) in sentence
    assert "aws-us-gov-ai-regions" in sentence


def test_controls_counted_on_the_day(report_data):
    in_force = [c for c in report_data.controls["controls"] if c["status"] == "in_force"
                and c["kind"] == "export_control"]
    said = findings.controls(report_data)
    assert f"{len(in_force)} export controls" in said
    # tariffs and sales rules are trade measures, listed apart: never counted as controls
    assert any(c["kind"] == "trade_measure" and c["status"] == "in_force"
               for c in report_data.controls["controls"])
    assert "US " not in said.split("by issuer:")[-1]
    none = dataclasses.replace(report_data, controls={"date": "2000-01-01", "controls": []})
    assert findings.controls(none).startswith("No export control")


def test_findings_without_their_data_are_left_out(report_data, summary):
    bare = copy.deepcopy(summary)
    bare["demand"] = [r for r in bare["demand"] if r["material"] != "copper"]
    bare["cumulative_demand"] = [r for r in bare["cumulative_demand"]
                                 if r["material"] != "copper"]
    bare["cumulative_flows"] = []
    data = dataclasses.replace(report_data, summary=bare, comparison=None, coverage=[])
    sentences = findings.key_findings(data)
    assert sentences   # the rest still stands
    assert not any("copper demand" in s or "of copper in total" in s for s in sentences)
    assert findings.offtake(data) is None and findings.scenarios(data) is None
