"""Check the gold labels in benchmarks/news/gold against their texts.

Run from the repository root:  python3 benchmarks/news/check_gold.py
Checks: JSON parses; every event has exactly the agreed keys (plus optional "range");
enumerations, ISO formats and range midpoints are valid; every evidence string occurs
verbatim in its text. Exits 1 on any problem.
"""
import datetime
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLD = ROOT / "benchmarks" / "news" / "gold"

KEYS = ["type", "actor", "counterparty", "amount_usd", "amount", "currency", "capacity_mw",
        "quantity_t", "material", "location", "share_pct", "stage", "period_years", "date",
        "evidence"]
TYPES = {"investment", "capacity", "offtake", "production", "export_control", "market_share"}
MATERIALS = {"copper", "aluminium", "steel", "electrical_steel", "concrete", "lithium", "cobalt",
             "nickel", "graphite", "lead", "rare_earths", "gallium", "germanium", "indium",
             "silver", "tin", "gold", "tantalum", "palladium", "silicon", "antimony", "tungsten"}
STAGES = {"mining", "refining"}
LOC = re.compile(r"^(?:[A-Z]{2}|US-[A-Z]{2})$")


def check_file(path):
    problems = []
    doc = json.loads(path.read_text(encoding="utf-8"))
    for k in ("text", "language", "title", "sources", "events"):
        if k not in doc:
            problems.append(f"missing top-level key {k}")
    text_path = (ROOT / doc["text"]).resolve()
    if not text_path.exists():
        return [f"text not found: {doc['text']}"], 0
    text = text_path.read_text(encoding="utf-8")
    if doc["language"] not in ("de", "en"):
        problems.append("language must be de or en")
    if not doc["sources"] or not all(s.startswith("https://") for s in doc["sources"]):
        problems.append("sources must be a non-empty list of https URLs")
    for i, ev in enumerate(doc["events"]):
        where = f"event {i}"
        extra = set(ev) - set(KEYS) - {"range"}
        missing = [k for k in KEYS if k not in ev]
        if extra or missing:
            problems.append(f"{where}: extra keys {sorted(extra)}, missing {missing}")
            continue
        if ev["type"] not in TYPES:
            problems.append(f"{where}: bad type {ev['type']}")
        if ev["material"] is not None and ev["material"] not in MATERIALS:
            problems.append(f"{where}: bad material {ev['material']}")
        if ev["stage"] is not None and ev["stage"] not in STAGES:
            problems.append(f"{where}: bad stage {ev['stage']}")
        if ev["stage"] is not None and ev["type"] != "market_share":
            problems.append(f"{where}: stage only for market_share")
        if ev["location"] is not None and not LOC.match(ev["location"]):
            problems.append(f"{where}: bad location {ev['location']}")
        if ev["date"] is not None:
            try:
                datetime.date.fromisoformat(ev["date"])
            except ValueError:
                problems.append(f"{where}: bad date {ev['date']}")
        no_amount = ev["amount"] is None
        if no_amount != (ev["currency"] is None) or no_amount != (ev["amount_usd"] is None):
            problems.append(f"{where}: amount, currency and amount_usd must be set together")
        if ev["currency"] == "USD" and ev["amount"] != ev["amount_usd"]:
            problems.append(f"{where}: USD amount differs from amount_usd")
        for field, (lo, hi) in ev.get("range", {}).items():
            off = field not in KEYS or ev[field] is None
            if off or abs((lo + hi) / 2 - ev[field]) > 1e-6 * max(1, abs(ev[field])):
                problems.append(f"{where}: range for {field} does not match its midpoint")
        if ev["type"] == "market_share" and ev["share_pct"] is None:
            problems.append(f"{where}: market_share without share_pct")
        if ev["evidence"] not in text:
            problems.append(f"{where}: evidence not found verbatim: {ev['evidence'][:80]!r}")
    return problems, len(doc["events"])


def main():
    bad = 0
    for path in sorted(GOLD.glob("*.json")):
        problems, n = check_file(path)
        status = "ok" if not problems else "FAIL"
        print(f"{status:4} {path.name}: {n} events")
        for p in problems:
            print("     ", p)
        bad += bool(problems)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
