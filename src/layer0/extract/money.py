"""Money and megawatts: investments, financing, capacities and their projections, a
government's stockpile purchases, metal price forecasts, and loan terms stated after a loan."""

from __future__ import annotations

import bisect
import re

from layer0.extract import cues
from layer0.extract.document import Document
from layer0.extract.event import Event
from layer0.extract.metals import (
    _mine_material,
)
from layer0.extract.numbers import word_value
from layer0.extract.quantities import Quantity
from layer0.extract.reading import (
    _FROM_BEFORE,
    _NOW,
    _YEAR,
    BOUNDS,
    Sentence,
    _actor,
    _event,
    _growth_before,
    _material,
    _only_material,
    _period,
    _place,
    _place_near,
    _previous_end,
    _sentence_date,
    _stretch,
)

# "2.000 Rechenzentren mit einer Anschlussleistung von jeweils mehr als 100 Kilowatt",
# "data centres of more than 5 MW": a size class, no one's capacity
_SIZE_CLASS = re.compile(r"(?:Rechenzentren|data cent(?:er|re)s|facilities|Anlagen)\s+"
                         r"(?:mit|with|of|über)\b(?:(?!Gesamt|gesamt|total|combined)[^.;])"
                         r"{0,40}?(?:mehr als|über|more than|over|at least|mindestens)\s+$",
                         re.IGNORECASE)   # (not "mit einer Gesamtkapazität von mehr als")


# "expansions possible in 1 MW increments", "in 50-MW-Schritten": a step, no capacity
_STEP_AFTER = re.compile(r"[ \u00a0-]*(?:increments?|steps?|Schritte\w*|tranches?|Tranchen)\b",
                         re.IGNORECASE)


# "260 megawatts (MW) of leasing activity", "150 MW of take-up": demand for space, no build
_LEASED_AFTER = re.compile(r"[ \u00a0]*(?:\([A-Za-z]{2}\)[ \u00a0]*)?(?:of[ \u00a0]+)?"
                           r"(?:new[ \u00a0]+)?(?:customer[ \u00a0]+)?(?:leasing|leases?|leased|"
                           r"take-up|absorption|signings?|contracted|Vermietung\w*|"
                           r"Flächenumsatz)\b|[ \u00a0]*(?:[\w-]+[ \u00a0]+)?"
                           r"(?:customers?|clients?|contracts?|Kunden?|Vertr[aä]g\w*)\b",
                           re.IGNORECASE)


# "since 2020, when it had a capacity of just 40MW": what a company had, not has
_HAD_BEFORE = re.compile(r"\bwhen[ \u00a0]+(?:it|the (?:company|firm|group|operator))[ \u00a0]+"
                         r"had\b[^.;]*$", re.IGNORECASE)


# a total over time, not what a unit costs or draws: "has risen to", "to nearly double to"
_TREND = re.compile(r"\b(?:risen|rise[sn]?|rising|rose|increas\w*|grow\w*|grew|doubl\w*|"
                    r"tripl\w*|reach\w*|climb\w*|steig\w*|wachs\w*|verdoppel\w*)",
                    re.IGNORECASE)


_A_BEFORE = re.compile(r"\ban?[ \u00a0]+$", re.IGNORECASE)


# A change said to come: "soll ... auf 2.000 Megawatt steigen", "wird sich ... vervierfachen",
# "is set to grow to 2 GW" (the modal before the figure, the verb before or after it)
_WILL_CHANGE = re.compile(
    r"\b(?:wird|werden|soll|sollen|dürfte|dürften|will|is set to|are set to|is expected to|"
    r"are expected to|is projected to|are projected to)\b(?:[^.;]|\.\d){0,80}?\b(?:steigen|wachsen|"
    r"anwachsen|zunehmen|klettern|verdoppeln|verdreifachen|vervierfachen|verfünffachen|"
    r"erhöhen|grow|rise|increase|climb|double|triple|quadruple|expand|reach)\b", re.IGNORECASE)


def _projected(sentence: Sentence, quantity: Quantity) -> bool:
    """True when the figure is for a later year than the article's ("im Jahr 2030 werden es
    4,8 Gigawatt sein", "64,3 Gigawatt in 2030") or said to be expected, named from the
    sentence's start to a few characters after it; not when it is said to be the figure now
    ("derzeit 530 Megawatt")."""
    doc = sentence.doc
    if _FROM_BEFORE.search(doc.text, max(sentence.start, quantity.start - 8), quantity.start) \
            and any(o.kind == quantity.kind and o.start > quantity.end
                    for o in sentence.quantities):
        return False                    # "rise from 25 GW in 2024 to over 80 GW": the base
    # the "derzeit" of the figure before is its own
    before = _previous_end(sentence.quantities, quantity, sentence.start)
    if _NOW.search(doc.text, max(before, quantity.start - 25), quantity.start):
        return False                    # "von derzeit 530 Megawatt auf 2.020 Megawatt"
    lo = sentence.start         # "Bis zum Jahr 2030 sollen sich ... auf 2.020 Megawatt"
    if _later_year(sentence, lo, min(sentence.end, quantity.end + 9)) \
            or doc.search(cues.FORECAST, lo, quantity.start) is not None:
        return True
    change = _WILL_CHANGE.search(doc.text, lo, sentence.end)
    return change is not None and change.start() < quantity.start


def _projection(sentence: Sentence) -> bool:
    """The sentence projects: a forecast's words, or a year after the article's."""
    return sentence.has(cues.FORECAST) or _later_year(sentence, sentence.start, sentence.end)


def _later_year(sentence: Sentence, lo: int, hi: int) -> bool:
    """A year after the article's is named in [lo, hi)."""
    doc = sentence.doc
    now = int(doc.article_date[:4]) if doc.article_date else None
    return now is not None and any(int(y) > now for y in _YEAR.findall(doc.text, lo, hi))


def _financing(sentence: Sentence) -> tuple[list[Event], set]:
    """Money lent, granted or raised for a project (a loan, bonds, a grant, a bank's
    support), each sum its own event; and the sums so read (not an investment too)."""
    money = sentence.sums()
    if not money:
        return [], set()
    # "Australia's federal government agreed to invest A$200mn": a government is the subject
    # (named before the sum, and no company before it)
    first = money[0].start
    government = sentence.doc.search(cues.GOVERNMENT, sentence.start, first)
    funded = sentence.has(cues.INVEST) and government is not None \
        and not sentence.mentions("actor", sentence.start, first) \
        and not _ANNOUNCED.search(sentence.doc.text, government.end(), first)
    # (not "The Ulsan city government announced that the two parties would invest ...")
    if not (sentence.has(cues.FINANCING) or funded) or sentence.has(cues.AI_EQUITY):
        return [], set()
    if not (sentence.has(cues.DATA_CENTRE) or sentence.mentions("actor")
            or sentence.mentions("material")
            or ((sentence.has(cues.GOVERNMENT) or sentence.doc.main_material is not None)
                and (sentence.has(cues.PROJECT) or sentence.has(cues.INVEST)))):
        return [], set()
    # "140 Mio. Euro Investitionskosten, 5,5 Mio. Euro aus der Wirtschaftsförderung": beside
    # an investment, the sums whose own words (before or after them) are of financing
    own = [q for q in money if _own_words(sentence, q, money, cues.FINANCING)] \
        if len(money) > 1 and sentence.has(cues.INVEST) else []
    money = own or money
    period = _period(sentence)
    events = []
    for q in money:
        lo, hi = _stretch(sentence, q, money)
        actor, named = _actor(sentence, q.start, role="buyer")
        numbers = {"amount": q} | ({"period_years": period} if period else {})
        events.append(_event(sentence, "financing", numbers, 0.8 if named else 0.55,
                             actor=actor, location=_place(sentence, lo, hi),
                             material=_project_material(sentence),
                             date=_sentence_date(sentence)))
    return events, set(own or sentence.of_kind("money"))   # (the others stay investments)


_ANNOUNCED = re.compile(r"\b(?:announced|said|says|reported|stated|confirmed|teilte\w*|"
                        r"kündigte\w*|gab\w* bekannt|erklärte\w*|sagte\w*|meldete\w*)\b",
                        re.IGNORECASE)


def _own_words(sentence: Sentence, q: Quantity, same: list[Quantity], cue) -> bool:
    """The cue is in this sum's own words: its half of the gap to the sum before, and up
    to 60 characters after it, no further than half way to the next sum."""
    # a gap between two sums is shared: each has the half next to it
    previous = _previous_end(same, q, -1)
    before = (previous + q.start) // 2 if previous >= 0 else sentence.start
    lo, hi = _stretch(sentence, q, same)
    after = min(lo + 60, (lo + hi) // 2 if hi < sentence.end else hi)
    return sentence.doc.search(cue, before, q.start) is not None \
        or sentence.doc.search(cue, lo, after) is not None


def _money_and_power(sentence: Sentence) -> list[Event]:
    doc = sentence.doc
    text = doc.text
    if not sentence.of_kind("money") and not sentence.of_kind("power"):
        return []
    financed, lent = _financing(sentence)
    equity = sentence.has(cues.AI_EQUITY) or (   # a stake in an AI developer: no capex
        doc.about_ai_funding and (not sentence.has(cues.DC_WORDS)
                                  or sentence.has(cues.RECEIVED)))
    # "cobalt worth up to $500 million" for a stockpile: a purchase, though "worth" is no capex
    bought, unbought = _stockpile_purchases(sentence, [q for q in sentence.sums()
                                                       if q not in lent])
    money = [q for q in unbought
             if not equity and not cues.PARTITIVE.search(text, max(sentence.start, q.start - 12),
                                                         q.start)
             # (NOT_CAPEX words since the sum before: "valued at $16 billion and it will
             # invest $10 billion", the second's words are its own)
             and (not doc.search(cues.NOT_CAPEX, _previous_end(
                 sentence.sums(), q, max(sentence.start, q.start - 45)), q.start)
                  # "its earnings on October 30, reported $31.4 billion in capital
                  # expenditures": the words right after the sum say what it is
                  or _CAPEX_AFTER.match(text, q.end))
             and not doc.search(cues.NOT_CAPEX, q.end, min(sentence.end, q.end + 25))
             and not doc.search(cues.NOT_CAPEX_AFTER, q.end, min(sentence.end, q.end + 60))
             # "increased its capex budget by $10 billion": a change, not a sum spent
             and not _growth_before(sentence, q)
             and not _changed_from_after(sentence, q, sentence.of_kind("money"))
             # "well above the $30 billion estimate": someone's expectation of the sum
             and not _ESTIMATE_AFTER.match(text, q.end)]
    power = [q for q in sentence.of_kind("power")
             if not _growth_before(sentence, q)]
    if not money and not power:
        return financed + bought
    invest, centre = sentence.has(cues.INVEST), sentence.has(cues.DATA_CENTRE)
    costed = (centre or sentence.has(cues.PROJECT)) and sentence.has(cues.PROJECT_COST) \
        and not sentence.has(cues.WORLD) \
        and not sentence.has(cues.POWER_PLANT)             # what a build costs: its capex
    invest = invest or costed
    # in an article about data centres, "the United States reach 48 gigawatts" is theirs
    centre_of_article = bool(power) and not centre and doc.about_data_centres \
        and not sentence.has(cues.ENERGY) and not sentence.has(cues.OTHER_LOADS)
    events, used_power = list(financed) + bought, set()
    general = not sentence.mentions("actor") and not costed \
        and (sentence.has(cues.GENERAL) or _hedged(sentence, money + power))  # "a study"
    # "Cumulative capex excluding servers could be USD 30-45 billion": nobody's spending,
    # said as what might be: a projection of the market
    supposed = general and invest and not sentence.has(cues.GENERAL)
    if money and (invest or centre) and (supposed or not general) \
            and not sentence.has(cues.HYPOTHETICAL) \
            and not (sentence.has(cues.NOT_CAPEX) and not invest) \
            and not (sentence.has(cues.EQUIPMENT) and not centre) \
            and not (_energy_project(sentence) and not costed):
        period = _period(sentence)
        # "fast 60 Mrd. Euro an Investitionen erforderlich": a need no one has committed to,
        # the projection of a market (a forecast)
        anonymous = not sentence.mentions("actor")
        for q in money:
            needed = anonymous and doc.search(cues.NEEDED, q.end,
                                              _clause_end(text, q.end, sentence.end, 60)) \
                is not None
            lo, hi = _stretch(sentence, q, money)
            own_power = [p for p in power if (lo <= p.start < hi) or len(money) == 1]
            numbers = {"amount": q} | ({"period_years": period} if period else {})
            if own_power:
                numbers["capacity_mw"] = own_power[0]
                used_power.add(own_power[0])
            actor, named = _actor(sentence, q.start, role="buyer")
            confidence = 0.9 - (0 if named else 0.25) - (0 if invest else 0.15)
            if needed:
                actor = None
            # no one's commitment, put on an estimate: a projection of the market
            needed = needed or supposed or (not named and sentence.has(cues.ESTIMATE_OF))
            for each in _each_of(sentence, q) or [actor]:
                events.append(_event(sentence, "forecast" if needed else "investment",
                                     numbers, confidence, actor=each,
                                     location=_place(sentence, lo, hi),
                                     material=_project_material(sentence),
                                     date=_sentence_date(sentence)))
    if centre or centre_of_article:
        previous = None     # the place of the figure before: "hierzulande 2,7 GW, 2030 4,8 GW"
        for p in power:
            if p in used_power or _power_plant_nearer(sentence, p) \
                    or (not centre and p.word) or sentence.has(cues.HYPOTHETICAL) \
                    or doc.search(cues.EXAMPLE, max(sentence.start, p.start - 40), p.start) \
                    or _STEP_AFTER.match(text, p.end) \
                    or _SIZE_CLASS.search(text, max(sentence.start, p.start - 60), p.start) \
                    or _LEASED_AFTER.match(text, p.end) \
                    or _HAD_BEFORE.search(text, max(sentence.start, p.start - 50), p.start) \
                    or (cues.BASELINE.search(text[max(sentence.start, p.start - 30):p.start])
                        and not _projection(sentence)):
                continue   # "what a gigawatt of computing means", "Rechenzentren mit mehr als"
                # (leasing is demand; "when it had just 40MW" and, beside no projection, "up
                # from 126MW in early 2022" are what was; "to increase from 77 GW in 2023 to
                # 334 GW in 2030" starts a projection from the figure now)
            # "a study puts ... at 5 GW worldwide" is nobody's; in an article of data centres,
            # "China mit 38 Gigawatt ... weltweit auf Rang zwei" is China's
            # (but a study's figure of data centres in the article's country, of no one
            # build, is that market's: "Die Studie zeigt, dass die Kapazität ... von derzeit
            # 1,6 GW auf dann 4,8 GW")
            market = not sentence.has(cues.WORLD) and not sentence.has(cues.PROJECT)
            # "Installed data center capacity has risen to 141 gigawatts and is expected to
            # nearly double to 262 GW by 2030": data centres of no place, no one, no build
            # (a report's world total)
            unplaced = general and centre and not sentence.mentions("actor") \
                and not sentence.has(cues.PROJECT) and not sentence.mentions("place") \
                and not p.word and _TREND.search(text, sentence.start, sentence.end) \
                and not _A_BEFORE.search(text, max(sentence.start, p.start - 4), p.start)
            if general and not unplaced and (
                    sentence.mentions("actor") or (centre and not market)
                    or not sentence.mentions("place", sentence.start, p.start)):
                continue
            lo, hi = _stretch(sentence, p, power)
            actor, named = _actor(sentence, p.start, role="buyer")
            if general and not named:   # a study's market figure: not the company of the
                actor = None            # sentence before
            location = _place_near(sentence, p, lo, hi, _previous_end(power, p, sentence.start),
                                   previous)
            if location is None and not sentence.mentions("actor") \
                    and not sentence.has(cues.PROJECT) and not unplaced:
                location = doc.main_country   # the market of the article's country
            previous = location
            if actor is None and location is None and not unplaced:
                continue      # "a 50 megawatt campus was considered significant": no one's
            period = _period(sentence)
            numbers = {"capacity_mw": p} | ({"period_years": period} if period else {})
            # a country's or market's total in a later year is a projection of the market
            kind = "forecast" if not sentence.mentions("actor") and (location or unplaced) \
                and not sentence.has(cues.PROJECT) and _projected(sentence, p) \
                else "capacity"
            events.append(_event(sentence, kind, numbers,
                                 0.85 - (0 if named else 0.25), actor=actor,
                                 location=location, date=_sentence_date(sentence)))
    return events


# A metal's price per tonne: thousands of dollars, "$10,000/t", "11.500 $ je Tonne"
PRICE_RANGE = (1_000.0, 100_000.0)


_PER_TONNE = re.compile(r"[ \u00a0]*(?:/[ \u00a0]?t\b|(?:per|a|je|pro)[ \u00a0]+"
                        r"(?:metric[ \u00a0]+)?(?:tonne|ton|Tonne)\b)", re.IGNORECASE)


_PRICE_WORDS = re.compile(r"\b(?:price|Preis|\w+preis|Kursziel|Preisziel|Ziel|target)",
                          re.IGNORECASE)


_FROM_PRICE = re.compile(r"\b(?:from|von|nach zuvor)[ \u00a0]+(?:US)?[$€]?[ \u00a0]?$",
                         re.IGNORECASE)


def _price_forecasts(sentence: Sentence, read: list[Quantity]) -> list[Event]:
    """A metal's price someone expects ("revised its copper price forecast to $10,000/t",
    "UBS erhöhte die Prognosen: Für März 2026 liegt das neue Ziel bei 11.500 $"): a forecast
    of the price per tonne (a price now, or the price a forecast was revised from, is none)."""
    doc, text = sentence.doc, sentence.doc.text
    prices = [q for q in read
              if q.kind == "money" and PRICE_RANGE[0] <= q.value <= PRICE_RANGE[1]]
    if not prices or not sentence.has(cues.FORECAST):
        return []
    material = _only_material(sentence) or (doc.main_material
                                             if not sentence.mentions("material") else None)
    if material is None:
        return []
    priced = _PRICE_WORDS.search(text, sentence.start, sentence.end) is not None
    events = []
    for q in prices:
        if not (priced or _PER_TONNE.match(text, q.end)) \
                or _FROM_PRICE.search(text, max(sentence.start, q.start - 12), q.start):
            continue
        actor, named = _actor(sentence, q.start)
        events.append(_event(sentence, "forecast", {"amount": q}, 0.6 if named else 0.45,
                             actor=actor, material=material, date=_sentence_date(sentence)))
    return events


def _stockpile_purchases(sentence: Sentence, money: list[Quantity]
                         ) -> tuple[list[Event], list[Quantity]]:
    """A government buying metal for its stockpile (in a sentence or an article about one):
    each sum with a metal in its stretch is an offtake of that metal, for that sum. Returns
    the offtakes and the sums left for other readings."""
    doc = sentence.doc
    if not money or not (sentence.has(cues.STOCKPILE) or doc.about_stockpile) \
            or sentence.has(cues.DC_WORDS):
        return [], money
    events, left = [], []
    for q in money:
        material = _material(sentence, q, money)
        if material is None:
            left.append(q)
            continue
        actor, named = _actor(sentence, q.start, role="buyer")
        lo, hi = _stretch(sentence, q, money)
        events.append(_event(sentence, "offtake", {"amount": q}, 0.7 if named else 0.5,
                             actor=actor, material=material.value,
                             location=_place(sentence, lo, hi), date=_sentence_date(sentence)))
    return events, left


def _project_material(sentence: Sentence) -> str | None:
    """The metal of a mine, plant or refinery that money is put into or lent to: a miner's
    ("Nuton provided $167 million to Johnson Camp copper"), or the one metal a sentence
    without data-centre words names ("296 Millionen Euro in eine Galliumanlage")."""
    if sentence.has(cues.DC_WORDS):
        return _mine_material(sentence)
    doc = sentence.doc
    return _only_material(sentence) or (
        doc.main_material if sentence.has(cues.ASSET) or doc.about_metal else None)


def _power_plant_nearer(sentence: Sentence, quantity: Quantity) -> bool:
    """True when a power-plant word sits closer to the figure than any data-centre word."""
    def distance(cue) -> float:
        hits = [abs(m.start() - quantity.start) for m in
                cue.finditer(sentence.doc.text, sentence.start, sentence.end)]
        return min(hits) if hits else float("inf")
    return distance(cues.POWER_PLANT) < distance(cues.DATA_CENTRE)


def _energy_project(sentence: Sentence) -> bool:
    """A sentence of an energy project's money ("$1.2 billion in funding for the HyVelocity
    Hydrogen Hub"): energy words outside company names, no data centre, no metal."""
    if not sentence.has(cues.ENERGY) or sentence.has(cues.DC_WORDS) \
            or sentence.mentions("material") \
            or (sentence.mentions("actor") and sentence.has(cues.DATA_CENTRE)):
        return False            # (Microsoft's "AI infrastructure ... powered by energy")
    names = [(m.start, m.end) for m in sentence.mentions("actor")]
    return any(not any(a <= hit.start() < b for a, b in names)
               for hit in cues.ENERGY.finditer(sentence.doc.text, sentence.start, sentence.end))


_CAPEX_AFTER = re.compile(r"[ \u00a0]*(?:in|of|for|an|für)?[ \u00a0]*(?:capital expenditure\w*|"
                          r"capex|Investitionen|investments?)\b", re.IGNORECASE)


_CLAUSE_MARK = re.compile(r"[,;:]|\s[–-]\s")


def _hedged(sentence: Sentence, figures: list[Quantity]) -> bool:
    """A hedge (could, would, könnte) in the clause of the first figure or after it."""
    if not figures or not sentence.has(cues.HEDGED):
        return False
    first = min(q.start for q in figures)
    text = sentence.doc.text
    clause = max((m.end() for m in _CLAUSE_MARK.finditer(text, sentence.start, first)),
                 default=sentence.start)
    hedge = sentence.doc.search(cues.HEDGED, clause, sentence.end)
    # "announced that the two parties would invest": reported speech, no hedge
    return hedge is not None and not _ANNOUNCED.search(text, sentence.start, hedge.start())


def _clause_end(text: str, start: int, end: int, reach: int) -> int:
    """The end of the clause from `start`: its next comma, semicolon or dash, at most `reach`
    characters on."""
    stop = min(end, start + reach)
    marks = [i for i in (text.find(mark, start, stop) for mark in (",", ";", " – ", " - "))
             if i >= 0]
    return min(marks, default=stop)


_ESTIMATE_AFTER = re.compile(r"[ \u00a0]*(?:estimate|forecast|consensus|projection|Schätzung|"
                             r"Prognose)s?\b", re.IGNORECASE)


_TO_BEFORE = re.compile(r"\bto[ \u00a0]+(?:US)?[$€£]?[ \u00a0]?$|\bauf[ \u00a0]+$")


_FROM_GAP = re.compile(r"[ \u00a0]*(?:from|von)[ \u00a0]+(?:US)?[$€£]?[ \u00a0]?")


def _changed_from_after(sentence: Sentence, q: Quantity, same: list[Quantity]) -> bool:
    """True for the sum a figure changed from, written after the new one ("boosted its
    guidance to $70 billion from $66 billion")."""
    text = sentence.doc.text
    before = [o for o in same if o.end <= q.start]
    if not before:
        return False
    new = before[-1]
    return _FROM_GAP.fullmatch(text, new.end, q.start) is not None \
        and _TO_BEFORE.search(text, max(sentence.start, new.start - 8), new.start) is not None


_EACH = re.compile(r"(?:\bjeweils|\beach|\bje)[ \u00a0]+(?:\w+[ \u00a0]+)?$", re.IGNORECASE)


def _each_of(sentence: Sentence, q: Quantity) -> list[str]:
    """The companies that each put in the sum ("Google und Blackstone ... jeweils 25
    Milliarden Dollar"): one fact per company; [] when the sum is not "each"."""
    text = sentence.doc.text
    if not _EACH.search(text, max(sentence.start, q.start - 25), q.start):
        return []
    names = list(dict.fromkeys(m.value for m in sentence.mentions("actor", sentence.start,
                                                                   q.start)))
    return names if len(names) > 1 else []


TERM_REACH = 1500   # a term stated further on (another paragraph or story) is not theirs


def loan_terms(doc: Document, events: list[Event]) -> list[Event]:
    """A loan's term stated after it ("Die Kredite haben eine Laufzeit von vier Jahren"),
    within TERM_REACH characters, is the period of the financing events before it that
    have none: of loans when the term is of loans and of bonds when of bonds."""
    if not any(e.type == "financing" and e.period_years is None for e in events):
        return events
    terms: dict[bool, tuple[list[int], list[float]]] = {True: ([], []), False: ([], [])}
    for match in cues.TERM.finditer(doc.text):
        noun = match["noun"] or match["noun2"] or match["noun3"]
        number = match["n"] or match["n2"] or match["n3"]
        years = float(number) if number.isdigit() else word_value(number, doc.number_lang)
        if years and 0 < years <= BOUNDS["duration"]:
            starts, values = terms[bool(cues.BOND_WORDS.fullmatch(noun))]
            starts.append(match.start())
            values.append(years)
    out = []
    for event in events:
        if event.type == "financing" and event.period_years is None:
            bond = bool(cues.BOND_WORDS.search(event.evidence)) \
                and not cues.LOAN_WORDS.search(event.evidence)
            starts, values = terms[bond]
            i = bisect.bisect_left(starts, event.span[1])     # the first term after it
            if i < len(starts) and starts[i] - event.span[1] <= TERM_REACH:
                event = event.model_copy(update={"period_years": values[i]})
        out.append(event)
    return out

