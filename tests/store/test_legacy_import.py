"""A news folder of layer0 0.4 (`legacy_news/`: candidates.json and accepted_projects.csv as
that version wrote them, plus keys it never wrote) is imported on first use, losslessly: the
same records (ids, statuses, fields, sources, unknown keys) come back from `review`, the
accepted project is a news project, the files stay as they were, and using the database again
imports nothing more; a changed file adds only its new records and never undoes a decision
made since."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

LEGACY = Path(__file__).parent / "legacy_news"
ACCEPTED_PROJECT = "news-57d03715"


@pytest.fixture
def news_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(LEGACY, folder, ignore=shutil.ignore_patterns("*.md"))
    monkeypatch.setenv("LAYER0_NEWS_DIR", str(folder))
    return folder


def _file_records(folder: Path) -> dict[str, dict]:
    data = json.loads((folder / "candidates.json").read_text("utf-8"))
    return {r["id"]: r for r in data["records"]}


def _reviewed(cli) -> dict[str, dict]:
    done = cli("review", "--show", "all", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = {}
    for record in json.loads(done.stdout):
        record.pop("likely_duplicates", None)   # worked out on listing, not stored
        records[record["id"]] = record
    return records


def _rows(cli) -> dict[str, int]:
    done = cli("db", "status", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["rows"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_fixture_is_what_the_test_needs():
    records = _file_records(LEGACY)
    statuses = {r["status"] for r in records.values()}
    assert statuses == {"candidate", "accepted", "rejected"}
    assert records[ACCEPTED_PROJECT]["kind"] == "project"
    assert records[ACCEPTED_PROJECT]["status"] == "accepted"
    assert any(len(r["sources"]) > 1 for r in records.values())
    assert "reviewer_note" in records[ACCEPTED_PROJECT]


def test_an_old_news_folder_is_imported_losslessly_on_first_use(database, news_folder, cli):
    files = _snapshot(news_folder)
    expected = _file_records(news_folder)

    reviewed = _reviewed(cli)
    assert reviewed == expected
    assert reviewed[ACCEPTED_PROJECT]["reviewer_note"] == expected[ACCEPTED_PROJECT][
        "reviewer_note"]
    assert _snapshot(news_folder) == files   # read, never written

    news = cli("projects", "list", "--origin", "news", "--format", "json")
    assert news.returncode == 0, news.stderr
    listed = json.loads(news.stdout)
    assert [r["id"] for r in listed] == [ACCEPTED_PROJECT]
    fields = expected[ACCEPTED_PROJECT]["fields"]
    assert (listed[0]["region"], listed[0]["capacity_mw"], listed[0]["operator"]) == (
        fields["location"], fields["capacity_mw"], fields["actor"])
    assert listed[0]["source_id"] == "news:" + expected[ACCEPTED_PROJECT]["sources"][0][
        "sha256"][:16]

    rows = _rows(cli)
    assert rows["candidates"] == len(expected)
    assert rows["articles"] == len({s["sha256"] for r in expected.values()
                                    for s in r["sources"]})
    from layer0.store.db import dispose_all

    dispose_all()   # as a new process would see it
    assert _reviewed(cli) == expected
    assert _rows(cli) == rows
    assert _snapshot(news_folder) == files


def test_a_changed_old_file_adds_its_new_records_and_keeps_later_decisions(
        database, news_folder, cli):
    expected = _file_records(news_folder)
    first = next(r for r in expected.values() if r["status"] == "candidate"
                 and r["kind"] != "project")
    assert cli("review", "--reject", first["id"], "--why", "not relevant").returncode == 0
    rows = _rows(cli)

    data = json.loads((news_folder / "candidates.json").read_text("utf-8"))
    added = json.loads(json.dumps(first))
    added["id"] = "news-0a0a0a0a"
    added["fields"]["material"] = "germanium" if first["fields"].get(
        "material") != "germanium" else "gallium"
    added["sources"][0]["sha256"] = "ab" * 32
    data["records"].append(added)
    (news_folder / "candidates.json").write_text(json.dumps(data, indent=1), "utf-8")

    reviewed = _reviewed(cli)
    assert reviewed["news-0a0a0a0a"] == added
    assert reviewed[first["id"]]["status"] == "rejected"   # the file says candidate
    assert {k: v for k, v in reviewed.items() if k not in ("news-0a0a0a0a", first["id"])} == {
        k: v for k, v in expected.items() if k != first["id"]}
    after = _rows(cli)
    assert after["candidates"] == rows["candidates"] + 1
    assert after["articles"] == rows["articles"] + 1
    assert after["projects"] == rows["projects"]
