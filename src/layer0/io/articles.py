"""Read an article file: UTF-8 (with or without BOM), UTF-16 with BOM, or HTML; refuse binary
files and undecodable bytes with a message that says where and what to do."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from layer0.errors import InputError, mention

MAX_BYTES = 20 * 2**20
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Article:
    path: str
    text: str
    title: str
    sha256: str        # of the text with whitespace normalised: a re-saved copy is the same
    date: str | None = None   # YYYY-MM-DD from a page's metadata (a feed item's date)
    url: str | None = None    # where it was published (a page's canonical URL, a feed link)


class _TextOnly(HTMLParser):
    """Visible text of an HTML page, one block per line; <title> kept apart."""

    _SKIP = {"script", "style", "noscript", "svg", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article",
              "header", "footer", "td", "th", "blockquote", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._stack.append(tag)
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop() != tag:
            pass
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if "title" in self._stack:
            self.title += data
        elif not self._SKIP & set(self._stack):
            self.parts.append(data)


def _decode(raw: bytes, where: str, encoding: str | None) -> str:
    if encoding:
        try:
            return raw.decode(encoding)
        except LookupError:
            raise InputError.parameter("encoding", f"unknown encoding '{encoding}'",
                                       where=where) from None
        except UnicodeDecodeError as error:
            raise InputError.at(where, "encoding", f"not valid {encoding} (byte "
                             f"0x{raw[error.start]:02x} at offset {error.start})") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError.at(where, "encoding", f"not UTF-8 (byte 0x{raw[error.start]:02x} at "
                         f"offset {error.start}); save it as UTF-8 or pass {mention('encoding')} "
                            "cp1252 (or latin-1)") from None


def read_article(path: Path, encoding: str | None = None) -> Article:
    """The article's text, title and content hash; InputError names the file and problem."""
    where = str(path)
    try:
        if not path.is_file():
            raise InputError.at(where, "file", "does not exist or is not a file")
        if path.stat().st_size > MAX_BYTES:
            raise InputError.at(where, "file", f"larger than {MAX_BYTES // 2**20} MB; split it")
        raw = path.read_bytes()
    except OSError as error:
        raise InputError.at(where, "file", f"cannot be read ({error.strerror})") from None
    return article_from_bytes(raw, where, encoding, html=path.suffix.lower() in (".html",
                                                                             ".htm"))


def article_from_bytes(raw: bytes, where: str, encoding: str | None = None,
                       html: bool = False) -> Article:
    """An article from its bytes (a file's, or a request body's); `where` names it."""
    if len(raw) > MAX_BYTES:
        raise InputError.at(where, "file", f"larger than {MAX_BYTES // 2**20} MB; split it")
    if b"\x00" in raw[:8192] and not raw.startswith((codecs.BOM_UTF16_LE,
                                                      codecs.BOM_UTF16_BE)):
        raise InputError.at(where, "file", "binary data (NUL bytes), not a text article")
    text = _decode(raw, where, encoding)
    if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192) + 2:
        raise InputError.at(where, "file", "mostly control characters, not a text article")
    title, date, url = "", None, None
    if html or text.lstrip()[:15].lower().startswith(
            ("<!doctype html", "<html")):
        text, title, date, url = page_text(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError.at(where, "file", "no text in it")
    title = title or next(line.strip() for line in text.splitlines() if line.strip())[:200]
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
    return Article(where, text, title, digest, date, url)


def page_text(html: str) -> tuple[str, str, str | None, str | None]:
    """A web page's article: its main text led by its headline (as a saved text of the same
    article reads), title, date and URL, by trafilatura (boilerplate, menus, related links and
    comments left out). A page too small for it to find an article (a fragment, a bare
    paragraph) falls back to all its visible text."""
    import trafilatura

    # no deduplication: it keeps a process-wide cache of paragraphs seen, so a page read a
    # second time would lose them; dates from the page's metadata, not guessed from its text
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if found is not None and (found.text or "").strip():
        title = " ".join((found.title or "").split())
        body = found.text
        if title and not body.lstrip().startswith(title):
            body = f"{title}\n\n{body}"
        return body, title, _day(found.date), found.url or None
    page = _TextOnly()
    page.feed(html)
    return "".join(page.parts), " ".join(page.title.split()), None, None


def _day(value: str | None) -> str | None:
    """YYYY-MM-DD of a page's date, if it has one that reads as a day."""
    return value[:10] if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) else None
