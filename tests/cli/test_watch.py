"""`layer0 watch` against feeds served on loopback: new items' pages are ingested, a second
read adds nothing (a conditional request, no page fetched again), a new item is the only page
fetched, and a slow, broken, failing or huge feed is reported while the others are read."""

from __future__ import annotations

import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = {"a1": "en-aws-federal-ai-50bn.txt", "a2": "de-meta-hyperion-louisiana.txt",
            "a3": "en-reuters-amazon-nuton-copper.txt"}


def _page(text: str) -> str:
    title, *body = [b.strip() for b in text.split("\n\n") if b.strip()]
    paragraphs = "".join(f"<p>{html.escape(b)}</p>" for b in body)
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
            f"<nav>Home | Tech</nav><article><h1>{html.escape(title)}</h1>{paragraphs}"
            f"</article><footer>(c) Example</footer></body></html>")


def _rss(items: list[str]) -> str:
    entries = "".join(f"<item><title>Item {k}</title><link>{{base}}/{k}.html</link>"
                      f"<guid>{{base}}/{k}</guid><pubDate>Mon, 24 Nov 2025 10:00:00 GMT"
                      f"</pubDate></item>" for k in items)
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>'
            f"<link>{{base}}/</link><description>x</description>{entries}</channel></rss>")


class Site:
    """Feeds and pages on a loopback port; counts every request by path."""

    def __init__(self):
        self.items = ["a1", "a2"]
        self.hits: dict[str, int] = {}
        self.conditional = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                base = f"http://127.0.0.1:{self.server.server_port}"
                if self.path == "/feed.xml":
                    etag = f'"{len(site.items)}"'
                    if self.headers.get("If-None-Match") == etag:
                        site.conditional += 1
                        return self._send(304, b"", etag=etag)
                    body = _rss(site.items).replace("{base}", base)
                    return self._send(200, body.encode(), "application/rss+xml", etag)
                if self.path == "/atom.xml":
                    body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns='
                            '"http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>'
                            '<updated>2026-01-15T00:00:00Z</updated><entry><title>Nuton</title>'
                            f'<id>urn:a3</id><link href="{base}/a3.html"/>'
                            '<updated>2026-01-15T00:00:00Z</updated></entry></feed>')
                    return self._send(200, body.encode(), "application/atom+xml")
                if self.path == "/slow.xml":
                    time.sleep(3)
                    return self._send(200, b"<rss/>", "application/rss+xml")
                if self.path == "/broken.xml":
                    return self._send(200, b"this is <not> a feed <<<", "application/xml")
                if self.path == "/gone.xml":
                    return self._send(500, b"oops", "text/plain")
                if self.path == "/huge.xml":
                    return self._send(200, b"<rss>" + b" " * (6 * 2**20), "application/xml")
                stem = self.path.strip("/").removesuffix(".html")
                if stem in ARTICLES:
                    text = (ROOT / "benchmarks" / "news" / ARTICLES[stem]).read_text()
                    return self._send(200, _page(text).encode(), "text/html; charset=utf-8")
                return self._send(404, b"not here", "text/plain")

            def _send(self, status, body, kind="text/plain", etag=None):
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                if status != 304:
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"


@pytest.fixture
def site():
    served = Site()
    yield served
    served.server.shutdown()
    served.server.server_close()


def _candidates(cli) -> list[dict]:
    done = cli("review", "--show", "all", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_new_items_are_ingested_once_and_a_second_read_adds_nothing(cli, site):
    first = cli("watch", "--feed", site.url("feed.xml"), "--feed", site.url("atom.xml"),
                "--once")
    assert first.returncode == 0, first.stderr
    assert "2 item(s), 2 new -> 2 article(s) read (0 known)" in first.stdout
    assert "1 item(s), 1 new -> 1 article(s) read (0 known)" in first.stdout
    records = _candidates(cli)
    assert records and {s["path"].rsplit("/", 1)[-1] for r in records for s in r["sources"]} \
        == {"a1.html", "a2.html", "a3.html"}
    # the page's date came from the feed (the page has none): the source carries it
    assert any(s.get("date") == "2025-11-24" for r in records for s in r["sources"])

    again = cli("watch", "--feed", site.url("feed.xml"), "--feed", site.url("atom.xml"))
    assert again.returncode == 0, again.stderr
    assert f"{site.url('feed.xml')}: unchanged since the last read" in again.stdout
    assert "1 item(s), 0 new -> 0 article(s)" in again.stdout   # atom: no validators, seen
    assert site.conditional == 1
    assert {p: site.hits[p] for p in ("/a1.html", "/a2.html", "/a3.html")} == \
        {"/a1.html": 1, "/a2.html": 1, "/a3.html": 1}
    assert _candidates(cli) == records

    site.items.append("a3")   # a new item: only its page is fetched (the article is known)
    third = cli("watch", "--feed", site.url("feed.xml"))
    assert "3 item(s), 1 new -> 1 article(s) read (1 known)" in third.stdout
    assert site.hits["/a3.html"] == 2 and site.hits["/a1.html"] == 1


def test_a_failing_feed_is_reported_and_the_others_are_read(cli, site):
    done = cli("watch", "--feed", site.url("broken.xml"), "--feed", site.url("gone.xml"),
               "--feed", site.url("slow.xml"), "--feed", site.url("feed.xml"),
               "--timeout", "1")
    assert done.returncode == 1
    assert f"{site.url('broken.xml')}: failed: not an RSS or Atom feed" in done.stderr
    assert f"{site.url('gone.xml')}: failed: HTTP 500" in done.stderr
    assert f"{site.url('slow.xml')}: failed: no answer within 1 s" in done.stderr
    assert "2 item(s), 2 new -> 2 article(s) read" in done.stdout
    assert len(_candidates(cli)) > 0


def test_a_huge_feed_is_refused_without_reading_it_all(settings, site):
    from layer0.services.watch import watch_once

    [report] = watch_once([site.url("huge.xml")], settings, max_bytes=2**20)
    assert report.status == "failed" and report.error == "larger than 1 MB"


def test_an_item_whose_page_fails_is_tried_again(settings, site):
    from layer0.services.watch import watch_once

    site.items = ["a1", "missing"]
    [report] = watch_once([site.url("feed.xml")], settings)
    assert report.articles == 1 and len(report.problems) == 1
    assert "missing.html: HTTP 404" in report.problems[0]
    # the same feed, unchanged: asked in full (no 304), only the failed item is fetched again
    [report] = watch_once([site.url("feed.xml")], settings)
    assert report.status == "read" and report.new == 1 and site.conditional == 0
    assert site.hits["/missing.html"] == 2 and site.hits["/a1.html"] == 1


def test_an_item_repeated_in_a_feed_is_read_once(settings, site):
    from layer0.services.watch import watch_once

    site.items = ["a1", "a1", "a2"]
    [report] = watch_once([site.url("feed.xml")], settings)
    assert (report.items, report.new, report.articles) == (3, 2, 2)
    assert site.hits["/a1.html"] == 1


def test_a_feed_that_breaks_while_storing_is_reported_and_the_next_is_read(settings, site,
                                                                           monkeypatch):
    import layer0.services.news as news
    from layer0.services.watch import watch_once

    calls = []

    def broken_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    real = news.ingest
    monkeypatch.setattr(news, "ingest", broken_once)
    first, second = watch_once([site.url("feed.xml"), site.url("atom.xml")], settings)
    assert (first.status, first.error) == ("failed", "RuntimeError: disk full")
    assert second.status == "read" and second.articles == 1


def test_the_feeds_date_wins_over_a_date_in_the_pages_text(settings, site):
    from layer0.services.watch import watch_once

    [report] = watch_once([site.url("feed.xml")], settings)
    assert report.articles == 2
    import sqlalchemy as sa

    from layer0.services.registry import database
    from layer0.store.schema import Article

    with database(settings).read() as session:
        dates = set(session.scalars(sa.select(Article.date)))
    assert dates == {"2025-11-24"}   # the items' pubDate, whatever the pages' texts say


@pytest.mark.parametrize("args, message", [
    ([], "give at least one --feed URL"),
    (["--feed", "ftp://example.org/feed"], "is not an http(s) URL"),
    (["--feed", "feed.xml"], "is not an http(s) URL"),
    (["--feed", "http://127.0.0.1:9/f", "--once", "--interval", "5"], "not both"),
    (["--feed", "http://127.0.0.1:9/f", "--interval", "0.5"], "between 1 and 1440"),
    (["--feed", "http://127.0.0.1:9/f", "--timeout", "0"], "above 0"),
    (["--feed", "http://127.0.0.1:9/f", "--lang", "fr"], "fr"),
])
def test_bad_options_are_refused_before_any_request(cli, args, message):
    done = cli("watch", *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr and "Traceback" not in done.stderr


def test_an_unchanged_feed_leaves_the_registry_as_it_was(settings, site):
    """A read that stores nothing but the feed's own bookkeeping does not make what was
    derived from the registry (the model's inputs, cached reports) out of date."""
    from layer0.services.registry import database
    from layer0.services.watch import watch_once
    from layer0.store.registry import get_meta

    watch_once([site.url("feed.xml")], settings)
    with database(settings).read() as session:
        before = get_meta(session, "generation")
    [report] = watch_once([site.url("feed.xml")], settings)
    assert report.status == "unchanged"
    with database(settings).read() as session:
        assert get_meta(session, "generation") == before

