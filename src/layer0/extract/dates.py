"""Dates as written in German and English news -> ISO strings ("2023-08-01", or "2023-08"
when only month and year are stated). Their spans are also kept so that "18.01.2026" is
not read as the number 18.01."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2,
    "märz": 3, "march": 3, "mär": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
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


def _patterns_around(text: str, start: int, end: int) -> list[re.Pattern]:
    """The patterns a year can be part of, judged from the characters beside it."""
    if text[end:end + 1] == "-":
        return _PATTERNS[:1]
    if text[start - 1:start] == "." or text[start - 2:start] in (". ", ".\u00a0"):
        return _PATTERNS[1:2] + _PATTERNS[2:3]
    return _PATTERNS[2:]


_YEAR_ONLY = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def dates_in(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Dates in text[start:end]; where two readings overlap, the earlier and longer wins.

    Every pattern holds a four-digit year, so only the few places around a year are tried."""
    end = len(text) if end is None else end
    candidates = {}
    for year in _YEAR_ONLY.finditer(text, start, end):
        lo, hi = max(start, year.start() - 25), min(end, year.end() + 6)
        for pattern in _patterns_around(text, year.start(), year.end()):
            for m in pattern.finditer(text, lo, hi):
                if m.start() <= year.start() and year.end() <= m.end():
                    candidates[(m.start(), -m.end())] = m
    found: list[DateMention] = []
    covered = -1
    for (begin, _), match in sorted(candidates.items()):
        if begin < covered:
            continue
        iso = _iso(match.groupdict())
        if iso:
            found.append(DateMention(iso, begin, match.end()))
            covered = match.end()
    return found
