"""Sentence -> events: the sentence's figures read once, then each kind of event asked of it
(shares, money and megawatts, tonnes, price forecasts, export controls; `money`, `metals`).
Each quantity is tied to the material, actor and place of its own stretch of the sentence
(from the quantity to the next one of the same kind), so that "92 % ... Seltenerd..., 77 % der
Kobaltverarbeitung" gives two shares with the right metals and "$10 billion in North Carolina
and $11 billion in Georgia" two investments."""

from __future__ import annotations

import bisect
import re

from layer0.extract import cues
from layer0.extract.document import Document
from layer0.extract.event import Event
from layer0.extract.metals import _export_controls, _mass, _offtake_without_quantity, _shares
from layer0.extract.money import _money_and_power, _price_forecasts
from layer0.extract.numbers import UNIT_WORD
from layer0.extract.quantities import Quantity, quantities_in
from layer0.extract.reading import BOUNDS, Sentence
from layer0.extract.sentences import MAX_SENTENCE

MAX_FIGURES = 12   # real sentences state up to 4 (benchmarks/news, news-real dev)
# A piece of a run of text with no sentence end (cut every MAX_SENTENCE characters) is not a
# sentence: its first few figures are read, as many as a real sentence states.
MAX_FIGURES_CUT = 4
# A facility under 1 MW (a rack's 250 kW) is not news of the buildout.
MINIMUM = {"power": 1.0}

_DIGIT = re.compile(r"\d")
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

