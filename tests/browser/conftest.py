"""The dashboard in a real browser: `layer0 serve` as a process on a loopback port (its own
user data folder, a small base run computed at start) and Debian's chromium driven by
Playwright (`scripts/need chromium` installs it when missing; Playwright's own browser
download is never used).

Every page a test opens records console errors, page errors, failed requests and HTTP
errors; a test fails on any it did not expect. Screenshots go to test-output/browser/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from helpers import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("LAYER0_TEST_OUTPUT", ROOT / "test-output")) / "browser"
BASE_SAMPLES = 60
DESKTOP = {"width": 1280, "height": 900}


class Server:
    def __init__(self, folder: Path):
        self.env = {**os.environ, "LAYER0_USER_DATA_DIR": str(folder / "user"),
                    "LAYER0_NEWS_DIR": str(folder / "news")}
        self.env.pop("LAYER0_DATABASE_URL", None)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "layer0", "serve", "--port", str(self.port),
                 "--base-samples", str(BASE_SAMPLES), "--base-seed", "1"],
                env=self.env, stdout=output, stderr=subprocess.STDOUT)
        self.http = httpx.Client(base_url=self.url, timeout=60)

    def wait_for_base_run(self, tries: int = 1200) -> dict:
        """The base run once it is done (the server computes it at start)."""
        for _ in range(tries):
            if self.process.poll() is not None:
                pytest.fail(f"the server stopped: {self.log.read_text()}")
            try:
                answer = self.http.get("/v1/runs/base")
                if answer.status_code == 200 and answer.json()["status"] == "done":
                    return answer.json()
                assert answer.status_code in (200, 503), answer.text
            except (httpx.TransportError, ValueError):   # not up yet, or not JSON yet
                pass
            time.sleep(0.1)
        pytest.fail(f"no base run after {tries} polls: {self.log.read_text()}")

    def key(self, name: str) -> str:
        made = subprocess.run([sys.executable, "-m", "layer0", "keys", "create", name],
                              env=self.env, capture_output=True, text=True, check=True)
        return made.stdout.strip()

    def stop(self) -> None:
        self.http.close()
        stop(self.process)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("dashboard"))
    try:
        running.base_run = running.wait_for_base_run()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    found = subprocess.run([sys.executable, str(ROOT / "scripts" / "need"), "chromium"],
                           capture_output=True, text=True)
    assert found.returncode == 0, f"no chromium: {found.stderr}"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=found.stdout.strip(),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield launched
        launched.close()


class Watched:
    """A browser page and everything that went wrong on it."""

    def __init__(self, page, base: str):
        self.page, self.base, self.problems = page, base, []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}")
                if r.status >= 400 else None)
        page.on("request", lambda r: self.problems.append(f"outside request: {r.url}")
                if not r.url.startswith((base, "data:", "blob:")) else None)

    def wait(self, expression: str, seconds: float = 60):
        """Poll a JavaScript expression until it is true. Through page.evaluate (the
        debugging protocol): wait_for_function evaluates strings in the page, which the
        dashboard's content security policy forbids, as it should."""
        deadline = time.monotonic() + seconds
        while not self.page.evaluate(expression):
            if time.monotonic() > deadline:
                pytest.fail(f"not true after {seconds} s: {expression}")
            self.page.wait_for_timeout(50)

    def open(self, name: str):
        """Go to a page and wait until its first content is drawn."""
        self.page.goto(f"{self.base}/#/{name}")
        self.wait(f"document.getElementById('main').dataset.ready === '1' && "
                  f"document.getElementById('main').dataset.page === '{name}'")
        return self.page

    def plot(self, element_id: str) -> list[dict]:
        """The traces plotly drew in a chart (its `data`)."""
        self.wait(f"document.getElementById('{element_id}')?.data?.length > 0")
        return self.page.evaluate(f"document.getElementById('{element_id}').data")

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]', '-', name)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def expect(self, pattern: str) -> None:
        """A problem the test provoked on purpose (e.g. a 401 without a key) is not one."""
        self.problems = [p for p in self.problems if not re.search(pattern, p)]


@pytest.fixture
def open_page(browser, server):
    """`open_page(viewport=DESKTOP)`: a fresh page (own storage) on the dashboard; at the
    end of the test, nothing may have gone wrong on it."""
    made = []

    def make(viewport: dict = DESKTOP) -> Watched:
        context = browser.new_context(viewport=viewport, accept_downloads=True)
        watched = Watched(context.new_page(), server.url)
        made.append((context, watched))
        return watched

    yield make
    problems = [p for _, w in made for p in w.problems]
    for context, _ in made:
        context.close()
    assert not problems, "\n".join(problems)
