"""Money and tonnes read as the real articles' gold reads them (sentences made up in the
same shape): a loan is financing, a stake in an AI developer is no capex, someone else's
projection is a forecast while a producer's own plan stays production, and a projection's
starting figure, sales and differences are not events."""

from __future__ import annotations

import pytest

from layer0.extract import extract_events


def _kinds(text: str) -> list[tuple]:
    return [(e.type, e.amount_usd or e.quantity_t, e.material)
            for e in extract_events(text, lang=None)]


@pytest.mark.parametrize("text, expected", [
    ("A consortium of banks led by JPMorgan provided a $7.1 billion loan for the Abilene "
     "data center campus.", [("financing", 7.1e9, None)]),
    ("Ein Bankenkonsortium stellt einen Projektfinanzierungskredit über 4 Milliarden Dollar "
     "für das Rechenzentrum in Texas bereit.", [("financing", 4e9, None)]),
    ("Meta will build a 1 GW data center in Ohio and invest $10 billion.",
     [("investment", 1e10, None)]),
])
def test_a_loan_is_financing_a_build_is_investment(text, expected):
    assert [k for k in _kinds(text) if k[0] in ("financing", "investment")] == expected


def test_a_stake_in_an_ai_developer_is_no_data_centre_capex():
    assert _kinds("Google invests $2 billion in AI startup Anthropic for a minority stake.") \
        == []
    assert _kinds("Microsoft hat insgesamt 13 Milliarden US-Dollar in OpenAI investiert.") \
        == []


def test_someone_elses_projection_is_a_forecast_a_producers_plan_is_production():
    assert _kinds("Analysts forecast that global copper demand will reach 30 million tonnes "
                  "by 2035.") == [("forecast", 3e7, "copper")]
    # the figure a projection starts from is output reported (the news-real gold's reading)
    assert _kinds("World copper mine output is projected to rise by 2% to 24 million tonnes, "
                  "up from 23.5 million tonnes.") == [("forecast", 2.4e7, "copper"),
                                                      ("production", 2.35e7, "copper")]
    produced = _kinds("Freeport expects its Grasberg mine to produce 500,000 tonnes of copper "
                      "a year.")
    assert produced == [("production", 5e5, "copper")]


def test_sales_and_differences_are_not_output():
    assert _kinds("Copper sales volumes totalled 101,000 tonnes at the Cobre mine.") == []
    assert _kinds("The Sentinel mine produced 46,000 tonnes of copper, 10,000 tonnes lower "
                  "than in the prior quarter.") == [("production", 4.6e4, "copper")]


def test_a_forecasts_metal_may_come_from_the_headline():
    text = ("Kupfer: Händler warnt vor Knappheit\n\n"
            "Der Rohstoffhändler sieht Kupfer knapp werden. Kupfer ist gefragt.\n"
            "Für 2030 wird mit einer Nachfrage von rund 30 Millionen Tonnen gerechnet.")
    assert ("forecast", 3e7, "copper") in _kinds(text)


def test_sums_put_on_an_estimate_are_a_forecast_of_the_market():
    text = ("Nach aktuellen Berechnungen des Bitkom werden die Betreiber 2025 rund 12 "
            "Milliarden Euro in IT-Hardware und weitere 3,5 Milliarden Euro in Gebäude "
            "investieren.")
    assert [e.type for e in extract_events(text)] == ["forecast", "forecast"]
    # a company's own sum stays its investment
    assert [e.type for e in extract_events(
        "Nach eigenen Angaben investiert Amazon 8,8 Milliarden Euro in Rechenzentren in "
        "Hessen.")] == ["investment"]


@pytest.mark.parametrize("text", [
    "Die Anschlussleistung der KI-Rechenzentren in Deutschland wird sich vervierfachen – "
    "von 530 auf über 2.000 Megawatt.",
    "Die Anschlussleistung der Rechenzentren in Deutschland soll von 530 Megawatt auf "
    "2.000 Megawatt steigen.",
    "Data centre capacity in the UK is set to grow from 530 MW to 2,000 MW.",
])
def test_a_market_said_to_grow_is_its_capacity_now_and_a_forecast(text):
    # "von 530 auf ... 2.000 Megawatt": the first figure takes the second's unit (a change,
    # not a range), and the figure it grows to is a projection of the market
    assert [(e.type, e.capacity_mw) for e in extract_events(text)] == \
        [("capacity", 530.0), ("forecast", 2000.0)]


def test_a_markets_balance_is_a_forecast_and_a_replaced_projection_is_no_event():
    # the balance a projection starts from is the market's, not anyone's output
    assert _kinds("The global lithium market is anticipated to record a surplus of 109,000 "
                  "tons of lithium in 2026, down from 141,000 tons in 2025.") == \
        [("forecast", 109_000.0, "lithium"), ("forecast", 141_000.0, "lithium")]
    assert _kinds("The refined copper market is expected to swing to a deficit of 150,000 "
                  "tons in 2026 from the previously expected surplus of 209,000 tons.") == \
        [("forecast", 150_000.0, "copper")]


def test_a_metals_price_someone_expects_is_a_forecast_and_its_price_now_is_none():
    text = ("Copper outlook\n\nBMI revised down its average annual copper price forecast for "
            "this year to $10,000/t from $11,000/t in October.")
    assert _kinds(text) == [("forecast", 10_000.0, "copper")]
    text = ("Kupfer bleibt gefragt\n\nUBS erhöhte die Prognosen: Für März 2026 liegt das neue "
            "Ziel bei 11.500 $, zum Jahresende 2026 sogar bei 13.000 $.")
    assert _kinds(text) == [("forecast", 11_500.0, "copper"), ("forecast", 13_000.0, "copper")]
    assert _kinds("Kupfer liegt weiter fest bei über 11.000 $ je Tonne.") == []


def test_public_money_given_with_foerdern_or_unterstuetzen_is_financing():
    assert [e.type for e in extract_events(
        "Mit knapp 104 Millionen Euro fördern Bund und Länder zwei Lithium-Projekte in "
        "Rheinland-Pfalz.")] == ["financing"]


def test_takings_orders_and_market_gains_are_no_capex_and_a_hedge_elsewhere_hides_none():
    assert _kinds("Amazon Web Services brought in $107.56 billion in its most recent fiscal "
                  "year from its data centers.") == []
    assert _kinds("Nvidia reported a record order book of $500bn for AI data center chips.") \
        == []
    # "could" belongs to another clause than the sum: the sum is reported, not supposed
    assert _kinds("The results could help resolve questions about the data center buildout, "
                  "with capital spending to reach $330 billion this year.") == \
        [("investment", 3.3e11, None)]
    assert _kinds("A 1 GW data center could cost $40 billion.") == []


def test_a_supposed_market_sum_is_a_forecast_and_rates_per_unit_are_no_sums():
    events = extract_events("Cumulative data centre capex excluding servers could be USD "
                            "30-45 billion based on USD 4mn/MW to USD 7m/MW.")
    assert [(e.type, e.ranges["amount_usd"]) for e in events] == \
        [("forecast", (3e10, 4.5e10))]
    # "a gigawatt-scale data centre" is a size class, no capacity
    events = extract_events("Google will invest USD 15 billion in an AI hub in India, which "
                            "would include a gigawatt-scale data centre.")
    assert [(e.type, e.amount_usd, e.capacity_mw) for e in events] == \
        [("investment", 1.5e10, None)]


@pytest.mark.parametrize("text, expected", [
    ("NGM aims to raise $1.2 billion to build the graphite project.",
     [("financing", 1.2e9, "graphite")]),
    ("GM and Panasonic are also making equity investments of $25 million each in the graphite "
     "miner.", [("financing", 2.5e7, "graphite")]),
    # a government that announces is not the one that invests
    ("The Ulsan city government announced Monday that SK Group and AWS would invest $5.1 "
     "billion in an AI data center.", [("investment", 5.1e9, None)]),
    # a firm's size and a company's market value are no capex
    ("The round was led by TWG Global, a $40 billion investment firm, for AI data centers.", []),
    ("Wir haben eine Marktkapitalisierung von rund 60 Milliarden US-Dollar und betreiben "
     "Rechenzentren.", []),
])
def test_raised_money_equity_and_sums_that_are_no_ones_capex(text, expected):
    assert [k for k in _kinds(text) if k[0] in ("financing", "investment", "forecast")] == \
        expected


def test_raising_money_is_financing_raising_a_figure_or_securing_a_site_is_not():
    assert _kinds("Meta raised its capex guidance to $70 billion for data centers.") == []
    assert [k[0] for k in _kinds("SK Broadband spent more than $20 million to secure a site "
                                 "for the AI data center.")] == ["investment"]
    assert [k[0] for k in _kinds("DTCP beabsichtigt, eine Milliarde Pfund in sein "
                                 "Rechenzentrumsunternehmen GreenScale zu stecken.")] == \
        ["investment"]


def test_ounces_of_metal_are_troy_ounces():
    [(kind, tonnes, metal)] = _kinds("The Silver Institute expects a silver market deficit of "
                                     "95 million oz in 2025.")
    assert (kind, metal) == ("forecast", "silver")
    assert tonnes == pytest.approx(95e6 * 31.1034768e-6)


def test_rupees_in_crore_a_bracketed_conversion_debentures_and_a_decade():
    from layer0.extract import rates_from_rows
    rates = rates_from_rows([("INR", 2025, 1, 0.011589, "ecb-eurofxref")])
    [event] = extract_events("Blackstone will invest up to Rs 4,500 crore in a data centre in "
                             "Telangana.", rates=rates, published="2025-01-20")
    assert (event.amount, event.currency) == (4.5e10, "INR")
    assert event.amount_usd == pytest.approx(4.5e10 * 0.011589)
    # the dollars given in brackets are the sum ("then" and the like may open them)
    assert _kinds("PDG's first phase of the Johor data centre will cost MYR 2 billion (then "
                  "$450 million).") == [("investment", 4.5e8, None)]
    assert [k[0] for k in _kinds("Scala Data Centers has announced a new issuance of $250 "
                                 "million in green debentures for its data center "
                                 "campus.")] == ["financing"]
    [event] = extract_events("AWS announced plans to invest €15.7bn over a decade to expand "
                             "its data centres in Aragon.")
    assert event.period_years == 10.0


def test_an_expected_output_and_a_replaced_projection_written_as_a_noun():
    assert _kinds("Chile wird im Jahr 2025 voraussichtlich eine Rekordmenge von 5,8 Millionen "
                  "Tonnen Kupfer produzieren.") == [("forecast", 5.8e6, "copper")]
    assert _kinds("The ICSG expects a global copper surplus of 289,000 tonnes in 2025, a "
                  "larger surplus than its earlier projection of 194,000 tonnes.") == \
        [("forecast", 289_000.0, "copper")]
