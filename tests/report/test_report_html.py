"""The HTML report is one self-contained file: nothing is fetched from outside it (no script,
stylesheet, font or image address); the only outside addresses are the bibliography's links."""

from __future__ import annotations

import re

import pytest

from layer0.report.numbers import tonnes_q


def external_references(html: str) -> list[str]:
    """Everything in `html` that would fetch or point outside the file, except the plain
    web links of the bibliography (<ol class="refs">)."""
    body, _, bibliography = html.partition('<ol class="refs">')
    found = []
    lower = html.lower()
    for tag in ("<script", "<link", "@import", "<iframe", "<object", "<embed", "<base"):
        if tag in lower:
            found.append(tag)
    found += [f"src={v}" for v in re.findall(r"\bsrc\s*=\s*[\"']?([^\"'\s>]+)", html, re.I)
              if not v.startswith("data:")]
    found += [f"url({v})" for v in re.findall(r"url\(\s*['\"]?([^)'\"]*)", html, re.I)
              if not v.startswith("#")]
    found += [f"href={v}" for v in re.findall(r"href\s*=\s*[\"']?([^\"'\s>]*)", body, re.I)
              if not v.startswith("#")]
    found += [f"href={v}" for v in re.findall(r"href\s*=\s*[\"']?([^\"'\s>]*)", bibliography,
                                              re.I)
              if not v.startswith(("#", "https://", "http://"))]
    found += [f"<a> {v}" for v in re.findall(r"<a\b[^>]*href=[\"'](https?://[^\"']*)", body)]
    return found


def test_no_external_reference(html_text):
    assert '<ol class="refs">' in html_text, "the bibliography is missing"
    assert "https://" in html_text.partition('<ol class="refs">')[2], "no source links"
    assert external_references(html_text) == []


@pytest.mark.parametrize("bad", [
    '<link rel="stylesheet" href="https://cdn.example/x.css">',
    '<script src="https://cdn.example/x.js"></script>',
    '<img src="figure.png">',
    "<style>@import 'https://fonts.example/f.css';</style>",
    '<div style="background:url(https://example.org/a.png)"></div>',
    '<a href="https://example.org/tracker">x</a>',
])
def test_the_check_catches_an_external_reference(html_text, bad):
    """The check above can fail: each kind of outside reference slipped in is caught."""
    assert external_references(html_text.replace("<main>", "<main>" + bad, 1))


def test_figures_inline_svg_with_unique_ids(html_text):
    assert len(re.findall(r"<svg\b", html_text)) >= 8
    ids = re.findall(r'\bid="([^"]+)"', html_text)
    assert len(ids) == len(set(ids)), "duplicate ids across the inline figures"
    targets = set(ids)   # every internal reference points at an element of the page
    for ref in re.findall(r'(?:url\(#|href="#)([^")]+)', html_text):
        assert ref in targets, ref


def test_html_carries_versions_and_key_numbers(html_text, summary):
    assert summary["data_version"] in html_text
    assert f"layer0 {summary['layer0_version']}" in html_text
    copper = next(r for r in summary["cumulative_demand"] if r["material"] == "copper")
    assert tonnes_q(copper) in html_text
    assert html_text.index("Key findings") < html_text.index("<svg"), "key findings first"
