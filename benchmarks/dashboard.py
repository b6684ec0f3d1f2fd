"""The dashboard's overview in headless chromium against the real server (`layer0 serve`, a
finished base run stored): from navigation to the first paint and to the fan chart drawn,
against fetching the same run's summary over HTTP in the same run.

    first paint     performance's first-contentful-paint of /#/overview
    charts drawn    navigation start -> the overview's six charts drawn (plotly data in)
    summary fetch   GET /v1/runs/{id} (the JSON the overview draws from), from Python

Each figure is the median of `loads` fresh page loads (a new browser context each: nothing
cached but what the browser's HTTP cache may not keep between contexts). ratio = figure /
the 1 s goal of issue 17 for the overview (a new visitor, and the same one reloading:
scripts from the browser's cache); for the summary fetch, its share of the charts'
time. Figures are printed, never asserted on.

Run alone (`python benchmarks/dashboard.py [--quick]`) or through `make bench`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from loopback import free_port  # benchmarks/loopback.py: this file's folder is on sys.path

ROOT = Path(__file__).resolve().parents[1]
BASE_SAMPLES = 2000   # what `layer0 serve` computes by default (as `layer0 run`)


def _wait_for_base_run(http: httpx.Client, server: subprocess.Popen, seconds: float = 600
                       ) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            done = http.get("/v1/runs", params={"scenario": "base", "status": "done"}).json()
            if done:
                return done[0]["id"]
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("no base run in time")


def _wait(page, expression: str, seconds: float = 120) -> None:
    """Poll through page.evaluate: the page's content security policy forbids the string
    evaluation wait_for_function uses. Polling every 10 ms adds at most that to a figure."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise RuntimeError(f"not true after {seconds} s: {expression}")
        page.wait_for_timeout(10)


def dashboard(loads: int = 9) -> list[dict]:
    from playwright.sync_api import sync_playwright

    chromium = subprocess.run([sys.executable, str(ROOT / "scripts" / "need"), "chromium"],
                              capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "LAYER0_USER_DATA_DIR": folder}
        env.pop("LAYER0_DATABASE_URL", None)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "layer0", "serve", "--port",
                                   str(port), "--base-samples", str(BASE_SAMPLES)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with httpx.Client(base_url=base, timeout=60) as http:
                run_id = _wait_for_base_run(http, server)
                fetches = []
                for _ in range(loads):
                    start = time.perf_counter()
                    http.get(f"/v1/runs/{run_id}").raise_for_status()
                    fetches.append(time.perf_counter() - start)
            paints, drawn, warm_paints, warm_drawn = [], [], [], []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=[
                    "--no-sandbox", "--disable-background-networking", "--disable-gpu"])
                for _ in range(loads):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    for paint, drawn_at in ((paints, drawn), (warm_paints, warm_drawn)):
                        # first a new visitor, then the same one again (scripts cached)
                        page.goto(f"{base}/#/overview")
                        if paint is warm_paints:
                            page.reload()
                        _wait(page, "['fan-chart', 'cumulative-chart', 'flows-chart', "
                              "'capacity-chart', 'capacity-region-chart', "
                              "'capacity-archetype-chart'].every(id => "
                              "document.getElementById(id)?.data?.length > 0)")
                        drawn_at.append(page.evaluate("performance.now()") / 1000)
                        paint.append(page.evaluate(
                            "performance.getEntriesByName('first-contentful-paint')[0]"
                            "?.startTime ?? NaN") / 1000)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    charts, fetch = statistics.median(drawn), statistics.median(fetches)
    common = {"loads": loads, "base_samples": BASE_SAMPLES, "goal": "first paint < 1 s "
              "with a cached base run"}
    return [
        {"name": "dashboard overview first paint", "figure": round(statistics.median(paints), 3),
         "unit": "s", "ratio": round(statistics.median(paints) / 1.0, 3), **common},
        {"name": "dashboard overview charts drawn", "figure": round(charts, 3), "unit": "s",
         "ratio": round(charts / 1.0, 3), **common},
        {"name": "dashboard overview first paint, returning visitor",
         "figure": round(statistics.median(warm_paints), 3), "unit": "s",
         "ratio": round(statistics.median(warm_paints) / 1.0, 3), **common},
        {"name": "dashboard overview charts drawn, returning visitor",
         "figure": round(statistics.median(warm_drawn), 3), "unit": "s",
         "ratio": round(statistics.median(warm_drawn) / 1.0, 3), **common},
        {"name": "dashboard summary fetch (GET /v1/runs/{id})", "figure": round(fetch, 4),
         "unit": "s", "ratio": round(fetch / charts, 3),
         "note": "ratio = its share of the charts' time"},
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    for row in dashboard(5 if args.quick else 9):
        print(row)


if __name__ == "__main__":
    main()
