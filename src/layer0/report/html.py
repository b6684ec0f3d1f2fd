"""The report as one self-contained HTML file: inline CSS, figures as inline SVG (text kept
as text, so it can be searched and copied), no script, no font, no image or style fetched
from anywhere. The only addresses outside the file are the bibliography's links, which load
nothing until clicked."""

from __future__ import annotations

import io
import re
from html import escape

import matplotlib

from layer0.report import blocks as b
from layer0.report.data import ReportData
from layer0.report.document import build

CSS = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#222;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.45;font-size:15px}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:2px solid #1f4e89;
padding-bottom:.2rem;margin-top:2.4rem}h3{font-size:1.05rem;margin-top:1.6rem}
.subtitle{color:#555;margin-top:0}table{border-collapse:collapse;width:100%;margin:.6rem 0;
font-size:.82rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left;
vertical-align:top}th{background:#eef3f9}td.n{text-align:right;white-space:nowrap}th.n{text-align:right}
table.meta{width:auto}table.meta th{background:none;font-weight:normal;color:#555}
figure{margin:1.2rem 0}figure svg{width:100%;height:auto}figcaption,.cap{font-size:.82rem;
color:#444}.findings li{margin:.35rem 0}nav{font-size:.9rem}nav a{margin-right:.8rem}
.refs{font-size:.8rem}.refs li{margin:.2rem 0;overflow-wrap:anywhere}footer{margin-top:3rem;
color:#777;font-size:.8rem;border-top:1px solid #ddd;padding-top:.5rem}
"""

_XML_HEAD = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
_ID = re.compile(r'id="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')


def svg(figure, key: str) -> str:
    """A figure as an inline <svg> element: no XML header, no metadata, scalable, and ids
    prefixed with `key` so that several figures in one page never share one."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": key}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = _METADATA.sub("", _XML_HEAD.sub("", buffer.getvalue(), count=1))
    # named by the figure's caption (its id: `key`-caption), so a screen reader says what
    # the chart shows
    text = _SIZE.sub(rf'<svg\1 role="img" aria-labelledby="{key}-caption"', text, count=1)
    text = _ID.sub(lambda m: f'id="{key}-{m.group(1)}"', text)
    return _REF.sub(lambda m: f"{m.group(1)}{key}-{m.group(2)}", text)


def _table(t: b.Table) -> str:
    head = "".join(f'<th class="n">{escape(h)}</th>' if i in t.numeric else
                   f"<th>{escape(h)}</th>" for i, h in enumerate(t.header))
    rows = "".join("<tr>" + "".join(
        f'<td class="n">{escape(c)}</td>' if i in t.numeric else f"<td>{escape(c)}</td>"
        for i, c in enumerate(row)) + "</tr>" for row in t.rows)
    cap = f'<p class="cap">{escape(t.caption)}</p>' if t.caption else ""
    return f"{cap}<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _sources(block: b.Figure) -> str:
    """The figure's source line with each listed id linked to its bibliography entry."""
    line = block.source_line()
    if not line:
        return ""
    text = escape(line)
    for i in block.sources[:block.shown]:
        text = re.sub(rf"(?<![\w-]){re.escape(escape(i))}(?![\w-])",
                      f'<a href="#src-{escape(i)}">{escape(i)}</a>', text, count=1)
    return f"<br>{text}"


def _reference(r: b.Reference) -> str:
    where = (f'<a href="{escape(r.url)}" rel="noreferrer noopener">{escape(r.url)}</a>'
             if r.linkable else escape(r.url))
    parts = ". ".join(p for p in (escape(r.title), escape(r.publisher), escape(r.date)) if p)
    return f'<li id="src-{escape(r.id)}"><b>{escape(r.id)}</b>: {parts}. {where}</li>'


def _block(block: b.Block, n: list[int]) -> str:
    if isinstance(block, b.Heading):
        tag = "h2" if block.level == 1 else "h3"
        anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
        return f"<{tag}{anchor}>{escape(block.text)}</{tag}>"
    if isinstance(block, b.Paragraph):
        return f'<p{" class=cap" if block.small else ""}>{escape(block.text)}</p>'
    if isinstance(block, b.Bullets):
        return ('<ul class="findings">' + "".join(f"<li>{escape(i)}</li>" for i in block.items)
                + "</ul>")
    if isinstance(block, b.Figure):
        n[0] += 1
        return (f'<figure id="fig-{escape(block.key)}">{svg(block.figure, f"f{n[0]}")}'
                f'<figcaption id="f{n[0]}-caption">Figure {n[0]}. {escape(block.caption)}'
                f"{_sources(block)}"
                "</figcaption></figure>")
    if isinstance(block, b.Table):
        return _table(block)
    if isinstance(block, b.References):
        return '<ol class="refs">' + "".join(_reference(r) for r in block.entries) + "</ol>"
    return ""   # a page break means nothing on a web page


def render_document(doc: b.Document) -> str:
    meta = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in doc.meta)
    nav = " ".join(f'<a href="#{escape(h.anchor)}">{escape(h.text)}</a>' for h in doc.blocks
                   if isinstance(h, b.Heading) and h.anchor)
    counter = [0]
    body = "\n".join(_block(x, counter) for x in doc.blocks)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(doc.title)}: {escape(doc.subtitle)}</title>\n<style>{CSS}</style>\n"
            f"</head>\n<body>\n<header><h1>{escape(doc.title)}</h1>\n"
            f'<p class="subtitle">{escape(doc.subtitle)}</p>\n<table class="meta">{meta}</table>'
            f"\n<nav>{nav}</nav></header>\n<main>\n{body}\n</main>\n"
            f"<footer>{escape(doc.footer)}</footer>\n</body>\n</html>\n")


def render(data: ReportData) -> str:
    """The report's HTML text."""
    return render_document(build(data))
