"""Start-up: whole-process times of light commands against `python -c pass`, the median of
several runs each (run alone: `python benchmarks/startup.py`, or through `make bench`).

Goals (issue 7): `layer0 --help` under 0.4 s and `layer0 extract` on one article under 1 s
on a 2-core machine. The figures are printed, never asserted on.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYER0 = shutil.which("layer0", path=str(Path(sys.executable).parent)) or "layer0"
ARTICLE = ("Amazon kauft Kupfer aus Arizona\nAmazon Web Services will 14.000 Tonnen Kupfer "
           "aus der Johnson-Camp-Mine in Arizona beziehen, teilte Rio Tinto am 15. Januar "
           "2026 mit. Die Lieferungen laufen über vier Jahre.\n")


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup(runs: int = 7) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        python = _median_seconds([sys.executable, "-c", "pass"], runs)
        cases = (("startup_help", ["--help"], 0.4),
                 ("startup_scenarios_list", ["scenarios", "list"], None),
                 ("startup_extract", ["extract", "ARTICLE"], 1.0))
        out = []
        for name, args, goal in cases:
            command = [LAYER0, *(str(article) if a == "ARTICLE" else a for a in args)]
            seconds = _median_seconds(command, runs)
            out.append({"name": name, "figure": round(seconds, 3), "unit": "s",
                        "ratio": round(seconds / python, 1), "python_c_pass_s": round(python, 3),
                        "runs": runs, "command": " ".join(["layer0", *args]),
                        "goal": f"under {goal} s" if goal else "no goal; ratio to python -c pass"})
    return out


if __name__ == "__main__":
    for r in startup():
        print(f"{r['name']}: {r['figure']} {r['unit']} ({r['ratio']}x python -c pass; "
              f"{r['goal']})")
