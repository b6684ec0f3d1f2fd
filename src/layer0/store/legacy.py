"""The store of layer0 0.4 and before: a folder with `candidates.json` (every record, its
sources and decision) and `accepted_projects.csv` (derived from it). On first use of a
database, and again whenever the file changes, its records are imported losslessly (every
key kept; ids, statuses and sources as they were) and the files are left in place.

Importing is idempotent: a record already in the database is not touched, a source already
linked is not added again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from layer0.candidates.records import KINDS
from layer0.errors import InputError
from layer0.store.candidates import CandidateStore
from layer0.store.registry import get_meta, set_meta

STORE = "candidates.json"
LEGACY_STATUSES = ("candidate", "accepted", "rejected")


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
    status: Literal[LEGACY_STATUSES]
    fields: dict
    sources: list[_Source]


def read_records(folder: Path) -> tuple[list[dict], str] | None:
    """The records of `folder`'s candidates file and the file's hash (None: no file).
    A file that is not a candidates file is refused by name."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError.parameter("news_dir", "is a file, not a folder", where=f"{folder}:0")
    path = folder / STORE
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
        records = json.loads(raw.decode("utf-8"))["records"]
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
    return records, hashlib.sha256(raw).hexdigest()


def import_folder(session: Session, folder: Path) -> list[dict]:
    """Import the folder's records not yet in the database; returns those imported (the
    caller applies the accepted ones to the registry)."""
    found = read_records(folder)
    if found is None:
        return []
    records, digest = found
    key = f"legacy:{Path(folder).resolve()}"
    if get_meta(session, key) == digest:
        return []
    store = CandidateStore.load(session)
    known = {r["id"] for r in store.records}
    imported = []
    for record in records:
        if record["id"] in known:
            continue
        for source in record["sources"]:
            store.add_article(source["sha256"], source.get("path") or "", source["title"],
                              source.get("date"), None, [])
        store.records.append(json.loads(json.dumps(record)))
        imported.append(record)
    store.save()
    set_meta(session, key, digest)
    return imported
