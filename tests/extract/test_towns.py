"""Towns the alias tables do not know are placed from GeoNames' table (lexicon.towns): only
where the text places something, with the country the text's language or its places make
likely, and never where the text names the region itself."""

from __future__ import annotations

from layer0.extract import extract_events, lexicon


def _codes(text: str, lang: str, places=()) -> list[str]:
    return [m.value for m in lexicon.towns(text, lang, list(places), [])]


def test_a_town_is_read_only_where_the_text_places_something():
    assert _codes("Ein Rechenzentrum entsteht in Dummerstorf.", "de") == ["DE"]
    assert _codes("Dummerstorf plant ein Rechenzentrum.", "de") == []
    assert _codes("The campus in Mesa will draw 450 MW.", "en") == ["US-AZ"]
    # months and continents are no towns, whatever GeoNames lists under their names
    assert _codes("It committed A$840mn to the project in March 2024.", "en") == []
    assert _codes("one of the lowest in Asia Pacific", "en") == []


def test_the_texts_language_and_places_choose_among_towns_of_one_name():
    # the Belgian Halle has more people; a German article means the German one
    assert _codes("ein Rechenzentrum in Halle", "de") == ["DE"]
    assert _codes("a data centre in Halle", "en") == []      # no country dominates: no guess
    # a text naming the US means its Rockingham, not Australia's
    us = lexicon.Mention("place", "US-NC", 0, 14)
    assert _codes("North Carolina: a site near Rockingham and Hamlet", "en", [us]) == ["US"]


def test_a_town_followed_by_its_region_is_left_to_the_region():
    state = "an AI data center in Lancaster, Pennsylvania."
    places = [lexicon.Mention("place", "US-PA", state.index("Penn"), len(state) - 1)]
    assert _codes(state, "en", places) == []


def test_a_capacity_in_an_unknown_german_town_is_placed_in_germany():
    # the only country the text names is a comparison; the town is where the build is
    text = ("In Dummerstorf (Landkreis Rostock) soll ein Rechenzentrum mit bis zu 1,2 "
            "Gigawatt Anschlussleistung entstehen. Das Projekt wäre vergleichbar mit Neubauten "
            "in Saudi-Arabien.")
    [event] = extract_events(text)
    assert (event.type, event.capacity_mw, event.location) == ("capacity", 1200.0, "DE")


def test_a_town_that_names_a_site_is_its_place():
    assert _codes("The 65 MW Kuala Lumpur campus is due online early 2026.", "en") == ["MY"]
    assert _codes("Google’s Mesa data center", "en") == ["US-AZ"]
