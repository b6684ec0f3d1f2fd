"""The PDF report renders (poppler's pdftoppm) to several pages that are not blank, embeds
its fonts, and its text carries the same key numbers as summary.json."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageStat

NEED = Path(__file__).resolve().parents[2] / "scripts" / "need"


@functools.cache
def _tool(name: str) -> str:
    """poppler's tool, installed by scripts/need (Debian's poppler-utils) when missing."""
    found = subprocess.run([sys.executable, str(NEED), name], capture_output=True, text=True)
    if found.returncode:
        pytest.fail(f"{name} is missing and could not be installed: {found.stderr}")
    return found.stdout.strip()


def _text(pdf: Path) -> str:
    done = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())   # lines joined: a number may wrap


def _mt(q: dict) -> str:
    """The report's format for a P50 between 1 and 10 Mt, written out here independently."""
    assert 1e6 <= q["p50"] < 1e7
    return f"{q['p50'] / 1e6:.2f} Mt ({q['p5'] / 1e6:.2f}\u2013{q['p95'] / 1e6:.2f})"


def test_pdf_renders_to_several_non_blank_pages(pdf_file, tmp_path):
    pdf, pages = pdf_file
    assert pages >= 8
    subprocess.run([_tool("pdftoppm"), "-r", "30", "-png", str(pdf), str(tmp_path / "p")],
                   check=True, capture_output=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    for image in images:
        stat = ImageStat.Stat(Image.open(image).convert("L"))
        assert stat.stddev[0] > 5, f"{image.name} looks blank"


def test_blank_page_check_can_fail(tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("L", (100, 140), 255).save(blank)
    assert ImageStat.Stat(Image.open(blank)).stddev[0] <= 5


def test_pdf_text_has_the_key_numbers_of_the_summary(pdf_file, summary):
    text = _text(pdf_file[0])
    copper = next(r for r in summary["cumulative_demand"] if r["material"] == "copper")
    assert _mt(copper) in text
    assert summary["data_version"] in text and f"layer0 {summary['layer0_version']}" in text
    assert f"{summary['samples']} (mc)" in text
    gallium = next(r for r in summary["supply"] if r["material"] == "gallium"
                   and r["stage"] == "refining")
    assert f"China refines {gallium['china_share']:.0%} of the world's gallium" in text
    assert text.index("Key findings") < text.index("Demand per year")
    for heading in ("Scenarios compared", "Supply concentration", "Export controls on 2026-12-02",
                    "Offtakes against facilities", "Assumptions and sources", "Bibliography"):
        assert heading in text
    assert "page 1 of" in text


def test_pdf_embeds_its_fonts(pdf_file):
    done = subprocess.run([_tool("pdffonts"), str(pdf_file[0])], capture_output=True,
                          text=True, check=True)
    rows = [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]
    assert rows and all("DejaVuSans" in r[0] for r in rows)
    # columns: name type encoding emb sub uni object ID; emb is "yes" for every font
    assert all("yes" in r[-5:-3] for r in rows), done.stdout
