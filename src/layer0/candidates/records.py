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

KINDS = ("project", "offtake", "share", "production", "export_control", "financing",
         "forecast")
KIND_OF_EVENT = {"investment": "project", "capacity": "project", "offtake": "offtake",
                 "market_share": "share", "production": "production",
                 "export_control": "export_control", "financing": "financing",
                 "forecast": "forecast"}
FIELDS = ("actor", "counterparty", "amount_usd", "amount", "currency", "capacity_mw",
          "quantity_t", "material", "location", "share_pct", "stage", "measure",
          "period_years", "date")   # measure: what an export control does, as the news says
PROJECT_COLUMNS = ("id", "operator", "name", "region", "announced_date", "capex",
                   "capex_currency", "capex_scope", "capacity_mw", "capacity_basis", "status",
                   "first_year", "full_year", "archetype", "source_id", "quality", "note")
_AI = re.compile(r"\b(?:KI|AI|artificial intelligence|künstliche[nr]? Intelligenz|GPU\w*|"
                 r"Supercomputer\w*|training)\b", re.IGNORECASE)


NUMBERS = {"capacity_mw": limits.SITE_MW, "amount": limits.CAPEX, "amount_usd": limits.CAPEX,
           "quantity_t": limits.TONNES, "share_pct": limits.SHARE_PCT,
           "period_years": limits.PERIOD_YEARS}
CONTROL_TYPES = ("licence", "ban", "end_use_review", "extraterritorial", "technology", "quota",
                 "export_suspension")   # as export_controls.csv
# fields a reviewer may set that the extractor does not read: a project's status and
# archetype, an export control's kind of measure, destinations, forms and effective date,
# whether an offtake's tonnage is per year or in total
REVIEW_FIELDS = ("status", "archetype", "control", "destinations", "forms", "effective", "per")
CORRECTABLE = (*FIELDS, *REVIEW_FIELDS)


def record_of(event: dict) -> tuple[str, dict]:
    """(kind, fields) of the record an event proposes (`measure` only where it is said, so
    the records of other kinds, and their ids, are as before it was read)."""
    fields = {f: event.get(f) for f in FIELDS}
    if fields["measure"] is None:
        del fields["measure"]
    return KIND_OF_EVENT[event["type"]], fields


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
    date = (f.get("date") or next((s["date"] for s in record["sources"] if s.get("date")),
                                  None) or source["ingested"][:10])   # 0.4 imports
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


def _country(location: str | None) -> str:
    return (location or "")[:2].upper()


PER_YEAR = re.compile(r"\b(?:per year|a year|each year|every year|annually|per annum|"
                      r"pro Jahr|im Jahr|jährlich\w*|jedes Jahr)\b", re.IGNORECASE)


def offtake_per(record: dict) -> str:
    """'year' if the tonnage is a yearly rate ("20,000 t per year for five years"), else
    'total'; a reviewer's `per` wins."""
    given = record["fields"].get("per")
    if given in ("year", "total"):
        return given
    evidence = " ".join(s["evidence"] for s in record["sources"])
    return "year" if PER_YEAR.search(evidence) else "total"


def offtake_row(record: dict) -> dict:
    """The supply_assets.csv row of an accepted offtake: its volume and period when stated
    (a volume without a period is kept in the note, not guessed), per year or in total."""
    f, source = record["fields"], record["sources"][0]
    quantity, period = f.get("quantity_t"), f.get("period_years")
    whole = quantity is not None and period is not None
    date = f.get("date") or source.get("date")
    note = f"From news: {source['evidence'][:400]}"
    if quantity is not None and period is None:
        note = (f"Stated {quantity:,.0f} t without a period: give it when accepting "
                f"({SET} period_years=N), or use the figure with its period by hand. {note}")
    return {"id": record["id"],
            "name": f"{f.get('actor') or 'A buyer'}'s {f.get('material')} offtake from "
                    f"{f.get('counterparty') or 'a supplier'} (from news)",
            "kind": "offtake", "material": f.get("material"),
            "country": _country(f.get("location")), "region": f.get("location") or "",
            "operator": f.get("counterparty") or "", "counterparty": f.get("actor") or "",
            "value": quantity if whole else None, "unit": "t" if whole else "",
            "per": offtake_per(record) if whole else None,
            "period_years": int(round(period)) if whole else None,
            "start_year": int(date[:4]) if date else None,
            "source_id": f"news:{source['sha256'][:16]}", "quality": "SEC", "note": note}


def control_row(record: dict) -> dict:
    """The export_controls.csv row of an accepted export control."""
    f, source = record["fields"], record["sources"][0]
    date = f.get("date") or source.get("date")
    return {"id": record["id"], "issuer": _country(f.get("location")),
            "instrument": f"as reported: {source['title'][:200]}",
            "material": f.get("material"), "forms": f.get("forms") or "as reported",
            "control": f.get("control"), "destinations": f.get("destinations") or "ALL",
            "announced": date, "effective": f.get("effective") or date,
            "source_id": f"news:{source['sha256'][:16]}", "quality": "SEC",
            "note": f"From news: {source['evidence'][:400]}"}


def acceptance_problems(record: dict) -> list[Problem]:
    """What a record lacks before the model can use it."""
    f, where = record["fields"], f"review: {record['id']}"
    problems = []
    if record["kind"] in ("offtake", "export_control", "share") and not f.get("material"):
        problems.append(Problem(where, "material", f"not stated; add {SET} material=copper"))
    if record["kind"] == "offtake" and not f.get("location"):
        problems.append(Problem(where, "location", f"where the supply comes from is not "
                                f"stated; add {SET} location=US-AZ (ISO 3166)"))
    if record["kind"] == "share" and f.get("share_pct") is None:
        problems.append(Problem(where, "share_pct", f"not stated; add {SET} share_pct=N"))
    if record["kind"] == "export_control":
        if len(f.get("location") or "") != 2:
            problems.append(Problem(where, "location", f"the issuing country is not stated; "
                                    f"add {SET} location=CN (ISO 3166-1 alpha-2)"))
        if f.get("control") not in CONTROL_TYPES:
            problems.append(Problem(where, "control", f"what kind of measure is a reviewer's "
                                    f"call: add {SET} control=KIND (one of "
                                    f"{', '.join(CONTROL_TYPES)})"))
        if not (f.get("date") or record["sources"][0].get("date")):
            problems.append(Problem(where, "date", f"not stated; add {SET} date=YYYY-MM-DD"))
    if record["kind"] != "project":
        return problems
    if not f.get("actor"):
        problems.append(Problem(where, "actor", f"not stated; add {SET} actor=NAME"))
    if not f.get("location"):
        problems.append(Problem(where, "location", f"not stated; add {SET} location=US-TX "
                                "(ISO 3166)"))
    if not (f.get("amount") or f.get("capacity_mw")):
        problems.append(Problem(where, "capacity_mw", "neither MW nor capex stated; add "
                                f"{SET} capacity_mw=N"))
    if not (f.get("date") or any(s.get("date") for s in record["sources"])):
        problems.append(Problem(where, "date", "neither the record nor its articles are "
                                f"dated (the lead times count from it); add {SET} "
                                "date=YYYY-MM-DD"))
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
        elif name in ("date", "effective") and (problem := limits.date_problem(value)):
            raise InputError.parameter(f"set.{name}", f"'{value}' {problem}")
        elif name == "per" and value not in ("year", "total"):
            raise InputError.parameter("set.per", f"unknown '{value}' (allowed: year, total)")
        elif name == "control" and value not in CONTROL_TYPES:
            raise InputError.parameter("set.control", f"unknown '{value}' (allowed: "
                                       f"{', '.join(CONTROL_TYPES)})")
        elif name == "destinations" and not re.fullmatch(r"ALL|[A-Z]{2}( [A-Z]{2})*", value):
            raise InputError.parameter("set.destinations", f"'{value}' must be ALL or ISO "
                                       "codes separated by spaces (e.g. 'US JP')")
        elif name == "status" and value not in PROJECT_STATUSES:
            raise InputError.parameter("set.status", f"unknown '{value}' (allowed: "
                                       f"{', '.join(PROJECT_STATUSES)})")
        else:
            record["fields"][name] = value
