"""The sentence as read (its quantities and the mentions in it) and the readings every kind
of event shares: a figure's stretch (from it to the next figure of its kind), its material,
place, actor and period, and the event built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from layer0.extract import cues
from layer0.extract.document import Document, usd_rate
from layer0.extract.event import Event
from layer0.extract.lexicon import Mention
from layer0.extract.quantities import Quantity, qualifier

# Plausibility bounds: a figure outside them is a misreading, not news (power: world
# data-centre totals and forecasts are hundreds of GW, "to 262 GW by 2030").
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


# A sum's conversion in brackets: "A$200mn ($126mn)", "MYR 2 billion (then $450 million)"
_CONVERTED = re.compile(r"[ \u00a0]*\([ \u00a0]*(?:(?:then|about|around|approx\.?|approximately|"
                        r"roughly|some|rund|etwa|ca\.|umgerechnet|~)[ \u00a0]*)?")


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


def _places(sentence: Sentence, start: int | None, end: int | None) -> list[str]:
    """The places named in [start, end) of the sentence (all of it for None), not those
    that say where a fund or company comes from (cues.ORIGIN)."""
    origins = _origins(sentence)
    return [m.value for m in sentence.mentions("place", start, end)
            if not _an_origin(sentence, m, origins)]


def _an_origin(sentence: Sentence, place: Mention, origins: set[int]) -> bool:
    """The place says where a fund or company comes from ("Canadian fund Brookfield",
    "China's CMOC Group": `origins`, from _origins)."""
    return bool(cues.ORIGIN.match(sentence.doc.text, place.end)) or place.start in origins


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


_NOW = re.compile(r"\b(?:derzeit|aktuell|heute|bislang|bisher|currently|today|now|so far)\b"
                  r"[^.;]{0,15}$", re.IGNORECASE)


_FROM_BEFORE = re.compile(r"\b(?:from|von)[ \u00a0]+$", re.IGNORECASE)


def _sentence_date(sentence: Sentence) -> str | None:
    dates = sentence.doc.dates_within(sentence.start, sentence.end)
    return dates[0].iso if dates else None


def _country_name(code: str | None) -> str | None:
    if not code or len(code) != 2:
        return code
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", country.name) if country else code


def _only_material(sentence: Sentence) -> str | None:
    """The sentence's metal when it names exactly one."""
    materials = {m.value for m in sentence.mentions("material")}
    return materials.pop() if len(materials) == 1 else None


def _growth_before(sentence: Sentence, q: Quantity) -> bool:
    """True when the figure is a change ("rose by 12 %", "um 30 Milliarden"), read from the
    40 characters of its sentence before it."""
    return cues.GROWTH.search(sentence.doc.text[max(sentence.start, q.start - 40):q.start]) \
        is not None

