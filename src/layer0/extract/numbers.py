"""Numbers as written in German and English news: digits with either decimal mark, number
words, and scale words ("Mrd.", "Milliarden", "bn", "billion").

Every pattern here is linear: no nested repetition over overlapping characters, so a text of
a million digits or dots costs one pass, not an explosion of backtracking.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple

# A digit run with optional group separators and one optional decimal part. Group separators
# must be followed by exactly three digits, so "18.01" is a decimal, "14.000" a group. A plain
# space groups too ("100 000 Tonnen"), after at most three digits: "2025 100" stays two.
NUMBER = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:[.,'’\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"
    r"|\d{1,3}(?: \d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])")

WORDS = {
    "de": {"ein": 1, "eine": 1, "einen": 1, "einer": 1, "einem": 1, "zwei": 2, "drei": 3,
           "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
           "elf": 11, "zwölf": 12, "fünfzehn": 15, "zwanzig": 20, "dreißig": 30,
           "vierzig": 40, "fünfzig": 50, "hundert": 100, "einhundert": 100,
           "tausend": 1000, "halbe": 0.5},
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "hundred": 100, "a hundred": 100, "half a": 0.5},
}
# A word right before a scale or unit word is read as a number if text2num reads it
# ("fünfundzwanzig Milliarden", "twenty-five billion", "elf Gigawatt"), or as a German
# fraction ("zweieinhalb", "anderthalb"): number words matter where a quantity follows.
UNIT_WORD = re.compile(   # from the space before it: a leading class is found ~2x faster
    r"[ \u00a0](?<=[^\W\d_][ \u00a0])(?=[mbgtkjpydeuhsw])"
    r"(?:Mrd\b|Milliard|Million|Mio\b|Billion|Tsd\b|Tausend|thousand|trillion|bn\b|Gigawatt|"
    r"GW\b|Megawatt|MW\b|Tonnen|tonnes?\b|tons?\b|"
    r"metric\s+ton|metrische[n]?\s+Tonnen|Prozent|per ?cent|Jahre|years?\b|Monate|"
    r"months?\b|Euro|Dollar|US-Dollar|dollars?\b|euros?\b|Pfund|pounds?\b|Kilotonnen|"
    r"kilotonnes?\b|kilograms?\b|Kilogramm)", re.IGNORECASE)
WORD_BEFORE = re.compile(r"(?<![\w-])(?P<word>[^\W\d_]{3,}(?:-[^\W\d_]+)*)[ \u00a0]$")
_FRACTIONS = {"anderthalb": 1.5, "einhalb": 0.5, "halb": 0.5, "dreiviertel": 0.75,
              "viertel": 0.25}


@lru_cache(maxsize=4096)
def word_value(word: str, lang: str) -> float | None:
    """The value of a number word by text2num, with German "-einhalb" fractions; None when
    the word is not a number."""
    from text_to_num import text2num

    word = word.lower()
    if word in _FRACTIONS:
        return _FRACTIONS[word]
    half = 0.0
    if lang == "de" and word.endswith("einhalb") and len(word) > len("einhalb"):
        word, half = word[:-len("einhalb")], 0.5
    try:
        return float(text2num(word, lang)) + half
    except ValueError:
        return None


# Words that only count as numbers before a scale or unit word (checked by the caller).
WEAK_WORDS = {"a", "an", "ein", "eine", "einen", "einer", "einem", "halbe", "half a"}


def trie_alternation(words: list[str]) -> str:
    """An alternation of literal `words` nested by common prefix ("ein(?:e(?:m|n|r)?|hundert)?"),
    the longer word first where one is a prefix of another, as in an alternation sorted by
    length: the same matches, but with IGNORECASE the engine enters a handful of branches at
    a word instead of every word's (NUMBER_WORD's scan of a text took half as long)."""
    if not words:
        return ""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[0], []).append(word[1:])
    branches = []
    for head, tails in heads.items():
        rest = [t for t in tails if t]
        inner = trie_alternation(rest)
        if not rest:
            branches.append(re.escape(head))
        elif len(rest) < len(tails):       # the word may end here: try the longer ones first
            branches.append(re.escape(head) + "(?:" + inner + ")?")
        else:
            branches.append(re.escape(head) + ("(?:" + inner + ")" if len(rest) > 1 or
                                               "|" in inner else inner))
    return "|".join(branches)


_ALL_WORDS = sorted({w for ws in WORDS.values() for w in ws})
NUMBER_WORD = re.compile(r"\b(?=[aeifhnostvzdAEIFHNOSTVZD])(?:" + trie_alternation(_ALL_WORDS)
                         + r")\b", re.IGNORECASE)

# Scale words by language; German "Billion" is 10^12, English "billion" 10^9.
_SCALES = {
    "de": [(r"Tsd\.|Tausend", 1e3), (r"Mio\.|Millionen|Million", 1e6),
           (r"Mrd\.|Mrd\b|Milliarden|Milliarde", 1e9), (r"Bio\.|Billionen|Billion", 1e12)],
    "en": [(r"thousand", 1e3), (r"million|mln\b|mn\b|mio\b", 1e6),
           (r"billion|bln\b|bn\b", 1e9), (r"trillion|tn\b", 1e12),
           # Indian English: "Rs 4,500 crore" (1e7), "Rs 50 lakh" (1e5)
           (r"crores?", 1e7), (r"lakhs?", 1e5)],
}
# Not followed by a letter: English "million" must not read the start of "Millionen".
SCALE = {lang: re.compile(r"[ \u00a0-]?(?:" + "|".join(f"(?P<s{i}>{p})" for i, (p, _) in
                                                       enumerate(rows)) + r")(?![^\W\d_])",
                          re.IGNORECASE)
         for lang, rows in _SCALES.items()}
# Attached single letters only follow a currency ("$11bn", "$5m", "$300k").
LETTER_SCALE = re.compile(r"(?P<s>bn|b|m|k|tn)\b", re.IGNORECASE)
_LETTER = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}


# A scale word alone ("Milliarden" before "Euro") is no number of its own.
SCALE_WORD = re.compile("|".join(p for rows in _SCALES.values() for p, _ in rows) + "|hundert",
                        re.IGNORECASE)


def scale_at(text: str, pos: int, lang: str, after_currency: bool) -> tuple[float, int]:
    """(factor, end) for a scale word starting at `pos`; (1, pos) when there is none."""
    for language in (lang, "en" if lang == "de" else "de"):
        match = SCALE[language].match(text, pos)
        if match:
            index = int(match.lastgroup[1:])
            return _SCALES[language][index][1], match.end()
    if after_currency:
        match = LETTER_SCALE.match(text, pos)
        if match:
            return _LETTER[match.group("s").lower()], match.end()
    return 1.0, pos


class Number(NamedTuple):    # (a tuple: made for every figure and number word read)
    value: float
    start: int
    end: int
    word: bool = False          # written as a word ("zehn", "four")


_SPACING = dict.fromkeys(map(ord, "'’ \u00a0\u202f\u2009"))
# decimal mark -> the group marks to drop
_GROUP_MARKS = {".": {ord(","): None}, ",": {ord("."): None}, None: dict.fromkeys(map(ord, ".,"))}


def parse_digits(token: str, lang: str) -> float | None:
    """The value of one digit token under the language's decimal mark; None if unreadable."""
    token = token.translate(_SPACING)      # "1'000", "1 000" (str.translate: no pattern call)
    dots, commas = token.count("."), token.count(",")
    if dots and commas:                    # "1,234.5" or "1.234,5": the last mark is decimal
        decimal = "." if token.rfind(".") > token.rfind(",") else ","
    elif dots + commas == 0:
        decimal = None
    elif dots + commas > 1:                # "1.000.000": only group marks
        decimal = "," if dots else "."
    else:
        mark = "." if dots else ","
        digits_after = len(token) - token.find(mark) - 1
        grouping = "." if lang == "de" else ","
        decimal = None if (mark == grouping and digits_after == 3) else mark
    cleaned = token.translate(_GROUP_MARKS[decimal])
    if decimal == ",":
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


_DOT_GROUPED = re.compile(r"[1-9]\d{0,2}\.\d{3}")


def numbers_in(text: str, lang: str, start: int = 0, end: int | None = None,
               limit: int | None = None) -> list[Number]:
    """Digit and word numbers in text[start:end], in order of position; with `limit`, the
    first `limit` of them (number soup is not parsed beyond what the caller reads)."""
    end = len(text) if end is None else end
    found = []
    for match in NUMBER.finditer(text, start, end):
        if len(match.group()) > 40:        # a digit wall, not a quantity
            continue
        token = match.group()
        value = parse_digits(token, lang)
        if value is not None and lang == "en" and _DOT_GROUPED.fullmatch(token) \
                and not SCALE["en"].match(text, match.end()):
            # "74.600 tons" (a writer of the continental style): no one writes 74.6 so;
            # "5.330 million tons" is a decimal before its scale word
            value = parse_digits(token, "de")
        if value is not None:
            found.append(Number(value, match.start(), match.end()))
            if limit is not None and len(found) >= limit:
                end = match.end()          # words beyond the last digit read are not needed
                break
    words = WORDS.get(lang, WORDS["en"])
    compounds = []      # "twenty-five", "zweieinhalb": one number, not its parts
    for unit in UNIT_WORD.finditer(text, start, end):
        match = WORD_BEFORE.search(text, max(start, unit.start() - 39), unit.start() + 1)
        if match is None:
            continue
        word = match.group("word")
        if word.lower() in words or SCALE_WORD.fullmatch(word):
            continue
        value = word_value(word, lang)
        if value is not None:
            compounds.append(Number(value, match.start(), match.end("word"), word=True))
    found.extend(compounds)
    for match in NUMBER_WORD.finditer(text, start, end):
        key = match.group().lower()
        if key in words and not any(c.start <= match.start() < c.end for c in compounds):
            found.append(Number(float(words[key]), match.start(), match.end(), word=True))
    found.sort(key=lambda n: n.start)
    return found if limit is None else found[:limit]
