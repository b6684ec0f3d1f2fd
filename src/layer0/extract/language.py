"""German or English, from function words: no model to download, and exact for the two
languages layer0 reads. A general detector (langdetect, lingua) would also answer "nl" or
"da" for short texts, which layer0 could not use anyway."""

from __future__ import annotations

import re
from collections import Counter

_WORDS = {
    "de": frozenset("""der die das und ist nicht mit von für auf ein eine einen sich des dem den
        im zu auch wird werden über nach bei aus wie hat sind oder als noch nur dass wurde
        zum zur vom durch gegen seit bis unter einer eines wir sie am an ab es er haben wurden soll
        sollen kann können neue neuen sowie diese dieser dieses beim ins mit teilte""".split()),
    "en": frozenset("""the and of to is for that with on by as are from has its will at
        be this which was were have had it their or not but into than over about said would
        after more""".split()),
}
_TOKEN = re.compile(r"[a-zäöüß]+")
SAMPLE = 2_000   # characters looked at: a few hundred words give the verdict; bounded


def detect_language(text: str) -> str:
    """'de', 'en', or 'und' (undetermined) when neither language's function words occur."""
    sample = text[:SAMPLE].lower()
    tokens = Counter(_TOKEN.findall(sample))
    counts = {lang: sum(n for token, n in tokens.items() if token in words)
              for lang, words in _WORDS.items()}
    # each ä, ö, ü or ß (counted directly: a pattern of the words holding one took
    # 0.27 ms of the 0.46 this function took on 2,000 characters)
    counts["de"] += sum(map(sample.count, "äöüß"))
    if counts["de"] == counts["en"]:
        return "und"
    return max(counts, key=counts.get)
