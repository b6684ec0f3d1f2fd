"""Classes of failure seen on real articles (issue 18), each in a made-up text of the same
shape: the kind of an export-control measure, metals named before, output-led articles,
changes that are no ranges, fractions as shares, market totals as forecasts."""

from layer0.extract import extract_events


def _facts(text, kind=None, **kw):
    return [e for e in extract_events(text, **kw) if kind is None or e.type == kind]


def test_a_suspended_ban_and_the_ban_itself_are_two_measures():
    text = ("Beijing lifts nothing\n\n"
            "Freedonia hat das Exportverbot für Gallium und Germanium an die USA ausgesetzt. "
            "Die Regierung hatte den Export der beiden Metalle an die USA im Jahr 2024 "
            "verboten.")
    events = _facts(text, "export_control")
    assert {(e.material, e.measure) for e in events} == {
        ("gallium", "suspension"), ("germanium", "suspension"),
        ("gallium", "ban"), ("germanium", "ban")}


def test_restrictions_without_the_word_export_count_in_an_export_control_article():
    text = ("China imposes export controls on five metals\n\n"
            "China has imposed restrictions on several types of tungsten products. "
            "Tungsten is used in cutting tools and armour.")
    events = _facts(text, "export_control")
    assert [(e.material, e.measure, e.location) for e in events] == [
        ("tungsten", "restriction", "CN")]
    # outside such an article, "restrictions" alone is no export control
    assert not _facts("Tungsten restrictions at the plant were eased for workers.",
                      "export_control")


def test_tonnages_of_an_output_led_article_are_output():
    text = ("Chilean Copper Production Rebounds in 2024\n\n"
            "Acme Minerals' Los Robles saw a 6.7% rise to 331,000 tons. "
            "The country uses roughly 400,000 tons of copper a year.")
    events = _facts(text, "production")
    assert [(e.quantity_t, e.material) for e in events] == [(331000.0, "copper")]


def test_a_change_from_one_figure_to_another_is_the_new_figure():
    text = "Alphabet revised its capital expenditure plans from $75 billion to $85 billion."
    events = _facts(text, "investment")
    assert [(e.amount_usd, e.ranges) for e in events] == [(85e9, None)]
    increase = _facts("Alphabet has increased its capex budget by $10 billion this year.",
                      "investment")
    assert increase == []
    # a range stays a range
    ranged = _facts("Meta expects capital expenditures of $64 billion to $72 billion "
                    "for its data centers.", "investment")
    assert ranged and ranged[0].ranges["amount_usd"] == (64e9, 72e9)


def test_a_fraction_in_words_is_a_share():
    text = "China entfällt auf mehr als die Hälfte der weltweiten Antimonförderung."
    events = _facts(text, "market_share", lang="de")
    assert [(e.share_pct, e.material, e.location) for e in events] == [
        (50.0, "antimony", "CN")]
    assert events[0].qualifiers == {"share_pct": "at_least"}


def test_a_countrys_data_centre_load_now_and_in_a_later_year():
    text = ("Rechenzentren in Europa wachsen\n\n"
            "Der Rechenzentrumsmarkt in Deutschland wächst. "
            "Demgegenüber bringen es die Vereinigten Staaten aktuell auf 48 Gigawatt und im "
            "Jahr 2030 auf rund 95 Gigawatt.")
    events = _facts(text, published="2024-11-21")
    assert sorted((e.type, e.capacity_mw, e.location) for e in events) == [
        ("capacity", 48000.0, "US"), ("forecast", 95000.0, "US")]


def test_a_description_is_no_company_name():
    text = ("Rio Tinto will die Kupferproduktion steigern.\n\n"
            "Der Bergbaukonzern will die jährliche Produktion des Metalls bis 2030 auf "
            "1 Mio. Tonnen steigern.")
    events = _facts(text, lang="de")
    assert [(e.type, e.actor, e.quantity_t) for e in events] == [
        ("production", "Rio Tinto", 1e6)]


def test_a_loans_term_stated_after_it_is_its_period():
    text = ("Banken finanzieren Rechenzentren\n\n"
            "Ein Konsortium von Banken stellt Kredite über 12 Milliarden US-Dollar für ein "
            "Rechenzentrum in Texas bereit. Acme platzierte zudem eine 3-Milliarden-Dollar-"
            "Anleihe für ein Rechenzentrum in Ohio. Die Kredite haben eine Laufzeit von vier "
            "Jahren.")
    events = _facts(text, "financing", lang="de")
    assert sorted((e.amount_usd, e.period_years) for e in events) == [
        (3e9, None), (12e9, 4.0)]


def test_money_for_ai_developers_is_no_data_centre_investment():
    text = ("Investoren pumpen mehr Geld in KI-Start-ups\n\n"
            "Mit sechs Milliarden Dollar erhielt Acme AI im Berichtszeitraum die größte Summe. "
            "Der Cloud-Anbieter Nimbus, der KI-Rechenzentren betreibt, sicherte sich "
            "1,1 Milliarden Dollar.")
    assert _facts(text, "investment", lang="de") == []
    # the same sums in an article about building data centres are investments
    built = ("Acme baut Rechenzentren\n\n"
             "Acme investiert sechs Milliarden Dollar in ein Rechenzentrum in Texas.")
    assert [e.amount_usd for e in _facts(built, "investment", lang="de")] == [6e9]


def test_an_export_quota_carries_its_tonnage():
    text = ("Freedonia caps cobalt exports\n\n"
            "Freedonia will cap cobalt exports at 18,125 tonnes for the rest of 2025 under a "
            "new export quota system.")
    events = _facts(text)
    assert [(e.type, e.material, e.measure, e.quantity_t) for e in events] == [
        ("export_control", "cobalt", "quota", 18125.0)]
    two = _facts("Freedonia will cap cobalt exports at 18,125 tonnes for 2025 and at 96,600 "
                 "tonnes a year in 2026 and 2027 under its export quota system.")
    assert [(e.measure, e.quantity_t) for e in two] == [("quota", 18125.0), ("quota", 96600.0)]


def test_a_linked_headline_a_place_in_a_name_and_demand_now_are_no_facts():
    text = ("Banks lend to data centers\n\n"
            "- This Spinning Battery Startup With Over $100 Million In Orders Could Change "
            "Everything\n"
            "Codelco's total output reached 1.42 million tonnes of copper with its share of Anglo "
            "American Sur.")
    events = _facts(text)
    assert [(e.type, e.quantity_t, e.location) for e in events] == [
        ("production", 1.42e6, None)]
    demand = _facts("Die weltweite Kupfernachfrage soll von derzeit rund 28 Millionen Tonnen "
                    "auf 42 Millionen Tonnen bis 2040 steigen.", lang="de")
    assert [(e.type, e.quantity_t) for e in demand] == [("forecast", 4.2e7)]


def test_a_deal_for_part_of_a_tonnage():
    text = ("Acme Resources will sell half of the 30,000 tonnes of copper a year from its "
            "Freedonia mine to Globex under a ten-year offtake agreement.")
    events = _facts(text)
    assert sorted((e.type, e.quantity_t) for e in events) == [
        ("offtake", 15000.0), ("production", 30000.0)]


def test_an_equipment_factory_is_no_investment_of_the_buildout():
    text = ("Volta Energy announced a $1 billion investment in US manufacturing, including a "
            "new transformer factory in Virginia.")
    assert _facts(text, "investment") == []
    campus = ("Volta announced a $1 billion investment in a data center campus in Virginia, "
              "including its transformers.")
    assert [e.amount_usd for e in _facts(campus, "investment")] == [1e9]


def test_a_place_that_begins_a_papers_or_exchanges_name_is_none():
    text = ("Vor dem Artikel in der New York Times ordnete die chinesische Regierung "
            "Exportbeschränkungen für Seltenerdmagnete an, die zu 90 % in China produziert "
            "werden.")
    events = _facts(text, lang="de")
    assert {(e.type, e.location) for e in events} == {("export_control", "CN"),
                                                      ("market_share", "CN")}


def test_review_cases_stay_what_they_are():
    """Cases a review of the rules above found (each wrong at some commit of 2026-12-03)."""
    def kinds(text, **kw):
        return [(e.type, e.quantity_t or e.amount_usd or e.share_pct) for e in
                extract_events(text, **kw)]
    # a rate word ("annual") does not make a purchase output
    assert kinds("Tesla signed an agreement with Piedmont Lithium to purchase an annual "
                 "20,000 tonnes of lithium.") == [("offtake", 20000.0)]
    # a deal for part of the output: the output once, the part as the offtake, no share
    assert sorted(kinds("Glencore agreed to buy one third of the 30,000 tonnes of cobalt "
                        "produced annually at the mine.")) == [
        ("offtake", 10000.0), ("production", 30000.0)]
    # a horizon is no contract's term
    assert kinds("Copper supplies will tighten over the next decade as data centres grow.") \
        == []
    # output from one tonnage to another: both
    assert kinds("Output rose from 3,899 to 7,975 tonnes of copper at the mine.") == [
        ("production", 3899.0), ("production", 7975.0)]
    # a stake is no market share, in German either
    assert kinds("Glencore hält 49 Prozent der Anteile an der Kobaltmine.", lang="de") == []
    # talks with customers do not hide output
    assert kinds("Nach Gesprächen mit Kunden steigerte Aurubis die Produktion auf 1 Million "
                 "Tonnen Kupfer.", lang="de") == [("production", 1e6)]
    # "the first half of 2025" is no share
    assert kinds("In the first half of 2025, China accounted for most of the world's "
                 "gallium output.") == []
    # prices lifted by a ban leave it a ban
    assert [e.measure for e in extract_events(
        "China banned exports of antimony to the US, lifting prices to a record.")] == ["ban"]


def test_a_run_of_dashes_after_a_loan_is_read_in_one_pass():
    """The loan-term pattern has no two ways to read a character: a run of dashes after
    "loans" (a markdown rule under "Notes") once took 2^n steps; this returns at once."""
    from layer0.extract import cues
    assert cues.TERM.search("loans " + "-" * 64) is None
    assert cues.TERM.search("The loans have a term of up to five years.")["n"] == "five"
    assert cues.TERM.search("Die Kredite haben eine Laufzeit von 2,5 Jahren.") is None


# -- classes of the fresh set (benchmarks/news-real-fresh), each in a made-up text ---------

def test_a_dollar_of_another_country_is_no_us_dollar():
    text = "Acme DC secures S$2.25 billion (US$1.75 billion) green loan for its data centre."
    assert [e.amount_usd for e in _facts(text, "financing")] == [1.75e9]
    # a plain or US dollar stays one
    assert [e.amount_usd for e in _facts("Acme will invest $5 billion in data centres.")] \
        == [5e9]


def test_oxide_and_element_pairs_name_their_materials():
    text = "Acme Rare Earths produced 2722 tonnes (t) of REO and 1677t of neodymium and " \
           "praseodymium (NdPr) during the quarter."
    assert [(e.quantity_t, e.material) for e in _facts(text, "production")] == [
        (2722.0, "rare_earths"), (1677.0, "ndpr_oxide")]


def test_a_tightened_licence_regime_and_the_licensing_are_two_measures():
    text = ("Seltene Erden: neue Regeln\n\n"
            "China verschärft das Lizenzverfahren für die Ausfuhr Seltener Erden. "
            "Bereits im April hatte China ein Lizenzverfahren für die Ausfuhr von "
            "Seltenen Erden eingeführt. Sie dienen als Export-Restriktionen.")
    assert [e.measure for e in _facts(text, "export_control")] == [
        "stricter control", "licensing"]
    assert [e.material for e in _facts("Die Preise stiegen wegen der chinesischen "
                                       "Export-Restriktionen für Germanium.",
                                       "export_control")] == ["germanium"]


def test_public_funding_beside_an_investment_is_financing_of_its_own():
    text = ("Acme baut Lithiumraffinerie\n\n"
            "Die eigenen Investitionskosten beziffert Acme mit 140 Millionen Euro, 5,5 "
            "Millionen Euro seien zudem aus der regionalen Wirtschaftsförderung gekommen. "
            "Die Regierung der Provinz fördert das Vorhaben mit bis zu 20 Millionen "
            "US-Dollar.")
    events = _facts(text, rates={("EUR", "2025"): 1.1})
    assert sorted((e.type, e.amount) for e in events if e.amount) == [
        ("financing", 5.5e6), ("financing", 20e6), ("investment", 140e6)]
    # "fördert" with tonnes is mining, and a sum beside it is no grant
    mined = _facts("Acme fördert 1,3 Millionen Tonnen Kupfer und investiert 2 Milliarden "
                   "US-Dollar in die Mine.")
    assert "financing" not in {e.type for e in mined}


def test_a_studys_market_figures_for_a_country_are_its_market():
    text = ("Studie: Deutschland braucht mehr Rechenzentren\n\n"
            "Die Studie zeigt, dass die Kapazität von Rechenzentren in Deutschland bis 2030 "
            "verdreifacht werden muss – von derzeit 1,6 Gigawatt auf dann 4,8 GW.")
    events = _facts(text, published="2025-07-01")
    assert [(e.type, e.capacity_mw, e.location, e.actor) for e in events] == [
        ("capacity", 1600.0, "DE", None), ("forecast", 4800.0, "DE", None)]
    # not a world figure, nor one campus's
    assert not _facts("Eine Studie schätzt die Kapazität der Rechenzentren weltweit in "
                      "Deutschland und den USA auf 120 GW.", "capacity")


def test_two_sums_without_a_rate_for_their_month_are_two_facts():
    # no EUR rate at all: the sums compare as written, not as one fact without numbers
    text = "Acme investiert 140 Millionen Euro in Bitterfeld. Acme investiert 30 Millionen " \
           "Euro in Leipzig."
    assert [e.amount for e in _facts(text, "investment")] == [140e6, 30e6]


def test_a_material_named_far_after_a_tonnage_yields_to_the_one_before():
    text = "Acme will die Kupferproduktion bis 2030 auf 1 Mio. Tonnen hochfahren und erwartet " \
           "durch den Ausbau des Lithiumgeschäfts Wachstum."
    assert [e.material for e in _facts(text, "production")] == ["copper"]
    assert [e.material for e in _facts("Acme will 20.000 Tonnen Kupfer liefern.", "offtake")
            ] == ["copper"]


def test_exports_said_to_be_banned_are_an_export_control():
    text = "Exports of so-called dual-use goods with civil and military applications are " \
           "prohibited, effective immediately, specifically gallium and antimony."
    assert [(e.material, e.measure) for e in _facts(text, "export_control")] == [
        ("gallium", "ban"), ("antimony", "ban")]


def test_a_needed_sum_is_a_forecast_of_the_market():
    text = "In den nächsten fünf Jahren seien fast 60 Mrd. Euro an Investitionen in " \
           "Rechenzentren erforderlich."
    assert [(e.type, e.amount, e.actor) for e in _facts(text)] == [
        ("forecast", 60e9, None)]


def test_capex_reported_after_earnings_words_and_changed_or_estimated_sums():
    text = ("Acme, set to release its earnings on October 30, reported $31.4 billion in "
            "capital expenditures in Q2. Acme also boosted its capex guidance to $70 billion "
            "from $66 billion. Microsoft spent $34.9 billion on data centres, well above the $30 "
            "billion estimate.")
    assert [e.amount for e in _facts(text, "investment")] == [31.4e9, 70e9, 34.9e9]


def test_a_start_up_described_after_its_name_is_the_actor_of_its_project_costs():
    text = ("ECL, a Silicon Valley start-up, unveiled plans to construct a 1-gigawatt data "
            "center near Houston, Texas. The project, which will cost around $8 billion, "
            "includes Lambda as its first tenant. The first phase, expected to be completed "
            "by mid-2025 at a cost of $450 million, will provide 50 MW of capacity. The "
            "facility will feature modular designs, with expansions possible in 1 MW "
            "increments. The Department of Energy is awarding up to $1.2 billion in funding "
            "for the HyVelocity Hydrogen Hub, which aims to leverage the region's "
            "infrastructure.")
    events = _facts(text)
    assert {e.actor for e in events} == {"ECL"}
    assert [e.amount for e in events if e.type == "investment"] == [8e9, 450e6]
    assert sorted(e.capacity_mw for e in events if e.capacity_mw) == [50.0, 1000.0]
    assert not any(e.material for e in events)       # Silicon Valley is no silicon


def test_the_metal_of_a_ban_without_figures_is_the_one_named_before():
    text = ("Acme will in Kanada Gallium gewinnen. Wichtigstes Herkunftsland für primäres "
            "Gallium ist China. Die Volksrepublik hatte Anfang dieses Monats den Export des "
            "Rohstoffs und anderer Metalle in die USA verboten.")
    assert [(e.material, e.measure, e.location) for e in _facts(text, "export_control")] == [
        ("gallium", "ban", "CN")]


# -- classes of the fifth set (benchmarks/news-real-fresh2), each in a made-up text ---------

def test_a_sum_in_a_currency_without_a_rate_is_no_dollar_sum():
    text = "Meta is pursuing a $3 billion (approximately 4.5 trillion won) construction loan " \
           "to build a 1GW data center."
    assert [(e.type, e.amount_usd) for e in _facts(text) if e.amount_usd] == [
        ("financing", 3e9)]


def test_an_export_cap_without_its_metal_takes_the_controlled_metal_and_is_no_output():
    text = ("Freedonia beendet Exportstopp für Kobalt\n\n"
            "Freedonia beendet ihr Exportverbot für Kobalt und führt Quoten ein. "
            "Für 2026 und 2027 gilt eine Exportobergrenze von jeweils 96.600 Tonnen pro Jahr.")
    events = _facts(text)
    assert ("export_control", "cobalt", 96600.0) in {(e.type, e.material, e.quantity_t)
                                                     for e in events}
    assert "production" not in {e.type for e in events}
    assert _facts(text, "export_control")[0].measure == "lifting"


def test_a_reports_world_totals_and_examples_of_data_centres():
    text = ("Installed data center capacity has risen to 141 gigawatts and is expected to "
            "nearly double to 262 GW by 2030. Say you want a 200 MW data center.")
    assert [(e.type, e.capacity_mw, e.location) for e in _facts(text, published="2026-04-01")
            ] == [("capacity", 141000.0, None), ("forecast", 262000.0, None)]


def test_a_countrys_company_produces_where_its_mines_are_not_at_home():
    text = "China's CMOC Group Ltd. produced 114,165 tons of cobalt in Congo last year, " \
           "and Glencore's share of usage rose to 58%."
    events = _facts(text)
    assert [(e.type, e.location) for e in events] == [("production", "CD")]


def test_a_quota_written_as_a_maximum_and_its_parts():
    text = ("Freedonia führt Exportquoten für Kobalt ein\n\n"
            "Freedonia hebt ihr Exportverbot für Kobalt auf und führt Exportquoten ein. Für den "
            "Rest des Jahres dürfen maximal 18.125 Tonnen Kobalt exportiert werden, davon 3.625 "
            "Tonnen im Oktober. Das durchschnittliche Marktwachstum für Kobalt wird auf 4 "
            "Prozent geschätzt.")
    quotas = [(e.quantity_t, e.measure) for e in _facts(text, "export_control")
              if e.quantity_t]
    assert quotas == [(18125.0, "quota")]
    assert not _facts(text, "market_share")


def test_mt_is_metric_tons_and_Mt_megatonnes():
    from layer0.extract.quantities import quantities_in
    read = {text: [(q.value, q.unit) for q in quantities_in(text, "en")] for text in (
        "down from 141,000 mt in 2025", "to 1.48 million mt LCE", "a deficit of 6 Mt")}
    assert read == {"down from 141,000 mt in 2025": [(141000.0, "t")],
                    "to 1.48 million mt LCE": [(1.48e6, "t")],
                    "a deficit of 6 Mt": [(6e6, "t")]}


def test_deal_sizes_are_no_capex():
    assert not _facts("Acme Cloud doubled the number of data center deals valued at over $250 "
                      "million.", "investment")


def test_a_bare_yen_sign_is_no_yuan():
    from layer0.extract.quantities import quantities_in
    assert quantities_in("SoftBank will invest ¥1 trillion in data centres", "en") == []
    assert [(q.value, q.unit) for q in quantities_in("a CN¥10 billion plant", "en")] == [
        (1e10, "CNY")]


def test_a_pound_of_money_and_a_pound_of_copper():
    from layer0.extract.quantities import quantities_in
    read = {text: [(q.kind, q.unit) for q in quantities_in(text, lang)] for text, lang in (
        ("Das Projekt kostet 50 Millionen Pfund.", "de"),
        ("a 3 billion pound investment", "en"),
        ("Die Mine liefert 50 Millionen Pfund Kupfer.", "de"),
        ("The mine produced 50 million pounds of copper.", "en"))}
    assert list(read.values()) == [[("money", "GBP")], [("money", "GBP")], [("mass", "t")],
                                   [("mass", "t")]]


def test_second_review_cases_stay_what_they_are():
    # made-up sentences a review of this session's rules showed misread; each as it should be
    def read(text):
        return [(e.type, e.amount or e.capacity_mw or e.quantity_t, e.actor, e.location)
                for e in _facts(text)]
    assert read("Microsoft will invest $3.2 billion in AI infrastructure in Sweden, powered "
                "entirely by renewable energy.") == [("investment", 3.2e9, "Microsoft", "SE")]
    assert read("Still, a group of investors will spend $5 billion on a data center in Ohio."
                ) == [("investment", 5e9, None, "US-OH")]
    assert read("Microsoft reported revenue of $65 billion, investing heavily in data "
                "centers.") == []
    assert read("Analysts estimate the cost of a gigawatt of data center capacity at $10 "
                "billion.") == []
    assert read("A study found that data centers of 100 MW use as much power as 80,000 homes."
                ) == []
    assert read("Amazon plans a 1 GW data center campus in Indiana, with an average rack "
                "density of 130 kW.") == [("capacity", 1000.0, "Amazon", "US-IN")]
    assert read("Say you want a 200 MW data center in Texas: it would cost $10 billion.") == []
    assert read("Microsoft will invest in 300 MW of new data center capacity in Texas.") == [
        ("capacity", 300.0, "Microsoft", "US-TX")]
    assert [e.type for e in _facts("The developer says its 500 MW campus in Texas will cost "
                                   "$5 billion, with new transmission lines required.")
            if e.amount] == ["investment"]
    assert [e.measure for e in _facts("Indonesien beendet die Bauarbeiten am Nickelwerk, der "
                                      "Export von Nickel ist seit 2020 verboten.")] == ["ban"]
    assert [e.type for e in _facts("Die neue Mine produziert maximal 5.000 Tonnen Lithium, "
                                   "die exportiert werden.")] == ["production"]
    assert [e.material for e in _facts("Acme plans to produce 25,000 tonnes a year at its "
                                       "Lithium Valley project in California.")] == ["lithium"]
    assert [e.location for e in _facts("Chile's Codelco produced 1.3 million tonnes of copper "
                                       "in 2024.")] == ["CL"]
    assert read("The study said data centres would cost $7 trillion by 2030 worldwide.") == []


def test_the_country_exports_go_to_is_not_the_one_restricting_them():
    text = ("Although the outright ban only applies to the United States, China had "
            "introduced export licensing regimes for gallium and germanium.")
    assert {(e.material, e.location) for e in _facts(text, "export_control")} == {
        ("gallium", "CN"), ("germanium", "CN")}
    # the only country named is where exports go: the article's restricting country
    text = ("China tightens its grip on critical metals\n\n"
            "China imposes export controls on gallium. The ban on exports to the United "
            "States covers germanium too.")
    assert {(e.material, e.location) for e in _facts(text, "export_control")} == {
        ("gallium", "CN"), ("germanium", "CN")}


def test_money_secured_for_a_campus_is_financing():
    assert [(e.type, e.amount_usd) for e in _facts(
        "EdgeCore secured $1.9 billion specifically for the data center campus.")] == \
        [("financing", 1.9e9)]


def test_bans_of_one_metal_in_two_years_are_two_measures():
    text = ("ZIMBABWE will ban the export of lithium concentrates effective January 2027. "
            "In 2022, Zimbabwe banned the export of unprocessed lithium ore.")
    assert sorted((e.location, e.measure, e.date[:4]) for e in _facts(text, "export_control")) \
        == [("ZW", "ban", "2022"), ("ZW", "ban", "2027")]


def test_a_suspension_of_exports_is_an_export_control():
    text = ("The Democratic Republic of the Congo has extended its temporary suspension of "
            "cobalt exports by an additional three months.")
    assert [(e.material, e.location) for e in _facts(text, "export_control")] == \
        [("cobalt", "CD")]


def test_leasing_and_what_an_operator_had_are_no_capacity_a_projections_base_is():
    def mw(text):
        return [e.capacity_mw for e in _facts(text, "capacity", published="2024-10-21")]
    assert mw("In Johor, the data centre market recorded 260 megawatts (MW) of leasing "
              "activity.") == []
    assert mw("Khazna says it exceeded its data centre capacity target of 300MW by the end of "
              "2023, up from 126MW in early 2022.") == [300.0]
    assert mw("Khazna's data centre fleet has grown since 2020, when it had a capacity of just "
              "40MW.") == []
    # the figure a projection starts from is the market now
    events = _facts("Macquarie expects the power capacity of data centres to increase from "
                    "77 gigawatts (GW) in 2023 to 334 GW in 2030.", published="2025-02-01")
    assert [(e.type, e.capacity_mw) for e in events] == \
        [("capacity", 77_000.0), ("forecast", 334_000.0)]


def test_shares_a_second_one_a_growth_rate_and_a_share_of_one_countrys_output():
    def shares(text):
        return [(e.share_pct, e.material) for e in _facts(text, "market_share")]
    assert shares("China dominates the rare earths supply chain, accounting for more than 60 "
                  "percent of mining production and 92 percent of global refined output.") == \
        [(60.0, "rare_earths"), (92.0, "rare_earths")]
    assert shares("Codelco produced 1,334,389 metric tons of copper, a slight increase of "
                  "0.4% year-on-year.") == []
    assert shares("Codelco and Escondida accounted for 49% of Chile’s total copper "
                  "production.") == []


def test_a_producers_partner_in_a_supply_deal_is_its_buyer():
    text = ("Korea Zinc signed a memorandum of understanding with US defense giant Lockheed "
            "Martin for the supply and procurement of germanium.")
    [event] = _facts(text, "offtake")
    # "Korea Zinc" is a company (a place may begin a name with a sector suffix); "US" says
    # where the buyer comes from, not where the metal does
    assert (event.actor, event.counterparty, event.material, event.location) == \
        ("Lockheed Martin", "Korea Zinc", "germanium", None)


def test_a_title_repeated_as_the_first_line_is_the_title():
    text = ("Humain secures up to $1.2bn for AI data centers\n\n"
            "Humain secures up to $1.2bn for AI data centers\n\n"
            "RIYADH: Saudi Arabia’s National Infrastructure Fund and Humain have agreed on a "
            "financing framework worth up to $1.2 billion for AI data centers.")
    events = _facts(text, "financing")
    assert [(e.actor, e.amount_usd, e.location) for e in events] == \
        [("National Infrastructure Fund", 1.2e9, "SA")]


def test_between_two_sums_is_a_range_and_a_datencenter_is_a_data_centre():
    [event] = _facts("Meta plans to invest between $60 billion and $65 billion in data centers "
                     "in 2025.")
    assert event.ranges["amount_usd"] == (6e10, 6.5e10)
    # without "between", "$60 billion and $65 billion" stay two sums
    assert len(_facts("Meta invests $60 billion in Texas data centers and $65 billion in "
                      "Ohio data centers.")) == 2
    [event] = _facts("NorthC plant ein Datencenter mit einer Kapazität von 4,5 MW in Meyrin.")
    assert (event.type, event.capacity_mw, event.location) == ("capacity", 4.5, "CH")


def test_an_export_permit_is_an_export_control_and_customer_signings_no_capacity():
    [event] = _facts("Indonesia extended Freeport's copper concentrate export permit until "
                     "December.", "export_control")
    assert (event.material, event.location) == ("copper", "ID")
    assert _facts("NEXTDC's data centres booked 16 MW of new customer signings in Sydney.",
                  "capacity") == []


def test_a_total_capacity_is_no_size_class_and_an_abstract_noun_no_company():
    [event] = _facts("GreenScale will in Europa Rechenzentren mit einer Gesamtkapazität von "
                     "mehr als 1 Gigawatt entwickeln.", "capacity")
    assert event.capacity_mw == 1000.0
    events = _facts("Portus Data Centers GmbH erweitert sein Rechenzentrum in Kirchheim. Die "
                    "Erweiterung baut die vorhandene IT-Anschlussleistung von derzeit 1,5 "
                    "Megawatt auf insgesamt 7 Megawatt aus.")
    assert [(e.actor, e.capacity_mw) for e in events] == \
        [("Portus Data Centers GmbH", 1.5), ("Portus Data Centers GmbH", 7.0)]


def test_a_loans_term_before_its_noun_a_credit_total_and_a_customers_megawatts():
    text = ("NEXTDC Limited has secured new senior debt facilities of A$2.2 billion (US$1.43 "
            "billion) for its data centers. The seven-year loans will push its total available "
            "credit to A$5.1 billion (US$3.32 billion).")
    assert [(e.type, e.amount_usd, e.period_years) for e in _facts(text)] == \
        [("financing", 1.43e9, 7.0)]
    assert _facts("Securing our first 10 MW hyperscale customer in Kuala Lumpur is a strong "
                  "endorsement of our data centre strategy, said NEXTDC.", "capacity") == []
