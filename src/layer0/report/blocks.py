"""The pieces of a report document, rendered alike by `html` and `pdf`: headings, paragraphs,
bullet lists, figures, tables and the bibliography. Text is plain (each renderer escapes it);
`Link`s inside a table cell or a reference are the only links."""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.figure import Figure as MplFigure


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Figure:
    figure: MplFigure
    caption: str
    sources: list[str] = field(default_factory=list)
    key: str = ""
    also: str = ""                   # sources named by reference ("the buildout's sources")
    shown: int = 10                  # ids listed under the figure; the rest in the sources

    def source_line(self) -> str:
        """The sources as the line under the figure says them (the first `shown` ids)."""
        ids = self.sources[:self.shown]
        more = len(self.sources) - len(ids)
        parts = [", ".join(ids)] if ids else []
        if more:
            parts.append(f"and {more} more (see 'Sources behind each figure')")
        if self.also:
            parts.append(self.also)
        return f"Sources: {'; '.join(parts)}." if parts else ""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    widths: list[float] | None = None   # fractions of the text width
    numeric: tuple[int, ...] = ()        # right-aligned columns


@dataclass(frozen=True)
class Reference:
    id: str
    title: str
    publisher: str
    date: str
    url: str

    @property
    def linkable(self) -> bool:
        """Only web addresses become links; a repository path stays text."""
        return self.url.startswith(("https://", "http://"))


@dataclass(frozen=True)
class References:
    entries: list[Reference]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Figure | Table | References | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    meta: list[tuple[str, str]]
    blocks: list[Block]
    footer: str
