"""Helpers of the registry database tests (import as `from store_helpers import ...`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import sqlalchemy as sa

LAYER0 = Path(sys.executable).parent / "layer0"   # the console script of this venv

STATES = ("Texas", "Ohio", "Oregon", "Arizona", "Nevada", "Georgia", "Virginia", "Iowa", "Utah",
          "Idaho", "Kansas", "Indiana", "Illinois", "Wyoming", "Montana", "Nebraska",
          "Oklahoma", "Louisiana", "Alabama", "Tennessee", "Kentucky", "Wisconsin",
          "Minnesota", "Michigan", "Colorado", "Florida", "Missouri", "Arkansas",
          "Mississippi", "Pennsylvania")
COMPANIES = ("Acme", "Borealis", "Cobalt", "Dynamo", "Everest", "Falcon", "Granite", "Harbor",
             "Ion", "Juniper")


def new_database_url(backend: str, folder: Path) -> str:
    """A new, empty database: a SQLite file in `folder`, or a database on this test process's
    PostgreSQL server."""
    if backend == "sqlite":
        return f"sqlite:///{folder / f'registry-{uuid.uuid4().hex[:8]}.db'}"
    from pg import fresh_database_url

    return fresh_database_url()


def article_text(n: int) -> str:
    """Article number `n` (0-299): one data-centre project in a state at a capacity no other
    article has in that state (capacities 50 MW apart, far beyond the 2 % within which two
    reports are one fact), so every article yields exactly one record of its own."""
    state, mw = STATES[n % len(STATES)], 100 + 50 * (n // len(STATES))
    company = COMPANIES[n % len(COMPANIES)]
    return (f"{company} Corp plans {mw} MW campus in {state}\n"
            f"{company} Corp will invest ${n + 1} billion to build a {mw} MW AI data center "
            f"campus in {state}, the company said on March {n % 28 + 1}, 2026.\n")


def write_articles(folder: Path, numbers) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        path = folder / f"article-{n:03d}.txt"
        path.write_text(article_text(n), encoding="utf-8")
        paths.append(path)
    return paths


def process_env(url: str, user_data: Path) -> dict:
    """The environment of a `layer0` process on database `url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAYER0_")}
    env.update(LAYER0_DATABASE_URL=url, LAYER0_USER_DATA_DIR=str(user_data),
               LAYER0_NEWS_DIR=str(user_data / "news"), COLUMNS="200")
    return env


def start_ingest(url: str, user_data: Path, paths: list[Path]) -> subprocess.Popen:
    return subprocess.Popen([str(LAYER0), "ingest", *map(str, paths)],
                            env=process_env(url, user_data), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_ingest(url: str, user_data: Path, paths: list[Path]) -> None:
    proc = start_ingest(url, user_data, paths)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, (proc.returncode, out, err)


def engine(url: str) -> sa.Engine:
    """A plain engine on `url` (no layer0 code between the test and the tables)."""
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def table_names(url: str) -> set[str]:
    eng = engine(url)
    try:
        with eng.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        eng.dispose()


def query(url: str, sql: str, **params) -> list[tuple]:
    eng = engine(url)
    try:
        with eng.connect() as connection:
            return [tuple(r) for r in connection.execute(sa.text(sql), params)]
    finally:
        eng.dispose()


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def candidates(url: str) -> dict[str, dict]:
    """Every candidate record of the database read from its tables: id -> kind, status,
    fields, extra and its sources (article hash -> source minus the time it was ingested)."""
    out = {}
    for cid, kind, status, fields, extra in query(
            url, "SELECT id, kind, status, fields, extra FROM candidates"):
        out[cid] = {"kind": kind, "status": status, "fields": _json(fields),
                    "extra": _json(extra), "sources": {}}
    for cid, sha, data in query(url, "SELECT candidate_id, article_sha256, data "
                                "FROM candidate_sources"):
        source = {k: v for k, v in _json(data).items() if k != "ingested"}
        out[cid]["sources"][sha] = source
    return out


def articles(url: str) -> dict[str, str]:
    """Article hash -> path of every article the database has read."""
    return dict(query(url, "SELECT sha256, path FROM articles"))
