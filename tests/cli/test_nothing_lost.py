"""Nothing lost, nothing half-written: concurrent changes to the registry all keep their
work (threads and processes; tests/store repeats this on PostgreSQL), a write that fails
leaves neither a partial file nor a temporary, a writer killed mid-write leaves temporaries
that the next write sweeps, and an export never overwrites the run it reads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import refused
from layer0.io import atomic
from layer0.services import news
from layer0.settings import Settings

ARTICLES = [f"Oracle plans {n}00 MW campus in Wyoming\nOracle will invest ${n} billion to build "
            f"a {n}00 MW AI data center campus in Wyoming, the company said on March {n}, 2026.\n"
            for n in range(1, 7)]


def _articles(tmp_path: Path) -> list:
    from layer0.io.articles import read_article

    paths = []
    for n, text in enumerate(ARTICLES):
        path = tmp_path / f"a{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(read_article(path))
    return paths


def _store(settings: Settings) -> list[dict]:
    return news.records("all", settings)[0]


def test_concurrent_ingests_keep_every_article(tmp_path):
    settings = Settings.from_environment()
    articles = _articles(tmp_path)
    threads = [threading.Thread(target=news.ingest, args=([a], None, settings))
               for a in articles]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = _store(settings)
    assert len(records) == len(ARTICLES)
    assert {r["sources"][0]["title"] for r in records} == {t.splitlines()[0] for t in ARTICLES}


def test_an_accept_and_a_reject_at_once_both_land(tmp_path):
    settings = Settings.from_environment()
    news.ingest(_articles(tmp_path)[:2], None, settings)
    first, second = (r["id"] for r in _store(settings))
    decisions = [threading.Thread(target=news.decide, kwargs={"accept": [first],
                                                               "settings": settings}),
                 threading.Thread(target=news.decide, kwargs={"reject": [second],
                                                               "settings": settings})]
    for t in decisions:
        t.start()
    for t in decisions:
        t.join()
    status = {r["id"]: r["status"] for r in _store(settings)}
    assert status == {first: "accepted", second: "rejected"}


def test_concurrent_ingests_in_separate_processes_keep_every_article(tmp_path):
    env = dict(os.environ)
    paths = []
    for n, text in enumerate(ARTICLES[:4]):
        paths.append(tmp_path / f"p{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "layer0", "ingest", str(p)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for p in paths]
    assert all(p.wait(timeout=300) == 0 for p in procs)
    records = _store(Settings.from_environment())
    assert len(records) == 4


def test_a_failed_write_leaves_no_file_and_no_temporary(tmp_path):
    def fails(path):
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic.write_all(tmp_path, {"summary.json": atomic.write_text("{}"),
                                    "demand.nc": fails})
    assert list(tmp_path.iterdir()) == []


def test_temporaries_of_a_killed_writer_are_swept_by_the_next_write(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".demand.nc.{dead}.abc123"
    stale.write_bytes(b"half a file")
    alive = tmp_path / f".demand.nc.{os.getpid()}.xyz"   # a writer still at work
    alive.write_bytes(b"in progress")
    atomic.write_all(tmp_path, {"demand.nc": atomic.write_text("done")})
    assert not stale.exists() and alive.exists()
    assert (tmp_path / "demand.nc").read_text() == "done"


def test_a_killed_run_leaves_temporaries_the_next_run_removes(tmp_path, cli):
    out = tmp_path / "out"
    out.mkdir()
    script = ("import os, sys, layer0.io.atomic as a\n"
              "def die(path):\n"
              "    path.write_bytes(b'half')\n"
              "    os._exit(9)\n"
              f"a.write_all(__import__('pathlib').Path({str(out)!r}), "
              "{'demand.nc': die})\n")
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    assert [p.name.startswith(".demand.nc.") for p in out.iterdir()] == [True]
    assert cli("run", "--samples", "1", "--out", out).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["demand.nc", "summary.json"]


def test_an_export_never_overwrites_the_run_it_reads(tmp_path, cli):
    assert cli("run", "--samples", "1", "--out", tmp_path).returncode == 0
    before = (tmp_path / "summary.json").read_bytes()
    refused(cli("export", "--run", tmp_path, "--format", "iamc", "--out",
                tmp_path / "summary.json"), "one of the run's own files")
    assert (tmp_path / "summary.json").read_bytes() == before


def test_an_unwritable_output_is_named_before_the_run(tmp_path, cli, monkeypatch):
    # tests may run as root, for whom nothing is read-only: ask the check itself
    monkeypatch.setattr(atomic, "writable", lambda folder: False)
    refused(cli("run", "--samples", "1", "--out", tmp_path / "o"),
            f"{tmp_path / 'o'}:0: --out: cannot be created: {tmp_path} is not writable")


def test_a_system_failure_is_exit_1_naming_the_cause(tmp_path, cli, monkeypatch):
    from layer0.services import runs

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "o" / "demand.nc"))

    monkeypatch.setattr(runs.RunResult, "write", full)
    done = cli("run", "--samples", "1", "--out", tmp_path / "o")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"layer0: No space left on device: {tmp_path / 'o' / 'demand.nc'}" in done.stderr


@pytest.mark.parametrize("folder_exists", [True, False])
def test_a_run_failing_after_its_demand_nc_was_written_ahead_leaves_nothing(
        tmp_path, monkeypatch, folder_exists):
    """demand.nc is written ahead on a second thread while the summary is built; a summary
    that fails removes it (and the folder the run made for it), as a failed write would."""
    import time

    from layer0.services import runs

    out = tmp_path / "out"
    if folder_exists:
        out.mkdir()

    def fails(*args, **kwargs):
        deadline = time.monotonic() + 30      # fail once the file ahead is on disk
        while not list(out.glob(".demand.nc.*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert list(out.glob(".demand.nc.*")), "demand.nc was not written ahead"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runs.summary, "build", fails)
    with pytest.raises(OSError):
        runs.run_job(runs.RunRequest(samples=4), out=out)
    assert out.exists() == folder_exists
    assert not folder_exists or list(out.iterdir()) == []
