"""The registry's tables (SQLAlchemy 2.0 typed ORM). One fact in one place:

- `sources`: every citation (the packaged sources.csv mirrored, a user's URL, a news article),
  referred to by id from every row that needs one.
- `projects` + `project_versions`: a project is its id and origin; what it says is its
  versions. Every add, edit, retirement or release update writes a new version (who, when,
  why, source); the newest is current, the old ones stay readable (`projects history`).
- `articles`, `events`: what was read and what the extractor found in it.
- `candidates`, `candidate_sources`, `decisions`: facts proposed by the news, each with the
  articles that state it, and the audit log of accept, reject, edit and merge.
- `supply_assets`, `export_controls`, `share_observations`: accepted news facts the model
  uses beside the packaged tables (assets and controls in the columns of their CSV files).
- `api_keys`: hashed keys for the REST API. `meta`: key/value facts of the database itself.

JSON columns hold what has no query of its own (a candidate's fields, an event as read).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ORIGINS = ("builtin", "user", "news")
ACTIONS = ("add", "edit", "retire", "release", "import")
DECISIONS = ("accept", "reject", "edit", "merge", "unusable")   # unusable: an import's note


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(Text, primary_key=True)   # an id, a URL or news:HASH
    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(10), default="")
    quality: Mapped[str | None] = mapped_column(String(10))
    sha256: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(10))
    recorded: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    origin: Mapped[str] = mapped_column(String(10))
    current: Mapped[int] = mapped_column(Integer)          # the newest version's number
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    candidate_id: Mapped[str | None] = mapped_column(ForeignKey("candidates.id"))


class ProjectVersion(Base):
    """One version of a project: the columns of projects.csv, and who changed what and why."""

    __tablename__ = "project_versions"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(10))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    why: Mapped[str] = mapped_column(Text, default="")
    data_version: Mapped[str | None] = mapped_column(String(40))   # release rows: which release
    operator: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(20), index=True)
    announced_date: Mapped[str] = mapped_column(String(10))
    capex: Mapped[float | None] = mapped_column(Float)
    capex_currency: Mapped[str | None] = mapped_column(String(3))
    capex_scope: Mapped[str | None] = mapped_column(String(20))
    capacity_mw: Mapped[float | None] = mapped_column(Float)
    capacity_basis: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), index=True)
    first_year: Mapped[int] = mapped_column(Integer)
    full_year: Mapped[int] = mapped_column(Integer)
    archetype: Mapped[str] = mapped_column(String(60))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    quality: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")


class ProjectSource(Base):
    """More sources of a project than its version names (a merged news article)."""

    __tablename__ = "project_sources"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Article(Base):
    __tablename__ = "articles"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(2))
    url: Mapped[str | None] = mapped_column(Text)
    ingested: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Event(Base):
    __tablename__ = "events"
    article_sha256: Mapped[str] = mapped_column(ForeignKey("articles.sha256"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JSON)


class Candidate(Base):
    __tablename__ = "candidates"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(10), index=True)
    fields: Mapped[dict] = mapped_column(JSON)
    extra: Mapped[dict] = mapped_column(JSON, default=dict)   # keys an older store kept
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CandidateSource(Base):
    """An article that states a candidate's fact: its evidence sentence and span."""

    __tablename__ = "candidate_sources"
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id"), primary_key=True)
    article_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)   # title, date, path, evidence, span, ...
    __table_args__ = (Index("ix_candidate_sources_article", "article_sha256"),)


class Decision(Base):
    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    why: Mapped[str] = mapped_column(Text, default="")


class _AcceptedRow:
    """A row of a packaged table's columns that an accepted news record became."""

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    row: Mapped[dict] = mapped_column(JSON)
    candidate_id: Mapped[str | None] = mapped_column(ForeignKey("candidates.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SupplyAsset(_AcceptedRow, Base):
    """An accepted offtake (or other asset) in the columns of supply_assets.csv."""

    __tablename__ = "supply_assets"


class ExportControl(_AcceptedRow, Base):
    """An accepted export control in the columns of export_controls.csv."""

    __tablename__ = "export_controls"


class ShareObservation(Base):
    """A share of a country (or company) in a material's stage, as an article states it:
    shown beside the USGS shares, never replacing them."""

    __tablename__ = "share_observations"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    material: Mapped[str | None] = mapped_column(String(40), index=True)
    stage: Mapped[str | None] = mapped_column(String(20))
    holder: Mapped[str | None] = mapped_column(Text)        # a country or a company
    share_pct: Mapped[float] = mapped_column(Float)
    date: Mapped[str | None] = mapped_column(String(10))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    candidate_id: Mapped[str | None] = mapped_column(ForeignKey("candidates.id"))


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)   # never the key itself
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scope: Mapped[str] = mapped_column(String(10), server_default="write")   # read|write|admin
    __table_args__ = (UniqueConstraint("name", name="uq_api_keys_name"),)


class Run(Base):
    """A model run requested over the API: its request (canonical), where it stands, and
    its summary when done. An identical request (same `request_hash`) reuses it."""

    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64), unique=True)
    request: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), index=True)   # queued|running|done|failed
    done_samples: Mapped[int] = mapped_column(Integer, default=0)
    total_samples: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict | None] = mapped_column(JSON)
    errors: Mapped[list | None] = mapped_column(JSON)
    folder: Mapped[str | None] = mapped_column(Text)               # summary.json, demand.nc
    by: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Feed(Base):
    """An RSS or Atom feed `layer0 watch` reads: the validators of its last answer (for a
    conditional request next time) and how its last read went."""

    __tablename__ = "feeds"
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    checked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default="new")   # read|unchanged|failed
    error: Mapped[str | None] = mapped_column(Text)


class FeedItem(Base):
    """An item of a feed whose article was read and ingested: it is not fetched again."""

    __tablename__ = "feed_items"
    feed_url: Mapped[str] = mapped_column(ForeignKey("feeds.url"), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)     # the item's id, else its link
    link: Mapped[str | None] = mapped_column(Text)
    article_sha256: Mapped[str | None] = mapped_column(String(64))
    seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))

