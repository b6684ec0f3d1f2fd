"""Number words and month names are sought with alternations nested by common prefix
(`numbers.trie_alternation`): they must match exactly what the plain alternation, longest
word first, matches."""

import random
import re

from layer0.extract import dates, extract_events
from layer0.extract.numbers import NUMBER_WORD, WORDS, numbers_in, parse_digits, trie_alternation


def _plain(words):
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def test_a_nested_alternation_matches_what_the_plain_one_matches():
    words = sorted({w for ws in WORDS.values() for w in ws} | set(dates._MONTHS))
    nested = re.compile(r"\b(?:" + trie_alternation(words) + r")\b", re.IGNORECASE)
    plain = re.compile(r"\b(?:" + _plain(words) + r")\b", re.IGNORECASE)
    rng = random.Random(0)
    pieces = [*words, "a hundredth", "Einen", "ZWÖLF", "Sept.", "März", "x", "drei-", "ß"]
    for _ in range(5000):
        text = " ".join(rng.choice(pieces) + rng.choice(["", "e", "s", "-", "."])
                        for _ in range(6))
        assert [m.span() for m in nested.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


def test_number_words_are_found_whole_and_longest_first():
    text = "zweihundert, a hundred and a hundredth, einen Euro, Einer, half a year, elfte"
    assert [m.group() for m in NUMBER_WORD.finditer(text)] == \
        ["a hundred", "a", "einen", "Einer", "half a"]


def test_digit_tokens_with_spaces_and_marks():
    assert parse_digits("1'000", "de") == 1000.0
    assert parse_digits("1\u202f234.5", "en") == 1234.5
    assert parse_digits("1.000.000", "en") == 1_000_000.0
    assert parse_digits("3,5", "de") == 3.5 and parse_digits("14.000", "de") == 14000.0
    assert parse_digits("1,234.5", "de") == 1234.5


def test_groups_split_by_plain_spaces_are_one_number():
    # "100 000 Tonnen" had read as 100 and 0 (a tonnage of 0 t); a year before a number
    # ("2025 100 MW") is no group: more than three digits lead it
    def read(text, lang):
        return [n.value for n in numbers_in(text, lang)]
    assert read("rund 100 000 Tonnen, 2 100 000 t", "de") == [100_000.0, 2_100_000.0]
    assert read("12 000,5 Tonnen", "de") == [12_000.5]
    assert read("in 2025 100 MW", "en") == [2025.0, 100.0]
    assert read("phase 1 with 12 and 300 MW", "en") == [1.0, 12.0, 300.0]


def test_a_space_grouped_tonnage_is_read_whole():
    [event] = extract_events("The mine will produce 100 000 tonnes of copper a year.")
    assert event.quantity_t == 100_000.0


def test_swiss_apostrophes_english_dot_groups_and_german_quarter_fractions():
    assert [n.value for n in numbers_in("167’900 Tonnen", "de")] == [167_900.0]
    # "74.600 tons" in English is a group (no one writes 74.6 so); before a scale word a
    # decimal ("5.330 million")
    assert [n.value for n in numbers_in("74.600 tons", "en")] == [74_600.0]
    assert [n.value for n in numbers_in("5.330 million tons", "en")] == [5.33]
    [event] = extract_events("Digital Realty investiert mehr als eine Dreiviertel Milliarde "
                             "Euro in neue Rechenzentren in Wien.")
    assert (event.amount, event.currency) == (750_000_000.0, "EUR")
