"""Organisations the alias tables do not know, recognised by their shape: a capitalised name
with a legal or sector suffix ("Metlen Energy & Metals", "Greater Kudu LLC", "US Antimony
Corporation"), a name after a word that says what it is ("das Unternehmen Metlen", "the
operator GigaStream Toyama"), or a capitalised name that opens a sentence with a verb of
acting or reporting ("Metlen has announced", "Sentinel reported"). A name that is a place,
a metal, a month or a common sentence opener is not one.
"""

from __future__ import annotations

import re

from layer0.extract.lexicon import Mention

_WORD = r"[A-ZÄÖÜ][\w&'’.-]*[\w]"      # a capitalised token ("JPMorgan", "Al-Mansour")
_NAME = _WORD + r"(?:[ \u00a0](?:&[ \u00a0])?" + _WORD + r"){0,3}"
_SUFFIX = (r"Inc\.?|Corp\.?|Corporation|Company|LLC|L\.L\.C\.|Ltd\.?|Limited|plc|PLC|AG|GmbH|"
           r"SE|S\.A\.|SA|N\.V\.|K\.K\.|Holdings?|Group|Gruppe|Konzern|Capital|Partners|"
           r"Energy|Metals|Mining|Minerals|Resources|Materials|Technologies|Systems|Bank")
# Sector words in a name that make the organisation a producer of metal.
PRODUCER = re.compile(r"\b(?:Metals?|Mining|Minerals|Resources|Materials|Copper|Lithium|"
                      r"Antimony|Rare Earths?|Bergbau|Kupfer)\b")
# the suffix ends the name: "International Energy" of "International Energy Agency" is none
WITH_SUFFIX = re.compile(r"(?<![\w-])(?P<name>" + _NAME + r")[ \u00a0](?P<suffix>" + _SUFFIX
                         + r")(?![\w])(?![ \u00a0]+[A-ZÄÖÜ&])|(?<![\w-])(?P<compound>" + _WORD
                         + r")-(?:Gruppe|Konzern)\b")
AFTER_NOUN = re.compile(
    r"\b(?:Unternehmen|Konzern|Firma|Betreiber|Investor|Finanzinvestor|Entwickler|"
    r"Bergbaukonzern|Bergbauunternehmen|Rohstoffkonzern|company|firm|operator|developer|"
    r"investor|fund|miner|producer|lender|group)[ \u00a0]+(?P<name>" + _NAME + r")")
SUBJECT = re.compile(
    r"(?:^|(?<=[.!?:;\n•-][ \u00a0])|(?<=\n))(?P<name>" + _NAME + r")[ \u00a0]+"
    r"(?:has|have|had|will|plans|planned|announced|reported|said|says|signed|agreed|"
    r"produced|produces|produziert\w*|invests?|invested|investiert|raised|acquired|"
    r"partnered|provided|played|secured|kündigte|plant|will|hat|meldete|baut|built|builds)\b",
    re.MULTILINE)
_NOT_NAMES = frozenset("""
The A An This That These Those It Its In On At For From By With As And But Or If When While
After Before Since Under Over According Der Die Das Den Dem Des Ein Eine Einer Im Am Zum Zur
Auch Doch Dabei Damit Laut Nach Wie Bei Mit Für Von Vor Seit Um Es Er Sie Wir Ich Man Nun
January February March April May June July August September October November December
Januar Februar März Juni Juli Oktober Dezember Monday Tuesday Wednesday Thursday Friday
Q1 Q2 Q3 Q4 CEO CFO President Präsident Chairman Minister Ministerin Analysts Analysten
Output Production Produktion Total World Global Copper Kupfer Gold Data Datacenter AI KI
Unternehmen Konzern Firma Betreiber Investor Insgesamt Europäischen Europäische Deutsche
Deutschen Zudem Außerdem Allerdings Jedoch Bereits Derzeit Zuletzt Hier Dort Heute Gestern
Dieser Diese Dieses Jetzt Damals Schon Noch Nur Rund Etwa However Meanwhile Also Today
""".split())


def find(text: str, known: list[Mention], places: list[Mention],
         materials: list[Mention]) -> list[Mention]:
    """Organisations by shape in `text` that overlap no known company, place or metal;
    `extra` is "seller" for a producer's name ("... Metals", "... Mining"), else ""."""
    taken = sorted((m.start, m.end) for m in (*known, *places, *materials))
    found: dict[int, Mention] = {}
    for pattern in (AFTER_NOUN, WITH_SUFFIX, SUBJECT):
        for match in pattern.finditer(text):
            group = "compound" if match.groupdict().get("compound") else "name"
            start, end = match.start(group), match.end(group)
            if match.groupdict().get("suffix"):
                end = match.end("suffix")
            trimmed = _trim(text[start:end])
            if trimmed is None:
                continue
            start += trimmed[0]
            name = trimmed[1]
            if _overlaps(taken, start, start + len(name)):
                continue
            found[start] = Mention("actor", name, start, start + len(name),
                                   "seller" if PRODUCER.search(name) else "")
            taken.append((start, start + len(name)))
    return sorted(found.values(), key=lambda m: m.start)


def _trim(name: str) -> tuple[int, str] | None:
    """(offset, name) without leading articles or openers ("The Pentagon" -> "Pentagon");
    None when nothing name-like is left."""
    offset = 0
    while True:
        first, _, rest = name.partition(" ")
        if first not in _NOT_NAMES or not rest:
            break
        offset += len(first) + 1
        name = rest
    if name in _NOT_NAMES or len(name) < 3 or all(w in _NOT_NAMES for w in name.split()) \
            or re.fullmatch(_SUFFIX, name):       # "Bank" of "Europäischen Bank": no name
        return None
    return offset, name


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
