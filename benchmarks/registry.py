"""The registry database: news ingest, project import and listing, and a project's history,
each against a plain-file baseline measured in the same run (ratio = database time / baseline
time, so the database's share is visible).

Run alone (`python benchmarks/registry.py [--quick] [--no-postgres]`) or through `make bench`.
Every case works in its own temporary user data folder (LAYER0_USER_DATA_DIR points there
meanwhile), so nothing touches the real one. PostgreSQL cases run when tests/pg.py can start
its throwaway server (fsync off: a test server), and are skipped with a note otherwise.
Figures are printed, never asserted on.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from timing import best_of, timed  # benchmarks/timing.py: this file's folder is on sys.path

from layer0.reference import projects as user_projects
from layer0.services import news, projects
from layer0.services.registry import database, packaged_reference
from layer0.settings import Settings
from layer0.store.db import dispose_all

ROOT = Path(__file__).resolve().parents[1]

ENV = ("LAYER0_USER_DATA_DIR", "LAYER0_NEWS_DIR", "LAYER0_DATABASE_URL")
SOURCE = "https://example.org/registry-benchmark"


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'layer0.db'}"


@contextmanager
def isolated(url_for: Callable[[Path], str] = sqlite_url) -> Iterator[tuple[Path, Settings]]:
    """A temporary user data folder, its settings (database from `url_for(folder)`) and the
    LAYER0_ variables pointing at them; all put back (pools closed) at the end."""
    saved = {k: os.environ.get(k) for k in ENV}
    with tempfile.TemporaryDirectory(prefix="layer0-bench-") as name:
        folder = Path(name)
        settings = Settings(user_data_dir=folder, news_dir=folder / "news",
                            database_url=url_for(folder))
        os.environ.update({"LAYER0_USER_DATA_DIR": str(folder),
                           "LAYER0_NEWS_DIR": str(folder / "news"),
                           "LAYER0_DATABASE_URL": settings.database_url})
        try:
            yield folder, settings
        finally:
            dispose_all()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


# -- articles ---------------------------------------------------------------------------------

BUYERS = ("Microsoft", "Amazon Web Services", "Google", "Meta", "Oracle", "OpenAI", "CoreWeave",
          "Equinix", "Digital Realty", "Crusoe", "xAI", "Nebius")
MINERS = ("Rio Tinto", "BHP", "Freeport-McMoRan", "Glencore", "Anglo American", "Codelco",
          "Southern Copper", "Teck", "First Quantum", "Antofagasta")
US_PLACES = (("Phoenix", "Arizona"), ("Abilene", "Texas"), ("Columbus", "Ohio"),
             ("Richmond County", "North Carolina"), ("Atlanta", "Georgia"),
             ("Loudoun County", "Virginia"), ("Council Bluffs", "Iowa"), ("Reno", "Nevada"),
             ("New Albany", "Ohio"), ("Mount Pleasant", "Wisconsin"))
DE_PLACES = ("Frankfurt", "Berlin", "München", "Hanau", "Düsseldorf", "Hamburg")
MINE_PLACES = ("Utah", "Arizona", "Chile", "Peru", "Zambia", "Australia")
DE_MINE_PLACES = ("Utah", "Arizona", "Chile", "Peru", "Sambia", "Australien")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
DE_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember")
EN_YEARS = ("three", "four", "five", "six", "seven")
DE_YEARS = ("drei", "vier", "fünf", "sechs", "sieben")
EN_FILLER = (
    "Analysts said demand for power, cooling and grid connections keeps rising as cloud "
    "providers race to add capacity for training and serving large models.",
    "Local officials welcomed the plans and pointed to new jobs in construction, operations "
    "and the regional supply chain.",
    "Utilities in the region have warned that new substations and transmission lines will "
    "take years to permit and build.",
    "The company did not comment on the cost of electricity or on how much water the site "
    "will use for cooling.",
    "Industry groups expect the pace of announcements to continue while chip supply and "
    "financing remain available.",
    "Critics questioned the tax incentives and asked for binding commitments on local hiring "
    "and on renewable power purchases.",
)
DE_FILLER = (
    "Analysten erwarten, dass der Bedarf an Strom, Kühlung und Netzanschlüssen weiter steigt, "
    "weil Cloud-Anbieter ihre Kapazitäten für künstliche Intelligenz rasch ausbauen.",
    "Die Kommune begrüßte die Pläne und verwies auf neue Arbeitsplätze im Bau, im Betrieb und "
    "bei Zulieferern aus der Region.",
    "Netzbetreiber warnen seit Monaten, dass neue Umspannwerke und Leitungen Jahre für "
    "Genehmigung und Bau brauchen.",
    "Zu den Stromkosten und zum Wasserverbrauch der Anlage machte das Unternehmen keine "
    "Angaben.",
    "Branchenverbände rechnen damit, dass weitere Ankündigungen folgen, solange Chips und "
    "Finanzierung verfügbar bleiben.",
    "Kritiker bemängeln die Förderzusagen und fordern verbindliche Zusagen zu lokalen "
    "Arbeitsplätzen und zum Einkauf von Ökostrom.",
)
ARTICLE_BYTES = 5 * 1024


def _de_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _en_events(rng: random.Random) -> list[str]:
    buyer, miner = rng.choice(BUYERS), rng.choice(MINERS)
    city, state = rng.choice(US_PLACES)
    year = rng.choice((2025, 2026))
    return [f"{buyer} will invest ${rng.randint(2, 60)} billion in a new data center campus "
            f"in {city}, {state}, the company announced on {rng.choice(EN_MONTHS)} "
            f"{rng.randint(1, 28)}, {year}. The campus is planned for "
            f"{rng.randint(10, 400) * 5} MW of IT capacity and should start operating in "
            f"{year + rng.randint(1, 4)}.",
            f"{miner} agreed to supply {rng.randint(5, 80) * 1000:,} tonnes of copper cathode "
            f"to {buyer} over {rng.choice(EN_YEARS)} years from its mine in "
            f"{rng.choice(MINE_PLACES)}."]


def _de_events(rng: random.Random) -> list[str]:
    buyer, miner = rng.choice(BUYERS), rng.choice(MINERS)
    year = rng.choice((2025, 2026))
    return [f"{buyer} investiert {rng.randint(2, 30)} Milliarden Euro in ein neues "
            f"Rechenzentrum in {rng.choice(DE_PLACES)}, teilte das Unternehmen am "
            f"{rng.randint(1, 28)}. {rng.choice(DE_MONTHS)} {year} mit. Der Campus soll eine "
            f"Leistung von {rng.randint(10, 200) * 5} MW haben und {year + rng.randint(1, 4)} "
            "in Betrieb gehen.",
            f"{miner} liefert {_de_number(rng.randint(5, 80) * 1000)} Tonnen Kupfer an {buyer} "
            f"über {rng.choice(DE_YEARS)} Jahre aus der Mine in {rng.choice(DE_MINE_PLACES)}."]


def article_text(n: int, rng: random.Random) -> str:
    """About 5 KB of English (even n) or German (odd n) news: two event blocks (an
    investment with its capacity, a copper offtake) among paragraphs without facts."""
    english = n % 2 == 0
    events = (_en_events if english else _de_events)
    filler = EN_FILLER if english else DE_FILLER
    title = (f"Data center and copper briefing no. {n}" if english
             else f"Rechenzentren und Kupfer: Wochenrückblick Nr. {n}")
    paragraphs = [title, *events(rng)]
    body = list(filler)
    rng.shuffle(body)
    paragraphs += body[:3] + events(rng) + body[3:]
    while len("\n\n".join(paragraphs).encode()) < ARTICLE_BYTES:
        paragraphs.append(rng.choice(filler))
    return "\n\n".join(paragraphs)[:ARTICLE_BYTES]


def write_articles(folder: Path, count: int, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        path = folder / f"article-{n:05d}.txt"
        path.write_text(article_text(n, rng), encoding="utf-8")
        paths.append(path)
    return paths


def ingest_vs_extract(count: int, url_for=sqlite_url, backend: str = "sqlite") -> dict:
    """`count` articles ingested into a fresh database against extracting their events alone
    (the database made and the release synced first, timed apart as db_setup_s)."""
    with isolated(url_for) as (folder, settings):
        read = news.read_articles(write_articles(folder / "articles", count))
        setup, _ = timed(lambda: database(settings))
        news.extract(read.articles[:1], settings=settings)   # tables and patterns compiled once
        t_extract, extracted = timed(lambda: news.extract(read.articles, settings=settings))
        t_ingest, (outcomes, records, _db) = timed(
            lambda: news.ingest(read.articles, settings=settings))
    return {"name": f"registry_ingest_{backend}", "figure": round(count / t_ingest, 1),
            "unit": "articles/s", "ratio": round(t_ingest / t_extract, 2),
            "articles": count, "ingest_s": round(t_ingest, 2),
            "extract_s": round(t_extract, 2),
            "events": sum(len(a["events"]) for a in extracted),
            "ingested_events": sum(o.events for o in outcomes), "records": records,
            "db_setup_s": round(setup, 2), "note": "ratio = ingest time / extract time"}


# -- projects ---------------------------------------------------------------------------------

OPERATORS = ("Northwind Cloud", "Contoso Data Centers", "Fabrikam Cloud Services",
             "Tailspin Compute", "Adatum Hosting", "Litware Cloud", "Proseware Infrastructure",
             "Woodgrove Digital", "Wingtip Cloud Partners", "Lucerne Colocation")
REGIONS = ("US", "US-TX", "US-AZ", "US-VA", "US-GA", "US-OH", "US-NC", "US-IA", "DE", "IE",
           "NL", "GB", "FR", "SE")
STATUSES = ("announced", "announced", "under_construction", "partially_operating",
            "operating", "cancelled")
ARCHETYPES = ("hyperscale_ai", "hyperscale_cloud", "colocation", "enterprise")
FILTERS = {"region": "US", "status": "announced", "operator": "cloud"}


def many_projects(path: Path, rows: int, seed: int = 0) -> Path:
    """A projects file of `rows` user projects with varied operators, regions, statuses and
    capacities (as tests/helpers.py `many_projects`, less uniform)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(projects.COLUMNS)
        for i in range(rows):
            first = rng.randint(2026, 2030)
            writer.writerow([f"u{i}", rng.choice(OPERATORS), f"Campus {i}", rng.choice(REGIONS),
                             f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "", "",
                             "", rng.randint(2, 400) * 5, "it", rng.choice(STATUSES), first,
                             first + rng.randint(0, 3), rng.choice(ARCHETYPES),
                             f"https://example.org/source-{i % 50}", "SEC", ""])
    return path


def _pandas_list(path: Path, filtered: bool) -> pd.DataFrame:
    frame = pd.read_csv(path)
    if filtered:
        region = frame["region"]
        frame = frame[((region == FILTERS["region"])
                       | region.str.startswith(FILTERS["region"] + "-"))
                      & (frame["status"] == FILTERS["status"])
                      & frame["operator"].str.contains(FILTERS["operator"], case=False,
                                                       regex=False)]
    return frame.sort_values("id")


def import_and_list(count: int, repeat: int, url_for=sqlite_url,
                    backend: str = "sqlite") -> list[dict]:
    """`count` projects imported from a CSV file (against validating the file alone), then
    listed with and without filters (against pandas reading the file and filtering it)."""
    with isolated(url_for) as (folder, settings):
        path = many_projects(folder / "projects.csv", count)
        ref = packaged_reference(settings)
        database(settings)
        t_validate = best_of(lambda: user_projects.from_csv(path, ref), 2)
        t_read = best_of(lambda: pd.read_csv(path), 3)
        t_import, counts = timed(lambda: projects.import_csv(path, settings=settings))
        out = [{"name": f"registry_import_{backend}", "figure": round(t_import, 2),
                "unit": "s", "ratio": round(t_import / t_validate, 1), "projects": count,
                "added": counts["added"], "validate_s": round(t_validate, 3),
                "pandas_read_ms": round(t_read * 1e3, 1),
                "note": "ratio = import time / validating the file alone"}]
        for label, filters in (("filtered", FILTERS), ("all", {})):
            listed = projects.list_projects(**filters, settings=settings)
            t_db = best_of(lambda f=filters: projects.list_projects(**f, settings=settings),
                            repeat)
            t_pd = best_of(lambda f=bool(filters): _pandas_list(path, f), repeat)
            expected = len(_pandas_list(path, bool(filters)))
            own = sum(r["origin"] == "user" for r in listed)
            out.append({"name": f"registry_list_{label}_{backend}",
                        "figure": round(t_db * 1e3, 1), "unit": "ms/list",
                        "ratio": round(t_db / t_pd, 1), "projects": count,
                        "rows": len(listed), "pandas_ms": round(t_pd * 1e3, 1),
                        "pandas_rows": expected, "filters": filters or "none",
                        **({} if own == expected else {"MISMATCH_user_rows": own}),
                        "note": "ratio = list_projects / pandas read_csv + filter"})
    return out


def history_vs_jsonl(versions: int, repeat: int, url_for=sqlite_url,
                     backend: str = "sqlite") -> list[dict]:
    """One project edited `versions - 1` times (each edit against appending the version to a
    JSON-lines file, fsynced), then its history read (against reading that file)."""
    with isolated(url_for) as (folder, settings):
        row = {"id": "bench-history", "operator": "Northwind Cloud", "name": "History campus",
               "region": "US-TX", "announced_date": "2025-06-01", "capacity_mw": 100,
               "capacity_basis": "it", "status": "announced", "first_year": 2027,
               "full_year": 2028, "archetype": "hyperscale_ai"}
        database(settings)
        projects.add(row, SOURCE, settings=settings)
        lines = folder / "history.jsonl"

        def append(version: dict) -> None:
            with lines.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(version) + "\n")
                handle.flush()
                os.fsync(handle.fileno())

        t_edit = t_append = 0.0
        for n in range(1, versions):
            t, _ = timed(lambda n=n: projects.edit(
                "bench-history", [f"capacity_mw={100 + 5 * n}", f"note=edit {n}"],
                f"{SOURCE}/{n}", why=f"edit {n}", settings=settings))
            t_edit += t
        history = projects.history("bench-history", settings=settings)
        for version in history:
            t, _ = timed(lambda v=version: append(v))
            t_append += t

        def read_lines() -> list[dict]:
            with lines.open(encoding="utf-8") as handle:
                return [json.loads(line) for line in handle]

        t_db = best_of(lambda: projects.history("bench-history", settings=settings), repeat)
        t_file = best_of(read_lines, repeat)
    edits = max(1, versions - 1)
    return [{"name": f"registry_edit_{backend}", "figure": round(t_edit / edits * 1e3, 1),
             "unit": "ms/edit", "ratio": round(t_edit / edits / (t_append / len(history)), 1),
             "edits": edits,
             "jsonl_append_ms": round(t_append / len(history) * 1e3, 2),
             "note": "ratio = projects.edit / appending a JSON line with fsync"},
            {"name": f"registry_history_{backend}", "figure": round(t_db * 1e3, 2),
             "unit": "ms/history", "ratio": round(t_db / t_file, 1), "versions": len(history),
             "jsonl_ms": round(t_file * 1e3, 3),
             "note": "ratio = projects.history / reading the JSON-lines file"}]


def _postgres_url_factory() -> Callable[[Path], str] | None:
    """A fresh database on tests/pg.py's throwaway server per call, or None (a note printed)
    when it cannot start."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from pg import fresh_database_url

        fresh_database_url()   # start the server now, so a failure is seen here
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:   # pytest.skip raises a BaseException
        reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        print(f"PostgreSQL skipped: tests/pg.py fresh_database_url() failed: {reason}",
              flush=True)
        return None
    return lambda _folder: fresh_database_url()


def registry(articles: int, project_count: int, versions: int, repeat: int = 5,
             postgres: bool = True) -> list[dict]:
    rows = [ingest_vs_extract(articles), *import_and_list(project_count, repeat),
            *history_vs_jsonl(versions, repeat * 4)]
    pg_url = _postgres_url_factory() if postgres else None
    if pg_url is not None:
        rows += [{**r, "note": r["note"] + "; PostgreSQL test server (fsync off)"}
                 for r in [ingest_vs_extract(articles, pg_url, "postgresql"),
                           *import_and_list(project_count, repeat, pg_url, "postgresql")]]
    return rows


def table(rows: list[dict]) -> str:
    shown = ("name", "figure", "unit", "ratio")
    width = max(len(r["name"]) for r in rows)
    lines = [f"{'case':<{width}}  {'figure':>9}  {'unit':<11} {'ratio':>7}  details"]
    for r in rows:
        details = ", ".join(f"{k}={v}" for k, v in r.items() if k not in (*shown, "note"))
        lines.append(f"{r['name']:<{width}}  {r['figure']:>9}  {r['unit']:<11} "
                     f"{r['ratio']:>7}  {details}")
    notes = dict.fromkeys(f"{r['name'].split('_')[1]}: {r['note']}" for r in rows)
    return "\n".join([*lines, "", *notes])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    quick = args.quick
    rows = registry(100 if quick else 1000, 2000 if quick else 10_000, 30 if quick else 100,
                    postgres=not args.no_postgres)
    print(table(rows))


if __name__ == "__main__":
    main()
