"""The cues' words (cues.LITERALS) and the long-text search that skips a cue where none of
them is: it must find exactly what running the cue finds."""

import re
import sys

import pytest

from layer0.extract import cues, extract_events
from layer0.extract.document import INDEX_FROM, Document

CUES = [value for value in vars(cues).values() if isinstance(value, re.Pattern)
        and id(value) in cues.LITERALS]

# Text in which most cues match somewhere, German and English, with the odd letters that
# IGNORECASE folds ("ſ", "ı") and an "İ" that lower-cases to two characters.
SAMPLE = (
    "Amazon investiert 11 Mrd. Euro in ein Rechenzentrum in Brandenburg; the facility's "
    "capital expenditure rose. China verschärft die Ausfuhr von Gallium, export controls on "
    "germanium tighten. Die Regierung gewährt einen Zuschuss; lenders financed the debt. "
    "Codelco produced 1.3 Mt of copper, a share of 27% of world mine production. Demand and "
    "the deficit will reach 6 Mt by 2035, analysts expect. The offtake agreement to supply "
    "cathode from the smelter. Stockpile purchases by the Defense Logistics Agency. "
    "İnvestitionen, ſtockpile, KI-Infrastruktur, ıncrease, GPUs, chips, GDP. ") * 3


def test_every_cue_is_either_filtered_or_run_always():
    assert CUES, "no cue registered its words"
    for cue in CUES:
        words = cues.literals(cue)
        assert words is None or all(len(w) >= cues.MIN_LITERAL and w == w.lower()
                                    for w in words)


def test_each_match_contains_one_of_its_cues_words():
    text = SAMPLE
    folded = cues.folded(text)
    assert len(folded) == len(text)
    for cue in CUES:
        words = cues.literals(cue)
        if words is None:
            continue
        for match in cue.finditer(text):
            assert any(w in folded[match.start():match.end()] for w in words), \
                (cue.pattern[:60], match.group())


def test_the_case_folds_of_ignorecase_are_those_of_folded():
    """Every code point that IGNORECASE matches to a letter of the cues' words lower-cases
    (by cues.folded) to that letter, so the index never misses a place a cue matches."""
    letters = sorted({c for words in cues.LITERALS.values() for w in words or () for c in w})
    every = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    checked = 0
    for letter in letters:
        for match in re.finditer(re.escape(letter), every, re.IGNORECASE):
            assert cues.folded(match.group()) == letter, (hex(ord(match.group())), letter)
            checked += 1
    assert checked > 2 * len(letters)       # both cases of the letters at least


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.pattern[:30])
def test_a_long_text_finds_what_running_the_cue_finds(cue):
    text = (SAMPLE * (INDEX_FROM // len(SAMPLE) + 2))
    doc = Document.read(text, "en")
    assert len(text) >= INDEX_FROM
    step = 97
    for start in range(0, len(text) - 400, step):
        for end in (start + 15, start + 60, start + 400):
            found, expected = doc.search(cue, start, end), cue.search(text, start, end)
            assert (found is None) == (expected is None)
            assert found is None or found.span() == expected.span()


def test_long_and_short_text_give_the_same_events():
    """An article repeated past INDEX_FROM gives its events once per copy, as read alone."""
    article = SAMPLE
    one = [e.model_dump() for e in extract_events(article)]
    copies = INDEX_FROM // len(article) + 1
    many = [e.model_dump() for e in extract_events("\n\n".join([article] * copies))]
    assert one and len(many) >= len(one)
    kinds = {(e["type"], e["amount_usd"], e["quantity_t"]) for e in one}
    assert kinds == {(e["type"], e["amount_usd"], e["quantity_t"]) for e in many}


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.pattern[:30])
def test_a_short_text_finds_what_running_the_cue_finds(cue):
    """A short text looks for the cue's words in the stretch before running it."""
    doc = Document.read(SAMPLE, "en")
    assert len(SAMPLE) < INDEX_FROM
    for start in range(0, len(SAMPLE) - 60, 37):
        for end in (start + 15, start + 60, start + 400):
            found, expected = doc.search(cue, start, end), cue.search(SAMPLE, start, end)
            assert (found is None) == (expected is None)
            assert found is None or found.span() == expected.span()


@pytest.mark.parametrize("pattern, words", [
    # a sequence needs its most selective part: the noun every alternative shares
    (r"(?:curb\w*|halt\w*|ban(?:s|ned)?)\W+(?:\w+\W+){0,4}?exports?\b|export\s+ban",
     ("export",)),
    (r"Kupfer|copper|\bCu\b", ("copper", "cu", "kupfer")),
    (r"[Vv]erbot\w*|prohibit", ("prohibit", "verbot")),
    (r"(?=[ab])(?:at\s+most|no\s+more)", ("more", "most")),
    (r"x?(?:ab)*|cd", None),         # an alternative that may match nothing
    (r"\d+\s*%", None),              # a class of several characters: no word
])
def test_required_words_come_from_the_patterns_parse_tree(pattern, words):
    compiled = re.compile(pattern, re.IGNORECASE)
    assert cues.required_words(compiled) == words
    if words is not None:     # and every match holds one of them
        text = ("Sie halten die Exporte an: curbs on exports, the export ban. Kupfer, copper "
                "and Cu; ein Verbot, they prohibit it; at most, no more. ") * 2
        for match in compiled.finditer(text):
            assert any(w in match.group().lower() for w in words), match.group()
