"""`layer0 report`: whole-process times of `layer0 report --run DIR --out x.pdf` and `.html`
for one finished run, the scenario comparison cold (first report) and cached (the ones after),
plus `layer0 report --scenario base --samples 500` (the run made inside the report).

Run alone (`python benchmarks/report.py [--quick]`) or through `make bench`. The run folder
and the user data folder (where the comparison is cached) are temporary; nothing touches the
real ones. Goal (issue 17): a report of an existing run under 10 s (ratio = s / 10). Figures
are printed, never asserted on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import timed  # benchmarks/timing.py: this file's folder is on sys.path

LAYER0 = shutil.which("layer0", path=str(Path(sys.executable).parent)) or "layer0"
GOAL_S = 10.0
DAY = "2026-12-02"


def _layer0(args: list[str], env: dict) -> None:
    done = subprocess.run([LAYER0, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"layer0 {' '.join(args)}: {done.stderr}")


def report(quick: bool = False) -> list[dict]:
    samples = 200 if quick else 500
    out = []
    with tempfile.TemporaryDirectory(prefix="layer0-bench-report-") as name:
        folder = Path(name)
        env = {**os.environ, "LAYER0_USER_DATA_DIR": str(folder / "user"),
               "LAYER0_NEWS_DIR": str(folder / "user" / "news")}
        env.pop("LAYER0_DATABASE_URL", None)
        run = folder / "run"
        _layer0(["run", "--samples", str(samples), "--out", str(run)], env)
        cases = (("report_run_pdf_cold", "pdf", "comparison computed"),
                 ("report_run_pdf_cached", "pdf", "comparison from the cache"),
                 ("report_run_html_cached", "html", "comparison from the cache"))
        for case, kind, note in cases:
            target = folder / f"report.{kind}"
            seconds, _ = timed(lambda t=target: _layer0(
                ["report", "--run", str(run), "--out", str(t), "--date", DAY], env))
            out.append({"name": case, "figure": round(seconds, 2), "unit": "s",
                        "ratio": round(seconds / GOAL_S, 2), "run_samples": samples,
                        "size_kb": round(target.stat().st_size / 1e3), "note": note,
                        "goal": f"under {GOAL_S:g} s (ratio = s / {GOAL_S:g})"})
        if not quick:
            target = folder / "fresh.pdf"
            seconds, _ = timed(lambda: _layer0(["report", "--scenario", "base", "--samples",
                                                "500", "--out", str(target), "--date", DAY],
                                               env))
            out.append({"name": "report_scenario_500_pdf", "figure": round(seconds, 2),
                        "unit": "s", "ratio": round(seconds / GOAL_S, 2),
                        "note": "runs base with 500 samples inside; comparison cached",
                        "goal": "no goal; ratio = s / 10"})
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    for r in report(parser.parse_args().quick):
        print(f"{r['name']}: {r['figure']} {r['unit']} (ratio {r['ratio']}) "
              + ", ".join(f"{k}={v}" for k, v in r.items()
                          if k not in ("name", "figure", "unit", "ratio")), flush=True)
