"""Events -> candidate records, the rule for "the same fact", and accepted project records
-> rows of projects.csv (what `layer0 run` reads)."""

from __future__ import annotations

import csv
import io
import re

from layer0 import limits
from layer0.errors import InputError, Problem, mention
from layer0.reference.vocabulary import PROJECT_STATUSES

SET = mention("set")  # the correction of a field before accepting

KINDS = ("project", "offtake", "share", "production", "export_control")
KIND_OF_EVENT = {"investment": "project", "capacity": "project", "offtake": "offtake",
                 "market_share": "share", "production": "production",
                 "export_control": "export_control"}
FIELDS = ("actor", "counterparty", "amount_usd", "amount", "currency", "capacity_mw",
          "quantity_t", "material", "location", "share_pct", "stage", "period_years", "date")
PROJECT_COLUMNS = ("id", "operator", "name", "region", "announced_date", "capex",
                   "capex_currency", "capex_scope", "capacity_mw", "capacity_basis", "status",
                   "first_year", "full_year", "archetype", "source_id", "quality", "note")
_AI = re.compile(r"\b(?:KI|AI|artificial intelligence|künstliche[nr]? Intelligenz|GPU\w*|"
                 r"Supercomputer\w*|training)\b", re.IGNORECASE)


NUMBERS = {"capacity_mw": limits.SITE_MW, "amount": limits.CAPEX, "amount_usd": limits.CAPEX,
           "quantity_t": limits.TONNES, "share_pct": limits.SHARE_PCT,
           "period_years": limits.PERIOD_YEARS}
CORRECTABLE = (*FIELDS, "status", "archetype")


def record_of(event: dict) -> tuple[str, dict]:
    """(kind, fields) of the record an event proposes."""
    return KIND_OF_EVENT[event["type"]], {f: event.get(f) for f in FIELDS}


def merge_fields(old: dict, new: dict) -> dict:
    """Keep what the record has; fill what it lacks; a more specific place wins."""
    merged = dict(old)
    for name, value in new.items():
        if merged.get(name) is None and value is not None:
            merged[name] = value
    if old.get("location") and new.get("location") and len(new["location"]) > len(
            old["location"]):
        merged["location"] = new["location"]
    return merged


def lead_times(projects) -> tuple[int, int]:
    """Years from announcement to first and to full operation: the medians of the
    registry's announced projects (DERIVED from projects.csv, where they are estimates)."""
    announced = projects[projects["status"] == "announced"]
    year = announced["announced_date"].astype(str).str[:4].astype(int)
    return (int((announced["first_year"] - year).median()),
            int((announced["full_year"] - year).median()))


def project_row(record: dict, lead: tuple[int, int]) -> dict:
    """The projects.csv row of an accepted project record (its fields as reviewed); `lead`:
    the years from announcement to first and full operation (`lead_times`)."""
    f = record["fields"]
    source = record["sources"][0]
    date = f.get("date") or source.get("date") or source["ingested"][:10]
    first, full = lead
    year = int(date[:4])
    evidence = " ".join(s["evidence"] for s in record["sources"])
    return {
        "id": record["id"], "operator": f.get("actor") or "",
        "name": f"{f.get('actor') or 'Unnamed'} project in {f.get('location')} (from news)",
        "region": f.get("location") or "", "announced_date": date,
        "capex": f.get("amount") or "", "capex_currency": f.get("currency") or "",
        "capex_scope": "unspecified" if f.get("amount") else "",
        "capacity_mw": f.get("capacity_mw") or "",
        "capacity_basis": "unspecified" if f.get("capacity_mw") else "",
        "status": f.get("status") or "announced",
        "first_year": year + first, "full_year": year + full,
        "archetype": f.get("archetype") or ("hyperscale_ai" if _AI.search(evidence)
                                            else "hyperscale_cloud"),
        "source_id": f"news:{source['sha256'][:16]}", "quality": "SEC",
        "note": (f"From news ({len(record['sources'])} article(s): "
                 + "; ".join(s["title"] for s in record["sources"])[:300]
                 + f"). first_year/full_year ASSUMED: announced year + {first}/{full}, the "
                 "median lead times of the registry's announced projects."),
    }


def projects_csv(records: list[dict], lead: tuple[int, int]) -> str:
    """The accepted project records as a projects.csv file (for `--projects`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PROJECT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(project_row(record, lead))
    return buffer.getvalue()


def acceptance_problems(record: dict) -> list[Problem]:
    """What a project record lacks before it can enter a run."""
    if record["kind"] != "project":
        return []
    f, where = record["fields"], f"review: {record['id']}"
    problems = []
    if not f.get("actor"):
        problems.append(Problem(where, "actor", f"not stated; add {SET} actor=NAME"))
    if not f.get("location"):
        problems.append(Problem(where, "location", f"not stated; add {SET} location=US-TX "
                                "(ISO 3166)"))
    if not (f.get("amount") or f.get("capacity_mw")):
        problems.append(Problem(where, "capacity_mw", "neither MW nor capex stated; add "
                                f"{SET} capacity_mw=N"))
    return problems


def correct(record: dict, changes: list[str]) -> None:
    """NAME=VALUE corrections of a record's fields, each checked as the field demands (a
    number in its plausible range, a date that exists, a project status); an empty VALUE
    clears the field."""
    for change in changes:
        name, sep, value = change.partition("=")
        if not sep or name not in CORRECTABLE:
            raise InputError.parameter("set", f"'{change}' must be NAME=VALUE with NAME one of "
                                       f"{', '.join(sorted(CORRECTABLE))}")
        if value == "":
            record["fields"][name] = None
        elif name in NUMBERS:
            try:
                number = float(value)
            except ValueError:
                raise InputError.parameter(f"set.{name}", f"'{value}' is not a number") from None
            if problem := NUMBERS[name].problem(number):
                raise InputError.parameter(f"set.{name}", problem)
            record["fields"][name] = number
        elif name == "date" and (problem := limits.date_problem(value)):
            raise InputError.parameter("set.date", f"'{value}' {problem}")
        elif name == "status" and value not in PROJECT_STATUSES:
            raise InputError.parameter("set.status", f"unknown '{value}' (allowed: "
                                       f"{', '.join(PROJECT_STATUSES)})")
        else:
            record["fields"][name] = value
