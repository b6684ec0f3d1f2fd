"""The reference data kept on disk between processes (reference/disk_cache.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from layer0 import reference
from layer0.reference import disk_cache, loading
from layer0.supply import risk
from layer0.supply.risk import risk_record


@pytest.fixture
def fresh_process(monkeypatch):
    """No data set kept in memory, as in a process that just started."""
    monkeypatch.setattr(loading, "_CACHE", type(loading._CACHE)())


def _files(folder):
    return sorted(folder.glob("reference-*.pickle"))


def test_a_second_process_reads_the_tables_and_derived_values_from_disk(
        data_copy, tmp_path, fresh_process, monkeypatch):
    cache = tmp_path / "cache"
    first = reference.load_cached(data_copy, cache)
    assert len(_files(cache)) == 1
    record = risk_record(first, "copper", 2024)
    first.save_derived()
    loading._CACHE.clear()
    monkeypatch.setattr(loading, "load", lambda *a: pytest.fail("read the tables again"))
    second = reference.load_cached(data_copy, cache)
    assert second.version == first.version
    for name, table in first.tables.items():
        pd.testing.assert_frame_equal(second[name], table)
    # the risk record comes from the file: computing it again would fail
    monkeypatch.setattr(risk, "_risk_record", lambda *a: pytest.fail("derived again"))
    assert risk_record(second, "copper", 2024) == record


def test_changed_data_make_a_new_file_and_a_broken_file_is_replaced(data_copy, tmp_path,
                                                                    fresh_process):
    cache = tmp_path / "cache"
    reference.load_cached(data_copy, cache)
    (old,) = _files(cache)
    old.write_bytes(b"not a pickle")
    loading._CACHE.clear()
    again = reference.load_cached(data_copy, cache)
    assert disk_cache.read(old)["version"] == again.version   # rewritten
    with open(data_copy / "materials.csv", "a", encoding="utf-8") as file:
        file.write("\n")
    changed = reference.load_cached(data_copy, cache)
    assert changed.version != again.version and len(_files(cache)) == 2


def test_an_unwritable_cache_folder_only_skips_the_cache(data_copy, tmp_path, fresh_process):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    ref = reference.load_cached(data_copy, blocked / "cache")
    assert len(ref["materials"]) > 0
    ref.save_derived()   # no error either
