"""`layer0 extract`, `ingest` and `review` as a user runs them, up to an accepted project in
the next `layer0 run`; bad files and bad decisions exit 2 with nothing half-written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import registry_dump, stored_records

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
GEORGIA_EN = ("Amazon to invest $11 billion in Georgia data centers\n"
              "Amazon Web Services plans to invest $11 billion to expand its data centers in "
              "Georgia, the company said on January 7, 2025.\n")
GEORGIA_DE = ("AWS kündigt Milliardeninvestition in Georgia an\n"
              "Amazon Web Services will rund 11 Mrd. US-Dollar in neue Rechenzentren im "
              "US-Bundesstaat Georgia investieren, teilte der Konzern am 7. Januar 2025 mit.\n")
NEW_CAMPUS = ("Oracle plans 900 MW campus in Wyoming\n"
              "Oracle will invest $15 billion to build a 900 MW AI data center campus in "
              "Wyoming, the company said on March 3, 2026.\n")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _news() -> Path:
    return Path(os.environ["LAYER0_NEWS_DIR"])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_extract_json_has_one_object_per_file_with_events_and_evidence(cli):
    done = cli("extract", *sorted(map(str, CORPUS.glob("*.txt"))), "--format", "json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert [r["language"] for r in results] == ["de", "de"]
    assert set(results[0]) == {"path", "language", "events"}
    deal = [e for e in results[0]["events"] if e["type"] == "offtake"]
    assert deal and deal[0]["material"] == "copper" and deal[0]["location"] == "US-AZ"
    shares = {(e["material"], e["share_pct"]) for e in results[1]["events"]}
    assert ("copper", 44) in shares and ("rare_earths", 92) in shares
    assert all(e["evidence"] for r in results for e in r["events"])


def test_bad_files_are_reported_and_the_good_ones_still_read(tmp_path, cli):
    good = _write(tmp_path, "good.txt", GEORGIA_EN)
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Kupfer für Rechenzentren: 14.000 Tonnen".encode("latin-1"))
    done = cli("extract", str(binary), str(latin), str(tmp_path / "missing.txt"),
                  str(good), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [r["path"] for r in json.loads(done.stdout)] == [str(good)]
    assert f"{binary}: file: binary data" in done.stderr
    assert f"{latin}: encoding: not UTF-8" in done.stderr and "--encoding" in done.stderr
    assert f"{tmp_path / 'missing.txt'}: file: does not exist" in done.stderr
    assert "Traceback" not in done.stderr
    nothing = cli("extract", str(binary), str(latin))
    assert nothing.returncode == 2 and "no article could be read" in nothing.stderr
    again = cli("extract", str(latin), "--encoding", "latin-1", "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)[0]["language"] == "de"


def test_html_articles_are_read_as_their_visible_text(tmp_path, cli):
    page = _write(tmp_path, "page.html", "<html><head><title>AWS in Georgia</title><script>"
                  "var x = '$99 billion';</script></head><body><p>" + GEORGIA_EN.split("\n")[1]
                  + "</p></body></html>")
    done = cli("extract", str(page), "--format", "json")
    events = json.loads(done.stdout)[0]["events"]
    assert [(e["amount_usd"], e["location"]) for e in events] == [(11e9, "US-GA")]


def test_ingest_is_idempotent_and_one_fact_from_two_articles_is_one_record(tmp_path, cli):
    en, de = _write(tmp_path, "en.txt", GEORGIA_EN), _write(tmp_path, "de.txt", GEORGIA_DE)
    assert cli("ingest", str(en)).returncode == 0
    first = registry_dump()
    again = cli("ingest", str(en))
    assert again.returncode == 0 and "already ingested, nothing added" in again.stdout
    assert registry_dump() == first
    done = cli("ingest", str(de))
    assert "0 new record(s), 1 known record(s) with a new source" in done.stdout
    records = stored_records(cli)
    assert len(records) == 1
    record = records[0]
    assert record["kind"] == "project" and record["fields"]["location"] == "US-GA"
    assert [s["title"] for s in record["sources"]] == [
        "Amazon to invest $11 billion in Georgia data centers",
        "AWS kündigt Milliardeninvestition in Georgia an"]
    assert all(len(s["sha256"]) == 64 and s["date"] == "2025-01-07" for s in record["sources"])


def test_an_accepted_project_enters_the_next_run(tmp_path, cli):
    article = _write(tmp_path, "oracle.txt", NEW_CAMPUS)
    assert cli("ingest", str(article)).returncode == 0
    listed = json.loads(cli("review", "--format", "json").stdout)
    [record] = [r for r in listed if r["kind"] == "project"]
    assert record["fields"]["capacity_mw"] == 900 and record["fields"]["location"] == "US-WY"
    before = cli("run", "--samples", "1", "--out", str(tmp_path / "before"))
    assert cli("review", "--accept", record["id"]).returncode == 0
    after = cli("run", "--samples", "1", "--out", str(tmp_path / "after"))
    assert after.returncode == 0, after.stderr
    assert f"accepted from the news: {record['id']}" in after.stdout
    summary = json.loads((tmp_path / "after" / "summary.json").read_text())
    assert summary["user_projects"] == [record["id"]]
    assert "user_projects" not in json.loads((tmp_path / "before" / "summary.json").read_text())
    # the accepted record acts exactly as the same row in a --projects file would
    own = tmp_path / "own.csv"
    assert cli("projects", "export", str(own)).returncode == 0
    as_file = cli("run", "--samples", "1", "--no-news", "--projects", str(own), "--out",
                     str(tmp_path / "file"))
    assert as_file.returncode == 0, as_file.stderr

    def announced(name):
        rows = json.loads((tmp_path / name / "summary.json").read_text())
        return {r["year"]: r["announced"]["p50"] for r in rows["announced_vs_projected"]}
    assert announced("after") == announced("file")
    assert announced("after")[2032] > announced("before")[2032] + 300   # 900 MW, not all IT
    skipped = cli("run", "--samples", "1", "--no-news", "--out", str(tmp_path / "off"))
    assert announced("off") == announced("before")
    assert before.returncode == skipped.returncode == 0


def test_review_refuses_an_incomplete_project_and_writes_nothing(tmp_path, cli):
    article = _write(tmp_path, "vague.txt", "Meta will invest $5 billion in new data "
                     "centers, the company said.\n")
    cli("ingest", str(article))
    [record] = stored_records(cli)
    before = registry_dump()
    done = cli("review", "--accept", record["id"])
    assert done.returncode == 2
    assert f"review: {record['id']}: location: not stated; add --set location=" in done.stderr
    assert f"review: {record['id']}: date: neither the record nor its articles" in done.stderr
    assert registry_dump() == before
    bad_place = cli("review", "--accept", record["id"], "--set", "location=XX-99", "--set",
                    "date=2026-01-12")
    assert bad_place.returncode == 2 and "region" in bad_place.stderr
    assert registry_dump() == before
    fixed = cli("review", "--accept", record["id"], "--set", "location=US-TX", "--set",
                "date=2026-01-12", "--new")
    assert fixed.returncode == 0, fixed.stderr
    listed = json.loads(cli("projects", "list", "--origin", "news", "--format", "json").stdout)
    assert [(p["id"], p["region"]) for p in listed] == [(record["id"], "US-TX")]


@pytest.mark.parametrize("args, message", [
    (["review", "--accept", "news-nothere"], "review: id: no record 'news-nothere'"),
    (["review", "--show", "maybe"], "--show: field: unknown 'maybe'"),
    (["review", "--set", "location=US"], "--set: field: --set, --merge-into and --new apply "
     "to exactly one --accept ID"),
    (["extract", "x.txt", "--lang", "fr"], "--lang: field: unknown language 'fr'"),
    (["extract", "x.txt", "--format", "xml"], "--format: field: unknown format 'xml'"),
    (["extract"], "PATH: give one or more article files"),
])
def test_bad_arguments_exit_2(args, message, cli):
    done = cli(*args)
    assert done.returncode == 2 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_a_damaged_candidates_file_is_named(tmp_path, cli):
    _news().mkdir(parents=True, exist_ok=True)
    (_news() / "candidates.json").write_text("{not json")
    done = cli("review")
    assert done.returncode == 2 and "not a layer0 candidates file" in done.stderr
