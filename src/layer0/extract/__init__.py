"""News text (German or English) -> events with evidence: who invests how much where, how
many MW, which offtake of which metal for how long, which country holds what share, which
export control starts when.

    >>> from layer0.extract import extract_events
    >>> [e.type for e in extract_events("Amazon investiert 11 Mrd. US-Dollar in Georgia.")]
    ['investment']
"""

from __future__ import annotations

from layer0.extract.assemble import read_sentence
from layer0.extract.document import Document, Rates, rates_from_rows
from layer0.extract.event import EVENT_TYPES, NUMERIC_FIELDS, TOLERANCE, Event, same_fact
from layer0.extract.language import detect_language
from layer0.extract.money import loan_terms
from layer0.extract.sentences import sentences

__all__ = ["extract_events", "extract", "Document", "Event", "EVENT_TYPES", "NUMERIC_FIELDS",
           "Rates", "detect_language", "rates_from_rows"]


def extract_events(text: str, lang: str | None = None, rates: Rates | None = None,
                   published: str | None = None) -> list[Event]:
    """Events in `text`, in order of appearance; `lang` 'de' or 'en', detected when None;
    `rates` (see `rates_from_rows`) convert money to USD (without them only USD is known),
    at the month of `published` (the article's date, "YYYY-MM-DD" or "YYYY-MM"; when None,
    a date in the article's lead).

    A fact repeated in one article (headline, bullet, body) is returned once: the
    statement that names the most fields."""
    return extract(text, lang, rates, published)[1]


def extract(text: str, lang: str | None = None, rates: Rates | None = None,
            published: str | None = None) -> tuple[Document, list[Event]]:
    """The article as read (language, article date, mentions) and its events, for callers
    that need both without reading the text twice."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    doc = Document.read(text, lang, rates, published)
    events: list[Event] = []
    for start, end in sentences(text):
        events.extend(read_sentence(doc, start, end))
    events = loan_terms(doc, events)
    return doc, _without_headline_twins(_once_each(events, doc.title_end), doc.title_end)


def _filled(event: Event) -> tuple[int, float]:
    named = sum(getattr(event, f) is not None for f in
                ("actor", "location", "material", "date", "counterparty", "stage"))
    return len(event.numbers()) * 2 + named, event.confidence


def _once_each(events: list[Event], headline_end: int = 0) -> list[Event]:
    """Twins (`same_fact`) share type, actor, material and stage: only events of one such
    key are compared, so a long text of many facts is not compared pair by pair. Of twins
    the one that names more is kept; when they name as much, the body's over the title's
    (the body gives the evidence in full)."""
    kept: list[Event] = []
    fields: list[dict] = []
    filled: list[tuple[int, float]] = []
    by_key: dict[tuple, list[int]] = {}
    for event in events:
        dumped = {name: getattr(event, name) for name in _COMPARED}
        key = (event.type, event.actor, event.material, event.stage)
        bucket = by_key.setdefault(key, [])
        # two figures of one sentence are two facts ("from 1.324 million tons in 2023 to
        # 1.328 million tons"), however close
        twin = next((i for i in bucket if kept[i].span != event.span
                     and same_fact(fields[i], dumped)), None)
        mine = _filled(event)
        if twin is None:
            bucket.append(len(kept))
            kept.append(event)
            fields.append(dumped)
            filled.append(mine)
        elif mine > filled[twin] or (mine[0] == filled[twin][0]
                                     and kept[twin].span[0] < headline_end <= event.span[0]):
            kept[twin], fields[twin], filled[twin] = event, dumped, mine
    return sorted(kept, key=lambda e: e.span)


_COMPARED = {"actor", "material", "stage", "measure", "location", "amount", "currency",
             "date", *NUMERIC_FIELDS}


def _without_headline_twins(events: list[Event], headline_end: int) -> list[Event]:
    """A figure of the title that the body states again (with another actor or place: the
    title names the deal, the body its parties) is the body's fact, once."""
    body = [e for e in events if e.span[0] >= headline_end]

    def told_again(event: Event) -> bool:
        if event.type == "export_control":    # the title's measure is the body's, told short
            return any(other.type == event.type and other.material == event.material
                       for other in body)
        numbers = event.numbers()
        return bool(numbers) and any(
            other.type == event.type and set(numbers) <= set(other.numbers())
            and all(abs(v - other.numbers()[k]) <= TOLERANCE * max(abs(v), 1e-9)
                    for k, v in numbers.items()) for other in body)

    return [e for e in events if e.span[0] >= headline_end or not told_again(e)]
