"""`layer0 watch`: read RSS and Atom feeds, fetch the pages of items not read before, and
ingest them as news articles.

Each feed is asked conditionally (the ETag and Last-Modified of its last answer), so an
unchanged feed costs a 304. Every request has a deadline and a size bound: a slow, broken or
huge feed or page is reported and the others go on. An item whose page was read is recorded
and never fetched again; one whose page failed is tried again next time. Ingesting is the
same as `layer0 ingest` (one transaction; an article already known adds nothing)."""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa

from layer0.errors import InputError
from layer0.settings import Settings
from layer0.version import __version__

TIMEOUT_S = 20.0          # a whole answer's body (feed or page), and each wait before it
MAX_BYTES = 5 * 2**20     # a feed or a page; a real article page is well under 1 MB
MAX_NEW_ITEMS = 100       # pages fetched per feed and read; the rest come next time
AGENT = f"layer0/{__version__} (news watch; +https://github.com/layer0)"


@dataclass
class FeedReport:
    feed: str
    status: str = "read"            # read | unchanged | failed
    items: int = 0                  # items in the feed
    new: int = 0                    # items not read before
    articles: int = 0               # pages read and ingested
    already: int = 0                # of those, articles layer0 already had
    records_new: int = 0
    records_sourced: int = 0
    error: str | None = None
    problems: list[str] = field(default_factory=list)   # items whose page failed


class FetchError(Exception):
    """A feed or page that could not be read: the reason, said plainly."""


def check_feed_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError.parameter("feed", f"'{url}' is not an http(s) URL")
    return url


def fetch(client, url: str, headers: dict | None = None, timeout: float = TIMEOUT_S,
          max_bytes: int = MAX_BYTES):
    """(status, headers, body) of a GET, read within `timeout` seconds in all and at most
    `max_bytes` (a longer answer is refused without reading the rest)."""
    import httpx

    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url, headers=headers or {}, timeout=timeout) as response:
            if response.status_code == 304:
                return 304, response.headers, b""
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"larger than {max_bytes / 2**20:g} MB")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"larger than {max_bytes / 2**20:g} MB")
                if time.monotonic() > deadline:
                    raise FetchError(f"no whole answer within {timeout:g} s")
            return response.status_code, response.headers, bytes(body)
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{type(error).__name__}: {error}") from None


def _entry_day(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry_article(client, entry, timeout: float, max_bytes: int):
    """The article of a feed item: its linked page, or (no link) the item's own content."""
    from layer0.io.articles import article_from_bytes

    link = entry.get("link")
    if link:
        _status, headers, body = fetch(client, link, timeout=timeout, max_bytes=max_bytes)
        kind = headers.get("content-type", "")
        charset = re.search(r"charset=[\"']?([\w.:-]+)", kind)
        try:
            article = article_from_bytes(body, link, charset.group(1) if charset else None,
                                         html=not kind.startswith("text/plain"))
        except InputError:
            if charset:   # a wrong declaration: read it as the web's usual legacy charset
                raise
            article = article_from_bytes(body, link, "cp1252",
                                         html=not kind.startswith("text/plain"))
    else:
        content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        article = article_from_bytes(content.encode("utf-8"), entry.get("id", "item"),
                                     html=True)
    # the feed's own date first: a page's date may be a guess
    return dataclasses.replace(article, url=article.url or link,
                               date=_entry_day(entry) or article.date,
                               title=entry.get("title") or article.title)


def read_feed(url: str, settings: Settings, client, lang: str | None = None,
              timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> FeedReport:
    """Read one feed: new items' pages fetched and ingested. Whatever goes wrong with this
    feed (the feed, a page, storing) is in its report, never raised: the next feed is read."""
    try:
        return _read_feed(url, settings, client, lang, timeout, max_bytes)
    except InputError as error:
        return FeedReport(url, status="failed", error="; ".join(
            f"{p.field}: {p.message}" for p in error.problems))
    except Exception as error:   # storing or reading broke: reported, the others go on
        return FeedReport(url, status="failed", error=f"{type(error).__name__}: {error}")


def _read_feed(url: str, settings: Settings, client, lang: str | None, timeout: float,
               max_bytes: int) -> FeedReport:
    import feedparser

    from layer0.services.news import ingest
    from layer0.services.registry import database
    from layer0.store.schema import Feed, FeedItem

    report = FeedReport(url)
    db = database(settings)
    with db.read() as session:
        known = session.get(Feed, url)
        validators = {}
        if known is not None and known.etag:
            validators["If-None-Match"] = known.etag
        if known is not None and known.last_modified:
            validators["If-Modified-Since"] = known.last_modified
        seen = set(session.scalars(sa.select(FeedItem.key).where(FeedItem.feed_url == url)))
    answer_headers = {}
    read: list[tuple[str, str | None, object]] = []
    try:
        status, answer_headers, body = fetch(client, url, validators, timeout, max_bytes)
        if status == 304:
            report.status = "unchanged"
        else:
            parsed = feedparser.parse(body, response_headers={"content-location": url})
            if parsed.bozo and not parsed.entries:
                reason = getattr(parsed, "bozo_exception", "") or "no items"
                raise FetchError(f"not an RSS or Atom feed ({reason})")
            report.items = len(parsed.entries)
            for entry in parsed.entries:
                key = entry.get("id") or entry.get("link")
                if not key or key in seen:
                    continue
                seen.add(key)   # an item repeated in one feed is read once
                report.new += 1
                if report.new > MAX_NEW_ITEMS:   # not marked read: the next read goes on
                    continue
                try:
                    read.append((key, entry.get("link"),
                                 _entry_article(client, entry, timeout, max_bytes)))
                except (FetchError, InputError) as error:   # this item next time
                    report.problems.append(f"{entry.get('link') or key}: {error}")
    except FetchError as error:
        report.status, report.error = "failed", str(error)
    if read:
        outcomes, _count, _where = ingest([a for _k, _l, a in read], lang, settings)
        report.articles = len(outcomes)
        report.already = sum(o.already for o in outcomes)
        report.records_new = sum(o.new for o in outcomes)
        report.records_sourced = sum(o.sourced for o in outcomes)
    with db.write() as session:   # the feed's validators and its items, once ingested
        feed = session.get(Feed, url) or Feed(url=url)
        session.add(feed)
        feed.checked, feed.status, feed.error = datetime.now(UTC), report.status, report.error
        # a feed read in full keeps its validators (the next read may be a 304); one with
        # items left (a failed page, more than MAX_NEW_ITEMS) is asked in full next time
        if report.status == "read":
            whole = not report.problems and report.new <= MAX_NEW_ITEMS
            feed.etag = answer_headers.get("etag") if whole else None
            feed.last_modified = answer_headers.get("last-modified") if whole else None
        session.flush()
        for key, link, article in read:
            session.merge(FeedItem(feed_url=url, key=key, link=link,
                                   article_sha256=article.sha256, seen=datetime.now(UTC)))
    return report


def watch_once(feeds: list[str], settings: Settings, lang: str | None = None,
               timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> list[FeedReport]:
    """Read every feed once, in order; one failing does not stop the others."""
    import httpx

    from layer0.services.news import check_lang

    if not feeds:
        raise InputError.parameter("feed", "give at least one feed URL")
    for url in feeds:
        check_feed_url(url)
    check_lang(lang)
    if not 0 < timeout <= 600:
        raise InputError.parameter("timeout", f"must be above 0 and at most 600 s, got "
                                   f"{timeout:g}")
    with httpx.Client(follow_redirects=True, headers={"User-Agent": AGENT}) as client:
        return [read_feed(url, settings, client, lang, timeout, max_bytes)
                for url in dict.fromkeys(feeds)]
