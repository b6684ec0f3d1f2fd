"""Each dashboard page in headless chromium: it loads with no console error and no failed or
outside request, its charts hold the API's numbers, and one flow per page works end to end
(a scenario run shows up in the compare view; a disruption; coverage; a candidate accepted
with a key; a project's history)."""

from __future__ import annotations

import pytest

# one server and one browser for the module: one worker runs it all
pytestmark = [pytest.mark.subprocess, pytest.mark.slow, pytest.mark.xdist_group("browser")]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}

# the charts each page draws when it opens (the defaults: copper, gallium, today)
PAGES = {"overview": {"fan-chart", "cumulative-chart", "flows-chart", "capacity-chart",
                      "capacity-region-chart", "capacity-archetype-chart"},
         "scenarios": {"runs-chart"}, "supply": {"shares-refining", "controls-timeline"},
         "whatif": set(), "projects": {"map-world", "map-us"}, "news": set()}
ARTICLE = ("Oracle plans 900 MW campus in Wyoming\nOracle will invest $15 billion to build a "
           "900 MW AI data center campus in Wyoming, the company said on March 3, 2026.")


def _charts(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.plot')].map(p => p.id)")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_and_draws_its_charts(open_page, name, viewport):
    tab = open_page(viewport)
    page = tab.open(name)
    assert set(_charts(page)) == PAGES[name]
    for chart in _charts(page):
        traces = tab.plot(chart)
        assert traces, f"{name}: chart {chart} has no traces"
        figure = page.locator(f"#{chart}").locator("xpath=ancestor::figure")
        caption = figure.locator("figcaption").inner_text()
        assert "Unit:" in caption and "data " in caption, caption
        assert figure.locator("p.figtitle").inner_text().strip()
    # nothing wider than the screen: a phone scrolls down, never sideways
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow} px wider than a {viewport['width']} px screen"
    tab.shot(f"{name}-{viewport['width']}")


def test_the_overview_shows_the_apis_copper_p50_for_2030(open_page, server):
    tab = open_page()
    tab.open("overview")
    p50 = next(t for t in tab.plot("fan-chart") if t["name"] == "P50")
    on_page = dict(zip(p50["x"], p50["y"], strict=True))[2030]
    [row] = server.http.get(f"/v1/runs/{server.base_run['id']}/demand",
                            params={"material": "copper", "year": 2030}).json()
    assert on_page == row["p50"]
    assert server.base_run["summary"]["samples"] == 60
    # another material redraws the chart with its own numbers
    tab.page.select_option("#material", "aluminium")
    tab.wait("document.getElementById('fan-chart-title').textContent"
             ".startsWith('aluminium')")
    p50 = next(t for t in tab.plot("fan-chart") if t["name"] == "P50")
    [row] = server.http.get(f"/v1/runs/{server.base_run['id']}/demand",
                            params={"material": "aluminium", "year": 2030}).json()
    assert dict(zip(p50["x"], p50["y"], strict=True))[2030] == row["p50"]


def test_the_overview_shows_the_campus_boundary_the_api_gives(open_page, server):
    tab = open_page()
    tab.open("overview")
    tab.page.select_option("#material", "lithium")
    tab.page.select_option("#boundary", "campus")
    tab.wait("document.getElementById('fan-chart-title').textContent.includes('on-site')")
    p50 = next(t for t in tab.plot("fan-chart") if t["name"] == "P50")
    on_page = dict(zip(p50["x"], p50["y"], strict=True))[2030]
    url = f"/v1/runs/{server.base_run['id']}/demand"
    [campus] = server.http.get(url, params={"material": "lithium", "year": 2030,
                                            "boundary": "campus"}).json()
    [facility] = server.http.get(url, params={"material": "lithium", "year": 2030}).json()
    assert on_page == campus["p50"] > facility["p50"]   # the campus batteries
    tab.shot("overview-campus")


def test_a_run_someone_posts_as_base_does_not_replace_the_overviews(open_page, server):
    key = server.key("dash-bob")
    posted = server.http.post("/v1/runs", headers={"Authorization": f"Bearer {key}"},
                              json={"scenario": "base", "samples": 7, "seed": 3})
    assert posted.status_code in (200, 202), posted.text
    tab = open_page()
    page = tab.open("overview")
    assert f"{server.base_run['summary']['samples']} samples" in page.inner_text("main .note")
    assert server.http.get("/v1/runs/base").json()["id"] == server.base_run["id"]


def test_the_article_is_marked_where_the_server_read_it(open_page):
    tab = open_page()
    page = tab.open("news")
    # a decomposed umlaut and an emoji before the event: UTF-16 offsets would drift
    page.fill("#article-text", "Mu\u0308nchen 🚀 heute.\n" + ARTICLE)
    page.click("#article-go")
    page.wait_for_selector("#article-marked mark")
    assert page.locator("#article-marked mark").first.inner_text().startswith(
        "Oracle plans 900 MW campus in Wyoming")


def test_the_overviews_capacity_by_archetype_is_the_apis(open_page, server):
    tab = open_page()
    tab.open("overview")
    bars = {t["name"]: t for t in tab.plot("capacity-archetype-chart")}
    rows = [r for r in server.http.get(f"/v1/runs/{server.base_run['id']}/capacity",
                                       params={"by": "archetype"}).json() if r["year"] == 2030]
    assert bars["all capacity"]["y"] == [r["total"]["p50"] for r in rows]
    assert bars["announced projects"]["y"] == [r["announced"]["p50"] for r in rows]
    assert all(r["announced"]["p50"] <= r["total"]["p50"] for r in rows)


def test_a_chart_downloads_its_numbers_as_csv(open_page, server):
    tab = open_page()
    page = tab.open("overview")
    tab.plot("fan-chart")
    figure = page.locator("#fan-chart").locator("xpath=ancestor::figure")
    with page.expect_download() as download:
        figure.get_by_role("button", name="CSV").click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0] == "material,year,p5_t,p50_t,p95_t"
    row = next(r for r in server.base_run["summary"]["demand"]
               if r["material"] == "copper" and r["year"] == 2030)
    [on_file] = [line.split(",") for line in lines if line.startswith("copper,2030,")]
    assert [float(v) for v in on_file[2:]] == [row["p5"], row["p50"], row["p95"]]


def test_a_run_of_your_own_scenario_shows_up_in_the_compare_view(open_page, server):
    tab = open_page()
    page = tab.open("scenarios")
    page.fill("#api-key", server.key("dash-ann"))
    page.dispatch_event("#api-key", "change")
    page.fill("#own-name", "fast-800v")
    page.fill("#own-ceiling", "0.9")
    page.fill("#own-midpoint", "2027")
    page.fill("#own-samples", "40")
    page.click("#own-run")
    page.wait_for_selector("#own-status .ok", timeout=120_000)
    traces = tab.plot("runs-chart")
    names = [t["name"] for t in traces]
    assert any(n.startswith("fast-800v") for n in names), names
    assert any(n.startswith("base") for n in names), names
    run = next(r for r in server.http.get("/v1/runs", params={"scenario": "fast-800v"}).json())
    assert run["status"] == "done" and run["request"]["samples"] == 40
    summary = server.http.get(f"/v1/runs/{run['id']}").json()["summary"]
    mine = next(t for t in traces if t["name"].startswith("fast-800v") and "P50" in t["name"])
    expected = [r["p50"] for r in summary["demand"]
                if r["material"] == "copper" and r["year"] >= 2020]
    assert mine["y"] == expected
    # the built-in comparison: paired differences with their intervals
    page.uncheck("#cmp-headwinds")
    page.fill("#cmp-samples", "30")
    page.click("#compare-go")
    bars = tab.plot("compare-chart")
    assert [b["name"] for b in bars] == ["lift off − base"]
    assert page.locator("#compare-table tbody tr").count() == len(bars[0]["x"])


def test_a_run_without_a_key_says_what_is_needed(open_page):
    tab = open_page()
    page = tab.open("scenarios")
    page.click("#own-run")
    message = page.locator("#own-status .error").inner_text()
    assert "API key" in message and "layer0 keys create" in message


def test_a_disruption_shows_the_unmet_demand_the_api_gives(open_page, server):
    tab = open_page()
    page = tab.open("whatif")
    page.fill("#d-samples", "80")
    page.click("#disrupt-go")
    bars = tab.plot("disrupt-chart")
    unmet = next(b for b in bars if b["name"] == "unmet")
    answer = server.http.post("/v1/disrupt", json={
        "material": "gallium", "country": "CN", "stage": "refining", "start": 2026,
        "end": 2027, "fraction": 1.0, "stockpile_months": 0, "recycling": False,
        "samples": 80}).json()
    assert unmet["y"] == [r["unmet_t"]["p50"] for r in answer["by_year"]]
    assert "Unmet data-centre demand 2026–2027" in page.inner_text("#disrupt-finding")


def test_a_bad_disruption_shows_the_servers_problem(open_page):
    tab = open_page()
    page = tab.open("whatif")
    page.fill("#d-country", "XX")
    page.fill("#d-samples", "10")
    page.click("#disrupt-go")
    message = page.locator("#disrupt-out .error").inner_text()
    assert "country" in message and "XX" in message
    tab.expect(r"HTTP 422: .*/v1/disrupt|status of 422")


def test_coverage_of_the_nuton_offtake_against_a_1_gw_campus(open_page, server):
    tab = open_page()
    page = tab.open("whatif")
    page.click("#cover-go")
    bars = tab.plot("coverage-chart")
    answer = server.http.post("/v1/coverage", json={
        "material": "copper", "asset": "nuton-johnson-camp-heap-leach", "capacity_mw": 1000,
        "archetype": "hyperscale_ai", "scope": "facility", "samples": 500}).json()
    assert bars[0]["y"] == [answer["facility_demand_t"]["p50"], answer["supply_t"]]
    finding = page.inner_text("#cover-finding")
    assert f"{100 * answer['covered_share']['p50']:.1f} %" in finding


def test_an_article_read_highlighted_stored_and_its_candidate_accepted(open_page, server):
    tab = open_page()
    page = tab.open("news")
    page.fill("#article-text", ARTICLE)
    page.click("#article-go")
    page.wait_for_selector("#events-table")
    marks = page.locator("#article-marked mark")
    assert marks.count() >= 1
    assert "900 MW" in marks.first.inner_text()
    # storing needs a key: without one the page says so and nothing is stored
    page.check("#article-ingest")
    page.click("#article-go")
    assert "API key" in page.locator("#article-out .error").inner_text()
    assert server.http.get("/v1/candidates").json() == []
    page.fill("#api-key", server.key("dash-reviewer"))
    page.dispatch_event("#api-key", "change")
    page.click("#article-go")
    page.wait_for_selector("#article-out .ok")
    [candidate] = server.http.get("/v1/candidates").json()
    card = page.locator(f"#candidate-{candidate['id']}")
    card.locator("input").first.fill("checked against the company's release")
    card.get_by_role("button", name="Accept").click()
    tab.wait(
        "document.getElementById('candidates-h')?.textContent.includes('0 candidate')")
    [accepted] = server.http.get("/v1/candidates", params={"show": "accepted"}).json()
    assert accepted["id"] == candidate["id"]
    projects = server.http.get("/v1/projects", params={"origin": "news"}).json()["projects"]
    assert [p["operator"] for p in projects] == ["Oracle"]
    assert projects[0]["by"] == "dash-reviewer"


def test_a_projects_history_and_sources_by_keyboard(open_page, server):
    key = server.key("dash-editor")
    before = server.http.get("/v1/projects/aws-us-gov-ai-regions").json()["capacity_mw"]
    changed = server.http.patch("/v1/projects/aws-us-gov-ai-regions", headers={
        "Authorization": f"Bearer {key}"}, json={"set": {"capacity_mw": before - 50},
        "source": "https://example.org/aws-update", "why": "a later filing"})
    assert changed.status_code == 200, changed.text
    tab = open_page()
    page = tab.open("projects")
    page.fill("#p-operator", "Amazon")
    page.press("#p-operator", "Enter")
    amazon = server.http.get("/v1/projects", params={"operator": "Amazon"}).json()["total"]
    assert amazon > 1
    tab.wait("document.querySelector('#projects-table h2')?.textContent"
             f".startsWith('{amazon} project')")
    row = page.locator("#projects-table tbody tr", has_text="aws-us-gov-ai-regions")
    row.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#project-sources")
    history = page.locator("#project-detail tbody tr")
    assert history.count() == 2
    assert "dash-editor" in history.nth(1).inner_text()
    assert f"capacity_mw: {before:g} → {before - 50:g}" in history.nth(1).inner_text()
    links = page.locator("#project-sources a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "https://example.org/aws-update" in hrefs
    assert any(h.startswith("https://") and "example.org" not in h for h in hrefs), hrefs
    # the US map holds the state MW of the table's projects
    us = tab.plot("map-us")[0]
    assert "IN" in us["locations"]


def test_the_supply_page_shows_the_apis_shares_and_controls_on_a_date(open_page, server):
    tab = open_page()
    page = tab.open("supply")
    bars = tab.plot("shares-refining")[0]
    refining = server.http.get("/v1/supply", params={"material": "gallium",
                                                     "stage": "refining"}).json()
    assert dict(zip(bars["y"], bars["x"], strict=True))["CN"] == refining["china_share"]
    page.fill("#controls-date", "2023-01-01")
    page.dispatch_event("#controls-date", "change")
    tab.wait("document.querySelector('#controls h2')?.textContent"
             ".includes('2023-01-01: 0')")
    in_force = server.http.get("/v1/controls", params={"material": "gallium",
                                                      "date": "2025-06-01"}).json()["controls"]
    assert in_force
    page.fill("#controls-date", "2025-06-01")
    page.dispatch_event("#controls-date", "change")
    tab.wait("document.querySelector('#controls h2')?.textContent"
             f".includes('2025-06-01: {len(in_force)}')")
    assert len(tab.plot("controls-timeline")[0]["y"]) == len(in_force)


def test_the_pages_are_reached_and_used_by_keyboard(open_page):
    tab = open_page()
    page = tab.open("overview")
    # Tab from the top: the skip link first, then the page links
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Scenarios"
    for _ in range(2):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "What if"
    page.keyboard.press("Enter")
    tab.wait("document.getElementById('main').dataset.page === 'whatif' && "
             "document.getElementById('main').dataset.ready === '1'")
    # focus lands on the new page's heading, and a form is sent with Enter
    assert page.evaluate("document.activeElement.tagName + ':' + "
                         "document.activeElement.textContent") == "H1:What if"
    page.focus("#d-samples")
    page.fill("#d-samples", "20")
    page.keyboard.press("Enter")
    assert tab.plot("disrupt-chart")
