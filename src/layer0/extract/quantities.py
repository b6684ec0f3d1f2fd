"""Quantities in a sentence: a number with its scale, unit or currency, qualifier and range.

Kinds: money (original currency kept), mass (t), power (MW), percent, duration (years).
Units are normalised with layer0's pint unit registry; currencies are left as stated here and
converted with a dated rate when the event is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from layer0.extract.numbers import WEAK_WORDS, Number, numbers_in, scale_at
from layer0.units import factor_to

# Currency written before the number ("$11 billion", "US$ 5 Mrd.", "€3,2 Mrd."); a "$" after
# other letters is another dollar (S$, HK$, NZ$, R$): not read as money, so not as USD; a
# bare "¥" is yen as often as yuan (20x apart): only "CN¥" is the yuan
_PREFIX_CURRENCY = re.compile(r"(?:(?P<USD>US\$|US-?\$|(?<![^\W\d_])\$|USD)|(?P<EUR>€|EUR)|"
                              r"(?P<GBP>£|GBP)|(?P<CNY>CN¥|CNY|RMB)|(?P<AUD>A\$|AUD)|(?P<CAD>C\$|CAD)|"
                              r"(?P<INR>₹|Rs\.?|INR))"
                              r"[ \u00a0]?$")
# Currency, mass, power, percent or duration written after the number (and its scale).
_UNIT_AFTER = re.compile(
    r"[ \u00a0]?-?(?:"
    r"(?P<USD>US-Dollar\w*|US-\$|US\$|Dollar\w*|dollars?\b|USD\b|\$)"
    r"|(?P<EUR>Euro\b|Euros\b|EUR\b|€)"
    r"|(?P<GBP>Pfund Sterling|pounds? sterling|GBP\b|£|britische[n]? Pfund)"
    r"|(?P<CNY>Yuan\b|yuan\b|Renminbi\b|CNY\b|RMB\b)"
    r"|(?P<AUD>australische[n]? Dollar|Australian dollars?|AUD\b)"
    r"|(?P<CAD>kanadische[n]? Dollar|Canadian dollars?|CAD\b)"
    r"|(?P<INR>(?:Indian )?rupees?\b|indische[n]? Rupien\b|INR\b)"
    r"|(?P<short_ton>short tons?\b|US-Tonnen\b)"
    r"|(?P<kt>Kilotonnen\b|kilotonnes?\b|kilotons?\b|kt\b)"
    # "Mt" is megatonnes, "mt" and "MT" metric tons (mining news: "141,000 mt"): case decides
    r"|(?P<Mt>Megatonnen\b|megatonnes?\b|(?-i:Mt)\b)"
    r"|(?P<t>metric (?:tons?|tonnes?)\b|metrische[n]? Tonnen\b|Tonnen\b|Tonne\b|tonnes?\b|"
    r"tons?\b|t\b|(?-i:mt|MT)\b)"
    r"|(?P<lb>pounds?\b|lbs?\b|Pfund\b)"
    # ounces of metal are troy ounces (silver, gold: "a deficit of 95 million oz")
    r"|(?P<ozt>troy ounces?\b|ounces?\b|oz\b|Feinunzen\b|Unzen\b)"
    r"|(?P<kg>kilograms?\b|Kilogramm\b|kg\b)"
    r"|(?P<GW>Gigawatts?\b|GW\b)|(?P<MW>Megawatts?\b|MW\b)|(?P<kW>Kilowatts?\b|kW\b)"
    r"|(?P<TW>Terawatts?\b|TW\b)"
    r"|(?P<pct>%|Prozent\b|percent\b|per cent\b|pct\b)"
    r"|(?P<year>Jahre[ns]?\b|Jahr\b|years?\b|year-|Jahres-)"
    r"|(?P<month>Monate[n]?\b|months?\b)"
    r")", re.IGNORECASE)

KIND = {"USD": "money", "EUR": "money", "GBP": "money", "CNY": "money", "AUD": "money",
        "CAD": "money", "INR": "money", "short_ton": "mass", "kt": "mass", "Mt": "mass",
        "t": "mass", "lb": "mass", "ozt": "mass", "kg": "mass", "GW": "power", "MW": "power",
        "kW": "power", "TW": "power",
        "pct": "percent", "year": "duration", "month": "duration"}
CANONICAL = {"mass": "t", "power": "MW"}

_APPROX = re.compile(r"(?:rund|etwa|ca\.|circa|knapp|nahezu|annähernd|schätzungsweise|about|"
                     r"around|approximately|approx\.|roughly|nearly|almost|some|close to|"
                     r"an estimated|geschätzte[n]?)[ \u00a0]+$", re.IGNORECASE)
_UP_TO = re.compile(r"(?:bis zu|up to|as much as|maximal|höchstens)[ \u00a0]+$", re.IGNORECASE)
_AT_LEAST = re.compile(r"(?:mehr als|more than|at least|mindestens|über|over|upwards of)"
                       r"[ \u00a0]+$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"[ \u00a0]*(?:-|–|—|bis|to|und|and)[ \u00a0]*", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:zwischen|between|von|from)[ \u00a0]+$", re.IGNORECASE)


MAX_NUMBERS = 40    # per sentence: more is a table or number soup, not prose


@dataclass(frozen=True)
class Quantity:
    kind: str                  # money | mass | power | percent | duration
    value: float               # in `unit`
    unit: str                  # currency code, "t", "MW", "%", "year"
    start: int
    end: int
    low: float | None = None   # a stated range
    high: float | None = None
    qualifier_at: int = -1     # where a qualifier ("rund", "up to") would end
    word: bool = False         # a number written as a word


def _unit_value(kind: str, unit: str, value: float) -> tuple[float, str]:
    if kind in CANONICAL:
        return value * factor_to(unit, CANONICAL[kind]), CANONICAL[kind]
    if kind == "duration":
        return (value / 12.0 if unit == "month" else value), "year"
    if kind == "percent":
        return value, "%"
    return value, unit


def qualifier(text: str, quantity: Quantity) -> str | None:
    """approx, up_to or at_least, from the words just before the figure; else None."""
    start = quantity.qualifier_at
    before = text[max(0, start - 25):start]
    for name, pattern in (("up_to", _UP_TO), ("approx", _APPROX), ("at_least", _AT_LEAST)):
        if pattern.search(before):
            return name
    return None


# Words after "pound(s)"/"Pfund" that make it sterling, not weight (which is followed by the
# metal: "50 million pounds of copper")
_MONEY_AFTER = re.compile(r"[ \u00a0-]+(?:\w+[ \u00a0-]+)?(?:investment\w*|Investition\w*|"
                          r"loan\w*|Kredit\w*|funding|Förder\w*|Finanzierung\w*|budget\w*|"
                          r"Budget\w*|grant\w*|Zuschuss\w*|sterling|Sterling)", re.IGNORECASE)

_MONEY_BEFORE = re.compile(r"\b(?:kost\w*|invest\w*|cost\w*|spend\w*|spent|ausgeb\w*|"
                           r"finanzier\w*|Wert von)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
# "Pfund Kupfer", "pounds of copper", "lbs of U3O8": weight, whatever comes before
_METAL_OF = re.compile(r"[ \u00a0]+(?:of[ \u00a0]+)?(?:[a-z]\w*[ \u00a0]+)?"
                       r"(?:copper|Kupfer|uranium|Uran|U3O8|nickel|Nickel|cobalt|Kobalt|zinc|"
                       r"Zink|lithium|Lithium|gold|Gold|silver|Silber|tin|Zinn|lead|Blei|"
                       r"molybdenum|Molybdän|concentrate|Konzentrat|cathode|Kathode\w*)\b")

# The last character of every prefix currency: a cheap test before the regular expression.
_PREFIX_ENDS = frozenset("$€£¥DRPYBs.₹")


def _read_one(text: str, number: Number, lang: str) -> Quantity | None:
    """The quantity that starts at `number`, or None if no unit or currency follows it."""
    before = text[max(0, number.start - 6):number.start]
    prefix = _PREFIX_CURRENCY.search(before) \
        if before.rstrip(" \u00a0")[-1:] in _PREFIX_ENDS else None
    currency = next((k for k, v in prefix.groupdict().items() if v), None) if prefix else None
    factor, pos = scale_at(text, number.end, lang, after_currency=currency is not None)
    match = _UNIT_AFTER.match(text, pos)
    unit = next((k for k, v in match.groupdict().items() if v), None) if match else None
    if currency is None and unit is None:
        return None
    if currency and unit and KIND[unit] != "money":
        unit = None                      # "$5 million tonnes" does not happen; keep the $
    if unit == "lb" and not _METAL_OF.match(text, match.end()) and (
            _MONEY_AFTER.match(text, match.end()) or factor >= 1e9
            or _MONEY_BEFORE.search(text, max(0, number.start - 40), number.start)):
        unit = "GBP"      # "a 3 billion pound investment", "kostet 50 Millionen Pfund",
        # "eine Milliarde Pfund in ihr Portfoliounternehmen" (a billion pounds of no metal)
    if unit == "t" and match.group("t") == "MT" and factor == 1.0 and number.value < 1000:
        unit = "Mt"       # "1.2 MT of iron ore": million tonnes, as the Indian press writes
    code = currency or unit
    if number.word and text[number.start:number.end].lower() in WEAK_WORDS \
            and factor == 1.0 and KIND[code] != "power":
        return None     # "a ton of", "ein Prozent": only "a billion", "einem Gigawatt" count
    kind = KIND[code]
    end = match.end() if (match and unit) else pos
    start = number.start - (len(prefix.group()) if prefix else 0)
    value, canonical = _unit_value(kind, code, number.value * factor)
    return Quantity(kind, value, canonical, start, end, qualifier_at=start,
                    word=number.word)


def _same_currency(text: str, number: Number, lang: str, found: list[Quantity]
                   ) -> Quantity | None:
    """A sum written with its scale but without its currency, after one written in full:
    "Of the €109 billion, 50 billion will come from MGX" (the currency is the earlier one)."""
    money = [q for q in found if q.kind == "money"]
    factor, end = scale_at(text, number.end, lang, after_currency=False)
    if not money or factor < 1e6 or _OTHER_CURRENCY.match(text, end):
        return None     # "(approximately 4.5 trillion won)": a currency layer0 has no rate for
    return Quantity("money", number.value * factor, money[-1].unit, number.start, end,
                    qualifier_at=number.start, word=number.word)


_OTHER_CURRENCY = re.compile(r"[ \u00a0]*(?:[A-Z]\w+[ \u00a0]+)?"   # "Swiss francs"
                             r"(?:won|yen|rupees?|rupiah|ringgit|pesos?|rand|"
                             r"francs?|Franken|kronor|kroner|kronen|dirhams?|riyals?|reais|"
                             r"lira|zloty|forint|baht|dong|shekels?|naira|rubles?|Rubel|"
                             r"Yen|Won)\b", re.IGNORECASE)
# "revised its capex from $75 billion to $85 billion": a change, the figure now is the second
_CHANGE_FROM = re.compile(r"\b(?:rais|increas|revis|lift|boost|hik|cut|lower|reduc|trim|rose\b|"
                          r"rise|rising|grew|grow|jump|climb|fell\b|fall|drop|declin|expand|"
                          r"doubl|tripl|output|production|capacity)"
                          r"\w*\b[^.;:]{0,60}?\bfrom[ \u00a0]+(?:US)?[$€£]?[ \u00a0]?$",
                          re.IGNORECASE)


def _changed_from(text: str, first: Number) -> bool:
    """True when `first` is what a figure changed from ("increased from X to Y")."""
    return bool(_CHANGE_FROM.search(text, max(0, first.start - 100), first.start))


# "von 530 auf über 2.000 Megawatt": a change (a range is "von ... bis"), the first figure
# written without the unit the second carries
_FROM_OPEN = re.compile(r"\bvon[ \u00a0]+(?:derzeit|aktuell|heute|zuletzt|rund|knapp|gut|"
                        r"etwa|ca\.)?[ \u00a0]*$", re.IGNORECASE)
_TO_CHANGED = re.compile(r"[ \u00a0]+auf[ \u00a0]+(?:(?:dann|künftig|rund|knapp|gut|etwa|"
                         r"ca\.|über|mehr als|fast|nahezu|bis zu)[ \u00a0]+){0,2}",
                         re.IGNORECASE)


def _changed_to(text: str, first: Number, second: Number) -> bool:
    """True when `first` is what a figure changes from and `second` what it changes to, in
    German's "von X auf Y"."""
    return bool(_TO_CHANGED.fullmatch(text, first.end, second.start)) \
        and bool(_FROM_OPEN.search(text, max(0, first.start - 20), first.start))


def _range_partner(text: str, first: Number, second: Number) -> bool:
    """True when `first` and `second` are the two ends of a written range."""
    return second.start - first.end <= 12 and _joined_as_range(text, first, second)


def _joined_as_range(text: str, first: Number | Quantity, second: Number | Quantity) -> bool:
    """The words between two figures join them as a range's ends: a dash, "bis", "to", or an
    "and" opened by "between" ("between $60 billion and $65 billion"; without it two)."""
    gap = text[first.end:second.start]
    if not _RANGE_JOIN.fullmatch(gap):
        return False
    if gap.strip().lower() in ("und", "and"):
        return bool(_RANGE_OPEN.search(text, max(0, first.start - 12), first.start))
    return True


def quantities_in(text: str, lang: str, start: int = 0, end: int | None = None,
                  limit: int | None = None) -> list[Quantity]:
    """Every quantity in text[start:end] (with `limit`, the first `limit`); a range
    "10 bis 12 Mrd. USD" is one quantity."""
    # a quantity takes one or two numbers; numbers without a unit (years, counts) are few
    wanted = MAX_NUMBERS if limit is None else min(MAX_NUMBERS, 2 * limit + 4)
    numbers = numbers_in(text, lang, start, end, limit=wanted)
    read: dict[Number, Quantity | None] = {}

    def read_one(number: Number) -> Quantity | None:   # each number is looked at twice
        if number not in read:
            read[number] = _read_one(text, number, lang)
        return read[number]

    found: list[Quantity] = []
    skip = -1
    for i, number in enumerate(numbers):
        if i <= skip:
            continue
        if limit is not None and len(found) >= limit:
            break
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        if following is not None and (
                (_range_partner(text, number, following) and _changed_from(text, number))
                or (_changed_to(text, number, following) and read_one(number) is None)):
            # "revised from 75 to 85 billion dollars": the sum now; "output rose from 3,899
            # to 7,975 tonnes": both tonnages, the first in the second's unit
            upper = read_one(following)
            if upper is not None and upper.kind != "money" and following.value:
                found.append(Quantity(upper.kind, number.value * upper.value / following.value,
                                      upper.unit, number.start, number.end,
                                      qualifier_at=number.start, word=number.word))
            continue
        if following is not None and _range_partner(text, number, following):
            upper = read_one(following)
            lower = read_one(number)
            if upper is None and lower is not None:   # "$91–93 billion": one currency
                upper = _same_currency(text, following, lang, [lower])
            if upper is not None:
                own_unit = lower is not None and lower.end > number.end
                low = lower.value if own_unit and lower.kind == upper.kind else None
                if low is None:       # "10 bis 12 Milliarden": the scale is written once
                    ratio = upper.value / following.value if following.value else 1.0
                    low = number.value * ratio
                if low > upper.value:    # "in 2025 to 23.4 million tonnes": no range
                    found.append(upper)
                    skip = i + 1
                    continue
                found.append(replace(upper, start=min(number.start, upper.start),
                                     value=(low + upper.value) / 2, low=low,
                                     high=upper.value,
                                     qualifier_at=number.start))
                skip = i + 1
                continue
        quantity = read_one(number)
        if quantity is None:
            quantity = _same_currency(text, number, lang, found)
        if quantity is None:
            continue
        upper = read_one(following) if following is not None else None
        if upper is not None and upper.kind == quantity.kind and upper.unit == quantity.unit \
                and _joined_as_range(text, quantity, upper):
            if _changed_from(text, number):
                # "revised from $75 billion to $85 billion": the sum now; "output from 3,899
                # to 7,975 tonnes": both, the output now and the output planned
                if quantity.kind != "money":
                    found.append(quantity)
                continue
            found.append(replace(upper, start=quantity.start, low=quantity.value,
                                 high=upper.value, value=(quantity.value + upper.value) / 2,
                                 qualifier_at=quantity.start))   # "$9.3 million to $15 million"
            skip = i + 1
            continue
        found.append(quantity)
    return found


# Shares written as fractions: "mehr als die Hälfte der weltweiten Förderung", "two-thirds of
# global refining" (followed by of / der / des / von, as a share of something is).
_FRACTIONS = [(r"(?:die|der)\s+Hälfte|(?:a|one)[\s-]half|half", 50.0),
              (r"zwei\s+Dritteln?|two[\s-]thirds", 200 / 3),
              (r"(?:ein|einem|eines)\s+Drittel|(?:a|one)[\s-]third", 100 / 3),
              (r"drei\s+Vierteln?|three[\s-]quarters", 75.0),
              (r"(?:ein|einem|eines)\s+Viertel|(?:a|one)[\s-]quarter", 25.0)]
FRACTION = re.compile(r"\b(?<!first )(?<!second )(?<!ersten )(?<!zweiten )"
                      r"(?=[dDaAoOhHtTzZeE])(?:" + "|".join(f"(?P<f{i}>{p})" for i, (p, _) in
                                          enumerate(_FRACTIONS))
                      + r")(?=\s+(?:of|der|des|von|aller)\b)(?!\s+\w+\s+(?:20|19)\d\d)",
                      re.IGNORECASE)


_FRACTION_WORDS = ("hälfte", "drittel", "viertel", "half", "third", "quarter")


def fractions_in(text: str, start: int, end: int, lowered: str | None = None
                 ) -> list[Quantity]:
    """Fractions written as words, as percent quantities (`lowered`: text[start:end] in
    lower case, to skip the pattern where no fraction word is)."""
    lowered = text[start:end].lower() if lowered is None else lowered
    if not any(word in lowered for word in _FRACTION_WORDS):
        return []
    found = []
    for match in FRACTION.finditer(text, start, end):
        value = _FRACTIONS[int(match.lastgroup[1:])][1]
        found.append(Quantity("percent", value, "%", match.start(), match.end(),
                              qualifier_at=match.start(), word=True))
    return found
