"""News extraction: numbers and units in both languages, entities, assembly, the corpus
articles, and robustness on any input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layer0.extract import Event, detect_language, extract_events, rates_from_rows
from layer0.extract.evaluate import score
from layer0.extract.quantities import quantities_in
from layer0.reference.rows import read_rows

# the packaged exchange rates, passed in as a caller of the extractor does
RATES = rates_from_rows((r.currency, r.year, r.month, r.usd_per_unit, r.source_id)
                        for r in read_rows("fx_rates.csv"))


def events_in(text: str, lang: str | None = None) -> list[Event]:
    return extract_events(text, lang, RATES)


ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "benchmarks" / "news" / "gold"


def _one(text: str, lang: str):
    found = quantities_in(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, lang, kind, value, unit", [
    ("14.000 Tonnen", "de", "mass", 14_000, "t"),
    ("14,000 tonnes", "en", "mass", 14_000, "t"),
    ("1,3 Gigawatt", "de", "power", 1_300, "MW"),
    ("1.3 gigawatts", "en", "power", 1_300, "MW"),
    ("50 Mrd. USD", "de", "money", 50e9, "USD"),
    ("zehn Milliarden US-Dollar", "de", "money", 10e9, "USD"),
    ("$11 billion", "en", "money", 11e9, "USD"),
    ("$11bn", "en", "money", 11e9, "USD"),
    ("3,2 Mrd. Euro", "de", "money", 3.2e9, "EUR"),
    ("2,8 Billionen Dollar", "de", "money", 2.8e12, "USD"),    # German Billion = 10^12
    ("25 million pounds", "en", "mass", 25e6 * 0.45359237 / 1000, "t"),
    ("1.1 million metric tons", "en", "mass", 1.1e6, "t"),
    ("92 %", "de", "percent", 92, "%"),
    ("44 Prozent", "de", "percent", 44, "%"),
    ("zwei Jahre", "de", "duration", 2, "year"),
    ("four-year", "en", "duration", 4, "year"),
    ("einem Gigawatt", "de", "power", 1_000, "MW"),
])
def test_numbers_and_units_in_both_languages(text, lang, kind, value, unit):
    q = _one(text, lang)
    assert (q.kind, q.unit) == (kind, unit)
    assert q.value == pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize("text, lang, low, high", [
    ("zwischen 2 und 5 Gigawatt", "de", 2_000, 5_000),
    ("10 bis 12 Milliarden Euro", "de", 10e9, 12e9),
    ("1-2 GW", "en", 1_000, 2_000),
    ("$9.3 million to $15 million", "en", 9.3e6, 15e6),
])
def test_a_range_is_one_quantity_with_its_ends(text, lang, low, high):
    q = _one(text, lang)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    assert q.value == pytest.approx((low + high) / 2)


def test_words_that_are_not_figures_give_nothing():
    assert quantities_in("a ton of work and ein Prozent", "en") == []
    assert quantities_in("seit 2015 und im Jahr 2030", "de") == []


def test_qualifiers_and_dates_are_kept():
    [event] = events_in("Amazon will bis zu 50 Mrd. US-Dollar in Rechenzentren in "
                             "Georgia investieren, teilte der Konzern am 7. Januar 2025 mit.")
    assert event.qualifiers == {"amount": "up_to"}
    assert event.date == "2025-01-07"
    assert event.location == "US-GA"


def test_other_currencies_convert_at_a_dated_rate_and_keep_the_original():
    [event] = events_in("Microsoft investiert 3,2 Mrd. Euro in Rechenzentren in "
                             "Deutschland, sagte Brad Smith am 15. Februar 2024.")
    assert (event.amount, event.currency) == (3.2e9, "EUR")
    assert event.fx["period"] == "2024-02" and event.fx["source_id"]
    assert event.amount_usd == pytest.approx(3.2e9 * event.fx["usd_per_unit"])


def test_money_converts_at_the_month_the_article_was_published():
    text = "Metlen will 296 Millionen Euro in eine Galliumanlage investieren."
    january = extract_events(text, rates=RATES, published="2025-01-20")[0]
    september = extract_events(text, rates=RATES, published="2025-09")[0]
    undated = extract_events(text, rates=RATES)[0]
    assert (january.fx["period"], september.fx["period"]) == ("2025-01", "2025-09")
    # the euro gained ~13 % over 2025 (ECB monthly means 1.0354 and 1.1732)
    assert september.amount_usd / january.amount_usd == pytest.approx(1.1732 / 1.0354, 1e-3)
    assert len(undated.fx["period"]) == 4   # no date known: a year's mean, the latest


def test_georgia_is_the_us_state_unless_the_text_is_about_the_caucasus():
    us = events_in("AWS plans to invest $11 billion in data centers in Georgia.")
    caucasus = events_in("A Tbilisi firm plans to invest $1 billion in a data centre "
                              "campus in Georgia, on the Black Sea coast.")
    assert [e.location for e in us] == ["US-GA"]
    assert [e.location for e in caucasus] == ["GE"]


def test_several_events_in_one_sentence_get_their_own_places():
    events = events_in("Amazon will invest $10 billion in North Carolina and $11 "
                            "billion in Georgia to build data centers.")
    assert [(e.amount_usd, e.location) for e in events] == [(10e9, "US-NC"), (11e9, "US-GA")]
    assert {e.actor for e in events} == {"Amazon"}


def test_a_share_list_is_one_event_per_material_with_its_stage():
    events = events_in("China kontrolliert rund 92 % der weltweiten Produktion von "
                            "Magnet-Seltenerdmetallen, 77 % der Kobaltverarbeitung und 44 % "
                            "der Kupferraffination.")
    assert [(e.material, e.share_pct, e.stage, e.location) for e in events] == [
        ("rare_earths", 92, "mining", "CN"), ("cobalt", 77, "refining", "CN"),
        ("copper", 44, "refining", "CN")]


def test_import_reliance_and_purity_are_not_market_shares():
    assert events_in("The United States relied on imports for 45% of its refined "
                          "copper consumption.") == []
    assert events_in("The process produces 99.99% pure copper cathode.") == []


def test_export_control_per_material_with_its_date():
    events = events_in("China kündigte Exportkontrollen für Gallium und Germanium an, "
                            "die ab dem 1. August 2023 gelten.")
    assert [(e.type, e.material, e.location, e.date) for e in events] == [
        ("export_control", "gallium", "CN", "2023-08-01"),
        ("export_control", "germanium", "CN", "2023-08-01")]


def test_an_offtake_with_tonnes_period_buyer_and_seller():
    [event] = events_in("Rio Tinto will supply Amazon with 14,000 tonnes of copper "
                             "over four years from its Johnson Camp mine in Arizona.")
    assert (event.type, event.actor, event.counterparty) == ("offtake", "Amazon", "Rio Tinto")
    assert (event.quantity_t, event.period_years, event.material, event.location) == (
        14_000, 4, "copper", "US-AZ")


@pytest.mark.parametrize("text, lang", [
    ("Der Konzern hat die Vereinbarung über zwei Jahre unterzeichnet und wird liefern.", "de"),
    ("The company signed the agreement and said it would deliver the metal.", "en"),
    ("", "und"),
    ("1234 5678", "und"),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_the_corpus_copper_deal_us_mine_and_china_shares():
    amazon = events_in((CORPUS / "de-lazytechlab-amazon-copper-arizona.txt").read_text())
    deal = [e for e in amazon if e.type == "offtake"]
    assert len(deal) == 1
    assert (deal[0].actor, deal[0].material, deal[0].location, deal[0].period_years) == (
        "Amazon", "copper", "US-AZ", 2)
    assert "Arizona" in deal[0].evidence
    text = (CORPUS / "de-verumo-us-critical-metals.txt").read_text()
    shares = events_in(text)
    assert {(e.material, e.share_pct) for e in shares} == {
        ("rare_earths", 92), ("cobalt", 77), ("lithium", 65), ("copper", 44)}
    for event in shares:
        assert text[event.span[0]:event.span[1]] == event.evidence


def test_every_evidence_is_the_text_at_its_span():
    text = ("Meta will invest $10 billion in a data center in Louisiana. "
            "Oracle plans a 1.2 GW campus in Abilene, Texas.")
    events = events_in(text)
    assert len(events) == 2
    for event in events:
        assert text[event.span[0]:event.span[1]] == event.evidence


def test_gold_files_are_well_formed_and_the_scorer_can_fail():
    files = sorted(GOLD.glob("*.json"))
    assert len(files) >= 10
    for path in files:
        gold = json.loads(path.read_text("utf-8"))
        assert gold["language"] in ("de", "en")
        for event in gold["events"]:
            fields = {k: v for k, v in event.items() if k in Event.model_fields}
            Event(**fields | {"span": (0, 1), "confidence": 1.0})
    gold = [{"type": "market_share", "share_pct": 92.0, "material": "rare_earths",
             "evidence": "x"}]
    assert score(gold, gold).precision == score(gold, gold).recall == 1.0
    wrong = [dict(gold[0], share_pct=77.0)]
    assert score(wrong, gold).precision == score(wrong, gold).recall == 0.0


FRAGMENTS = st.sampled_from([
    "14.000 Tonnen", "1,3 Gigawatt", "$11 billion", "bis zu", "rund", "92 %", "Kupfer",
    "Georgia", "AWS", "Exportkontrollen", "zwischen", "und", "bis", "-", "1.", "9" * 400,
    "Mrd.", "18.01.2026", "\n", ". ", "€", "Billionen", "a", "ein", "%", "1e308", "١٢٣",
    "中国", "Ω", "\u00a0", "\u202f", "—"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(FRAGMENTS, max_size=60).map(" ".join)))
def test_never_raises_on_any_text(text):
    for event in events_in(text):
        assert text[event.span[0]:event.span[1]] == event.evidence
        assert 0 < event.confidence <= 1


def test_a_megabyte_of_adversarial_text_gives_a_result():
    text = ("1.000," * 60_000 + "Amazon investiert rund 11 Mrd. US-Dollar " * 5_000)[:1_000_000]
    assert isinstance(events_in(text), list)


def test_stockpile_purchases_are_offtakes_of_each_metal_for_their_sums():
    text = ("The Pentagon plans to purchase up to $1 billion worth of critical minerals for "
            "its stockpile.\n\n  • cobalt worth up to $500 million;\n"
            "  • antimony — up to $245 million at US Antimony Corporation;\n")
    events = extract_events(text, rates=RATES)
    assert [(e.type, e.material, e.amount_usd, e.actor) for e in events] == [
        ("offtake", "critical_minerals", 1e9, "Pentagon"),
        ("offtake", "cobalt", 5e8, "Pentagon"),
        ("offtake", "antimony", 2.45e8, "Pentagon")]


def test_a_sum_for_a_metal_plant_carries_the_metal_and_a_data_centre_sum_none():
    plant = extract_events("Metlen will 296 Millionen Euro in eine Galliumanlage "
                           "investieren.", rates=RATES, published="2025-01")
    centre = extract_events("Amazon invests $10 billion in data centres, which need "
                            "copper.", rates=RATES)
    assert [(e.type, e.material) for e in plant] == [("investment", "gallium")]
    assert [(e.type, e.material) for e in centre] == [("investment", None)]


@pytest.mark.parametrize("text", [
    "China curbs exports of gallium to the United States.",
    "Beijing tightened controls on graphite exports in December.",
    "China will die Ausfuhr von Antimon künftig beschränken.",
    "Congo lifts its cobalt export ban and imposes quotas.",
])
def test_export_control_wording_beyond_ban_and_controls(text):
    assert [e.type for e in extract_events(text, rates=RATES)] == ["export_control"]


def test_exports_as_a_quantity_are_no_export_control():
    assert [e.type for e in extract_events("China's gallium exports were 5 t in May.",
                                           rates=RATES)] == []


@pytest.mark.parametrize(("text", "actor"), [
    ("Das griechische Unternehmen Metlen Energy & Metals will 296 Millionen Euro in eine "
     "Galliumanlage investieren.", "Metlen Energy & Metals"),
    ("JPMorgan provided $9.6 billion in loans for the data center campus.", "JPMorgan"),
    ("The land is owned by Greater Kudu LLC, which plans a $2 billion data center.",
     "Greater Kudu LLC"),
])
def test_companies_outside_the_alias_table_are_recognised_by_their_shape(text, actor):
    assert [e.actor for e in extract_events(text, rates=RATES)] == [actor]


def test_number_words_are_read_by_text2num_and_german_fractions():
    events = extract_events("Der Konzern will zweieinhalb Milliarden Euro in ein "
                            "Rechenzentrum mit fünfundzwanzig Megawatt investieren.",
                            rates=RATES, published="2025-05")
    assert [(e.amount, e.capacity_mw) for e in events] == [(2.5e9, 25.0)]


def test_a_sum_split_after_it_is_named_keeps_its_currency_and_is_not_counted_twice():
    events = extract_events("Of the €109 billion, 50 billion will come from the United Arab "
                            "Emirates investment fund MGX to build data centres in France.",
                            rates=RATES, published="2025-02")
    assert [(e.amount, e.currency) for e in events] == [(5e10, "EUR")]
    assert events[0].location == "FR"   # where the money goes, not where the fund is from


def test_a_producers_own_plan_is_output_and_demand_stays_a_projection():
    text = ("Metlen produces its first five kilograms of gallium in Greece.\n"
            "Output of between five and ten metric tonnes is anticipated in 2027.\n"
            "Trafigura expects copper demand of 30 million tonnes by 2030.")
    events = extract_events(text, rates=RATES)
    assert [(e.type, e.material, e.quantity_t) for e in events] == [
        ("production", "gallium", 0.005), ("production", "gallium", 7.5),
        ("forecast", "copper", 3e7)]


def test_a_range_with_one_currency_and_one_scale_word_is_one_range():
    [event] = extract_events("Alphabet expects capital expenditures of $91–93 billion in 2025.",
                             rates=RATES)
    assert event.type == "investment" and event.ranges["amount_usd"] == (9.1e10, 9.3e10)


def test_shares_with_other_verbs_and_tonnages_in_a_list_each_with_their_country():
    [share] = extract_events("Refined gallium from China makes up 98% of world supply.",
                             rates=RATES)
    assert (share.type, share.share_pct, share.location) == ("market_share", 98.0, "CN")
    listed = extract_events("Chile produced 5.3 million tonnes of copper in 2024, Congo 3.3 "
                            "million tonnes and Peru 2.6 million tonnes.", rates=RATES)
    assert [(e.location, e.quantity_t) for e in listed] == [
        ("CL", 5.3e6), ("CD", 3.3e6), ("PE", 2.6e6)]


def test_chips_and_gdp_are_no_capex_and_a_change_is_no_output():
    assert extract_events("Oracle has committed to spending $40 billion on Nvidia's latest "
                          "chips for its data center in Abilene.", rates=RATES) == []
    assert [e.quantity_t for e in extract_events(
        "Kansanshi reported copper production of 46,544 tonnes, a decrease of 1,595 tonnes.",
        rates=RATES)] == [46544.0]


def test_a_government_putting_money_into_a_project_funds_it_once_in_dollars():
    [event] = extract_events("Australia's federal government agreed to invest A$200mn "
                             "($126mn) into the Nolans rare earth project.", rates=RATES)
    assert (event.type, event.amount_usd, event.currency) == ("financing", 1.26e8, "USD")


def test_interest_is_no_offtake_and_ndpr_oxide_keeps_its_name():
    assert extract_events("Firms have expressed interest in buying up to 4,740 t/yr of NdPr "
                          "oxide from the company.", rates=RATES) == []
    [deal] = extract_events("Arafura has agreed to supply 100 t/yr of NdPr oxide to Traxys "
                            "for five years.", rates=RATES)
    assert (deal.type, deal.material, deal.quantity_t) == ("offtake", "ndpr_oxide", 100.0)


def test_teasers_and_capacities_of_no_one_and_nowhere_are_no_facts():
    assert extract_events("Trending: Meta plans a $10 billion data center in Louisiana.",
                          rates=RATES) == []
    assert extract_events("Just a decade ago, a 50 megawatt data center campus was "
                          "considered significant.", rates=RATES) == []
