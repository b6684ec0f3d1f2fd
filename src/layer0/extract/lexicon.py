"""Alias tables (companies, places, materials) in German and English, and the matchers that
find them in text. The tables are CSV files beside this module; countries and US states
come from pycountry (with its German translations), the rest is listed by hand."""

from __future__ import annotations

import csv
import gettext
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry


@dataclass(frozen=True)
class Mention:
    kind: str          # actor | place | material
    value: str         # canonical name, ISO code or layer0 material
    start: int
    end: int
    extra: str = ""    # a company's role, a material's implied stage


def _rows(name: str) -> list[dict]:
    text = resources.files("layer0.extract").joinpath("lexicon", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _alternation(aliases: list[str], prefix: set[str]) -> str:
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        escaped = re.escape(alias).replace(r"\ ", r"[ \u00a0]")
        parts.append(escaped + (r"[\w-]*" if alias in prefix else ""))
    return "|".join(parts)


class Matcher:
    """One compiled alternation per table; longest alias first, whole words only."""

    def __init__(self, kind: str, table: dict[str, tuple[str, str]], prefix: set[str],
                 ignore_case: bool):
        self.kind = kind
        self.ignore_case = ignore_case
        self._table = {(k.lower() if ignore_case else k): v for k, v in table.items()}
        self._prefix = sorted(prefix, key=len, reverse=True)
        flags = re.IGNORECASE if ignore_case else 0
        # A look-ahead on the first letters lets the engine skip most word starts before
        # it tries the hundreds of alternatives.
        initials = {a[0].lower() for a in table} | {a[0].upper() for a in table} \
            if ignore_case else {a[0] for a in table}
        first = "[" + "".join(re.escape(c) for c in sorted(initials)) + "]"
        self._pattern = re.compile(r"(?<!\w)(?=" + first + r")(?:"
                                   + _alternation(list(table), prefix) + r")(?![\w])", flags)

    def _lookup(self, found: str) -> tuple[str, str] | None:
        key = re.sub(r"[ \u00a0]", " ", found)
        key = key.lower() if self.ignore_case else key
        if key in self._table:
            return self._table[key]
        for stem in self._prefix:    # a compound: "Kupferraffination" -> Kupfer
            if key.startswith(stem.lower() if self.ignore_case else stem):
                return self._table[stem.lower() if self.ignore_case else stem]
        return None

    def find(self, text: str) -> list[Mention]:
        found = []
        for match in self._pattern.finditer(text):
            hit = self._lookup(match.group())
            if hit:
                found.append(Mention(self.kind, hit[0], match.start(), match.end(), hit[1]))
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
