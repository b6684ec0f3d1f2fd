"""A saved web page gives the events of its article: `layer0 extract page.html` equals
`layer0 extract page.txt` for each article of the written set wrapped in a page with menus,
a cookie banner, related links and a footer (whose numbers would be events if read), and the
page's title, date and URL come from its metadata."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "benchmarks" / "news").glob("*.txt"))
RELATED = "Google plans 2 GW campus in Ohio"   # an event if the boilerplate were read


def _page(text: str, day: str, url: str) -> str:
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    title, body = blocks[0], blocks[1:]
    paragraphs = "\n".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in body)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | Example News</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{day}T08:00:00Z">
<link rel="canonical" href="{url}"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/tech">Tech</a></li></ul></nav>
<div class="cookie">We use cookies. <button>Accept all</button></div>
<main><article><h1>{html.escape(title)}</h1>
{paragraphs}</article></main>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">{RELATED}</a></li>
<li><a href="/y">Copper price hits $12,000</a></li></ul></aside>
<footer><p>© 2026 Example Media. All rights reserved.</p></footer></body></html>"""


def _events(cli, path: Path) -> list[dict]:
    done = cli("extract", path, "--format", "json")
    assert done.returncode == 0, done.stderr
    [article] = json.loads(done.stdout)
    return [{k: v for k, v in e.items() if k not in ("span", "confidence")}
            for e in article["events"]]


def test_the_related_links_alone_would_be_an_event(cli, tmp_path):
    """What the page's boilerplate holds is an event when read as text: so equal events
    below mean it was left out, not that it had nothing in it."""
    path = tmp_path / "related.txt"
    path.write_text(f"{RELATED}\n")
    assert [e["type"] for e in _events(cli, path)] == ["capacity"]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_a_page_gives_the_events_of_its_article(cli, tmp_path, article):
    text = article.read_text(encoding="utf-8")
    page = tmp_path / f"{article.stem}.html"
    page.write_text(_page(text, "2026-01-15", f"https://news.example.org/{article.stem}"),
                    encoding="utf-8")
    from_page, from_text = _events(cli, page), _events(cli, article)
    # the page's own date sets the month of the exchange rate; the text alone has none
    # (or one in its lead), so only the conversion may differ
    assert [_unconverted(e) for e in from_page] == [_unconverted(e) for e in from_text]
    assert all(e["fx"]["period"] == "2026-01" for e in from_page if e["fx"])


def _unconverted(event: dict) -> dict:
    return {k: v for k, v in event.items() if k not in ("fx", "amount_usd")}


def test_a_pages_title_date_and_url_come_from_its_metadata(tmp_path):
    from layer0.io.articles import read_article

    article = ARTICLES[0]
    page = tmp_path / "page.html"
    page.write_text(_page(article.read_text(encoding="utf-8"), "2025-11-24",
                          "https://news.example.org/story"), encoding="utf-8")
    read = read_article(page)
    headline = article.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    assert read.title == headline and read.text.startswith(headline)
    assert (read.date, read.url) == ("2025-11-24", "https://news.example.org/story")
    assert "cookies" not in read.text and RELATED not in read.text


def test_a_fragment_too_small_for_an_article_keeps_its_visible_text(tmp_path):
    from layer0.io.articles import read_article

    page = tmp_path / "bit.html"
    page.write_text("<html><body><p>Meta plans a 2 GW campus in Louisiana.</p>"
                    "<script>var x = 5;</script></body></html>")
    read = read_article(page)
    assert read.text.strip() == "Meta plans a 2 GW campus in Louisiana."
