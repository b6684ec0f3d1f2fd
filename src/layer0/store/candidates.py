"""Candidate records read from the news, kept in a folder until a database lands:
`candidates.json` (every record, its sources and decision) and `accepted_projects.csv` (the
accepted projects in projects.csv columns, for `--projects` and for reading). Both are
rewritten together, through temporary files and a rename.

Record identity: the same fact from two articles is one record with two sources; the same
article (by content hash) a second time adds nothing.

A change is read, changed and written under an exclusive lock on the folder (`transaction`),
so two ingests or an accept and a reject at the same time both keep their work. A file that
is not a candidates file, or whose records are not shaped as records, is refused by name.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from layer0.candidates.records import KINDS, merge_fields
from layer0.errors import InputError
from layer0.extract.event import same_fact
from layer0.io.atomic import write_all, write_text

STORE = "candidates.json"
PROJECTS = "accepted_projects.csv"
RECORD_STATUSES = ("candidate", "accepted", "rejected")


class _Source(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    sha256: str
    title: str
    evidence: str


class _Record(BaseModel):
    """The shape a stored record must have (extra keys are kept)."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    id: str
    kind: Literal[KINDS]
    status: Literal[RECORD_STATUSES]
    fields: dict
    sources: list[_Source]


@dataclass
class CandidateStore:
    folder: Path
    records: list[dict] = field(default_factory=list)

    @classmethod
    def open(cls, folder: Path) -> CandidateStore:
        """The records of `folder` (none if it has no candidates file yet)."""
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise InputError.parameter("news_dir", "is a file, not a folder", where=f"{folder}:0")
        path = folder / STORE
        if not path.exists():
            return cls(folder)
        try:
            data = json.loads(path.read_text("utf-8"))
            records = data["records"]
            if not isinstance(records, list):
                raise TypeError
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            raise InputError.at(f"{path}:0", "records", "not a layer0 candidates file; move "
                                "it away to start afresh") from None
        for n, record in enumerate(records):
            try:
                _Record.model_validate(record)
            except ValidationError as err:
                first = err.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise InputError.at(f"{path}:0", f"records.{n}" + (f".{where}" if where else ""),
                                    f"{first['msg']}: not a layer0 candidate record; move the "
                                    "file away to start afresh") from None
        return cls(folder, records)

    @classmethod
    @contextmanager
    def transaction(cls, folder: Path) -> Iterator[CandidateStore]:
        """The store of `folder`, read and (by the caller) saved while no other process or
        thread changes it: an exclusive lock on the folder (Linux and macOS lock a folder's
        descriptor like a file's)."""
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise InputError.parameter("news_dir", "is a file, not a folder", where=f"{folder}:0")
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder, os.O_RDONLY)   # the folder itself: no lock file to leave
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield cls.open(folder)
        finally:
            os.close(handle)                    # closing releases the lock

    def save(self, accepted_projects_csv: str) -> None:
        """Write the records and the accepted projects (as rendered by the caller) together."""
        self.folder.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"layer0_candidates": 1, "records": self.records}, allow_nan=False,
                          ensure_ascii=False, indent=1)
        write_all(self.folder, {STORE: write_text(body + "\n"),
                                PROJECTS: write_text(accepted_projects_csv)})

    def sources_seen(self) -> set[str]:
        return {s["sha256"] for r in self.records for s in r["sources"]}

    def accepted(self, kind: str) -> list[dict]:
        return [r for r in self.records if r["kind"] == kind and r["status"] == "accepted"]

    def get(self, record_id: str) -> dict:
        for record in self.records:
            if record["id"] == record_id:
                return record
        raise InputError.at("review", "id", f"no record '{record_id}' (see `layer0 review`)")

    def add(self, kind: str, fields: dict, source: dict) -> str:
        """'new', 'source' (a known fact, one more source) or 'seen' (nothing to add)."""
        if kind not in KINDS:
            raise ValueError(kind)
        for record in self.records:
            if record["kind"] == kind and same_fact(record["fields"], fields):
                if any(s["sha256"] == source["sha256"] for s in record["sources"]):
                    return "seen"
                record["sources"].append(source)
                record["fields"] = merge_fields(record["fields"], fields)
                return "source"
        self.records.append({"id": self._new_id(kind, fields, source), "kind": kind,
                             "status": "candidate", "fields": fields, "sources": [source]})
        return "new"

    def _new_id(self, kind: str, fields: dict, source: dict) -> str:
        seed = json.dumps([kind, fields, source["sha256"]], sort_keys=True, default=str)
        digest = hashlib.sha256(seed.encode()).hexdigest()
        taken = {r["id"] for r in self.records}
        for width in range(8, 65):
            candidate = f"news-{digest[:width]}"
            if candidate not in taken:
                return candidate
        raise RuntimeError("identifier space exhausted")  # 64 hex digits cannot all clash
