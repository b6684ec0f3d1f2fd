"""Articles -> events -> candidate records in the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from layer0.extract import extract
from layer0.io.articles import Article
from layer0.registry.candidates import Store
from layer0.registry.records import record_of


@dataclass
class Outcome:
    path: str
    already: bool = False      # this article (by content hash) was ingested before
    new: int = 0               # new records
    sourced: int = 0           # known records that gained this article as a source
    events: int = 0


def ingest(store: Store, article: Article, lang: str | None = None) -> Outcome:
    outcome = Outcome(article.path)
    if article.sha256 in store.sources_seen():
        outcome.already = True
        return outcome
    doc, events = extract(article.text, lang)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    outcome.events = len(events)
    for event in events:
        kind, fields = record_of(event.model_dump())
        source = {"title": article.title, "date": doc.article_date, "sha256": article.sha256,
                  "path": article.path, "evidence": event.evidence, "span": list(event.span),
                  "confidence": event.confidence, "ingested": now}
        result = store.add(kind, fields, source)
        outcome.new += result == "new"
        outcome.sourced += result == "source"
    return outcome
