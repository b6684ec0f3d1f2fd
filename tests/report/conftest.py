"""A small run (60 samples), its report data and its two renderings, made once per test
process: each takes a second or more, and the tests only read them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAMPLES = 60
DAY = "2026-12-02"
COMPARE_SAMPLES = 10


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory) -> Path:
    from layer0.services.runs import RunRequest, run_job

    out = tmp_path_factory.mktemp("run")
    run_job(RunRequest("base", SAMPLES, 0), out=out)
    return out


@pytest.fixture(scope="session")
def summary(run_dir) -> dict:
    return json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def report_data(run_dir, tmp_path_factory):
    from layer0.services.report import ReportRequest, gather

    out = tmp_path_factory.mktemp("report") / "r.pdf"
    data, _ = gather(ReportRequest(out, run=run_dir, day=DAY, compare_samples=COMPARE_SAMPLES))
    return data


@pytest.fixture(scope="session")
def html_text(report_data) -> str:
    from layer0.report import html

    return html.render(report_data)


@pytest.fixture(scope="session")
def pdf_file(report_data, tmp_path_factory) -> tuple[Path, int]:
    from layer0.report import pdf

    content, pages = pdf.render(report_data)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(content)
    return path, pages
