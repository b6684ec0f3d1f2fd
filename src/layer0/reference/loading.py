"""The reference data set: every packaged table read, validated, cross-checked and converted
to canonical units, named by its data version.

Loading refuses the whole data set if any row is bad, so a model never runs on half-valid
data; every problem is reported at once, as `path:line: field: problem`.
"""

from __future__ import annotations

import copy
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

import pandas as pd

from layer0.errors import InputError, Problem
from layer0.reference import schema
from layer0.reference.rows import data_dir
from layer0.reference.tables import read_csv


def data_version(directory: Path | None = None) -> str:
    """Hash of every data file (name and bytes): names the data behind an output."""
    directory = directory or data_dir()
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in {".csv", ".yaml"}:
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class ReferenceData:
    """The validated tables, unit-converted, plus the data version that names them.

    What is computed from the tables alone (supply concentration, risk records) is kept with
    them (`derived`). A changed copy (`dataclasses.replace(ref, tables=...)`, `copy.copy`)
    starts with no derived values of its own, so it never reads another data set's."""

    tables: dict[str, pd.DataFrame]
    version: str
    directory: Path
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # where this data set is kept on disk (disk_cache.py), and how many derived values the
    # file holds; a handed-out copy points to the data set it came from (`_origin`)
    _disk: Path | None = field(default=None, init=False, repr=False, compare=False)
    _on_disk: int = field(default=-1, init=False, repr=False, compare=False)
    _origin: ReferenceData | None = field(default=None, init=False, repr=False, compare=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __copy__(self) -> ReferenceData:
        return ReferenceData(dict(self.tables), self.version, self.directory)

    def ids(self, name: str, column: str = "id") -> set[str]:
        return set(self.tables[name][column])

    def derived(self, key: tuple, compute: Callable, keep: int | None = None,
                shared: bool = False):
        """`compute()`, once per key for this data set (a deep copy each time: callers may
        change what they get; `shared`: the value itself, for values nobody changes, such
        as tuples of frozen dataclasses). With `keep`, at most that many values of the
        key's kind (key[0]) are kept, the oldest dropped (kinds keyed by what users send)."""
        if key not in self._derived:
            if keep is not None:
                same = [k for k in self._derived if k[0] == key[0]]
                for old in same[:max(len(same) - keep + 1, 0)]:
                    del self._derived[old]
            self._derived[key] = compute()
        return self._derived[key] if shared else copy.deepcopy(self._derived[key])

    def handed_out(self) -> ReferenceData:
        """A copy for one caller: its tables are copies (copy-on-write, so nothing is copied
        until changed), and it shares this data set's derived values. A caller that changes
        its tables changes only its own copy."""
        out = ReferenceData({k: v.copy(deep=False) for k, v in self.tables.items()},
                            self.version, self.directory)
        out._derived = self._derived
        out._origin = self
        return out

    def save_derived(self) -> None:
        """Write this data set and its derived values to its cache file, if it has one and
        values were derived since it was written (a handed-out copy saves its origin's: its
        own tables may have been changed by its caller)."""
        kept = self._origin if self._origin is not None else self
        if kept._disk is None or len(kept._derived) == kept._on_disk:
            return
        from layer0.reference import disk_cache

        derived = dict(kept._derived)
        if disk_cache.write(kept._disk, {"tables": kept.tables, "version": kept.version,
                                         "derived": derived}):
            kept._on_disk = len(derived)


def load(directory: Path | None = None) -> ReferenceData:
    """Read, validate and cross-check every table; raise InputError listing all problems."""
    directory = Path(directory) if directory is not None else data_dir()
    if not directory.is_dir():
        raise InputError.parameter("data_dir", "is not a folder", where=f"{directory}:0")
    problems: list[Problem] = []
    tables = {}
    for name, (model, key) in schema.TABLES.items():
        path = directory / name
        if not path.exists():
            problems.append(Problem(f"{path}:0", "file", "required reference table is missing"))
            continue
        tables[name.removesuffix(".csv")] = read_csv(path, model, key, problems)
    if problems:
        raise InputError(problems)
    ref = ReferenceData(tables=tables, version=data_version(directory), directory=directory)
    from layer0.reference import checks  # cross-table rules, kept apart from row parsing

    checks.cross_check(ref, problems)
    if problems:
        raise InputError(problems)
    checks.convert_units(ref)
    return ref


_CACHE: OrderedDict[tuple[Path, str], ReferenceData] = OrderedDict()
_CACHE_SIZE = 4  # data sets kept: the packaged one and a few --data-dir folders
_LOCK = Lock()


def load_cached(directory: Path | None = None, cache_dir: Path | None = None
                ) -> ReferenceData:
    """`load`, kept per folder and data version: a long-running process (a server, a test
    session) reads the tables once, and sees new data as soon as a file changes. With
    `cache_dir`, also kept on disk between processes with what is derived from it
    (disk_cache.py; `ReferenceData.save_derived` adds the derived values). Each call gets its
    own copy of the tables (see `ReferenceData.handed_out`)."""
    directory = Path(directory) if directory is not None else data_dir()
    if not directory.is_dir():
        raise InputError.parameter("data_dir", "is not a folder", where=f"{directory}:0")
    key = (directory.resolve(), data_version(directory))
    with _LOCK:
        kept = _CACHE.get(key)
    if kept is None:
        # outside the lock: another folder's load need not wait
        kept = _from_disk(directory, key[1], cache_dir) if cache_dir else load(directory)
        with _LOCK:
            kept = _CACHE.setdefault(key, kept)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
    return kept.handed_out()


def _from_disk(directory: Path, version: str, cache_dir: Path) -> ReferenceData:
    """The data set from its cache file, or loaded (and the file written)."""
    from layer0.reference import disk_cache

    path = disk_cache.cache_file(cache_dir, directory, version)
    state = disk_cache.read(path)
    if state is not None and state["version"] == version:
        ref = ReferenceData(state["tables"], version, directory)
        ref._derived.update(state["derived"])
        ref._on_disk = len(state["derived"])
    else:
        ref = load(directory)
    ref._disk = path
    ref.save_derived()   # a new file (or none when the folder is not writable)
    return ref
