"""Tonnes, shares and export controls: output, offtakes and forecasts of metals, a country's
share of a stage, and the measures that restrict exports."""

from __future__ import annotations

import re
from dataclasses import replace

from layer0.extract import cues
from layer0.extract.event import Event
from layer0.extract.lexicon import Mention
from layer0.extract.quantities import Quantity, fractions_in
from layer0.extract.reading import (
    _NOW,
    Sentence,
    _actor,
    _an_origin,
    _country_name,
    _event,
    _growth_before,
    _material,
    _nearest,
    _only_material,
    _origins,
    _period,
    _place,
    _previous_end,
    _sentence_date,
    _stage,
    _stretch,
)

# "exports to the United States", "Ausfuhren in die USA": where exports go, not who restricts
_DESTINATION_BEFORE = re.compile(r"\b(?:to|towards|against|into|nach|gegen|in die|an die|"
                                 r"für die)[ \u00a0]+(?:the[ \u00a0]+|den[ \u00a0]+)?$",
                                 re.IGNORECASE)


def _restricting_country(sentence: Sentence) -> str | None:
    """The country that restricts exports: the sentence's first country that is not where
    the exports go, else the article's (unless that is where they go)."""
    text, doc = sentence.doc.text, sentence.doc
    origins = _origins(sentence)
    targets = set()
    for m in sentence.mentions("place"):
        country = m.value.split("-")[0]
        if _DESTINATION_BEFORE.search(text, max(sentence.start, m.start - 12), m.start):
            targets.add(country)
        elif not _an_origin(sentence, m, origins):
            return country
    return doc.main_country if doc.main_country not in targets else None


_PARTS = re.compile(r"\b(?:davon|darunter|of which|including)\b", re.IGNORECASE)


_MEASURE_YEAR = re.compile(r"\b(?:in|im|seit|since|from|ab|effective)[ \u00a0]+((?:19|20)\d\d)\b",
                           re.IGNORECASE)


def _year(sentence: Sentence) -> str | None:
    """The year a measure is put in ("In 2022, Zimbabwe banned ..."): two bans of one metal
    in two years are two measures."""
    found = _MEASURE_YEAR.search(sentence.doc.text, sentence.start, sentence.end)
    return found.group(1) if found else None


def _shares(sentence: Sentence) -> list[Event]:
    text = sentence.doc.text
    written = sentence.of_kind("percent")
    masses = sentence.of_kind("mass")
    words = [q for q in fractions_in(text, sentence.start, sentence.end, sentence.lowered)
             if not any(a < q.end and q.start < b for a, b in
                        ((w.start, w.end) for w in sentence.quantities))
             # "one third of the 30,000 tonnes": part of a tonnage (_part_of), no share
             and not any(_OF_THE.fullmatch(text, q.end, m.start) for m in masses)]
    if not written and not words:
        return []
    percents = [q for q in sorted(written + words, key=lambda q: q.start)
                if not _growth_before(sentence, q)
                and not cues.GROWTH_AFTER.match(text, q.end)]
    if not percents or not sentence.has(cues.SHARE) or sentence.has(cues.NOT_SHARE):
        return []
    events = []
    first = min(q.start for q in percents)
    country = _place(sentence, sentence.start, first, country_only=True)
    material = None
    for q in percents:
        # "60 percent of mining production and 92 percent of global refined output": the
        # metal of the share before
        material = _material(sentence, q, percents) or material
        if material is None or _of_a_countrys(sentence, q):
            continue
        lo, hi = _stretch(sentence, q, percents)
        confidence = 0.85 if country else 0.6
        events.append(_event(sentence, "market_share", {"share_pct": q}, confidence,
                             material=material.value, location=country,
                             actor=_country_name(country),
                             stage=_stage(sentence, material, q.start, hi),
                             date=_sentence_date(sentence)))
    return events


_OF_BEFORE_PLACE = re.compile(r"[ \u00a0]+(?:of|der|des)[ \u00a0]+(?:the[ \u00a0]+)?")


_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


def _of_a_countrys(sentence: Sentence, q: Quantity) -> bool:
    """A share of one country's total ("49% of Chile's total copper production"), held by
    its producers: not a country's share of the world's."""
    of = _OF_BEFORE_PLACE.match(sentence.doc.text, q.end)
    if of is None:
        return False
    place = sentence.mentions("place", of.end(), min(sentence.end, of.end() + 40))
    return bool(place) and place[0].start == of.end() \
        and _POSSESSIVE_AFTER.match(sentence.doc.text, place[0].end) is not None


def _mine_material(sentence: Sentence) -> str | None:
    """The metal of an investment by a miner ("Nuton provided $167 million to Johnson Camp
    copper"); data-centre investments carry none."""
    if not any(a.extra == "seller" for a in sentence.mentions("actor")):
        return None
    return _only_material(sentence)


def _mass(sentence: Sentence) -> list[Event]:
    masses = sentence.of_kind("mass")
    if not masses:
        return []
    offtake, production = sentence.has(cues.OFFTAKE), sentence.has(cues.PRODUCTION)
    if offtake and sentence.has(cues.BUYING_INTEREST):
        return []       # "firms have expressed interest in buying up to 4,740 t/yr": no fact
    # "delivering 45,000 tonnes" of a producer's output is no deal without a deal word or
    # a buyer ("Glencore will supply Microsoft with 20,000 tonnes"); talks are no deal yet
    offtake = offtake and not sentence.has(cues.NO_DEAL_YET) \
        and (sentence.has(cues.DEAL) or not production
             or any(m.extra == "buyer" for m in sentence.mentions("actor")))
    production = production or sentence.doc.about_output
    world = sentence.has(cues.WORLD)
    first = masses[0].start
    producer = any(m.extra == "seller" for m in sentence.mentions("actor")) \
        or (sentence.has(cues.ASSET) and not world) \
        or (sentence.doc.about_producer and not world
            and not sentence.mentions("place", sentence.start, first))
    # a producer's plan is output; demand is a projection whoever states it
    forecast = sentence.has(cues.FORECAST) and (not producer or sentence.has(cues.DEMAND))
    if not (offtake or production or forecast):
        return []
    events = []
    period = _period(sentence)
    text = sentence.doc.text
    for q in masses:
        material = _material(sentence, q, masses)
        lo, hi = _stretch(sentence, q, masses)
        # "a level that would cover Europe's demand" after the figure does not make a
        # producer's plan a projection of demand; "demand of 400,000 t" before it does
        demand_of = sentence.doc.search(cues.DEMAND, sentence.start, q.start) is not None
        projected = demand_of or (forecast and not producer) \
            or (forecast and not sentence.doc.search(cues.DEMAND, q.end, sentence.end))
        if projected and cues.SUPERSEDED_BEFORE.search(text, max(sentence.start, q.start - 60),
                                                       q.start):
            continue                    # "from the previously expected 289,000 tons"
        if projected and not offtake:   # a projection, of a producer or of the world
            # the metal may be the article's, named in its headline or lead only
            # "up from 22.9 Mt", "von derzeit rund 28 Millionen Tonnen auf ...": the figure now
            baseline = cues.BASELINE.search(text[max(sentence.start, q.start - 30):q.start]) \
                or _NOW.search(text, max(sentence.start, q.start - 25), q.start)
            if material is None and baseline:     # "..., up from 22.9 Mt": the same metal
                material = _nearest(sentence.mentions("material", sentence.start, q.start),
                                    q.start)
            metal = material.value if material else (_only_material(sentence)
                                                     or sentence.doc.main_material)
            if metal is None or (material is None and not _only_material(sentence)
                                 and sentence.mentions("material")):
                continue
            # "a surplus of 109,000 t in 2026, down from 141,000 t in 2025": the market's
            # balance before, an estimate too (no one's output)
            if baseline and not sentence.doc.search(cues.BALANCE, sentence.start, q.start):
                # "up from 22.9 million tonnes in 2024": the output reported, not projected
                if not sentence.has(cues.DEMAND):
                    events.append(_event(sentence, "production", {"quantity_t": q}, 0.6,
                                         actor=_producer(sentence, q), material=metal,
                                         location=_place(sentence, lo, hi),
                                         date=_sentence_date(sentence)))
                continue
            actor, _named = _actor(sentence, q.start, role="buyer")
            numbers = {"quantity_t": q} | ({"period_years": period} if period else {})
            events.append(_event(sentence, "forecast", numbers, 0.55 if material else 0.45,
                                 actor=actor, material=metal,
                                 location=_place(sentence, lo, hi),
                                 date=_sentence_date(sentence)))
            continue
        if material is not None:
            metal = material.value
        elif only := _only_material(sentence):   # "..., Congo 3.3 and Peru 2.6 million t"
            metal = only
        elif (producer or sentence.doc.about_output) and not sentence.mentions("material") \
                and sentence.doc.main_material:
            metal = sentence.doc.main_material    # "Output of between five and ten tonnes"
        elif that := _the_metal(sentence):       # "die Jahresproduktion des Metalls"
            metal = that
        elif production and sentence.doc.about_metal and not sentence.mentions("material"):
            metal = sentence.doc.main_material    # "Production will be ramped up to 230 t"
        else:
            continue
        if cues.TARGET_BEFORE.search(text, max(sentence.start, q.start - 25), q.start):
            continue                      # "its offtake target of 3,552 t/yr": a goal
        # "strategische Reserven" buying metal are a stockpile, not a deposit's reserves
        if (_said_outside_names(sentence, cues.NOT_OUTPUT, sentence.start, q.start)
                and not sentence.has(cues.STOCKPILE)) \
                or sentence.doc.search(cues.USES, max(sentence.start, q.start - 18), q.start) \
                or cues.DIFFERENCE_BEFORE.search(text, max(sentence.start, q.start - 20),
                                                 q.start) \
                or cues.DIFFERENCE_AFTER.match(text, q.end, sentence.end):
            continue                      # sales, trade, consumption or a difference
        part = _part_of(sentence, q) if offtake else None
        if part is not None:     # "die Hälfte der jährlich erwarteten 25.000 Tonnen": the
            events.append(_event(sentence, "production", {"quantity_t": q}, 0.6,   # output
                                 actor=_producer(sentence, q), material=metal,
                                 location=_place(sentence, lo, hi),
                                 date=_sentence_date(sentence)))
        if offtake and (part is not None or not _output_of(sentence, q)):
            buyer, named = _actor(sentence, q.start, role="buyer")
            seller = [m.value for m in sentence.mentions("actor") if m.extra == "seller"
                      and m.value != buyer]
            numbers = {"quantity_t": part or q} | ({"period_years": period} if period else {})
            events.append(_event(sentence, "offtake", numbers, 0.85 if named else 0.6,
                                 actor=buyer, counterparty=seller[0] if seller else None,
                                 material=metal, location=_place(sentence, lo, hi),
                                 date=_sentence_date(sentence)))
        else:
            numbers = {"quantity_t": q} | ({"period_years": period} if period else {})
            events.append(_event(sentence, "production", numbers, 0.8,
                                 actor=_producer(sentence, q), material=metal,
                                 location=_producing_place(sentence, q, masses)
                                 or _place(sentence, lo, hi),
                                 date=_sentence_date(sentence)))
    return events


_OF_THE = re.compile(r"[ \u00a0]+(?:der|des|of(?: the)?|von)[ \u00a0]+(?:[^\W\d_]+[ \u00a0]+){0,3}",
                     re.IGNORECASE)


def _part_of(sentence: Sentence, q: Quantity) -> Quantity | None:
    """The part of a tonnage a deal takes ("rund die Hälfte der jährlich erwarteten 25.000
    Tonnen", "a third of the 30,000 tonnes"), as a tonnage; None when it takes no part."""
    text = sentence.doc.text
    for fraction in fractions_in(text, max(sentence.start, q.start - 60), q.start):
        if _OF_THE.fullmatch(text, fraction.end, q.start):
            return replace(q, value=q.value * fraction.value / 100.0, low=None, high=None,
                           qualifier_at=fraction.start)
    return None


def _said_outside_names(sentence: Sentence, cue, start: int, end: int) -> bool:
    """True when `cue` matches in [start, end) outside a company's name ("resources" of
    "Acme Resources" says nothing of the tonnage)."""
    doc = sentence.doc
    if doc.search(cue, start, end) is None:
        return False
    names = sentence.mentions("actor", start, end)
    return any(not any(n.start <= m.start() < n.end for n in names)
               for m in cue.finditer(doc.text, start, end))


def _output_of(sentence: Sentence, q: Quantity) -> bool:
    """True when the figure's own clause says output ("double its production capacity and
    output from 3,899 tonnes"), with no deal word between: output, though "the deal" is the
    sentence's subject."""
    doc = sentence.doc
    said = doc.search(cues.OUTPUT_WORDS, max(sentence.start, q.start - 60), q.start)
    return said is not None and doc.search(cues.OFFTAKE, said.end(), q.start) is None


def _the_metal(sentence: Sentence) -> str | None:
    """The metal named last before a sentence that speaks of "the metal" ("des Metalls",
    "the metal") and names none itself."""
    doc = sentence.doc
    if sentence.mentions("material") or not cues.THE_METAL.search(doc.text, sentence.start,
                                                                   sentence.end):
        return None
    before = doc.within("material", max(0, sentence.start - 1500), sentence.start)
    return before[-1].value if before else None


def _producing_place(sentence: Sentence, q: Quantity, masses: list[Quantity]) -> str | None:
    """The place named just before a tonnage, after the one before it: "Chile produced 5.3
    million tonnes, Congo 3.3 million tonnes" (a producer's country comes first)."""
    origins = _origins(sentence)                                          # "China's CMOC"
    places = [m for m in sentence.mentions("place", _previous_end(masses, q, sentence.start),
                                           q.start) if m.start not in origins]
    return places[-1].value if places else None


def _producer(sentence: Sentence, q: Quantity) -> str | None:
    """Whose output a tonnage is: the nearest producer named, else the nearest organisation
    ("Sentinel reported copper production of 46,361 tonnes"), else, where nobody is named,
    the producer the article is about; None for a world or country total."""
    actors = sentence.mentions("actor")
    hit = _nearest([m for m in actors if m.extra == "seller"], q.start) \
        or _nearest([m for m in actors if m.extra != "buyer"], q.start)
    if hit is None and sentence.doc.about_producer and not actors:
        return sentence.doc.main_actor      # "Der Bergbaukonzern will ...": the article's
    return hit.value if hit else None


def _offtake_without_quantity(sentence: Sentence) -> list[Event]:
    """A supply deal stated without tonnes: "signed a two-year agreement to buy copper from a
    mine in Arizona". Needs a deal word, a material and a buyer or a contract length."""
    materials = sentence.mentions("material")
    if not materials or not sentence.has(cues.OFFTAKE):
        return []
    actors = sentence.mentions("actor")
    buyers = [m for m in actors if m.extra == "buyer"]
    sellers = [m.value for m in actors if m.extra == "seller"]
    if not buyers and sellers:
        # "Korea Zinc signed an agreement with Lockheed Martin for the supply of germanium":
        # the producer's partner buys
        buyers = [m for m in actors if m.extra == "" and m.value not in sellers][:1]
    period = _period(sentence, decade=False)
    if not buyers and period is None:
        return []
    actor, named = (buyers[0].value, True) if buyers else (sentence.doc.main_actor, False)
    numbers = {"period_years": period} if period else {}
    return [_event(sentence, "offtake", numbers, 0.75 if named else 0.55, actor=actor,
                   counterparty=sellers[0] if sellers else None, material=materials[0].value,
                   location=_place(sentence, sentence.start, sentence.end),
                   date=_sentence_date(sentence))]


def _export_controls(sentence: Sentence) -> list[Event]:
    doc = sentence.doc
    materials = sentence.mentions("material")
    if not materials and not doc.about_export_control and not sentence.has(cues.EXPORT_CONTROL):
        return []       # (what follows needs a measure: strong or, in such an article, weak)
    # "den Export der drei Rohmaterialien": the metals of the measure before, or the headline's
    those = None if materials or not (doc.controlled or doc.headline_materials) else \
        cues.THOSE_METALS.search(doc.text, sentence.start, sentence.end)
    # "den Export des Rohstoffs ... verboten": the metal named before
    the_metal = None if materials or those is not None else _the_metal(sentence)
    # "Für 2026 gilt eine Exportobergrenze von 96.600 Tonnen": the metal of the last measure
    if not materials and those is None and the_metal is None and doc.controlled \
            and sentence.has(cues.EXPORT_CONTROL):
        the_metal = doc.controlled[0] if len(doc.controlled) == 1 else None
    if not materials and those is None and the_metal is None:
        return []
    strong = sentence.has(cues.EXPORT_CONTROL)
    # in an export-control article, "restrictions on X" / "new restrictions target X"
    weak = None if strong or not doc.about_export_control else \
        doc.search(cues.MEASURE, sentence.start, sentence.end)
    if not (strong or weak):
        return []
    if not materials and those is not None:
        materials = [Mention("material", value, those.start(), those.end())
                     for value in doc.controlled or doc.headline_materials]
    elif not materials:
        materials = [Mention("material", the_metal, sentence.start, sentence.end)]
    elif weak:
        materials = [m for m in materials if m.start > weak.start()]
    # scandium in a list of rare-earth elements is one of them (one rare-earths measure)
    values = {m.value for m in materials}
    materials = [m for m in materials
                 if not (m.value == "scandium" and "rare_earths" in values)]
    country = _restricting_country(sentence)
    measure = _measure(sentence)
    # a quota's tonnage: "caps cobalt exports at 96,600 tonnes a year"
    tonnes = sentence.of_kind("mass") if measure == "quota" else []
    # "maximal 18.125 Tonnen, davon 3.625 Tonnen im Oktober": the parts are not quotas
    part = _PARTS.search(doc.text, tonnes[0].end, sentence.end) if tonnes else None
    tonnes = [q for q in tonnes if part is None or q.start < part.start()]
    seen, events = set(), []
    for material in materials:
        if material.value in seen:
            continue
        seen.add(material.value)
        for numbers in [{"quantity_t": q} for q in tonnes] or [{}]:   # each quota's own
            events.append(_event(sentence, "export_control", numbers, 0.8 if country else 0.5,
                                 actor=_country_name(country), location=country,
                                 material=material.value, measure=measure,
                                 date=_sentence_date(sentence) or _year(sentence)))
    if seen:
        doc.controlled = sorted(seen)
    return events


def _measure(sentence: Sentence) -> str:
    """What the measure does, by the first kind (cues.MEASURES) its sentence names."""
    folded = cues.folded(sentence.text)
    for name, pattern, words in cues.MEASURE_KINDS:
        if (words is None or any(word in folded for word in words)) and \
                pattern.search(sentence.doc.text, sentence.start, sentence.end):
            return name
    return cues.MEASURE_DEFAULT

