"""The store layer0 0.4 wrote (`legacy-0.4/`: made by that version's `ingest` and `review`
from five short articles written for this test) is imported on first use, losslessly, and
left in place; what was accepted then is what the model uses now."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from helpers import stored_records

LEGACY = Path(__file__).parent / "legacy-0.4"


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_an_old_store_is_imported_losslessly_and_left_in_place(cli, tmp_path, monkeypatch):
    folder = tmp_path / "news"
    shutil.copytree(LEGACY, folder)
    monkeypatch.setenv("LAYER0_NEWS_DIR", str(folder))
    before = _hashes(folder)
    old = json.loads((folder / "candidates.json").read_text())["records"]
    imported = stored_records(cli)
    strip = [{k: v for k, v in r.items() if k != "likely_duplicates"} for r in imported]
    assert sorted(strip, key=lambda r: r["id"]) == sorted(old, key=lambda r: r["id"])
    assert _hashes(folder) == before
    # what 0.4 accepted is used now: the project enters the registry, the offtake coverage
    news = json.loads(cli("projects", "list", "--origin", "news", "--format", "json").stdout)
    accepted = {r["id"] for r in old if r["status"] == "accepted" and r["kind"] == "project"}
    assert {p["id"] for p in news} == accepted
    offtake = next(r["id"] for r in old if r["kind"] == "offtake")
    done = cli("coverage", "--material", "copper", "--asset", offtake, "--capacity-mw", "100",
               "--archetype", "hyperscale_ai", "--samples", "20", "--format", "json")
    assert done.returncode == 0, done.stderr
    # the same article again is known; a second import adds nothing
    article = tmp_path / "again.txt"
    article.write_text("Rio Tinto to supply Amazon with copper\nRio Tinto will supply Amazon "
                       "with 14,000 tonnes of copper from the Johnson Camp mine in Arizona over "
                       "four years, the companies said on January 15, 2026.\n")
    assert "already ingested" in cli("ingest", article).stdout
    assert len(stored_records(cli)) == len(old)


def test_a_changed_old_store_brings_only_its_new_records(cli, tmp_path, monkeypatch):
    folder = tmp_path / "news"
    shutil.copytree(LEGACY, folder)
    monkeypatch.setenv("LAYER0_NEWS_DIR", str(folder))
    assert len(stored_records(cli)) == 5
    data = json.loads((folder / "candidates.json").read_text())
    extra = json.loads(json.dumps(data["records"][0]))
    extra["id"], extra["status"] = "news-0000extra", "candidate"
    extra["sources"][0]["sha256"] = "0" * 64
    data["records"].append(extra)
    (folder / "candidates.json").write_text(json.dumps(data))
    records = stored_records(cli)
    assert len(records) == 6 and "news-0000extra" in {r["id"] for r in records}


def test_an_accepted_old_record_the_model_cannot_use_is_named_by_db_status(cli, tmp_path,
                                                                             monkeypatch):
    """0.4 accepted export controls without saying what kind of measure they were; the
    import keeps them accepted and `db status` says why the model leaves them out."""
    folder = tmp_path / "news"
    shutil.copytree(Path(__file__).parents[1] / "store" / "legacy_news", folder)
    monkeypatch.setenv("LAYER0_NEWS_DIR", str(folder))
    status = json.loads(cli("db", "status", "--format", "json").stdout)
    assert status["unusable"] == []          # db status alone does not import
    assert any(r["id"] == "news-26d30e04" and r["status"] == "accepted"
               for r in stored_records(cli))
    status = json.loads(cli("db", "status", "--format", "json").stdout)
    assert [u["id"] for u in status["unusable"]] == ["news-26d30e04"]
    assert "control" in status["unusable"][0]["why"]
    assert "news-26d30e04: " in cli("db", "status").stdout
