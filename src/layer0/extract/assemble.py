"""Sentence -> events. Each quantity is tied to the material, actor and place of its own
stretch of the sentence (from the quantity to the next one of the same kind), so that
"92 % ... Seltenerd..., 77 % der Kobaltverarbeitung" gives two shares with the right metals
and "$10 billion in North Carolina and $11 billion in Georgia" two investments."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from layer0.extract import cues
from layer0.extract.document import Document, usd_rate
from layer0.extract.event import Event
from layer0.extract.lexicon import Mention
from layer0.extract.numbers import UNIT_WORD, word_value
from layer0.extract.quantities import Quantity, fractions_in, qualifier, quantities_in
from layer0.extract.sentences import MAX_SENTENCE

# Plausibility bounds: a figure outside them is a misreading, not news.
MAX_FIGURES = 12   # real sentences state up to 4 (benchmarks/news, news-real dev)
# A piece of a run of text with no sentence end (cut every MAX_SENTENCE characters) is not a
# sentence: its first few figures are read, as many as a real sentence states.
MAX_FIGURES_CUT = 4
# A facility under 1 MW (a rack's 250 kW) is not news of the buildout.
MINIMUM = {"power": 1.0}
# (power: world data-centre totals and forecasts are hundreds of GW, "to 262 GW by 2030")
BOUNDS = {"money": 1e13, "power": 1e6, "mass": 1e9, "percent": 100.0, "duration": 100.0}


@dataclass
class Sentence:
    doc: Document
    start: int
    end: int
    quantities: list[Quantity]
    _memo: dict = field(default_factory=dict)   # cue, kind or "sums" -> found here

    @property
    def text(self) -> str:
        return self.doc.text[self.start:self.end]

    @property
    def lowered(self) -> str:
        found = self._memo.get("lowered")
        if found is None:
            found = self._memo["lowered"] = self.text.lower()
        return found

    def has(self, cue) -> bool:
        key = id(cue)        # (a pattern's own hash walks its compiled code: 1-7 us a time)
        found = self._memo.get(key)
        if found is None:    # several event kinds ask the same question of one sentence
            found = self._memo[key] = self.doc.search(cue, self.start, self.end) is not None
        return found

    def mentions(self, kind: str, start: int | None = None, end: int | None = None
                 ) -> list[Mention]:
        if start is None and end is None:     # the whole sentence's: asked once per figure
            found = self._memo.get(kind)
            if found is None:
                found = self._memo[kind] = self.doc.within(kind, self.start, self.end)
            return found
        return self.doc.within(kind, self.start if start is None else start,
                               self.end if end is None else end)

    def sums(self) -> list[Quantity]:
        """The money of the sentence, a sum with its conversion in brackets ("A$200mn
        ($126mn)") once, in US dollars when they are given."""
        found = self._memo.get("sums")
        if found is None:
            text, found = self.doc.text, []
            for q in self.of_kind("money"):
                if found and _CONVERTED.fullmatch(text, found[-1].end, q.start):
                    if q.unit == "USD":
                        found[-1] = q
                else:
                    found.append(q)
            self._memo["sums"] = found
        return found

    def of_kind(self, kind: str) -> list[Quantity]:
        return [q for q in self.quantities if q.kind == kind]


_DIGIT = re.compile(r"\d")
# A sum's conversion in brackets: "A$200mn ($126mn)", "MYR 2 billion (then $450 million)"
_CONVERTED = re.compile(r"[ \u00a0]*\([ \u00a0]*(?:(?:then|about|around|approx\.?|approximately|"
                        r"roughly|some|rund|etwa|ca\.|umgerechnet|~)[ \u00a0]*)?")


_WORDS = re.compile(r"[^\W\d_]+")
SOUP_LENGTH, SOUP_LETTERS = 300, 0.4


def _soup(text: str, start: int, end: int) -> bool:
    """A long stretch that is mostly digits and marks (a flattened table, a dump, an attack)
    is not prose: a sentence of 300 characters or more has at least 40 % letters (table
    rows stand on lines of their own and are short)."""
    if end - start < SOUP_LENGTH:
        return False
    return sum(map(len, _WORDS.findall(text, start, end))) < SOUP_LETTERS * (end - start)


def read_sentence(doc: Document, start: int, end: int) -> list[Event]:
    if not _DIGIT.search(doc.text, start, end) and not doc.within("material", start, end) \
            and not doc.within("actor", start, end) \
            and not UNIT_WORD.search(doc.text, start, end) \
            and not cues.THE_METAL.search(doc.text, start, end):
        return []             # no figure, no unit, nobody and no metal named: nothing here
    if _soup(doc.text, start, end) or doc.text[end - 1] == "?" \
            or cues.TEASER.match(doc.text, start) \
            or (doc.lang == "en" and _linked_headline(doc.text, start, end)):
        return []             # not prose, a question, or a teaser of another article
    dates = doc.dates_within(start, end)
    figures = MAX_FIGURES_CUT if end - start >= MAX_SENTENCE else MAX_FIGURES
    # a date hides up to three numbers ("18.01.2026"): read enough for the figures besides
    read = quantities_in(doc.text, doc.number_lang, start, end,
                         limit=figures + 3 * len(dates))
    found = [q for q in read
             if not _inside_date(dates, q) and MINIMUM.get(q.kind, 0) <= q.value <= BOUNDS[q.kind]
             and not _PER_UNIT_AFTER.match(doc.text, q.end)]
    # A real sentence states a handful of figures; a table or number soup is cut, which
    # keeps the per-sentence pairing (quadratic in the figures) bounded.
    found = found[:figures]
    sentence = Sentence(doc, start, end, found)
    events = _shares(sentence) + _money_and_power(sentence) + _mass(sentence) \
        + _price_forecasts(sentence, read)
    if not any(e.type == "offtake" for e in events):
        events += _offtake_without_quantity(sentence)
    controls = _export_controls(sentence)
    quotas = {e.quantity_t for e in controls if e.quantity_t is not None}
    # a quota's tonnage is the quota's, not an output
    return [e for e in events if not (e.type == "production" and e.quantity_t in quotas)] \
        + controls


# -- helpers ---------------------------------------------------------------------------

_BULLET = re.compile(r"[-•*]\s")
_TITLE_WORDS = re.compile(r"\b[^\W\d_]{4,}")


# A rate, not an amount: "USD 4mn/MW", "$10,000 per tonne", "a gigawatt-scale data centre"
_PER_UNIT_AFTER = re.compile(
    r"[ \u00a0]*(?:/[ \u00a0]?(?:MW|kW|GW|t|tonne|lb|oz|kg)\b|(?:per|pro|je|a|an)[ \u00a0]+"
    r"(?:MW|kW|GW|megawatt|kilowatt|Megawatt|Kilowatt|tonne|ton|Tonne|lb|pound|ounce|kg)\b)"
    r"|-(?:scale|class|Klasse)\b")


def _linked_headline(text: str, start: int, end: int) -> bool:
    """A bulleted English line in title case ("- This 12,000 RPM Spinning Battery With Over
    $100 Million In LOIs Could Be ..."): another article's headline, linked from this one
    (German capitalises its nouns, so a German line can't be told by its case)."""
    if not _BULLET.match(text, start) or text[end - 1] in ".!":
        return False
    words = _TITLE_WORDS.findall(text, start, end)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _inside_date(dates: list, quantity: Quantity) -> bool:
    """True when the figure is part of a date ("18.01" of "18.01.2026"); dates are sorted."""
    i = bisect.bisect_right(dates, quantity.start, key=lambda d: d.start)
    return any(d.start < quantity.end and quantity.start < d.end
               for d in dates[max(0, i - 1):i + 1])

def _stretch(sentence: Sentence, quantity: Quantity, same: list[Quantity]) -> tuple[int, int]:
    """From this quantity's end to the start of the next quantity of the same kind."""
    later = [q.start for q in same if q.start > quantity.start]
    return quantity.end, (min(later) if later else sentence.end)


def _nearest(mentions: list[Mention], pos: int, prefer_before: bool = True) -> Mention | None:
    if not mentions:
        return None
    before = [m for m in mentions if m.end <= pos]
    if prefer_before and before:
        return before[-1]
    return min(mentions, key=lambda m: abs(m.start - pos))


def _material(sentence: Sentence, quantity: Quantity, same: list[Quantity]) -> Mention | None:
    """The material named right after the quantity, else the nearest one before it, else
    one named later in its stretch."""
    lo, hi = _stretch(sentence, quantity, same)
    after = sentence.mentions("material", lo, hi)
    if after and after[0].start - lo <= MATERIAL_AFTER:
        return after[0]               # "20.000 Tonnen Kupfer", "1677t of neodymium"
    earlier = [q.end for q in same if q.end <= quantity.start]
    before = sentence.mentions("material", max(earlier) if earlier else sentence.start,
                               quantity.start)
    # "die Kupferproduktion ... auf 1 Mio. Tonnen hochfahren und ... des Lithiumgeschäfts"
    return before[-1] if before else (after[0] if after else None)


MATERIAL_AFTER = 30   # characters from a tonnage to its material named after it


def _place(sentence: Sentence, lo: int, hi: int, country_only: bool = False) -> str | None:
    """The most specific place in [lo, hi) (a US state beats its country), else the
    sentence's; None when the sentence names none."""
    for window in ((lo, hi), (None, None)):
        places = _places(sentence, *window)
        if country_only:
            places = [p.split("-")[0] for p in places]
        states = [p for p in places if "-" in p]
        if states or places:
            return (states or places)[0]
    return None


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
        elif not cues.ORIGIN.match(text, m.end) and m.start not in origins:
            return country
    return doc.main_country if doc.main_country not in targets else None


def _places(sentence: Sentence, start: int | None, end: int | None) -> list[str]:
    """The places named in [start, end) of the sentence (all of it for None), not those
    that say where a fund or company comes from (cues.ORIGIN)."""
    text = sentence.doc.text
    origins = _origins(sentence)
    return [m.value for m in sentence.mentions("place", start, end)
            if not cues.ORIGIN.match(text, m.end) and m.start not in origins]


_POSSESSIVE = re.compile(r"['’]s[ \u00a0]+")


def _origins(sentence: Sentence) -> set[int]:
    """Starts of the places named as a company's ("China's CMOC Group"): its origin, not
    where its output or project is, where the sentence names another place ("... in
    Congo"); "Chile's Codelco produced" alone is Chile's."""
    if len({m.value for m in sentence.mentions("place")}) < 2:
        return set()
    text, named = sentence.doc.text, {m.start for m in sentence.mentions("actor")}
    found = set()
    for m in sentence.mentions("place"):
        possessive = _POSSESSIVE.match(text, m.end)
        if possessive is not None and possessive.end() in named:
            found.add(m.start)
    return found


def _place_near(sentence: Sentence, q: Quantity, lo: int, hi: int, before: int,
                previous: str | None = None) -> str | None:
    """The last place named between the figure before and this one ("France has 3 GW,
    Germany 2.7 GW", "hierzulande 2,7 Gigawatt"), else the place of its own stretch [lo, hi)
    ("a 2 GW campus in Louisiana"), else the place of the figure before it, else the
    sentence's."""
    named, own = _places(sentence, before, q.start), _places(sentence, lo, hi)
    own = [p for p in own if "-" in p] or own    # a US state beats its country
    return (named[-1] if named else None) or (own[0] if own else None) or previous \
        or _place(sentence, lo, hi)


def _actor(sentence: Sentence, pos: int, role: str | None = None) -> tuple[str | None, bool]:
    """(actor, named in the sentence). The subject before `pos` first; with `role`, a
    company of that role; else the article's main actor."""
    actors = sentence.mentions("actor")
    if role:
        actors = [a for a in actors if a.extra == role] or actors
    hit = _nearest(actors, pos)
    if hit:
        return hit.value, True
    return sentence.doc.main_actor, False


def _period(sentence: Sentence, decade: bool = True) -> Quantity | None:
    """A stated duration that is a contract or programme length, not 'for the first time in
    ten years' or 'since 2015'; with `decade`, also "over the next decade" (a projection's
    horizon, no contract's term)."""
    text = sentence.doc.text
    for q in sentence.of_kind("duration"):
        before = text[max(0, q.start - 30):q.start]
        if cues.PAST_SPAN.search(before) or cues.PAST_AFTER.match(text, q.end):
            continue
        return q
    lowered = sentence.lowered
    found = cues.NEXT_DECADE.search(text, sentence.start, sentence.end) \
        if decade and ("jahrzehnt" in lowered or "decade" in lowered) else None
    if found:                       # "im Laufe des nächsten Jahrzehnts": ten years
        return Quantity("duration", 10.0, "year", found.start(), found.end(), word=True)
    return None


def _event(sentence: Sentence, kind: str, quantities: dict[str, Quantity],
           confidence: float, **fields) -> Event:
    """Build an event; numbers come from `quantities` (field -> quantity) with their ranges
    and qualifiers, the evidence is the whole sentence."""
    ranges, qualifiers = {}, {}
    for name, q in quantities.items():
        fields[name] = round(q.value, 6)
        if q.low is not None:
            ranges[name] = (q.low, q.high)
        stated = qualifier(sentence.doc.text, q)
        if stated:
            qualifiers[name] = stated
    if "amount" in quantities:
        money = quantities["amount"]
        fields["currency"] = money.unit
        fx = usd_rate(money.unit, sentence.doc.article_date or fields.get("date"),
                      sentence.doc.rates)
        rate = 1.0 if money.unit == "USD" else (fx["usd_per_unit"] if fx else None)
        fields["fx"] = fx
        fields["amount_usd"] = round(money.value * rate, 2) if rate is not None else None
        if "amount" in ranges:
            ranges["amount_usd"] = tuple(v * rate for v in ranges["amount"]) if rate else None
    if any(q.word for q in quantities.values()):
        confidence -= 0.05
    return Event(type=kind, evidence=sentence.text, span=(sentence.start, sentence.end),
                 ranges={k: v for k, v in ranges.items() if v} or None,
                 qualifiers=qualifiers or None, confidence=round(max(0.05, confidence), 2),
                 **fields)


def _stage(sentence: Sentence, material: Mention, lo: int, hi: int) -> str | None:
    """Refining or mining, from the compound itself ("Kobaltverarbeitung") or its stretch."""
    word = sentence.doc.text[material.start:material.end]
    if cues.REFINING.search(word) or material.extra == "refining":
        return "refining"
    if cues.MINING.search(word) or material.extra == "mining":
        return "mining"
    window = sentence.doc.text[lo:hi]
    if cues.REFINING.search(window):
        return "refining"
    if cues.MINING.search(window):
        return "mining"
    return None


def _previous_end(same: list[Quantity], quantity: Quantity, start: int) -> int:
    """Where the figure of the same kind before `quantity` ends (else `start`)."""
    return max([q.end for q in same if q.end <= quantity.start], default=start)


_YEAR = re.compile(r"\b(20[2-5]\d)\b")
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
_NOW = re.compile(r"\b(?:derzeit|aktuell|heute|bislang|bisher|currently|today|now|so far)\b"
                  r"[^.;]{0,15}$", re.IGNORECASE)


_PARTS = re.compile(r"\b(?:davon|darunter|of which|including)\b", re.IGNORECASE)
# a total over time, not what a unit costs or draws: "has risen to", "to nearly double to"
_TREND = re.compile(r"\b(?:risen|rise[sn]?|rising|rose|increas\w*|grow\w*|grew|doubl\w*|"
                    r"tripl\w*|reach\w*|climb\w*|steig\w*|wachs\w*|verdoppel\w*)",
                    re.IGNORECASE)
_A_BEFORE = re.compile(r"\ban?[ \u00a0]+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?:from|von)[ \u00a0]+$", re.IGNORECASE)
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
    hi = min(sentence.end, quantity.end + 9)
    now = int(doc.article_date[:4]) if doc.article_date else None
    later = now is not None and any(int(y) > now for y in _YEAR.findall(doc.text, lo, hi))
    if later or doc.search(cues.FORECAST, lo, quantity.start) is not None:
        return True
    change = _WILL_CHANGE.search(doc.text, lo, sentence.end)
    return change is not None and change.start() < quantity.start


def _projection(sentence: Sentence) -> bool:
    """The sentence projects: a forecast's words, or a year after the article's."""
    doc = sentence.doc
    now = int(doc.article_date[:4]) if doc.article_date else None
    return sentence.has(cues.FORECAST) or (now is not None and any(
        int(y) > now for y in _YEAR.findall(doc.text, sentence.start, sentence.end)))


def _sentence_date(sentence: Sentence) -> str | None:
    dates = sentence.doc.dates_within(sentence.start, sentence.end)
    return dates[0].iso if dates else None


_MEASURE_YEAR = re.compile(r"\b(?:in|im|seit|since|from|ab|effective)[ \u00a0]+((?:19|20)\d\d)\b",
                           re.IGNORECASE)


def _year(sentence: Sentence) -> str | None:
    """The year a measure is put in ("In 2022, Zimbabwe banned ..."): two bans of one metal
    in two years are two measures."""
    found = _MEASURE_YEAR.search(sentence.doc.text, sentence.start, sentence.end)
    return found.group(1) if found else None


# -- event kinds -----------------------------------------------------------------------

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


def _country_name(code: str | None) -> str | None:
    if not code or len(code) != 2:
        return code
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", country.name) if country else code


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


def _only_material(sentence: Sentence) -> str | None:
    """The sentence's metal when it names exactly one."""
    materials = {m.value for m in sentence.mentions("material")}
    return materials.pop() if len(materials) == 1 else None


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


def _mine_material(sentence: Sentence) -> str | None:
    """The metal of an investment by a miner ("Nuton provided $167 million to Johnson Camp
    copper"); data-centre investments carry none."""
    if not any(a.extra == "seller" for a in sentence.mentions("actor")):
        return None
    return _only_material(sentence)


def _power_plant_nearer(sentence: Sentence, quantity: Quantity) -> bool:
    """True when a power-plant word sits closer to the figure than any data-centre word."""
    def distance(cue) -> float:
        hits = [abs(m.start() - quantity.start) for m in
                cue.finditer(sentence.doc.text, sentence.start, sentence.end)]
        return min(hits) if hits else float("inf")
    return distance(cues.POWER_PLANT) < distance(cues.DATA_CENTRE)


def _growth_before(sentence: Sentence, q: Quantity) -> bool:
    """True when the figure is a change ("rose by 12 %", "um 30 Milliarden"), read from the
    40 characters of its sentence before it."""
    return cues.GROWTH.search(sentence.doc.text[max(sentence.start, q.start - 40):q.start]) \
        is not None


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
    if not buyers and any(m.extra == "seller" for m in actors):
        # "Korea Zinc signed an agreement with Lockheed Martin for the supply of germanium":
        # the producer's partner buys
        buyers = [m for m in actors if m.extra == "" and m.value not in
                  {a.value for a in actors if a.extra == "seller"}][:1]
    period = _period(sentence, decade=False)
    if not buyers and period is None:
        return []
    actor, named = (buyers[0].value, True) if buyers else (sentence.doc.main_actor, False)
    sellers = [m.value for m in sentence.mentions("actor") if m.extra == "seller"]
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
