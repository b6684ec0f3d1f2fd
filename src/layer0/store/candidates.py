"""Candidate records read from the news, in the database: each record with its sources (the
articles that state it, with evidence), the articles read and the events found in them.

Record identity: the same fact from two articles is one record with two sources; the same
article (by content hash) a second time adds nothing.

`CandidateStore.load(session)` reads every record as a plain dict (`id`, `kind`, `status`,
`fields`, `sources`, plus any key an older store kept), the rules of `add` work on those, and
`save()` writes back what changed, in the caller's transaction (store.db: one writer at a
time, so nothing read here is changed by another process before it is written).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from layer0.candidates.records import KINDS, merge_fields
from layer0.errors import NotFound
from layer0.store.registry import ensure_source, now
from layer0.store.schema import Article, Candidate, CandidateSource, Event

RECORD_STATUSES = ("candidate", "accepted", "rejected", "merged")
CORE_KEYS = ("id", "kind", "status", "fields", "sources")


def news_source_id(sha256: str) -> str:
    """The source id of an ingested article (as projects.csv rows from the news cite it)."""
    return f"news:{sha256[:16]}"


def _fact_key(kind: str, fields: dict) -> tuple:
    """What two records of one fact share exactly (`same_fact` asks more): only records with
    the same key need comparing."""
    return kind, fields.get("actor"), fields.get("material"), fields.get("stage")


def _snapshot(record: dict) -> str:
    return json.dumps(record, sort_keys=True, default=str)


@dataclass
class CandidateStore:
    session: Session
    records: list[dict] = field(default_factory=list)
    _saved: dict[str, str] = field(default_factory=dict)   # id -> record as last written
    _seen: set[str] = field(default_factory=set)            # article hashes already read
    _by_fact: dict[tuple, list[dict]] = field(default_factory=dict)   # see _fact_key
    _ids: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session) -> CandidateStore:
        sources: dict[str, list[dict]] = {}
        for link in session.scalars(sa.select(CandidateSource).order_by(
                CandidateSource.candidate_id, CandidateSource.position)):
            sources.setdefault(link.candidate_id, []).append(dict(link.data))
        records = []
        for c in session.scalars(sa.select(Candidate).order_by(Candidate.created, Candidate.id)):
            records.append({"id": c.id, "kind": c.kind, "status": c.status,
                            "fields": dict(c.fields), "sources": sources.get(c.id, []),
                            **(c.extra or {})})
        store = cls(session, records)
        store._saved = {r["id"]: _snapshot(r) for r in records}
        store._seen = set(session.scalars(sa.select(Article.sha256)))
        store._seen |= {s["sha256"] for r in records for s in r["sources"]}
        for record in records:
            store._by_fact.setdefault(_fact_key(record["kind"], record["fields"]),
                                      []).append(record)
        return store

    def sources_seen(self) -> set[str]:
        """Hashes of the articles read (every source's article is one: `add_article`)."""
        return self._seen

    def accepted(self, kind: str) -> list[dict]:
        return [r for r in self.records if r["kind"] == kind and r["status"] == "accepted"]

    def get(self, record_id: str) -> dict:
        for record in self.records:
            if record["id"] == record_id:
                return record
        raise NotFound.at("review", "id", f"no record '{record_id}' (see `layer0 review`)")

    def add_article(self, sha256: str, path: str, title: str, date: str | None,
                    language: str | None, events: list[dict], url: str | None = None) -> None:
        """An article read (it is seen from now on, even if it yields no event), its source
        row and the events found in it."""
        if self.session.get(Article, sha256) is None:
            self.session.add(Article(sha256=sha256, path=path, title=title, date=date,
                                     language=language, url=url, ingested=now()))
            for n, event in enumerate(events):
                self.session.add(Event(article_sha256=sha256, position=n, type=event["type"],
                                       data=event))
        ensure_source(self.session, news_source_id(sha256), "news", title=title,
                      date=date or "", sha256=sha256, url=url or "", quality="SEC",
                      note=f"news article {path}")
        self._seen.add(sha256)

    def add(self, kind: str, fields: dict, source: dict) -> str:
        """'new', 'source' (a known fact, one more source) or 'seen' (nothing to add)."""
        from layer0.extract.event import same_fact  # the extractor: 0.2 s of every start

        if kind not in KINDS:
            raise ValueError(kind)
        same_key = self._by_fact.setdefault(_fact_key(kind, fields), [])
        for record in same_key:
            if same_fact(record["fields"], fields):
                if any(s["sha256"] == source["sha256"] for s in record["sources"]):
                    return "seen"
                record["sources"].append(source)
                record["fields"] = merge_fields(record["fields"], fields)
                return "source"
        record = {"id": self._new_id(kind, fields, source), "kind": kind,
                  "status": "candidate", "fields": fields, "sources": [source]}
        self.records.append(record)
        same_key.append(record)
        self._ids.add(record["id"])
        return "new"

    def save(self) -> list[str]:
        """Write the records that changed since `load` (ids returned), in this transaction."""
        changed = []
        for record in self.records:
            snapshot = _snapshot(record)
            if self._saved.get(record["id"]) == snapshot:
                continue
            changed.append(record["id"])
            extra = {k: v for k, v in record.items() if k not in CORE_KEYS}
            known = record["id"] in self._saved
            row = self.session.get(Candidate, record["id"]) if known else None
            if row is None:
                row = Candidate(id=record["id"], kind=record["kind"], created=now())
                self.session.add(row)
            row.status, row.fields, row.extra = record["status"], dict(record["fields"]), extra
            linked = set(self.session.scalars(sa.select(CandidateSource.article_sha256).where(
                CandidateSource.candidate_id == record["id"]))) if known else set()
            for n, source in enumerate(record["sources"]):
                if source["sha256"] not in linked:
                    linked.add(source["sha256"])
                    self.session.add(CandidateSource(candidate_id=record["id"],
                                                     article_sha256=source["sha256"],
                                                     position=n, data=dict(source)))
            self._saved[record["id"]] = snapshot
        self.session.flush()
        return changed

    def _new_id(self, kind: str, fields: dict, source: dict) -> str:
        seed = json.dumps([kind, fields, source["sha256"]], sort_keys=True, default=str)
        digest = hashlib.sha256(seed.encode()).hexdigest()
        if not self._ids:
            self._ids = {r["id"] for r in self.records}
        for width in range(8, 65):
            candidate = f"news-{digest[:width]}"
            if candidate not in self._ids:
                return candidate
        raise RuntimeError("identifier space exhausted")  # 64 hex digits cannot all clash
