"""Dates as written in German and English news -> ISO strings ("2023-08-01", or "2023-08"
when only month and year are stated). Their spans are also kept so that "18.01.2026" is
not read as the number 18.01."""

from __future__ import annotations

import re
from dataclasses import dataclass

from layer0.extract.numbers import trie_alternation

_MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2,
    "märz": 3, "march": 3, "mär": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
_MONTH = r"(?P<month>" + trie_alternation(sorted(_MONTHS)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(r"\b(?=\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    re.compile(r"\b(?=\d)(?P<d>[0-3]?\d)\.[ \u00a0]?(?P<m>[01]?\d)\.[ \u00a0]?"
               r"(?P<y>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?=\d)(?P<day>[0-3]?\d)(?:\.|st|nd|rd|th)?[ \u00a0]+" + _MONTH + r",?[ \u00a0]+"
               + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b(?=[a-zä])" + _MONTH + r"[ \u00a0]+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?[ \u00a0]+"
               + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b(?=[a-zä])" + _MONTH + r"[ \u00a0]+" + _YEAR + r"\b", re.IGNORECASE),
]


@dataclass(frozen=True)
class DateMention:
    iso: str
    start: int
    end: int


def _iso(groups: dict) -> str | None:
    year = int(groups.get("y") or groups.get("year"))
    month = groups.get("m")
    month = int(month) if month else _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    day = groups.get("d") or groups.get("day")
    if not month or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    day = int(day)
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_YEAR_ONLY = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _around_years(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of text that can hold a date: around each four-digit year (every pattern
    holds one), overlapping stretches joined."""
    stretches: list[list[int]] = []
    for year in _YEAR_ONLY.finditer(text, start, end):
        lo, hi = max(start, year.start() - 25), min(end, year.end() + 6)
        if stretches and lo <= stretches[-1][1]:
            stretches[-1][1] = hi
        else:
            stretches.append([lo, hi])
    return [(lo, hi) for lo, hi in stretches]


def dates_in(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Dates in text[start:end]; where two readings overlap, the earlier and longer wins.

    Each pattern is one scan of the text by the regular-expression engine (a Python loop
    per four-digit year cost 3 s on a megabyte of dates). A year followed by "-" is only
    read as part of an ISO date ("August 2023-2025" is a span of years, not a date)."""
    end = len(text) if end is None else end
    candidates = []
    for lo, hi in _around_years(text, start, end):
        for index, pattern in enumerate(_PATTERNS):
            for m in pattern.finditer(text, lo, hi):
                if index and text[m.end():m.end() + 1] == "-":
                    continue
                candidates.append((m.start(), -m.end(), m))
    candidates.sort(key=lambda c: c[:2])
    found: list[DateMention] = []
    covered = -1
    for begin, _, match in candidates:
        if begin < covered:
            continue
        iso = _iso(match.groupdict())
        if iso:
            found.append(DateMention(iso, begin, match.end()))
            covered = match.end()
    return found
