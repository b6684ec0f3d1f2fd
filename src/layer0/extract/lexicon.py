"""Alias tables (companies, places, materials) in German and English, and the matchers that
find them in text. The tables are CSV files beside this module; countries and US states
come from pycountry (with its German translations), the rest is listed by hand."""

from __future__ import annotations

import bisect
import csv
import gettext
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import pycountry


class Mention(NamedTuple):   # (a tuple: a frozen dataclass took ~2 us to make, 1 MB ~100,000)
    kind: str          # actor | place | material
    value: str         # canonical name, ISO code or layer0 material
    start: int
    end: int
    extra: str = ""    # a company's role, a material's implied stage


def _rows(name: str) -> list[dict]:
    text = resources.files("layer0.extract").joinpath("lexicon", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class Matcher:
    """One Aho-Corasick automaton per table (pyahocorasick): every alias found in one pass
    over the text, whole words only, the longest alias first where several start at one
    place; an alias marked as a prefix also takes the rest of its word ("Kupferraffination"
    -> Kupfer). A regular expression of hundreds of alternatives took ~1 ms per 5 KB."""

    def __init__(self, kind: str, table: dict[str, tuple[str, str]], prefix: set[str],
                 ignore_case: bool):
        import ahocorasick

        self.kind = kind
        self.ignore_case = ignore_case
        self._table = {self._key(k): v for k, v in table.items()}
        prefixes = {self._key(p) for p in prefix}
        self._automaton = ahocorasick.Automaton()
        for alias in table:
            key = self._key(alias)
            self._automaton.add_word(key, (len(key), key in prefixes))
        self._automaton.make_automaton()

    def _key(self, alias: str) -> str:
        alias = alias.replace("\u00a0", " ")
        return alias.lower() if self.ignore_case else alias

    def _haystack(self, text: str) -> str:
        """The text as the aliases are keyed, character for character (same length)."""
        text = text.replace("\u00a0", " ")
        if not self.ignore_case:
            return text
        lowered = text.lower()
        if len(lowered) != len(text):      # "İ" lowers to two characters: keep such ones
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        return lowered

    def find(self, text: str) -> list[Mention]:
        haystack = self._haystack(text)
        size = len(haystack)
        candidates = []
        for last, (length, is_prefix) in self._automaton.iter(haystack):
            start, end = last - length + 1, last + 1
            if start > 0:
                char = haystack[start - 1]            # (inline: ~350,000 hits in 1 MB)
                if char.isalnum() or char == "_":
                    continue
            if is_prefix:
                while end < size and (_is_word(haystack[end]) or haystack[end] == "-"):
                    end += 1
            elif end < size:
                char = haystack[end]
                if char.isalnum() or char == "_":
                    continue
            candidates.append((start, -length, end))
        candidates.sort()
        found, covered = [], 0
        table = self._table
        for start, minus_length, end in candidates:
            if start < covered:
                continue
            # the word itself, else the alias found: a compound's stem ("kupferraffination"
            # -> kupfer; the longest stem starting here is the first candidate here)
            hit = table.get(haystack[start:end]) or table.get(haystack[start:start - minus_length])
            if hit:
                found.append(Mention(self.kind, hit[0], start, end, hit[1]))
                covered = end
        return found


def _german(domain: str):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["de"],
                               fallback=True).gettext


@lru_cache(maxsize=1)
def companies() -> Matcher:
    table = {alias: (row["canonical"], row["role"]) for row in _rows("companies.csv")
             for alias in row["aliases"].split("|")}
    return Matcher("actor", table, set(), ignore_case=False)


@lru_cache(maxsize=1)
def materials() -> Matcher:
    rows = _rows("materials.csv")
    table = {row["alias"]: (row["material"], row["stage"]) for row in rows}
    prefix = {row["alias"] for row in rows if row["match"] == "prefix"}
    return Matcher("material", table, prefix, ignore_case=True)


@lru_cache(maxsize=1)
def places() -> Matcher:
    """Countries (English and German names from pycountry), US states, and the hand table."""
    de_country, de_state = _german("iso3166-1"), _german("iso3166-2")
    table: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name),
                     de_country(country.name)}:
            if len(name) > 3 and "," not in name:
                table[name] = (country.alpha_2, "")
                table[name.upper()] = (country.alpha_2, "")   # "ZIMBABWE will ban ..."
    for state in pycountry.subdivisions.get(country_code="US"):
        if state.type != "State":
            continue
        table[state.name] = (state.code, "")
        german = de_state(state.name)
        if german != state.name and german != "Georgien":
            table[german] = (state.code, "")
    rows = _rows("places.csv")
    for row in rows:
        table[row["alias"]] = (row["code"], "")
    prefix = {row["alias"] for row in rows if row["note"].startswith("adjective stem")}
    return Matcher("place", table, prefix, ignore_case=False)


class Town(NamedTuple):
    code: str      # the country with three times the people of any other's town of the name
    dach: str      # the name's town in Germany, Austria or Switzerland
    us: str        # the name's town in the US


@lru_cache(maxsize=1)
def _towns() -> dict[str, Town]:
    """Town name -> its codes, from GeoNames (scripts/derive_towns.py)."""
    import gzip

    data = resources.files("layer0.extract").joinpath("lexicon", "towns.tsv.gz").read_bytes()
    table = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, *codes = line.split("\t")
            table[name] = Town(*codes)
    return table


# A town is sought only where a text places something: after "in", "bei", "near", ... or a
# municipality's title, as one to three capitalised words. Everywhere else a town's name is
# too often a word ("Essen", "Halle", "Mobile"). (str.find for the words before a town: one
# pattern for them all took ~0.2 ms an article, as long as the rest of the reading.)
_BEFORE_TOWN = ("in ", "In ", "bei ", "nahe ", "near ", "outside ", "Gemeinde ", "Stadt ",
                "Landkreis ", "Kreis ", "Standort ", "city of ", "town of ")
_TOWN_NAME = re.compile(r"[A-ZÄÖÜ][\w'.-]*\w(?:[ \u00a0][A-ZÄÖÜ][\w-]*\w|[ \u00a0]"
                        r"(?:am|an der|im|ob der|bei|upon|on)[ \u00a0][A-ZÄÖÜ][\w-]*\w){0,2}")
# Capitalised words that follow "in" and are also the names of some town: months ("in March
# 2024" is no English town), continents ("in Asia" no Philippine one), common nouns
_NOT_TOWNS = frozenset({
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Januar", "Februar", "März", "Juni", "Juli",
    "Oktober", "Dezember", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Asia", "Asien", "Europe", "Europa", "Africa", "Afrika",
    "America", "Amerika", "Summe", "Betrieb", "Planung", "Zukunft", "Kraft", "Frage", "Form",
    "Richtung", "Energy", "Commerce", "Independence", "Progress"})
REGION_AFTER = 40    # "Mesa, AZ", "Lancaster im US-Bundesstaat Pennsylvania": the text's own


# "The 65 MW Kuala Lumpur campus": a town that names the site, before the site's noun
_SITE_WORDS = (" campus", " data center", " data centre", " site", " hub", " Campus",
               " Rechenzentrum")
_NAME_BEFORE_SITE = re.compile(r"(?:[A-ZÄÖÜ][\w'-]*\w[ \u00a0]){0,3}[A-ZÄÖÜ][\w'-]*\w$")


def _site_town_names(text: str) -> list[tuple[int, list[str]]]:
    """(start, words) of the capitalised words right before a site's noun."""
    found = []
    for word in _SITE_WORDS:
        at = text.find(word)
        while at >= 0:
            name = _NAME_BEFORE_SITE.search(text, max(0, at - 60), at)
            if name:
                found.append((name.start(), name.group().split()))
            at = text.find(word, at + len(word))
    return found


def _town_names(text: str) -> list[re.Match]:
    """The capitalised words after each of _BEFORE_TOWN (a whole word), in text order."""
    found = []
    for before in _BEFORE_TOWN:
        at = text.find(before)
        while at >= 0:
            after = at + len(before)
            if (at == 0 or not text[at - 1].isalnum()) and after < len(text) \
                    and text[after].isupper():
                match = _TOWN_NAME.match(text, after)
                if match:
                    found.append(match)
            at = text.find(before, after)
    return sorted(found, key=lambda m: m.start())


def towns(text: str, lang: str, places: list[Mention], taken: list[Mention]) -> list[Mention]:
    """Places named as the towns of GeoNames' table, where the text places something (after
    _BEFORE_TOWN, or naming a site: _SITE_WORDS), outside the mentions already found
    (`places` from the tables, `taken` the others). A German text means a town of Germany,
    Austria or Switzerland, a text naming the US a US town, before a larger one abroad; a
    town the text follows with its state or country ("Madison County, Mississippi") is left
    to that."""
    table = _towns()
    # characters already named (a bytearray: an overlap test is one find, whatever the
    # number of names; a test against each name made a 10 MB text quadratic)
    named = bytearray(len(text))
    for m in (*places, *taken):
        named[m.start:m.end] = b"\x01" * (m.end - m.start)
    starts = sorted(m.start for m in places)
    american = any(m.value.startswith("US") for m in places)
    found = []

    def place(name: str, start: int) -> bool:
        town = table.get(name)
        if town is None or name in _NOT_TOWNS:
            return False
        code = (town.dach if lang == "de" and town.dach
                else town.us if american and town.us else town.code)
        end = start + len(name)
        region = bisect.bisect_left(starts, end)
        if code and named.find(1, start, end) == -1 \
                and not (region < len(starts) and starts[region] - end <= REGION_AFTER):
            found.append(Mention("place", code, start, end))
        return True

    for match in _town_names(text):
        words = match.group().split()
        for n in range(len(words), 0, -1):          # the longest name that is a town
            if place(" ".join(words[:n]), match.start()):
                break
    for start, words in _site_town_names(text):
        for n in range(len(words)):                  # the longest name ending at the site
            if place(" ".join(words[n:]), start + len(" ".join(words[:n])) + (n > 0)):
                break
    return sorted({m.start: m for m in found}.values(), key=lambda m: m.start)   # once each


US_CUES = re.compile(r"\b(?:US|U\.S\.|USA|United States|Vereinigte[n]? Staaten|"
                     r"US-Bundesstaat\w*|Bundesstaat\w*|county|counties|Atlanta|state of|"
                     r"American|amerikanisch\w*)\b")
COUNTRY_GEORGIA = re.compile(r"\b(?:Tbilisi|Tiflis|Caucasus|Kaukasus|Black Sea|Schwarze[sn]? "
                             r"Meer)\b")


def resolve_georgia(text: str) -> str:
    """The US state unless the text speaks of the Caucasus country and never of the US."""
    if COUNTRY_GEORGIA.search(text) and not US_CUES.search(text):
        return "GE"
    return "US-GA"
