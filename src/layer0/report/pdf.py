"""The report as a PDF (reportlab platypus): A4 pages, the DejaVu fonts that ship inside
matplotlib registered and embedded (so every glyph, the en dash and the middle dot included,
prints the same everywhere), figures as 150 dpi PNG, tables that wrap, "page N of M"."""

from __future__ import annotations

import io
from functools import cache
from html import escape
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from layer0.report import blocks as b
from layer0.report.data import ReportData
from layer0.report.document import build

DPI = 150
MARGIN = 1.8 * cm
TEXT_WIDTH = A4[0] - 2 * MARGIN
FONTS = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
         "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
         "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf"}


@cache
def fonts() -> str:
    """Register the DejaVu family from matplotlib's data folder (once); its name."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold",
                                  italic="DejaVuSans-Oblique",
                                  boldItalic="DejaVuSans-BoldOblique")
    return "DejaVuSans"


@cache
def styles() -> dict[str, ParagraphStyle]:
    font = fonts()
    body = ParagraphStyle("body", fontName=font, bulletFontName=font, fontSize=9.5, leading=13,
                          alignment=TA_LEFT, spaceAfter=5)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=font + "-Bold", fontSize=20,
                                leading=24, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=11, leading=14,
                                   textColor=colors.HexColor("#555555"), spaceAfter=12),
        "h1": ParagraphStyle("h1", parent=body, fontName=font + "-Bold", fontSize=14,
                             leading=18, spaceBefore=6, spaceAfter=6,
                             textColor=colors.HexColor("#1f4e89")),
        "h2": ParagraphStyle("h2", parent=body, fontName=font + "-Bold", fontSize=11,
                             leading=14, spaceBefore=8, spaceAfter=4),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5,
                                textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.5, spaceAfter=0),
        "cell_right": ParagraphStyle("cell_right", parent=body, fontSize=7.5, leading=9.5,
                                     spaceAfter=0, alignment=2),
        "head": ParagraphStyle("head", parent=body, fontName=font + "-Bold", fontSize=7.5,
                               leading=9.5, spaceAfter=0),
        "head_right": ParagraphStyle("head_right", parent=body, fontName=font + "-Bold",
                                     fontSize=7.5, leading=9.5, spaceAfter=0, alignment=2),
        "ref": ParagraphStyle("ref", parent=body, fontSize=7.5, leading=9.5, spaceAfter=2),
    }


def _text(s: str) -> str:
    return escape(s, quote=False)


def _image(figure) -> Image:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    width, height = figure.get_size_inches()
    scale = min(1.0, TEXT_WIDTH / (width * 72))
    buffer.seek(0)
    return Image(buffer, width=width * 72 * scale, height=height * 72 * scale)


def _table(t: b.Table) -> list:
    st = styles()
    widths = [w * TEXT_WIDTH for w in t.widths] if t.widths else None
    rows = [[Paragraph(_text(h), st["head_right"] if i in t.numeric else st["head"])
             for i, h in enumerate(t.header)]]
    rows += [[Paragraph(_text(c), st["cell_right"] if i in t.numeric else st["cell"])
              for i, c in enumerate(row)] for row in t.rows]
    # space after as the table's own (dropped at a page's end), not a Spacer that could
    # spill onto a page of its own
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", spaceAfter=6)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts(), 7.5),    # the table's own default is Helvetica
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f9")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    if not t.caption:
        return [table]
    caption = Paragraph(_text(t.caption), st["small"])
    caption.keepWithNext = True     # a table's caption heads it, on the same page
    return [caption, table]


def _reference(r: b.Reference) -> Paragraph:
    parts = ". ".join(_text(p) for p in (r.title, r.publisher, r.date) if p)
    where = (f'<link href="{escape(r.url)}" color="#1f4e89">{_text(r.url)}</link>'
             if r.linkable else _text(r.url))
    return Paragraph(f'<a name="src-{escape(r.id)}"/><b>{_text(r.id)}</b>: {parts}. {where}',
                     styles()["ref"])


def _flowables(doc: b.Document) -> list:
    st = styles()
    out: list = [Paragraph(_text(doc.title), st["title"]),
                 Paragraph(_text(doc.subtitle), st["subtitle"])]
    meta = Table([[Paragraph(_text(k), st["cell"]), Paragraph(_text(v), st["cell"])]
                  for k, v in doc.meta], colWidths=[0.3 * TEXT_WIDTH, 0.5 * TEXT_WIDTH],
                 hAlign="LEFT")
    meta.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts(), 7.5),
                              ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#dddddd"))]))
    out += [meta, Spacer(1, 14)]
    figure_number = 0
    for block in doc.blocks:
        if isinstance(block, b.Heading):
            style = st["h1"] if block.level == 1 else st["h2"]
            out += [CondPageBreak(3 * cm), Paragraph(_text(block.text), style)]
        elif isinstance(block, b.Paragraph):
            out.append(Paragraph(_text(block.text), st["small" if block.small else "body"]))
        elif isinstance(block, b.Bullets):
            out.append(ListFlowable([ListItem(Paragraph(_text(i), st["body"]), leftIndent=12)
                                     for i in block.items], bulletType="bullet",
                                    bulletFontName=fonts(), start="\u2022", leftIndent=12))
        elif isinstance(block, b.Figure):
            figure_number += 1
            line = block.source_line()
            sources = f" {line}" if line else ""
            out.append(KeepTogether([
                _image(block.figure),
                Paragraph(f"<b>Figure {figure_number}.</b> {_text(block.caption)}"
                          f"{_text(sources)}", st["small"]), Spacer(1, 8)]))
        elif isinstance(block, b.Table):
            out += _table(block)
        elif isinstance(block, b.References):
            out += [_reference(r) for r in block.entries]
        elif isinstance(block, b.PageBreak):
            out.append(PageBreakIfNotEmpty())   # never a blank page after a full one
    return out


def _numbered(footer: str, pages: list[int]):
    """A canvas class that writes "footer · page N of M" once every page is known."""

    class Numbered(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = fonts()   # no Helvetica, not even unused
            super().__init__(*args, **kwargs)
            self._states: list[dict] = []

        def showPage(self):   # noqa: N802 (reportlab's name)
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._states)
            for state in self._states:
                self.__dict__.update(state)
                self.setFont(fonts(), 7.5)
                self.setFillColor(colors.HexColor("#666666"))
                self.drawString(MARGIN, 1.0 * cm, footer)
                self.drawRightString(A4[0] - MARGIN, 1.0 * cm,
                                     f"page {self._pageNumber} of {total}")
                super().showPage()
            pages.append(total)
            super().save()

    return Numbered


def render_document(doc: b.Document) -> tuple[bytes, int]:
    """(the PDF's bytes, its number of pages)."""
    buffer = io.BytesIO()
    pages: list[int] = []
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                                 topMargin=MARGIN, bottomMargin=MARGIN, title=doc.title,
                                 subject=doc.subtitle, author="layer0", creator="layer0",
                                 invariant=True)
    template.build(_flowables(doc), canvasmaker=_numbered(doc.footer, pages))
    return buffer.getvalue(), pages[0]


def render(data: ReportData) -> tuple[bytes, int]:
    """The report's PDF bytes and its page count."""
    return render_document(build(data))
