"""What is known about a whole article before its sentences are read: language, mentions of
companies, places and materials (found once, then looked up per sentence), dates, the main
actor (the fallback for sentences that do not name one), the article date, and the exchange
rates to convert its money with (passed in: this package reads no files of its own)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from layer0.extract import cues, lexicon, organisations
from layer0.extract.dates import DateMention, dates_in
from layer0.extract.language import detect_language
from layer0.extract.lexicon import Mention
from layer0.reference.geography import nearest_year

LEAD = 1500   # characters of title and first paragraph that name the article's subject
# From this length on, where the cues' words are is found once for the whole text (one
# Aho-Corasick pass, ~0.3 ms per 5 KB), and a cue is only run where one of them is: an
# article's few sentences with figures are cheaper to search directly (~12% of its time).
INDEX_FROM = 20_000
# A cue of up to this many words is run on a stretch of a short text only where one of them
# is (str.find on the folded text, ~0.1 us a word; EXPORT_CONTROL's search took ~50 us a
# sentence): 8 % more articles a second; more words cost more than they save.
GATE_WORDS = 16
HEADLINE = 300   # the title and the first sentence: what they name is what the text is about
# currency -> period -> (USD per unit, source id); a period is a year (2025) or a month
# ((2025, 5)): the rates of fx_rates.csv
Rates = dict[str, dict[int | tuple[int, int], tuple[float, str]]]


def rates_from_rows(rows: Iterable[tuple]) -> Rates:
    """Rates from (currency, year, usd_per_unit, source_id) rows of a year's mean, or
    (currency, year, month, usd_per_unit, source_id) rows where month is None for a year."""
    rates: Rates = {}
    for row in rows:
        currency, year, *rest = row
        month, usd_per_unit, source = rest if len(rest) == 3 else (None, *rest)
        period = (int(year), int(month)) if month else int(year)
        rates.setdefault(currency, {})[period] = (float(usd_per_unit), source)
    return rates


@dataclass
class Document:
    text: str
    lang: str
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict)
    _dates: dict[tuple[int, int], list[DateMention]] = field(default_factory=dict)
    main_actor: str | None = None
    main_country: str | None = None
    main_material: str | None = None   # what the article is about, when one metal leads
    article_date: str | None = None
    title_end: int = 0                 # where a first line short enough to be a title ends
    about_stockpile: bool = False      # a government's stockpile purchases lead the article
    about_producer: bool = False       # a producer's output of one metal leads the article
    about_output: bool = False         # output of one metal leads it (a producer's or not)
    about_export_control: bool = False  # export controls are named in the lead
    about_metal: bool = False          # one metal leads, and no data centre is in the lead
    about_data_centres: bool = False   # the lead speaks of data centres
    about_ai_funding: bool = False     # the title or first sentence: AI developers' money
    controlled: list[str] = field(default_factory=list)  # metals of the last export control
    headline_materials: list[str] = field(default_factory=list)  # named in title or 1st line
    rates: Rates = field(default_factory=dict)
    _word_ends: dict[str, list[int]] | None = None    # cues.word_ends of the text
    _cue_ends: dict = field(default_factory=dict)     # id(cue) -> where its words end
    _folded: str | None = None

    @classmethod
    def read(cls, text: str, lang: str | None = None, rates: Rates | None = None,
             published: str | None = None) -> Document:
        lang = lang if lang in ("de", "en") else detect_language(text)
        doc = cls(text, lang, rates=rates or {})
        for matcher in (lexicon.companies(), lexicon.places(), lexicon.materials()):
            found = matcher.find(text)
            if matcher.kind == "place":
                # which Georgia: asked of the whole text, so only where one is named
                georgia = lexicon.resolve_georgia(text) if any(
                    m.value == "US-GA" and text[m.start:m.end] == "Georgia" for m in found
                ) else None
                found = [Mention(m.kind, georgia, m.start, m.end) if m.value == "US-GA"
                         and text[m.start:m.end] == "Georgia" else m for m in found
                         if not _CURRENCY_AFTER.match(text, m.end)      # "US-Dollar"
                         and not _NAMED_AFTER.match(text, m.end)]       # "New York Times"
            if matcher.kind == "material":     # "Silicon Valley" is a place, no metal
                found = [m for m in found if not (m.value == "silicon"
                                                  and _VALLEY_AFTER.match(text, m.end))]
            doc.mentions[matcher.kind] = found
            doc._starts[matcher.kind] = [m.start for m in found]
        # companies the alias table does not know, by the shape of their names
        # a place inside a company's name ("Anglo American", "Bank of America") is none
        doc.mentions["place"] = _outside(doc.mentions["place"], doc.mentions["actor"])
        # towns the hand table does not know, where the text places something
        towns = lexicon.towns(text, lang, doc.mentions["place"],
                              doc.mentions["actor"] + doc.mentions["material"])
        if towns:
            doc.mentions["place"] = sorted(doc.mentions["place"] + towns,
                                           key=lambda m: m.start)
        doc._starts["place"] = [m.start for m in doc.mentions["place"]]
        unknown = organisations.find(text, doc.mentions["actor"], doc.mentions["place"],
                                     doc.mentions["material"])
        if unknown:
            doc.mentions["actor"] = sorted(doc.mentions["actor"] + unknown,
                                           key=lambda m: m.start)
            doc._starts["actor"] = [m.start for m in doc.mentions["actor"]]
            # "Korea Zinc": the place begins a company's name
            doc.mentions["place"] = _outside(doc.mentions["place"], unknown)
            doc._starts["place"] = [m.start for m in doc.mentions["place"]]
        doc.main_actor = _main(doc.mentions["actor"], LEAD)
        doc.main_country = _main([m for m in doc.mentions["place"] if len(m.value) == 2],
                                 len(text))
        line_end = text.find("\n")
        doc.title_end = line_end if 0 < line_end <= HEADLINE else 0
        if doc.title_end:         # a pasted page repeats its title as the body's first line
            title = text[:doc.title_end].strip()
            body = len(text) - len(text[doc.title_end:].lstrip())
            if title and text.startswith(title, body):
                doc.title_end = body + len(title)
        first = _first_sentence(text)
        doc.main_material = _leading(doc.mentions["material"], LEAD, first)
        doc.headline_materials = sorted({m.value for m in doc.mentions["material"]
                                         if m.start < first})
        doc.about_stockpile = doc.search(cues.STOCKPILE, 0, LEAD) is not None
        # "Chilean Copper Production Rebounds in 2024": its tonnages are output, also where a
        # sentence says only "rose to 331,000 tons" (not where the headline is of demand)
        output_led = doc.main_material is not None \
            and doc.search(cues.PRODUCTION, 0, HEADLINE) is not None
        doc.about_output = output_led and doc.search(cues.DEMAND, 0, first) is None \
            and doc.search(cues.FORECAST, 0, first) is None
        doc.about_export_control = doc.search(cues.EXPORT_CONTROL, 0, LEAD) is not None
        doc.about_data_centres = doc.search(cues.DC_WORDS, 0, LEAD) is not None
        doc.about_ai_funding = doc.search(cues.AI_FUNDING, 0, first) is not None \
            and doc.search(cues.AI_WORDS, 0, first) is not None \
            and doc.search(cues.DC_WORDS, 0, first) is None
        doc.about_metal = doc.main_material is not None and not doc.about_data_centres
        doc.about_producer = output_led and doc.main_actor is not None \
            and doc.search(cues.WORLD, 0, HEADLINE) is None
        doc.article_date = published or next((d.iso for d in dates_in(text, 0, LEAD + 30)
                                              if d.start < LEAD and len(d.iso) == 10), None)
        return doc

    def search(self, cue: re.Pattern, start: int = 0, end: int | None = None
               ) -> re.Match | None:
        """cue.search(text, start, end), not run where none of the cue's words is: in a long
        text by where they end (a 1 MB text without sentence ends asked ~15 cues of each
        1,000 characters: 1.5 s), in a short one by looking for them in the stretch."""
        end = len(self.text) if end is None else end
        if len(self.text) >= INDEX_FROM:
            ends = self._ends_of(cue)
            if ends is not None:
                i = bisect.bisect_left(ends, start)
                if i == len(ends) or ends[i] >= end:
                    return None
        else:
            words = cues.literals(cue)
            if words is not None and len(words) <= GATE_WORDS:
                folded = self.folded
                for word in words:
                    if folded.find(word, start, end) >= 0:
                        break
                else:
                    return None
        return cue.search(self.text, start, end)

    @property
    def folded(self) -> str:
        """The text lower-cased as the cues' words are (`cues.folded`), made once."""
        if self._folded is None:
            self._folded = cues.folded(self.text)
        return self._folded

    def _ends_of(self, cue: re.Pattern) -> list[int] | None:
        """Where the words of `cue` end, in order; None for a cue without words."""
        key = id(cue)                    # (a pattern's own hash walks its compiled code)
        if key in self._cue_ends:
            return self._cue_ends[key]
        words = cues.literals(cue)
        if words is None:
            found = None
        else:
            if self._word_ends is None:
                self._word_ends = cues.word_ends(self.folded)
            lists = [self._word_ends[w] for w in words if w in self._word_ends]
            found = lists[0] if len(lists) == 1 else sorted(itertools.chain(*lists))
        self._cue_ends[key] = found
        return found

    @property
    def number_lang(self) -> str:
        """Decimal-mark convention; undetermined text is read the English way."""
        return "de" if self.lang == "de" else "en"

    def within(self, kind: str, start: int, end: int) -> list[Mention]:
        starts = self._starts[kind]
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return [m for m in self.mentions[kind][lo:hi] if m.end <= end]

    def dates_within(self, start: int, end: int) -> list[DateMention]:
        """The dates of a sentence, read when it is read (a sentence that is skipped, such
        as number soup, costs nothing here)."""
        found = self._dates.get((start, end))
        if found is None:
            found = self._dates[start, end] = dates_in(self.text, start, end)
        return found


_VALLEY_AFTER = re.compile(r"[ \u00a0-]+Valley\b")   # (Lithium Valley is lithium's)
# A country code that is part of a currency ("US-Dollar", "US$", "A$") names no place.
_CURRENCY_AFTER = re.compile(r"[- ]?(?:[Dd]ollars?|\$)")
# A place that begins the name of a paper or an exchange ("New York Times", "London Metal
# Exchange", "Shanghai Futures Exchange") is not where anything happens.
_NAMED_AFTER = re.compile(r"[ \u00a0-]+(?:Times|Post|Journal|Herald|Tribune|Chronicle|"
                          r"Gazette|(?:Stock|Metal|Mercantile|Futures) Exchange|Börse)\b")


def _outside(mentions: list[Mention], names: list[Mention]) -> list[Mention]:
    """The mentions that lie in no name (both lists in order of position)."""
    starts = [n.start for n in names]
    kept = []
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or names[i].end < m.end:
            kept.append(m)
    return kept


def _first_sentence(text: str) -> int:
    """Where the title (its first line) or else the first sentence ends, within HEADLINE."""
    ends = [i for i in (text.find("\n"), text.find(". ")) if i > 0]
    return min([*ends, HEADLINE])


def _main(mentions: list[Mention], lead: int) -> str | None:
    """The most named value in the lead, or None when nothing is named there."""
    counts = Counter(m.value for m in mentions if m.start < lead)
    return counts.most_common(1)[0][0] if counts else None


def _leading(mentions: list[Mention], lead: int, first_sentence: int = HEADLINE
             ) -> str | None:
    """The one material the text is about: the only one its headline names, else the one
    the lead names at least twice as often as any other."""
    headline = {m.value for m in mentions if m.start < first_sentence}
    if len(headline) == 1:
        return headline.pop()
    counts = Counter(m.value for m in mentions if m.start < lead).most_common(2)
    if not counts or (len(counts) == 2 and counts[1][1] * 2 > counts[0][1]):
        return None
    return counts[0][0]


def usd_rate(currency: str, when: str | None, rates: Rates) -> dict | None:
    """The dated rate used for `currency` at `when` ("2025-05-14", "2025-05" or "2025"): the
    month's mean, else the year's, else the nearest year's; None when no rate is known."""
    if currency == "USD":
        return None
    periods = rates.get(currency)
    if not periods:
        return None
    year = int(when[:4]) if when and when[:4].isdigit() else None
    month = int(when[5:7]) if year and len(when) >= 7 and when[5:7].isdigit() else None
    if year and month and (year, month) in periods:
        used = (year, month)
        label = f"{year}-{month:02d}"
    else:
        by_year = {p: v for p, v in periods.items() if isinstance(p, int)}
        if not by_year:
            return None
        used = nearest_year(by_year, year if year is not None else max(by_year))
        label = str(used)
    rate, source = periods[used]
    return {"currency": currency, "usd_per_unit": rate, "period": label, "source_id": source}
