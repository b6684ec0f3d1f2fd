"""Accepted news facts reach the model: an offtake becomes a supply asset `coverage --asset`
uses (its volume and period when stated), an export control enters `controls`, a share is
shown beside the USGS shares, and a project candidate that repeats a registry project is
refused until the reviewer merges it or says it is new."""

from __future__ import annotations

import json

import pytest

from helpers import refused, registry_dump, stored_records

DEAL = ("Rio Tinto to supply Amazon with copper\nRio Tinto will supply Amazon with 14,000 "
        "tonnes of copper from the Johnson Camp mine in Arizona over four years, the "
        "companies said on January 15, 2026.\n")
DEAL_NO_PERIOD = ("Rio Tinto to supply Amazon with copper\nRio Tinto will supply Amazon with "
                  "14,000 tonnes of copper from the Johnson Camp mine in Arizona, the "
                  "companies said on January 15, 2026.\n")
BAN = ("China tightens export controls on gallium\nChina banned exports of gallium to the "
       "United States, the commerce ministry said on December 3, 2024.\n")
SHARE = ("China dominates copper refining\nChina accounts for 44% of global refined copper "
         "production, according to the report published on March 2, 2026.\n")
REPEAT = ("xAI expands Colossus 2 in Memphis\nxAI will build a 1,500 MW AI data center in "
          "Memphis, Tennessee, the company said on May 5, 2026.\n")


def _one(cli, tmp_path, text: str, kind: str) -> dict:
    path = tmp_path / f"{kind}.txt"
    path.write_text(text, encoding="utf-8")
    assert cli("ingest", path).returncode == 0
    [record] = [r for r in stored_records(cli) if r["kind"] == kind]
    return record


COVERAGE = ("coverage", "--material", "copper", "--capacity-mw", "1000", "--archetype",
            "hyperscale_ai", "--samples", "50", "--format", "json")


def test_an_accepted_offtake_with_a_volume_is_an_asset_for_coverage(cli, tmp_path):
    record = _one(cli, tmp_path, DEAL, "offtake")
    unknown = cli(*COVERAGE, "--asset", record["id"])
    refused(unknown, f"unknown '{record['id']}'")
    assert cli("review", "--accept", record["id"]).returncode == 0
    done = cli(*COVERAGE, "--asset", record["id"])
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["supply_t"] == 14000 and answer["supply"]["years"] == 4
    assert answer["supply"]["asset"]["id"] == record["id"]
    # the same as giving the quantity by hand: the asset is the deal, nothing more
    by_hand = json.loads(cli(*COVERAGE, "--quantity-t", "14000", "--years", "4").stdout)
    assert answer["covered_share"] == by_hand["covered_share"]
    assert answer["facility_demand_t"] == by_hand["facility_demand_t"]


def test_an_offtake_without_a_period_says_it_has_no_usable_volume(cli, tmp_path):
    record = _one(cli, tmp_path, DEAL_NO_PERIOD, "offtake")
    assert cli("review", "--accept", record["id"]).returncode == 0
    refused(cli(*COVERAGE, "--asset", record["id"]), "no disclosed quantity",
            "period_years=N")


def test_an_accepted_export_control_appears_in_controls(cli, tmp_path):
    record = _one(cli, tmp_path, BAN, "export_control")
    assert record["fields"]["measure"] == "ban"     # what the news says; control is the review's
    before = registry_dump()
    refused(cli("review", "--accept", record["id"]), "control: what kind of measure")
    assert registry_dump() == before
    done = cli("review", "--accept", record["id"], "--set", "control=ban", "--set",
               "destinations=US")
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli("controls", "--material", "gallium", "--date", "2025-01-10",
                            "--format", "json").stdout)["controls"]
    mine = [c for c in listed if c["id"] == record["id"]]
    assert mine and mine[0]["control"] == "ban" and mine[0]["destinations"] == "US"
    assert mine[0]["source"]["id"].startswith("news:")


def test_an_accepted_share_is_shown_beside_the_usgs_shares(cli, tmp_path):
    plain = json.loads(cli("supply", "--material", "copper", "--stage", "refining",
                           "--format", "json").stdout)
    record = _one(cli, tmp_path, SHARE, "share")
    assert cli("review", "--accept", record["id"]).returncode == 0
    shown = json.loads(cli("supply", "--material", "copper", "--stage", "refining",
                           "--format", "json").stdout)
    assert shown["shares"] == plain["shares"] and shown["hhi"] == plain["hhi"]
    assert [o["share_pct"] for o in shown["observations"]] == [44.0]


@pytest.mark.slow
def test_a_repeated_project_is_merged_not_added(cli, tmp_path):
    record = _one(cli, tmp_path, REPEAT, "project")
    assert [d["id"] for d in record["likely_duplicates"]] == ["xai-colossus-2"]
    before = registry_dump()
    refused(cli("review", "--accept", record["id"]), "--merge-into xai-colossus-2", "--new")
    assert registry_dump() == before
    assert cli("review", "--accept", record["id"], "--merge-into",
               "xai-colossus-2").returncode == 0
    shown = json.loads(cli("projects", "show", "xai-colossus-2", "--format", "json").stdout)
    assert shown["sources"][1].startswith("news:")
    assert [r["status"] for r in stored_records(cli)] == ["merged"]
    listed = json.loads(cli("projects", "list", "--origin", "news", "--format", "json").stdout)
    assert listed == []


def test_a_project_accepted_as_new_is_a_news_project(cli, tmp_path):
    record = _one(cli, tmp_path, REPEAT, "project")
    assert cli("review", "--accept", record["id"], "--new").returncode == 0
    listed = json.loads(cli("projects", "list", "--origin", "news", "--format", "json").stdout)
    assert [p["id"] for p in listed] == [record["id"]]
    history = json.loads(cli("projects", "history", record["id"], "--format", "json").stdout)
    assert history[0]["action"] == "add" and history[0]["source_id"].startswith("news:")


PER_YEAR = ("Glencore to supply Microsoft with copper\nGlencore will supply Microsoft with "
            "20,000 tonnes of copper per year from its mine in Arizona for five years, the "
            "companies said on March 3, 2026.\n")


def test_a_yearly_offtake_counts_every_year(cli, tmp_path):
    record = _one(cli, tmp_path, PER_YEAR, "offtake")
    assert cli("review", "--accept", record["id"]).returncode == 0
    answer = json.loads(cli(*COVERAGE, "--asset", record["id"]).stdout)
    assert answer["supply_t"] == 100_000 and answer["supply"]["per_year_t"] == 20_000


def test_what_was_accepted_cannot_be_rejected_behind_its_back(cli, tmp_path):
    record = _one(cli, tmp_path, DEAL, "offtake")
    assert cli("review", "--accept", record["id"]).returncode == 0
    before = registry_dump()
    refused(cli("review", "--reject", record["id"]), "already accepted")
    assert registry_dump() == before
    assert cli(*COVERAGE, "--asset", record["id"]).returncode == 0
