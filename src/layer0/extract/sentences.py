"""Split an article into sentences with their spans (start, end) in the original text.

A line break ends a sentence (headlines, bullets and table rows stand on their own lines);
so does [.!?] followed by space, unless the word before is a known abbreviation ("Mrd.",
"z. B.", "U.S.") or a German ordinal ("1. August").
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.!?…]+[\"'”“»«)\]]*[ \t\u00a0]+|\n+")
_ABBREVIATIONS = frozenset("""
mrd mio tsd bio ca bzw zb z.b u.a usw etc inkl exkl rd nr dr prof st vgl ggf evtl
jan feb mär apr jun jul aug sep sept okt nov dez dec oct
mr mrs ms inc corp ltd co no approx e.g i.e vs jr sr u.s u.k dept gov est fig
""".split())
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
MAX_SENTENCE = 1000   # a "sentence" longer than this is cut, so no step sees a megabyte


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at `dot` ends an abbreviation or an ordinal rather than a sentence."""
    window = max(0, dot - 12)    # an abbreviation is short: no look further back
    word_start = max(text.rfind(" ", window, dot), text.rfind("\n", window, dot), window - 1) + 1
    word = text[word_start:dot].lower().lstrip("(\"'“»")
    if word in _ABBREVIATIONS or (len(word) == 1 and _LETTERS.match(word)):
        return True
    return word.isdigit() and len(word) <= 2   # "1. August", "3. Quartal"


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences, stripped of surrounding space; empty ones dropped."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _BOUNDARY.finditer(text):
        if match.group()[0] == "." and "\n" not in match.group() \
                and _is_abbreviation(text, match.start()):
            continue
        end = match.end() if match.group()[0] != "\n" else match.start()
        _add(text, begin, end, spans)
        begin = match.end()
    _add(text, begin, len(text), spans)
    return spans


def _add(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    for start in range(begin, end, MAX_SENTENCE):
        spans.append((start, min(end, start + MAX_SENTENCE)))
