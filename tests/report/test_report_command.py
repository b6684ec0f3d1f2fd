"""`layer0 report`: both kinds from a run folder or a fresh run; bad input refused with exit
code 2, a message naming where, which field and what is allowed, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import refused

DAY = "2026-12-02"           # as in this folder's conftest.py
COMPARE_SAMPLES = 10
FAST = ("--compare-samples", str(COMPARE_SAMPLES), "--date", DAY)


def _nothing_in(folder: Path) -> None:
    assert list(folder.iterdir()) == [], list(folder.iterdir())  # no file, no temporary


def test_report_html_from_a_run_folder(cli, run_dir, tmp_path):
    out = tmp_path / "report.html"
    done = cli("report", "--run", run_dir, "--out", out, *FAST)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out} (HTML," in done.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Key findings" in text
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_report_pdf_from_a_fresh_run(cli, tmp_path):
    out = tmp_path / "r.PDF"          # the suffix is read without regard to case
    done = cli("report", "--scenario", "headwinds", "--samples", "40", "--seed", "3",
               "--out", out, *FAST)
    assert done.returncode == 0, done.stderr
    assert "pages)" in done.stdout
    assert out.read_bytes().startswith(b"%PDF")


def test_second_report_reuses_the_cached_comparison(run_dir, tmp_path, settings):
    from layer0.services.report import ReportRequest, report

    request = ReportRequest(tmp_path / "a.html", run=run_dir, day=DAY,
                            compare_samples=COMPARE_SAMPLES)
    assert report(request, settings).comparison_cached is False
    assert report(request, settings).comparison_cached is True
    assert list((settings.user_data_dir / "cache" / "report").glob("compare-*.json"))


@pytest.mark.parametrize("args, needles", [
    (("--out", "{tmp}/report.txt"), ["--out", "report.txt", ".html or .pdf"]),
    (("--out", "{tmp}/report"), ["--out", ".html or .pdf"]),
    (("--out", "{tmp}/r.pdf", "--date", "2026-13-01"), ["--date", "not a date YYYY-MM-DD"]),
    (("--out", "{tmp}/r.pdf", "--samples", "0"), ["--samples", "between 1 and"]),
    (("--out", "{tmp}/r.pdf", "--seed", "-1"), ["--seed"]),
    (("--out", "{tmp}/r.pdf", "--scenario", "no_such_scenario"), ["no_such_scenario"]),
    (("--out", "{tmp}/r.pdf", "--compare-samples", "0"), ["--compare-samples",
                                                           "between 1 and 2000"]),
    (("--out", "{tmp}/r.pdf", "--run", "{tmp}/missing"), ["missing:0", "--run",
                                                          "is not a folder"]),
    (("--out", "{tmp}/r.pdf", "--run", "{run}", "--samples", "10"),
     ["--samples", "not both"]),
])
def test_bad_input_refused_and_nothing_written(cli, run_dir, tmp_path, args, needles):
    folder = tmp_path / "out"
    folder.mkdir()
    filled = [a.format(tmp=folder, run=run_dir) for a in args]
    refused(cli("report", "--compare-samples", "5", *filled), *needles)
    _nothing_in(folder)


def test_out_is_a_folder(cli, tmp_path):
    folder = tmp_path / "r.pdf"
    folder.mkdir()
    refused(cli("report", "--out", folder, *FAST), "--out", "is a folder")
    _nothing_in(folder)


@pytest.mark.parametrize("content, needles", [
    ("{not json", ["summary.json:1", "not valid JSON"]),
    ("[1, 2]", ["summary.json:1", "a JSON object"]),
    (json.dumps({"layer0_version": "0.4.0"}), ["summary.json:0", "data_version", "missing"]),
])
def test_bad_run_folder_refused(cli, tmp_path, content, needles):
    run = tmp_path / "run"
    run.mkdir()
    (run / "summary.json").write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    refused(cli("report", "--run", run, "--out", out / "r.html", *FAST), *needles)
    _nothing_in(out)


def test_summary_with_a_wrong_type_names_the_field(cli, run_dir, tmp_path):
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    summary["samples"] = "many"
    run = tmp_path / "run"
    run.mkdir()
    (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    refused(cli("report", "--run", run, "--out", tmp_path / "r.pdf", *FAST),
            "summary.json:0: samples: must be a JSON integer")
    assert not (tmp_path / "r.pdf").exists()


def test_failure_while_rendering_leaves_nothing(cli, run_dir, tmp_path, monkeypatch):
    from layer0.report import pdf

    def broken(data):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(pdf, "render", broken)
    out = tmp_path / "out"
    out.mkdir()
    done = cli("report", "--run", run_dir, "--out", out / "r.pdf", *FAST)
    assert done.returncode == 1 and "renderer broke" in done.stderr
    _nothing_in(out)
