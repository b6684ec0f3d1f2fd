"""Organisations the alias tables do not know, recognised by their shape: a capitalised name
with a legal or sector suffix ("Metlen Energy & Metals", "Greater Kudu LLC", "US Antimony
Corporation"), a name after a word that says what it is ("das Unternehmen Metlen", "the
operator GigaStream Toyama", "ECL, a Silicon Valley start-up"), or a capitalised name that
opens a sentence with a verb of
acting or reporting ("Metlen has announced", "Sentinel reported"). A name that is a place,
a metal, a month or a common sentence opener is not one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from layer0.extract.lexicon import Mention

_WORD = r"[A-ZÄÖÜ][\w&'’.-]*[\w]"      # a capitalised token ("JPMorgan", "Al-Mansour")
_NAME = _WORD + r"(?:[ \u00a0](?:&[ \u00a0])?" + _WORD + r"){0,3}"
# Sector words in a name that make the organisation a producer of metal.
PRODUCER = re.compile(r"\b(?:Metals?|Mining|Minerals|Resources|Materials|Copper|Lithium|"
                      r"Antimony|Rare Earths?|Bergbau|Kupfer|Zinc|Nickel|Cobalt|Silver)\b")
# Each shape is found from its anchor word (a suffix, a noun, a verb; one Aho-Corasick pass)
# and the name read from there: a pattern that started at every capitalised word (every
# German noun) cost ~1 ms per 5 KB.
_SUFFIXES = ("Inc Inc. Corp Corp. Corporation Company LLC L.L.C. Ltd Ltd. Limited plc PLC AG "
             "GmbH SE S.A. SA N.V. K.K. Holding Holdings Group Gruppe Konzern Capital Partners "
             "Energy Metals Mining Minerals Resources Materials Technologies Systems Bank "
             "Fund Fonds Zinc Copper Lithium Nickel Cobalt Silver Steel Aluminium Aluminum")
_SUFFIX_WORDS = frozenset(_SUFFIXES.split())
_NOUNS = ("Unternehmen Konzern Firma Betreiber Investor Finanzinvestor Entwickler "
          "Bergbaukonzern Bergbauunternehmen Rohstoffkonzern company firm operator developer "
          "investor fund miner producer lender group start-up startup Start-up Startup "
          "giant maker manufacturer Hersteller contractor supplier Zulieferer smelter refiner "
          "trader Händler Rohstoffhändler")
_VERBS = ("has have had will plans planned announced reported said says signed agreed "
          "produced produces produziert produzierte invests invest invested investiert raised "
          "acquired partnered provided played secured kündigte plant hat meldete baut built "
          "builds")
NAME_BEFORE = re.compile(r"(?<![\w-])(?P<name>" + _NAME + r")[ \u00a0]?$")
NAME_AFTER = re.compile(r"[ \u00a0]+(?P<name>" + _NAME + r")")
# "ECL, a Silicon Valley start-up led by ...": a name that opens a sentence, described
# right after it by the noun found
APPOSITIVE = re.compile(r"(?:^|(?<=[.!?:;][ \u00a0]))(?P<name>" + _NAME + r"),[ \u00a0]"
                        r"(?:a|an|ein|eine|einem|einer)[ \u00a0](?:[^\s,.;:]+[ \u00a0]){0,3}$",
                        re.MULTILINE)
NAMES_GO_ON = re.compile(r"[ \u00a0]+[A-ZÄÖÜ&]")   # "International Energy Agency": no suffix


@lru_cache(maxsize=1)
def _anchors():
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for kind, words in (("suffix", _SUFFIXES), ("noun", _NOUNS), ("verb", _VERBS)):
        for word in words.split():
            automaton.add_word(word, (kind, len(word)))
    for word in ("-Gruppe", "-Konzern"):
        automaton.add_word(word, ("compound", len(word)))
    automaton.make_automaton()
    return automaton


# a name that opens a sentence, a line or a list item, right before the verb
SUBJECT_BEFORE = re.compile(r"(?:^|(?<=[.!?:;•-][ \u00a0]))(?P<name>" + _NAME
                            + r")[ \u00a0]$", re.MULTILINE)
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
Still Earlier Later Yesterday Separately Additionally Instead Overall Previously Recently
""".split())


def find(text: str, known: list[Mention], places: list[Mention],
         materials: list[Mention]) -> list[Mention]:
    """Organisations by shape in `text` that overlap no known company, place or metal;
    `extra` is "seller" for a producer's name ("... Metals", "... Mining"), else ""."""
    # characters already named (a bytearray: an overlap test is one C-level find, so a
    # megabyte of names costs no more per name than a page)
    taken = bytearray(len(text))
    for m in (*known, *materials):
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    placed = bytearray(len(text))
    for m in places:
        placed[m.start:m.end] = b"\x01" * (m.end - m.start)
    found: dict[int, Mention] = {}

    def add(start: int, end: int, over_places: bool = False) -> None:
        # a name with a legal or sector suffix may begin with a place ("Korea Zinc"), not
        # with its owner ("Saudi Arabia's National Infrastructure Fund")
        owner = max(text.rfind("’s ", start, end), text.rfind("'s ", start, end))
        if owner >= 0:
            start = owner + 3
        trimmed = _trim(text[start:end])
        if trimmed is None:
            return
        start += trimmed[0]
        end = start + len(trimmed[1])
        # (over places, only its last word must be none)
        if taken.find(1, start, end) != -1 \
                or placed.find(1, end - 1 if over_places else start, end) != -1:
            return
        found[start] = Mention("actor", trimmed[1], start, end,
                               "seller" if PRODUCER.search(trimmed[1]) else "")
        taken[start:end] = b"\x01" * (end - start)

    size = len(text)
    for last, (kind, length) in _anchors().iter(text):
        start, end = last - length + 1, last + 1
        if end < size and (text[end].isalnum() or text[end] == "_"):
            continue                                   # inside a longer word
        before = text[start - 1] if start else ""
        if kind in ("compound", "suffix"):
            if (before.isalnum() if kind == "compound"               # "Schwarz-Gruppe"
                    else before in (" ", "\u00a0") and not NAMES_GO_ON.match(text, end)):
                name = NAME_BEFORE.search(text,                      # "Greater Kudu LLC"
                                          max(0, start - (60 if kind == "compound" else 80)),
                                          start)
                if name:
                    add(name.start("name"), end, over_places=kind == "suffix")
        elif kind == "noun":                           # "das Unternehmen Metlen"
            if not before.isalnum():
                name = NAME_AFTER.match(text, end)
                if name:
                    add(name.start("name"), name.end("name"))
                described = APPOSITIVE.search(text, max(0, start - 120), start)
                if described:                          # "ECL, a ... start-up"
                    add(described.start("name"), described.end("name"))
        elif before in (" ", "\u00a0") and start >= 2 and not taken[start - 2] \
                and (text[start - 2].isalnum() or text[start - 2] == "."):
            # (a known name right before the verb, "Amazon investiert": nothing to find)
            name = SUBJECT_BEFORE.search(text, max(0, start - 80), start)   # "Metlen has"
            if name:
                add(name.start("name"), name.end("name"))
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
            or name in _SUFFIX_WORDS or _ABSTRACT_NOUN.fullmatch(name) \
            or DESCRIPTION.fullmatch(name):  # "Bank" of "Europäischen Bank": no name
        return None
    return offset, name


# One German abstract noun ("Die Erweiterung baut ...", "Die Regierung hat ..."): no name
_ABSTRACT_NOUN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:ung|heit|keit|schaft|nis|tät)")
# One German compound that says what a company is ("Der Bergbaukonzern will ...",
# "der Rohstoffriese"): a description, not its name.
DESCRIPTION = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:konzern|unternehmen|riese|gigant|hersteller|"
                         r"produzent|betreiber|versorger|entwickler|investor|gruppe|firma)")
